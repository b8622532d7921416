package imports

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"os"
	"path"
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
// the columns. Numbers and dates may be stored as numbers or as text (a text
// "1.995" is Dutch 1995, a number 1.995 is 1.995). Rows are read one at a
// time, each cell's type with them (cellTypes); more than MaxRows rows or
// MaxColumns columns are refused with the line.
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
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		return nil, bad("geen leesbare XLSX-werkmap", err)
	}
	if err := checkXMLRuns(zr); err != nil {
		return nil, bad("geen gewone werkmap", err)
	}
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
	types, err := openCellTypes(zr, sheet, f.CharsetReader)
	if err != nil {
		return nil, bad("kan werkblad "+sheet+" niet lezen", err)
	}
	defer types.Close()
	t := &table{file: name}
	for line := 1; rows.Next(); line++ {
		if line > MaxRows+1 {
			return nil, t.errorf(line, "meer dan %s rijen: splits het bestand", peil.FormatNumber(MaxRows))
		}
		row, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, t.errorf(line, "kan de rij niet lezen: %v", err)
		}
		if err := types.next(line); err != nil {
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
			_, err := strconv.ParseFloat(v, 64)
			cells[j] = cell{text: v, numeric: err == nil && !types.isText(j+1)}
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

// cellTypes reads the worksheet XML a second time, in step with excelize's row
// iterator, for what that iterator leaves out: the type of each cell (its t
// attribute). A cell is text when typed as a shared, inline or formula string,
// a boolean, an error or an ISO date (d); otherwise it is a number. Only the
// current row is kept, so a large worksheet is never held in memory.
type cellTypes struct {
	part io.ReadCloser
	dec  *xml.Decoder
	row  int    // number of the last row element read; math.MaxInt at the end
	text []bool // of row line: text[col-1] is whether that cell is typed as text
}

// maxXMLRun bounds, in bytes, a run of text between two XML tags, and a tag
// itself, in every XML part of an XLSX import file. A cell in Excel holds at
// most 32,767 characters, so a run of a megabyte is no cell: 245 MB of spaces
// inside a sheet (a 256 KB file, under MaxUnzippedBytes) had cost 973 MB,
// while the XML decoders of excelize and cellTypes each held it as one token.
const maxXMLRun = 1 << 20

// checkXMLRuns reads every part of zr once, without decoding it, and refuses
// one with a text or a tag longer than maxXMLRun, naming the part; the parts
// read count against MaxUnzippedBytes together. A part is XML when its first
// byte that is not white space (after a UTF-8 BOM) is '<', whatever its name
// (a workbook may name its sheet's part anything); the rest of another part
// (an image) is not read.
func checkXMLRuns(zr *zip.Reader) error {
	buf := make([]byte, 64<<10)
	left := int64(MaxUnzippedBytes)
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			return fmt.Errorf("onderdeel %s: %w", zf.Name, err)
		}
		err = checkXMLPart(io.LimitReader(rc, left+1), buf, &left)
		rc.Close()
		switch {
		case left < 0:
			return fmt.Errorf("uitgepakt groter dan %d MB (of een zip-bom)", MaxUnzippedBytes>>20)
		case err != nil:
			return fmt.Errorf("onderdeel %s: %w", zf.Name, err)
		}
	}
	return nil
}

// checkXMLPart is checkXMLRuns of one part, read from r with buf; left is
// what may still be unpacked, less what this part held.
func checkXMLPart(r io.Reader, buf []byte, left *int64) error {
	run, inTag, started := 0, false, false
	for {
		n, err := r.Read(buf)
		*left -= int64(n)
		b := buf[:n]
		if !started {
			// White space (and a BOM) before the first tag counts as a run.
			k := 0
			for k < len(b) && (b[k] == ' ' || b[k] == '\t' || b[k] == '\r' || b[k] == '\n' || b[k] == 0xEF || b[k] == 0xBB || b[k] == 0xBF) {
				k++
			}
			run += k
			b = b[k:]
			if len(b) > 0 {
				if b[0] != '<' {
					return nil // not XML
				}
				started = true
			}
		}
		for len(b) > 0 {
			want := byte('<')
			if inTag {
				want = '>'
			}
			i := bytes.IndexByte(b, want)
			if i < 0 {
				run += len(b)
				break
			}
			if run += i; run > maxXMLRun {
				break
			}
			inTag, run, b = !inTag, 0, b[i+1:]
		}
		switch {
		case run > maxXMLRun:
			return fmt.Errorf("meer dan %d MB tekst aan één stuk (een cel in Excel heeft hooguit 32.767 tekens)", maxXMLRun>>20)
		case *left < 0, err == io.EOF:
			return nil
		case err != nil:
			return err
		}
	}
}

