package server

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/peil-dev/peil/internal/browsertest"
)

// phoneWidth is the narrowest screen every page must fit, in CSS pixels.
const phoneWidth = 390

// pageLoaded is truthy once the document is complete and every chart has a
// canvas (pages without charts at once).
const pageLoaded = `(function () {
	if (document.readyState !== "complete") { return null; }
	var divs = document.querySelectorAll("div.chart:not(.chart-empty)");
	for (var i = 0; i < divs.length; i++) {
		if (!divs[i].querySelector("canvas")) { return null; }
	}
	return {charts: divs.length};
})()`

// waitLoaded waits until pageLoaded holds in tab.
func waitLoaded(t *testing.T, tab context.Context, path string) {
	t.Helper()
	if _, err := chromedp.Run(tab, chromedp.Poll[struct{ Charts int }](pageLoaded,
		chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(30*time.Second))); err != nil {
		t.Fatalf("%s: not loaded within 30s: %v", path, err)
	}
}

// openTab opens path in a new tab of browser and returns the tab and its log.
func openTab(t *testing.T, browser context.Context, url string, actions ...chromedp.Action[chromedp.Void]) (context.Context, *browsertest.Log) {
	t.Helper()
	tab, closeTab := chromedp.NewContext(browser)
	t.Cleanup(closeTab)
	var got browsertest.Log
	if err := chromedp.Listen(tab, got.Record); err != nil {
		t.Fatalf("open tab: %v", err)
	}
	if err := chromedp.Do(tab, append(actions, chromedp.Navigate(url))...); err != nil {
		t.Fatalf("open %s: %v", url, err)
	}
	return tab, &got
}

