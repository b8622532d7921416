package server

import (
	"net/http"
	"strings"
	"testing"
)

// Weak and strong entity tags on every kind of response (a page, JSON, the
// precompressed script), in both encodings. RFC 9110: If-None-Match compares
// weakly, so W/"H" matches our strong "H" and gives 304, but only for the
// representation it names ("H-gzip" is the gzipped bytes, never the identity
// ones); If-Match compares strongly, so a weak tag never matches (412).
func TestETagsEveryRepresentation(t *testing.T) {
	ts := newTestServer(t, nil)
	for _, path := range []string{"/maatregelen/1", "/api/series/passport_measures", "/static/echarts.min.js"} {
		for _, enc := range []string{"identity", "gzip"} {
			other := map[string]string{"identity": "gzip", "gzip": "identity"}[enc]
			h := func(kv ...string) http.Header {
				out := http.Header{"Accept-Encoding": {enc}}
				for i := 0; i < len(kv); i += 2 {
					out.Set(kv[i], kv[i+1])
				}
				return out
			}
			first, _ := rawFetch(t, ts, http.MethodGet, path, h())
			tag := first.Header.Get("ETag")
			if !strings.HasPrefix(tag, `"`) || strings.HasSuffix(tag, gzipSuffix+`"`) != (enc == "gzip") {
				t.Fatalf("%s (%s): ETag %q", path, enc, tag)
			}
			otherRes, _ := rawFetch(t, ts, http.MethodGet, path, http.Header{"Accept-Encoding": {other}})
			otherTag := otherRes.Header.Get("ETag")
			for _, c := range []struct {
				name   string
				method string
				header http.Header
				status int
			}{
				{"If-None-Match strong", http.MethodGet, h("If-None-Match", tag), http.StatusNotModified},
				{"If-None-Match weak", http.MethodGet, h("If-None-Match", "W/"+tag), http.StatusNotModified},
				{"If-None-Match weak, HEAD", http.MethodHead, h("If-None-Match", "W/"+tag), http.StatusNotModified},
				{"If-None-Match weak, other encoding's tag", http.MethodGet, h("If-None-Match", "W/"+otherTag), http.StatusOK},
				{"If-None-Match *", http.MethodGet, h("If-None-Match", "*"), http.StatusNotModified},
				{"If-Match strong", http.MethodGet, h("If-Match", tag), http.StatusOK},
				{"If-Match weak", http.MethodGet, h("If-Match", "W/"+tag), http.StatusPreconditionFailed},
			} {
				res, _ := rawFetch(t, ts, c.method, path, c.header)
				if res.StatusCode != c.status {
					t.Errorf("%s %s (%s), %s: %d; want %d", c.method, path, enc, c.name, res.StatusCode, c.status)
				}
				if res.StatusCode == http.StatusNotModified && res.Header.Get("ETag") != tag {
					t.Errorf("%s %s (%s), %s: 304 with ETag %q; want %q", c.method, path, enc, c.name, res.Header.Get("ETag"), tag)
				}
			}
		}
	}
}
