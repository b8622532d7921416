package server

import (
	"html"
	"html/template"

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
		return template.HTML(`<span class="badge unchecked" title="` + html.EscapeString(uncheckedTitle(st)) + `">` +
			peil.UncheckedNL + `</span>`)
	case st == peil.ReviewCorrected:
		out := `<span class="badge corrected">` + st.Dutch() + `</span>`
		if original != nil {
			out += ` <span class="original">oorspronkelijk: ` +
				html.EscapeString(formatValue(peil.QualExact, peil.SourceExtracted, *original, unit)) + `</span>`
		}
		return template.HTML(out)
	case st == peil.ReviewRejected:
		return template.HTML(`<span class="badge rejected">` + st.Dutch() + `</span>`)
	}
	return ""
}

// uncheckedTitle says why a figure is unchecked, for the mark's title.
func uncheckedTitle(st peil.ReviewStatus) string {
	if st == peil.ReviewOpen {
		return "Nog niet beoordeeld; de herkenning twijfelde (open)"
	}
	return "Nog niet beoordeeld; automatisch herkend (auto)"
}

// pointMark is the review mark of the statement a point shows (none for nil).
func pointMark(p *peil.Point, unit string) template.HTML {
	if p == nil {
		return ""
	}
	st, ok := p.ShownStatement()
	if !ok {
		return ""
	}
	return reviewMark(st.Review, st.Original, unit)
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
	if p == nil {
		return
	}
	if st, ok := p.ShownStatement(); ok {
		m.add(st.Review)
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
	var out string
	if m.Unchecked {
		out += "Een cijfer met “" + peil.UncheckedNL + "” heeft nog niemand beoordeeld: Peil herkende het automatisch (auto) of twijfelde (open)."
	}
	if m.Corrected {
		if out != "" {
			out += " "
		}
		out += "Een “" + peil.ReviewCorrected.Dutch() + "” cijfer veranderde een beoordelaar: de waarde is de verbeterde, de oorspronkelijke staat erbij."
	}
	if m.Rejected {
		if out != "" {
			out += " "
		}
		out += "Een “" + peil.ReviewRejected.Dutch() + "” getal is volgens een beoordelaar geen cijfer (een jaartal, een artikelnummer) en telt in geen reeks mee."
	}
	if out == "" {
		return ""
	}
	return template.HTML(`<p class="legend review-legend">` + html.EscapeString(out) + `</p>`)
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
	return template.HTML(`<span class="badge unchecked">` + formatNumber(unchecked) + " van " + formatNumber(figures) + " " +
		peil.UncheckedNL + `</span>`)
}

// reviewCountLegend explains the Beoordeling column of the index pages.
func reviewCountLegend() template.HTML {
	return template.HTML(`<p class="legend review-legend">Beoordeling: van de cijfers die rapportages gaven (geen afgeleide of geïmporteerde waarden) hoeveel nog ` +
		peil.UncheckedNL + ` zijn: niemand heeft ze beoordeeld, Peil herkende ze automatisch (auto) of twijfelde (open).</p>`)
}
