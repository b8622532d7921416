package export

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/peil-dev/peil"
	"github.com/peil-dev/peil/analytics"
	"github.com/peil-dev/peil/data"
	"github.com/peil-dev/peil/ingest"
	"github.com/peil-dev/peil/internal/corpus"
)

// benchRows is the size of the big export benchmarks.
const benchRows = 1_000_000

// corpusReports is how many synthetic reports feed the pool of observations
// that the big benchmarks cycle through.
const corpusReports = 40

// peakEnv makes the test binary a child that writes benchRows observations
// one way ("export" or "bare") and exits, so that the parent can read the
// child's peak memory alone.
const peakEnv = "PEIL_XLSX_PEAK_CHILD"

// peakDBEnv names the database file the "exportdb" child exports.
const peakDBEnv = "PEIL_XLSX_PEAK_DB"

func TestMain(m *testing.M) {
	if mode := os.Getenv(peakEnv); mode != "" {
		var err error
		if mode == "exportdb" {
			err = exportDB(os.Getenv(peakDBEnv), io.Discard)
		} else {
			err = writeBig(mode, io.Discard)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		// The peak of this process alone: VmHWM belongs to the address space
		// made by exec. (getrusage's Maxrss would not do: Linux carries the
		// parent's peak into it across the vfork and exec of os/exec.)
		status, err := os.ReadFile("/proc/self/status")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		for _, line := range strings.Split(string(status), "\n") {
			if strings.HasPrefix(line, "VmHWM:") {
				fmt.Println(line)
			}
		}
		os.Exit(0)
	}
	code := m.Run()
	if benchDBDir != "" {
		os.RemoveAll(benchDBDir)
	}
	os.Exit(code)
}

// pool is a workbook without observations plus observations from the
// synthetic corpus, extracted and derived the way ingest and the store do it.
type pool struct {
	wb  Workbook
	obs []peil.Observation
}

var corpusPool = sync.OnceValues(func() (*pool, error) {
	cat, err := data.Catalog()
	if err != nil {
		return nil, err
	}
	p := &pool{wb: Workbook{Generated: time.Now(), Database: "corpus", Measures: cat.Measures, Clusters: cat.Clusters, Indicators: cat.Indicators}}
	for i, r := range corpus.Generate(cat, corpusReports, corpus.Options{Seed: 1}) {
		ext, err := ingest.Extract(r.Text, ingest.Options{File: r.File, ReportDate: r.ReportDate, PeriodStart: r.PeriodStart, Catalog: cat})
		if err != nil {
			return nil, fmt.Errorf("extract %s: %w", r.File, err)
		}
		id := int64(i + 1)
		p.wb.Reports = append(p.wb.Reports, peil.ReportSummary{Report: peil.Report{ID: id, File: r.File, Title: r.Title, ReportDate: r.ReportDate}})
		for _, f := range ext.Figures {
			o := peil.Observation{Report: id, ReportDate: r.ReportDate, Measure: f.Measure, Indicator: f.Indicator, Value: f.Value,
				Text: f.Text, Qualifier: f.Qualifier, Kind: f.Kind, Unit: f.Unit, PeriodStart: f.PeriodStart, PeriodEnd: f.PeriodEnd,
				Sentence: f.Sentence, Line: f.Line, Source: peil.SourceExtracted}
			if o.PeriodEnd.IsZero() {
				o.PeriodEnd = r.ReportDate
			}
			o.Lower, o.Upper = peil.Bounds(o.Qualifier, o.Value)
			p.obs = append(p.obs, o)
		}
		for _, o := range ingest.Derive(ext) {
			o.Report = id
			p.obs = append(p.obs, o)
		}
	}
	return p, nil
})

// stream yields n observations, cycling through the pool.
func (p *pool) stream(n int) func(func(*peil.Observation) error) error {
	return func(yield func(*peil.Observation) error) error {
		for i := range n {
			o := p.obs[i%len(p.obs)]
			o.ID = int64(i + 1)
			if err := yield(&o); err != nil {
				return err
			}
		}
		return nil
	}
}

// bareStream writes the cells of Waarnemingen for the observations with a
// bare excelize StreamWriter: the same values (numbers, date serials, texts)
// without styles, table, panes, column widths, lookups or neutralising.
func bareStream(p *pool, n int, w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		return err
	}
	hs := headers(observationColumns)
	header := make([]any, len(hs))
	for i, h := range hs {
		header[i] = h
	}
	if err := sw.SetRow("A1", header); err != nil {
		return err
	}
	opt := func(v *float64) any {
		if v == nil {
			return nil
		}
		return *v
	}
	measures, reports := map[int]string{}, map[int64]string{}
	for _, m := range p.wb.Measures {
		measures[m.Nr] = m.Title
	}
	for _, r := range p.wb.Reports {
		reports[r.ID] = r.Title
	}
	row := make([]any, len(hs))
	r := 1
	err = p.stream(n)(func(o *peil.Observation) error {
		r++
		row[0], row[1], row[2], row[3] = o.Measure, measures[o.Measure], string(o.Indicator), string(o.Indicator)
		row[4], row[5], row[6], row[7], row[8] = o.Value, o.Text, string(o.Qualifier), opt(o.Lower), opt(o.Upper)
		row[9], row[10], row[11], row[12], row[13] = string(o.Kind), o.Unit, serial(o.PeriodStart), serial(o.PeriodEnd), serial(o.ReportDate)
		row[14], row[15], row[16], row[17] = reports[o.Report], o.Sentence, o.Line, string(o.Source)
		row[18], row[19], row[20] = o.Derivation, o.Citation, o.Note
		return sw.SetRow("A"+strconv.Itoa(r), row)
	})
	if err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}

