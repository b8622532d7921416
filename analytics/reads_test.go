package analytics

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/peil-dev/peil"
)

func TestReports(t *testing.T) {
	db := loadedDB(t, "report3.json", "report1.json") // out of order on purpose
	reps, err := db.Reports(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(reps) != 2 || reps[0].ReportDate.String() != "2016-06-15" || reps[1].ReportDate.String() != "2017-05-15" {
		t.Fatalf("Reports = %+v; want report1 then report3", reps)
	}
	r := reps[1]
	if r.Title != "Voortgangsrapportage mei 2017" || r.Figures != 9 || r.Measures != 6 || r.Events != 1 ||
		r.PeriodStart.String() != "2016-11-15" || r.File != "rapportage-2017-05.txt" {
		t.Errorf("Reports()[1] = %+v; want report3 with 9 figures, 6 measures, 1 event", r)
	}
}

func TestMeasures(t *testing.T) {
	ctx := context.Background()
	db := loadedDB(t, "report1.json", "report2.json")
	ms, err := db.Measures(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 5 {
		t.Fatalf("Measures = %d; want the 5 of the test catalog", len(ms))
	}
	m1 := ms[0]
	if m1.Nr != 1 || m1.Cluster != "risk" || m1.Status != "Op dit moment lopen er ongeveer 320 strafrechtelijke onderzoeken." {
		t.Errorf("Measures()[0] = %+v; want measure 1 with report2's status", m1)
	}
	m3, err := db.Measure(ctx, 3)
	if err != nil || m3.Status != "Sinds 2013 zijn 40 uitreizigers teruggekeerd." {
		t.Errorf("Measure(3) = %+v, %v; want report1's status (report2 has none)", m3, err)
	}
	if _, err := db.Measure(ctx, 99); peil.ErrorCode(err) != peil.ENOTFOUND {
		t.Errorf("Measure(99) = %v; want ENOTFOUND", err)
	}
	st, err := db.MeasureStatuses(ctx, 1)
	if err != nil || len(st) != 2 || st[0].ReportDate.String() != "2016-06-15" || st[1].Status != m1.Status {
		t.Errorf("MeasureStatuses(1) = %+v, %v; want both reports, oldest first", st, err)
	}
	if _, err := db.MeasureStatuses(ctx, 99); peil.ErrorCode(err) != peil.ENOTFOUND {
		t.Errorf("MeasureStatuses(99) = %v; want ENOTFOUND", err)
	}
	cl, err := db.Clusters(ctx)
	if err != nil || len(cl) != 2 || cl[0].ID != "risk" || cl[1].First != 21 {
		t.Errorf("Clusters = %+v, %v; want risk then radicalisation", cl, err)
	}
}

func TestIndicators(t *testing.T) {
	ctx := context.Background()
	db := loadedDB(t, "report2.json")
	all, err := db.Indicators(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	var ids []peil.IndicatorID
	for _, ind := range all {
		ids = append(ids, ind.ID)
	}
	// Only indicators with observations: report2 states two.
	if len(ids) != 2 || ids[0] != "investigations" || ids[1] != "passport_measures" {
		t.Errorf("Indicators(0) = %v; want investigations, passport_measures", ids)
	}
	if len(all) > 0 && (all[0].Label != "Strafrechtelijke onderzoeken" || !all[0].Key || len(all[0].Cues) != 1) {
		t.Errorf("Indicators(0)[0] = %+v; want the catalog entry with its cues", all[0])
	}
	five, err := db.Indicators(ctx, 5)
	if err != nil || len(five) != 1 || five[0].ID != "passport_measures" {
		t.Errorf("Indicators(5) = %+v, %v; want passport_measures", five, err)
	}
}

func TestEvents(t *testing.T) {
	ctx := context.Background()
	db := loadedDB(t, fixtureReports...)
	all, err := db.Events(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 2 || all[0].Date.String() != "2016-03-01" || all[1].Type != peil.EventInForce || all[1].ID == 0 || all[1].Report == 0 {
		t.Errorf("Events(0) = %+v; want 2 events by date with ids and reports", all)
	}
	none, err := db.Events(ctx, 1)
	if err != nil || len(none) != 0 {
		t.Errorf("Events(1) = %+v, %v; want none", none, err)
	}
}

func TestObservationsFilter(t *testing.T) {
	ctx := context.Background()
	db := loadedDB(t, fixtureReports...)
	tests := []struct {
		name string
		f    peil.Filter
		want int
	}{
		{"all", peil.Filter{}, 6 + 3 + 11 + 2},
		{"measure", peil.Filter{Measure: 5}, 5},
		{"indicator", peil.Filter{Indicator: "sanctions_persons"}, 3},
		{"from", peil.Filter{From: peil.NewDate(2017, 5, 1)}, 9},
		{"to", peil.Filter{To: peil.NewDate(2015, 12, 31)}, 2},
		{"all fields", peil.Filter{Measure: 5, Indicator: "passport_measures", From: peil.NewDate(2016, 6, 2), To: peil.NewDate(2017, 5, 1)}, 2},
	}
	for _, tt := range tests {
		var got []peil.Observation
		err := db.Observations(ctx, tt.f, func(o *peil.Observation) error { got = append(got, *o); return nil })
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != tt.want {
			t.Errorf("Observations(%s %+v) = %d; want %d", tt.name, tt.f, len(got), tt.want)
		}
		for i := 1; i < len(got); i++ {
			a, b := got[i-1], got[i]
			if a.Measure > b.Measure || (a.Measure == b.Measure && a.Indicator == b.Indicator && a.PeriodEnd.After(b.PeriodEnd.Time)) {
				t.Errorf("Observations(%s): %v before %v; want measure, indicator, period end order", tt.name, a, b)
			}
		}
	}
	// fn's error stops the stream and comes back.
	stop := peil.Errorf(peil.EINTERNAL, "stop")
	calls := 0
	err := db.Observations(ctx, peil.Filter{}, func(*peil.Observation) error { calls++; return stop })
	if !errors.As(err, new(*peil.Error)) || calls != 1 {
		t.Errorf("Observations with a failing fn = %v after %d calls; want its error after 1", err, calls)
	}
}

// latestStatuses returns, for every measure, the entry of the report that
// describes it with the latest report date; of two reports of one date the
// one stored last (stored is in the order of storing).
func latestStatuses(stored []*peil.Extraction) map[int]peil.Measure {
	out := map[int]peil.Measure{}
	dates := map[int]peil.Date{}
	for _, ext := range stored {
		for _, m := range ext.Measures {
			if d, ok := dates[m.Nr]; !ok || !ext.Report.ReportDate.Before(d.Time) {
				out[m.Nr], dates[m.Nr] = m, ext.Report.ReportDate
			}
		}
	}
	return out
}

// Measures and Measure show each measure's status text and line from the
// latest report that describes it, whatever the order the reports were
// stored in: an older report stored last does not win, a report that leaves
// a measure out leaves the previous one's text, of two reports of one date
// the one stored last wins, and a replaced report's old texts are gone.
func TestMeasuresLatestStatus(t *testing.T) {
	ctx := context.Background()
	// revised has report3's date under another title: a second report of
	// that day, with new texts for two of its measures.
	revisedOf := func() *peil.Extraction {
		ext := fixture(t, "report3.json")
		ext.Report.Title += " (herziene versie)"
		ext.Report.SHA256 = strings.Repeat("3", 56) + "herzien1"
		ext.Measures = []peil.Measure{ext.Measures[0], ext.Measures[3]}
		for i := range ext.Measures {
			ext.Measures[i].Status += " Herziene tekst."
			ext.Measures[i].Line += 100
		}
		ext.Figures, ext.Events = nil, nil
		return ext
	}
	orders := [][]string{
		{"report1.json", "report2.json", "report3.json", "revised", "report4.json"},
		{"report4.json", "revised", "report3.json", "report2.json", "report1.json"},
		{"report3.json", "report4.json", "report1.json", "revised", "report2.json"},
	}
	check := func(db *DB, stored []*peil.Extraction, what string) {
		t.Helper()
		want := latestStatuses(stored)
		ms, err := db.Measures(ctx)
		if err != nil {
			t.Fatalf("%s: Measures: %v", what, err)
		}
		if len(ms) != 6 {
			t.Errorf("%s: Measures = %d measures; want 6 (the catalog's 5 and 24 from report3)", what, len(ms))
		}
		for _, m := range ms {
			if w := want[m.Nr]; m.Status != w.Status || m.Line != w.Line {
				t.Errorf("%s: Measures: measure %d has status %q (line %d); want %q (line %d)", what, m.Nr, m.Status, m.Line, w.Status, w.Line)
			}
			if one, err := db.Measure(ctx, m.Nr); err != nil || one != m {
				t.Errorf("%s: Measure(%d) = %+v, %v; want %+v as in Measures", what, m.Nr, one, err, m)
			}
		}
	}
	for _, order := range orders {
		db := openTestDB(t)
		var stored []*peil.Extraction
		for _, name := range order {
			ext := revisedOf()
			if name != "revised" {
				ext = fixture(t, name)
			}
			if _, err := db.IngestReport(ctx, ext); err != nil {
				t.Fatalf("IngestReport(%s): %v", name, err)
			}
			stored = append(stored, ext)
		}
		what := strings.Join(order, ", ")
		check(db, stored, what)

		// A corrected report4 (same title and date) without measure 5 and with
		// a new text for measure 1 replaces it: measure 5 goes back to the
		// previous report that describes it.
		corrected := fixture(t, "report4.json")
		corrected.Report.SHA256 = strings.Repeat("4", 56) + "correct1"
		corrected.Measures = corrected.Measures[:1]
		corrected.Measures[0].Status = "Gecorrigeerd: er lopen 330 strafrechtelijke onderzoeken."
		if res, err := db.IngestReport(ctx, corrected); err != nil || res.Action != peil.ActionReplaced {
			t.Fatalf("%s: IngestReport(corrected report4) = %+v, %v; want it replaced", what, res, err)
		}
		stored = slices.DeleteFunc(stored, func(e *peil.Extraction) bool { return e.Report.SHA256 == fixture(t, "report4.json").Report.SHA256 })
		stored = append(stored, corrected)
		check(db, stored, what+", corrected report4")
	}

	// A measure no report describes has no status.
	db := loadedDB(t, "report2.json")
	if m, err := db.Measure(ctx, 3); err != nil || m.Status != "" || m.Line != 0 || m.Title != "Terugkeerders" {
		t.Errorf("Measure(3) with only report2 = %+v, %v; want the catalog's measure without status", m, err)
	}
}
