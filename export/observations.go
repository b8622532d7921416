package export

import (
	"strconv"

	"github.com/xuri/excelize/v2"

	"github.com/peil-dev/peil"
)

// column is a column of a data sheet.
type column struct {
	header string  // Dutch header
	width  float64 // in characters
	doc    string  // definition for Toelichting (Waarnemingen only)
}

// observationColumns are the columns of Waarnemingen and of the CSV download.
var observationColumns = []column{
	{"Nr", 6, "Nummer van de maatregel (1 tot en met 38) in het Actieprogramma Integrale Aanpak Jihadisme."},
	{"Maatregel", 40, "Omschrijving van de maatregel."},
	{"Indicator", 26, "Code van de indicator (stabiel over rapporten); leeg als het cijfer bij geen bekende indicator past."},
	{"Indicatornaam", 40, "Wat de indicator meet."},
	{"Waarde", 14, "De waarde als getal. Percentages zijn echte percentages (15% is 0,15 met opmaak 0,0%); in de CSV staat het getal uit het rapport (15). " +
		"Een bandbreedte of globale hoeveelheid staat er als tekst (40–50), met de grenzen als getal in Ondergrens en Bovengrens."},
	{"Tekst", 20, "De waarde zoals het rapport haar schreef, bijvoorbeeld 'ongeveer 300'; bij geïmporteerde waarden het getal uit het importbestand (de bron staat in Bronvermelding)."},
	{"Kwalificatie", 12, "Hoe exact het rapport is: exact, circa, ten minste, meer dan, hooguit, tussen, globaal (zie Legenda)."},
	{"Ondergrens", 14, "Ondergrens die uit de kwalificatie of de tekst volgt (tussen de 40 en 50: 40); leeg als er geen is."},
	{"Bovengrens", 14, "Bovengrens die uit de kwalificatie of de tekst volgt (tussen de 40 en 50: 50); leeg als er geen is."},
	{"Soort", 16, "Stand, cumulatief, aantal in periode, bedrag, waardering of verandering (zie Legenda)."},
	{"Eenheid", 14, "Eenheid van de waarde (personen, zaken, euro, %)."},
	{"Periode begin", 13, "Begin van de periode waarover het getal gaat; leeg bij een stand op een peildatum."},
	{"Periode eind", 13, "Einde van de periode of de peildatum."},
	{"Rapportdatum", 13, "Datum van het rapport dat het getal noemt; leeg bij geïmporteerde waarden."},
	{"Rapport", 36, "Titel van het rapport."},
	{"Bronzin", 80, "De zin uit het rapport waarin het getal staat."},
	{"Regel", 7, "Regelnummer van de bronzin in de tekst van het rapport."},
	{"Herkomst", 13, "Uit rapport, afgeleid of geïmporteerd (zie Legenda)."},
	{"Afleiding", 50, "Bij afgeleide waarden: de berekening in woorden."},
	{"Bronvermelding", 30, "Waar de waarde te controleren is. Uit een rapportage: 'Kamerstuk 29754-420, bijlage, p. 4' als het manifest het kamerstuk geeft, " +
		"anders titel, rapportdatum en pagina of regel; bij geïmporteerde waarden hun eigen bron."},
	{"Opmerking", 30, "Toelichting bij de waarde."},
	{"Geldend", 9, "ja: de uitspraak die de tijdreeks voor deze indicator en periode toont (de laatste rapportage, anders de import of de afleiding); " +
		"nee: een eerdere, herhaalde of afgeleide uitspraak, of een cijfer zonder indicator. " +
		"Filter of draai op Geldend = ja om elke periode één keer te tellen."},
	{"Verwachting", 12, "ja: het rapport schreef de waarde in de toekomende tijd (een " + peil.ExpectedNL + ", bijvoorbeeld 'zal ... zijn bezocht'), geen bereikte waarde; " +
		"zo'n waarde is nooit de laatste waarde van een reeks."},
	{"Pagina", 8, "Pagina van het getal in de PDF van het rapport; leeg bij een tekstbestand en bij geïmporteerde waarden."},
	{"Kamerstuk", 14, "Kamerstuk waarvan het rapport de bijlage is (bijvoorbeeld 29754-420), zoals het manifest het geeft; leeg als het onbekend is."},
	{"Beoordeling", 13, "Of iemand het cijfer heeft gecontroleerd (peil review): auto (automatisch herkend, niet gecontroleerd), " +
		"open (nog te beoordelen), bevestigd, gecorrigeerd (de waarde, kwalificatie, soort, periode of indicator is aangepast) of " +
		"afgewezen (geen cijfer; telt in geen tijdreeks mee). Leeg bij afgeleide en geïmporteerde waarden."},
	{"Beoordelaar", 14, "Wie het cijfer heeft beoordeeld."},
	{"Oorspronkelijke waarde", 14, "Bij een gecorrigeerd cijfer: de waarde zoals die uit het rapport werd gehaald."},
}

