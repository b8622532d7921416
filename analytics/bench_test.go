package analytics

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/peil-dev/peil"
	"github.com/peil-dev/peil/data"
	"github.com/peil-dev/peil/ingest"
	"github.com/peil-dev/peil/internal/corpus"
)

// corpusDB returns a database file with n synthetic reports.
func corpusDB(b *testing.B, n int) string {
	ctx := context.Background()
	cat, err := data.Catalog()
	if err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), "corpus.duckdb")
	db, err := Open(ctx, path, Options{Catalog: cat})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	for _, r := range corpus.Generate(cat, n, corpus.Options{Seed: 1}) {
		ext, err := ingest.Extract(r.Text, ingest.Options{File: r.File, ReportDate: r.ReportDate, PeriodStart: r.PeriodStart, Catalog: cat})
		if err != nil {
			b.Fatal(err)
		}
		ext.Report.Title = r.Title
		if _, err := db.IngestReport(ctx, ext); err != nil {
			b.Fatal(err)
		}
	}
	return path
}

// BenchmarkSeries asks for one indicator's series (restatements grouped,
// increments, events) in a database of 1,000 synthetic reports, opened
// read-only as `peil serve` does. Target: under 2 ms per query. "cold" makes
// every query compute the series from the database (as after a write); "warm"
// repeats a query, which the series cache answers.
func BenchmarkSeries(b *testing.B) {
	path := corpusDB(b, 1000)
	ctx := context.Background()
	db, err := Open(ctx, path, Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	for _, id := range []peil.IndicatorID{"passport_measures", "extremism_reports"} {
		for _, cold := range []bool{true, false} {
			name := string(id) + "/warm"
			if cold {
				name = string(id) + "/cold"
			}
			b.Run(name, func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					if cold {
						db.gen.Add(1)
					}
					s, err := db.Series(ctx, id)
					if err != nil {
						b.Fatal(err)
					}
					if len(s.Points) < 50 {
						b.Fatalf("%s has %d points; want at least 50", id, len(s.Points))
					}
				}
			})
		}
	}
}

// BenchmarkIngestReport stores one extracted synthetic report (with its
// derived values) per iteration, each in its own transaction.
func BenchmarkIngestReport(b *testing.B) {
	ctx := context.Background()
	cat, err := data.Catalog()
	if err != nil {
		b.Fatal(err)
	}
	db, err := Open(ctx, filepath.Join(b.TempDir(), "peil.duckdb"), Options{Catalog: cat})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	reports := corpus.Generate(cat, b.N, corpus.Options{Seed: 2})
	exts := make([]*peil.Extraction, len(reports))
	for i, r := range reports {
		if exts[i], err = ingest.Extract(r.Text, ingest.Options{File: r.File, ReportDate: r.ReportDate, PeriodStart: r.PeriodStart, Catalog: cat}); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := db.IngestReport(ctx, exts[i]); err != nil {
			b.Fatal(err)
		}
	}
}
