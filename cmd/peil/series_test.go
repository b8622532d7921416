package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// storeSampleDB returns a database with the sample report ingested.
func storeSampleDB(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "peil.duckdb")
	if code, _, errOut := storeRun(t, "ingest", "--db", db, sampleDir); code != 0 {
		t.Fatalf("peil ingest = %d: %s", code, errOut)
	}
	return db
}

func TestSeriesCommand(t *testing.T) {
	db := storeSampleDB(t)
	// The derived 2015 value of the %-change sentence shows as derived, in words.
	code, out, errOut := storeRun(t, "series", "extremism_reports", "--db", db)
	if code != 0 {
		t.Fatalf("peil series = %d: %s", code, errOut)
	}
	for _, want := range []string{"Meldingen bij Meld Extremisme Anoniem", "1 januari 2015 – 31 december 2015", "afgeleid",
		"afname van 15% ten opzichte van 2015", "120"} {
		if !strings.Contains(out, want) {
			t.Errorf("peil series extremism_reports lacks %q:\n%s", want, out)
		}
	}

	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"series", "--db", db, "bestaat_niet"}, exitError, `indicator "bestaat_niet" niet gevonden`},
		{[]string{"series", "--db", db}, exitInvalid, "geef één indicator-id"},
		{[]string{"series", "--db", db, "a", "b"}, exitInvalid, "geef één indicator-id"},
		{[]string{"series", "--db", db, "--format", "xml", "extremism_reports"}, exitInvalid, `onbekend --format "xml": kies json of table`},
		{[]string{"series", "--db", filepath.Join(t.TempDir(), "leeg.duckdb"), "x"}, exitInvalid, "leeg.duckdb: database bestaat niet"},
	}
	for _, tt := range tests {
		code, _, errOut := storeRun(t, tt.args...)
		if code != tt.code || !strings.Contains(errOut, tt.want) {
			t.Errorf("peil %s = %d, %q; want %d with %q", strings.Join(tt.args, " "), code, errOut, tt.code, tt.want)
		}
	}
}

func TestReportsCommand(t *testing.T) {
	db := storeSampleDB(t)
	code, out, _ := storeRun(t, "reports", "--db", db)
	if code != 0 || !strings.Contains(out, "31 maart 2017") || !strings.Contains(out, "voorjaar 2017") {
		t.Errorf("peil reports (table) = %d:\n%s\nwant the sample with a Dutch date", code, out)
	}
	reps := storeReports(t, db)
	if len(reps) != 1 || reps[0].ID != 1 || reps[0].Figures == 0 || reps[0].SHA256 == "" || reps[0].ReportDate.String() != "2017-03-31" {
		t.Errorf("peil reports --format json = %+v; want the sample with id, sha256, date and figures", reps)
	}
	if code, _, _ := storeRun(t, "reports", "--db", db, "extra"); code != exitInvalid {
		t.Errorf("peil reports extra = %d; want 2", code)
	}
}
