package server

import (
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// pagePaths are the HTML pages the tests visit, with text each must show.
var pagePaths = []struct {
	path string
	want []string
}{
	{"/", []string{"<h1>Overzicht</h1>", "Rapportages", "Fictieve rapportage voorjaar 2017", "31 maart 2017",
		"Risicoreductie uitreizigers en terugkeerders", `href="/maatregelen/1"`, `href="/indicatoren/criminal_investigations"`,
		"410", "&#43;24 (&#43;6,2%) sinds de vorige rapportage"}},
	{"/indicatoren/criminal_investigations", []string{"Strafrechtelijke onderzoeken gerelateerd aan jihadisme",
		"Alle uitspraken", "ten minste 386", "ten minste 410", "31 maart 2017", `href="/maatregelen/1"`, `class="chart`}},
	{"/indicatoren/passport_measures", []string{"Toename per periode", "circa 300", "paspoort"}},
	{"/maatregelen/1", []string{"<h1>Maatregel 1</h1>", "Risicoreductie uitreizigers en terugkeerders",
		"Stand van zaken per rapportage", "Fictieve rapportage najaar 2016", "Indicatoren", `href="/indicatoren/criminal_investigations"`}},
	{"/maatregelen/4", []string{"<h1>Maatregel 4</h1>", "Gebeurtenissen", "1 maart 2017", "in werking getreden"}},
	{"/maatregelen/7", []string{"<h1>Maatregel 7</h1>", "Voor en na", "chart-before-after",
		"1 november 2016: Gewijzigde Paspoortuitvoeringsregeling in werking getreden"}},
	{"/indicatoren/sanctions_persons_listed", []string{"afgeleid: 97 (totaal) min 30", "<td>afgeleid <span class=\"badge current\">geldend</span><br>", "Toename per periode"}},
	{"/maatregelen/38", []string{"<h1>Maatregel 38</h1>", "Geen cijfers voor deze maatregel."}},
	{"/vergelijken", []string{"<h1>Vergelijken</h1>", "tegenover", "Fictieve rapportage najaar 2017", `name="van"`}},
	{"/vergelijken?van=1&tot=2", []string{"<h1>Vergelijken</h1>", "Fictieve rapportage najaar 2016", "&#43;86 (&#43;28,7%)"}},
	{"/indicatoren", []string{"<h1>Indicatoren</h1>", `href="/indicatoren/criminal_investigations"`, "ten minste 410",
		`name="cluster"`, `name="kind"`, `name="sort"`, `form="chart-form"`, `id="index-q"`}},
	{"/indicatoren?q=PASPOORT", []string{`<tr data-id="passport_measures"`, `<tr hidden data-id="criminal_investigations"`, "Maatregelen: "}},
	{"/indicatoren?sort=naam&kind=cumulative", []string{`data-id="passport_measures"`}},
	{"/maatregelen", []string{"<h1>Maatregelen</h1>", `href="/maatregelen/7"`, "Risicoreductie uitreizigers en terugkeerders"}},
	{"/maatregelen?q=paspoort", []string{`<tr data-id="7"`, `<tr hidden data-id="1"`}},
	{"/rapportages", []string{"<h1>Rapportages</h1>", `href="/rapportages/1"`, `href="/rapportages/3"`}},
	{"/rapportages/2", []string{"Fictieve rapportage voorjaar 2017", "Cijfers per maatregel", `href="/indicatoren/criminal_investigations"`,
		"ten minste 386", "Bron", "SHA-256", `rel="prev"`, `rel="next"`, "1 maart 2017", `href="/maatregelen/4"`}},
	{"/", []string{"Wat veranderde in de laatste rapportage", `href="#cluster-risicoreductie"`, `id="cluster-risicoreductie"`,
		`href="/rapportages/3"`, "(maatregel 29)", "maatregelen 1–13"}},
	{"/indicatoren/passport_measures?van=2017-01-01", []string{`name="van" value="2017-01-01"`, "vanaf 1 januari 2017",
		`href="/export.csv?from=2017-01-01&amp;indicator=passport_measures"`, `href="/indicatoren/passport_measures">Hele periode`}},
	{"/maatregelen/7?van=2016-01-01&tot=2016-12-31", []string{`name="tot" value="2016-12-31"`,
		"1 januari 2016 tot en met 31 december 2016", `href="/export.xlsx?from=2016-01-01&amp;measure=7&amp;to=2016-12-31"`}},
	{"/grafiek?indicator=sanctions_persons_listed&indicator=sanctions_persons_total", []string{"<h1>Indicatoren samen</h1>",
		"op één as", "chart-overlay", `href="/export.csv?indicator=sanctions_persons_total"`}},
	{"/grafiek?indicator=criminal_investigations&indicator=passport_measures&van=2016-06-01", []string{"elk met een eigen grafiek",
		"chart-trend", `href="/export.csv?from=2016-06-01&amp;indicator=passport_measures"`}},
	{"/api", []string{"<h1>API</h1>", `href="/api/openapi.json"`, "/api/series/", "Voorbeeld", `&#34;points&#34;`}},
}

// pagesWithoutDownloads are pages that have no download bar.
var pagesWithoutDownloads = map[string]bool{"/api": true,
	"/grafiek?indicator=sanctions_persons_listed&indicator=sanctions_persons_total":         true,
	"/grafiek?indicator=criminal_investigations&indicator=passport_measures&van=2016-06-01": true}

func TestPages(t *testing.T) {
	ts := newTestServer(t, nil)
	for _, p := range pagePaths {
		t.Run(p.path, func(t *testing.T) {
			res := get(t, ts, p.path, http.StatusOK)
			if ct := res.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
				t.Errorf("Content-Type = %q; want text/html; charset=utf-8", ct)
			}
			if missing, ok := containsAll(res.Body, p.want...); !ok {
				t.Errorf("GET %s: page lacks %q\n%s", p.path, missing, truncate(res.Body, 4000))
			}
			if missing, ok := containsAll(res.Body, `href="/export.xlsx`, `href="/export.csv`, `href="/api/`); !ok && !pagesWithoutDownloads[p.path] {
				t.Errorf("GET %s: page lacks the download link %q", p.path, missing)
			}
		})
	}
}

