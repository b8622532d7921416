package peil

import (
	"math"
	"strings"
	"testing"
	"time"
)

func TestMonthsBetween(t *testing.T) {
	tests := []struct {
		a, b Date
		want float64
	}{
		{NewDate(2016, 6, 15), NewDate(2016, 11, 15), 5},
		{NewDate(2016, 11, 1), NewDate(2017, 5, 1), 6},
		{NewDate(2016, 6, 1), NewDate(2016, 6, 1), 0},
		{NewDate(2016, 1, 31), NewDate(2016, 3, 1), 2 + (1-31)/(365.2425/12)}, // 30 days
	}
	for _, tt := range tests {
		if got := MonthsBetween(tt.a, tt.b); math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("MonthsBetween(%s, %s) = %v; want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

// A revision is a later report changing the value; statements of one report
// that disagree (measure 15 restating measure 7's figure) are not, and a
// derived value that disagrees with the stated one is noted.
func TestPointsRevisionsAcrossReports(t *testing.T) {
	end := NewDate(2017, 2, 13)
	obs := func(report int64, line int, v float64, src Source, q Qualifier) Observation {
		o := Observation{ID: int64(report*100) + int64(line), Report: report, ReportDate: NewDate(2016+int(report), 3, 31),
			Line: line, Value: v, Text: FormatNumber(v), Qualifier: q, Source: src, PeriodEnd: end}
		if src == SourceImported {
			o.Report, o.ReportDate, o.Citation = 0, Date{}, "https://example.org"
		}
		return o
	}
	ex, dv, im := SourceExtracted, SourceDerived, SourceImported
	exact, approx := QualExact, QualApprox
	tests := []struct {
		name      string
		obs       []Observation
		value     float64
		revised   bool
		noteWords []string // "" note when empty
	}{
		{"one report restates its own figure differently", []Observation{obs(1, 40, 305, ex, exact), obs(1, 10, 300, ex, exact)},
			300, false, []string{"rapportage 1 noemt verschillende waarden: 300 (regel 10), 305 (regel 40)"}},
		{"one report says the same twice", []Observation{obs(1, 10, 300, ex, exact), obs(1, 40, 300, ex, exact)}, 300, false, nil},
		{"a later report changes it", []Observation{obs(1, 10, 100, ex, exact), obs(2, 12, 105, ex, exact)}, 105, true, nil},
		{"a later report repeats it", []Observation{obs(1, 10, 100, ex, exact), obs(1, 30, 100, ex, exact), obs(2, 12, 100, ex, exact)},
			100, false, nil},
		{"an import differs from the report", []Observation{obs(1, 10, 130, ex, exact), obs(0, 2, 131, im, exact)}, 130, true, nil},
		{"derived disagrees with stated", []Observation{obs(1, 10, 97, ex, exact), obs(2, 5, 98, dv, exact)},
			97, false, []string{"afgeleid 98 wijkt af van de vermelde 97"}},
		{"two reports derive the same disagreeing value: one note", []Observation{obs(1, 10, 97, ex, exact), obs(2, 5, 98, dv, exact), obs(3, 5, 98, dv, exact)},
			97, false, []string{"afgeleid 98 wijkt af van de vermelde 97"}},
		{"approximate derived agrees when rounded", []Observation{obs(1, 10, 141, ex, exact), obs(2, 5, 141.176471, dv, approx)},
			141, false, nil},
		{"only derived", []Observation{obs(2, 5, 67, dv, exact)}, 67, false, nil},
	}
	for _, tt := range tests {
		ps := Points(tt.obs)
		if len(ps) != 1 {
			t.Fatalf("%s: Points = %+v; want 1 point", tt.name, ps)
		}
		p := ps[0]
		if p.Value != tt.value || p.Revised != tt.revised || len(p.Statements) != len(tt.obs) {
			t.Errorf("%s: Points = value %v, revised %v, %d statements; want %v, %v, %d",
				tt.name, p.Value, p.Revised, len(p.Statements), tt.value, tt.revised, len(tt.obs))
		}
		if strings.Count(p.Note, "wijkt af") > 1 {
			t.Errorf("%s: Note = %q; want the same disagreement once", tt.name, p.Note)
		}
		if len(tt.noteWords) == 0 && p.Note != "" {
			t.Errorf("%s: Note = %q; want none", tt.name, p.Note)
		}
		for _, w := range tt.noteWords {
			if !strings.Contains(p.Note, w) {
				t.Errorf("%s: Note = %q; want it to say %q", tt.name, p.Note, w)
			}
		}
	}
}

// An increment is approximate when either end is, and says so in its formula:
// ca. 305 to 320 is ca. 15, not an exact 15.
// TestIncrementsSkipExpectations: an expected value (future tense) makes no
// increment; the one after it runs from the last value reached.
func TestIncrementsSkipExpectations(t *testing.T) {
	pts := []Point{
		{PeriodEnd: NewDate(2016, 11, 15), Value: 305, Qualifier: QualExact},
		{PeriodEnd: NewDate(2017, 3, 31), Value: 320, Qualifier: QualExact},
		{PeriodEnd: NewDate(2017, 4, 30), Value: 30000, Qualifier: QualApprox, Expected: true},
		{PeriodEnd: NewDate(2017, 11, 30), Value: 350, Qualifier: QualExact},
	}
	incs := Increments(pts, nil)
	if len(incs) != 2 || incs[0].Delta != 15 || incs[1].Delta != 30 || !incs[1].From.Equal(pts[1].PeriodEnd.Time) {
		t.Errorf("Increments = %+v; want 305→320 and 320→350, none to or from the expectation", incs)
	}
}

func TestIncrementsQualifier(t *testing.T) {
	pt := func(end Date, v float64, q Qualifier) Point {
		return Point{PeriodEnd: end, Value: v, Qualifier: q}
	}
	nov, mar := NewDate(2016, 11, 15), NewDate(2017, 3, 31)
	tests := []struct {
		a, b  Qualifier
		want  Qualifier
		words string
	}{
		{QualApprox, QualExact, QualApprox, "afgeleid: 320 (31 maart 2017) min circa 305 (15 november 2016) = ca. 15 in 4,53 maanden"},
		{QualExact, QualAtLeast, QualApprox, "afgeleid: ten minste 320 (31 maart 2017) min 305 (15 november 2016) = ca. 15"},
		{QualExact, QualExact, QualExact, "afgeleid: 320 (31 maart 2017) min 305 (15 november 2016) = 15 in 4,53 maanden (3,31 per maand)"},
	}
	for _, tt := range tests {
		incs := Increments([]Point{pt(nov, 305, tt.a), pt(mar, 320, tt.b)}, nil)
		if len(incs) != 1 || incs[0].Delta != 15 || incs[0].Qualifier != tt.want || !strings.Contains(incs[0].Derivation, tt.words) {
			t.Errorf("Increments(%s 305, %s 320) = %+v; want delta 15, %s, with %q", tt.a, tt.b, incs, tt.want, tt.words)
		}
	}
	// One month is singular.
	if incs := Increments([]Point{pt(NewDate(2014, 11, 15), 184, QualExact), pt(NewDate(2014, 12, 15), 195, QualExact)}, nil); len(incs) != 1 || !strings.Contains(incs[0].Derivation, "= 11 in 1 maand (11 per maand)") {
		t.Errorf("Increments over one month = %+v; want \"= 11 in 1 maand (11 per maand)\"", incs)
	}
	// No floating-point noise in a delta: 6,4 − 5,1 is 1,3.
	incs := Increments([]Point{pt(nov, 5.1, QualExact), pt(mar, 6.4, QualExact)}, nil)
	if len(incs) != 1 || incs[0].Delta != 1.3 {
		t.Errorf("Increments(5,1 → 6,4) = %+v; want delta exactly 1.3", incs)
	}
}

// Points records which statement a point shows and which statements
// disagree with it without revising it.
func TestPointsShownStatement(t *testing.T) {
	end := NewDate(2017, 2, 13)
	obs := func(report int64, line int, v float64, src Source) Observation {
		o := Observation{ID: report*100 + int64(line), Report: report, ReportDate: NewDate(2016+int(report), 3, 31),
			Line: line, Value: v, Text: FormatNumber(v), Qualifier: QualExact, Source: src, PeriodEnd: end}
		if src == SourceImported {
			o.Report, o.ReportDate, o.Citation = 0, Date{}, "https://example.org"
		}
		return o
	}
	ex, dv, im := SourceExtracted, SourceDerived, SourceImported
	tests := []struct {
		name      string
		obs       []Observation
		shown     float64 // value of the shown statement
		shownLine int
		conflicts []bool // Conflict of each statement, in statement order
	}{
		{"an import, then a report", []Observation{obs(1, 10, 6.4, ex), obs(0, 2, 6.3, im)}, 6.4, 10, []bool{false, false}},
		{"a later derived value does not take over", []Observation{obs(1, 10, 91, ex), obs(2, 5, 166, dv)}, 91, 10, []bool{false, true}},
		{"an agreeing derived value is no conflict", []Observation{obs(1, 10, 91, ex), obs(2, 5, 91, dv)}, 91, 10, []bool{false, false}},
		{"a report's own restatement differs", []Observation{obs(1, 40, 305, ex), obs(1, 10, 300, ex)}, 300, 10, []bool{false, true}},
		{"the later report shows, its restatement after it", []Observation{obs(1, 10, 100, ex), obs(2, 30, 105, ex), obs(2, 12, 105, ex)},
			105, 12, []bool{false, false, false}},
		{"only derived: the latest", []Observation{obs(1, 5, 60, dv), obs(2, 5, 67, dv)}, 67, 5, []bool{false, false}},
	}
	for _, tt := range tests {
		ps := Points(tt.obs)
		if len(ps) != 1 {
			t.Fatalf("%s: Points = %+v; want 1 point", tt.name, ps)
		}
		p := ps[0]
		st, ok := p.ShownStatement()
		if !ok || st.Value != tt.shown || st.Line != tt.shownLine || p.Value != tt.shown {
			t.Errorf("%s: shown statement %d = %+v (point value %v); want value %v of line %d", tt.name, p.Shown, st, p.Value, tt.shown, tt.shownLine)
		}
		any := false
		for i, s := range p.Statements {
			if s.Conflict != tt.conflicts[i] {
				t.Errorf("%s: statement %d (%v, %s) Conflict = %v; want %v", tt.name, i, s.Value, s.Source, s.Conflict, tt.conflicts[i])
			}
			any = any || s.Conflict
		}
		if p.Conflict != any || p.Conflict != (p.Note != "") {
			t.Errorf("%s: point Conflict = %v with note %q; want %v", tt.name, p.Conflict, p.Note, any)
		}
	}
}

// A point has a gap before it when a report between it and the previous one
// said nothing about the indicator; a report that restated the previous
// point is no gap.
func TestMarkGaps(t *testing.T) {
	d := func(m int) Date { return NewDate(2016, time.Month(m), 28) }
	pt := func(end Date, reports ...int64) Point {
		p := Point{PeriodEnd: end}
		for _, r := range reports {
			p.Statements = append(p.Statements, Statement{Report: r, ReportDate: d(int(r) * 2), Source: SourceExtracted})
		}
		return p
	}
	var reports []Report
	for i := 1; i <= 5; i++ {
		reports = append(reports, Report{ID: int64(i), ReportDate: d(2 * i)})
	}
	// Report 1 states a point, report 2 restates it, report 3 says nothing,
	// report 4 states the next, report 5 the one after.
	points := []Point{pt(d(1), 1, 2), pt(d(7), 4), pt(d(9), 5)}
	MarkGaps(points, reports)
	if got := []bool{points[0].Gap, points[1].Gap, points[2].Gap}; got[0] || !got[1] || got[2] {
		t.Errorf("gaps = %v; want [false true false]: report 3 said nothing between the first and second point", got)
	}
	points = []Point{pt(d(1), 1), pt(d(3), 2, 3), pt(d(7), 4)}
	MarkGaps(points, reports)
	if points[1].Gap || points[2].Gap {
		t.Errorf("gaps = %v %v; want none: every report spoke", points[1].Gap, points[2].Gap)
	}
}

// ReportPoint gives what one report said by the series' rule: its own first
// figure of the point with the latest period end, not an expectation, not a
// derived value, not another report's restatement, with the point's period
// and the figure's review state.
func TestReportPoint(t *testing.T) {
	jan, mar, apr, jun := NewDate(2017, 1, 1), NewDate(2017, 3, 31), NewDate(2017, 4, 1), NewDate(2017, 6, 30)
	o := func(id, report int64, line int, v float64, start, end Date, src Source) Observation {
		return Observation{ID: id, Report: report, ReportDate: NewDate(2016+int(report), 5, 1), Line: line, Value: v,
			Text: FormatNumber(v), Qualifier: QualExact, Source: src, PeriodStart: start, PeriodEnd: end, Review: ReviewAuto}
	}
	orig := 302.0
	corrected := o(1, 1, 10, 300, Date{}, mar, SourceExtracted) // joins the point jan–mar
	corrected.Review, corrected.Original = ReviewCorrected, &orig
	expected := o(3, 1, 5, 420, Date{}, jun, SourceExtracted)
	expected.Expected = true
	points := Points([]Observation{
		corrected,
		o(2, 2, 4, 310, jan, mar, SourceExtracted), // report 2 restates it: the series shows 310
		expected, // an expectation is no value of report 1
		o(4, 1, 30, 390, Date{}, jun, SourceDerived),
		o(5, 2, 40, 410, apr, jun, SourceExtracted), // report 2's latest end, later in the text
		o(6, 2, 8, 405, Date{}, jun, SourceExtracted),
		o(7, 2, 3, 999, Date{}, jun, SourceExtracted), // the first in the text of that point
		o(8, 3, 9, 500, jan, mar, SourceExtracted),
	})
	tests := []struct {
		report     int64
		id         int64
		value      float64
		start, end Date
		review     ReviewStatus
		ok         bool
	}{
		{1, 1, 300, jan, mar, ReviewCorrected, true},
		{2, 7, 999, apr, jun, ReviewAuto, true}, // the three of jun are one point: its first in the text
		{3, 8, 500, jan, mar, ReviewAuto, true},
		{4, 0, 0, Date{}, Date{}, "", false},
	}
	for _, tt := range tests {
		p, ok := ReportPoint(points, tt.report)
		if ok != tt.ok || p.Value != tt.value || !p.PeriodStart.Equal(tt.start.Time) || !p.PeriodEnd.Equal(tt.end.Time) {
			t.Errorf("ReportPoint(report %d) = %v %s–%s, %v; want %v %s–%s, %v", tt.report, p.Value, p.PeriodStart, p.PeriodEnd, ok,
				tt.value, tt.start, tt.end, tt.ok)
		}
		if !ok {
			continue
		}
		st, shown := p.ShownStatement()
		if len(p.Statements) != 1 || !shown || st.Observation != tt.id || st.Report != tt.report || p.Report != tt.report ||
			st.Review != tt.review || p.Revised || p.Note != "" {
			t.Errorf("ReportPoint(report %d) = %+v; want observation %d, review %s, as its only statement", tt.report, p, tt.id, tt.review)
		}
	}
	if p, _ := ReportPoint(points, 1); p.Statements[0].Original == nil || *p.Statements[0].Original != 302 {
		t.Errorf("ReportPoint(report 1) original = %v; want 302, the value as extracted", p.Statements[0].Original)
	}
	// Two points with the same end: the one the report's figure comes first in
	// the text for.
	two := Points([]Observation{o(1, 1, 10, 100, jan, jun, SourceExtracted), o(2, 1, 20, 200, apr, jun, SourceExtracted)})
	if p, _ := ReportPoint(two, 1); p.Value != 100 || !p.PeriodStart.Equal(jan.Time) {
		t.Errorf("ReportPoint of two points ending %s = %v from %s; want 100 from %s (line 10 before line 20)", jun, p.Value, p.PeriodStart, jan)
	}
}

// A statement without a period start joins the point with the same period end
// only when exactly one such point has a start: with one it joins it, with
// two it cannot say which and stays a point of its own.
func TestPointsStartlessJoinsOnlyAnUnambiguousPoint(t *testing.T) {
	end := NewDate(2017, 2, 13)
	obs := func(id int64, start Date, v float64) Observation {
		return Observation{ID: id, Report: id, ReportDate: NewDate(2017, 3, int(id)), Line: 10, Value: v,
			Text: FormatNumber(v), Qualifier: QualExact, Source: SourceExtracted, PeriodStart: start, PeriodEnd: end}
	}
	startless := obs(3, Date{}, 300)
	one := Points([]Observation{obs(1, NewDate(2016, 1, 1), 290), startless})
	if len(one) != 1 || len(one[0].Statements) != 2 || one[0].PeriodStart != NewDate(2016, 1, 1) {
		t.Errorf("one point with a start: %d points %+v; want the start-less statement joined to it", len(one), one)
	}
	two := Points([]Observation{obs(1, NewDate(2016, 1, 1), 290), obs(2, NewDate(2016, 7, 1), 150), startless})
	if len(two) != 3 {
		t.Fatalf("two points with a start: %d points %+v; want 3 (the start-less statement on its own)", len(two), two)
	}
	for _, p := range two {
		if len(p.Statements) != 1 {
			t.Errorf("point %s–%s has %d statements; want 1", p.PeriodStart, p.PeriodEnd, len(p.Statements))
		}
	}
}
