package server

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/peil-dev/peil/analytics"
	"github.com/peil-dev/peil/internal/corpusdb"
)

// The caches never take more than their budget, however many pairs of
// reports clients compare (each pair is a page and a JSON response of its
// own; 1,500 pairs once took 900 MB), and they still keep what fits.
func TestCacheBudget(t *testing.T) {
	db, err := analytics.Open(context.Background(), corpusdb.File(t, 24), analytics.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	const budget = 1 << 20
	s := New(services(db), Options{Logger: testLogger(t), CacheBytes: budget})
	h := s.Handler()
	pairs := 0
	for from := 1; from <= 24; from++ {
		for to := from + 1; to <= 24; to += 7 {
			for _, path := range []string{fmt.Sprintf("/vergelijken?van=%d&tot=%d", from, to), fmt.Sprintf("/api/compare?from=%d&to=%d", from, to)} {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
				if rec.Code != http.StatusOK {
					t.Fatalf("GET %s = %d", path, rec.Code)
				}
			}
			pairs++
			if m, j := s.caches.memos.Used(), s.caches.json.Used(); m > s.caches.memos.Budget() || j > s.caches.json.Budget() || m+j > budget {
				t.Fatalf("after %d pairs: %d bytes of page data and %d of JSON kept; budget %d in all", pairs, m, j, budget)
			}
		}
	}
	m, j := s.caches.memos.Len(), s.caches.json.Len()
	t.Logf("%d pairs: %d pages (%d bytes) and %d responses (%d bytes) kept", pairs, m, s.caches.memos.Used(), j, s.caches.json.Used())
	if m == 0 || j == 0 || m >= pairs || j >= pairs {
		t.Errorf("%d pairs: %d pages and %d responses kept; want some, not all", pairs, m, j)
	}
}

// Requests that ask for a page while it is being computed wait for that
// computation: a burst computes a page once.
func TestMemoOnceForABurst(t *testing.T) {
	s := New(services(newTestDB(t)), Options{Logger: testLogger(t), CacheBytes: 1}) // nothing fits: only the sharing saves work
	var loads atomic.Int32
	release := make(chan struct{})
	load := func() (string, error) {
		loads.Add(1)
		<-release
		return "page", nil
	}
	const burst = 8
	var wg sync.WaitGroup
	results := make([]string, burst+1)
	for i := range burst + 1 {
		wg.Go(func() { results[i], _ = memo(s, "page/x", load) })
		if i == 0 {
			for loads.Load() == 0 { // the first one is loading
				time.Sleep(time.Millisecond)
			}
		}
	}
	deadline := time.Now().Add(10 * time.Second)
	for waiting(s, "page/x") < burst {
		if time.Now().After(deadline) {
			t.Fatalf("%d requests waiting; want %d", waiting(s, "page/x"), burst)
		}
		time.Sleep(time.Millisecond)
	}
	close(release)
	wg.Wait()
	if n := loads.Load(); n != 1 {
		t.Errorf("%d loads for a burst of %d; want 1", n, burst+1)
	}
	for i, r := range results {
		if r != "page" {
			t.Errorf("request %d got %q", i, r)
		}
	}
}

// waiting is the number of requests waiting for the load of key.
func waiting(s *Server, key string) int {
	s.caches.mu.Lock()
	defer s.caches.mu.Unlock()
	for id, f := range s.caches.inflight {
		if len(id) > len(key) && id[len(id)-len(key):] == key {
			return f.waiters
		}
	}
	return 0
}

// After a burst of requests the server gives memory back once no request is
// in flight, but only when the process grew.
func TestReleaseAfterBurst(t *testing.T) {
	var retained atomic.Uint64
	var releases atomic.Int32
	released := make(chan struct{}, 1)
	r := &releaser{idle: time.Millisecond, growth: 1 << 20, retained: retained.Load,
		release: func() {
			retained.Store(10 << 20)
			releases.Add(1)
			select {
			case released <- struct{}{}:
			default:
			}
		}}
	r.base = 10 << 20
	retained.Store(10 << 20)
	ts := httptest.NewServer(r.wrap(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		retained.Add(1 << 20) // each request grows the process
		w.WriteHeader(http.StatusNoContent)
	})))
	defer ts.Close()
	var wg sync.WaitGroup
	for range 12 {
		wg.Go(func() {
			res, err := ts.Client().Get(ts.URL)
			if err != nil {
				t.Error(err)
				return
			}
			res.Body.Close()
		})
	}
	wg.Wait()
	select {
	case <-released:
	case <-time.After(10 * time.Second):
		t.Fatal("no memory released after the burst")
	}
	// Stop the timer (a request that ended after the release may have set
	// it again), then check by hand.
	r.mu.Lock()
	r.timer.Stop()
	r.mu.Unlock()
	r.check() // releases what grew after the last release, if anything did
	n := releases.Load()
	r.check()
	if releases.Load() != n {
		t.Error("memory released again without growth")
	}
	// While a request is in flight, nothing is released.
	retained.Store(100 << 20)
	r.inflight.Add(1)
	r.check()
	if releases.Load() != n {
		t.Error("memory released while a request was in flight")
	}
}

