package analytics

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/peil-dev/peil"
)

// exportTables are the tables ExportParquet writes, each with its order.
var exportTables = []struct{ name, order string }{
	{"clusters", "first_measure, id"},
	{"measures", "nr"},
	{"indicators", "measure, id"},
	{"reports", "report_date, id"},
	{"measure_status", "report, measure, line"},
	{"observations", "measure, indicator, period_end, report_date, id"},
	{"sentences", "id"},
	{"report_warnings", "report, seq"},
	{"events", "date, measure, id"},
	{"figure_review", "observation"},
	{"decisions", "id"},
	{"audit_log", "id"},
	{"schema_migrations", "version"},
}

// privateTables are never exported: they hold password hashes and session
// tokens' hashes.
var privateTables = []string{"users", "sessions"}

// ExportParquet writes every table as dir/TABLE.parquet (DuckDB COPY), all
// from one snapshot, creating dir when needed.
func (db *DB) ExportParquet(ctx context.Context, dir string) (err error) {
	defer peil.Wrap(&err, "export parquet to %s", dir)
	ctx, done := db.reading(ctx)
	defer done()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return db.inTx(ctx, func(conn *sql.Conn) error {
		for _, t := range exportTables {
			file := filepath.Join(dir, t.name+".parquet")
			// COPY takes no parameter for its file; the path is quoted as an SQL
			// string literal (quotes doubled). Table names are our own.
			q := fmt.Sprintf(`COPY (SELECT * FROM %s ORDER BY %s) TO %s (FORMAT parquet)`,
				t.name, t.order, sqlString(file))
			if _, err := conn.ExecContext(ctx, q); err != nil {
				return fmt.Errorf("%s: %w", t.name, err)
			}
		}
		return nil
	})
}

// sqlString quotes s as an SQL string literal.
func sqlString(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}
