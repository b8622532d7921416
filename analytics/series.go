package analytics

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"time"

	"github.com/peil-dev/peil"
)

// Series returns one indicator over time: a point per period with every
// statement made about it (restatements by later reports, derived and imported
// values), for cumulative indicators the increments between points, and the
// events of the indicator's measure. ENOTFOUND when the indicator is unknown.
// All of it comes from one snapshot of the database.
//
// Series are cached per indicator until the next write (a database opened
// read-only, as `peil serve` does, never changes); callers get their own copy.
func (db *DB) Series(ctx context.Context, id peil.IndicatorID) (*peil.Series, error) {
	gen := db.gen.Load() // before the snapshot: a write after it makes the entry stale
	if s, ok := db.cache.get(id, gen); ok {
		return s, nil
	}
	var s *peil.Series
	err := db.readTx(ctx, func(conn *sql.Conn) error {
		ind, err := indicator(ctx, conn, id)
		if err != nil {
			return err
		}
		obs, err := seriesObservations(ctx, conn, ind)
		if err != nil {
			return err
		}
		events, err := queryEvents(ctx, conn, eventsSQL+` WHERE e.measure = ? ORDER BY e.date, e.id`, ind.Measure)
		if err != nil {
			return err
		}
		s = &peil.Series{Indicator: ind, Points: Points(obs), Events: events}
		if ind.Kind == peil.KindCumulative {
			dates, err := reportDates(ctx, conn)
			if err != nil {
				return err
			}
			s.Increments = Increments(s.Points, dates)
		}
		return nil
	})
	if err != nil {
		if peil.ErrorCode(err) == peil.ENOTFOUND {
			return nil, err
		}
		return nil, fmt.Errorf("series %q: %w", id, err)
	}
	db.cache.put(id, gen, s)
	return copySeries(s), nil
}

// seriesObservations reads the observations of an indicator with the columns
// a series needs (fewer columns: less to read from rows spread over the
// table). It leaves out observations of another sort of quantity than the
// indicator's (see sameQuantity): a report may tie "waarvan 10 in deze
// rapportageperiode" (a flow) to the indicator of its running total.
func seriesObservations(ctx context.Context, q querier, ind peil.Indicator) ([]peil.Observation, error) {
	rows, err := q.QueryContext(ctx, `
		SELECT id, coalesce(report, 0), report_date, value, text, qualifier, period_start, period_end,
		       sentence, line, source, derivation, citation, kind
		FROM observations WHERE indicator = ?`, string(ind.ID))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []peil.Observation
	for rows.Next() {
		o := peil.Observation{Indicator: ind.ID, Measure: ind.Measure, Unit: ind.Unit}
		var reportDate, start, end sql.NullTime
		var qualifier, source, kind string
		if err := rows.Scan(&o.ID, &o.Report, &reportDate, &o.Value, &o.Text, &qualifier, &start, &end,
			&o.Sentence, &o.Line, &source, &o.Derivation, &o.Citation, &kind); err != nil {
			return nil, err
		}
		o.ReportDate, o.PeriodStart, o.PeriodEnd = dateOf(reportDate), dateOf(start), dateOf(end)
		o.Qualifier, o.Source, o.Kind = peil.Qualifier(qualifier), peil.Source(source), peil.Kind(kind)
		if sameQuantity(ind.Kind, o.Kind) {
			out = append(out, o)
		}
	}
	return out, rows.Err()
}

// sameQuantity reports whether an observation of kind obs can be a point of
// an indicator of kind ind: the same kind, or stock and cumulative (a total
// "op dit moment" and one "sinds ..." are both levels).
func sameQuantity(ind, obs peil.Kind) bool {
	level := func(k peil.Kind) bool { return k == peil.KindStock || k == peil.KindCumulative }
	return ind == obs || ind == "" || (level(ind) && level(obs))
}

// readTx runs fn in a transaction, so that its queries read one snapshot.
func (db *DB) readTx(ctx context.Context, fn func(conn *sql.Conn) error) error {
	return db.inTx(ctx, fn)
}

// reportDates returns the dates of all stored reports, ascending.
func reportDates(ctx context.Context, q querier) ([]peil.Date, error) {
	rows, err := q.QueryContext(ctx, `SELECT report_date FROM reports ORDER BY report_date`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []peil.Date
	for rows.Next() {
		var t sql.NullTime
		if err := rows.Scan(&t); err != nil {
			return nil, err
		}
		out = append(out, dateOf(t))
	}
	return out, rows.Err()
}

// Points groups the observations of one indicator into points, one per
// period (start and end), ordered by period end; a statement without a period
// start joins the point with its period end that has one. Every observation becomes a
// statement of its point. The point shows the latest statement that is not
// derived (report statements before imports, which have no report date), or,
// when all are derived, the latest derived one. A point is revised when its
// non-derived statements give different values.
func Points(obs []peil.Observation) []peil.Point {
	type key struct{ start, end time.Time }
	groups := map[key][]peil.Observation{}
	var keys []key
	for _, o := range obs {
		k := key{o.PeriodStart.Time, o.PeriodEnd.Time}
		if _, ok := groups[k]; !ok {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], o)
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
	for _, k := range keys {
		g := groups[k]
		sort.SliceStable(g, func(i, j int) bool { return statementBefore(&g[i], &g[j]) })
		shown := -1
		revised := false
		for i := range g {
			if g[i].Source == peil.SourceDerived {
				continue
			}
			if shown >= 0 && g[i].Value != g[shown].Value {
				revised = true
			}
			shown = i
		}
		if shown < 0 {
			shown = len(g) - 1
		}
		o := g[shown]
		p := peil.Point{
			PeriodStart: peil.Date{Time: k.start},
			PeriodEnd:   peil.Date{Time: k.end},
			Value:       o.Value,
			Text:        o.Text,
			Qualifier:   o.Qualifier,
			Report:      o.Report,
			ReportDate:  o.ReportDate,
			Source:      o.Source,
			Derivation:  o.Derivation,
			Revised:     revised,
			Statements:  make([]peil.Statement, len(g)),
		}
		for i, s := range g {
			p.Statements[i] = peil.Statement{
				Report: s.Report, ReportDate: s.ReportDate, Value: s.Value, Text: s.Text,
				Qualifier: s.Qualifier, Sentence: s.Sentence, Line: s.Line, Source: s.Source,
				Derivation: s.Derivation, Citation: s.Citation,
			}
		}
		points = append(points, p)
	}
	return points
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
// skipped after the first), with its length in months and the rate per month.
// An interval is a gap when a report was published after the report that
// first stated the earlier point and before the one that first stated the
// later point, so that a report in between said nothing about the indicator.
// A point known only from a derived or imported value counts as stated at its
// period end. reportDates must be in ascending order.
func Increments(points []peil.Point, reportDates []peil.Date) []peil.Increment {
	var out []peil.Increment
	prev := -1
	for i := range points {
		if prev >= 0 && points[i].PeriodEnd.Equal(points[prev].PeriodEnd.Time) {
			continue
		}
		if prev >= 0 {
			a, b := points[prev], points[i]
			inc := peil.Increment{
				From:   a.PeriodEnd,
				To:     b.PeriodEnd,
				Delta:  b.Value - a.Value,
				Months: MonthsBetween(a.PeriodEnd, b.PeriodEnd),
			}
			if inc.Months > 0 {
				inc.PerMonth = inc.Delta / inc.Months
			}
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
