package server

import (
	"context"
	"fmt"
	"net/http"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/peil-dev/peil"
)

// Limits of heavy work (workbook and CSV exports): DuckDB's memory limit is
// shared by every query, so a few run at a time and the rest wait in turn.
const (
	DefaultMaxHeavy  = 2                // exports at a time
	DefaultHeavyWait = 20 * time.Second // how long an export waits for its turn
	retryAfter       = 10               // seconds, in Retry-After of a 503
)

// codeBusy is the error code of work refused for load: 503 with Retry-After.
const codeBusy = "busy"

// DefaultMaxPages is how many pages' data and API responses are computed at
// a time (the first request for each; later ones come from the cache): DuckDB's
// memory limit is shared, and 12 measure pages at once of a 1,000-report
// store ran out of it. Others wait their turn for DefaultHeavyWait.
const DefaultMaxPages = 2

// gate lets a bounded number of heavy requests run; others wait their turn
// for a while.
type gate struct {
	slots chan struct{}
	wait  time.Duration
	what  string // what the server is busy with, in the 503's message
}

func newGate(n int, wait time.Duration, what string) *gate {
	if n <= 0 {
		n = DefaultMaxHeavy
	}
	if wait <= 0 {
		wait = DefaultHeavyWait
	}
	return &gate{slots: make(chan struct{}, n), wait: wait, what: what}
}

// enter waits for a slot: nil and a release function, or a codeBusy error
// after the gate's wait, or ctx's error.
func (g *gate) enter(ctx context.Context) (func(), error) {
	t := time.NewTimer(g.wait)
	defer t.Stop()
	select {
	case g.slots <- struct{}{}:
		return func() { <-g.slots }, nil
	case <-t.C:
		return nil, busyError(g.what)
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// busyError is the 503 of work refused for load; what is what the server is
// busy with ("andere exports").
func busyError(what string) error {
	return peil.Errorf(codeBusy, "de server is bezig met %s; probeer het over %d seconden opnieuw", what, retryAfter)
}

// asBusy makes an error the store calls overload (a DuckDB query that ran
// out of its memory limit) a 503 (load, not a fault); other errors stay as
// they are.
func (s *Server) asBusy(err error, what string) error {
	if err != nil && s.db != nil && s.db.Overloaded(err) {
		return fmt.Errorf("%w: %w", busyError(what), err)
	}
	return err
}

// heavy runs h holding a slot of the server's gate. A query that runs out of
// the store's memory limit is load, not a fault: 503 as well.
func (s *Server) heavy(c *gin.Context, h handler) error {
	release, err := s.heavyGate.enter(c.Request.Context())
	if err != nil {
		return err
	}
	defer release()
	return s.asBusy(h(c), s.heavyGate.what)
}

// setRetryAfter adds Retry-After to a 503 answer.
func setRetryAfter(c *gin.Context) { c.Header("Retry-After", strconv.Itoa(retryAfter)) }

// Giving memory back after a burst: Go keeps the heap a burst of requests
// grew and returns it to the system only slowly. When no request has been in
// flight for releaseIdle and the process holds more than releaseGrowth bytes
// more than after the last release, the server collects and returns the free
// memory at once (debug.FreeOSMemory).
const (
	releaseIdle   = 2 * time.Second
	releaseGrowth = 32 << 20
)

// releaser counts the requests in flight and releases memory when they have
// stopped for a while after the process grew.
type releaser struct {
	idle     time.Duration
	growth   uint64
	release  func()        // debug.FreeOSMemory
	retained func() uint64 // memory the Go runtime holds from the system

	inflight atomic.Int64
	mu       sync.Mutex
	timer    *time.Timer
	base     uint64 // retained after the last release
}

func newReleaser() *releaser {
	r := &releaser{idle: releaseIdle, growth: releaseGrowth, release: debug.FreeOSMemory, retained: retainedBytes}
	r.base = r.retained()
	return r
}

// wrap counts the requests h serves.
func (r *releaser) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		r.work(func() { h.ServeHTTP(w, req) })
	})
}

// work runs fn counted as a request in flight, so that what fn grew is
// given back too: the warm-up of the overview at start, on a store of 3,000
// reports, left 130 MB of garbage held until the first request had ended.
func (r *releaser) work(fn func()) {
	r.inflight.Add(1)
	defer r.done()
	fn()
}

// done ends a request; the last one in flight starts the idle timer.
func (r *releaser) done() {
	if r.inflight.Add(-1) > 0 {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.timer == nil {
		r.timer = time.AfterFunc(r.idle, r.check)
	} else {
		r.timer.Reset(r.idle)
	}
}

// check releases memory if no request is in flight and the process grew.
func (r *releaser) check() {
	r.mu.Lock()
	base := r.base
	r.mu.Unlock()
	if r.inflight.Load() > 0 { // the next request to end starts the timer again
		return
	}
	if now := r.retained(); now < base+r.growth {
		if now < base {
			r.mu.Lock()
			r.base = now
			r.mu.Unlock()
		}
		return
	}
	r.release()
	after := r.retained()
	r.mu.Lock()
	r.base = after
	r.mu.Unlock()
}

// retainedBytes is the memory the Go runtime holds from the system: all it
// mapped less what it returned.
func retainedBytes() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/total:bytes"}, {Name: "/memory/classes/heap/released:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 || s[1].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64() - s[1].Value.Uint64()
}
