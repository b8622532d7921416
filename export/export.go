// Package export writes Peil's data for evaluators who work in
// spreadsheets: Excel workbooks (with excelize) and CSV.
//
// It reads through Store, the read side of the database (which
// analytics.DB provides; cmd wires the two), and writes domain values: the
// Workbook is built from peil types only, so that writing can be tested and
// measured without a database.
package export

import (
	"context"
	"io"
	"path/filepath"
	"slices"
	"strconv"
	"time"

	"github.com/peil-dev/peil"
)

// Store is what an export reads: reports, the catalog, the indicators with
// observations, status texts, events,
// the comparison of two reports and the stream of observations, as
// analytics.DB gives them.
type Store interface {
	Reports(ctx context.Context) ([]peil.ReportSummary, error)
	Catalog(ctx context.Context) (*peil.Catalog, error)
	Measures(ctx context.Context) ([]peil.Measure, error)
	Indicators(ctx context.Context, measure int) ([]peil.Indicator, error)
	Statuses(ctx context.Context) ([]peil.MeasureStatus, error)
	MeasureStatuses(ctx context.Context, nr int) ([]peil.MeasureStatus, error)
	Events(ctx context.Context, measure int) ([]peil.Event, error)
	Compare(ctx context.Context, from, to int64) (*peil.Comparison, error)
	Observations(ctx context.Context, f peil.Filter, fn func(*peil.Observation) error) error
	Path() string // the database file, named on Toelichting; "" in memory
}

// XLSX writes the workbook of o to w: the sheets Toelichting, Waarnemingen,
// Tijdreeksen, Maatregelen, Gebeurtenissen, Vergelijking and Grafieken. An
// unknown measure or indicator in o.Filter gives an *peil.Error with code
// ENOTFOUND.
func XLSX(ctx context.Context, db Store, o peil.ExportOptions, w io.Writer) (err error) {
	defer peil.Wrap(&err, "export workbook")
	wb, err := Gather(ctx, db, o)
	if err != nil {
		return err
	}
	if _, err := wb.WriteTo(w); err != nil {
		return err
	}
	return nil
}

// CSV writes the observations that f selects to w as CSV: the columns of
// the Waarnemingen sheet, separated by semicolons, in UTF-8 with a byte order
// mark, with neutralised text (see Workbook.WriteCSV).
func CSV(ctx context.Context, db Store, f peil.Filter, w io.Writer) (err error) {
	defer peil.Wrap(&err, "export csv")
	wb := &Workbook{Options: peil.ExportOptions{Filter: f}}
	if wb.Measures, _, err = wb.gatherNames(ctx, db); err != nil {
		return err
	}
	wb.Observations = observations(ctx, db, f)
	_, err = wb.WriteCSV(w)
	return err
}

// checkFilter returns ENOTFOUND for a measure or indicator that does not
// exist (among measures and indicators, those of the catalog and those with
// observations), EINVALID for an indicator of
// another measure than the filter's, and otherwise the measure the selection
// is about: the filter's, or its indicator's (0: all measures).
func checkFilter(f peil.Filter, measures []peil.Measure, indicators []peil.Indicator) (int, error) {
	if f.Measure != 0 && !slices.ContainsFunc(measures, func(m peil.Measure) bool { return m.Nr == f.Measure }) {
		return 0, peil.Errorf(peil.ENOTFOUND, "maatregel %d niet gevonden", f.Measure)
	}
	if f.Indicator == "" {
		return f.Measure, nil
	}
	i := slices.IndexFunc(indicators, func(ind peil.Indicator) bool { return ind.ID == f.Indicator })
	if i < 0 {
		return 0, peil.Errorf(peil.ENOTFOUND, "indicator %q niet gevonden", f.Indicator)
	}
	ind := indicators[i]
	if f.Measure != 0 && ind.Measure != f.Measure {
		return 0, peil.Errorf(peil.EINVALID, "indicator %s hoort bij maatregel %d, niet bij maatregel %d",
			f.Indicator, ind.Measure, f.Measure)
	}
	return ind.Measure, nil
}

// gatherNames reads what both exports name their rows by (wb.Reports,
// wb.Indicators, wb.Clusters) and checks wb.Options.Filter against the
// measures and indicators (see checkFilter). It returns every measure and
// the measure the selection is about (0: all).
func (wb *Workbook) gatherNames(ctx context.Context, db Store) (all []peil.Measure, measure int, err error) {
	if wb.Reports, err = db.Reports(ctx); err != nil {
		return nil, 0, err
	}
	if all, err = db.Measures(ctx); err != nil {
		return nil, 0, err
	}
	if wb.Indicators, err = db.Indicators(ctx, 0); err != nil {
		return nil, 0, err
	}
	cat, err := db.Catalog(ctx)
	if err != nil {
		return nil, 0, err
	}
	wb.Clusters = cat.Clusters
	if measure, err = checkFilter(wb.Options.Filter, all, append(cat.Indicators, wb.Indicators...)); err != nil {
		return nil, 0, err
	}
	return all, measure, nil
}

