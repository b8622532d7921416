package analytics

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

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
	if err := db.Observations(ctx, peil.Filter{Indicator: "passport_measures"}, func(o *peil.Observation) error {
		if o.Value == 25 {
			n++
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
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

// Observations marks as current exactly the observation each point of its
// indicator's series shows: one per indicator and period, the same as Series,
// whether it reads the series of one indicator at a time or of many, and
// for two imports of one point (the marks read only part of each statement).
func TestObservationsCurrent(t *testing.T) {
	ctx := context.Background()
	db := loadedDB(t, "report1.json", "report2.json", "report3.json", "report4.json")
	imported := []peil.Observation{{Indicator: "passport_measures", Value: 52, Qualifier: peil.QualExact,
		PeriodEnd: peil.NewDate(2014, 11, 12), Citation: "Aanhangsel Handelingen II 2014/15, nr. 3221", Line: 2},
		// A second source of the same point: imports are told apart by
		// their citation, so this one, the later, is shown.
		{Indicator: "passport_measures", Value: 53, Qualifier: peil.QualExact,
			PeriodEnd: peil.NewDate(2014, 11, 12), Citation: "Nieuwsbericht van 1 december 2014", Line: 3}}
	if _, err := db.Import(ctx, imported); err != nil {
		t.Fatal(err)
	}
	// Batches of one indicator and of several: the same marks.
	eachRowsPerQuery(t, func(t *testing.T) {
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
				st, ok := p.ShownStatement()
				if !ok {
					t.Errorf("%s %s: a point without a statement to show", ind.ID, p.PeriodEnd)
					continue
				}
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
	})
}

// TestSeriesGapReportsStoredOutOfOrder: a gap is found by report date, not by
// the order in which the reports were stored: report2 said nothing of the
// returnees between report1 and report3, stored last.
func TestSeriesGapReportsStoredOutOfOrder(t *testing.T) {
	db := loadedDB(t, "report4.json", "report3.json", "report2.json", "report1.json")
	s, err := db.Series(context.Background(), "returnees")
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Increments) != 1 || !s.Increments[0].Gap || len(s.Points) != 2 || !s.Points[1].Gap {
		t.Errorf("increments %+v, points %+v; want one increment and the second point after a gap", s.Increments, s.Points)
	}
	p, err := db.Series(context.Background(), "passport_measures")
	if err != nil {
		t.Fatal(err)
	}
	for _, inc := range p.Increments {
		if inc.Gap {
			t.Errorf("passport measures increment %+v is a gap; want none (every report stated them)", inc)
		}
	}
}

// TestSeriesGapAfterRestatedPoint: a point is known from the first report
// that stated it, not from a later one that restated it: report3 restates
// report1's returnees and states the next point, and report2, in between,
// said nothing of them, so that next point still comes after a gap.
func TestSeriesGapAfterRestatedPoint(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	for _, name := range []string{"report1.json", "report2.json", "report3.json"} {
		ext := fixture(t, name)
		if name == "report3.json" {
			for _, f := range fixture(t, "report1.json").Figures {
				if f.Indicator == "returnees" {
					f.Line, f.Sentence = 22, "Medio 2016 waren 40 uitreizigers teruggekeerd."
					ext.Figures = append(ext.Figures, f)
				}
			}
		}
		if _, err := db.IngestReport(ctx, ext); err != nil {
			t.Fatalf("IngestReport(%s): %v", name, err)
		}
	}
	s, err := db.Series(ctx, "returnees")
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Points) != 2 || len(s.Points[0].Statements) != 2 || len(s.Increments) != 1 {
		t.Fatalf("points %+v, increments %+v; want 2 points, the first stated twice, and 1 increment", s.Points, s.Increments)
	}
	if !s.Points[1].Gap || !s.Increments[0].Gap {
		t.Errorf("second point gap %v, increment gap %v; want both: report2 said nothing between report1 and report3",
			s.Points[1].Gap, s.Increments[0].Gap)
	}
}

// The series of one indicator are read with the statement prepared at open,
// though cachedSeries builds its text as every series read does (seriesSQL):
// with that statement closed, Series fails and AllSeries of two indicators,
// whose text differs, still reads.
func TestSeriesOfOneUsesPreparedStatement(t *testing.T) {
	ctx := context.Background()
	db := loadedDB(t, fixtureReports...)
	if err := db.series.stmt.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Series(ctx, "passport_measures"); err == nil || !strings.Contains(err.Error(), "statement is closed") {
		t.Errorf("Series with the prepared statement closed: %v; want its error", err)
	}
	all, err := db.AllSeries(ctx, []peil.IndicatorID{"passport_measures", "extremism_reports"})
	if err != nil || len(all) != 2 || len(all[0].Points) == 0 {
		t.Errorf("AllSeries of two with the prepared statement closed: %d series, %v; want both read on the pool", len(all), err)
	}
}
