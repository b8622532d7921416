package server

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/peil-dev/peil"
	"github.com/peil-dev/peil/analytics"
	"github.com/peil-dev/peil/data"
	"github.com/peil-dev/peil/ingest"
	"github.com/peil-dev/peil/internal/corpus"
)

// pagingReports is the size of the paging tests' store: enough for three
// pages of /rapportages and more than two pickers' worth of reports.
const pagingReports = 120

// pagingStore is a database of synthetic reports (internal/corpus) for the
// paging tests. It starts with half of pagingReports; grow adds the other
// half, so a test can compare a page at n and at 2n reports.
type pagingStore struct {
	db      *analytics.DB
	srv     *Server
	cat     *peil.Catalog
	rest    []corpus.Report
	reports []peil.ReportSummary // in report order, as stored now
}

func newPagingStore(t *testing.T) *pagingStore {
	t.Helper()
	cat, err := data.Catalog()
	if err != nil {
		t.Fatal(err)
	}
	all := corpus.Generate(cat, pagingReports, corpus.Options{Seed: 7})
	p := &pagingStore{db: newEmptyTestDB(t), cat: cat, rest: all[pagingReports/2:]}
	p.srv = New(p.db, Options{Logger: testLogger(t)})
	p.add(t, all[:pagingReports/2])
	return p
}

// grow stores the second half of the reports.
func (p *pagingStore) grow(t *testing.T) {
	t.Helper()
	p.add(t, p.rest)
	p.rest = nil
}

func (p *pagingStore) add(t *testing.T, reports []corpus.Report) {
	t.Helper()
	ctx := context.Background()
	fsys := corpus.FS(reports)
	jobs, err := ingest.Collect(fsys, []string{"."}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := ingest.Batch(ctx, fsys, jobs, p.db, ingest.BatchOptions{Catalog: p.cat}); err != nil {
		t.Fatal(err)
	}
	if p.reports, err = p.db.Reports(ctx); err != nil {
		t.Fatal(err)
	}
}

// get answers path from the store's server.
func (p *pagingStore) get(t *testing.T, path string, want int) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	p.srv.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	if rec.Code != want {
		t.Fatalf("GET %s = %d; want %d\n%s", path, rec.Code, want, truncate(rec.Body.String(), 2000))
	}
	return rec
}

var (
	reportLink = regexp.MustCompile(`<td><a href="/rapportages/(\d+)">`)
	optionRe   = regexp.MustCompile(`<option value="(\d+)"( selected)?>`)
)

// ids returns the numbers of re's first group in s, in order.
func ids(re *regexp.Regexp, s string) []string {
	var out []string
	for _, m := range re.FindAllStringSubmatch(s, -1) {
		out = append(out, m[1])
	}
	return out
}

