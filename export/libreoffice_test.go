package export

import (
	"archive/zip"
	"context"
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/peil-dev/peil"
	"github.com/peil-dev/peil/internal/officetest"
)

// readCSV reads a CSV file that LibreOffice wrote.
func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("LibreOffice did not write %s: %v", filepath.Base(path), err)
	}
	defer f.Close()
	cr := csv.NewReader(f)
	cr.FieldsPerRecord = -1
	records, err := cr.ReadAll()
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	return records
}

// loNumber parses a number as LibreOffice writes it in CSV: plain, or with a
// percent sign for a percentage (15% for 0.15).
func loNumber(s string) (float64, error) {
	if p, ok := strings.CutSuffix(s, "%"); ok {
		v, err := strconv.ParseFloat(p, 64)
		return v / 100, err
	}
	return strconv.ParseFloat(s, 64)
}

// loDate parses a date as LibreOffice writes it in CSV (MM/DD/YYYY).
func loDate(s string) (peil.Date, error) {
	d, err := time.Parse("01/02/2006", s)
	return peil.DateOf(d), err
}

// TestLibreOffice converts the workbook with LibreOffice headless: every sheet
// to CSV, compared with the database, and the whole workbook to ODS, which
// must still hold the charts. This proves a real spreadsheet program reads it.
func TestLibreOffice(t *testing.T) {
	db := fixtureDB(t, fixtures(t)...)
	dir := t.TempDir()
	file := filepath.Join(dir, "peil.xlsx")
	out, err := os.Create(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := XLSX(context.Background(), db, peil.ExportOptions{}, out); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}

	// Token 12 (-1) writes every sheet to its own file, peil-SHEET.csv.
	csvDir := officetest.Convert(t, dir, file, "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1")
	for _, s := range Sheets {
		if _, err := os.Stat(filepath.Join(csvDir, "peil-"+s+".csv")); err != nil {
			t.Errorf("LibreOffice did not export sheet %s: %v", s, err)
		}
	}
	obs := dbObservations(t, db, peil.Filter{})
	records := readCSV(t, filepath.Join(csvDir, "peil-"+sheetObservations+".csv"))
	if len(records) != len(obs)+1 {
		t.Fatalf("LibreOffice reads %d rows on Waarnemingen; want %d", len(records), len(obs)+1)
	}
	if got := strings.Join(records[0], "|"); got != strings.Join(headers(observationColumns), "|") {
		t.Errorf("LibreOffice header %q", got)
	}
	for i, o := range obs {
		rec := records[i+1]
		v, err := loNumber(rec[colValue])
		if want := excel15(cellValue(o.Value, formatFor(o.Value, o.Unit, o.Kind))); err != nil || v != want {
			t.Errorf("row %d: LibreOffice reads Waarde %q; want %v", i+2, rec[colValue], want)
		}
		if d, err := loDate(rec[12]); err != nil || d != o.PeriodEnd {
			t.Errorf("row %d: LibreOffice reads Periode eind %q; want the date %v", i+2, rec[12], o.PeriodEnd)
		}
		if rec[0] != strconv.Itoa(o.Measure) || rec[2] != string(o.Indicator) || rec[colSentence] != peil.SpreadsheetSafe(o.Sentence) {
			t.Errorf("row %d: LibreOffice reads %q, %q, %q; want %d, %q, %q", i+2, rec[0], rec[2], rec[colSentence],
				o.Measure, o.Indicator, peil.SpreadsheetSafe(o.Sentence))
		}
	}

	// Tijdreeksen: each indicator's latest value per period.
	ctx := context.Background()
	inds, err := db.Indicators(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	grid := readCSV(t, filepath.Join(csvDir, "peil-"+sheetSeries+".csv"))
	colOf := map[string]int{}
	for i, h := range grid[0] {
		colOf[h] = i
	}
	for i, ind := range inds {
		s, err := db.Series(ctx, ind.ID)
		if err != nil {
			t.Fatal(err)
		}
		row := grid[i+1]
		for _, p := range latestPerPeriod(s) {
			got, err := loNumber(row[colOf[peil.FormatShortDate(p.PeriodEnd)]])
			if want := excel15(cellValue(p.Value, formatFor(p.Value, ind.Unit, ind.Kind))); err != nil || got != want {
				t.Errorf("LibreOffice reads %s at %s as %q; want %v", ind.ID, peil.FormatShortDate(p.PeriodEnd), row[colOf[peil.FormatShortDate(p.PeriodEnd)]], want)
			}
		}
	}

	// The charts survive a round trip through LibreOffice (ODS keeps each as an object).
	odsDir := officetest.Convert(t, dir, file, "ods")
	zr, err := zip.OpenReader(filepath.Join(odsDir, "peil.ods"))
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	charts := 0
	for _, f := range zr.File {
		if !strings.HasPrefix(f.Name, "Object ") || !strings.HasSuffix(f.Name, "/content.xml") {
			continue
		}
		charts++
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		content, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		// A chart over time whose values LibreOffice takes from the chart data on Grafieken.
		for _, want := range []string{`chart:class="chart:scatter"`, `chart:values-cell-range-address="Grafieken.`} {
			if !strings.Contains(string(content), want) {
				t.Errorf("LibreOffice chart %s lacks %s", f.Name, want)
			}
		}
	}
	keys := 0
	for _, ind := range inds {
		if ind.Key {
			keys++
		}
	}
	if charts != keys || keys == 0 {
		t.Errorf("LibreOffice reads %d charts; want %d (one per key indicator)", charts, keys)
	}
}
