package analytics

import (
	"context"

	"github.com/peil-dev/peil"
)

// ReportWarnings returns what the extraction found wrong with the table of
// stored report id (peil.Extraction.Warnings, table report_warnings), in the
// order found; none for an unknown report.
func (db *DB) ReportWarnings(ctx context.Context, id int64) (_ []peil.Warning, err error) {
	defer peil.Wrap(&err, "warnings of report %d", id)
	ctx, done := db.reading(ctx)
	defer done()
	rows, err := db.sql.QueryContext(ctx, `SELECT line, coalesce(page, 0), message FROM report_warnings WHERE report = ? ORDER BY seq`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []peil.Warning{}
	for rows.Next() {
		var w peil.Warning
		if err := rows.Scan(&w.Line, &w.Page, &w.Message); err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, nil
}
