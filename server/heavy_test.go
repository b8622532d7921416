package server

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// An export that finds every slot taken for longer than the wait gets 503
// with Retry-After and a Dutch message (JSON under /api is not involved:
// exports are pages), and runs once a slot is free.
func TestExportBusyIs503(t *testing.T) {
	s := New(services(newTestDB(t)), Options{Logger: testLogger(t), MaxHeavy: 1, HeavyWait: 50 * time.Millisecond})
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	release, err := s.heavyGate.enter(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/export.xlsx", "/export.csv"} {
		res := fetch(t, ts, http.MethodGet, path, nil, nil)
		if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") == "" ||
			!strings.Contains(res.Body, "Even druk") || res.Header.Get("Content-Disposition") != "" {
			t.Errorf("GET %s with every slot taken = %d, Retry-After %q, %s; want 503 with Retry-After and a Dutch page",
				path, res.StatusCode, res.Header.Get("Retry-After"), truncate(res.Body, 300))
		}
	}
	release()
	get(t, ts, "/export.csv", http.StatusOK)
}

// Many exports at once all succeed, a few at a time (before, 16 at once on a
// 300-report store gave 19 of 34 answers 500): none is a 500.
func TestConcurrentExportsQueue(t *testing.T) {
	s := New(services(newTestDB(t)), Options{Logger: testLogger(t), MaxHeavy: 2, HeavyWait: time.Minute})
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	var wg sync.WaitGroup
	var mu sync.Mutex
	codes := map[int]int{}
	for i := range 12 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			path := "/export.xlsx"
			if i%2 == 1 {
				path = "/export.csv"
			}
			res, err := ts.Client().Get(ts.URL + path)
			if err != nil {
				t.Error(err)
				return
			}
			res.Body.Close()
			mu.Lock()
			codes[res.StatusCode]++
			mu.Unlock()
		}()
	}
	wg.Wait()
	if codes[http.StatusOK] != 12 {
		t.Errorf("12 exports at once: statuses %v; want 12 times 200", codes)
	}
	// Every slot comes free again (a handler may still be returning after
	// its client read the whole answer: enter waits for it).
	for range cap(s.heavyGate.slots) {
		if _, err := s.heavyGate.enter(context.Background()); err != nil {
			t.Fatalf("a slot stayed taken after every export finished: %v", err)
		}
	}
}
