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

// responseCache keeps encoded API responses by key. Only successful responses
// are kept, so its size is bounded by the data (one entry per indicator,
// measure or pair of reports), not by what clients ask for.
type responseCache struct {
	mu      sync.RWMutex
	entries map[string]*cachedJSON
}

func (rc *responseCache) get(key string) *cachedJSON {
	rc.mu.RLock()
	defer rc.mu.RUnlock()
	return rc.entries[key]
}

func (rc *responseCache) put(key string, e *cachedJSON) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if rc.entries == nil {
		rc.entries = make(map[string]*cachedJSON)
	}
	rc.entries[key] = e
}

// memo returns load's value for key, computed once per server: the database
// does not change while the server runs (see the package comment). Errors are
// not kept, so keys stay bounded by the data. The key must be built from
// parsed, valid parameters.
func memo[T any](s *Server, key string, load func() (T, error)) (T, error) {
	if v, ok := s.memos.Load(key); ok {
		return v.(T), nil
	}
	v, err := load()
	if err != nil {
		return v, err
	}
	s.memos.Store(key, v)
	return v, nil
}

// serveJSON writes the JSON of load's value, computing it once per key. The key
// must be built from parsed, valid parameters. Conditional requests with the
// response's ETag get 304 Not Modified.
func (s *Server) serveJSON(c *gin.Context, key string, load func(ctx context.Context) (any, error)) error {
	e := s.cache.get(key)
	if e == nil {
		v, err := load(c.Request.Context())
		if err != nil {
			return err
		}
		body, err := json.Marshal(v)
		if err != nil {
			return fmt.Errorf("encode %s: %w", key, err)
		}
		e = &cachedJSON{body: body, gzipped: gzipBytes(body), etag: strongETag(body)}
		s.cache.put(key, e)
	}
	c.Header("Cache-Control", "no-cache") // revalidate: another database may be served after a restart
	send(c, http.StatusOK, representation{contentType: "application/json; charset=utf-8", body: e.body, gzipped: e.gzipped, etag: e.etag})
	return nil
}
