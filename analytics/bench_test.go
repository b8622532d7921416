package analytics_test

import (
	"context"
	"path/filepath"
	"sync"
	"testing"

	"github.com/peil-dev/peil"
	"github.com/peil-dev/peil/analytics"
	"github.com/peil-dev/peil/data"
	"github.com/peil-dev/peil/ingest"
	"github.com/peil-dev/peil/internal/corpus"
)

// corpusDB is a database with 1,000 synthetic reports, built once per run.
var corpusDB struct {
	once sync.Once
	dir  string
	err  error
}

func loadCorpusDB(b *testing.B) string {
	corpusDB.once.Do(func() {
		ctx := context.Background()
		cat, err := data.Catalog()
		if err != nil {
			corpusDB.err = err
			return
		}
		dir, err := tempDir()
		if err != nil {
			corpusDB.err = err
			return
		}
		path := filepath.Join(dir, "corpus.duckdb")
		db, err := analytics.Open(ctx, path, analytics.Options{Catalog: cat})
		if err != nil {
			corpusDB.err = err
			return
		}
		defer db.Close()
		for _, r := range corpus.Generate(cat, 1000, corpus.Options{Seed: 1}) {
			ext, err := ingest.Extract(r.Text, ingest.Options{File: r.File, ReportDate: r.ReportDate, PeriodStart: r.PeriodStart, Catalog: cat})
			if err != nil {
				corpusDB.err = err
				return
			}
			ext.Report.Title = r.Title
			if _, err := db.IngestReport(ctx, ext); err != nil {
				corpusDB.err = err
				return
			}
		}
		corpusDB.dir = path
	})
	if corpusDB.err != nil {
		b.Fatal(corpusDB.err)
	}
	return corpusDB.dir
}

// BenchmarkSeries asks for one indicator's series (restatements grouped,
// increments, events) in a database of 1,000 reports. Target: under 2 ms.
func BenchmarkSeries(b *testing.B) {
	path := loadCorpusDB(b)
	ctx := context.Background()
	db, err := analytics.Open(ctx, path, analytics.Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	for _, id := range []peil.IndicatorID{"passport_measures", "extremism_reports"} {
		b.Run(string(id), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				s, err := db.Series(ctx, id)
				if err != nil {
					b.Fatal(err)
				}
				if len(s.Points) < 100 {
					b.Fatalf("%s has %d points; want at least 100", id, len(s.Points))
				}
			}
		})
	}
}
