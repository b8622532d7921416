package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/peil-dev/peil/server"
)

// assetRefs finds what a page loads: scripts, style sheets and icons.
var assetRefs = regexp.MustCompile(`<(?:script|link)[^>]+(?:src|href)="(/[^"]+)"`)

// BenchmarkFirstVisit is a browser's first visit to / of `peil serve` on the
// embedded sample (as make run serves it): the page and everything it loads,
// with Accept-Encoding gzip and nothing cached. It reports the bytes
// transferred (bodies as sent) as B/visit. Target: at most 400 KB.
func BenchmarkFirstVisit(b *testing.B) {
	ctx := context.Background()
	m := &Main{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: io.Discard, Getenv: func(string) string { return "" }}
	db, err := m.openSampleDB(ctx)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	ts := httptest.NewServer(server.New(services(db), server.Options{}).Handler())
	defer ts.Close()
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	fetch := func(path string) []byte {
		req, err := http.NewRequest(http.MethodGet, ts.URL+path, nil)
		if err != nil {
			b.Fatal(err)
		}
		req.Header.Set("Accept-Encoding", "gzip, deflate, br")
		res, err := client.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		defer res.Body.Close()
		body, err := io.ReadAll(res.Body)
		if err != nil || res.StatusCode != http.StatusOK {
			b.Fatalf("GET %s = %d, %v", path, res.StatusCode, err)
		}
		return body
	}
	var total int
	for b.Loop() {
		page := fetch("/")
		total = len(page)
		html := gunzipped(b, page)
		refs := assetRefs.FindAllSubmatch(html, -1)
		if len(refs) < 3 {
			b.Fatalf("found %d assets on /; the pattern is broken", len(refs))
		}
		for _, r := range refs {
			total += len(fetch(string(bytes.ReplaceAll(r[1], []byte("&amp;"), []byte("&")))))
		}
	}
	b.ReportMetric(float64(total), "B/visit")
}

func gunzipped(b *testing.B, body []byte) []byte {
	b.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(body))
	if err != nil {
		b.Fatalf("the page is not gzipped: %v", err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		b.Fatal(err)
	}
	return out
}
