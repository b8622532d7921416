package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/peil-dev/peil/data"
)

// growthBlock is about 40 KB of what may follow a report's last row, of one
// kind: prose full of figures (read: measure 38's text grows), a run of
// numbers without a full stop (one "sentence" that is a table), prose that
// runs on without a full stop, two figures in every 35 bytes (read in
// pieces of a kilobyte), or an appendix table after a heading (not read:
// the table ends there).
func growthBlock(kind string, k int) string {
	var b strings.Builder
	switch kind {
	case "prose":
		for i := 0; b.Len() < 40_000; i++ {
			fmt.Fprintf(&b, "In regio %d werden in 2016 %d jongeren begeleid en %d ouders bereikt.\n", k*1000+i, 10+i%90, 100+i%800)
		}
	case "numbers":
		b.WriteString("\n")
		for i := 0; b.Len() < 40_000; i++ {
			fmt.Fprintf(&b, "%d %d %d %d %d %d %d %d\n", k, i, i%7, i%11, i%13, i%17, i%19, i%23)
		}
	case "runon":
		for i := 0; b.Len() < 40_000; i++ {
			fmt.Fprintf(&b, "in regio %d zijn %d meldingen en ", k*1000+i, 10+i%990)
			if i%8 == 7 {
				b.WriteString("\n")
			}
		}
	case "appendix":
		fmt.Fprintf(&b, "\nBijlage %d: cijfers per regio\n", k+1)
		for i := 0; b.Len() < 40_000; i++ {
			fmt.Fprintf(&b, "Regio A%d %d %d %d %d\n", i, 100+i%900, 10+i%90, 20+i%70, 200+i%800)
		}
	}
	return b.String()
}

// BenchmarkIngestGrowth runs `peil ingest` on the sample report alone and
// followed by 1, 4 and 16 blocks of about 40 KB (prose with figures, runs of
// numbers, run-on prose, also 96 blocks of it, an appendix table: see
// growthBlock) into a new database, and
// reports the input's size (inbytes) and the database file's (dbbytes):
// time and database size must grow linearly with the input.
func BenchmarkIngestGrowth(b *testing.B) {
	sample, err := data.Samples.ReadFile(data.SampleDir() + "/voortgangsrapportage-2017.txt")
	if err != nil {
		b.Fatal(err)
	}
	for _, kind := range []string{"prose", "numbers", "runon", "appendix"} {
		sizes := []int{0, 1, 4, 16}
		if kind == "runon" {
			sizes = append(sizes, 96) // 3.9 MB, near the limit of a report
		}
		for _, n := range sizes {
			b.Run(fmt.Sprintf("%s/%dx", kind, n), func(b *testing.B) {
				var in strings.Builder
				in.Write(sample)
				for k := range n {
					in.WriteString(growthBlock(kind, k))
				}
				file := filepath.Join(b.TempDir(), "rapport.txt")
				if err := os.WriteFile(file, []byte(in.String()), 0o644); err != nil {
					b.Fatal(err)
				}
				var size int64
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					db := filepath.Join(b.TempDir(), fmt.Sprintf("growth-%d.duckdb", i))
					code, _, errOut := benchRun(b, "ingest", "--db", db, "--report-date", "2017-03-31", file)
					if code != 0 {
						b.Fatalf("peil ingest = %d: %s", code, errOut)
					}
					b.StopTimer()
					info, err := os.Stat(db)
					if err != nil {
						b.Fatal(err)
					}
					size = info.Size()
					if wal, err := os.Stat(db + ".wal"); err == nil {
						size += wal.Size()
					}
					b.StartTimer()
				}
				b.ReportMetric(float64(in.Len()), "inbytes")
				b.ReportMetric(float64(size), "dbbytes")
			})
		}
	}
}
