package server

import (
	"html"
	"html/template"
	"strings"

	"github.com/peil-dev/peil"
)

// Pages mark a figure that nobody checked yet (review state auto or open)
// with peil.UncheckedNL, and show a corrected figure's original value beside
// its corrected one; a rejected figure (shown only on its report's page) says
// so. Values that are no extracted figure (derived, imported)
// and confirmed figures get no mark. The chart tooltips say the same
// (charts.pointTip).

// reviewMark is the mark of a figure in review state st, whose value as
// extracted was original (nil unless corrected), in unit.
func reviewMark(st peil.ReviewStatus, original *float64, unit string) template.HTML {
	switch {
	case st.Unchecked():
		return badge("unchecked", uncheckedTitle(st), reviewName(st))
	case st == peil.ReviewCorrected:
		out := badge("corrected", "", reviewName(st))
		if original != nil {
			out += ` <span class="original">oorspronkelijk: ` +
				template.HTML(html.EscapeString(formatValue(peil.QualExact, peil.SourceExtracted, *original, unit))) + `</span>`
		}
		return out
	case st == peil.ReviewRejected:
		return badge("rejected", "", reviewName(st))
	}
	return ""
}

// badge is a review badge of class class (unchecked, corrected, rejected)
// saying text, with title as its tooltip when not empty.
func badge(class, title, text string) template.HTML {
	attr := ""
	if title != "" {
		attr = ` title="` + html.EscapeString(title) + `"`
	}
	return template.HTML(`<span class="badge ` + class + `"` + attr + `>` + html.EscapeString(text) + `</span>`)
}

// reviewName is a review state as the pages write it: auto and open are
// peil.UncheckedNL, the others their Dutch names.
func reviewName(st peil.ReviewStatus) string {
	if st.Unchecked() {
		return peil.UncheckedNL
	}
	return st.Dutch()
}

// uncheckedTitle says why a figure is unchecked, for the mark's title.
func uncheckedTitle(st peil.ReviewStatus) string {
	if st == peil.ReviewOpen {
		return "Nog niet beoordeeld; de herkenning twijfelde (open)"
	}
	return "Nog niet beoordeeld; automatisch herkend (auto)"
}

// shownReview is the review state of the statement p shows; false for nil
// or a point without one.
func shownReview(p *peil.Point) (peil.ReviewStatus, *float64, bool) {
	if p == nil {
		return "", nil, false
	}
	st, ok := p.ShownStatement()
	return st.Review, st.Original, ok
}

// pointMark is the review mark of the statement a point shows (none for nil).
func pointMark(p *peil.Point, unit string) template.HTML {
	if st, original, ok := shownReview(p); ok {
		return reviewMark(st, original, unit)
	}
	return ""
}

// reviewMarks says which marks a page shows, for its legend.
type reviewMarks struct {
	Unchecked bool // some figure nobody checked yet
	Corrected bool // some corrected figure
	Rejected  bool // some rejected figure
}

// add notes the mark of a figure in review state st.
func (m *reviewMarks) add(st peil.ReviewStatus) {
	m.Unchecked = m.Unchecked || st.Unchecked()
	m.Corrected = m.Corrected || st == peil.ReviewCorrected
	m.Rejected = m.Rejected || st == peil.ReviewRejected
}

// addPoint notes the mark of the statement p shows.
func (m *reviewMarks) addPoint(p *peil.Point) {
	if st, _, ok := shownReview(p); ok {
		m.add(st)
	}
}

// addSeries notes the marks of the points a chart of s shows.
func (m *reviewMarks) addSeries(s *peil.Series) {
	if s == nil {
		return
	}
	for i := range s.Points {
		m.addPoint(&s.Points[i])
	}
}

// reviewLegend explains the marks m says a page shows; empty for none.
func reviewLegend(m reviewMarks) template.HTML {
	var says []string
	if m.Unchecked {
		says = append(says, "Een cijfer met “"+peil.UncheckedNL+"” heeft nog niemand beoordeeld: Peil herkende het automatisch (auto) of twijfelde (open).")
	}
	if m.Corrected {
		says = append(says, "Een “"+peil.ReviewCorrected.Dutch()+"” cijfer veranderde een beoordelaar: de waarde is de verbeterde, de oorspronkelijke staat erbij.")
	}
	if m.Rejected {
		says = append(says, "Een “"+peil.ReviewRejected.Dutch()+"” getal is volgens een beoordelaar geen cijfer (een jaartal, een artikelnummer) en telt in geen reeks mee.")
	}
	if len(says) == 0 {
		return ""
	}
	return template.HTML(`<p class="legend review-legend">` + html.EscapeString(strings.Join(says, " ")) + `</p>`)
}

// reviewCount is the Beoordeling cell of the index pages: how many of the
// figures reports gave nobody checked yet; empty without figures.
func reviewCount(figures, unchecked int) template.HTML {
	switch {
	case figures == 0:
		return ""
	case unchecked == 0 && figures == 1:
		return "gecontroleerd"
	case unchecked == 0:
		return "alle " + template.HTML(formatNumber(figures)) + " gecontroleerd"
	}
	return badge("unchecked", "", formatNumber(unchecked)+" van "+formatNumber(figures)+" "+peil.UncheckedNL)
}

// reviewCountLegend explains the Beoordeling column of the index pages.
func reviewCountLegend() template.HTML {
	return template.HTML(`<p class="legend review-legend">Beoordeling: van de cijfers die rapportages gaven (geen afgeleide of geïmporteerde waarden) hoeveel nog ` +
		peil.UncheckedNL + ` zijn: niemand heeft ze beoordeeld, Peil herkende ze automatisch (auto) of twijfelde (open).</p>`)
}
