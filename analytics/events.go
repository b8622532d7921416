package analytics

import (
	"context"

	"fmt"

	"github.com/peil-dev/peil"
)

const eventsSQL = `SELECT e.id, e.measure, e.date, e.precision, e.type, e.label, e.sentence, e.line, e.report,
       coalesce(e.page, 0)
FROM events e`

// Events lists the events of a measure (0: of all measures), by date.
func (db *DB) Events(ctx context.Context, measure int) ([]peil.Event, error) {
	ctx, done := db.reading(ctx)
	defer done()
	out, err := queryEvents(ctx, db.sql, eventsSQL+` WHERE ? = 0 OR e.measure = ? ORDER BY e.date, e.measure, e.id`,
		measure, measure)
	if err != nil {
		return nil, fmt.Errorf("events: %w", err)
	}
	return out, nil
}

// event returns one event; ENOTFOUND when unknown.
func event(ctx context.Context, q querier, id int64) (peil.Event, error) {
	out, err := queryEvents(ctx, q, eventsSQL+` WHERE e.id = ?`, id)
	if err != nil {
		return peil.Event{}, err
	}
	if len(out) == 0 {
		return peil.Event{}, peil.Errorf(peil.ENOTFOUND, "gebeurtenis %d niet gevonden", id)
	}
	return out[0], nil
}

func queryEvents(ctx context.Context, q querier, query string, args ...any) ([]peil.Event, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []peil.Event{}
	for rows.Next() {
		var e peil.Event
		var prec, typ string
		if err := rows.Scan(&e.ID, &e.Measure, &e.Date, &prec, &typ, &e.Label, &e.Sentence, &e.Line, &e.Report, &e.Page); err != nil {
			return nil, err
		}
		e.Precision, e.Type = peil.Precision(prec), peil.EventType(typ)
		out = append(out, e)
	}
	return out, rows.Err()
}
