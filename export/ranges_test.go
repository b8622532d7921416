package export

import (
	"bytes"
	"context"
	"encoding/csv"
	"testing"

	"github.com/peil-dev/peil"
)

// TestExportRanges: a range and a vague quantity show as "40–50" in the
// Waarde column of Waarnemingen and of the CSV, never as the single number of
// their midpoint, with their bounds as numbers beside them.
func TestExportRanges(t *testing.T) {
	var ext peil.Extraction
	readFixture(t, "report1.json", &ext)
	lo, up, vlo, vup := 40.0, 50.0, 20.0, 90.0
	ext.Figures = append(ext.Figures,
		peil.Figure{Measure: 1, Value: 45, Text: "tussen de 40 en 50", Qualifier: peil.QualRange, Lower: &lo, Upper: &up,
			Unit: "onderzoeken", Indicator: "investigations", Kind: peil.KindStock, PeriodEnd: peil.NewDate(2016, 5, 1),
			Sentence: "Er lopen tussen de 40 en 50 onderzoeken.", Line: 12},
		peil.Figure{Measure: 1, Value: 55, Text: "enkele tientallen", Qualifier: peil.QualVague, Lower: &vlo, Upper: &vup,
			Unit: "onderzoeken", Indicator: "investigations", Kind: peil.KindStock, PeriodEnd: peil.NewDate(2016, 4, 1),
			Sentence: "Er lopen enkele tientallen onderzoeken.", Line: 13})
	db := fixtureDB(t, &ext)
	f := peil.Filter{Measure: 1}

	b := export(t, db, f)
	rows, err := b.f.GetRows("Waarnemingen")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][3]string{"tussen de 40 en 50": {"40–50", "40", "50"}, "enkele tientallen": {"20–90", "20", "90"}}
	found := 0
	for r, row := range rows {
		if len(row) <= 8 {
			continue
		}
		w, ok := want[row[5]]
		if !ok {
			if row[6] == "exact" && row[4] == "" {
				t.Errorf("row %d: exact value without a number", r+1)
			}
			continue
		}
		found++
		if row[4] != w[0] || row[6] == "exact" {
			t.Errorf("Waarnemingen row %d (%s): Waarde %q, Kwalificatie %q; want %q, not exact", r+1, row[5], row[4], row[6], w[0])
		}
		if got := b.number("Waarnemingen", ref(8, r+1)); peil.FormatNumber(got) != w[1] {
			t.Errorf("row %d: Ondergrens %v; want %s", r+1, got, w[1])
		}
		if got := b.number("Waarnemingen", ref(9, r+1)); peil.FormatNumber(got) != w[2] {
			t.Errorf("row %d: Bovengrens %v; want %s", r+1, got, w[2])
		}
	}
	if found != 2 {
		t.Errorf("Waarnemingen has %d of the 2 rows with bounds", found)
	}

	var buf bytes.Buffer
	if err := CSV(context.Background(), db, f, &buf); err != nil {
		t.Fatal(err)
	}
	cr := csv.NewReader(bytes.NewReader(buf.Bytes()[len(utf8BOM):]))
	cr.Comma = ';'
	records, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	found = 0
	for _, rec := range records[1:] {
		if w, ok := want[rec[5]]; ok {
			found++
			if rec[colValue] != w[0] || rec[7] != w[1] || rec[8] != w[2] || rec[6] != peil.QualRange.Dutch() && rec[6] != peil.QualVague.Dutch() {
				t.Errorf("CSV %q: Waarde %q, bounds %q–%q, Kwalificatie %q; want %v", rec[5], rec[colValue], rec[7], rec[8], rec[6], w)
			}
		}
	}
	if found != 2 {
		t.Errorf("CSV has %d of the 2 rows with bounds", found)
	}
}
