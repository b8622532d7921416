package export

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/peil-dev/peil"
)

var (
	d0213 = peil.NewDate(2017, 2, 13)
	d1115 = peil.NewDate(2016, 11, 15)
)

// testObservations covers every cell format and marking, and text that a
// spreadsheet would otherwise read as a formula.
func testObservations() []peil.Observation {
	return []peil.Observation{
		{Report: 2, ReportDate: d0213, Measure: 1, Indicator: "investigations", Value: 471, Text: "circa 471", Qualifier: peil.QualApprox,
			Kind: peil.KindStock, Unit: "onderzoeken", PeriodEnd: d0213, Sentence: `=HYPERLINK("http://x","klik")`, Line: 12, Source: peil.SourceExtracted},
		{Report: 2, ReportDate: d0213, Measure: 1, Indicator: "investigations", Value: 1995, Text: "1.995", Qualifier: peil.QualExact,
			Lower: ptr(1995), Upper: ptr(1995), Kind: peil.KindStock, Unit: "onderzoeken", PeriodStart: peil.NewDate(2016, 1, 1), PeriodEnd: d1115,
			Sentence: "+31 20 1234567 belde.", Line: 13, Source: peil.SourceExtracted},
		{Report: 2, ReportDate: d0213, Measure: 23, Value: 6.4e6, Text: "6,4 miljoen euro", Qualifier: peil.QualAtLeast, Lower: ptr(6.4e6),
			Kind: peil.KindAmount, Unit: "euro", PeriodEnd: d0213, Sentence: "-6,4 miljoen euro werd uitgegeven.", Line: 40, Source: peil.SourceExtracted},
		{Report: 2, ReportDate: d0213, Measure: 23, Value: 15, Text: "15%", Qualifier: peil.QualExact, Kind: peil.KindChange, Unit: "procent",
			PeriodEnd: peil.NewDate(2016, 12, 31), Sentence: "@een afname van 15%.", Line: 41, Source: peil.SourceExtracted},
		{Report: 2, ReportDate: d0213, Measure: 23, Indicator: "extremism_reports", Value: 141.2, Text: "141,2", Qualifier: peil.QualApprox,
			Kind: peil.KindFlow, Unit: "meldingen", PeriodEnd: peil.NewDate(2015, 12, 31), Sentence: "\tEen tab ervoor.", Line: 42,
			Source: peil.SourceDerived, Derivation: "=120 / (1 - 0,15)"},
		{Measure: 23, Indicator: "extremism_reports", Value: 67, Text: "67", Qualifier: peil.QualExact, Kind: peil.KindFlow, Unit: "meldingen",
			PeriodEnd: peil.NewDate(2014, 12, 31), Sentence: "Gewone zin.", Source: peil.SourceImported, Citation: "CBS, 2015", Note: "\r\nregeleinde"},
	}
}

func testWorkbook() *Workbook {
	obs := testObservations()
	return &Workbook{
		Generated: time.Date(2017, 3, 1, 9, 30, 0, 0, time.UTC),
		Database:  "peil.duckdb",
		Reports: []peil.ReportSummary{
			{Report: peil.Report{ID: 1, File: "r1.txt", Title: "Voortgangsrapportage november 2016", SHA256: strings.Repeat("1", 64), ReportDate: d1115}, Measures: 2, Figures: 1},
			{Report: peil.Report{ID: 2, File: "r2.txt", Title: "=Voortgangsrapportage februari 2017", SHA256: strings.Repeat("2", 64), ReportDate: d0213}, Measures: 2, Figures: 5, Events: 1},
		},
		Clusters: []peil.Cluster{{ID: "radicalisation", Name: "Tegengaan radicalisering", First: 21, Last: 28}, {ID: "risk", Name: "Risicoreductie uitreizigers", First: 1, Last: 13}},
		Measures: []peil.Measure{{Nr: 23, Title: "Meldpunt extremisme", Cluster: "radicalisation"}, {Nr: 1, Title: "Strafrechtelijk onderzoek", Cluster: "risk"}},
		Statuses: []peil.MeasureStatus{
			{Measure: 1, Report: 1, ReportDate: d1115, Status: "Er lopen ongeveer 320 onderzoeken."},
			{Measure: 1, Report: 2, ReportDate: d0213, Status: "=Er lopen circa 471 onderzoeken."},
			{Measure: 23, Report: 2, ReportDate: d0213, Status: "In 2016 kwamen 120 meldingen binnen."},
		},
		Indicators: []peil.Indicator{
			{ID: "investigations", Measure: 1, Label: "Strafrechtelijke onderzoeken", Unit: "onderzoeken", Kind: peil.KindStock, Key: true},
			{ID: "extremism_reports", Measure: 23, Label: "Meldingen extremisme", Unit: "meldingen", Kind: peil.KindFlow},
		},
		Events: []peil.Event{{ID: 1, Measure: 1, Date: peil.NewDate(2017, 1, 1), Precision: peil.PrecisionMonth, Type: peil.EventInForce,
			Label: "Wet in werking", Sentence: "-Per januari 2017 is de wet in werking getreden.", Line: 14, Report: 2}},
		Comparison: &peil.Comparison{
			From: peil.ReportSummary{Report: peil.Report{ID: 1, Title: "Voortgangsrapportage november 2016", ReportDate: d1115}},
			To:   peil.ReportSummary{Report: peil.Report{ID: 2, Title: "Voortgangsrapportage februari 2017", ReportDate: d0213}},
			Measures: []peil.MeasureComparison{
				{Measure: peil.Measure{Nr: 1, Title: "Strafrechtelijk onderzoek"}, StatusChanged: true, Moved: []peil.Movement{{
					Indicator: peil.Indicator{ID: "investigations", Label: "Strafrechtelijke onderzoeken", Unit: "onderzoeken", Kind: peil.KindStock},
					From:      &peil.Point{Value: 320, Qualifier: peil.QualApprox, PeriodEnd: d1115},
					To:        &peil.Point{Value: 471, Qualifier: peil.QualExact, PeriodEnd: d0213},
					Change:    ptr(151), ChangePct: ptr(47.1875)}}},
				{Measure: peil.Measure{Nr: 23, Title: "Meldpunt extremisme"}, StatusChanged: true},
			},
		},
		Observations: sliceObservations(obs),
	}
}

