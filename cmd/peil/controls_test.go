package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/peil-dev/peil"
)

// Control characters that pass the check for binary input (C1 controls,
// DEL, bidirectional overrides, line separators) are not stored: not from
// a report's text, a manifest's title or an import's source and note, so
// that no terminal, JSON, CSV or page shows them. Before, they were stored
// as given and reached `--format json`, CSV cells and the pages raw.
func TestControlCharactersNotStored(t *testing.T) {
	const evil = "\u202e\u009b31m\x7f\u2028\u200f"
	sample, err := os.ReadFile(filepath.Join(sampleDir, "voortgangsrapportage-2017.txt"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	text := strings.Replace(string(sample), "tenminste 386", "tenminste"+evil+" 386", 1)
	if text == string(sample) {
		t.Fatal("the sample has no 'tenminste 386'")
	}
	if err := os.WriteFile(filepath.Join(dir, "rapport.txt"), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	manifest := "file,title,report_date,period_start\nrapport.txt,Voortgang\x1b]0;titel\x07" + evil + "  voorjaar,2017-03-31,\n"
	if err := os.WriteFile(filepath.Join(dir, "reports.csv"), []byte(manifest), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(t.TempDir(), "peil.duckdb")
	mustRun(t, "ingest", "--db", db, dir)
	imp := filepath.Join(t.TempDir(), "extra.csv")
	if err := os.WriteFile(imp, []byte("indicator;value;qualifier;period_start;period_end;source;note\n"+
		"passport_measures;320;circa;2013-12-01;2017-05-01;Kamerbrief"+evil+";noot\x1b[2J"+evil+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	mustRun(t, "import", imp, "--db", db)

	outputs := map[string]string{
		"reports json": mustRun(t, "reports", "--db", db, "--format", "json"),
		"series json":  mustRun(t, "series", "investigation_suspects", "--db", db, "--format", "json"),
		"import json":  mustRun(t, "series", "passport_measures", "--db", db, "--format", "json"),
		"export csv":   mustRun(t, "export", "--db", db, "--format", "csv"),
	}
	for name, out := range outputs {
		if i := strings.IndexFunc(out, func(r rune) bool { return peil.IsControl(r) && r != '\n' && r != '\r' }); i >= 0 {
			t.Errorf("%s holds the control character %U: %q", name, []rune(out[i:])[0], out[max(0, i-40):min(len(out), i+40)])
		}
	}
	if !strings.Contains(outputs["reports json"], `"title": "Voortgang ]0;titel 31m voorjaar"`) {
		t.Errorf("reports = %s; want the title without controls, one space each", outputs["reports json"])
	}
	if !strings.Contains(outputs["import json"], "Kamerbrief") {
		t.Errorf("series passport_measures lacks the imported source: %s", outputs["import json"])
	}
}
