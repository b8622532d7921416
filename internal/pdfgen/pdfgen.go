// Package pdfgen writes progress reports as PDF files, for tests and
// benchmarks: an introduction and one or more measure tables (Nr |
// Omschrijving | Recente ontwikkelingen en stand van zaken), with or
// without ruling lines, in portrait or landscape, the header repeated on
// every page or only on the first, rows broken over pages, footnotes at a
// page's foot, page headers and page numbers, and text drawn in an order
// other than the reading order. It uses github.com/go-pdf/fpdf with the
// DejaVu Sans font when the machine has it (all of Unicode), else
// Helvetica (Windows-1252).
package pdfgen

import (
	"bytes"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"

	"github.com/go-pdf/fpdf"

	"github.com/peil-dev/peil"
)

// Row is one row of a measure table.
type Row struct {
	Nrs      []int    // one number, or two for a shared row (27 & 28)
	Titles   []string // one per number
	Status   string
	Footnote string // printed at the foot of the page where the row starts, its marker after the title
}

// Table is one measure table, with an optional heading above it.
type Table struct {
	Heading string
	Rows    []Row
}

// Report is what a generated PDF shows.
type Report struct {
	Intro  []string // paragraphs before the first table
	Tables []Table
	After  []Block // text after the last table: an appendix, a signature
}

// Block is text after the tables, from the left margin: a heading in bold,
// then its lines. Each line is one or more cells; a line's cells stand at
// the offsets Cols gives (in points from the left margin), as in a table of
// numbers without rules, or one after the other when Cols is nil.
type Block struct {
	Heading string
	Lines   [][]string
	Cols    []float64
}

// Order is the order in which the file draws a row's text.
type Order int

const (
	CellOrder    Order = iota // cell by cell: Nr, Omschrijving, status (how most producers write)
	LineOrder                 // line by line across the columns
	ReverseOrder              // status column first, bottom line first
)

// Options shape the PDF.
type Options struct {
	Landscape    bool
	Borderless   bool   // no ruling lines
	HeaderOnce   bool   // the header row only at the table's start, not on every page
	SharedNr     bool   // a shared row's Nr cell says "27 & 28" (else "27" and a line "&" in the title cell)
	PageHeader   string // printed at the top of every page
	PageNumbers  bool   // "Pagina N van M" at the foot of every page
	Order        Order
	FontSize     float64 // 0: 9
	PageHeight   float64 // 0: A4; smaller pages give more page breaks
	Encrypt      string  // a password to open the PDF; "-": encrypted with an owner password only
	NoCompress   bool
	HeaderLabels []string // the three headings; nil: the report's own
	CoreFont     bool     // Helvetica (Windows-1252) even when DejaVu Sans is there
	FootnoteBody bool     // footnotes in the body's type size, with no rule above them
}

// FontFile is the TrueType font used when present.
const FontFile = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

// FontBoldFile is its bold face.
const FontBoldFile = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"

var defaultHeadings = []string{"Nr", "Omschrijving", "Recente ontwikkelingen en stand van zaken"}

// gen holds the state of one document being written.
type gen struct {
	f      *fpdf.Fpdf
	o      Options
	tr     func(string) string
	family string
	size   float64
	lh     float64 // line height
	pw, ph float64
	margin float64
	colX   [4]float64 // left edges of the three columns and the table's right edge
	y      float64
	bottom float64 // lowest y for table text on this page (footnotes reserve room)
	notes  []string
	marker int
}

