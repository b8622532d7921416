package export

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/peil-dev/peil"
)

// sheetDocs says what each sheet holds, for Toelichting.
var sheetDocs = [][2]string{
	{sheetObservations, "Alle waarnemingen van de selectie: één rij per uitspraak van een rapport (of afgeleide of geïmporteerde waarde), met bronzin en regelnummer."},
	{sheetSeries, "De indicatoren als rijen en de perioden (einddatum) als kolommen, met per punt de laatst gerapporteerde waarde."},
	{sheetMeasures, "De maatregelen per cluster met de stand van zaken: één rij per maatregel per rapport, zodat u op maatregel, cluster of rapport kunt filteren."},
	{sheetEvents, "Gedateerde mijlpalen van de maatregelen: wetten in werking, besluiten, voorzieningen."},
	{sheetComparison, "Twee rapporten tegenover elkaar (standaard het laatste tegenover het vorige; zie Selectie en herkomst): welke cijfers stegen, daalden, nieuw zijn of verdwenen."},
	{sheetCharts, "Lijngrafieken van de indicatoren (zonder filter: de kernindicatoren), gemaakt uit Tijdreeksen."},
}

// notesWriter writes Toelichting from top to bottom with a StreamWriter (its
// list of source reports has a row per report: thousands for a big database).
type notesWriter struct {
	sw     *excelize.StreamWriter
	st     *styles
	widths []float64 // column widths, in characters
	row    int
	err    error
}

// notesWidths are the column widths of Toelichting: the labels (A) and
// their text (B), then the dates and kamerstuk of the source reports. Together
// they fit the width of a landscape A4 page at nearly full size, so that the
// sheet, printed one page wide, stays readable.
var notesWidths = []float64{28, 70, 14, 15, 14}

// lineHeight is the height of a line of 11-point text, in points.
const lineHeight = 15

// set writes values into the next row from column A, each with its style
// (0: the default), and returns the row. A row with wrapped text is as high
// as its longest text needs (excelize's stream writer leaves row heights to
// the reader, and LibreOffice and Excel then show one line of each); a note
// alone in column A runs over columns A and B.
func (n *notesWriter) set(cells ...excelize.Cell) int {
	n.row++
	if n.err != nil {
		return n.row
	}
	row := make([]any, len(cells))
	lines := 1
	merge := len(cells) == 1 && cells[0].StyleID == n.st.note
	for i, c := range cells {
		if c.Value == nil {
			continue
		}
		if s, ok := c.Value.(string); ok {
			c.Value = peil.SpreadsheetSafe(s)
			if c.StyleID == n.st.wrap || c.StyleID == n.st.note {
				w := n.widths[min(i, len(n.widths)-1)]
				if merge {
					w += n.widths[1]
				}
				lines = max(lines, wrappedLines(s, w))
			}
		}
		row[i] = c
	}
	var opts []excelize.RowOpts
	if lines > 1 {
		opts = append(opts, excelize.RowOpts{Height: float64(lines*lineHeight + 3)})
	}
	cell := "A" + strconv.Itoa(n.row)
	if n.err = n.sw.SetRow(cell, row, opts...); n.err == nil && merge {
		n.err = n.sw.MergeCell(cell, "B"+strconv.Itoa(n.row))
	}
	return n.row
}

// wrappedLines estimates how many lines s takes in a wrapped cell width
// characters wide: words moved whole to the next line, each paragraph on
// lines of its own. It errs on the high side (a line holds a little less
// than width average characters), so that no text is hidden.
func wrappedLines(s string, width float64) int {
	per := max(int(width*0.95), 8)
	lines := 0
	for _, para := range strings.Split(s, "\n") {
		n, used := 1, 0
		for _, w := range strings.Fields(para) {
			l := utf8.RuneCountInString(w)
			switch {
			case used == 0:
				used = l
			case used+1+l <= per:
				used += 1 + l
			default:
				n++
				used = l
			}
			for used > per { // a word longer than a line
				n++
				used -= per
			}
		}
		lines += n
	}
	return max(lines, 1)
}

