package analytics

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/peil-dev/peil"
)

// observationsSQL selects observations; observationsQuery adds the WHERE
// clause of a filter and the order. Unmatched figures (no indicator) sort last
// within their measure.
const observationsSQL = `
SELECT id, coalesce(report, 0), report_date, measure, coalesce(indicator, ''), value, text, qualifier,
       lower, upper, kind, unit, period_start, period_end, sentence, line, source, derivation, citation, note
FROM observations`

// observationsQuery returns the query for f with its parameters. Only the
// conditions of the filter's set fields are added (constant SQL fragments with
// bound parameters), so that DuckDB can push them into the scan.
func observationsQuery(f peil.Filter) (string, []any) {
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
	q := observationsSQL
	if len(conds) > 0 {
		q += "\nWHERE " + strings.Join(conds, " AND ")
	}
	return q + "\nORDER BY measure, indicator NULLS LAST, period_end, report_date NULLS FIRST, id", args
}

// Observations streams the observations that f selects to fn, ordered by
// measure, indicator, period end and report date. It stops at fn's first error
// and returns it. fn must not keep the pointer.
func (db *DB) Observations(ctx context.Context, f peil.Filter, fn func(*peil.Observation) error) error {
	ctx, done := db.reading(ctx)
	defer done()
	if err := queryObservations(ctx, db.sql, f, fn); err != nil {
		return fmt.Errorf("observations: %w", err)
	}
	return nil
}

func queryObservations(ctx context.Context, q querier, f peil.Filter, fn func(*peil.Observation) error) error {
	query, args := observationsQuery(f)
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	var o peil.Observation
	for rows.Next() {
		var reportDate, start, end sql.NullTime
		var lower, upper sql.NullFloat64
		var indicator, qualifier, kind, source string
		o = peil.Observation{}
		if err := rows.Scan(&o.ID, &o.Report, &reportDate, &o.Measure, &indicator, &o.Value, &o.Text, &qualifier,
			&lower, &upper, &kind, &o.Unit, &start, &end, &o.Sentence, &o.Line, &source, &o.Derivation,
			&o.Citation, &o.Note); err != nil {
			return err
		}
		o.ReportDate, o.PeriodStart, o.PeriodEnd = dateOf(reportDate), dateOf(start), dateOf(end)
		o.Indicator, o.Qualifier, o.Kind, o.Source = peil.IndicatorID(indicator), peil.Qualifier(qualifier),
			peil.Kind(kind), peil.Source(source)
		if lower.Valid {
			o.Lower = &lower.Float64
		}
		if upper.Valid {
			o.Upper = &upper.Float64
		}
		if err := fn(&o); err != nil {
			return err
		}
	}
	return rows.Err()
}
