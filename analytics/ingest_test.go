package analytics

import (
	"context"
	"reflect"
	"testing"

	"github.com/peil-dev/peil"
)

func TestIngestReport(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	res, err := db.IngestReport(ctx, fixture(t, "report3.json"))
	if err != nil {
		t.Fatal(err)
	}
	want := peil.IngestResult{Action: peil.ActionAdded, Measures: 6, Figures: 9, Events: 1, Derived: 2, Unmatched: 3, Open: 9}
	res.Report = peil.Report{}
	if !reflect.DeepEqual(res, want) {
		t.Errorf("IngestReport(report3) = %+v; want %+v", res, want)
	}
	if n := count(t, db, `SELECT count(*) FROM observations`); n != 11 {
		t.Errorf("observations = %d; want 11 (9 extracted + 2 derived)", n)
	}
	if n := count(t, db, `SELECT count(*) FROM observations WHERE indicator IS NULL`); n != 3 {
		t.Errorf("observations without indicator = %d; want 3", n)
	}
	// An indicator id the catalog does not know is added, marked as such.
	if n := count(t, db, `SELECT count(*) FROM indicators WHERE id = 'school_trainings' AND NOT from_catalog AND measure = 24`); n != 1 {
		t.Errorf("school_trainings rows = %d; want 1, not from the catalog", n)
	}
	// A measure the catalog does not know is added with the report's title.
	m, err := db.Measure(ctx, 24)
	if err != nil || m.Title != "Ondersteuning onderwijsinstellingen" || m.Status != "Er hebben 101 trainingen plaatsgevonden." {
		t.Errorf("Measure(24) = %+v, %v; want title and status from report3", m, err)
	}
}

func TestIngestReportUnchanged(t *testing.T) {
	ctx := context.Background()
	db := loadedDB(t, "report1.json")
	before := count(t, db, `SELECT count(*) FROM observations`)
	ext := fixture(t, "report1.json")
	ext.Report.File = "elders/kopie.txt" // same content under another name
	res, err := db.IngestReport(ctx, ext)
	if err != nil {
		t.Fatal(err)
	}
	if res.Action != peil.ActionUnchanged || res.Report.File != "rapportage-2016-06.txt" || res.Figures != 0 {
		t.Errorf("IngestReport(same sha256) = %+v; want unchanged, the stored report, no counts", res)
	}
	if after := count(t, db, `SELECT count(*) FROM observations`); after != before {
		t.Errorf("observations = %d after an unchanged report; want %d", after, before)
	}
}

