package analytics

import (
	"context"
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/peil-dev/peil"
)

func TestSeriesCumulativeWithRevision(t *testing.T) {
	db := loadedDB(t, fixtureReports...)
	s, err := db.Series(context.Background(), "passport_measures")
	if err != nil {
		t.Fatal(err)
	}
	type pt struct {
		end     string
		value   float64
		revised bool
		stmts   int
	}
	want := []pt{{"2016-06-01", 105, true, 2}, {"2016-11-01", 130, false, 1}, {"2017-05-01", 190, false, 1}, {"2017-11-01", 250, false, 1}}
	if len(s.Points) != len(want) {
		t.Fatalf("Series(passport_measures) has %d points; want %d: %+v", len(s.Points), len(want), s.Points)
	}
	for i, w := range want {
		p := s.Points[i]
		got := pt{p.PeriodEnd.String(), p.Value, p.Revised, len(p.Statements)}
		if got != w {
			t.Errorf("point %d = %+v; want %+v", i, got, w)
		}
	}
	// The restated point keeps both statements, oldest first, and shows report2's.
	p := s.Points[0]
	if p.Statements[0].Value != 100 || p.Statements[1].Value != 105 || p.ReportDate.String() != "2016-11-15" {
		t.Errorf("restated point = %+v; want statements 100 then 105, shown from 2016-11-15", p)
	}
	exact := peil.QualExact
	wantInc := []peil.Increment{
		{From: peil.NewDate(2016, 6, 1), To: peil.NewDate(2016, 11, 1), Delta: 25, Months: 5, PerMonth: 5, Qualifier: exact,
			Derivation: "afgeleid: 130 (1 november 2016) min 105 (1 juni 2016) = 25 in 5 maanden (5 per maand)"},
		{From: peil.NewDate(2016, 11, 1), To: peil.NewDate(2017, 5, 1), Delta: 60, Months: 6, PerMonth: 10, Qualifier: exact,
			Derivation: "afgeleid: 190 (1 mei 2017) min 130 (1 november 2016) = 60 in 6 maanden (10 per maand)"},
		{From: peil.NewDate(2017, 5, 1), To: peil.NewDate(2017, 11, 1), Delta: 60, Months: 6, PerMonth: 10, Qualifier: exact,
			Derivation: "afgeleid: 250 (1 november 2017) min 190 (1 mei 2017) = 60 in 6 maanden (10 per maand)"},
	}
	if len(s.Increments) != len(wantInc) {
		t.Fatalf("Increments = %+v; want %+v", s.Increments, wantInc)
	}
	for i, w := range wantInc {
		if s.Increments[i] != w {
			t.Errorf("increment %d = %+v; want %+v", i, s.Increments[i], w)
		}
	}
	if len(s.Events) != 2 || s.Events[1].Type != peil.EventInForce {
		t.Errorf("Events = %+v; want the 2 events of measure 5, the law in force last", s.Events)
	}
}

func TestSeriesGap(t *testing.T) {
	db := loadedDB(t, fixtureReports...)
	s, err := db.Series(context.Background(), "returnees")
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Increments) != 1 {
		t.Fatalf("Increments = %+v; want 1", s.Increments)
	}
	inc := s.Increments[0]
	if !inc.Gap || inc.Delta != 5 || inc.Months != 11 {
		t.Errorf("increment = %+v; want a gap (report2 said nothing) of 11 months, delta 5", inc)
	}
}

func TestSeriesDerivedWaarvan(t *testing.T) {
	db := loadedDB(t, fixtureReports...)
	s, err := db.Series(context.Background(), "sanctions_persons")
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Points) != 3 {
		t.Fatalf("Series(sanctions_persons) = %+v; want 3 points", s.Points)
	}
	p := s.Points[1]
	if p.Source != peil.SourceDerived || p.Value != 80 || p.PeriodEnd.String() != "2016-11-15" ||
		p.PeriodStart.String() != "2013-12-01" || p.Qualifier != peil.QualExact {
		t.Errorf("derived point = %+v; want 97 − 17 = 80 exact at 2016-11-15, derived", p)
	}
	if !strings.Contains(p.Derivation, "97 (totaal) min 17") || !strings.Contains(p.Derivation, "15 november 2016") {
		t.Errorf("derivation = %q; want the formula in words", p.Derivation)
	}
	// No gap: the derived point stands for the report in between.
	for _, inc := range s.Increments {
		if inc.Gap {
			t.Errorf("increment %+v is a gap; want none", inc)
		}
	}
}

