package analytics

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"strings"

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
		ba = &peil.BeforeAfter{Event: ev, Effects: []peil.Effect{}}
		for _, ind := range inds {
			obs, err := seriesObservations(ctx, conn, ind)
			if err != nil {
				return err
			}
			ba.Effects = append(ba.Effects, Effect(ind, ev.Date, Points(obs)))
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

// Effect splits the points of an indicator at date: points whose period ends
// on or before it are before, later ones after. The rate per month of a side
// is, for a flow, its total divided by the months its periods cover, and
// otherwise the change from its first to its last point per month between
// them; nil when the side has fewer than two points.
func Effect(ind peil.Indicator, date peil.Date, points []peil.Point) peil.Effect {
	e := peil.Effect{Indicator: ind, Before: []peil.Point{}, After: []peil.Point{}}
	for _, p := range points {
		if p.PeriodEnd.After(date.Time) {
			e.After = append(e.After, p)
		} else {
			e.Before = append(e.Before, p)
		}
	}
	e.RateBefore = rate(ind.Kind, e.Before)
	e.RateAfter = rate(ind.Kind, e.After)
	e.Statement = effectStatement(ind, date, e)
	return e
}

// rate is the rate per month of points; see Effect.
func rate(kind peil.Kind, points []peil.Point) *float64 {
	if len(points) < 2 {
		return nil
	}
	var r float64
	if kind == peil.KindFlow {
		var total, months float64
		for _, p := range points {
			if p.PeriodStart.IsZero() {
				continue
			}
			total += p.Value
			months += MonthsBetween(p.PeriodStart, peil.DateOf(p.PeriodEnd.AddDate(0, 0, 1)))
		}
		if months <= 0 {
			return nil
		}
		r = total / months
	} else {
		first, last := points[0], points[len(points)-1]
		months := MonthsBetween(first.PeriodEnd, last.PeriodEnd)
		if months <= 0 {
			return nil
		}
		r = (last.Value - first.Value) / months
	}
	if math.IsNaN(r) || math.IsInf(r, 0) {
		return nil
	}
	return &r
}

// effectStatement says in plain Dutch what the points show.
func effectStatement(ind peil.Indicator, date peil.Date, e peil.Effect) string {
	when := peil.FormatDate(date)
	unit := ind.Unit
	if unit == "" {
		unit = "eenheden"
	}
	what := "toename"
	if ind.Kind == peil.KindFlow {
		what = "gemiddeld"
	}
	side := func(label string, points []peil.Point, r *float64) string {
		switch {
		case len(points) == 0:
			return fmt.Sprintf("%s %s zijn er geen punten", label, when)
		case r == nil && len(points) == 1:
			return fmt.Sprintf("%s %s is er 1 punt, te weinig om een tempo te berekenen", label, when)
		case r == nil:
			return fmt.Sprintf("%s %s zijn er %d punten, maar zonder tijd ertussen is er geen tempo te berekenen",
				label, when, len(points))
		}
		return fmt.Sprintf("%s %s: %s %s %s per maand (%d punten)", label, when, what,
			peil.FormatNumber(*r), unit, len(points))
	}
	parts := []string{
		side("Tot en met", e.Before, e.RateBefore),
		side("na", e.After, e.RateAfter),
	}
	s := strings.Join(parts, "; ") + "."
	if e.RateBefore != nil && e.RateAfter != nil {
		switch a, b := math.Round(*e.RateAfter*100), math.Round(*e.RateBefore*100); {
		case a > b:
			s += " Het tempo ligt na de gebeurtenis hoger."
		case a < b:
			s += " Het tempo ligt na de gebeurtenis lager."
		default:
			s += " Het tempo is gelijk gebleven."
		}
	} else {
		s += " Over het effect van de gebeurtenis valt daarom nog niets te zeggen."
	}
	return s
}
