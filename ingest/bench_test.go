package ingest_test

import (
	"os"
	"regexp"
	"strings"
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

// BenchmarkExtractLongRow measures a text whose last row keeps going: the
// sample followed by 20 copies of its table with the rows' numbers hidden,
// so that all of it falls into measure 38 (some 900 KB). Its MB/s should be
// close to BenchmarkExtract's: the work per figure must not grow with the row.
func BenchmarkExtractLongRow(b *testing.B) {
	raw, err := os.ReadFile(samplePath)
	if err != nil {
		b.Fatal(err)
	}
	cat, err := data.Catalog()
	if err != nil {
		b.Fatal(err)
	}
	body := regexp.MustCompile(`(?m)^(\d+ +[A-Z])`).ReplaceAllString(strings.ReplaceAll(string(raw), "Nr Omschrijving", "Kolom"), "Rij $1")
	in := []byte(string(raw) + strings.Repeat(body, 20))
	opts := ingest.Options{File: "long.txt", Catalog: cat}
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ingest.Extract(in, opts); err != nil {
			b.Fatal(err)
		}
	}
}
