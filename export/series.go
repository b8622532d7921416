package export

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/peil-dev/peil"
)

// seriesColumns are the leading columns of Tijdreeksen; one column per period
// end follows them.
var seriesColumns = []column{
	{header: "Nr", width: 6},
	{header: "Indicator", width: 26},
	{header: "Indicatornaam", width: 44},
	{header: "Eenheid", width: 12},
	{header: "Soort", width: 16},
}

// periodWidth is the width of the period columns of Tijdreeksen.
const periodWidth = 12.0

// maxPeriodColumns is how many period columns fit on Tijdreeksen beside its
// leading columns: Excel has at most 16,384 columns.
var maxPeriodColumns = excelize.MaxColumns - len(seriesColumns)

// maxSeriesNotes is how many cells of Tijdreeksen get a note at most. Excel
// and excelize keep every note of a sheet in memory, with its drawing (the
// cost per note: BENCHMARKS.md, "Figures from code comments"), so a big
// selection gets notes on its most
// recent marked cells only; their style still marks the others, and
// Waarnemingen has every value with its sentence. A variable for the tests.
var maxSeriesNotes = 2_000

// maxNoteStatements is how many earlier statements a note lists at most.
const maxNoteStatements = 5

// seriesRow is a row of Tijdreeksen: an indicator and, by period end
// ascending, the value shown for each of its periods.
type seriesRow struct {
	ind   peil.Indicator
	cells []seriesCell
}

// seriesCell is the latest statement of a point, reduced to what Tijdreeksen
// shows (40 bytes, plus the note: a million of them fit in memory).
type seriesCell struct {
	end       int32 // period end (the column), as days since 1970-01-01
	stated    int32 // report date of the statement, to pick the latest per period end
	mark      mark
	wantsNote bool // marked or revised
	gap       bool // a report before it said nothing about the indicator (peil.Point.Gap)
	value     float64
	note      string // "" for none (or dropped, see seriesCollector.pruneNotes)
}

// dayOf returns d as days since 1970-01-01.
func dayOf(d peil.Date) int32 {
	return int32(d.Time.Unix() / 86400) // Unix rounds toward zero; peil dates are at midnight UTC
}

// dateOfDay is the inverse of dayOf.
func dateOfDay(n int32) peil.Date {
	return peil.NewDate(1970, time.January, 1+int(n))
}

// seriesCells reduces points (ordered by period end) to one cell per period
// end: the point stated last (several points can end on one day when their
// periods start differently; Waarnemingen has them all).
func seriesCells(points []peil.Point) []seriesCell {
	cells := make([]seriesCell, 0, len(points))
	for i := range points {
		p := &points[i]
		c := seriesCell{end: dayOf(p.PeriodEnd), stated: dayOf(p.ReportDate), value: p.Value, mark: markOf(p.Qualifier, p.Source),
			gap: p.Gap}
		if c.mark != markNone || p.Revised || p.Conflict || p.Expected {
			c.wantsNote, c.note = true, cellNote(p)
		}
		if n := len(cells); n > 0 && cells[n-1].end == c.end {
			if c.stated > cells[n-1].stated {
				cells[n-1] = c
			}
			continue
		}
		cells = append(cells, c)
	}
	return cells
}

// mergeCells merges two cell lists of one indicator, both by period end,
// keeping per period end the cell stated last.
func mergeCells(a, b []seriesCell) []seriesCell {
	out := make([]seriesCell, 0, len(a)+len(b))
	for len(a) > 0 && len(b) > 0 {
		switch {
		case a[0].end < b[0].end:
			out, a = append(out, a[0]), a[1:]
		case b[0].end < a[0].end:
			out, b = append(out, b[0]), b[1:]
		default:
			c := a[0]
			if b[0].stated > c.stated {
				c = b[0]
			}
			out, a, b = append(out, c), a[1:], b[1:]
		}
	}
	return append(append(out, a...), b...)
}

