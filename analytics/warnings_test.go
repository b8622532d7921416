package analytics

import (
	"context"
	"strings"
	"testing"

	"github.com/peil-dev/peil"
)

// A report's warnings are stored with it, read back in order, and go when
// the report is replaced.
func TestReportWarnings(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	ext := fixture(t, "report1.json")
	ext.Warnings = []peil.Warning{
		{Line: 12, Message: "waarschuwing: maatregel 5 staat opnieuw in de tabel (eerder op regel 8); deze rij is niet gelezen"},
		{Line: 3, Page: 2, Message: "waarschuwing: rij met nummer 39: geen maatregel uit de catalogus (1–38)"},
		{Message: "maatregel 2 niet gevonden in de tabel"},
	}
	res, err := db.IngestReport(ctx, ext)
	if err != nil {
		t.Fatal(err)
	}
	got, err := db.ReportWarnings(ctx, res.Report.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(ext.Warnings) {
		t.Fatalf("ReportWarnings = %+v; want %+v", got, ext.Warnings)
	}
	for i := range got {
		if got[i] != ext.Warnings[i] {
			t.Errorf("warning %d = %+v; want %+v", i, got[i], ext.Warnings[i])
		}
	}
	ext2 := fixture(t, "report1.json")
	ext2.Report.SHA256 = strings.Repeat("c", 64)
	res2, err := db.IngestReport(ctx, ext2)
	if err != nil || res2.Action != peil.ActionReplaced {
		t.Fatalf("IngestReport (new version) = %+v, %v; want replaced", res2, err)
	}
	if n := count(t, db, `SELECT count(*) FROM report_warnings`); n != 0 {
		t.Errorf("%d warnings left after the report was replaced by one without", n)
	}
	if got, err := db.ReportWarnings(ctx, res2.Report.ID); err != nil || len(got) != 0 {
		t.Errorf("ReportWarnings (new version) = %+v, %v; want none", got, err)
	}
}
