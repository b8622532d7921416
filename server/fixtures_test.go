package server

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/peil-dev/peil"
	"github.com/peil-dev/peil/analytics"
	"github.com/peil-dev/peil/charts"
	"github.com/peil-dev/peil/data"
	"github.com/peil-dev/peil/export"
	"github.com/peil-dev/peil/imports"
	"github.com/peil-dev/peil/ingest"
)

// The fixture reports in testdata (invented texts, see testdata/README.md), in
// the order of their report dates; the last one carries the XSS payloads.
const (
	xssScript = "</script><script>alert(1)</script>"
	xssImg    = "<img src=x onerror=alert(1)>"
)

var (
	fixtureOnce sync.Once
	fixtureFile string // a database with the fixtures, copied by every newTestDB
	fixtureErr  error
)

// services wires db and the real packages that work on it into a server's
// collaborators, as cmd/peil's serve does: every test server goes through it.
func services(db *analytics.DB) Services {
	return Services{
		Store:  db,
		Export: export.Service{Store: db},
		Ingest: ingest.Service{Store: analytics.Uploads{DB: db}},
		Charts: charts.Renderer{},
	}
}

// echartsAsset and assetURLs are what a server from services serves: the
// charts' library and the versioned URLs of every asset.
var echartsAsset, assetURLs = newAssets(charts.Renderer{})

// newTestDB returns a read-only database in t.TempDir() holding the fixture
// reports of testdata, loaded through the real pipeline (ingest.Batch with
// the embedded catalog, as peil ingest testdata), and closes it at the end of
// the test.
// The fixture database is built once per test binary and copied per test.
func newTestDB(t testing.TB) *analytics.DB {
	t.Helper()
	return openTestDB(t, fixtureCopy(t), analytics.Options{ReadOnly: true})
}

// fixtureCopy copies the fixture database into t.TempDir() and returns the
// copy's path.
func fixtureCopy(t testing.TB) string {
	t.Helper()
	fixtureOnce.Do(func() { fixtureFile, fixtureErr = buildFixtureDB() })
	if fixtureErr != nil {
		t.Fatalf("build fixture database: %v", fixtureErr)
	}
	path := filepath.Join(t.TempDir(), "peil.duckdb")
	b, err := os.ReadFile(fixtureFile)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// newEmptyTestDB returns a database in t.TempDir() with the catalog and no
// reports.
func newEmptyTestDB(t testing.TB) *analytics.DB {
	t.Helper()
	cat, err := data.Catalog()
	if err != nil {
		t.Fatal(err)
	}
	return openTestDB(t, filepath.Join(t.TempDir(), "peil.duckdb"), analytics.Options{Catalog: cat})
}

// openTestDB opens path with opts and ingest's derived values, as cmd wires
// it, and closes it at the end of the test.
func openTestDB(t testing.TB, path string, opts analytics.Options) *analytics.DB {
	t.Helper()
	opts.Derive = ingest.Derive
	db, err := analytics.Open(context.Background(), path, opts)
	if err != nil {
		t.Fatalf("Open(%q): %v", path, err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return db
}

// buildFixtureDB ingests the fixture reports into a database file in a new
// temporary directory (removed by TestMain) and returns its path.
func buildFixtureDB() (string, error) {
	dir, err := os.MkdirTemp("", "peil-server-test-")
	if err != nil {
		return "", err
	}
	fixtureDir = dir
	path := filepath.Join(dir, "fixtures.duckdb")
	ctx := context.Background()
	cat, err := data.Catalog()
	if err != nil {
		return "", err
	}
	db, err := analytics.Open(ctx, path, analytics.Options{Catalog: cat, Derive: ingest.Derive})
	if err != nil {
		return "", err
	}
	if err := ingestFixtures(ctx, db, cat); err != nil {
		db.Close()
		return "", err
	}
	return path, db.Close()
}

// ingestFixtures loads the fixture reports (testdata and its manifest) into db.
func ingestFixtures(ctx context.Context, db *analytics.DB, cat *peil.Catalog) error {
	fsys := os.DirFS("testdata")
	jobs, err := ingest.Collect(fsys, []string{"."}, nil)
	if err != nil {
		return err
	}
	return ingest.Batch(ctx, fsys, jobs, db, ingest.BatchOptions{Catalog: cat})
}

// fixtureDir is the temporary directory of the fixture database.
var fixtureDir string

func TestMain(m *testing.M) {
	code := m.Run()
	if fixtureDir != "" {
		os.RemoveAll(fixtureDir)
	}
	os.Exit(code)
}

// newTestServer serves db (a newTestDB when nil) with httptest for the test.
func newTestServer(t testing.TB, db *analytics.DB) *httptest.Server {
	t.Helper()
	if db == nil {
		db = newTestDB(t)
	}
	ts := httptest.NewServer(New(services(db), Options{Logger: testLogger(t)}).Handler())
	t.Cleanup(ts.Close)
	return ts
}

// testLogger logs to the test's output, shown when a test fails or with -v.
func testLogger(t testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
}

// response is a fetched response with its body read.
type response struct {
	*http.Response
	Body string
}

// fetch sends a request with method to ts and returns the response.
func fetch(t testing.TB, ts *httptest.Server, method, path string, header http.Header, body io.Reader) response {
	t.Helper()
	req, err := http.NewRequest(method, ts.URL+path, body)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	res, err := ts.Client().Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("%s %s: read body: %v", method, path, err)
	}
	return response{res, string(b)}
}

// get fetches path and fails the test unless the status is want.
func get(t testing.TB, ts *httptest.Server, path string, want int) response {
	t.Helper()
	res := fetch(t, ts, http.MethodGet, path, nil, nil)
	if res.StatusCode != want {
		t.Fatalf("GET %s = %d; want %d\n%s", path, res.StatusCode, want, truncate(res.Body, 2000))
	}
	return res
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// contains reports whether s contains every one of subs, naming the first missing.
func containsAll(s string, subs ...string) (string, bool) {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return sub, false
		}
	}
	return "", true
}

// slogTo returns a JSON logger at level Info that writes to w.
func slogTo(w io.Writer) *slog.Logger {
	return slog.New(slog.NewJSONHandler(w, nil))
}

// newSampleTestDB returns a database in t.TempDir() with the demo's data, as
// `make run` serves it: the embedded sample report (through the ingest
// pipeline, with its manifest) and its history imported with citations.
func newSampleTestDB(t testing.TB) *analytics.DB {
	t.Helper()
	ctx := context.Background()
	db := newEmptyTestDB(t)
	cat, err := data.Catalog()
	if err != nil {
		t.Fatal(err)
	}
	jobs, err := ingest.Collect(data.Samples, []string{data.SampleDir()}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := ingest.Batch(ctx, data.Samples, jobs, db, ingest.BatchOptions{Catalog: cat}); err != nil {
		t.Fatal(err)
	}
	f, err := data.Samples.Open(path.Join(data.SampleDir(), data.SampleImport))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	obs, err := imports.Read(f, data.SampleImport)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Import(ctx, obs); err != nil {
		t.Fatal(err)
	}
	return db
}