// Write writes r as a PDF to w.
func Write(w io.Writer, r Report, o Options) (err error) {
	defer peil.Wrap(&err, "pdfgen")
	g := &gen{o: o, size: o.FontSize, margin: 50}
	if g.size == 0 {
		g.size = 9
	}
	g.lh = g.size * 1.3
	orient := "P"
	if o.Landscape {
		orient = "L"
	}
	size := fpdf.SizeType{Wd: 595.28, Ht: 841.89}
	if o.PageHeight > 0 {
		size.Ht = o.PageHeight
		if o.Landscape {
			size.Wd = o.PageHeight
			size.Ht = 595.28
		}
	}
	g.f = fpdf.NewCustom(&fpdf.InitType{OrientationStr: orient, UnitStr: "pt", Size: size})
	g.f.SetCompression(!o.NoCompress)
	switch o.Encrypt {
	case "":
	case "-":
		g.f.SetProtection(fpdf.CnProtectPrint, "", "eigenaar")
	default:
		g.f.SetProtection(fpdf.CnProtectPrint, o.Encrypt, "eigenaar")
	}
	g.f.SetAutoPageBreak(false, 0)
	g.f.SetMargins(g.margin, g.margin, g.margin)
	g.f.AliasNbPages("{nb}")
	g.tr = func(s string) string { return s }
	g.family = "Helvetica"
	if reg, err := os.ReadFile(FontFile); err == nil && !o.CoreFont {
		if bold, err := os.ReadFile(FontBoldFile); err == nil {
			g.f.AddUTF8FontFromBytes("dejavu", "", reg)
			g.f.AddUTF8FontFromBytes("dejavu", "B", bold)
			g.family = "dejavu"
		}
	}
	if g.family == "Helvetica" {
		cp := g.f.UnicodeTranslatorFromDescriptor("")
		g.tr = func(s string) string { return cp(strings.ReplaceAll(s, "\u2010", "-")) }
	}
	g.f.SetHeaderFuncMode(func() { g.pageTop() }, true)
	g.f.SetFooterFunc(func() { g.pageFoot() })
	g.pw, g.ph = size.Wd, size.Ht
	if o.Landscape {
		g.pw, g.ph = size.Ht, size.Wd
	}
	g.f.AddPage()
	tw := g.pw - 2*g.margin
	nrW := 4.6 * g.size
	titleW := (tw - nrW) * 0.34
	g.colX = [4]float64{g.margin, g.margin + nrW, g.margin + nrW + titleW, g.pw - g.margin}
	g.font("", g.size)
	for _, p := range r.Intro {
		for _, l := range g.split(p, tw) {
			g.need(g.lh)
			g.text(g.margin, g.y+g.size, l)
			g.y += g.lh
		}
		g.y += g.lh / 2
	}
	for ti, t := range r.Tables {
		g.heading(t.Heading)
		g.need(3 * g.lh)
		if ti == 0 || !o.HeaderOnce {
			g.headerRow()
		} else {
			g.topRule()
		}
		for _, row := range t.Rows {
			g.row(row)
		}
		g.y += g.lh
	}
	for _, b := range r.After {
		g.block(b)
	}
	if err := g.f.Error(); err != nil {
		return err
	}
	return g.f.Output(w)
}