func TestSeriesDerivedChange(t *testing.T) {
	db := loadedDB(t, fixtureReports...)
	s, err := db.Series(context.Background(), "extremism_reports")
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Points) != 2 || s.Increments != nil {
		t.Fatalf("Series(extremism_reports) = %+v; want 2 points and no increments (a flow)", s)
	}
	p := s.Points[0] // 2015: stated 140 by report1, derived ≈ 141,2 by report3
	if p.Value != 140 || p.Source != peil.SourceExtracted || p.Revised || len(p.Statements) != 2 {
		t.Fatalf("2015 point = %+v; want extracted 140 shown, not revised, with the derived statement", p)
	}
	d := p.Statements[1]
	if d.Source != peil.SourceDerived || d.Value != 141 || d.Qualifier != peil.QualApprox ||
		d.Text != "ca. 141" || !strings.Contains(d.Derivation, "afname van 15% ten opzichte van 2015") {
		t.Errorf("derived statement = %+v; want 120 / 0,85 ≈ 141, approx, with its derivation", d)
	}
}

func TestSeriesQualifiersTravel(t *testing.T) {
	db := loadedDB(t, fixtureReports...)
	s, err := db.Series(context.Background(), "investigations")
	if err != nil {
		t.Fatal(err)
	}
	var got []peil.Qualifier
	for _, p := range s.Points {
		got = append(got, p.Qualifier)
	}
	want := []peil.Qualifier{peil.QualApprox, peil.QualApprox, peil.QualAtLeast, peil.QualAtLeast}
	if len(got) != len(want) {
		t.Fatalf("qualifiers = %v; want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("qualifiers = %v; want %v", got, want)
			break
		}
	}
}

func TestSeriesNotFound(t *testing.T) {
	db := loadedDB(t, "report1.json")
	_, err := db.Series(context.Background(), "no_such_indicator")
	if peil.ErrorCode(err) != peil.ENOTFOUND {
		t.Errorf("Series(no_such_indicator) error = %v; want ENOTFOUND", err)
	}
}

// The JSON of a series has the shape the issue gives for `peil series`.
func TestSeriesJSON(t *testing.T) {
	db := loadedDB(t, "report1.json")
	s, err := db.Series(context.Background(), "investigations")
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Indicator map[string]any   `json:"indicator"`
		Points    []map[string]any `json:"points"`
	}
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"id", "label", "unit", "measure"} {
		if _, ok := got.Indicator[k]; !ok {
			t.Errorf("indicator JSON lacks %q: %s", k, b)
		}
	}
	if len(got.Points) != 1 {
		t.Fatalf("points = %v; want 1", got.Points)
	}
	want := map[string]any{"period_start": nil, "period_end": "2016-06-15", "value": 300.0, "qualifier": "approx", "source": "extracted"}
	for k, v := range want {
		if got.Points[0][k] != v {
			t.Errorf("point[%q] = %v; want %v", k, got.Points[0][k], v)
		}
	}
	if r, _ := got.Points[0]["report"].(float64); r <= 0 {
		t.Errorf("point report = %v; want the report id", got.Points[0]["report"])
	}
}