// Work outside a request (the warm-up at start) counts as one: what it grew
// is given back when it is done. Before, the warm-up's garbage (130 MB on a
// store of 3,000 reports) stayed until a first request had ended.
func TestReleaseAfterWork(t *testing.T) {
	var retained atomic.Uint64
	released := make(chan struct{}, 1)
	r := &releaser{idle: time.Millisecond, growth: 1 << 20, retained: retained.Load,
		release: func() {
			retained.Store(10 << 20)
			select {
			case released <- struct{}{}:
			default:
			}
		}}
	r.base = 10 << 20
	retained.Store(10 << 20)
	r.work(func() { retained.Add(8 << 20) })
	select {
	case <-released:
	case <-time.After(10 * time.Second):
		t.Fatal("no memory released after the work")
	}

	// The server's warm-up is such work: with no growth required, its end
	// alone releases.
	s := New(services(newTestDB(t)), Options{Logger: testLogger(t)})
	warmReleased := make(chan struct{}, 1)
	s.memory = &releaser{idle: time.Millisecond, retained: func() uint64 { return 1 }, base: 1,
		release: func() {
			select {
			case warmReleased <- struct{}{}:
			default:
			}
		}}
	<-s.warm(context.Background())
	select {
	case <-warmReleased:
	case <-time.After(10 * time.Second):
		t.Fatal("no memory released after the warm-up")
	}
}

// Pages are computed a few at a time: a request that finds every slot taken
// for longer than the wait gets 503 with Retry-After, never a 500, and the
// page once a slot is free.
func TestPagesComputedAFewAtATime(t *testing.T) {
	s := New(services(newTestDB(t)), Options{Logger: testLogger(t)})
	s.pageGate = newGate(1, time.Millisecond, "andere pagina's")
	h := s.Handler()
	release, err := s.pageGate.enter(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/maatregelen/7", "/api/measures/7"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" || !strings.Contains(rec.Body.String(), "bezig met andere pagina") ||
			strings.Contains(rec.Body.String(), "andere exports") { // a page is refused for pages, not exports
			t.Errorf("GET %s with no slot free: %d, Retry-After %q, %.200s", path, rec.Code, rec.Header().Get("Retry-After"), rec.Body.String())
		}
	}
	release()
	for _, path := range []string{"/maatregelen/7", "/api/measures/7"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		if rec.Code != http.StatusOK {
			t.Errorf("GET %s with a slot free: %d", path, rec.Code)
		}
	}
}

// A load that panics (the request's recovery turns it into a 500) does not
// leave the requests that wait for it waiting forever: they load for
// themselves.
func TestMemoLoadPanics(t *testing.T) {
	s := New(services(newTestDB(t)), Options{Logger: testLogger(t)})
	var loads atomic.Int32
	release := make(chan struct{})
	go func() {
		defer func() { _ = recover() }()
		_, _ = memo(s, "page/p", func() (string, error) {
			loads.Add(1)
			<-release
			panic("boom")
		})
	}()
	for loads.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	got := make(chan string, 1)
	go func() {
		v, _ := memo(s, "page/p", func() (string, error) { return "own", nil })
		got <- v
	}()
	for waiting(s, "page/p") == 0 {
		time.Sleep(time.Millisecond)
	}
	close(release)
	select {
	case v := <-got:
		if v != "own" {
			t.Errorf("the waiting request got %q; want its own load", v)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the waiting request still waits after the load panicked")
	}
}

// /api/reports and the pages that list the reports read them from one memo:
// after either has read them, the other answers from it, even with the
// database closed (any read of it then fails).
func TestReportsListSharedMemo(t *testing.T) {
	for _, tt := range []struct{ first, then string }{
		{"/rapportages", "/api/reports?limit=2"},
		{"/api/reports", "/rapportages"},
	} {
		t.Run(tt.first, func(t *testing.T) {
			db := newTestDB(t)
			ts := newTestServer(t, db)
			get(t, ts, tt.first, http.StatusOK)
			if _, err := db.Reports(context.Background()); err != nil {
				t.Fatal(err)
			}
			if err := db.Close(); err != nil {
				t.Fatal(err)
			}
			if _, err := db.Reports(context.Background()); err == nil {
				t.Fatal("Reports on the closed database: no error")
			}
			res := fetch(t, ts, http.MethodGet, tt.then, nil, nil)
			if res.StatusCode != http.StatusOK {
				t.Errorf("GET %s after GET %s, database closed = %d; want 200 from the memo\n%s", tt.then, tt.first, res.StatusCode, truncate(res.Body, 500))
			}
		})
	}
}
