package charts

import (
	"strings"
	"testing"
	"time"

	"github.com/peil-dev/peil"
)

// TestWithTimeRange checks that charts given the same range share one time
// axis, whatever their own data, and that without it each axis follows its
// data.
func TestWithTimeRange(t *testing.T) {
	a := sampleSeries()
	b := sampleSeries()
	b.Points = b.Points[len(b.Points)-1:] // one point only: a narrower axis of its own
	b.Events = nil
	axis := func(o map[string]any) (any, any) {
		return get(t, o, "xAxis", 0, "min"), get(t, o, "xAxis", 0, "max")
	}
	aMin, aMax := axis(one(t, Trend(a)).options)
	bMin, bMax := axis(one(t, Trend(b)).options)
	if aMin == bMin && aMax == bMax {
		t.Fatalf("without a range both axes are %v–%v; the test needs series of different spans", aMin, aMax)
	}
	from, to := peil.NewDate(2015, time.January, 1), peil.NewDate(2018, time.December, 31)
	r := WithTimeRange(from, to)
	charts := map[string]map[string]any{
		"trend a":      one(t, Trend(a, r)).options,
		"trend b":      one(t, Trend(b, r)).options,
		"increments a": one(t, Increments(a, r)).options,
	}
	var wantMin, wantMax any
	for name, o := range charts {
		lo, hi := axis(o)
		if wantMin == nil {
			wantMin, wantMax = lo, hi
		}
		if lo != wantMin || hi != wantMax {
			t.Errorf("%s: axis %v–%v; want the shared %v–%v", name, lo, hi, wantMin, wantMax)
		}
		if s, _ := lo.(string); s == "" || s > from.String() {
			t.Errorf("%s: axis starts at %v, after the range's start %s", name, lo, from)
		}
		if s, _ := hi.(string); s < to.String() {
			t.Errorf("%s: axis ends at %v, before the range's end %s", name, hi, to)
		}
	}
}

// TestIncrementTipMonths checks the singular: "over 1 maand", "over 2 maanden".
func TestIncrementTipMonths(t *testing.T) {
	for months, want := range map[float64]string{1: "(over 1 maand)", 2: "(over 2 maanden)", 4.5: "(over 4,5 maanden)"} {
		in := peil.Increment{From: peil.NewDate(2017, time.January, 1), To: peil.NewDate(2017, time.February, 1),
			Delta: -3, Months: months, PerMonth: -3 / months, Qualifier: peil.QualExact}
		if got := incrementTip("x", in); !strings.Contains(got, want) {
			t.Errorf("incrementTip over %v months = %q; want %q", months, got, want)
		}
	}
}

// TestOverlay checks the chart of several indicators on one axis: a line per
// indicator with values, named in the legend, each in its own colour, every
// point with its tooltip, and the time axis over all of them.
func TestOverlay(t *testing.T) {
	a, b := sampleSeries(), sampleSeries()
	b.Indicator.ID, b.Indicator.Label = "other", "Andere indicator"
	b.Points = b.Points[:1]
	empty := sampleSeries()
	empty.Indicator.ID, empty.Points = "empty", nil
	o := one(t, Overlay([]*peil.Series{a, b, empty})).options
	series, _ := get(t, o, "series").([]any)
	if len(series) != 2 {
		t.Fatalf("%d series; want a line for each of the two indicators with values", len(series))
	}
	legend, _ := get(t, o, "legend", "data").([]any)
	if len(legend) != 2 || legend[0] != labelOf(a.Indicator) || legend[1] != "Andere indicator" {
		t.Errorf("legend %v; want both labels", legend)
	}
	c0 := get(t, series[0].(map[string]any), "lineStyle", "color")
	c1 := get(t, series[1].(map[string]any), "lineStyle", "color")
	if c0 == c1 {
		t.Errorf("both lines are %v; want a colour each", c0)
	}
	data, _ := get(t, series[0].(map[string]any), "data").([]any)
	if len(data) != len(dated(a.Points)) {
		t.Errorf("first line has %d points; want %d", len(data), len(dated(a.Points)))
	}
	for _, d := range data {
		if tip, _ := d.(map[string]any)["tip"].(string); tip == "" {
			t.Errorf("a point without a tooltip: %v", d)
		}
	}
	if h := Overlay([]*peil.Series{empty, nil}); Drawn(h) {
		t.Errorf("an overlay without points is drawn: %s", h)
	}
}
