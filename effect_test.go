package peil

import (
	"strings"
	"testing"
	"time"
)

// With three reached points on each side the statement describes how the
// rates compare, without naming a cause, and names the measure's other events
// in the window; an expectation is not counted.
func TestEffectVerdict(t *testing.T) {
	ind := Indicator{ID: "x", Unit: "verzoeken", Kind: KindCumulative}
	pt := func(y, m int, v float64) Point {
		return Point{PeriodEnd: NewDate(y, time.Month(m), 1), Value: v}
	}
	pts := []Point{pt(2016, 1, 100), pt(2016, 4, 130), pt(2016, 7, 160), // 10 a month
		pt(2017, 1, 200), pt(2017, 4, 215), pt(2017, 7, 230)} // 5 a month
	expected := pt(2017, 12, 900)
	expected.Expected = true
	others := []Event{{Label: "Regeling gewijzigd", Date: NewDate(2016, 5, 1)}, {Label: "Buiten het venster", Date: NewDate(2019, 1, 1)}}
	e := EffectOf(ind, NewDate(2016, 10, 1), append(pts, expected), others...)
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

func TestEffectFlowRate(t *testing.T) {
	ind := Indicator{ID: "x", Unit: "meldingen", Kind: KindFlow}
	pts := []Point{
		{PeriodStart: NewDate(2015, 1, 1), PeriodEnd: NewDate(2015, 12, 31), Value: 120},
		{PeriodStart: NewDate(2016, 1, 1), PeriodEnd: NewDate(2016, 12, 31), Value: 240},
		{PeriodStart: NewDate(2017, 1, 1), PeriodEnd: NewDate(2017, 6, 30), Value: 60},
	}
	e := EffectOf(ind, NewDate(2017, 1, 1), pts)
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
	ind := Indicator{ID: "x", Unit: "personen", Kind: KindCumulative}
	before, after := 5.0, -3.67
	pts := []Point{{Value: 1}, {Value: 2}}
	got := effectStatement(ind, NewDate(2017, time.March, 1),
		Effect{Indicator: ind, Before: pts, After: pts, RateBefore: &before, RateAfter: &after}, nil)
	if !strings.Contains(got, "na 1 maart 2017: afname 3,67 personen per maand") || strings.Contains(got, "toename "+Minus) ||
		!strings.Contains(got, "toename 5 personen per maand") {
		t.Errorf("effectStatement = %q; want a toename of 5 before and an afname of 3,67 after", got)
	}
}

// Equal rates on both sides (to the cent) read as equal, not as higher or
// lower.
func TestEffectVerdictEqual(t *testing.T) {
	ind := Indicator{ID: "x", Unit: "verzoeken", Kind: KindCumulative}
	pt := func(y, m int, v float64) Point { return Point{PeriodEnd: NewDate(y, time.Month(m), 1), Value: v} }
	pts := []Point{pt(2016, 1, 100), pt(2016, 4, 130), pt(2016, 7, 160), // 10 a month
		pt(2017, 1, 200), pt(2017, 4, 230), pt(2017, 7, 260)} // 10 a month
	e := EffectOf(ind, NewDate(2016, 10, 1), pts)
	if want := "Het tempo is voor en na 1 oktober 2016 gelijk."; !strings.Contains(e.Statement, want) ||
		strings.Contains(e.Statement, "hoger") || strings.Contains(e.Statement, "lager") {
		t.Errorf("statement = %q; want it to contain %q and neither hoger nor lager", e.Statement, want)
	}
}
