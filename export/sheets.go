package export

import (
	"sort"
	"strconv"

	"github.com/xuri/excelize/v2"

	"github.com/peil-dev/peil"
)

// measureColumns are the columns of Maatregelen.
var measureColumns = []column{
	{header: "Cluster", width: 30},
	{header: "Nr", width: 6},
	{header: "Maatregel", width: 45},
	{header: "Rapportdatum", width: 13},
	{header: "Rapport", width: 36},
	{header: "Stand van zaken", width: 100},
	{header: "Bronvermelding", width: 30},
}

// writeMeasures writes Maatregelen in long form: the measures by cluster, with
// a row per report that describes the measure (by report date), holding its
// status text; a measure no report describes gets one row without a report.
// The sheet is as wide for one report as for thousands, and filters on
// measure, cluster or report.
func (wb *Workbook) writeMeasures(f *excelize.File, st *styles) error {
	sw, err := f.NewStreamWriter(sheetMeasures)
	if err != nil {
		return err
	}
	clusters := make(map[string]peil.Cluster, len(wb.Clusters))
	for _, c := range wb.Clusters {
		clusters[c.ID] = c
	}
	measures := append([]peil.Measure(nil), wb.Measures...)
	sort.SliceStable(measures, func(i, j int) bool {
		ci, cj := clusters[measures[i].Cluster].First, clusters[measures[j].Cluster].First
		if ci != cj {
			return ci < cj
		}
		return measures[i].Nr < measures[j].Nr
	})
	statusesOf := wb.StatusesOf
	if statusesOf == nil {
		byMeasure := map[int][]peil.MeasureStatus{}
		for _, s := range wb.Statuses {
			byMeasure[s.Measure] = append(byMeasure[s.Measure], s)
		}
		statusesOf = func(nr int) ([]peil.MeasureStatus, error) {
			ss := byMeasure[nr]
			sort.SliceStable(ss, func(i, j int) bool { return ss[i].ReportDate.Before(ss[j].ReportDate.Time) })
			return ss, nil
		}
	}
	lk := newLookup(wb)

	widths := make([]float64, len(measureColumns))
	for i, c := range measureColumns {
		widths[i] = c.width
	}
	t := &table{name: "TabelMaatregelen", top: 1, headers: headers(measureColumns), widths: widths}
	if err := t.start(sw, st); err != nil {
		return err
	}
	rw := newRowWriter(st, len(measureColumns))
	cells := make([]cell, len(measureColumns))
	r := t.top
	wb.StatusesOmitted = 0
	write := func(m peil.Measure, s *peil.MeasureStatus) error {
		if r-t.top >= maxDataRows {
			wb.StatusesOmitted++
			return nil
		}
		cells[0] = textCell(clusters[m.Cluster].Name)
		cells[1] = intCell(m.Nr)
		cells[2] = wrappedCell(m.Title)
		cells[3], cells[4], cells[5], cells[6] = cell{}, cell{}, cell{}, cell{}
		if s != nil {
			cells[3] = dateCell(s.ReportDate)
			cells[4] = textCell(lk.reports[s.Report])
			cells[5] = wrappedCell(s.Status)
			cells[6] = textCell(lk.cite(s.Report, s.ReportDate, s.Page, s.Line))
		}
		r++
		return sw.SetRow("A"+strconv.Itoa(r), rw.values(cells))
	}
	for _, m := range measures {
		statuses, err := statusesOf(m.Nr)
		if err != nil {
			return err
		}
		if len(statuses) == 0 {
			if err := write(m, nil); err != nil {
				return err
			}
		}
		for i := range statuses {
			if err := write(m, &statuses[i]); err != nil {
				return err
			}
		}
	}
	return t.finish(sw, r)
}

