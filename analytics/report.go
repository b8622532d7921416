package analytics

import (
	"context"

	"github.com/peil-dev/peil"
)

// ReportObservations returns what report id stated: its observations (derived
// ones included, as they carry the report), by measure and line. Current is
// not set. An unknown id gives none; callers check the id against Reports.
func (db *DB) ReportObservations(ctx context.Context, id int64) (_ []peil.Observation, err error) {
	defer peil.Wrap(&err, "observations of report %d", id)
	ctx, done := db.reading(ctx)
	defer done()
	rows, err := db.sql.QueryContext(ctx, observationsSQL+"\nWHERE report = ?\nORDER BY measure, line, id", id)
	if err != nil {
		return nil, err
	}
	out := []peil.Observation{}
	if err := scanObservations(rows, func(o *peil.Observation) error {
		out = append(out, *o)
		return nil
	}); err != nil {
		return nil, err
	}
	return out, nil
}