// Column positions (0-based) in observationColumns that need a special style.
const (
	colValue     = 4
	colSentence  = 15
	colDeriv     = 18
	colCurrent   = 21
	colExpected  = 22
	colPage      = 23
	colKamerstuk = 24
)

// cellKind is the type of a cell.
type cellKind uint8

const (
	cellEmpty cellKind = iota
	cellText
	cellWrapped // text in a wrapped column
	cellNumber  // a measured value, formatted by nf and marked
	cellInteger // a number without grouping (measure and line numbers)
	cellDate
)

// cell is one value of a data row, before it becomes an Excel cell or a CSV field.
type cell struct {
	kind cellKind
	text string
	num  float64
	nf   numFormat
	mark mark
	date peil.Date
}

func textCell(s string) cell { return cell{kind: cellText, text: s} }

func wrappedCell(s string) cell { return cell{kind: cellWrapped, text: s} }

func intCell(n int) cell { return cell{kind: cellInteger, num: float64(n)} }

func dateCell(d peil.Date) cell {
	if d.IsZero() {
		return cell{}
	}
	return cell{kind: cellDate, date: d}
}

// numberCell is a measured value: formatted for its unit and kind, marked
// for its qualifier and source.
func numberCell(v float64, unit string, kind peil.Kind, m mark) cell {
	return cell{kind: cellNumber, num: v, nf: formatFor(v, unit, kind), mark: m}
}

// optNumberCell is numberCell for an optional value.
func optNumberCell(v *float64, unit string, kind peil.Kind) cell {
	if v == nil {
		return cell{}
	}
	return numberCell(*v, unit, kind, markNone)
}

// percentSign is "%" for a percentage unit, else "".
func percentSign(unit string) string {
	if peil.IsPercent(unit) {
		return "%"
	}
	return ""
}

// lookup holds the names that observation rows show next to the ids.
type lookup struct {
	measures   map[int]string
	indicators map[peil.IndicatorID]string
	reports    map[int64]string
	cited      map[int64]peil.Report // for citations
}

func newLookup(wb *Workbook) *lookup {
	lk := &lookup{
		measures:   make(map[int]string, len(wb.Measures)),
		indicators: make(map[peil.IndicatorID]string, len(wb.Indicators)),
		reports:    make(map[int64]string, len(wb.Reports)),
		cited:      make(map[int64]peil.Report, len(wb.Reports)),
	}
	for _, m := range wb.Measures {
		lk.measures[m.Nr] = m.Title
	}
	for _, ind := range wb.Indicators {
		lk.indicators[ind.ID] = ind.Label
	}
	for _, r := range wb.Reports {
		lk.reports[r.ID] = r.Title
		lk.cited[r.ID] = r.Report
	}
	return lk
}

// cite returns the citation of a place in report id (peil.Cite); "" for
// imported values (id 0), which cite their own source.
func (lk *lookup) cite(id int64, date peil.Date, page peil.Page, line int) string {
	if id == 0 {
		return ""
	}
	r, ok := lk.cited[id]
	if !ok {
		r = peil.Report{ReportDate: date}
	}
	return peil.Cite(r, page, line)
}

// pageCell is a page number, empty when it is not known.
func pageCell(p peil.Page) cell {
	if p <= 0 {
		return cell{}
	}
	return intCell(int(p))
}

