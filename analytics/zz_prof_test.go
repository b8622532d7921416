package analytics_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/peil-dev/peil"
	"github.com/peil-dev/peil/analytics"
	"github.com/peil-dev/peil/data"
	"github.com/peil-dev/peil/ingest"
	"github.com/peil-dev/peil/internal/corpus"
)

func TestZZProf(t *testing.T) {
	ctx := context.Background()
	cat, _ := data.Catalog()
	reps := corpus.Generate(cat, 100, corpus.Options{Seed: 1})
	t0 := time.Now()
	var exts []*peil.Extraction
	for _, r := range reps {
		ext, err := ingest.Extract(r.Text, ingest.Options{File: r.File, ReportDate: r.ReportDate, PeriodStart: r.PeriodStart, Catalog: cat})
		if err != nil {
			t.Fatal(err)
		}
		exts = append(exts, ext)
	}
	t1 := time.Now()
	db, _ := analytics.Open(ctx, filepath.Join(t.TempDir(), "x.duckdb"), analytics.Options{Catalog: cat})
	defer db.Close()
	for _, e := range exts {
		if _, err := db.IngestReport(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	t2 := time.Now()
	for i := 0; i < 10; i++ {
		db.Series(ctx, "passport_measures")
	}
	t.Logf("extract %v, store %v, series %v", t1.Sub(t0), t2.Sub(t1), time.Since(t2)/10)
}
