package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/peil-dev/peil/data"
	"github.com/peil-dev/peil/ingest"
	"github.com/peil-dev/peil/internal/corpus"
	"github.com/peil-dev/peil/internal/pdfgen"
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

// BenchmarkIngestPDFs runs `peil ingest` on a folder of 1 and of 100 PDFs
// (synthetic reports laid out as ruled tables) into a new database, in
// this process, and reports the process's peak resident memory during the
// ingest (the high-water mark reset before it): PDFium's WebAssembly
// memory, the Go heap and DuckDB together.
func BenchmarkIngestPDFs(b *testing.B) {
	cat, err := data.Catalog()
	if err != nil {
		b.Fatal(err)
	}
	for _, n := range []int{1, 100} {
		b.Run(fmt.Sprintf("%d", n), func(b *testing.B) {
			dir := filepath.Join(b.TempDir(), "pdfs")
			os.MkdirAll(dir, 0o755)
			var manifest strings.Builder
			manifest.WriteString("file,title,report_date,period_start\n")
			for _, r := range corpus.Generate(cat, n, corpus.Options{Seed: 2}) {
				ext, err := ingest.Extract(r.Text, ingest.Options{File: r.File, ReportDate: r.ReportDate, Catalog: cat})
				if err != nil {
					b.Fatal(err)
				}
				raw, err := pdfgen.Bytes(pdfgen.FromExtraction(ext, r.Title), pdfgen.Options{PageNumbers: true})
				if err != nil {
					b.Fatal(err)
				}
				name := strings.TrimSuffix(r.File, ".txt") + ".pdf"
				if err := os.WriteFile(filepath.Join(dir, name), raw, 0o644); err != nil {
					b.Fatal(err)
				}
				fmt.Fprintf(&manifest, "%s,%q,%s,\n", name, r.Title, r.ReportDate)
			}
			os.WriteFile(filepath.Join(dir, "reports.csv"), []byte(manifest.String()), 0o644)
			benchRun(b, "extract", filepath.Join(dir, "voortgangsrapportage-0001.pdf")) // PDFium started
			b.ResetTimer()
			peak := 0.0
			for i := 0; i < b.N; i++ {
				resetPeakRSS()
				db := filepath.Join(b.TempDir(), fmt.Sprintf("bench-%d.duckdb", i))
				code, out, errOut := benchRun(b, "ingest", "--db", db, dir)
				if code != 0 {
					b.Fatalf("peil ingest = %d: %s", code, errOut)
				}
				peak = max(peak, peakRSSMB())
				if i == 0 {
					b.Log(out)
				}
			}
			b.ReportMetric(peak, "peak-RSS-MB")
		})
	}
}

// resetPeakRSS resets the process's resident-memory high-water mark
// (Linux; elsewhere nothing).
func resetPeakRSS() { os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

// peakRSSMB returns the process's resident-memory high-water mark in MB
// (VmHWM; 0 where there is none).
func peakRSSMB() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) >= 2 && f[0] == "VmHWM:" {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	return 0
}