// observationRow fills row with the cells of o, in the order of observationColumns.
func (lk *lookup) observationRow(o *peil.Observation, row []cell) {
	row[0] = intCell(o.Measure)
	row[1] = textCell(lk.measures[o.Measure])
	row[2] = textCell(string(o.Indicator))
	row[3] = textCell(lk.indicators[o.Indicator])
	row[4] = numberCell(o.Value, o.Unit, o.Kind, markOf(o.Qualifier, o.Source))
	if peil.ShowsRange(o.Qualifier, o.Lower, o.Upper) {
		// "40–50": a range is no single number to add up; its bounds are numbers
		// in Ondergrens and Bovengrens.
		row[4] = textCell(peil.FormatRange(*o.Lower, *o.Upper) + percentSign(o.Unit))
	}
	row[5] = textCell(o.Text)
	row[6] = textCell(o.Qualifier.Dutch())
	row[7] = optNumberCell(o.Lower, o.Unit, o.Kind)
	row[8] = optNumberCell(o.Upper, o.Unit, o.Kind)
	row[9] = textCell(o.Kind.Dutch())
	row[10] = textCell(o.Unit)
	row[11] = dateCell(o.PeriodStart)
	row[12] = dateCell(o.PeriodEnd)
	row[13] = dateCell(o.ReportDate)
	row[14] = textCell(lk.reports[o.Report])
	row[15] = wrappedCell(o.Sentence)
	row[16] = cell{}
	if o.Line > 0 {
		row[16] = intCell(o.Line)
	}
	row[17] = textCell(o.Source.Dutch())
	row[18] = wrappedCell(o.Derivation)
	citation := o.Citation
	if o.Source != peil.SourceImported {
		citation = lk.cite(o.Report, o.ReportDate, o.Page, o.Line)
	}
	row[19] = textCell(citation)
	row[20] = textCell(o.Note)
	row[colCurrent] = textCell(peil.YesNo(o.Current))
	row[colExpected] = textCell(peil.YesNo(o.Expected))
	row[colPage] = pageCell(o.Page)
	row[colKamerstuk] = textCell(lk.cited[o.Report].Kamerstuk)
	row[colKamerstuk+1] = textCell(o.Review.Dutch())
	row[colKamerstuk+2] = textCell(o.Reviewer)
	row[colKamerstuk+3] = optNumberCell(o.Original, o.Unit, o.Kind)
}

// rowWriter turns cells into the values of a StreamWriter row, reusing its
// buffers from row to row.
type rowWriter struct {
	st    *styles
	cells []excelize.Cell
	row   []any
}

func newRowWriter(st *styles, n int) *rowWriter {
	return &rowWriter{st: st, cells: make([]excelize.Cell, n), row: make([]any, n)}
}

// values converts cs to StreamWriter values: text neutralised, numbers as
// numbers with their format, dates as date serials with a date format.
func (rw *rowWriter) values(cs []cell) []any {
	for i, c := range cs {
		x := &rw.cells[i]
		switch c.kind {
		case cellEmpty:
			rw.row[i] = nil
			continue
		case cellText:
			if c.text == "" {
				rw.row[i] = nil
				continue
			}
			x.StyleID, x.Value = rw.st.text, peil.SpreadsheetSafe(c.text)
		case cellWrapped:
			if c.text == "" {
				rw.row[i] = nil
				continue
			}
			x.StyleID, x.Value = rw.st.wrap, peil.SpreadsheetSafe(c.text)
		case cellNumber:
			x.StyleID, x.Value = rw.st.value[c.nf][c.mark], cellValue(c.num, c.nf)
		case cellInteger:
			x.StyleID, x.Value = rw.st.text, int64(c.num)
		case cellDate:
			x.StyleID, x.Value = rw.st.date, serial(c.date)
		}
		rw.row[i] = x
	}
	return rw.row[:len(cs)]
}

// headerRow returns the header cells of columns in bold.
func headerRow(st *styles, headers []string) []any {
	row := make([]any, len(headers))
	for i, h := range headers {
		row[i] = excelize.Cell{StyleID: st.bold, Value: h}
	}
	return row
}

// headers returns the headers of cols.
func headers(cols []column) []string {
	hs := make([]string, len(cols))
	for i, c := range cols {
		hs[i] = c.header
	}
	return hs
}

