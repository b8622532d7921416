package analytics

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/peil-dev/peil"
)

// groupedReport returns invented report number n, dated 15 May 2018 plus n
// days, whose figures give measure 5 three indicators (two new to the
// catalog, sorting before and after passport_measures) and figures that match
// no indicator, measure 1 an unmatched figure too, and passport_measures two
// figures of one period end that only their ids order. The figures are listed
// out of order on purpose.
func groupedReport(n int) *peil.Extraction {
	date := peil.NewDate(2018, 5, 15+n)
	fig := func(measure int, ind peil.IndicatorID, v float64, end peil.Date, line int) peil.Figure {
		return peil.Figure{Measure: measure, Value: v, Text: peil.FormatNumber(v), Qualifier: peil.QualExact,
			Unit: "maatregelen", Indicator: ind, Kind: peil.KindCumulative, PeriodEnd: end,
			Sentence: fmt.Sprintf("Een zin op regel %d.", line), Line: line}
	}
	may, june := peil.NewDate(2018, 5, 1), peil.NewDate(2016, 6, 1)
	return &peil.Extraction{
		Report: peil.Report{
			File:       fmt.Sprintf("rapportage-groepen-%d.txt", n),
			Title:      fmt.Sprintf("Voortgangsrapportage groepen %d", n),
			SHA256:     fmt.Sprintf("%064d", 5000+n),
			ReportDate: date,
		},
		Measures: []peil.Measure{
			{Nr: 1, Title: "Strafrechtelijk onderzoek naar uitreizigers", Status: "Een zin op regel 16.", Line: 16},
			{Nr: 5, Title: "Paspoortmaatregelen", Status: "Een zin op regel 10.", Line: 10},
		},
		Figures: []peil.Figure{
			fig(5, "passport_withdrawals", 12, may, 10),
			fig(5, "", 7, may, 11),
			fig(5, "passport_measures", 400, may, 12),
			fig(5, "passport_measures", 401, may, 13),
			fig(5, "passport_alerts", 3, june, 14),
			fig(5, "", 2, june, 15),
			fig(1, "", 9, date, 16),
			fig(5, "passport_measures", 118, june, 17), // restates report1's period, after report1 and report2
		},
	}
}

// groupsDB returns a database with the four fixture reports, groupedReport(0)
// and two imports whose period end a report states as well: imports have no
// report date, so they come first among the statements of their period.
func groupsDB(t *testing.T) *DB {
	t.Helper()
	ctx := context.Background()
	db := loadedDB(t, fixtureReports...)
	if _, err := db.IngestReport(ctx, groupedReport(0)); err != nil {
		t.Fatalf("IngestReport(groupedReport(0)): %v", err)
	}
	_, err := db.Import(ctx, []peil.Observation{
		imported("passport_measures", 115, peil.NewDate(2016, 6, 1), 2),
		imported("investigations", 310, peil.NewDate(2016, 6, 15), 3),
	})
	if err != nil {
		t.Fatalf("Import: %v", err)
	}
	return db
}

