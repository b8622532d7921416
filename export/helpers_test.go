package export

import (
	"archive/zip"
	"bytes"
	"io"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/peil-dev/peil"
)

// book is a written workbook opened again with excelize, for reading back.
type book struct {
	t    testing.TB
	f    *excelize.File
	data []byte
}

func openBook(t testing.TB, raw []byte) *book {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("open written workbook: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return &book{t: t, f: f, data: raw}
}

// ref returns the cell name of column col (1-based) in row r.
func ref(col, r int) string {
	name, err := excelize.CoordinatesToCellName(col, r)
	if err != nil {
		panic(err)
	}
	return name
}

// raw returns the stored value of a cell, without number formats.
func (b *book) raw(sheet, cell string) string {
	b.t.Helper()
	v, err := b.f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	if err != nil {
		b.t.Fatalf("GetCellValue(%s!%s): %v", sheet, cell, err)
	}
	return v
}

// shown returns a cell's value with its number format applied.
func (b *book) shown(sheet, cell string) string {
	b.t.Helper()
	v, err := b.f.GetCellValue(sheet, cell)
	if err != nil {
		b.t.Fatalf("GetCellValue(%s!%s): %v", sheet, cell, err)
	}
	return v
}

// number returns the numeric value of a cell and fails when it is not a number
// cell (no type attribute, a value that parses) or has a formula.
func (b *book) number(sheet, cell string) float64 {
	b.t.Helper()
	typ, err := b.f.GetCellType(sheet, cell)
	if err != nil {
		b.t.Fatal(err)
	}
	if typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
		b.t.Fatalf("%s!%s has type %v; want a number", sheet, cell, typ)
	}
	b.noFormula(sheet, cell)
	v, err := strconv.ParseFloat(b.raw(sheet, cell), 64)
	if err != nil {
		b.t.Fatalf("%s!%s = %q; want a number", sheet, cell, b.raw(sheet, cell))
	}
	return v
}

// text returns the text of a cell and fails when it is not a text cell.
func (b *book) text(sheet, cell string) string {
	b.t.Helper()
	typ, err := b.f.GetCellType(sheet, cell)
	if err != nil {
		b.t.Fatal(err)
	}
	if typ != excelize.CellTypeInlineString && typ != excelize.CellTypeSharedString {
		b.t.Fatalf("%s!%s has type %v; want text", sheet, cell, typ)
	}
	b.noFormula(sheet, cell)
	return b.raw(sheet, cell)
}

// empty fails unless the cell holds nothing.
func (b *book) empty(sheet, cell string) {
	b.t.Helper()
	if v := b.raw(sheet, cell); v != "" {
		b.t.Errorf("%s!%s = %q; want empty", sheet, cell, v)
	}
}

func (b *book) noFormula(sheet, cell string) {
	b.t.Helper()
	if fm, err := b.f.GetCellFormula(sheet, cell); err != nil || fm != "" {
		b.t.Fatalf("%s!%s has formula %q (%v); want none", sheet, cell, fm, err)
	}
}

// noFormulaAnywhere checks every cell of every sheet: no formula, and no text
// that starts with a character a spreadsheet could take for one.
func (b *book) noFormulaAnywhere(opts ...excelize.Options) {
	b.t.Helper()
	for _, s := range Sheets {
		rows, err := b.f.GetRows(s, opts...)
		if err != nil {
			b.t.Fatal(err)
		}
		for i, row := range rows {
			for j, v := range row {
				cell := ref(j+1, i+1)
				if fm, _ := b.f.GetCellFormula(s, cell); fm != "" {
					b.t.Errorf("%s!%s has formula %q", s, cell, fm)
				}
				if v != "" && strings.ContainsRune("=+-@\t\r\n\x00", rune(v[0])) {
					b.t.Errorf("%s!%s = %q starts with a formula character", s, cell, v)
				}
			}
		}
	}
}

// style returns the style of a cell.
func (b *book) style(sheet, cell string) *excelize.Style {
	b.t.Helper()
	id, err := b.f.GetCellStyle(sheet, cell)
	if err != nil {
		b.t.Fatal(err)
	}
	st, err := b.f.GetStyle(id)
	if err != nil {
		b.t.Fatal(err)
	}
	return st
}

