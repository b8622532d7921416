package analytics_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/peil-dev/peil"
	"github.com/peil-dev/peil/analytics"
	"github.com/peil-dev/peil/data"
	"github.com/peil-dev/peil/ingest"
	"github.com/peil-dev/peil/internal/corpus"
	"github.com/peil-dev/peil/internal/corpusdb"
)

// BenchmarkSeries asks for one indicator's series (restatements grouped,
// increments, events) in a database of 1,000 synthetic reports, opened
// read-only as `peil serve` does. Target: under 2 ms per query, also for the
// first query. Three ways:
//
//   - fresh: the first query on a newly opened database handle (DuckDB's
//     buffers and the series cache empty); opening and closing are outside
//     the timer.
//   - uncached: the series cache is made stale before every query (as after
//     a write), so every query reads the database, whose blocks are in
//     DuckDB's buffers.
//   - cached: the same query again, which the series cache answers.
func BenchmarkSeries(b *testing.B) {
	// 20 reports is the size of the real programme (2014-2017: about a dozen
	// reports) with room to spare; 1000 is the synthetic stress corpus.
	for _, n := range []int{20, 1000} {
		b.Run(fmt.Sprintf("reports=%d", n), func(b *testing.B) { benchmarkSeries(b, n) })
	}
}

func benchmarkSeries(b *testing.B, n int) {
	path := corpusdb.File(b, n)
	ctx := context.Background()
	open := func(b *testing.B) *analytics.DB {
		db, err := analytics.Open(ctx, path, analytics.Options{ReadOnly: true})
		if err != nil {
			b.Fatal(err)
		}
		return db
	}
	query := func(b *testing.B, db *analytics.DB, id peil.IndicatorID) {
		s, err := db.Series(ctx, id)
		if err != nil {
			b.Fatal(err)
		}
		if len(s.Points) < n/20 || len(s.Points) == 0 {
			b.Fatalf("%s has %d points; want at least %d", id, len(s.Points), max(1, n/20))
		}
	}
	for _, id := range []peil.IndicatorID{"passport_measures", "extremism_reports"} {
		b.Run(string(id)+"/fresh", func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				db := open(b)
				b.StartTimer()
				query(b, db, id)
				b.StopTimer()
				if err := db.Close(); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
			}
		})
		db := open(b)
		b.Run(string(id)+"/uncached", func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				db.MakeStale()
				query(b, db, id)
			}
		})
		b.Run(string(id)+"/cached", func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				query(b, db, id)
			}
		})
		if err := db.Close(); err != nil {
			b.Fatal(err)
		}
	}
	// Every indicator in one AllSeries call (as the pages that show many
	// series read them), uncached; reported per series as well.
	b.Run("all/uncached", func(b *testing.B) {
		db := open(b)
		defer db.Close()
		inds, err := db.Indicators(ctx, 0)
		if err != nil {
			b.Fatal(err)
		}
		ids := make([]peil.IndicatorID, len(inds))
		for i, ind := range inds {
			ids[i] = ind.ID
		}
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			db.MakeStale()
			all, err := db.AllSeries(ctx, ids)
			if err != nil {
				b.Fatal(err)
			}
			if len(all) != len(ids) {
				b.Fatalf("AllSeries gave %d series; want %d", len(all), len(ids))
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(ids)), "ns/series")
		b.ReportMetric(float64(len(ids)), "series")
	})
}

// BenchmarkCompare sets two reports side by side (Compare) in the database
// of 1,000 synthetic reports, opened read-only as `peil serve` does: the
// latest two (Compare(0, 0)) and the first two. Compare has no cache of its
// own (the server's is in front of it), so every call reads the database.
func BenchmarkCompare(b *testing.B) {
	path := corpusdb.File(b, 1000)
	ctx := context.Background()
	db, err := analytics.Open(ctx, path, analytics.Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	reps, err := db.Reports(ctx)
	if err != nil {
		b.Fatal(err)
	}
	compare := func(from, to int64) func(b *testing.B) {
		return func(b *testing.B) {
			for b.Loop() {
				c, err := db.Compare(ctx, from, to)
				if err != nil {
					b.Fatal(err)
				}
				if len(c.Measures) == 0 {
					b.Fatalf("Compare(%d, %d) lists no measure", from, to)
				}
			}
		}
	}
	b.Run("latest", compare(0, 0))
	b.Run("first", compare(reps[0].ID, reps[1].ID))
}

// BenchmarkIngestReport stores one extracted synthetic report (with its
// derived values) per iteration, each in its own transaction.
func BenchmarkIngestReport(b *testing.B) {
	ctx := context.Background()
	cat, err := data.Catalog()
	if err != nil {
		b.Fatal(err)
	}
	db, err := analytics.Open(ctx, filepath.Join(b.TempDir(), "peil.duckdb"), analytics.Options{Catalog: cat, Derive: ingest.Derive})
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

// importRows returns n import rows over a few indicators, each distinct, as
// `peil import` reads them from a file.
func importRows(n int) []peil.Observation {
	inds := []peil.IndicatorID{"criminal_investigations", "investigation_suspects", "alien_measures"}
	obs := make([]peil.Observation, n)
	for i := range obs {
		obs[i] = peil.Observation{Indicator: inds[i%len(inds)], Value: float64(i), Qualifier: peil.QualExact,
			PeriodEnd: peil.NewDate(2000+i%20, time.Month(1+i%12), 1+i%28), Citation: fmt.Sprintf("bron %d", i/7), Line: i + 2}
	}
	return obs
}

// BenchmarkImport checks and imports 100,000 rows into a database that holds
// 100,000 imported rows already (half of the new ones are duplicates), as
// `peil import` does: CheckImport, then Import. Target: at least 20,000
// rows/s (the rows/s metric; the rows are the new batch). Before, duplicates
// were found through one query per row and a scan of the rows kept: 100,000
// rows took five minutes.
func BenchmarkImport(b *testing.B) {
	ctx := context.Background()
	cat, err := data.Catalog()
	if err != nil {
		b.Fatal(err)
	}
	const n = 100000
	all := importRows(n + n/2)
	stored, batch := all[:n], all[n/2:]
	for b.Loop() {
		b.StopTimer()
		db, err := analytics.Open(ctx, filepath.Join(b.TempDir(), "import.duckdb"), analytics.Options{Catalog: cat, Derive: ingest.Derive})
		if err != nil {
			b.Fatal(err)
		}
		if added, err := db.Import(ctx, stored); err != nil || added != n {
			b.Fatalf("Import(stored) = %d, %v", added, err)
		}
		b.StartTimer()
		if err := db.CheckImport(ctx, batch); err != nil {
			b.Fatal(err)
		}
		added, err := db.Import(ctx, batch)
		if err != nil || added != n/2 {
			b.Fatalf("Import = %d, %v; want %d", added, err, n/2)
		}
		b.StopTimer()
		db.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
