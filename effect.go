package peil

import (
	"fmt"
	"math"
	"strings"
)

// EffectOf splits the points of an indicator at date: points whose period ends
// on or before it are before, later ones after. The rate per month of a side
// is, for a flow, its total divided by the months its periods cover, and
// otherwise the change from its first to its last point per month between
// them; nil when the side has fewer than two points. Expectations are drawn
// but not counted. The statement names the points on each side and the
// other events of the measure (others) between the first point and the last,
// and compares the rates only with at least minVerdictPoints on each side.
func EffectOf(ind Indicator, date Date, points []Point, others ...Event) Effect {
	e := Effect{Indicator: ind, Before: []Point{}, After: []Point{}}
	for _, p := range points {
		if p.PeriodEnd.After(date.Time) {
			e.After = append(e.After, p)
		} else {
			e.Before = append(e.Before, p)
		}
	}
	e.RateBefore = rate(ind.Kind, reached(e.Before))
	e.RateAfter = rate(ind.Kind, reached(e.After))
	e.Statement = effectStatement(ind, date, e, within(others, points))
	return e
}

// minVerdictPoints is how many reached points each side of an event needs
// before the statement compares their rates: fewer say too little.
const minVerdictPoints = 3

// reached returns the points that are not expectations.
func reached(points []Point) []Point {
	var out []Point
	for _, p := range points {
		if !p.Expected {
			out = append(out, p)
		}
	}
	return out
}

// within returns the events dated from the first point's period end to the
// last one's.
func within(events []Event, points []Point) []Event {
	if len(points) == 0 {
		return nil
	}
	first, last := points[0].PeriodEnd, points[0].PeriodEnd
	for _, p := range points {
		if p.PeriodEnd.Before(first.Time) {
			first = p.PeriodEnd
		}
		if p.PeriodEnd.After(last.Time) {
			last = p.PeriodEnd
		}
	}
	var out []Event
	for _, e := range events {
		if !e.Date.IsZero() && !e.Date.Before(first.Time) && !e.Date.After(last.Time) {
			out = append(out, e)
		}
	}
	return out
}

// rate is the rate per month of points; see EffectOf.
func rate(kind Kind, points []Point) *float64 {
	if len(points) < 2 {
		return nil
	}
	var r float64
	if kind == KindFlow {
		var total, months float64
		for _, p := range points {
			if p.PeriodStart.IsZero() {
				continue
			}
			total += p.Value
			months += MonthsBetween(p.PeriodStart, DateOf(p.PeriodEnd.AddDate(0, 0, 1)))
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

// effectStatement says in plain Dutch what the points show: the points and
// rate on each side, the other events in the window, and a description of
// how the rates compare only when each side has minVerdictPoints reached
// points; it never says the event caused the difference.
func effectStatement(ind Indicator, date Date, e Effect, others []Event) string {
	when := FormatDate(date)
	unit := ind.Unit
	if unit == "" {
		unit = "eenheden"
	}
	what := "toename"
	if ind.Kind == KindFlow {
		what = "gemiddeld"
	}
	count := func(n int) string {
		if n == 1 {
			return "1 punt"
		}
		return fmt.Sprintf("%d punten", n)
	}
	side := func(label string, points []Point, r *float64) string {
		n := len(reached(points))
		switch {
		case n == 0:
			return fmt.Sprintf("%s %s zijn er geen punten", label, when)
		case r == nil && n == 1:
			return fmt.Sprintf("%s %s is er 1 punt, te weinig om een tempo te berekenen", label, when)
		case r == nil:
			return fmt.Sprintf("%s %s zijn er %d punten, maar zonder tijd ertussen is er geen tempo te berekenen",
				label, when, n)
		}
		w, v := what, *r
		if w == "toename" && v < 0 { // a fall is an afname, not a toename of −3,67
			w, v = "afname", -v
		}
		return fmt.Sprintf("%s %s: %s %s %s per maand (%s)", label, when, w,
			FormatNumber(v), unit, count(n))
	}
	parts := []string{
		side("Tot en met", e.Before, e.RateBefore),
		side("na", e.After, e.RateAfter),
	}
	s := strings.Join(parts, "; ") + "."
	if len(others) > 0 {
		names := make([]string, len(others))
		for i, o := range others {
			names[i] = o.Label + " (" + FormatDate(o.Date) + ")"
		}
		s += " In dezelfde periode vallen ook andere gebeurtenissen van deze maatregel: " + strings.Join(names, "; ") + "."
	}
	nb, na := len(reached(e.Before)), len(reached(e.After))
	switch {
	case e.RateBefore != nil && e.RateAfter != nil && nb >= minVerdictPoints && na >= minVerdictPoints:
		switch a, b := math.Round(*e.RateAfter*100), math.Round(*e.RateBefore*100); {
		case a > b:
			s += " Het tempo ligt na " + when + " hoger dan ervoor."
		case a < b:
			s += " Het tempo ligt na " + when + " lager dan ervoor."
		default:
			s += " Het tempo is voor en na " + when + " gelijk."
		}
		s += " Dat beschrijft de cijfers; of de gebeurtenis de oorzaak is, zeggen ze niet."
	case e.RateBefore != nil && e.RateAfter != nil:
		s += fmt.Sprintf(" Met minder dan %d punten aan elke kant geeft Peil geen oordeel over het tempo.", minVerdictPoints)
	default:
		s += " Over het tempo voor en na valt daarom nog niets te zeggen."
	}
	return s
}
