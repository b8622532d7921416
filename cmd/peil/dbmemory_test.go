package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/peil-dev/peil"
	"github.com/peil-dev/peil/analytics"
)

// envRun runs peil with args in the environment env and returns its exit
// status and output.
func envRun(t *testing.T, env map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	m := &Main{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut, Getenv: func(k string) string { return env[k] }}
	code = m.Run(context.Background(), args)
	return code, out.String(), errOut.String()
}

// A $PEIL_DB_MEMORY that DuckDB does not take stops every command that opens
// the database with exit 2 and a Dutch message naming the value, before it
// changes anything: the database stays byte for byte as it was, and no file
// is made.
func TestDBMemoryInvalid(t *testing.T) {
	db := storeSampleDB(t)
	work := t.TempDir()
	csv := filepath.Join(work, "kamervragen.csv")
	if err := os.WriteFile(csv, []byte("indicator,value,period_end,source\n"+
		"passport_measures,340,2017-08-01,https://example.org/een\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	newDB := filepath.Join(work, "nieuw.duckdb")
	exported := filepath.Join(work, "export.csv")
	env := map[string]string{"PEIL_DB_MEMORY": "12XB"}
	for _, args := range [][]string{
		{"reports", "--db", db},
		{"series", "passport_measures", "--db", db},
		{"indicators", "--db", db},
		{"export", "--format", "csv", "--db", db, "-o", exported},
		{"import", csv, "--db", db},
		{"ingest", "--db", db, sampleDir},
		{"ingest", "--db", newDB, sampleDir},
		{"serve", "--db", db, "--addr", "127.0.0.1:0"},
	} {
		before := fileHash(t, db)
		code, out, errOut := envRun(t, env, args...)
		if code != exitInvalid || !strings.Contains(errOut, "peil "+args[0]+": ongeldige geheugengrens \"12XB\"") ||
			!strings.Contains(errOut, "$PEIL_DB_MEMORY") || strings.Contains(errOut, "goroutine") {
			t.Errorf("PEIL_DB_MEMORY=12XB peil %s = %d, %q; want %d and a Dutch message naming 12XB and $PEIL_DB_MEMORY",
				strings.Join(args, " "), code, errOut, exitInvalid)
		}
		if strings.Contains(out, "Peil draait op") || strings.Contains(out, "geïmporteerd") {
			t.Errorf("PEIL_DB_MEMORY=12XB peil %s printed %q; want it to stop before doing anything", args[0], out)
		}
		if fileHash(t, db) != before {
			t.Errorf("PEIL_DB_MEMORY=12XB peil %s changed the database file", strings.Join(args, " "))
		}
		if entries, _ := os.ReadDir(filepath.Dir(db)); len(entries) != 1 {
			t.Errorf("after PEIL_DB_MEMORY=12XB peil %s the database folder holds %d files; want only the database", args[0], len(entries))
		}
		for _, p := range []string{newDB, exported} {
			if _, err := os.Stat(p); err == nil {
				t.Errorf("PEIL_DB_MEMORY=12XB peil %s made %s", strings.Join(args, " "), p)
			}
		}
	}

	// Without a database, serve would load the sample into memory: also
	// that in-memory database takes the limit.
	t.Chdir(t.TempDir())
	if code, _, errOut := envRun(t, env, "serve", "--addr", "127.0.0.1:0"); code != exitInvalid || !strings.Contains(errOut, `"12XB"`) {
		t.Errorf("PEIL_DB_MEMORY=12XB peil serve (sample in memory) = %d, %q; want %d naming 12XB", code, errOut, exitInvalid)
	}
}

// A valid $PEIL_DB_MEMORY changes nothing a person sees: ingest, reports,
// series and serve work as without it.
func TestDBMemoryValid(t *testing.T) {
	env := map[string]string{"PEIL_DB_MEMORY": "256MB"}
	db := filepath.Join(t.TempDir(), "peil.duckdb")
	if code, out, errOut := envRun(t, env, "ingest", "--db", db, sampleDir); code != exitOK || !strings.Contains(out, "1 rapportage (1 toegevoegd") {
		t.Fatalf("PEIL_DB_MEMORY=256MB peil ingest = %d, %q, %q; want the sample added", code, out, errOut)
	}
	code, out, errOut := envRun(t, env, "reports", "--db", db, "--format", "json")
	var reps []peil.ReportSummary
	if err := json.Unmarshal([]byte(out), &reps); code != exitOK || err != nil || len(reps) != 1 || reps[0].Measures != 38 {
		t.Errorf("PEIL_DB_MEMORY=256MB peil reports = %d, %v, %q; want the sample report with 38 measures", code, err, errOut)
	}
	if code, out, errOut := envRun(t, env, "series", "passport_measures", "--db", db); code != exitOK || !strings.Contains(out, "(passport_measures), maatregel 7") {
		t.Errorf("PEIL_DB_MEMORY=256MB peil series passport_measures = %d, %q, %q; want the series", code, out, errOut)
	}
	s := startServe(t, env, "--db", db)
	code, body := httpGet(t, s.url+"/api/reports")
	reps = nil
	if err := json.Unmarshal([]byte(body), &reps); code != http.StatusOK || err != nil || len(reps) != 1 || reps[0].Measures != 38 {
		t.Errorf("PEIL_DB_MEMORY=256MB peil serve: GET /api/reports = %d, %v, %.300s; want the sample report with 38 measures", code, err, body)
	}
	if code := s.stop(t); code != exitOK {
		t.Errorf("PEIL_DB_MEMORY=256MB peil serve after cancel = %d; want 0; stderr %s", code, s.stderr.String())
	}
}

// A query that needs more than $PEIL_DB_MEMORY fails with exit 1 and a Dutch
// hint to raise the limit after DuckDB's own message.
func TestDBMemoryTooLittle(t *testing.T) {
	db := storeSampleDB(t)
	before := fileHash(t, db)
	code, _, errOut := envRun(t, map[string]string{"PEIL_DB_MEMORY": "1MB"}, "reports", "--db", db)
	if code != exitError || !strings.Contains(errOut, "Out of Memory Error") ||
		!strings.Contains(errOut, "peil reports: DuckDB heeft te weinig geheugen aan 1MB; geef meer met PEIL_DB_MEMORY") {
		t.Errorf("PEIL_DB_MEMORY=1MB peil reports = %d, %q; want %d with DuckDB's error and the hint", code, errOut, exitError)
	}
	if fileHash(t, db) != before {
		t.Errorf("PEIL_DB_MEMORY=1MB peil reports changed the database file")
	}
}

// peil ingest gives DuckDB analytics.IngestMemoryLimit unless
// $PEIL_DB_MEMORY says otherwise, so that a batch's memory does not grow with
// its size; the other commands keep analytics.DefaultMemoryLimit.
func TestIngestMemoryLimit(t *testing.T) {
	db := filepath.Join(t.TempDir(), "peil.duckdb")
	for _, tc := range []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"ingest", nil, []string{"ingest", "--db", db, sampleDir}, analytics.IngestMemoryLimit},
		{"ingest with PEIL_DB_MEMORY", map[string]string{"PEIL_DB_MEMORY": "256MB"}, []string{"ingest", "--db", db, sampleDir}, "256MB"},
		{"reports", nil, []string{"reports", "--db", db}, analytics.DefaultMemoryLimit},
	} {
		var out, errOut bytes.Buffer
		m := &Main{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut, Getenv: func(k string) string { return tc.env[k] }}
		if code := m.Run(context.Background(), tc.args); code != exitOK || m.dbMemory != tc.want {
			t.Errorf("%s: peil %s = %d with DuckDB's memory limit %q; want %d and %q (stderr %q)",
				tc.name, strings.Join(tc.args, " "), code, m.dbMemory, exitOK, tc.want, errOut.String())
		}
	}
}
