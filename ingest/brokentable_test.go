package ingest_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/peil-dev/peil"
	"github.com/peil-dev/peil/internal/pdfgen"
)

// figureSet counts an extraction's figures by measure, text and sentence:
// what must not move to a neighbour or double.
func figureSet(ext *peil.Extraction) map[string]int {
	m := map[string]int{}
	for _, f := range ext.Figures {
		m[fmt.Sprintf("%d %s | %s", f.Measure, f.Text, f.Sentence)]++
	}
	return m
}

// sameFigures reports how got's figures differ from want's, "" when they
// do not; extra are figures got may have beside want's ("39 44").
func sameFigures(got, want *peil.Extraction, extra ...string) string {
	g, w := figureSet(got), figureSet(want)
	var diff []string
	for k, n := range g {
		skip := false
		for _, e := range extra {
			if strings.HasPrefix(k, e) {
				skip = true
			}
		}
		if !skip && w[k] != n {
			diff = append(diff, fmt.Sprintf("%q: %d, want %d", k, n, w[k]))
		}
	}
	for k, n := range w {
		if g[k] == 0 {
			diff = append(diff, fmt.Sprintf("%q: 0, want %d", k, n))
		}
	}
	slices.Sort(diff)
	if len(diff) > 3 {
		diff = append(diff[:3], fmt.Sprintf("and %d more", len(diff)-3))
	}
	return strings.Join(diff, "; ")
}

// warningWith returns the warning whose message holds s.
func warningWith(ext *peil.Extraction, s string) (peil.Warning, bool) {
	for _, w := range ext.Warnings {
		if strings.Contains(w.Message, s) {
			return w, true
		}
	}
	return peil.Warning{}, false
}

// brokenCase is a table broken in one way, and what it must give.
type brokenCase struct {
	name    string
	warning string // part of the warning
	extra   []string
	notes   string // must not be in the notes
}

var brokenCases = []brokenCase{
	{name: "rows 2 and 3 swapped", warning: "de rij van maatregel 2 staat na die van maatregel 3", notes: "maatregel 2 niet gevonden"},
	{name: "row 5 twice", warning: "maatregel 5 staat opnieuw in de tabel"},
	{name: "row 39 before 38", warning: "rij met nummer 39: geen maatregel uit de catalogus (1–38)", extra: []string{"39 "}},
	{name: "row 99 after 38", warning: "rij met nummer 99: geen maatregel uit de catalogus (1–38)", extra: []string{"99 "}},
}

// Broken tables in text: rows swapped, a row twice, a row numbered above the
// catalog. No figure is filed under a neighbour or doubled, and each gets a
// warning with its line, in the notes and in the extraction.
func TestBrokenTableText(t *testing.T) {
	sample := readSample(t)
	base := sampleTextExtraction(t)
	lines := strings.SplitAfter(string(sample), "\n")
	start := map[int]int{} // measure: index of its first line
	for _, m := range base.Measures {
		start[m.Nr] = m.Line - 1
	}
	join := func(parts ...[]string) []byte {
		var b strings.Builder
		for _, p := range parts {
			b.WriteString(strings.Join(p, ""))
		}
		return []byte(b.String())
	}
	extraRow := func(nr int) []string {
		return []string{fmt.Sprintf("%d Een maatregel die de catalogus niet kent.\n", nr), "In 2016 zijn 44 extra zaken geopend.\n"}
	}
	for _, tt := range brokenCases {
		t.Run(tt.name, func(t *testing.T) {
			var raw []byte
			var at int // line of the broken row, 1-based
			switch tt.name {
			case "rows 2 and 3 swapped":
				r2, r3, r4 := start[2], start[3], start[4]
				raw = join(lines[:r2], lines[r3:r4], lines[r2:r3], lines[r4:])
				at = r2 + (r4 - r3) + 1
			case "row 5 twice":
				r5, r6 := start[5], start[6]
				raw = join(lines[:r6], lines[r5:r6], lines[r6:])
				at = r6 + 1
			case "row 39 before 38":
				r38 := start[38]
				raw = join(lines[:r38], extraRow(39), lines[r38:])
				at = r38 + 1
			case "row 99 after 38":
				raw = join(lines, extraRow(99))
				at = len(lines) + 1
				if lines[len(lines)-1] == "" {
					at--
				}
			}
			ext, notes := extractNotes(t, raw, "in.txt")
			if d := sameFigures(ext, base, tt.extra...); d != "" {
				t.Errorf("figures differ from the sample's: %s", d)
			}
			w, ok := warningWith(ext, tt.warning)
			if !ok || w.Line != at || w.Page != 0 {
				t.Errorf("warnings = %+v; want %q on line %d", ext.Warnings, tt.warning, at)
			}
			if want := fmt.Sprintf("in.txt:%d: waarschuwing: %s", at, tt.warning); !strings.Contains(notes, want) {
				t.Errorf("notes = %q; want %q", notes, want)
			}
			if tt.notes != "" && strings.Contains(notes, tt.notes) {
				t.Errorf("notes = %q; want nothing about %q", notes, tt.notes)
			}
			if tt.extra != nil && figureSet(ext)[tt.extra[0]+"44 | In 2016 zijn 44 extra zaken geopend."] != 1 {
				t.Errorf("the extra row's figure is not filed under its own number: %v", ext.Figures[len(ext.Figures)-1])
			}
		})
	}
}

