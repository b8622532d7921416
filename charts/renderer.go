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

// Trend draws s over time (the package's Trend) with the page's options o.
func (Renderer) Trend(s *peil.Series, o peil.ChartOptions) template.HTML {
	return Trend(s, options(o)...)
}

// Increments draws the increments of the cumulative s (the package's
// Increments) with the page's options o.
func (Renderer) Increments(s *peil.Series, o peil.ChartOptions) template.HTML {
	return Increments(s, options(o)...)
}

// Overlay draws several series on one time axis (the package's Overlay)
// with the page's options o.
func (Renderer) Overlay(series []*peil.Series, o peil.ChartOptions) template.HTML {
	return Overlay(series, options(o)...)
}

// BeforeAfter draws the indicators around an event (the package's
// BeforeAfter) with the page's options o.
func (Renderer) BeforeAfter(ba *peil.BeforeAfter, o peil.ChartOptions) template.HTML {
	return BeforeAfter(ba, options(o)...)
}

// Sparkline draws s as a small line without axes (the package's Sparkline).
func (Renderer) Sparkline(s *peil.Series) template.HTML { return Sparkline(s) }

// Drawn reports whether h holds at least one drawn chart (the package's
// Drawn).
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

// InlineScriptHash returns the CSP source of the charts' one inline script
// (the package's InlineScriptHash).
func (Renderer) InlineScriptHash() string { return InlineScriptHash }
