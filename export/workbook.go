package export

import (
	"archive/zip"
	"fmt"
	"io"
	"strconv"
	"sync"
	"time"

	"github.com/klauspost/compress/flate"
	"github.com/xuri/excelize/v2"

	"github.com/peil-dev/peil"
)

// The sheets of a workbook, in order.
const (
	sheetNotes        = "Toelichting"
	sheetObservations = "Waarnemingen"
	sheetSeries       = "Tijdreeksen"
	sheetMeasures     = "Maatregelen"
	sheetEvents       = "Gebeurtenissen"
	sheetComparison   = "Vergelijking"
	sheetCharts       = "Grafieken"
)

// Sheets lists the sheet names of a workbook, in order.
var Sheets = []string{sheetNotes, sheetObservations, sheetSeries, sheetMeasures, sheetEvents, sheetComparison, sheetCharts}

// maxDataRows is how many data rows fit on a sheet under its header row.
const maxDataRows = excelize.TotalRows - 1

// Workbook is everything a workbook shows, as domain values. Gather reads it
// through a Store; WriteTo turns it into an Excel file without touching the
// database, so that it can be tested and measured on its own. Tests and
// production take one path: Tijdreeksen and Grafieken are always built from
// Observations (with Indicators and Reports), never handed over ready-made.
type Workbook struct {
	Options   peil.ExportOptions // the selection, described on Toelichting
	Generated time.Time          // when the workbook was made
	Database  string             // the database it was made from (a file name)

	Reports    []peil.ReportSummary // source reports, by report date
	Clusters   []peil.Cluster
	Measures   []peil.Measure       // the selection's measures: rows of Maatregelen, titles on Waarnemingen
	Statuses   []peil.MeasureStatus // their status text per report (unless StatusesOf is set)
	Indicators []peil.Indicator     // labels for Waarnemingen
	Events     []peil.Event
	Comparison *peil.Comparison // latest report against the previous one; nil when there is none
	NoCompare  string           // why there is no comparison (Dutch), when Comparison is nil

	// Observations calls yield for every observation of Waarnemingen, in order,
	// and stops at the first error.
	Observations func(yield func(*peil.Observation) error) error

	// StatusesOf, when set, reads the status texts of measure nr (by report
	// date) for Maatregelen instead of Statuses, one measure at a time, so
	// that the texts of a big database are never all in memory.
	StatusesOf func(nr int) ([]peil.MeasureStatus, error)

	// Results of the last WriteTo.
	Written         int64 // observations on Waarnemingen
	Omitted         int64 // observations that did not fit on the sheet
	PeriodsOmitted  int   // oldest period ends that did not fit on Tijdreeksen
	NotesOmitted    int   // marked cells of Tijdreeksen without a note
	StatusesOmitted int   // status texts that did not fit on Maatregelen

	periodColumns int // period columns on Tijdreeksen, for Toelichting

	// collect builds the rows of Tijdreeksen from Observations while
	// Waarnemingen is written; charts are the series that get a chart.
	collect *seriesCollector
	charts  []peil.IndicatorID

	rowLimit    int64 // data rows on Waarnemingen; 0: as many as Excel allows
	periodLimit int   // period columns on Tijdreeksen; 0: as many as Excel allows

	reviewCounts map[peil.ReviewStatus]int64 // review states of the figures on Waarnemingen, for Toelichting
}

// WriteTo writes the workbook to w as an .xlsx file.
func (wb *Workbook) WriteTo(w io.Writer) (_ int64, err error) {
	defer peil.Wrap(&err, "write workbook")
	f := excelize.NewFile()
	defer f.Close()
	if err := wb.build(f); err != nil {
		return 0, err
	}
	// excelize would build the whole archive in memory before handing it on;
	// a zip writer on w instead streams it out from the stream writers' temp
	// files, which keeps memory flat for big sheets. (excelize's zip64 header
	// fix, skipped this way, only matters for parts over 4 GiB, which even a
	// full sheet of observations stays below; see BENCHMARKS.md, "export".)
	cw := &countingWriter{w: w}
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return newZipWriter(cw) })
	if _, err := f.WriteTo(io.Discard); err != nil {
		return cw.n, err
	}
	return cw.n, nil
}

