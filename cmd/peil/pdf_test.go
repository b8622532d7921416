package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/peil-dev/peil"
	"github.com/peil-dev/peil/data"
	"github.com/peil-dev/peil/ingest"
	"github.com/peil-dev/peil/internal/pdfgen"
)

// sampleExtraction returns the extraction of the sample report, with the
// catalog, under the file name file.
func sampleExtraction(t *testing.T, file string) *peil.Extraction {
	t.Helper()
	raw, err := os.ReadFile(extractSample)
	if err != nil {
		t.Fatal(err)
	}
	cat, err := data.Catalog()
	if err != nil {
		t.Fatal(err)
	}
	ext, err := ingest.Extract(raw, ingest.Options{File: file, Catalog: cat})
	if err != nil {
		t.Fatal(err)
	}
	return ext
}

// samplePDF returns the sample report's table as a PDF, made from the text
// extraction of the sample.
func samplePDF(t *testing.T, o pdfgen.Options) []byte {
	t.Helper()
	ext := sampleExtraction(t, "sample.txt")
	b, err := pdfgen.Bytes(pdfgen.FromExtraction(ext, "Inleiding", "Voor u ligt een voortgangsrapportage van de integrale aanpak jihadisme."), o)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestExtractPDF: peil extract reads a PDF, recognised by its content
// (the file has no .pdf in its name), and gives the text's figures with
// their pages.
func TestExtractPDF(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "rapport-voorjaar")
	if err := os.WriteFile(file, samplePDF(t, pdfgen.Options{PageNumbers: true}), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := storeRun(t, "extract", "--format", "json", "--report-date", "2017-03-31", file)
	if code != 0 {
		t.Fatalf("peil extract = %d: %s", code, errOut)
	}
	var ext peil.Extraction
	if err := json.Unmarshal([]byte(out), &ext); err != nil {
		t.Fatal(err)
	}
	code, out, errOut = storeRun(t, "extract", "--format", "json", "--report-date", "2017-03-31", extractSample)
	if code != 0 {
		t.Fatalf("peil extract text = %d: %s", code, errOut)
	}
	var text peil.Extraction
	if err := json.Unmarshal([]byte(out), &text); err != nil {
		t.Fatal(err)
	}
	if len(ext.Measures) != len(text.Measures) || len(ext.Figures) != len(text.Figures) || len(ext.Events) != len(text.Events) {
		t.Fatalf("PDF: %d measures, %d figures, %d events; text: %d, %d, %d",
			len(ext.Measures), len(ext.Figures), len(ext.Events), len(text.Measures), len(text.Figures), len(text.Events))
	}
	for i, f := range ext.Figures {
		if f.Page < 1 || f.Value != text.Figures[i].Value || f.Indicator != text.Figures[i].Indicator {
			t.Errorf("figure %d: %q page %d value %v indicator %q; text: %q value %v indicator %q",
				i, f.Text, f.Page, f.Value, f.Indicator, text.Figures[i].Text, text.Figures[i].Value, text.Figures[i].Indicator)
		}
		if text.Figures[i].Page != 0 {
			t.Errorf("text figure %d has page %d; want none", i, text.Figures[i].Page)
		}
	}
	if !strings.Contains(out, `"page": null`) {
		t.Error("text extraction JSON has no \"page\": null")
	}
}

// TestIngestPDFFolder: a folder of PDFs (named without .pdf) with a
// manifest ingests like the text; a broken PDF beside them stops the
// whole ingest with the file named and the database not created.
func TestIngestPDFFolder(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "voorjaar-2017"), samplePDF(t, pdfgen.Options{}), 0o644)
	os.WriteFile(filepath.Join(dir, "najaar-2016.PDF"), samplePDF(t, pdfgen.Options{Borderless: true, HeaderOnce: true}), 0o644)
	os.WriteFile(filepath.Join(dir, "notities.md"), []byte("# geen rapportage\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "reports.csv"), []byte("file,title,report_date,period_start\n"+
		"voorjaar-2017,Voorjaar 2017,2017-03-31,\nnajaar-2016.PDF,Najaar 2016,2016-11-15,\n"), 0o644)
	db := filepath.Join(t.TempDir(), "peil.duckdb")
	code, out, errOut := storeRun(t, "ingest", "--db", db, dir)
	if code != 0 {
		t.Fatalf("peil ingest = %d: %s", code, errOut)
	}
	if want := "2 rapportages (2 toegevoegd, 0 vervangen, 0 ongewijzigd): 76 maatregelen, 108 cijfers"; !strings.Contains(out, want) {
		t.Errorf("summary = %q; want %q", out, want)
	}
	if strings.Contains(out, "waarschuwing") {
		t.Errorf("summary warns: %q", out)
	}

	bad := t.TempDir()
	os.WriteFile(filepath.Join(bad, "a.pdf"), samplePDF(t, pdfgen.Options{}), 0o644)
	b := samplePDF(t, pdfgen.Options{})
	os.WriteFile(filepath.Join(bad, "b.pdf"), b[:len(b)/3], 0o644)
	db2 := filepath.Join(t.TempDir(), "peil.duckdb")
	code, _, errOut = storeRun(t, "ingest", "--db", db2, bad)
	if code != exitInvalid || !strings.Contains(errOut, "b.pdf: dit PDF-bestand is onvolledig") {
		t.Errorf("ingest with a truncated PDF = %d, %q; want exit 2 naming b.pdf", code, errOut)
	}
	if _, err := os.Stat(db2); err == nil {
		t.Error("the database was created despite the bad PDF")
	}
}

// TestFewMeasuresWarned: a report with rows for only a few of the
// catalog's measures gives a warning on stderr and in the summary.
func TestFewMeasuresWarned(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "kort.txt")
	os.WriteFile(file, []byte("Nr Omschrijving Recente ontwikkelingen en stand van zaken\n"+
		"1 Naar onderkende uitreizigers wordt een strafrechtelijk onderzoek opgestart.\n"+
		"Op 1 maart 2017 lopen er tenminste 386 strafrechtelijke onderzoeken.\n"), 0o644)
	db := filepath.Join(t.TempDir(), "peil.duckdb")
	code, out, errOut := storeRun(t, "ingest", "--db", db, file)
	if code != 0 {
		t.Fatalf("peil ingest = %d: %s", code, errOut)
	}
	if !strings.Contains(errOut, "waarschuwing: maar 1 van de 38 maatregelen gevonden") {
		t.Errorf("stderr = %q; want the warning", errOut)
	}
	if !strings.Contains(out, "waarschuwing: minder dan de helft van de maatregelen gevonden in kort.txt") {
		t.Errorf("summary = %q; want the warning", out)
	}
}