// seriesObservations are the observations behind the series the tests of
// Tijdreeksen and Grafieken read: investigations at 15-11-2016 (ongeveer 320)
// and at 13-2-2017 (470 in the first report, revised to 471), and
// extremism_reports in 2015 (derived, 141,2) and 2016 (120).
func seriesObservations() []peil.Observation {
	inv := func(report int64, date, end peil.Date, v float64, text string, q peil.Qualifier, line int) peil.Observation {
		return peil.Observation{ID: int64(len(text)*100 + line), Report: report, ReportDate: date, Measure: 1, Indicator: "investigations",
			Value: v, Text: text, Qualifier: q, Kind: peil.KindStock, Unit: "onderzoeken", PeriodEnd: end, Line: line,
			Source: peil.SourceExtracted}
	}
	return []peil.Observation{
		inv(1, d1115, d1115, 320, "ongeveer 320", peil.QualApprox, 10),
		inv(1, d1115, d0213, 470, "470", peil.QualExact, 11),
		inv(2, d0213, d0213, 471, "471", peil.QualExact, 12),
		{ID: 50, Report: 2, ReportDate: d0213, Measure: 23, Indicator: "extremism_reports", Value: 141.2, Qualifier: peil.QualApprox,
			Kind: peil.KindFlow, Unit: "meldingen", PeriodEnd: peil.NewDate(2015, 12, 31), Source: peil.SourceDerived, Derivation: "120 / 0,85", Line: 42},
		{ID: 51, Report: 2, ReportDate: d0213, Measure: 23, Indicator: "extremism_reports", Value: 120, Text: "120", Qualifier: peil.QualExact,
			Kind: peil.KindFlow, Unit: "meldingen", PeriodEnd: peil.NewDate(2016, 12, 31), Source: peil.SourceExtracted, Line: 41},
	}
}

// seriesWorkbook is testWorkbook with obs as its observations: Tijdreeksen
// and Grafieken are built from them as in production (without a filter only
// the key indicator investigations gets a chart).
func seriesWorkbook(obs []peil.Observation) *Workbook {
	wb := testWorkbook()
	wb.Observations = sliceObservations(obs)
	return wb
}

// writeBook writes wb and opens the result.
func writeBook(t *testing.T, wb *Workbook) *book {
	t.Helper()
	var buf bytes.Buffer
	n, err := wb.WriteTo(&buf)
	if err != nil {
		t.Fatalf("WriteTo: %v", err)
	}
	if n != int64(buf.Len()) || n == 0 {
		t.Fatalf("WriteTo = %d bytes; wrote %d", n, buf.Len())
	}
	return openBook(t, buf.Bytes())
}

