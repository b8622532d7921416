package xlsx

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

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

// seriesGrid says where Tijdreeksen put each series, for the charts.
type seriesGrid struct {
	rows    map[peil.IndicatorID]int // sheet row of each series
	periods int                      // period columns, after the leading columns
}

// periodCols returns the range of period cells in sheet row r, as a chart reference.
func (g *seriesGrid) periodCols(r int) string {
	first, _ := excelize.ColumnNumberToName(len(seriesColumns) + 1)
	last, _ := excelize.ColumnNumberToName(len(seriesColumns) + g.periods)
	return fmt.Sprintf("%s!$%s$%d:$%s$%d", sheetSeries, first, r, last, r)
}

// latestPerPeriod returns for each period end the point of s shown in the
// grid: the one stated last (several points can end on one day when their
// periods start differently; Waarnemingen has them all).
func latestPerPeriod(s *peil.Series) map[peil.Date]*peil.Point {
	m := make(map[peil.Date]*peil.Point, len(s.Points))
	for i := range s.Points {
		p := &s.Points[i]
		if q, ok := m[p.PeriodEnd]; !ok || p.ReportDate.After(q.ReportDate.Time) {
			m[p.PeriodEnd] = p
		}
	}
	return m
}

// writeSeries writes Tijdreeksen: one row per indicator, one column per period
// end, holding the latest statement of each point. Approximate and derived
// values are marked by their style and carry a note with the text they come from.
func (wb *Workbook) writeSeries(f *excelize.File, st *styles) (*seriesGrid, error) {
	var ends []peil.Date
	seen := map[peil.Date]bool{}
	for _, s := range wb.Series {
		for _, p := range s.Points {
			if !seen[p.PeriodEnd] {
				seen[p.PeriodEnd] = true
				ends = append(ends, p.PeriodEnd)
			}
		}
	}
	sort.Slice(ends, func(i, j int) bool { return ends[i].Before(ends[j].Time) })
	grid := &seriesGrid{rows: make(map[peil.IndicatorID]int, len(wb.Series)), periods: len(ends)}

	sw, err := f.NewStreamWriter(sheetSeries)
	if err != nil {
		return nil, err
	}
	hs := headers(seriesColumns)
	widths := make([]float64, 0, len(seriesColumns)+len(ends))
	for _, c := range seriesColumns {
		widths = append(widths, c.width)
	}
	for _, d := range ends {
		hs = append(hs, shortDate(d))
		widths = append(widths, 12)
	}
	t := &table{name: "TabelTijdreeksen", top: 1, headers: uniqueHeaders(hs), widths: widths}
	if err := t.start(sw, st); err != nil {
		return nil, err
	}
	rw := newRowWriter(st, len(hs))
	cells := make([]cell, len(hs))
	var notes []excelize.Comment
	r := t.top
	for _, s := range wb.Series {
		r++
		grid.rows[s.Indicator.ID] = r
		ind := s.Indicator
		cells[0] = intCell(ind.Measure)
		cells[1] = textCell(string(ind.ID))
		cells[2] = textCell(ind.Label)
		cells[3] = textCell(ind.Unit)
		cells[4] = textCell(ind.Kind.Dutch())
		latest := latestPerPeriod(s)
		for i, d := range ends {
			p, ok := latest[d]
			if !ok {
				cells[len(seriesColumns)+i] = cell{}
				continue
			}
			m := markOf(p.Qualifier, p.Source)
			cells[len(seriesColumns)+i] = numberCell(p.Value, ind.Unit, ind.Kind, m)
			if m != markNone || p.Revised {
				ref, _ := excelize.CoordinatesToCellName(len(seriesColumns)+i+1, r)
				notes = append(notes, excelize.Comment{Cell: ref, Author: "Peil", Text: pointNote(p)})
			}
		}
		if err := sw.SetRow("A"+strconv.Itoa(r), rw.values(cells)); err != nil {
			return nil, err
		}
	}
	for _, n := range notes {
		if err := f.AddComment(sheetSeries, n); err != nil {
			return nil, err
		}
	}
	return grid, t.finish(sw, r)
}

