package analytics

import (
	"context"
	"fmt"

	"github.com/peil-dev/peil"
)

// ReportWarnings returns what the extraction found wrong with the table of
// stored report id (peil.Extraction.Warnings, table report_warnings), in the
// order found; none for an unknown report.
func (db *DB) ReportWarnings(ctx context.Context, id int64) ([]peil.Warning, error) {
	ctx, done := db.reading(ctx)
	defer done()
	rows, err := db.sql.QueryContext(ctx, `SELECT line, coalesce(page, 0), message FROM report_warnings WHERE report = ? ORDER BY seq`, id)
	if err != nil {
		return nil, fmt.Errorf("warnings of report %d: %w", id, err)
	}
	defer rows.Close()
	out := []peil.Warning{}
	for rows.Next() {
		var w peil.Warning
		if err := rows.Scan(&w.Line, &w.Page, &w.Message); err != nil {
			return nil, fmt.Errorf("warnings of report %d: %w", id, err)
		}
		out = append(out, w)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("warnings of report %d: %w", id, err)
	}
	return out, nil
}
