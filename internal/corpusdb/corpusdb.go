// Package corpusdb stores synthetic reports (package corpus) in a Peil
// database the way `peil ingest` stores them, for the benchmarks and tests
// that need a large store. It lives apart from corpus, which imports only
// peil, so that the own tests of ingest and analytics can use corpus; the
// benchmarks of analytics that use it are in package analytics_test.
package corpusdb

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/peil-dev/peil"
	"github.com/peil-dev/peil/analytics"
	"github.com/peil-dev/peil/data"
	"github.com/peil-dev/peil/ingest"
	"github.com/peil-dev/peil/internal/corpus"
)

// DirEnv names a folder in which File keeps the databases it builds, as
// corpus-N.duckdb, and reuses them in later runs (so that -count and
// repeated runs do not build them each time; remove them after a schema
// change).
const DirEnv = "PEIL_BENCH_CORPUS_DIR"

// File returns the path of a database file with n synthetic reports (seed
// 1) and their derived values, stored through ingest.Batch with the
// embedded catalog. Without $PEIL_BENCH_CORPUS_DIR it is built in tb's
// temporary folder.
//
// The database is built in a folder of its own beside the final path
// (corpus-N.duckdb.build-*) and renamed to that path only once it is closed,
// complete: a build that is killed leaves that folder, never a half-built
// file that a later run would take for the database.
func File(tb testing.TB, n int) string {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "corpus.duckdb")
	if dir := os.Getenv(DirEnv); dir != "" {
		path = filepath.Join(dir, fileName(n))
		if _, err := os.Stat(path); err == nil {
			return path
		}
	}
	if err := build(path, n); err != nil {
		tb.Fatalf("corpus of %d reports: %v", n, err)
	}
	return path
}

// fileName is the name of the database of n reports in $PEIL_BENCH_CORPUS_DIR.
func fileName(n int) string { return fmt.Sprintf("corpus-%d.duckdb", n) }

// build writes the database File returns at path: in a new folder beside
// it, moved to path when complete. The folder is removed in any case.
func build(path string, n int) (err error) {
	defer peil.Wrap(&err, "build %s", path)
	tmp, err := os.MkdirTemp(filepath.Dir(path), filepath.Base(path)+".build-")
	if err != nil {
		return err
	}
	defer func() {
		if rerr := os.RemoveAll(tmp); err == nil {
			err = rerr
		}
	}()
	building := filepath.Join(tmp, filepath.Base(path))
	ctx := context.Background()
	cat, err := data.Catalog()
	if err != nil {
		return err
	}
	db, err := analytics.Open(ctx, building, analytics.Options{Catalog: cat, Derive: ingest.Derive})
	if err != nil {
		return err
	}
	err = Store(ctx, db, cat, corpus.Generate(cat, n, corpus.Options{Seed: 1}))
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return os.Rename(building, path)
}

// Store stores reports in store as `peil ingest` stores a folder of them
// with its reports.csv: one ingest.Batch over ingest.Collect of corpus.FS.
func Store(ctx context.Context, store ingest.Store, cat *peil.Catalog, reports []corpus.Report) (err error) {
	defer peil.Wrap(&err, "store %d synthetic reports", len(reports))
	fsys := corpus.FS(reports)
	jobs, err := ingest.Collect(fsys, []string{"."}, nil)
	if err != nil {
		return err
	}
	return ingest.Batch(ctx, fsys, jobs, store, ingest.BatchOptions{Catalog: cat})
}
