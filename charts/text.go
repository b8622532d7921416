package charts

import (
	"html"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/peil-dev/peil"
)

// eventTypeNL names an event type in Dutch.
func eventTypeNL(t peil.EventType) string { return t.Dutch() }

// periodNL writes a period in Dutch: "peildatum 13 februari 2017" for a moment,
// "1 januari 2016 t/m 31 december 2016" for a span.
func periodNL(start, end peil.Date) string {
	switch {
	case end.IsZero() && start.IsZero():
		return "onbekend"
	case end.IsZero():
		return "vanaf " + peil.FormatDate(start)
	case start.IsZero() || start.Equal(end.Time):
		return "peildatum " + peil.FormatDate(end)
	}
	return peil.FormatDate(start) + " t/m " + peil.FormatDate(end)
}

// eventDateNL writes an event's date as precisely as the text gave it.
func eventDateNL(d peil.Date, p peil.Precision) string {
	if d.IsZero() {
		return "datum onbekend"
	}
	y := strconv.Itoa(d.Year())
	switch p {
	case peil.PrecisionMonth:
		return peil.MonthNL(int(d.Month())) + " " + y
	case peil.PrecisionQuarter:
		return strconv.Itoa((int(d.Month())-1)/3+1) + "e kwartaal " + y
	case peil.PrecisionHalf:
		return strconv.Itoa((int(d.Month())-1)/6+1) + "e helft " + y
	case peil.PrecisionYear:
		return y
	}
	return peil.FormatDate(d)
}

// shortDate writes d as 13-2-2017 ("?" when unknown).
func shortDate(d peil.Date) string {
	if d.IsZero() {
		return "?"
	}
	return strconv.Itoa(d.Day()) + "-" + strconv.Itoa(int(d.Month())) + "-" + strconv.Itoa(d.Year())
}

// valueText is the value as the report wrote it, or the number in Dutch notation.
func valueText(text string, v float64) string {
	if strings.TrimSpace(text) != "" {
		return text
	}
	return peil.FormatNumber(v)
}

// shownValue is a point's value as pages show it: the qualifier and the
// number the Dutch way ("ten minste 410", "€ 6.400.000"). Derived values are
// rounded, as the reports never gave their decimals ("ca. 141").
func shownValue(p peil.Point, unit string) string {
	v, q := p.Value, ""
	if p.Qualifier != peil.QualExact && p.Qualifier != "" {
		q = p.Qualifier.Dutch() + " "
	}
	if p.Source == peil.SourceDerived {
		v = roundDerived(v)
		if p.Qualifier == peil.QualApprox || v != p.Value {
			q = "ca. "
		}
	}
	n := peil.FormatNumber(v)
	if peil.ShowsRange(p.Qualifier, p.Lower, p.Upper) {
		n = peil.FormatValue(v, p.Qualifier, p.Lower, p.Upper) // "40–50"
		if p.Qualifier == peil.QualRange {
			q = ""
		}
	}
	if isEuro(unit) {
		n = "€ " + n
	}
	return q + n
}

// roundDerived rounds a derived value for display: whole numbers from 10 up,
// one decimal below.
func roundDerived(v float64) float64 {
	if math.Abs(v) >= 10 {
		return math.Round(v)
	}
	return math.Round(v*10) / 10
}

// approximate reports whether a computed value is only approximately known:
// any qualifier but exact (an empty one counts as exact).
func approximate(q peil.Qualifier) bool { return q != "" && q != peil.QualExact }

// signed writes a change with its sign: +86, -3, 0.
func signed(v float64) string {
	if v > 0 {
		return "+" + peil.FormatNumber(v)
	}
	return peil.FormatNumber(v)
}

// maxSentence is how many characters of a source sentence a tooltip shows.
const maxSentence = 240

// clip shortens s to at most n characters, marking the cut with an ellipsis.
func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n])) + "…"
}

// tip builds tooltip HTML from lines of plain text: the first line bold, every
// line escaped, so report text shows as text.
type tip struct{ lines []string }

func (t *tip) add(line string) {
	if line != "" {
		t.lines = append(t.lines, line)
	}
}

