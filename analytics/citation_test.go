package analytics

import (
	"context"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/peil-dev/peil"
	"github.com/peil-dev/peil/ingest"
)

// TestPagesAndCitations stores a report with pages and a kamerstuk in a real
// DuckDB file, closes and reopens it, and checks that every reader gives
// them back: reports, observations, events, status texts and the series,
// whose statements and points cite "Kamerstuk 29754-420, bijlage, p. N". A
// report without them is cited by title, date and line.
func TestPagesAndCitations(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "peil.duckdb")
	db, err := Open(ctx, path, Options{Catalog: testCatalog(t), Derive: ingest.Derive})
	if err != nil {
		t.Fatal(err)
	}
	old := fixture(t, "report1.json") // text input: no pages, no kamerstuk
	paged := fixture(t, "report2.json")
	paged.Report.Kamerstuk, paged.Report.URL = "29754-420", "https://example.org/kst-29754-420.pdf"
	for i := range paged.Figures {
		paged.Figures[i].Page = peil.Page(3 + i)
	}
	for i := range paged.Events {
		paged.Events[i].Page = peil.Page(2)
	}
	for i := range paged.Measures {
		paged.Measures[i].Page = peil.Page(1 + i)
	}
	for _, ext := range []*peil.Extraction{old, paged} {
		if _, err := db.IngestReport(ctx, ext); err != nil {
			t.Fatalf("IngestReport(%s): %v", ext.Report.File, err)
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db, err = Open(ctx, path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	reports, err := db.Reports(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(reports) != 2 || reports[0].Kamerstuk != "" || reports[0].URL != "" ||
		reports[1].Kamerstuk != "29754-420" || reports[1].URL != "https://example.org/kst-29754-420.pdf" {
		t.Errorf("reports = %+v; want the second with kamerstuk 29754-420 and its URL", reports)
	}
	pagedID := reports[1].ID

	// Observations: the figure's page, derived values their base's.
	wantPage := map[string]peil.Page{}
	for _, f := range paged.Figures {
		wantPage[f.Sentence+"|"+f.Text] = f.Page
	}
	var seen int
	err = db.Observations(ctx, peil.Filter{}, func(o *peil.Observation) error {
		switch {
		case o.Report != pagedID && o.Page != 0:
			t.Errorf("observation %q of the text report has page %d", o.Text, o.Page)
		case o.Report == pagedID && o.Source == peil.SourceExtracted:
			seen++
			if want := wantPage[o.Sentence+"|"+o.Text]; o.Page != want {
				t.Errorf("observation %q: page %d; want %d", o.Text, o.Page, want)
			}
		case o.Report == pagedID && o.Page == 0:
			t.Errorf("derived observation %q of the paged report has no page", o.Text)
		}
		return nil
	})
	if err != nil || seen != len(paged.Figures) {
		t.Fatalf("Observations: %d figures of the paged report, %v; want %d", seen, err, len(paged.Figures))
	}

	events, err := db.Events(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range events {
		if want := map[bool]peil.Page{true: 2, false: 0}[e.Report == pagedID]; e.Page != want {
			t.Errorf("event %q of report %d: page %d; want %d", e.Label, e.Report, e.Page, want)
		}
	}
	statuses, err := db.Statuses(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var pagedStatuses int
	for _, s := range statuses {
		if s.Line == 0 {
			t.Errorf("status of measure %d in report %d has no line", s.Measure, s.Report)
		}
		if s.Report == pagedID {
			pagedStatuses++
			if s.Page == 0 {
				t.Errorf("status of measure %d in the paged report has no page", s.Measure)
			}
		} else if s.Page != 0 {
			t.Errorf("status of measure %d in the text report has page %d", s.Measure, s.Page)
		}
	}
	if pagedStatuses != len(paged.Measures) {
		t.Errorf("%d status texts of the paged report; want %d", pagedStatuses, len(paged.Measures))
	}

	s, err := db.Series(ctx, "investigations")
	if err != nil {
		t.Fatal(err)
	}
	var cited, byTitle int
	for _, p := range s.Points {
		for _, st := range p.Statements {
			switch st.Report {
			case pagedID:
				want := "Kamerstuk 29754-420, bijlage, " + st.Page.Label()
				if st.Page == 0 || st.Citation != want || st.Kamerstuk != "29754-420" || st.URL == "" {
					t.Errorf("statement %q: page %d, citation %q, kamerstuk %q, url %q; want %q", st.Text, st.Page,
						st.Citation, st.Kamerstuk, st.URL, want)
				}
				cited++
			default:
				want := "Voortgangsrapportage juni 2016 (15 juni 2016), regel " + strconv.Itoa(st.Line)
				if st.Page != 0 || st.Citation != want || st.Kamerstuk != "" {
					t.Errorf("statement %q: page %d, citation %q; want %q", st.Text, st.Page, st.Citation, want)
				}
				byTitle++
			}
		}
		if last := p.Statements[len(p.Statements)-1]; p.Report == pagedID && (p.Citation != last.Citation || p.Page != last.Page || p.URL != last.URL || p.Kamerstuk != "29754-420") {
			t.Errorf("point %s: page %d, citation %q, url %q; want those of its statement %+v", p.PeriodEnd, p.Page, p.Citation, p.URL, last)
		}
	}
	if cited == 0 || byTitle == 0 {
		t.Errorf("series investigations: %d statements cited by kamerstuk, %d by title; want both", cited, byTitle)
	}
	for _, e := range s.Events {
		if e.Report == pagedID && e.Page != 2 {
			t.Errorf("series event %q: page %d; want 2", e.Label, e.Page)
		}
	}
}
