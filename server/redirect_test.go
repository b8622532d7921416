package server

import (
	"net/http"
	"testing"
)

// A redirect gin makes itself (a trailing slash) carries the security headers
// of every other response.
func TestRedirectHasSecurityHeaders(t *testing.T) {
	ts := newTestServer(t, nil)
	client := *ts.Client()
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	res, err := client.Get(ts.URL + "/maatregelen/")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusMovedPermanently {
		t.Fatalf("GET /maatregelen/ = %d; want 301", res.StatusCode)
	}
	for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy"} {
		if res.Header.Get(h) == "" {
			t.Errorf("301 without %s", h)
		}
	}
}
