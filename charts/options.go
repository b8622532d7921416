package charts

import (
	"math"
	"slices"
	"strings"
	"time"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/go-echarts/go-echarts/v2/types"
	"github.com/peil-dev/peil"
)

// Colours of the charts.
const (
	colorMain     = "#154273" // the series
	colorAfter    = "#e17000" // points after an event
	colorDerived  = "#8a8a8a" // derived points
	colorEvent    = "#a90061" // events that happened
	colorExpected = "#8a8a8a" // events announced for later
	colorGap      = "#9fb3cf" // increments over more than one period
)

// item is a data item of a line or scatter series: [date, value] with its own
// symbol and the tooltip HTML the fixed formatter shows.
type item struct {
	Value      [2]any          `json:"value"`
	Symbol     string          `json:"symbol,omitempty"`
	SymbolSize int             `json:"symbolSize,omitempty"`
	ItemStyle  *opts.ItemStyle `json:"itemStyle,omitempty"`
	Tip        string          `json:"tip,omitempty"`
}

// barItem is a data item of a bar series.
type barItem struct {
	Value     float64         `json:"value"`
	ItemStyle *opts.ItemStyle `json:"itemStyle,omitempty"`
	Tip       string          `json:"tip"`
}

// eventLine is a vertical mark line at an event's date.
type eventLine struct {
	Name      string          `json:"name"`
	XAxis     string          `json:"xAxis"`
	LineStyle *opts.LineStyle `json:"lineStyle,omitempty"`
	Label     *lineLabel      `json:"label,omitempty"`
	Tip       string          `json:"tip"`
}

// lineLabel is the label along an event line, cut short to fit the plot (the
// tooltip has it in full); go-echarts' Label has no width or overflow.
type lineLabel struct {
	Show      bool   `json:"show"`
	Formatter string `json:"formatter"`
	Position  string `json:"position"`
	Color     string `json:"color"`
	Width     int    `json:"width"`
	Overflow  string `json:"overflow"`
}

// Longest an event label runs along its line, in pixels, by chart height.
const (
	eventLabelWide   = 230 // trend charts
	eventLabelNarrow = 170 // before/after charts
)

// marker is how a point looks, by how exact its value is.
type marker struct {
	name   string // legend entry
	symbol string // an echarts symbol name or path
	color  string
}

// triangleDown is a symbol for upper bounds: a triangle pointing down (a path,
// so the legend shows it the same way).
const triangleDown = "path://M0,0L10,0L5,9Z"

// The markers, in legend order.
var (
	markExact   = marker{"Exact", "circle", colorMain}
	markApprox  = marker{"Circa", "emptyCircle", colorMain}
	markLower   = marker{"Ten minste / meer dan", "triangle", colorMain}
	markUpper   = marker{"Hooguit", triangleDown, colorMain}
	markDerived = marker{"Afgeleid", "emptyDiamond", colorDerived}
	markers     = []marker{markExact, markApprox, markLower, markUpper, markDerived}
)

// markerOf returns the marker of a point: derived first, then by qualifier.
func markerOf(p peil.Point) marker {
	if p.Source == peil.SourceDerived {
		return markDerived
	}
	switch p.Qualifier {
	case peil.QualApprox:
		return markApprox
	case peil.QualAtLeast, peil.QualMoreThan:
		return markLower
	case peil.QualAtMost:
		return markUpper
	}
	return markExact
}

// pointDate is where a point sits on the time axis: the end of its period, or
// the report date when the period is unknown.
func pointDate(p peil.Point) peil.Date {
	if !p.PeriodEnd.IsZero() {
		return p.PeriodEnd
	}
	return p.ReportDate
}

// dated returns the points that have a date and a finite value, by date
// (stable).
func dated(points []peil.Point) []peil.Point {
	out := make([]peil.Point, 0, len(points))
	for _, p := range points {
		if !pointDate(p).IsZero() && finite(p.Value) {
			out = append(out, p)
		}
	}
	slices.SortStableFunc(out, func(a, b peil.Point) int { return pointDate(a).Compare(pointDate(b).Time) })
	return out
}

// finite reports whether v can be drawn (and written as JSON).
func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// pointItem is the data item of a point, drawn with its marker; titles name
// the reports in its tooltip.
func pointItem(label string, p peil.Point, size int, titles map[int64]string) item {
	m := markerOf(p)
	return item{
		Value:      [2]any{pointDate(p).String(), p.Value},
		Symbol:     m.symbol,
		SymbolSize: size,
		ItemStyle:  &opts.ItemStyle{Color: m.color},
		Tip:        pointTip(label, p, titles),
	}
}

// eventLines returns the mark lines of the events that have a date, their
// labels at most width pixels long.
func eventLines(events []peil.Event, width int) []any {
	var out []any
	for _, e := range events {
		if e.Date.IsZero() {
			continue
		}
		color, dash := colorEvent, "solid"
		if e.Type == peil.EventExpected {
			color, dash = colorExpected, "dashed"
		}
		out = append(out, eventLine{
			Name:      e.Label,
			XAxis:     e.Date.String(),
			LineStyle: &opts.LineStyle{Color: color, Type: dash, Width: 1.5},
			Label: &lineLabel{Show: true, Formatter: "{b}", Position: "insideEndTop", Color: color,
				Width: width, Overflow: "truncate"},
			Tip: eventTip(e),
		})
	}
	return out
}

