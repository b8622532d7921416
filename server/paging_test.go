package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/peil-dev/peil"
	"github.com/peil-dev/peil/analytics"
	"github.com/peil-dev/peil/data"
	"github.com/peil-dev/peil/internal/corpus"
	"github.com/peil-dev/peil/internal/corpusdb"
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
	p.srv = New(services(p.db), Options{Logger: testLogger(t)})
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
	if err := corpusdb.Store(ctx, p.db, p.cat, reports); err != nil {
		t.Fatal(err)
	}
	var err error
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

// getList answers an API list from the store's server: its rows decoded
// into out, its X-Total-Count and Link headers.
func (p *pagingStore) getList(t *testing.T, path string, out any) (total int, link string) {
	t.Helper()
	rec := p.get(t, path, http.StatusOK)
	if err := json.Unmarshal(rec.Body.Bytes(), out); err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	total, err := strconv.Atoi(rec.Header().Get("X-Total-Count"))
	if err != nil {
		t.Fatalf("GET %s: X-Total-Count %q", path, rec.Header().Get("X-Total-Count"))
	}
	return total, rec.Header().Get("Link")
}

// nextLink is the rel="next" target of a Link header; "" for none.
func nextLink(link string) string {
	for _, part := range strings.Split(link, ", ") {
		if target, ok := strings.CutSuffix(part, `; rel="next"`); ok {
			return strings.Trim(target, "<>")
		}
	}
	return ""
}

// The API's lists answer at most limit rows (a default, a documented
// maximum) from offset, with the total in X-Total-Count and the next and
// previous pages in Link; following next gives the whole list once, in its
// order. Bad limits and offsets are refused, and a page's size does not grow
// with the reports.
func TestAPIListPaging(t *testing.T) {
	if testing.Short() {
		t.Skip("stores 120 synthetic reports")
	}
	p := newPagingStore(t)
	lists := []string{"/api/reports?limit=20", "/api/events?limit=20", "/api/review?limit=20"}
	small := map[string]int{}
	for _, path := range lists {
		small[path] = p.get(t, path, http.StatusOK).Body.Len()
	}
	p.grow(t)
	for _, path := range lists {
		large := p.get(t, path, http.StatusOK).Body.Len()
		t.Logf("%s: %d B at %d reports, %d B at %d", path, small[path], pagingReports/2, large, pagingReports)
		if float64(large) > 1.1*float64(small[path]) {
			t.Errorf("%s grows with the reports: %d B at %d, %d B at %d", path, small[path], pagingReports/2, large, pagingReports)
		}
	}

	// The default page, then next until there is none: every report once, in report order.
	var got []int64
	path, pages := "/api/reports", 0
	for path != "" {
		var rs []peil.ReportSummary
		total, link := p.getList(t, path, &rs)
		if total != pagingReports {
			t.Errorf("GET %s: X-Total-Count %d; want %d", path, total, pagingReports)
		}
		if pages == 0 && (len(rs) != reportsLimit.Default || !strings.Contains(link, `</api/reports?limit=100&offset=100>; rel="next"`)) {
			t.Errorf("GET /api/reports: %d reports, Link %q; want the default %d and the next page", len(rs), link, reportsLimit.Default)
		}
		if pages == 1 && !strings.Contains(link, `</api/reports?limit=100&offset=0>; rel="prev"`) {
			t.Errorf("GET %s: Link %q has no previous page", path, link)
		}
		for _, r := range rs {
			got = append(got, r.ID)
		}
		path, pages = nextLink(link), pages+1
	}
	var want []int64
	for _, r := range p.reports {
		want = append(want, r.ID)
	}
	if !slices.Equal(got, want) || pages != 2 {
		t.Errorf("following next: %d pages, reports %v; want 2 pages, %v", pages, got, want)
	}

	// A page is the same rows as that stretch of a larger page, filters kept in the links.
	var all, part []peil.ReviewItem
	total, _ := p.getList(t, "/api/review?status=auto&limit=1000", &all)
	_, link := p.getList(t, "/api/review?status=auto&limit=7&offset=14", &part)
	if len(all) < 21 || !slices.EqualFunc(part, all[14:21], func(a, b peil.ReviewItem) bool { return a.ID == b.ID }) {
		t.Errorf("/api/review?limit=7&offset=14 is not rows 14 to 21 of the queue (%d rows)", len(all))
	}
	if !strings.Contains(link, "status=auto") || !strings.Contains(link, "offset=21") {
		t.Errorf("Link %q does not keep the filter or does not go on at 21", link)
	}
	var none []peil.ReviewItem
	if n, link := p.getList(t, fmt.Sprintf("/api/review?status=auto&offset=%d", total), &none); len(none) != 0 || n != total || nextLink(link) != "" {
		t.Errorf("offset at the end: %d rows, total %d, Link %q; want none, %d, no next", len(none), n, link, total)
	}
	var evs []peil.Event
	if n, _ := p.getList(t, "/api/events?measure=8&limit=3", &evs); len(evs) != 3 || n <= 3 {
		t.Errorf("/api/events?measure=8&limit=3: %d events of %d", len(evs), n)
	}

	for _, bad := range []string{"limit=0", "limit=-5", "limit=1001", "limit=tien", "offset=-1", "offset=1.5", "limit=99999999999999999999"} {
		for _, list := range []string{"/api/reports", "/api/review", "/api/events", "/api/indicators", "/api/measures"} {
			body := p.get(t, list+"?"+bad, http.StatusBadRequest).Body.String()
			if !strings.Contains(body, "parameter "+strings.SplitN(bad, "=", 2)[0]+": geef een aantal van") {
				t.Errorf("%s?%s: %s", list, bad, body)
			}
		}
	}
}

