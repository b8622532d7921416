package main

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/peil-dev/peil/data"
	"github.com/peil-dev/peil/internal/corpus"
)

// BenchmarkIngestCorpus runs `peil ingest` on a folder of 1,000 synthetic
// reports into a new database: reading, extraction (in parallel), derived
// values and loading, one transaction per report. Target: under 10 s.
func BenchmarkIngestCorpus(b *testing.B) {
	cat, err := data.Catalog()
	if err != nil {
		b.Fatal(err)
	}
	dir := filepath.Join(b.TempDir(), "corpus")
	if err := corpus.WriteDir(dir, corpus.Generate(cat, 1000, corpus.Options{Seed: 1})); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		db := filepath.Join(b.TempDir(), fmt.Sprintf("bench-%d.duckdb", i))
		code, out, errOut := benchRun(b, "ingest", "--db", db, dir)
		if code != 0 {
			b.Fatalf("peil ingest = %d: %s", code, errOut)
		}
		if i == 0 {
			b.Log(out)
		}
	}
}