// writeBig writes benchRows observations from the corpus pool to w, through
// the workbook ("export") or bare excelize ("bare").
func writeBig(mode string, w io.Writer) error {
	p, err := corpusPool()
	if err != nil {
		return err
	}
	switch mode {
	case "export":
		wb := p.wb
		wb.Observations = p.stream(benchRows)
		_, err = wb.WriteTo(w)
		return err
	case "bare":
		return bareStream(p, benchRows, w)
	}
	return fmt.Errorf("unknown mode %q", mode)
}

// peakMB runs writeBig(mode) (or exportDB, for mode "exportdb") in a child
// process and returns its peak resident memory in MB (the child's VmHWM).
// env is added to the child's environment.
func peakMB(b *testing.B, mode string, env ...string) float64 {
	b.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(append(os.Environ(), peakEnv+"="+mode), env...)
	out, err := cmd.Output()
	if ee, ok := err.(*exec.ExitError); ok {
		b.Fatalf("child %s: %v\n%s", mode, err, ee.Stderr)
	} else if err != nil {
		b.Fatalf("child %s: %v", mode, err)
	}
	var kB float64
	if _, err := fmt.Sscanf(strings.TrimSpace(string(out)), "VmHWM: %g kB", &kB); err != nil {
		b.Fatalf("child %s: no peak in %q: %v", mode, out, err)
	}
	return kB / 1024
}

// countWriter counts the bytes written to it.
type countWriter int64

func (c *countWriter) Write(p []byte) (int, error) {
	*c += countWriter(len(p))
	return len(p), nil
}

// BenchmarkExport1M writes a workbook with 1,000,000 observations from the
// synthetic corpus; compare with BenchmarkBareStream in the same run.
func BenchmarkExport1M(b *testing.B) {
	benchBig(b, "export")
}

// BenchmarkBareStream writes the same cells with a bare excelize StreamWriter.
func BenchmarkBareStream(b *testing.B) {
	benchBig(b, "bare")
}

func benchBig(b *testing.B, mode string) {
	if _, err := corpusPool(); err != nil {
		b.Fatal(err)
	}
	var size countWriter
	b.ResetTimer()
	for range b.N {
		size = 0
		if err := writeBig(mode, &size); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(size)/1e6, "file-MB")
	b.ReportMetric(peakMB(b, mode), "peak-MB")
}

// BenchmarkExportSample exports the workbook of a database holding the
// embedded sample report, the way `peil export` and /export.xlsx do.
func BenchmarkExportSample(b *testing.B) {
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
	manifest, err := data.Samples.Open(path.Join(data.SampleDir(), "reports.csv"))
	if err != nil {
		b.Fatal(err)
	}
	entries, err := ingest.ReadManifest(manifest, "reports.csv")
	manifest.Close()
	if err != nil {
		b.Fatal(err)
	}
	for _, e := range entries {
		raw, err := data.Samples.ReadFile(path.Join(data.SampleDir(), e.File))
		if err != nil {
			b.Fatal(err)
		}
		ext, err := ingest.Extract(raw, ingest.Options{File: e.File, ReportDate: e.ReportDate, PeriodStart: e.PeriodStart, Catalog: cat})
		if err != nil {
			b.Fatal(err)
		}
		ext.Report.Title = e.Title
		if _, err := db.IngestReport(ctx, ext); err != nil {
			b.Fatal(err)
		}
	}
	var buf bytes.Buffer
	b.ResetTimer()
	for range b.N {
		buf.Reset()
		if err := XLSX(ctx, db, peil.ExportOptions{}, &buf); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(buf.Len())/1e3, "file-kB")
}