// The same broken tables as PDFs: each warning names page and line.
func TestBrokenTablePDF(t *testing.T) {
	ext := sampleTextExtraction(t)
	intro := sampleIntro(readSample(t))
	for _, o := range []pdfgen.Options{{}, {Borderless: true}} {
		r := pdfgen.FromExtraction(ext, intro...)
		raw, err := pdfgen.Bytes(r, o)
		if err != nil {
			t.Fatal(err)
		}
		base, _ := extractNotes(t, raw, "in.pdf")
		for _, tt := range brokenCases {
			rows := slices.Clone(r.Tables[0].Rows)
			idx := func(nr int) int {
				return slices.IndexFunc(rows, func(row pdfgen.Row) bool { return row.Nrs[0] == nr })
			}
			extra := func(nr int) pdfgen.Row {
				return pdfgen.Row{Nrs: []int{nr}, Titles: []string{"Een maatregel die de catalogus niet kent."}, Status: "In 2016 zijn 44 extra zaken geopend."}
			}
			switch tt.name {
			case "rows 2 and 3 swapped":
				i, j := idx(2), idx(3)
				rows[i], rows[j] = rows[j], rows[i]
			case "row 5 twice":
				rows = slices.Insert(rows, idx(6), rows[idx(5)])
			case "row 39 before 38":
				rows = slices.Insert(rows, idx(38), extra(39))
			case "row 99 after 38":
				rows = append(rows, extra(99))
			}
			broken := r
			broken.Tables = []pdfgen.Table{{Rows: rows}}
			raw, err := pdfgen.Bytes(broken, o)
			if err != nil {
				t.Fatal(err)
			}
			got, notes := extractNotes(t, raw, "in.pdf")
			name := fmt.Sprintf("borderless %v, %s", o.Borderless, tt.name)
			if d := sameFigures(got, base, tt.extra...); d != "" {
				t.Errorf("%s: figures differ from the PDF's without the fault: %s", name, d)
			}
			w, ok := warningWith(got, tt.warning)
			if !ok || w.Line < 1 || w.Page < 1 {
				t.Errorf("%s: warnings = %+v; want %q with page and line", name, got.Warnings, tt.warning)
			}
			if want := fmt.Sprintf("in.pdf: pagina %d, regel %d: waarschuwing: %s", w.Page, w.Line, tt.warning); !strings.Contains(notes, want) {
				t.Errorf("%s: notes = %q; want %q", name, notes, want)
			}
			if tt.notes != "" && strings.Contains(notes, tt.notes) {
				t.Errorf("%s: notes = %q; want nothing about %q", name, notes, tt.notes)
			}
		}
	}
}

// The current row's number and title repeated after a page break (the
// header row again) continue the row: no warning, no figure lost.
func TestRepeatedRowAfterPageBreak(t *testing.T) {
	sample := readSample(t)
	base := sampleTextExtraction(t)
	m5, _ := catalog(t).Measure(5)
	var r5 int
	for _, m := range base.Measures {
		if m.Nr == 5 {
			r5 = m.Line
		}
	}
	lines := strings.SplitAfter(string(sample), "\n")
	repeat := []string{"Nr Omschrijving Recente ontwikkelingen en stand van zaken\n", "5 " + m5.Title + "\n"}
	raw := []byte(strings.Join(lines[:r5+1], "") + strings.Join(repeat, "") + strings.Join(lines[r5+1:], ""))
	ext, notes := extractNotes(t, raw, "in.txt")
	if strings.Contains(notes, "staat opnieuw") {
		t.Errorf("notes = %q; want no row twice", notes)
	}
	if d := sameFigures(ext, base); d != "" {
		t.Errorf("figures differ from the sample's: %s", d)
	}
}
