package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/peil-dev/peil"
	"github.com/peil-dev/peil/analytics"
	"github.com/peil-dev/peil/data"
	"github.com/peil-dev/peil/ingest"
	"github.com/peil-dev/peil/internal/pdfgen"
	"github.com/peil-dev/peil/server"
)

// TestManifestCitationEndToEnd ingests the sample through a manifest with a
// kamerstuk and a URL and follows the citation through everything that shows
// a point: peil reports, peil series (JSON and table), the indicator page of
// the real server and the workbook, read back with excelize.
func TestManifestCitationEndToEnd(t *testing.T) {
	dir := t.TempDir()
	text, err := os.ReadFile(filepath.Join(sampleDir, "voortgangsrapportage-2017.txt"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "voorjaar-2017.txt"), text, 0o644)
	const url = "https://zoek.officielebekendmakingen.nl/kst-29754-420.pdf"
	os.WriteFile(filepath.Join(dir, "reports.csv"), []byte("file,title,report_date,period_start,kamerstuk,url\n"+
		`voorjaar-2017.txt,"Voortgangsrapportage integrale aanpak jihadisme, voorjaar 2017",2017-03-31,2016-11-15,29754-420,`+url+"\n"), 0o644)
	db := filepath.Join(t.TempDir(), "peil.duckdb")
	if code, _, errOut := storeRun(t, "ingest", "--db", db, dir); code != 0 {
		t.Fatalf("ingest = %d: %s", code, errOut)
	}
	if reps := storeReports(t, db); len(reps) != 1 || reps[0].Kamerstuk != "29754-420" || reps[0].URL != url {
		t.Fatalf("reports = %+v; want kamerstuk 29754-420 and the URL", reps)
	}

	if code, out, _ := storeRun(t, "reports", "--db", db, "--format", "table"); code != 0 || !strings.Contains(out, "Kamerstuk") ||
		!strings.Contains(out, "29754-420") {
		t.Errorf("reports table = %d:\n%s\nwant the column Kamerstuk with 29754-420", code, out)
	}

	// Series JSON: every statement cites the kamerstuk and its line (text
	// input has no pages: page is null).
	code, out, errOut := storeRun(t, "series", "criminal_investigations", "--db", db, "--format", "json")
	if code != 0 {
		t.Fatalf("series = %d: %s", code, errOut)
	}
	var s peil.Series
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatal(err)
	}
	if len(s.Points) == 0 {
		t.Fatal("no points")
	}
	p := s.Points[len(s.Points)-1]
	st := p.Statements[len(p.Statements)-1]
	want := "Kamerstuk 29754-420, bijlage, regel 38"
	if p.Citation != want || st.Citation != want || st.Kamerstuk != "29754-420" || st.URL != url || p.URL != url {
		t.Errorf("point %+v; want citation %q and the URL", p, want)
	}
	if !strings.Contains(out, `"page": null`) {
		t.Errorf("series JSON has no page null for text input:\n%.600s", out)
	}
	if code, out, _ := storeRun(t, "series", "criminal_investigations", "--db", db, "--format", "table"); code != 0 ||
		!strings.Contains(out, "Vindplaats") || !strings.Contains(out, want) {
		t.Errorf("series table = %d:\n%s\nwant the Vindplaats column with %q", code, out, want)
	}

	// The indicator page of the real handler.
	ctx := context.Background()
	store, err := analytics.Open(ctx, db, analytics.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(server.New(services(store), server.Options{}).Handler())
	res, err := http.Get(ts.URL + "/indicatoren/criminal_investigations")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	ts.Close()
	store.Close()
	page := string(body)
	if res.StatusCode != 200 || !strings.Contains(page, `<a href="`+url+`" rel="noopener noreferrer">`+want+`</a>`) || !strings.Contains(page, "Vindplaats: "+want) {
		t.Errorf("indicator page = %d; want the linked citation %q in the table and its tooltip", res.StatusCode, want)
	}

	// The workbook: Waarnemingen cites the kamerstuk.
	file := filepath.Join(t.TempDir(), "peil.xlsx")
	if code, _, errOut := storeRun(t, "export", "--format", "xlsx", "--db", db, "-o", file); code != 0 {
		t.Fatalf("export xlsx = %d: %s", code, errOut)
	}
	wb, err := excelize.OpenFile(file)
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	rows, err := wb.GetRows("Waarnemingen")
	if err != nil || len(rows) < 2 {
		t.Fatalf("Waarnemingen: %d rows, %v", len(rows), err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	var cited int
	for _, r := range rows[1:] {
		if len(r) > col["Kamerstuk"] && r[col["Kamerstuk"]] == "29754-420" && strings.HasPrefix(r[col["Bronvermelding"]], "Kamerstuk 29754-420, bijlage, regel ") {
			cited++
		}
	}
	if cited != len(rows)-1 {
		t.Errorf("Waarnemingen: %d of %d rows cite Kamerstuk 29754-420", cited, len(rows)-1)
	}

	// A manifest with a bad URL: file and line, exit 2, nothing changed.
	os.WriteFile(filepath.Join(dir, "reports.csv"), []byte("file,title,report_date,period_start,kamerstuk,url\n"+
		"voorjaar-2017.txt,Voorjaar,2017-03-31,,29754-420,ftp://example.org/a.pdf\n"), 0o644)
	code, _, errOut = storeRun(t, "ingest", "--db", db, dir)
	if code != exitInvalid || !strings.Contains(errOut, "reports.csv:2") || !strings.Contains(errOut, "https://") {
		t.Errorf("ingest with a bad URL = %d, %q; want 2 naming reports.csv:2", code, errOut)
	}
	for _, args := range [][]string{
		{"ingest", "--db", db, "--url", "javascript:alert(1)", filepath.Join(dir, "voorjaar-2017.txt")},
		{"ingest", "--db", db, "--kamerstuk", "nr 420", filepath.Join(dir, "voorjaar-2017.txt")},
	} {
		if code, _, _ := storeRun(t, args...); code != exitInvalid {
			t.Errorf("peil %s = %d; want 2", strings.Join(args, " "), code)
		}
	}
}

// TestIngestKamerstukFlags gives one file its kamerstuk and URL by flags.
func TestIngestKamerstukFlags(t *testing.T) {
	db := filepath.Join(t.TempDir(), "peil.duckdb")
	code, _, errOut := storeRun(t, "ingest", "--db", db, "--kamerstuk", "29754-420", "--url", "https://example.org/r.pdf",
		filepath.Join(sampleDir, "voortgangsrapportage-2017.txt"))
	if code != 0 {
		t.Fatalf("ingest = %d: %s", code, errOut)
	}
	if reps := storeReports(t, db); len(reps) != 1 || reps[0].Kamerstuk != "29754-420" || reps[0].URL != "https://example.org/r.pdf" {
		t.Errorf("reports = %+v; want the flags' kamerstuk and URL", reps)
	}
}

// TestPDFCitationEndToEnd ingests a PDF of the sample (made by pdfgen) with a
// kamerstuk in the manifest: the statements get their pages, and the series
// and the workbook cite "Kamerstuk 29754-420, bijlage, p. N".
func TestPDFCitationEndToEnd(t *testing.T) {
	cat, err := data.Catalog()
	if err != nil {
		t.Fatal(err)
	}
	text, err := os.ReadFile(filepath.Join(sampleDir, "voortgangsrapportage-2017.txt"))
	if err != nil {
		t.Fatal(err)
	}
	ext, err := ingest.Extract(text, ingest.Options{File: "sample.txt", Catalog: cat})
	if err != nil {
		t.Fatal(err)
	}
	pdf, err := pdfgen.Bytes(pdfgen.FromExtraction(ext), pdfgen.Options{})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "voorjaar-2017.pdf"), pdf, 0o644)
	os.WriteFile(filepath.Join(dir, "reports.csv"), []byte("file,title,report_date,period_start,kamerstuk\n"+
		"voorjaar-2017.pdf,Voortgangsrapportage voorjaar 2017,2017-03-31,2016-11-15,29754-420\n"), 0o644)
	db := filepath.Join(t.TempDir(), "peil.duckdb")
	if code, _, errOut := storeRun(t, "ingest", "--db", db, dir); code != 0 {
		t.Fatalf("ingest PDF = %d: %s", code, errOut)
	}
	code, out, errOut := storeRun(t, "series", "criminal_investigations", "--db", db, "--format", "json")
	if code != 0 {
		t.Fatalf("series = %d: %s", code, errOut)
	}
	var s peil.Series
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatal(err)
	}
	var paged int
	for _, p := range s.Points {
		for _, st := range p.Statements {
			if st.Page < 1 || st.Citation != "Kamerstuk 29754-420, bijlage, "+st.Page.Label() {
				t.Errorf("statement %q: page %d, citation %q; want a page and its citation", st.Text, st.Page, st.Citation)
			}
			paged++
		}
	}
	if paged == 0 {
		t.Fatal("no statements")
	}

	file := filepath.Join(t.TempDir(), "peil.xlsx")
	if code, _, errOut := storeRun(t, "export", "--format", "xlsx", "--db", db, "-o", file); code != 0 {
		t.Fatalf("export xlsx = %d: %s", code, errOut)
	}
	wb, err := excelize.OpenFile(file)
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	rows, err := wb.GetRows("Waarnemingen")
	if err != nil || len(rows) < 2 {
		t.Fatalf("Waarnemingen: %d rows, %v", len(rows), err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	for r := 2; r <= len(rows); r++ {
		cell := mustCell(t, col["Pagina"]+1, r)
		typ, err := wb.GetCellType("Waarnemingen", cell)
		v, _ := wb.GetCellValue("Waarnemingen", cell)
		cite, _ := wb.GetCellValue("Waarnemingen", mustCell(t, col["Bronvermelding"]+1, r))
		if err != nil || typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber || v == "" ||
			cite != "Kamerstuk 29754-420, bijlage, p. "+v {
			t.Errorf("Waarnemingen row %d: Pagina %q (type %v), Bronvermelding %q; want a page number and its citation", r, v, typ, cite)
			break
		}
	}
}

// mustCell returns the name of the cell in column col and row row.
func mustCell(t *testing.T, col, row int) string {
	t.Helper()
	c, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
