package main

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fileSHA256 returns the sha256 of the file at path.
func fileSHA256(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// Bad input leaves an existing database byte for byte as it was: a failed
// ingest or import opens it read-write only when there is something valid to
// write.
func TestBadInputLeavesDatabaseBytes(t *testing.T) {
	db := storeSampleDB(t)
	good, err := os.ReadFile(filepath.Join(sampleDir, "voortgangsrapportage-2017.txt"))
	if err != nil {
		t.Fatal(err)
	}

	folder := t.TempDir() // a good report beside a binary one
	os.WriteFile(filepath.Join(folder, "a-goed.txt"), append(good, "\nEen correctie.\n"...), 0o644)
	os.WriteFile(filepath.Join(folder, "b-kapot.txt"), []byte("\x00\x01\x02 geen tekst"), 0o644)

	pdf := filepath.Join(t.TempDir(), "rapportage.pdf.txt")
	os.WriteFile(pdf, []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"), 0o644)

	badManifest := t.TempDir()
	os.WriteFile(filepath.Join(badManifest, "r.txt"), good, 0o644)
	os.WriteFile(filepath.Join(badManifest, "reports.csv"), []byte("file,title,report_date,period_start\nr.txt,Voorjaar,31 maart,\n"), 0o644)

	imports := t.TempDir()
	badValue := filepath.Join(imports, "waarde.csv")
	os.WriteFile(badValue, []byte("indicator,value,period_end,source\npassport_measures,veel,2017-06-01,https://example.org\n"), 0o644)
	unknown := filepath.Join(imports, "onbekend.csv")
	os.WriteFile(unknown, []byte("indicator,value,period_end,source\n"+
		"passport_measures,330,2017-06-01,https://example.org\nonbekend_ding,5,2017-06-01,https://example.org\n"), 0o644)

	for _, tt := range []struct {
		name string
		args []string
		want string
	}{
		{"bad file in a folder", []string{"ingest", "--db", db, folder}, "b-kapot.txt"},
		{"pdf", []string{"ingest", "--db", db, pdf}, "rapportage.pdf.txt"},
		{"bad manifest", []string{"ingest", "--db", db, badManifest}, "reports.csv"},
		{"import bad value", []string{"import", "--db", db, badValue}, "waarde.csv:2"},
		{"import unknown indicator", []string{"import", "--db", db, unknown}, `onbekend.csv:3: onbekende indicator "onbekend_ding"`},
	} {
		before := fileSHA256(t, db)
		code, _, errOut := storeRun(t, tt.args...)
		if code != exitInvalid || !strings.Contains(errOut, tt.want) {
			t.Errorf("%s: peil %s = %d, %q; want 2 naming %q", tt.name, tt.args[0], code, errOut, tt.want)
		}
		if after := fileSHA256(t, db); after != before {
			t.Errorf("%s: database sha256 %s after bad input; want %s as before", tt.name, after, before)
		}
	}
}

// `peil import --db FILE` with a FILE that does not exist refuses, like
// `peil export`, and creates nothing.
func TestImportMissingDatabase(t *testing.T) {
	dir := t.TempDir()
	csv := filepath.Join(dir, "kamervragen.csv")
	os.WriteFile(csv, []byte("indicator,value,period_end,source\npassport_measures,330,2017-06-01,https://example.org\n"), 0o644)
	db := filepath.Join(dir, "bestaat-niet.duckdb")
	code, _, errOut := storeRun(t, "import", "--db", db, csv)
	if code != exitInvalid || !strings.Contains(errOut, "database bestaat niet; laad eerst rapportages met peil ingest") {
		t.Errorf("peil import --db %s = %d, %q; want 2: database bestaat niet", db, code, errOut)
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Errorf("peil import created %s (%v); want no file", db, err)
	}
}
