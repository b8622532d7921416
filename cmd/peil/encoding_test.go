package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"golang.org/x/text/encoding/charmap"
)

// A manifest and an import CSV saved by Excel in Windows-1252, or as UTF-16
// (Excel's "Unicode text"), are transcoded with a note on stderr and stored
// with their accents (before: exit 1 with DuckDB's English "could not bind
// parameter" for Windows-1252; UTF-16 was taken for Windows-1252 and refused
// with a header full of NUL bytes).
func TestManifestAndImportEncodings(t *testing.T) {
	utf16LE := func(s string) []byte {
		b := []byte{0xFF, 0xFE}
		for _, u := range utf16.Encode([]rune(s)) {
			b = append(b, byte(u), byte(u>>8))
		}
		return b
	}
	windows1252 := func(s string) []byte {
		b, err := charmap.Windows1252.NewEncoder().Bytes([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	for _, enc := range []struct {
		name   string
		encode func(string) []byte
	}{{"Windows-1252", windows1252}, {"UTF-16LE", utf16LE}} {
		t.Run(enc.name, func(t *testing.T) {
			dir := copySample(t, "")
			manifest := filepath.Join(dir, "reports.csv")
			if err := os.WriteFile(manifest, enc.encode("file,title,report_date,period_start\n"+
				"voortgangsrapportage-2017.txt,Voortgang financiën – café,2017-03-31,\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			note := ": tekst in " + enc.name + " herkend en omgezet naar UTF-8"
			db := filepath.Join(t.TempDir(), "peil.duckdb")
			code, _, errOut := storeRun(t, "ingest", "--db", db, dir)
			if code != 0 || !strings.Contains(errOut, manifest+note) {
				t.Fatalf("peil ingest (%s manifest) = %d, %q; want 0 and a note", enc.name, code, errOut)
			}
			if reps := storeReports(t, db); len(reps) != 1 || reps[0].Title != "Voortgang financiën – café" {
				t.Errorf("stored reports = %+v; want the title with its accents", reps)
			}
			csv := filepath.Join(t.TempDir(), "waarden.csv")
			if err := os.WriteFile(csv, enc.encode("indicator;value;period_end;source;note\n"+
				"passport_measures;320;2017-05-01;Antwoord op vragen “paspoort”;reünie en café\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			if code, out, errOut := storeRun(t, "import", "--db", db, csv); code != 0 || !strings.Contains(errOut, csv+note) {
				t.Fatalf("peil import (%s) = %d, %q, %q; want 0 and a note", enc.name, code, out, errOut)
			}
			if code, out, _ := storeRun(t, "series", "passport_measures", "--db", db, "--format", "json"); code != 0 ||
				!strings.Contains(out, "Antwoord op vragen “paspoort”") {
				t.Errorf("series after import = %d, want the citation with its quotes:\n%s", code, out)
			}
		})
	}
}

// Text that is neither UTF-8 nor Windows-1252 is refused with file:line and
// exit 2, before anything is written.
func TestEncodingRefusedBeforeWrite(t *testing.T) {
	dir := copySample(t, "")
	manifest := filepath.Join(dir, "reports.csv")
	if err := os.WriteFile(manifest, []byte("file,title,report_date,period_start\n"+
		"voortgangsrapportage-2017.txt,Voortgang \x81,2017-03-31,\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(t.TempDir(), "peil.duckdb")
	code, _, errOut := storeRun(t, "ingest", "--db", db, dir)
	if code != exitInvalid || !strings.Contains(errOut, manifest+":2: byte 0x81") {
		t.Errorf("peil ingest (undefined byte) = %d, %q; want 2 and %s:2", code, errOut, manifest)
	}
	csv := filepath.Join(t.TempDir(), "waarden.csv")
	if err := os.WriteFile(csv, []byte("indicator,value,period_end,source\npassport_measures,1,2017-05-01,één\npassport_measures,2,2017-05-01,caf\xe9\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	sample := storeSampleDB(t)
	before := fileSHA256(t, sample)
	if code, _, errOut = storeRun(t, "import", "--db", sample, csv); code != exitInvalid || !strings.Contains(errOut, csv+":3: ongeldige UTF-8") {
		t.Errorf("peil import (mixed encodings) = %d, %q; want 2 and %s:3", code, errOut, csv)
	}
	if fileSHA256(t, sample) != before {
		t.Error("a refused import changed the database")
	}
}

// A batch whose second report has a file name that is not UTF-8 is refused
// whole: the first report is not stored either (before, it was committed and
// the second failed with DuckDB's English error, exit 1).
func TestIngestAllOrNothingBadName(t *testing.T) {
	src, err := os.ReadFile(extractSample)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	good := filepath.Join(dir, "a.txt")
	bad := filepath.Join(dir, "b-caf\xe9.txt")
	if err := os.WriteFile(good, src, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bad, append(src, "\nEen latere correctie.\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(t.TempDir(), "peil.duckdb")
	code, _, errOut := storeRun(t, "ingest", "--db", db, "--report-date", "2017-03-31", good)
	if code != 0 {
		t.Fatalf("peil ingest a.txt = %d: %s", code, errOut)
	}
	before := fileSHA256(t, db)
	code, _, errOut = storeRun(t, "ingest", "--db", db, dir)
	if code != exitInvalid || !strings.Contains(errOut, "geen geldige UTF-8") {
		t.Errorf("peil ingest (bad file name) = %d, %q; want 2 and a message on the name", code, errOut)
	}
	if fileSHA256(t, db) != before {
		t.Error("a refused batch changed the database")
	}
}

// Control characters in stored text (an escape sequence in an imported note,
// a C1 control or bidi override in a report) reach neither the terminal
// tables nor the CSV export.
func TestControlCharactersStripped(t *testing.T) {
	db := storeSampleDB(t)
	csv := filepath.Join(t.TempDir(), "waarden.csv")
	if err := os.WriteFile(csv, []byte("indicator,value,period_end,source,note\n"+
		"passport_measures,320,2017-05-01,bron\x07 \u202eeen,\x1b[2J\x1b]0;titel\x07gewist \u009b31m\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := storeRun(t, "import", "--db", db, csv); code != 0 {
		t.Fatalf("peil import = %d: %s", code, errOut)
	}
	dir := copySample(t, "")
	if err := os.WriteFile(filepath.Join(dir, "reports.csv"), []byte("file,title,report_date,period_start\n"+
		"voortgangsrapportage-2017.txt,Voortgang \x1b]0;kaping\x07 \u009b2J gewist,2017-03-31,\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	fresh := filepath.Join(t.TempDir(), "peil.duckdb")
	if code, _, errOut := storeRun(t, "ingest", "--db", fresh, dir); code != 0 {
		t.Fatalf("peil ingest = %d: %s", code, errOut)
	}
	code, table, errOut := storeRun(t, "reports", "--db", fresh, "--format", "table")
	if code != 0 || !strings.Contains(table, "gewist") {
		t.Fatalf("peil reports = %d, %q, %s; want the table with the title", code, table, errOut)
	}
	code, export, errOut := storeRun(t, "export", "--format", "csv", "--db", db)
	if code != 0 || !strings.Contains(export, "gewist") {
		t.Fatalf("peil export csv = %d, %s; want the note", code, errOut)
	}
	for name, out := range map[string]string{"reports table": table, "CSV export": export} {
		for _, r := range out {
			if r == '\x1b' || r == '\x07' || r == '\u009b' || r == '\u202e' {
				t.Errorf("%s holds control character %U", name, r)
				break
			}
		}
	}
}

// The review queue, the decisions, the indicators, the accounts and the audit
// log show stored text in terminal tables without its control characters: a
// C1 control or bidi override in a report sentence, in a rejection's reason,
// in a reviewer's name or in an indicator's label (before, the review queue
// and the decisions printed them as they were).
func TestReviewTablesStripControls(t *testing.T) {
	dir := copySample(t, "")
	report := filepath.Join(dir, "voortgangsrapportage-2017.txt")
	b, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	b = []byte(strings.Replace(string(b), "tenminste 386", "tenminste 386 \u009b31m rood \u202eevil", 1))
	if err := os.WriteFile(report, b, 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(t.TempDir(), "peil.duckdb")
	if code, _, errOut := storeRun(t, "ingest", "--db", db, dir); code != 0 {
		t.Fatalf("peil ingest = %d: %s", code, errOut)
	}
	for _, args := range [][]string{
		{"review", "reject", "2", "--why", "geen \u009b2J cijfer \u202e", "--by", "jan\u009b"},
		{"catalog", "edit", "criminal_investigations", "--label", "Onderzoeken binnen", "--by", "jan\u202e"},
	} {
		if code, _, errOut := storeRun(t, append(args, "--db", db)...); code != 0 {
			t.Fatalf("peil %s = %d: %s", strings.Join(args, " "), code, errOut)
		}
	}
	// A label with a control character does not get into the catalog at all.
	if code, _, errOut := storeRun(t, "catalog", "edit", "criminal_investigations", "--label", "Onderzoeken \u009b31m", "--by", "jan", "--db", db); code != exitInvalid || !strings.Contains(errOut, "stuurteken") {
		t.Errorf("peil catalog edit with a control character in the label = %d, %q; want 2", code, errOut)
	}
	for _, args := range [][]string{
		{"review"},
		{"review", "--status", "auto"},
		{"review", "decisions", "--all"},
		{"indicators"},
		{"audit"},
	} {
		code, out, errOut := storeRun(t, append(args, "--db", db)...)
		if code != 0 || strings.Count(out, "\n") < 2 {
			t.Fatalf("peil %s = %d, %q, %s; want a table with the text", strings.Join(args, " "), code, out, errOut)
		}
		for _, r := range out {
			if r == '\u009b' || r == '\u202e' {
				t.Errorf("peil %s holds control character %U:\n%s", strings.Join(args, " "), r, out)
				break
			}
		}
	}
}

// An option's text that is not UTF-8 (typed in a terminal set to another
// encoding) is refused with exit 2 naming the option, before the database is
// opened; a file name may be any bytes. Before, a label, a reason or a name
// reached DuckDB, which refused it with exit 1 and its English "could not
// bind parameter".
func TestOptionTextNotUTF8(t *testing.T) {
	db := storeSampleDB(t)
	before := fileSHA256(t, db)
	for _, args := range [][]string{
		{"catalog", "edit", "criminal_investigations", "--label", "Onderzoeken caf\xe9"},
		{"catalog", "edit", "criminal_investigations", "--unit=zaken\xe9"},
		{"review", "reject", "2", "--why", "geen cijfer \xe9"},
		{"review", "confirm", "--by", "jan\xe9", "1"},
	} {
		code, _, errOut := storeRun(t, append(args, "--db", db)...)
		if code != exitInvalid || !strings.Contains(errOut, "geen geldige UTF-8") {
			t.Errorf("peil %q = %d, %q; want 2 and geen geldige UTF-8", args, code, errOut)
		}
	}
	if fileSHA256(t, db) != before {
		t.Error("a refused option changed the database")
	}
	out := filepath.Join(t.TempDir(), "waarden-caf\xe9.csv")
	if code, _, errOut := storeRun(t, "export", "--format", "csv", "--db", db, "-o", out); code != 0 {
		t.Errorf("peil export -o (a file name in Latin-1) = %d, %q; want 0", code, errOut)
	}
}

// A file name with control characters (an escape sequence that would recolour
// or retitle the terminal) is echoed without them: in the progress lines and
// notes of ingest, the notes of extract, and an error message. The progress
// line counts the figures as the summary does.
func TestFileNameControlsStripped(t *testing.T) {
	src, err := os.ReadFile(extractSample)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	name := filepath.Join(dir, "rapport\x1b[31mrood\x1b]0;titel\x07.txt")
	if err := os.WriteFile(name, src, 0o644); err != nil {
		t.Fatal(err)
	}
	fifo := mkfifo(t, dir, "pijp\x1b[2J.txt")
	db := filepath.Join(t.TempDir(), "peil.duckdb")
	for _, args := range [][]string{
		{"ingest", "--db", db, name},
		{"extract", "--format", "table", name},
		{"extract", fifo},
	} {
		_, _, errOut := storeRun(t, args...)
		if !strings.Contains(errOut, "rapport") && !strings.Contains(errOut, "pijp") {
			t.Fatalf("peil %s: stderr %q; want the file named", args[0], errOut)
		}
		if strings.ContainsAny(errOut, "\x1b\x07") {
			t.Errorf("peil %s: stderr holds control characters: %q", args[0], errOut)
		}
	}
	_, _, errOut := storeRun(t, "ingest", "--db", filepath.Join(t.TempDir(), "peil.duckdb"), "--report-date", "2017-03-31", name)
	if !strings.Contains(errOut, "toegevoegd (54 cijfers)") {
		t.Errorf("progress line %q; want toegevoegd (54 cijfers)", errOut)
	}
}
