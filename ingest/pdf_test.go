package ingest_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/peil-dev/peil"
	"github.com/peil-dev/peil/ingest"
	"github.com/peil-dev/peil/internal/pdfgen"
)

// sampleIntro is the text of the sample report before its table.
func sampleIntro(raw []byte) []string {
	var out []string
	for _, l := range strings.Split(string(raw), "\n") {
		l = strings.TrimSpace(l)
		if strings.HasPrefix(l, "Nr Omschrijving") {
			break
		}
		if l != "" {
			out = append(out, l)
		}
	}
	return out
}

// sampleTextExtraction is the text front end's extraction of the sample.
func sampleTextExtraction(t testing.TB) *peil.Extraction {
	t.Helper()
	ext, err := ingest.Extract(readSample(t), ingest.Options{File: "sample.txt", Catalog: catalog(t)})
	if err != nil {
		t.Fatal(err)
	}
	return ext
}

// samplePDF renders the sample report's table as a PDF, with the footnote
// that the text version lost into measure 20's row.
func samplePDF(t testing.TB, o pdfgen.Options) []byte {
	t.Helper()
	ext := sampleTextExtraction(t)
	r := pdfgen.FromExtraction(ext, sampleIntro(readSample(t))...)
	for i := range r.Tables[0].Rows {
		if r.Tables[0].Rows[i].Nrs[0] == 20 {
			r.Tables[0].Rows[i].Footnote = "Maatregel 20b is in de 2e voortgangsrapportage afgerond."
		}
	}
	b, err := pdfgen.Bytes(r, o)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// withoutPlace returns what an extraction says, without where it says it
// (line and page): the part both front ends must agree on.
func withoutPlace(ext *peil.Extraction) string {
	var b strings.Builder
	for _, m := range ext.Measures {
		fmt.Fprintf(&b, "M %d %q %q\n", m.Nr, m.Title, m.Status)
	}
	for _, f := range ext.Figures {
		f.Line, f.Page = 0, 0
		j, _ := json.Marshal(f)
		fmt.Fprintf(&b, "F %s\n", j)
	}
	for _, e := range ext.Events {
		e.Line, e.Page = 0, 0
		j, _ := json.Marshal(e)
		fmt.Fprintf(&b, "E %s\n", j)
	}
	return b.String()
}

// firstDiff returns the first differing line of a and b.
func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) || i < len(bl); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			k := 0
			for k < len(x) && k < len(y) && x[k] == y[k] {
				k++
			}
			from := max(0, k-60)
			return fmt.Sprintf("line %d, byte %d:\n pdf:  …%s\n text: …%s", i+1, k, x[from:min(len(x), k+60)], y[from:min(len(y), k+60)])
		}
	}
	return ""
}

// TestPDFMatchesText: the sample report as a PDF, in many layouts, gives
// the same measures, figures (values, qualifiers, periods, indicators) and
// events as its text; only line and page differ.
func TestPDFMatchesText(t *testing.T) {
	want := withoutPlace(sampleTextExtraction(t))
	cat := catalog(t)
	for _, tt := range []struct {
		name string
		o    pdfgen.Options
	}{
		{"ruled portrait", pdfgen.Options{}},
		{"ruled landscape", pdfgen.Options{Landscape: true}},
		{"borderless", pdfgen.Options{Borderless: true}},
		{"header once", pdfgen.Options{HeaderOnce: true}},
		{"borderless header once", pdfgen.Options{Borderless: true, HeaderOnce: true}},
		{"page furniture", pdfgen.Options{PageHeader: "Voortgangsrapportage Integrale Aanpak Jihadisme, voorjaar 2017", PageNumbers: true}},
		{"line order", pdfgen.Options{Order: pdfgen.LineOrder}},
		{"reverse order", pdfgen.Options{Order: pdfgen.ReverseOrder, Borderless: true}},
		{"shared nr cell", pdfgen.Options{SharedNr: true}},
		{"small pages", pdfgen.Options{PageHeight: 420, PageNumbers: true}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			raw := samplePDF(t, tt.o)
			ext, err := ingest.Extract(raw, ingest.Options{File: "sample.pdf", Catalog: cat})
			if err != nil {
				t.Fatal(err)
			}
			got := withoutPlace(ext)
			if got != want {
				t.Errorf("PDF extraction differs from the text's; first difference at %s", firstDiff(got, want))
			}
			for _, f := range ext.Figures {
				if f.Page < 1 || f.Line < 1 {
					t.Errorf("figure %q: page %d line %d; want both >= 1", f.Text, f.Page, f.Line)
				}
			}
			for _, m := range ext.Measures {
				if m.Page < 1 || m.Line < 1 {
					t.Errorf("measure %d: page %d line %d; want both >= 1", m.Nr, m.Page, m.Line)
				}
			}
		})
	}
}
