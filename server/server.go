// Package server serves Peil over HTTP with gin: Dutch pages with trend charts,
// downloads (xlsx, CSV) and a JSON API described by an OpenAPI document.
//
// By default the server is read-only: it registers only GET and HEAD routes and
// never writes to the database. With Options.Write it is the database's one
// writer and adds accounts, sessions, the review, upload and catalog routes
// (auth.go: every route's required role is declared in one table and checked in
// one middleware, with CSRF). API responses and page data are computed once per
// data generation of the database and kept in memory (cache.go), so a write is
// seen by the next request.
package server

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/peil-dev/peil"
)

func init() {
	if os.Getenv(gin.EnvGinMode) == "" {
		gin.SetMode(gin.ReleaseMode) // no route dump on stdout
	}
}

// Defaults for Options.
const (
	DefaultAddr         = "127.0.0.1:8080"
	DefaultMaxBodyBytes = 64 << 10 // requests carry no real bodies, except uploads
	// DefaultMaxUploadBytes is the body limit of a report upload (POST
	// /api/reports and /rapportages/nieuw), the only routes with a bigger one.
	DefaultMaxUploadBytes = 50 << 20
)

// Timeouts of the HTTP server and of the graceful shutdown.
const (
	readHeaderTimeout = 5 * time.Second
	readTimeout       = 15 * time.Second
	writeTimeout      = 2 * time.Minute // a workbook of the whole programme takes a while
	idleTimeout       = 2 * time.Minute
	shutdownTimeout   = 10 * time.Second
)

// Options configure a Server. The zero value is usable.
type Options struct {
	Addr         string           // listen address; DefaultAddr when empty
	Logger       *slog.Logger     // request and error log; nil discards it
	MaxBodyBytes int64            // request body limit; DefaultMaxBodyBytes when 0
	OnListen     func(url string) // called with the base URL once listening; may be nil

	// Write makes the server the database's writer: logins, review, uploads
	// and catalog edits. The database must be open read-write.
	Write bool
	// LoginRequired makes every page and API route need a logged-in account
	// (any role); without it reading needs no login. Needs Write.
	LoginRequired bool
	// MaxUploadBytes is the body limit of uploads; DefaultMaxUploadBytes when 0.
	MaxUploadBytes int64
	// TLSCertFile and TLSKeyFile serve HTTPS with this certificate and key;
	// cookies are then Secure.
	TLSCertFile, TLSKeyFile string
	// PublicURL is the server's address as browsers see it, such as
	// https://peil.example.nl behind a reverse proxy that terminates TLS: it
	// is the origin that state-changing requests must come from, and an https
	// URL makes cookies Secure. Empty: the request's own scheme and Host.
	PublicURL string
	// TrustedProxies are the reverse proxies (--trusted-proxy) whose
	// forwarding headers the server believes, for requests that come straight
	// from them: the client's address from X-Forwarded-For (the right-most
	// address that is not itself a trusted proxy; for the login throttle and
	// the log) and X-Forwarded-Proto: https (Secure cookies, the https
	// origin). From anyone else, and without them, both headers are ignored.
	TrustedProxies []netip.Prefix
	// MaxHeavy is how many exports run at a time (DefaultMaxHeavy when 0);
	// HeavyWait how long another waits for its turn before a 503 with
	// Retry-After (DefaultHeavyWait when 0).
	MaxHeavy  int
	HeavyWait time.Duration
	// CacheBytes is the memory the caches of pages' data and API responses
	// may take in all; DefaultCacheBytes when 0.
	CacheBytes int64
}

// Server is Peil's web server over one database.
type Server struct {
	db     Store    // Services.Store
	export Exporter // Services.Export
	ingest Ingester // Services.Ingest
	charts Charts   // Services.Charts

	echarts   *staticAsset      // the charts' library, from charts
	assetURLs map[string]string // versioned URLs of the assets pages load
	csp       string            // Content-Security-Policy of every response
	opts      Options
	log       *slog.Logger
	engine    *gin.Engine
	caches    *caches // API responses and page data, bounded by bytes (cache.go)

	now      func() time.Time                           // the clock of sessions and throttling
	sleep    func(ctx context.Context, d time.Duration) // how a throttled login waits
	throttle *throttle                                  // failed logins per account and address
	jobs     *jobs                                      // background ingestions of uploads

	heavyGate *gate     // exports: a few at a time
	pageGate  *gate     // computing pages' data and API responses: a few at a time
	memory    *releaser // gives memory back after a burst of requests
}

// sleepCtx waits d or until ctx is done.
func sleepCtx(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}