// newZipWriter returns a zip writer on w that deflates with
// klauspost/compress at level 7 instead of the standard library's level 5:
// smaller and faster (measured in BENCHMARKS.md, "export"). Compressing is
// most of the time an export spends after its last row.
func newZipWriter(w io.Writer) *zip.Writer {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, pooledDeflater)
	return zw
}

// zipLevel is the deflate level of newZipWriter.
const zipLevel = 7

// deflaters keeps idle deflate writers: each holds about a megabyte of
// tables, and a workbook has some thirty parts.
var deflaters sync.Pool

// pooledDeflater is a zip compressor that takes its writer from deflaters and
// puts it back when the part is closed.
func pooledDeflater(out io.Writer) (io.WriteCloser, error) {
	if fw, ok := deflaters.Get().(*flate.Writer); ok {
		fw.Reset(out)
		return pooledWriter{fw}, nil
	}
	fw, err := flate.NewWriter(out, zipLevel)
	if err != nil {
		return nil, err
	}
	return pooledWriter{fw}, nil
}

// pooledWriter returns its deflate writer to deflaters on Close.
type pooledWriter struct{ *flate.Writer }

func (p pooledWriter) Close() error {
	err := p.Writer.Close()
	deflaters.Put(p.Writer)
	return err
}

// countingWriter counts what passes through it to w.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// headerRows is the header row of each data sheet, repeated at the top of
// every printed page.
var headerRows = map[string]int{
	sheetObservations: 1,
	sheetSeries:       1,
	sheetMeasures:     1,
	sheetEvents:       1,
	sheetComparison:   comparisonTop,
}

// pageSetup makes a sheet print on pages a person can read: landscape, A4,
// as wide as one page (as many pages down as it takes), and its header row
// (headerRow, 0 for none) repeated at the top of every page.
func pageSetup(f *excelize.File, sheet string, headerRow int) error {
	landscape, a4, wide, tall := "landscape", 9, 1, 0
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Orientation: &landscape, Size: &a4,
		FitToWidth: &wide, FitToHeight: &tall}); err != nil {
		return err
	}
	fit := true
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	if headerRow == 0 {
		return nil
	}
	r := strconv.Itoa(headerRow)
	return f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: sheet,
		RefersTo: "'" + sheet + "'!$" + r + ":$" + r})
}

// build fills f: every sheet is created first (that fixes their order), then
// the streamed data sheets are written, and Toelichting and Grafieken last,
// because they refer to what the others hold.
func (wb *Workbook) build(f *excelize.File) error {
	if err := f.SetSheetName("Sheet1", sheetNotes); err != nil {
		return err
	}
	for _, name := range Sheets[1:] {
		if _, err := f.NewSheet(name); err != nil {
			return err
		}
	}
	// Page setup before the stream writers, which keep what a sheet has.
	for _, name := range Sheets {
		if err := pageSetup(f, name, headerRows[name]); err != nil {
			return fmt.Errorf("sheet %s: page setup: %w", name, err)
		}
	}
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	wb.collect = wb.newSeriesCollector()
	var grid *seriesGrid // Tijdreeksen's rows, which Grafieken draws
	for _, sh := range []struct {
		name  string
		write func() error
	}{
		{sheetObservations, func() error { return wb.writeObservations(f, st) }},
		{sheetSeries, func() (err error) { grid, err = wb.writeSeries(f, st); return err }},
		{sheetMeasures, func() error { return wb.writeMeasures(f, st) }},
		{sheetEvents, func() error { return wb.writeEvents(f, st) }},
		{sheetComparison, func() error { return wb.writeComparison(f, st) }},
		{sheetCharts, func() error { return wb.writeCharts(f, st, grid) }},
		{sheetNotes, func() error { return wb.writeNotes(f, st) }},
	} {
		if err := sh.write(); err != nil {
			return fmt.Errorf("sheet %s: %w", sh.name, err)
		}
	}
	return f.SetDocProps(&excelize.DocProperties{
		Title:       "Peil: indicatoren Integrale Aanpak Jihadisme",
		Subject:     "Waarnemingen uit de voortgangsrapportages",
		Creator:     "Peil",
		Language:    "nl-NL",
		Created:     wb.Generated.UTC().Format(time.RFC3339),
		Description: "Gemaakt uit database " + wb.Database,
	})
}
