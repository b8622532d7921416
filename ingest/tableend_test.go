package ingest_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/peil-dev/peil"
	"github.com/peil-dev/peil/ingest"
	"github.com/peil-dev/peil/internal/pdfgen"
)

// lastStatus returns the status text of measure 38.
func lastStatus(t *testing.T, ext *peil.Extraction) string {
	t.Helper()
	for _, m := range ext.Measures {
		if m.Nr == 38 {
			return m.Status
		}
	}
	t.Fatal("no measure 38")
	return ""
}

// figuresOf counts the figures of measure nr.
func figuresOf(ext *peil.Extraction, nr int) int {
	n := 0
	for _, f := range ext.Figures {
		if f.Measure == nr {
			n++
		}
	}
	return n
}

// extractNotes extracts raw with the catalog and returns the notes too.
func extractNotes(t *testing.T, raw []byte, file string) (*peil.Extraction, string) {
	t.Helper()
	var notes []string
	ext, err := ingest.Extract(raw, ingest.Options{File: file, Catalog: catalog(t),
		Notef: func(format string, args ...any) { notes = append(notes, fmt.Sprintf(format, args...)) }})
	if err != nil {
		t.Fatal(err)
	}
	return ext, strings.Join(notes, "\n")
}

// Text after the measure table (an appendix, a signature, sources) is not
// measure 38's text: it gives no figures, and a note says on which line
// the table ended.
func TestTableEndText(t *testing.T) {
	sample := readSample(t)
	base := sampleTextExtraction(t)
	sampleLines := bytes.Count(sample, []byte("\n"))
	for _, tt := range []struct {
		name, extra string
		at          int // line of the extra text where the table ends, 1-based
	}{
		{"appendix table of 1,000 rows", appendixTable(1000), 2},
		{"appendix with a number", "\nBijlage 1\nRegio Noord 12 14 16 18\nRegio Zuid 13 15 17 19\n", 2},
		{"annex", "\nAnnex II – cijfers\nIn 2016 waren er 45 meldingen.\n", 2},
		{"overview", "\nOverzicht van de meldingen per regio\nNoord 12 14 16 18 20 22 24 26\n", 2},
		{"signature", "\nHoogachtend,\n\nDe Minister van Veiligheid en Justitie,\n\nG.A. van der Steur\n", 2},
		{"signature without greeting", "\nDe Minister van Sociale Zaken en Werkgelegenheid,\nL.F. Asscher\n", 2},
		{"sources", "\nBronnen\nCBS (2016), Jaarrapport integratie 2016, 123 pagina's.\n", 2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			raw := append(bytes.Clone(sample), tt.extra...)
			ext, notes := extractNotes(t, raw, "in.txt")
			if got, want := figuresOf(ext, 38), figuresOf(base, 38); got != want {
				t.Errorf("measure 38 has %d figures; want %d, those of the sample", got, want)
			}
			if len(ext.Figures) != len(base.Figures) || len(ext.Events) != len(base.Events) {
				t.Errorf("%d figures, %d events; want the sample's %d and %d", len(ext.Figures), len(ext.Events), len(base.Figures), len(base.Events))
			}
			if got, want := lastStatus(t, ext), lastStatus(t, base); got != want {
				t.Errorf("measure 38's status ends %q; want the sample's, ending %q", tail(got), tail(want))
			}
			wantNote := fmt.Sprintf("in.txt:%d: de tabel van de maatregelen eindigt hier (", sampleLines+tt.at)
			if !strings.Contains(notes, wantNote) || !strings.Contains(notes, "niet bij maatregel 38") {
				t.Errorf("notes = %q; want one with %q", notes, wantNote)
			}
		})
	}
}

// tail returns the end of s, for messages.
func tail(s string) string { return s[max(0, len(s)-60):] }

// Words that may open an appendix or a signature but stand in a sentence
// of the last row are its text.
func TestTableEndNotInProse(t *testing.T) {
	sample := readSample(t)
	for _, extra := range []string{
		"Bijlage 2 bevat de cijfers per regio, die in 2016 zijn verzameld.\n",
		"De Minister van Veiligheid en Justitie heeft in maart 12 gemeenten bezocht.\n",
		"Overzicht en inzicht zijn in 2016 verbeterd bij 14 gemeenten.\n",
		"Bronnen binnen de politie melden 20 nieuwe zaken.\n",
	} {
		raw := append(bytes.Clone(sample), extra...)
		ext, notes := extractNotes(t, raw, "in.txt")
		if strings.Contains(notes, "eindigt hier") {
			t.Errorf("%q: notes = %q; want no end of the table", extra, notes)
		}
		if st := lastStatus(t, ext); !strings.HasSuffix(st, strings.TrimSpace(extra)) {
			t.Errorf("%q: measure 38's status ends %q; want the line in it", extra, tail(st))
		}
	}
}

// The same in a PDF: an appendix table after the measure table, in a
// layout of its own, and a signature are not measure 38's text.
func TestTableEndPDF(t *testing.T) {
	ext := sampleTextExtraction(t)
	intro := sampleIntro(readSample(t))
	appendix := pdfgen.Block{Heading: "Bijlage: cijfers per regio", Cols: []float64{0, 220, 270, 320, 370}}
	for i := range 1000 {
		appendix.Lines = append(appendix.Lines, []string{fmt.Sprintf("Regio A%d", i),
			fmt.Sprint(100 + i%900), fmt.Sprint(10 + i%90), fmt.Sprint(20 + i%70), fmt.Sprint(200 + i%800)})
	}
	signature := pdfgen.Block{Lines: [][]string{{"Hoogachtend,"}, {"De Minister van Veiligheid en Justitie,"}, {"G.A. van der Steur"}}}
	for _, o := range []pdfgen.Options{{Borderless: true}, {}} {
		base := pdfgen.FromExtraction(ext, intro...)
		raw, err := pdfgen.Bytes(base, o)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := extractNotes(t, raw, "in.pdf")
		for _, after := range [][]pdfgen.Block{{appendix}, {signature}, {signature, appendix}} {
			r := base
			r.After = after
			raw, err := pdfgen.Bytes(r, o)
			if err != nil {
				t.Fatal(err)
			}
			got, notes := extractNotes(t, raw, "in.pdf")
			name := fmt.Sprintf("borderless %v, %q", o.Borderless, after[0].Lines[0][0])
			if figuresOf(got, 38) != figuresOf(want, 38) || len(got.Figures) != len(want.Figures) {
				t.Errorf("%s: %d figures, %d of measure 38; want %d and %d", name, len(got.Figures), figuresOf(got, 38),
					len(want.Figures), figuresOf(want, 38))
			}
			if g, w := lastStatus(t, got), lastStatus(t, want); g != w {
				t.Errorf("%s: measure 38's status ends %q; want %q", name, tail(g), tail(w))
			}
			if !strings.Contains(notes, "in.pdf: pagina 12, regel 18: de tabel van de maatregelen eindigt hier (") {
				t.Errorf("%s: notes = %q; want where the table ends", name, notes)
			}
		}
	}
}
