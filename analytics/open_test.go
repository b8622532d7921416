package analytics

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/peil-dev/peil"
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