// wantIDs returns the ids of the observations f selects in the order that
// Observations promises (measure, indicator with no indicator last, period
// end, report date with imports first, id), read with one query of its own
// and filtered here.
func wantIDs(t *testing.T, db *DB, f peil.Filter) []int64 {
	t.Helper()
	rows, err := db.sql.QueryContext(context.Background(), `
		SELECT id, measure, coalesce(indicator, ''), period_end FROM observations
		ORDER BY measure, indicator NULLS LAST, period_end, report_date NULLS FIRST, id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		var measure int
		var ind string
		var end peil.Date
		if err := rows.Scan(&id, &measure, &ind, &end.Time); err != nil {
			t.Fatal(err)
		}
		if (f.Measure == 0 || measure == f.Measure) && (f.Indicator == "" || ind == string(f.Indicator)) &&
			(f.From.IsZero() || !end.Before(f.From.Time)) && (f.To.IsZero() || !end.After(f.To.Time)) {
			ids = append(ids, id)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return ids
}

// collect returns what Observations streams for f.
func collect(t *testing.T, db *DB, f peil.Filter) []peil.Observation {
	t.Helper()
	var got []peil.Observation
	if err := db.Observations(context.Background(), f, func(o *peil.Observation) error {
		got = append(got, *o)
		return nil
	}); err != nil {
		t.Fatalf("Observations(%+v): %v", f, err)
	}
	return got
}

// groupsOf returns the measure/indicator groups of obs in their order, one
// entry per run of equal groups ("5/-" for measure 5's unmatched figures).
func groupsOf(obs []peil.Observation) []string {
	var out []string
	for _, o := range obs {
		g := fmt.Sprintf("%d/%s", o.Measure, o.Indicator)
		if o.Indicator == "" {
			g += "-"
		}
		if len(out) == 0 || out[len(out)-1] != g {
			out = append(out, g)
		}
	}
	return out
}

// eachRowsPerQuery runs fn as a subtest with rowsPerQuery at 1 (a query per
// group, but for measures of one observation), 5 (some measures share a
// query, bigger ones are split by indicator) and its default (the test
// database in one query).
func eachRowsPerQuery(t *testing.T, fn func(t *testing.T)) {
	for _, n := range []int{1, 5, rowsPerQuery} {
		t.Run(fmt.Sprintf("rowsPerQuery=%d", n), func(t *testing.T) {
			old := rowsPerQuery
			rowsPerQuery = n
			defer func() { rowsPerQuery = old }()
			fn(t)
		})
	}
}

// plan puts whole measures together up to rowsPerQuery observations and
// splits a bigger measure by indicator.
func TestPlan(t *testing.T) {
	ind := func(id string) sql.NullString { return sql.NullString{String: id, Valid: id != ""} }
	groups := []observationGroup{
		{1, ind("a"), 2}, {1, ind(""), 1}, // measure 1: 3
		{3, ind("b"), 4},                   // measure 3: 4
		{5, ind("c"), 6}, {5, ind("d"), 1}, // measure 5: 7
		{7, ind("e"), 1}, // measure 7: 1
	}
	describe := func(parts []observationPart) []string {
		var out []string
		for _, p := range parts {
			if p.group == nil {
				out = append(out, fmt.Sprintf("%d-%d:%d", p.first, p.last, p.count))
			} else {
				out = append(out, fmt.Sprintf("%d/%s:%d", p.first, p.group.indicator.String, p.count))
			}
		}
		return out
	}
	tests := []struct {
		rows int
		want []string
	}{
		{1, []string{"1/a:2", "1/:1", "3/b:4", "5/c:6", "5/d:1", "7-7:1"}},
		{5, []string{"1-1:3", "3-3:4", "5/c:6", "5/d:1", "7-7:1"}},
		{7, []string{"1-3:7", "5-5:7", "7-7:1"}},
		{100, []string{"1-7:15"}},
	}
	old := rowsPerQuery
	defer func() { rowsPerQuery = old }()
	for _, tt := range tests {
		rowsPerQuery = tt.rows
		if got := describe(plan(groups)); !slices.Equal(got, tt.want) {
			t.Errorf("plan with rowsPerQuery %d = %v; want %v", tt.rows, got, tt.want)
		}
	}
}

// Observations streams one measure and indicator after another, each whole
// and once, unmatched figures last within their measure, in the order of
// one sorted query over the table, for every kind of filter.
func TestObservationsOrderAcrossGroups(t *testing.T) {
	eachRowsPerQuery(t, testObservationsOrder)
}

func testObservationsOrder(t *testing.T) {
	db := groupsDB(t)
	tests := []struct {
		name string
		f    peil.Filter
	}{
		{"all", peil.Filter{}},
		{"measure with indicators and unmatched figures", peil.Filter{Measure: 5}},
		{"measure with unmatched figures", peil.Filter{Measure: 12}},
		{"indicator", peil.Filter{Indicator: "passport_measures"}},
		{"period", peil.Filter{From: peil.NewDate(2016, 6, 1), To: peil.NewDate(2017, 5, 15)}},
		{"measure from", peil.Filter{Measure: 5, From: peil.NewDate(2018, 1, 1)}},
		{"nothing", peil.Filter{Measure: 99}},
	}
	for _, tt := range tests {
		got := collect(t, db, tt.f)
		var ids []int64
		for _, o := range got {
			ids = append(ids, o.ID)
		}
		if want := wantIDs(t, db, tt.f); !slices.Equal(ids, want) {
			t.Errorf("Observations(%s) ids = %v; want %v", tt.name, ids, want)
		}
	}

	all := collect(t, db, peil.Filter{})
	wantGroups := []string{
		"1/investigations", "1/-",
		"3/returnees",
		"5/passport_alerts", "5/passport_measures", "5/passport_withdrawals", "5/-",
		"12/sanctions_persons", "12/-",
		"23/extremism_reports", "23/-",
		"24/school_trainings",
	}
	if got := groupsOf(all); !slices.Equal(got, wantGroups) {
		t.Errorf("Observations groups = %v; want %v", got, wantGroups)
	}

	// Within a group: period end, then report date with the import first,
	// then id (the two figures of 1 May 2018 of one report).
	var passport []string
	for _, o := range all {
		if o.Indicator != "passport_measures" {
			continue
		}
		from := "import"
		if !o.ReportDate.IsZero() {
			from = o.ReportDate.String()
		}
		passport = append(passport, fmt.Sprintf("%s %s %s", o.PeriodEnd, from, peil.FormatNumber(o.Value)))
	}
	wantPrefixes := []string{
		"2016-06-01 import 115", "2016-06-01 2016-06-15 ", "2016-06-01 2016-11-15 ", "2016-06-01 2018-05-15 118",
		"2016-11-01 2016-11-15 ", "2017-05-01 2017-05-15 ", "2017-11-01 2017-11-15 ",
		"2018-05-01 2018-05-15 400", "2018-05-01 2018-05-15 401",
	}
	ok := len(passport) == len(wantPrefixes)
	for i := 0; ok && i < len(passport); i++ {
		ok = strings.HasPrefix(passport[i], wantPrefixes[i])
	}
	if !ok {
		t.Errorf("passport_measures = %q; want %q (value left out where it is report1's to report4's)", passport, wantPrefixes)
	}

	// Unmatched figures keep their fields and come by period end.
	var unmatched []string
	for _, o := range all {
		if o.Measure == 5 && o.Indicator == "" {
			unmatched = append(unmatched, fmt.Sprintf("%s %s %d %s", o.PeriodEnd, peil.FormatNumber(o.Value), o.Line, o.Source))
		}
	}
	if want := []string{"2016-06-01 2 15 extracted", "2018-05-01 7 11 extracted"}; !slices.Equal(unmatched, want) {
		t.Errorf("unmatched figures of measure 5 = %q; want %q", unmatched, want)
	}
}

// assertReleased fails unless Observations left nothing behind: no read lock
// (a commit could take scanMu now) and no connection busy with a query.
func assertReleased(t *testing.T, db *DB, what string) {
	t.Helper()
	if !db.scanMu.TryLock() {
		t.Errorf("%s: the read lock is still held; a write would wait for ever", what)
	} else {
		db.scanMu.Unlock()
	}
	if n := db.sql.Stats().InUse; n != 0 {
		t.Errorf("%s: %d connections still in use; want 0 (no query left running)", what, n)
	}
}

// assertWritable ingests report n of groupedReport and imports a value, and
// checks that both are stored.
func assertWritable(t *testing.T, db *DB, n int, what string) {
	t.Helper()
	ctx := context.Background()
	before := count(t, db, `SELECT count(*) FROM observations`)
	res, err := db.IngestReport(ctx, groupedReport(n))
	if err != nil || res.Action != peil.ActionAdded {
		t.Fatalf("%s: IngestReport = %+v, %v; want it added", what, res, err)
	}
	imp, err := db.Import(ctx, []peil.Observation{imported("returnees", float64(1000+n), peil.NewDate(2018, 1, 1+n), 2)})
	if err != nil || imp != 1 {
		t.Fatalf("%s: Import = %d, %v; want 1", what, imp, err)
	}
	if after, want := count(t, db, `SELECT count(*) FROM observations`), before+res.Figures+res.Derived+1; after != want {
		t.Errorf("%s: %d observations after the writes; want %d", what, after, want)
	}
}

// stopPoints returns the 1-based calls of fn at which the fn-error test
// stops: the first, the last of the second group, the first of the third
// group and the last.
func stopPoints(t *testing.T, all []peil.Observation) []int {
	t.Helper()
	var starts []int // calls at which a group starts
	for i, o := range all {
		if i == 0 || o.Measure != all[i-1].Measure || o.Indicator != all[i-1].Indicator {
			starts = append(starts, i+1)
		}
	}
	if len(starts) < 3 || starts[2] < 3 {
		t.Fatalf("groups start at calls %v; want at least three, the first ones of several observations", starts)
	}
	return []int{1, starts[2] - 1, starts[2], len(all)}
}

// When fn fails, Observations stops at once and returns fn's error, at the
// start, between groups and at the very end, and leaves no read lock nor
// prefetched query behind: writes go on.
func TestObservationsFnErrorStops(t *testing.T) {
	eachRowsPerQuery(t, testObservationsFnErrorStops)
}

func testObservationsFnErrorStops(t *testing.T) {
	db := groupsDB(t)
	stop := errors.New("stop here")
	for i := range 4 {
		// The writes of the previous round add observations: count anew.
		all := collect(t, db, peil.Filter{})
		at := stopPoints(t, all)[i]
		for try := range 5 {
			calls := 0
			err := db.Observations(context.Background(), peil.Filter{}, func(*peil.Observation) error {
				if calls++; calls == at {
					return stop
				}
				return nil
			})
			what := fmt.Sprintf("fn failing at call %d of %d (try %d)", at, len(all), try+1)
			if !errors.Is(err, stop) || !strings.HasPrefix(err.Error(), "observations: ") || calls != at {
				t.Errorf("%s: Observations = %v after %d calls; want fn's error, wrapped, after %d", what, err, calls, at)
			}
			assertReleased(t, db, what)
		}
		assertWritable(t, db, i+1, fmt.Sprintf("after fn failed at call %d", at))
	}
}

// A context canceled before the call gives its error at once, without
// calling fn.
func TestObservationsCanceledBefore(t *testing.T) {
	db := groupsDB(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	calls := 0
	err := db.Observations(ctx, peil.Filter{}, func(*peil.Observation) error { calls++; return nil })
	if !errors.Is(err, context.Canceled) || calls != 0 {
		t.Errorf("Observations(canceled context) = %v after %d calls; want context.Canceled after 0", err, calls)
	}
	assertReleased(t, db, "canceled context")
	assertWritable(t, db, 1, "after a canceled context")
}

// A context canceled while the observations stream, within the first
// group, at its end or at the start of a later group, gives an error, never
// nil after part of the observations: a caller such as an export would take
// a part for the whole. Each point is tried several times, as the canceled
// prefetch races with the receiving loop.
func TestObservationsCanceledWhileStreaming(t *testing.T) {
	eachRowsPerQuery(t, testObservationsCanceledWhileStreaming)
}

func testObservationsCanceledWhileStreaming(t *testing.T) {
	db := groupsDB(t)
	all := collect(t, db, peil.Filter{})
	firstGroupEnd := 0
	for firstGroupEnd < len(all) && all[firstGroupEnd].Measure == all[0].Measure && all[firstGroupEnd].Indicator == all[0].Indicator {
		firstGroupEnd++
	}
	for _, at := range []int{1, firstGroupEnd, firstGroupEnd + 1, len(all) / 2} {
		truncated, fewest := 0, len(all)
		for rep := 0; rep < 20; rep++ {
			ctx, cancel := context.WithCancel(context.Background())
			calls := 0
			err := db.Observations(ctx, peil.Filter{}, func(*peil.Observation) error {
				if calls++; calls == at {
					cancel()
				}
				return nil
			})
			cancel()
			if err == nil && calls < len(all) {
				truncated, fewest = truncated+1, min(fewest, calls)
			} else if !errors.Is(err, context.Canceled) || !strings.HasPrefix(err.Error(), "observations: ") {
				t.Errorf("cancel at call %d: Observations = %v; want context.Canceled, wrapped with the operation", at, err)
			}
			assertReleased(t, db, fmt.Sprintf("cancel at call %d", at))
		}
		if truncated > 0 {
			t.Errorf("cancel at call %d of %d: Observations returned nil after part of the observations (down to %d) in %d of 20 tries; want the context's error",
				at, len(all), fewest, truncated)
		}
	}
	assertWritable(t, db, 1, "after canceled streams")
}

// A correction that leaves the value as it was (here only the qualifier)
// has no original value to show beside it ("oorspronkelijk: …"), in the
// series and in the observations; a correction of the value has.
func TestCorrectedWithoutNewValueHasNoOriginal(t *testing.T) {
	ctx := context.Background()
	db := loadedDB(t, "report1.json", "report2.json")
	approx := peil.QualApprox
	decide(t, db, peil.Decision{Figure: figureBy(t, db, "130 paspoortmaatregelen").ID, Action: peil.DecideCorrect, Qualifier: &approx})
	v := 295.0
	decide(t, db, peil.Decision{Figure: figureBy(t, db, "circa 300 strafrechtelijke").ID, Action: peil.DecideCorrect, Value: &v})

	// originals gives the original of each corrected value as "130: none".
	originals := func(add func(func(v float64, review peil.ReviewStatus, orig *float64))) []string {
		var out []string
		add(func(v float64, review peil.ReviewStatus, orig *float64) {
			if review != peil.ReviewCorrected {
				return
			}
			o := "none"
			if orig != nil {
				o = peil.FormatNumber(*orig)
			}
			out = append(out, peil.FormatNumber(v)+": "+o)
		})
		slices.Sort(out)
		return out
	}
	want := []string{"130: none", "295: 300"}
	inSeries := originals(func(f func(float64, peil.ReviewStatus, *float64)) {
		for _, id := range []peil.IndicatorID{"passport_measures", "investigations"} {
			s, err := db.Series(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range s.Points {
				for _, st := range p.Statements {
					f(st.Value, st.Review, st.Original)
				}
			}
		}
	})
	if !slices.Equal(inSeries, want) {
		t.Errorf("series: corrected figures with their originals %q; want %q", inSeries, want)
	}
	inObs := originals(func(f func(float64, peil.ReviewStatus, *float64)) {
		if err := db.Observations(ctx, peil.Filter{}, func(o *peil.Observation) error {
			f(o.Value, o.Review, o.Original)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	})
	if !slices.Equal(inObs, want) {
		t.Errorf("observations: corrected figures with their originals %q; want %q", inObs, want)
	}
}
