package server

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// apiPaths are the API routes the tests visit.
var apiPaths = []string{
	"/api/reports",
	"/api/measures",
	"/api/measures/1",
	"/api/measures/7",
	"/api/indicators",
	"/api/indicators?measure=1",
	"/api/series/criminal_investigations",
	"/api/series/passport_measures",
	"/api/events",
	"/api/events?measure=4",
	"/api/compare",
	"/api/compare?from=1&to=3",
	"/api/review",
	"/api/review?status=open",
	"/api/catalog",
	"/api/openapi.json",
}

// TestXSS checks that the report text of the XSS fixture, whose titles,
// statuses and sentences hold script and img tags, shows as text everywhere:
// never a literal tag in a page or response, and escaped where it is shown.
func TestXSS(t *testing.T) {
	ts := newTestServer(t, nil)
	literal := []string{"<script>alert", "<img src=x", "onerror=alert(1)>", xssScript, xssImg}
	check := func(path, body string) {
		t.Helper()
		for _, l := range literal {
			if strings.Contains(body, l) {
				i := strings.Index(body, l)
				t.Errorf("GET %s: literal %q in the response near %q", path, l, body[max(0, i-80):min(len(body), i+80)])
			}
		}
	}
	for _, p := range pagePaths {
		check(p.path, get(t, ts, p.path, http.StatusOK).Body)
	}
	for _, p := range apiPaths {
		check(p, get(t, ts, p, http.StatusOK).Body)
	}

	// The payloads are shown, escaped, where the report text appears.
	htmlEscaped := []string{"&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=alert(1)&gt;"}
	for _, path := range []string{"/", "/maatregelen/1", "/indicatoren/criminal_investigations", "/vergelijken"} {
		body := get(t, ts, path, http.StatusOK).Body
		if missing, ok := containsAll(body, htmlEscaped...); !ok {
			t.Errorf("GET %s does not show %q as text", path, missing)
		}
	}

	// JSON escapes < and >, and decodes to the original text.
	res := get(t, ts, "/api/measures/1", http.StatusOK)
	if !strings.Contains(res.Body, `\u003cimg src=x onerror=alert(1)\u003e`) {
		t.Errorf("GET /api/measures/1 does not escape the img tag as \\u003c…\\u003e")
	}
	var m measureDetail
	if err := json.Unmarshal([]byte(res.Body), &m); err != nil {
		t.Fatalf("decode /api/measures/1: %v", err)
	}
	var found bool
	for _, st := range m.Statuses {
		found = found || strings.Contains(st.Status, xssImg)
	}
	if !found {
		t.Errorf("GET /api/measures/1: no status holds %q after decoding: %+v", xssImg, m.Statuses)
	}
}