// TestPagesStayOnHost checks that no page loads anything from another host
// (see checkStaysOnHost).
func TestPagesStayOnHost(t *testing.T) {
	ts := newTestServer(t, nil)
	for _, p := range append(pagePaths, struct {
		path string
		want []string
	}{"/bestaat-niet", nil}) {
		res := fetch(t, ts, http.MethodGet, p.path, nil, nil)
		checkStaysOnHost(t, "GET "+p.path, res.Body)
	}
}

// checkStaysOnHost checks that page loads nothing from another host: every
// attribute that makes the browser fetch (src, srcset, poster, data,
// background, a link element's href) and every form target (action,
// formaction) is a path on this server or a fragment, no style asks for a
// url(), and no meta element refreshes elsewhere. Links to sources on other
// hosts (a report's URL, an import's source) are allowed as plain http(s)
// links that tell the other host nothing: rel="noopener noreferrer".
func checkStaysOnHost(t *testing.T, what, page string) {
	t.Helper()
	onHost := func(u string) bool {
		return (strings.HasPrefix(u, "/") && !strings.HasPrefix(u, "//") && !strings.Contains(u, "\\")) || strings.HasPrefix(u, "#")
	}
	seen := 0
	z := html.NewTokenizer(strings.NewReader(page))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		if tt == html.TextToken {
			continue
		}
		tok := z.Token()
		if tok.Data == "style" && tt == html.StartTagToken {
			t.Errorf("%s: a style element", what)
		}
		attr := map[string]string{}
		for _, a := range tok.Attr {
			attr[a.Key] = a.Val
		}
		if tok.Data == "meta" && strings.EqualFold(attr["http-equiv"], "refresh") {
			t.Errorf("%s: a meta refresh %q", what, attr["content"])
		}
		if st, ok := attr["style"]; ok && strings.Contains(strings.ToLower(st), "url(") {
			t.Errorf("%s: <%s style=%q> loads a url()", what, tok.Data, st)
		}
		for _, a := range tok.Attr {
			switch a.Key {
			case "src", "srcset", "poster", "data", "background", "action", "formaction", "cite":
				seen++
				if !onHost(a.Val) {
					t.Errorf("%s: <%s %s=%q> is not a path on this server", what, tok.Data, a.Key, a.Val)
				}
			case "href":
				seen++
				switch {
				case onHost(a.Val):
				case tok.Data != "a":
					t.Errorf("%s: <%s href=%q> loads from another host", what, tok.Data, a.Val)
				case !strings.HasPrefix(a.Val, "https://") && !strings.HasPrefix(a.Val, "http://"):
					t.Errorf("%s: link %q is neither a path here nor an http(s) address", what, a.Val)
				case !slices.Contains(strings.Fields(attr["rel"]), "noopener") || !slices.Contains(strings.Fields(attr["rel"]), "noreferrer"):
					t.Errorf("%s: link to another host %q has rel=%q; want noopener noreferrer", what, a.Val, attr["rel"])
				}
			}
		}
	}
	if seen < 3 {
		t.Errorf("%s: found %d URL attributes; the check is broken", what, seen)
	}
}

