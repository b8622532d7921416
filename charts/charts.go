// Package charts turns Peil's series into echarts charts: HTML snippets of a
// placeholder div, the chart options as a JSON data block and one fixed inline
// script that draws it with the embedded echarts.min.js.
//
// The options are built with go-echarts and marshalled with encoding/json, which
// escapes <, > and &, so report text (labels, sentences, event labels) can never
// end a script element. Report text never becomes JavaScript: tooltips are
// computed in Go, HTML-escaped and read from the data items by a fixed formatter
// in the inline script, which is the same for every chart (see InlineScriptHash).
package charts

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"html/template"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/peil-dev/peil"
)

// Assets holds assets/echarts.min.js, the only script a page loads besides the
// charts' inline scripts. `make assets` copies it from the npm package pinned in
// package-lock.json, and writes assets/echarts.min.js.gz beside it (gzip -9),
// which the server sends to clients that accept gzip (Renderer.Library).
//
//go:embed assets
var Assets embed.FS

//go:embed init.js
var initJS string

// initScript is the body of every chart's inline script: it finds its chart by
// the script's data-chart attribute, links the named formatters and draws.
var initScript = strings.TrimSpace(initJS)

// InlineScriptHash is the Content-Security-Policy source expression
// ('sha256-…') that allows the charts' inline script, e.g.
// "script-src 'self' " + charts.InlineScriptHash. Every chart uses the same
// script text; its options are a JSON data block, which CSP does not restrict.
var InlineScriptHash = scriptHash(initScript)

func scriptHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}

// Names of the formatters the inline script provides. They stand in the JSON
// where echarts expects a formatter function.
const (
	fmtNumber  = "peil:number"  // Dutch number, e.g. 1.995
	fmtEuro    = "peil:euro"    // Dutch amount in euro, e.g. € 7.000.000
	fmtDate    = "peil:date"    // Dutch month and year, e.g. feb 2017
	fmtPercent = "peil:percent" // a percentage with its sign, e.g. −15%
	fmtTip     = "peil:tip"     // the data item's tip field (HTML made in Go)

	// renderSpan is the renderItem of span series: a bar over a period, from
	// zero to the value (data items [start, end, value]).
	renderSpan = "peil:span"
)

// Option changes how a chart is drawn.
type Option func(*config)

// config is what the options set.
type config struct {
	titles   map[int64]string // report titles by store id
	from, to peil.Date        // the time axis covers these at least (WithTimeRange)
}

// WithTimeRange makes a chart's time axis cover from to to at least, besides
// its own data, so that the charts of one page share one time range: give
// them all the same dates (e.g. the first and last date of all their series).
// Zero dates are ignored.
func WithTimeRange(from, to peil.Date) Option {
	return func(c *config) { c.from, c.to = from, to }
}

// extent adds the configured range to the points that decide a time axis.
func (c config) extent(points []peil.Point) []peil.Point {
	out := points[:len(points):len(points)]
	for _, d := range []peil.Date{c.from, c.to} {
		if !d.IsZero() {
			out = append(out, peil.Point{PeriodEnd: d})
		}
	}
	return out
}

// WithReportTitles names reports in tooltips by their title (store id ->
// title), next to their date. Reports without a title are named by date.
func WithReportTitles(titles map[int64]string) Option {
	return func(c *config) { c.titles = titles }
}

func configOf(options []Option) config {
	var c config
	for _, o := range options {
		if o != nil {
			o(&c)
		}
	}
	return c
}

// Drawn reports whether h holds at least one drawn chart, not only
// placeholders. Trend, Increments and BeforeAfter charts offer a PNG download.
func Drawn(h template.HTML) bool {
	return strings.Contains(string(h), `<script data-chart="`)
}

// chartSeq numbers the charts of this process, so ids are unique on any page.
var chartSeq atomic.Uint64

// nextID returns a fresh element id made of [a-z0-9-] only.
func nextID() string {
	return "peil-chart-" + strconv.FormatUint(chartSeq.Add(1), 10)
}

// frame describes the element a chart is drawn in.
type frame struct {
	class  string // extra CSS class, e.g. "chart-trend"
	width  string // CSS width, e.g. "100%"
	height string // CSS height, e.g. "360px"
	label  string // accessible description (plain text)
}

// snippet writes the chart's div, its options as a JSON data block, the
// inline script that draws it and after (HTML made here: notes, the list of
// events). The div's size is set by the script (no style attribute, so a
// strict style-src policy does not complain).
func snippet(f frame, options any, after ...string) template.HTML {
	var js bytes.Buffer
	enc := json.NewEncoder(&js) // escapes <, >, &, U+2028 and U+2029
	if err := enc.Encode(options); err != nil {
		// Options are built from plain values only; a failure is a bug here,
		// shown to the reader rather than crashing the page.
		return placeholder(f.class, fmt.Sprintf("Grafiek niet beschikbaar (%v)", err))
	}
	id := nextID()
	var b strings.Builder
	fmt.Fprintf(&b, `<div class="chart %s" id="%s" data-width="%s" data-height="%s" role="img" aria-label="%s"></div>`,
		f.class, id, f.width, f.height, html.EscapeString(f.label))
	fmt.Fprintf(&b, `<script type="application/json" id="%s-options">%s</script>`,
		id, bytes.TrimSpace(js.Bytes()))
	fmt.Fprintf(&b, `<script data-chart="%s">%s</script>`, id, initScript)
	for _, a := range after {
		b.WriteString(a)
	}
	return template.HTML(b.String())
}

// placeholder is what a chart without data shows.
func placeholder(class, text string) template.HTML {
	return template.HTML(`<div class="chart chart-empty ` + class + `">` + html.EscapeString(text) + `</div>`)
}

// noData is the placeholder for a series without points.
func noData(class string) template.HTML { return placeholder(class, "Geen gegevens") }
