package charts

import (
	"html/template"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"github.com/peil-dev/peil"
	"github.com/peil-dev/peil/internal/browsertest"
)

// libraryPath is where the test page loads echarts.min.js from.
const libraryPath = "/static/echarts.min.js"

// testPage serves a page with every kind of chart, for a normal and a hostile
// series, under a Content-Security-Policy that allows only this server's
// scripts and the charts' inline script by its hash.
func testPage(t *testing.T) *httptest.Server {
	t.Helper()
	js, err := Assets.ReadFile("assets/echarts.min.js")
	if err != nil {
		t.Fatalf("read echarts.min.js: %v", err)
	}
	var page strings.Builder
	page.WriteString(`<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Grafieken</title>` +
		`<link rel="icon" href="data:,"><script src="` + libraryPath + `"></script></head><body>`)
	for _, s := range []*struct {
		id string
		h  map[string]string
	}{{"goed", htmls(every(sampleSeries()))}, {"kwaad", htmls(every(evilSeries()))}} {
		for _, kind := range []string{"Trend", "Increments", "Sparkline", "BeforeAfter"} {
			page.WriteString(`<section id="` + s.id + "-" + kind + `">` + s.h[kind] + `</section>`)
		}
	}
	money := &peil.Series{Indicator: peil.Indicator{ID: "funding", Label: "Versterkingsgelden", Unit: "euro", Kind: peil.KindAmount},
		Points: []peil.Point{{PeriodEnd: date(2017, 3, 1), Value: 6400000, Text: "6,4 miljoen euro", Qualifier: peil.QualExact}}}
	page.WriteString(`<section id="geld-Trend">` + string(Trend(money)) + `</section>`)
	flow := &peil.Series{Indicator: peil.Indicator{ID: "meetings", Label: "Bijeenkomsten", Unit: "bijeenkomsten", Kind: peil.KindFlow},
		Points: []peil.Point{
			{PeriodStart: date(2015, 1, 1), PeriodEnd: date(2015, 12, 31), Value: 120, Qualifier: peil.QualExact},
			{PeriodStart: date(2016, 1, 1), PeriodEnd: date(2017, 3, 31), Value: 160, Qualifier: peil.QualApprox},
		}}
	page.WriteString(`<section id="stroom-Trend">` + string(Trend(flow)) + `</section>`)
	change := &peil.Series{Indicator: peil.Indicator{ID: "reports_change", Label: "Verandering meldingen", Unit: "%", Kind: peil.KindChange},
		Points: []peil.Point{{PeriodEnd: date(2016, 12, 31), Value: -15, Text: "een afname van 15%", Qualifier: peil.QualExact}}}
	page.WriteString(`<section id="procent-Trend">` + string(Trend(change)) + `</section>`)
	page.WriteString(`<section id="leeg">` + string(Trend(nil)) + `</section></body></html>`)

	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", "default-src 'none'; script-src 'self' "+InlineScriptHash+
			"; style-src-attr 'unsafe-inline'; img-src data:")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(page.String()))
	})
	mux.HandleFunc("GET "+libraryPath, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript")
		_, _ = w.Write(js)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func htmls(m map[string]template.HTML) map[string]string {
	out := map[string]string{}
	for k, v := range m {
		out[k] = string(v)
	}
	return out
}

// TestChartsInBrowser draws every chart in headless Chromium under a strict
// CSP and checks that they draw, that the tooltips show the Dutch texts, that
// the formatters format the Dutch way and that hostile report text stays text.
func TestChartsInBrowser(t *testing.T) {
	srv := testPage(t)
	ctx, closeTab := chromedp.NewContext(browsertest.Start(t, 1000, 900, 90*time.Second))
	defer closeTab()

	var got browsertest.Log
	if err := chromedp.Listen(ctx, got.Record); err != nil {
		t.Fatalf("start browser: %v", err)
	}
	// Any alert() a hostile label managed to run is counted.
	if err := chromedp.Do(ctx, browsertest.TrapAlerts, chromedp.Navigate(srv.URL+"/")); err != nil {
		t.Fatalf("open page: %v", err)
	}

	// Every chart div gets a canvas with a size.
	drawn, err := chromedp.Run(ctx, chromedp.Poll[int](`(function () {
		var divs = document.querySelectorAll("div.chart:not(.chart-empty)");
		for (var i = 0; i < divs.length; i++) {
			var c = divs[i].querySelector("canvas");
			if (!c || c.width === 0 || c.height === 0) { return 0; }
		}
		return divs.length;
	})()`, chromedp.WithPollingTimeout(30*time.Second)))
	if err != nil {
		t.Fatalf("wait for the charts to draw: %v", err)
	}
	if want := 2*4 + 3; drawn != want {
		t.Errorf("%d charts drawn; want %d", drawn, want)
	}

	check := func(name, expr string, want any) {
		t.Helper()
		switch w := want.(type) {
		case string:
			v, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr))
			if err != nil || v != w {
				t.Errorf("%s: %q (%v); want %q", name, v, err, w)
			}
		case int:
			v, err := chromedp.Run(ctx, chromedp.Evaluate[int](expr))
			if err != nil || v != w {
				t.Errorf("%s: %d (%v); want %d", name, v, err, w)
			}
		}
	}
	trend := func(section string) string {
		return "echarts.getInstanceByDom(document.querySelector('#" + section + "-Trend div.chart'))"
	}

	check("placeholder", `document.querySelector("#leeg .chart-empty").textContent`, "Geen gegevens")
	check("y axis formatter", trend("goed")+`.getOption().yAxis[0].axisLabel.formatter(1995)`, "1.995")
	check("y axis formatter (decimals)", trend("goed")+`.getOption().yAxis[0].axisLabel.formatter(6.4)`, "6,4")
	check("y axis formatter (euro)", trend("geld")+`.getOption().yAxis[0].axisLabel.formatter(7000000)`, "€\u00a07.000.000")
	check("x axis formatter", trend("goed")+`.getOption().xAxis[0].axisLabel.formatter(new Date(2017, 1, 13).getTime())`, "13 feb 2017")
	check("x axis formatter (month)", trend("goed")+`.getOption().xAxis[0].axisLabel.formatter(new Date(2017, 2, 1).getTime())`, "mrt 2017")

	check("y axis formatter (percent)", trend("procent")+`.getOption().yAxis[0].axisLabel.formatter(-15)`, "\u221215%")
	// A flow's bars run over their periods: widths in proportion to the
	// periods' lengths (455 days against 364).
	check("flow bar widths", `(function () {
		var c = `+trend("stroom")+`;
		var d = c.getModel().getSeriesByIndex(0).getData();
		var a = d.getItemGraphicEl(0).shape, b = d.getItemGraphicEl(1).shape;
		var ratio = b.width / a.width;
		return a.width > 20 && a.height > 20 && Math.abs(ratio - 455 / 364) < 0.03 ? "ok" : "widths " + a.width + " " + b.width;
	})()`, "ok")
	// The saved PNG carries title, unit, source and the day it was made.
	today := peil.FormatDate(peil.DateOf(time.Now()))
	check("title for the PNG", trend("goed")+`.getOption().title[0].text`, "Paspoortmaatregelen")
	check("subtitle for the PNG", `(function () {
		var s = `+trend("goed")+`.getOption().title[0].subtext;
		return s.indexOf("Eenheid: verzoeken") >= 0 && s.indexOf("Bron: ") >= 0 && s.indexOf("gemaakt op `+today+`") >= 0 ? "ok" : s;
	})()`, "ok")
	check("PNG", `(function () {
		var u = `+trend("goed")+`.getDataURL({type: "png", pixelRatio: 1});
		return u.indexOf("data:image/png;base64,") === 0 && u.length > 10000 ? "ok" : u.slice(0, 40);
	})()`, "ok")

	// The tooltip of a point shows the Go-made Dutch text.
	showTip := func(section, series string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(function () {
			var el = document.querySelector('#`+section+`-Trend div.chart');
			var c = echarts.getInstanceByDom(el);
			var i = c.getOption().series.findIndex(function (s) { return s.name === '`+series+`'; });
			c.dispatchAction({type: 'showTip', seriesIndex: i, dataIndex: 0});
			return el.textContent;
		})()`))
		if err != nil {
			t.Fatalf("show tooltip of %s %s: %v", section, series, err)
		}
		return v
	}
	tip := showTip("goed", "Circa")
	for _, want := range []string{"Paspoortmaatregelen", "Waarde: ongeveer 300 (circa)",
		"Periode: 1 oktober 2016 – 13 februari 2017", "Rapport van 1 maart 2017"} {
		if !strings.Contains(tip, want) {
			t.Errorf("tooltip %q lacks %q", tip, want)
		}
	}
	// Hovering an event line shows the event's tooltip.
	at, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`(function () {
		var el = document.querySelector('#goed-Trend div.chart');
		var c = echarts.getInstanceByDom(el);
		c.dispatchAction({type: 'hideTip'});
		var r = el.getBoundingClientRect();
		var p = c.convertToPixel({xAxisIndex: 0, yAxisIndex: 0}, [new Date(2016, 6, 1).getTime(), 1000]);
		return [r.left + p[0], r.top + p[1]];
	})()`))
	if err != nil || len(at) != 2 {
		t.Fatalf("locate the event line: %v %v", at, err)
	}
	if err := chromedp.Do(ctx,
		chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, at[0]-20, at[1]),
		chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, at[0], at[1]),
	); err != nil {
		t.Fatalf("move the mouse: %v", err)
	}
	hover, err := chromedp.Run(ctx, chromedp.Poll[string](`(function () {
		var t = document.querySelector('#goed-Trend div.chart').textContent;
		return t.indexOf("in werking getreden") >= 0 ? t : "";
	})()`, chromedp.WithPollingTimeout(5*time.Second)))
	if err != nil {
		t.Errorf("hover over the event line: no event tooltip (%v)", err)
	} else if !strings.Contains(hover, "Wet in werking") || !strings.Contains(hover, "1 juli 2016 · in werking getreden") {
		t.Errorf("event tooltip = %q; want the label and 1 juli 2016 · in werking getreden", hover)
	}

	// A hostile sentence shows as text and creates no element.
	tip = showTip("kwaad", "Circa")
	if !strings.Contains(tip, "Zin "+evilScript+" en "+evilImg) {
		t.Errorf("hostile tooltip %q does not show the sentence as text", tip)
	}
	check("img elements", `document.querySelectorAll("img").length`, 0)
	check("script elements", `document.querySelectorAll("script").length`, 1+2*(2*4+3)) // echarts + 2 per chart
	check("alerts", `window.__alerts`, 0)

	// Keep a picture of the page (hostile tooltip open).
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	file := filepath.Join(browsertest.ScreenshotDir(t), "charts.png")
	if err := os.WriteFile(file, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot %s", file)

	for _, e := range got.Problems() {
		t.Errorf("browser reported %s", e)
	}
	requests := got.Requests()
	for _, u := range requests {
		if !strings.HasPrefix(u, srv.URL+"/") && !strings.HasPrefix(u, "data:") {
			t.Errorf("page requested %s, not from the test server", u)
		}
	}
	if len(requests) < 2 {
		t.Errorf("saw %d requests; want the page and echarts.min.js: %v", len(requests), requests)
	}
}
