package analytics

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/peil-dev/peil"
	"github.com/peil-dev/peil/ingest"
)

// A file that is not a DuckDB database gives EINVALID naming the file, read
// -only and read-write, and stays as it was.
func TestOpenNotADuckDBFile(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct {
		name    string
		content []byte
	}{
		{"text", []byte("Nr;Omschrijving\n1;geen database\n")},
		{"empty", nil},
		{"binary", bytes.Repeat([]byte{0xde, 0xad, 0xbe, 0xef}, 4096)},
	} {
		for _, readOnly := range []bool{false, true} {
			dir := t.TempDir()
			path := filepath.Join(dir, tt.name+".duckdb")
			if err := os.WriteFile(path, tt.content, 0o644); err != nil {
				t.Fatal(err)
			}
			db, err := Open(ctx, path, Options{ReadOnly: readOnly, Catalog: testCatalog(t)})
			if err == nil {
				db.Close()
				t.Errorf("Open(%s, read-only %v) succeeded; want an error", tt.name, readOnly)
				continue
			}
			var pe *peil.Error
			if peil.ErrorCode(err) != peil.EINVALID || !errors.As(err, &pe) || pe.File != path || !strings.Contains(err.Error(), "DuckDB") {
				t.Errorf("Open(%s, read-only %v) error = %v; want EINVALID for file %s saying it is no DuckDB database",
					tt.name, readOnly, err, path)
			}
			got, err := os.ReadFile(path)
			if err != nil || !bytes.Equal(got, tt.content) {
				t.Errorf("after Open(%s, read-only %v) the file has %d bytes (%v); want it unchanged", tt.name, readOnly, len(got), err)
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 1 {
				t.Errorf("after Open(%s, read-only %v) the folder holds %d files; want only the original", tt.name, readOnly, len(entries))
			}
		}
	}
}

// sha256Of returns the sha256 of the file at path.
func sha256Of(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

// Opening a complete database read-write with the catalog it holds already,
// and closing it, writes nothing; read-only neither.
func TestOpenCloseLeavesFileBytes(t *testing.T) {
	ctx := context.Background()
	path := storedFile(t, "report1.json")
	for _, opts := range []Options{{ReadOnly: true}, {Catalog: testCatalog(t)}, {}} {
		before := sha256Of(t, path)
		db, err := Open(ctx, path, opts)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Reports(ctx); err != nil {
			t.Fatal(err)
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		if after := sha256Of(t, path); after != before {
			t.Errorf("Open(read-only %v, catalog %v) then Close changed the file; want it byte for byte as before",
				opts.ReadOnly, opts.Catalog != nil)
		}
	}
}

// CheckImport finds the bad rows Import would refuse, on a read-only database.
func TestCheckImportReadOnly(t *testing.T) {
	ctx := context.Background()
	path := storedFile(t)
	ro, err := Open(ctx, path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	ind := testCatalog(t).Indicators[0].ID
	good := peil.Observation{Indicator: ind, Value: 3, Qualifier: peil.QualExact, PeriodEnd: peil.NewDate(2017, 6, 1), Citation: "https://example.org", Line: 2}
	unknown := good
	unknown.Indicator, unknown.Line = "onbekend_ding", 3
	if err := ro.CheckImport(ctx, []peil.Observation{good}); err != nil {
		t.Errorf("CheckImport(good row) = %v; want nil", err)
	}
	err = ro.CheckImport(ctx, []peil.Observation{good, unknown})
	var pe *peil.Error
	if !errors.As(err, &pe) || pe.Code != peil.EINVALID || pe.Line != 3 || !strings.Contains(pe.Message, "onbekende indicator") {
		t.Errorf("CheckImport(unknown indicator on line 3) = %v; want EINVALID on line 3", err)
	}
}

// duckDBSize parses a size as DuckDB shows it ("244.1 MiB", "1.3 GiB") into
// bytes, with the size of the unit: DuckDB shows one decimal, cut off.
func duckDBSize(t *testing.T, s string) (bytes, unit float64) {
	t.Helper()
	num, name, ok := strings.Cut(s, " ")
	units := map[string]float64{"bytes": 1, "KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30, "TiB": 1 << 40}
	v, err := strconv.ParseFloat(num, 64)
	if !ok || err != nil || units[name] == 0 {
		t.Fatalf("memory_limit %q: not a number and a unit", s)
	}
	return v * units[name], units[name]
}

// memoryLimit returns DuckDB's memory limit in db as DuckDB shows it.
func memoryLimit(t *testing.T, db *DB) string {
	t.Helper()
	var s string
	if err := db.sql.QueryRowContext(context.Background(), `SELECT current_setting('memory_limit')`).Scan(&s); err != nil {
		t.Fatal(err)
	}
	return s
}

// Options.MemoryLimit reaches DuckDB, read-write, read-only and in memory;
// empty means DefaultMemoryLimit.
func TestOpenMemoryLimit(t *testing.T) {
	ctx := context.Background()
	path := storedFile(t, "report1.json")
	tests := []struct {
		limit string
		opts  Options
		want  float64 // bytes
	}{
		{"", Options{}, 128e6},
		{"", Options{ReadOnly: true}, 128e6},
		{DefaultMemoryLimit, Options{}, 128e6},
		{"256MB", Options{}, 256e6},
		{"256MB", Options{ReadOnly: true}, 256e6},
		{"1GB", Options{ReadOnly: true}, 1e9},
		{"512MiB", Options{}, 512 << 20},
	}
	shown := map[string]string{}
	for _, tt := range tests {
		for _, p := range []string{path, ""} {
			if p == "" && tt.opts.ReadOnly {
				continue // no read-only database in memory
			}
			opts := tt.opts
			opts.MemoryLimit = tt.limit
			db, err := Open(ctx, p, opts)
			if err != nil {
				t.Fatalf("Open(%q, %+v): %v", p, opts, err)
			}
			got := memoryLimit(t, db)
			if err := db.Close(); err != nil {
				t.Fatal(err)
			}
			b, unit := duckDBSize(t, got)
			if b > tt.want || tt.want-b >= unit/10 {
				t.Errorf("Open(%q, MemoryLimit %q, read-only %v): memory_limit = %s; want %.0f bytes", p, tt.limit, opts.ReadOnly, got, tt.want)
			}
			shown[tt.limit] = got
		}
	}
	if shown[""] == shown["256MB"] || shown[""] != shown[DefaultMemoryLimit] {
		t.Errorf("memory_limit: default %s, %s %s, 256MB %s; want the default to be %s and 256MB to differ",
			shown[""], DefaultMemoryLimit, shown[DefaultMemoryLimit], shown["256MB"], DefaultMemoryLimit)
	}
}

// A memory limit DuckDB does not take is an EINVALID naming the value, and
// leaves the file as it was, or not made at all.
func TestOpenMemoryLimitInvalid(t *testing.T) {
	ctx := context.Background()
	for _, limit := range []string{"12XB", "veel"} {
		stored := storedFile(t, "report1.json")
		dir := filepath.Dir(stored)
		for _, tt := range []struct {
			name string
			path string
			opts Options
		}{
			{"read-write", stored, Options{Catalog: testCatalog(t), Derive: ingest.Derive}},
			{"read-only", stored, Options{ReadOnly: true}},
			{"new file", filepath.Join(dir, "nieuw.duckdb"), Options{Catalog: testCatalog(t), Derive: ingest.Derive}},
			{"in memory", "", Options{Catalog: testCatalog(t), Derive: ingest.Derive}},
		} {
			before := sha256Of(t, stored)
			tt.opts.MemoryLimit = limit
			db, err := Open(ctx, tt.path, tt.opts)
			if err == nil {
				db.Close()
				t.Errorf("Open(%s, MemoryLimit %q) succeeded; want EINVALID", tt.name, limit)
				continue
			}
			var pe *peil.Error
			if !errors.As(err, &pe) || pe.Code != peil.EINVALID || !strings.Contains(pe.Message, strconv.Quote(limit)) {
				t.Errorf("Open(%s, MemoryLimit %q) = %v; want EINVALID with a message naming %q", tt.name, limit, err, limit)
			}
			if sha256Of(t, stored) != before {
				t.Errorf("Open(%s, MemoryLimit %q) changed %s", tt.name, limit, stored)
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 1 {
				t.Errorf("after Open(%s, MemoryLimit %q) the folder holds %d files; want only the stored database", tt.name, limit, len(entries))
			}
		}
	}
}

// rowGroups returns the number of DuckDB row groups of table in db and the
// most rows in one of them, from the segments of its first column (not of their validity).
func rowGroups(t *testing.T, db *DB, table string) (groups, most int) {
	t.Helper()
	err := db.sql.QueryRowContext(context.Background(), `SELECT count(*), max(n) FROM (
		SELECT row_group_id, sum(count) AS n FROM pragma_storage_info(?) WHERE column_path = '[0]' GROUP BY row_group_id)`,
		table).Scan(&groups, &most)
	if err != nil {
		t.Fatal(err)
	}
	return groups, most
}

// A database file keeps its rows in row groups of rowGroupSize rows, not
// DuckDB's default of 122,880, when created and when opened again (DuckDB
// does not store the size in the file).
func TestOpenRowGroupSize(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "peil.duckdb")
	for i, step := range []struct{ rows, groups int }{
		{3 * rowGroupSize, 3},
		{rowGroupSize + rowGroupSize/2, 5}, // added after three full groups
	} {
		db, err := Open(ctx, path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{
			`CREATE TABLE IF NOT EXISTS probe (i INTEGER, s VARCHAR)`,
			fmt.Sprintf(`INSERT INTO probe SELECT i, 'rij ' || i FROM range(%d) r(i)`, step.rows),
			`CHECKPOINT`,
		} {
			if _, err := db.sql.ExecContext(ctx, q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		groups, most := rowGroups(t, db, "probe")
		if groups != step.groups || most > rowGroupSize {
			t.Errorf("open %d: %d row groups of at most %d rows; want %d of at most %d", i+1, groups, most, step.groups, rowGroupSize)
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

// openConflict checks that Open(path, opts) is refused with ECONFLICT
// because this process has the file open.
func openConflict(t *testing.T, path string, opts Options) {
	t.Helper()
	db, err := Open(context.Background(), path, opts)
	if err == nil {
		db.Close()
		t.Errorf("Open(%s, read-only %v) succeeded; want ECONFLICT", path, opts.ReadOnly)
	} else if peil.ErrorCode(err) != peil.ECONFLICT || !strings.Contains(err.Error(), "in dit proces al geopend") {
		t.Errorf("Open(%s, read-only %v) = %v; want ECONFLICT saying it is open in this process", path, opts.ReadOnly, err)
	}
}

// Within one process, as between processes, a file open read-write is not
// opened again, under the same name or another, and one open read-only is
// opened again only read-only (each Open is its own DuckDB instance, and
// DuckDB's lock keeps out only other processes); once closed, it opens again.
func TestOpenTwiceInProcess(t *testing.T) {
	ctx := context.Background()
	path := storedFile(t, "report1.json")
	mustOpen := func(opts Options) *DB {
		t.Helper()
		db, err := Open(ctx, path, opts)
		if err != nil {
			t.Fatalf("Open(read-only %v): %v", opts.ReadOnly, err)
		}
		return db
	}
	rw := mustOpen(Options{})
	openConflict(t, path, Options{})
	openConflict(t, path, Options{ReadOnly: true})
	openConflict(t, filepath.Join(filepath.Dir(path), ".", filepath.Base(path)), Options{})
	link := filepath.Join(t.TempDir(), "link.duckdb") // the same file by another name
	if err := os.Symlink(path, link); err != nil {
		t.Fatal(err)
	}
	openConflict(t, link, Options{})
	if reps, err := rw.Reports(ctx); err != nil || len(reps) != 1 {
		t.Errorf("read-write DB after the refused opens: Reports = %d, %v; want 1 report", len(reps), err)
	}
	if err := rw.Close(); err != nil {
		t.Fatal(err)
	}
	ro1, ro2 := mustOpen(Options{ReadOnly: true}), mustOpen(Options{ReadOnly: true})
	openConflict(t, path, Options{})
	for i, ro := range []*DB{ro1, ro2} {
		if reps, err := ro.Reports(ctx); err != nil || len(reps) != 1 {
			t.Errorf("reader %d: Reports = %d, %v; want 1 report", i+1, len(reps), err)
		}
	}
	ro1.Close()
	openConflict(t, path, Options{})
	ro2.Close()
	mustOpen(Options{}).Close()

	// A file not made yet, opened through a linked folder: the claim is on
	// the name the file has once made, which the next Open resolves.
	real := t.TempDir()
	linked := filepath.Join(t.TempDir(), "linked")
	if err := os.Symlink(real, linked); err != nil {
		t.Fatal(err)
	}
	fresh, err := Open(ctx, filepath.Join(linked, "new.duckdb"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	openConflict(t, filepath.Join(real, "new.duckdb"), Options{})
	fresh.Close()
}