// table describes a streamed data sheet: an Excel table with autofilter under
// a frozen header row.
type table struct {
	name    string   // table name, unique in the workbook
	top     int      // row of the header (1-based)
	headers []string // unique
	widths  []float64
}

// start prepares sw for the table: column widths and the frozen header row
// (both must come before the first row), and the header row itself.
func (t *table) start(sw *excelize.StreamWriter, st *styles) error {
	if err := setColWidths(sw, t.widths); err != nil {
		return err
	}
	topLeft, err := excelize.CoordinatesToCellName(1, t.top+1)
	if err != nil {
		return err
	}
	if err := sw.SetPanes(&excelize.Panes{
		Freeze: true, YSplit: t.top, TopLeftCell: topLeft, ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: topLeft, ActiveCell: topLeft, Pane: "bottomLeft"}},
	}); err != nil {
		return err
	}
	return sw.SetRow("A"+strconv.Itoa(t.top), headerRow(st, t.headers))
}

// finish adds the table over the header and lastRow, and flushes sw.
func (t *table) finish(sw *excelize.StreamWriter, lastRow int) error {
	if lastRow < t.top+1 {
		lastRow = t.top + 1 // a table has at least one data row, even an empty one
	}
	end, err := excelize.CoordinatesToCellName(len(t.headers), lastRow)
	if err != nil {
		return err
	}
	stripes := true
	if err := sw.AddTable(&excelize.Table{
		Range:          "A" + strconv.Itoa(t.top) + ":" + end,
		Name:           t.name,
		StyleName:      "TableStyleLight9",
		ShowRowStripes: &stripes,
	}); err != nil {
		return err
	}
	return sw.Flush()
}

// writeObservations streams the observations to Waarnemingen, one row each.
func (wb *Workbook) writeObservations(f *excelize.File, st *styles) error {
	sw, err := f.NewStreamWriter(sheetObservations)
	if err != nil {
		return err
	}
	widths := make([]float64, len(observationColumns))
	for i, c := range observationColumns {
		widths[i] = c.width
	}
	t := &table{name: "TabelWaarnemingen", top: 1, headers: headers(observationColumns), widths: widths}
	if err := t.start(sw, st); err != nil {
		return err
	}
	lk := newLookup(wb)
	rw := newRowWriter(st, len(observationColumns))
	cells := make([]cell, len(observationColumns))
	wb.Written, wb.Omitted = 0, 0
	wb.collect.reset()
	limit := wb.rowLimit
	if limit <= 0 {
		limit = maxDataRows
	}
	r := t.top
	if wb.Observations != nil {
		err = wb.Observations(func(o *peil.Observation) error {
			wb.collect.add(o)
			if wb.Written >= limit {
				wb.Omitted++
				return nil
			}
			lk.observationRow(o, cells)
			wb.countReview(o)
			r++
			wb.Written++
			return sw.SetRow("A"+strconv.Itoa(r), rw.values(cells))
		})
		if err != nil {
			return err
		}
	}
	return t.finish(sw, r)
}

// setColWidths sets the widths of the first columns of a streamed sheet, a
// run of equal widths in one range. Keep the list short: from the second call
// on, excelize splits every range into one entry per column, and every cell
// the stream writer writes walks those entries (Tijdreeksen's thousands of
// period columns therefore take the sheet's default width instead). It goes
// from the last column to the first because excelize puts each new range
// first, and Excel needs them in ascending order.
func setColWidths(sw *excelize.StreamWriter, widths []float64) error {
	for last := len(widths) - 1; last >= 0; {
		first := last
		for first > 0 && widths[first-1] == widths[last] {
			first--
		}
		if err := sw.SetColWidth(first+1, last+1, widths[last]); err != nil {
			return err
		}
		last = first - 1
	}
	return nil
}

// countReview counts the review state of an extracted figure, for Toelichting.
func (wb *Workbook) countReview(o *peil.Observation) {
	if o.Review == "" {
		return
	}
	if wb.reviewCounts == nil {
		wb.reviewCounts = map[peil.ReviewStatus]int64{}
	}
	wb.reviewCounts[o.Review]++
}
