package analytics_test

import (
	"cmp"
	"context"
	"path/filepath"
	"slices"
	"testing"

	"github.com/peil-dev/peil"
	"github.com/peil-dev/peil/analytics"
	"github.com/peil-dev/peil/data"
	"github.com/peil-dev/peil/ingest"
	"github.com/peil-dev/peil/internal/corpus"
	"github.com/peil-dev/peil/internal/corpusdb"
)

// reviewedStore is a database of six synthetic reports whose figures are in
// every review state: some confirmed, corrected and rejected besides the
// auto and open ones the matcher left.
func reviewedStore(t *testing.T) *analytics.DB {
	t.Helper()
	ctx := context.Background()
	cat, err := data.Catalog()
	if err != nil {
		t.Fatal(err)
	}
	db, err := analytics.Open(ctx, filepath.Join(t.TempDir(), "peil.duckdb"), analytics.Options{Catalog: cat, Derive: ingest.Derive})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := corpusdb.Store(ctx, db, cat, corpus.Generate(cat, 6, corpus.Options{Seed: 3})); err != nil {
		t.Fatal(err)
	}
	all, err := db.ReviewQueue(ctx, peil.ReviewFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for i, it := range all {
		d := peil.Decision{Figure: it.ID, By: "tester", Version: it.Version}
		switch {
		case i%5 == 0 && it.Indicator != "":
			d.Action = peil.DecideConfirm
		case i%7 == 0:
			d.Action, d.Why = peil.DecideReject, "test"
		case i%11 == 0:
			v := it.Value + 1
			d.Action, d.Value = peil.DecideCorrect, &v
		default:
			continue
		}
		if _, err := db.Decide(ctx, d); err != nil {
			t.Fatalf("Decide(%s %d): %v", d.Action, d.Figure, err)
		}
	}
	return db
}

// reviewIDs are the ids of items.
func reviewIDs(items []peil.ReviewItem) []int64 {
	out := make([]int64, len(items))
	for i, it := range items {
		out[i] = it.ID
	}
	return out
}

// TestReviewPage reads the queue of one store (reviewedStore) in pages.
func TestReviewPage(t *testing.T) {
	db := reviewedStore(t)
	t.Run("order", func(t *testing.T) { testReviewPageOrder(t, db) })
	t.Run("at", func(t *testing.T) { testReviewPageAt(t, db) })
}

// ReviewPage's pages, read one after another, are the whole queue in its
// order (by report, measure, line and id, as ReviewQueue has always listed
// it), for every filter of the queue and page sizes that do and do not
// divide it; each page says the queue's length.
func testReviewPageOrder(t *testing.T, db *analytics.DB) {
	ctx := context.Background()
	all, err := db.ReviewQueue(ctx, peil.ReviewFilter{})
	if err != nil {
		t.Fatal(err)
	}
	states := map[peil.ReviewStatus]int{}
	for _, it := range all {
		states[it.Status]++
	}
	if len(states) != len(peil.ReviewStatuses) {
		t.Fatalf("the store has figures in the states %v; want all of %v", states, peil.ReviewStatuses)
	}
	sorted := slices.SortedFunc(slices.Values(all), func(a, b peil.ReviewItem) int {
		return cmp.Or(cmp.Compare(a.Report, b.Report), cmp.Compare(a.Measure, b.Measure), cmp.Compare(a.Line, b.Line), cmp.Compare(a.ID, b.ID))
	})
	if !slices.Equal(reviewIDs(all), reviewIDs(sorted)) {
		t.Fatal("ReviewQueue is not by report, measure, line and id")
	}
	mid := all[len(all)/2]
	filters := []peil.ReviewFilter{{}, {Status: peil.ReviewOpen}, {Status: peil.ReviewConfirmed}, {Report: mid.Report},
		{Measure: mid.Measure}, {Report: mid.Report, Status: peil.ReviewAuto}, {Figure: mid.ID}}
	for _, f := range filters {
		whole, err := db.ReviewQueue(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		if len(whole) == 0 {
			t.Fatalf("%+v selects no figures", f)
		}
		var want []int64
		for _, it := range all {
			if (f.Report == 0 || it.Report == f.Report) && (f.Measure == 0 || it.Measure == f.Measure) &&
				(f.Status == "" || it.Status == f.Status) && (f.Figure == 0 || it.ID == f.Figure) {
				want = append(want, it.ID)
			}
		}
		if !slices.Equal(reviewIDs(whole), want) {
			t.Fatalf("ReviewQueue(%+v) = %d figures, not the %d of the whole queue it selects, in its order", f, len(whole), len(want))
		}
		for _, limit := range []int{7, 50, len(want) + 3} {
			var got []int64
			for offset := 0; offset < len(want)+limit; offset += limit {
				p, err := db.ReviewPage(ctx, f, peil.ReviewRange{Limit: limit, Offset: offset})
				if err != nil {
					t.Fatal(err)
				}
				if p.Total != len(want) || p.Offset != offset || len(p.Items) > limit {
					t.Fatalf("ReviewPage(%+v, %d from %d): %d items from %d of %d; want at most %d from %d of %d",
						f, limit, offset, len(p.Items), p.Offset, p.Total, limit, offset, len(want))
				}
				got = append(got, reviewIDs(p.Items)...)
			}
			if !slices.Equal(got, want) {
				t.Errorf("ReviewPage(%+v) in pages of %d: %v; want %v", f, limit, got, want)
			}
		}
	}
}

// ReviewRange.At opens the page that holds the figure, whichever page that
// is, the last included; a figure the filter does not select leaves the
// offset as asked. Clamp turns an offset at or past the end into the last
// page, and an empty queue into its one empty page.
func testReviewPageAt(t *testing.T, db *analytics.DB) {
	ctx := context.Background()
	const size = 6
	open, err := db.ReviewQueue(ctx, peil.ReviewFilter{Status: peil.ReviewOpen})
	if err != nil {
		t.Fatal(err)
	}
	if len(open) < 3*size || len(open)%size == 0 {
		t.Fatalf("%d open figures; want more than %d, and a last page that is not full", len(open), 3*size)
	}
	f := peil.ReviewFilter{Status: peil.ReviewOpen}
	for i, it := range open {
		p, err := db.ReviewPage(ctx, f, peil.ReviewRange{Limit: size, At: it.ID})
		if err != nil {
			t.Fatal(err)
		}
		if want := i / size * size; p.Offset != want || !slices.Contains(reviewIDs(p.Items), it.ID) {
			t.Fatalf("At figure %d (the %d-th open one): page from %d with %v; want the page from %d", it.ID, i+1, p.Offset, reviewIDs(p.Items), want)
		}
	}
	all, err := db.ReviewQueue(ctx, peil.ReviewFilter{})
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(all, func(it peil.ReviewItem) bool { return it.Status != peil.ReviewOpen })
	if p, err := db.ReviewPage(ctx, f, peil.ReviewRange{Limit: size, Offset: size, At: all[i].ID}); err != nil || p.Offset != size {
		t.Errorf("At a figure that is not open: page from %d (%v); want the offset asked, %d", p.Offset, err, size)
	}
	last := (len(open) - 1) / size * size
	for _, offset := range []int{last, len(open), len(open) + 5*size} {
		p, err := db.ReviewPage(ctx, f, peil.ReviewRange{Limit: size, Offset: offset, Clamp: true})
		if err != nil {
			t.Fatal(err)
		}
		if want := reviewIDs(open[last:]); p.Offset != last || !slices.Equal(reviewIDs(p.Items), want) {
			t.Errorf("Clamp from %d: page from %d with %v; want the last, from %d with %v", offset, p.Offset, reviewIDs(p.Items), last, want)
		}
	}
	p, err := db.ReviewPage(ctx, f, peil.ReviewRange{Limit: size, Offset: len(open)})
	if err != nil || p.Offset != len(open) || len(p.Items) != 0 || p.Total != len(open) {
		t.Errorf("past the end without Clamp: %d items from %d of %d (%v); want none from %d of %d", len(p.Items), p.Offset, p.Total, err, len(open), len(open))
	}
	p, err = db.ReviewPage(ctx, peil.ReviewFilter{Report: 1 << 40}, peil.ReviewRange{Limit: size, Offset: 3 * size, Clamp: true})
	if err != nil || p.Offset != 0 || len(p.Items) != 0 || p.Total != 0 {
		t.Errorf("an empty queue with Clamp: %d items from %d of %d (%v); want its one empty page", len(p.Items), p.Offset, p.Total, err)
	}
	if _, err := db.ReviewPage(ctx, peil.ReviewFilter{Status: "half"}, peil.ReviewRange{Limit: size}); peil.ErrorCode(err) != peil.EINVALID {
		t.Errorf("unknown status: %v; want EINVALID", err)
	}
}
