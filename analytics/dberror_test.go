package analytics

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/duckdb/duckdb-go/v2"
)

// TestDescribeError runs queries that fail in DuckDB and checks the Dutch
// description of each, and that an error of another kind gets none.
func TestDescribeError(t *testing.T) {
	db := loadedDB(t, "report1.json")
	ctx := context.Background()
	for _, tc := range []struct {
		query, want string
	}{
		{"SELECT * FROM no_such_table", "kent een tabel of kolom niet"},
		{"SELECT CAST('x' AS INTEGER)", "kon een waarde niet omzetten"},
	} {
		_, err := db.sql.ExecContext(ctx, tc.query)
		if err == nil {
			t.Fatalf("%s: no error", tc.query)
		}
		wrapped := fmt.Errorf("some operation: %w", err)
		if got := DescribeError(wrapped); !strings.Contains(got, tc.want) {
			t.Errorf("DescribeError(%v) = %q; want %q", err, got, tc.want)
		}
	}
	if got := DescribeError(fmt.Errorf("plain")); got != "" {
		t.Errorf("DescribeError(plain) = %q; want empty", got)
	}
}

// A database file cut short is called damaged, not a full disk (before:
// "is de schijf vol, of het bestand beschadigd?"); the cause in DuckDB's text
// decides over its error type: a WAL that may not be written is no
// conflict to retry (DuckDB's texts as a read-only folder gives them to
// another user than root, who may write anyway).
func TestDescribeErrorCauses(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kort.duckdb")
	db, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, raw[:len(raw)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Open(context.Background(), path, Options{})
	if got := DescribeError(err); !strings.Contains(got, "het databasebestand is beschadigd") {
		t.Errorf("DescribeError(open of a truncated file: %v) = %q; want damaged", err, got)
	}
	for _, tc := range []struct {
		err  *duckdb.Error
		want string
	}{
		{&duckdb.Error{Type: duckdb.ErrorTypeTransaction, Msg: `TransactionContext Error: Failed to commit: Cannot open file "/x/db.duckdb.wal": Permission denied`}, "geen toegang"},
		{&duckdb.Error{Type: duckdb.ErrorTypeIO, Msg: `IO Error: Cannot open file "/x/ro.duckdb": Permission denied`}, "geen toegang"},
		{&duckdb.Error{Type: duckdb.ErrorTypeIO, Msg: `IO Error: Could not write file "/x/db.duckdb.wal": No space left on device`}, "de schijf is vol"},
	} {
		if got := DescribeError(fmt.Errorf("commit: %w", tc.err)); !strings.Contains(got, tc.want) {
			t.Errorf("DescribeError(%s) = %q; want %q", tc.err.Msg, got, tc.want)
		}
	}
}
