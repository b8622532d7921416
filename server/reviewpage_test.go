package server

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/peil-dev/peil"
	"github.com/peil-dev/peil/data"
	"github.com/peil-dev/peil/internal/corpus"
	"github.com/peil-dev/peil/internal/corpusdb"
)

// /beoordelen?cijfer= opens the page of the queue that holds the figure —
// the first, one in the middle, the last — within the queue its filters
// select (a figure outside it: the first page); ?pagina= beyond the last
// shows the last, and ?pagina= goes before ?cijfer=. Each page shows exactly
// its stretch of the queue, in the queue's order, with its place in the
// pager.
func TestReviewPageFigure(t *testing.T) {
	cat, err := data.Catalog()
	if err != nil {
		t.Fatal(err)
	}
	db := newEmptyTestDB(t)
	if err := corpusdb.Store(context.Background(), db, cat, corpus.Generate(cat, 4, corpus.Options{Seed: 5})); err != nil {
		t.Fatal(err)
	}
	e := newWriteEnvOn(t, db, Options{})
	bert := e.as(peil.RoleReviewer)
	pagesOf := func(q []peil.ReviewItem) int { return max(1, (len(q)+listPageSize-1)/listPageSize) }
	// shows checks that path shows page n of the queue q.
	shows := func(path string, q []peil.ReviewItem, n int) {
		t.Helper()
		res := bert.get(path)
		var want []string
		for _, it := range q[(n-1)*listPageSize : min(n*listPageSize, len(q))] {
			want = append(want, fmt.Sprint(it.ID))
		}
		got := ids(figureArticle, res.Body)
		label := fmt.Sprintf("pagina %s van %s", count(n), count(pagesOf(q)))
		if res.StatusCode != 200 || !slices.Equal(got, want) || (pagesOf(q) > 1 && !strings.Contains(res.Body, label)) {
			t.Errorf("GET %s = %d with figures %v; want %q: %v", path, res.StatusCode, got, label, want)
		}
	}
	all := e.queue(peil.ReviewFilter{})
	pages := pagesOf(all)
	t.Logf("%d figures, %d pages", len(all), pages)
	if pages < 3 || len(all)%listPageSize == 0 {
		t.Fatalf("%d figures; want three pages or more, the last not full", len(all))
	}
	for _, i := range []int{0, listPageSize - 1, listPageSize, len(all) / 2, (pages - 1) * listPageSize, len(all) - 1} {
		shows(fmt.Sprintf("/beoordelen?status=alle&cijfer=%d", all[i].ID), all, i/listPageSize+1)
	}
	for n := 1; n <= pages; n++ {
		shows(fmt.Sprintf("/beoordelen?status=alle&pagina=%d", n), all, n)
	}
	shows(fmt.Sprintf("/beoordelen?status=alle&pagina=%d", pages+1), all, pages)
	shows(fmt.Sprintf("/beoordelen?status=alle&pagina=%d", maxPageNr), all, pages)
	shows(fmt.Sprintf("/beoordelen?status=alle&pagina=2&cijfer=%d", all[len(all)-1].ID), all, 2)

	// Within a filter: the figure's place in the filtered queue.
	last := all[len(all)-1]
	inReport := e.queue(peil.ReviewFilter{Report: last.Report})
	shows(fmt.Sprintf("/beoordelen?status=alle&rapport=%d&cijfer=%d", last.Report, last.ID), inReport, pagesOf(inReport))
	shows(fmt.Sprintf("/beoordelen?status=alle&rapport=%d&cijfer=%d", last.Report, all[0].ID), inReport, 1)
	inMeasure := e.queue(peil.ReviewFilter{Measure: last.Measure, Status: last.Status})
	shows(fmt.Sprintf("/beoordelen?status=%s&maatregel=%d&cijfer=%d", last.Status, last.Measure, last.ID), inMeasure, pagesOf(inMeasure))
	open := e.queue(peil.ReviewFilter{Status: peil.ReviewOpen})
	auto := e.queue(peil.ReviewFilter{Status: peil.ReviewAuto})
	if len(open) == 0 || len(auto) == 0 {
		t.Fatalf("%d open and %d auto figures; want some of each", len(open), len(auto))
	}
	t.Logf("%d open, %d auto; %d in report %d, %d in measure %d and state %s", len(open), len(auto), len(inReport), last.Report, len(inMeasure), last.Measure, last.Status)
	shows(fmt.Sprintf("/beoordelen?cijfer=%d", open[len(open)-1].ID), open, pagesOf(open))
	shows(fmt.Sprintf("/beoordelen?cijfer=%d", auto[len(auto)-1].ID), open, 1)
	shows(fmt.Sprintf("/beoordelen?status=auto&cijfer=%d", auto[len(auto)-1].ID), auto, pagesOf(auto))
	shows(fmt.Sprintf("/beoordelen?status=auto&pagina=%d", pagesOf(auto)+2), auto, pagesOf(auto))
	shows("/beoordelen?status=rejected&pagina=3", nil, 1)
}