func TestWorkbookSheets(t *testing.T) {
	b := writeBook(t, testWorkbook())
	if got := b.f.GetSheetList(); fmt.Sprint(got) != fmt.Sprint(Sheets) {
		t.Errorf("sheets %v; want %v", got, Sheets)
	}
	if got := b.f.GetActiveSheetIndex(); got != 0 {
		t.Errorf("active sheet %d; want 0 (Toelichting)", got)
	}
	zr, err := zip.NewReader(bytes.NewReader(b.data), int64(len(b.data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Method != zip.Deflate {
			t.Errorf("%s: zip method %d; want deflate", f.Name, f.Method)
		}
	}
}

func TestSafeText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"Gewone zin.", "Gewone zin."},
		{`=HYPERLINK("http://x","klik")`, `'=HYPERLINK("http://x","klik")`},
		{"+31", "'+31"},
		{"-5 personen", "'-5 personen"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\tx", "'\tx"},
		{"\rx", "'\rx"},
		{"\nx", "'\nx"},
		{"\x00x", "'\x00x"},
		{"a=b", "a=b"},
		{" =1+1", " =1+1"},
	}
	for _, tt := range tests {
		if got := peil.SpreadsheetSafe(tt.in); got != tt.want {
			t.Errorf("peil.SpreadsheetSafe(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestObservationsSheet(t *testing.T) {
	obs := testObservations()
	b := writeBook(t, testWorkbook())
	const s = sheetObservations
	for i, c := range observationColumns {
		if got := b.text(s, ref(i+1, 1)); got != c.header {
			t.Errorf("header %d = %q; want %q", i+1, got, c.header)
		}
	}
	b.checkDataSheet(s, 1, len(obs), len(observationColumns))

	tests := []struct {
		value  float64 // as stored in the cell
		format string
		italic bool
		fill   string
	}{
		{471, fmtInteger, true, fillApprox},
		{1995, fmtInteger, false, ""},
		{6.4e6, fmtEuro, true, fillApprox},
		{0.15, fmtPercent, false, ""},
		{141.2, fmtDecimal, true, fillDerived},
		{67, fmtInteger, false, ""},
	}
	for i, tt := range tests {
		o, r := obs[i], i+2
		cell := ref(colValue+1, r)
		if got := b.number(s, cell); got != tt.value {
			t.Errorf("row %d: value %v; want %v", r, got, tt.value)
		}
		if got := b.numFmt(s, cell); got != tt.format {
			t.Errorf("row %d: value format %q; want %q", r, got, tt.format)
		}
		st := b.style(s, cell)
		if italic := st.Font != nil && st.Font.Italic; italic != tt.italic {
			t.Errorf("row %d: italic %v; want %v", r, italic, tt.italic)
		}
		fill := ""
		if len(st.Fill.Color) > 0 {
			fill = strings.ToUpper(st.Fill.Color[0])
			if len(fill) == 8 {
				fill = fill[2:]
			}
		}
		if fill != tt.fill {
			t.Errorf("row %d: fill %q; want %q", r, fill, tt.fill)
		}
		if got := b.number(s, ref(1, r)); got != float64(o.Measure) {
			t.Errorf("row %d: Nr %v; want %d", r, got, o.Measure)
		}
		if got := b.date(s, ref(13, r)); got != o.PeriodEnd {
			t.Errorf("row %d: Periode eind %v; want %v", r, got, o.PeriodEnd)
		}
		if o.PeriodStart.IsZero() {
			b.empty(s, ref(12, r))
		} else if got := b.date(s, ref(12, r)); got != o.PeriodStart {
			t.Errorf("row %d: Periode begin %v; want %v", r, got, o.PeriodStart)
		}
		if o.Lower == nil {
			b.empty(s, ref(8, r))
		} else if got, want := b.number(s, ref(8, r)), cellValue(*o.Lower, formatFor(*o.Lower, o.Unit, o.Kind)); got != want {
			t.Errorf("row %d: Ondergrens %v; want %v", r, got, want)
		}
		if got := b.text(s, ref(colSentence+1, r)); got != peil.SpreadsheetSafe(o.Sentence) {
			t.Errorf("row %d: Bronzin %q; want %q", r, got, peil.SpreadsheetSafe(o.Sentence))
		}
		if st := b.style(s, ref(colSentence+1, r)); st.Alignment == nil || !st.Alignment.WrapText {
			t.Errorf("row %d: Bronzin not wrapped", r)
		}
		if got, want := b.text(s, ref(7, r)), o.Qualifier.Dutch(); got != want {
			t.Errorf("row %d: Kwalificatie %q; want %q", r, got, want)
		}
		if got, want := b.text(s, ref(18, r)), o.Source.Dutch(); got != want {
			t.Errorf("row %d: Herkomst %q; want %q", r, got, want)
		}
	}
	// Names next to ids; report title neutralised; no report for an import.
	if got := b.text(s, "D2"); got != "Strafrechtelijke onderzoeken" {
		t.Errorf("D2 = %q; want the indicator label", got)
	}
	if got := b.text(s, "O2"); got != "'=Voortgangsrapportage februari 2017" {
		t.Errorf("O2 = %q; want the neutralised report title", got)
	}
	b.empty(s, "N7")
	b.empty(s, "Q7")
	if got := b.text(s, "S6"); got != "'=120 / (1 - 0,15)" {
		t.Errorf("S6 = %q; want the neutralised derivation", got)
	}
	if got := b.shown(s, "M2"); got != "13-2-2017" {
		t.Errorf("M2 shows %q; want 13-2-2017", got)
	}
}

// TestFormulaInjection writes text that spreadsheets would take for formulas
// into every kind of text cell and reads it back: no cell may hold a formula
// or start with a formula character.
func TestFormulaInjection(t *testing.T) {
	b := writeBook(t, testWorkbook())
	b.noFormulaAnywhere(excelize.Options{RawCellValue: true})
	if got := b.text(sheetObservations, "P2"); got != `'=HYPERLINK("http://x","klik")` {
		t.Errorf("P2 = %q; want the sentence with an apostrophe before it", got)
	}
	if got := b.text(sheetMeasures, ref(6, 3)); got != "'=Er lopen circa 471 onderzoeken." {
		t.Errorf("Maatregelen status = %q; want it neutralised", got)
	}
}

func TestSeriesSheet(t *testing.T) {
	b := writeBook(t, seriesWorkbook(seriesObservations()))
	const s = sheetSeries
	// Periods: 31-12-2015, 15-11-2016, 31-12-2016, 13-2-2017 in columns F to I.
	want := []string{"Nr", "Indicator", "Indicatornaam", "Eenheid", "Soort", "31-12-2015", "15-11-2016", "31-12-2016", "13-2-2017"}
	if got := b.row(s, 1); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("header %q; want %q", got, want)
	}
	b.checkDataSheet(s, 1, 2, len(want))
	tests := []struct {
		cell   string
		value  float64 // 0: empty
		italic bool
		fill   string
		note   string // part of the note; "" for none
	}{
		{"F2", 0, false, "", ""},
		{"G2", 320, true, fillApprox, `"ongeveer 320" (circa)`},
		{"H2", 0, false, "", ""},
		{"I2", 471, false, "", "Herzien; eerdere uitspraken: 470 in rapport 15-11-2016;"},
		{"F3", 141.2, true, fillDerived, "Afgeleide waarde: 120 / 0,85"},
		{"G3", 0, false, "", ""},
		{"H3", 120, false, "", ""},
		{"I3", 0, false, "", ""},
	}
	notes := notesOf(t, b, s)
	for _, tt := range tests {
		if tt.value == 0 {
			b.empty(s, tt.cell)
		} else if got := b.number(s, tt.cell); got != tt.value {
			t.Errorf("%s = %v; want %v", tt.cell, got, tt.value)
		}
		if tt.value != 0 {
			st := b.style(s, tt.cell)
			if italic := st.Font != nil && st.Font.Italic; italic != tt.italic {
				t.Errorf("%s: italic %v; want %v", tt.cell, italic, tt.italic)
			}
		}
		if got := notes[tt.cell]; !strings.Contains(got, tt.note) || (tt.note == "") != (got == "") {
			t.Errorf("%s: note %q; want one containing %q", tt.cell, got, tt.note)
		}
	}
	if got := b.numFmt(s, "H3"); got != fmtInteger {
		t.Errorf("H3 format %q; want %q", got, fmtInteger)
	}
	if got := b.text(s, "C3"); got != "Meldingen extremisme" {
		t.Errorf("C3 = %q; want the label", got)
	}
}

// notesOf returns the text of the notes on sheet s by cell.
func notesOf(t *testing.T, b *book, s string) map[string]string {
	t.Helper()
	comments, err := b.f.GetComments(s)
	if err != nil {
		t.Fatal(err)
	}
	notes := map[string]string{}
	for _, c := range comments {
		text := c.Text
		for _, p := range c.Paragraph {
			text += p.Text
		}
		notes[c.Cell] = text
	}
	return notes
}

// notesText returns Toelichting as lines of cells joined by "|".
func notesText(t *testing.T, b *book) string {
	t.Helper()
	rows, err := b.f.GetRows(sheetNotes)
	if err != nil {
		t.Fatal(err)
	}
	var text strings.Builder
	for _, row := range rows {
		text.WriteString(strings.Join(row, "|") + "\n")
	}
	return text.String()
}

// TestSeriesSheetLimits keeps Tijdreeksen within Excel's columns (the most
// recent periods) and its notes within maxSeriesNotes (the most recent
// marked cells), and says so on Toelichting.
func TestSeriesSheetLimits(t *testing.T) {
	const s = sheetSeries
	wb := seriesWorkbook(seriesObservations())
	wb.periodLimit = 2
	b := writeBook(t, wb)
	want := []string{"Nr", "Indicator", "Indicatornaam", "Eenheid", "Soort", "31-12-2016", "13-2-2017"}
	if got := b.row(s, 1); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("header %q; want %q", got, want)
	}
	b.checkDataSheet(s, 1, 2, len(want))
	b.empty(s, "F2")
	if got := b.number(s, "G2"); got != 471 {
		t.Errorf("G2 = %v; want 471", got)
	}
	if got := b.number(s, "F3"); got != 120 {
		t.Errorf("F3 = %v; want 120", got)
	}
	if wb.PeriodsOmitted != 2 {
		t.Errorf("PeriodsOmitted = %d; want 2", wb.PeriodsOmitted)
	}
	text := notesText(t, b)
	if !strings.Contains(text, "Perioden niet op Tijdreeksen|2\n") || !strings.Contains(text, "de 2 meest recente perioden erop; de 2 oudste perioden zijn weggelaten") ||
		!strings.Contains(text, "Waarnemingen bevat alle waarden") {
		t.Errorf("Toelichting does not explain the left-out periods:\n%s", text)
	}
	if strings.Contains(text, "Cellen zonder notitie") {
		t.Errorf("Toelichting mentions cells without a note; the one note fits")
	}

	old := maxSeriesNotes
	maxSeriesNotes = 1
	defer func() { maxSeriesNotes = old }()
	wb = seriesWorkbook(seriesObservations())
	b = writeBook(t, wb)
	notes := notesOf(t, b, s)
	if len(notes) != 1 || notes["I2"] == "" {
		t.Errorf("notes %q; want only the one on I2, the most recent period", notes)
	}
	if wb.NotesOmitted != 2 {
		t.Errorf("NotesOmitted = %d; want 2 (G2 and F3)", wb.NotesOmitted)
	}
	if text := notesText(t, b); !strings.Contains(text, "Cellen zonder notitie|2\n") {
		t.Errorf("Toelichting does not count the cells without a note:\n%s", text)
	}
}

// TestSeriesSheetManyPeriods gives Tijdreeksen thousands of period columns:
// they take the sheet's default width, and the sheet keeps one column range
// per leading column only. (A range per period width made excelize keep an
// entry per column, which it then walked for every cell it wrote.)
func TestSeriesSheetManyPeriods(t *testing.T) {
	const periods = 3000
	var obs []peil.Observation
	for i := range periods {
		d := peil.NewDate(2010, time.January, 1+i)
		obs = append(obs, peil.Observation{ID: int64(i + 1), Report: 2, ReportDate: d0213, Measure: 1, Indicator: "investigations",
			Value: float64(i), Qualifier: peil.QualExact, Kind: peil.KindStock, Unit: "onderzoeken", PeriodEnd: d, Source: peil.SourceExtracted})
	}
	b := writeBook(t, seriesWorkbook(obs))
	lastEnd := obs[periods-1].PeriodEnd
	const sh = sheetSeries
	last := len(seriesColumns) + periods
	if got := b.text(sh, ref(last, 1)); got != peil.FormatShortDate(lastEnd) {
		t.Errorf("last header %q; want %q", got, peil.FormatShortDate(lastEnd))
	}
	if got := b.number(sh, ref(last, 2)); got != periods-1 {
		t.Errorf("last value %v; want %d", got, periods-1)
	}
	for _, col := range []int{len(seriesColumns) + 1, last} {
		name, _ := excelize.ColumnNumberToName(col)
		if w, err := b.f.GetColWidth(sh, name); err != nil || w != periodWidth {
			t.Errorf("column %s width %v (%v); want %v", name, w, err, periodWidth)
		}
	}
	// Sheets are written as sheet1.xml, sheet2.xml, ... in the order of Sheets.
	xml := b.part(fmt.Sprintf("xl/worksheets/sheet%d.xml", slices.Index(Sheets, sh)+1))
	if !strings.Contains(xml, "TabelTijdreeksen") && !strings.Contains(xml, "<tableParts") {
		t.Fatalf("no Tijdreeksen sheet XML at the expected part")
	}
	if n := strings.Count(xml, "<col "); n > len(seriesColumns) {
		t.Errorf("Tijdreeksen has %d column ranges; want at most %d (the leading columns)", n, len(seriesColumns))
	}
}

func TestCellNote(t *testing.T) {
	tests := []struct {
		name string
		in   peil.Point
		want string
	}{
		{"derived, worded", peil.Point{Source: peil.SourceDerived, Derivation: "afgeleid: 97 (totaal) min 30 = 67", ReportDate: d0213},
			"Afgeleide waarde: 97 (totaal) min 30 = 67; rapport van 13-2-2017"},
		{"derived, formula", peil.Point{Source: peil.SourceDerived, Derivation: "120 / 0,85"}, "Afgeleide waarde: 120 / 0,85"},
		{"approximate", peil.Point{Text: "ongeveer 300", Qualifier: peil.QualApprox, ReportDate: d1115},
			`In het rapport: "ongeveer 300" (circa); rapport van 15-11-2016`},
		{"many revisions", peil.Point{Qualifier: peil.QualExact, Revised: true, Statements: []peil.Statement{
			{Report: 1, Value: 1, ReportDate: d1115}, {Report: 2, Value: 2, ReportDate: d1115}, {Report: 3, Value: 3, ReportDate: d1115},
			{Report: 4, Value: 4, ReportDate: d1115}, {Report: 5, Value: 5, ReportDate: d1115}, {Report: 6, Value: 6, ReportDate: d1115},
			{Report: 7, Value: 7, ReportDate: d0213}}, Shown: 6},
			// The shown statement (7, the latest) is not among the earlier ones.
			"Kwalificatie: exact. Herzien; eerdere uitspraken: (de oudste 1 weggelaten) 2 in rapport 15-11-2016; 3 in rapport 15-11-2016; " +
				"4 in rapport 15-11-2016; 5 in rapport 15-11-2016; 6 in rapport 15-11-2016;"},
		{"expectation", peil.Point{Qualifier: peil.QualApprox, Text: "ongeveer 30.000", Expected: true},
			`In het rapport: "ongeveer 30.000" (circa). Verwachting: in de toekomende tijd geschreven, geen bereikte waarde`},
		{"imported", peil.Point{Text: "65", Qualifier: peil.QualApprox, Source: peil.SourceImported,
			Citation: "Aanhangsel Handelingen II 2014/15, nr. 3221"},
			"Geïmporteerd (circa); bron: Aanhangsel Handelingen II 2014/15, nr. 3221"},
		{"conflict", peil.Point{Qualifier: peil.QualExact, Conflict: true, Note: "afgeleid ca. 166 wijkt af van de vermelde 91",
			Statements: []peil.Statement{{Report: 1, Value: 91, ReportDate: d0213}, {Report: 1, Value: 166, Source: peil.SourceDerived, Conflict: true}}},
			"Kwalificatie: exact. Strijdig: afgeleid ca. 166 wijkt af van de vermelde 91"},
	}
	for _, tt := range tests {
		if got := cellNote(&tt.in); got != tt.want {
			t.Errorf("cellNote(%s) = %q; want %q", tt.name, got, tt.want)
		}
	}
}

// TestMergeCells joins the cells of one indicator read in two parts (its
// observations under two measures), keeping the latest statement per period.
func TestMergeCells(t *testing.T) {
	a := []seriesCell{{end: 10, stated: 10, value: 1}, {end: 20, stated: 20, value: 2}}
	b := []seriesCell{{end: 15, stated: 15, value: 3}, {end: 20, stated: 25, value: 4}, {end: 30, stated: 30, value: 5}}
	var got []float64
	for _, c := range mergeCells(a, b) {
		got = append(got, c.value)
	}
	if want := []float64{1, 3, 4, 5}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("mergeCells = %v; want %v", got, want)
	}
}

