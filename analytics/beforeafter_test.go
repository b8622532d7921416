package analytics

import (
	"context"
	"reflect"
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

// eventsDB returns a database with the four fixture reports, report3 with
// three more events: two of measure 5, listed out of date order, one of them
// on the period end of a point (1 November 2016) and one on the last point's
// (1 November 2017), and one of measure 1 in the same window.
func eventsDB(t *testing.T) *DB {
	t.Helper()
	db := openTestDB(t)
	ev := func(measure int, date peil.Date, label string, line int) peil.Event {
		return peil.Event{Measure: measure, Date: date, Precision: peil.PrecisionDay, Type: peil.EventEstablished,
			Label: label, Sentence: "Op " + peil.FormatDate(date) + " is " + strings.ToLower(label) + ".", Line: line}
	}
	for _, name := range fixtureReports {
		ext := fixture(t, name)
		if name == "report3.json" {
			ext.Events = append(ext.Events,
				ev(5, peil.NewDate(2017, 11, 1), "Evaluatie gestart", 33),
				ev(5, peil.NewDate(2016, 11, 1), "Uitvoeringsregeling gepubliceerd", 34),
				ev(1, peil.NewDate(2017, 1, 1), "Team uitgebreid", 12))
		}
		if _, err := db.IngestReport(context.Background(), ext); err != nil {
			t.Fatalf("IngestReport(%s): %v", name, err)
		}
	}
	return db
}

// eventByLabel returns the id of measure's event with label.
func eventByLabel(t *testing.T, db *DB, measure int, label string) int64 {
	t.Helper()
	evs, err := db.Events(context.Background(), measure)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range evs {
		if e.Label == label {
			return e.ID
		}
	}
	t.Fatalf("no event %q of measure %d in %+v", label, measure, evs)
	return 0
}

// The statement names the measure's other events dated from the first
// point's period end to the last one's, both ends included, by date; not the
// event itself, nor another measure's events.
func TestBeforeAfterOtherEvents(t *testing.T) {
	db := eventsDB(t)
	ba, err := db.BeforeAfter(context.Background(), eventID(t, db, 5, peil.EventInForce))
	if err != nil {
		t.Fatal(err)
	}
	if len(ba.Effects) != 1 {
		t.Fatalf("effects = %+v; want passport measures", ba.Effects)
	}
	st := ba.Effects[0].Statement
	want := " In dezelfde periode vallen ook andere gebeurtenissen van deze maatregel: " +
		"Uitvoeringsregeling gepubliceerd (1 november 2016); Evaluatie gestart (1 november 2017)."
	if !strings.Contains(st, want) {
		t.Errorf("statement = %q; want it to contain %q", st, want)
	}
	for _, not := range []string{"Wet tijdelijke maatregelen", "Team uitgebreid", "Wetsvoorstel aangenomen"} {
		if strings.Contains(st, not) {
			t.Errorf("statement = %q; want no %q (the event itself, another measure's, one before the first point)", st, not)
		}
	}
}

// A point whose period ends on the event date is before it.
func TestBeforeAfterPointOnEventDate(t *testing.T) {
	db := eventsDB(t)
	ba, err := db.BeforeAfter(context.Background(), eventByLabel(t, db, 5, "Uitvoeringsregeling gepubliceerd"))
	if err != nil {
		t.Fatal(err)
	}
	if len(ba.Effects) != 1 {
		t.Fatalf("effects = %+v; want passport measures", ba.Effects)
	}
	e := ba.Effects[0]
	var before, after []string
	for _, p := range e.Before {
		before = append(before, p.PeriodEnd.String())
	}
	for _, p := range e.After {
		after = append(after, p.PeriodEnd.String())
	}
	if !reflect.DeepEqual(before, []string{"2016-06-01", "2016-11-01"}) || !reflect.DeepEqual(after, []string{"2017-05-01", "2017-11-01"}) {
		t.Errorf("before %v, after %v; want the point of 1 November 2016 (the event date) before", before, after)
	}
	if e.RateBefore == nil || *e.RateBefore != 5 {
		t.Errorf("rate before = %v; want 25 in 5 months = 5", e.RateBefore)
	}
}

// An expectation is drawn on its side but not counted in the rate or the
// points the statement names.
func TestBeforeAfterExpectationNotCounted(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	for _, name := range fixtureReports {
		ext := fixture(t, name)
		if name == "report2.json" {
			exp := ext.Figures[0]
			for _, f := range ext.Figures {
				if f.Indicator == "passport_measures" {
					exp = f
				}
			}
			exp.Value, exp.Text, exp.Expected = 160, "160", true
			exp.PeriodEnd, exp.Line = peil.NewDate(2016, 12, 31), 33
			exp.Sentence = "Eind 2016 zullen naar verwachting 160 paspoortmaatregelen zijn genomen."
			ext.Figures = append(ext.Figures, exp)
		}
		if _, err := db.IngestReport(ctx, ext); err != nil {
			t.Fatalf("IngestReport(%s): %v", name, err)
		}
	}
	ba, err := db.BeforeAfter(ctx, eventID(t, db, 5, peil.EventInForce))
	if err != nil {
		t.Fatal(err)
	}
	e := ba.Effects[0]
	if len(e.Before) != 3 || !e.Before[2].Expected {
		t.Fatalf("before = %+v; want 2 points and the expectation of 31 December 2016", e.Before)
	}
	if e.RateBefore == nil || *e.RateBefore != 5 || !strings.Contains(e.Statement, "toename 5 maatregelen per maand (2 punten)") {
		t.Errorf("rate before %v, statement %q; want 5 a month over the 2 points reached", e.RateBefore, e.Statement)
	}
}

// An indicator of the event's measure that no figure states has no effect
// to show: report2 and report4 state no returnees (measure 3), so an event
// of measure 3 has none.
func TestBeforeAfterIndicatorWithoutFigures(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	for _, name := range []string{"report2.json", "report4.json"} {
		ext := fixture(t, name)
		if name == "report2.json" {
			ext.Events = append(ext.Events, peil.Event{Measure: 3, Date: peil.NewDate(2016, 9, 1), Precision: peil.PrecisionDay,
				Type: peil.EventEstablished, Label: "Meldpunt terugkeerders ingericht",
				Sentence: "Op 1 september 2016 is het meldpunt voor terugkeerders ingericht.", Line: 21})
		}
		if _, err := db.IngestReport(ctx, ext); err != nil {
			t.Fatalf("IngestReport(%s): %v", name, err)
		}
	}
	ba, err := db.BeforeAfter(ctx, eventByLabel(t, db, 3, "Meldpunt terugkeerders ingericht"))
	if err != nil {
		t.Fatal(err)
	}
	if ba.Effects == nil || len(ba.Effects) != 0 {
		t.Errorf("effects = %+v; want none (and an empty list, not nil): no figure states the returnees", ba.Effects)
	}
}