// openCellTypes opens the worksheet part of the sheet named sheet in the
// workbook zr, through the same limit on unpacked bytes as excelize.
func openCellTypes(zr *zip.Reader, sheet string, charset func(string, io.Reader) (io.Reader, error)) (*cellTypes, error) {
	open := func(name string) (io.ReadCloser, error) {
		for _, zf := range zr.File {
			if strings.EqualFold(strings.ReplaceAll(zf.Name, `\`, "/"), name) {
				rc, err := zf.Open()
				if err != nil {
					return nil, fmt.Errorf("onderdeel %s openen: %w", name, err)
				}
				return struct {
					io.Reader
					io.Closer
				}{io.LimitReader(rc, MaxUnzippedBytes), rc}, nil
			}
		}
		return nil, fmt.Errorf("onderdeel %s ontbreekt", name)
	}
	decode := func(name string, v any) error {
		rc, err := open(name)
		if err != nil {
			return err
		}
		defer rc.Close()
		dec := xml.NewDecoder(rc)
		dec.CharsetReader = charset
		if err := dec.Decode(v); err != nil {
			return fmt.Errorf("onderdeel %s lezen: %w", name, err)
		}
		return nil
	}
	type rels struct {
		Rel []struct {
			ID     string `xml:"Id,attr"`
			Type   string `xml:"Type,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	// The workbook part is named in the package relationships, its sheets'
	// parts in the workbook's relationships, as excelize finds them.
	workbook := "xl/workbook.xml"
	var pkg rels
	if err := decode("_rels/.rels", &pkg); err != nil {
		return nil, err
	}
	for _, r := range pkg.Rel {
		if strings.HasSuffix(r.Type, "/officeDocument") {
			workbook = strings.TrimPrefix(r.Target, "/")
		}
	}
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			ID   string `xml:"id,attr"` // r:id
		} `xml:"sheets>sheet"`
	}
	if err := decode(workbook, &wb); err != nil {
		return nil, err
	}
	var wbRels rels
	if err := decode(path.Join(path.Dir(workbook), "_rels", path.Base(workbook)+".rels"), &wbRels); err != nil {
		return nil, err
	}
	for _, s := range wb.Sheets {
		if !strings.EqualFold(s.Name, sheet) {
			continue
		}
		for _, r := range wbRels.Rel {
			if r.ID != s.ID {
				continue
			}
			name := path.Join(path.Dir(workbook), r.Target)
			if strings.HasPrefix(r.Target, "/") {
				name = path.Clean(strings.TrimPrefix(r.Target, "/"))
			}
			part, err := open(name)
			if err != nil {
				return nil, err
			}
			dec := xml.NewDecoder(part)
			dec.CharsetReader = charset
			return &cellTypes{part: part, dec: dec}, nil
		}
	}
	return nil, fmt.Errorf("geen onderdeel voor werkblad %s", sheet)
}

// Close closes the worksheet part.
func (c *cellTypes) Close() error { return c.part.Close() }

// next reads the cells of row line, called for every line in turn as
// excelize's Rows.Next is. A row without a row element has no cells. Like
// excelize it takes a row element without r as the one after the last, and
// every cell up to the next row element as part of the row; rows or cells out
// of order are refused, as their values would not be where excelize puts them.
func (c *cellTypes) next(line int) error {
	c.text = c.text[:0]
	col := 0
	for c.row <= line {
		tok, err := c.dec.Token()
		if err == io.EOF {
			c.row = math.MaxInt
			return nil
		}
		if err != nil {
			return fmt.Errorf("werkblad lezen: %w", err)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			switch el.Name.Local {
			case "row":
				n := c.row + 1
				if v := attr(el, "r"); v != "" && v != "0" {
					if n, err = strconv.Atoi(v); err != nil {
						return fmt.Errorf("rijnummer %q: %w", v, err)
					}
				}
				if n <= c.row {
					return fmt.Errorf("rij %d staat na rij %d: rijen niet op volgorde", n, c.row)
				}
				c.row, col = n, 0
			case "c":
				if c.row != line {
					continue // before the first row element, which excelize skips too
				}
				prev := col
				col++
				if ref := attr(el, "r"); ref != "" {
					if col, _, err = excelize.CellNameToCoordinates(ref); err != nil {
						return fmt.Errorf("cel %q: %w", ref, err)
					}
				}
				if col <= prev {
					return fmt.Errorf("cel %s staat na kolom %s: cellen niet op volgorde", attr(el, "r"), columnName(prev))
				}
				if col <= MaxColumns { // wider rows are refused anyway
					for len(c.text) < col {
						c.text = append(c.text, false)
					}
					switch attr(el, "t") {
					case "s", "str", "inlineStr", "b", "e", "d":
						c.text[col-1] = true
					}
				}
				if err := c.dec.Skip(); err != nil {
					return fmt.Errorf("werkblad lezen: %w", err)
				}
			}
		case xml.EndElement:
			if el.Name.Local == "sheetData" {
				c.row = math.MaxInt
			}
		}
	}
	return nil
}

// isText reports whether the cell in column col of the current row is typed
// as text.
func (c *cellTypes) isText(col int) bool {
	return col <= len(c.text) && c.text[col-1]
}

// attr is the value of the attribute of el with local name name.
func attr(el xml.StartElement, name string) string {
	for _, a := range el.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}
