package server

import (
	"flag"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/peil-dev/peil/internal/browsertest"
)

var screenshotFlag = flag.Bool("screenshot", false,
	"TestBrowserReadmeScreenshot: write the first screen of the demo's passport page to docs/screenshot.png (used by the README)")

// browserPages are the pages the browser test opens, in one tab each, with
// the least number of charts each must draw.
var browserPages = []struct {
	name, path string
	minCharts  int
}{
	{"overzicht", "/", 3},                              // sparklines of the key indicators
	{"indicator", "/indicatoren/passport_measures", 2}, // trend and increments
	{"maatregel", "/maatregelen/7", 2},                 // its indicators' trends, before/after its event
}

// chartsDrawn is truthy once every chart div of the page holds a canvas with
// a size; it is then the number of charts (as {charts: n}, since 0 is falsy).
const chartsDrawn = `(function () {
	var divs = document.querySelectorAll("div.chart:not(.chart-empty)");
	for (var i = 0; i < divs.length; i++) {
		var c = divs[i].querySelector("canvas");
		if (!c || c.width === 0 || c.height === 0 || c.clientWidth === 0 || c.clientHeight === 0) { return null; }
	}
	return document.readyState === "complete" ? {charts: divs.length} : null;
})()`

// chartState describes every chart div, for the message when they do not draw.
const chartState = `Array.prototype.map.call(document.querySelectorAll("div.chart"), function (d) {
	var c = d.querySelector("canvas");
	return d.id + " " + d.className + ": " + (c ? "canvas " + c.width + "x" + c.height +
		" shown " + c.clientWidth + "x" + c.clientHeight : "no canvas") + "; div " + d.clientWidth + "x" + d.clientHeight;
}).join("\n")`

// TestBrowser opens Overzicht, an indicator page and a measure page of a real
// server over the fixture database in headless Chromium, waits for every
// chart to draw, and checks that the pages log no errors and load nothing
// from another host. It saves a full-page screenshot of each page in
// $PEIL_SCREENSHOTS, else in test-output/screenshots of the repository, and
// logs their paths.
func TestBrowser(t *testing.T) {
	browser := browsertest.Start(t, 1280, 900, 2*time.Minute)
	ts := newTestServer(t, nil)
	base, err := url.Parse(ts.URL)
	if err != nil {
		t.Fatal(err)
	}

	shots := browsertest.ScreenshotDir(t)

	for _, p := range browserPages {
		t.Run(p.name, func(t *testing.T) {
			tab, closeTab := chromedp.NewContext(browser)
			defer closeTab()
			var got browsertest.Log
			if err := chromedp.Listen(tab, got.Record); err != nil {
				t.Fatalf("open tab: %v", err)
			}
			if err := chromedp.Do(tab, browsertest.TrapAlerts, chromedp.Navigate(ts.URL+p.path)); err != nil {
				t.Fatalf("open %s: %v", p.path, err)
			}
			drawn, err := chromedp.Run(tab, chromedp.Poll[struct{ Charts int }](chartsDrawn,
				chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(30*time.Second)))
			if err != nil {
				state, _ := chromedp.Run(tab, chromedp.Evaluate[string](chartState))
				t.Fatalf("%s: charts not drawn within 30s: %v\n%s", p.path, err, state)
			}
			n := drawn.Charts
			if n < p.minCharts {
				t.Errorf("%s: %d charts drawn; want at least %d", p.path, n, p.minCharts)
			}
			t.Logf("%s: %d charts drawn", p.path, n)

			// The fixtures' hostile texts stayed text: nothing ran, no element was
			// made, and the only inline scripts are the charts' own, one each.
			injected, err := chromedp.Run(tab, chromedp.Evaluate[int](
				`window.__alerts + document.querySelectorAll("img[onerror], img[src=x]").length`))
			if err != nil || injected != 0 {
				t.Errorf("%s: %d alerts or injected images (%v); want none", p.path, injected, err)
			}
			inline, err := chromedp.Run(tab, chromedp.Evaluate[int](
				`document.querySelectorAll("script:not([src]):not([type='application/json'])").length`))
			if err != nil || inline != n {
				t.Errorf("%s: %d inline scripts (%v); want %d, one per chart", p.path, inline, err, n)
			}

			png, err := chromedp.Run(tab, chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatalf("%s: screenshot: %v", p.path, err)
			}
			file := filepath.Join(shots, p.name+".png")
			if err := os.WriteFile(file, png, 0o644); err != nil {
				t.Fatal(err)
			}
			t.Logf("screenshot %s", file)

			for _, problem := range got.Problems() {
				t.Errorf("%s: %s", p.path, problem)
			}
			echarts := false
			requests := got.Requests()
			for _, r := range requests {
				u, err := url.Parse(r)
				switch {
				case err != nil:
					t.Errorf("%s: request to unreadable URL %q: %v", p.path, r, err)
				case u.Scheme == "data":
				case u.Host != base.Host:
					t.Errorf("%s: request to %s, not to the test server %s", p.path, r, base.Host)
				case u.Path == echartsPath:
					echarts = true
				}
			}
			if !echarts {
				t.Errorf("%s: echarts.min.js was not loaded from %s; requests: %v", p.path, echartsPath, requests)
			}
		})
	}
}

// TestBrowserReadmeScreenshot (with -screenshot) draws the indicator page of
// the passport measures over the demo's data, as `make run` serves it (the
// embedded sample report and its history imported), checks that its trend
// shows the demo's three real points, and writes its first screen to
// docs/screenshot.png for the README.
func TestBrowserReadmeScreenshot(t *testing.T) {
	if !*screenshotFlag {
		t.Skip("run with -args -screenshot to write docs/screenshot.png")
	}
	db := newSampleTestDB(t)
	ts := newTestServer(t, db)
	browser := browsertest.Start(t, 1100, 1150, 2*time.Minute)
	const page = "/indicatoren/passport_measures"
	tab, got := openTab(t, browser, ts.URL+page)
	waitLoaded(t, tab, page)
	dates, err := chromedp.Run(tab, chromedp.Evaluate[[]string](`(function () {
		var c = echarts.getInstanceByDom(document.querySelector("div.chart-trend"));
		var out = [];
		c.getOption().series.forEach(function (s) {
			if (s.type === "scatter") { s.data.forEach(function (d) { out.push(d.value[0]); }); }
		});
		return out.sort();
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"2014-11-12", "2015-04-07", "2017-02-13"}; !slices.Equal(dates, want) {
		t.Errorf("the demo's passport trend shows points at %v; want %v", dates, want)
	}
	for _, problem := range got.Problems() {
		t.Error(problem)
	}
	first, err := chromedp.Run(tab, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	readme := filepath.Join("..", "docs", "screenshot.png")
	if err := os.WriteFile(readme, first, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot for the README: %s", readme)
}