func TestIngestReportReplaced(t *testing.T) {
	ctx := context.Background()
	db := loadedDB(t, "report1.json", "report2.json")
	ext := fixture(t, "report1.json")
	ext.Report.SHA256 = "1111111111111111111111111111111111111111111111111111111111110000"
	ext.Figures = ext.Figures[:2]
	ext.Events = nil
	res, err := db.IngestReport(ctx, ext)
	if err != nil {
		t.Fatal(err)
	}
	if res.Action != peil.ActionReplaced || res.Figures != 2 {
		t.Errorf("IngestReport(corrected report1) = %+v; want replaced with 2 figures", res)
	}
	reports, err := db.Reports(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(reports) != 2 {
		t.Fatalf("Reports = %d reports; want 2", len(reports))
	}
	got := reports[0]
	if got.ID != res.Report.ID || got.Figures != 2 || got.Events != 0 || got.SHA256 != ext.Report.SHA256 {
		t.Errorf("Reports()[0] = %+v; want the corrected report %d with 2 figures and no events", got, res.Report.ID)
	}
	if n := count(t, db, `SELECT count(*) FROM observations o WHERE NOT EXISTS (SELECT 1 FROM reports r WHERE r.id = o.report)`); n != 0 {
		t.Errorf("%d observations of the replaced report remain", n)
	}
}

func TestIngestReportInvalid(t *testing.T) {
	ctx := context.Background()
	db := loadedDB(t, "report1.json")
	before := count(t, db, `SELECT count(*) FROM observations`)
	tests := []struct {
		name string
		edit func(*peil.Extraction)
	}{
		{"no sha256", func(e *peil.Extraction) { e.Report.SHA256 = "" }},
		{"no date", func(e *peil.Extraction) { e.Report.ReportDate = peil.Date{} }},
		{"bad qualifier", func(e *peil.Extraction) { e.Figures[1].Qualifier = "roughly" }},
		{"bad kind", func(e *peil.Extraction) { e.Figures[0].Kind = "level" }},
		{"event without date", func(e *peil.Extraction) { e.Events[0].Date = peil.Date{} }},
	}
	for _, tt := range tests {
		ext := fixture(t, "report3.json")
		tt.edit(ext)
		_, err := db.IngestReport(ctx, ext)
		if peil.ErrorCode(err) != peil.EINVALID {
			t.Errorf("%s: IngestReport = %v; want EINVALID", tt.name, err)
		}
	}
	if after := count(t, db, `SELECT count(*) FROM observations`); after != before {
		t.Errorf("observations = %d after bad reports; want %d", after, before)
	}
}

// A report that fails halfway leaves nothing behind: not its report row, nor
// the rows appended before the failure.
func TestIngestReportRollback(t *testing.T) {
	ctx := context.Background()
	db := loadedDB(t, "report1.json")
	before := count(t, db, `SELECT count(*) FROM observations`)
	ext := fixture(t, "report3.json")
	// An event label that is not valid UTF-8 makes DuckDB's appender fail on the
	// last table, after the report row, statuses and observations are written.
	ext.Events[0].Label = "kapot \xff"
	if _, err := db.IngestReport(ctx, ext); err == nil {
		t.Fatal("IngestReport(invalid UTF-8) = nil error; want the appender's error")
	}
	if after := count(t, db, `SELECT count(*) FROM observations`); after != before {
		t.Errorf("observations = %d after a failed report; want %d", after, before)
	}
	if n := count(t, db, `SELECT count(*) FROM measure_status`); n != 5 {
		t.Errorf("measure_status rows = %d after a failed report; want 5 (report1's)", n)
	}
	if n := count(t, db, `SELECT count(*) FROM reports`); n != 1 {
		t.Errorf("reports = %d after a failed report; want 1", n)
	}
}

// TestBoundsAndExpectationsStored stores a range, a vague quantity and an
// expectation, and reads their bounds and flag back through every read: the
// observations, a series and a comparison.
func TestBoundsAndExpectationsStored(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	ext := fixture(t, "report1.json")
	lo, up := 40.0, 50.0
	vlo, vup := 20.0, 90.0
	ext.Figures = append(ext.Figures,
		peil.Figure{Measure: 1, Value: 45, Text: "tussen de 40 en 50", Qualifier: peil.QualRange, Lower: &lo, Upper: &up,
			Unit: "onderzoeken", Indicator: "investigations", Kind: peil.KindStock, PeriodEnd: peil.NewDate(2016, 5, 1),
			Sentence: "Er lopen tussen de 40 en 50 onderzoeken.", Line: 12},
		peil.Figure{Measure: 1, Value: 55, Text: "enkele tientallen", Qualifier: peil.QualVague, Lower: &vlo, Upper: &vup,
			Unit: "onderzoeken", Kind: peil.KindStock, PeriodEnd: peil.NewDate(2016, 6, 15),
			Sentence: "Er lopen enkele tientallen onderzoeken.", Line: 13},
		peil.Figure{Measure: 1, Value: 30000, Text: "ongeveer 30.000", Qualifier: peil.QualApprox, Expected: true,
			Unit: "onderzoeken", Indicator: "investigations", Kind: peil.KindStock, PeriodEnd: peil.NewDate(2016, 12, 31),
			Sentence: "Eind 2016 zullen er ongeveer 30.000 onderzoeken lopen.", Line: 14})
	if _, err := db.IngestReport(ctx, ext); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, `SELECT count(*) FROM observations WHERE expected`); n != 1 {
		t.Errorf("expected observations = %d; want 1", n)
	}
	byText := map[string]peil.Observation{}
	if err := db.Observations(ctx, peil.Filter{Measure: 1}, func(o *peil.Observation) error {
		byText[o.Text] = *o
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	str := func(p *float64) string {
		if p == nil {
			return "nil"
		}
		return peil.FormatNumber(*p)
	}
	for _, w := range []struct {
		text, lower, upper string
		expected           bool
	}{
		{"tussen de 40 en 50", "40", "50", false},
		{"enkele tientallen", "20", "90", false},
		{"ongeveer 30.000", "nil", "nil", true},
		{"circa 300", "nil", "nil", false},
	} {
		o, ok := byText[w.text]
		if !ok {
			t.Errorf("observation %q not read back", w.text)
			continue
		}
		if str(o.Lower) != w.lower || str(o.Upper) != w.upper || o.Expected != w.expected {
			t.Errorf("%q: lower %s, upper %s, expected %v; want %s, %s, %v", w.text, str(o.Lower), str(o.Upper), o.Expected,
				w.lower, w.upper, w.expected)
		}
	}
	for _, read := range []string{"Series", "AllSeries"} {
		var s *peil.Series
		var err error
		if read == "Series" {
			s, err = db.Series(ctx, "investigations")
		} else {
			var all []*peil.Series
			all, err = db.AllSeries(ctx, []peil.IndicatorID{"investigations"})
			if err == nil {
				s = all[0]
			}
		}
		if err != nil {
			t.Fatal(err)
		}
		if len(s.Points) != 3 {
			t.Fatalf("%s: %d points; want 3: %+v", read, len(s.Points), s.Points)
		}
		if p := s.Points[0]; p.Qualifier != peil.QualRange || str(p.Lower) != "40" || str(p.Upper) != "50" {
			t.Errorf("%s: range point = %+v; want bounds 40 and 50", read, p)
		}
		if p := s.Points[2]; !p.Expected || !p.Statements[0].Expected {
			t.Errorf("%s: last point = %+v; want an expectation", read, p)
		}
		if l := s.Latest(); l == nil || l.Value != 300 {
			t.Errorf("%s: Latest() = %+v; want circa 300, not the expectation", read, l)
		}
	}
	// A comparison takes a report's value, never its expectation.
	if _, err := db.IngestReport(ctx, fixture(t, "report2.json")); err != nil {
		t.Fatal(err)
	}
	cmp, err := db.Compare(ctx, 1, 2)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range cmp.Measures {
		for _, mv := range append(append(m.Moved, m.Appeared...), m.Disappeared...) {
			if mv.From != nil && mv.From.Value == 30000 {
				t.Errorf("comparison shows the expectation as report 1's value: %+v", mv)
			}
		}
	}
}
