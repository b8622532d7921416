package analytics

import (
	"bytes"
	"context"
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
			if peil.ErrorCode(err) != peil.EINVALID || !asError(err, &pe) || pe.File != path || !strings.Contains(err.Error(), "DuckDB") {
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
