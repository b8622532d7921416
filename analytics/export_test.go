package analytics

import (
	"context"
	"path/filepath"
	"testing"
)

func TestExportParquet(t *testing.T) {
	ctx := context.Background()
	db := loadedDB(t, fixtureReports...)
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
	var derivation string
	err := db.sql.QueryRowContext(ctx, `SELECT derivation FROM read_parquet(?) WHERE source = 'derived' AND value = 80`,
		filepath.Join(dir, "observations.parquet")).Scan(&derivation)
	if err != nil || derivation == "" {
		t.Errorf("derived row in observations.parquet: %q, %v; want its derivation", derivation, err)
	}
}
