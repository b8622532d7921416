package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/peil-dev/peil"
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
		{[]string{"series", "--db", db, "bestaat_niet"}, exitInvalid, `indicator "bestaat_niet" niet gevonden`},
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

// The table says "herzien" only for values that changed between reports, in
// the order of the reports, shows a report's own disagreement as a note, and
// marks approximate increments with "ca.".
func TestSeriesTableRevisionsAndIncrements(t *testing.T) {
	end1, end2 := peil.NewDate(2016, 11, 15), peil.NewDate(2017, 3, 31)
	st := func(report int64, line int, v float64) peil.Observation {
		return peil.Observation{ID: report*100 + int64(line), Report: report, ReportDate: peil.NewDate(2016, time.Month(report*3), 1),
			Line: line, Value: v, Qualifier: peil.QualApprox, Source: peil.SourceExtracted}
	}
	a, b, c, d := st(1, 10, 300), st(1, 40, 305), st(2, 12, 305), st(2, 50, 310)
	a.PeriodEnd, b.PeriodEnd, c.PeriodEnd, d.PeriodEnd = end1, end1, end1, end1
	e := st(3, 8, 320)
	e.PeriodEnd, e.Qualifier = end2, peil.QualExact
	s := &peil.Series{Indicator: peil.Indicator{ID: "x", Label: "X", Unit: "verzoeken", Kind: peil.KindCumulative},
		Points: peil.Points([]peil.Observation{a, b, c, d, e})}
	s.Increments = peil.Increments(s.Points, nil)
	var out bytes.Buffer
	if err := writeSeriesTable(&Main{Stdout: &out}, s); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{"herzien: 300 → 305", "rapportage 1 noemt verschillende waarden", "ca. 15", "ca. 3,31"} {
		if !strings.Contains(got, want) {
			t.Errorf("writeSeriesTable lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "300 → 305 → 305") || strings.Contains(got, "→ 310") {
		t.Errorf("writeSeriesTable lists a report's own restatements as revisions:\n%s", got)
	}
}
