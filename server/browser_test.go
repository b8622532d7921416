package server

import (
	"context"
	"flag"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/peil-dev/peil/charts"
)

var screenshotFlag = flag.Bool("screenshot", false,
	"browser test: also write the first screen of the indicator page to docs/screenshot.png (used by the README)")

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

// chromiumPath returns Debian's chromium, or skips the test when it is
// missing; under CI=true a missing browser fails the test.
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium not found; under CI it must be installed (.ci/run does)")
	}
	t.Skip("chromium not found; skipping the browser test (install chromium to run it)")
	return ""
}

// tabLog is what one tab reported: console errors, uncaught exceptions,
// browser log errors and warnings (e.g. CSP violations, failed loads) and
// every URL it requested.
type tabLog struct {
	mu       sync.Mutex
	problems []string
	requests []string
}

// record is the chromedp listener; it only appends, as listeners must be fast.
func (l *tabLog) record(ev any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
			var args []string
			for _, a := range ev.Args {
				args = append(args, strings.TrimSpace(string(a.Value)+" "+a.Description))
			}
			l.problems = append(l.problems, "console."+string(ev.Type)+"("+strings.Join(args, ", ")+")")
		}
	case *runtime.EventExceptionThrown:
		text := ev.ExceptionDetails.Text
		if ex := ev.ExceptionDetails.Exception; ex != nil {
			text += " " + ex.Description
		}
		l.problems = append(l.problems, "uncaught exception: "+text)
	case *log.EventEntryAdded:
		if ev.Entry.Level == log.EntryLevelError || ev.Entry.Level == log.EntryLevelWarning {
			l.problems = append(l.problems, "browser log "+string(ev.Entry.Level)+": "+ev.Entry.Text+" "+ev.Entry.URL)
		}
	case *network.EventRequestWillBeSent:
		l.requests = append(l.requests, ev.Request.URL)
	}
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

// trapAlerts counts calls of alert() in every document the tab opens, so an
// injected script would be noticed.
var trapAlerts = chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
	_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
		Source: `window.__alerts = 0; window.alert = function () { window.__alerts++; };`,
	})
	return err
})

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
// $PEIL_SCREENSHOTS (or a temporary directory).
func TestBrowser(t *testing.T) {
	exe := chromiumPath(t)
	ts := newTestServer(t, nil)
	base, err := url.Parse(ts.URL)
	if err != nil {
		t.Fatal(err)
	}

	shots := os.Getenv("PEIL_SCREENSHOTS")
	if shots == "" {
		shots = t.TempDir()
	} else if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}

	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.WindowSize(1280, 900),
	)
	defer cancelAlloc()
	browser, cancelBrowser := chromedp.NewContext(alloc)
	defer cancelBrowser()
	browser, cancelTimeout := context.WithTimeout(browser, 2*time.Minute)
	defer cancelTimeout()
	if err := chromedp.Do(browser); err != nil { // start the browser
		t.Fatalf("start chromium: %v", err)
	}

	for _, p := range browserPages {
		t.Run(p.name, func(t *testing.T) {
			tab, closeTab := chromedp.NewContext(browser)
			defer closeTab()
			var got tabLog
			if err := chromedp.Listen(tab, got.record); err != nil {
				t.Fatalf("open tab: %v", err)
			}
			if err := chromedp.Do(tab, trapAlerts, chromedp.Navigate(ts.URL+p.path)); err != nil {
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
			if *screenshotFlag && p.name == "indicator" {
				// The README shows the first screen of the indicator page.
				first, err := chromedp.Run(tab, chromedp.CaptureScreenshot())
				if err != nil {
					t.Fatalf("%s: screenshot: %v", p.path, err)
				}
				readme := filepath.Join("..", "docs", "screenshot.png")
				if err := os.MkdirAll(filepath.Dir(readme), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(readme, first, 0o644); err != nil {
					t.Fatal(err)
				}
				t.Logf("screenshot for the README: %s", readme)
			}

			got.mu.Lock()
			defer got.mu.Unlock()
			for _, problem := range got.problems {
				t.Errorf("%s: %s", p.path, problem)
			}
			echarts := false
			for _, r := range got.requests {
				u, err := url.Parse(r)
				switch {
				case err != nil:
					t.Errorf("%s: request to unreadable URL %q: %v", p.path, r, err)
				case u.Scheme == "data":
				case u.Host != base.Host:
					t.Errorf("%s: request to %s, not to the test server %s", p.path, r, base.Host)
				case u.Path == charts.AssetPath:
					echarts = true
				}
			}
			if !echarts {
				t.Errorf("%s: echarts.min.js was not loaded from %s; requests: %v", p.path, charts.AssetPath, got.requests)
			}
		})
	}
}
