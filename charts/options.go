package charts

import (
	"fmt"
	"html"
	"math"
	"slices"
	"strconv"
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
	colorSpan     = "#5b7fa8" // flows drawn over their period
)

// item is a data item of a line or scatter series: [date, value] with its own
// symbol and the tooltip HTML the fixed formatter shows.
type item struct {
	Value      [2]any     `json:"value"`
	Symbol     string     `json:"symbol,omitempty"`
	SymbolSize int        `json:"symbolSize,omitempty"`
	ItemStyle  *itemStyle `json:"itemStyle,omitempty"`
	Tip        string     `json:"tip,omitempty"`
}

// spanItem is a data item of a span series (renderSpan): a bar from the start
// of a period to its end, from zero to the value.
type spanItem struct {
	Value     [3]any     `json:"value"` // start, end, value
	ItemStyle *itemStyle `json:"itemStyle,omitempty"`
	Tip       string     `json:"tip"`
}

// eventLine is a vertical mark line at an event's date, labelled with its
// number in the list under the chart.
type eventLine struct {
	Name      string          `json:"name"`
	XAxis     string          `json:"xAxis"`
	LineStyle *opts.LineStyle `json:"lineStyle,omitempty"`
	Label     *lineLabel      `json:"label,omitempty"`
	Tip       string          `json:"tip"`
}

// lineLabel is the label at the top of an event line: the event's number,
// upright (the list under the chart names the event in full).
type lineLabel struct {
	Show       bool   `json:"show"`
	Formatter  string `json:"formatter"`
	Position   string `json:"position"`
	Color      string `json:"color"`
	FontWeight string `json:"fontWeight"`
}

// marker is how a point looks, by how exact its value is.
type marker struct {
	name   string // legend entry
	symbol string // an echarts symbol name or path
	color  string
}

// triangleDown is a symbol for upper bounds: a triangle pointing down (a path,
// so the legend shows it the same way).
const triangleDown = "path://M0,0L10,0L5,9Z"

// The markers, in legend order. An expectation is hollow with a dashed edge
// (see pointItem), named with the domain's Dutch word for it.
var (
	markExact    = marker{"Exact", "circle", colorMain}
	markApprox   = marker{"Circa", "emptyCircle", colorMain}
	markLower    = marker{"Ten minste / meer dan", "triangle", colorMain}
	markUpper    = marker{"Hooguit", triangleDown, colorMain}
	markDerived  = marker{"Afgeleid", "emptyDiamond", colorDerived}
	markExpected = marker{capitalize(peil.ExpectedNL), "emptyCircle", colorExpected}
	markers      = []marker{markExact, markApprox, markLower, markUpper, markDerived, markExpected}
)

