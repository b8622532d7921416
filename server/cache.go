package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"

	"github.com/gin-gonic/gin"
)

// cachedJSON is an encoded API response.
type cachedJSON struct {
	body    []byte
	gzipped []byte // body gzipped, for clients that accept it
	etag    string // strong tag of body
}

// genCache keeps values by key for one data generation of the database
// (analytics.DB.Generation): a value put at an older generation than the
// cache's is dropped, and one put at a newer generation empties the cache
// first. So after a write (--write) every reader recomputes what it reads, and
// nothing computed before the write is served after it. Only successful
// results are kept, so the size is bounded by the data (one entry per
// indicator, measure, page or pair of reports), not by what clients ask for.
type genCache[V any] struct {
	mu      sync.RWMutex
	gen     uint64
	entries map[string]V
}

// get returns the value of key if it was put at generation gen.
func (gc *genCache[V]) get(key string, gen uint64) (V, bool) {
	gc.mu.RLock()
	defer gc.mu.RUnlock()
	var zero V
	if gc.gen != gen {
		return zero, false
	}
	v, ok := gc.entries[key]
	return v, ok
}

// put stores v as key's value at generation gen, computed from reads that
// began at gen.
func (gc *genCache[V]) put(key string, gen uint64, v V) {
	gc.mu.Lock()
	defer gc.mu.Unlock()
	switch {
	case gen < gc.gen:
		return // computed before a write the cache has seen
	case gen > gc.gen || gc.entries == nil:
		gc.gen = gen
		gc.entries = make(map[string]V)
	}
	gc.entries[key] = v
}

// memo returns load's value for key, computed once per data generation (see
// genCache). Errors are not kept. The key must be built from parsed, valid
// parameters.
func memo[T any](s *Server, key string, load func() (T, error)) (T, error) {
	gen := s.db.Generation() // before the reads: a write during them makes the value stale
	if v, ok := s.memos.get(key, gen); ok {
		return v.(T), nil
	}
	v, err := load()
	if err != nil {
		return v, err
	}
	s.memos.put(key, gen, v)
	return v, nil
}

// serveJSON writes the JSON of load's value, computing it once per key and
// data generation. The key must be built from parsed, valid parameters.
// Conditional requests with the response's ETag get 304 Not Modified.
func (s *Server) serveJSON(c *gin.Context, key string, load func(ctx context.Context) (any, error)) error {
	gen := s.db.Generation()
	e, ok := s.cache.get(key, gen)
	if !ok {
		v, err := load(c.Request.Context())
		if err != nil {
			return err
		}
		body, err := json.Marshal(v)
		if err != nil {
			return fmt.Errorf("encode %s: %w", key, err)
		}
		e = &cachedJSON{body: body, gzipped: gzipBytes(body), etag: strongETag(body)}
		s.cache.put(key, gen, e)
	}
	c.Header("Cache-Control", "no-cache") // revalidate: data change with a write, or another database after a restart
	send(c, http.StatusOK, representation{contentType: "application/json; charset=utf-8", body: e.body, gzipped: e.gzipped, etag: e.etag})
	return nil
}
