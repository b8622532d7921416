package server

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/peil-dev/peil/charts"
)

func TestSecurityHeaders(t *testing.T) {
	ts := newTestServer(t, nil)
	for _, tc := range []struct {
		path   string
		status int
	}{
		{"/", 200},
		{"/indicatoren/criminal_investigations", 200},
		{"/api/reports", 200},
		{"/api/measures/x", 400},
		{"/bestaat-niet", 404},
		{echartsPath, 200},
	} {
		res := get(t, ts, tc.path, tc.status)
		csp := res.Header.Get("Content-Security-Policy")
		for _, want := range []string{
			"default-src 'self'",
			"script-src 'self' " + charts.InlineScriptHash + ";",
			"frame-ancestors 'none'",
			"object-src 'none'",
			"base-uri 'none'",
		} {
			if !strings.Contains(csp, want) {
				t.Errorf("GET %s: Content-Security-Policy %q lacks %q", tc.path, csp, want)
			}
		}
		scriptSrc := csp[strings.Index(csp, "script-src"):]
		scriptSrc = scriptSrc[:strings.Index(scriptSrc, ";")]
		for _, bad := range []string{"unsafe-inline", "unsafe-eval", "*", "http", "data:"} {
			if strings.Contains(scriptSrc, bad) {
				t.Errorf("GET %s: %q allows %s", tc.path, scriptSrc, bad)
			}
		}
		for header, want := range map[string]string{
			"X-Content-Type-Options": "nosniff",
			"Referrer-Policy":        "no-referrer",
			"X-Frame-Options":        "DENY",
		} {
			if got := res.Header.Get(header); got != want {
				t.Errorf("GET %s: %s = %q; want %q", tc.path, header, got, want)
			}
		}
	}
}

// TestReadOnly checks that only GET and HEAD are routes: other methods on a
// route give 405 with an Allow header, elsewhere 404.
func TestReadOnly(t *testing.T) {
	ts := newTestServer(t, nil)
	for _, method := range []string{http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		for _, path := range []string{"/", "/api/reports", "/api/series/criminal_investigations", "/export.xlsx"} {
			res := fetch(t, ts, method, path, nil, strings.NewReader("x=1"))
			if res.StatusCode != http.StatusMethodNotAllowed {
				t.Errorf("%s %s = %d; want 405", method, path, res.StatusCode)
			}
			if allow := res.Header.Get("Allow"); allow != "GET, HEAD" {
				t.Errorf("%s %s: Allow = %q; want GET, HEAD", method, path, allow)
			}
			if isAPI(path) && !strings.Contains(res.Body, `"code":"method_not_allowed"`) {
				t.Errorf("%s %s: body %q is not a JSON error", method, path, res.Body)
			}
		}
		if res := fetch(t, ts, method, "/api/nergens", nil, nil); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s /api/nergens = %d; want 404", method, res.StatusCode)
		}
	}
}

func TestHead(t *testing.T) {
	ts := newTestServer(t, nil)
	for _, tc := range []struct {
		path, contentType string
		status            int
	}{
		{"/", "text/html; charset=utf-8", 200},
		{"/maatregelen/1", "text/html; charset=utf-8", 200},
		{"/api/reports", "application/json; charset=utf-8", 200},
		{"/api/series/geen_indicator", "application/json; charset=utf-8", 404},
		{echartsPath, "text/javascript; charset=utf-8", 200},
		{"/export.csv?measure=1", csvType, 200},
		{"/export.xlsx?measure=x", "text/html; charset=utf-8", 400},
	} {
		res := fetch(t, ts, http.MethodHead, tc.path, nil, nil)
		if res.StatusCode != tc.status || res.Body != "" || res.Header.Get("Content-Type") != tc.contentType {
			t.Errorf("HEAD %s = %d, %q, %d bytes; want %d, %q, no body", tc.path, res.StatusCode,
				res.Header.Get("Content-Type"), len(res.Body), tc.status, tc.contentType)
		}
	}
}

func TestBodyLimit(t *testing.T) {
	ts := newTestServer(t, nil)
	big := bytes.Repeat([]byte("a"), DefaultMaxBodyBytes+1)
	for _, path := range []string{"/", "/api/reports"} {
		res := fetch(t, ts, http.MethodGet, path, nil, bytes.NewReader(big))
		if res.StatusCode != http.StatusRequestEntityTooLarge {
			t.Errorf("GET %s with a body of %d bytes = %d; want 413", path, len(big), res.StatusCode)
		}
		if isAPI(path) && !strings.Contains(res.Body, `"code":"too_large"`) {
			t.Errorf("GET %s with a big body: %q is not a too_large JSON error", path, res.Body)
		}
		small := fetch(t, ts, http.MethodGet, path, nil, strings.NewReader("klein"))
		if small.StatusCode != http.StatusOK {
			t.Errorf("GET %s with a small body = %d; want 200", path, small.StatusCode)
		}
	}
}

