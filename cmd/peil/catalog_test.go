package main

import (
	"context"
	"crypto/sha256"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/peil-dev/peil/data"
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

// A catalog CSV saved by Excel in Windows-1252 is transcoded with a note and
// stored with its accents; one mixing UTF-8 with other bytes, or larger than
// data.MaxCatalogBytes, is refused with exit 2 and the database as it was
// (before: exit 1 and DuckDB's English "could not bind parameter", and a
// larger file was silently cut at 16 MB).
func TestCatalogImportWindows1252(t *testing.T) {
	db := storeSampleDB(t)
	dir := t.TempDir()
	exported := filepath.Join(dir, "catalogus.csv")
	mustRun(t, "catalog", "export", "--db", db, "-o", exported)
	b, err := os.ReadFile(exported)
	if err != nil {
		t.Fatal(err)
	}
	const label = "Strafrechtelijke onderzoeken gerelateerd aan jihadisme"
	if !strings.Contains(string(b), label) {
		t.Fatalf("exported catalog lacks %q", label)
	}
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	cp1252 := write("cp1252.csv", toWindows1252(t, strings.Replace(string(b), label, label+" (geëvalueerd; café)", 1)))
	code, out, errOut := storeRun(t, "catalog", "import", "--db", db, cp1252)
	if code != 0 || !strings.Contains(errOut, cp1252+": tekst in Windows-1252 herkend en omgezet naar UTF-8") {
		t.Fatalf("peil catalog import (Windows-1252) = %d, %q, %q; want 0 and a note", code, out, errOut)
	}
	if again := mustRun(t, "catalog", "export", "--db", db); !strings.Contains(again, label+" (geëvalueerd; café)") {
		t.Errorf("catalog after import lacks the label with its accents:\n%s", again)
	}
	before := fileSHA256(t, db)
	mixed := write("mixed.csv", strings.Replace(string(b), "Verdachten in", "Verdachten caf\xe9 in", 1)+
		"extra_indicator,1,Één,One,stuks,stock,false,\n")
	if code, _, errOut := storeRun(t, "catalog", "import", "--db", db, mixed); code != exitInvalid || !strings.Contains(errOut, mixed+":3: ongeldige UTF-8") {
		t.Errorf("peil catalog import (mixed encodings) = %d, %q; want 2 and %s:3", code, errOut, mixed)
	}
	big := write("big.csv", string(b)+strings.Repeat("#", data.MaxCatalogBytes))
	if code, _, errOut := storeRun(t, "catalog", "import", "--db", db, big); code != exitInvalid || !strings.Contains(errOut, "te groot") {
		t.Errorf("peil catalog import (larger than %d bytes) = %d, %q; want 2 and te groot", data.MaxCatalogBytes, code, errOut)
	}
	if fileSHA256(t, db) != before {
		t.Error("a refused catalog import changed the database")
	}
}

// toWindows1252 encodes s as Excel saves CSV in a Dutch office.
func toWindows1252(t *testing.T, s string) string {
	t.Helper()
	high := map[rune]byte{'€': 0x80, '‚': 0x82, '„': 0x84, '…': 0x85, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '–': 0x96, '—': 0x97}
	var out []byte
	for _, r := range s {
		switch b, ok := high[r]; {
		case ok:
			out = append(out, b)
		case r < 0x80 || r >= 0xA0 && r <= 0xFF:
			out = append(out, byte(r))
		default:
			t.Fatalf("%U has no Windows-1252 byte here", r)
		}
	}
	return string(out)
}

// `peil catalog export -o` checks its three files before writing any: a FIFO
// where the measures file goes is refused at once with exit 2 (before, the
// indicators file was written and the command then waited for a reader of
// the FIFO forever), and a failed export leaves no file behind.
func TestCatalogExportRefusesNonRegular(t *testing.T) {
	db := storeSampleDB(t)
	dir := t.TempDir()
	fifo := mkfifo(t, dir, "cat-measures.csv")
	code, errOut := runGuarded(t, context.Background(), strings.NewReader(""), "catalog", "export", "--db", db, "-o", filepath.Join(dir, "cat.csv"))
	if code != exitInvalid || !strings.Contains(errOut, fifo) || !strings.Contains(errOut, "FIFO") {
		t.Errorf("peil catalog export -o with a FIFO for the measures = %d, %q; want 2 and a message naming the FIFO", code, errOut)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("the refused export left %d files beside the FIFO", len(entries)-1)
	}
}