func (t *tip) html() string {
	var b strings.Builder
	for i, l := range t.lines {
		if i == 0 {
			b.WriteString("<strong>" + html.EscapeString(l) + "</strong>")
			continue
		}
		b.WriteString("<br>" + html.EscapeString(l))
	}
	return b.String()
}

// pointTip describes a point of a series of the indicator with the given
// label; titles names reports by store id.
func pointTip(label string, p peil.Point, titles map[int64]string) string {
	var t tip
	t.add(label)
	value := valueText(p.Text, p.Value)
	if p.Source == peil.SourceDerived {
		value = shownValue(p, "") // no text wrote it; rounded
	}
	t.add("Waarde: " + value + " (" + p.Qualifier.Dutch() + ")")
	t.add("Periode: " + periodNL(p.PeriodStart, p.PeriodEnd))
	if p.Expected {
		t.add(capitalize(peil.ExpectedNL) + ": in de toekomende tijd geschreven, geen bereikte waarde")
	}
	switch title := strings.TrimSpace(titles[p.Report]); {
	case p.Source == peil.SourceImported:
		t.add("Geïmporteerd")
		if p.Citation != "" {
			t.add("Bron: " + p.Citation)
		}
	case title != "" && p.Report != 0:
		if !p.ReportDate.IsZero() {
			title += " (" + peil.FormatDate(p.ReportDate) + ")"
		}
		t.add("Rapport: " + title)
	case !p.ReportDate.IsZero():
		t.add("Rapport van " + peil.FormatDate(p.ReportDate))
	}
	if place := p.Place(); place != "" && p.Source != peil.SourceImported {
		t.add("Vindplaats: " + place)
	}
	if p.Source == peil.SourceDerived {
		d := "Afgeleide waarde"
		switch {
		case strings.HasPrefix(strings.ToLower(p.Derivation), "afgeleid"):
			d = p.Derivation // the store's formulas say "afgeleid: ..." themselves
		case p.Derivation != "":
			d += ": " + p.Derivation
		}
		t.add(d)
	}
	if p.Revised {
		t.add("Herzien: een later rapport noemde een andere waarde")
	}
	if n := len(p.ReportStatements()); n > 1 {
		t.add("Genoemd in " + strconv.Itoa(n) + " rapporten")
	}
	if p.Note != "" {
		t.add(p.Note)
	}
	if s := latestSentence(p); s != "" {
		t.add("“" + clip(s, maxSentence) + "”")
	}
	return t.html()
}

// latestSentence is the source sentence of the statement the point shows.
func latestSentence(p peil.Point) string {
	st, _ := p.ShownStatement()
	return st.Sentence
}

// eventTip describes an event.
func eventTip(e peil.Event) string {
	var t tip
	t.add(e.Label)
	when := eventDateNL(e.Date, e.Precision) + " · " + eventTypeNL(e.Type)
	if e.Page > 0 {
		when += " · " + e.Page.Label()
	}
	t.add(when)
	if e.Sentence != "" {
		t.add("“" + clip(e.Sentence, maxSentence) + "”")
	}
	return t.html()
}

// incrementTip describes the change of a cumulative series over an interval.
func incrementTip(label string, in peil.Increment) string {
	var t tip
	t.add(label)
	ca := ""
	if approximate(in.Qualifier) {
		ca = "ca. "
	}
	t.add("Verandering: " + ca + signed(in.Delta) + " van " + peil.FormatDate(in.From) + " t/m " + peil.FormatDate(in.To))
	if finite(in.PerMonth) && in.Months > 0 {
		months := "maanden"
		if peil.FormatNumber(in.Months) == "1" {
			months = "maand" // "over 1 maand", never "over 1 maanden"
		}
		t.add("Per maand: " + ca + signed(in.PerMonth) + " (over " + peil.FormatNumber(in.Months) + " " + months + ")")
	}
	if ca != "" {
		t.add("Benaderd: een van beide punten is niet exact")
	}
	if in.Derivation != "" {
		t.add(in.Derivation)
	}
	if in.Gap {
		t.add("Let op: dit interval beslaat meer dan één rapportageperiode")
	}
	return t.html()
}
