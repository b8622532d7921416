package charts

import (
	"html"
	"strconv"
	"strings"

	"github.com/peil-dev/peil"
)

// maxSentence is how many characters of a source sentence a tooltip shows.
const maxSentence = 240

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
	shown, _ := p.ShownStatement()
	value := strings.TrimSpace(p.Text) // as the report wrote it
	switch {
	case p.Source == peil.SourceDerived, shown.Review == peil.ReviewCorrected: // no text wrote it (rounded), or a reviewer changed it
		value = peil.FormatShown(p.Qualifier, p.Source, p.Value, "", p.Lower, p.Upper)
	case value == "":
		value = peil.FormatNumber(p.Value)
	}
	t.add("Waarde: " + value + " (" + p.Qualifier.Dutch() + ")")
	switch {
	case shown.Review.Unchecked():
		t.add(capitalize(peil.UncheckedNL) + ": nog niemand heeft dit cijfer beoordeeld")
	case shown.Review == peil.ReviewCorrected && shown.Original != nil:
		orig := capitalize(peil.ReviewCorrected.Dutch()) + " door een beoordelaar; oorspronkelijk: " + peil.FormatNumber(*shown.Original)
		if strings.TrimSpace(p.Text) != "" {
			orig += " (zoals geschreven: “" + p.Text + "”)"
		}
		t.add(orig)
	case shown.Review == peil.ReviewCorrected:
		t.add(capitalize(peil.ReviewCorrected.Dutch()) + " door een beoordelaar")
	}
	if period := peil.FormatPeriod(p.PeriodStart, p.PeriodEnd); period != "" {
		t.add("Periode: " + period)
	}
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
	if st, _ := p.ShownStatement(); st.Sentence != "" {
		t.add("“" + peil.Clip(st.Sentence, maxSentence) + "”")
	}
	return t.html()
}

// eventTip describes an event.
func eventTip(e peil.Event) string {
	var t tip
	t.add(e.Label)
	when := peil.FormatDateAt(e.Date, e.Precision) + " · " + e.Type.Dutch()
	if e.Page > 0 {
		when += " · " + e.Page.Label()
	}
	t.add(when)
	if e.Sentence != "" {
		t.add("“" + peil.Clip(e.Sentence, maxSentence) + "”")
	}
	return t.html()
}

// incrementTip describes the change of a cumulative series over an interval.
func incrementTip(label string, in peil.Increment) string {
	var t tip
	t.add(label)
	ca := ""
	if in.Qualifier.Approximate() {
		ca = "ca. "
	}
	t.add("Verandering: " + ca + peil.FormatSigned(in.Delta) + " (" + peil.FormatPeriod(in.From, in.To) + ")")
	if finite(in.PerMonth) && in.Months > 0 {
		months := "maanden"
		if peil.FormatNumber(in.Months) == "1" {
			months = "maand" // "over 1 maand", never "over 1 maanden"
		}
		t.add("Per maand: " + ca + peil.FormatSigned(in.PerMonth) + " (over " + peil.FormatNumber(in.Months) + " " + months + ")")
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
