package pdf

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/peil-dev/peil/internal/pdfgen"
)

// invented is a made-up report: twelve measures in two tables with
// headings, long rows that break over pages, a shared row (7 & 8) and a
// footnote.
func invented() pdfgen.Report {
	status := func(nr int) string {
		var b strings.Builder
		for k := 0; k < 2+nr%4*3; k++ {
			fmt.Fprintf(&b, "In maatregel %d zijn in de periode tot 1 maart 2017 in totaal %d zaken behandeld en circa %d,%d miljoen euro besteed. ", nr, 10*nr+k, nr, k)
		}
		return strings.TrimSpace(b.String())
	}
	title := func(nr int) string {
		return fmt.Sprintf("Maatregel nummer %d betreffende de aanpak van een verzonnen onderwerp.", nr)
	}
	var t1, t2 pdfgen.Table
	t1.Heading = "Cluster A: verzonnen maatregelen 1 tot en met 6"
	t2.Heading = "Cluster B: verzonnen maatregelen 7 tot en met 12"
	for nr := 1; nr <= 12; nr++ {
		r := pdfgen.Row{Nrs: []int{nr}, Titles: []string{title(nr)}, Status: status(nr)}
		if nr == 7 {
			r.Nrs = []int{7, 8}
			r.Titles = append(r.Titles, title(8))
			nr++
		}
		if nr == 3 {
			r.Footnote = "Deze voetnoot hoort bij maatregel 3 en is geen tekst van de rij."
		}
		if nr <= 6 {
			t1.Rows = append(t1.Rows, r)
		} else {
			t2.Rows = append(t2.Rows, r)
		}
	}
	return pdfgen.Report{
		Intro:  []string{"Inleiding", "Dit is een verzonnen voortgangsrapportage van 15 maart 2017 om de PDF-lezer te toetsen."},
		Tables: []pdfgen.Table{t1, t2},
	}
}

// joined returns the text of lines, joined as the text front end joins them.
func joined(lines []Line) string {
	var b strings.Builder
	hyph := false
	for _, l := range lines {
		if b.Len() > 0 && !hyph {
			b.WriteByte(' ')
		}
		b.WriteString(l.Text)
		hyph = l.Hyph
	}
	return b.String()
}

func readGenerated(t *testing.T, r pdfgen.Report, o pdfgen.Options) *Document {
	t.Helper()
	raw, err := pdfgen.Bytes(r, o)
	if err != nil {
		t.Fatal(err)
	}
	d, err := Read(context.Background(), raw, "verzonnen.pdf")
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestReadTable reads the invented report in many layouts and checks that
// every row comes back whole: its numbers, title and status, nothing of the
// page furniture, the headings between the tables or the footnote in it.
func TestReadTable(t *testing.T) {
	rep := invented()
	var want []pdfgen.Row
	for _, tb := range rep.Tables {
		want = append(want, tb.Rows...)
	}
	for _, tt := range []struct {
		name string
		o    pdfgen.Options
	}{
		{"ruled portrait", pdfgen.Options{}},
		{"ruled landscape", pdfgen.Options{Landscape: true}},
		{"borderless portrait", pdfgen.Options{Borderless: true}},
		{"borderless landscape", pdfgen.Options{Borderless: true, Landscape: true}},
		{"header only on page 1", pdfgen.Options{HeaderOnce: true}},
		{"borderless, header only on page 1", pdfgen.Options{HeaderOnce: true, Borderless: true}},
		{"page header and numbers", pdfgen.Options{PageHeader: "Voortgangsrapportage 2017 — verzonnen", PageNumbers: true}},
		{"text drawn line by line across the columns", pdfgen.Options{Order: pdfgen.LineOrder}},
		{"status column first, bottom up", pdfgen.Options{Order: pdfgen.ReverseOrder}},
		{"shared row numbered 7 & 8", pdfgen.Options{SharedNr: true}},
		{"rows broken over small pages", pdfgen.Options{PageHeight: 300, PageNumbers: true}},
		{"core font", pdfgen.Options{CoreFont: true}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d := readGenerated(t, rep, tt.o)
			if len(d.Rows) != len(want) {
				for _, r := range d.Rows {
					t.Logf("row %v p%d l%d: %.50q", r.Nrs, r.Page, r.Line, joined(r.Status))
				}
				t.Fatalf("%d rows; want %d", len(d.Rows), len(want))
			}
			for i, r := range d.Rows {
				w := want[i]
				wantNrs := w.Nrs
				if len(w.Nrs) == 2 && !tt.o.SharedNr {
					wantNrs = w.Nrs[:1] // the Nr cell says 7; the title cell's "&" tells of 8
				}
				if fmt.Sprint(r.Nrs) != fmt.Sprint(wantNrs) {
					t.Errorf("row %d: numbers %v; want %v", i, r.Nrs, wantNrs)
				}
				if len(r.Titles) != len(w.Titles) {
					t.Errorf("row %v: %d titles; want %d", r.Nrs, len(r.Titles), len(w.Titles))
					continue
				}
				for k := range w.Titles {
					if got := joined(r.Titles[k]); got != w.Titles[k] {
						t.Errorf("row %v title %d = %q; want %q", r.Nrs, k, got, w.Titles[k])
					}
				}
				if got := joined(r.Status); got != w.Status {
					t.Errorf("row %v status = %q; want %q", r.Nrs, got, w.Status)
				}
				for _, l := range append(r.Status, r.Titles[0]...) {
					if l.Page < 1 || l.Page > d.Pages || l.Line < 1 {
						t.Errorf("row %v: line %+v outside the document", r.Nrs, l)
					}
				}
			}
			if got := joined(d.Intro); !strings.Contains(got, "verzonnen voortgangsrapportage van 15 maart 2017") || strings.Contains(got, "Nr") {
				t.Errorf("intro = %q; want the text before the table", got)
			}
		})
	}
}