// seriesCollector builds the rows of Tijdreeksen from the stream of
// observations that also fills Waarnemingen, so that the workbook never holds
// whole series (with every statement and sentence) in memory: it keeps the
// observations of one indicator at a time and reduces them to cells.
type seriesCollector struct {
	inds     map[peil.IndicatorID]peil.Indicator // the selection's indicators
	chartAll bool                                // chart every series, not only key indicators
	cur      peil.IndicatorID
	buf      []peil.Observation
	rows     map[peil.IndicatorID]*seriesRow
	notes    int           // cells with a note in rows
	reports  []peil.Report // the store's reports, for the gaps (peil.MarkGaps)
}

// newSeriesCollector returns the collector of the selection's indicators:
// those of the filter's measure (or its indicator's), or all. Every series of
// a measure or indicator gets a chart; without either, the key indicators do.
func (wb *Workbook) newSeriesCollector() *seriesCollector {
	f := wb.Options.Filter
	measure := f.Measure
	for _, ind := range wb.Indicators {
		if f.Indicator != "" && ind.ID == f.Indicator {
			measure = ind.Measure
		}
	}
	c := &seriesCollector{inds: map[peil.IndicatorID]peil.Indicator{}, chartAll: measure != 0,
		rows: map[peil.IndicatorID]*seriesRow{}}
	for _, ind := range wb.Indicators {
		if (measure == 0 || ind.Measure == measure) && (f.Indicator == "" || ind.ID == f.Indicator) {
			c.inds[ind.ID] = ind
		}
	}
	for _, r := range wb.Reports {
		c.reports = append(c.reports, r.Report)
	}
	return c
}

// reset forgets what was collected, for a new pass over the observations or
// to free it once Tijdreeksen is written.
func (c *seriesCollector) reset() {
	c.cur, c.buf, c.rows, c.notes = "", nil, map[peil.IndicatorID]*seriesRow{}, 0
}

// add takes the next observation of the stream, which is ordered by
// indicator within each measure.
func (c *seriesCollector) add(o *peil.Observation) {
	if o.Indicator != c.cur {
		c.flush()
		c.cur = o.Indicator
	}
	ind, ok := c.inds[o.Indicator]
	if !ok || !ind.Kind.SameQuantity(o.Kind) {
		return
	}
	obs := *o
	obs.Measure, obs.Unit = ind.Measure, ind.Unit
	c.buf = append(c.buf, obs)
}

// flush reduces the buffered observations of the current indicator to cells.
func (c *seriesCollector) flush() {
	if len(c.buf) == 0 {
		return
	}
	points := peil.Points(c.buf)
	peil.MarkGaps(points, c.reports)
	cells := seriesCells(points)
	clear(c.buf) // let go of the sentences
	c.buf = c.buf[:0]
	for _, x := range cells {
		if x.note != "" {
			c.notes++
		}
	}
	if r, ok := c.rows[c.cur]; ok {
		r.cells = mergeCells(r.cells, cells)
	} else {
		c.rows[c.cur] = &seriesRow{ind: c.inds[c.cur], cells: cells}
	}
	if c.notes > 2*maxSeriesNotes {
		c.pruneNotes()
	}
}

// pruneNotes drops the notes of all but the maxSeriesNotes most recent
// periods (ties kept): writeSeries keeps no more than those anyway.
func (c *seriesCollector) pruneNotes() {
	var ends []int32
	for _, r := range c.rows {
		for _, x := range r.cells {
			if x.note != "" {
				ends = append(ends, x.end)
			}
		}
	}
	if len(ends) <= maxSeriesNotes {
		return
	}
	slices.Sort(ends)
	oldest := ends[len(ends)-maxSeriesNotes]
	c.notes = 0
	for _, r := range c.rows {
		for i := range r.cells {
			if x := &r.cells[i]; x.note != "" {
				if x.end < oldest {
					x.note = ""
				} else {
					c.notes++
				}
			}
		}
	}
}

