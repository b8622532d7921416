package analytics

import (
	"context"
	"fmt"

	"github.com/peil-dev/peil"
)

// measuresSQL selects every measure with the status of the latest report that
// describes it. The latest status row is chosen by its key alone (rowid) and
// only then joined for its text: ranking the rows with their texts made DuckDB
// hold every status text of the store at once (BENCHMARKS.md, "Figures from
// code comments").
const measuresSQL = `
WITH latest AS (
    SELECT s.measure, arg_max(s.rowid, (r.report_date, r.id)) AS row
    FROM measure_status s JOIN reports r ON r.id = s.report
    GROUP BY s.measure
)
SELECT m.nr, m.title, coalesce(m.cluster, ''), coalesce(s.status, ''), coalesce(s.line, 0)
FROM measures m
LEFT JOIN latest l ON l.measure = m.nr
LEFT JOIN measure_status s ON s.rowid = l.row`

// Measures lists every measure (the catalog's and any first seen in a report),
// by number, each with the status text of the latest report and its cluster.
func (db *DB) Measures(ctx context.Context) ([]peil.Measure, error) {
	ctx, done := db.reading(ctx)
	defer done()
	out, err := queryMeasures(ctx, db.sql, measuresSQL+` ORDER BY m.nr`)
	if err != nil {
		return nil, fmt.Errorf("measures: %w", err)
	}
	return out, nil
}

// Measure returns measure nr with its latest status; ENOTFOUND when unknown.
func (db *DB) Measure(ctx context.Context, nr int) (peil.Measure, error) {
	ctx, done := db.reading(ctx)
	defer done()
	out, err := queryMeasures(ctx, db.sql, measuresSQL+` WHERE m.nr = ?`, nr)
	if err != nil {
		return peil.Measure{}, fmt.Errorf("measure %d: %w", nr, err)
	}
	if len(out) == 0 {
		return peil.Measure{}, measureNotFound(nr)
	}
	return out[0], nil
}

func queryMeasures(ctx context.Context, q querier, query string, args ...any) ([]peil.Measure, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []peil.Measure{}
	for rows.Next() {
		var m peil.Measure
		if err := rows.Scan(&m.Nr, &m.Title, &m.Cluster, &m.Status, &m.Line); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// measureNotFound is the error for an unknown measure nr.
func measureNotFound(nr int) error {
	return peil.Errorf(peil.ENOTFOUND, "maatregel %d niet gevonden", nr)
}

// MeasureStatuses lists the status text of measure nr in every report that
// describes it, by report date ascending; ENOTFOUND when the measure is unknown.
func (db *DB) MeasureStatuses(ctx context.Context, nr int) (_ []peil.MeasureStatus, err error) {
	defer peil.WrapInternal(&err, "measure statuses %d", nr)
	ctx, done := db.reading(ctx)
	defer done()
	// Only whether the measure exists: Measure would also pick its latest
	// status, which is costly when called once per measure.
	var exists bool
	if err := db.sql.QueryRowContext(ctx, `SELECT count(*) > 0 FROM measures WHERE nr = ?`, nr).Scan(&exists); err != nil {
		return nil, err
	}
	if !exists {
		return nil, measureNotFound(nr)
	}
	return db.statuses(ctx, nr)
}

// Clusters lists the clusters by their first measure.
func (db *DB) Clusters(ctx context.Context) (_ []peil.Cluster, err error) {
	defer peil.Wrap(&err, "clusters")
	ctx, done := db.reading(ctx)
	defer done()
	rows, err := db.sql.QueryContext(ctx, `SELECT id, name, name_en, first_measure, last_measure
		FROM clusters ORDER BY first_measure, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []peil.Cluster{}
	for rows.Next() {
		var c peil.Cluster
		if err := rows.Scan(&c.ID, &c.Name, &c.NameEN, &c.First, &c.Last); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, nil
}
