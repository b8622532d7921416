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
	for _, want := range []string{"<th>Vindplaats</th>", `<a href="https://example.org/kst-29754-420.pdf" rel="noopener noreferrer">` + cite + `</a>`,
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

	// The report page names its source: the kamerstuk and a link to its
	// address, which tells the other host nothing.
	body = get(t, ts, "/rapportages/1", http.StatusOK).Body
	for _, want := range []string{"<dt>Kamerstuk</dt><dd>29754-420</dd>",
		`<a href="https://example.org/kst-29754-420.pdf" rel="noopener noreferrer">https://example.org/kst-29754-420.pdf</a>`} {
		if !strings.Contains(body, want) {
			t.Errorf("report page lacks %q", want)
		}
	}
	checkStaysOnHost(t, "GET /rapportages/1", body)
	checkStaysOnHost(t, "GET /indicatoren/criminal_investigations", get(t, ts, "/indicatoren/criminal_investigations", http.StatusOK).Body)
}

// TestPagesCiteImports serves the demo (the sample report and its history:
// figures from parliamentary papers and government news) and checks that
// pages cite an imported figure's own source, with its address as a link,
// and never describe it as what a report wrote.
func TestPagesCiteImports(t *testing.T) {
	db := newSampleTestDB(t)
	ts := newTestServer(t, db)
	// The latest value of the persons on the terrorism list is the news of
	// 4 August 2017, after the report.
	body := get(t, ts, "/indicatoren/sanctions_persons_total", http.StatusOK).Body
	latest := body[strings.Index(body, `<p class="latest">`):]
	latest = latest[:strings.Index(latest, "</p>")]
	const news = "https://www.government.nl/latest/news/2017/08/04/koenders-freezes-assets-of-nine-dutch-citizens"
	for _, want := range []string{"<strong>121</strong>", "3 augustus 2017, geïmporteerd; bron: ",
		"nieuwsbericht 4 augustus 2017", `<a href="` + news + `" rel="noopener noreferrer">` + news + `</a>`} {
		if !strings.Contains(latest, want) {
			t.Errorf("latest value %q lacks %q", latest, want)
		}
	}
	if strings.Contains(latest, "zoals de rapportage") {
		t.Errorf("latest value %q says a report wrote an imported figure", latest)
	}
	checkStaysOnHost(t, "GET /indicatoren/sanctions_persons_total", body)
	body = get(t, ts, "/indicatoren/passport_measures", http.StatusOK).Body
	if want := `<a href="https://zoek.officielebekendmakingen.nl/ah-tk-20142015-3221.html" rel="noopener noreferrer">`; !strings.Contains(body, want) {
		t.Errorf("passport page lacks the import's source as a link %q", want)
	}
	checkStaysOnHost(t, "GET /indicatoren/passport_measures", body)
}
