package analytics

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/peil-dev/peil"
)

// Series returns one indicator over time: a point per period with every
// statement made about it (restatements by later reports, derived and imported
// values), for cumulative indicators the increments between points, and the
// events of the indicator's measure. ENOTFOUND when the indicator is unknown.
//
// All of it comes from one prepared statement (seriesSQL), so from one
// snapshot of the database and in one round trip. Series are cached per
// indicator until the next write (a database opened read-only, as `peil
// serve` does, never changes); callers get their own copy.
func (db *DB) Series(ctx context.Context, id peil.IndicatorID) (*peil.Series, error) {
	ctx, done := db.reading(ctx)
	defer done()
	gen := db.gen.Load() // before the query: a write after it makes the entry stale
	if s, ok := db.cache.get(id, gen); ok {
		return s, nil
	}
	rows, err := db.seriesStmt.QueryContext(ctx, string(id))
	if err != nil {
		return nil, fmt.Errorf("series %q: %w", id, err)
	}
	ss, err := readSeries(rows, []peil.IndicatorID{id})
	if err != nil {
		if peil.ErrorCode(err) == peil.ENOTFOUND {
			return nil, err
		}
		return nil, fmt.Errorf("series %q: %w", id, err)
	}
	db.cache.put(id, gen, ss[0])
	return copySeries(ss[0]), nil
}

// AllSeries returns the series of ids, in that order, as Series would one by
// one, but reading the ones not cached in one statement (one snapshot) for
// all of them. ENOTFOUND names the first unknown indicator.
func (db *DB) AllSeries(ctx context.Context, ids []peil.IndicatorID) ([]*peil.Series, error) {
	ctx, done := db.reading(ctx)
	defer done()
	gen := db.gen.Load()
	out := make([]*peil.Series, len(ids))
	var missing []peil.IndicatorID
	for i, id := range ids {
		if s, ok := db.cache.get(id, gen); ok {
			out[i] = s
		} else if !containsID(missing, id) {
			missing = append(missing, id)
		}
	}
	if len(missing) == 0 {
		return out, nil
	}
	args := make([]any, len(missing))
	for i, id := range missing {
		args[i] = string(id)
	}
	rows, err := db.sql.QueryContext(ctx, seriesSQL(len(missing)), args...)
	if err != nil {
		return nil, fmt.Errorf("series: %w", err)
	}
	read, err := readSeries(rows, missing)
	if err != nil {
		if peil.ErrorCode(err) == peil.ENOTFOUND {
			return nil, err
		}
		return nil, fmt.Errorf("series: %w", err)
	}
	byID := make(map[peil.IndicatorID]*peil.Series, len(read))
	for _, s := range read {
		db.cache.put(s.Indicator.ID, gen, s)
		byID[s.Indicator.ID] = s
	}
	for i, id := range ids {
		if out[i] == nil {
			out[i] = copySeries(byID[id])
		}
	}
	return out, nil
}

