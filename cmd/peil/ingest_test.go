package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/peil-dev/peil"
	"github.com/peil-dev/peil/analytics"
)

// sampleDir is the folder of the sample report and its manifest.
const sampleDir = "../../data/samples"

// storeRun runs peil with args and returns its exit status and output.
func storeRun(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	return benchRun(t, args...)
}

// benchRun is storeRun for tests and benchmarks.
func benchRun(t testing.TB, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	m := &Main{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut, Getenv: func(string) string { return "" }}
	code = m.Run(context.Background(), args)
	return code, out.String(), errOut.String()
}

// storeReports returns `peil reports --format json`.
func storeReports(t *testing.T, db string) []peil.ReportSummary {
	t.Helper()
	code, out, errOut := storeRun(t, "reports", "--db", db, "--format", "json")
	if code != 0 {
		t.Fatalf("peil reports = %d: %s", code, errOut)
	}
	var reps []peil.ReportSummary
	if err := json.Unmarshal([]byte(out), &reps); err != nil {
		t.Fatalf("peil reports JSON: %v\n%s", err, out)
	}
	return reps
}

// The example session of the README: ingest the sample, then a series.
func TestIngestSampleThenSeries(t *testing.T) {
	db := filepath.Join(t.TempDir(), "peil.duckdb")
	code, out, errOut := storeRun(t, "ingest", "--db", db, sampleDir)
	if code != 0 {
		t.Fatalf("peil ingest = %d: %s", code, errOut)
	}
	for _, want := range []string{"1 rapportage (1 toegevoegd, 0 vervangen, 0 ongewijzigd)", "38 maatregelen"} {
		if !strings.Contains(out, want) {
			t.Errorf("summary %q lacks %q", out, want)
		}
	}
	if !strings.Contains(errOut, "[1/1] voortgangsrapportage-2017.txt: toegevoegd") {
		t.Errorf("progress (not a terminal) = %q; want a line per file", errOut)
	}

	code, out, errOut = storeRun(t, "series", "passport_measures", "--db", db, "--format", "json")
	if code != 0 {
		t.Fatalf("peil series = %d: %s", code, errOut)
	}
	var s struct {
		Indicator struct {
			ID      string `json:"id"`
			Label   string `json:"label"`
			Unit    string `json:"unit"`
			Measure int    `json:"measure"`
		} `json:"indicator"`
		Points []struct {
			PeriodStart *string `json:"period_start"`
			PeriodEnd   string  `json:"period_end"`
			Value       float64 `json:"value"`
			Qualifier   string  `json:"qualifier"`
			Report      int64   `json:"report"`
			Source      string  `json:"source"`
		} `json:"points"`
	}
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatalf("series JSON: %v\n%s", err, out)
	}
	if s.Indicator.ID != "passport_measures" || s.Indicator.Measure != 7 || s.Indicator.Unit == "" || len(s.Points) == 0 {
		t.Fatalf("series = %+v; want passport_measures of measure 7 with points", s)
	}
	// "ongeveer 300 (peildatum 13 februari 2017) verzoeken": the qualifier travels.
	found := false
	for _, p := range s.Points {
		if p.Value == 300 && p.Qualifier == "approx" && p.PeriodEnd == "2017-02-13" && p.Source == "extracted" && p.Report == 1 {
			found = true
		}
	}
	if !found {
		t.Errorf("points = %+v; want ongeveer 300 at 2017-02-13, approx, from report 1", s.Points)
	}

	code, out, _ = storeRun(t, "series", "--db", db, "passport_measures")
	if code != 0 || !strings.Contains(out, "13 februari 2017") || !strings.Contains(out, "circa") {
		t.Errorf("peil series (table) = %d:\n%s\nwant Dutch dates and qualifiers", code, out)
	}

	// The same file again changes nothing.
	code, out, _ = storeRun(t, "ingest", "--db", db, filepath.Join(sampleDir, "voortgangsrapportage-2017.txt"))
	if code != 0 || !strings.Contains(out, "1 ongewijzigd") {
		t.Errorf("second ingest = %d, %q; want unchanged", code, out)
	}
	if reps := storeReports(t, db); len(reps) != 1 || reps[0].Title != "Voortgangsrapportage integrale aanpak jihadisme, voorjaar 2017" {
		t.Errorf("reports = %+v; want the sample once, with the manifest's title", reps)
	}
}

// Bad input anywhere in the batch: exit 2, the file in the message, and the
// database as it was (not even created).
func TestIngestBadInput(t *testing.T) {
	dir := t.TempDir()
	good, err := os.ReadFile(filepath.Join(sampleDir, "voortgangsrapportage-2017.txt"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "a-goed.txt"), good, 0o644)
	os.WriteFile(filepath.Join(dir, "b-kapot.txt"), []byte("\x00\x01\x02 geen tekst"), 0o644)
	db := filepath.Join(t.TempDir(), "peil.duckdb")
	code, _, errOut := storeRun(t, "ingest", "--db", db, "--report-date", "2017-03-31", filepath.Join(dir, "a-goed.txt"), filepath.Join(dir, "b-kapot.txt"))
	if code != exitInvalid || !strings.Contains(errOut, "gelden voor één bestand") {
		t.Errorf("ingest --report-date with two files = %d, %q; want 2", code, errOut)
	}
	code, _, errOut = storeRun(t, "ingest", "--db", db, dir)
	if code != exitInvalid || !strings.Contains(errOut, "b-kapot.txt") {
		t.Errorf("ingest of a folder with a binary file = %d, %q; want 2 naming b-kapot.txt", code, errOut)
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Errorf("database exists after bad input (%v); want it not created", err)
	}

	// With an existing database: nothing changes.
	if code, _, errOut := storeRun(t, "ingest", "--db", db, "--report-date", "2017-03-31", filepath.Join(dir, "a-goed.txt")); code != 0 {
		t.Fatalf("ingest good file = %d: %s", code, errOut)
	}
	os.Remove(filepath.Join(dir, "a-goed.txt"))
	os.WriteFile(filepath.Join(dir, "a-goed.txt"), append(good, []byte("\nExtra regel.\n")...), 0o644)
	code, _, _ = storeRun(t, "ingest", "--db", db, dir)
	if code != exitInvalid {
		t.Errorf("second bad ingest = %d; want 2", code)
	}
	if reps := storeReports(t, db); len(reps) != 1 || reps[0].SHA256 == "" {
		t.Errorf("reports after bad input = %+v; want the one good report, unchanged", reps)
	}

	for _, args := range [][]string{
		{"ingest", "--db", db},
		{"ingest", "--db", db, filepath.Join(dir, "bestaat-niet.txt")},
		{"ingest", "--db", db, "--report-date", "31-03-2017", filepath.Join(dir, "a-goed.txt")},
		{"ingest", "--db", db, t.TempDir()}, // an empty folder
	} {
		if code, _, _ := storeRun(t, args...); code != exitInvalid {
			t.Errorf("peil %s = %d; want 2", strings.Join(args, " "), code)
		}
	}
}

