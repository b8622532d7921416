package server

import (
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/peil-dev/peil"
	"github.com/peil-dev/peil/data"
	"github.com/peil-dev/peil/ingest"
	"github.com/peil-dev/peil/internal/pdfgen"
)

// fixturePDF renders the table of a fixture report as a real PDF
// (internal/pdfgen), its introduction naming it by title, so that its content
// differs from every stored report's.
func fixturePDF(t testing.TB, fixture, title string) []byte {
	t.Helper()
	raw, err := os.ReadFile("testdata/" + fixture)
	if err != nil {
		t.Fatal(err)
	}
	cat, err := data.Catalog()
	if err != nil {
		t.Fatal(err)
	}
	ext, err := ingest.Extract(raw, ingest.Options{File: fixture, Catalog: cat})
	if err != nil {
		t.Fatal(err)
	}
	b, err := pdfgen.Bytes(pdfgen.FromExtraction(ext, "Inleiding", title+": een fictieve testrapportage voor de tests van Peil."),
		pdfgen.Options{PageNumbers: true, PageHeight: 600})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(b), "%PDF-") {
		t.Fatal("pdfgen made no PDF")
	}
	return b
}

// TestUploadPDF uploads a real PDF through POST /api/reports: its figures
// land in the review queue with the PDF pages they stand on, and the queue
// page shows them.
func TestUploadPDF(t *testing.T) {
	e := newWriteEnv(t, Options{})
	anna := e.as(peil.RoleAdmin)
	pdf := fixturePDF(t, "rapportage-voorjaar-2017.txt", "PDF-upload 2019")
	done := uploadAdded(t, anna, "upload-2019.pdf", pdf, map[string]string{
		"title": "PDF-upload 2019", "report_date": "2019-03-31", "period_start": "2018-10-01"})
	items := e.queue(peil.ReviewFilter{Report: done.Report})
	if len(items) != done.Figures {
		t.Fatalf("review queue of the PDF report: %d figures; want %d", len(items), done.Figures)
	}
	pages := map[peil.Page]bool{}
	for _, it := range items {
		if it.Page <= 0 {
			t.Errorf("figure %d (%q) of the PDF has no page", it.ID, it.Text)
		}
		pages[it.Page] = true
	}
	if len(pages) < 2 {
		t.Errorf("the PDF's figures stand on %d page(s); want several (the PDF has small pages)", len(pages))
	}
	// The text version's figures, the same ones: the PDF lost none.
	text := e.queue(peil.ReviewFilter{Report: reportWithTitle(t, e, "voorjaar 2017")})
	if len(text) != len(items) {
		t.Errorf("the PDF gave %d figures, its text %d", len(items), len(text))
	}
	page := anna.get(done.ReviewURL)
	if got := strings.Count(page.Body, `<article class="figure`); page.StatusCode != http.StatusOK || got != done.Figures {
		t.Errorf("GET %s = %d with %d figures; want %d", done.ReviewURL, page.StatusCode, got, done.Figures)
	}
	if !strings.Contains(page.Body, " · pagina ") {
		t.Error("the queue of the PDF report names no pages")
	}
}

// reportWithTitle returns the id of the stored report whose title contains s.
func reportWithTitle(t *testing.T, e *writeEnv, s string) int64 {
	t.Helper()
	reps, err := e.db.Reports(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range reps {
		if strings.Contains(strings.ToLower(r.Title), s) {
			return r.ID
		}
	}
	t.Fatalf("no report titled %q among %d", s, len(reps))
	return 0
}