func (n *notesWriter) heading(s string) {
	n.row++
	n.set(excelize.Cell{StyleID: n.st.bold, Value: s})
}

// pair writes a label and a value.
func (n *notesWriter) pair(label string, value any, style int) {
	n.set(excelize.Cell{StyleID: n.st.bold, Value: label}, excelize.Cell{StyleID: style, Value: value})
}

// writeNotes writes Toelichting: what the workbook is, its selection and
// origin, the source reports, the legend and the column definitions.
func (wb *Workbook) writeNotes(f *excelize.File, st *styles) error {
	sw, err := f.NewStreamWriter(sheetNotes)
	if err != nil {
		return err
	}
	if err := setColWidths(sw, notesWidths); err != nil {
		return err
	}
	n := &notesWriter{sw: sw, st: st, widths: notesWidths}
	n.set(excelize.Cell{StyleID: st.title, Value: "Peil: indicatoren van de Integrale Aanpak Jihadisme"})
	n.set(excelize.Cell{StyleID: st.note, Value: "Deze werkmap bevat de cijfers die Peil uit de voortgangsrapportages " +
		"over het Actieprogramma Integrale Aanpak Jihadisme heeft gehaald, met voor elk cijfer de zin en het rapport waaruit het komt."})

	n.heading("Selectie en herkomst")
	wb.writeFilter(n)
	if wb.Generated.IsZero() {
		n.pair("Gemaakt op (UTC)", "onbekend", st.text)
	} else {
		n.pair("Gemaakt op (UTC)", wb.Generated.UTC(), st.dateTime)
	}
	n.pair("Database", wb.Database, st.text)
	n.pair("Aantal waarnemingen", wb.Written, st.value[numInteger][markNone])
	if wb.Omitted > 0 {
		n.pair("Niet op het blad", wb.Omitted, st.value[numInteger][markNone])
		n.set(excelize.Cell{}, excelize.Cell{StyleID: st.note, Value: fmt.Sprintf(
			"Waarnemingen heeft de eerste %s waarnemingen (meer rijen passen niet op een blad); de overige %s staan er niet op. "+
				"De CSV-download bevat ze wel allemaal.", peil.FormatNumber(float64(wb.Written)), peil.FormatNumber(float64(wb.Omitted)))})
	}
	if wb.PeriodsOmitted > 0 {
		n.pair("Perioden niet op Tijdreeksen", wb.PeriodsOmitted, st.value[numInteger][markNone])
		n.set(excelize.Cell{}, excelize.Cell{StyleID: st.note, Value: fmt.Sprintf(
			"Tijdreeksen heeft één kolom per periode-einde, en een blad heeft hooguit 16.384 kolommen. Daarom staan alleen de "+
				"%s meest recente perioden erop; de %s oudste perioden zijn weggelaten. Waarnemingen bevat alle waarden, ook die van de weggelaten perioden.",
			peil.FormatNumber(float64(wb.periodColumns)), peil.FormatNumber(float64(wb.PeriodsOmitted)))})
	}
	if wb.StatusesOmitted > 0 {
		n.pair("Niet op Maatregelen", wb.StatusesOmitted, st.value[numInteger][markNone])
		n.set(excelize.Cell{}, excelize.Cell{StyleID: st.note, Value: fmt.Sprintf(
			"Maatregelen heeft één rij per maatregel per rapport, en een blad heeft hooguit %s rijen; de laatste %s standen van zaken staan er niet op.",
			peil.FormatNumber(float64(excelize.TotalRows)), peil.FormatNumber(float64(wb.StatusesOmitted)))})
	}
	if wb.NotesOmitted > 0 {
		n.pair("Cellen zonder notitie", wb.NotesOmitted, st.value[numInteger][markNone])
		n.set(excelize.Cell{}, excelize.Cell{StyleID: st.note, Value: fmt.Sprintf(
			"Op Tijdreeksen hebben alleen de %s meest recente gemarkeerde cellen een notitie (meer notities maken de werkmap te zwaar); "+
				"de %s andere zijn wel gemarkeerd met hun opmaak. Waarnemingen geeft voor elke waarde de tekst en de bronzin.",
			peil.FormatNumber(float64(maxSeriesNotes)), peil.FormatNumber(float64(wb.NotesOmitted)))})
	}

	n.heading("Beoordeling van de cijfers")
	n.set(excelize.Cell{StyleID: st.note, Value: "Hoeveel cijfers op Waarnemingen in elke staat van beoordeling zijn (peil review). " +
		"Auto en open zijn door niemand gecontroleerd; een afgewezen cijfer telt in geen tijdreeks mee."})
	for _, s := range peil.ReviewStatuses {
		n.pair(s.Dutch(), wb.reviewCounts[s], st.value[numInteger][markNone])
	}

	n.heading("Bladen")
	for _, d := range sheetDocs {
		n.pair(d[0], d[1], st.wrap)
	}

	n.heading("Bronrapporten")
	// Two rows per report, in the page's width: title, file, dates and
	// kamerstuk; under them the counts, the checksum and the address.
	n.set(bold(st, "Titel"), bold(st, "Bestand"), bold(st, "Rapportdatum"), bold(st, "Begin periode"), bold(st, "Kamerstuk"))
	if len(wb.Reports) == 0 {
		n.set(excelize.Cell{StyleID: st.note, Value: "Er zijn nog geen rapporten ingelezen."})
	}
	for _, r := range wb.Reports {
		n.set(excelize.Cell{StyleID: st.wrap, Value: r.Title}, excelize.Cell{StyleID: st.wrap, Value: r.File},
			dateValue(st, r.ReportDate), dateValue(st, r.PeriodStart), excelize.Cell{StyleID: st.wrap, Value: r.Kamerstuk})
		about := fmt.Sprintf("%s maatregelen, %s cijfers, %s gebeurtenissen\nSHA-256: %s",
			peil.FormatNumber(float64(r.Measures)), peil.FormatNumber(float64(r.Figures)), peil.FormatNumber(float64(r.Events)), r.SHA256)
		if r.URL != "" {
			about += "\nURL: " + r.URL
		}
		n.set(excelize.Cell{}, excelize.Cell{StyleID: st.wrap, Value: about})
	}

	n.heading("Legenda: kwalificaties")
	for _, q := range peil.Qualifiers {
		n.pair(q.Dutch(), qualifierDoc[q], st.wrap)
	}
	n.heading("Legenda: soorten")
	for _, k := range peil.Kinds {
		n.pair(k.Dutch(), kindDoc[k], st.wrap)
	}
	n.heading("Legenda: herkomst")
	for _, s := range []peil.Source{peil.SourceExtracted, peil.SourceDerived, peil.SourceImported} {
		n.pair(s.Dutch(), sourceDoc[s], st.wrap)
	}
	n.heading("Legenda: opmaak van waarden")
	n.set(excelize.Cell{StyleID: st.value[numInteger][markNone], Value: 1995},
		excelize.Cell{StyleID: st.wrap, Value: "Exacte waarde uit een rapport."})
	n.set(excelize.Cell{StyleID: st.value[numInteger][markApprox], Value: 300},
		excelize.Cell{StyleID: st.wrap, Value: "Cursief op lichtgeel: geen exacte waarde (circa, ten minste, meer dan, hooguit). " +
			"Op Tijdreeksen heeft zo'n cel een notitie met de tekst uit het rapport."})
	n.set(excelize.Cell{StyleID: st.value[numInteger][markDerived], Value: 67},
		excelize.Cell{StyleID: st.wrap, Value: "Donkerblauw op lichtblauw: afgeleide waarde, berekend uit andere waarden (zie de kolom Afleiding en de notitie)."})
	n.set(excelize.Cell{StyleID: st.value[numInteger][markBoth], Value: 141},
		excelize.Cell{StyleID: st.wrap, Value: "Cursief donkerblauw op lichtblauw: afgeleid uit een waarde die niet exact is."})
	n.set(excelize.Cell{StyleID: st.bold, Value: "Getallen en datums"},
		excelize.Cell{StyleID: st.wrap, Value: "Getallen zijn getallen en datums zijn datums, dus u kunt ermee rekenen en sorteren. " +
			"Opmaak: aantallen #.##0, bedragen € #.##0, percentages 0,0% (15% staat als 0,15 in de cel), datums d-m-jjjj."})
	n.set(excelize.Cell{StyleID: st.bold, Value: "Formules"},
		excelize.Cell{StyleID: st.wrap, Value: "Tekst uit de rapporten wordt nooit een formule: tekst die begint met =, +, -, @, " +
			"een tab, een regeleinde of een NUL-teken krijgt een apostrof (') ervoor, ook in de CSV-download."})

	n.heading("Kolommen van Waarnemingen (en van de CSV-download)")
	for _, c := range observationColumns {
		n.pair(c.header, c.doc, st.wrap)
	}
	if n.err != nil {
		return n.err
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	// Printed: the columns of notesWidths, nothing beside them.
	last, err := excelize.CoordinatesToCellName(len(notesWidths), n.row, true)
	if err != nil {
		return err
	}
	return f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Area", Scope: sheetNotes,
		RefersTo: "'" + sheetNotes + "'!$A$1:" + last})
}