// seriesRows returns the rows of Tijdreeksen, collected from the
// observations in the order of wb.Indicators, and sets wb.charts.
func (wb *Workbook) seriesRows() []*seriesRow {
	c := wb.collect
	c.flush()
	var rows []*seriesRow
	wb.charts = nil
	for _, ind := range wb.Indicators {
		r, ok := c.rows[ind.ID]
		if !ok || len(r.cells) == 0 {
			continue
		}
		rows = append(rows, r)
		if c.chartAll || ind.Key {
			wb.charts = append(wb.charts, ind.ID)
		}
	}
	return rows
}

// seriesGrid says where Tijdreeksen put each series, for the charts.
type seriesGrid struct {
	rows    map[peil.IndicatorID]int // sheet row of each series
	periods int                      // period columns, after the leading columns
	series  map[peil.IndicatorID]*seriesRow
}

// periodCols returns the range of period cells in sheet row r, as a chart reference.
func (g *seriesGrid) periodCols(r int) string {
	first, _ := excelize.ColumnNumberToName(len(seriesColumns) + 1)
	last, _ := excelize.ColumnNumberToName(len(seriesColumns) + g.periods)
	return fmt.Sprintf("%s!$%s$%d:$%s$%d", sheetSeries, first, r, last, r)
}

// writeSeries writes Tijdreeksen: one row per indicator, one column per period
// end (the most recent ones when there are more than fit), holding the latest
// statement of each point. Approximate and derived values are marked by their
// style and (up to maxSeriesNotes) carry a note with the text they come from.
func (wb *Workbook) writeSeries(f *excelize.File, st *styles) (*seriesGrid, error) {
	rows := wb.seriesRows()
	// The rows are all that is needed of what was collected; let the rest
	// go before the other sheets are written.
	defer wb.collect.reset()
	var ends []int32
	seen := map[int32]bool{}
	for _, r := range rows {
		for _, c := range r.cells {
			if !seen[c.end] {
				seen[c.end] = true
				ends = append(ends, c.end)
			}
		}
	}
	slices.Sort(ends)
	limit := wb.periodLimit
	if limit <= 0 {
		limit = maxPeriodColumns
	}
	wb.PeriodsOmitted = 0
	if len(ends) > limit {
		wb.PeriodsOmitted = len(ends) - limit
		ends = ends[len(ends)-limit:]
	}
	wb.periodColumns = len(ends)
	colOf := make(map[int32]int, len(ends))
	for i, d := range ends {
		colOf[d] = len(seriesColumns) + i
	}
	grid := &seriesGrid{rows: make(map[peil.IndicatorID]int, len(rows)), periods: len(ends),
		series: make(map[peil.IndicatorID]*seriesRow, len(rows))}

	// The period columns take the sheet's default width: a width range of
	// their own would make excelize keep one entry per column, which every
	// streamed cell then walks (see setColWidths).
	width := periodWidth
	if err := f.SetSheetProps(sheetSeries, &excelize.SheetPropsOptions{DefaultColWidth: &width}); err != nil {
		return nil, err
	}
	sw, err := f.NewStreamWriter(sheetSeries)
	if err != nil {
		return nil, err
	}
	hs := headers(seriesColumns)
	widths := make([]float64, 0, len(seriesColumns))
	for _, c := range seriesColumns {
		widths = append(widths, c.width)
	}
	for _, d := range ends {
		hs = append(hs, peil.FormatShortDate(dateOfDay(d)))
	}
	t := &table{name: "TabelTijdreeksen", top: 1, headers: uniqueHeaders(hs), widths: widths}
	if err := t.start(sw, st); err != nil {
		return nil, err
	}
	rw := newRowWriter(st, len(hs))
	cells := make([]cell, len(hs))
	type note struct {
		end  int32
		col  int
		row  int
		text string
	}
	var notes []note
	wanted := 0 // cells that should have a note
	r := t.top
	for _, row := range rows {
		r++
		grid.rows[row.ind.ID] = r
		grid.series[row.ind.ID] = row
		ind := row.ind
		cells[0] = intCell(ind.Measure)
		cells[1] = textCell(string(ind.ID))
		cells[2] = textCell(ind.Label)
		cells[3] = textCell(ind.Unit)
		cells[4] = textCell(ind.Kind.Dutch())
		for i := len(seriesColumns); i < len(cells); i++ {
			cells[i] = cell{}
		}
		for _, c := range row.cells {
			col, ok := colOf[c.end]
			if !ok {
				continue
			}
			cells[col] = numberCell(c.value, ind.Unit, ind.Kind, c.mark)
			if c.wantsNote {
				wanted++
			}
			if c.note != "" {
				notes = append(notes, note{end: c.end, col: col + 1, row: r, text: c.note})
			}
		}
		if err := sw.SetRow("A"+strconv.Itoa(r), rw.values(cells)); err != nil {
			return nil, err
		}
	}
	if err := t.finish(sw, r); err != nil {
		return nil, err
	}
	if len(notes) > maxSeriesNotes {
		// Keep the notes of the most recent periods.
		sort.SliceStable(notes, func(i, j int) bool { return notes[i].end > notes[j].end })
		notes = notes[:maxSeriesNotes]
	}
	wb.NotesOmitted = wanted - len(notes)
	for _, n := range notes {
		ref, _ := excelize.CoordinatesToCellName(n.col, n.row)
		if err := f.AddComment(sheetSeries, excelize.Comment{Cell: ref, Author: "Peil", Text: n.text}); err != nil {
			return nil, err
		}
	}
	return grid, nil
}

