package imports

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/peil-dev/peil"
)

func readFile(t *testing.T, name string) ([]peil.Observation, error) {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return Read(f, name)
}

func TestReadCSV(t *testing.T) {
	obs, err := readFile(t, "good.csv")
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		ind        peil.IndicatorID
		value      float64
		q          peil.Qualifier
		start, end string
		line       int
		note       string
	}
	want := []row{
		{"passport_measures", 115, peil.QualExact, "2014-01-01", "2016-08-01", 2, "antwoord op Kamervragen"},
		{"investigations", 1995, peil.QualApprox, "", "2016-09-01", 3, ""},
		{"extremism_reports", 6.4, peil.QualAtMost, "2016-01-01", "2016-12-31", 5, "met ; puntkomma"},
	}
	if len(obs) != len(want) {
		t.Fatalf("ReadCSV(good.csv) = %d rows; want %d", len(obs), len(want))
	}
	for i, w := range want {
		o := obs[i]
		got := row{o.Indicator, o.Value, o.Qualifier, o.PeriodStart.String(), o.PeriodEnd.String(), o.Line, o.Note}
		if got != w {
			t.Errorf("row %d = %+v; want %+v", i, got, w)
		}
		if o.Citation == "" || o.Source != peil.SourceImported {
			t.Errorf("row %d: citation %q, source %q; want the source column, imported", i, o.Citation, o.Source)
		}
	}
}

func TestReadCSVErrors(t *testing.T) {
	header := "indicator,value,qualifier,period_start,period_end,source,note\n"
	tests := []struct {
		name, in string
		line     int
		want     string
	}{
		{"bad value", header + "a,1,exact,,2016-01-01,s,\na,veel,exact,,2016-01-01,s,\n", 3, `kolom value "veel": geen getal`},
		{"bad qualifier", header + "a,1,roughly,,2016-01-01,s,\n", 2, `kolom qualifier "roughly": kies exact`},
		{"bad date", header + "a,1,exact,,2016-02-30,s,\n", 2, `kolom period_end: "2016-02-30" is geen datum`},
		{"bad Dutch date", header + "a,1,exact,31-2-2016,2016-03-01,s,\n", 2, `kolom period_start: "31-2-2016" is geen datum`},
		{"start after end", header + "a,1,exact,2017-01-01,2016-01-01,s,\n", 2, "period_start 2017-01-01 ligt na period_end 2016-01-01"},
		{"no end", header + "a,1,exact,2016-01-01,,s,\n", 2, "kolom period_end is leeg"},
		{"no source", header + "a,1,exact,,2016-01-01,,\n", 2, "kolom source is leeg: geef een URL of bronvermelding"},
		{"no indicator", header + ",1,exact,,2016-01-01,s,\n", 2, "kolom indicator is leeg"},
		{"unknown column", "indicator,value,period_end,source,colour\n", 1, `onbekende kolom "colour"`},
		{"missing column", "indicator,value,period_end\n", 1, `kolom "source" ontbreekt`},
		{"duplicate column", "indicator,value,value,period_end,source\n", 1, `kolom "value" staat er twee keer in`},
		{"no rows", header, 0, "geen rijen om te importeren"},
		{"empty", "", 0, "leeg bestand: verwacht een kopregel"},
		{"quote", header + "a,1,exact,,2016-01-01,\"s,\n", 2, "onleesbare CSV: "},
	}
	for _, tt := range tests {
		_, err := ReadCSV(strings.NewReader(tt.in), "in.csv")
		var pe *peil.Error
		if !errors.As(err, &pe) || pe.Code != peil.EINVALID || pe.File != "in.csv" || pe.Line != tt.line ||
			!strings.Contains(pe.Error(), tt.want) {
			t.Errorf("%s: ReadCSV = %v; want EINVALID in.csv line %d with %q", tt.name, err, tt.line, tt.want)
		}
	}
}

func TestReadBadValueFile(t *testing.T) {
	_, err := readFile(t, "bad_value.csv")
	if err == nil || err.Error() != `bad_value.csv:4: kolom value "veel": geen getal` {
		t.Errorf("Read(bad_value.csv) = %v; want the bad row's line and reason", err)
	}
}

