package analytics

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/peil-dev/peil"
)

// Statuses lists the status texts of every measure in every report that
// describes it, in one query: by measure, then report date ascending (as
// MeasureStatuses gives them for one measure).
func (db *DB) Statuses(ctx context.Context) ([]peil.MeasureStatus, error) {
	rows, err := db.sql.QueryContext(ctx, `
		SELECT s.measure, s.report, r.report_date, s.status
		FROM measure_status s JOIN reports r ON r.id = s.report
		ORDER BY s.measure, r.report_date, r.id, s.line`)
	if err != nil {
		return nil, fmt.Errorf("statuses: %w", err)
	}
	defer rows.Close()
	out := []peil.MeasureStatus{}
	for rows.Next() {
		var s peil.MeasureStatus
		var date sql.NullTime
		if err := rows.Scan(&s.Measure, &s.Report, &date, &s.Status); err != nil {
			return nil, fmt.Errorf("statuses: %w", err)
		}
		s.ReportDate = dateOf(date)
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("statuses: %w", err)
	}
	return out, nil
}