// Bytes returns r as a PDF.
func Bytes(r Report, o Options) ([]byte, error) {
	var b bytes.Buffer
	if err := Write(&b, r, o); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func (g *gen) font(style string, size float64) { g.f.SetFont(g.family, style, size) }

// heading draws a bold heading across the page at g.y; nothing for "".
func (g *gen) heading(h string) {
	if h == "" {
		return
	}
	g.need(3 * g.lh)
	g.y += g.lh / 2
	g.font("B", g.size)
	g.text(g.margin, g.y+g.size, h)
	g.font("", g.size)
	g.y += g.lh * 1.2
}

// block draws b from g.y on, breaking pages where needed.
func (g *gen) block(b Block) {
	g.heading(b.Heading)
	for _, cells := range b.Lines {
		g.need(g.lh)
		x := g.margin
		for i, c := range cells {
			if b.Cols != nil && i < len(b.Cols) {
				x = g.margin + b.Cols[i]
			}
			g.text(x, g.y+g.size, c)
			x += g.f.GetStringWidth(g.tr(c)) + g.f.GetStringWidth(" ")
		}
		g.y += g.lh
	}
	g.y += g.lh / 2
}

func (g *gen) text(x, y float64, s string) { g.f.Text(x, y, g.tr(s)) }

// split wraps s to width w; SplitText works on the text as drawn.
func (g *gen) split(s string, w float64) []string {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	if g.family != "Helvetica" {
		return g.f.SplitText(s, w)
	}
	// Wrap by words, measuring the translated text.
	var out []string
	cur := ""
	for _, word := range strings.Fields(s) {
		try := word
		if cur != "" {
			try = cur + " " + word
		}
		if cur != "" && g.f.GetStringWidth(g.tr(try)) > w {
			out = append(out, cur)
			cur = word
			continue
		}
		cur = try
	}
	if cur != "" {
		out = append(out, cur)
	}
	return out
}

func (g *gen) pageTop() {
	g.y = g.margin
	g.bottom = g.ph - g.margin - 10
	if g.o.PageHeader != "" {
		g.font("", g.size*0.8)
		g.text(g.margin, g.margin-18, g.o.PageHeader)
		g.font("", g.size)
	}
}

func (g *gen) pageFoot() {
	g.printNotes()
	if g.o.PageNumbers {
		g.font("", g.size*0.8)
		s := "Pagina " + strconv.Itoa(g.f.PageNo()) + " van {nb}"
		g.text(g.pw/2-20, g.ph-g.margin+20, s)
		g.font("", g.size)
	}
}

// printNotes writes the page's footnotes under a short rule at its foot.
func (g *gen) printNotes() {
	if len(g.notes) == 0 {
		return
	}
	ns := g.noteSize()
	y := g.ph - g.margin - float64(len(g.notes))*ns*1.3
	if !g.o.FootnoteBody {
		g.f.SetLineWidth(0.5)
		g.f.Line(g.margin, y-4, g.margin+120, y-4)
	}
	for _, n := range g.notes {
		g.font("", ns*0.7)
		mark := n[:strings.IndexByte(n, ' ')]
		g.text(g.margin, y+ns*0.6, mark)
		g.font("", ns)
		g.text(g.margin+ns, y+ns, n[len(mark)+1:])
		y += ns * 1.3
	}
	g.font("", g.size)
	g.notes = nil
}

// noteSize is the type size of footnotes.
func (g *gen) noteSize() float64 {
	if g.o.FootnoteBody {
		return g.size
	}
	return g.size * 0.75
}

// need starts a new page when h does not fit on this one.
func (g *gen) need(h float64) bool {
	if g.y+h <= g.bottom {
		return false
	}
	g.f.AddPage()
	return true
}

func (g *gen) headings() []string {
	if g.o.HeaderLabels != nil {
		return g.o.HeaderLabels
	}
	return defaultHeadings
}

// headerRow draws the header row at g.y.
func (g *gen) headerRow() {
	g.font("B", g.size)
	h := g.lh + 4
	for i, s := range g.headings() {
		g.text(g.colX[i]+3, g.y+2+g.size, s)
	}
	g.font("", g.size)
	if !g.o.Borderless {
		g.f.SetLineWidth(0.6)
		g.f.Line(g.colX[0], g.y, g.colX[3], g.y)
		g.f.Line(g.colX[0], g.y+h, g.colX[3], g.y+h)
		for _, x := range g.colX {
			g.f.Line(x, g.y, x, g.y+h)
		}
	}
	g.y += h
}

func (g *gen) topRule() {
	if !g.o.Borderless {
		g.f.SetLineWidth(0.6)
		g.f.Line(g.colX[0], g.y, g.colX[3], g.y)
	}
}

// cellLine is one line of a cell: its column and text.
type cellLine struct {
	col  int
	text string
	sup  string // a footnote marker drawn raised after the text
}

// row draws one table row, breaking it over pages when it does not fit.
func (g *gen) row(r Row) {
	var cols [3][]cellLine
	nr := ""
	for i, n := range r.Nrs {
		if i > 0 {
			if !g.o.SharedNr {
				break
			}
			nr += " & "
		}
		nr += strconv.Itoa(n)
	}
	cols[0] = []cellLine{{0, nr, ""}}
	w1 := g.colX[2] - g.colX[1] - 6
	w2 := g.colX[3] - g.colX[2] - 6
	for i, t := range r.Titles {
		if i > 0 {
			cols[1] = append(cols[1], cellLine{1, "&", ""})
		}
		for _, l := range g.split(t, w1-2*g.size) {
			cols[1] = append(cols[1], cellLine{1, l, ""})
		}
	}
	if r.Footnote != "" && len(cols[1]) > 0 {
		g.marker++
		cols[1][len(cols[1])-1].sup = strconv.Itoa(g.marker)
	}
	for _, l := range g.split(r.Status, w2) {
		cols[2] = append(cols[2], cellLine{2, l, ""})
	}
	n := max(len(cols[1]), len(cols[2]), 1)
	first := 0
	for first < n {
		if g.need(2 * g.lh) {
			g.continuedTop()
		}
		if first == 0 && r.Footnote != "" {
			if len(g.notes) == 0 {
				g.bottom -= 10
			}
			g.notes = append(g.notes, strconv.Itoa(g.marker)+" "+r.Footnote)
			g.bottom -= g.noteSize() * 1.3
		}
		fit := int((g.bottom - g.y - 4) / g.lh)
		fit = max(min(fit, n-first), 1)
		g.drawPart(cols, first, first+fit)
		first += fit
	}
}

// continuedTop starts a page in the middle of a table: the header again,
// or only the table's top rule.
func (g *gen) continuedTop() {
	if g.o.HeaderOnce {
		g.topRule()
		return
	}
	g.headerRow()
}

// drawPart draws lines [from, to) of a row's cells at g.y, in the order the
// options ask for, with the row's rules.
func (g *gen) drawPart(cols [3][]cellLine, from, to int) {
	type placed struct {
		x, y float64
		l    cellLine
	}
	var ps []placed
	top := g.y
	for c := 0; c < 3; c++ {
		for i := from; i < to && i < len(cols[c]); i++ {
			if c == 0 && from > 0 {
				break
			}
			ps = append(ps, placed{g.colX[c] + 3, top + 3 + g.size + float64(i-from)*g.lh, cols[c][i]})
		}
	}
	switch g.o.Order {
	case LineOrder:
		sort.SliceStable(ps, func(a, b int) bool { return ps[a].y < ps[b].y })
	case ReverseOrder:
		sort.SliceStable(ps, func(a, b int) bool {
			if ps[a].l.col != ps[b].l.col {
				return ps[a].l.col > ps[b].l.col
			}
			return ps[a].y > ps[b].y
		})
	}
	for _, p := range ps {
		g.text(p.x, p.y, p.l.text)
		if p.l.sup != "" {
			x := p.x + g.f.GetStringWidth(g.tr(p.l.text))
			g.font("", g.size*0.6)
			g.text(x+0.5, p.y-g.size*0.4, p.l.sup)
			g.font("", g.size)
		}
	}
	h := float64(to-from)*g.lh + 6
	if !g.o.Borderless {
		g.f.SetLineWidth(0.6)
		g.f.Line(g.colX[0], top+h, g.colX[3], top+h)
		for _, x := range g.colX {
			g.f.Line(x, top, x, top+h)
		}
	}
	g.y = top + h
}

// FromExtraction returns the table of an extraction as a Report: a row per
// measure, measures that share their status text and line (27 & 28) in one
// row, and intro as the text before the table.
func FromExtraction(ext *peil.Extraction, intro ...string) Report {
	var t Table
	for i := 0; i < len(ext.Measures); i++ {
		m := ext.Measures[i]
		r := Row{Nrs: []int{m.Nr}, Titles: []string{m.Title}, Status: m.Status}
		for i+1 < len(ext.Measures) && ext.Measures[i+1].Line == m.Line && ext.Measures[i+1].Status == m.Status {
			i++
			r.Nrs = append(r.Nrs, ext.Measures[i].Nr)
			r.Titles = append(r.Titles, ext.Measures[i].Title)
		}
		t.Rows = append(t.Rows, r)
	}
	return Report{Intro: intro, Tables: []Table{t}}
}

// HTML returns r as an HTML page with one table per Table (ruled, the
// header row in a thead), for LibreOffice Writer to turn into a PDF as an
// office suite would.
func HTML(r Report) []byte {
	var b strings.Builder
	esc := func(s string) string {
		return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
	}
	b.WriteString("<!DOCTYPE html>\n<html lang=\"nl\"><head><meta charset=\"utf-8\"><title>Voortgangsrapportage</title>\n" +
		"<style>body{font-family:'DejaVu Sans',sans-serif;font-size:9pt} table{border-collapse:collapse;width:100%}" +
		" td,th{border:1px solid #000;vertical-align:top;text-align:left;padding:3pt}</style></head><body>\n")
	for _, p := range r.Intro {
		b.WriteString("<p>" + esc(p) + "</p>\n")
	}
	for _, t := range r.Tables {
		if t.Heading != "" {
			b.WriteString("<h3>" + esc(t.Heading) + "</h3>\n")
		}
		b.WriteString("<table border=\"1\" cellpadding=\"4\" cellspacing=\"0\" width=\"100%\"><thead><tr>")
		for _, h := range defaultHeadings {
			b.WriteString("<th align=\"left\" valign=\"top\">" + esc(h) + "</th>")
		}
		b.WriteString("</tr></thead><tbody>\n")
		for _, row := range t.Rows {
			b.WriteString("<tr><td valign=\"top\" width=\"6%\">" + strconv.Itoa(row.Nrs[0]) + "</td><td valign=\"top\" width=\"30%\">")
			for i, title := range row.Titles {
				if i > 0 {
					b.WriteString("<p>&amp;</p>")
				}
				b.WriteString("<p>" + esc(title) + "</p>")
			}
			b.WriteString("</td><td valign=\"top\">" + esc(row.Status) + "</td></tr>\n")
		}
		b.WriteString("</tbody></table>\n")
	}
	b.WriteString("</body></html>\n")
	return []byte(b.String())
}