// The OpenAPI document gives every paged list its limit with the default and
// maximum the server applies, the offset, and the two headers.
func TestOpenAPIListLimits(t *testing.T) {
	var doc struct {
		Paths map[string]map[string]struct {
			Parameters []struct {
				Name   string `json:"name"`
				Ref    string `json:"$ref"`
				Schema struct{ Default, Maximum int }
			} `json:"parameters"`
			Responses map[string]struct {
				Headers map[string]json.RawMessage `json:"headers"`
			} `json:"responses"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(openAPIDoc, &doc); err != nil {
		t.Fatal(err)
	}
	for path, l := range map[string]listLimit{"/api/reports": reportsLimit, "/api/events": eventsLimit, "/api/review": reviewLimit,
		"/api/review/decisions": decisionsLimit, "/api/measures": catalogLimit, "/api/indicators": catalogLimit} {
		op := doc.Paths[path]["get"]
		limit, offset := false, false
		for _, p := range op.Parameters {
			if p.Name == "limit" {
				limit = p.Schema.Default == l.Default && p.Schema.Maximum == l.Max
			}
			offset = offset || p.Ref == "#/components/parameters/Offset"
		}
		h := op.Responses["200"].Headers
		if !limit || !offset || h["X-Total-Count"] == nil || h["Link"] == nil {
			t.Errorf("GET %s: limit with default %d and maximum %d described: %v; offset: %v; headers: %v", path, l.Default, l.Max, limit, offset, h)
		}
	}
}

// /api/review/decisions pages like the other lists: newest first, limit from
// offset, the total and the next page in the headers.
func TestDecisionsPaging(t *testing.T) {
	e := newWriteEnv(t, Options{})
	bert := e.as(peil.RoleReviewer)
	var decided []int64
	for _, it := range e.queue(peil.ReviewFilter{}) {
		if len(decided) == 3 {
			break
		}
		if it.Indicator != "" && !it.Status.Checked() {
			decided = append(decided, decideOK(t, bert, it.ID, map[string]any{"action": "confirm", "version": it.Version}).Decision.ID)
		}
	}
	if len(decided) != 3 {
		t.Fatalf("decided %d figures; want 3", len(decided))
	}
	var got []int64
	path := "/api/review/decisions?limit=2"
	for path != "" {
		res := bert.get(path)
		var recs []peil.DecisionRecord
		decode(t, path, res.Body, &recs)
		if res.StatusCode != http.StatusOK || res.Header.Get("X-Total-Count") != "3" || len(recs) > 2 {
			t.Fatalf("GET %s = %d, X-Total-Count %q, %d decisions", path, res.StatusCode, res.Header.Get("X-Total-Count"), len(recs))
		}
		for _, r := range recs {
			got = append(got, r.ID)
		}
		path = nextLink(res.Header.Get("Link"))
	}
	slices.Reverse(decided)
	if !slices.Equal(got, decided) {
		t.Errorf("decisions by page: %v; want %v (newest first)", got, decided)
	}
	if res := bert.get("/api/review/decisions?limit=1001"); res.StatusCode != http.StatusBadRequest {
		t.Errorf("limit=1001: %d; want 400", res.StatusCode)
	}
}

var figureArticle = regexp.MustCompile(`<article class="figure[^"]*" id="cijfer-(\d+)"`)

// /beoordelen shows listPageSize figures a page with the pager, a report
// list of the latest maxPickerReports, and ?cijfer= finds a figure's page; a
// decision sends the reviewer back to the page they were on; the page does
// not grow with the reports.
func TestReviewPaging(t *testing.T) {
	if testing.Short() {
		t.Skip("stores 120 synthetic reports")
	}
	p := newPagingStore(t)
	e := newWriteEnvOn(t, p.db, Options{})
	bert := e.as(peil.RoleReviewer)
	small := bert.get("/beoordelen?status=alle").Body
	p.grow(t)
	res := bert.get("/beoordelen?status=alle")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET /beoordelen = %d", res.StatusCode)
	}
	t.Logf("/beoordelen?status=alle: %d B at %d reports, %d B at %d", len(small), pagingReports/2, len(res.Body), pagingReports)
	if float64(len(res.Body)) > 1.1*float64(len(small)) {
		t.Errorf("/beoordelen grows with the reports: %d B at %d, %d B at %d", len(small), pagingReports/2, len(res.Body), pagingReports)
	}

	all := e.queue(peil.ReviewFilter{})
	pages := (len(all) + listPageSize - 1) / listPageSize
	page1 := ids(figureArticle, res.Body)
	label := fmt.Sprintf("pagina 1 van %s (1–50 van %s)", count(pages), count(len(all)))
	if len(page1) != listPageSize || page1[0] != fmt.Sprint(all[0].ID) || !strings.Contains(res.Body, label) {
		t.Fatalf("/beoordelen?status=alle: %d figures from %v; want %d from %d, and %q", len(page1), page1[:1], listPageSize, all[0].ID, label)
	}
	if !strings.Contains(res.Body, `<link rel="next" href="/beoordelen?pagina=2&amp;status=alle">`) {
		t.Error("/beoordelen has no rel=next link to page 2")
	}
	if n := len(ids(regexp.MustCompile(`<option value="(\d+)"`), res.Body[:strings.Index(res.Body, `name="maatregel"`)])); n != maxPickerReports {
		t.Errorf("the report list offers %d reports; want the latest %d", n, maxPickerReports)
	}

	// ?cijfer= opens the page with that figure; a page beyond the last shows the last.
	third := all[2*listPageSize+3]
	if body := bert.get(fmt.Sprintf("/beoordelen?status=alle&cijfer=%d", third.ID)).Body; !slices.Contains(ids(figureArticle, body), fmt.Sprint(third.ID)) ||
		!strings.Contains(body, "pagina 3 van") {
		t.Errorf("?cijfer=%d does not open page 3, which has it", third.ID)
	}
	if body := bert.get(fmt.Sprintf("/beoordelen?status=alle&pagina=%d", pages+5)).Body; !strings.Contains(body, fmt.Sprintf("pagina %s van %s", count(pages), count(pages))) {
		t.Error("a page beyond the last does not show the last")
	}
	if res := bert.get("/beoordelen?pagina=nul"); res.StatusCode != http.StatusBadRequest || !strings.Contains(res.Body, "geef een paginanummer") {
		t.Errorf("?pagina=nul = %d", res.StatusCode)
	}

	// A decision on page 2 goes back to page 2.
	fig := all[listPageSize+1]
	res = bert.postForm(fmt.Sprintf("/beoordelen/%d", fig.ID), map[string]string{"action": "reject", "why": "test", "version": fmt.Sprint(fig.Version),
		"status": "alle", "pagina": "2"})
	if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || !strings.Contains(loc, "pagina=2") {
		t.Errorf("decision on page 2 = %d, Location %q; want back to pagina=2", res.StatusCode, loc)
	}
}
