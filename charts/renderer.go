package charts

import (
	"html/template"
	"io/fs"

	"github.com/peil-dev/peil"
)

// Renderer draws the charts of the server's pages with this package's
// functions, taking a page's options as peil.ChartOptions.
type Renderer struct{}

// options turns o into the charts' options.
func options(o peil.ChartOptions) []Option {
	return []Option{WithReportTitles(o.ReportTitles), WithTimeRange(o.From, o.To)}
}

// Trend is Trend with o.
func (Renderer) Trend(s *peil.Series, o peil.ChartOptions) template.HTML {
	return Trend(s, options(o)...)
}

// Increments is Increments with o.
func (Renderer) Increments(s *peil.Series, o peil.ChartOptions) template.HTML {
	return Increments(s, options(o)...)
}

// Overlay is Overlay with o.
func (Renderer) Overlay(series []*peil.Series, o peil.ChartOptions) template.HTML {
	return Overlay(series, options(o)...)
}

// BeforeAfter is BeforeAfter with o.
func (Renderer) BeforeAfter(ba *peil.BeforeAfter, o peil.ChartOptions) template.HTML {
	return BeforeAfter(ba, options(o)...)
}

// Sparkline is Sparkline.
func (Renderer) Sparkline(s *peil.Series) template.HTML { return Sparkline(s) }

// Drawn is Drawn.
func (Renderer) Drawn(h template.HTML) bool { return Drawn(h) }

// Library returns the folder assets of Assets: echarts.min.js and, after
// make assets, echarts.min.js.gz.
func (Renderer) Library() fs.FS {
	sub, err := fs.Sub(Assets, "assets")
	if err != nil { // "assets" is a valid name: cannot happen
		panic(err)
	}
	return sub
}

// InlineScriptHash returns InlineScriptHash.
func (Renderer) InlineScriptHash() string { return InlineScriptHash }
