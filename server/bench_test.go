package server

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/gin-gonic/gin"
)

// benchGet serves GET path on h b.N times and checks the status.
func benchGet(b *testing.B, h http.Handler, path string) {
	b.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("GET %s = %d", path, rec.Code)
		}
	}
}

// BenchmarkAPISeries is /api/series/{id} as the load test sees it: from the
// response cache, through every middleware.
func BenchmarkAPISeries(b *testing.B) {
	h := New(services(newTestDB(b)), Options{}).Handler()
	benchGet(b, h, "/api/series/passport_measures")
}

// BenchmarkAPISeriesUncached is the first request for a series: the DuckDB
// query and the JSON encoding (a fresh server per request, so no cache).
func BenchmarkAPISeriesUncached(b *testing.B) {
	db := newTestDB(b)
	req := httptest.NewRequest(http.MethodGet, "/api/series/passport_measures", nil)
	for b.Loop() {
		rec := httptest.NewRecorder()
		New(services(db), Options{}).Handler().ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("GET = %d", rec.Code)
		}
	}
}

var benchPages = []string{"/", "/indicatoren/passport_measures", "/maatregelen/7", "/vergelijken"}

// BenchmarkPages renders each page from its cached data (the template and the
// middleware), as every request after the first does.
func BenchmarkPages(b *testing.B) {
	h := New(services(newTestDB(b)), Options{}).Handler()
	for _, path := range benchPages {
		b.Run(path, func(b *testing.B) { benchGet(b, h, path) })
	}
}

// BenchmarkPagesUncached is the first request for each page: its queries,
// charts and template (a fresh server per request).
func BenchmarkPagesUncached(b *testing.B) {
	db := newTestDB(b)
	for _, path := range benchPages {
		b.Run(path, func(b *testing.B) {
			req := httptest.NewRequest(http.MethodGet, path, nil)
			for b.Loop() {
				rec := httptest.NewRecorder()
				New(services(db), Options{}).Handler().ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("GET %s = %d", path, rec.Code)
				}
			}
		})
	}
}

// BenchmarkBaseline is the yardstick of the benchmarks above, measured in the
// same run: a bare gin engine answering a small JSON object through
// httptest, as the load test's baseline does over the network.
func BenchmarkBaseline(b *testing.B) {
	e := gin.New()
	e.GET("/ping", func(c *gin.Context) { c.JSON(http.StatusOK, gin.H{"message": "pong"}) })
	benchGet(b, e, "/ping")
}