// cellNote is the note on a marked cell of Tijdreeksen: how the value was
// stated, by which report, and how it was derived or revised.
func cellNote(p *peil.Point) string {
	var b strings.Builder
	switch {
	case p.Source == peil.SourceDerived:
		// Derivations read "afgeleid: 97 − 30 ..." already; say it once.
		d := p.Derivation
		if rest, ok := cutPrefixFold(d, "afgeleid:"); ok {
			d = strings.TrimSpace(rest)
		}
		b.WriteString("Afgeleide waarde")
		if d != "" {
			b.WriteString(": " + d)
		}
	case p.Source == peil.SourceImported:
		// An import is no report: its value comes from the source it cites.
		fmt.Fprintf(&b, "Geïmporteerd (%s)", p.Qualifier.Dutch())
		if p.Citation != "" {
			b.WriteString("; bron: " + p.Citation)
		}
	case p.Text != "":
		fmt.Fprintf(&b, "In het rapport: %q (%s)", p.Text, p.Qualifier.Dutch())
	default:
		b.WriteString("Kwalificatie: " + p.Qualifier.Dutch())
	}
	if !p.ReportDate.IsZero() {
		b.WriteString("; rapport van " + peil.FormatShortDate(p.ReportDate))
	}
	// The point shows the last report's statement (ReportStatements ends
	// with it), so the others it lists came before it.
	if reps := p.ReportStatements(); p.Revised && len(reps) > 1 {
		b.WriteString(". Herzien; eerdere uitspraken:")
		earlier := reps[:len(reps)-1]
		if len(earlier) > maxNoteStatements {
			fmt.Fprintf(&b, " (de oudste %d weggelaten)", len(earlier)-maxNoteStatements)
			earlier = earlier[len(earlier)-maxNoteStatements:]
		}
		for _, s := range earlier {
			if s.ReportDate.IsZero() {
				fmt.Fprintf(&b, " %s geïmporteerd;", peil.FormatNumber(s.Value))
				continue
			}
			fmt.Fprintf(&b, " %s in rapport %s;", peil.FormatNumber(s.Value), peil.FormatShortDate(s.ReportDate))
		}
	}
	if p.Conflict {
		b.WriteString(". Strijdig: " + p.Note)
	}
	if p.Expected {
		b.WriteString(". Verwachting: in de toekomende tijd geschreven, geen bereikte waarde")
	}
	return b.String()
}

// cutPrefixFold is strings.CutPrefix, ignoring case.
func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return s, false
}

// Chart placement on Grafieken: two charts side by side, each chartRows high;
// each chart's data (its own periods) in two columns from chartDataCol on.
const (
	chartWidth   = 620
	chartHeight  = 300
	chartRows    = 17
	chartTopRow  = 4
	chartColumns = 2
	chartDataCol = 24 // column X
	// chartBandsPerPage is how many bands of charts side by side fit on one
	// printed page (landscape A4, fit to the width of columns A to T): the
	// page breaks between bands keep a chart from being cut in two.
	chartBandsPerPage = 2
)

