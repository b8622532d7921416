package server

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// rawFetch sends a request without the transport's transparent gzip, so the
// test sees the bytes on the wire.
func rawFetch(t *testing.T, ts *httptest.Server, method, path string, header http.Header) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, ts.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	tr := &http.Transport{DisableCompression: true}
	defer tr.CloseIdleConnections()
	res, err := (&http.Client{Transport: tr}).Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, b
}

func gunzip(t *testing.T, b []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("not gzip: %v", err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("bad gzip: %v", err)
	}
	return out
}

// TestCompression checks that pages, JSON, CSV, the script and the style sheet
// go out gzipped when the client accepts gzip, decode to the identity body,
// carry Vary and a different strong ETag than the identity representation,
// and go out plain when gzip is refused.
func TestCompression(t *testing.T) {
	ts := newTestServer(t, nil)
	for _, path := range []string{"/", "/indicatoren/criminal_investigations", "/api/indicators",
		"/api/openapi.json", "/export.csv", assetURLs["echarts"], assetURLs["css"]} {
		t.Run(path, func(t *testing.T) {
			plainRes, plain := rawFetch(t, ts, http.MethodGet, path, http.Header{"Accept-Encoding": {"identity"}})
			if plainRes.StatusCode != http.StatusOK || plainRes.Header.Get("Content-Encoding") != "" {
				t.Fatalf("identity: status %d, Content-Encoding %q", plainRes.StatusCode, plainRes.Header.Get("Content-Encoding"))
			}
			res, body := rawFetch(t, ts, http.MethodGet, path, http.Header{"Accept-Encoding": {"br;q=1.0, gzip;q=0.8"}})
			if res.StatusCode != http.StatusOK || res.Header.Get("Content-Encoding") != "gzip" {
				t.Fatalf("gzip: status %d, Content-Encoding %q", res.StatusCode, res.Header.Get("Content-Encoding"))
			}
			if !strings.Contains(res.Header.Get("Vary"), "Accept-Encoding") {
				t.Errorf("Vary = %q; want Accept-Encoding", res.Header.Get("Vary"))
			}
			if got := gunzip(t, body); !bytes.Equal(got, plain) {
				t.Errorf("gunzipped body (%d bytes) differs from the identity body (%d bytes)", len(got), len(plain))
			}
			if len(body) >= len(plain) {
				t.Errorf("gzip body %d bytes, identity %d: not compressed", len(body), len(plain))
			}
			if tag, plainTag := res.Header.Get("ETag"), plainRes.Header.Get("ETag"); path != "/export.csv" {
				if tag == "" || plainTag == "" || tag == plainTag || strings.HasPrefix(tag, "W/") {
					t.Errorf("ETags gzip %q, identity %q: want two different strong tags", tag, plainTag)
				}
			}
			_, refused := rawFetch(t, ts, http.MethodGet, path, http.Header{"Accept-Encoding": {"gzip;q=0, deflate"}})
			if !bytes.Equal(refused, plain) {
				t.Errorf("gzip;q=0: body is not the identity body")
			}
		})
	}
}

// TestEchartsPrecompressed checks that the script is sent as the gzip file make
// assets writes, and that it is much smaller than the script.
func TestEchartsPrecompressed(t *testing.T) {
	ts := newTestServer(t, nil)
	res, body := rawFetch(t, ts, http.MethodGet, assetURLs["echarts"], http.Header{"Accept-Encoding": {"gzip"}})
	if res.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("Content-Encoding = %q", res.Header.Get("Content-Encoding"))
	}
	if len(body) > 400_000 || len(echartsAsset.content) < 900_000 {
		t.Errorf("echarts.min.js: %d bytes gzipped of %d", len(body), len(echartsAsset.content))
	}
	if !bytes.Equal(body, echartsAsset.gz()) {
		t.Errorf("the gzipped script differs from the embedded one")
	}
}

// TestPageETags checks conditional requests on pages: If-None-Match with the
// page's tag (strong or weak: RFC 9110 compares weakly there) gives 304
// without a body, another tag 200; If-Match and If-Range compare strongly, so
// a weak tag is never taken for the strong one.
func TestPageETags(t *testing.T) {
	ts := newTestServer(t, nil)
	id := http.Header{"Accept-Encoding": {"identity"}}
	first, body := rawFetch(t, ts, http.MethodGet, "/maatregelen/1", id)
	tag := first.Header.Get("ETag")
	if !strings.HasPrefix(tag, `"`) || len(body) == 0 {
		t.Fatalf("ETag %q, %d bytes", tag, len(body))
	}
	with := func(k, v string) http.Header {
		return http.Header{"Accept-Encoding": {"identity"}, k: {v}}
	}
	for _, c := range []struct {
		name   string
		header http.Header
		status int
		body   bool
	}{
		{"If-None-Match strong", with("If-None-Match", tag), http.StatusNotModified, false},
		{"If-None-Match weak", with("If-None-Match", "W/"+tag), http.StatusNotModified, false},
		{"If-None-Match list", with("If-None-Match", `"x", `+tag), http.StatusNotModified, false},
		{"If-None-Match other", with("If-None-Match", `"x"`), http.StatusOK, true},
		{"If-None-Match gzip tag on identity", with("If-None-Match", variantETag(tag)), http.StatusOK, true},
		{"If-Match strong", with("If-Match", tag), http.StatusOK, true},
		{"If-Match weak", with("If-Match", "W/"+tag), http.StatusPreconditionFailed, false},
		{"If-Range weak", http.Header{"Accept-Encoding": {"identity"}, "Range": {"bytes=0-9"}, "If-Range": {"W/" + tag}}, http.StatusOK, true},
		{"If-Range strong", http.Header{"Accept-Encoding": {"identity"}, "Range": {"bytes=0-9"}, "If-Range": {tag}}, http.StatusPartialContent, true},
	} {
		res, b := rawFetch(t, ts, http.MethodGet, "/maatregelen/1", c.header)
		if res.StatusCode != c.status || (len(b) > 0) != c.body {
			t.Errorf("%s: status %d with %d bytes; want %d (body %v)", c.name, res.StatusCode, len(b), c.status, c.body)
		}
		if c.status == http.StatusOK && !bytes.Equal(b, body) {
			t.Errorf("%s: body differs from the first response", c.name)
		}
	}
}