var scriptTag = regexp.MustCompile(`(?s)<script([^>]*)>(.*?)</script>`)

// TestInlineScriptsAllowedByCSP checks every script of every page: either the
// embedded echarts from this server, a JSON data block, or an inline script
// whose hash the Content-Security-Policy allows; besides them only the search
// script from this server.
func TestInlineScriptsAllowedByCSP(t *testing.T) {
	ts := newTestServer(t, nil)
	for _, p := range pagePaths {
		res := get(t, ts, p.path, http.StatusOK)
		csp := res.Header.Get("Content-Security-Policy")
		var src, inline int
		for _, m := range scriptTag.FindAllStringSubmatch(res.Body, -1) {
			attrs, body := m[1], m[2]
			switch {
			case strings.Contains(attrs, `src="`+echartsPath+"?v="):
				src++
				if strings.TrimSpace(body) != "" {
					t.Errorf("GET %s: script with src has a body", p.path)
				}
			case strings.Contains(attrs, `src="`+searchJSPath+"?v="):
				if strings.TrimSpace(body) != "" {
					t.Errorf("GET %s: script with src has a body", p.path)
				}
			case strings.Contains(attrs, `type="application/json"`):
			default:
				inline++
				sum := sha256.Sum256([]byte(body))
				hash := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
				if !strings.Contains(csp, "script-src 'self' "+hash) {
					t.Errorf("GET %s: inline script %q… is not allowed by %q", p.path, truncate(body, 60), csp)
				}
			}
		}
		if src != 1 {
			t.Errorf("GET %s: %d script tags load echarts; want 1", p.path, src)
		}
		if strings.Contains(p.path, "indicatoren/") && inline == 0 {
			t.Errorf("GET %s: no chart script found; the check is broken", p.path)
		}
	}
}

func TestEmptyDatabase(t *testing.T) {
	ts := newTestServer(t, newEmptyTestDB(t))
	for _, tc := range []struct{ path, want string }{
		{"/", "Er zijn nog geen rapportages geladen."},
		{"/vergelijken", "Om te vergelijken zijn ten minste twee rapportages nodig; er zijn er 0 geladen."},
		{"/maatregelen/5", "Geen rapportage noemt deze maatregel."},
		{"/api/reports", "[]"},
	} {
		res := get(t, ts, tc.path, http.StatusOK)
		if !strings.Contains(res.Body, tc.want) {
			t.Errorf("GET %s on an empty database lacks %q\n%s", tc.path, tc.want, truncate(res.Body, 3000))
		}
	}
}
