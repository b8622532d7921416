package server

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/klauspost/compress/gzip"
)

// Responses are compressed here, in one place: pages, JSON, CSV, scripts and
// style sheets go out gzipped when the client accepts gzip. Every cacheable
// response has a strong ETag per representation: the identity body is tagged
// "H" and its gzip encoding "H-gzip" (H a hash of the identity body), so a
// strong tag always names the exact bytes sent. Conditional requests are
// answered by net/http's ServeContent: If-None-Match compares weakly (W/"H"
// matches "H", as RFC 9110 requires for caches), If-Match and If-Range compare
// strongly (a weak tag never matches, so a range is never served from another
// representation).

// gzipSuffix marks the ETag of a gzipped representation.
const gzipSuffix = "-gzip"

// compressible reports whether responses of contentType are worth compressing.
func compressible(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return false
	}
	switch mt {
	case "text/html", "text/css", "text/csv", "text/plain", "text/javascript",
		"application/javascript", "application/json", "image/svg+xml":
		return true
	}
	return false
}

// acceptsGzip reports whether the request's Accept-Encoding allows gzip: named
// (or "*") with a q-value above 0.
func acceptsGzip(r *http.Request) bool {
	star := false
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		q := 1.0
		if k, v, ok := strings.Cut(strings.TrimSpace(params), "="); ok && strings.EqualFold(strings.TrimSpace(k), "q") {
			if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
				q = f
			}
		}
		switch strings.ToLower(strings.TrimSpace(name)) {
		case "gzip", "x-gzip":
			return q > 0
		case "*":
			star = q > 0
		}
	}
	return star
}

var gzipPool = sync.Pool{New: func() any {
	w, _ := gzip.NewWriterLevel(io.Discard, gzip.DefaultCompression)
	return w
}}

// gzipBytes returns b gzipped.
func gzipBytes(b []byte) []byte {
	var out bytes.Buffer
	out.Grow(len(b)/4 + 64)
	zw := gzipPool.Get().(*gzip.Writer)
	zw.Reset(&out)
	_, _ = zw.Write(b) // writes to a bytes.Buffer do not fail
	_ = zw.Close()
	gzipPool.Put(zw)
	return out.Bytes()
}

// strongETag returns a strong entity tag for body.
func strongETag(body []byte) string {
	sum := sha256.Sum256(body)
	return `"` + hex.EncodeToString(sum[:12]) + `"`
}

// variantETag is the ETag of the gzipped representation of an entity tagged
// etag ("H" becomes "H-gzip").
func variantETag(etag string) string {
	return strings.TrimSuffix(etag, `"`) + gzipSuffix + `"`
}

// representation is one response body that may be sent compressed.
type representation struct {
	contentType string
	body        []byte // identity
	gzipped     []byte // nil: compressed when needed
	etag        string // strong tag of body; "" for none
}

// send writes rep with status. A 200 goes through http.ServeContent, which
// answers HEAD, conditional and range requests; other statuses are written as
// they are. The body is gzipped when the type is compressible and the client
// accepts it.
func send(c *gin.Context, status int, rep representation) {
	h := c.Writer.Header()
	h.Set("Content-Type", rep.contentType)
	body, etag := rep.body, rep.etag
	if compressible(rep.contentType) {
		h.Add("Vary", "Accept-Encoding")
		if acceptsGzip(c.Request) && len(rep.body) > 0 {
			body = rep.gzipped
			if body == nil {
				body = gzipBytes(rep.body)
			}
			h.Set("Content-Encoding", "gzip")
			if etag != "" {
				etag = variantETag(etag)
			}
		}
	}
	if etag != "" {
		h.Set("ETag", etag)
	}
	if status != http.StatusOK {
		h.Set("Content-Length", strconv.Itoa(len(body)))
		c.Status(status)
		if c.Request.Method != http.MethodHead {
			_, _ = c.Writer.Write(body)
		}
		return
	}
	http.ServeContent(c.Writer, c.Request, "", time.Time{}, bytes.NewReader(body))
}

// gzipResponseWriter compresses what a streaming handler (the CSV download)
// writes.
type gzipResponseWriter struct {
	gin.ResponseWriter
	zw *gzip.Writer
}

func (w *gzipResponseWriter) Write(b []byte) (int, error) { return w.zw.Write(b) }

func (w *gzipResponseWriter) WriteString(s string) (int, error) { return w.zw.Write([]byte(s)) }

// streamGzip makes the rest of the response gzipped when the client accepts
// it and contentType is compressible. The returned function ends the stream
// and must be called once the handler is done: with commit true it flushes
// the compressed tail; with commit false (the handler failed before anything
// reached the client) it drops what was buffered and restores the plain
// writer, so that an error page can still be written.
func streamGzip(c *gin.Context, contentType string) (done func(commit bool) error) {
	nothing := func(bool) error { return nil }
	if !compressible(contentType) {
		return nothing
	}
	c.Writer.Header().Add("Vary", "Accept-Encoding")
	if !acceptsGzip(c.Request) {
		return nothing
	}
	c.Writer.Header().Set("Content-Encoding", "gzip")
	c.Writer.Header().Del("Content-Length")
	zw := gzipPool.Get().(*gzip.Writer)
	zw.Reset(c.Writer)
	orig := c.Writer
	c.Writer = &gzipResponseWriter{ResponseWriter: orig, zw: zw}
	return func(commit bool) error {
		c.Writer = orig
		var err error
		if commit {
			err = zw.Close()
		} else {
			orig.Header().Del("Content-Encoding")
		}
		zw.Reset(io.Discard)
		gzipPool.Put(zw)
		return err
	}
}
