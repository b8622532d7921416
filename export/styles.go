package export

import (
	"math"

	"github.com/xuri/excelize/v2"

	"github.com/peil-dev/peil"
)

// Number formats, as excelize writes them (en-US codes). Dutch Excel shows them
// as #.##0, #.##0,0#, € #.##0, € #.##0,00, 0,0% and d-m-jjjj.
const (
	fmtInteger  = "#,##0"
	fmtDecimal  = "#,##0.0#"
	fmtEuro     = `"€ "#,##0`
	fmtEuroCent = `"€ "#,##0.00`
	fmtPercent  = "0.0%"
	fmtDate     = "d-m-yyyy"
	fmtDateTime = "d-m-yyyy h:mm"
)

// numFormat is the format of a numeric cell.
type numFormat int

const (
	numInteger numFormat = iota
	numDecimal
	numEuro
	numEuroCent
	numPercent
	numFormats
)

var numFormatCodes = [numFormats]string{fmtInteger, fmtDecimal, fmtEuro, fmtEuroCent, fmtPercent}

// mark says how a value cell is marked.
type mark uint8

const (
	markNone    mark = iota
	markApprox       // not exact: circa, ten minste, meer dan, hooguit
	markDerived      // computed from other observations
	markBoth         // both of the above
	marks
)

// Marking colours: approximate values in italics on light yellow, derived
// values in dark blue on light blue; both in italics on light blue.
const (
	fillApprox    = "FFF2CC"
	fillDerived   = "DDEBF7"
	colorDerived  = "1F4E79"
	colorNoteText = "595959"
)

// styles are the style ids of a workbook.
type styles struct {
	text     int // top-aligned text
	wrap     int // wrapped, top-aligned text (sentences)
	date     int
	dateTime int
	title    int // sheet heading
	bold     int
	note     int                    // grey explanatory text, wrapped
	value    [numFormats][marks]int // numbers by format and marking
}

// newStyles registers the styles in f.
func newStyles(f *excelize.File) (*styles, error) {
	top := &excelize.Alignment{Vertical: "top"}
	st := &styles{}
	var err error
	add := func(s *excelize.Style) int {
		if err != nil {
			return 0
		}
		var id int
		id, err = f.NewStyle(s)
		return id
	}
	custom := func(code string) *string { return &code }
	st.text = add(&excelize.Style{Alignment: top})
	st.wrap = add(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	st.date = add(&excelize.Style{Alignment: top, CustomNumFmt: custom(fmtDate)})
	st.dateTime = add(&excelize.Style{Alignment: top, CustomNumFmt: custom(fmtDateTime)})
	st.title = add(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}})
	st.bold = add(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: top})
	st.note = add(&excelize.Style{Font: &excelize.Font{Color: colorNoteText}, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	for nf := range numFormats {
		for m := range marks {
			s := &excelize.Style{Alignment: top, CustomNumFmt: custom(numFormatCodes[nf])}
			switch m {
			case markApprox:
				s.Font = &excelize.Font{Italic: true}
				s.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{fillApprox}}
			case markDerived:
				s.Font = &excelize.Font{Color: colorDerived}
				s.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{fillDerived}}
			case markBoth:
				s.Font = &excelize.Font{Italic: true, Color: colorDerived}
				s.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{fillDerived}}
			}
			st.value[nf][m] = add(s)
		}
	}
	return st, err
}

// formatFor returns the number format for value v of an indicator with the
// given unit and kind.
func formatFor(v float64, unit string, kind peil.Kind) numFormat {
	switch {
	case peil.IsPercent(unit):
		return numPercent
	case peil.IsEuro(unit) && v == math.Trunc(v):
		return numEuro
	case peil.IsEuro(unit):
		return numEuroCent
	case v == math.Trunc(v):
		return numInteger
	default:
		return numDecimal
	}
}

// cellValue returns v as a workbook holds it: a percentage as a fraction (15 %
// is 0.15, shown as 15,0%), everything else as it is.
func cellValue(v float64, nf numFormat) float64 {
	if nf == numPercent {
		return v / 100
	}
	return v
}

// markOf returns the marking of a value with qualifier q from source src.
func markOf(q peil.Qualifier, src peil.Source) mark {
	m := markNone
	if q.Approximate() {
		m = markApprox
	}
	if src == peil.SourceDerived {
		m |= markDerived
	}
	return m
}
