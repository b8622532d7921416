package analytics

import (
	"context"
	"strings"
	"testing"

	"github.com/peil-dev/peil"
)

// eventID returns the id of the event of a measure of the given type.
func eventID(t *testing.T, db *DB, measure int, typ peil.EventType) int64 {
	t.Helper()
	evs, err := db.Events(context.Background(), measure)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range evs {
		if e.Type == typ {
			return e.ID
		}
	}
	t.Fatalf("no %s event for measure %d in %+v", typ, measure, evs)
	return 0
}

func TestBeforeAfter(t *testing.T) {
	db := loadedDB(t, fixtureReports...)
	id := eventID(t, db, 5, peil.EventInForce)
	ba, err := db.BeforeAfter(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if ba.Event.Date.String() != "2017-03-01" || len(ba.Effects) != 1 {
		t.Fatalf("BeforeAfter(%d) = %+v; want the law of 2017-03-01 and one indicator", id, ba)
	}
	e := ba.Effects[0]
	if e.Indicator.ID != "passport_measures" || len(e.Before) != 2 || len(e.After) != 2 {
		t.Fatalf("effect = %+v; want passport measures with 2 points on each side", e)
	}
	// Before: 105 (1 June 2016) to 130 (1 November 2016): 25 in 5 months.
	// After: 190 (1 May 2017) to 250 (1 November 2017): 60 in 6 months.
	if e.RateBefore == nil || *e.RateBefore != 5 || e.RateAfter == nil || *e.RateAfter != 10 {
		t.Errorf("rates = %v, %v; want 5 and 10 per month", e.RateBefore, e.RateAfter)
	}
	for _, want := range []string{"Tot en met 1 maart 2017: toename 5 maatregelen per maand (2 punten)",
		"; na 1 maart 2017: toename 10 maatregelen per maand (2 punten)", "Met minder dan 3 punten aan elke kant geeft Peil geen oordeel"} {
		if !strings.Contains(e.Statement, want) {
			t.Errorf("statement = %q; want it to contain %q", e.Statement, want)
		}
	}
	if strings.Contains(e.Statement, "hoger") {
		t.Errorf("statement = %q; want no verdict on two points a side", e.Statement)
	}
}

func TestBeforeAfterTooFewPoints(t *testing.T) {
	db := loadedDB(t, "report1.json", "report2.json", "report3.json")
	ba, err := db.BeforeAfter(context.Background(), eventID(t, db, 5, peil.EventInForce))
	if err != nil {
		t.Fatal(err)
	}
	e := ba.Effects[0]
	if len(e.After) != 1 || e.RateAfter != nil || e.RateBefore == nil {
		t.Fatalf("effect = %+v; want 1 point after and no rate after", e)
	}
	for _, want := range []string{"; na 1 maart 2017 is er 1 punt, te weinig", "valt daarom nog niets te zeggen"} {
		if !strings.Contains(e.Statement, want) {
			t.Errorf("statement = %q; want it to contain %q", e.Statement, want)
		}
	}
}

func TestBeforeAfterNotFound(t *testing.T) {
	db := loadedDB(t, "report1.json")
	if _, err := db.BeforeAfter(context.Background(), 999); peil.ErrorCode(err) != peil.ENOTFOUND {
		t.Errorf("BeforeAfter(999) = %v; want ENOTFOUND", err)
	}
}
