package peil

import (
	"math"
	"strconv"
	"strings"
)

// Bounds returns the bounds a qualifier implies for value v: exact gives v and
// v; at_least and more_than give v as lower bound (for more_than the bound is
// exclusive: the value lies above it); at_most gives v as upper bound; approx
// gives no bounds (nil, nil), as the text does not say how approximate it is.
// A range or a vague quantity has bounds of its own, which the text gives
// beside the value (see Figure.Lower): Bounds gives none for them.
func Bounds(q Qualifier, v float64) (lower, upper *float64) {
	switch q {
	case QualExact:
		u := v
		return &v, &u
	case QualAtLeast, QualMoreThan:
		return &v, nil
	case QualAtMost:
		return nil, &v
	}
	return nil, nil
}

// FigureBounds returns the bounds of f: its own when it has them (a range, a
// vague quantity, or bounds set by extraction), else those its qualifier
// implies (Bounds).
func FigureBounds(f *Figure) (lower, upper *float64) {
	if f.Lower != nil || f.Upper != nil || f.Qualifier == QualRange || f.Qualifier == QualVague {
		return f.Lower, f.Upper
	}
	return Bounds(f.Qualifier, f.Value)
}

// maxDecimals bounds the decimals Decimals counts: finer than any figure in a
// report, and where floating-point noise starts.
const maxDecimals = 6

// Decimals returns how many decimals v has as written in its shortest form
// (4,1 has one, 120 none), at most 6.
func Decimals(v float64) int {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0
	}
	s := strconv.FormatFloat(RoundDecimals(v, maxDecimals), 'f', -1, 64)
	_, frac, _ := strings.Cut(s, ".")
	return len(frac)
}

// RoundDecimals rounds v to d decimals (half away from zero), through its
// decimal form so that 4,15 stays 4,15 rather than 4,1499999.
func RoundDecimals(v float64, d int) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return v
	}
	r, err := strconv.ParseFloat(strconv.FormatFloat(v, 'f', d, 64), 64)
	if err != nil {
		return v
	}
	// FormatFloat rounds half to even on the exact binary value; the rule for
	// people is half away from zero on the value as written.
	if x := math.Abs(v) * math.Pow10(d); math.Abs(x-math.Trunc(x)-0.5) < 1e-9 {
		r = math.Copysign((math.Trunc(x)+1)/math.Pow10(d), v)
	}
	return r
}

// RoundDerived rounds a value computed from others to the precision those
// inputs justify: as many decimals as the least precise of them has (97 − 30 =
// 67; 120 ÷ 0,85 ≈ 141, not 141,176471; 4,1 − 2 = 2). This is the one rule for
// derived values and increments; without inputs it keeps 6 decimals.
func RoundDerived(v float64, inputs ...float64) float64 {
	d := maxDecimals
	for _, in := range inputs {
		d = min(d, Decimals(in))
	}
	return RoundDecimals(v, d)
}

// Latest returns the point that shows the series' latest value: the last
// point (points are in period order) that is not an expectation, or nil when
// there is none.
func (s *Series) Latest() *Point {
	if s == nil {
		return nil
	}
	for i := len(s.Points) - 1; i >= 0; i-- {
		if !s.Points[i].Expected {
			return &s.Points[i]
		}
	}
	return nil
}

// RatingScale returns the top of the scale of a rating in unit: N of
// "schaal van N" (the unit extraction gives ratings), 5 when the unit does
// not say.
func RatingScale(unit string) float64 {
	f := strings.Fields(unit)
	if len(f) > 0 {
		if n, err := strconv.ParseFloat(strings.ReplaceAll(f[len(f)-1], ",", "."), 64); err == nil && n > 0 {
			return n
		}
	}
	return 5
}
