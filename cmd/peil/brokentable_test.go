package main

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/peil-dev/peil"
	"github.com/peil-dev/peil/analytics"
)

// TestBrokenTableIngest: a report whose rows 2 and 3 are swapped is stored
// with each row's figures under its own measure; the warning is on stderr
// with its line, in the summary, and stored with the report.
func TestBrokenTableIngest(t *testing.T) {
	text, err := os.ReadFile(filepath.Join(sampleDir, "voortgangsrapportage-2017.txt"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(text), "\n")
	row := func(nr string) int {
		for i, l := range lines {
			if strings.HasPrefix(l, nr+" ") {
				return i
			}
		}
		t.Fatalf("no row %s in the sample", nr)
		return 0
	}
	r2, r3, r4 := row("2"), row("3"), row("4")
	swapped := strings.Join(lines[:r2], "") + strings.Join(lines[r3:r4], "") + strings.Join(lines[r2:r3], "") + strings.Join(lines[r4:], "")
	file := filepath.Join(t.TempDir(), "verwisseld.txt")
	if err := os.WriteFile(file, []byte(swapped), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(t.TempDir(), "peil.duckdb")
	code, out, errOut := storeRun(t, "ingest", "--db", db, "--report-date", "2017-03-31", file)
	if code != 0 {
		t.Fatalf("peil ingest = %d: %s", code, errOut)
	}
	if !regexp.MustCompile(`verwisseld\.txt:\d+: waarschuwing: de rij van maatregel 2 staat na die van maatregel 3`).MatchString(errOut) ||
		strings.Contains(errOut, "maatregel 2 niet gevonden") {
		t.Errorf("stderr = %q; want the warning with its line, and no missing measure 2", errOut)
	}
	if !strings.Contains(out, "waarschuwingen over de tabel") || !strings.Contains(out, "verwisseld.txt (1)") {
		t.Errorf("summary = %q; want the report with its warning", out)
	}
	store, err := analytics.Open(context.Background(), db, analytics.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	reps, err := store.Reports(context.Background())
	if err != nil || len(reps) != 1 {
		t.Fatalf("Reports = %v, %v", reps, err)
	}
	ws, err := store.ReportWarnings(context.Background(), reps[0].ID)
	if err != nil || len(ws) != 1 || ws[0].Line != r2+(r4-r3)+1 || !strings.Contains(ws[0].Message, "maatregel 2") {
		t.Errorf("stored warnings = %+v, %v; want the one of line %d", ws, err, r2+(r4-r3)+1)
	}
	// peil reports counts them.
	if reps[0].Warnings != 1 {
		t.Errorf("Reports()[0].Warnings = %d; want 1", reps[0].Warnings)
	}
	_, out, _ = storeRun(t, "reports", "--db", db, "--format", "table")
	if !regexp.MustCompile(`(?m)^Id .* Waarschuwingen .*\n1 .* 54 +15 +1 +verwisseld\.txt`).MatchString(out) {
		t.Errorf("peil reports = %q; want the column Waarschuwingen with 1", out)
	}
}

// A row numbered outside the catalog stays outside it: reading a later
// report, 99 is still no catalog measure (a warning again), though the
// measure keeps its page. Before, the first report's row made 99 a catalog
// measure, and a later report's "99 ..." line was read without a warning.
func TestRowOutsideCatalogStaysOutside(t *testing.T) {
	text, err := os.ReadFile(filepath.Join(sampleDir, "voortgangsrapportage-2017.txt"))
	if err != nil {
		t.Fatal(err)
	}
	broken := regexp.MustCompile(`(?m)^8 `).ReplaceAllString(string(text), "99 ")
	file := filepath.Join(t.TempDir(), "r99.txt")
	if err := os.WriteFile(file, []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(t.TempDir(), "peil.duckdb")
	for _, date := range []string{"2017-03-31", "2017-09-30"} {
		code, _, errOut := storeRun(t, "ingest", "--db", db, "--report-date", date, file)
		if code != 0 || !strings.Contains(errOut, "rij met nummer 99: geen maatregel uit de catalogus") {
			t.Errorf("peil ingest --report-date %s = %d, stderr %q; want the warning for row 99", date, code, errOut)
		}
	}
	store, err := analytics.Open(context.Background(), db, analytics.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	cat, err := store.Catalog(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := cat.Measure(99); ok {
		t.Error("measure 99 of a broken row is in the catalog")
	}
	ms, err := store.Measures(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(ms, func(m peil.Measure) bool { return m.Nr == 99 }) {
		t.Error("measure 99 has no page: not in Measures")
	}
}