func TestChartsSheet(t *testing.T) {
	// Without a filter only the key indicator investigations gets a chart.
	// Report 3 says nothing about it: a gap before report 4's 480.
	d0930 := peil.NewDate(2017, 9, 30)
	obs := seriesObservations() // the stream is ordered by indicator: 480 after the other three
	obs = slices.Insert(obs, 3, peil.Observation{ID: 60, Report: 4, ReportDate: d0930, Measure: 1,
		Indicator: "investigations", Value: 480, Qualifier: peil.QualExact, Kind: peil.KindStock, Unit: "onderzoeken",
		PeriodEnd: d0930, Source: peil.SourceExtracted})
	wb := seriesWorkbook(obs)
	wb.Reports = append(wb.Reports,
		peil.ReportSummary{Report: peil.Report{ID: 3, File: "r3.txt", ReportDate: peil.NewDate(2017, 6, 1)}},
		peil.ReportSummary{Report: peil.Report{ID: 4, File: "r4.txt", ReportDate: d0930}})
	b := writeBook(t, wb)
	charts := b.parts("xl/charts/chart")
	if len(charts) != 1 {
		t.Fatalf("chart parts %v; want 1", charts)
	}
	xml := b.part(charts[0])
	// A scatter chart over the indicator's own periods (X4:X7 with an empty
	// row 6 before the point after a gap), titled with its Dutch label, the
	// unit as axis title, from zero, the line broken at blanks.
	for _, want := range []string{"<scatterChart>", "Grafieken!$X$4:$X$7", "Grafieken!$Y$4:$Y$7", "Grafieken!$Y$3",
		`<dispBlanksAs val="gap"`, "<a:t>Strafrechtelijke onderzoeken</a:t>", "<a:t>onderzoeken</a:t>", `<min val="0">`} {
		if !strings.Contains(xml, want) {
			t.Errorf("chart XML lacks %q", want)
		}
	}
	if got := b.text(sheetCharts, "Y3"); got != "Strafrechtelijke onderzoeken" {
		t.Errorf("Grafieken!Y3 (series name) = %q; want the Dutch label", got)
	}
	if got := b.date(sheetCharts, "X4"); got != d1115 {
		t.Errorf("Grafieken!X4 = %v; want the first period end %v", got, d1115)
	}
	if got := b.raw(sheetCharts, "Y6"); got != "" {
		t.Errorf("Grafieken!Y6 = %q; want empty (the gap before the third point)", got)
	}
	if got := b.number(sheetCharts, "Y7"); got != 480 {
		t.Errorf("Grafieken!Y7 = %v; want 480", got)
	}
	// Printed are the charts (A:T), not their data from column X.
	if wbx := b.part("xl/workbook.xml"); !regexp.MustCompile(`name="_xlnm.Print_Area">(&#39;|')Grafieken(&#39;|')!\$A\$1:\$T\$21<`).MatchString(wbx) {
		t.Errorf("workbook.xml lacks Grafieken's print area A1:T21: %s", wbx)
	}
	rels := b.part("xl/worksheets/_rels/sheet7.xml.rels")
	if !strings.Contains(rels, "drawing") {
		t.Errorf("Grafieken has no drawing: %s", rels)
	}
	if got := b.text(sheetCharts, "A1"); got != "Grafieken" {
		t.Errorf("Grafieken!A1 = %q", got)
	}

	b = writeBook(t, seriesWorkbook(nil))
	if charts := b.parts("xl/charts/"); len(charts) != 0 {
		t.Errorf("chart parts %v without series; want none", charts)
	}
	if got := b.text(sheetCharts, "A2"); !strings.Contains(got, "geen indicatoren") {
		t.Errorf("Grafieken!A2 = %q; want a note that there is nothing to chart", got)
	}
}

