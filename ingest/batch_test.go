package ingest_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/peil-dev/peil"
	"github.com/peil-dev/peil/analytics"
	"github.com/peil-dev/peil/data"
	"github.com/peil-dev/peil/ingest"
)

// batchDB opens a new database file with the embedded catalog and ingest's
// derived values, as peil ingest does.
func batchDB(t *testing.T) (*analytics.DB, *peil.Catalog) {
	t.Helper()
	cat, err := data.Catalog()
	if err != nil {
		t.Fatal(err)
	}
	db, err := analytics.Open(context.Background(), filepath.Join(t.TempDir(), "peil.duckdb"),
		analytics.Options{Catalog: cat, Derive: ingest.Derive})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, cat
}

// Two reports without dates and without a manifest: each is extracted once
// (one note of its inferred date), and the later one's period start is the
// earlier one's inferred date.
func TestBatchExtractsUndatedOnce(t *testing.T) {
	sample, err := os.ReadFile(samplePath)
	if err != nil {
		t.Fatal(err)
	}
	later := strings.ReplaceAll(string(sample), "2017", "2018")
	fsys := fstest.MapFS{
		"in/a.txt": {Data: sample},
		"in/b.txt": {Data: []byte(later)},
	}
	db, cat := batchDB(t)
	jobs, err := ingest.Collect(fsys, []string{"in"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var notes []string
	var stored []ingest.Stored
	err = ingest.Batch(context.Background(), fsys, jobs, db, ingest.BatchOptions{
		Catalog: cat,
		Notef: func(format string, args ...any) {
			mu.Lock()
			defer mu.Unlock()
			if strings.Contains(format, "afgeleid uit de laatste datum") {
				notes = append(notes, args[0].(string))
			}
		},
		Stored: func(s ingest.Stored) { stored = append(stored, s) },
	})
	if err != nil {
		t.Fatalf("Batch: %v", err)
	}
	if len(notes) != 2 {
		t.Errorf("inferred-date notes = %q; want one per report (each extracted once)", notes)
	}
	if len(stored) != 2 {
		t.Fatalf("stored %d reports; want 2", len(stored))
	}
	a, b := stored[0].Result.Report, stored[1].Result.Report
	if a.File != "a.txt" || !a.PeriodStart.IsZero() || !b.PeriodStart.Equal(a.ReportDate.Time) {
		t.Errorf("stored %s (period start %s) then %s (period start %s); want b.txt to start at a.txt's date %s",
			a.File, a.PeriodStart, b.File, b.PeriodStart, a.ReportDate)
	}
	if a.Title != "a" || b.Title != "b" {
		t.Errorf("titles %q, %q; want the file names without extension", a.Title, b.Title)
	}
	// The later report's reporting-period figures start at the earlier
	// report's date, as if it had been extracted with that start.
	obs, err := db.ReportObservations(context.Background(), b.ID)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, o := range obs {
		if o.Source == peil.SourceExtracted && o.PeriodStart.Equal(a.ReportDate.Time) {
			found = true
		}
	}
	if !found {
		t.Errorf("no figure of %s starts at %s", b.File, a.ReportDate)
	}
}

// Bad input anywhere in a batch stores nothing: the good report before it
// neither.
func TestBatchAllOrNothing(t *testing.T) {
	sample, err := os.ReadFile(samplePath)
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{
		"in/a.txt":        {Data: sample},
		"in/b.txt":        {Data: []byte("geen tabel\n")},
		"in/reports.csv":  {Data: []byte("file,title,report_date,period_start\na.txt,A,2017-03-31,\nb.txt,B,2017-09-30,\n")},
		"in/notes/x.docx": {Data: []byte("PK")},
	}
	db, cat := batchDB(t)
	jobs, err := ingest.Collect(fsys, []string{"in"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(jobs) != 2 || jobs[0].Title != "A" || !jobs[1].ReportDate.Equal(peil.NewDate(2017, 9, 30).Time) {
		t.Fatalf("Collect = %+v; want a.txt and b.txt with the manifest's title and date", jobs)
	}
	err = ingest.Batch(context.Background(), fsys, jobs, db, ingest.BatchOptions{Catalog: cat})
	var perr *peil.Error
	if !errors.As(err, &perr) || perr.Code != peil.EINVALID || perr.File != "in/b.txt" {
		t.Fatalf("Batch = %v; want EINVALID for in/b.txt", err)
	}
	reps, err := db.Reports(context.Background())
	if err != nil || len(reps) != 0 {
		t.Errorf("Reports = %d, %v; want none stored", len(reps), err)
	}
}
