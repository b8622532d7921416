package server

import (
	"fmt"
	"html/template"
	"math"
	"strconv"
	"strings"

	"github.com/peil-dev/peil"
)

// templateFuncs are the helpers pages use to show values the Dutch way.
var templateFuncs = template.FuncMap{
	"num":          formatNumber,
	"value":        formatValue,
	"amount":       formatAmount,
	"approx":       func(q peil.Qualifier) bool { return q != "" && q != peil.QualExact },
	"date":         peil.FormatDate,
	"period":       formatPeriod,
	"qual":         qualifierNL,
	"kind":         kindNL,
	"source":       sourceNL,
	"eventType":    eventTypeNL,
	"change":       formatChange,
	"pct":          formatPct,
	"report":       func(r peil.Report) string { return reportName(r) },
	"reportDated":  reportDated,
	"measureRange": measureRange,
	"deref":        func(p *float64) float64 { return *p },
	"hiddenOf":     hiddenOf,
}

// formatNumber writes an int or float64 the Dutch way (1.995, 6,4).
func formatNumber(v any) string {
	switch n := v.(type) {
	case int:
		return peil.FormatNumber(float64(n))
	case int64:
		return peil.FormatNumber(float64(n))
	case float64:
		return peil.FormatNumber(n)
	}
	return fmt.Sprint(v)
}

// formatValue writes a value as pages show it: its qualifier (none for exact
// figures) and the number the Dutch way, as an amount for money ("ten minste
// 410", "€ 6,4 miljoen"). Derived values are rounded, as no report gave their
// decimals, and marked "ca." when that or their qualifier makes them
// approximate ("ca. 141"). Given the bounds (lower, upper), a range shows as
// "40–50" and a vague quantity as "globaal 20–90" (peil.FormatValue).
func formatValue(q peil.Qualifier, src peil.Source, v float64, unit string, bounds ...*float64) string {
	if len(bounds) == 2 && peil.ShowsRange(q, bounds[0], bounds[1]) {
		s := peil.FormatValue(v, q, bounds[0], bounds[1])
		if isEuro(unit) {
			s = "€ " + s
		}
		if q == peil.QualVague {
			s = qualifierNL(q) + " " + s
		}
		return s
	}
	prefix := qualifierNL(q)
	if src == peil.SourceDerived {
		r := roundDerived(v)
		if q == peil.QualApprox || r != v {
			prefix = "ca."
		}
		v = r
	}
	if prefix != "" {
		prefix += " "
	}
	return prefix + formatAmount(v, unit)
}

// roundDerived rounds a derived value for display: whole numbers from 10 up,
// one decimal below.
func roundDerived(v float64) float64 {
	if math.Abs(v) >= 10 {
		return math.Round(v)
	}
	return math.Round(v*10) / 10
}

// formatAmount writes a number the Dutch way, with a euro sign when unit is
// euro; whole millions and tenths of millions as "€ 6,4 miljoen".
func formatAmount(v float64, unit string) string {
	if !isEuro(unit) {
		return peil.FormatNumber(v)
	}
	if math.Abs(v) >= 1e6 && math.Mod(v, 1e5) == 0 {
		return "€ " + peil.FormatNumber(v/1e6) + " miljoen"
	}
	return "€ " + peil.FormatNumber(v)
}

// isEuro reports whether unit is money in euro.
func isEuro(unit string) bool {
	switch strings.ToLower(strings.TrimSpace(unit)) {
	case "euro", "eur", "€":
		return true
	}
	return false
}

// formatPeriod writes a point's period: "13 februari 2017" for a moment,
// "1 januari 2016 – 31 december 2016" for an interval.
func formatPeriod(start, end peil.Date) string {
	switch {
	case start.IsZero():
		return peil.FormatDate(end)
	case end.IsZero():
		return "vanaf " + peil.FormatDate(start)
	case start.Equal(end.Time):
		return peil.FormatDate(end)
	}
	return peil.FormatDate(start) + " – " + peil.FormatDate(end)
}

// qualifierNL is the Dutch word for a qualifier; "" for exact figures, which
// the pages show without one.
func qualifierNL(q peil.Qualifier) string {
	if q == peil.QualExact {
		return ""
	}
	return q.Dutch()
}

// kindNL is the Dutch name of a kind.
func kindNL(k peil.Kind) string { return k.Dutch() }

// sourceNL is the Dutch name of a source.
func sourceNL(s peil.Source) string { return s.Dutch() }

// eventTypeNL is the Dutch name of an event type.
func eventTypeNL(t peil.EventType) string { return t.Dutch() }

// formatChange writes a change with its sign: +12, -3,5, 0.
func formatChange(v float64) string {
	if v > 0 {
		return "+" + peil.FormatNumber(v)
	}
	return peil.FormatNumber(v)
}

// formatPct writes a percentage change with its sign and one decimal: +3,4%.
func formatPct(v float64) string {
	return formatChange(math.Round(v*10)/10) + "%"
}

// reportDated names a report with its date, "Voorjaarsrapportage 2017 (31
// maart 2017)", but writes the date once when the name already holds it
// ("Voortgangsrapportage 31 maart 2017").
func reportDated(r peil.Report) string {
	name, date := reportName(r), peil.FormatDate(r.ReportDate)
	if date == "" || strings.Contains(name, date) {
		return name
	}
	return name + " (" + date + ")"
}

// measureRange writes the measures of a cluster: "maatregel 29" for one,
// "maatregel 1–13" for several.
func measureRange(first, last int) string {
	if first == last {
		return "maatregel " + strconv.Itoa(first)
	}
	return "maatregelen " + strconv.Itoa(first) + "–" + strconv.Itoa(last)
}
