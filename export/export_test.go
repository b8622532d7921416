package export

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/peil-dev/peil"
	"github.com/peil-dev/peil/analytics"
	"github.com/peil-dev/peil/ingest"
)

// The store's fixture reports (analytics/testdata), oldest first.
var fixtureReports = []string{"report1.json", "report2.json", "report3.json", "report4.json"}

// readFixture decodes analytics/testdata/name into v.
func readFixture(t testing.TB, name string, v any) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "analytics", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("decode %s: %v", name, err)
	}
}

// injectionReport is a report whose texts a spreadsheet would take for
// formulas, as a hostile or unlucky report could contain them.
func injectionReport() *peil.Extraction {
	date := peil.NewDate(2017, 6, 1)
	return &peil.Extraction{
		Report: peil.Report{File: "injectie.txt", Title: "=Rapportage met formules", SHA256: strings.Repeat("e", 64), ReportDate: date},
		Measures: []peil.Measure{
			{Nr: 1, Title: "Strafrechtelijk onderzoek naar uitreizigers", Status: "=1+1 onderzoeken lopen er nu 500.", Line: 5},
		},
		Figures: []peil.Figure{
			{Measure: 1, Value: 500, Text: "500", Qualifier: peil.QualExact, Unit: "onderzoeken", Indicator: "investigations",
				Kind: peil.KindStock, PeriodEnd: date, Sentence: `=HYPERLINK("http://x","klik")`, Line: 6},
			{Measure: 1, Value: 12, Text: "-12", Qualifier: peil.QualExact, Unit: "zaken", Kind: peil.KindFlow,
				PeriodStart: peil.NewDate(2017, 1, 1), PeriodEnd: date, Sentence: "@SUM(1+1) zaken minder.", Line: 7},
		},
		Events: []peil.Event{
			{Measure: 1, Date: peil.NewDate(2017, 5, 1), Precision: peil.PrecisionDay, Type: peil.EventInForce,
				Label: "+wet", Sentence: "-Per 1 mei 2017 is de wet in werking getreden.", Line: 8},
		},
	}
}

// fixtureDB opens a fresh database file in a temporary directory with the
// store's test catalog and the given extractions ingested.
func fixtureDB(t testing.TB, exts ...*peil.Extraction) *analytics.DB {
	t.Helper()
	var cat peil.Catalog
	readFixture(t, "catalog.json", &cat)
	ctx := context.Background()
	db, err := analytics.Open(ctx, filepath.Join(t.TempDir(), "peil.duckdb"), analytics.Options{Catalog: &cat, Derive: ingest.Derive})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	for _, ext := range exts {
		if _, err := db.IngestReport(ctx, ext); err != nil {
			t.Fatalf("IngestReport(%s): %v", ext.Report.File, err)
		}
	}
	return db
}

// fixtures returns the store's fixture reports and the injection report.
func fixtures(t testing.TB) []*peil.Extraction {
	var exts []*peil.Extraction
	for _, n := range fixtureReports {
		var ext peil.Extraction
		readFixture(t, n, &ext)
		exts = append(exts, &ext)
	}
	return append(exts, injectionReport())
}