func TestMeasuresSheet(t *testing.T) {
	b := writeBook(t, testWorkbook())
	const s = sheetMeasures
	want := []string{"Cluster", "Nr", "Maatregel", "Rapportdatum", "Rapport", "Stand van zaken", "Bronvermelding"}
	if got := b.row(s, 1); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("header %q; want %q", got, want)
	}
	// Long form: a row per measure per report that describes it, by cluster
	// (risk, 1-13, first), number and report date.
	b.checkDataSheet(s, 1, 3, len(want))
	rows := []struct {
		nr      float64
		cluster string
		date    peil.Date
		report  string
		status  string
	}{
		{1, "Risicoreductie uitreizigers", d1115, "Voortgangsrapportage november 2016", "Er lopen ongeveer 320 onderzoeken."},
		{1, "Risicoreductie uitreizigers", d0213, "'=Voortgangsrapportage februari 2017", "'=Er lopen circa 471 onderzoeken."},
		{23, "Tegengaan radicalisering", d0213, "'=Voortgangsrapportage februari 2017", "In 2016 kwamen 120 meldingen binnen."},
	}
	for i, w := range rows {
		r := i + 2
		if got := b.number(s, ref(2, r)); got != w.nr {
			t.Errorf("row %d: Nr = %v; want %v", r, got, w.nr)
		}
		if got := b.text(s, ref(1, r)); got != w.cluster {
			t.Errorf("row %d: Cluster = %q; want %q", r, got, w.cluster)
		}
		if got := b.date(s, ref(4, r)); got != w.date {
			t.Errorf("row %d: Rapportdatum = %v; want %v", r, got, w.date)
		}
		if got := b.text(s, ref(5, r)); got != w.report {
			t.Errorf("row %d: Rapport = %q; want %q", r, got, w.report)
		}
		if got := b.text(s, ref(6, r)); got != w.status {
			t.Errorf("row %d: Stand van zaken = %q; want %q", r, got, w.status)
		}
	}
	if st := b.style(s, "F4"); st.Alignment == nil || !st.Alignment.WrapText {
		t.Errorf("F4 not wrapped")
	}

	// A measure that no report describes still has its row, without a report.
	wb := testWorkbook()
	wb.Statuses = wb.Statuses[:2]
	b = writeBook(t, wb)
	b.checkDataSheet(s, 1, 3, len(want))
	if got := b.number(s, "B4"); got != 23 {
		t.Errorf("B4 = %v; want measure 23", got)
	}
	b.empty(s, "D4")
	b.empty(s, "F4")
}