// writeCharts writes Grafieken: for every series in wb.charts a native chart
// of its own periods over time (a scatter chart with lines, so that the
// distance between points is the time between them), titled with the
// indicator's Dutch label, the unit as axis title, counts and amounts from
// zero, ratings on their scale, and the line broken where a report said
// nothing about the indicator. Its data sit beside the charts, from column X.
func (wb *Workbook) writeCharts(f *excelize.File, st *styles, grid *seriesGrid) error {
	if err := f.SetColWidth(sheetCharts, "A", "T", 9.5); err != nil {
		return err
	}
	if err := f.SetCellStr(sheetCharts, "A1", "Grafieken"); err != nil {
		return err
	}
	if err := f.SetCellStyle(sheetCharts, "A1", "A1", st.title); err != nil {
		return err
	}
	var drawn []*seriesRow
	for _, id := range wb.charts {
		if row, ok := grid.series[id]; ok && len(row.cells) > 0 {
			drawn = append(drawn, row)
		}
	}
	intro := "Elke grafiek toont één indicator door de tijd: per periode de geldende waarde (zie Tijdreeksen), " +
		"op afstand naar de tijd ertussen. Een onderbroken lijn: een rapportage daartussen noemde geen waarde. " +
		"De gegevens van de grafieken staan rechts ervan, vanaf kolom X."
	if len(drawn) == 0 {
		intro = "Er zijn geen indicatoren met waarnemingen voor deze selectie, dus ook geen grafieken."
	}
	if err := f.SetCellStr(sheetCharts, "A2", intro); err != nil {
		return err
	}
	if err := f.SetCellStyle(sheetCharts, "A2", "A2", st.note); err != nil {
		return err
	}
	if err := f.MergeCell(sheetCharts, "A2", "T2"); err != nil {
		return err
	}
	if err := f.SetRowHeight(sheetCharts, 2, 32); err != nil {
		return err
	}
	for i, row := range drawn {
		if err := wb.addChart(f, st, i, row); err != nil {
			return fmt.Errorf("chart %s: %w", row.ind.ID, err)
		}
	}
	// Printed: the charts, not their data beside them, which would make
	// the page so wide that fitting it shrinks the charts to stamps.
	lastRow := chartTopRow + (len(drawn)+chartColumns-1)/chartColumns*chartRows
	for r := chartTopRow + chartBandsPerPage*chartRows; r < lastRow; r += chartBandsPerPage * chartRows {
		if err := f.InsertPageBreak(sheetCharts, "A"+strconv.Itoa(r)); err != nil {
			return fmt.Errorf("page break at row %d: %w", r, err)
		}
	}
	return f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Area", Scope: sheetCharts,
		RefersTo: "'" + sheetCharts + "'!$A$1:$T$" + strconv.Itoa(lastRow)})
}

// addChart adds chart i of Grafieken: its data beside the charts and the
// chart of row, titled with the indicator's label.
func (wb *Workbook) addChart(f *excelize.File, st *styles, i int, row *seriesRow) error {
	ind := row.ind
	title := ind.Label
	if title == "" {
		title = string(ind.ID)
	}
	xs, ys, err := wb.writeChartData(f, st, i, row)
	if err != nil {
		return err
	}
	col := 1 + (i%chartColumns)*10
	anchor, err := excelize.CoordinatesToCellName(col, chartTopRow+(i/chartColumns)*chartRows)
	if err != nil {
		return err
	}
	name, _ := excelize.CoordinatesToCellName(chartDataCol+2*i+1, chartTopRow-1)
	return f.AddChart(sheetCharts, anchor, &excelize.Chart{
		Type: excelize.Scatter,
		Series: []excelize.ChartSeries{{
			Name:       sheetCharts + "!" + absolute(name),
			Categories: xs,
			Values:     ys,
			Marker:     excelize.ChartMarker{Symbol: "circle", Size: 6},
			Line:       excelize.LineOptions{Type: excelize.LineSolid, Width: 2},
		}},
		Title:        excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: title}}},
		Legend:       excelize.ChartLegend{Position: "none"}, // one series: the title names it
		ShowBlanksAs: "gap",
		Dimension:    excelize.ChartDimension{Width: chartWidth, Height: chartHeight},
		XAxis:        excelize.ChartAxis{NumFmt: excelize.ChartNumFmt{CustomNumFmt: "m-yyyy"}},
		YAxis:        chartValueAxis(ind, row.cells),
		Format:       excelize.GraphicOptions{AltText: "Grafiek van " + title + " door de tijd"},
	})
}