// withEvents puts the events on a series as vertical lines labelled with their
// name (drawn on the canvas as text), labels at most width pixels long.
func withEvents(events []peil.Event, width int) charts.SeriesOpts {
	return func(s *charts.SingleSeries) {
		lines := eventLines(events, width)
		if len(lines) == 0 {
			return
		}
		s.MarkLines = &opts.MarkLines{
			Data:          lines,
			MarkLineStyle: opts.MarkLineStyle{Symbol: []string{"none", "none"}},
		}
	}
}

// span returns the first and last date of points and events, widened a little
// so every point and event line is inside the time axis.
func span(points []peil.Point, events []peil.Event) (lo, hi peil.Date) {
	var dates []peil.Date
	for _, p := range points {
		dates = append(dates, pointDate(p))
	}
	for _, e := range events {
		if !e.Date.IsZero() {
			dates = append(dates, e.Date)
		}
	}
	if len(dates) == 0 {
		return lo, hi
	}
	first := slices.MinFunc(dates, func(a, b peil.Date) int { return a.Compare(b.Time) })
	last := slices.MaxFunc(dates, func(a, b peil.Date) int { return a.Compare(b.Time) })
	const day = 24 * time.Hour
	pad := last.Sub(first.Time) / 20
	if pad < 31*day {
		pad = 31 * day
	}
	// A short span (a single point, say) would get an axis of day ticks
	// around one date: show at least a year, so the ticks are months.
	if short := (365*day - last.Sub(first.Time)) / 2; pad < short {
		pad = short
	}
	return peil.DateOf(first.Add(-pad)), peil.DateOf(last.Add(pad))
}

// timeAxis is an x axis over dates with Dutch labels.
func timeAxis(lo, hi peil.Date) opts.XAxis {
	// The axis ends a little beyond the data; labels at those odd dates
	// (e.g. "2 okt 2017") would only distract.
	ax := opts.XAxis{Type: "time", AxisLabel: &opts.AxisLabel{Formatter: fmtDate, HideOverlap: opts.Bool(true),
		ShowMinLabel: opts.Bool(false), ShowMaxLabel: opts.Bool(false)}}
	if !lo.IsZero() {
		ax.Min, ax.Max = lo.String(), hi.String()
	}
	return ax
}

// valueAxis is a y axis with Dutch numbers, named after the indicator's unit:
// amounts in euro get a € on every label instead, and counts whole-number
// ticks only.
func valueAxis(ind peil.Indicator) opts.YAxis {
	ax := opts.YAxis{Type: "value", Name: ind.Unit, AxisLabel: &opts.AxisLabel{Formatter: fmtNumber}}
	switch {
	case isEuro(ind.Unit):
		ax.Name = ""
		ax.AxisLabel.Formatter = fmtEuro
	case isCount(ind):
		ax.MinInterval = 1
	}
	return ax
}

// isEuro reports whether unit is money in euro.
func isEuro(unit string) bool {
	u := strings.ToLower(strings.TrimSpace(unit))
	return u == "euro" || u == "eur" || u == "€"
}

// isCount reports whether the indicator counts things (people, cases,
// meetings), so that its values are whole numbers: not an amount, a rating
// or a percentage.
func isCount(ind peil.Indicator) bool {
	switch ind.Kind {
	case peil.KindStock, peil.KindCumulative, peil.KindFlow:
		return !isEuro(ind.Unit) && !strings.Contains(ind.Unit, "%")
	}
	return false
}

// tooltip returns the item tooltip with the fixed formatter.
func tooltip() opts.Tooltip {
	return opts.Tooltip{Show: opts.Bool(true), Trigger: "item", Formatter: fmtTip}
}

// wideTooltip adds what go-echarts' Tooltip lacks: keep it inside the chart and
// wrap long sentences.
type wideTooltip struct {
	opts.Tooltip
	Confine      bool   `json:"confine"`
	ExtraCSSText string `json:"extraCssText"`
}

// toolbox offers a PNG download of the chart.
func toolbox(file string) opts.Toolbox {
	return opts.Toolbox{
		Show:  opts.Bool(true),
		Right: "16",
		Feature: &opts.ToolBoxFeature{SaveAsImage: &opts.ToolBoxFeatureSaveAsImage{
			Show: opts.Bool(true), Type: "png", Name: file, Title: "Opslaan als PNG",
		}},
	}
}

// fileName makes a download name from an indicator id: [a-z0-9_-] only.
func fileName(prefix string, id peil.IndicatorID) string {
	clean := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '_', r == '-':
			return r
		case r >= 'A' && r <= 'Z':
			return r + 'a' - 'A'
		}
		return '-'
	}, string(id))
	if clean == "" {
		return prefix
	}
	return prefix + "-" + clean
}

// labelOf is the indicator's Dutch label, or its id when it has none.
func labelOf(ind peil.Indicator) string {
	if strings.TrimSpace(ind.Label) != "" {
		return ind.Label
	}
	return string(ind.ID)
}

// setData replaces a series' data with our own items.
func setData(data any) charts.SeriesOpts {
	return func(s *charts.SingleSeries) { s.Data = data }
}

// chartOptions validates a go-echarts chart and returns its option object,
// with the tooltip widened.
func chartOptions(c interface {
	Validate()
	JSON() map[string]any
}, tip opts.Tooltip) map[string]any {
	c.Validate()
	o := c.JSON()
	o["tooltip"] = wideTooltip{Tooltip: tip, Confine: true, ExtraCSSText: "max-width:360px;white-space:normal;"}
	return o
}

// scatter is the echarts series type of the marked points.
const scatter = types.ChartScatter
