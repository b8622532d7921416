package export

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
)

// columnOf returns the 1-based position of the header h in cols.
func columnOf(t *testing.T, cols []column, h string) int {
	t.Helper()
	for i, c := range cols {
		if c.header == h {
			return i + 1
		}
	}
	t.Fatalf("no column %q", h)
	return 0
}

// TestCitationColumns writes a workbook and a CSV in which one report has a
// kamerstuk and pages and the other has neither, reads them back, and checks
// the columns Pagina (a number), Kamerstuk and Bronvermelding on
// Waarnemingen, Gebeurtenissen and Maatregelen, and the same in the CSV.
func TestCitationColumns(t *testing.T) {
	obs := testObservations()
	obs[0].Page = 4 // report 2, line 12
	wb := testWorkbook()
	wb.Observations = sliceObservations(obs)
	wb.Reports[1].Kamerstuk = "29754-420"
	wb.Events[0].Page = 2
	wb.Statuses[0].Line = 10 // report 1: no kamerstuk, no page
	wb.Statuses[2].Line, wb.Statuses[2].Page = 40, 3
	b := writeBook(t, wb)

	s := sheetObservations
	page, ks, cite := columnOf(t, observationColumns, "Pagina"), columnOf(t, observationColumns, "Kamerstuk"),
		columnOf(t, observationColumns, "Bronvermelding")
	if got := b.number(s, ref(page, 2)); got != 4 {
		t.Errorf("Waarnemingen row 2: Pagina = %v; want the number 4", got)
	}
	if got := b.text(s, ref(ks, 2)); got != "29754-420" {
		t.Errorf("Waarnemingen row 2: Kamerstuk = %q; want 29754-420", got)
	}
	if got := b.text(s, ref(cite, 2)); got != "Kamerstuk 29754-420, bijlage, p. 4" {
		t.Errorf("Waarnemingen row 2: Bronvermelding = %q; want Kamerstuk 29754-420, bijlage, p. 4", got)
	}
	b.empty(s, ref(page, 3))
	if got := b.text(s, ref(cite, 3)); got != "Kamerstuk 29754-420, bijlage, regel 13" {
		t.Errorf("Waarnemingen row 3 (no page): Bronvermelding = %q; want the line", got)
	}
	if got := b.text(s, ref(cite, 7)); got != "CBS, 2015" {
		t.Errorf("Waarnemingen row 7 (imported): Bronvermelding = %q; want its own source", got)
	}
	b.empty(s, ref(ks, 7))

	s = sheetEvents
	if got := b.number(s, ref(columnOf(t, eventColumns, "Pagina"), 2)); got != 2 {
		t.Errorf("Gebeurtenissen: Pagina = %v; want 2", got)
	}
	if got := b.text(s, ref(columnOf(t, eventColumns, "Bronvermelding"), 2)); got != "Kamerstuk 29754-420, bijlage, p. 2" {
		t.Errorf("Gebeurtenissen: Bronvermelding = %q", got)
	}

	s = sheetMeasures
	mc := columnOf(t, measureColumns, "Bronvermelding")
	if got := b.text(s, ref(mc, 2)); got != "Voortgangsrapportage november 2016 (15 november 2016), regel 10" {
		t.Errorf("Maatregelen row 2: Bronvermelding = %q; want title, date and line", got)
	}
	if got := b.text(s, ref(mc, 4)); got != "Kamerstuk 29754-420, bijlage, p. 3" {
		t.Errorf("Maatregelen row 4: Bronvermelding = %q", got)
	}

	var buf bytes.Buffer
	if _, err := wb.WriteCSV(&buf); err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(buf.String(), utf8BOM)))
	r.Comma = ';'
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != len(obs)+1 {
		t.Fatalf("CSV has %d records; want %d", len(recs), len(obs)+1)
	}
	if got := recs[0][page-1] + "|" + recs[0][ks-1]; got != "Pagina|Kamerstuk" {
		t.Errorf("CSV headers = %q", got)
	}
	if got := recs[1][page-1] + "|" + recs[1][ks-1] + "|" + recs[1][cite-1]; got != "4|29754-420|Kamerstuk 29754-420, bijlage, p. 4" {
		t.Errorf("CSV row 1: %q", got)
	}
	if got := recs[6][cite-1] + "|" + recs[6][page-1]; got != "CBS, 2015|" {
		t.Errorf("CSV imported row: %q", got)
	}
}
