package server

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/peil-dev/peil"
	"github.com/peil-dev/peil/analytics"
	"github.com/peil-dev/peil/internal/corpusdb"
)

// BenchmarkFirstOverview is the first GET / after `peil serve` starts on the
// store of 1,000 synthetic reports: a freshly opened read-only database (its
// series cache empty) and a fresh server, so every query of the page runs.
// Target: at most 100 ms. Opening the database is outside the timer.
//
// The sub-benchmark key-series-one-by-one is the baseline in the same run:
// reading the key indicators' series one query each, as the overview did
// before it read them with one AllSeries. after-warm-up is the first GET /
// once the server's background warm-up (as at serve start) is done.
func BenchmarkFirstOverview(b *testing.B) {
	path := corpusdb.File(b, 1000)
	open := func() *analytics.DB {
		db, err := analytics.Open(context.Background(), path, analytics.Options{ReadOnly: true})
		if err != nil {
			b.Fatal(err)
		}
		return db
	}
	// firstGet times the first GET / of a fresh server on a freshly opened
	// database; with warm, after the server's background warm-up (as `peil
	// serve` starts it when listening) is done.
	firstGet := func(b *testing.B, warm bool) {
		for b.Loop() {
			b.StopTimer()
			db := open()
			s := New(services(db), Options{})
			if warm {
				<-s.warm(context.Background())
			}
			h := s.Handler()
			req := httptest.NewRequest(http.MethodGet, "/", nil)
			rec := httptest.NewRecorder()
			b.StartTimer()
			h.ServeHTTP(rec, req)
			b.StopTimer()
			if rec.Code != http.StatusOK {
				b.Fatalf("GET / = %d", rec.Code)
			}
			db.Close()
			b.StartTimer()
		}
	}
	b.Run("overview", func(b *testing.B) { firstGet(b, false) })
	b.Run("after-warm-up", func(b *testing.B) { firstGet(b, true) })
	b.Run("key-series-one-by-one", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			db := open()
			ctx := context.Background()
			b.StartTimer()
			inds, err := db.Indicators(ctx, 0)
			if err != nil {
				b.Fatal(err)
			}
			for _, ind := range inds {
				if ind.Key {
					if _, err := db.Series(ctx, ind.ID); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.StopTimer()
			db.Close()
			b.StartTimer()
		}
	})
	b.Run("key-series-at-once", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			db := open()
			ctx := context.Background()
			b.StartTimer()
			inds, err := db.Indicators(ctx, 0)
			if err != nil {
				b.Fatal(err)
			}
			var ids []peil.IndicatorID
			for _, ind := range inds {
				if ind.Key {
					ids = append(ids, ind.ID)
				}
			}
			if _, err := db.AllSeries(ctx, ids); err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			db.Close()
			b.StartTimer()
		}
	})
}