// observations streams the observations that f selects from db, in the
// order of db.Observations.
func observations(ctx context.Context, db Store, f peil.Filter) func(func(*peil.Observation) error) error {
	return func(yield func(*peil.Observation) error) error {
		return db.Observations(ctx, f, yield)
	}
}

// Gather reads from db everything the workbook of o shows. Observations are
// not read here: the returned
// Workbook streams them from db when it is written, so it must be written
// before db is closed.
func Gather(ctx context.Context, db Store, o peil.ExportOptions) (*Workbook, error) {
	f := o.Filter
	wb := &Workbook{Options: o, Generated: time.Now(), Database: filepath.Base(db.Path())}
	if db.Path() == "" {
		wb.Database = "(in het geheugen)"
	}
	all, measure, err := wb.gatherNames(ctx, db)
	if err != nil {
		return nil, err
	}
	for _, m := range all {
		if measure == 0 || m.Nr == measure {
			wb.Measures = append(wb.Measures, m)
		}
	}
	// Maatregelen: a small store's status texts in one query, a big store's
	// one measure at a time (see Workbook.StatusesOf).
	if statusRows(wb.Reports) <= statusesAtOnce {
		if wb.Statuses, err = db.Statuses(ctx); err != nil {
			return nil, err
		}
	} else {
		wb.StatusesOf = func(nr int) ([]peil.MeasureStatus, error) { return db.MeasureStatuses(ctx, nr) }
	}
	if wb.Events, err = db.Events(ctx, measure); err != nil {
		return nil, err
	}
	if err := wb.gatherComparison(ctx, db, measure); err != nil {
		return nil, err
	}
	wb.Observations = observations(ctx, db, f)
	return wb, nil
}

// statusesAtOnce is how many status texts Gather reads in one query at most
// (some 10 MB of text); more are read one measure at a time. A variable for
// the tests.
var statusesAtOnce = 20_000

// statusRows returns how many status texts the reports hold.
func statusRows(reports []peil.ReportSummary) int {
	n := 0
	for _, r := range reports {
		n += r.Measures
	}
	return n
}

// gatherComparison compares the reports of the filter (by default the latest
// with the previous one), keeping the measure (and indicator) of the
// selection. With fewer than two reports the workbook says so instead; a
// report of the filter that does not exist is an error.
func (wb *Workbook) gatherComparison(ctx context.Context, db Store, measure int) error {
	f := wb.Options
	c, err := db.Compare(ctx, f.CompareFrom, f.CompareTo)
	if f.CompareFrom == 0 && f.CompareTo == 0 && (peil.ErrorCode(err) == peil.EINVALID || peil.ErrorCode(err) == peil.ENOTFOUND) {
		wb.NoCompare = "Er is geen vergelijking: daarvoor zijn ten minste twee rapporten nodig, " +
			"en de database bevat er " + strconv.Itoa(len(wb.Reports)) + "."
		return nil
	}
	if err != nil {
		return err
	}
	keep := c.Measures[:0:0]
	for _, m := range c.Measures {
		if measure != 0 && m.Measure.Nr != measure {
			continue
		}
		if id := wb.Options.Filter.Indicator; id != "" {
			m.Moved = only(m.Moved, id)
			m.Appeared = only(m.Appeared, id)
			m.Disappeared = only(m.Disappeared, id)
		}
		keep = append(keep, m)
	}
	c.Measures = keep
	wb.Comparison = c
	return nil
}

// only returns the movements of indicator id.
func only(ms []peil.Movement, id peil.IndicatorID) []peil.Movement {
	var out []peil.Movement
	for _, m := range ms {
		if m.Indicator.ID == id {
			out = append(out, m)
		}
	}
	return out
}

// Service writes the exports of one store: the server's downloads.
type Service struct{ Store Store }

// XLSX writes the workbook of o to w (see XLSX).
func (s Service) XLSX(ctx context.Context, o peil.ExportOptions, w io.Writer) error {
	return XLSX(ctx, s.Store, o, w)
}

// CSV writes the observations that f selects to w (see CSV).
func (s Service) CSV(ctx context.Context, f peil.Filter, w io.Writer) error {
	return CSV(ctx, s.Store, f, w)
}
