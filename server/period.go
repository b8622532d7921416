package server

import (
	"github.com/gin-gonic/gin"

	"github.com/peil-dev/peil"
)

// period is the time range chosen on an indicator or measure page with van
// and tot (ISO dates): the points whose period ends in it, as the downloads'
// from and to select the same observations. The zero period is everything.
type period struct {
	From, To peil.Date
	Path     string // the page's path, for the link back to the whole period
}

// IsZero reports whether no range was chosen.
func (p period) IsZero() bool { return p.From.IsZero() && p.To.IsZero() }

// Whole is the page's address without a period.
func (p period) Whole() string { return p.Path }

// parsePeriod reads van and tot; tot before van is refused.
func parsePeriod(c *gin.Context) (period, error) {
	p := period{Path: c.Request.URL.Path}
	var err error
	if p.From, err = parseDate("van", c.Query("van")); err != nil {
		return p, err
	}
	if p.To, err = parseDate("tot", c.Query("tot")); err != nil {
		return p, err
	}
	if !p.From.IsZero() && !p.To.IsZero() && p.To.Before(p.From.Time) {
		return p, peil.Errorf(peil.EINVALID, "parameters van en tot: %s ligt na %s", peil.FormatDate(p.From), peil.FormatDate(p.To))
	}
	return p, nil
}

// contains reports whether d lies in the period.
func (p period) contains(d peil.Date) bool {
	return (p.From.IsZero() || !d.Before(p.From.Time)) && (p.To.IsZero() || !d.After(p.To.Time))
}

// filter returns the downloads' filter for the period.
func (p period) filter(f peil.Filter) peil.Filter {
	f.From, f.To = p.From, p.To
	return f
}

// clip returns s with only the points whose period ends in p (as exports
// select them), the increments between such points and the events in p. s
// itself is not changed.
func (p period) clip(s *peil.Series) *peil.Series {
	if p.IsZero() || s == nil {
		return s
	}
	out := *s
	out.Points, out.Increments, out.Events = nil, nil, nil
	for _, pt := range s.Points {
		if p.contains(pointEnd(pt)) {
			out.Points = append(out.Points, pt)
		}
	}
	for _, in := range s.Increments {
		if p.contains(in.From) && p.contains(in.To) {
			out.Increments = append(out.Increments, in)
		}
	}
	for _, ev := range s.Events {
		if p.contains(ev.Date) {
			out.Events = append(out.Events, ev)
		}
	}
	return &out
}

// pointEnd is the date a point stands for: the end of its period, else the
// date of the report that stated it.
func pointEnd(pt peil.Point) peil.Date {
	if !pt.PeriodEnd.IsZero() {
		return pt.PeriodEnd
	}
	return pt.ReportDate
}

// timeRange returns the chart options that give every chart of a page the
// same time axis: the chosen period where given, else from the first to the
// last date of all the series (points, the starts of counts over a period,
// and events).
func (p period) timeRange(series ...*peil.Series) peil.ChartOptions {
	lo, hi := p.From, p.To
	widen := func(d peil.Date) {
		if d.IsZero() {
			return
		}
		if p.From.IsZero() && (lo.IsZero() || d.Before(lo.Time)) {
			lo = d
		}
		if p.To.IsZero() && (hi.IsZero() || d.After(hi.Time)) {
			hi = d
		}
	}
	for _, s := range series {
		if s == nil {
			continue
		}
		// Counts and amounts over a period are drawn from its start, levels at their date.
		spans := s.Indicator.Kind == peil.KindFlow || s.Indicator.Kind == peil.KindAmount
		for _, pt := range s.Points {
			if spans {
				widen(pt.PeriodStart)
			}
			widen(pointEnd(pt))
		}
		for _, ev := range s.Events {
			widen(ev.Date)
		}
	}
	return peil.ChartOptions{From: lo, To: hi}
}
