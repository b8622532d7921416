package peil

import (
	"math"
	"slices"
	"strings"
	"testing"
)

func TestMatchStatus(t *testing.T) {
	for _, c := range []struct {
		ind   IndicatorID
		score float64
		dup   bool
		want  ReviewStatus
	}{
		{"x", 1, false, ReviewAuto},
		{"x", AutoScore, false, ReviewAuto},
		{"x", AutoScore - 0.01, false, ReviewOpen},
		{"", 1, false, ReviewOpen},
		{"x", 1, true, ReviewOpen},
	} {
		if got := MatchStatus(c.ind, c.score, c.dup); got != c.want {
			t.Errorf("MatchStatus(%q, %v, %v) = %s; want %s", c.ind, c.score, c.dup, got, c.want)
		}
	}
}

func TestTeachCues(t *testing.T) {
	ind := Indicator{ID: "returnees", Measure: 3, Unit: "personen", Cues: []string{"teruggekeerd"}}
	others := []Indicator{{ID: "travellers", Measure: 3, Unit: "uitreizigers", Cues: []string{"uitgereisd"}}}
	sent := "In de afgelopen periode zijn 12 uitreizigers naar Nederland teruggekomen, en 30 zijn uitgereisd."
	got := TeachCues(ind, "terugkeerders", sent, "12", others)
	// The unit, then words near "12" up to the next number: not stop words
	// (zijn, naar), not another indicator's cue or unit (uitreizigers).
	want := []string{"terugkeerders", "nederland", "teruggekomen"}
	if !slices.Equal(got, want) {
		t.Errorf("TeachCues = %q; want %q", got, want)
	}
	// A unit a cue covers already is not taught again.
	if got := TeachCues(ind, "teruggekeerden", "Er zijn 4 teruggekeerden.", "4", nil); slices.Contains(got, "teruggekeerden") {
		t.Errorf("TeachCues taught a unit its cue covers: %q", got)
	}
}

func TestDecisionApply(t *testing.T) {
	cur := FigureState{Measure: 3, Indicator: "a", Value: 10, Qualifier: QualExact, Kind: KindStock,
		PeriodStart: NewDate(2016, 1, 1), PeriodEnd: NewDate(2016, 12, 31)}
	other := &Indicator{ID: "b", Measure: 5, Kind: KindFlow}
	d := Decision{Figure: 7, Action: DecideAssign, Indicator: "b", By: "x"}
	after, st, warn, err := d.Apply(cur, other)
	if err != nil || after.Indicator != "b" || st != ReviewCorrected || len(warn) != 2 || !strings.Contains(warn[0], "maatregel 5") {
		t.Errorf("assign to another measure and kind: %+v %s %q %v", after, st, warn, err)
	}
	same := &Indicator{ID: "a", Measure: 3, Kind: KindStock}
	if _, st, _, _ := d.Apply(cur, same); st != ReviewConfirmed {
		t.Errorf("assign to the proposed indicator: %s; want confirmed", st)
	}
	early := NewDate(2015, 6, 30)
	d = Decision{Figure: 7, Action: DecideCorrect, PeriodEnd: &early, By: "x"}
	if err := d.Validate(); err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := d.Apply(cur, nil); ErrorCode(err) != EINVALID || !strings.Contains(err.Error(), "ligt voor het begin") {
		t.Errorf("end before start: %v", err)
	}
	d = Decision{Figure: 7, Action: DecideConfirm, By: "x"}
	if _, _, _, err := d.Apply(FigureState{}, nil); ErrorCode(err) != EINVALID {
		t.Errorf("confirm without indicator: %v", err)
	}
	huge, negative, inf := 1.7e308, -2*MaxValue, math.Inf(1)
	for _, bad := range []Decision{
		{Figure: 7, Action: DecideCorrect, By: "x", Value: &huge},
		{Figure: 7, Action: DecideCorrect, By: "x", Value: &negative},
		{Figure: 7, Action: DecideCorrect, By: "x", Value: &inf},
		{Figure: 7, Action: "approve", By: "x"},
		{Figure: 7, Action: DecideConfirm},
		{Figure: 0, Action: DecideConfirm, By: "x"},
		{Figure: 7, Action: DecideCorrect, By: "x"},
		{Figure: 7, Action: DecideReject, By: "x"},
		{Figure: 7, Action: DecideNewIndicator, By: "x", NewIndicator: &Indicator{ID: "9x", Label: "l"}},
	} {
		if err := bad.Validate(); ErrorCode(err) != EINVALID {
			t.Errorf("Validate(%+v) = %v; want EINVALID", bad, err)
		}
	}
}

// A control character in an indicator's texts is refused: it would reach
// every terminal, CSV and page that shows the label (before, an escape
// sequence in --label went into the catalog and out of peil catalog export).
func TestCheckIndicatorControls(t *testing.T) {
	good := Indicator{ID: "test_ctl", Measure: 7, Label: "Paspoorten", LabelEN: "Passports", Unit: "stuks", Kind: KindStock, Cues: []string{"paspoort"}}
	if err := CheckIndicator(good); err != nil {
		t.Fatalf("CheckIndicator(good) = %v", err)
	}
	for name, edit := range map[string]func(*Indicator){
		"label":    func(i *Indicator) { i.Label = "Label \x1b]0;PWNED\x07" },
		"label_en": func(i *Indicator) { i.LabelEN = "RLO \u202e" },
		"unit":     func(i *Indicator) { i.Unit = "stuks\x1b[31m" },
		"cue":      func(i *Indicator) { i.Cues = []string{"paspoort\u2028"} },
	} {
		ind := good
		edit(&ind)
		if err := CheckIndicator(ind); err == nil || !strings.Contains(err.Error(), "stuurteken") {
			t.Errorf("%s: CheckIndicator = %v; want the control character refused", name, err)
		}
	}
}
