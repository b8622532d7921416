package analytics

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/peil-dev/peil"
)

func TestExportParquet(t *testing.T) {
	ctx := context.Background()
	db := loadedDB(t, fixtureReports...)
	// One decision, so that decisions and audit_log have rows.
	decide(t, db, peil.Decision{Figure: figureBy(t, db, "circa 300 strafrechtelijke").ID, Action: peil.DecideConfirm})
	// A directory name with a quote must not break (or inject into) the COPY.
	dir := filepath.Join(t.TempDir(), "it's here'); DROP TABLE reports; --")
	if err := db.ExportParquet(ctx, dir); err != nil {
		t.Fatal(err)
	}
	for _, tt := range exportTables {
		file := filepath.Join(dir, tt.name+".parquet")
		want := count(t, db, `SELECT count(*) FROM `+tt.name)
		got := count(t, db, `SELECT count(*) FROM read_parquet(?)`, file)
		if got != want || want == 0 {
			t.Errorf("%s.parquet has %d rows; want %d (and more than 0)", tt.name, got, want)
		}
	}
	// Every table of the database, schema_migrations too, has its file.
	rows, err := db.sql.QueryContext(ctx, `SELECT table_name FROM duckdb_tables() ORDER BY table_name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var tables int
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		tables++
		if slices.Contains(privateTables, name) {
			if _, err := os.Stat(filepath.Join(dir, name+".parquet")); err == nil {
				t.Errorf("private table %s was exported", name)
			}
			continue
		}
		if _, err := os.Stat(filepath.Join(dir, name+".parquet")); err != nil {
			t.Errorf("table %s has no Parquet file: %v", name, err)
		}
	}
	if err := rows.Err(); err != nil || tables < 11 {
		t.Errorf("duckdb_tables() listed %d tables (%v); want the 11 of the schema", tables, err)
	}
	var derivation string
	err = db.sql.QueryRowContext(ctx, `SELECT derivation FROM read_parquet(?) WHERE source = 'derived' AND value = 80`,
		filepath.Join(dir, "observations.parquet")).Scan(&derivation)
	if err != nil || derivation == "" {
		t.Errorf("derived row in observations.parquet: %q, %v; want its derivation", derivation, err)
	}
}