// eventColumns are the columns of Gebeurtenissen.
var eventColumns = []column{
	{header: "Nr", width: 6},
	{header: "Maatregel", width: 40},
	{header: "Datum", width: 12},
	{header: "Precisie", width: 10},
	{header: "Soort", width: 20},
	{header: "Omschrijving", width: 40},
	{header: "Bronzin", width: 80},
	{header: "Regel", width: 7},
	{header: "Rapportdatum", width: 13},
	{header: "Rapport", width: 36},
	{header: "Pagina", width: 8},
	{header: "Bronvermelding", width: 30},
}

// writeEvents writes Gebeurtenissen: the dated milestones of the measures.
func (wb *Workbook) writeEvents(f *excelize.File, st *styles) error {
	sw, err := f.NewStreamWriter(sheetEvents)
	if err != nil {
		return err
	}
	widths := make([]float64, len(eventColumns))
	for i, c := range eventColumns {
		widths[i] = c.width
	}
	t := &table{name: "TabelGebeurtenissen", top: 1, headers: headers(eventColumns), widths: widths}
	if err := t.start(sw, st); err != nil {
		return err
	}
	lk := newLookup(wb)
	reportDates := make(map[int64]peil.Date, len(wb.Reports))
	for _, rep := range wb.Reports {
		reportDates[rep.ID] = rep.ReportDate
	}
	rw := newRowWriter(st, len(eventColumns))
	cells := make([]cell, len(eventColumns))
	r := t.top
	for _, e := range wb.Events {
		cells[0] = intCell(e.Measure)
		cells[1] = textCell(lk.measures[e.Measure])
		cells[2] = dateCell(e.Date)
		cells[3] = textCell(e.Precision.Dutch())
		cells[4] = textCell(e.Type.Dutch())
		cells[5] = textCell(e.Label)
		cells[6] = wrappedCell(e.Sentence)
		cells[7] = cell{}
		if e.Line > 0 {
			cells[7] = intCell(e.Line)
		}
		cells[8] = dateCell(reportDates[e.Report])
		cells[9] = textCell(lk.reports[e.Report])
		cells[10] = pageCell(e.Page)
		cells[11] = textCell(lk.cite(e.Report, reportDates[e.Report], e.Page, e.Line))
		r++
		if err := sw.SetRow("A"+strconv.Itoa(r), rw.values(cells)); err != nil {
			return err
		}
	}
	return t.finish(sw, r)
}

// comparisonColumns are the columns of Vergelijking.
var comparisonColumns = []column{
	{header: "Nr", width: 6},
	{header: "Maatregel", width: 40},
	{header: "Indicator", width: 26},
	{header: "Indicatornaam", width: 40},
	{header: "Wijziging", width: 16},
	{header: "Vorige waarde", width: 14},
	{header: "Laatste waarde", width: 14},
	{header: "Verschil", width: 12},
	{header: "Verschil %", width: 11},
	{header: "Vorige periode eind", width: 13},
	{header: "Laatste periode eind", width: 13},
	{header: "Stand van zaken gewijzigd", width: 12},
}

// comparisonTop is the header row of the Vergelijking table; the rows above
// it name the two reports.
const comparisonTop = 3

// The words of the Wijziging column.
const (
	changeUp      = "gestegen"
	changeDown    = "gedaald"
	changeSame    = "gelijk"
	changeNew     = "nieuw"
	changeGone    = "verdwenen"
	changeStatus  = "alleen tekst"
	changeNothing = "geen"
	statusChanged = "ja"
	statusSame    = "nee"
)