// /rapportages shows listPageSize reports a page, latest first, with
// Vorige/Volgende links (rel=prev/next, also in the head) and "pagina 2 van
// 3"; the pages together list every report once. The page parameter is
// checked, and the page's size does not grow with the reports.
func TestReportsPaging(t *testing.T) {
	if testing.Short() {
		t.Skip("stores 120 synthetic reports")
	}
	p := newPagingStore(t)
	small := p.get(t, "/rapportages", http.StatusOK).Body.Len()
	p.grow(t)

	want := make([]string, len(p.reports)) // latest first
	for i, r := range slices.Backward(p.reports) {
		want[len(p.reports)-1-i] = fmt.Sprint(r.ID)
	}
	var got []string
	pages := []string{"/rapportages", "/rapportages?pagina=2", "/rapportages?pagina=3"}
	for i, path := range pages {
		body := p.get(t, path, http.StatusOK).Body.String()
		rows := ids(reportLink, body)
		got = append(got, rows...)
		if wantRows := min(listPageSize, pagingReports-i*listPageSize); len(rows) != wantRows {
			t.Errorf("%s: %d reports; want %d", path, len(rows), wantRows)
		}
		label := fmt.Sprintf("pagina %d van 3 (%d–%d van 120)", i+1, i*listPageSize+1, min((i+1)*listPageSize, pagingReports))
		if !strings.Contains(body, label) {
			t.Errorf("%s lacks %q", path, label)
		}
		if i > 0 {
			prev := pages[i-1]
			if !strings.Contains(body, `<link rel="prev" href="`+prev+`">`) || !strings.Contains(body, `<a href="`+prev+`" rel="prev">Vorige</a>`) {
				t.Errorf("%s: no link to the page before, %s", path, prev)
			}
		} else if strings.Contains(body, `rel="prev"`) {
			t.Errorf("%s: the first page links to a page before it", path)
		}
		if i+1 < len(pages) {
			next := pages[i+1]
			if !strings.Contains(body, `<link rel="next" href="`+next+`">`) || !strings.Contains(body, `<a href="`+next+`" rel="next">Volgende</a>`) {
				t.Errorf("%s: no link to the page after, %s", path, next)
			}
		} else if strings.Contains(body, `rel="next"`) {
			t.Errorf("%s: the last page links to a page after it", path)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("the pages list reports\n%v\nwant (latest first, each once)\n%v", got, want)
	}
	if body := p.get(t, "/rapportages", http.StatusOK).Body.String(); !strings.Contains(body, "120 rapportages, de nieuwste eerst; 50 per pagina.") {
		t.Error("/rapportages does not say how many reports there are")
	}

	// Bad page numbers are refused with a Dutch message; one beyond the last is not found.
	for path, want := range map[string]int{
		"/rapportages?pagina=0": 400, "/rapportages?pagina=-1": 400, "/rapportages?pagina=twee": 400,
		"/rapportages?pagina=2.0": 400, "/rapportages?pagina=99999999999999999999": 400, "/rapportages?pagina=4": 404,
	} {
		body := p.get(t, path, want).Body.String()
		msg := "geef een paginanummer (1, 2, …)"
		if want == 404 {
			msg = "pagina 4 bestaat niet: er zijn 3 pagina&#39;s"
		}
		if !strings.Contains(body, msg) {
			t.Errorf("%s: %d without %q\n%s", path, want, msg, truncate(body, 3000))
		}
	}

	large := p.get(t, "/rapportages", http.StatusOK).Body.Len()
	t.Logf("/rapportages: %d B at %d reports, %d B at %d", small, pagingReports/2, large, pagingReports)
	if float64(large) > 1.05*float64(small) {
		t.Errorf("/rapportages grows with the reports: %d B at %d, %d B at %d", small, pagingReports/2, large, pagingReports)
	}
}

// The pickers of /vergelijken offer the latest maxPickerReports reports and
// always the pair compared; a search finds any other, so any two reports can
// be compared, and the page does not grow with the reports.
func TestComparePickers(t *testing.T) {
	if testing.Short() {
		t.Skip("stores 120 synthetic reports")
	}
	p := newPagingStore(t)
	small := p.get(t, "/vergelijken", http.StatusOK).Body.Len()
	p.grow(t)
	large := p.get(t, "/vergelijken", http.StatusOK).Body.Len()
	t.Logf("/vergelijken: %d B at %d reports, %d B at %d", small, pagingReports/2, large, pagingReports)
	if float64(large) > 1.05*float64(small) {
		t.Errorf("/vergelijken grows with the reports: %d B at %d, %d B at %d", small, pagingReports/2, large, pagingReports)
	}

	rs := p.reports
	first, second, latest := rs[0], rs[1], rs[len(rs)-1]
	body := p.get(t, "/vergelijken", http.StatusOK).Body.String()
	opts := ids(optionRe, body)
	if len(opts) != 2*maxPickerReports {
		t.Errorf("/vergelijken: %d options in the two pickers; want %d", len(opts), 2*maxPickerReports)
	}
	if opts[0] != fmt.Sprint(latest.ID) {
		t.Errorf("the pickers start with report %s; want the latest, %d", opts[0], latest.ID)
	}
	if !strings.Contains(body, "De lijsten tonen de nieuwste 50 van de 120 rapportages") {
		t.Error("/vergelijken does not say that its pickers show the latest 50 of 120")
	}

	// The oldest pair, by the existing URL: both are offered and selected.
	path := fmt.Sprintf("/vergelijken?van=%d&tot=%d", first.ID, second.ID)
	body = p.get(t, path, http.StatusOK).Body.String()
	for _, id := range []int64{first.ID, second.ID} {
		if !strings.Contains(body, fmt.Sprintf(`<option value="%d" selected>`, id)) {
			t.Errorf("%s: report %d is not offered as chosen", path, id)
		}
	}
	if n := len(ids(optionRe, body)); n != 2*(maxPickerReports+2) {
		t.Errorf("%s: %d options; want %d (the latest and the pair, in both)", path, n, 2*(maxPickerReports+2))
	}

	// A search by the oldest report's date offers it, and the pair chosen.
	q := peil.FormatDate(first.ReportDate) // "15 november 2014"
	body = p.get(t, "/vergelijken?zoek="+strings.ReplaceAll(q, " ", "+"), http.StatusOK).Body.String()
	found := ids(optionRe, body)
	if !slices.Contains(found, fmt.Sprint(first.ID)) || len(found) > 2*3 {
		t.Errorf("search %q offers %v; want report %d and the compared pair", q, found, first.ID)
	}
	if body := p.get(t, "/vergelijken?zoek=geen+zo+een+rapportage", http.StatusOK).Body.String(); !strings.Contains(body, "Geen rapportage met „geen zo een rapportage”") {
		t.Error("a search without matches does not say so")
	}
	if body := p.get(t, "/vergelijken?zoek="+strings.Repeat("x", maxPickerQuery+1), http.StatusBadRequest).Body.String(); !strings.Contains(body, "zoek met ten hoogste 100 tekens") {
		t.Error("a search of 101 characters is not refused in Dutch")
	}
	// The report page links to the comparison with the report before.
	rp := p.get(t, fmt.Sprintf("/rapportages/%d", second.ID), http.StatusOK).Body.String()
	if link := fmt.Sprintf(`href="/vergelijken?van=%d&amp;tot=%d">Vergelijk met de vorige`, first.ID, second.ID); !strings.Contains(rp, link) {
		t.Errorf("/rapportages/%d lacks %s", second.ID, link)
	}
}