// TestTextOrderIsNotReadingOrder: the same table drawn in three orders
// gives the same rows.
func TestTextOrderIsNotReadingOrder(t *testing.T) {
	rep := invented()
	var prev string
	for _, o := range []pdfgen.Order{pdfgen.CellOrder, pdfgen.LineOrder, pdfgen.ReverseOrder} {
		d := readGenerated(t, rep, pdfgen.Options{Order: o})
		var b strings.Builder
		for _, r := range d.Rows {
			fmt.Fprintf(&b, "%v|%s|%s\n", r.Nrs, joined(r.Titles[0]), joined(r.Status))
		}
		if prev != "" && b.String() != prev {
			t.Errorf("order %d gives other rows than cell order", o)
		}
		prev = b.String()
	}
}

// TestFootnoteIsNote: the footnote at the foot of the page is a note, not
// row text: in smaller type below a rule, and in the body's type without a
// rule (recognised by its raised marker, which also stands in the text).
func TestFootnoteIsNote(t *testing.T) {
	for _, o := range []pdfgen.Options{{}, {FootnoteBody: true}, {FootnoteBody: true, Borderless: true}} {
		d := readGenerated(t, invented(), o)
		found := false
		for _, r := range d.Rows {
			for _, n := range r.Notes {
				if strings.Contains(n.Text, "Deze voetnoot hoort bij maatregel 3") {
					found = true
				}
			}
			if strings.Contains(joined(r.Status), "voetnoot") || strings.Contains(joined(r.Titles[0]), "voetnoot") {
				t.Errorf("%+v: row %v holds the footnote", o, r.Nrs)
			}
		}
		if !found {
			t.Errorf("%+v: the footnote is not kept as a note", o)
		}
	}
}

// TestLineNumbers: line counts the page's lines from the top, so the
// header row is line 1 on a page that starts with it and the first row's
// number stands a line below.
func TestLineNumbers(t *testing.T) {
	d := readGenerated(t, invented(), pdfgen.Options{})
	r := d.Rows[0]
	if r.Page != 1 || r.Line != 5 { // Inleiding, the intro sentence, the heading, the header row
		t.Errorf("row 1 at page %d line %d; want page 1 line 5", r.Page, r.Line)
	}
	if r.Titles[0][0].Line != r.Line || r.Status[0].Line != r.Line {
		t.Errorf("row 1's cells start at lines %d and %d; want %d", r.Titles[0][0].Line, r.Status[0].Line, r.Line)
	}
}