func TestParseValue(t *testing.T) {
	tests := []struct {
		in      string
		numeric bool
		want    float64
	}{
		{"1995", false, 1995}, {"1.995", false, 1995}, {"6,4", false, 6.4}, {"1.995,5", false, 1995.5},
		{"6.4", false, 6.4}, {"6.400.000", false, 6400000}, {"-12", false, -12}, {"1.995", true, 1.995},
	}
	for _, tt := range tests {
		got, err := parseValue(cell{tt.in, tt.numeric})
		if err != nil || got != tt.want {
			t.Errorf("parseValue(%q, numeric %v) = %v, %v; want %v", tt.in, tt.numeric, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", "veel", "NaN", "Inf", "1,2,3", "1e-400"} {
		if _, err := parseValue(cell{bad, false}); err == nil {
			t.Errorf("parseValue(%q) succeeded; want an error", bad)
		}
	}
	// A negative zero is stored, and written everywhere, as 0 (it showed as -0).
	for _, in := range []string{"-0", "-0,0"} {
		if v, err := parseValue(cell{in, false}); err != nil || v != 0 || math.Signbit(v) {
			t.Errorf("parseValue(%q) = %v, %v; want 0", in, v, err)
		}
	}
}

func TestReadXLSX(t *testing.T) {
	f := excelize.NewFile()
	sheet := f.GetSheetName(0)
	rows := [][]any{
		{"Indicator", "Value", "Qualifier", "Period_start", "Period_end", "Source", "Note"},
		{"passport_measures", 115, "exact", "2014-01-01", 42583.0, "https://example.org/a", "datum als getal"}, // 42583 = 2016-08-01
		{},
		{"investigations", "1.995", "ca.", nil, "1-9-2016", "https://example.org/b", nil},
		{"extremism_reports", 6.4, nil, nil, "2016-12-31", "https://example.org/c", nil},
	}
	for i, r := range rows {
		cellRef, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, cellRef, &r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	obs, err := Read(&buf, "cijfers.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	if len(obs) != 3 {
		t.Fatalf("ReadXLSX = %d rows; want 3", len(obs))
	}
	if o := obs[0]; o.Value != 115 || o.PeriodEnd.String() != "2016-08-01" || o.PeriodStart.String() != "2014-01-01" || o.Line != 2 {
		t.Errorf("row 1 = %+v; want 115 up to 2016-08-01 (a date number) on line 2", o)
	}
	if o := obs[1]; o.Value != 1995 || o.Qualifier != peil.QualApprox || o.PeriodEnd.String() != "2016-09-01" || o.Line != 4 {
		t.Errorf("row 2 = %+v; want text 1.995 as 1995, approx, 2016-09-01, line 4", o)
	}
	if o := obs[2]; o.Value != 6.4 || o.Qualifier != peil.QualExact {
		t.Errorf("row 3 = %+v; want the number 6.4, exact", o)
	}

	// A bad row gives its row number.
	if err := f.SetCellValue(sheet, "B5", "zes"); err != nil {
		t.Fatal(err)
	}
	buf.Reset()
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	if _, err := Read(&buf, "cijfers.xlsx"); err == nil || !strings.HasPrefix(err.Error(), `cijfers.xlsx:5: kolom value "zes": geen getal`) {
		t.Errorf("Read(bad workbook) = %v; want cijfers.xlsx:5: kolom value \"zes\": geen getal", err)
	}

	// A sheet with only a header, and an empty sheet, say so.
	for _, tt := range []struct {
		name string
		rows int
		want string
	}{
		{"only a header", 1, "cijfers.xlsx: geen rijen om te importeren"},
		{"empty", 0, `cijfers.xlsx: leeg werkblad "` + sheet + `": verwacht een kopregel met indicator`},
	} {
		g := excelize.NewFile()
		for i := range tt.rows {
			cellRef, _ := excelize.CoordinatesToCellName(1, i+1)
			if err := g.SetSheetRow(g.GetSheetName(0), cellRef, &rows[i]); err != nil {
				t.Fatal(err)
			}
		}
		buf.Reset()
		if err := g.Write(&buf); err != nil {
			t.Fatal(err)
		}
		if _, err := Read(&buf, "cijfers.xlsx"); err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("Read(%s) = %v; want %s", tt.name, err, tt.want)
		}
	}
}

func TestReadUnknownType(t *testing.T) {
	if _, err := Read(strings.NewReader("x"), "cijfers.ods"); peil.ErrorCode(err) != peil.EINVALID {
		t.Errorf("Read(.ods) = %v; want EINVALID", err)
	}
	if _, err := Read(strings.NewReader("geen zip"), "cijfers.xlsx"); peil.ErrorCode(err) != peil.EINVALID {
		t.Errorf("Read(broken .xlsx) = %v; want EINVALID", err)
	}
}

// FuzzReadCSV checks that no input makes ReadCSV panic, and that whatever it
// accepts is well formed.
func FuzzReadCSV(f *testing.F) {
	good, _ := os.ReadFile(filepath.Join("testdata", "good.csv"))
	f.Add(string(good))
	f.Add("indicator,value,period_end,source\na,1,2016-01-01,s\n")
	f.Add("indicator;value;period_end;source\na;\"1\n")
	f.Fuzz(func(t *testing.T, in string) {
		obs, err := ReadCSV(strings.NewReader(in), "fuzz.csv")
		if err != nil {
			if peil.ErrorCode(err) != peil.EINVALID {
				t.Fatalf("ReadCSV error %v has code %s; want EINVALID", err, peil.ErrorCode(err))
			}
			return
		}
		for _, o := range obs {
			if o.Indicator == "" || o.PeriodEnd.IsZero() || o.Citation == "" || o.Line < 2 || !o.Qualifier.Valid() {
				t.Fatalf("ReadCSV accepted %+v", o)
			}
		}
	})
}

// xlsxBytes writes f to bytes.
func xlsxBytes(t testing.TB, f *excelize.File) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// A workbook with a cell in column XFD on every row is refused at its first
// such row (before, every row became 16,384 strings: 5 GB for 18 KB).
func TestReadXLSXTooManyColumns(t *testing.T) {
	f := excelize.NewFile()
	sheet := f.GetSheetName(0)
	if err := f.SetSheetRow(sheet, "A1", &[]any{"indicator", "value", "period_end", "source"}); err != nil {
		t.Fatal(err)
	}
	for r := 2; r <= 200; r++ {
		if err := f.SetSheetRow(sheet, fmt.Sprintf("A%d", r), &[]any{"passport_measures", r, "2017-01-01", "bron"}); err != nil {
			t.Fatal(err)
		}
		if err := f.SetCellValue(sheet, fmt.Sprintf("XFD%d", r), "x"); err != nil {
			t.Fatal(err)
		}
	}
	_, err := Read(bytes.NewReader(xlsxBytes(t, f)), "breed.xlsx")
	if err == nil || !strings.HasPrefix(err.Error(), "breed.xlsx:2: meer dan 64 kolommen (een waarde in kolom XFD)") {
		t.Errorf("Read(XFD workbook) = %v; want breed.xlsx:2: more than 64 columns", err)
	}
}

// More rows than MaxRows are refused with the line of the first one too many.
func TestReadCSVTooManyRows(t *testing.T) {
	var b strings.Builder
	b.WriteString("indicator,value,period_end,source\n")
	for i := 0; i <= MaxRows; i++ {
		b.WriteString("passport_measures,1,2017-01-01,bron\n")
	}
	_, err := Read(strings.NewReader(b.String()), "lang.csv")
	if want := fmt.Sprintf("lang.csv:%d: meer dan 200.000 rijen", MaxRows+2); err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("Read(%d rows) = %v; want %s", MaxRows+1, err, want)
	}
}

// A zip bomb (a small file whose worksheet unpacks beyond MaxUnzippedBytes)
// is refused when opened and leaves no temporary file behind (before, it ran
// past 240 s and left a 1 GB temporary file).
func TestReadXLSXZipBomb(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	bomb := withSheet(t, func(w io.Writer) {
		// A worksheet of 300 MB: its header, then spaces.
		io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
		spaces := bytes.Repeat([]byte(" "), 1<<20)
		for range 300 {
			w.Write(spaces)
		}
		io.WriteString(w, `</sheetData></worksheet>`)
	})
	if len(bomb) > 2<<20 {
		t.Fatalf("zip bomb is %d bytes; want a small file", len(bomb))
	}
	_, err := Read(bytes.NewReader(bomb), "bom.xlsx")
	if want := "bom.xlsx: uitgepakt groter dan 256 MB: te groot om te importeren (of een zip-bom)"; err == nil || err.Error() != want {
		t.Errorf("Read(zip bomb) = %v; want %q (in Dutch only)", err, want)
	}
	if entries, _ := os.ReadDir(tmp); len(entries) != 0 {
		t.Errorf("temporary folder holds %d entries after the import; want none", len(entries))
	}
}

// A worksheet larger than excelize keeps in memory is read from a temporary
// file, which is gone when Read returns.
func TestReadXLSXLargeSheetCleansUp(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	f := excelize.NewFile()
	sheet := f.GetSheetName(0)
	note := strings.Repeat("toelichting ", 80) // 20,000 rows of 1 KB: a worksheet beyond 16 MB
	const n = 20000
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		t.Fatal(err)
	}
	sw.SetRow("A1", []any{"indicator", "value", "period_end", "source", "note"})
	for r := 2; r <= n+1; r++ {
		if err := sw.SetRow(fmt.Sprintf("A%d", r), []any{"passport_measures", r, "2017-01-01", "bron", note}); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	b := xlsxBytes(t, f)
	f.Close() // the stream writer's own temporary file
	obs, err := Read(bytes.NewReader(b), "groot.xlsx")
	if err != nil || len(obs) != n || obs[n-1].Line != n+1 {
		t.Fatalf("Read(large workbook) = %d rows, %v; want %d", len(obs), err, n)
	}
	if entries, _ := os.ReadDir(tmp); len(entries) != 0 {
		t.Errorf("temporary folder holds %d entries after the import; want none", len(entries))
	}
}

// typedBook is a workbook of n data rows whose value is 1.995 stored as a
// number in even rows and as text in odd ones; with merged, every row also has
// a merged range beside its cells.
func typedBook(t testing.TB, n int, merged bool) []byte {
	t.Helper()
	f := excelize.NewFile()
	sheet := f.GetSheetName(0)
	if err := f.SetSheetRow(sheet, "A1", &[]any{"indicator", "value", "period_end", "source"}); err != nil {
		t.Fatal(err)
	}
	for r := 2; r <= n+1; r++ {
		if err := f.SetSheetRow(sheet, fmt.Sprintf("A%d", r), &[]any{"passport_measures", nil, "2017-01-01", "bron"}); err != nil {
			t.Fatal(err)
		}
		var err error
		if r%2 == 0 {
			err = f.SetCellFloat(sheet, fmt.Sprintf("B%d", r), 1.995, -1, 64)
		} else {
			err = f.SetCellStr(sheet, fmt.Sprintf("B%d", r), "1.995")
		}
		if err != nil {
			t.Fatal(err)
		}
		if merged {
			if err := f.MergeCell(sheet, fmt.Sprintf("F%d", r), fmt.Sprintf("G%d", r)); err != nil {
				t.Fatal(err)
			}
		}
	}
	return xlsxBytes(t, f)
}

// The type of a cell (number or text) comes from the worksheet stream: a
// numeric 1.995 is 1.995, a text "1.995" is Dutch 1995, also beside merged
// ranges; and reading them does not load the rest of the worksheet (its
// merged ranges), which GetCellType did for every number, then scanning all
// merged ranges per cell (quadratic in time).
func TestReadXLSXTypesFromTheStream(t *testing.T) {
	const n = 2000
	plain, merged := typedBook(t, n, false), typedBook(t, n, true)
	obs, err := Read(bytes.NewReader(merged), "typen.xlsx")
	if err != nil || len(obs) != n {
		t.Fatalf("Read(merged ranges) = %d rows, %v; want %d", len(obs), err, n)
	}
	for _, o := range obs {
		want := 1995.0
		if o.Line%2 == 0 {
			want = 1.995
		}
		if o.Value != want {
			t.Fatalf("line %d = %v; want %v (%s)", o.Line, o.Value, want, map[bool]string{true: "a number", false: "text"}[o.Line%2 == 0])
		}
	}
	// Cost in allocations (not time) per merged range: of Read, and of
	// excelize's bare row iterator, which tokenizes the rest of the worksheet
	// after the last row itself.
	read := func(b []byte) float64 {
		return testing.AllocsPerRun(2, func() {
			if _, err := Read(bytes.NewReader(b), "typen.xlsx"); err != nil {
				t.Fatal(err)
			}
		})
	}
	bare := func(b []byte) float64 {
		return testing.AllocsPerRun(2, func() {
			f, err := excelize.OpenReader(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			rows, err := f.Rows(f.GetSheetName(0))
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			for rows.Next() {
				if _, err := rows.Columns(excelize.Options{RawCellValue: true}); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
	perRange := (read(merged) - read(plain)) / n
	barePerRange := (bare(merged) - bare(plain)) / n
	if perRange > barePerRange+0.5 {
		t.Errorf("Read allocates %.1f times per merged range, excelize's row iterator %.1f; want no more (the merged ranges not loaded)", perRange, barePerRange)
	}
}

// withSheetXML is a workbook whose first worksheet holds the rows sheetData.
func withSheetXML(t *testing.T, sheetData string) []byte {
	t.Helper()
	return withSheet(t, func(w io.Writer) {
		io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`+
			sheetData+`</sheetData><mergeCells count="1"><mergeCell ref="F2:G2"/></mergeCells></worksheet>`)
	})
}

// withSheet is an empty workbook whose first worksheet's XML is what sheet
// writes, compressed (so that a large sheet makes a small file).
func withSheet(t *testing.T, sheet func(io.Writer)) []byte {
	t.Helper()
	good := xlsxBytes(t, excelize.NewFile())
	zr, err := zip.NewReader(bytes.NewReader(good), int64(len(good)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, zf := range zr.File {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: zf.Name, Method: zip.Deflate})
		if err != nil {
			t.Fatal(err)
		}
		if zf.Name == "xl/worksheets/sheet1.xml" {
			sheet(w)
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(w, rc)
		rc.Close()
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// Cell types as other programs write them: rows and cells without r, the
// types n, d (an ISO date as text) and str (a formula's text), a row left out.
// Rows or cells out of order are refused, as excelize would put their values
// in other columns than their types.
func TestReadXLSXCellTypes(t *testing.T) {
	text := func(s string) string { return `<c t="inlineStr"><is><t>` + s + `</t></is></c>` }
	header := `<row r="1">` + text("indicator") + text("value") + text("period_end") + text("source") + `</row>`
	obs, err := Read(bytes.NewReader(withSheetXML(t, header+
		`<row>`+text("passport_measures")+`<c t="n"><v>1.995</v></c><c r="C2" t="d"><v>2017-01-01</v></c>`+text("bron")+`</row>`+
		`<row r="4">`+text("passport_measures")+`<c r="B4" t="str"><f>"1.995"</f><v>1.995</v></c><c><v>42583</v></c>`+text("bron")+`</row>`+
		`<row><c r="A5" t="inlineStr"><is><t>passport_measures</t></is></c><c r="B5"><v>2.5</v></c><c r="C5"><v>42583</v></c><c r="D5" t="inlineStr"><is><t>bron</t></is></c></row>`,
	)), "typen.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, o := range obs {
		got = append(got, fmt.Sprintf("%d:%v:%s", o.Line, o.Value, o.PeriodEnd))
	}
	if want := "2:1.995:2017-01-01 4:1995:2016-08-01 5:2.5:2016-08-01"; strings.Join(got, " ") != want {
		t.Errorf("Read = %s; want %s", strings.Join(got, " "), want)
	}

	for _, tt := range []struct{ name, rows, want string }{
		{"rows out of order", `<row r="3">` + text("passport_measures") + `</row><row r="2">` + text("x") + `</row>`,
			"typen.xlsx:3: kan de rij niet lezen: rij 2 staat na rij 3: rijen niet op volgorde"},
		{"cells out of order", `<row r="2"><c r="B2"><v>1</v></c><c r="A2" t="inlineStr"><is><t>passport_measures</t></is></c></row>`,
			"typen.xlsx:2: kan de rij niet lezen: cel A2 staat na kolom B: cellen niet op volgorde"},
	} {
		if _, err := Read(bytes.NewReader(withSheetXML(t, header+tt.rows)), "typen.xlsx"); err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("Read(%s) = %v; want %s", tt.name, err, tt.want)
		}
	}
}

// BenchmarkReadXLSXMerged reads 16,000 rows with a merged range beside every
// row (issue 14, case 7).
func BenchmarkReadXLSXMerged(b *testing.B) {
	book := typedBook(b, 16000, true)
	b.ResetTimer()
	for b.Loop() {
		if _, err := Read(bytes.NewReader(book), "typen.xlsx"); err != nil {
			b.Fatal(err)
		}
	}
}

// A run of text longer than a cell can be (here 40 MB of spaces inside
// sheetData, a file of some 40 KB) is refused before it is decoded, naming
// the part; before, the XML decoders held the run as one token each (a
// 245 MB run had cost 973 MB) and the import ended in "geen rijen".
func TestReadXLSXLongTextRun(t *testing.T) {
	head := `<row r="1"><c r="A1" t="inlineStr"><is><t>indicator</t></is></c><c r="B1" t="inlineStr"><is><t>value</t></is></c></row>`
	book := withSheet(t, func(w io.Writer) {
		io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`+head)
		spaces := bytes.Repeat([]byte(" "), 1<<20)
		for range 40 {
			w.Write(spaces)
		}
		io.WriteString(w, `</sheetData></worksheet>`)
	})
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := Read(bytes.NewReader(book), "spaties.xlsx")
	runtime.ReadMemStats(&after)
	want := "spaties.xlsx: geen gewone werkmap: onderdeel xl/worksheets/sheet1.xml: meer dan 1 MB tekst aan één stuk"
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("Read(40 MB of spaces) = %v; want %q", err, want)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 20<<20 {
		t.Errorf("Read allocated %d MB for a run of 40 MB; want it refused before decoding", alloc>>20)
	}
}

// A part whose zip header claims fewer bytes than it holds is refused in
// Dutch, naming the part (before: "werkblad lezen: zip: not a valid zip
// file").
func TestReadXLSXLyingZipHeader(t *testing.T) {
	book := rebuildZip(t, xlsxBytes(t, excelize.NewFile()), func(zw *zip.Writer, name string, content []byte) {
		if name != "xl/worksheets/sheet1.xml" {
			w, _ := zw.Create(name)
			w.Write(content)
			return
		}
		content = []byte(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` +
			strings.Repeat(`<row><c t="inlineStr"><is><t>x</t></is></c></row>`, 20000) + `</sheetData></worksheet>`)
		var packed bytes.Buffer
		fw, _ := flate.NewWriter(&packed, flate.BestCompression)
		fw.Write(content)
		fw.Close()
		w, err := zw.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Deflate, CRC32: crc32.ChecksumIEEE(content),
			CompressedSize64: uint64(packed.Len()), UncompressedSize64: 1000})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(packed.Bytes())
	})
	_, err := Read(bytes.NewReader(book), "kop.xlsx")
	if err == nil || !strings.Contains(err.Error(), "geen geldig zip-bestand") || strings.Contains(err.Error(), "zip:") {
		t.Errorf("Read(lying header) = %v; want a Dutch message without archive/zip's English", err)
	}
}

// rebuildZip returns the zip book with each entry written again by put,
// which gets its name and unpacked content and may rename, change or leave
// out the entry.
func rebuildZip(t *testing.T, book []byte, put func(zw *zip.Writer, name string, content []byte)) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(book), int64(len(book)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		content, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		put(zw, zf.Name, content)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// The scan goes by content, not by name: a sheet whose part is named
// blad.bin, with 40 MB of spaces before its first tag, is refused too, and
// a binary part (a 2 MB image, no tag in it) is not read as XML.
func TestReadXLSXLongTextRunAnyName(t *testing.T) {
	book := withSheet(t, func(w io.Writer) {
		spaces := bytes.Repeat([]byte(" "), 1<<20)
		for range 40 {
			w.Write(spaces)
		}
		io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData></sheetData></worksheet>`)
	})
	renamed := rebuildZip(t, book, func(zw *zip.Writer, name string, content []byte) {
		switch name {
		case "xl/worksheets/sheet1.xml":
			name = "xl/worksheets/blad.bin"
		case "xl/_rels/workbook.xml.rels":
			content = bytes.ReplaceAll(content, []byte("worksheets/sheet1.xml"), []byte("worksheets/blad.bin"))
		}
		w, _ := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate})
		w.Write(content)
	})
	_, err := Read(bytes.NewReader(renamed), "blad.xlsx")
	if want := "onderdeel xl/worksheets/blad.bin: meer dan 1 MB tekst aan één stuk"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("Read(sheet named blad.bin) = %v; want %q", err, want)
	}

	f := excelize.NewFile()
	for i, v := range []any{"indicator", "value", "qualifier", "period_start", "period_end", "source", "note"} {
		f.SetCellValue("Sheet1", string(rune('A'+i))+"1", v)
	}
	for i, v := range []any{"passport_measures", 12, "exact", "", "2017-03-31", "Kamerbrief", ""} {
		f.SetCellValue("Sheet1", string(rune('A'+i))+"2", v)
	}
	withImage := rebuildZip(t, xlsxBytes(t, f), func(zw *zip.Writer, name string, content []byte) {
		w, _ := zw.Create(name)
		w.Write(content)
		if name == "xl/workbook.xml" {
			w, _ := zw.Create("xl/media/image1.png")
			w.Write(append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 2<<20)...))
		}
	})
	if obs, err := Read(bytes.NewReader(withImage), "plaatje.xlsx"); err != nil || len(obs) != 1 {
		t.Errorf("Read(a workbook with a 2 MB image) = %d observations, %v; want the one row", len(obs), err)
	}
}
