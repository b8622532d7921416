package analytics

import (
	"cmp"
	"context"
	"reflect"
	"slices"
	"testing"

	"github.com/peil-dev/peil"
)

// AllSeries reads several series in one statement; each must equal what
// Series computes alone, in the order asked, also when one is asked twice.
func TestAllSeriesMatchesSeries(t *testing.T) {
	ctx := context.Background()
	db := loadedDB(t, fixtureReports...)
	ids := []peil.IndicatorID{"returnees", "passport_measures", "extremism_reports", "sanctions_persons", "investigations", "returnees"}
	all, err := db.AllSeries(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != len(ids) {
		t.Fatalf("AllSeries(%v) gave %d series; want %d", ids, len(all), len(ids))
	}
	db.gen.Add(1) // make the entries AllSeries cached stale: Series reads the database again
	for i, id := range ids {
		one, err := db.Series(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if all[i].Indicator.ID != id {
			t.Errorf("AllSeries[%d] is %s; want %s", i, all[i].Indicator.ID, id)
		}
		if !reflect.DeepEqual(all[i], one) {
			t.Errorf("AllSeries[%d] (%s) = %+v;\nwant Series(%s) = %+v", i, id, all[i], id, one)
		}
	}
	if len(all[1].Points) == 0 || len(all[1].Increments) == 0 || len(all[1].Events) == 0 {
		t.Errorf("AllSeries passport_measures = %+v; want points, increments and events", all[1])
	}
	// Copies: changing one result changes no other.
	all[0].Points[0].Value = -1
	if all[5].Points[0].Value == -1 {
		t.Errorf("the two results for returnees share their points")
	}

	_, err = db.AllSeries(ctx, []peil.IndicatorID{"returnees", "no_such_indicator"})
	if peil.ErrorCode(err) != peil.ENOTFOUND {
		t.Errorf("AllSeries with an unknown id: error = %v; want ENOTFOUND", err)
	}
	if got, err := db.AllSeries(ctx, nil); err != nil || len(got) != 0 {
		t.Errorf("AllSeries(nil) = %v, %v; want nothing", got, err)
	}
}

// A write makes AllSeries read again, like Series.
func TestAllSeriesAfterWrite(t *testing.T) {
	ctx := context.Background()
	db := loadedDB(t, "report1.json", "report2.json")
	ids := []peil.IndicatorID{"passport_measures"}
	before, err := db.AllSeries(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.IngestReport(ctx, fixture(t, "report3.json")); err != nil {
		t.Fatal(err)
	}
	after, err := db.AllSeries(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	if len(after[0].Points) != len(before[0].Points)+1 {
		t.Errorf("points after ingesting report3 = %d; want %d", len(after[0].Points), len(before[0].Points)+1)
	}
}

// Statuses gives what MeasureStatuses gives, for all measures at once.
func TestStatusesMatchesMeasureStatuses(t *testing.T) {
	ctx := context.Background()
	db := loadedDB(t, fixtureReports...)
	all, err := db.Statuses(ctx)
	if err != nil {
		t.Fatal(err)
	}
	measures, err := db.Measures(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var want []peil.MeasureStatus
	for _, m := range measures {
		ss, err := db.MeasureStatuses(ctx, m.Nr)
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, ss...)
	}
	if len(want) == 0 {
		t.Fatal("the fixtures have no status texts")
	}
	if !reflect.DeepEqual(all, want) {
		t.Errorf("Statuses() = %+v;\nwant %+v", all, want)
	}
	// Both sides above are the same query; the fixtures themselves say what
	// it must hold: every status text, by measure and then report date.
	type status struct {
		measure int
		date    string
		text    string
		line    int
	}
	var stated, stored []status
	for _, name := range fixtureReports {
		ext := fixture(t, name)
		for _, m := range ext.Measures {
			if m.Status != "" {
				stated = append(stated, status{m.Nr, ext.Report.ReportDate.String(), m.Status, m.Line})
			}
		}
	}
	slices.SortStableFunc(stated, func(a, b status) int {
		return cmp.Or(cmp.Compare(a.measure, b.measure), cmp.Compare(a.date, b.date), cmp.Compare(a.line, b.line))
	})
	for _, s := range all {
		stored = append(stored, status{s.Measure, s.ReportDate.String(), s.Status, s.Line})
	}
	if !slices.Equal(stored, stated) {
		t.Errorf("Statuses() holds %+v;\nthe fixtures state %+v", stored, stated)
	}
}
