package main

import (
	"context"
	"math"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/peil-dev/peil"
	"github.com/peil-dev/peil/analytics"
)

// The workbook's Tijdreeksen, built from the stream of observations, holds
// for every indicator and period end the value of the series the pages,
// charts and peil series read (with revisions and corrections across
// reports): one model of a series, whatever reader fed it.
func TestWorkbookSeriesAgreesWithSeries(t *testing.T) {
	dir, db := filepath.Join(t.TempDir(), "c"), filepath.Join(t.TempDir(), "peil.duckdb")
	if code, _, errOut := storeRun(t, "gen-corpus", "6", dir, "--seed", "3"); code != 0 {
		t.Fatalf("peil gen-corpus = %d: %s", code, errOut)
	}
	if code, _, errOut := storeRun(t, "ingest", "--db", db, dir); code != 0 {
		t.Fatalf("peil ingest = %d: %s", code, errOut)
	}
	file := filepath.Join(t.TempDir(), "peil.xlsx")
	if code, _, errOut := storeRun(t, "export", "--format", "xlsx", "--db", db, "-o", file); code != 0 {
		t.Fatalf("peil export = %d: %s", code, errOut)
	}
	wb, err := excelize.OpenFile(file)
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	rows, err := wb.GetRows("Tijdreeksen", excelize.Options{RawCellValue: true})
	if err != nil || len(rows) < 2 {
		t.Fatalf("Tijdreeksen: %d rows, %v", len(rows), err)
	}
	column := map[string]int{} // period end, as the header says it, to column
	for c, h := range rows[0] {
		column[h] = c
	}
	sheet := map[peil.IndicatorID][]string{}
	for _, row := range rows[1:] {
		if len(row) > 1 {
			sheet[peil.IndicatorID(row[1])] = row
		}
	}

	ctx := context.Background()
	store, err := analytics.Open(ctx, db, analytics.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	inds, err := store.Indicators(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	checked, multi := 0, 0
	for _, ind := range inds {
		s, err := store.Series(ctx, ind.ID)
		if err != nil {
			t.Fatal(err)
		}
		ends := map[peil.Date]int{}
		for _, p := range s.Points {
			ends[p.PeriodEnd]++
		}
		row := sheet[ind.ID]
		if len(s.Points) > 0 && row == nil {
			t.Errorf("%s: %d points, no row on Tijdreeksen", ind.ID, len(s.Points))
			continue
		}
		if len(s.Points) > 1 {
			multi++
		}
		for _, p := range s.Points {
			if ends[p.PeriodEnd] > 1 {
				continue // periods of one end and other starts share a column
			}
			head := strconv.Itoa(p.PeriodEnd.Day()) + "-" + strconv.Itoa(int(p.PeriodEnd.Month())) + "-" + strconv.Itoa(p.PeriodEnd.Year())
			c, ok := column[head]
			if !ok {
				t.Errorf("%s: no column %s for its point", ind.ID, head)
				continue
			}
			var got float64
			if c < len(row) && row[c] != "" {
				got, _ = strconv.ParseFloat(row[c], 64)
			}
			if peil.IsPercent(ind.Unit) {
				got *= 100 // a percentage is a fraction in the workbook
			}
			if c >= len(row) || row[c] == "" || math.Abs(got-p.Value) > 1e-9*max(1, math.Abs(p.Value)) {
				t.Errorf("%s %s: Tijdreeksen %q; want the series' %v", ind.ID, head, cell(row, c), p.Value)
			}
			checked++
		}
	}
	t.Logf("%d points of %d indicators checked, %d series of more than one", checked, len(inds), multi)
	if checked < 20 || multi < 5 {
		t.Errorf("checked %d points, %d series of more than one; want a corpus with many", checked, multi)
	}
}

// cell is row[c], or "" past the row's end.
func cell(row []string, c int) string {
	if c < len(row) {
		return row[c]
	}
	return ""
}