// New returns a server working with svc. It does not listen yet; see
// ListenAndServe and Handler.
func New(svc Services, opts Options) *Server {
	if opts.Addr == "" {
		opts.Addr = DefaultAddr
	}
	if opts.MaxBodyBytes <= 0 {
		opts.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if opts.MaxUploadBytes <= 0 {
		opts.MaxUploadBytes = DefaultMaxUploadBytes
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	s := &Server{db: svc.Store, export: svc.Export, ingest: svc.Ingest, charts: svc.Charts, opts: opts, log: log, now: time.Now, sleep: sleepCtx, jobs: newJobs(), caches: newCaches(opts.CacheBytes)}
	s.throttle = newThrottle()
	s.echarts, s.assetURLs = newAssets(svc.Charts)
	var inlineHash string
	if svc.Charts != nil {
		inlineHash = svc.Charts.InlineScriptHash()
	}
	s.csp = contentSecurityPolicy(inlineHash)
	s.heavyGate = newGate(opts.MaxHeavy, opts.HeavyWait, "andere exports")
	s.pageGate = newGate(DefaultMaxPages, opts.HeavyWait, "andere pagina's")
	s.memory = newReleaser()
	s.engine = s.routes()
	return s
}

// Handler returns the server's HTTP handler, for tests with httptest.
func (s *Server) Handler() http.Handler { return s.memory.wrap(s.secureHeaders(s.engine)) }

// ListenAndServe listens on Options.Addr and serves until ctx is done; then it
// shuts down gracefully, letting requests in flight finish, and returns nil.
func (s *Server) ListenAndServe(ctx context.Context) error {
	if err := CheckAddr(s.opts.Addr); err != nil {
		return err
	}
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", s.opts.Addr)
	if err != nil {
		return listenError(s.opts.Addr, err)
	}
	return s.Serve(ctx, ln)
}

// CheckAddr checks a listen address before listening: HOST:POORT with a port
// of 0-65535 (EINVALID, in Dutch, otherwise).
func CheckAddr(addr string) error {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return peil.Errorf(peil.EINVALID, "adres %q: geef HOST:POORT, bijvoorbeeld 127.0.0.1:8080 of :8080", addr)
	}
	n, err := strconv.Atoi(port)
	if err != nil || n < 0 || n > 65535 {
		return peil.Errorf(peil.EINVALID, "adres %q: de poort %q is geen getal van 0 tot en met 65535", addr, port)
	}
	if strings.ContainsAny(host, " /") {
		return peil.Errorf(peil.EINVALID, "adres %q: %q is geen hostnaam of IP-adres", addr, host)
	}
	return nil
}

// listenError says in Dutch why listening on addr failed: an address that does
// not exist on this machine or a host that cannot be found is bad input
// (EINVALID); a port in use or refused is an error while working.
func listenError(addr string, err error) error {
	var dns *net.DNSError
	switch {
	case errors.Is(err, syscall.EADDRINUSE):
		return peil.Errorf(peil.EINTERNAL, "kan niet luisteren op %s: het adres is al in gebruik (draait peil serve al? kies een andere poort met --addr)", addr)
	case errors.Is(err, syscall.EACCES):
		return peil.Errorf(peil.EINTERNAL, "kan niet luisteren op %s: geen toestemming (poorten onder 1024 vragen beheerdersrechten)", addr)
	case errors.Is(err, syscall.EADDRNOTAVAIL):
		return peil.Errorf(peil.EINVALID, "kan niet luisteren op %s: dit adres hoort niet bij deze computer", addr)
	case errors.As(err, &dns):
		return peil.Errorf(peil.EINVALID, "kan niet luisteren op %s: de host %q is onbekend", addr, dns.Name)
	}
	return &peil.Error{Code: peil.EINTERNAL, Message: "kan niet luisteren op " + addr, Err: err}
}

// LoadTLS reads the certificate and key of --tls-cert and --tls-key; a file
// that is missing or no PEM certificate and matching key gives EINVALID in
// Dutch, before the server listens.
func LoadTLS(certFile, keyFile string) (tls.Certificate, error) {
	cert, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		return cert, &peil.Error{Code: peil.EINVALID, Message: fmt.Sprintf("--tls-cert %s, --tls-key %s: geen bruikbaar certificaat met sleutel (PEM)", certFile, keyFile), Err: err}
	}
	return cert, nil
}

// Serve serves on ln until ctx is done, like ListenAndServe. It closes ln.
// With Options.TLSCertFile it speaks only HTTPS: a plain HTTP request on
// that port gets Go's 400 and nothing of the server.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	served := make(chan error, 1)
	scheme := "http"
	if s.opts.TLSCertFile != "" {
		cert, err := LoadTLS(s.opts.TLSCertFile, s.opts.TLSKeyFile)
		if err != nil {
			ln.Close()
			return err
		}
		scheme = "https"
		srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
		go func() { served <- srv.ServeTLS(ln, "", "") }()
	} else {
		go func() { served <- srv.Serve(ln) }()
	}
	if s.opts.OnListen != nil {
		s.opts.OnListen(scheme + "://" + ln.Addr().String() + "/")
	}
	s.log.Info("listening", "addr", ln.Addr().String())
	warmCtx, stopWarm := context.WithCancel(ctx)
	warmed := s.warm(warmCtx)
	defer func() { stopWarm(); <-warmed }() // no query runs when the caller closes the database

	select {
	case err := <-served:
		return fmt.Errorf("serve on %s: %w", ln.Addr(), err)
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shut down server: %w", err)
	}
	s.jobs.wait() // an upload being ingested is stored whole before the database closes
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve on %s: %w", ln.Addr(), err)
	}
	s.log.Info("stopped")
	return nil
}
