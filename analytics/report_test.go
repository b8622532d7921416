package analytics

import (
	"context"
	"testing"
)

// TestReportObservations checks that a report's observations are its own, by
// measure and line, and that they are as many as its figures with an
// indicator (plus the values derived from them).
func TestReportObservations(t *testing.T) {
	ctx := context.Background()
	db := loadedDB(t, "report1.json", "report3.json")
	reps, err := db.Reports(ctx)
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, r := range reps {
		obs, err := db.ReportObservations(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if want := count(t, db, "SELECT count(*) FROM observations WHERE report = ?", r.ID); len(obs) != want || want == 0 {
			t.Errorf("report %d: %d observations; want the %d stored", r.ID, len(obs), want)
		}
		for i, o := range obs {
			if o.Report != r.ID || o.ReportDate != r.ReportDate {
				t.Errorf("report %d: observation %d is of report %d (%s)", r.ID, o.ID, o.Report, o.ReportDate)
			}
			if i > 0 && (o.Measure < obs[i-1].Measure || o.Measure == obs[i-1].Measure && o.Line < obs[i-1].Line) {
				t.Errorf("report %d: observations not by measure and line at %d", r.ID, i)
			}
		}
		total += len(obs)
	}
	if all := count(t, db, "SELECT count(*) FROM observations WHERE report IS NOT NULL"); total != all {
		t.Errorf("the reports' observations add up to %d; the store has %d", total, all)
	}
	if obs, err := db.ReportObservations(ctx, 999); err != nil || len(obs) != 0 {
		t.Errorf("unknown report: %d observations, %v; want none", len(obs), err)
	}
}