// seriesTemplate reads everything the series of the indicators $IDS need in
// one statement: a union of the indicators (part 0), their observations (1),
// the events of their measures (2) and the reports' ids and dates (3, for
// the gaps and increments, with title, kamerstuk and url for citations), in
// shared columns: the indicator id, n* (whole numbers), d*
// (dates as days since 1970-01-01, which the driver reads without a call into
// DuckDB per value), v (the value), lo and hi (its bounds), s* (text), b
// (an observation's expected flag) and cues. The observations are filtered
// on the ids directly, so that DuckDB applies the filter in the table scan.
const seriesTemplate = `
SELECT 0 AS part, i.id AS ind, i.measure AS n1, NULL::BIGINT AS n2, NULL::BIGINT AS n3,
       NULL::BIGINT AS d1, NULL::BIGINT AS d2, NULL::BIGINT AS d3, NULL::DOUBLE AS v,
       NULL::DOUBLE AS lo, NULL::DOUBLE AS hi, i.label AS s1, i.label_en AS s2, i.unit AS s3, i.kind AS s4,
       NULL::VARCHAR AS s5, NULL::VARCHAR AS s6, NULL::VARCHAR AS s7, i.key AS b, i.cues AS cues,
       NULL::INTEGER AS pg, NULL::VARCHAR AS rv, NULL::DOUBLE AS ov
FROM indicators i WHERE i.id IN ($IDS)
UNION ALL
SELECT 1, o.indicator, o.id, coalesce(o.report, 0), o.line,
       o.report_date - DATE '1970-01-01', o.period_start - DATE '1970-01-01', o.period_end - DATE '1970-01-01', o.value,
       o.lower, o.upper, o.text, o.qualifier, o.sentence, o.source, o.derivation, o.citation, o.kind, o.expected, NULL, o.page,
       r.review, r.original_value
FROM observations o` + reviewJoin + ` WHERE o.indicator IN ($IDS)
UNION ALL
SELECT 2, NULL, e.id, e.report, e.line, e.date - DATE '1970-01-01', e.measure, NULL, NULL, NULL, NULL,
       e.precision, e.type, e.label, e.sentence, NULL, NULL, NULL, NULL, NULL, e.page, NULL, NULL
FROM events e WHERE e.measure IN (SELECT measure FROM indicators WHERE id IN ($IDS))
UNION ALL
SELECT 3, NULL, r.id, NULL, NULL, r.report_date - DATE '1970-01-01', NULL, NULL, NULL, NULL, NULL,
       r.title, r.kamerstuk, r.url, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
FROM reports r`

// seriesSQL returns seriesTemplate for n indicator ids, bound as $1 to $n.
// Only the number of ids shapes the text; the ids are parameters.
func seriesSQL(n int) string {
	ph := make([]string, n)
	for i := range ph {
		ph[i] = "$" + strconv.Itoa(i+1)
	}
	return strings.ReplaceAll(seriesTemplate, "$IDS", strings.Join(ph, ", "))
}

