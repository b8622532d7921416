package analytics

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"strings"

	"github.com/peil-dev/peil"
)

// observationsSQL selects observations; observationsQuery adds the WHERE
// clause and the order.
const observationsSQL = `
SELECT id, coalesce(report, 0), report_date, measure, coalesce(indicator, ''), value, text, qualifier,
       lower, upper, kind, unit, period_start, period_end, ` + sentenceOf + `, line, source, derivation, citation, note,
       expected, coalesce(page, 0), coalesce(r.review, ''), coalesce(r.reviewer, ''), r.original_value
FROM observations` + reviewJoin + sentenceJoin

// reviewJoin adds the review state of extracted figures to observations: the
// state, the reviewer and, for a corrected figure, the value as extracted.
const reviewJoin = reviewJoinHead + `) r ON r.observation = id`

// reviewJoinHead is reviewJoin up to the end of its subquery over
// figure_review, where reviewJoinOf adds a condition.
const reviewJoinHead = `
LEFT JOIN (SELECT observation, status AS review, reviewer,
                  CASE WHEN status = 'corrected' THEN CAST(json_extract(original, '$.value') AS DOUBLE) END AS original_value
           FROM figure_review`

// reviewJoinOf is reviewJoin over the reviews of the observations whose ids
// the subquery ids selects. DuckDB then builds the join of a few
// observations on their reviews alone, not on every review in the store.
func reviewJoinOf(ids string) string {
	return reviewJoinHead + ` WHERE observation IN (` + ids + `)) r ON r.observation = id`
}

// observationGroup is the observations that a filter selects of one measure
// and one indicator (indicator NULL: the measure's figures that matched no
// indicator), and how many there are.
type observationGroup struct {
	measure   int
	indicator sql.NullString
	count     int
}

// observationPart is what one query of Observations reads: the measures first
// to last whole, or one group (of measure first).
type observationPart struct {
	first, last int
	group       *observationGroup // nil: whole measures
	count       int
}

// rowsPerQuery is how many observations one query of Observations reads at
// most, unless one group alone has more: measures share a query up to this
// many, and a measure with more is read one indicator at a time. (A variable
// for the tests.)
var rowsPerQuery = 50_000

// plan splits groups, in the order of Observations, into the parts that
// queries read: as few queries as rowsPerQuery allows.
func plan(groups []observationGroup) []observationPart {
	var parts []observationPart
	for i := 0; i < len(groups); {
		m, n, j := groups[i].measure, 0, i
		for ; j < len(groups) && groups[j].measure == m; j++ {
			n += groups[j].count
		}
		last := len(parts) - 1
		switch {
		case n > rowsPerQuery:
			for k := i; k < j; k++ {
				parts = append(parts, observationPart{first: m, last: m, group: &groups[k], count: groups[k].count})
			}
		case last >= 0 && parts[last].group == nil && parts[last].count+n <= rowsPerQuery:
			parts[last].last, parts[last].count = m, parts[last].count+n
		default:
			parts = append(parts, observationPart{first: m, last: m, count: n})
		}
		i = j
	}
	return parts
}

// filterConds returns the conditions of f's set fields with their
// parameters: constant SQL fragments with bound parameters, so that DuckDB
// can push them into the scan.
func filterConds(f peil.Filter) ([]string, []any) {
	var conds []string
	var args []any
	if f.Measure != 0 {
		conds, args = append(conds, "measure = ?"), append(args, f.Measure)
	}
	if f.Indicator != "" {
		conds, args = append(conds, "indicator = ?"), append(args, string(f.Indicator))
	}
	if !f.From.IsZero() {
		conds, args = append(conds, "period_end >= ?"), append(args, f.From.Time)
	}
	if !f.To.IsZero() {
		conds, args = append(conds, "period_end <= ?"), append(args, f.To.Time)
	}
	return conds, args
}

// where joins conds into a WHERE clause ("" for none).
func where(conds []string) string {
	if len(conds) == 0 {
		return ""
	}
	return "\nWHERE " + strings.Join(conds, " AND ")
}

// groupsQuery returns the query for the groups that hold observations f
// selects, in the order of Observations.
func groupsQuery(f peil.Filter) (string, []any) {
	conds, args := filterConds(f)
	return "SELECT measure, indicator, count(*) FROM observations" + where(conds) +
		"\nGROUP BY measure, indicator ORDER BY measure, indicator NULLS LAST", args
}

