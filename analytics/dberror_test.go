package analytics

import (
	"context"
	"fmt"
	"strings"
	"testing"
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