// absolute makes a cell name absolute: X3 becomes $X$3.
func absolute(cell string) string {
	col, row, err := excelize.SplitCellName(cell)
	if err != nil {
		return cell
	}
	return "$" + col + "$" + strconv.Itoa(row)
}

// writeChartData writes the data of chart i beside the charts: a header with
// the label, then per period its end (a date) and value, and an empty row
// before a period that follows a gap, so that the chart's line breaks there.
// It returns the ranges of the dates and of the values.
func (wb *Workbook) writeChartData(f *excelize.File, st *styles, i int, row *seriesRow) (xs, ys string, err error) {
	dc, vc := chartDataCol+2*i, chartDataCol+2*i+1
	set := func(col, r int, v any, style int) error {
		cell, err := excelize.CoordinatesToCellName(col, r)
		if err != nil {
			return err
		}
		if err := f.SetCellValue(sheetCharts, cell, v); err != nil {
			return err
		}
		return f.SetCellStyle(sheetCharts, cell, cell, style)
	}
	label := row.ind.Label
	if label == "" {
		label = string(row.ind.ID)
	}
	if err := set(dc, chartTopRow-1, "Periode eind", st.bold); err != nil {
		return "", "", err
	}
	if err := set(vc, chartTopRow-1, peil.SpreadsheetSafe(label), st.bold); err != nil {
		return "", "", err
	}
	r := chartTopRow
	for k, c := range row.cells {
		if c.gap && k > 0 {
			r++ // an empty row: the line breaks
		}
		if err := set(dc, r, serial(dateOfDay(c.end)), st.date); err != nil {
			return "", "", err
		}
		nf := formatFor(c.value, row.ind.Unit, row.ind.Kind)
		if err := set(vc, r, cellValue(c.value, nf), st.value[nf][c.mark]); err != nil {
			return "", "", err
		}
		r++
	}
	first, _ := excelize.CoordinatesToCellName(dc, chartTopRow)
	last, _ := excelize.CoordinatesToCellName(dc, r-1)
	vfirst, _ := excelize.CoordinatesToCellName(vc, chartTopRow)
	vlast, _ := excelize.CoordinatesToCellName(vc, r-1)
	return sheetCharts + "!" + absolute(first) + ":" + absolute(last), sheetCharts + "!" + absolute(vfirst) + ":" + absolute(vlast), nil
}

// chartValueAxis is the value axis of a chart of ind: its unit as title,
// from zero for counts and amounts that are not negative, a rating on its
// whole scale.
func chartValueAxis(ind peil.Indicator, cells []seriesCell) excelize.ChartAxis {
	ax := excelize.ChartAxis{MajorGridLines: true, NumFmt: excelize.ChartNumFmt{SourceLinked: true}}
	if u := strings.TrimSpace(ind.Unit); u != "" {
		ax.Title = excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: u}}}
	}
	low := 0.0
	for _, c := range cells {
		low = min(low, c.value)
	}
	switch ind.Kind {
	case peil.KindRating:
		zero, top := 0.0, peil.RatingScale(ind.Unit)
		ax.Minimum, ax.Maximum = &zero, &top
	case peil.KindStock, peil.KindCumulative, peil.KindFlow, peil.KindAmount:
		if low >= 0 && !peil.IsPercent(ind.Unit) {
			zero := 0.0
			ax.Minimum = &zero
		}
	}
	return ax
}
