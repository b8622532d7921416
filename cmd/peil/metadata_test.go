package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/peil-dev/peil"
)

// sampleCopy copies the sample report into a new folder with the manifest
// line manifest (after the header; "" for no manifest) and returns the folder.
func sampleCopy(t *testing.T, text []byte, manifest string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "in")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if text == nil {
		var err error
		if text, err = os.ReadFile(filepath.Join(sampleDir, "voortgangsrapportage-2017.txt")); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "voortgangsrapportage-2017.txt"), text, 0o644); err != nil {
		t.Fatal(err)
	}
	if manifest != "" {
		m := "file,title,report_date,period_start,kamerstuk,url\n" + manifest + "\n"
		if err := os.WriteFile(filepath.Join(dir, "reports.csv"), []byte(m), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// auditActions returns the actions of the audit log, oldest first.
func auditActions(t *testing.T, db string) []string {
	t.Helper()
	code, out, errOut := storeRun(t, "audit", "--db", db, "--format", "json")
	if code != 0 {
		t.Fatalf("peil audit = %d: %s", code, errOut)
	}
	var entries []struct {
		Action string `json:"action"`
		Actor  string `json:"actor"`
	}
	if err := json.Unmarshal([]byte(out), &entries); err != nil {
		t.Fatalf("peil audit JSON: %v\n%s", err, out)
	}
	var actions []string
	for _, e := range entries {
		actions = append(actions, e.Action)
	}
	return actions
}

// A corrected manifest (title, kamerstuk, url; then the report date and the
// period start) updates the stored report: bijgewerkt, audited, one report.
func TestIngestCorrectsMetadata(t *testing.T) {
	db := filepath.Join(t.TempDir(), "peil.duckdb")
	first := sampleCopy(t, nil, `voortgangsrapportage-2017.txt,Voorjaar 2017 (fout),2017-03-31,2016-11-15,,`)
	mustRun(t, "ingest", "--db", db, first)

	fixed := sampleCopy(t, nil, `voortgangsrapportage-2017.txt,"Voortgangsrapportage, voorjaar 2017",2017-03-31,2016-11-15,29754-420,https://zoek.officielebekendmakingen.nl/kst-29754-420.pdf`)
	code, out, errOut := storeRun(t, "ingest", "--db", db, fixed)
	if code != 0 {
		t.Fatalf("peil ingest = %d: %s", code, errOut)
	}
	if !strings.Contains(out, "1 bijgewerkt") || !strings.Contains(errOut, "bijgewerkt") || strings.Contains(out, "1 ongewijzigd") {
		t.Errorf("second ingest said\n%s%s\nwant the report bijgewerkt", out, errOut)
	}
	reps := storeReports(t, db)
	if len(reps) != 1 {
		t.Fatalf("%d reports; want 1", len(reps))
	}
	r := reps[0]
	if r.Title != "Voortgangsrapportage, voorjaar 2017" || r.Kamerstuk != "29754-420" || !strings.HasSuffix(r.URL, "kst-29754-420.pdf") || r.Figures != 54 {
		t.Errorf("stored report after the correction: %+v", r)
	}

	// Another report date and period start: the figures follow.
	moved := sampleCopy(t, nil, `voortgangsrapportage-2017.txt,"Voortgangsrapportage, voorjaar 2017",2017-04-30,2016-12-01,29754-420,`)
	code, out, errOut = storeRun(t, "ingest", "--db", db, moved)
	if code != 0 || !strings.Contains(out, "1 bijgewerkt") {
		t.Fatalf("peil ingest = %d:\n%s%s\nwant bijgewerkt", code, out, errOut)
	}
	reps = storeReports(t, db)
	if len(reps) != 1 || reps[0].ID != r.ID || !reps[0].ReportDate.Equal(peil.NewDate(2017, 4, 30).Time) ||
		!reps[0].PeriodStart.Equal(peil.NewDate(2016, 12, 1).Time) || reps[0].Figures != 54 {
		t.Fatalf("reports after the new dates: %+v; want report %d dated 2017-04-30 from 2016-12-01 with its 54 figures", reps, r.ID)
	}
	if reps[0].Kamerstuk != "29754-420" || !strings.HasSuffix(reps[0].URL, "kst-29754-420.pdf") {
		t.Errorf("kamerstuk %q, url %q; want the manifest's kamerstuk and the stored url (an empty cell says nothing)", reps[0].Kamerstuk, reps[0].URL)
	}
	code, out, _ = storeRun(t, "series", "sanctions_persons_listed", "--db", db, "--format", "json")
	if code != 0 || !strings.Contains(out, `"period_end": "2016-12-01"`) || strings.Contains(out, "2016-11-15") {
		t.Errorf("series after the new period start: want the derived value at 2016-12-01, nothing at 2016-11-15:\n%s", out)
	}

	// The same manifest again: nothing to correct.
	code, out, _ = storeRun(t, "ingest", "--db", db, moved)
	if code != 0 || !strings.Contains(out, "1 ongewijzigd") {
		t.Errorf("third ingest = %d:\n%s\nwant ongewijzigd", code, out)
	}
	var updates int
	for _, a := range auditActions(t, db) {
		if a == "report.update" {
			updates++
		}
	}
	if updates != 2 {
		t.Errorf("%d report.update entries in the audit log; want 2", updates)
	}
}

// The sample saved again with a BOM, CRLF line ends and trailing spaces is
// the same report: ongewijzigd, also under another name and without the
// manifest; the stored report keeps its title.
func TestIngestSameTextOtherBytes(t *testing.T) {
	db := filepath.Join(t.TempDir(), "peil.duckdb")
	mustRun(t, "ingest", "--db", db, sampleDir)
	raw, err := os.ReadFile(filepath.Join(sampleDir, "voortgangsrapportage-2017.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	b.WriteString("\ufeff")
	for _, line := range strings.Split(string(raw), "\n") {
		b.WriteString(line + "  \r\n")
	}
	b.WriteString("\r\n\r\n")
	other := filepath.Join(t.TempDir(), "kopie van rapport.txt")
	if err := os.WriteFile(other, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := storeRun(t, "ingest", "--db", db, other)
	if code != 0 || !strings.Contains(out, "1 ongewijzigd") {
		t.Errorf("peil ingest of the same text in other bytes = %d:\n%s%s\nwant ongewijzigd", code, out, errOut)
	}
	reps := storeReports(t, db)
	if len(reps) != 1 || reps[0].Title != "Voortgangsrapportage integrale aanpak jihadisme, voorjaar 2017" {
		t.Errorf("reports = %+v; want the one sample report with its title", reps)
	}
}

// peil reports remove: asks, removes the report with its figures, audits,
// and keeps the review decisions, which apply again when the report comes
// back.
func TestReportsRemove(t *testing.T) {
	db := filepath.Join(t.TempDir(), "peil.duckdb")
	mustRun(t, "ingest", "--db", db, sampleDir)
	q := reviewQueue(t, db)
	mustRun(t, "review", "reject", figureWith(t, q, "tenminste 386"), "--why", "jaartal", "--db", db, "--by", "bert")

	if code, out, errOut := storeRun(t, "reports", "remove", "--help"); code != 0 || !strings.Contains(out+errOut, "beslissingen") {
		t.Errorf("peil reports remove --help = %d:\n%s%s", code, out, errOut)
	}
	if code, _, errOut := storeRun(t, "reports", "remove", "9", "--db", db, "--yes"); code != 2 || !strings.Contains(errOut, "rapportage 9 bestaat niet") {
		t.Errorf("remove of an unknown report = %d: %s", code, errOut)
	}
	// Not confirmed: nothing happens.
	var out, errOut bytes.Buffer
	m := &Main{Stdin: strings.NewReader("nee\n"), Stdout: &out, Stderr: &errOut, Getenv: func(string) string { return "" }}
	if code := m.Run(context.Background(), []string{"reports", "remove", "1", "--db", db}); code == 0 ||
		!strings.Contains(errOut.String(), "Typ ja om te bevestigen") || !strings.Contains(errOut.String(), "niets verwijderd") {
		t.Errorf("remove answered nee = %d:\n%s%s", code, out.String(), errOut.String())
	}
	if reps := storeReports(t, db); len(reps) != 1 {
		t.Fatalf("%d reports after a remove not confirmed; want 1", len(reps))
	}
	out.Reset()
	errOut.Reset()
	m = &Main{Stdin: strings.NewReader("ja\n"), Stdout: &out, Stderr: &errOut, Getenv: func(string) string { return "" }}
	if code := m.Run(context.Background(), []string{"reports", "remove", "1", "--db", db, "--by", "anna"}); code != 0 ||
		!strings.Contains(out.String(), "Verwijderd: rapportage 1") || !strings.Contains(out.String(), "54 cijfers") {
		t.Fatalf("remove answered ja = %d:\n%s%s", code, out.String(), errOut.String())
	}
	if reps := storeReports(t, db); len(reps) != 0 {
		t.Errorf("reports after remove: %+v; want none", reps)
	}
	if q := reviewQueue(t, db); len(q) != 0 {
		t.Errorf("review queue after remove has %d figures; want none", len(q))
	}
	if code, out, _ := storeRun(t, "series", "sanctions_persons_listed", "--db", db, "--format", "json"); code != 0 || strings.Contains(out, `"value": 97`) {
		t.Errorf("series after remove = %d, still with the report's figures:\n%s", code, out)
	}
	decs := mustRun(t, "review", "decisions", "--db", db)
	if !strings.Contains(decs, "jaartal") || !strings.Contains(decs, "weg") {
		t.Errorf("decisions after remove:\n%s\nwant the rejection kept, its figure weg", decs)
	}
	if acts := auditActions(t, db); acts[len(acts)-1] != "report.remove" {
		t.Errorf("audit log ends with %q; want report.remove", acts[len(acts)-1])
	}
	// The report again: its decision applies again.
	again := mustRun(t, "ingest", "--db", db, sampleDir)
	if !strings.Contains(again, "1 beoordeling opnieuw toegepast") {
		t.Errorf("ingest after remove:\n%s\nwant the decision applied again", again)
	}
}

// Two reports of one batch with the same title and report date are refused
// before anything is written, naming both lines: the second would replace
// the first (before: "1 toegevoegd, 1 vervangen", exit 0, one report lost).
func TestManifestSameTitleAndDate(t *testing.T) {
	dir := sampleCopy(t, nil, "voortgangsrapportage-2017.txt,Titel T,2017-03-31,,,")
	sample, err := os.ReadFile(filepath.Join(dir, "voortgangsrapportage-2017.txt"))
	if err != nil {
		t.Fatal(err)
	}
	other := bytes.Replace(sample, []byte("tenminste 386"), []byte("tenminste 390"), 1)
	if err := os.WriteFile(filepath.Join(dir, "ander.txt"), other, 0o644); err != nil {
		t.Fatal(err)
	}
	m := "file,title,report_date,period_start\nvoortgangsrapportage-2017.txt,Titel T,2017-03-31,\nander.txt,Titel  T,2017-03-31,\n"
	if err := os.WriteFile(filepath.Join(dir, "reports.csv"), []byte(m), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(t.TempDir(), "peil.duckdb")
	code, _, errOut := storeRun(t, "ingest", "--db", db, dir)
	if code != exitInvalid || !strings.Contains(errOut, "reports.csv:3: ander.txt heeft dezelfde titel \"Titel T\" en rapportagedatum 31 maart 2017 als regel 2") {
		t.Errorf("peil ingest = %d, %q; want exit 2 naming lines 3 and 2", code, errOut)
	}
	if _, err := os.Stat(db); err == nil {
		if _, out, _ := storeRun(t, "reports", "--db", db, "--format", "json"); strings.Contains(out, "Titel T") {
			t.Errorf("a report was stored: %s", out)
		}
	}
}

// Adding a report and replacing one (another text with the same title and
// date) are in the audit log, as every write is (before, neither was when
// peil ingest did it: the replaced report's figures went without a trace).
func TestIngestAuditsAddAndReplace(t *testing.T) {
	dir := sampleCopy(t, nil, "voortgangsrapportage-2017.txt,Titel T,2017-03-31,,,")
	db := filepath.Join(t.TempDir(), "peil.duckdb")
	mustRun(t, "ingest", "--db", db, dir)
	sample, err := os.ReadFile(filepath.Join(dir, "voortgangsrapportage-2017.txt"))
	if err != nil {
		t.Fatal(err)
	}
	other := bytes.Replace(sample, []byte("tenminste 386"), []byte("tenminste 390"), 1)
	if err := os.WriteFile(filepath.Join(dir, "voortgangsrapportage-2017.txt"), other, 0o644); err != nil {
		t.Fatal(err)
	}
	if out := mustRun(t, "ingest", "--db", db, dir); !strings.Contains(out, "vervangen") {
		t.Fatalf("second ingest = %q; want vervangen", out)
	}
	got := strings.Join(auditActions(t, db), " ")
	if !strings.Contains(got, "report.add") || !strings.Contains(got, "report.replace") {
		t.Errorf("audit actions %q; want report.add and report.replace", got)
	}
}