func TestMonthsBetween(t *testing.T) {
	tests := []struct {
		a, b peil.Date
		want float64
	}{
		{peil.NewDate(2016, 6, 15), peil.NewDate(2016, 11, 15), 5},
		{peil.NewDate(2016, 11, 1), peil.NewDate(2017, 5, 1), 6},
		{peil.NewDate(2016, 6, 1), peil.NewDate(2016, 6, 1), 0},
		{peil.NewDate(2016, 1, 31), peil.NewDate(2016, 3, 1), 2 + (1-31)/(365.2425/12)}, // 30 days
	}
	for _, tt := range tests {
		if got := MonthsBetween(tt.a, tt.b); math.Abs(got-tt.want) > 1e-9 {
			t.Errorf("MonthsBetween(%s, %s) = %v; want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

// A cached series is a copy, and a write makes the next call see new data.
func TestSeriesCache(t *testing.T) {
	ctx := context.Background()
	db := loadedDB(t, "report1.json", "report2.json")
	s1, err := db.Series(ctx, "passport_measures")
	if err != nil {
		t.Fatal(err)
	}
	s1.Points[0].Value = -1 // the caller's copy only
	s1.Points[0].Statements[0].Value = -1
	s2, err := db.Series(ctx, "passport_measures")
	if err != nil {
		t.Fatal(err)
	}
	if s2.Points[0].Value == -1 || s2.Points[0].Statements[0].Value == -1 {
		t.Errorf("changing a returned series changed the cached one: %+v", s2.Points[0])
	}
	if len(s2.Points) != 2 {
		t.Fatalf("points = %d; want 2", len(s2.Points))
	}
	if _, err := db.IngestReport(ctx, fixture(t, "report3.json")); err != nil {
		t.Fatal(err)
	}
	s3, err := db.Series(ctx, "passport_measures")
	if err != nil {
		t.Fatal(err)
	}
	if len(s3.Points) != 3 || len(s3.Events) != 2 {
		t.Errorf("after ingesting report3: %d points, %d events; want 3 and 2", len(s3.Points), len(s3.Events))
	}
	if _, err := db.Import(ctx, []peil.Observation{imported("passport_measures", 160, peil.NewDate(2017, 1, 1), 2)}); err != nil {
		t.Fatal(err)
	}
	s4, err := db.Series(ctx, "passport_measures")
	if err != nil {
		t.Fatal(err)
	}
	if len(s4.Points) != 4 {
		t.Errorf("after an import: %d points; want 4", len(s4.Points))
	}
}

// A flow tied to a cumulative indicator ("waarvan 10 in deze
// rapportageperiode") is no point of its series; it stays an observation.
func TestSeriesLeavesOutOtherQuantities(t *testing.T) {
	ctx := context.Background()
	ext := fixture(t, "report2.json")
	flow := ext.Figures[1]
	flow.Value, flow.Text, flow.Kind = 25, "25", peil.KindFlow
	flow.PeriodStart, flow.PeriodEnd = ext.Report.PeriodStart, ext.Report.ReportDate
	ext.Figures = append(ext.Figures, flow)
	db := openTestDB(t)
	if _, err := db.IngestReport(ctx, ext); err != nil {
		t.Fatal(err)
	}
	s, err := db.Series(ctx, "passport_measures")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range s.Points {
		if p.Value == 25 {
			t.Errorf("series has the flow as a point: %+v", p)
		}
	}
	n := 0
	db.Observations(ctx, peil.Filter{Indicator: "passport_measures"}, func(o *peil.Observation) error {
		if o.Value == 25 {
			n++
		}
		return nil
	})
	if n != 1 {
		t.Errorf("observations with the flow = %d; want 1", n)
	}
	for _, tt := range []struct {
		ind, obs peil.Kind
		want     bool
	}{
		{peil.KindCumulative, peil.KindCumulative, true}, {peil.KindCumulative, peil.KindStock, true},
		{peil.KindStock, peil.KindCumulative, true}, {peil.KindCumulative, peil.KindFlow, false},
		{peil.KindFlow, peil.KindStock, false}, {peil.KindAmount, peil.KindAmount, true},
	} {
		if got := tt.ind.SameQuantity(tt.obs); got != tt.want {
			t.Errorf("Kind(%s).SameQuantity(%s) = %v; want %v", tt.ind, tt.obs, got, tt.want)
		}
	}
}

// A revision is a later report changing the value; statements of one report
// that disagree (measure 15 restating measure 7's figure) are not, and a
// derived value that disagrees with the stated one is noted.
func TestPointsRevisionsAcrossReports(t *testing.T) {
	end := peil.NewDate(2017, 2, 13)
	obs := func(report int64, line int, v float64, src peil.Source, q peil.Qualifier) peil.Observation {
		o := peil.Observation{ID: int64(report*100) + int64(line), Report: report, ReportDate: peil.NewDate(2016+int(report), 3, 31),
			Line: line, Value: v, Text: peil.FormatNumber(v), Qualifier: q, Source: src, PeriodEnd: end}
		if src == peil.SourceImported {
			o.Report, o.ReportDate, o.Citation = 0, peil.Date{}, "https://example.org"
		}
		return o
	}
	ex, dv, im := peil.SourceExtracted, peil.SourceDerived, peil.SourceImported
	exact, approx := peil.QualExact, peil.QualApprox
	tests := []struct {
		name      string
		obs       []peil.Observation
		value     float64
		revised   bool
		noteWords []string // "" note when empty
	}{
		{"one report restates its own figure differently", []peil.Observation{obs(1, 40, 305, ex, exact), obs(1, 10, 300, ex, exact)},
			300, false, []string{"rapportage 1 noemt verschillende waarden: 300 (regel 10), 305 (regel 40)"}},
		{"one report says the same twice", []peil.Observation{obs(1, 10, 300, ex, exact), obs(1, 40, 300, ex, exact)}, 300, false, nil},
		{"a later report changes it", []peil.Observation{obs(1, 10, 100, ex, exact), obs(2, 12, 105, ex, exact)}, 105, true, nil},
		{"a later report repeats it", []peil.Observation{obs(1, 10, 100, ex, exact), obs(1, 30, 100, ex, exact), obs(2, 12, 100, ex, exact)},
			100, false, nil},
		{"an import differs from the report", []peil.Observation{obs(1, 10, 130, ex, exact), obs(0, 2, 131, im, exact)}, 130, true, nil},
		{"derived disagrees with stated", []peil.Observation{obs(1, 10, 97, ex, exact), obs(2, 5, 98, dv, exact)},
			97, false, []string{"afgeleid 98 wijkt af van de vermelde 97"}},
		{"two reports derive the same disagreeing value: one note", []peil.Observation{obs(1, 10, 97, ex, exact), obs(2, 5, 98, dv, exact), obs(3, 5, 98, dv, exact)},
			97, false, []string{"afgeleid 98 wijkt af van de vermelde 97"}},
		{"approximate derived agrees when rounded", []peil.Observation{obs(1, 10, 141, ex, exact), obs(2, 5, 141.176471, dv, approx)},
			141, false, nil},
		{"only derived", []peil.Observation{obs(2, 5, 67, dv, exact)}, 67, false, nil},
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
	pts := []peil.Point{
		{PeriodEnd: peil.NewDate(2016, 11, 15), Value: 305, Qualifier: peil.QualExact},
		{PeriodEnd: peil.NewDate(2017, 3, 31), Value: 320, Qualifier: peil.QualExact},
		{PeriodEnd: peil.NewDate(2017, 4, 30), Value: 30000, Qualifier: peil.QualApprox, Expected: true},
		{PeriodEnd: peil.NewDate(2017, 11, 30), Value: 350, Qualifier: peil.QualExact},
	}
	incs := Increments(pts, nil)
	if len(incs) != 2 || incs[0].Delta != 15 || incs[1].Delta != 30 || !incs[1].From.Equal(pts[1].PeriodEnd.Time) {
		t.Errorf("Increments = %+v; want 305→320 and 320→350, none to or from the expectation", incs)
	}
}

func TestIncrementsQualifier(t *testing.T) {
	pt := func(end peil.Date, v float64, q peil.Qualifier) peil.Point {
		return peil.Point{PeriodEnd: end, Value: v, Qualifier: q}
	}
	nov, mar := peil.NewDate(2016, 11, 15), peil.NewDate(2017, 3, 31)
	tests := []struct {
		a, b  peil.Qualifier
		want  peil.Qualifier
		words string
	}{
		{peil.QualApprox, peil.QualExact, peil.QualApprox, "afgeleid: 320 (31 maart 2017) min circa 305 (15 november 2016) = ca. 15 in 4,53 maanden"},
		{peil.QualExact, peil.QualAtLeast, peil.QualApprox, "afgeleid: ten minste 320 (31 maart 2017) min 305 (15 november 2016) = ca. 15"},
		{peil.QualExact, peil.QualExact, peil.QualExact, "afgeleid: 320 (31 maart 2017) min 305 (15 november 2016) = 15 in 4,53 maanden (3,31 per maand)"},
	}
	for _, tt := range tests {
		incs := Increments([]peil.Point{pt(nov, 305, tt.a), pt(mar, 320, tt.b)}, nil)
		if len(incs) != 1 || incs[0].Delta != 15 || incs[0].Qualifier != tt.want || !strings.Contains(incs[0].Derivation, tt.words) {
			t.Errorf("Increments(%s 305, %s 320) = %+v; want delta 15, %s, with %q", tt.a, tt.b, incs, tt.want, tt.words)
		}
	}
	// One month is singular.
	if incs := Increments([]peil.Point{pt(peil.NewDate(2014, 11, 15), 184, peil.QualExact), pt(peil.NewDate(2014, 12, 15), 195, peil.QualExact)}, nil); len(incs) != 1 || !strings.Contains(incs[0].Derivation, "= 11 in 1 maand (11 per maand)") {
		t.Errorf("Increments over one month = %+v; want \"= 11 in 1 maand (11 per maand)\"", incs)
	}
	// No floating-point noise in a delta: 6,4 − 5,1 is 1,3.
	incs := Increments([]peil.Point{pt(nov, 5.1, peil.QualExact), pt(mar, 6.4, peil.QualExact)}, nil)
	if len(incs) != 1 || incs[0].Delta != 1.3 {
		t.Errorf("Increments(5,1 → 6,4) = %+v; want delta exactly 1.3", incs)
	}
}

// Points records which statement a point shows and which statements
// disagree with it without revising it.
func TestPointsShownStatement(t *testing.T) {
	end := peil.NewDate(2017, 2, 13)
	obs := func(report int64, line int, v float64, src peil.Source) peil.Observation {
		o := peil.Observation{ID: report*100 + int64(line), Report: report, ReportDate: peil.NewDate(2016+int(report), 3, 31),
			Line: line, Value: v, Text: peil.FormatNumber(v), Qualifier: peil.QualExact, Source: src, PeriodEnd: end}
		if src == peil.SourceImported {
			o.Report, o.ReportDate, o.Citation = 0, peil.Date{}, "https://example.org"
		}
		return o
	}
	ex, dv, im := peil.SourceExtracted, peil.SourceDerived, peil.SourceImported
	tests := []struct {
		name      string
		obs       []peil.Observation
		shown     float64 // value of the shown statement
		shownLine int
		conflicts []bool // Conflict of each statement, in statement order
	}{
		{"an import, then a report", []peil.Observation{obs(1, 10, 6.4, ex), obs(0, 2, 6.3, im)}, 6.4, 10, []bool{false, false}},
		{"a later derived value does not take over", []peil.Observation{obs(1, 10, 91, ex), obs(2, 5, 166, dv)}, 91, 10, []bool{false, true}},
		{"an agreeing derived value is no conflict", []peil.Observation{obs(1, 10, 91, ex), obs(2, 5, 91, dv)}, 91, 10, []bool{false, false}},
		{"a report's own restatement differs", []peil.Observation{obs(1, 40, 305, ex), obs(1, 10, 300, ex)}, 300, 10, []bool{false, true}},
		{"the later report shows, its restatement after it", []peil.Observation{obs(1, 10, 100, ex), obs(2, 30, 105, ex), obs(2, 12, 105, ex)},
			105, 12, []bool{false, false, false}},
		{"only derived: the latest", []peil.Observation{obs(1, 5, 60, dv), obs(2, 5, 67, dv)}, 67, 5, []bool{false, false}},
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

// Observations marks as current exactly the observation each point of its
// indicator's series shows: one per indicator and period, the same as Series.
func TestObservationsCurrent(t *testing.T) {
	ctx := context.Background()
	db := loadedDB(t, "report1.json", "report2.json", "report3.json", "report4.json")
	imported := []peil.Observation{{Indicator: "passport_measures", Value: 52, Qualifier: peil.QualExact,
		PeriodEnd: peil.NewDate(2014, 11, 12), Citation: "Aanhangsel Handelingen II 2014/15, nr. 3221", Line: 2}}
	if _, err := db.Import(ctx, imported); err != nil {
		t.Fatal(err)
	}
	type period struct {
		ind        peil.IndicatorID
		start, end peil.Date
	}
	current := map[period][]peil.Observation{}
	all := 0
	if err := db.Observations(ctx, peil.Filter{}, func(o *peil.Observation) error {
		all++
		if o.Current {
			k := period{o.Indicator, o.PeriodStart, o.PeriodEnd}
			current[k] = append(current[k], *o)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	inds, err := db.Indicators(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	points := 0
	for _, ind := range inds {
		s, err := db.Series(ctx, ind.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range s.Points {
			points++
			st, _ := p.ShownStatement()
			var got []peil.Observation
			// A point's statements without a period start may have joined it.
			for k, obs := range current {
				if k.ind == ind.ID && k.end == p.PeriodEnd && (k.start == p.PeriodStart || k.start.IsZero()) {
					got = append(got, obs...)
				}
			}
			if len(got) != 1 || got[0].Value != st.Value || got[0].Report != st.Report || got[0].Line != st.Line {
				t.Errorf("%s %s–%s: current observations %+v; want the one of the shown statement %+v", ind.ID, p.PeriodStart, p.PeriodEnd, got, st)
			}
		}
	}
	n := 0
	for _, obs := range current {
		n += len(obs)
	}
	if n != points || n == 0 || n >= all {
		t.Errorf("%d current observations of %d, %d points; want one per point and some not current", n, all, points)
	}
}

// A point has a gap before it when a report between it and the previous one
// said nothing about the indicator; a report that restated the previous
// point is no gap.
func TestMarkGaps(t *testing.T) {
	d := func(m int) peil.Date { return peil.NewDate(2016, time.Month(m), 28) }
	pt := func(end peil.Date, reports ...int64) peil.Point {
		p := peil.Point{PeriodEnd: end}
		for _, r := range reports {
			p.Statements = append(p.Statements, peil.Statement{Report: r, ReportDate: d(int(r) * 2), Source: peil.SourceExtracted})
		}
		return p
	}
	var reports []peil.Report
	for i := 1; i <= 5; i++ {
		reports = append(reports, peil.Report{ID: int64(i), ReportDate: d(2 * i)})
	}
	// Report 1 states a point, report 2 restates it, report 3 says nothing,
	// report 4 states the next, report 5 the one after.
	points := []peil.Point{pt(d(1), 1, 2), pt(d(7), 4), pt(d(9), 5)}
	MarkGaps(points, reports)
	if got := []bool{points[0].Gap, points[1].Gap, points[2].Gap}; got[0] || !got[1] || got[2] {
		t.Errorf("gaps = %v; want [false true false]: report 3 said nothing between the first and second point", got)
	}
	points = []peil.Point{pt(d(1), 1), pt(d(3), 2, 3), pt(d(7), 4)}
	MarkGaps(points, reports)
	if points[1].Gap || points[2].Gap {
		t.Errorf("gaps = %v %v; want none: every report spoke", points[1].Gap, points[2].Gap)
	}
}
