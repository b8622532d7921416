package ingest_test

import (
	"os"
	"testing"

	"github.com/peil-dev/peil/data"
	"github.com/peil-dev/peil/ingest"
)

// BenchmarkExtract measures a whole extraction of the sample report, with
// catalog matching; SetBytes makes it report MB/s of report text.
func BenchmarkExtract(b *testing.B) {
	raw, err := os.ReadFile(samplePath)
	if err != nil {
		b.Fatal(err)
	}
	cat, err := data.Catalog()
	if err != nil {
		b.Fatal(err)
	}
	opts := ingest.Options{File: "sample.txt", Catalog: cat}
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ingest.Extract(raw, opts); err != nil {
			b.Fatal(err)
		}
	}
}