// readSeries reads the rows of seriesSQL and builds the series of ids, in
// that order. It closes rows.
func readSeries(rows *sql.Rows, ids []peil.IndicatorID) ([]*peil.Series, error) {
	defer rows.Close()
	inds := map[peil.IndicatorID]peil.Indicator{}
	obs := map[peil.IndicatorID][]peil.Observation{}
	events := map[int][]peil.Event{}
	var reports []peil.Report
	cited := map[int64]peil.Report{} // by id, for citations
	// Scanning into any takes the driver's values as they are (int64, int32,
	// float64, string, bool, []any or nil), without database/sql's conversions.
	var v [23]any
	dest := make([]any, len(v))
	for i := range v {
		dest[i] = &v[i]
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		id := peil.IndicatorID(str(v[1]))
		switch whole(v[0]) {
		case 0:
			i := peil.Indicator{ID: id, Measure: int(whole(v[2])), Label: str(v[11]), LabelEN: str(v[12]), Unit: str(v[13]),
				Kind: peil.Kind(str(v[14]))}
			i.Key, _ = v[18].(bool)
			list, _ := v[19].([]any)
			for _, c := range list {
				if s, ok := c.(string); ok {
					i.Cues = append(i.Cues, s)
				}
			}
			inds[id] = i
		case 1:
			value, _ := v[8].(float64)
			o := peil.Observation{
				ID: whole(v[2]), Report: whole(v[3]), Line: int(whole(v[4])), Indicator: id,
				ReportDate: epochDate(v[5]), PeriodStart: epochDate(v[6]), PeriodEnd: epochDate(v[7]), Value: value,
				Text: str(v[11]), Qualifier: peil.Qualifier(str(v[12])), Sentence: str(v[13]), Source: peil.Source(str(v[14])),
				Derivation: str(v[15]), Citation: str(v[16]), Kind: peil.Kind(str(v[17])), Page: peil.Page(whole(v[20])),
			}
			o.Lower, o.Upper = optFloat(v[9]), optFloat(v[10])
			o.Expected, _ = v[18].(bool)
			o.Review = peil.ReviewStatus(str(v[21]))
			if orig := optFloat(v[22]); orig != nil && *orig != o.Value {
				o.Original = orig
			}
			if finiteObservation(&o) {
				obs[id] = append(obs[id], o)
			}
		case 2:
			m := int(whole(v[6]))
			events[m] = append(events[m], peil.Event{
				ID: whole(v[2]), Report: whole(v[3]), Line: int(whole(v[4])), Measure: m, Date: epochDate(v[5]),
				Precision: peil.Precision(str(v[11])), Type: peil.EventType(str(v[12])), Label: str(v[13]), Sentence: str(v[14]),
				Page: peil.Page(whole(v[20])),
			})
		case 3:
			r := peil.Report{ID: whole(v[2]), ReportDate: epochDate(v[5]), Title: str(v[11]), Kamerstuk: str(v[12]), URL: str(v[13])}
			reports = append(reports, r)
			cited[r.ID] = r
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// The union has no order: Points orders the observations; events and
	// report dates are sorted here.
	for _, evs := range events {
		sort.Slice(evs, func(i, j int) bool {
			if !evs[i].Date.Equal(evs[j].Date.Time) {
				return evs[i].Date.Before(evs[j].Date.Time)
			}
			return evs[i].ID < evs[j].ID
		})
	}
	sort.Slice(reports, func(i, j int) bool { return reports[i].ReportDate.Before(reports[j].ReportDate.Time) })
	dates := make([]peil.Date, len(reports))
	for i, r := range reports {
		dates[i] = r.ReportDate
	}

	out := make([]*peil.Series, len(ids))
	for k, id := range ids {
		ind, ok := inds[id]
		if !ok {
			return nil, peil.Errorf(peil.ENOTFOUND, "indicator %q niet gevonden", id)
		}
		kept := obs[id][:0] // filtered in place: an id asked twice is read once
		for _, o := range obs[id] {
			if ind.Kind.SameQuantity(o.Kind) {
				o.Measure, o.Unit = ind.Measure, ind.Unit
				kept = append(kept, o)
			}
		}
		obs[id] = kept
		evs := append([]peil.Event{}, events[ind.Measure]...)
		s := &peil.Series{Indicator: ind, Points: CitedPoints(kept, cited), Events: evs}
		MarkGaps(s.Points, reports)
		if ind.Kind == peil.KindCumulative {
			s.Increments = Increments(s.Points, dates)
		}
		out[k] = s
	}
	return out, nil
}

// MarkGaps sets Gap on each point (points ordered by period end) before
// which a report said nothing about the indicator: a report dated after the
// previous point became known and before this one did (see statedAt) that
// made no statement of the series (reports by ID and ReportDate, in any
// order). Points with the same period end are one step.
func MarkGaps(points []peil.Point, reports []peil.Report) {
	spoke := map[int64]bool{}
	for _, p := range points {
		for _, st := range p.Statements {
			if st.Report != 0 {
				spoke[st.Report] = true
			}
		}
	}
	prev := -1
	for i := range points {
		points[i].Gap = false
		if prev >= 0 && points[i].PeriodEnd.Equal(points[prev].PeriodEnd.Time) {
			continue
		}
		if prev >= 0 {
			from, to := statedAt(points[prev]), statedAt(points[i])
			for _, r := range reports {
				if r.ReportDate.After(from.Time) && r.ReportDate.Before(to.Time) && !spoke[r.ID] {
					points[i].Gap = true
					break
				}
			}
		}
		prev = i
	}
}

// epochDate reads a date given as days since 1970-01-01; NULL is the zero Date.
func epochDate(days any) peil.Date {
	if days == nil {
		return peil.Date{}
	}
	return peil.NewDate(1970, time.January, 1+int(whole(days)))
}

// optFloat reads a DOUBLE as the driver gives it; NULL is nil.
func optFloat(v any) *float64 {
	f, ok := v.(float64)
	if !ok {
		return nil
	}
	return &f
}

// whole reads a whole number as the driver gives it; NULL is 0.
func whole(v any) int64 {
	switch n := v.(type) {
	case int64:
		return n
	case int32:
		return int64(n)
	case int:
		return int64(n)
	}
	return 0
}

// str reads a text as the driver gives it; NULL is "".
func str(v any) string {
	s, _ := v.(string)
	return s
}

// seriesObservations reads the observations of an indicator with the columns
// a series needs (fewer columns: less to read from rows spread over the
// table). It leaves out observations of another sort of quantity than the
// indicator's (see peil.Kind.SameQuantity): a report may tie "waarvan 10 in deze
// rapportageperiode" (a flow) to the indicator of its running total.
func seriesObservations(ctx context.Context, q querier, ind peil.Indicator) ([]peil.Observation, error) {
	rows, err := q.QueryContext(ctx, `
		SELECT id, coalesce(report, 0), report_date, value, text, qualifier, period_start, period_end,
		       sentence, line, source, derivation, citation, kind, lower, upper, expected, coalesce(page, 0),
		       coalesce(r.review, ''), r.original_value
		FROM observations`+reviewJoin+` WHERE indicator = ?`, string(ind.ID))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []peil.Observation
	for rows.Next() {
		o := peil.Observation{Indicator: ind.ID, Measure: ind.Measure, Unit: ind.Unit}
		var reportDate, start, end sql.NullTime
		var lower, upper sql.NullFloat64
		var qualifier, source, kind, review string
		var original sql.NullFloat64
		if err := rows.Scan(&o.ID, &o.Report, &reportDate, &o.Value, &o.Text, &qualifier, &start, &end,
			&o.Sentence, &o.Line, &source, &o.Derivation, &o.Citation, &kind, &lower, &upper, &o.Expected, &o.Page,
			&review, &original); err != nil {
			return nil, err
		}
		o.Review = peil.ReviewStatus(review)
		if original.Valid && original.Float64 != o.Value {
			o.Original = &original.Float64
		}
		o.ReportDate, o.PeriodStart, o.PeriodEnd = dateOf(reportDate), dateOf(start), dateOf(end)
		o.Qualifier, o.Source, o.Kind = peil.Qualifier(qualifier), peil.Source(source), peil.Kind(kind)
		if lower.Valid {
			o.Lower = &lower.Float64
		}
		if upper.Valid {
			o.Upper = &upper.Float64
		}
		if ind.Kind.SameQuantity(o.Kind) && finiteObservation(&o) {
			out = append(out, o)
		}
	}
	return out, rows.Err()
}

// Points groups the observations of one indicator into points, one per
// period (start and end), ordered by period end; a statement without a period
// start joins the point with its period end that has one. Every observation
// becomes a statement of its point.
//
// Each report speaks once for a point (see peil.Point.ReportStatements): by its first
// non-derived statement in line order; an import speaks by its citation. The
// point shows what the latest report said (report statements come after
// imports, which have no report date), or, when every statement is derived,
// the latest derived one. A point is revised when reports (or imports) give
// different values. Statements of one report that disagree with each other
// (a later measure restating an earlier figure differently, or several
// sentences matched to the indicator) are no revision: the point's Note says
// so. The Note also says when a derived value disagrees with the value shown.
//
// Points cites a report's statements by its date only; CitedPoints by the
// report's title and kamerstuk.
func Points(obs []peil.Observation) []peil.Point {
	points, _ := pointsOf(obs, nil)
	return points
}

// CitedPoints is Points with each statement of a report cited from reports
// (by store id; see peil.Cite): its Citation, Kamerstuk and URL. Imported
// statements keep their own citation. The point carries the page, citation,
// kamerstuk and URL of the statement it shows.
func CitedPoints(obs []peil.Observation, reports map[int64]peil.Report) []peil.Point {
	points, _ := pointsOf(obs, reports)
	return points
}

// pointsOf is CitedPoints, and for each point the index in obs of the
// observation whose statement the point shows.
func pointsOf(obs []peil.Observation, reports map[int64]peil.Report) ([]peil.Point, []int) {
	type key struct{ start, end time.Time }
	groups := map[key][]int{}
	var keys []key
	for i, o := range obs {
		k := key{o.PeriodStart.Time, o.PeriodEnd.Time}
		if _, ok := groups[k]; !ok {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], i)
	}
	// A statement without a period start belongs to the point with the same
	// period end when exactly one such point has a start.
	withStart := map[time.Time][]key{}
	for _, k := range keys {
		if !k.start.IsZero() {
			withStart[k.end] = append(withStart[k.end], k)
		}
	}
	kept := keys[:0]
	for _, k := range keys {
		if to := withStart[k.end]; k.start.IsZero() && len(to) == 1 {
			groups[to[0]] = append(groups[to[0]], groups[k]...)
			delete(groups, k)
			continue
		}
		kept = append(kept, k)
	}
	keys = kept
	sort.Slice(keys, func(i, j int) bool {
		if !keys[i].end.Equal(keys[j].end) {
			return keys[i].end.Before(keys[j].end)
		}
		return keys[i].start.Before(keys[j].start)
	})
	points := make([]peil.Point, 0, len(keys))
	shownObs := make([]int, 0, len(keys))
	for _, k := range keys {
		g := groups[k]
		sort.SliceStable(g, func(i, j int) bool { return statementBefore(&obs[g[i]], &obs[g[j]]) })
		p := peil.Point{
			PeriodStart: peil.Date{Time: k.start},
			PeriodEnd:   peil.Date{Time: k.end},
			Statements:  make([]peil.Statement, len(g)),
		}
		for i, j := range g {
			s := &obs[j]
			p.Statements[i] = peil.Statement{
				Report: s.Report, ReportDate: s.ReportDate, Value: s.Value, Text: s.Text,
				Qualifier: s.Qualifier, Lower: s.Lower, Upper: s.Upper, Expected: s.Expected, Sentence: s.Sentence,
				Line: s.Line, Page: s.Page, Source: s.Source, Derivation: s.Derivation, Citation: s.Citation,
				Review: s.Review, Original: s.Original,
			}
			citeStatement(&p.Statements[i], reports)
		}
		p.Shown = len(p.Statements) - 1
		reps := peil.ReportIndexes(p.Statements)
		if len(reps) > 0 {
			p.Shown = reps[len(reps)-1]
		}
		for _, r := range reps[min(1, len(reps)):] {
			if p.Statements[r].Value != p.Statements[reps[0]].Value {
				p.Revised = true
			}
		}
		shown := p.Statements[p.Shown]
		p.Value, p.Text, p.Qualifier = shown.Value, shown.Text, shown.Qualifier
		p.Lower, p.Upper, p.Expected = shown.Lower, shown.Upper, shown.Expected
		p.Report, p.ReportDate, p.Source, p.Derivation = shown.Report, shown.ReportDate, shown.Source, shown.Derivation
		p.Page, p.Citation, p.Kamerstuk, p.URL = shown.Page, shown.Citation, shown.Kamerstuk, shown.URL
		p.Note = pointNote(p)
		p.Conflict = p.Note != ""
		markConflicts(&p)
		points = append(points, p)
		shownObs = append(shownObs, g[p.Shown])
	}
	return points, shownObs
}

// citeStatement gives a report's statement the citation of its place in the
// report (the report from reports, else known by its date alone). An imported
// statement keeps its own.
func citeStatement(st *peil.Statement, reports map[int64]peil.Report) {
	if st.Report == 0 || st.Source == peil.SourceImported {
		return
	}
	r, ok := reports[st.Report]
	if !ok {
		r = peil.Report{ReportDate: st.ReportDate}
	}
	st.Citation, st.Kamerstuk, st.URL = peil.Cite(r, st.Page, st.Line), r.Kamerstuk, r.URL
}

// pointNote says in Dutch which statements of p disagree without being a
// revision: a report giving several values, and derived values other than
// the one shown (an approximate derived value is compared rounded to a whole
// number). It is "" when all agree.
func pointNote(p peil.Point) string {
	var notes []string
	// Statements are ordered by report date and report: a report's extracted
	// statements are one run.
	var run []peil.Statement
	flush := func() {
		differ := false
		for _, s := range run[min(1, len(run)):] {
			differ = differ || s.Value != run[0].Value
		}
		if differ {
			vals := make([]string, len(run))
			for i, s := range run {
				vals[i] = fmt.Sprintf("%s (regel %d)", peil.FormatNumber(s.Value), s.Line)
			}
			notes = append(notes, fmt.Sprintf("rapportage %d noemt verschillende waarden: %s; de eerste telt",
				run[0].Report, strings.Join(vals, ", ")))
		}
		run = run[:0]
	}
	for _, s := range p.Statements {
		if s.Source != peil.SourceExtracted {
			continue
		}
		if len(run) > 0 && run[0].Report != s.Report {
			flush()
		}
		run = append(run, s)
	}
	flush()
	if p.Source != peil.SourceDerived {
		for _, s := range p.Statements {
			if s.Source != peil.SourceDerived {
				continue
			}
			v := s.Value
			if s.Qualifier.Approximate() {
				v = math.Round(v)
			}
			note := fmt.Sprintf("afgeleid %s wijkt af van de vermelde %s", derivedText(s), peil.FormatNumber(p.Value))
			if v != p.Value && !slices.Contains(notes, note) {
				notes = append(notes, note)
			}
		}
	}
	return strings.Join(notes, "; ")
}

// markConflicts sets Conflict on the statements of p that disagree with it
// without revising it, by the rules of pointNote: a derived value other than
// the one shown (an approximate one rounded to a whole number), and an
// extracted value that differs from its report's first one.
func markConflicts(p *peil.Point) {
	first := map[int64]float64{} // report -> its first extracted value
	for i := range p.Statements {
		s := &p.Statements[i]
		switch s.Source {
		case peil.SourceDerived:
			v := s.Value
			if s.Qualifier.Approximate() {
				v = math.Round(v)
			}
			s.Conflict = i != p.Shown && p.Source != peil.SourceDerived && v != p.Value
		case peil.SourceExtracted:
			f, seen := first[s.Report]
			if !seen {
				first[s.Report] = s.Value
			}
			s.Conflict = seen && s.Value != f
		}
	}
}

// derivedText writes a derived value as people read it: "ca. 141" or "98".
func derivedText(s peil.Statement) string {
	if s.Text != "" {
		return s.Text
	}
	return peil.FormatNumber(s.Value)
}

// statementBefore orders the statements of a point: imported ones (no report
// date) first, then by report date, report and line.
func statementBefore(a, b *peil.Observation) bool {
	switch {
	case !a.ReportDate.Equal(b.ReportDate.Time):
		return a.ReportDate.Before(b.ReportDate.Time)
	case a.Report != b.Report:
		return a.Report < b.Report
	case a.Line != b.Line:
		return a.Line < b.Line
	}
	return a.ID < b.ID
}

// Increments returns the change between consecutive points of a cumulative
// series (points ordered by period end; points with the same period end are
// skipped after the first), with its length in months and the rate per month,
// each marked with a qualifier (exact only when both points are exact, else
// approx) and its formula in Dutch words.
// An interval is a gap when a report was published after the report that
// first stated the earlier point and before the one that first stated the
// later point, so that a report in between said nothing about the indicator.
// A point known only from a derived or imported value counts as stated at its
// period end. reportDates must be in ascending order.
func Increments(points []peil.Point, reportDates []peil.Date) []peil.Increment {
	var out []peil.Increment
	prev := -1
	for i := range points {
		if points[i].Expected {
			continue // an expectation is no value reached: no increment to or from it
		}
		if prev >= 0 && points[i].PeriodEnd.Equal(points[prev].PeriodEnd.Time) {
			continue
		}
		if prev >= 0 {
			a, b := points[prev], points[i]
			inc := peil.Increment{
				From:      a.PeriodEnd,
				To:        b.PeriodEnd,
				Delta:     peil.RoundDerived(b.Value-a.Value, a.Value, b.Value),
				Months:    MonthsBetween(a.PeriodEnd, b.PeriodEnd),
				Qualifier: peil.QualApprox,
			}
			if a.Qualifier == peil.QualExact && b.Qualifier == peil.QualExact {
				inc.Qualifier = peil.QualExact
			}
			if inc.Months > 0 {
				inc.PerMonth = peil.RoundDerived(inc.Delta / inc.Months)
			}
			inc.Derivation = incrementDerivation(a, b, inc)
			// A gap: the first report dated after from is dated before to.
			from, to := statedAt(a), statedAt(b)
			k := sort.Search(len(reportDates), func(k int) bool { return reportDates[k].After(from.Time) })
			inc.Gap = k < len(reportDates) && reportDates[k].Before(to.Time)
			out = append(out, inc)
		}
		prev = i
	}
	return out
}

// incrementDerivation writes the formula of an increment in Dutch words:
// "afgeleid: 320 (31 maart 2017) min circa 305 (15 november 2016) = ca. 15
// in 4,5 maanden (ca. 3,33 per maand)".
func incrementDerivation(a, b peil.Point, inc peil.Increment) string {
	ca := ""
	if inc.Qualifier.Approximate() {
		ca = "ca. "
	}
	months := "maanden"
	if inc.Months == 1 {
		months = "maand"
	}
	s := fmt.Sprintf("afgeleid: %s (%s) min %s (%s) = %s%s in %s %s", qualified(b), peil.FormatDate(b.PeriodEnd),
		qualified(a), peil.FormatDate(a.PeriodEnd), ca, peil.FormatNumber(inc.Delta), peil.FormatNumber(inc.Months), months)
	if inc.Months > 0 {
		s += fmt.Sprintf(" (%s%s per maand)", ca, peil.FormatNumber(inc.PerMonth))
	}
	return s
}

// qualified writes a point's value with its qualifier: "circa 305", "320".
func qualified(p peil.Point) string {
	if p.Qualifier == peil.QualExact || p.Qualifier == "" {
		return peil.FormatNumber(p.Value)
	}
	return p.Qualifier.Dutch() + " " + peil.FormatNumber(p.Value)
}

// statedAt is when a point became known: the earliest report date of its
// extracted statements, else its period end.
func statedAt(p peil.Point) peil.Date {
	var at peil.Date
	for _, s := range p.Statements {
		if s.Source == peil.SourceExtracted && !s.ReportDate.IsZero() && (at.IsZero() || s.ReportDate.Before(at.Time)) {
			at = s.ReportDate
		}
	}
	if at.IsZero() {
		return p.PeriodEnd
	}
	return at
}

// MonthsBetween returns the calendar months from a to b: whole months by
// month number, plus the difference in days as a fraction of an average month.
// 15 June to 15 November is 5; 1 June to 16 June is about 0,49.
func MonthsBetween(a, b peil.Date) float64 {
	whole := (b.Year()-a.Year())*12 + int(b.Month()) - int(a.Month())
	return float64(whole) + float64(b.Day()-a.Day())/(365.2425/12)
}
