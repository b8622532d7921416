package analytics

import (
	"context"
	"errors"
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
