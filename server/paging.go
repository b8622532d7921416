package server

import (
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/peil-dev/peil"
)

// Paged lists. A list page that grows with the reports (/rapportages) shows
// listPageSize rows at a time, chosen with ?pagina=N; the report pickers of
// /vergelijken list at most maxPickerReports. README, section Reliability,
// lists these bounds with those of bounds.go and the API's (apilist.go).
const (
	// listPageSize is how many rows a page of a paged list shows.
	listPageSize = 50
	// maxPickerReports is how many reports a report picker of /vergelijken
	// offers besides the ones chosen: the latest, or the latest that match
	// its search.
	maxPickerReports = 50
)

// maxPageNr bounds the page parameter: anything above it is refused before
// any arithmetic (a million pages of 50 is far beyond any store).
const maxPageNr = 1_000_000

// parsePage parses a page number (1, 2, …) from parameter name; empty gives
// the first page.
func parsePage(name, v string) (int, error) {
	if v == "" {
		return 1, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > maxPageNr {
		return 0, peil.Errorf(peil.EINVALID, "parameter %s: geef een paginanummer (1, 2, …), niet %q", name, v)
	}
	return n, nil
}

// paging is one page of a list of Total rows, Size a page: what the page's
// pager shows and links to. The zero Total has one, empty, page.
type paging struct {
	Page, Pages int // 1-based; Pages is at least 1
	Total, Size int
	path        string     // the list's path, for the links
	query       url.Values // the list's other parameters, kept in the links
	param       string     // the page parameter ("pagina")
}

// newPaging returns page of a list of total rows, size a page, at path with
// the other parameters query; a page beyond the last is not found.
func newPaging(total, size, page int, path, param string, query url.Values) (paging, error) {
	p := paging{Page: page, Pages: max(1, (total+size-1)/size), Total: total, Size: size, path: path, query: query, param: param}
	if page > p.Pages {
		return p, peil.Errorf(peil.ENOTFOUND, "pagina %s bestaat niet: er %s", count(page), pagesWord(p.Pages))
	}
	return p, nil
}

// pagesWord says how many pages there are, after "er": "is 1 pagina",
// "zijn 9 pagina's".
func pagesWord(n int) string {
	if n == 1 {
		return "is 1 pagina"
	}
	return "zijn " + count(n) + " pagina's"
}

// Bounds returns the half-open range [lo, hi) of the rows on the page.
func (p paging) Bounds() (lo, hi int) {
	return listPage{limit: p.Size, offset: (p.Page - 1) * p.Size}.bounds(p.Total)
}

// First and Last are the 1-based numbers of the first and last row on the
// page, as the pager says them ("51–100 van 1.000").
func (p paging) First() string { lo, _ := p.Bounds(); return count(lo + 1) }

// Last: see First.
func (p paging) Last() string { _, hi := p.Bounds(); return count(hi) }

// TotalText is Total the Dutch way (1.000).
func (p paging) TotalText() string { return count(p.Total) }

// Label is where the page stands: "pagina 2 van 9".
func (p paging) Label() string { return "pagina " + count(p.Page) + " van " + count(p.Pages) }

// Prev and Next are the links to the pages before and after; "" at either
// end. The first page's link has no page parameter, so it is the list's own
// address.
func (p paging) Prev() string {
	if p.Page <= 1 {
		return ""
	}
	return p.href(p.Page - 1)
}

// Next: see Prev.
func (p paging) Next() string {
	if p.Page >= p.Pages {
		return ""
	}
	return p.href(p.Page + 1)
}

// Paged reports whether the list has more than one page (and so a pager).
func (p paging) Paged() bool { return p.Pages > 1 }

func (p paging) href(page int) string {
	q := url.Values{}
	for k, v := range p.query {
		if k != p.param {
			q[k] = v
		}
	}
	if page > 1 {
		q.Set(p.param, strconv.Itoa(page))
	}
	if len(q) == 0 {
		return p.path
	}
	return p.path + "?" + q.Encode()
}

// pageLinks are the rel=prev and rel=next links of a paged page, for the
// layout's head.
type pageLinks struct{ Prev, Next string }

// pagedPage is page data with a pager; the layout puts its links in the head.
type pagedPage interface{ Links() pageLinks }

// maxPickerQuery bounds the search text of the report pickers, in runes.
const maxPickerQuery = 100

// parsePickerQuery checks the pickers' search text from parameter name.
func parsePickerQuery(name, v string) (string, error) {
	v = strings.TrimSpace(v)
	if utf8.RuneCountInString(v) > maxPickerQuery {
		return "", peil.Errorf(peil.EINVALID, "parameter %s: zoek met ten hoogste %d tekens", name, maxPickerQuery)
	}
	return v, nil
}

// reportPicker is what the two report pickers of /vergelijken offer: the
// latest maxPickerReports reports (or those that match Query, latest first)
// and always the two compared, so that a store of any size gives a page of
// about the same size and any two reports can still be compared: search,
// choose one side, compare, then search for the other side.
type reportPicker struct {
	Options []peil.ReportSummary // latest first
	Query   string               // the search, as given (trimmed)
	Matched int                  // reports that match Query; all when it is empty
	Left    int                  // of Matched, those not offered
}

// Shown is how many of the matching reports the pickers offer.
func (p reportPicker) Shown() int { return p.Matched - p.Left }

// pickReports returns the pickers for reports (in report order, oldest
// first) with the search query, from and to the reports compared.
func pickReports(reports []peil.ReportSummary, query string, from, to int64) reportPicker {
	p := reportPicker{Query: query}
	folded := foldSearch(query)
	for i := len(reports) - 1; i >= 0; i-- {
		r := reports[i]
		match := folded == "" || matchesSearch(reportSearchText(r.Report), folded)
		if match {
			p.Matched++
		}
		switch {
		case match && p.Matched <= maxPickerReports, r.ID == from, r.ID == to:
			p.Options = append(p.Options, r)
		}
	}
	p.Left = max(0, p.Matched-maxPickerReports)
	return p
}

// reportSearchText is what a picker's search matches in a report: its name,
// its date written out (31 maart 2017) and as ISO (2017-03-31), its title
// and file, folded as foldSearch.
func reportSearchText(r peil.Report) string {
	return foldSearch(strings.Join([]string{r.NameDated(), peil.FormatDate(r.ReportDate), r.ReportDate.String(), r.Title, r.File}, " "))
}
