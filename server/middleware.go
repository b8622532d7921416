package server

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/peil-dev/peil"
)

// logRequests logs every request after it is served: method, path, status,
// size and duration.
func (s *Server) logRequests(c *gin.Context) {
	start := time.Now()
	c.Next()
	s.log.LogAttrs(c.Request.Context(), levelOf(c.Writer.Status()), "request",
		slog.String("method", c.Request.Method),
		slog.String("path", c.Request.URL.RequestURI()),
		slog.Int("status", c.Writer.Status()),
		slog.Int("bytes", c.Writer.Size()),
		slog.Duration("duration", time.Since(start)),
	)
}

// recoverPanics turns a panic in a handler into a logged 500 response. The
// panic http.ErrAbortHandler passes through: it aborts a response that has
// already started.
func (s *Server) recoverPanics(c *gin.Context) {
	defer func() {
		v := recover()
		if v == nil {
			return
		}
		if err, ok := v.(error); ok && errors.Is(err, http.ErrAbortHandler) {
			panic(v)
		}
		s.log.Error("panic", "path", c.Request.URL.Path, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
		if c.Writer.Written() {
			panic(http.ErrAbortHandler) // half a response: close the connection
		}
		s.fail(c, fmt.Errorf("panic serving %s: %v", c.Request.URL.Path, v))
		c.Abort()
	}()
	c.Next()
}

// secureHeaders sets the security headers of every response. It wraps the
// gin engine rather than being its middleware, so that the redirects gin
// makes itself (a trailing slash: 301) carry them too.
func (s *Server) secureHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.setSecureHeaders(w.Header())
		next.ServeHTTP(w, r)
	})
}

// setSecureHeaders sets the security headers in h.
func (s *Server) setSecureHeaders(h http.Header) {
	h.Set("Content-Security-Policy", s.csp)
	h.Set("X-Content-Type-Options", "nosniff")
	if s.opts.Write {
		// Not "no-referrer": with it browsers send "Origin: null" with form
		// posts, and checkOrigin could not tell this site from another.
		h.Set("Referrer-Policy", "same-origin")
	} else {
		h.Set("Referrer-Policy", "no-referrer")
	}
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
	h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
}

// contentSecurityPolicy allows scripts only from this server, plus the one
// inline script every chart uses, by its hash inlineHash (the charts' options
// are JSON data blocks, which are not executed). Inline style attributes are
// allowed (style-src-attr): echarts styles its tooltips with them; style
// sheets come only from this server.
func contentSecurityPolicy(inlineHash string) string {
	scripts := "'self'"
	if inlineHash != "" {
		scripts += " " + inlineHash
	}
	return "default-src 'self'; " +
		"script-src " + scripts + "; " +
		"style-src 'self'; style-src-attr 'unsafe-inline'; " +
		"img-src 'self' data:; " +
		"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
}

// limitBody rejects requests whose body exceeds the limit: a declared length
// at once, a body of unknown length (chunked) once more than the limit has
// arrived (such small bodies are read here, before any handler, so that none
// can ignore the limit, as form parsing would). The upload routes
// (uploadPaths, with --write) have the bigger limit Options.MaxUploadBytes
// and more time to read their body, and handlers that stream it.
func (s *Server) limitBody(c *gin.Context) {
	limit := s.opts.MaxBodyBytes
	upload := s.opts.Write && uploadPaths[c.FullPath()] && c.Request.Method == http.MethodPost
	if upload {
		limit = s.opts.MaxUploadBytes
		// Best effort: a writer that cannot keeps the server's read timeout.
		_ = http.NewResponseController(c.Writer).SetReadDeadline(time.Now().Add(uploadReadTimeout))
	}
	if c.Request.ContentLength > limit {
		s.fail(c, &peil.Error{Code: codeTooLarge,
			Message: fmt.Sprintf("de inhoud van het verzoek is %d bytes, meer dan de grens van %d bytes", c.Request.ContentLength, limit)})
		c.Abort()
		return
	}
	if c.Request.Body != nil {
		c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, limit)
	}
	if !upload && c.Request.ContentLength < 0 && c.Request.Body != nil {
		b, err := io.ReadAll(c.Request.Body)
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			s.fail(c, &peil.Error{Code: codeTooLarge, Message: fmt.Sprintf("de inhoud van het verzoek is meer dan de grens van %d bytes", limit)})
			c.Abort()
			return
		}
		if err != nil {
			s.fail(c, &peil.Error{Code: peil.EINVALID, Message: "de inhoud van het verzoek kwam niet heel aan"})
			c.Abort()
			return
		}
		c.Request.Body, c.Request.ContentLength = io.NopCloser(bytes.NewReader(b)), int64(len(b))
	}
	c.Next()
}