// A corpus folder with a manifest: the reports chain, and a report whose
// manifest line has no period start gets the previous report's date.
func TestIngestCorpusFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "corpus")
	if code, _, errOut := storeRun(t, "gen-corpus", "3", dir); code != 0 {
		t.Fatalf("gen-corpus = %d: %s", code, errOut)
	}
	manifest, err := os.ReadFile(filepath.Join(dir, "reports.csv"))
	if err != nil {
		t.Fatal(err)
	}
	// Drop the period starts: ingest fills them from the report dates.
	lines := strings.Split(strings.TrimSpace(string(manifest)), "\n")
	for i := 1; i < len(lines); i++ {
		lines[i] = lines[i][:strings.LastIndex(lines[i], ",")+1]
	}
	os.WriteFile(filepath.Join(dir, "reports.csv"), []byte(strings.Join(lines, "\n")+"\n"), 0o644)

	db := filepath.Join(t.TempDir(), "peil.duckdb")
	code, out, errOut := storeRun(t, "ingest", "--db", db, dir)
	if code != 0 {
		t.Fatalf("ingest corpus = %d: %s", code, errOut)
	}
	if !strings.Contains(out, "3 rapportages (3 toegevoegd") || !strings.Contains(out, "afgeleide waarden") {
		t.Errorf("summary = %q; want 3 reports added", out)
	}
	reps := storeReports(t, db)
	if len(reps) != 3 {
		t.Fatalf("reports = %d; want 3", len(reps))
	}
	if !reps[0].PeriodStart.IsZero() || reps[1].PeriodStart != reps[0].ReportDate || reps[2].PeriodStart != reps[1].ReportDate {
		t.Errorf("period starts = %s, %s, %s; want none, then each previous report's date",
			reps[0].PeriodStart, reps[1].PeriodStart, reps[2].PeriodStart)
	}
}

func TestProgressLine(t *testing.T) {
	tests := []struct {
		i, total int
		name     string
		width    int
		want     string
	}{
		{0, 4, "a.txt", 40, "[>            ] 0/4 a.txt"},
		{2, 4, "a.txt", 40, "[======>      ] 2/4 a.txt"},
		{4, 4, "a.txt", 40, "[=============] 4/4 a.txt"},
		{1, 1, "een-heel-lange-naam-van-een-rapport.txt", 30, "[==========] 1/1 een-heel-lan"},
	}
	for _, tt := range tests {
		got := progressLine(tt.i, tt.total, tt.name, tt.width)
		if strings.TrimRight(got, " ") != tt.want || len([]rune(got)) != tt.width-1 {
			t.Errorf("progressLine(%d, %d, %q, %d) = %q; want %q padded to %d", tt.i, tt.total, tt.name, tt.width, got, tt.want, tt.width-1)
		}
	}
}

// holdDBEnv names the database that TestHelperHoldDB holds when the test
// binary runs as a child process.
const holdDBEnv = "PEIL_CMD_TEST_HOLD_DB"

// TestHelperHoldDB is the child process of TestIngestDatabaseInUse: with
// holdDBEnv set it opens that database and holds it until stdin closes.
// Without it, it does nothing.
func TestHelperHoldDB(t *testing.T) {
	path := os.Getenv(holdDBEnv)
	if path == "" {
		return
	}
	db, err := analytics.Open(context.Background(), path, analytics.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	fmt.Println("ready")
	io.ReadAll(os.Stdin)
}

// A database that another process holds gives a clear message and exit 1.
func TestIngestDatabaseInUse(t *testing.T) {
	db := filepath.Join(t.TempDir(), "peil.duckdb")
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperHoldDB$")
	cmd.Env = append(os.Environ(), holdDBEnv+"="+db)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		stdin.Close()
		cmd.Wait()
	}()
	if line, err := bufio.NewReader(stdout).ReadString('\n'); err != nil || line != "ready\n" {
		t.Fatalf("child said %q, %v; want ready", line, err)
	}
	for _, args := range [][]string{
		{"ingest", "--db", db, sampleDir},
		{"reports", "--db", db},
	} {
		code, _, errOut := storeRun(t, args...)
		if code != exitError || !strings.Contains(errOut, "database "+db+" is in gebruik door een ander proces (proces ") ||
			strings.Contains(errOut, "goroutine") || strings.Contains(errOut, "IO Error") {
			t.Errorf("peil %s = %d, %q; want 1 and a plain message", args[0], code, errOut)
		}
	}
}