func saveShot(t *testing.T, name string, png []byte) {
	t.Helper()
	file := filepath.Join(browsertest.ScreenshotDir(t), name+".png")
	if err := os.WriteFile(file, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot %s", file)
}

// shotName turns a path into a file name.
func shotName(prefix, path string) string {
	r := strings.NewReplacer("/", "_", "?", "_", "&", "_", "=", "-")
	name := strings.Trim(r.Replace(path), "_")
	if name == "" {
		name = "overzicht"
	}
	return prefix + "-" + name
}

// TestBrowserPhoneWidth opens every page in a 390 px wide phone viewport and
// checks that nothing makes the page wider (document.scrollingElement's
// scrollWidth): wide tables scroll in their own box, selects and charts fit.
func TestBrowserPhoneWidth(t *testing.T) {
	browser := browsertest.Start(t, phoneWidth, 844, 4*time.Minute)
	ts := newTestServer(t, nil)
	for _, p := range append(pagePaths, struct {
		path string
		want []string
	}{"/bestaat-niet", nil}) {
		t.Run(p.path, func(t *testing.T) { checkPhoneWidth(t, browser, ts.URL, p.path, "phone") })
	}
	// The demo's pages carry long citations and addresses of other sources.
	demo := newTestServer(t, newSampleTestDB(t))
	for _, path := range []string{"/", "/indicatoren/sanctions_persons_total", "/indicatoren/passport_measures",
		"/indicatoren/local_approach_funding", "/rapportages/1", "/maatregelen/8", "/indicatoren", "/api"} {
		t.Run("demo"+path, func(t *testing.T) { checkPhoneWidth(t, browser, demo.URL, path, "phone-demo") })
	}
}

// checkPhoneWidth opens base+path in a phone's viewport and checks that the
// page is no wider than the phone and that every chart title fits.
func checkPhoneWidth(t *testing.T, browser context.Context, base, path, shot string) {
	t.Helper()
	phone := chromedp.EmulateViewport(phoneWidth, 844, chromedp.EmulateMobile, chromedp.EmulatePortrait)
	tab, got := openTab(t, browser, base+path, phone)
	waitLoaded(t, tab, path)
	width, err := chromedp.Run(tab, chromedp.Evaluate[int](`document.scrollingElement.scrollWidth`))
	if err != nil {
		t.Fatal(err)
	}
	if width > phoneWidth {
		wide, _ := chromedp.Run(tab, chromedp.Evaluate[string](widestElements))
		t.Errorf("%s: page is %d px wide at a %d px screen; widest elements:\n%s", path, width, phoneWidth, wide)
	}
	titles, err := chromedp.Run(tab, chromedp.Evaluate[[]string](chartTitlesFit))
	if err != nil {
		t.Fatal(err)
	}
	for _, problem := range titles {
		t.Errorf("%s at %d px: %s", path, phoneWidth, problem)
	}
	if png, err := chromedp.Run(tab, chromedp.FullScreenshot(100)); err == nil {
		saveShot(t, shotName(shot, path), png)
	}
	for _, problem := range got.Problems() {
		if path != "/bestaat-niet" { // its 404 is logged
			t.Errorf("%s: %s", path, problem)
		}
	}
}

// chartTitlesFit lists what is wrong with the titles of the drawn charts: a
// title or subtitle that is not the whole text of the chart's options (only
// wrapped onto lines), or a title that reaches past the chart or under its
// toolbox, as echarts laid them out.
const chartTitlesFit = `(function () {
	var out = [];
	function box(c, kind) {
		var m = c.getModel().getComponent(kind);
		var v = m && c.getViewOfComponentModel(m);
		if (!v) { return null; }
		var r = v.group.getBoundingRect().clone();
		if (v.group.transform) { r.applyTransform(v.group.transform); }
		return r;
	}
	function words(s) { return s.replace(/gemaakt\sop\s[\s\S]*$/, "").split(/\s+/).join(" "); }
	document.querySelectorAll("div.chart:not(.chart-empty)").forEach(function (el) {
		var c = echarts.getInstanceByDom(el);
		var o = JSON.parse(document.getElementById(el.id + "-options").textContent);
		if (!c || !o.title || !o.title.text) { return; }
		var t = c.getOption().title[0];
		if (t.text.split("\n").join(" ") !== o.title.text) { out.push(el.id + ": title " + JSON.stringify(t.text) + ", not " + JSON.stringify(o.title.text)); }
		if (words(t.subtext) !== words(o.title.subtext)) { out.push(el.id + ": subtitle " + JSON.stringify(t.subtext)); }
		var title = box(c, "title"), tools = box(c, "toolbox");
		if (!title) { out.push(el.id + ": no title drawn"); return; }
		if (title.x < 0 || title.x + title.width > el.clientWidth) {
			out.push(el.id + ": title from " + Math.round(title.x) + " to " + Math.round(title.x + title.width) + " px in a chart of " + el.clientWidth);
		}
		if (tools && title.y < tools.y + tools.height) {
			var first = t.text.split("\n")[0], ctx = document.createElement("canvas").getContext("2d");
			ctx.font = "bold 14px sans-serif";
			if (title.x + ctx.measureText(first).width > tools.x) { out.push(el.id + ": title runs under the toolbox: " + JSON.stringify(first)); }
		}
	});
	return out;
})()`

// widestElements names the elements that reach past the screen, for the
// message when a page is too wide.
const widestElements = `(function () {
	var out = [], w = document.documentElement.clientWidth;
	document.querySelectorAll("body *").forEach(function (el) {
		var r = el.getBoundingClientRect();
		if (r.right > w + 1 && out.length < 12) {
			var inScroll = el.closest(".table-scroll, pre");
			if (!inScroll || inScroll === el) {
				out.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + "." + el.className + " right=" + Math.round(r.right));
			}
		}
	});
	return out.join("\n");
})()`

// TestBrowserSearchAsYouType types into the search box of /indicatoren and
// into the header's, and checks that the table narrows and the suggestions
// appear without a request for another page.
func TestBrowserSearchAsYouType(t *testing.T) {
	browser := browsertest.Start(t, 1280, 900, 2*time.Minute)
	ts := newTestServer(t, nil)
	tab, got := openTab(t, browser, ts.URL+"/indicatoren")
	waitLoaded(t, tab, "/indicatoren")
	total, err := chromedp.Run(tab, chromedp.Evaluate[int](`document.querySelectorAll("#index-table tbody tr").length`))
	if err != nil || total < 5 {
		t.Fatalf("%d rows (%v)", total, err)
	}
	if err := chromedp.Do(tab, chromedp.SendKeys(chromedp.ID("index-q"), "pasp")); err != nil {
		t.Fatal(err)
	}
	shown, err := chromedp.Run(tab, chromedp.Poll[[]string](`(function () {
		var ids = [];
		document.querySelectorAll("#index-table tbody tr").forEach(function (tr) {
			if (!tr.hidden && tr.offsetParent !== null) { ids.push(tr.getAttribute("data-id")); }
		});
		return ids.length > 0 && ids.length < `+itoa(total)+` ? ids : null;
	})()`, chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(10*time.Second)))
	if err != nil {
		t.Fatalf("the table did not narrow as \"pasp\" was typed: %v", err)
	}
	if !contains(shown, "passport_measures") || contains(shown, "criminal_investigations") {
		t.Errorf("typing \"pasp\" shows %v", shown)
	}
	state, err := chromedp.Run(tab, chromedp.Evaluate[[]string](
		`[document.getElementById("index-count").textContent, location.search]`))
	if err != nil || len(state) != 2 || !strings.HasPrefix(state[0], itoa(len(shown))+" van ") || state[1] != "?q=pasp" {
		t.Errorf("count and address after typing: %q (%v)", state, err)
	}
	if png, err := chromedp.Run(tab, chromedp.CaptureScreenshot()); err == nil {
		saveShot(t, "search-index", png)
	}

	// The header's box on another page suggests as you type.
	tab2, got2 := openTab(t, browser, ts.URL+"/maatregelen/1")
	waitLoaded(t, tab2, "/maatregelen/1")
	if err := chromedp.Do(tab2, chromedp.SendKeys(chromedp.ID("site-q"), "strafr")); err != nil {
		t.Fatal(err)
	}
	links, err := chromedp.Run(tab2, chromedp.Poll[[]string](`(function () {
		var l = document.getElementById("site-suggestions");
		if (!l || l.hidden) { return null; }
		return Array.prototype.map.call(l.querySelectorAll("a"), function (a) { return a.getAttribute("href"); });
	})()`, chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(10*time.Second)))
	if err != nil {
		t.Fatalf("no suggestions for \"strafr\": %v", err)
	}
	if !contains(links, "/indicatoren/criminal_investigations") || !contains(links, "/indicatoren?q=strafr") {
		t.Errorf("suggestions for \"strafr\": %v", links)
	}
	if png, err := chromedp.Run(tab2, chromedp.CaptureScreenshot()); err == nil {
		saveShot(t, "search-suggestions", png)
	}
	for _, l := range []*browsertest.Log{got, got2} {
		for _, problem := range l.Problems() {
			t.Error(problem)
		}
	}
}

// TestBrowserPrint emulates print media on an indicator and a measure page:
// navigation, search, the download bar and the charts' download icons are
// gone, the address and the date are printed, and every chart fits the width
// of the page.
// printMedia makes a tab lay its page out for paper (the print media query).
var printMedia = chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
	_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
	return err
})

