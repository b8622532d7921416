package server

import (
	"fmt"
	"html/template"
	"strconv"

	"github.com/peil-dev/peil"
)

// templateFuncs are the helpers pages use to show values the Dutch way: the
// vocabulary of package peil (format.go, label.go), and adapters for what a
// template passes (any number, optional bounds).
var templateFuncs = template.FuncMap{
	"num":               formatNumber,
	"value":             formatValue,
	"amount":            peil.FormatAmount,
	"approx":            peil.Qualifier.Approximate,
	"date":              peil.FormatDate,
	"period":            peil.FormatPeriod,
	"qual":              peil.Qualifier.Prefix,
	"kind":              peil.Kind.Dutch,
	"source":            peil.Source.Dutch,
	"eventType":         peil.EventType.Dutch,
	"change":            peil.FormatSigned,
	"pct":               peil.FormatPercentChange,
	"report":            peil.Report.Name,
	"reportDated":       peil.Report.NameDated,
	"reportListed":      peil.Report.DateFirst,
	"cite":              citeHTML,
	"measureRange":      measureRange,
	"deref":             func(p *float64) float64 { return *p },
	"hiddenOf":          hiddenOf,
	"reviewMark":        reviewMark,
	"pointMark":         pointMark,
	"reviewLegend":      reviewLegend,
	"reviewCount":       reviewCount,
	"reviewCountLegend": reviewCountLegend,
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

// formatValue is peil.FormatShown for templates, which give the bounds
// (lower, upper) only where they have them.
func formatValue(q peil.Qualifier, src peil.Source, v float64, unit string, bounds ...*float64) string {
	var lower, upper *float64
	if len(bounds) == 2 {
		lower, upper = bounds[0], bounds[1]
	}
	return peil.FormatShown(q, src, v, unit, lower, upper)
}

// measureRange writes the measures of a cluster: "maatregel 29" for one,
// "maatregel 1–13" for several.
func measureRange(first, last int) string {
	if first == last {
		return "maatregel " + strconv.Itoa(first)
	}
	return "maatregelen " + strconv.Itoa(first) + "–" + strconv.Itoa(last)
}
