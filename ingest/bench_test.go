package ingest_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/peil-dev/peil/ingest"
)

// BenchmarkExtract measures a whole extraction of the sample report, with
// catalog matching; SetBytes makes it report MB/s of report text.
func BenchmarkExtract(b *testing.B) {
	benchmarkExtract(b, readSample(b))
}

// BenchmarkExtractLongRow measures a text whose last row keeps going: the
// sample followed by 20 copies of its table with the rows' numbers hidden,
// so that all of it falls into measure 38 (some 900 KB). Its MB/s should be
// close to BenchmarkExtract's: the work per figure must not grow with the row.
func BenchmarkExtractLongRow(b *testing.B) {
	raw := readSample(b)
	body := regexp.MustCompile(`(?m)^(\d+ +[A-Z])`).ReplaceAllString(strings.ReplaceAll(string(raw), "Nr Omschrijving", "Kolom"), "Rij $1")
	benchmarkExtract(b, []byte(string(raw)+strings.Repeat(body, 20)))
}

func benchmarkExtract(b *testing.B, in []byte) {
	opts := ingest.Options{File: "bench.txt", Catalog: catalog(b)}
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ingest.Extract(in, opts); err != nil {
			b.Fatal(err)
		}
	}
}
