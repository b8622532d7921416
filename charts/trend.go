package charts

import (
	"html/template"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/peil-dev/peil"
)

// Trend draws a series over time: a line through all points, each point marked
// by how exact it is (exact solid, circa hollow, lower bounds as triangles,
// upper bounds as triangles pointing down, derived values as grey hollow
// diamonds; a legend entry for each that occurs), the events of the
// indicator's measure as labelled vertical lines, a tooltip per point with the
// value as the report wrote it, and a PNG download.
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
	lo, hi := span(points, s.Events)

	line := charts.NewLine()
	line.SetGlobalOptions(
		charts.WithAnimation(false),
		charts.WithToolboxOpts(toolbox(fileName("peil", s.Indicator.ID))),
		charts.WithGridOpts(opts.Grid{Left: "24", Right: "40", Top: "48", Bottom: "40", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(timeAxis(lo, hi)),
		charts.WithYAxisOpts(valueAxis(s.Indicator)),
	)

	// The line itself carries no symbols; the marked points are drawn on top
	// of it by one scatter series per marker, so the legend explains them.
	path := make([]item, len(points))
	groups := map[marker][]item{}
	for i, p := range points {
		path[i] = item{Value: [2]any{pointDate(p).String(), p.Value}}
		groups[markerOf(p)] = append(groups[markerOf(p)], pointItem(label, p, 10, cfg.titles))
	}
	line.AddSeries(label, nil,
		setData(path),
		charts.WithLineChartOpts(opts.LineChart{Symbol: "none", ShowSymbol: opts.Bool(false)}),
		charts.WithLineStyleOpts(opts.LineStyle{Color: colorMain, Width: 2}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: colorMain}),
		withEvents(s.Events, eventLabelWide),
	)
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
		)
	}

	line.SetGlobalOptions(charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Bottom: "0", Data: legend}))

	return snippet(frame{class: "chart-trend", width: "100%", height: "360px", label: "Verloop van " + label},
		chartOptions(line, tooltip()))
}

// Sparkline draws a series as a tiny line without axes, with the latest point
// marked; for tables such as the overview.
func Sparkline(s *peil.Series) template.HTML {
	if s == nil {
		return noData("chart-sparkline")
	}
	points := dated(s.Points)
	if len(points) == 0 {
		return noData("chart-sparkline")
	}
	label := labelOf(s.Indicator)
	last := points[len(points)-1]

	line := charts.NewLine()
	line.SetGlobalOptions(
		charts.WithAnimation(false),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithGridOpts(opts.Grid{Left: "4", Right: "4", Top: "4", Bottom: "4"}),
		charts.WithXAxisOpts(opts.XAxis{Type: "time", Show: opts.Bool(false)}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Show: opts.Bool(false), Scale: opts.Bool(true)}),
	)
	data := make([]item, len(points))
	for i, p := range points {
		data[i] = item{Value: [2]any{pointDate(p).String(), p.Value}, Symbol: "none"}
	}
	data[len(data)-1].Symbol = "circle"
	data[len(data)-1].SymbolSize = 5
	line.AddSeries(label, nil,
		setData(data),
		charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(true)}),
		charts.WithLineStyleOpts(opts.LineStyle{Color: colorMain, Width: 1.5}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: colorMain}),
	)

	desc := "Verloop van " + label + "; laatste waarde " + shownValue(last, s.Indicator.Unit) +
		" (" + periodNL(last.PeriodStart, last.PeriodEnd) + ")"
	return snippet(frame{class: "chart-sparkline", width: "120px", height: "32px", label: desc},
		chartOptions(line, opts.Tooltip{Show: opts.Bool(false)}))
}