// writeComparison writes Vergelijking: the latest report against the previous
// one, or a note why there is no comparison.
func (wb *Workbook) writeComparison(f *excelize.File, st *styles) error {
	sw, err := f.NewStreamWriter(sheetComparison)
	if err != nil {
		return err
	}
	c := wb.Comparison
	if c == nil {
		note := wb.NoCompare
		if note == "" {
			note = "Er is geen vergelijking: daarvoor zijn ten minste twee rapporten nodig."
		}
		if err := sw.SetColWidth(1, 1, 100); err != nil {
			return err
		}
		if err := sw.SetRow("A1", []any{excelize.Cell{StyleID: st.title, Value: "Vergelijking"}}); err != nil {
			return err
		}
		if err := sw.SetRow("A2", []any{excelize.Cell{StyleID: st.note, Value: peil.SpreadsheetSafe(note)}}); err != nil {
			return err
		}
		return sw.Flush()
	}
	widths := make([]float64, len(comparisonColumns))
	for i, col := range comparisonColumns {
		widths[i] = col.width
	}
	t := &table{name: "TabelVergelijking", top: comparisonTop, headers: headers(comparisonColumns), widths: widths}
	// Column widths and panes come first; the title rows go above the header.
	if err := setColWidths(sw, t.widths); err != nil {
		return err
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: t.top, TopLeftCell: "A" + strconv.Itoa(t.top+1), ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	if err := sw.SetRow("A1", []any{excelize.Cell{StyleID: st.title, Value: "Vergelijking"}}); err != nil {
		return err
	}
	intro := "Van " + c.From.NameDated() + " naar " + c.To.NameDated() + "."
	if err := sw.SetRow("A2", []any{excelize.Cell{StyleID: st.text, Value: peil.SpreadsheetSafe(intro)}}); err != nil {
		return err
	}
	if err := sw.SetRow("A"+strconv.Itoa(t.top), headerRow(st, t.headers)); err != nil {
		return err
	}
	rw := newRowWriter(st, len(comparisonColumns))
	cells := make([]cell, len(comparisonColumns))
	r := t.top
	write := func(m *peil.MeasureComparison, mv *peil.Movement, change string) error {
		cells[0] = intCell(m.Measure.Nr)
		cells[1] = textCell(m.Measure.Title)
		for i := 2; i < len(cells); i++ {
			cells[i] = cell{}
		}
		if mv != nil {
			ind := mv.Indicator
			cells[2] = textCell(string(ind.ID))
			cells[3] = textCell(ind.Label)
			if mv.From != nil {
				cells[5] = numberCell(mv.From.Value, ind.Unit, ind.Kind, markOf(mv.From.Qualifier, mv.From.Source))
				cells[9] = dateCell(mv.From.PeriodEnd)
			}
			if mv.To != nil {
				cells[6] = numberCell(mv.To.Value, ind.Unit, ind.Kind, markOf(mv.To.Qualifier, mv.To.Source))
				cells[10] = dateCell(mv.To.PeriodEnd)
			}
			if mv.Change != nil {
				cells[7] = numberCell(*mv.Change, ind.Unit, ind.Kind, markNone)
			}
			if mv.ChangePct != nil {
				cells[8] = cell{kind: cellNumber, num: *mv.ChangePct, nf: numPercent}
			}
		}
		cells[4] = textCell(change)
		cells[11] = textCell(statusSame)
		if m.StatusChanged {
			cells[11] = textCell(statusChanged)
		}
		r++
		return sw.SetRow("A"+strconv.Itoa(r), rw.values(cells))
	}
	for i := range c.Measures {
		m := &c.Measures[i]
		rows := 0
		for j := range m.Moved {
			mv := &m.Moved[j]
			change := changeSame
			if mv.Change != nil && *mv.Change > 0 {
				change = changeUp
			} else if mv.Change != nil && *mv.Change < 0 {
				change = changeDown
			}
			if err := write(m, mv, change); err != nil {
				return err
			}
			rows++
		}
		for j := range m.Appeared {
			if err := write(m, &m.Appeared[j], changeNew); err != nil {
				return err
			}
			rows++
		}
		for j := range m.Disappeared {
			if err := write(m, &m.Disappeared[j], changeGone); err != nil {
				return err
			}
			rows++
		}
		if rows == 0 {
			change := changeNothing
			if m.StatusChanged {
				change = changeStatus
			}
			if err := write(m, nil, change); err != nil {
				return err
			}
		}
	}
	return t.finish(sw, r)
}
