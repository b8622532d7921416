package server

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/peil-dev/peil"
	"github.com/peil-dev/peil/analytics"
	"github.com/peil-dev/peil/data"
)

// testPassword is the password of every account of a writeEnv.
const testPassword = "een geheim van 24 tekens"

// The accounts of a writeEnv, one per role.
var testUsers = map[peil.Role]string{
	peil.RoleReader:   "lies",
	peil.RoleReviewer: "bert",
	peil.RoleAdmin:    "anna",
}

// writeEnv is a write server (--write) over a copy of the fixture database,
// opened read-write, with one account per role, served by httptest. Its clock
// and its throttle's waits are the test's: nothing sleeps.
type writeEnv struct {
	t   testing.TB
	db  *analytics.DB
	srv *Server
	ts  *httptest.Server

	mu    sync.Mutex
	clock time.Time
	waits []time.Duration
	logs  bytes.Buffer
}

func newWriteEnv(t testing.TB, opts Options) *writeEnv {
	t.Helper()
	cat, err := data.Catalog()
	if err != nil {
		t.Fatal(err)
	}
	return newWriteEnvOn(t, openTestDB(t, fixtureCopy(t), analytics.Options{Catalog: cat}), opts)
}

// newWriteEnvOn is newWriteEnv over db, a database opened read-write.
func newWriteEnvOn(t testing.TB, db *analytics.DB, opts Options) *writeEnv {
	t.Helper()
	e := &writeEnv{t: t, db: db, clock: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}
	for role, name := range testUsers {
		if err := e.db.AddUser(context.Background(), name, role, testPassword, "test"); err != nil {
			t.Fatal(err)
		}
	}
	opts.Write = true
	opts.Logger = slog.New(slog.NewTextHandler(lockedWriter{&e.mu, &e.logs}, nil))
	e.srv = New(services(e.db), opts)
	e.srv.now = func() time.Time {
		e.mu.Lock()
		defer e.mu.Unlock()
		return e.clock
	}
	e.srv.sleep = func(ctx context.Context, d time.Duration) {
		e.mu.Lock()
		defer e.mu.Unlock()
		e.waits = append(e.waits, d)
	}
	e.ts = httptest.NewServer(e.srv.Handler())
	t.Cleanup(e.ts.Close)
	return e
}

// advance moves the server's clock on by d.
func (e *writeEnv) advance(d time.Duration) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.clock = e.clock.Add(d)
}

// log returns what the server logged so far.
func (e *writeEnv) log() string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.logs.String()
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// client is a browser-like client of a writeEnv: its own cookie jar, and the
// CSRF token of its session once logged in.
type client struct {
	e    *writeEnv
	http *http.Client
	csrf string
}

func (e *writeEnv) client() *client {
	jar, err := cookiejar.New(nil)
	if err != nil {
		e.t.Fatal(err)
	}
	return &client{e: e, http: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

// as returns a client logged in as the account of role ("" for anonymous).
func (e *writeEnv) as(role peil.Role) *client {
	e.t.Helper()
	c := e.client()
	if role == "" {
		return c
	}
	res := c.postJSON("/api/login", map[string]string{"user": testUsers[role], "password": testPassword})
	if res.StatusCode != http.StatusOK {
		e.t.Fatalf("login as %s = %d: %s", role, res.StatusCode, res.Body)
	}
	var s sessionJSON
	if err := json.Unmarshal([]byte(res.Body), &s); err != nil {
		e.t.Fatal(err)
	}
	c.csrf = s.CSRFToken
	return c
}

// do sends a request as a browser of this site would: with its cookies,
// Origin for POST and, when set, the CSRF header. header overrides.
func (c *client) do(method, path string, body io.Reader, header http.Header) response {
	c.e.t.Helper()
	req, err := http.NewRequest(method, c.e.ts.URL+path, body)
	if err != nil {
		c.e.t.Fatal(err)
	}
	if method == http.MethodPost {
		req.Header.Set("Origin", c.e.ts.URL)
		if c.csrf != "" {
			req.Header.Set("X-CSRF-Token", c.csrf)
		}
	}
	for k, v := range header {
		req.Header[k] = v
	}
	res, err := c.http.Do(req)
	if err != nil {
		c.e.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		c.e.t.Fatal(err)
	}
	return response{res, string(b)}
}

func (c *client) get(path string) response { return c.do(http.MethodGet, path, nil, nil) }

func (c *client) postJSON(path string, v any) response {
	c.e.t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		c.e.t.Fatal(err)
	}
	return c.do(http.MethodPost, path, bytes.NewReader(b), http.Header{"Content-Type": {"application/json"}})
}

// postForm posts an HTML form, with the session's csrf_token field (not the
// header) when logged in.
func (c *client) postForm(path string, form map[string]string) response {
	c.e.t.Helper()
	var b strings.Builder
	first := true
	for k, v := range form {
		if !first {
			b.WriteByte('&')
		}
		first = false
		b.WriteString(urlEncode(k) + "=" + urlEncode(v))
	}
	csrf := c.csrf
	c.csrf = ""
	defer func() { c.csrf = csrf }()
	if csrf != "" && form["csrf_token"] == "" {
		if b.Len() > 0 {
			b.WriteByte('&')
		}
		b.WriteString("csrf_token=" + urlEncode(csrf))
	}
	return c.do(http.MethodPost, path, strings.NewReader(b.String()),
		http.Header{"Content-Type": {"application/x-www-form-urlencoded"}})
}

// cookie returns the session cookie the jar holds, "" for none.
func (c *client) cookie() string {
	for _, ck := range c.http.Jar.Cookies(mustURL(c.e.ts.URL)) {
		if ck.Name == cookieName {
			return ck.Value
		}
	}
	return ""
}

func urlEncode(s string) string { return url.QueryEscape(s) }

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}