func TestEventsSheet(t *testing.T) {
	b := writeBook(t, testWorkbook())
	const s = sheetEvents
	b.checkDataSheet(s, 1, 1, len(eventColumns))
	if got := b.date(s, "C2"); got != peil.NewDate(2017, 1, 1) {
		t.Errorf("C2 = %v; want 2017-01-01", got)
	}
	for cell, want := range map[string]string{"B2": "Strafrechtelijk onderzoek", "D2": "maand", "E2": "in werking getreden", "F2": "Wet in werking",
		"G2": "'-Per januari 2017 is de wet in werking getreden.", "J2": "'=Voortgangsrapportage februari 2017"} {
		if got := b.text(s, cell); got != want {
			t.Errorf("%s = %q; want %q", cell, got, want)
		}
	}
	if got := b.date(s, "I2"); got != d0213 {
		t.Errorf("I2 = %v; want the report date", got)
	}
}

func TestComparisonSheet(t *testing.T) {
	b := writeBook(t, testWorkbook())
	const s = sheetComparison
	if got := b.text(s, "A2"); got != "Van Voortgangsrapportage november 2016 (15 november 2016) naar Voortgangsrapportage februari 2017 (13 februari 2017)." {
		t.Errorf("A2 = %q", got)
	}
	b.checkDataSheet(s, comparisonTop, 2, len(comparisonColumns))
	r := comparisonTop + 1
	for col, want := range map[int]float64{6: 320, 7: 471, 8: 151} {
		if got := b.number(s, ref(col, r)); got != want {
			t.Errorf("%s = %v; want %v", ref(col, r), got, want)
		}
	}
	if got := b.number(s, ref(9, r)); got != 0.471875 {
		t.Errorf("Verschil %% = %v; want 0.471875", got)
	}
	if got := b.numFmt(s, ref(9, r)); got != fmtPercent {
		t.Errorf("Verschil %% format %q; want %q", got, fmtPercent)
	}
	if st := b.style(s, ref(6, r)); st.Font == nil || !st.Font.Italic {
		t.Errorf("approximate previous value not marked")
	}
	if got := b.date(s, ref(11, r)); got != d0213 {
		t.Errorf("Laatste periode eind %v", got)
	}
	for col, want := range map[int]string{3: "investigations", 5: changeUp, 12: statusChanged} {
		if got := b.text(s, ref(col, r)); got != want {
			t.Errorf("%s = %q; want %q", ref(col, r), got, want)
		}
	}
	if got := b.text(s, ref(5, r+1)); got != changeStatus {
		t.Errorf("measure 23 change %q; want %q", got, changeStatus)
	}

	wb := testWorkbook()
	wb.Comparison, wb.NoCompare = nil, "Er is geen vergelijking: er is maar één rapport."
	b = writeBook(t, wb)
	if got := b.text(s, "A2"); got != wb.NoCompare {
		t.Errorf("A2 = %q; want the note", got)
	}
	if tables, _ := b.f.GetTables(s); len(tables) != 0 {
		t.Errorf("tables %v on a note; want none", tables)
	}
}

func TestNotesSheet(t *testing.T) {
	wb := testWorkbook()
	wb.Options.Filter = peil.Filter{Measure: 23, From: peil.NewDate(2015, 1, 1)}
	b := writeBook(t, wb)
	const s = sheetNotes
	found := map[string][]string{}
	rows, err := b.f.GetRows(s)
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range rows {
		if len(row) < 2 {
			continue
		}
		if _, dup := found[row[0]]; !dup { // the first: filters come before the column list
			found[row[0]] = row[1:]
		}
	}
	check := func(label, want string) {
		t.Helper()
		if got := found[label]; len(got) == 0 || got[0] != want {
			t.Errorf("Toelichting %q = %q; want %q", label, got, want)
		}
	}
	check("Maatregel", "23: Meldpunt extremisme")
	check("Indicator", "alle indicatoren")
	check("Periode eind vanaf", "1-1-2015")
	check("Periode eind tot en met", "geen grens")
	check("Gemaakt op (UTC)", "1-3-2017 9:30")
	check("Database", "peil.duckdb")
	check("Aantal waarnemingen", "6")
	check("'=Voortgangsrapportage februari 2017", "r2.txt")
	// A report takes two rows within the printed width: title, file and
	// dates; under them the counts and the checksum.
	if got := found["'=Voortgangsrapportage februari 2017"]; len(got) < 2 || got[1] != "13-2-2017" {
		t.Errorf("report row %q; want the file and the date", got)
	}
	for i, row := range rows {
		if len(row) > 0 && row[0] == "'=Voortgangsrapportage februari 2017" {
			if next := rows[i+1]; len(next) < 2 || next[0] != "" ||
				!strings.Contains(next[1], "2 maatregelen, 5 cijfers, 1 gebeurtenissen\nSHA-256: "+strings.Repeat("2", 64)) {
				t.Errorf("row under the report %q; want its counts and sha256", next)
			}
			break
		}
	}
	for i, row := range rows {
		if len(row) > len(notesWidths) {
			t.Errorf("Toelichting row %d has %d columns; want at most %d (the printed width)", i+1, len(row), len(notesWidths))
		}
	}
	area := regexp.MustCompile(`name="_xlnm.Print_Area">(&#39;|')Toelichting(&#39;|')!\$A\$1:\$E\$(\d+)<`).FindStringSubmatch(b.part("xl/workbook.xml"))
	if area == nil || area[3] != strconv.Itoa(len(rows)) {
		t.Errorf("Toelichting's print area = %v; want A1:E%d", area, len(rows))
	}
	for _, q := range peil.Qualifiers {
		check(q.Dutch(), qualifierDoc[q])
	}
	var docs []string
	for i, row := range rows {
		if len(row) > 0 && strings.HasPrefix(row[0], "Kolommen van Waarnemingen") {
			for _, r := range rows[i+1:] {
				docs = append(docs, strings.Join(r, "|"))
			}
		}
	}
	for i, c := range observationColumns {
		if i >= len(docs) || docs[i] != c.header+"|"+c.doc {
			t.Errorf("column definition %d missing: want %q", i, c.header)
		}
	}
	if _, ok := found["Niet op het blad"]; ok {
		t.Errorf("Toelichting mentions omitted rows; none were omitted")
	}
}

