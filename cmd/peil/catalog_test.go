package main

import (
	"crypto/sha256"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCatalogEditUnitAndKind changes an indicator's unit and kind with peil
// catalog edit; a bad kind is refused in Dutch with exit 2 and leaves the file
// as it was.
func TestCatalogEditUnitAndKind(t *testing.T) {
	db := filepath.Join(t.TempDir(), "peil.duckdb")
	mustRun(t, "ingest", "--db", db, "--report-date", "2018-03-31", "--period-start", "2017-10-01", filepath.Join(reviewDir, "rapportage-a.txt"))
	out := mustRun(t, "catalog", "edit", "passport_measures", "--unit", "aanvragen", "--kind", "flow", "--db", db, "--by", "anna")
	if !strings.Contains(out, "indicator passport_measures gewijzigd") {
		t.Errorf("peil catalog edit printed %q", out)
	}
	export := mustRun(t, "catalog", "export", "--db", db)
	var line string
	for _, l := range strings.Split(export, "\n") {
		if strings.HasPrefix(l, "passport_measures;") || strings.HasPrefix(l, "passport_measures,") {
			line = l
		}
	}
	if !strings.Contains(line, "aanvragen") || !strings.Contains(line, "flow") {
		t.Errorf("exported passport_measures %q; want unit aanvragen and kind flow", line)
	}
	sum := func() [32]byte {
		b, err := os.ReadFile(db)
		if err != nil {
			t.Fatal(err)
		}
		return sha256.Sum256(b)
	}
	before := sum()
	code, _, errOut := storeRun(t, "catalog", "edit", "passport_measures", "--kind", "liters", "--db", db, "--by", "anna")
	if code != 2 || !strings.Contains(errOut, "onbekende soort") {
		t.Errorf("edit with a bad kind = %d %q; want exit 2, onbekende soort", code, errOut)
	}
	if sum() != before {
		t.Error("a refused edit changed the database file")
	}
}
