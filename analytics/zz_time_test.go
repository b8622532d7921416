package analytics

import (
	"os"
	"time"
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/peil-dev/peil/data"
	"github.com/peil-dev/peil/ingest"
	"github.com/peil-dev/peil/internal/corpus"
)

func TestZZTime(t *testing.T) {
	ctx := context.Background()
	cat, _ := data.Catalog()
	path := filepath.Join(t.TempDir(), "x.duckdb")
	if os.Getenv("ZZMEM") != "" {
		path = ""
	}
	db, _ := Open(ctx, path, Options{Catalog: cat})
	defer db.Close()
	if v := os.Getenv("ZZSET"); v != "" {
		if _, err := db.sql.Exec(v); err != nil {
			t.Fatal(err)
		}
	}
	t0 := time.Now()
	defer func() { fmt.Println("total", time.Since(t0)) }()
	for _, r := range corpus.Generate(cat, 100, corpus.Options{Seed: 1}) {
		ext, _ := ingest.Extract(r.Text, ingest.Options{File: r.File, ReportDate: r.ReportDate, PeriodStart: r.PeriodStart, Catalog: cat})
		if _, err := db.IngestReport(ctx, ext); err != nil {
			t.Fatal(err)
		}
	}
	for k, v := range zzTimes {
		fmt.Println(k, v/100)
	}
}
