package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestImportCommand(t *testing.T) {
	db := storeSampleDB(t)
	dir := t.TempDir()
	good := filepath.Join(dir, "kamervragen.csv")
	os.WriteFile(good, []byte("indicator;value;qualifier;period_start;period_end;source;note\n"+
		"passport_measures;320;circa;2013-12-01;2017-05-01;Aanhangsel Handelingen II 2016/17, nr. 2000;antwoord 3\n"+
		"criminal_investigations;400;;;1-6-2017;https://www.om.nl/nieuws;\n"), 0o644)
	code, out, errOut := storeRun(t, "import", good, "--db", db)
	if code != 0 || !strings.Contains(out, "2 waarden geïmporteerd") {
		t.Fatalf("peil import = %d, %q, %q; want 2 imported", code, out, errOut)
	}
	code, out, _ = storeRun(t, "series", "passport_measures", "--db", db, "--format", "json")
	if code != 0 || !strings.Contains(out, `"source": "imported"`) || !strings.Contains(out, "Aanhangsel Handelingen") {
		t.Errorf("series after import = %d:\n%s\nwant the imported point with its citation", code, out)
	}

	// A bad row: its line and reason, and nothing imported.
	bad := filepath.Join(dir, "fout.csv")
	os.WriteFile(bad, []byte("indicator,value,period_end,source\n"+
		"passport_measures,330,2017-06-01,https://example.org\n"+
		"onbekend_ding,5,2017-06-01,https://example.org\n"), 0o644)
	code, _, errOut = storeRun(t, "import", "--db", db, bad)
	if code != exitInvalid || !strings.Contains(errOut, bad+`:3: onbekende indicator "onbekend_ding"`) {
		t.Errorf("peil import fout.csv = %d, %q; want 2 with fout.csv:3", code, errOut)
	}
	os.WriteFile(bad, []byte("indicator,value,period_end,source\npassport_measures,veel,2017-06-01,https://example.org\n"), 0o644)
	code, _, errOut = storeRun(t, "import", "--db", db, bad)
	if code != exitInvalid || !strings.Contains(errOut, bad+`:2: kolom value "veel": geen getal`) {
		t.Errorf("peil import (bad value) = %d, %q; want 2 with line 2", code, errOut)
	}
	code, out, _ = storeRun(t, "series", "passport_measures", "--db", db, "--format", "json")
	if code != 0 || strings.Contains(out, "330") {
		t.Errorf("a bad import left a value behind:\n%s", out)
	}
	// One value: singular.
	one := filepath.Join(dir, "een.csv")
	os.WriteFile(one, []byte("indicator,value,period_end,source\npassport_measures,340,2017-08-01,https://example.org/een\n"), 0o644)
	code, out, errOut = storeRun(t, "import", "--db", db, one)
	if want := "1 waarde geïmporteerd uit " + one + " (0 al aanwezig)"; code != 0 || !strings.Contains(out, want) {
		t.Errorf("peil import een.csv = %d, %q, %q; want %q", code, out, errOut, want)
	}
	if code, _, _ := storeRun(t, "import", "--db", db, filepath.Join(dir, "bestaat-niet.csv")); code != exitInvalid {
		t.Errorf("peil import of a missing file = %d; want 2", code)
	}
}

// A value beyond the documented range is refused with its line; the series
// of the database then still encodes as JSON (before, 1.7e308 was stored and
// `peil series --format json` failed on +Inf).
func TestImportValueOutOfRange(t *testing.T) {
	db := storeSampleDB(t)
	big := filepath.Join(t.TempDir(), "groot.csv")
	os.WriteFile(big, []byte("indicator,value,period_end,source\npassport_measures,10,2017-06-01,https://example.org\n"+
		"passport_measures,1.7e308,2017-07-01,https://example.org\n"), 0o644)
	code, _, errOut := storeRun(t, "import", "--db", db, big)
	if code != exitInvalid || !strings.Contains(errOut, big+`:3: kolom value "1.7e308": buiten het bereik van ±1.000.000.000.000.000`) {
		t.Errorf("peil import (1.7e308) = %d, %q; want 2 with line 3 and the range", code, errOut)
	}
	if code, _, errOut := storeRun(t, "series", "passport_measures", "--db", db, "--format", "json"); code != 0 {
		t.Errorf("peil series --format json = %d: %s", code, errOut)
	}
}