// pointNote is the note on a marked cell of Tijdreeksen: how the value was
// stated, by which report, and how it was derived or revised.
func pointNote(p *peil.Point) string {
	var b strings.Builder
	switch {
	case p.Source == peil.SourceDerived:
		b.WriteString("Afgeleide waarde")
		if p.Derivation != "" {
			b.WriteString(": " + p.Derivation)
		}
	case p.Text != "":
		fmt.Fprintf(&b, "In het rapport: %q (%s)", p.Text, p.Qualifier.Dutch())
	default:
		b.WriteString("Kwalificatie: " + p.Qualifier.Dutch())
	}
	if !p.ReportDate.IsZero() {
		b.WriteString("; rapport van " + shortDate(p.ReportDate))
	}
	if p.Revised && len(p.Statements) > 1 {
		b.WriteString(". Herzien; eerdere uitspraken:")
		for _, s := range p.Statements {
			fmt.Fprintf(&b, " %s in rapport %s;", peil.FormatNumber(s.Value), shortDate(s.ReportDate))
		}
	}
	return b.String()
}

// Chart placement on Grafieken: two charts side by side, each chartRows high.
const (
	chartWidth   = 620
	chartHeight  = 300
	chartRows    = 17
	chartTopRow  = 4
	chartColumns = 2
)

// writeCharts writes Grafieken: a native line chart for every series in
// wb.Charts, drawn from its row of Tijdreeksen.
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
	labels := make(map[peil.IndicatorID]string, len(wb.Series))
	for _, s := range wb.Series {
		labels[s.Indicator.ID] = s.Indicator.Label
	}
	var drawn []peil.IndicatorID
	for _, id := range wb.Charts {
		if _, ok := grid.rows[id]; ok && grid.periods > 0 {
			drawn = append(drawn, id)
		}
	}
	intro := "Elke grafiek toont één indicator uit het blad Tijdreeksen: de laatst gerapporteerde waarde per periode. " +
		"Perioden zonder waarde worden overbrugd."
	if len(drawn) == 0 {
		intro = "Er zijn geen indicatoren met waarnemingen voor deze selectie, dus ook geen grafieken."
	}
	if err := f.SetCellStr(sheetCharts, "A2", intro); err != nil {
		return err
	}
	if err := f.SetCellStyle(sheetCharts, "A2", "A2", st.note); err != nil {
		return err
	}
	for i, id := range drawn {
		r := grid.rows[id]
		col := 1 + (i%chartColumns)*10
		anchor, err := excelize.CoordinatesToCellName(col, chartTopRow+(i/chartColumns)*chartRows)
		if err != nil {
			return err
		}
		title := labels[id]
		if title == "" {
			title = string(id)
		}
		err = f.AddChart(sheetCharts, anchor, &excelize.Chart{
			Type: excelize.Line,
			Series: []excelize.ChartSeries{{
				Name:       fmt.Sprintf("%s!$C$%d", sheetSeries, r),
				Categories: grid.periodCols(1),
				Values:     grid.periodCols(r),
				Marker:     excelize.ChartMarker{Symbol: "circle", Size: 6},
				Line:       excelize.LineOptions{Width: 2},
			}},
			Title:        excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: title}}},
			Legend:       excelize.ChartLegend{Position: "none"},
			ShowBlanksAs: "span",
			Dimension:    excelize.ChartDimension{Width: chartWidth, Height: chartHeight},
			YAxis:        excelize.ChartAxis{MajorGridLines: true, NumFmt: excelize.ChartNumFmt{SourceLinked: true}},
			Format:       excelize.GraphicOptions{AltText: "Lijngrafiek van " + title},
		})
		if err != nil {
			return fmt.Errorf("chart %s: %w", id, err)
		}
	}
	return nil
}
