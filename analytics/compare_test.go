package analytics

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/peil-dev/peil"
)

// reportIDs returns the ids of the stored reports, oldest first.
func reportIDs(t *testing.T, db *DB) []int64 {
	t.Helper()
	reps, err := db.Reports(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, r := range reps {
		ids = append(ids, r.ID)
	}
	return ids
}

func TestCompare(t *testing.T) {
	ctx := context.Background()
	db := loadedDB(t, fixtureReports...)
	ids := reportIDs(t, db)
	c, err := db.Compare(ctx, ids[0], ids[1])
	if err != nil {
		t.Fatal(err)
	}
	if c.From.ID != ids[0] || c.To.ID != ids[1] || c.From.Figures != 6 || c.To.Figures != 3 {
		t.Errorf("Compare reports = %+v / %+v; want report1 (6 figures) and report2 (3)", c.From, c.To)
	}
	byNr := map[int]peil.MeasureComparison{}
	for _, mc := range c.Measures {
		byNr[mc.Measure.Nr] = mc
	}
	if len(byNr) != 5 {
		t.Errorf("Compare lists measures %v; want 1, 3, 5, 12, 23", keys(byNr))
	}
	m1 := byNr[1]
	if len(m1.Moved) != 1 || *m1.Moved[0].Change != 20 || math.Abs(*m1.Moved[0].ChangePct-20.0/3) > 1e-9 ||
		m1.Moved[0].Indicator.Label != "Strafrechtelijke onderzoeken" || m1.Moved[0].To.Qualifier != peil.QualApprox {
		t.Errorf("measure 1 = %+v; want investigations moved 300 -> 320 (+20, 6,67%%)", m1)
	}
	if !m1.StatusChanged || m1.StatusFrom == m1.StatusTo {
		t.Errorf("measure 1 status changed = %v; want true with both texts", m1.StatusChanged)
	}
	m5 := byNr[5]
	if len(m5.Moved) != 1 || m5.Moved[0].From.Value != 100 || m5.Moved[0].To.Value != 130 || *m5.Moved[0].ChangePct != 30 {
		t.Errorf("measure 5 moved = %+v; want passport measures 100 -> 130 (+30%%)", m5.Moved)
	}
	m3 := byNr[3]
	if len(m3.Disappeared) != 1 || m3.Disappeared[0].Indicator.ID != "returnees" || m3.Disappeared[0].To != nil ||
		m3.StatusTo != "" || !m3.StatusChanged {
		t.Errorf("measure 3 = %+v; want returnees disappeared and the status gone", m3)
	}

	// Default: the report before the latest against the latest.
	c, err = db.Compare(ctx, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if c.From.ID != ids[2] || c.To.ID != ids[3] {
		t.Errorf("Compare(0, 0) compares %d and %d; want %d and %d", c.From.ID, c.To.ID, ids[2], ids[3])
	}
	for _, mc := range c.Measures {
		if mc.Measure.Nr == 24 && (len(mc.Disappeared) != 1 || mc.Disappeared[0].Indicator.ID != "school_trainings") {
			t.Errorf("measure 24 = %+v; want school_trainings disappeared", mc)
		}
		if mc.Measure.Nr == 5 && (len(mc.Moved) != 1 || *mc.Moved[0].Change != 60) {
			t.Errorf("measure 5 moved = %+v; want +60", mc.Moved)
		}
	}
	// 0 as from: the report before to.
	c, err = db.Compare(ctx, 0, ids[1])
	if err != nil || c.From.ID != ids[0] {
		t.Errorf("Compare(0, %d) = %v, %v; want from %d", ids[1], c, err, ids[0])
	}
}

func TestCompareErrors(t *testing.T) {
	ctx := context.Background()
	one := loadedDB(t, "report1.json")
	if _, err := one.Compare(ctx, 0, 0); peil.ErrorCode(err) != peil.EINVALID {
		t.Errorf("Compare with one report: %v; want EINVALID", err)
	}
	db := loadedDB(t, "report1.json", "report2.json")
	ids := reportIDs(t, db)
	tests := []struct {
		from, to int64
		code     string
	}{
		{ids[0], 999, peil.ENOTFOUND},
		{999, ids[0], peil.ENOTFOUND},
		{ids[0], ids[0], peil.EINVALID},
		{0, ids[0], peil.EINVALID}, // nothing before the first report
		{ids[0], 0, peil.EINVALID},
	}
	for _, tt := range tests {
		if _, err := db.Compare(ctx, tt.from, tt.to); peil.ErrorCode(err) != tt.code {
			t.Errorf("Compare(%d, %d) = %v; want %s", tt.from, tt.to, err, tt.code)
		}
	}
}

func keys[V any](m map[int]V) []int {
	var out []int
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestCompareReviewed: Compare reads reviewed values. A figure of the later
// report that a reviewer rejected is no longer a movement (its indicator is
// then gone from that report), and a corrected one moves to its corrected
// value, with its review state and the value as extracted carried along.
func TestCompareReviewed(t *testing.T) {
	ctx := context.Background()
	db := loadedDB(t, "report1.json", "report2.json")
	ids := reportIDs(t, db)
	inv := figureBy(t, db, "ongeveer 320 strafrechtelijke")
	decide(t, db, peil.Decision{Figure: inv.ID, Action: peil.DecideReject, Why: "test"})
	pass := figureBy(t, db, "130 paspoortmaatregelen")
	v := 125.0
	decide(t, db, peil.Decision{Figure: pass.ID, Action: peil.DecideCorrect, Value: &v})

	c, err := db.Compare(ctx, ids[0], ids[1])
	if err != nil {
		t.Fatal(err)
	}
	var m1, m5 *peil.MeasureComparison
	for i := range c.Measures {
		switch c.Measures[i].Measure.Nr {
		case 1:
			m1 = &c.Measures[i]
		case 5:
			m5 = &c.Measures[i]
		}
	}
	if m1 == nil {
		t.Fatal("Compare lists no measure 1; want investigations disappeared (its figure in report 2 is rejected)")
	}
	for _, mv := range append(append([]peil.Movement{}, m1.Moved...), m1.Appeared...) {
		if mv.Indicator.ID == "investigations" {
			t.Errorf("measure 1 lists the rejected investigations figure as moved or new: %+v", mv)
		}
	}
	if len(m1.Disappeared) != 1 || m1.Disappeared[0].Indicator.ID != "investigations" || m1.Disappeared[0].To != nil {
		t.Errorf("measure 1 disappeared = %+v; want investigations (report 2's figure rejected)", m1.Disappeared)
	}
	if m5 == nil || len(m5.Moved) != 1 {
		t.Fatalf("measure 5 = %+v; want passport measures moved", m5)
	}
	to := m5.Moved[0].To
	if to.Value != 125 || *m5.Moved[0].Change != 25 || len(to.Statements) != 1 ||
		to.Statements[0].Review != peil.ReviewCorrected || to.Statements[0].Original == nil || *to.Statements[0].Original != 130 {
		t.Errorf("measure 5 moved to %+v; want the corrected 125 (+25), review corrected, original 130", to)
	}
	if from := m5.Moved[0].From; len(from.Statements) != 1 || from.Statements[0].Review != peil.ReviewOpen {
		t.Errorf("measure 5 moved from %+v; want the unreviewed figure, review open", from)
	}
}

// TestSeriesOfReports: the series reader restricted to some reports reads
// only the points with a period end they stated, and what each report said
// of an indicator (peil.ReportPoint) is the same as in the full series.
func TestSeriesOfReports(t *testing.T) {
	ctx := context.Background()
	db := groupsDB(t)
	ids := reportIDs(t, db)
	inds, err := db.Indicators(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	full := map[peil.IndicatorID]*peil.Series{}
	for _, ind := range inds {
		if full[ind.ID], err = db.Series(ctx, ind.ID); err != nil {
			t.Fatal(err)
		}
	}
	fewer := false
	for i, from := range ids {
		for _, to := range ids[i+1:] {
			part, err := readSelection(ctx, db.sql, seriesSelection{Reports: []int64{from, to}})
			if err != nil {
				t.Fatalf("series of reports %d and %d: %v", from, to, err)
			}
			got := map[peil.IndicatorID]*peil.Series{}
			for _, s := range part {
				got[s.Indicator.ID] = s
				fewer = fewer || len(s.Points) < len(full[s.Indicator.ID].Points)
			}
			for id, s := range full {
				for _, r := range []int64{from, to} {
					want, ok := peil.ReportPoint(s.Points, r)
					var have peil.Point
					var hasPart bool
					if p := got[id]; p != nil {
						have, hasPart = peil.ReportPoint(p.Points, r)
					}
					if ok != hasPart || !reflect.DeepEqual(want, have) {
						t.Errorf("reports %d and %d: ReportPoint(%s, %d) = %+v, %v; the full series gives %+v, %v",
							from, to, id, r, have, hasPart, want, ok)
					}
				}
			}
		}
	}
	if !fewer {
		t.Error("no restricted series has fewer points than the full one; want only the points of the reports' period ends")
	}
}

// TestComparePeriodOfSeries: a figure without a period start compares with
// the period of the series' point it joins, even when the start comes from a
// report that is not one of the two compared.
func TestComparePeriodOfSeries(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	jan, jun, dec := peil.NewDate(2016, 1, 1), peil.NewDate(2016, 6, 1), peil.NewDate(2016, 12, 1)
	report := func(n int, date peil.Date, v float64, start, end peil.Date) *peil.Extraction {
		s := fmt.Sprintf("Er lopen %s strafrechtelijke onderzoeken.", peil.FormatNumber(v))
		return &peil.Extraction{
			Report: peil.Report{File: fmt.Sprintf("r%d.txt", n), Title: fmt.Sprintf("Rapportage %d", n),
				SHA256: fmt.Sprintf("%064d", 7000+n), ReportDate: date},
			Measures: []peil.Measure{{Nr: 1, Title: "Strafrechtelijk onderzoek naar uitreizigers", Status: s, Line: 10}},
			Figures: []peil.Figure{{Measure: 1, Value: v, Text: peil.FormatNumber(v), Qualifier: peil.QualExact,
				Unit: "onderzoeken", Indicator: "investigations", Kind: peil.KindStock, PeriodStart: start, PeriodEnd: end,
				Sentence: s, Line: 11}},
		}
	}
	for i, ext := range []*peil.Extraction{
		report(1, peil.NewDate(2016, 6, 15), 300, jan, jun),         // the period jan–jun
		report(2, peil.NewDate(2016, 7, 15), 310, peil.Date{}, jun), // restates it without a start
		report(3, peil.NewDate(2016, 12, 15), 350, jan, dec),
	} {
		if _, err := db.IngestReport(ctx, ext); err != nil {
			t.Fatalf("IngestReport(report %d): %v", i+1, err)
		}
	}
	ids := reportIDs(t, db)
	c, err := db.Compare(ctx, ids[1], ids[2])
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Measures) != 1 || len(c.Measures[0].Moved) != 1 {
		t.Fatalf("Compare(2, 3) = %+v; want investigations moved", c.Measures)
	}
	from := c.Measures[0].Moved[0].From
	if from.Value != 310 || !from.PeriodStart.Equal(jan.Time) || !from.PeriodEnd.Equal(jun.Time) {
		t.Errorf("Compare(2, 3) from = %v over %s–%s; want 310 over %s–%s, the period of report 1's point it restates",
			from.Value, from.PeriodStart, from.PeriodEnd, jan, jun)
	}
}

// TestCompareAgreesWithSeries: what Compare gives as a report's value of an
// indicator is the statement of that report in the indicator's series, as
// reviewed: of two figures with different period ends the later, of two with
// the same end the first in the text, a figure of another kind than the
// indicator's left out (the series leaves it out), a corrected figure with its
// corrected value, a rejected one gone.
func TestCompareAgreesWithSeries(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	type fig struct {
		measure    int
		ind        peil.IndicatorID
		kind       peil.Kind
		v          float64
		start, end peil.Date
		line       int
		sentence   string
	}
	report := func(n int, date peil.Date, figs ...fig) *peil.Extraction {
		ext := &peil.Extraction{Report: peil.Report{File: fmt.Sprintf("r%d.txt", n), Title: fmt.Sprintf("Rapportage %d", n),
			SHA256: fmt.Sprintf("%064d", 8000+n), ReportDate: date}}
		status := map[int]string{}
		for _, f := range figs {
			status[f.measure] += f.sentence + " "
			ext.Figures = append(ext.Figures, peil.Figure{Measure: f.measure, Value: f.v, Text: peil.FormatNumber(f.v),
				Qualifier: peil.QualExact, Unit: "eenheden", Indicator: f.ind, Kind: f.kind, PeriodStart: f.start,
				PeriodEnd: f.end, Sentence: f.sentence, Line: f.line})
		}
		for _, nr := range []int{1, 5, 12} {
			ext.Measures = append(ext.Measures, peil.Measure{Nr: nr, Title: fmt.Sprintf("Maatregel %d", nr), Status: status[nr], Line: nr})
		}
		return ext
	}
	dateA, dateB := peil.NewDate(2016, 7, 15), peil.NewDate(2016, 12, 15)
	mar, jun, jul, dec := peil.NewDate(2016, 3, 31), peil.NewDate(2016, 6, 30), peil.NewDate(2016, 7, 10), peil.NewDate(2016, 12, 1)
	for _, ext := range []*peil.Extraction{
		report(1, dateA,
			fig{1, "investigations", peil.KindStock, 280, peil.Date{}, mar, 11, "In maart liepen 280 strafrechtelijke onderzoeken."},
			fig{1, "investigations", peil.KindStock, 300, peil.Date{}, jun, 12, "Eind juni liepen 300 strafrechtelijke onderzoeken."},
			fig{1, "investigations", peil.KindFlow, 40, peil.Date{}, jul, 13, "Er zijn 40 strafrechtelijke onderzoeken gestart."},
			fig{5, "passport_measures", peil.KindCumulative, 100, peil.Date{}, dateA, 21, "Er zijn 100 paspoortmaatregelen genomen."},
			fig{12, "sanctions_persons", peil.KindCumulative, 50, peil.Date{}, dateA, 31, "Er staan 50 personen op de sanctielijst."}),
		report(2, dateB,
			fig{1, "investigations", peil.KindStock, 350, peil.Date{}, dec, 11, "Er lopen 350 strafrechtelijke onderzoeken."},
			fig{1, "investigations", peil.KindStock, 360, peil.Date{}, dec, 14, "Volgens een andere telling 360 strafrechtelijke onderzoeken."},
			fig{5, "passport_measures", peil.KindCumulative, 130, peil.Date{}, dateB, 21, "Er zijn 130 paspoortmaatregelen genomen."},
			fig{12, "sanctions_persons", peil.KindCumulative, 60, peil.Date{}, dateB, 31, "Er staan 60 personen op de sanctielijst."}),
	} {
		if _, err := db.IngestReport(ctx, ext); err != nil {
			t.Fatalf("IngestReport(%s): %v", ext.Report.Title, err)
		}
	}
	v := 125.0
	decide(t, db, peil.Decision{Figure: figureBy(t, db, "130 paspoortmaatregelen").ID, Action: peil.DecideCorrect, Value: &v})
	decide(t, db, peil.Decision{Figure: figureBy(t, db, "60 personen").ID, Action: peil.DecideReject, Why: "test"})

	ids := reportIDs(t, db)
	c, err := db.Compare(ctx, ids[0], ids[1])
	if err != nil {
		t.Fatal(err)
	}
	type side struct {
		v   float64
		end peil.Date
	}
	want := map[peil.IndicatorID][2]*side{
		"investigations":    {{300, jun}, {350, dec}},
		"passport_measures": {{100, dateA}, {125, dateB}},
		"sanctions_persons": {{50, dateA}, nil},
	}
	got := map[peil.IndicatorID]peil.Movement{}
	for _, mc := range c.Measures {
		for _, mv := range append(append(append([]peil.Movement{}, mc.Moved...), mc.Appeared...), mc.Disappeared...) {
			got[mv.Indicator.ID] = mv
		}
	}
	if len(got) != len(want) {
		t.Errorf("Compare lists %d indicators; want %d: %v", len(got), len(want), want)
	}
	for id, w := range want {
		mv, ok := got[id]
		if !ok {
			t.Errorf("Compare lists no %s", id)
			continue
		}
		s, err := db.Series(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		for k, p := range []*peil.Point{mv.From, mv.To} {
			report := ids[k]
			switch {
			case w[k] == nil && p != nil:
				t.Errorf("Compare: %s in report %d = %v; want none", id, report, p.Value)
				continue
			case w[k] == nil:
				continue
			case p == nil:
				t.Errorf("Compare: %s in report %d is missing; want %v", id, report, w[k].v)
				continue
			}
			if p.Value != w[k].v || !p.PeriodEnd.Equal(w[k].end.Time) {
				t.Errorf("Compare: %s in report %d = %v ending %s; want %v ending %s", id, report, p.Value, p.PeriodEnd, w[k].v, w[k].end)
			}
			// The series has that value as the report's statement of the
			// point with the same period.
			agree := false
			for _, sp := range s.Points {
				if !sp.PeriodStart.Equal(p.PeriodStart.Time) || !sp.PeriodEnd.Equal(p.PeriodEnd.Time) {
					continue
				}
				for _, st := range sp.Statements {
					if st.Report == report && st.Source == peil.SourceExtracted {
						agree = st.Value == p.Value
						break
					}
				}
			}
			if !agree {
				t.Errorf("Compare: %s in report %d = %v over %s–%s; the series has no such statement of that report", id, report,
					p.Value, p.PeriodStart, p.PeriodEnd)
			}
		}
	}
}

// TestCompareDefaultsByReportDate: Compare(0, 0) takes the latest two reports
// by report date and Compare(0, to) the report just before to by report
// date, for every to, also when the reports were stored in another order than
// their dates (store ids follow the order of storing).
func TestCompareDefaultsByReportDate(t *testing.T) {
	ctx := context.Background()
	for _, order := range [][]string{fixtureReports, {"report4.json", "report2.json", "report3.json", "report1.json"}} {
		db := loadedDB(t, order...)
		ids := reportIDs(t, db) // by report date
		c, err := db.Compare(ctx, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		if c.From.ID != ids[2] || c.To.ID != ids[3] {
			t.Errorf("stored as %v: Compare(0, 0) compares %d and %d; want %d and %d, the latest two by date",
				order, c.From.ID, c.To.ID, ids[2], ids[3])
		}
		for k := 1; k < len(ids); k++ {
			c, err := db.Compare(ctx, 0, ids[k])
			if err != nil {
				t.Fatal(err)
			}
			if c.From.ID != ids[k-1] || c.To.ID != ids[k] {
				t.Errorf("stored as %v: Compare(0, %d) compares %d and %d; want %d, the report before it by date",
					order, ids[k], c.From.ID, c.To.ID, ids[k-1])
			}
		}
	}
}

// measureOf returns the comparison of measure nr in c, or nil.
func measureOf(c *peil.Comparison, nr int) *peil.MeasureComparison {
	for i := range c.Measures {
		if c.Measures[i].Measure.Nr == nr {
			return &c.Measures[i]
		}
	}
	return nil
}

// TestCompareSameValueNewPeriod: a figure stated with the same value for a
// later period has moved (by 0, 0 %): report3 and report4 both say "tenminste
// 386" strafrechtelijke onderzoeken, of 15 May and of 15 November 2017.
func TestCompareSameValueNewPeriod(t *testing.T) {
	db := loadedDB(t, fixtureReports...)
	ids := reportIDs(t, db)
	c, err := db.Compare(context.Background(), ids[2], ids[3])
	if err != nil {
		t.Fatal(err)
	}
	m1 := measureOf(c, 1)
	if m1 == nil || len(m1.Moved) != 1 || m1.StatusChanged {
		t.Fatalf("measure 1 = %+v; want investigations moved, the status text unchanged", m1)
	}
	mv := m1.Moved[0]
	if mv.From.Value != 386 || mv.To.Value != 386 || mv.From.PeriodEnd.String() != "2017-05-15" ||
		mv.To.PeriodEnd.String() != "2017-11-15" || mv.Change == nil || *mv.Change != 0 || mv.ChangePct == nil || *mv.ChangePct != 0 {
		t.Errorf("investigations moved %+v -> %+v; want 386 of 2017-05-15 to 386 of 2017-11-15, change 0 (0 %%)", mv.From, mv.To)
	}
}

// TestCompareFromZero: a movement from 0 has its change but no percentage
// (there is none), and the comparison encodes as JSON, as the API sends it.
func TestCompareFromZero(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	r1 := fixture(t, "report1.json")
	r1.Figures[0].Value, r1.Figures[0].Text = 0, "0" // investigations: none yet
	for _, ext := range []*peil.Extraction{r1, fixture(t, "report2.json")} {
		if _, err := db.IngestReport(ctx, ext); err != nil {
			t.Fatal(err)
		}
	}
	ids := reportIDs(t, db)
	c, err := db.Compare(ctx, ids[0], ids[1])
	if err != nil {
		t.Fatal(err)
	}
	m1 := measureOf(c, 1)
	if m1 == nil || len(m1.Moved) != 1 {
		t.Fatalf("measure 1 = %+v; want investigations moved 0 -> 320", m1)
	}
	if mv := m1.Moved[0]; mv.From.Value != 0 || mv.Change == nil || *mv.Change != 320 || mv.ChangePct != nil {
		t.Errorf("investigations moved %v -> %v, change %v, pct %v; want 0 -> 320, +320 and no percentage",
			mv.From.Value, mv.To.Value, mv.Change, mv.ChangePct)
	}
	if _, err := json.Marshal(c); err != nil {
		t.Errorf("JSON of the comparison: %v", err)
	}
}

// TestCompareStatusOnly: a measure whose status text alone changed is listed,
// with both texts and the later one as the measure's status; a text that
// differs only in spaces and line breaks is no change, and a measure without
// any change is not listed. The later report is report3 again under another
// date, with the two texts edited.
func TestCompareStatusOnly(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	again := fixture(t, "report3.json")
	again.Report.File, again.Report.SHA256 = "report3-again.txt", fmt.Sprintf("%064d", 9301)
	again.Report.ReportDate = peil.NewDate(2017, 6, 15)
	var before24 string
	for i := range again.Measures {
		switch m := &again.Measures[i]; m.Nr {
		case 24:
			before24 = m.Status
			m.Status += " Er volgen er meer."
		case 1:
			m.Status = "  " + strings.ReplaceAll(m.Status, " ", "\n ") + "\n"
		}
	}
	for _, ext := range []*peil.Extraction{fixture(t, "report3.json"), again} {
		if _, err := db.IngestReport(ctx, ext); err != nil {
			t.Fatal(err)
		}
	}
	ids := reportIDs(t, db)
	c, err := db.Compare(ctx, ids[0], ids[1])
	if err != nil {
		t.Fatal(err)
	}
	var nrs []int
	for _, mc := range c.Measures {
		nrs = append(nrs, mc.Measure.Nr)
	}
	if !reflect.DeepEqual(nrs, []int{24}) {
		t.Fatalf("Compare lists measures %v; want only 24 (its status text changed; 1 differs in spaces only)", nrs)
	}
	m := c.Measures[0]
	if !m.StatusChanged || m.StatusFrom != before24 || m.StatusTo != before24+" Er volgen er meer." ||
		m.Measure.Status != m.StatusTo || m.Moved != nil || m.Appeared != nil || m.Disappeared != nil {
		t.Errorf("measure 24 = %+v; want the status changed from %q, shown with the new text, nothing moved", m, before24)
	}
}

// TestCompareAppeared: an indicator the later report states and the earlier
// one did not has appeared (with its new value and no old one), and the
// measures come by number: report2 against report3.
func TestCompareAppeared(t *testing.T) {
	db := loadedDB(t, fixtureReports...)
	ids := reportIDs(t, db)
	c, err := db.Compare(context.Background(), ids[1], ids[2])
	if err != nil {
		t.Fatal(err)
	}
	var nrs []int
	appeared := map[peil.IndicatorID]float64{}
	for _, mc := range c.Measures {
		nrs = append(nrs, mc.Measure.Nr)
		for _, mv := range mc.Appeared {
			if mv.From != nil || mv.To == nil || mv.Change != nil {
				t.Errorf("measure %d: %s appeared as %+v; want a new value only", mc.Measure.Nr, mv.Indicator.ID, mv)
				continue
			}
			appeared[mv.Indicator.ID] = mv.To.Value
		}
		if mc.Disappeared != nil {
			t.Errorf("measure %d: disappeared %+v; want none (report3 states all of report2's indicators)", mc.Measure.Nr, mc.Disappeared)
		}
	}
	if want := []int{1, 3, 5, 12, 23, 24}; !reflect.DeepEqual(nrs, want) {
		t.Errorf("Compare lists measures %v; want %v", nrs, want)
	}
	want := map[peil.IndicatorID]float64{"returnees": 45, "sanctions_persons": 97, "extremism_reports": 120, "school_trainings": 101}
	if !reflect.DeepEqual(appeared, want) {
		t.Errorf("appeared = %v; want %v", appeared, want)
	}
}

// TestCompareIndicatorOrder: the indicators of a measure come by id: report4
// against groupedReport(0), whose measure 5 has two indicators new to it.
func TestCompareIndicatorOrder(t *testing.T) {
	db := groupsDB(t)
	ids := reportIDs(t, db)
	c, err := db.Compare(context.Background(), ids[len(ids)-2], ids[len(ids)-1])
	if err != nil {
		t.Fatal(err)
	}
	m5 := measureOf(c, 5)
	if m5 == nil {
		t.Fatal("Compare lists no measure 5")
	}
	var got []peil.IndicatorID
	for _, mv := range m5.Appeared {
		got = append(got, mv.Indicator.ID)
	}
	if want := []peil.IndicatorID{"passport_alerts", "passport_withdrawals"}; !reflect.DeepEqual(got, want) {
		t.Errorf("measure 5 appeared %v; want %v, by id", got, want)
	}
}