// observationsQuery returns the query for the observations of part p that f
// selects, with its parameters.
func observationsQuery(f peil.Filter, p observationPart) (string, []any) {
	conds, args := filterConds(f)
	if p.group == nil {
		conds, args = append(conds, "measure BETWEEN ? AND ?"), append(args, p.first, p.last)
		return observationsSQL + where(conds) +
			"\nORDER BY measure, indicator NULLS LAST, period_end, report_date NULLS FIRST, id", args
	}
	conds, args = append(conds, "measure = ?"), append(args, p.first)
	if g := p.group; g.indicator.Valid {
		conds, args = append(conds, "indicator = ?"), append(args, g.indicator.String)
	} else {
		conds = append(conds, "indicator IS NULL")
	}
	return observationsSQL + where(conds) + "\nORDER BY period_end, report_date NULLS FIRST, id", args
}

// Observations streams the observations that f selects to fn, ordered by
// measure, indicator (unmatched figures last within their measure), period
// end and report date. It stops at fn's first error and returns it. fn must
// not keep the pointer.
//
// DuckDB's Go driver holds a query's whole result before it hands over the
// first row, so the observations are read in parts of at most rowsPerQuery
// (whole measures, or one indicator of a bigger measure), all under one read
// lock: memory then holds a part's rows, not the store's (BENCHMARKS.md,
// "Figures from code comments").
// The next part's query runs while fn takes the rows of the current one.
func (db *DB) Observations(ctx context.Context, f peil.Filter, fn func(*peil.Observation) error) (err error) {
	defer peil.Wrap(&err, "observations")
	ctx, done := db.reading(ctx)
	defer done()
	groups, err := observationGroups(ctx, db.sql, f)
	if err != nil {
		return err
	}
	inds, err := indicatorsByID(ctx, db.sql, indicatorsSQL)
	if err != nil {
		return err
	}
	cur := &currentMarker{ctx: ctx, q: db.sql, inds: inds, fn: fn, batchOf: seriesBatches(groups, inds),
		current: map[peil.IndicatorID]map[int64]bool{}}
	fn = cur.add
	reading := ctx
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	results := prefetch(ctx, db.sql, f, plan(groups))
	for r := range results {
		if r.err == nil {
			r.err = scanObservations(r.rows, fn)
		}
		if r.err != nil {
			if err := reading.Err(); err != nil {
				r.err = err // rather than DuckDB's "Interrupted!"
			}
			// Stop the prefetching and wait for it, so that no query
			// outlives the read lock.
			cancel()
			for r := range results {
				r.close()
			}
			return r.err
		}
	}
	// A cancelled context stops the prefetching without an error of its
	// own, possibly before the last part: the stream was not whole.
	if err := reading.Err(); err != nil {
		return err
	}
	return nil
}

// currentMarker sets Observation.Current on the stream of Observations. A
// series takes every observation of its indicator, whatever measure's row
// stated it, so the stream's groups (by measure) are not enough: on the first
// observation of an indicator it reads, as Series does, the series of that
// indicator's batch (seriesBatches: one statement for many indicators, not
// one each), only what the points' shown statements need
// (seriesSelection.ShownOnly), and keeps the ids of the observations their
// points show.
type currentMarker struct {
	ctx     context.Context
	q       querier
	inds    map[peil.IndicatorID]peil.Indicator
	fn      func(*peil.Observation) error
	batchOf map[peil.IndicatorID][]peil.IndicatorID
	current map[peil.IndicatorID]map[int64]bool
}

func (c *currentMarker) add(o *peil.Observation) error {
	o.Current = false
	if _, ok := c.inds[o.Indicator]; !ok || o.Indicator == "" {
		return c.fn(o)
	}
	ids, ok := c.current[o.Indicator]
	if !ok {
		batch := c.batchOf[o.Indicator]
		if len(batch) == 0 {
			batch = []peil.IndicatorID{o.Indicator}
		}
		series, err := readSelection(c.ctx, c.q, seriesSelection{Indicators: batch, ShownOnly: true})
		if err != nil {
			return fmt.Errorf("current statements of %q: %w", o.Indicator, err)
		}
		for _, id := range batch {
			c.current[id] = map[int64]bool{}
		}
		for _, s := range series {
			shown := c.current[s.Indicator.ID]
			for _, p := range s.Points {
				shown[p.Statements[p.Shown].Observation] = true
			}
		}
		ids = c.current[o.Indicator]
	}
	o.Current = ids[o.ID]
	return c.fn(o)
}

