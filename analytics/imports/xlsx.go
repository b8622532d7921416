package imports

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/peil-dev/peil"
)

// ReadXLSX reads an import file in XLSX: the first sheet, the first row naming
// the columns. Numbers and dates may be stored as numbers or as text.
func ReadXLSX(r io.Reader, name string) ([]peil.Observation, error) {
	f, err := excelize.OpenReader(r)
	if err != nil {
		return nil, &peil.Error{Code: peil.EINVALID, File: name, Message: "geen leesbare XLSX-werkmap", Err: err}
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, &peil.Error{Code: peil.EINVALID, File: name, Message: "de werkmap heeft geen werkbladen"}
	}
	sheet := sheets[0]
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, &peil.Error{Code: peil.EINVALID, File: name, Message: "kan werkblad " + sheet + " niet lezen", Err: err}
	}
	t := &table{file: name}
	for i, row := range rows {
		line := i + 1
		if t.cols == nil {
			if isEmpty(row) {
				continue
			}
			if err := t.header(line, row); err != nil {
				return nil, err
			}
			continue
		}
		cells := make([]cell, len(row))
		for j, v := range row {
			cells[j] = cell{text: v, numeric: isNumberCell(f, sheet, j+1, line, v)}
		}
		if err := t.add(line, cells); err != nil {
			return nil, err
		}
	}
	return t.observations(fmt.Sprintf("leeg werkblad %q", sheet))
}

func isEmpty(row []string) bool {
	for _, v := range row {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

// isNumberCell reports whether the cell at col, row holds a number (which
// excelize gives with an unset or numeric type) rather than text.
func isNumberCell(f *excelize.File, sheet string, col, row int, raw string) bool {
	if _, err := strconv.ParseFloat(raw, 64); err != nil {
		return false
	}
	ref, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		return false
	}
	typ, err := f.GetCellType(sheet, ref)
	return err == nil && (typ == excelize.CellTypeUnset || typ == excelize.CellTypeNumber)
}

// excelDate converts a spreadsheet date number to a Date.
func excelDate(serial float64) (peil.Date, error) {
	if serial < 1 || serial > 2958465 { // 1900-01-01 .. 9999-12-31
		return peil.Date{}, fmt.Errorf("%v is geen datum in een rekenblad", serial)
	}
	t, err := excelize.ExcelDateToTime(serial, false)
	if err != nil {
		return peil.Date{}, err
	}
	return peil.DateOf(t), nil
}