func TestRowLimit(t *testing.T) {
	wb := testWorkbook()
	wb.rowLimit = 4
	b := writeBook(t, wb)
	if wb.Written != 4 || wb.Omitted != 2 {
		t.Errorf("Written, Omitted = %d, %d; want 4, 2", wb.Written, wb.Omitted)
	}
	if got := b.rows(sheetObservations); got != 5 {
		t.Errorf("Waarnemingen has %d rows; want 5", got)
	}
	b.checkDataSheet(sheetObservations, 1, 4, len(observationColumns))
	rows, _ := b.f.GetRows(sheetNotes)
	var note string
	for i, row := range rows {
		if len(row) > 1 && row[0] == "Niet op het blad" {
			note = row[1] + " " + strings.Join(rows[i+1], " ")
		}
	}
	if !strings.HasPrefix(note, "2 ") || !strings.Contains(note, "CSV") {
		t.Errorf("Toelichting note on omitted rows %q; want the count and a pointer to the CSV", note)
	}
}

func TestWriteCSV(t *testing.T) {
	obs := testObservations()
	wb := testWorkbook()
	var buf bytes.Buffer
	n, err := wb.WriteCSV(&buf)
	if err != nil {
		t.Fatalf("WriteCSV: %v", err)
	}
	if n != int64(len(obs)) {
		t.Errorf("WriteCSV wrote %d observations; want %d", n, len(obs))
	}
	data := buf.String()
	if !strings.HasPrefix(data, "\uFEFF") {
		t.Fatalf("CSV does not start with a byte order mark: %q", data[:10])
	}
	cr := csv.NewReader(strings.NewReader(strings.TrimPrefix(data, "\uFEFF")))
	cr.Comma = ';'
	records, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(records) != len(obs)+1 {
		t.Fatalf("%d records; want %d", len(records), len(obs)+1)
	}
	if got := records[0]; fmt.Sprint(got) != fmt.Sprint(headers(observationColumns)) {
		t.Errorf("header %q", got)
	}
	tests := []struct {
		row   int
		col   int
		field string
	}{
		{1, colValue, "471"},
		{1, colSentence, `'=HYPERLINK("http://x","klik")`},
		{1, 12, "2017-02-13"},
		{1, 11, ""},
		{1, 6, "circa"},
		{2, 7, "1995"},
		{2, colSentence, "'+31 20 1234567 belde."},
		{3, colValue, "6400000"},
		{3, colSentence, "'-6,4 miljoen euro werd uitgegeven."},
		{4, colValue, "15"},
		{4, colSentence, "'@een afname van 15%."},
		{5, colValue, "141,2"},
		{5, colSentence, "'\tEen tab ervoor."},
		{5, colDeriv, "'=120 / (1 - 0,15)"},
		{5, 17, "afgeleid"},
		{6, 13, ""},
		{6, 19, "CBS, 2015"},
		{6, 20, "'\r\nregeleinde"},
	}
	for _, tt := range tests {
		got := records[tt.row][tt.col]
		want := tt.field
		if tt.row == 6 && tt.col == 20 {
			want = "'\nregeleinde" // encoding/csv reads CRLF in a quoted field as LF
		}
		if got != want {
			t.Errorf("record %d field %s = %q; want %q", tt.row, observationColumns[tt.col].header, got, want)
		}
	}
	if !strings.Contains(data, "\r\n") {
		t.Errorf("CSV lines do not end in CRLF")
	}
}

func TestFormatFor(t *testing.T) {
	tests := []struct {
		v    float64
		unit string
		kind peil.Kind
		want numFormat
	}{
		{386, "onderzoeken", peil.KindStock, numInteger},
		{6.4, "score", peil.KindRating, numDecimal},
		{6.4e6, "euro", peil.KindAmount, numEuro},
		{2.5e6, "", peil.KindAmount, numInteger}, // the unit says euro (peil.IsEuro), not the kind
		{12.5, "euro", peil.KindAmount, numEuroCent},
		{15, "procent", peil.KindChange, numPercent},
		{15, "%", peil.KindStock, numPercent},
	}
	for _, tt := range tests {
		if got := formatFor(tt.v, tt.unit, tt.kind); got != tt.want {
			t.Errorf("formatFor(%v, %q, %s) = %s; want %s", tt.v, tt.unit, tt.kind, numFormatCodes[got], numFormatCodes[tt.want])
		}
	}
	if got := cellValue(15, numPercent); got != 0.15 {
		t.Errorf("cellValue(15, percent) = %v; want 0.15", got)
	}
}