func TestBrowserPrint(t *testing.T) {
	browser := browsertest.Start(t, 1280, 900, 2*time.Minute)
	ts := newTestServer(t, nil)
	for _, path := range []string{"/indicatoren/passport_measures", "/maatregelen/7", "/"} {
		t.Run(path, func(t *testing.T) {
			tab, _ := openTab(t, browser, ts.URL+path)
			waitLoaded(t, tab, path)
			if err := chromedp.Do(tab, printMedia); err != nil {
				t.Fatal(err)
			}
			// The media query's change event comes a frame later: wait for
			// the toolboxes to go (the check below says which stayed).
			_, _ = chromedp.Run(tab, chromedp.Poll[bool](`(function () {
				return [].every.call(document.querySelectorAll("div.chart:not(.chart-empty)"), function (d) {
					var tb = echarts.getInstanceByDom(d).getOption().toolbox;
					return !tb || !tb.length || tb[0].show === false || !tb[0].feature || !tb[0].feature.saveAsImage;
				}) || null;
			})()`, chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(5*time.Second)))
			state, err := chromedp.Run(tab, chromedp.Evaluate[map[string]any](`(function () {
				function shown(sel) { var e = document.querySelector(sel); return !!e && getComputedStyle(e).display !== "none"; }
				var main = document.querySelector("main").getBoundingClientRect().width, widest = 0, tools = 0, charts = 0;
				document.querySelectorAll("div.chart:not(.chart-empty)").forEach(function (d) {
					var c = echarts.getInstanceByDom(d), tb = c && c.getOption().toolbox;
					charts++;
					var save = tb && tb.length && tb[0].feature && tb[0].feature.saveAsImage;
					if (save && save.show !== false && tb[0].show !== false) { tools++; }
				});
				document.querySelectorAll("div.chart").forEach(function (d) { widest = Math.max(widest, d.getBoundingClientRect().width); });
				return {nav: shown("header.top nav"), search: shown(".site-search"), downloads: shown(".downloads"),
					printed: shown("#printed"), text: document.getElementById("printed").textContent,
					main: main, widest: widest, tools: tools, charts: charts, page: document.scrollingElement.scrollWidth, screen: document.documentElement.clientWidth};
			})()`))
			if err != nil {
				t.Fatal(err)
			}
			for _, k := range []string{"nav", "search", "downloads"} {
				if state[k] != false {
					t.Errorf("%s in print: %s is shown", path, k)
				}
			}
			// The toolbox (the PNG download icon) is drawn in the canvas, out
			// of the style sheet's reach: the charts' script hides it.
			if n, _ := state["tools"].(float64); n != 0 {
				t.Errorf("%s in print: %.0f of %v charts show their toolbox", path, n, state["charts"])
			}
			text, _ := state["text"].(string)
			if state["printed"] != true || !strings.Contains(text, path) || !strings.Contains(text, " op ") {
				t.Errorf("%s in print: the address and date are not printed: %v %q", path, state["printed"], text)
			}
			if w, m := state["widest"].(float64), state["main"].(float64); w > m+1 {
				t.Errorf("%s in print: a chart is %.0f px wide in a page of %.0f", path, w, m)
			}
			if png, err := chromedp.Run(tab, chromedp.FullScreenshot(100)); err == nil {
				saveShot(t, shotName("print", path), png)
			}
		})
	}
}