// seriesBatches groups the known indicators of groups, in their order, into
// batches whose series one statement reads: up to a fifth of rowsPerQuery of
// the selected observations a batch (an indicator with more alone), so that
// the driver's whole result stays bounded; a fifth, because the series
// reader's rows are wider than the stream's (a whole rowsPerQuery raised
// the peak memory of an export; BENCHMARKS.md, export). It maps each
// indicator to its batch.
func seriesBatches(groups []observationGroup, inds map[peil.IndicatorID]peil.Indicator) map[peil.IndicatorID][]peil.IndicatorID {
	var order []peil.IndicatorID
	count := map[peil.IndicatorID]int{}
	for _, g := range groups {
		id := peil.IndicatorID(g.indicator.String)
		if _, known := inds[id]; !g.indicator.Valid || !known {
			continue
		}
		if _, seen := count[id]; !seen {
			order = append(order, id)
		}
		count[id] += g.count
	}
	batchOf := make(map[peil.IndicatorID][]peil.IndicatorID, len(order))
	var batch []peil.IndicatorID
	n := 0
	flush := func() {
		for _, id := range batch {
			batchOf[id] = batch
		}
		batch, n = nil, 0
	}
	for _, id := range order {
		if len(batch) > 0 && n+count[id] > rowsPerQuery/5 {
			flush()
		}
		batch, n = append(batch, id), n+count[id]
	}
	flush()
	return batchOf
}

// partRows is the result of a part's query.
type partRows struct {
	rows *sql.Rows
	err  error
}

func (r partRows) close() {
	if r.rows != nil {
		r.rows.Close()
	}
}

// prefetch runs the query of each part in turn and sends its result, one
// query ahead of the receiver; it stops after an error or when ctx is done,
// and closes the channel when it stops.
func prefetch(ctx context.Context, q querier, f peil.Filter, parts []observationPart) <-chan partRows {
	results := make(chan partRows)
	go func() {
		defer close(results)
		for _, p := range parts {
			query, args := observationsQuery(f, p)
			rows, err := q.QueryContext(ctx, query, args...)
			r := partRows{rows: rows, err: err}
			select {
			case results <- r:
			case <-ctx.Done():
				r.close()
				return
			}
			if err != nil {
				return
			}
		}
	}()
	return results
}

// observationGroups lists the groups that hold observations f selects.
func observationGroups(ctx context.Context, q querier, f peil.Filter) ([]observationGroup, error) {
	query, args := groupsQuery(f)
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var groups []observationGroup
	for rows.Next() {
		var g observationGroup
		if err := rows.Scan(&g.measure, &g.indicator, &g.count); err != nil {
			return nil, err
		}
		groups = append(groups, g)
	}
	return groups, rows.Err()
}

// scanObservations passes each of rows to fn and closes rows, leaving out
// observations that are not finite (see finiteObservation).
func scanObservations(rows *sql.Rows, fn func(*peil.Observation) error) error {
	defer rows.Close()
	var o peil.Observation
	for rows.Next() {
		var lower, upper sql.NullFloat64
		var indicator, qualifier, kind, source, review string
		var original sql.NullFloat64
		o = peil.Observation{}
		if err := rows.Scan(&o.ID, &o.Report, &o.ReportDate, &o.Measure, &indicator, &o.Value, &o.Text, &qualifier,
			&lower, &upper, &kind, &o.Unit, &o.PeriodStart, &o.PeriodEnd, &o.Sentence, &o.Line, &source, &o.Derivation,
			&o.Citation, &o.Note, &o.Expected, &o.Page, &review, &o.Reviewer, &original); err != nil {
			return err
		}
		o.Review = peil.ReviewStatus(review)
		if original.Valid && original.Float64 != o.Value {
			o.Original = &original.Float64
		}
		o.Indicator, o.Qualifier, o.Kind, o.Source = peil.IndicatorID(indicator), peil.Qualifier(qualifier),
			peil.Kind(kind), peil.Source(source)
		if lower.Valid {
			o.Lower = &lower.Float64
		}
		if upper.Valid {
			o.Upper = &upper.Float64
		}
		if !finiteObservation(&o) {
			continue
		}
		if err := fn(&o); err != nil {
			return err
		}
	}
	return rows.Err()
}

// finiteObservation reports whether o's value and bounds are finite. Every
// read leaves out an observation that is not: only a database written before
// imports checked the range holds one, and no reader can show or encode it.
func finiteObservation(o *peil.Observation) bool {
	finite := func(v float64) bool { return !math.IsInf(v, 0) && !math.IsNaN(v) }
	return finite(o.Value) && (o.Lower == nil || finite(*o.Lower)) && (o.Upper == nil || finite(*o.Upper))
}
