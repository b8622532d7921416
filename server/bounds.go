package server

import (
	"context"
	"html"
	"html/template"
	"strconv"
	"strings"

	"github.com/peil-dev/peil"
)

// Bounds of a page: what a page shows grows with the reports only up to
// these, whatever the database holds, so that a page of a store of 1,000
// reports is about as big as one of 100. Beyond them a page says what it left
// out and where the rest is (an earlier period with van and tot, the
// workbook, the CSV, the API). README, section Reliability, lists them.
const (
	// maxChartPoints is how many points a trend or increments chart and
	// the statements table of an indicator page show: the latest ones of
	// the chosen period.
	maxChartPoints = 120
	// maxStatementRows caps the statements table of an indicator page
	// (one point can have a statement from every report that restated it).
	maxStatementRows = 300
	// maxSparkPoints is how many points a sparkline of the overview draws,
	// evenly spread over the series, its latest value always among them.
	maxSparkPoints = 60
	// maxTimelineEntries is how many entries the status timeline of a
	// measure page shows: the first text and every change, runs of
	// unchanged texts folded into one line each; the latest ones.
	maxTimelineEntries = 40
	// maxEvents is how many events a measure page lists (the latest of the
	// chosen period), and maxEventCharts how many of those, the latest,
	// get a before/after chart.
	maxEvents      = 50
	maxEventCharts = 5
	// maxEffectPoints is how many points a before/after chart shows on
	// each side of its event: those nearest to it.
	maxEffectPoints = 12
)

// count writes a count the Dutch way (1.000).
func count(n int) string { return peil.FormatNumber(float64(n)) }

// chartWindow returns s with at most maxChartPoints points, the latest, and
// the increments and events (at most maxEvents) from the first of them on; shown and total are
// the points shown and the points s has. s itself is not changed.
func chartWindow(s *peil.Series) (w *peil.Series, shown, total int) {
	if s == nil {
		return s, 0, 0
	}
	out := *s
	if len(s.Points) > maxChartPoints {
		out.Points = s.Points[len(s.Points)-maxChartPoints:]
		first := pointEnd(out.Points[0])
		out.Increments, out.Events = nil, nil
		for _, in := range s.Increments {
			if !in.From.Before(first.Time) {
				out.Increments = append(out.Increments, in)
			}
		}
		for _, ev := range s.Events {
			if !ev.Date.Before(first.Time) {
				out.Events = append(out.Events, ev)
			}
		}
	}
	if n := len(out.Events); n > maxEvents {
		out.Events = out.Events[n-maxEvents:]
	}
	return &out, len(out.Points), len(s.Points)
}

// windowNote says under a chart that it shows the latest shown of total
// points, and where the others are; empty when it shows them all.
func windowNote(w *peil.Series, shown, total int, csv string) template.HTML {
	if shown >= total || w == nil || len(w.Points) == 0 {
		return ""
	}
	return template.HTML(`<p class="note bound">De grafiek toont de laatste ` + count(shown) + ` van ` + count(total) +
		` punten (vanaf ` + html.EscapeString(peil.FormatDate(pointEnd(w.Points[0]))) +
		`). Kies een eerdere periode met Van en Tot, of download <a href="` + html.EscapeString(csv) + `">alle waarnemingen als CSV</a>.</p>`)
}

// sparkSeries returns s with at most about maxSparkPoints points for a
// sparkline: evenly spread, with the first, the last, the latest value
// (Series.Latest) and the last few expectations among them. A point kept
// after left-out ones has a gap before it when any of them had (Point.Gap).
// s itself is not changed.
func sparkSeries(s *peil.Series) *peil.Series {
	if s == nil || len(s.Points) <= maxSparkPoints {
		return s
	}
	n := len(s.Points)
	keep := make([]bool, n)
	for k := range maxSparkPoints {
		keep[k*(n-1)/(maxSparkPoints-1)] = true
	}
	l := s.Latest() // a point of s.Points
	for i := range s.Points {
		keep[i] = keep[i] || &s.Points[i] == l
	}
	for i, expected := n-1, 0; i >= 0 && expected < 5; i-- {
		if s.Points[i].Expected {
			keep[i], expected = true, expected+1
		}
	}
	out := *s
	out.Points = make([]peil.Point, 0, maxSparkPoints+6)
	gap := false
	for i, p := range s.Points {
		gap = gap || p.Gap
		if !keep[i] {
			continue
		}
		p.Gap, gap = gap, false
		out.Points = append(out.Points, p)
	}
	return &out
}