// TestBodyLimitUnknownLength checks that a body sent without Content-Length
// is refused with 413 once it exceeds the limit, before any handler runs, and
// reaches the handler whole when it does not.
func TestBodyLimitUnknownLength(t *testing.T) {
	s := New(Services{}, Options{Logger: testLogger(t), MaxBodyBytes: 10})
	var read string
	var readErr error
	calls := 0
	s.engine.GET("/lezen", func(c *gin.Context) {
		calls++
		b, err := io.ReadAll(c.Request.Body)
		read, readErr = string(b), err
		c.Status(http.StatusNoContent)
	})
	req := httptest.NewRequest(http.MethodGet, "/lezen", strings.NewReader(strings.Repeat("b", 100)))
	req.ContentLength = -1
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, req)
	if rec.Code != http.StatusRequestEntityTooLarge || calls != 0 {
		t.Errorf("100 bytes of unknown length over a limit of 10: %d, handler called %d times; want 413 and no call", rec.Code, calls)
	}
	req = httptest.NewRequest(http.MethodGet, "/lezen", strings.NewReader("klein"))
	req.ContentLength = -1
	rec = httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, req)
	if rec.Code != http.StatusNoContent || read != "klein" || readErr != nil {
		t.Errorf("5 bytes of unknown length: %d, handler read %q (%v); want 204 and the whole body", rec.Code, read, readErr)
	}
}

func TestPanicRecovery(t *testing.T) {
	var logs bytes.Buffer
	s := New(Services{}, Options{Logger: slogTo(&logs)})
	s.engine.GET("/api/paniek", func(c *gin.Context) { panic("kapot") })
	s.engine.GET("/paniek", func(c *gin.Context) { panic("kapot") })
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()

	res := get(t, ts, "/api/paniek", http.StatusInternalServerError)
	var body apiError
	decode(t, "/api/paniek", res.Body, &body)
	if body.Error.Code != "internal" || strings.Contains(res.Body, "kapot") {
		t.Errorf("GET /api/paniek = %s; want an internal error without the panic's text", res.Body)
	}
	res = get(t, ts, "/paniek", http.StatusInternalServerError)
	if !strings.Contains(res.Body, "<h1>Interne fout</h1>") {
		t.Errorf("GET /paniek: no Dutch error page\n%s", res.Body)
	}
	if !strings.Contains(logs.String(), "kapot") {
		t.Errorf("the panic was not logged: %s", logs.String())
	}
	get(t, ts, "/api/openapi.json", http.StatusOK) // the server lives on
}

func TestAssets(t *testing.T) {
	ts := newTestServer(t, nil)
	page := get(t, ts, "/", http.StatusOK).Body
	for _, a := range []struct {
		asset       *staticAsset
		path, ctype string
		start       string
	}{
		{echartsAsset, echartsPath, "text/javascript; charset=utf-8", ""},
		{stylesheetAsset, stylesheetPath, "text/css; charset=utf-8", "/*"},
	} {
		versioned := a.path + "?v=" + a.asset.version
		if !strings.Contains(page, `"`+versioned+`"`) {
			t.Errorf("the overview does not load %s", versioned)
		}
		res := get(t, ts, versioned, http.StatusOK)
		if res.Header.Get("Content-Type") != a.ctype || len(res.Body) < 1000 || !strings.HasPrefix(res.Body, a.start) {
			t.Errorf("GET %s = %q, %d bytes; want %q", versioned, res.Header.Get("Content-Type"), len(res.Body), a.ctype)
		}
		if cc := res.Header.Get("Cache-Control"); cc != "public, max-age=31536000, immutable" {
			t.Errorf("GET %s: Cache-Control = %q; want a year, immutable", versioned, cc)
		}
		res = get(t, ts, a.path, http.StatusOK)
		if cc := res.Header.Get("Cache-Control"); cc != "public, max-age=3600" {
			t.Errorf("GET %s: Cache-Control = %q; want an hour", a.path, cc)
		}
		etag := res.Header.Get("ETag")
		res = fetch(t, ts, http.MethodGet, a.path, http.Header{"If-None-Match": {etag}}, nil)
		if etag == "" || res.StatusCode != http.StatusNotModified {
			t.Errorf("GET %s with If-None-Match %s = %d; want 304", a.path, etag, res.StatusCode)
		}
	}
}

// TestRequestLog checks that every request is logged with its status.
func TestRequestLog(t *testing.T) {
	var logs bytes.Buffer
	ts := httptest.NewServer(New(services(newTestDB(t)), Options{Logger: slogTo(&logs)}).Handler())
	defer ts.Close()
	get(t, ts, "/api/measures/x", http.StatusBadRequest)
	var entry map[string]any
	if err := json.Unmarshal(logs.Bytes(), &entry); err != nil {
		t.Fatalf("log %q: %v", logs.String(), err)
	}
	if entry["msg"] != "request" || entry["method"] != "GET" || entry["path"] != "/api/measures/x" || entry["status"] != float64(400) {
		t.Errorf("log entry = %v; want the request with status 400", entry)
	}
}

// TestClientGone checks that a request whose client went away gets no error
// page and is not logged as a failure.
func TestClientGone(t *testing.T) {
	var logs bytes.Buffer
	h := New(services(newTestDB(t)), Options{Logger: slogTo(&logs)}).Handler()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequestWithContext(ctx, http.MethodGet, "/api/series/passport_measures", nil))
	if rec.Code != 499 || rec.Body.Len() != 0 {
		t.Errorf("GET with a canceled context = %d, %q; want 499 without body", rec.Code, rec.Body.String())
	}
	if strings.Contains(logs.String(), `"level":"ERROR"`) {
		t.Errorf("a canceled request was logged as an error: %s", logs.String())
	}
}
