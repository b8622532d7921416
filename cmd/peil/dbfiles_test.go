package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// copySample copies the sample report and its manifest into a new folder,
// with extra text appended to the report, and returns the folder.
func copySample(t *testing.T, extra string) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{"reports.csv", "voortgangsrapportage-2017.txt"} {
		b, err := os.ReadFile(filepath.Join(sampleDir, name))
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(name, ".txt") {
			b = append(b, extra...)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// The summary and the line per file say for every report whether it was
// added, left unchanged (same sha256) or replaced (same title and date, other
// content).
func TestIngestSummaryCountsActions(t *testing.T) {
	db := filepath.Join(t.TempDir(), "peil.duckdb")
	tests := []struct {
		name       string
		dir        string
		wantOut    string
		wantStderr string
	}{
		{"added", sampleDir, "1 rapportage (1 toegevoegd, 0 vervangen, 0 ongewijzigd): 38 maatregelen, 54 cijfers",
			"[1/1] voortgangsrapportage-2017.txt: toegevoegd (54 cijfers)"},
		{"unchanged", sampleDir, "1 rapportage (0 toegevoegd, 0 vervangen, 1 ongewijzigd): 0 maatregelen, 0 cijfers",
			"[1/1] voortgangsrapportage-2017.txt: ongewijzigd (stond al in de database)"},
		{"replaced", copySample(t, "\nEen correctie achteraf.\n"), "1 rapportage (0 toegevoegd, 1 vervangen, 0 ongewijzigd): 38 maatregelen, 54 cijfers",
			"[1/1] voortgangsrapportage-2017.txt: vervangen (54 cijfers)"},
	}
	for _, tt := range tests {
		code, out, errOut := storeRun(t, "ingest", "--db", db, tt.dir)
		if code != 0 {
			t.Fatalf("%s: peil ingest = %d: %s", tt.name, code, errOut)
		}
		if !strings.Contains(out, tt.wantOut) {
			t.Errorf("%s: summary = %q; want %q", tt.name, out, tt.wantOut)
		}
		if !strings.Contains(errOut, tt.wantStderr) {
			t.Errorf("%s: progress = %q; want %q", tt.name, errOut, tt.wantStderr)
		}
	}
	if reps := storeReports(t, db); len(reps) != 1 {
		t.Errorf("reports after add, unchanged and replace = %d; want 1", len(reps))
	}
}

// `peil export -o FILE` makes a file others can read (0644), not the 0600
// of a temporary file.
func TestExportFileMode(t *testing.T) {
	db := storeSampleDB(t)
	for _, format := range []string{"xlsx", "csv"} {
		file := filepath.Join(t.TempDir(), "peil."+format)
		if code, _, errOut := storeRun(t, "export", "--format", format, "--db", db, "-o", file); code != 0 {
			t.Fatalf("peil export %s = %d: %s", format, code, errOut)
		}
		info, err := os.Stat(file)
		if err != nil {
			t.Fatal(err)
		}
		if got := info.Mode().Perm(); got != 0o644 {
			t.Errorf("peil export --format %s -o FILE made mode %v; want -rw-r--r--", format, got)
		}
		if entries, _ := os.ReadDir(filepath.Dir(file)); len(entries) != 1 {
			t.Errorf("export folder holds %d files; want only the export (no temporary file left)", len(entries))
		}
	}
}

// --db naming a file that is not a DuckDB database: exit 2, a message naming
// the file, and the file as it was, for the read-only commands and for ingest.
func TestDBFlagNotADatabase(t *testing.T) {
	notDB := filepath.Join(t.TempDir(), "notities.txt")
	content := []byte("Dit is een tekstbestand, geen database.\n")
	if err := os.WriteFile(notDB, content, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"reports", "--db", notDB},
		{"series", "passport_measures", "--db", notDB},
		{"export", "--format", "csv", "--db", notDB},
		{"ingest", "--db", notDB, sampleDir},
	} {
		code, _, errOut := storeRun(t, args...)
		if code != exitInvalid || !strings.Contains(errOut, notDB) || !strings.Contains(errOut, "geen DuckDB-database") ||
			strings.Contains(errOut, "goroutine") {
			t.Errorf("peil %s = %d, %q; want 2 and a message that %s is no DuckDB database", strings.Join(args, " "), code, errOut, notDB)
		}
		if got, err := os.ReadFile(notDB); err != nil || !bytes.Equal(got, content) {
			t.Errorf("after peil %s the file is %q (%v); want it unchanged", args[0], got, err)
		}
	}
}

// `peil export -o` naming the database, its write-ahead log, another DuckDB
// database or a .duckdb name: exit 2, a message naming the file, and every
// database byte for byte as it was (before, the workbook replaced the
// database with exit 0).
func TestExportRefusesDatabaseTarget(t *testing.T) {
	db := storeSampleDB(t)
	other := storeSampleDB(t)
	dbBefore, otherBefore := fileSHA256(t, db), fileSHA256(t, other)
	fresh := filepath.Join(t.TempDir(), "nieuw.duckdb")
	for _, format := range []string{"xlsx", "csv"} {
		for _, out := range []string{db, filepath.Dir(db) + "/./" + filepath.Base(db), other, fresh, db + ".wal"} {
			code, _, errOut := storeRun(t, "export", "--format", format, "--db", db, "-o", out)
			if code != exitInvalid || !strings.Contains(errOut, out) || !strings.Contains(errOut, "overschrijft geen database") {
				t.Errorf("peil export --format %s -o %s = %d, %q; want 2 and a message that it overwrites no database", format, out, code, errOut)
			}
		}
	}
	if fileSHA256(t, db) != dbBefore || fileSHA256(t, other) != otherBefore {
		t.Error("a database changed after exports refused")
	}
	if _, err := os.Stat(fresh); !os.IsNotExist(err) {
		t.Errorf("refused export made %s (%v)", fresh, err)
	}
	// The database still opens and answers.
	if code, _, errOut := storeRun(t, "reports", "--db", db); code != 0 {
		t.Errorf("peil reports after refused exports = %d: %s", code, errOut)
	}
}

// A failing export leaves an existing output file as it was: the workbook is
// written to a temporary file that replaces the output only at the end.
func TestExportFailureKeepsOutput(t *testing.T) {
	db := storeSampleDB(t)
	out := filepath.Join(t.TempDir(), "peil.csv")
	if err := os.WriteFile(out, []byte("vorige export\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := storeRun(t, "export", "--format", "csv", "--db", db, "--indicator", "onbekend", "-o", out); code != exitInvalid {
		t.Fatalf("export of an unknown indicator = %d, %q; want 2", code, errOut)
	}
	if b, _ := os.ReadFile(out); string(b) != "vorige export\n" {
		t.Errorf("failed export changed %s to %q", out, b)
	}
	if entries, _ := os.ReadDir(filepath.Dir(out)); len(entries) != 1 {
		t.Errorf("failed export left %d files; want only the old output", len(entries))
	}
}

// `peil export -o` naming a FIFO or a directory: exit 2 with a message naming
// it, at once. Before, the check whether the output was a database opened the
// FIFO and waited for a writer forever, deaf to SIGTERM, and then replaced it
// (found by a hostile re-test of issue 14); a directory gave an English error
// and `-o /dev/null` replaced the device with the workbook (as root).
func TestExportRefusesNonRegularTarget(t *testing.T) {
	db := storeSampleDB(t)
	dir := t.TempDir()
	fifo := mkfifo(t, dir, "uit.xlsx")
	for _, tc := range []struct{ out, what string }{
		{fifo, "FIFO"},
		{dir, "een map"},
		// No device: before the fix, the test would have replaced it.
	} {
		code, errOut := runGuarded(t, context.Background(), strings.NewReader(""), "export", "--format", "xlsx", "--db", db, "-o", tc.out)
		if code != exitInvalid || !strings.Contains(errOut, tc.out) || !strings.Contains(errOut, tc.what) {
			t.Errorf("peil export -o %s = %d, %q; want 2 and a message that it is %s", tc.out, code, errOut, tc.what)
		}
	}
	if info, err := os.Stat(fifo); err != nil || info.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("the FIFO is no longer one after the refused export (%v)", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("refused exports left %d files beside the FIFO", len(entries)-1)
	}
}

// An output in a folder that does not exist: exit 2 and a Dutch message that
// names the output, for `peil export -o` and `peil catalog export -o` (before,
// the export's message was English, exit 1, and named the temporary file).
func TestExportUnwritableTarget(t *testing.T) {
	db := storeSampleDB(t)
	out := filepath.Join(t.TempDir(), "bestaat-niet", "uit.csv")
	for _, args := range [][]string{
		{"export", "--format", "csv", "--db", db, "-o", out},
		{"catalog", "export", "--db", db, "-o", out},
	} {
		code, _, errOut := storeRun(t, args...)
		if code != exitInvalid || !strings.Contains(errOut, out+": kan het bestand niet schrijven") || strings.Contains(errOut, ".peil-export") {
			t.Errorf("peil %s = %d, %q; want 2 and a Dutch message naming %s only", strings.Join(args, " "), code, errOut, out)
		}
	}
}
