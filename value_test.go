package peil

import "testing"

func optStr(p *float64) string {
	if p == nil {
		return "nil"
	}
	return FormatNumber(*p)
}

func TestBounds(t *testing.T) {
	v := 10.0
	tests := []struct {
		q            Qualifier
		lower, upper *float64
	}{
		{QualExact, &v, &v},
		{QualApprox, nil, nil},
		{QualAtLeast, &v, nil},
		{QualMoreThan, &v, nil},
		{QualAtMost, nil, &v},
		{QualRange, nil, nil}, // its bounds come with the figure
		{QualVague, nil, nil},
	}
	for _, tt := range tests {
		lo, up := Bounds(tt.q, v)
		if optStr(lo) != optStr(tt.lower) || optStr(up) != optStr(tt.upper) {
			t.Errorf("Bounds(%s, 10) = %s, %s; want %s, %s", tt.q, optStr(lo), optStr(up), optStr(tt.lower), optStr(tt.upper))
		}
	}
	// Exact bounds are copies: changing one leaves the other and the value.
	lo, up := Bounds(QualExact, v)
	*lo = 3
	if *up != 10 {
		t.Errorf("exact upper bound shares the lower's memory: %v", *up)
	}
}

func TestFigureBounds(t *testing.T) {
	a, b := 40.0, 50.0
	tests := []struct {
		f            Figure
		lower, upper string
	}{
		{Figure{Value: 45, Qualifier: QualRange, Lower: &a, Upper: &b}, "40", "50"},
		{Figure{Value: 55, Qualifier: QualVague}, "nil", "nil"},
		{Figure{Value: 386, Qualifier: QualAtLeast}, "386", "nil"},
		{Figure{Value: 7, Qualifier: QualExact}, "7", "7"},
	}
	for _, tt := range tests {
		lo, up := FigureBounds(&tt.f)
		if optStr(lo) != tt.lower || optStr(up) != tt.upper {
			t.Errorf("FigureBounds(%v %s) = %s, %s; want %s, %s", tt.f.Value, tt.f.Qualifier, optStr(lo), optStr(up), tt.lower, tt.upper)
		}
	}
}

func TestRoundDerived(t *testing.T) {
	tests := []struct {
		v      float64
		inputs []float64
		want   float64
	}{
		{120 / 0.85, []float64{120}, 141},             // a whole count gives a whole derived count
		{156 / 0.94, []float64{156}, 166},             // ca. 166, not 165,957447
		{97 - 30, []float64{97, 30}, 67},              //
		{4.1 - 2, []float64{4.1, 2}, 2},               // the least precise input rules
		{6.4 - 1.25, []float64{6.4, 1.25}, 5.2},       // 5,15 rounds half away from zero
		{102 / 0.85, nil, 120},                        // no inputs: 6 decimals, noise gone
		{0.1 + 0.2, []float64{0.1, 0.2}, 0.3},         //
		{-(120 / 0.85), []float64{120}, -141},         //
		{2.5, []float64{1}, 3},                        // half away from zero
		{-2.5, []float64{1}, -3},                      //
		{1.0 / 3, []float64{1.0 / 3}, 0.333333},       // at most 6 decimals
		{4099999.9999999995, []float64{4.1e6}, 4.1e6}, // float noise of 4,1 × 10⁶
	}
	for _, tt := range tests {
		if got := RoundDerived(tt.v, tt.inputs...); got != tt.want {
			t.Errorf("RoundDerived(%v, %v) = %v; want %v", tt.v, tt.inputs, got, tt.want)
		}
	}
}

func TestDecimals(t *testing.T) {
	for v, want := range map[float64]int{120: 0, 4.1: 1, 6.25: 2, 0.1 + 0.2: 1, 1.0 / 3: 6, -4.4: 1, 4.1e6: 0} {
		if got := Decimals(v); got != want {
			t.Errorf("Decimals(%v) = %d; want %d", v, got, want)
		}
	}
}

func TestFormatValue(t *testing.T) {
	a, b, c := 40.0, 50.0, 4.1
	tests := []struct {
		v      float64
		q      Qualifier
		lo, up *float64
		want   string
	}{
		{45, QualRange, &a, &b, "40–50"},
		{4.6, QualRange, &c, &b, "4,1–50"},
		{45, QualVague, &a, &b, "40–50"},
		{45, QualVague, &a, nil, "45"},
		{45, QualExact, &b, &b, "45"},
		{30000, QualApprox, nil, nil, "30.000"},
	}
	for _, tt := range tests {
		if got := FormatValue(tt.v, tt.q, tt.lo, tt.up); got != tt.want {
			t.Errorf("FormatValue(%v, %s, %s, %s) = %q; want %q", tt.v, tt.q, optStr(tt.lo), optStr(tt.up), got, tt.want)
		}
	}
}

func TestSeriesLatestSkipsExpectations(t *testing.T) {
	s := &Series{Points: []Point{{Value: 1}, {Value: 2}, {Value: 30000, Expected: true}}}
	if p := s.Latest(); p == nil || p.Value != 2 {
		t.Errorf("Latest() = %v; want the point with value 2, not the expectation", p)
	}
	if p := (&Series{Points: []Point{{Value: 3, Expected: true}}}).Latest(); p != nil {
		t.Errorf("Latest() of only expectations = %v; want nil", p)
	}
	if p := (*Series)(nil).Latest(); p != nil {
		t.Errorf("nil series: %v", p)
	}
}
