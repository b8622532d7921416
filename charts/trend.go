package charts

import (
	"html"
	"html/template"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/peil-dev/peil"
)

// Trend draws a series over time. A level (a stock, a running total, a
// rating) sits at its date, joined to the next by a line; the line is broken
// where a report in between said nothing about the indicator (Point.Gap) and
// dashed towards an expectation. A count or amount over a period (a flow, money
// for a year) is a bar over its period, never a point at its end. Each point
// is marked by how exact it is (exact solid, circa hollow, lower bounds as
// triangles, upper bounds as triangles pointing down, derived values as grey
// hollow diamonds, expectations hollow with a dashed edge; a legend entry for
// each that occurs), the events of the indicator's measure are numbered
// vertical lines listed under the chart, a tooltip per point gives the value
// as the report wrote it, and the chart carries its title, unit, sources and
// date for its PNG download.
func Trend(s *peil.Series, options ...Option) template.HTML {
	cfg := configOf(options)
	if s == nil {
		return noData("chart-trend")
	}
	points := dated(s.Points)
	if len(points) == 0 {
		return noData("chart-trend")
	}
	label := labelOf(s.Indicator)
	spans := overPeriod(s.Indicator.Kind)
	extent := points // the axis takes in the periods of bars too
	for _, p := range points {
		if spans && hasSpan(p) {
			extent = append(extent[:len(extent):len(extent)], peil.Point{PeriodEnd: p.PeriodStart})
		}
	}
	lo, hi := span(cfg.extent(extent), s.Events)
	values := make([]float64, len(points))
	for i, p := range points {
		values[i] = p.Value
	}

	line := charts.NewLine()
	line.SetGlobalOptions(
		charts.WithAnimation(false),
		charts.WithTitleOpts(chartTitle(label, s.Indicator.Unit, sourcesOf(points, cfg.titles))),
		charts.WithToolboxOpts(toolbox(fileName("peil", s.Indicator.ID))),
		charts.WithGridOpts(opts.Grid{Left: "24", Right: "40", Top: "72", Bottom: "40", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(timeAxis(lo, hi)),
		charts.WithYAxisOpts(valueAxis(s.Indicator, values)),
	)

	var bars []spanItem
	var solid, dashed []item
	groups := map[marker][]item{}
	prev := -1 // the previous point on the line
	gaps, expected := false, false
	for i, p := range points {
		at := pointDate(p)
		if spans && hasSpan(p) {
			bars = append(bars, spanOf(label, p, cfg.titles))
			at = midDate(p.PeriodStart, p.PeriodEnd)
		} else if !spans {
			if prev >= 0 {
				gaps = gaps || p.Gap
				solid, dashed = join(solid, dashed, points[prev], p, at)
			}
			prev = i
		}
		expected = expected || p.Expected
		groups[markerOf(p)] = append(groups[markerOf(p)], pointItem(label, p, at, 10, cfg.titles))
	}

	// The events go on the first series; the line and bars carry no symbols:
	// the marked points are drawn on top of them by one scatter series per
	// marker, so the legend explains them.
	events := withEvents(s.Events)
	if len(bars) > 0 {
		line.AddSeries("Over de periode", nil, setData(bars), events, spanSeries())
		events = func(*charts.SingleSeries) {}
	}
	if addLines(line, label, 2, solid, dashed, events) {
		events = func(*charts.SingleSeries) {}
	}
	var legend []string // the markers only: the line is what the page is about
	for _, m := range markers {
		items := groups[m]
		if len(items) == 0 {
			continue
		}
		legend = append(legend, m.name)
		line.AddSeries(m.name, nil,
			setData(items),
			charts.WithSeriesOpts(func(ss *charts.SingleSeries) {
				ss.Type = scatter
				ss.Symbol = m.symbol
				ss.SymbolSize = 10
			}),
			charts.WithItemStyleOpts(opts.ItemStyle{Color: m.color}),
			events,
		)
		events = func(*charts.SingleSeries) {}
	}
	line.SetGlobalOptions(charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Bottom: "0", Data: legend}))

	var notes []string
	if len(bars) > 0 {
		notes = append(notes, "Een balk is een aantal of bedrag over de hele periode waarover het gaat, van begin tot eind.")
	}
	if gaps {
		notes = append(notes, "Een onderbroken lijn: een rapportage daartussen noemde geen waarde.")
	}
	if expected {
		notes = append(notes, "Open punten met een gestreepte rand zijn verwachtingen (in de toekomende tijd geschreven), geen bereikte waarden.")
	}
	return snippet(frame{class: "chart-trend", width: "100%", height: "380px", label: "Verloop van " + label},
		chartOptions(line, tooltip()), chartNotes(notes), eventList(s.Events))
}