// dbReportsPerChunk and benchDBObservations shape the database of
// BenchmarkExportDB1M: synthetic reports are generated in chunks (each a
// fresh corpus starting after the previous one, so that the whole set is never
// in memory) until the store holds benchDBObservations observations.
const (
	dbReportsPerChunk   = 500
	benchDBObservations = 1_000_000
)

// benchDBDir holds the database of BenchmarkExportDB1M, built once per run
// of the test binary and removed by TestMain.
var benchDBDir string

// benchDBEnv names a database file for BenchmarkExportDB1M to keep: built
// there when it does not exist, reused when it does (building takes minutes).
const benchDBEnv = "PEIL_XLSX_BENCH_DB"

// benchDB builds the database of BenchmarkExportDB1M: reports from
// internal/corpus, extracted and stored with db.IngestReport as `peil ingest`
// does, until it holds benchDBObservations observations. It returns the file and
// the numbers of reports and observations.
var benchDB = sync.OnceValues(func() (dbInfo, error) {
	ctx := context.Background()
	cat, err := data.Catalog()
	if err != nil {
		return dbInfo{}, err
	}
	info := dbInfo{path: os.Getenv(benchDBEnv)}
	_, statErr := os.Stat(info.path)
	reuse := info.path != "" && statErr == nil
	if info.path == "" {
		if benchDBDir, err = os.MkdirTemp("", "peil-xlsx-bench-"); err != nil {
			return dbInfo{}, err
		}
		info.path = filepath.Join(benchDBDir, "peil.duckdb")
	}
	db, err := analytics.Open(ctx, info.path, analytics.Options{Catalog: cat, Derive: ingest.Derive})
	if err != nil {
		return dbInfo{}, err
	}
	if reuse {
		reports, err := db.Reports(ctx)
		if err != nil {
			db.Close()
			return dbInfo{}, err
		}
		info.reports, info.observations = len(reports), benchDBObservations
	}
	start := peil.Date{}
	for seed := uint64(1); info.observations < benchDBObservations; seed++ {
		for _, r := range corpus.Generate(cat, dbReportsPerChunk, corpus.Options{Seed: seed, Start: start}) {
			ext, err := ingest.Extract(r.Text, ingest.Options{File: r.File, ReportDate: r.ReportDate, PeriodStart: r.PeriodStart, Catalog: cat})
			if err != nil {
				db.Close()
				return dbInfo{}, fmt.Errorf("extract %s: %w", r.File, err)
			}
			ext.Report.Title = fmt.Sprintf("%s, reeks %d", r.Title, seed) // titles and dates identify a report
			res, err := db.IngestReport(ctx, ext)
			if err != nil {
				db.Close()
				return dbInfo{}, fmt.Errorf("ingest %s: %w", r.File, err)
			}
			info.reports++
			info.observations += res.Figures + res.Derived
			start = peil.DateOf(r.ReportDate.AddDate(0, 1, 0))
		}
	}
	// Count what the store holds (derived observations may be fewer than the
	// figures they come from, and some figures may repeat).
	info.observations = 0
	err = db.Observations(ctx, peil.Filter{}, func(*peil.Observation) error { info.observations++; return nil })
	if err != nil {
		db.Close()
		return dbInfo{}, err
	}
	return info, db.Close()
})

// dbInfo describes the database of BenchmarkExportDB1M.
type dbInfo struct {
	path                  string
	reports, observations int
}

// exportDB exports the whole programme from the database file at path to w
// with export.XLSX, as `peil export --format xlsx` does.
func exportDB(path string, w io.Writer) error {
	ctx := context.Background()
	cat, err := data.Catalog()
	if err != nil {
		return err
	}
	db, err := analytics.Open(ctx, path, analytics.Options{Catalog: cat, ReadOnly: true})
	if err != nil {
		return err
	}
	defer db.Close()
	return XLSX(ctx, db, peil.ExportOptions{}, w)
}

// BenchmarkExportDB1M exports the workbook of the whole programme from a
// DuckDB file holding about 1,000,000 observations of synthetic reports: the
// real path of `peil export --format xlsx`, queries, Tijdreeksen, Maatregelen,
// Gebeurtenissen and Vergelijking included. Building the database (several
// minutes) is outside the timer.
func BenchmarkExportDB1M(b *testing.B) {
	info, err := benchDB()
	if err != nil {
		b.Fatal(err)
	}
	var size countWriter
	b.ResetTimer()
	for range b.N {
		size = 0
		if err := exportDB(info.path, &size); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(info.reports), "reports")
	b.ReportMetric(float64(info.observations), "observations")
	b.ReportMetric(float64(size)/1e6, "file-MB")
	b.ReportMetric(peakMB(b, "exportdb", peakDBEnv+"="+info.path), "peak-MB")
}