// capitalize writes s with a capital first letter (ASCII).
func capitalize(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

// markerOf returns the marker of a point: an expectation first, then
// derived, then by qualifier.
func markerOf(p peil.Point) marker {
	if p.Expected {
		return markExpected
	}
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

// pointItem is the data item of a point, drawn with its marker at date at;
// titles name the reports in its tooltip.
func pointItem(label string, p peil.Point, at peil.Date, size int, titles map[int64]string) item {
	m := markerOf(p)
	it := item{
		Value:      [2]any{at.String(), p.Value},
		Symbol:     m.symbol,
		SymbolSize: size,
		ItemStyle:  &itemStyle{Color: m.color},
		Tip:        pointTip(label, p, titles),
	}
	if p.Expected {
		it.ItemStyle.BorderType, it.ItemStyle.BorderColor, it.ItemStyle.BorderWidth = "dashed", colorExpected, 1.5
	}
	return it
}

// itemStyle is the item style of a data item: go-echarts' ItemStyle lacks
// the border type, which marks expectations and approximate spans.
type itemStyle struct {
	Color       string  `json:"color,omitempty"`
	Opacity     float64 `json:"opacity,omitempty"`
	BorderColor string  `json:"borderColor,omitempty"`
	BorderWidth float64 `json:"borderWidth,omitempty"`
	BorderType  string  `json:"borderType,omitempty"`
}

// datedEvents returns the events that have a date, in date order (stable):
// the events a chart draws and lists, numbered from 1 in this order.
func datedEvents(events []peil.Event) []peil.Event {
	var out []peil.Event
	for _, e := range events {
		if !e.Date.IsZero() {
			out = append(out, e)
		}
	}
	slices.SortStableFunc(out, func(a, b peil.Event) int { return a.Date.Compare(b.Date.Time) })
	return out
}

// eventLines returns the mark lines of events (see datedEvents), each
// labelled with its number.
func eventLines(events []peil.Event) []any {
	var out []any
	for i, e := range datedEvents(events) {
		color, dash := colorEvent, "solid"
		if e.Type == peil.EventExpected {
			color, dash = colorExpected, "dashed"
		}
		out = append(out, eventLine{
			Name:      e.Label,
			XAxis:     e.Date.String(),
			LineStyle: &opts.LineStyle{Color: color, Type: dash, Width: 1.5},
			Label:     &lineLabel{Show: true, Formatter: strconv.Itoa(i + 1), Position: "end", Color: color, FontWeight: "bold"},
			Tip:       eventTip(e),
		})
	}
	return out
}

// withEvents puts the events on a series as vertical lines labelled with
// their numbers.
func withEvents(events []peil.Event) charts.SeriesOpts {
	return func(s *charts.SingleSeries) {
		lines := eventLines(events)
		if len(lines) == 0 {
			return
		}
		s.MarkLines = &opts.MarkLines{
			Data:          lines,
			MarkLineStyle: opts.MarkLineStyle{Symbol: []string{"none", "none"}},
		}
	}
}

// eventList is the list under a chart of its events, numbered as their
// lines: date as precise as the text gave it, label and type.
func eventList(events []peil.Event) string {
	evs := datedEvents(events)
	if len(evs) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString(`<ol class="chart-events">`)
	for i, e := range evs {
		fmt.Fprintf(&b, `<li value="%d"><span class="when">%s</span> %s <span class="type">(%s)</span></li>`, i+1,
			html.EscapeString(peil.FormatDateAt(e.Date, e.Precision)), html.EscapeString(e.Label), html.EscapeString(e.Type.Dutch()))
	}
	b.WriteString(`</ol>`)
	return b.String()
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
// amounts in euro get a € on every label instead, percentages a % and their
// sign. Ratings span their whole scale (0 to 5 for "schaal van 5"); counts
// and amounts start from zero and counts have whole-number ticks only;
// values lists what the axis shows, so that the axis can take in a negative
// one.
func valueAxis(ind peil.Indicator, values []float64) opts.YAxis {
	ax := opts.YAxis{Type: "value", Name: ind.Unit, AxisLabel: &opts.AxisLabel{Formatter: fmtNumber}}
	low := 0.0
	for _, v := range values {
		low = min(low, v)
	}
	switch {
	case ind.Kind == peil.KindRating:
		ax.Min, ax.Max = 0, peil.RatingScale(ind.Unit)
	case peil.IsPercent(ind.Unit):
		ax.Name = ""
		ax.AxisLabel.Formatter = fmtPercent
	case peil.IsEuro(ind.Unit):
		ax.Name = ""
		ax.AxisLabel.Formatter = fmtEuro
		ax.Min = low
	case isCount(ind):
		ax.MinInterval = 1
		ax.Min = low
	}
	return ax
}

// isCount reports whether the indicator counts things (people, cases,
// meetings), so that its values are whole numbers: not an amount, a rating
// or a percentage.
func isCount(ind peil.Indicator) bool {
	switch ind.Kind {
	case peil.KindStock, peil.KindCumulative, peil.KindFlow:
		return !peil.IsEuro(ind.Unit) && !peil.IsPercent(ind.Unit)
	}
	return false
}

// madeToken stands in a chart's subtitle for the day it is drawn: the
// inline script writes the date there, so that a saved PNG says when it was
// made (the options may come from a page cached for days).
const madeToken = "{gemaakt}"

// chartTitle is the title a chart carries, so that its saved PNG says what it
// shows: the label in full, and below it the unit, the sources and the day it
// was made.
func chartTitle(label, unit, sources string) opts.Title {
	sub := []string{}
	if u := strings.TrimSpace(unit); u != "" {
		sub = append(sub, "Eenheid: "+u)
	}
	if sources != "" {
		sub = append(sub, "Bron: "+sources)
	}
	sub = append(sub, "gemaakt op "+madeToken+" met Peil")
	// The inline script wraps both to the chart's width, measuring them in
	// these fonts and line heights.
	return opts.Title{Title: peil.Clip(label, 300), Subtitle: strings.Join(sub, " · "), Left: "8",
		TitleStyle:    &opts.TextStyle{FontSize: 14, FontWeight: "bold", FontFamily: "sans-serif", LineHeight: 18},
		SubtitleStyle: &opts.TextStyle{FontSize: 11, FontFamily: "sans-serif", LineHeight: 14, Color: "#555"}}
}

// sourcesOf names where the points' values come from, briefly: the reports
// of the statements shown (by title, else date) and how many other sources
// (imports, by citation).
func sourcesOf(points []peil.Point, titles map[int64]string) string {
	var reports []string
	seenReport := map[int64]bool{}
	cites := map[string]bool{}
	for _, p := range points {
		st, ok := p.ShownStatement()
		if !ok {
			st = peil.Statement{Report: p.Report, ReportDate: p.ReportDate, Source: p.Source}
		}
		switch {
		case st.Report != 0 && !seenReport[st.Report]:
			seenReport[st.Report] = true
			name := strings.TrimSpace(titles[st.Report])
			if name == "" {
				name = "rapportage van " + peil.FormatDate(st.ReportDate)
			}
			reports = append(reports, name)
		case st.Report == 0 && st.Citation != "":
			cites[st.Citation] = true
		}
	}
	var parts []string
	if len(reports) > 2 {
		parts = append(parts, strconv.Itoa(len(reports))+" voortgangsrapportages")
	} else {
		parts = append(parts, reports...)
	}
	switch n := len(cites); {
	case n == 1 && len(parts) == 0:
		for c := range cites {
			parts = append(parts, peil.Clip(c, 80))
		}
	case n == 1:
		parts = append(parts, "1 andere bron")
	case n > 1:
		parts = append(parts, strconv.Itoa(n)+" andere bronnen")
	}
	return strings.Join(parts, "; ")
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
