package charts

import (
	"html/template"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/peil-dev/peil"
)

// overlayColors tell the indicators of an overlay apart (rijkshuisstijl
// tones that stay apart in grey too).
var overlayColors = []string{colorMain, "#e17000", "#39870c", "#a90061", "#007bc7", "#673327", "#8fcae7", "#ffb612"}

// Overlay draws several series of the same unit on one value axis: a line
// per indicator in its own colour, its points marked by how exact they are
// (as in Trend), a legend naming the indicators and a tooltip per point. The
// caller checks that the units agree; Overlay uses the first series' unit for
// the axis. Without drawable points it gives the "Geen gegevens" placeholder.
func Overlay(series []*peil.Series, options ...Option) template.HTML {
	cfg := configOf(options)
	type drawable struct {
		s   *peil.Series
		pts []peil.Point
	}
	var draw []drawable
	var all []peil.Point
	var values []float64
	var labels []string
	for _, s := range series {
		if s == nil {
			continue
		}
		labels = append(labels, labelOf(s.Indicator))
		if pts := dated(s.Points); len(pts) > 0 {
			draw = append(draw, drawable{s, pts})
			all = append(all, pts...)
			for _, p := range pts {
				values = append(values, p.Value)
			}
		}
	}
	if len(draw) == 0 {
		return noData("chart-overlay")
	}
	first := draw[0].s
	lo, hi := span(cfg.extent(all), nil)
	line := charts.NewLine()
	line.SetGlobalOptions(
		charts.WithAnimation(false),
		charts.WithTitleOpts(chartTitle(strings.Join(labels, " · "), first.Indicator.Unit, sourcesOf(all, cfg.titles))),
		charts.WithToolboxOpts(toolbox(fileName("peil-samen", first.Indicator.ID))),
		charts.WithGridOpts(opts.Grid{Left: "24", Right: "40", Top: "72", Bottom: "56", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(timeAxis(lo, hi)),
		charts.WithYAxisOpts(valueAxis(first.Indicator, values)),
	)
	var legend []string
	for n, d := range draw {
		label := labelOf(d.s.Indicator)
		color := overlayColors[n%len(overlayColors)]
		data := make([]item, len(d.pts))
		for i, p := range d.pts {
			data[i] = pointItem(label, p, pointDate(p), 9, cfg.titles)
			data[i].ItemStyle.Color = color
		}
		legend = append(legend, label)
		line.AddSeries(label, nil,
			setData(data),
			charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(true), ConnectNulls: opts.Bool(false)}),
			charts.WithLineStyleOpts(opts.LineStyle{Color: color, Width: 2}),
			charts.WithItemStyleOpts(opts.ItemStyle{Color: color}),
		)
	}
	line.SetGlobalOptions(charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Bottom: "0", Data: legend}))
	return snippet(frame{class: "chart-overlay", width: "100%", height: "400px", label: "Verloop van " + strings.Join(labels, ", ")},
		chartOptions(line, tooltip()))
}
