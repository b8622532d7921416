package analytics

import (
	"context"
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
	want := IngestResult{Action: ActionAdded, Measures: 6, Figures: 9, Events: 1, Derived: 2, Unmatched: 3}
	res.Report = peil.Report{}
	if res != want {
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
	if res.Action != ActionUnchanged || res.Report.File != "rapportage-2016-06.txt" || res.Figures != 0 {
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
	if res.Action != ActionReplaced || res.Figures != 2 {
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

func TestBounds(t *testing.T) {
	v := 10.0
	tests := []struct {
		q            peil.Qualifier
		lower, upper *float64
	}{
		{peil.QualExact, &v, &v},
		{peil.QualApprox, nil, nil},
		{peil.QualAtLeast, &v, nil},
		{peil.QualMoreThan, &v, nil},
		{peil.QualAtMost, nil, &v},
	}
	str := func(p *float64) string {
		if p == nil {
			return "nil"
		}
		return peil.FormatNumber(*p)
	}
	for _, tt := range tests {
		lo, up := Bounds(tt.q, v)
		if str(lo) != str(tt.lower) || str(up) != str(tt.upper) {
			t.Errorf("Bounds(%s, 10) = %s, %s; want %s, %s", tt.q, str(lo), str(up), str(tt.lower), str(tt.upper))
		}
	}
}
