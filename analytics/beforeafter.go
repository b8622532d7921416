package analytics

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/peil-dev/peil"
)

// BeforeAfter sets each indicator of an event's measure against the event:
// its points up to and including the event date (before) and after it, the
// rate per month on each side and a plain Dutch statement, also when a side
// has fewer than two points. ENOTFOUND when the event is unknown.
func (db *DB) BeforeAfter(ctx context.Context, eventID int64) (*peil.BeforeAfter, error) {
	ctx, done := db.reading(ctx)
	defer done()
	var ba *peil.BeforeAfter
	err := db.inTx(ctx, func(conn *sql.Conn) error {
		ev, err := event(ctx, conn, eventID)
		if err != nil {
			return err
		}
		inds, err := queryIndicators(ctx, conn, indicatorsSQL+`
			WHERE i.measure = ? AND EXISTS (SELECT 1 FROM observations o WHERE o.indicator = i.id)
			ORDER BY i.id`, ev.Measure)
		if err != nil {
			return err
		}
		others, err := queryEvents(ctx, conn, eventsSQL+` WHERE e.measure = ? AND e.id <> ? ORDER BY e.date, e.id`,
			ev.Measure, ev.ID)
		if err != nil {
			return err
		}
		ba = &peil.BeforeAfter{Event: ev, Effects: []peil.Effect{}}
		if len(inds) == 0 {
			return nil
		}
		ids := make([]peil.IndicatorID, len(inds))
		for i, ind := range inds {
			ids[i] = ind.ID
		}
		series, err := querySeries(ctx, conn, ids) // the reader of Series, in this snapshot
		if err != nil {
			return err
		}
		for i, s := range series {
			ba.Effects = append(ba.Effects, peil.EffectOf(inds[i], ev.Date, s.Points, others...))
		}
		return nil
	})
	if err != nil {
		if peil.ErrorCode(err) == peil.ENOTFOUND {
			return nil, err
		}
		return nil, fmt.Errorf("before/after event %d: %w", eventID, err)
	}
	return ba, nil
}