// writeFilter writes the selection of the workbook.
func (wb *Workbook) writeFilter(n *notesWriter) {
	st, opts := n.st, wb.Options
	flt := opts.Filter
	measure := "alle maatregelen"
	if flt.Measure != 0 {
		measure = strconv.Itoa(flt.Measure)
		for _, m := range wb.Measures {
			if m.Nr == flt.Measure {
				measure += ": " + m.Title
			}
		}
	}
	n.pair("Maatregel", measure, st.text)
	indicator := "alle indicatoren"
	if flt.Indicator != "" {
		indicator = string(flt.Indicator)
		for _, ind := range wb.Indicators {
			if ind.ID == flt.Indicator {
				indicator += ": " + ind.Label
			}
		}
	}
	n.pair("Indicator", indicator, st.text)
	if flt.From.IsZero() {
		n.pair("Periode eind vanaf", "geen grens", st.text)
	} else {
		n.pair("Periode eind vanaf", serial(flt.From), st.date)
	}
	if flt.To.IsZero() {
		n.pair("Periode eind tot en met", "geen grens", st.text)
	} else {
		n.pair("Periode eind tot en met", serial(flt.To), st.date)
	}
	switch c := wb.Comparison; {
	case c != nil:
		n.pair("Vergelijking", "van "+c.From.NameDated()+" naar "+c.To.NameDated()+compareChoice(opts), st.text)
	case opts.CompareFrom != 0 || opts.CompareTo != 0:
		n.pair("Vergelijking", fmt.Sprintf("rapport %d met rapport %d", opts.CompareFrom, opts.CompareTo), st.text)
	default:
		n.pair("Vergelijking", "geen (zie het blad Vergelijking)", st.text)
	}
}

// compareChoice says how the reports of the comparison were chosen.
func compareChoice(f peil.ExportOptions) string {
	switch {
	case f.CompareFrom == 0 && f.CompareTo == 0:
		return " (het vorige en het laatste rapport)"
	case f.CompareFrom == 0:
		return fmt.Sprintf(" (gekozen: rapport-id %d en het rapport ervoor)", f.CompareTo)
	}
	return fmt.Sprintf(" (gekozen: rapport-id %d en %d)", f.CompareFrom, f.CompareTo)
}

func bold(st *styles, s string) excelize.Cell { return excelize.Cell{StyleID: st.bold, Value: s} }

// dateValue is a date cell for Toelichting; empty for the zero Date.
func dateValue(st *styles, d peil.Date) excelize.Cell {
	return excelize.Cell{StyleID: st.date, Value: serial(d)}
}
