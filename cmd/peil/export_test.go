package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestExportCommand(t *testing.T) {
	db := storeSampleDB(t)
	dir := filepath.Join(t.TempDir(), "parquet")
	if code, _, errOut := storeRun(t, "export", "--format", "parquet", "--db", db, dir); code != 0 {
		t.Fatalf("peil export parquet = %d: %s", code, errOut)
	}
	for _, table := range []string{"reports", "measures", "measure_status", "clusters", "indicators", "observations", "events"} {
		info, err := os.Stat(filepath.Join(dir, table+".parquet"))
		if err != nil || info.Size() == 0 {
			t.Errorf("%s.parquet: %v; want a file", table, err)
		}
	}

	code, out, errOut := storeRun(t, "export", "--format", "csv", "--db", db, "--measure", "7")
	if code != 0 || !strings.HasPrefix(out, "\ufeff") || !strings.Contains(out, ";") || !strings.Contains(out, "passport_measures") {
		t.Errorf("peil export csv = %d, %q:\n%.300s\nwant ';'-separated CSV with a BOM", code, errOut, out)
	}

	file := filepath.Join(t.TempDir(), "peil.xlsx")
	if code, _, errOut := storeRun(t, "export", "--format", "xlsx", "--db", db, "-o", file); code != 0 {
		t.Fatalf("peil export xlsx = %d: %s", code, errOut)
	}
	wb, err := excelize.OpenFile(file)
	if err != nil {
		t.Fatalf("open exported workbook: %v", err)
	}
	defer wb.Close()
	if len(wb.GetSheetList()) < 2 {
		t.Errorf("workbook sheets = %v; want several", wb.GetSheetList())
	}

	for _, args := range [][]string{
		{"export", "--db", db, dir},
		{"export", "--format", "pdf", "--db", db},
		{"export", "--format", "parquet", "--db", db},
		{"export", "--format", "parquet", "--measure", "7", "--db", db, dir},
		{"export", "--format", "csv", "--from", "1-1-2017", "--db", db},
		{"export", "--format", "csv", "--db", db, "extra"},
	} {
		if code, _, _ := storeRun(t, args...); code != exitInvalid {
			t.Errorf("peil %s = %d; want 2", strings.Join(args, " "), code)
		}
	}
}

func TestGenCorpusCommand(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "corpus")
	code, out, errOut := storeRun(t, "gen-corpus", "4", dir, "--seed", "3")
	if code != 0 || !strings.Contains(out, "4 rapportages") {
		t.Fatalf("peil gen-corpus = %d, %q, %q", code, out, errOut)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	if len(files) != 4 {
		t.Errorf("gen-corpus wrote %d reports; want 4", len(files))
	}
	if _, err := os.Stat(filepath.Join(dir, "reports.csv")); err != nil {
		t.Errorf("no manifest: %v", err)
	}
	for _, args := range [][]string{{"gen-corpus", "nul", dir}, {"gen-corpus", "0", dir}, {"gen-corpus", "3"}} {
		if code, _, _ := storeRun(t, args...); code != exitInvalid {
			t.Errorf("peil %s = %d; want 2", strings.Join(args, " "), code)
		}
	}
}
