package analytics

import (
	"context"
	"database/sql"
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
// All of it comes from one statement (seriesSQL, prepared at open), so from
// one snapshot of the database and in one round trip. Series are cached per
// indicator until the next write (a database opened read-only, as `peil
// serve` does, never changes); callers get their own copy.
func (db *DB) Series(ctx context.Context, id peil.IndicatorID) (_ *peil.Series, err error) {
	defer peil.WrapInternal(&err, "series %q", id)
	ss, err := db.cachedSeries(ctx, []peil.IndicatorID{id})
	if err != nil {
		return nil, err
	}
	return ss[0], nil
}

// AllSeries returns the series of ids, in that order, as Series would one by
// one, but reading the ones not cached in one statement (one snapshot) for
// all of them: the pages that show many series at once (the Overzicht, the
// index, a measure, a chart of several indicators) read them so. ENOTFOUND
// names the first unknown indicator.
func (db *DB) AllSeries(ctx context.Context, ids []peil.IndicatorID) (_ []*peil.Series, err error) {
	defer peil.WrapInternal(&err, "series")
	return db.cachedSeries(ctx, ids)
}

// cachedSeries is Series and AllSeries: the series of ids from the cache,
// the others read in one statement (on db.series: the one prepared at open
// when one is missing) and cached. Every caller gets its own copies.
func (db *DB) cachedSeries(ctx context.Context, ids []peil.IndicatorID) ([]*peil.Series, error) {
	ctx, done := db.reading(ctx)
	defer done()
	gen := db.gen.Load() // before the query: a write after it makes the entries stale
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
	read, err := querySeries(ctx, db.series, missing)
	if err != nil {
		return nil, err
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

// querySeries reads the whole series of ids (at least one), in that order,
// with seriesSQL on q, for Series, AllSeries and BeforeAfter; Compare (with
// Reports) and the Geldend marks (with ShownOnly) call readSelection, the one
// reader, themselves.
func querySeries(ctx context.Context, q querier, ids []peil.IndicatorID) ([]*peil.Series, error) {
	return readSelection(ctx, q, seriesSelection{Indicators: ids})
}

// seriesSelection says what the series reader reads: the series of
// Indicators or, with Reports set, only the part of each series that those
// reports' points need.
type seriesSelection struct {
	// Indicators are the indicators whose series are read, in the order of
	// the result. Nil with Reports set: every indicator the reports stated a
	// figure of, by id.
	Indicators []peil.IndicatorID
	// Reports, when set, restrict each series to the points with a period
	// end that one of these reports stated: those points whole (every
	// report's statements of them), so that each is the point the full
	// series has, but no other points, no gaps, increments or events, and
	// citations from these reports only. What a report said of an indicator
	// (peil.ReportPoint) is the same in such a partial series as in the full
	// one.
	Reports []int64
	// ShownOnly reads only what peil.Points needs to choose the statement
	// each point shows (ids, reports, lines, dates, periods, values and
	// bounds, kinds, sources, and the citations of statements without a
	// report): no sentences, texts, reviews or events, no gaps, increments
	// or report citations. The points then show the same statements as the
	// full series' do; the Geldend marks of Observations read so.
	ShownOnly bool
}

// readSelection reads the series sel selects with seriesSQL on q.
func readSelection(ctx context.Context, q querier, sel seriesSelection) ([]*peil.Series, error) {
	query, args := seriesSQL(sel)
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return readSeries(rows, sel)
}

// The parts of seriesSQL: everything the series of some indicators need in
// one statement, a union of the indicators (part 0), their observations (1),
// the events of their measures (2) and the reports' ids and dates (3, for
// the gaps and increments, with title, kamerstuk and url for citations), in
// shared columns: the indicator id, n* (whole numbers), d* (dates as days
// since 1970-01-01, which the driver reads without a call into DuckDB per
// value), v (the value), lo and hi (its bounds), s* (text), b (an
// observation's expected flag) and cues. Each part ends where seriesSQL adds
// its joins or condition.
const (
	seriesIndicators = `
SELECT 0 AS part, i.id AS ind, i.measure AS n1, NULL::BIGINT AS n2, NULL::BIGINT AS n3,
       NULL::BIGINT AS d1, NULL::BIGINT AS d2, NULL::BIGINT AS d3, NULL::DOUBLE AS v,
       NULL::DOUBLE AS lo, NULL::DOUBLE AS hi, i.label AS s1, i.label_en AS s2, i.unit AS s3, i.kind AS s4,
       NULL::VARCHAR AS s5, NULL::VARCHAR AS s6, NULL::VARCHAR AS s7, i.key AS b, i.cues AS cues,
       NULL::INTEGER AS pg, NULL::VARCHAR AS rv, NULL::DOUBLE AS ov
FROM indicators i WHERE `
	seriesObservations = `
SELECT 1, o.indicator, o.id, coalesce(o.report, 0), o.line,
       o.report_date - DATE '1970-01-01', o.period_start - DATE '1970-01-01', o.period_end - DATE '1970-01-01', o.value,
       o.lower, o.upper, o.text, o.qualifier, ` + sentenceOf + `, o.source, o.derivation, o.citation, o.kind, o.expected, NULL, o.page,
       r.review, r.original_value
FROM observations o`
	// seriesShown is seriesObservations with only the columns that choose a
	// point's shown statement (seriesSelection.ShownOnly): the citation only
	// of a statement without a report, as ReportIndexes tells those apart by
	// it.
	seriesShown = `
SELECT 1, o.indicator, o.id, coalesce(o.report, 0), o.line,
       o.report_date - DATE '1970-01-01', o.period_start - DATE '1970-01-01', o.period_end - DATE '1970-01-01', o.value,
       o.lower, o.upper, NULL, NULL, NULL, o.source, NULL, CASE WHEN coalesce(o.report, 0) = 0 THEN o.citation END,
       o.kind, NULL, NULL, NULL, NULL, NULL
FROM observations o`
	seriesEvents = `
SELECT 2, NULL, e.id, e.report, e.line, e.date - DATE '1970-01-01', e.measure, NULL, NULL, NULL, NULL,
       e.precision, e.type, e.label, e.sentence, NULL, NULL, NULL, NULL, NULL, e.page, NULL, NULL
FROM events e WHERE e.measure IN (SELECT measure FROM indicators WHERE `
	seriesReports = `
SELECT 3, NULL, r.id, NULL, NULL, r.report_date - DATE '1970-01-01', NULL, NULL, NULL, NULL, NULL,
       r.title, r.kamerstuk, r.url, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
FROM reports r`
)

// seriesSQL returns the statement of the series reader for sel and its
// parameters: the indicator ids bound as $1 to $n, then the report ids. Only
// the number of ids shapes the text; the ids are parameters.
//
// The observations of indicators are filtered on the ids directly, so that
// DuckDB applies the filter in the table scan. With reports, the statement
// first picks the observations of the (indicator, period end) pairs those
// reports stated (picked: their ids and sentences) and joins only those to
// their reviews and sentences, so that DuckDB does not build those joins
// over every review and sentence in the store (BENCHMARKS.md, store: Compare).
func seriesSQL(sel seriesSelection) (string, []any) {
	var args []any
	params := func(n int) string {
		ph := make([]string, n)
		for i := range ph {
			ph[i] = "$" + strconv.Itoa(len(args)+i+1)
		}
		return strings.Join(ph, ", ")
	}
	var ids, reports string
	if len(sel.Indicators) > 0 {
		ids = params(len(sel.Indicators))
		for _, id := range sel.Indicators {
			args = append(args, string(id))
		}
	}
	if len(sel.Reports) > 0 {
		reports = params(len(sel.Reports))
		for _, r := range sel.Reports {
			args = append(args, r)
		}
	}
	// cond is the condition on an indicator column (and, for observations,
	// its period end column).
	cond := func(ind, end string) string {
		var c []string
		if ids != "" {
			c = append(c, ind+" IN ("+ids+")")
		}
		switch {
		case reports != "" && end != "":
			c = append(c, "("+ind+", "+end+") IN (SELECT indicator, period_end FROM observations WHERE report IN ("+reports+"))")
		case reports != "":
			c = append(c, ind+" IN (SELECT indicator FROM observations WHERE report IN ("+reports+"))")
		}
		if len(c) == 0 {
			return "false"
		}
		return strings.Join(c, " AND ")
	}
	if sel.ShownOnly && reports == "" {
		return seriesIndicators + cond("i.id", "") +
			"\nUNION ALL" + seriesShown + " WHERE " + cond("o.indicator", ""), args
	}
	if reports == "" {
		return seriesIndicators + cond("i.id", "") +
			"\nUNION ALL" + seriesObservations + reviewJoin + sentenceJoin + " WHERE " + cond("o.indicator", "") +
			"\nUNION ALL" + seriesEvents + cond("id", "") + ")" +
			"\nUNION ALL" + seriesReports, args
	}
	return "WITH picked AS (SELECT id, sentence_id FROM observations WHERE " + cond("indicator", "period_end") + ")" +
		seriesIndicators + cond("i.id", "") +
		"\nUNION ALL" + seriesObservations + reviewJoinOf("SELECT id FROM picked") + sentenceJoinOf("SELECT sentence_id FROM picked") +
		" WHERE o.id IN (SELECT id FROM picked)" +
		"\nUNION ALL" + seriesReports + " WHERE r.id IN (" + reports + ")", args
}

// readSeries reads the rows of seriesSQL(sel) and builds the series sel
// selects. It closes rows.
func readSeries(rows *sql.Rows, sel seriesSelection) ([]*peil.Series, error) {
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

	ids := sel.Indicators
	if ids == nil {
		for id := range inds {
			ids = append(ids, id)
		}
		slices.Sort(ids)
	}
	partial := len(sel.Reports) > 0 || sel.ShownOnly
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
		s := &peil.Series{Indicator: ind, Points: peil.CitedPoints(kept, cited), Events: evs}
		if !partial { // gaps and increments need every point and report
			peil.MarkGaps(s.Points, reports)
			if ind.Kind == peil.KindCumulative {
				s.Increments = peil.Increments(s.Points, dates)
			}
		}
		out[k] = s
	}
	return out, nil
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