// overPeriod reports whether an indicator of kind k counts over a period (a
// flow, money for a year), so that its points are drawn over their periods.
func overPeriod(k peil.Kind) bool { return k == peil.KindFlow || k == peil.KindAmount }

// hasSpan reports whether p covers a period: a start before its end.
func hasSpan(p peil.Point) bool {
	return !p.PeriodStart.IsZero() && !p.PeriodEnd.IsZero() && p.PeriodStart.Before(p.PeriodEnd.Time)
}

// midDate is the day halfway from a to b.
func midDate(a, b peil.Date) peil.Date { return peil.DateOf(a.Add(b.Sub(a.Time) / 2)) }

// spanOf is the bar of a point over its period: pale for an approximate
// value, dashed for an expectation.
func spanOf(label string, p peil.Point, titles map[int64]string) spanItem {
	st := &itemStyle{Color: colorSpan, Opacity: 0.55, BorderColor: colorMain, BorderWidth: 1}
	if p.Qualifier.Approximate() || p.Source == peil.SourceDerived {
		st.Opacity = 0.3
	}
	if p.Expected {
		st.Color, st.Opacity, st.BorderColor, st.BorderType = colorExpected, 0.2, colorExpected, "dashed"
	}
	return spanItem{Value: [3]any{p.PeriodStart.String(), p.PeriodEnd.String(), p.Value}, ItemStyle: st,
		Tip: pointTip(label, p, titles)}
}

// spanSeries makes a series a span series: bars over periods (renderSpan),
// their start and end on the time axis.
func spanSeries() charts.SeriesOpts {
	return func(ss *charts.SingleSeries) {
		ss.Type = "custom"
		ss.RenderItem = renderSpan
		ss.Encode = &opts.Encode{X: []int{0, 1}, Y: 2}
	}
}

// chartNotes writes notes under a chart; "" for none.
func chartNotes(notes []string) string {
	if len(notes) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString(`<p class="chart-notes">`)
	for i, n := range notes {
		if i > 0 {
			b.WriteString(" ")
		}
		b.WriteString(html.EscapeString(n))
	}
	b.WriteString(`</p>`)
	return b.String()
}

