package server

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/peil-dev/peil"
	"github.com/peil-dev/peil/analytics"
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

// gate lets a bounded number of heavy requests run; others wait their turn
// for a while.
type gate struct {
	slots chan struct{}
	wait  time.Duration
}

func newGate(n int, wait time.Duration) *gate {
	if n <= 0 {
		n = DefaultMaxHeavy
	}
	if wait <= 0 {
		wait = DefaultHeavyWait
	}
	return &gate{slots: make(chan struct{}, n), wait: wait}
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
		return nil, busyError()
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func busyError() error {
	return peil.Errorf(codeBusy, "de server is bezig met andere exports; probeer het over %d seconden opnieuw", retryAfter)
}

// heavy runs h holding a slot of the server's gate. A DuckDB query that runs
// out of its memory limit is load, not a fault: 503 as well.
func (s *Server) heavy(c *gin.Context, h handler) error {
	release, err := s.heavyGate.enter(c.Request.Context())
	if err != nil {
		return err
	}
	defer release()
	if err := h(c); err != nil {
		if analytics.IsOutOfMemory(err) {
			return fmt.Errorf("%w: %w", busyError(), err)
		}
		return err
	}
	return nil
}

// setRetryAfter adds Retry-After to a 503 answer.
func setRetryAfter(c *gin.Context) { c.Header("Retry-After", strconv.Itoa(retryAfter)) }
