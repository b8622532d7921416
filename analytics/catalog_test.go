package analytics

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/peil-dev/peil"
	"github.com/peil-dev/peil/data"
)

// Seeding a new database's catalog and importing a catalog write each table
// with one statement, however many rows (DuckDB's query log): DuckDB holds
// some 260 KB for every INSERT OR REPLACE statement until the transaction
// commits, and a statement per row took 52 MB to seed the embedded catalog.
func TestCatalogWritesConstant(t *testing.T) {
	ctx := context.Background()
	full, err := data.Catalog()
	if err != nil {
		t.Fatal(err)
	}
	ind := full.Indicators[0]
	m, _ := full.Measure(ind.Measure)
	small := &peil.Catalog{Clusters: full.Clusters[:1], Measures: []peil.Measure{m}, Indicators: []peil.Indicator{ind}}
	writes := map[string]func(db *DB, c *peil.Catalog) error{
		"seed": func(db *DB, c *peil.Catalog) error { return db.loadCatalog(ctx, c) },
		"import": func(db *DB, c *peil.Catalog) error {
			_, err := db.ImportCatalog(ctx, c, "carla")
			return err
		},
	}
	for name, write := range writes {
		t.Run(name, func(t *testing.T) {
			replaces := func(c *peil.Catalog) int {
				db, err := Open(ctx, filepath.Join(t.TempDir(), "peil.duckdb"), Options{})
				if err != nil {
					t.Fatal(err)
				}
				defer db.Close()
				n := 0
				for _, s := range loggedStatements(t, db, func() error { return write(db, c) }) {
					if strings.Contains(s, "INSERT OR REPLACE") {
						n++
					}
				}
				if got := count(t, db, `SELECT count(*) FROM indicators WHERE from_catalog`); got != len(c.Indicators) {
					t.Errorf("%d indicators stored; want %d", got, len(c.Indicators))
				}
				if got := count(t, db, `SELECT count(*) FROM measures`); got != len(c.Measures) {
					t.Errorf("%d measures stored; want %d", got, len(c.Measures))
				}
				return n
			}
			one, all := replaces(small), replaces(full)
			if len(full.Indicators) < 50 || one != 3 || all != 3 {
				t.Errorf("INSERT OR REPLACE statements for 1 indicator = %d, for %d = %d; want 3 for both (one per table)",
					one, len(full.Indicators), all)
			}
		})
	}
}
