package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"text/tabwriter"

	"github.com/peil-dev/peil"
)

// reviewedSampleDB returns a store of the sample and the two review reports
// (70 figures in three reports), with a figure of every review status and a
// correction that changed a value.
func reviewedSampleDB(t *testing.T) string {
	t.Helper()
	db := storeSampleDB(t)
	mustRun(t, "ingest", "--db", db, "--report-date", "2018-03-31", "--period-start", "2017-10-01", filepath.Join(reviewDir, "rapportage-a.txt"))
	mustRun(t, "ingest", "--db", db, "--report-date", "2018-09-30", "--period-start", "2018-04-01", filepath.Join(reviewDir, "rapportage-b.txt"))
	q := reviewQueue(t, db, "--report", "1")
	by := []string{"--db", db, "--by", "anna"}
	mustRun(t, append([]string{"review", "confirm", itoa64(q[0].ID), itoa64(q[1].ID)}, by...)...)
	mustRun(t, append([]string{"review", "correct", itoa64(q[2].ID), "--value", "4"}, by...)...)
	mustRun(t, append([]string{"review", "reject", itoa64(q[3].ID), "--why", "geen telling"}, by...)...)
	return db
}

// withReviewPageSize runs fn with reviewPageSize set to n.
func withReviewPageSize(n int, fn func()) {
	old := reviewPageSize
	reviewPageSize = n
	defer func() { reviewPageSize = old }()
	fn()
}

// `peil review` reads the queue in pages of reviewPageSize: in pages of 2
// or 7 figures (and 1, for the whole queue) its output is byte for byte that
// of one page, in both formats, with filters that select many, a few (the
// last page full) and no figures, and with bad filters; so no page drops or
// repeats a figure.
func TestReviewListPages(t *testing.T) {
	db := reviewedSampleDB(t)
	run := func(args ...string) (int, string, string) {
		return storeRun(t, append([]string{"review", "--db", db}, args...)...)
	}
	// The store's queue as one page: 70 figures, every status, a changed value.
	var whole string
	withReviewPageSize(1000, func() {
		_, whole, _ = run("--format", "table")
	})
	if !strings.Contains(whole, "70 cijfers: 50 auto, 16 open, 2 bevestigd, 1 gecorrigeerd, 1 afgewezen") || !strings.Contains(whole, "(was ") {
		t.Fatalf("peil review on the reviewed sample:\n%s\nwant 70 figures of every status, one corrected value", whole)
	}
	filters := [][]string{{}, {"--status", "open"}, {"--status", "auto", "--report", "1"}, {"--report", "2"},
		{"--status", "rejected", "--report", "3"}, {"--status", "nee"}, {"--report", "4"}}
	for _, format := range []string{"json", "table"} {
		for _, f := range filters {
			args := append([]string{"--format", format}, f...)
			var want [3]any
			withReviewPageSize(1000, func() {
				code, out, errOut := run(args...)
				want = [3]any{code, out, errOut}
			})
			if format == "json" && want[0] == exitOK {
				var items []peil.ReviewItem
				if err := json.Unmarshal([]byte(want[1].(string)), &items); err != nil {
					t.Errorf("peil review %s: %v", strings.Join(args, " "), err)
				}
			}
			sizes := []int{2, 7}
			if len(f) == 0 {
				sizes = append(sizes, 1)
			}
			for _, size := range sizes {
				withReviewPageSize(size, func() {
					code, out, errOut := run(args...)
					if got := [3]any{code, out, errOut}; got != want {
						t.Errorf("peil review %s in pages of %d = %d\n%s%s\nwant as in one page: %d\n%s%s",
							strings.Join(args, " "), size, code, out, errOut, want[0], want[1], want[2])
					}
				})
			}
		}
	}
}

// alignedColumns lays out rows as text/tabwriter does, for the cells that
// plain gives: wide and multi-byte runes, empty cells, an empty last cell.
func TestAlignedColumns(t *testing.T) {
	rows := [][]string{
		{"Id", "Waarde", "Tekst", "", "Zin"},
		{"1", "≥ 386", "tenminste 386", "", "Het Openbaar Ministerie …"},
		{"22", "circa 4,5", "", "", ""},
		{"333", "", "één", "", "ééntje"},
		{"4", "12 (was 13)", "twaalf 日本", "", "x"},
	}
	var want bytes.Buffer
	tw := tabwriter.NewWriter(&want, 0, 4, 2, ' ', 0)
	for _, r := range rows {
		fmt.Fprintln(tw, strings.Join(r, "\t"))
	}
	if err := tw.Flush(); err != nil {
		t.Fatal(err)
	}
	cols := newAlignedColumns(rows[0])
	for _, r := range rows[1:] {
		cols.measure(r)
	}
	var got bytes.Buffer
	for _, r := range rows {
		if err := cols.write(&got, r); err != nil {
			t.Fatal(err)
		}
	}
	if got.String() != want.String() {
		t.Errorf("alignedColumns:\n%q\nwant as tabwriter:\n%q", got.String(), want.String())
	}
}