// Sparkline draws a series as a tiny line without axes, with the latest
// value reached marked; for tables such as the overview. It tells time as
// Trend does: the line breaks at a gap (a report in between said nothing), an
// expectation (a figure in the future tense) is a hollow point reached by a
// dashed line, never the marked latest value.
func Sparkline(s *peil.Series) template.HTML {
	if s == nil {
		return noData("chart-sparkline")
	}
	points := dated(s.Points)
	if len(points) == 0 {
		return noData("chart-sparkline")
	}
	label := labelOf(s.Indicator)

	line := charts.NewLine()
	line.SetGlobalOptions(
		charts.WithAnimation(false),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithGridOpts(opts.Grid{Left: "4", Right: "4", Top: "4", Bottom: "4"}),
		charts.WithXAxisOpts(opts.XAxis{Type: "time", Show: opts.Bool(false)}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Show: opts.Bool(false), Scale: opts.Bool(true)}),
	)
	var solid, dashed, marks []item
	latest := -1 // the latest value reached, in date order
	for i, p := range points {
		if !p.Expected {
			latest = i
		}
		if i == 0 {
			continue
		}
		solid, dashed = join(solid, dashed, points[i-1], p, pointDate(p))
	}
	for i, p := range points {
		switch {
		case p.Expected:
			marks = append(marks, item{Value: [2]any{pointDate(p).String(), p.Value}, Symbol: "emptyCircle", SymbolSize: 5,
				ItemStyle: &itemStyle{Color: colorExpected, BorderColor: colorExpected, BorderType: "dashed", BorderWidth: 1}})
		case i == latest:
			marks = append(marks, item{Value: [2]any{pointDate(p).String(), p.Value}, Symbol: "circle", SymbolSize: 5,
				ItemStyle: &itemStyle{Color: colorMain}})
		case (i == 0 || points[i-1].Gap || points[i].Gap) && (i+1 == len(points) || points[i+1].Gap):
			// A point joined to nothing would be invisible without a mark.
			marks = append(marks, item{Value: [2]any{pointDate(p).String(), p.Value}, Symbol: "circle", SymbolSize: 3,
				ItemStyle: &itemStyle{Color: colorMain}})
		}
	}
	addLines(line, label, 1.5, solid, dashed, nil)
	line.AddSeries(label, nil, setData(marks), charts.WithSeriesOpts(func(ss *charts.SingleSeries) { ss.Type = scatter }))

	desc := "Verloop van " + label
	if latest >= 0 {
		last := points[latest]
		desc += "; laatste waarde " + shown(last, s.Indicator.Unit)
	}
	for _, p := range points[latest+1:] {
		desc += "; " + peil.ExpectedNL + " " + shown(p, s.Indicator.Unit)
	}
	return snippet(frame{class: "chart-sparkline", width: "120px", height: "32px", label: desc},
		chartOptions(line, opts.Tooltip{Show: opts.Bool(false)}))
}

// shown is a point's value as a page shows it, with its period in brackets.
func shown(p peil.Point, unit string) string {
	return peil.FormatShown(p.Qualifier, p.Source, p.Value, unit, p.Lower, p.Upper) +
		" (" + peil.FormatPeriod(p.PeriodStart, p.PeriodEnd) + ")"
}

// join adds the segment from a to p (p drawn at date at) to the solid or the
// dashed line: none across a gap (a report in between said nothing), dashed
// when either end is an expectation. A segment is its two ends and a break.
func join(solid, dashed []item, a, p peil.Point, at peil.Date) ([]item, []item) {
	seg := []item{{Value: [2]any{pointDate(a).String(), a.Value}}, {Value: [2]any{at.String(), p.Value}}, {Value: [2]any{at.String(), "-"}}}
	switch {
	case p.Gap:
	case a.Expected || p.Expected:
		dashed = append(dashed, seg...)
	default:
		solid = append(solid, seg...)
	}
	return solid, dashed
}

// addLines adds the solid and the dashed line (see join) as line series
// without symbols, of the given width; first (when not nil) goes on the first
// series added. It reports whether it added any.
func addLines(line *charts.Line, label string, width float32, solid, dashed []item, first charts.SeriesOpts) bool {
	added := false
	for _, run := range []struct {
		data []item
		dash string
	}{{solid, "solid"}, {dashed, "dashed"}} {
		if len(run.data) == 0 {
			continue
		}
		o := []charts.SeriesOpts{setData(run.data),
			charts.WithLineChartOpts(opts.LineChart{Symbol: "none", ShowSymbol: opts.Bool(false), ConnectNulls: opts.Bool(false)}),
			charts.WithLineStyleOpts(opts.LineStyle{Color: colorMain, Width: width, Type: run.dash}),
			charts.WithItemStyleOpts(opts.ItemStyle{Color: colorMain})}
		if first != nil && !added {
			o = append(o, first)
		}
		line.AddSeries(label, nil, o...)
		added = true
	}
	return added
}
