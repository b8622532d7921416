package charts

import (
	"html/template"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/peil-dev/peil"
)

// Increments draws how much a cumulative series grew between consecutive
// points: one bar per interval, its tooltip with the change per month. Bars of
// intervals spanning more than one report period are lighter; bars of
// approximate increments (from approximate or derived points) are pale with a
// solid edge and say "ca." in their tooltip. A bar is named
// by the end of its interval; its tooltip has the whole interval.
func Increments(s *peil.Series) template.HTML {
	if s == nil {
		return noData("chart-increments")
	}
	label := labelOf(s.Indicator)
	var names []string
	var data []barItem
	for _, in := range s.Increments {
		if !finite(in.Delta) {
			continue
		}
		names = append(names, shortDate(in.To))
		bar := barItem{Value: in.Delta, Tip: incrementTip(label, in)}
		if in.Gap {
			bar.ItemStyle = &opts.ItemStyle{Color: colorGap}
		}
		if approximate(in.Qualifier) {
			// Pale with a solid edge: the change is only as exact as its points.
			color := colorMain
			if in.Gap {
				color = colorGap
			}
			bar.ItemStyle = &opts.ItemStyle{Color: color, Opacity: opts.Float(0.45), BorderColor: colorMain, BorderWidth: 1.5}
		}
		data = append(data, bar)
	}
	if len(data) == 0 {
		return noData("chart-increments")
	}

	bar := charts.NewBar()
	bar.SetGlobalOptions(
		charts.WithAnimation(false),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithToolboxOpts(toolbox(fileName("peil-toename", s.Indicator.ID))),
		charts.WithGridOpts(opts.Grid{Left: "24", Right: "40", Top: "48", Bottom: "16", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{Type: "category", AxisLabel: &opts.AxisLabel{Interval: "0", HideOverlap: opts.Bool(true)}}),
		charts.WithYAxisOpts(valueAxis(s.Indicator)),
	)
	bar.SetXAxis(names)
	bar.AddSeries("Toename per periode", nil,
		setData(data),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: colorMain}),
	)
	return snippet(frame{class: "chart-increments", width: "100%", height: "280px", label: "Toename per periode van " + label},
		chartOptions(bar, tooltip()))
}