// TestProductionChartTitles exports from a real database, as peil export and
// the server do: the charts on Grafieken are titled with the indicators'
// Dutch labels, never their ids, and every sheet prints landscape, one page
// wide, with its header row on every page.
func TestProductionChartTitles(t *testing.T) {
	db := fixtureDB(t, fixtures(t)...)
	b := export(t, db, peil.Filter{})
	inds, err := db.Indicators(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	charts := b.parts("xl/charts/chart")
	if len(charts) == 0 {
		t.Fatal("no charts")
	}
	for _, name := range charts {
		xml := b.part(name)
		found := false
		for _, ind := range inds {
			if strings.Contains(xml, "<a:t>"+ind.Label+"</a:t>") {
				found = true
			}
			if strings.Contains(xml, "<a:t>"+string(ind.ID)+"</a:t>") {
				t.Errorf("%s is titled with the id %s", name, ind.ID)
			}
		}
		if !found {
			t.Errorf("%s has no indicator's Dutch label as title", name)
		}
	}
	workbook := b.part("xl/workbook.xml")
	for i, sheet := range Sheets {
		ws := b.part(fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1))
		for _, want := range []string{`orientation="landscape"`, `fitToWidth="1"`, `fitToHeight="0"`, `paperSize="9"`} {
			if !strings.Contains(ws, want) {
				t.Errorf("%s: page setup lacks %s", sheet, want)
			}
		}
		if !regexp.MustCompile(`<pageSetUpPr fitToPage="(1|true)"`).MatchString(ws) {
			t.Errorf("%s: sheet properties lack fitToPage", sheet)
		}
		if r, ok := headerRows[sheet]; ok {
			want := regexp.MustCompile(fmt.Sprintf(`<definedName localSheetId="%d" name="_xlnm.Print_Titles">(&#39;|&apos;|')%s(&#39;|&apos;|')!\$%d:\$%d</definedName>`, i, sheet, r, r))
			if !want.MatchString(workbook) {
				t.Errorf("workbook.xml lacks the print titles of %s (row %d): %s", sheet, r, workbook)
			}
		}
	}
}

// TestNotesRowHeights reads Toelichting back: a row whose wrapped text runs
// over several lines is at least as high as those lines need at a generous
// 1,3 characters per unit of column width, so that its text is not hidden
// under the next row; a note alone in column A runs over A and B.
func TestNotesRowHeights(t *testing.T) {
	b := writeBook(t, testWorkbook())
	rows, err := b.f.GetRows(sheetNotes)
	if err != nil {
		t.Fatal(err)
	}
	tall := 0
	for i, cells := range rows {
		r := i + 1
		need := 1
		for c, text := range cells {
			if c >= len(notesWidths) || text == "" {
				continue
			}
			if st := b.style(sheetNotes, ref(c+1, r)); st.Alignment == nil || !st.Alignment.WrapText {
				continue // unwrapped text runs on into the empty cells beside it
			}
			w := notesWidths[c]
			if c == 0 && len(cells) == 1 {
				w += notesWidths[1]
			}
			need = max(need, (utf8.RuneCountInString(text)+int(w*1.3)-1)/int(w*1.3))
		}
		h, err := b.f.GetRowHeight(sheetNotes, r)
		if err != nil {
			t.Fatal(err)
		}
		if need > 1 {
			tall++
			if h < float64(need*lineHeight) {
				t.Errorf("Toelichting row %d: height %v for %d lines of text; want at least %d", r, h, need, need*lineHeight)
			}
		}
	}
	if tall < 5 {
		t.Errorf("Toelichting has %d rows of several lines; want the column definitions among them", tall)
	}
	merged, err := b.f.GetMergeCells(sheetNotes)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, m := range merged {
		found = found || (m.GetStartAxis() == "A2" && m.GetEndAxis() == "B2")
	}
	if !found {
		t.Errorf("Toelichting merges %v; want the introduction A2:B2", merged)
	}
}

// TestChartsPrintWhole checks that printing Grafieken cuts no chart in two:
// with nine charts (five bands of two) the sheet has page breaks, each one
// between bands, and no chart's anchor spans a break.
func TestChartsPrintWhole(t *testing.T) {
	wb := testWorkbook()
	var obs []peil.Observation
	wb.Indicators = nil
	for i := range 9 {
		id := peil.IndicatorID(fmt.Sprintf("ind%d", i))
		wb.Indicators = append(wb.Indicators, peil.Indicator{ID: id, Measure: 1, Label: fmt.Sprintf("Indicator %d", i),
			Unit: "zaken", Kind: peil.KindStock, Key: true})
		for j, d := range []peil.Date{d1115, d0213} {
			obs = append(obs, peil.Observation{ID: int64(10*i + j + 1), Report: int64(j + 1), ReportDate: d, Measure: 1,
				Indicator: id, Value: float64(100 + i + j), Qualifier: peil.QualExact, Kind: peil.KindStock,
				Unit: "zaken", PeriodEnd: d, Source: peil.SourceExtracted})
		}
	}
	wb.Observations = sliceObservations(obs)
	b := writeBook(t, wb)
	if got := len(b.parts("xl/charts/chart")); got != 9 {
		t.Fatalf("%d charts; want 9", got)
	}
	sheet := b.part(fmt.Sprintf("xl/worksheets/sheet%d.xml", slices.Index(Sheets, sheetCharts)+1))
	var breaks []int // 0-based rows with a page break above them
	for _, m := range regexp.MustCompile(`<rowBreaks[^>]*>(.*?)</rowBreaks>`).FindAllStringSubmatch(sheet, -1) {
		for _, id := range regexp.MustCompile(`<brk id="(\d+)"`).FindAllStringSubmatch(m[1], -1) {
			n, _ := strconv.Atoi(id[1])
			breaks = append(breaks, n)
		}
	}
	if len(breaks) != 2 {
		t.Fatalf("Grafieken row breaks %v; want 2 (five bands, two a page)", breaks)
	}
	drawing := ""
	for _, p := range b.parts("xl/drawings/drawing") {
		drawing += b.part(p)
	}
	anchors := regexp.MustCompile(`(?s)<xdr:from><xdr:col>\d+</xdr:col><xdr:colOff>\d+</xdr:colOff><xdr:row>(\d+)</xdr:row>.*?<xdr:to><xdr:col>\d+</xdr:col><xdr:colOff>\d+</xdr:colOff><xdr:row>(\d+)</xdr:row>`).
		FindAllStringSubmatch(drawing, -1)
	if len(anchors) != 9 {
		t.Fatalf("%d chart anchors in the drawing; want 9", len(anchors))
	}
	for _, a := range anchors {
		from, _ := strconv.Atoi(a[1])
		to, _ := strconv.Atoi(a[2])
		for _, br := range breaks {
			// Rows from..to (0-based) hold the chart; a break above row br
			// cuts it when from < br <= to.
			if from < br && br <= to {
				t.Errorf("chart on rows %d–%d is cut by the page break above row %d", from+1, to+1, br+1)
			}
		}
	}
}