// timeline returns the status texts of a measure in the period as its page
// shows them: the first, then each one that differs from the one before; a run of
// reports that repeat the text is one fold entry. Of these entries the
// latest maxTimelineEntries are kept; earlier is the number of reports
// whose entries were left out.
func timeline(statuses []peil.MeasureStatus, pr period, names reportNames) (rows []statusRow, earlier int) {
	var fold *statusRow
	first := true
	for i, st := range statuses {
		if !pr.contains(st.ReportDate) {
			continue
		}
		if !first && st.Status == statuses[i-1].Status {
			if fold == nil {
				rows = append(rows, statusRow{})
				fold = &rows[len(rows)-1]
				fold.FoldFrom = st.ReportDate
			}
			fold.Unchanged++
			fold.FoldTo = st.ReportDate
			continue
		}
		fold = nil
		name := names.of(st.Report, st.ReportDate)
		rows = append(rows, statusRow{
			MeasureStatus: st,
			ReportName:    name,
			NameHasDate:   strings.Contains(name, peil.FormatDate(st.ReportDate)),
			Citation:      peil.CiteBeside(names.report(st.Report, st.ReportDate), st.Page, st.Line),
			Changed:       i > 0 && st.Status != statuses[i-1].Status,
		})
		first = false
	}
	if len(rows) <= maxTimelineEntries {
		return rows, 0
	}
	cut := len(rows) - maxTimelineEntries
	for _, r := range rows[:cut] {
		earlier += max(r.Unchanged, 1) // a fold stands for its reports
	}
	return rows[cut:], earlier
}

// eventViews returns the events of a measure page: those in the period, at
// most maxEvents (the latest), the latest maxEventCharts of them with a
// before/after chart whose sides show at most maxEffectPoints points each.
// earlier is the number of events in the period left out.
func (s *Server) eventViews(ctx context.Context, events []peil.Event, pr period, titles map[int64]string) (views []eventView, earlier int, err error) {
	var in []peil.Event
	for _, ev := range events {
		if pr.contains(ev.Date) {
			in = append(in, ev)
		}
	}
	if len(in) > maxEvents {
		earlier = len(in) - maxEvents
		in = in[earlier:]
	}
	for i, ev := range in {
		v := eventView{Event: ev}
		if i >= len(in)-maxEventCharts {
			ba, err := s.db.BeforeAfter(ctx, ev.ID)
			if err != nil {
				return nil, 0, err
			}
			trimmed := trimEffects(ba)
			v.Chart, v.Effects = s.charts.BeforeAfter(ba, peil.ChartOptions{ReportTitles: titles}), ba.Effects
			if trimmed {
				v.Chart += template.HTML(`<p class="note bound">Elke grafiek toont de ` + strconv.Itoa(maxEffectPoints) +
					` punten het dichtst bij de gebeurtenis aan elke kant; de zin eronder telt alle punten.</p>`)
			}
		}
		views = append(views, v)
	}
	return views, earlier, nil
}

// trimEffects keeps the maxEffectPoints points nearest to the event on each
// side of every effect of ba and reports whether it left any out. The
// effects' rates and statements, computed from all points, stay.
func trimEffects(ba *peil.BeforeAfter) bool {
	trimmed := false
	for i := range ba.Effects {
		e := &ba.Effects[i]
		if n := len(e.Before); n > maxEffectPoints {
			e.Before, trimmed = e.Before[n-maxEffectPoints:], true
		}
		if len(e.After) > maxEffectPoints {
			e.After, trimmed = e.After[:maxEffectPoints], true
		}
	}
	return trimmed
}