// On paper a page of a paged list still says which page it is and which rows
// it holds ("pagina 2 van 3 (51–100 van 120)"), for a reader citing a
// printout; its Vorige and Volgende links are left off.
func TestBrowserPrintPager(t *testing.T) {
	if testing.Short() {
		t.Skip("stores 120 synthetic reports")
	}
	p := newPagingStore(t)
	p.grow(t)
	ts := httptest.NewServer(p.srv.Handler())
	t.Cleanup(ts.Close)
	browser := browsertest.Start(t, 1280, 900, 2*time.Minute)
	const path = "/rapportages?pagina=2"
	tab, _ := openTab(t, browser, ts.URL+path)
	waitLoaded(t, tab, path)
	if err := chromedp.Do(tab, printMedia); err != nil {
		t.Fatal(err)
	}
	state, err := chromedp.Run(tab, chromedp.Evaluate[map[string]any](`(function () {
		var where = document.querySelector(".pager .where"), links = 0;
		document.querySelectorAll(".pager a, .pager .off").forEach(function (e) {
			if (e.getClientRects().length > 0) { links++; } // laid out, so printed
		});
		return {where: !!where && where.getClientRects().length > 0,
			text: where ? where.textContent : "", links: links};
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	if text, _ := state["text"].(string); state["where"] != true || !strings.Contains(text, "pagina 2 van 3") || !strings.Contains(text, "51–100 van 120") {
		t.Errorf("%s in print: the pager's place is not printed: %v %q", path, state["where"], text)
	}
	if n, _ := state["links"].(float64); n != 0 {
		t.Errorf("%s in print: %.0f of the pager's links are printed", path, n)
	}
}

// TestBrowserCompareForm opens /vergelijken on a wide screen: the two report
// pickers and the search stand on one line, and each picker names a report by
// its date first, so that the part that sets reports apart is not cut off.
func TestBrowserCompareForm(t *testing.T) {
	browser := browsertest.Start(t, 1440, 900, 2*time.Minute)
	ts := newTestServer(t, nil)
	tab, got := openTab(t, browser, ts.URL+"/vergelijken")
	waitLoaded(t, tab, "/vergelijken")
	form, err := chromedp.Run(tab, chromedp.Evaluate[struct {
		Bottoms []int
		Shown   []string
		Widths  []int
	}](`(function () {
		var out = {Bottoms: [], Shown: [], Widths: []};
		["select[name=van]", "select[name=tot]", "input[name=zoek]"].forEach(function (q) {
			var el = document.querySelector(q);
			out.Bottoms.push(Math.round(el.getBoundingClientRect().bottom));
			if (el.tagName === "SELECT") {
				out.Shown.push(el.options[el.selectedIndex].text);
				out.Widths.push(Math.round(el.getBoundingClientRect().width));
			}
		});
		return out;
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	if len(form.Bottoms) != 3 || spread(form.Bottoms) > 2 {
		t.Errorf("/vergelijken at 1440 px: Van, Tot and the search end at %v px; want one line", form.Bottoms)
	}
	dateFirst := regexp.MustCompile(`^\d{1,2} \p{L}+ \d{4} · `)
	for i, text := range form.Shown {
		if !dateFirst.MatchString(text) {
			t.Errorf("/vergelijken: picker %d shows %q (%d px wide); want the date first", i+1, text, form.Widths[i])
		}
	}
	for _, problem := range got.Problems() {
		t.Errorf("/vergelijken: %s", problem)
	}
	if png, err := chromedp.Run(tab, chromedp.CaptureScreenshot()); err == nil {
		saveShot(t, "wide-vergelijken", png)
	}
}

// spread is the largest minus the smallest of xs.
func spread(xs []int) int {
	lo, hi := xs[0], xs[0]
	for _, x := range xs {
		lo, hi = min(lo, x), max(hi, x)
	}
	return hi - lo
}
