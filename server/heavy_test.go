package server

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/peil-dev/peil/analytics"
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

// exportMemory is DuckDB's memory limit in TestConcurrentExportsQueue. On
// the fixture store two CSV exports at a time ran within 32 MB, while 16 at
// once without the queue needed 64 to 80 MB (2 cores; DuckDB's threads set
// from 1 to 64 moved neither much): at this limit the queue is what keeps
// them apart. Workbooks and CSV mixed left a narrower margin (two at a time
// needed up to 36 MB, 16 at once sometimes ran within 56).
const exportMemory = "48MB"

// Many exports at once all succeed, a few at a time, where DuckDB's memory
// limit, shared by every query, holds a few but not all of them (before the
// queue, 16 at once on a 300-report store gave 19 of 34 answers 500): every
// answer is 200.
func TestConcurrentExportsQueue(t *testing.T) {
	db := openTestDB(t, fixtureCopy(t), analytics.Options{ReadOnly: true, MemoryLimit: exportMemory})
	s := New(services(db), Options{Logger: testLogger(t), MaxHeavy: 2, HeavyWait: time.Minute})
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	const exports = 16
	var wg sync.WaitGroup
	var mu sync.Mutex
	codes := map[int]int{}
	for range exports {
		wg.Go(func() {
			res, err := ts.Client().Get(ts.URL + "/export.csv")
			if err != nil {
				t.Error(err)
				return
			}
			_, err = io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			codes[res.StatusCode]++
			mu.Unlock()
		})
	}
	wg.Wait()
	if codes[http.StatusOK] != exports {
		t.Errorf("%d CSV exports at once, DuckDB's memory limit %s: statuses %v; want %d times 200 (the log says why)",
			exports, exportMemory, codes, exports)
	}
	// Every slot comes free again (a handler may still be returning after
	// its client read the whole answer: enter waits for it).
	for range cap(s.heavyGate.slots) {
		if _, err := s.heavyGate.enter(context.Background()); err != nil {
			t.Fatalf("a slot stayed taken after every export finished: %v", err)
		}
	}
}
