package imports

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/peil-dev/peil"
)

// Limits of an XLSX import file, beyond MaxFileBytes for the file itself:
// what its parts may take unpacked (a zip bomb is refused when opened), and
// the part of a worksheet excelize keeps in memory; larger worksheets are read
// from a temporary file, which is removed when ReadXLSX returns.
const (
	MaxUnzippedBytes = 256 << 20
	maxXMLInMemory   = 16 << 20
)

// ReadXLSX reads an import file in XLSX: the first sheet, the first row naming
// the columns. Numbers and dates may be stored as numbers or as text. Rows are
// read one at a time; more than MaxRows rows or MaxColumns columns are
// refused with the line.
func ReadXLSX(r io.Reader, name string) ([]peil.Observation, error) {
	bad := func(msg string, err error) error {
		return &peil.Error{Code: peil.EINVALID, File: name, Message: msg, Err: err}
	}
	tmp, err := os.MkdirTemp("", "peil-import-*")
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	defer os.RemoveAll(tmp)
	raw, err := io.ReadAll(io.LimitReader(r, MaxFileBytes+1))
	if err != nil {
		return nil, bad("kan het bestand niet lezen", err)
	}
	if len(raw) > MaxFileBytes {
		return nil, bad(fmt.Sprintf("groter dan %d MB: te groot om te importeren; splits het bestand", MaxFileBytes>>20), nil)
	}
	f, err := excelize.OpenReader(bytes.NewReader(raw), excelize.Options{
		UnzipSizeLimit: MaxUnzippedBytes, UnzipXMLSizeLimit: maxXMLInMemory, TmpDir: tmp,
	})
	// excelize says so only in its message.
	if err != nil && strings.Contains(err.Error(), "unzip size exceeds") {
		return nil, bad(fmt.Sprintf("uitgepakt groter dan %d MB: te groot om te importeren (of een zip-bom)", MaxUnzippedBytes>>20), nil)
	}
	if err != nil {
		return nil, bad("geen leesbare XLSX-werkmap", err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, bad("de werkmap heeft geen werkbladen", nil)
	}
	sheet := sheets[0]
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, bad("kan werkblad "+sheet+" niet lezen", err)
	}
	defer rows.Close()
	t := &table{file: name}
	for line := 1; rows.Next(); line++ {
		if line > MaxRows+1 {
			return nil, t.errorf(line, "meer dan %s rijen: splits het bestand", peil.FormatNumber(MaxRows))
		}
		row, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, t.errorf(line, "kan de rij niet lezen: %v", err)
		}
		if len(row) > MaxColumns {
			return nil, t.errorf(line, "meer dan %d kolommen (een waarde in kolom %s): verwacht %s",
				MaxColumns, columnName(len(row)), strings.Join(Columns, ", "))
		}
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
	if err := rows.Error(); err != nil {
		return nil, bad("kan werkblad "+sheet+" niet lezen", err)
	}
	return t.observations(fmt.Sprintf("leeg werkblad %q", sheet))
}

// columnName is the spreadsheet name of column n (1 is A).
func columnName(n int) string {
	s, err := excelize.ColumnNumberToName(n)
	if err != nil {
		return strconv.Itoa(n)
	}
	return s
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
