// Package xlsx writes Peil's data as Excel workbooks (with excelize) and as CSV,
// for evaluators who work in spreadsheets.
//
// Gathering (Export, ExportCSV: database queries) is kept apart from writing
// (Workbook: domain values to excelize), so the writing can be tested and
// measured without a database.
package xlsx

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"time"

	"github.com/peil-dev/peil"
	"github.com/peil-dev/peil/analytics"
)

// Export writes the workbook for the observations that f selects to w: the
// sheets Toelichting, Waarnemingen, Tijdreeksen, Maatregelen, Gebeurtenissen,
// Vergelijking and Grafieken. An unknown measure or indicator in f gives an
// *peil.Error with code ENOTFOUND.
func Export(ctx context.Context, db *analytics.DB, f peil.Filter, w io.Writer) error {
	wb, err := Gather(ctx, db, f)
	if err != nil {
		return fmt.Errorf("export workbook: %w", err)
	}
	if _, err := wb.WriteTo(w); err != nil {
		return fmt.Errorf("export workbook: %w", err)
	}
	return nil
}

// ExportCSV writes the observations that f selects to w as CSV: the columns of
// the Waarnemingen sheet, separated by semicolons, in UTF-8 with a byte order
// mark, with neutralised text (see Workbook.WriteCSV).
func ExportCSV(ctx context.Context, db *analytics.DB, f peil.Filter, w io.Writer) error {
	if _, err := checkFilter(ctx, db, f); err != nil {
		return fmt.Errorf("export csv: %w", err)
	}
	wb := &Workbook{Filter: f}
	var err error
	if wb.Reports, err = db.Reports(ctx); err != nil {
		return fmt.Errorf("export csv: %w", err)
	}
	if wb.Measures, err = db.Measures(ctx); err != nil {
		return fmt.Errorf("export csv: %w", err)
	}
	if wb.Indicators, err = db.Indicators(ctx, 0); err != nil {
		return fmt.Errorf("export csv: %w", err)
	}
	wb.Observations = observations(ctx, db, f)
	if _, err := wb.WriteCSV(w); err != nil {
		return fmt.Errorf("export csv: %w", err)
	}
	return nil
}

// checkFilter returns ENOTFOUND for a measure or indicator that does not
// exist, EINVALID for an indicator of another measure than the filter's, and
// otherwise the measure the selection is about: the filter's, or its
// indicator's (0: all measures).
func checkFilter(ctx context.Context, db *analytics.DB, f peil.Filter) (int, error) {
	if f.Measure != 0 {
		if _, err := db.Measure(ctx, f.Measure); err != nil {
			return 0, err
		}
	}
	if f.Indicator == "" {
		return f.Measure, nil
	}
	s, err := db.Series(ctx, f.Indicator)
	if err != nil {
		return 0, err
	}
	if f.Measure != 0 && s.Indicator.Measure != f.Measure {
		return 0, peil.Errorf(peil.EINVALID, "indicator %s hoort bij maatregel %d, niet bij maatregel %d",
			f.Indicator, s.Indicator.Measure, f.Measure)
	}
	return s.Indicator.Measure, nil
}

// observations streams the observations that f selects from db, in the
// order of db.Observations.
func observations(ctx context.Context, db *analytics.DB, f peil.Filter) func(func(*peil.Observation) error) error {
	return func(yield func(*peil.Observation) error) error {
		return db.Observations(ctx, f, yield)
	}
}

// Gather reads from db everything the workbook for f shows. Observations are
// not read here: the returned Workbook streams them from db when it is written,
// so it must be written before db is closed.
func Gather(ctx context.Context, db *analytics.DB, f peil.Filter) (*Workbook, error) {
	measure, err := checkFilter(ctx, db, f)
	if err != nil {
		return nil, err
	}
	wb := &Workbook{Filter: f, Generated: time.Now(), Database: filepath.Base(db.Path())}
	if db.Path() == "" {
		wb.Database = "(in het geheugen)"
	}
	if wb.Reports, err = db.Reports(ctx); err != nil {
		return nil, err
	}
	if wb.Clusters, err = db.Clusters(ctx); err != nil {
		return nil, err
	}
	all, err := db.Measures(ctx)
	if err != nil {
		return nil, err
	}
	if wb.Indicators, err = db.Indicators(ctx, 0); err != nil {
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
	// Tijdreeksen is built from the same stream of observations as
	// Waarnemingen, one indicator at a time; see seriesCollector.
	var inds []peil.Indicator
	for _, ind := range wb.Indicators {
		if (measure == 0 || ind.Measure == measure) && (f.Indicator == "" || ind.ID == f.Indicator) {
			inds = append(inds, ind)
		}
	}
	wb.collect = newSeriesCollector(inds, measure != 0)
	for _, r := range wb.Reports {
		wb.collect.reports = append(wb.collect.reports, r.Report)
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
func (wb *Workbook) gatherComparison(ctx context.Context, db *analytics.DB, measure int) error {
	f := wb.Filter
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
		if id := wb.Filter.Indicator; id != "" {
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
