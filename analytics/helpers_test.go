package analytics

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/peil-dev/peil"
	"github.com/peil-dev/peil/ingest"
)

// MakeStale makes the cached series stale, as a write does: for the
// benchmarks of package analytics_test.
func (db *DB) MakeStale() { db.gen.Add(1) }

// fixtureReports are the invented reports in testdata, oldest first.
var fixtureReports = []string{"report1.json", "report2.json", "report3.json", "report4.json"}

// readJSON decodes testdata/name into v.
func readJSON(t testing.TB, name string, v any) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("decode %s: %v", name, err)
	}
}

// fixture returns the extraction in testdata/name.
func fixture(t testing.TB, name string) *peil.Extraction {
	t.Helper()
	var ext peil.Extraction
	readJSON(t, name, &ext)
	return &ext
}

// testCatalog returns the catalog in testdata/catalog.json.
func testCatalog(t testing.TB) *peil.Catalog {
	t.Helper()
	var c peil.Catalog
	readJSON(t, "catalog.json", &c)
	return &c
}

// openTestDB opens a fresh database file in a temporary directory, with the
// test catalog, and closes it at the end of the test.
func openTestDB(t testing.TB) *DB {
	t.Helper()
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "peil.duckdb"), Options{Catalog: testCatalog(t), Derive: ingest.Derive})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return db
}

// loadedDB returns a test database with the given fixture reports ingested.
func loadedDB(t testing.TB, names ...string) *DB {
	t.Helper()
	db := openTestDB(t)
	for _, n := range names {
		if _, err := db.IngestReport(context.Background(), fixture(t, n)); err != nil {
			t.Fatalf("IngestReport(%s): %v", n, err)
		}
	}
	return db
}

// storedFile returns the path of a closed database file with the test catalog
// and the given fixture reports, for tests that open it themselves.
func storedFile(t testing.TB, names ...string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "peil.duckdb")
	db, err := Open(context.Background(), path, Options{Catalog: testCatalog(t), Derive: ingest.Derive})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	for _, n := range names {
		if _, err := db.IngestReport(context.Background(), fixture(t, n)); err != nil {
			t.Fatalf("IngestReport(%s): %v", n, err)
		}
	}
	if err := db.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	return path
}

// count returns the result of a count query.
func count(t testing.TB, db *DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := db.sql.QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}
