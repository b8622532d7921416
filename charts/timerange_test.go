package charts

import (
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