// numFmt returns the custom number format of a cell, "" when it has none.
func (b *book) numFmt(sheet, cell string) string {
	b.t.Helper()
	if st := b.style(sheet, cell); st.CustomNumFmt != nil {
		return *st.CustomNumFmt
	}
	return ""
}

// date returns the date in a date cell: a number formatted d-m-yyyy.
func (b *book) date(sheet, cell string) peil.Date {
	b.t.Helper()
	if got := b.numFmt(sheet, cell); got != fmtDate {
		b.t.Fatalf("%s!%s has format %q; want %q", sheet, cell, got, fmtDate)
	}
	v := b.number(sheet, cell)
	return peil.DateOf(excelEpoch.AddDate(0, 0, int(v)))
}

// row returns the raw values of row r of a sheet.
func (b *book) row(sheet string, r int) []string {
	b.t.Helper()
	rows, err := b.f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		b.t.Fatal(err)
	}
	if r > len(rows) {
		return nil
	}
	return rows[r-1]
}

// rows returns the number of rows of a sheet.
func (b *book) rows(sheet string) int {
	b.t.Helper()
	rows, err := b.f.GetRows(sheet)
	if err != nil {
		b.t.Fatal(err)
	}
	return len(rows)
}

// part returns a file of the xlsx package ("" when it is missing).
func (b *book) part(name string) string {
	b.t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b.data), int64(len(b.data)))
	if err != nil {
		b.t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == name {
			rc, err := f.Open()
			if err != nil {
				b.t.Fatal(err)
			}
			defer rc.Close()
			data, err := io.ReadAll(rc)
			if err != nil {
				b.t.Fatal(err)
			}
			return string(data)
		}
	}
	return ""
}

// parts returns the names of the package files under prefix.
func (b *book) parts(prefix string) []string {
	b.t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b.data), int64(len(b.data)))
	if err != nil {
		b.t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		if strings.HasPrefix(f.Name, prefix) {
			names = append(names, f.Name)
		}
	}
	return names
}

// checkDataSheet checks that a data sheet is one Excel table with autofilter
// from its header row (top) over n data rows, under a frozen header row.
func (b *book) checkDataSheet(sheet string, top, n, cols int) {
	b.t.Helper()
	tables, err := b.f.GetTables(sheet)
	if err != nil {
		b.t.Fatal(err)
	}
	last := top + n
	if n == 0 {
		last = top + 1
	}
	want := ref(1, top) + ":" + ref(cols, last)
	if len(tables) != 1 || tables[0].Range != want {
		b.t.Errorf("%s: tables %+v; want one over %s", sheet, tables, want)
	}
	panes, err := b.f.GetPanes(sheet)
	if err != nil {
		b.t.Fatal(err)
	}
	if !panes.Freeze || panes.YSplit != top || panes.TopLeftCell != ref(1, top+1) {
		b.t.Errorf("%s: panes %+v; want the rows up to %d frozen", sheet, panes, top)
	}
	for c := 1; c <= cols; c++ {
		name, _ := excelize.ColumnNumberToName(c)
		w, err := b.f.GetColWidth(sheet, name)
		if err != nil || w < 5 {
			b.t.Errorf("%s: column %s width %v (%v); want a set width", sheet, name, w, err)
		}
	}
}

// sliceObservations streams obs.
func sliceObservations(obs []peil.Observation) func(func(*peil.Observation) error) error {
	return func(yield func(*peil.Observation) error) error {
		for i := range obs {
			if err := yield(&obs[i]); err != nil {
				return err
			}
		}
		return nil
	}
}

func ptr(v float64) *float64 { return &v }

// excel15 rounds v to the 15 significant digits that Excel (and excelize) keep.
func excel15(v float64) float64 {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 15, 64), 64)
	return r
}

// inPeriod reports whether period end d lies within the period of f.
func inPeriod(d peil.Date, f peil.Filter) bool {
	return (f.From.IsZero() || !d.Before(f.From.Time)) && (f.To.IsZero() || !d.After(f.To.Time))
}

// latestPerPeriod returns for each period end the point of s shown in the
// grid: the one stated last.
func latestPerPeriod(s *peil.Series) map[peil.Date]*peil.Point {
	m := make(map[peil.Date]*peil.Point, len(s.Points))
	for i := range s.Points {
		p := &s.Points[i]
		if q, ok := m[p.PeriodEnd]; !ok || p.ReportDate.After(q.ReportDate.Time) {
			m[p.PeriodEnd] = p
		}
	}
	return m
}
