package ingest_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/peil-dev/peil"
	"github.com/peil-dev/peil/ingest"
	"github.com/peil-dev/peil/internal/officetest"
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
		{"footnote in body type", pdfgen.Options{FootnoteBody: true}},
		{"borderless, footnote in body type", pdfgen.Options{Borderless: true, FootnoteBody: true, PageNumbers: true}},
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

// TestLibreOfficePDFMatchesText: the sample's table written as HTML and
// turned into a PDF by LibreOffice Writer, as an office suite lays it out,
// gives the same figures and events as the text.
func TestLibreOfficePDFMatchesText(t *testing.T) {
	ext := sampleTextExtraction(t)
	dir := t.TempDir()
	html := filepath.Join(dir, "rapport.html")
	if err := os.WriteFile(html, pdfgen.HTML(pdfgen.FromExtraction(ext, sampleIntro(readSample(t))...)), 0o644); err != nil {
		t.Fatal(err)
	}
	out := officetest.Convert(t, dir, html, "pdf:writer_web_pdf_Export")
	raw, err := os.ReadFile(filepath.Join(out, "rapport.pdf"))
	if err != nil {
		t.Fatalf("LibreOffice wrote no PDF: %v", err)
	}
	got, err := ingest.Extract(raw, ingest.Options{File: "rapport.pdf", Catalog: catalog(t)})
	if err != nil {
		t.Fatal(err)
	}
	if g, w := withoutPlace(got), withoutPlace(ext); g != w {
		t.Errorf("LibreOffice PDF differs from the text; first difference at %s", firstDiff(g, w))
	}
}

// BenchmarkExtractPDF measures a whole ingest.Extract of a 15-page PDF of
// the sample report (PDFium reading every character and rule, the table
// rebuilt, the figures extracted), the module already compiled and
// loaded; BenchmarkExtractText is the same report as text, the baseline.
func BenchmarkExtractPDF(b *testing.B) {
	raw := samplePDF(b, pdfgen.Options{FontSize: 10.5, PageNumbers: true})
	opts := ingest.Options{File: "bench.pdf", Catalog: catalog(b)}
	ext, err := ingest.Extract(raw, opts) // starts PDFium
	if err != nil {
		b.Fatal(err)
	}
	pages := 0
	for _, f := range ext.Figures {
		pages = max(pages, int(f.Page))
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ingest.Extract(raw, opts); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(pages), "last-page")
}

// BenchmarkExtractText is the baseline of BenchmarkExtractPDF: the text of
// the same report.
func BenchmarkExtractText(b *testing.B) {
	raw := readSample(b)
	opts := ingest.Options{File: "bench.txt", Catalog: catalog(b)}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ingest.Extract(raw, opts); err != nil {
			b.Fatal(err)
		}
	}
}

// cellBlocks writes a report the way pdftotext writes a table in its
// default mode: every cell a block of its own, blocks apart by a blank line,
// the row numbers alone on a line.
func cellBlocks(ext *peil.Extraction) []byte {
	var b strings.Builder
	b.WriteString("Inleiding\n\nNr\n\nOmschrijving\n\nRecente ontwikkelingen en stand van zaken\n\n")
	for _, m := range ext.Measures {
		fmt.Fprintf(&b, "%d\n\n%s\n\n", m.Nr, m.Title)
		words := strings.Fields(m.Status)
		for i := 0; i < len(words); i += 9 {
			b.WriteString(strings.Join(words[i:min(i+9, len(words))], " ") + "\n")
		}
		b.WriteString("\n")
	}
	return []byte(b.String())
}

// TestPdftotextCellsRefused: text whose cells pdftotext wrote as separate
// blocks is refused with a message that asks for the PDF, not read as one
// row with every figure on measure 1; with real pdftotext too, when it is
// installed.
func TestPdftotextCellsRefused(t *testing.T) {
	ext := sampleTextExtraction(t)
	inputs := map[string][]byte{"cell blocks": cellBlocks(ext)}
	if tool, err := exec.LookPath("pdftotext"); err == nil {
		dir := t.TempDir()
		pdfFile := filepath.Join(dir, "rapport.pdf")
		os.WriteFile(pdfFile, samplePDF(t, pdfgen.Options{}), 0o644)
		if out, err := exec.Command(tool, pdfFile, filepath.Join(dir, "rapport.txt")).CombinedOutput(); err != nil {
			t.Fatalf("pdftotext: %v\n%s", err, out)
		}
		b, err := os.ReadFile(filepath.Join(dir, "rapport.txt"))
		if err != nil {
			t.Fatal(err)
		}
		inputs["pdftotext"] = b
	}
	for name, raw := range inputs {
		_, err := ingest.Extract(raw, ingest.Options{File: "rapport.txt", Catalog: catalog(t)})
		var pe *peil.Error
		if !errors.As(err, &pe) || pe.Code != peil.EINVALID || !strings.Contains(pe.Message, "geef Peil het PDF-bestand zelf") || pe.Line < 1 {
			t.Errorf("%s: err = %v; want EINVALID with a line, asking for the PDF", name, err)
		}
	}
}
