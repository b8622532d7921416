package charts

import (
	"html/template"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/peil-dev/peil"
)

// BeforeAfter draws, for each indicator of the event's measure, its points
// before the event and after it, with the event as a labelled vertical line:
// one chart per effect, titled with the indicator.
func BeforeAfter(ba *peil.BeforeAfter, options ...Option) template.HTML {
	cfg := configOf(options)
	if ba == nil || len(ba.Effects) == 0 {
		return noData("chart-before-after")
	}
	var b strings.Builder
	for _, eff := range ba.Effects {
		b.WriteString(string(effectChart(ba.Event, eff, cfg)))
	}
	return template.HTML(b.String())
}

// effectChart is the before/after chart of one indicator.
func effectChart(ev peil.Event, eff peil.Effect, cfg config) template.HTML {
	label := labelOf(eff.Indicator)
	before, after := dated(eff.Before), dated(eff.After)
	if len(before)+len(after) == 0 {
		return placeholder("chart-before-after", "Geen gegevens voor "+label)
	}
	events := []peil.Event{ev}
	all := append(append([]peil.Point{}, before...), after...)
	lo, hi := span(all, events)
	values := make([]float64, len(all))
	for i, p := range all {
		values[i] = p.Value
	}

	line := charts.NewLine()
	line.SetGlobalOptions(
		charts.WithAnimation(false),
		charts.WithTitleOpts(chartTitle(label+" vóór en na "+ev.Label, eff.Indicator.Unit, sourcesOf(all, cfg.titles))),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Bottom: "0"}),
		charts.WithToolboxOpts(toolbox(fileName("peil-voor-na", eff.Indicator.ID))),
		charts.WithGridOpts(opts.Grid{Left: "24", Right: "40", Top: "72", Bottom: "40", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(timeAxis(lo, hi)),
		charts.WithYAxisOpts(valueAxis(eff.Indicator, values)),
	)
	phases := []struct {
		name   string
		color  string
		points []peil.Point
	}{
		{"Vóór", colorMain, before},
		{"Na", colorAfter, after},
	}
	marked := false // the event line goes on the first series with points
	for _, ph := range phases {
		data := make([]item, len(ph.points))
		for j, p := range ph.points {
			data[j] = pointItem(label, p, pointDate(p), 9, cfg.titles)
			if p.Source != peil.SourceDerived && !p.Expected {
				data[j].ItemStyle = &itemStyle{Color: ph.color}
			}
		}
		seriesOpts := []charts.SeriesOpts{
			setData(data),
			charts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(true)}),
			charts.WithLineStyleOpts(opts.LineStyle{Color: ph.color, Width: 2}),
			charts.WithItemStyleOpts(opts.ItemStyle{Color: ph.color}),
		}
		if !marked && len(data) > 0 {
			seriesOpts = append(seriesOpts, withEvents(events))
			marked = true
		}
		line.AddSeries(ph.name, nil, seriesOpts...)
	}
	return snippet(frame{class: "chart-before-after", width: "100%", height: "300px",
		label: label + " vóór en na " + ev.Label},
		chartOptions(line, tooltip()))
}
