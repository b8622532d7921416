package server

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/peil-dev/peil"
	"github.com/peil-dev/peil/data"
	"github.com/peil-dev/peil/ingest"
)

// TestPagesShowCitations ingests a fixture report as if it came from a PDF
// with a kamerstuk (a page for every line group) and checks what the pages
// and the API say: the statement table's Vindplaats linked to the report,
// the tooltip's citation, the measure page's place of each status text, and
// page numbers in the series JSON.
func TestPagesShowCitations(t *testing.T) {
	ctx := context.Background()
	db := newEmptyTestDB(t)
	cat, err := data.Catalog()
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join("testdata", "rapportage-voorjaar-2017.txt"))
	if err != nil {
		t.Fatal(err)
	}
	ext, err := ingest.Extract(raw, ingest.Options{File: "voorjaar.pdf", ReportDate: peil.NewDate(2017, 3, 31), Catalog: cat})
	if err != nil {
		t.Fatal(err)
	}
	ext.Report.Title = "Fictieve rapportage voorjaar 2017"
	ext.Report.Kamerstuk, ext.Report.URL = "29754-420", "https://example.org/kst-29754-420.pdf"
	page := func(line int) peil.Page { return peil.Page(line/40 + 1) }
	for i := range ext.Figures {
		ext.Figures[i].Page = page(ext.Figures[i].Line)
	}
	for i := range ext.Measures {
		ext.Measures[i].Page = page(ext.Measures[i].Line)
	}
	if _, err := db.IngestReport(ctx, ext); err != nil {
		t.Fatal(err)
	}
	var fig peil.Figure
	for _, f := range ext.Figures {
		if f.Indicator == "criminal_investigations" {
			fig = f
			break
		}
	}
	if fig.Indicator == "" {
		t.Fatal("the fixture has no figure of criminal_investigations")
	}
	ts := newTestServer(t, db)
	cite := "Kamerstuk 29754-420, bijlage, " + page(fig.Line).Label()

	body := get(t, ts, "/indicatoren/criminal_investigations", http.StatusOK).Body
	for _, want := range []string{"<th>Vindplaats</th>", `<a href="https://example.org/kst-29754-420.pdf">` + cite + `</a>`,
		"Vindplaats: " + cite} {
		if !strings.Contains(body, want) {
			t.Errorf("indicator page lacks %q", want)
		}
	}
	body = get(t, ts, "/maatregelen/1", http.StatusOK).Body
	var m1 peil.Measure
	for _, m := range ext.Measures {
		if m.Nr == 1 {
			m1 = m
		}
	}
	if want := "Vindplaats: Kamerstuk 29754-420, bijlage, " + page(m1.Line).Label(); !strings.Contains(body, want) {
		t.Errorf("measure page lacks %q", want)
	}

	res := get(t, ts, "/api/series/criminal_investigations", http.StatusOK)
	var s peil.Series
	if err := json.Unmarshal([]byte(res.Body), &s); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, p := range s.Points {
		for _, st := range p.Statements {
			if st.Line == fig.Line {
				found = true
				if st.Page != page(fig.Line) || st.Citation != cite || st.URL != "https://example.org/kst-29754-420.pdf" {
					t.Errorf("API statement: page %d, citation %q, url %q; want %d, %q", st.Page, st.Citation, st.URL, page(fig.Line), cite)
				}
			}
		}
	}
	if !found {
		t.Errorf("API series has no statement of line %d", fig.Line)
	}
}
