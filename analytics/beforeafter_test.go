package analytics

import (
	"context"
	"strings"
	"testing"
	"time"

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

// With three reached points on each side the statement describes how the
// rates compare, without naming a cause, and names the measure's other events
// in the window; an expectation is not counted.
func TestEffectVerdict(t *testing.T) {
	ind := peil.Indicator{ID: "x", Unit: "verzoeken", Kind: peil.KindCumulative}
	pt := func(y, m int, v float64) peil.Point {
		return peil.Point{PeriodEnd: peil.NewDate(y, time.Month(m), 1), Value: v}
	}
	pts := []peil.Point{pt(2016, 1, 100), pt(2016, 4, 130), pt(2016, 7, 160), // 10 a month
		pt(2017, 1, 200), pt(2017, 4, 215), pt(2017, 7, 230)} // 5 a month
	expected := pt(2017, 12, 900)
	expected.Expected = true
	others := []peil.Event{{Label: "Regeling gewijzigd", Date: peil.NewDate(2016, 5, 1)}, {Label: "Buiten het venster", Date: peil.NewDate(2019, 1, 1)}}
	e := Effect(ind, peil.NewDate(2016, 10, 1), append(pts, expected), others...)
	for _, want := range []string{"(3 punten)", "Het tempo ligt na 1 oktober 2016 lager dan ervoor.", "of de gebeurtenis de oorzaak is, zeggen ze niet",
		"andere gebeurtenissen van deze maatregel: Regeling gewijzigd (1 mei 2016)"} {
		if !strings.Contains(e.Statement, want) {
			t.Errorf("statement = %q; want it to contain %q", e.Statement, want)
		}
	}
	if strings.Contains(e.Statement, "Buiten het venster") || strings.Contains(e.Statement, "door") {
		t.Errorf("statement = %q; want no event outside the points and no cause", e.Statement)
	}
	if e.RateAfter == nil || *e.RateAfter != 5 {
		t.Errorf("rate after = %v; want 5 a month, the expectation not counted", e.RateAfter)
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

func TestEffectFlowRate(t *testing.T) {
	ind := peil.Indicator{ID: "x", Unit: "meldingen", Kind: peil.KindFlow}
	pts := []peil.Point{
		{PeriodStart: peil.NewDate(2015, 1, 1), PeriodEnd: peil.NewDate(2015, 12, 31), Value: 120},
		{PeriodStart: peil.NewDate(2016, 1, 1), PeriodEnd: peil.NewDate(2016, 12, 31), Value: 240},
		{PeriodStart: peil.NewDate(2017, 1, 1), PeriodEnd: peil.NewDate(2017, 6, 30), Value: 60},
	}
	e := Effect(ind, peil.NewDate(2017, 1, 1), pts)
	if e.RateBefore == nil || *e.RateBefore != 15 {
		t.Errorf("flow rate before = %v; want 360 in 24 months = 15", e.RateBefore)
	}
	if e.RateAfter != nil || !strings.Contains(e.Statement, "gemiddeld 15 meldingen per maand") {
		t.Errorf("effect = %+v; want no rate after and the mean before in the statement", e)
	}
}

// TestEffectStatementFall checks that a falling rate reads as an afname with
// a positive number, never "toename −3,67".
func TestEffectStatementFall(t *testing.T) {
	ind := peil.Indicator{ID: "x", Unit: "personen", Kind: peil.KindCumulative}
	before, after := 5.0, -3.67
	pts := []peil.Point{{Value: 1}, {Value: 2}}
	got := effectStatement(ind, peil.NewDate(2017, time.March, 1),
		peil.Effect{Indicator: ind, Before: pts, After: pts, RateBefore: &before, RateAfter: &after}, nil)
	if !strings.Contains(got, "na 1 maart 2017: afname 3,67 personen per maand") || strings.Contains(got, "toename "+peil.Minus) ||
		!strings.Contains(got, "toename 5 personen per maand") {
		t.Errorf("effectStatement = %q; want a toename of 5 before and an afname of 3,67 after", got)
	}
}
