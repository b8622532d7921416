package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/peil-dev/peil/internal/lru"
)

// DefaultCacheBytes is the memory the server's caches may take in all
// (Options.CacheBytes): half for pages' data, half for encoded API responses.
// The least recently used entries go first when a cache is full, so memory
// stays bounded whatever clients ask for (every pair of reports of
// /vergelijken is a page of its own).
const DefaultCacheBytes = 128 << 20

// cachedJSON is an encoded API response.
type cachedJSON struct {
	body    []byte
	gzipped []byte // body gzipped, for clients that accept it
	etag    string // strong tag of body
	total   int    // the whole list's length, for a page of a list (serveList)
}

// size is the bytes e keeps, for the cache's budget.
func (e *cachedJSON) size() int64 { return int64(len(e.body)+len(e.gzipped)+len(e.etag)) + 96 }

// caches are the server's two caches, both by key for one data generation of
// the database (analytics.DB.Generation): a value put at an older generation
// than the cache's is dropped, and one put at a newer generation empties the
// cache first. So after a write (--write) every reader recomputes what it
// reads, and nothing computed before the write is served after it. Only
// successful results are kept, and only within the byte budget.
type caches struct {
	json  *lru.Cache[string, *cachedJSON] // encoded API responses
	memos *lru.Cache[string, any]         // page data by key, see memo

	mu       sync.Mutex
	inflight map[string]*flight // loads under way, by generation and key
}

// flight is one load of a memo that concurrent requests for the same key
// wait for instead of loading again.
type flight struct {
	done    chan struct{}
	val     any
	err     error
	waiters int // requests waiting for it (under caches.mu)
}

func newCaches(budget int64) *caches {
	if budget <= 0 {
		budget = DefaultCacheBytes
	}
	return &caches{
		json:     lru.New[string, *cachedJSON](budget/2, (*cachedJSON).size),
		memos:    lru.New[string, any](budget-budget/2, lru.SizeOf),
		inflight: make(map[string]*flight),
	}
}

// memo returns load's value for key, computed once per data generation (see
// caches) while it fits in the budget. Requests that ask for a key while it
// is being loaded wait for that load rather than loading it again, so a burst
// of requests for one page computes it once. Errors are not kept. The key
// must be built from parsed, valid parameters.
func memo[T any](s *Server, key string, load func() (T, error)) (T, error) {
	gen := s.db.Generation() // before the reads: a write during them makes the value stale
	if v, ok := s.caches.memos.Get(key, gen); ok {
		return v.(T), nil
	}
	id := strconv.FormatUint(gen, 10) + "/" + key
	c := s.caches
	c.mu.Lock()
	if f, ok := c.inflight[id]; ok {
		f.waiters++
		c.mu.Unlock()
		<-f.done
		if f.err == nil {
			return f.val.(T), nil
		}
		// The first request's load failed, perhaps because that request
		// went away: load for this one.
		return load()
	}
	f := &flight{done: make(chan struct{}), err: errLoadPanicked}
	c.inflight[id] = f
	c.mu.Unlock()
	defer func() { // also when load panics: the waiters then load for themselves
		c.mu.Lock()
		delete(c.inflight, id)
		c.mu.Unlock()
		close(f.done)
	}()

	v, err := gated(s, key, load)
	f.val, f.err = v, err
	if err == nil {
		c.memos.Put(key, gen, v)
	}
	return v, err
}

// errLoadPanicked is a flight's error until its load returns.
var errLoadPanicked = errors.New("load did not return")

// gated runs load, for a page's data (a key "page/…") holding a slot of the
// server's page gate, so that only a few pages are computed at a time. Only
// pages are gated: their loads read other memos, which are not, so a load
// never waits for a slot while holding one.
func gated[T any](s *Server, key string, load func() (T, error)) (T, error) {
	if !strings.HasPrefix(key, "page/") {
		return load()
	}
	release, err := s.pageGate.enter(context.Background()) // bounded by the gate's wait
	if err != nil {
		var zero T
		return zero, err
	}
	defer release()
	v, err := load()
	return v, s.asBusy(err, s.pageGate.what)
}

// serveJSON writes the JSON of load's value, computing it once per key and
// data generation while it fits in the budget. The key must be built from
// parsed, valid parameters. Conditional requests with the response's ETag get
// 304 Not Modified.
func (s *Server) serveJSON(c *gin.Context, key string, load func(ctx context.Context) (any, error)) error {
	return s.serveEncoded(c, key, load, nil)
}

// serveEncoded is serveJSON; when load returns a listPart, its items are the
// JSON and headers is called with its total before the response is written.
func (s *Server) serveEncoded(c *gin.Context, key string, load func(ctx context.Context) (any, error), headers func(total int)) error {
	gen := s.db.Generation()
	e, ok := s.caches.json.Get(key, gen)
	if !ok {
		release, err := s.pageGate.enter(c.Request.Context())
		if err != nil {
			return err
		}
		v, err := load(c.Request.Context())
		release()
		if err = s.asBusy(err, s.pageGate.what); err != nil {
			return err
		}
		part, list := v.(listPart)
		if list {
			v = part.items
		}
		body, err := json.Marshal(v)
		if err != nil {
			return fmt.Errorf("encode %s: %w", key, err)
		}
		e = &cachedJSON{body: body, gzipped: gzipBytes(body), etag: strongETag(body), total: part.total}
		if list { // the total is part of the response: another total, another tag
			e.etag = strongETag(strconv.AppendInt(append(slices.Clip(body), '\n'), int64(part.total), 10))
		}
		s.caches.json.Put(key, gen, e)
	}
	if headers != nil {
		headers(e.total)
	}
	c.Header("Cache-Control", "no-cache") // revalidate: data change with a write, or another database after a restart
	send(c, http.StatusOK, representation{contentType: "application/json; charset=utf-8", body: e.body, gzipped: e.gzipped, etag: e.etag})
	return nil
}

// warm computes the overview's data in the background when the server starts
// listening, so that the first visitor of / gets it from the cache; a request
// that comes while it runs waits for it (memo) instead of computing it again.
// It counts as a request for giving memory back (releaser.work). It returns
// a channel that is closed when it is done.
func (s *Server) warm(ctx context.Context) <-chan struct{} {
	done := make(chan struct{})
	if s.db == nil { // a server for its routes only
		close(done)
		return done
	}
	go func() {
		defer close(done)
		start := time.Now()
		var err error
		s.memory.work(func() { _, err = s.overviewData(ctx) })
		if err != nil {
			if ctx.Err() == nil {
				s.log.Warn("warm overview", "err", err)
			}
			return
		}
		s.log.Info("warmed overview", "ms", time.Since(start).Milliseconds())
	}()
	return done
}