// dbObservations returns what db.Observations streams for f.
func dbObservations(t testing.TB, db *analytics.DB, f peil.Filter) []peil.Observation {
	t.Helper()
	var obs []peil.Observation
	if err := db.Observations(context.Background(), f, func(o *peil.Observation) error {
		obs = append(obs, *o)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return obs
}

// export runs XLSX for the observations f selects and opens the result.
func export(t testing.TB, db *analytics.DB, f peil.Filter) *book {
	t.Helper()
	return exportOptions(t, db, peil.ExportOptions{Filter: f})
}

// exportOptions runs XLSX with o and opens the result.
func exportOptions(t testing.TB, db *analytics.DB, o peil.ExportOptions) *book {
	t.Helper()
	var buf bytes.Buffer
	if err := XLSX(context.Background(), db, o, &buf); err != nil {
		t.Fatalf("XLSX(%+v): %v", o, err)
	}
	return openBook(t, buf.Bytes())
}

// checkObservations compares Waarnemingen with the observations db holds for f.
func checkObservations(t *testing.T, b *book, db *analytics.DB, f peil.Filter) []peil.Observation {
	t.Helper()
	ctx := context.Background()
	obs := dbObservations(t, db, f)
	if len(obs) == 0 {
		t.Fatalf("no observations for %+v; the fixtures should have some", f)
	}
	reports, err := db.Reports(ctx)
	if err != nil {
		t.Fatal(err)
	}
	titles := map[int64]string{}
	for _, r := range reports {
		titles[r.ID] = r.Title
	}
	const s = sheetObservations
	if got := b.rows(s); got != len(obs)+1 {
		t.Errorf("Waarnemingen has %d rows; want %d observations and a header", got, len(obs))
	}
	b.checkDataSheet(s, 1, len(obs), len(observationColumns))
	for i, o := range obs {
		r := i + 2
		if got := b.number(s, ref(1, r)); got != float64(o.Measure) {
			t.Errorf("row %d: Nr %v; want %d", r, got, o.Measure)
		}
		if o.Indicator == "" {
			b.empty(s, ref(3, r))
		} else if got := b.text(s, ref(3, r)); got != string(o.Indicator) {
			t.Errorf("row %d: Indicator %q; want %q", r, got, o.Indicator)
		}
		nf := formatFor(o.Value, o.Unit, o.Kind)
		if got, want := b.number(s, ref(colValue+1, r)), excel15(cellValue(o.Value, nf)); got != want {
			t.Errorf("row %d: Waarde %v; want %v (%v %s)", r, got, want, o.Value, o.Unit)
		}
		if got := b.numFmt(s, ref(colValue+1, r)); got != numFormatCodes[nf] {
			t.Errorf("row %d: Waarde format %q; want %q", r, got, numFormatCodes[nf])
		}
		st := b.style(s, ref(colValue+1, r))
		if italic := st.Font != nil && st.Font.Italic; italic != (o.Qualifier != peil.QualExact) {
			t.Errorf("row %d: %s value italic %v", r, o.Qualifier, italic)
		}
		if derived := len(st.Fill.Color) > 0 && strings.HasSuffix(strings.ToUpper(st.Fill.Color[0]), fillDerived); derived != (o.Source == peil.SourceDerived) {
			t.Errorf("row %d: %s value marked derived %v", r, o.Source, derived)
		}
		if got := b.text(s, ref(6, r)); got != peil.SpreadsheetSafe(o.Text) {
			t.Errorf("row %d: Tekst %q; want %q", r, got, peil.SpreadsheetSafe(o.Text))
		}
		if got, want := b.text(s, ref(7, r)), o.Qualifier.Dutch(); got != want {
			t.Errorf("row %d: Kwalificatie %q; want %q", r, got, want)
		}
		for col, bound := range map[int]*float64{8: o.Lower, 9: o.Upper} {
			if bound == nil {
				b.empty(s, ref(col, r))
			} else if got, want := b.number(s, ref(col, r)), excel15(cellValue(*bound, formatFor(*bound, o.Unit, o.Kind))); got != want {
				t.Errorf("row %d: bound in column %d = %v; want %v", r, col, got, want)
			}
		}
		for col, d := range map[int]peil.Date{12: o.PeriodStart, 13: o.PeriodEnd, 14: o.ReportDate} {
			if d.IsZero() {
				b.empty(s, ref(col, r))
			} else if got := b.date(s, ref(col, r)); got != d {
				t.Errorf("row %d: date in column %d = %v; want %v", r, col, got, d)
			}
		}
		if got := b.text(s, ref(15, r)); got != peil.SpreadsheetSafe(titles[o.Report]) {
			t.Errorf("row %d: Rapport %q; want %q", r, got, titles[o.Report])
		}
		if got := b.text(s, ref(colSentence+1, r)); got != peil.SpreadsheetSafe(o.Sentence) {
			t.Errorf("row %d: Bronzin %q; want %q", r, got, peil.SpreadsheetSafe(o.Sentence))
		}
		if got := b.number(s, ref(17, r)); got != float64(o.Line) {
			t.Errorf("row %d: Regel %v; want %d", r, got, o.Line)
		}
		if got, want := b.text(s, ref(18, r)), o.Source.Dutch(); got != want {
			t.Errorf("row %d: Herkomst %q; want %q", r, got, want)
		}
		if o.Derivation == "" {
			b.empty(s, ref(colDeriv+1, r))
		} else if got := b.text(s, ref(colDeriv+1, r)); got != peil.SpreadsheetSafe(o.Derivation) {
			t.Errorf("row %d: Afleiding %q; want %q", r, got, o.Derivation)
		}
		if got, want := b.text(s, ref(colCurrent+1, r)), peil.YesNo(o.Current); got != want {
			t.Errorf("row %d: Geldend %q; want %q", r, got, want)
		}
		if got, want := b.text(s, ref(colExpected+1, r)), peil.YesNo(o.Expected); got != want {
			t.Errorf("row %d: Verwachting %q; want %q", r, got, want)
		}
	}
	checkCurrentOnce(t, b, db, f)
	return obs
}

// checkCurrentOnce reads Waarnemingen back as a pivot on Geldend = ja would:
// each period of an indicator counts once, and there is a row for every
// point of the indicators' series in the selection.
func checkCurrentOnce(t *testing.T, b *book, db *analytics.DB, f peil.Filter) {
	t.Helper()
	const s = sheetObservations
	type period struct{ ind, start, end string }
	seen := map[period]int{}
	inds := map[string]bool{}
	for r := 2; r <= b.rows(s); r++ {
		if b.text(s, ref(colCurrent+1, r)) != "ja" {
			continue
		}
		k := period{b.text(s, ref(3, r)), b.raw(s, ref(12, r)), b.raw(s, ref(13, r))}
		seen[k]++
		inds[k.ind] = true
		if seen[k] > 1 {
			t.Errorf("Waarnemingen: %d rows with Geldend = ja for %+v; want one", seen[k], k)
		}
	}
	points := 0
	for id := range inds {
		series, err := db.Series(context.Background(), peil.IndicatorID(id))
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range series.Points {
			if (f.From.IsZero() || !p.PeriodEnd.Before(f.From.Time)) && (f.To.IsZero() || !p.PeriodEnd.After(f.To.Time)) {
				points++
			}
		}
	}
	if len(seen) == 0 || len(seen) > points || (f == peil.Filter{} && len(seen) != points) {
		t.Errorf("Waarnemingen: %d periods with Geldend = ja; want at least one and at most the %d points of their series", len(seen), points)
	}
}

func TestExportMatchesDatabase(t *testing.T) {
	ctx := context.Background()
	db := fixtureDB(t, fixtures(t)...)
	b := export(t, db, peil.Filter{})
	obs := checkObservations(t, b, db, peil.Filter{})
	var derived, approx bool
	for _, o := range obs {
		derived = derived || o.Source == peil.SourceDerived
		approx = approx || o.Qualifier == peil.QualApprox
	}
	if !derived || !approx {
		t.Errorf("fixtures have derived %v, approximate %v observations; want both", derived, approx)
	}

	// Tijdreeksen: a row per indicator with observations, the latest statement per period end.
	inds, err := db.Indicators(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	const ts = sheetSeries
	header := b.row(ts, 1)
	colOf := map[string]int{}
	for i, h := range header {
		colOf[h] = i + 1
	}
	if got := b.rows(ts); got != len(inds)+1 {
		t.Errorf("Tijdreeksen has %d rows; want %d indicators and a header", got, len(inds))
	}
	b.checkDataSheet(ts, 1, len(inds), len(header))
	var keys int
	for i, ind := range inds {
		r := i + 2
		if got := b.text(ts, ref(2, r)); got != string(ind.ID) {
			t.Fatalf("Tijdreeksen row %d is %q; want %q", r, got, ind.ID)
		}
		s, err := db.Series(ctx, ind.ID)
		if err != nil {
			t.Fatal(err)
		}
		if ind.Key {
			keys++
		}
		for _, p := range latestPerPeriod(s) {
			col := colOf[peil.FormatShortDate(p.PeriodEnd)]
			if col == 0 {
				t.Fatalf("Tijdreeksen has no column for %s", peil.FormatShortDate(p.PeriodEnd))
			}
			nf := formatFor(p.Value, ind.Unit, ind.Kind)
			if got, want := b.number(ts, ref(col, r)), excel15(cellValue(p.Value, nf)); got != want {
				t.Errorf("Tijdreeksen %s %s = %v; want %v", ind.ID, peil.FormatShortDate(p.PeriodEnd), got, want)
			}
		}
	}
	if got := len(b.parts("xl/charts/chart")); got != keys || keys == 0 {
		t.Errorf("Grafieken has %d charts; want one per key indicator (%d)", got, keys)
	}

	// Maatregelen: every measure, its status per report.
	measures, err := db.Measures(ctx)
	if err != nil {
		t.Fatal(err)
	}
	reports, err := db.Reports(ctx)
	if err != nil {
		t.Fatal(err)
	}
	const ms = sheetMeasures
	titles := map[int64]string{}
	for _, rep := range reports {
		titles[rep.ID] = rep.Title
	}
	// The rows of each measure (in cluster order) are together: its statuses by report date.
	r := 1
	var order []int
	for r < b.rows(ms) {
		nr := int(b.number(ms, ref(2, r+1)))
		order = append(order, nr)
		statuses, err := db.MeasureStatuses(ctx, nr)
		if err != nil {
			t.Fatalf("Maatregelen row %d: measure %d: %v", r+1, nr, err)
		}
		if len(statuses) == 0 {
			statuses = []peil.MeasureStatus{{Measure: nr}} // a row without a report
		}
		for _, st := range statuses {
			r++
			if got := int(b.number(ms, ref(2, r))); got != nr {
				t.Fatalf("Maatregelen row %d is measure %d; want %d", r, got, nr)
			}
			if got, want := b.text(ms, ref(5, r)), peil.SpreadsheetSafe(titles[st.Report]); got != want {
				t.Errorf("Maatregelen row %d: report %q; want %q", r, got, want)
			}
			if got := b.text(ms, ref(6, r)); got != peil.SpreadsheetSafe(st.Status) {
				t.Errorf("Maatregelen %d in report %d = %q; want %q", nr, st.Report, got, st.Status)
			}
		}
	}
	if len(order) != len(measures) {
		t.Errorf("Maatregelen has measures %v; want all %d", order, len(measures))
	}
	b.checkDataSheet(ms, 1, r-1, len(measureColumns))

	// Gebeurtenissen.
	events, err := db.Events(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	b.checkDataSheet(sheetEvents, 1, len(events), len(eventColumns))
	for i, e := range events {
		r := i + 2
		if got := b.date(sheetEvents, ref(3, r)); got != e.Date {
			t.Errorf("Gebeurtenissen row %d date %v; want %v", r, got, e.Date)
		}
		if got := b.text(sheetEvents, ref(6, r)); got != peil.SpreadsheetSafe(e.Label) {
			t.Errorf("Gebeurtenissen row %d label %q; want %q", r, got, e.Label)
		}
	}

	// Vergelijking: the injection report against report4.
	c, err := db.Compare(ctx, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	for _, m := range c.Measures {
		want += max(1, len(m.Moved)+len(m.Appeared)+len(m.Disappeared))
	}
	b.checkDataSheet(sheetComparison, comparisonTop, want, len(comparisonColumns))
	if got := b.rows(sheetComparison); got != comparisonTop+want {
		t.Errorf("Vergelijking has %d rows; want %d", got, comparisonTop+want)
	}
	r = comparisonTop
	for _, m := range c.Measures {
		mvs := append(append(append([]peil.Movement(nil), m.Moved...), m.Appeared...), m.Disappeared...)
		if len(mvs) == 0 {
			r++
			if got := b.number(sheetComparison, ref(1, r)); got != float64(m.Measure.Nr) {
				t.Errorf("Vergelijking row %d: measure %v; want %d", r, got, m.Measure.Nr)
			}
			b.empty(sheetComparison, ref(3, r))
		}
		for _, mv := range mvs {
			r++
			if got := b.text(sheetComparison, ref(3, r)); got != string(mv.Indicator.ID) {
				t.Errorf("Vergelijking row %d: indicator %q; want %q", r, got, mv.Indicator.ID)
			}
			for col, p := range map[int]*peil.Point{6: mv.From, 7: mv.To} {
				if p == nil {
					b.empty(sheetComparison, ref(col, r))
				} else if got, want := b.number(sheetComparison, ref(col, r)), excel15(cellValue(p.Value, formatFor(p.Value, mv.Indicator.Unit, mv.Indicator.Kind))); got != want {
					t.Errorf("Vergelijking row %d column %d = %v; want %v", r, col, got, want)
				}
			}
			if mv.ChangePct != nil {
				if got := b.number(sheetComparison, ref(9, r)); got != excel15(*mv.ChangePct/100) {
					t.Errorf("Vergelijking row %d: Verschil %% %v; want %v", r, got, *mv.ChangePct/100)
				}
			}
		}
	}
	if got := b.text(sheetComparison, "A2"); !strings.Contains(got, c.To.NameDated()) || !strings.Contains(got, c.From.Title) {
		t.Errorf("Vergelijking A2 = %q; want both reports named", got)
	}

	// Toelichting: every source report with its sha256.
	notes, err := b.f.GetRows(sheetNotes)
	if err != nil {
		t.Fatal(err)
	}
	text := ""
	for _, row := range notes {
		text += strings.Join(row, "|") + "\n"
	}
	for _, r := range reports {
		if !strings.Contains(text, peil.SpreadsheetSafe(r.Title)+"|"+r.File+"|"+peil.FormatShortDate(r.ReportDate)) || !strings.Contains(text, r.SHA256) {
			t.Errorf("Toelichting lacks report %s (%s)", r.Title, r.SHA256)
		}
	}
	if !strings.Contains(text, "Aantal waarnemingen|"+strconv.Itoa(len(obs))+"\n") {
		t.Errorf("Toelichting does not give the number of observations (%d)", len(obs))
	}
}

func TestExportFiltered(t *testing.T) {
	db := fixtureDB(t, fixtures(t)...)
	tests := []peil.Filter{
		{Measure: 23},
		{Indicator: "passport_measures"},
		{From: peil.NewDate(2016, 6, 1), To: peil.NewDate(2016, 12, 31)},
		{Measure: 5, From: peil.NewDate(2016, 7, 1)},
	}
	for _, f := range tests {
		b := export(t, db, f)
		obs := checkObservations(t, b, db, f)
		for _, o := range obs {
			if (f.Measure != 0 && o.Measure != f.Measure) || (f.Indicator != "" && o.Indicator != f.Indicator) || !inPeriod(o.PeriodEnd, f) {
				t.Errorf("Export(%+v): observation %+v outside the filter", f, o)
			}
		}
		// Tijdreeksen keeps only points in the period.
		header := b.row(sheetSeries, 1)
		for _, h := range header[len(seriesColumns):] {
			parts := strings.Split(h, "-")
			y, _ := strconv.Atoi(parts[2])
			m, _ := strconv.Atoi(parts[1])
			d, _ := strconv.Atoi(parts[0])
			if !inPeriod(peil.NewDate(y, time.Month(m), d), f) {
				t.Errorf("Export(%+v): Tijdreeksen has period %s", f, h)
			}
		}
		measure := f.Measure
		if f.Indicator == "passport_measures" {
			measure = 5
		}
		if measure != 0 {
			for r := 2; r <= b.rows(sheetMeasures); r++ {
				if got := b.number(sheetMeasures, ref(2, r)); got != float64(measure) {
					t.Errorf("Export(%+v): Maatregelen row %d shows measure %v", f, r, got)
				}
			}
			if n := len(b.parts("xl/charts/chart")); n != b.rows(sheetSeries)-1 {
				t.Errorf("Export(%+v): %d charts; want one per series (%d)", f, n, b.rows(sheetSeries)-1)
			}
		}
	}
}

func TestExportUnknownFilter(t *testing.T) {
	db := fixtureDB(t, fixtures(t)[:1]...)
	for _, f := range []peil.Filter{{Measure: 99}, {Indicator: "no_such_indicator"}} {
		var buf bytes.Buffer
		if err := XLSX(context.Background(), db, peil.ExportOptions{Filter: f}, &buf); peil.ErrorCode(err) != peil.ENOTFOUND {
			t.Errorf("Export(%+v) = %v; want ENOTFOUND", f, err)
		}
		if err := CSV(context.Background(), db, f, &buf); peil.ErrorCode(err) != peil.ENOTFOUND {
			t.Errorf("CSV(%+v) = %v; want ENOTFOUND", f, err)
		}
		if buf.Len() != 0 {
			t.Errorf("Export(%+v) wrote %d bytes before failing", f, buf.Len())
		}
	}
}

// TestExportContradictoryFilter asks for a measure and an indicator of
// another measure: an error before anything is written.
func TestExportContradictoryFilter(t *testing.T) {
	ctx := context.Background()
	db := fixtureDB(t, fixtures(t)...)
	s, err := db.Series(ctx, "passport_measures")
	if err != nil {
		t.Fatal(err)
	}
	other := 1
	if s.Indicator.Measure == other {
		other = 2
	}
	f := peil.Filter{Measure: other, Indicator: "passport_measures"}
	want := fmt.Sprintf("indicator passport_measures hoort bij maatregel %d, niet bij maatregel %d", s.Indicator.Measure, other)
	for name, write := range map[string]func(context.Context, Store, peil.Filter, io.Writer) error{
		"XLSX": func(ctx context.Context, db Store, f peil.Filter, w io.Writer) error {
			return XLSX(ctx, db, peil.ExportOptions{Filter: f}, w)
		},
		"CSV": CSV,
	} {
		var buf bytes.Buffer
		err := write(ctx, db, f, &buf)
		if peil.ErrorCode(err) != peil.EINVALID || peil.ErrorMessage(err) != want {
			t.Errorf("%s(%+v) = %v; want EINVALID %q", name, f, err, want)
		}
		if buf.Len() != 0 {
			t.Errorf("%s(%+v) wrote %d bytes before failing", name, f, buf.Len())
		}
	}
}

// TestExportCompareReports picks the reports of Vergelijking with the filter.
func TestExportCompareReports(t *testing.T) {
	ctx := context.Background()
	db := fixtureDB(t, fixtures(t)...)
	reports, err := db.Reports(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(reports) < 3 {
		t.Fatalf("fixtures have %d reports; want at least 3", len(reports))
	}
	first, last := reports[0], reports[len(reports)-1]
	b := exportOptions(t, db, peil.ExportOptions{CompareFrom: first.ID, CompareTo: last.ID})
	want := "Van " + first.NameDated() + " naar " + last.NameDated() + "."
	if got := b.text(sheetComparison, "A2"); got != peil.SpreadsheetSafe(want) {
		t.Errorf("Vergelijking A2 = %q; want %q", got, want)
	}
	c, err := db.Compare(ctx, first.ID, last.ID)
	if err != nil {
		t.Fatal(err)
	}
	rows := 0
	for _, m := range c.Measures {
		rows += max(1, len(m.Moved)+len(m.Appeared)+len(m.Disappeared))
	}
	b.checkDataSheet(sheetComparison, comparisonTop, rows, len(comparisonColumns))
	notes, err := b.f.GetRows(sheetNotes)
	if err != nil {
		t.Fatal(err)
	}
	var line string
	for _, row := range notes {
		if len(row) > 1 && row[0] == "Vergelijking" {
			line = row[1] // the selection comes before the list of sheets
			break
		}
	}
	if !strings.Contains(line, first.NameDated()) || !strings.Contains(line, fmt.Sprintf("rapport-id %d en %d", first.ID, last.ID)) {
		t.Errorf("Toelichting Vergelijking = %q; want both reports and their ids", line)
	}

	// The default compares the previous with the latest report.
	b = export(t, db, peil.Filter{})
	want = "Van " + reports[len(reports)-2].NameDated() + " naar " + last.NameDated() + "."
	if got := b.text(sheetComparison, "A2"); got != peil.SpreadsheetSafe(want) {
		t.Errorf("Vergelijking A2 = %q; want %q", got, want)
	}

	// A report that does not exist is an error, not a workbook.
	var buf bytes.Buffer
	f := peil.ExportOptions{CompareFrom: first.ID, CompareTo: 9999}
	if err := XLSX(ctx, db, f, &buf); peil.ErrorCode(err) != peil.ENOTFOUND && peil.ErrorCode(err) != peil.EINVALID {
		t.Errorf("Export(%+v) = %v; want ENOTFOUND or EINVALID", f, err)
	}
	if buf.Len() != 0 {
		t.Errorf("Export(%+v) wrote %d bytes before failing", f, buf.Len())
	}
}

func TestExportOneReport(t *testing.T) {
	db := fixtureDB(t, fixtures(t)[:1]...)
	b := export(t, db, peil.Filter{})
	if got := b.text(sheetComparison, "A2"); !strings.Contains(got, "ten minste twee rapporten") || !strings.Contains(got, "bevat er 1") {
		t.Errorf("Vergelijking A2 = %q; want a note that a comparison needs two reports", got)
	}
}

func TestExportEmptyDatabase(t *testing.T) {
	db := fixtureDB(t)
	var buf bytes.Buffer
	if err := XLSX(context.Background(), db, peil.ExportOptions{}, &buf); err != nil {
		t.Fatalf("Export of an empty database: %v", err)
	}
	b := openBook(t, buf.Bytes())
	if got := b.rows(sheetObservations); got != 1 {
		t.Errorf("Waarnemingen has %d rows; want only the header", got)
	}
	b.checkDataSheet(sheetObservations, 1, 0, len(observationColumns))
}

func TestExportFormulaInjection(t *testing.T) {
	db := fixtureDB(t, injectionReport())
	b := export(t, db, peil.Filter{})
	// Every cell of every sheet: no formula, no leading formula character.
	b.noFormulaAnywhere()
	found := false
	for r := 2; r <= b.rows(sheetObservations); r++ {
		if b.text(sheetObservations, ref(colSentence+1, r)) == `'=HYPERLINK("http://x","klik")` {
			found = true
		}
	}
	if !found {
		t.Errorf("Waarnemingen lacks the HYPERLINK sentence as text")
	}

	var buf bytes.Buffer
	if err := CSV(context.Background(), db, peil.Filter{}, &buf); err != nil {
		t.Fatal(err)
	}
	cr := csv.NewReader(strings.NewReader(strings.TrimPrefix(buf.String(), utf8BOM)))
	cr.Comma = ';'
	records, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	found = false
	for _, rec := range records {
		for _, field := range rec {
			if field != "" && strings.ContainsRune("=+-@\t\r\n\x00", rune(field[0])) {
				t.Errorf("CSV field %q starts with a formula character", field)
			}
		}
		found = found || rec[colSentence] == `'=HYPERLINK("http://x","klik")`
	}
	if !found {
		t.Errorf("CSV lacks the HYPERLINK sentence as text")
	}
}

func TestExportCSVMatchesDatabase(t *testing.T) {
	db := fixtureDB(t, fixtures(t)...)
	f := peil.Filter{Measure: 23}
	var buf bytes.Buffer
	if err := CSV(context.Background(), db, f, &buf); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte(utf8BOM)) {
		t.Fatalf("CSV lacks the byte order mark")
	}
	cr := csv.NewReader(bytes.NewReader(buf.Bytes()[len(utf8BOM):]))
	cr.Comma = ';'
	records, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	obs := dbObservations(t, db, f)
	if len(records) != len(obs)+1 {
		t.Fatalf("CSV has %d records; want %d observations and a header", len(records), len(obs))
	}
	for i, o := range obs {
		rec := records[i+1]
		v, err := strconv.ParseFloat(strings.Replace(rec[colValue], ",", ".", 1), 64)
		if err != nil || v != o.Value || strings.Contains(rec[colValue], ".") {
			t.Errorf("record %d: Waarde %q; want %v with a decimal comma", i+1, rec[colValue], o.Value)
		}
		for col, want := range map[int]string{0: strconv.Itoa(o.Measure), 2: string(o.Indicator), 6: o.Qualifier.Dutch(),
			11: o.PeriodStart.String(), 12: o.PeriodEnd.String(), 13: o.ReportDate.String(), colSentence: peil.SpreadsheetSafe(o.Sentence),
			16: strconv.Itoa(o.Line), 17: o.Source.Dutch()} {
			if rec[col] != want {
				t.Errorf("record %d: %s = %q; want %q", i+1, observationColumns[col].header, rec[col], want)
			}
		}
	}
}

// TestExportIndicatorWithoutObservations selects a catalog indicator that no
// report mentions yet: the workbook is about its measure, with no observations.
func TestExportIndicatorWithoutObservations(t *testing.T) {
	db := fixtureDB(t, injectionReport())
	b := export(t, db, peil.Filter{Indicator: "returnees"})
	if got := b.rows(sheetObservations); got != 1 {
		t.Errorf("Waarnemingen has %d rows; want only the header", got)
	}
	if got := b.rows(sheetMeasures); got != 2 {
		t.Fatalf("Maatregelen has %d rows; want the header and measure 3", got)
	}
	if got := b.number(sheetMeasures, "B2"); got != 3 {
		t.Errorf("Maatregelen shows measure %v; want 3, the indicator's", got)
	}
}

// Maatregelen is the same whether Gather reads the status texts in one query
// (a small store) or one measure at a time (a big one).
func TestExportStatusesOneMeasureAtATime(t *testing.T) {
	db := fixtureDB(t, fixtures(t)...)
	sheet := func(b *book) [][]string {
		rows, err := b.f.GetRows(sheetMeasures)
		if err != nil {
			t.Fatal(err)
		}
		return rows
	}
	atOnce := sheet(export(t, db, peil.Filter{}))
	old := statusesAtOnce
	statusesAtOnce = 0
	defer func() { statusesAtOnce = old }()
	perMeasure := sheet(export(t, db, peil.Filter{}))
	reports, err := db.Reports(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(atOnce) < 1+statusRows(reports) {
		t.Errorf("Maatregelen has %d rows; want a header and at least the %d status texts", len(atOnce), statusRows(reports))
	}
	if fmt.Sprint(perMeasure) != fmt.Sprint(atOnce) {
		t.Errorf("Maatregelen per measure differs from at once:\n%q\n%q", perMeasure, atOnce)
	}
}
