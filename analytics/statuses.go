package analytics

import (
	"context"
	"fmt"

	"github.com/peil-dev/peil"
)

// Statuses lists the status texts of every measure in every report that
// describes it, in one query: by measure, then report date ascending (as
// MeasureStatuses gives them for one measure).
func (db *DB) Statuses(ctx context.Context) ([]peil.MeasureStatus, error) {
	ctx, done := db.reading(ctx)
	defer done()
	out, err := db.statuses(ctx, 0)
	if err != nil {
		return nil, fmt.Errorf("statuses: %w", err)
	}
	return out, nil
}

// statuses reads the status texts of measure nr, or of every measure for 0.
func (db *DB) statuses(ctx context.Context, nr int) ([]peil.MeasureStatus, error) {
	rows, err := db.sql.QueryContext(ctx, `
		SELECT s.measure, s.report, r.report_date, s.status, s.line, coalesce(s.page, 0)
		FROM measure_status s JOIN reports r ON r.id = s.report
		WHERE ? = 0 OR s.measure = ?
		ORDER BY s.measure, r.report_date, r.id, s.line`, nr, nr)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []peil.MeasureStatus{}
	for rows.Next() {
		var s peil.MeasureStatus
		if err := rows.Scan(&s.Measure, &s.Report, &s.ReportDate, &s.Status, &s.Line, &s.Page); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}
