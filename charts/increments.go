package charts

import (
	"html/template"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/peil-dev/peil"
)

// Increments draws how much a cumulative series grew between consecutive
// points: one bar per interval on a time axis, from its start to its end, so
// that its width is the interval's length; its tooltip has the change per
// month. Bars of intervals spanning more than one report period are lighter;
// bars of approximate increments (from approximate or derived points) are
// pale with a dashed edge and say "ca." in their tooltip and in the note
// under the chart.
func Increments(s *peil.Series, options ...Option) template.HTML {
	cfg := configOf(options)
	if s == nil {
		return noData("chart-increments")
	}
	label := labelOf(s.Indicator)
	var data []spanItem
	var values []float64
	var first, last peil.Date
	approx := false
	for _, in := range s.Increments {
		if !finite(in.Delta) || in.From.IsZero() || in.To.IsZero() {
			continue
		}
		st := &itemStyle{Color: colorMain, Opacity: 0.85, BorderColor: colorMain, BorderWidth: 1}
		if in.Gap {
			st.Color = colorGap
		}
		if in.Qualifier.Approximate() {
			// Pale with a dashed edge: the change is only as exact as its points.
			st.Opacity, st.BorderType, approx = 0.4, "dashed", true
		}
		data = append(data, spanItem{Value: [3]any{in.From.String(), in.To.String(), in.Delta}, ItemStyle: st,
			Tip: incrementTip(label, in)})
		values = append(values, in.Delta)
		if first.IsZero() || in.From.Before(first.Time) {
			first = in.From
		}
		if last.IsZero() || in.To.After(last.Time) {
			last = in.To
		}
	}
	if len(data) == 0 {
		return noData("chart-increments")
	}
	lo, hi := span(cfg.extent([]peil.Point{{PeriodEnd: first}, {PeriodEnd: last}}), nil)

	c := charts.NewLine()
	c.SetGlobalOptions(
		charts.WithAnimation(false),
		charts.WithTitleOpts(chartTitle("Toename per periode: "+label, s.Indicator.Unit, sourcesOf(s.Points, cfg.titles))),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithToolboxOpts(toolbox(fileName("peil-toename", s.Indicator.ID))),
		charts.WithGridOpts(opts.Grid{Left: "24", Right: "40", Top: "72", Bottom: "16", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(timeAxis(lo, hi)),
		charts.WithYAxisOpts(valueAxis(s.Indicator, values)),
	)
	c.AddSeries("Toename per periode", nil, setData(data), spanSeries())
	notes := []string{"Elke balk loopt van het ene punt tot het volgende: hoe breder, hoe langer de periode."}
	if approx {
		notes = append(notes, "Balken met een gestreepte rand zijn benaderd (ca.): een van beide punten is niet exact.")
	}
	return snippet(frame{class: "chart-increments", width: "100%", height: "300px", label: "Toename per periode van " + label},
		chartOptions(c, tooltip()), chartNotes(notes))
}
