package charts

import (
	"html/template"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/peil-dev/peil"
)

// Increments draws how much a cumulative series grew between consecutive
// points: one bar per interval, its tooltip with the change per month. Bars of
// intervals spanning more than one report period are lighter.
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
		names = append(names, shortDate(in.From)+" –\n"+shortDate(in.To))
		bar := barItem{Value: in.Delta, Tip: incrementTip(label, in)}
		if in.Gap {
			bar.ItemStyle = &opts.ItemStyle{Color: colorGap}
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
		charts.WithXAxisOpts(opts.XAxis{Type: "category", AxisLabel: &opts.AxisLabel{Interval: "0"}}),
		charts.WithYAxisOpts(valueAxis(s.Indicator.Unit)),
	)
	bar.SetXAxis(names)
	bar.AddSeries("Toename per periode", nil,
		setData(data),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: colorMain}),
	)
	return snippet(frame{class: "chart-increments", width: "100%", height: "280px", label: "Toename per periode van " + label},
		options(bar, tooltip()))
}
