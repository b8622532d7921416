package pdf

import (
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Line is one line of text in one cell of the table (or of the text before
// it), as the PDF shows it.
type Line struct {
	Text string
	Page int  // 1-based PDF page
	Line int  // 1-based line on the page: the page's lines of text counted from the top over its full width
	Hyph bool // ends in a hyphen that joins a word to the next line
}

// Row is one row of the measure table: the numbers in its Nr cell, its
// Omschrijving cell (split at a line "&" when two measures share the row)
// and its status cell. A row broken over pages is one Row.
type Row struct {
	Nrs    []int
	Page   int // where the row's number stands
	Line   int
	Titles [][]Line
	Status []Line
	Notes  []Line // footnotes printed on the pages of the row
}

// Document is a report's table rebuilt from a PDF's geometry.
type Document struct {
	Pages int
	Intro []Line // the text before the table's first header
	Rows  []Row
	// Lines are the lines of text from the table's first header on, each
	// across the whole width of its page, in reading order: what the table
	// analysis read its rows from (page furniture, header rows and
	// footnotes left out), and also what it did not take into a row (text
	// across the columns, outside the cells). The ingest front end finds
	// where the table ends in them.
	Lines []Line
}

// columns are the table's column boundaries on a page: x < b1 is the Nr
// column, x < b2 the Omschrijving column, the rest the status column.
type columns struct {
	b1, b2 float64
	gutter float64 // the narrowest gap between columns; 0 when ruled
	ruled  bool
	ok     bool
}

// header is the table's header row found on a page.
type header struct {
	nr, title, status word // the words that start the three headings
	bands             []int
	y1                float64
}

// pageInfo is a page after line finding, with what the table analysis
// learns of it.
type pageInfo struct {
	p         *page
	bands     []band
	skip      []bool // page furniture, header, footnotes: not table text
	note      []bool // footnote lines
	hdr       *header
	cols      columns
	hrules    []float64 // y of rules that run across the table
	top, bot  float64   // the table's extent on the page
	tableHere bool
}

// layout rebuilds the measure table from the pages' characters and rules.
func layout(pages []page, file string) (*Document, error) {
	doc := &Document{Pages: len(pages)}
	infos := make([]pageInfo, len(pages))
	nchars := 0
	for i := range pages {
		nchars += len(pages[i].chars)
		infos[i] = pageInfo{p: &pages[i], bands: bands(pages[i].chars)}
		infos[i].skip = make([]bool, len(infos[i].bands))
		infos[i].note = make([]bool, len(infos[i].bands))
	}
	if nchars == 0 {
		return nil, invalid(file, 0, "dit PDF-bestand bevat geen tekst (een scan?); Peil leest alleen PDF's met tekst")
	}
	body := bodySize(infos)
	first := -1
	for i := range infos {
		// Every header row on the page (a page may hold the end of one
		// table and the start of the next); the first gives the columns.
		for {
			h := findHeader(&infos[i])
			if h == nil {
				break
			}
			if infos[i].hdr == nil {
				infos[i].hdr = h
			}
			for _, k := range h.bands {
				infos[i].skip[k] = true
			}
			if first < 0 {
				first = i
			}
		}
	}
	markFurniture(infos)
	if first < 0 {
		return nil, invalid(file, 0, "geen tabel met maatregelen gevonden: verwacht een tabel met de kop ‘Nr’, ‘Omschrijving’ en ‘Recente ontwikkelingen en stand van zaken’")
	}
	// The text before the first header is the introduction.
	for i := 0; i <= first; i++ {
		pi := &infos[i]
		for k, b := range pi.bands {
			if pi.skip[k] || i == first && b.y0 >= pi.hdr.bands0y() {
				continue
			}
			doc.Intro = append(doc.Intro, Line{Text: b.text(), Page: pi.p.n, Line: b.line, Hyph: endsHyph(b.words)})
		}
	}
	var cols columns
	var layouts []columns // the borderless columns found, one per layout
	var layoutOf []*header
	for i := first; i < len(infos); i++ {
		pi := &infos[i]
		if pi.hdr != nil {
			// The pages laid out like this one: with a header at the same
			// place, and the pages after each without a header of their own.
			// Their gutters are found once per layout.
			known := -1
			for k, h := range layoutOf {
				if sameLayout(h, pi.hdr) {
					known = k
				}
			}
			var group []*pageInfo
			if known < 0 {
				var last *header
				for j := first; j < len(infos); j++ {
					if h := infos[j].hdr; h != nil {
						last = h
					}
					if last != nil && sameLayout(last, pi.hdr) {
						group = append(group, &infos[j])
					}
				}
			}
			c := pageColumns(pi, pi.hdr, body, group)
			switch {
			case c.ruled:
			case known >= 0:
				c = layouts[known]
			default:
				layouts, layoutOf = append(layouts, c), append(layoutOf, pi.hdr)
			}
			cols = c
		} else if c, ok := ruledLike(pi, cols, body); ok {
			cols = c
		}
		pi.cols = cols
		findExtent(pi, body)
		markFootnotes(pi, body)
	}
	doc.Rows, doc.Lines = rows(infos[first:])
	return doc, nil
}

func (h *header) bands0y() float64 { return h.nr.y0 - 1 }

// bodySize is the median font size of the document's words, weighted by
// their length.
func bodySize(infos []pageInfo) float64 {
	hist := map[float64]int{}
	for _, pi := range infos {
		for _, b := range pi.bands {
			for _, w := range b.words {
				hist[float64(int(w.size*2+0.5))/2] += len(w.text)
			}
		}
	}
	best, n := 10.0, 0
	for s, c := range hist {
		if c > n || c == n && s < best {
			best, n = s, c
		}
	}
	return max(best, 1)
}

// digitsAs replaces every run of digits in s by '#'.
func digitsAs(s string) string {
	var b strings.Builder
	d := false
	for _, r := range s {
		if r >= '0' && r <= '9' {
			if !d {
				b.WriteByte('#')
			}
			d = true
			continue
		}
		d = false
		b.WriteRune(r)
	}
	return b.String()
}

// isPageNumber reports a line that only numbers a page: "12", "- 12 -",
// "Pagina 3 van 12", "blz. 3", "3/12".
func isPageNumber(s string) bool {
	k := strings.ToLower(digitsAs(s))
	k = strings.Trim(k, "-–— ")
	for _, p := range []string{"pagina ", "page ", "blz. ", "blz ", "p. "} {
		k = strings.TrimPrefix(k, p)
	}
	switch k {
	case "#", "# van #", "# / #", "#/#", "# of #":
		return true
	}
	return false
}

// markFurniture marks page headers and footers: lines in the top or bottom
// margin that recur, digits aside, at the same height on other pages, and
// page numbers there.
func markFurniture(infos []pageInfo) {
	type key struct {
		text string
		y    int
	}
	count := map[key]int{}
	margin := func(pi *pageInfo, b *band) bool {
		return b.y1 < pi.p.h*0.12 || b.y0 > pi.p.h*0.88
	}
	for i := range infos {
		pi := &infos[i]
		seen := map[key]bool{}
		for k := range pi.bands {
			b := &pi.bands[k]
			if pi.skip[k] || !margin(pi, b) {
				continue
			}
			t := digitsAs(b.text())
			for _, y := range []int{int(b.y0 / 4), int(b.y0/4) + 1} {
				kk := key{t, y}
				if !seen[kk] {
					seen[kk] = true
					count[kk]++
				}
			}
		}
	}
	for i := range infos {
		pi := &infos[i]
		for k := range pi.bands {
			b := &pi.bands[k]
			if pi.skip[k] || !margin(pi, b) {
				continue
			}
			t := b.text()
			if isPageNumber(t) {
				pi.skip[k] = true
				continue
			}
			kk := key{digitsAs(t), int(b.y0/4) + 1}
			if len(infos) > 1 && count[kk] >= 2 {
				pi.skip[k] = true
			}
		}
	}
}

// headingWord reports a word of the header row's headings.
func headingIs(w, want string) bool {
	w = strings.ToLower(strings.TrimRight(w, ".:"))
	return w == want
}

// findHeader finds the table's header row on a page: a line with "Nr" (or
// "Nr.", "Nummer", "No.") and "Omschrijving" to its right, and "Recente" to
// the right of that on the same line or just below; the rest of the third
// heading may wrap onto the next lines.
func findHeader(pi *pageInfo) *header {
	for k := range pi.bands {
		if pi.skip[k] {
			continue
		}
		b := &pi.bands[k]
		oi := -1
		for j, w := range b.words {
			if headingIs(w.text, "omschrijving") {
				oi = j
				break
			}
		}
		if oi <= 0 {
			continue
		}
		ni := -1
		for j := oi - 1; j >= 0; j-- {
			switch strings.ToLower(strings.TrimRight(b.words[j].text, ".:")) {
			case "nr", "nummer", "no", "nº":
				ni = j
			}
			if ni >= 0 {
				break
			}
		}
		if ni < 0 || ni != oi-1 {
			continue
		}
		h := &header{nr: b.words[ni], title: b.words[oi], bands: []int{k}, y1: b.y1}
		found := false
		for j := oi + 1; j < len(b.words); j++ {
			if headingIs(b.words[j].text, "recente") || j == oi+1 && b.words[j].x0-b.words[oi].x1 > 2*b.size {
				h.status, found = b.words[j], true
				break
			}
		}
		// The third heading may stand a little lower (a wrapped or
		// vertically centred heading), and may wrap over lines.
		for n := k + 1; n < len(pi.bands) && n <= k+3; n++ {
			nb := &pi.bands[n]
			if nb.y0 > b.y1+3*b.size {
				break
			}
			all := true
			for _, w := range nb.words {
				if !headerVocab[strings.ToLower(w.text)] || w.x0 < h.title.x1 {
					all = false
					break
				}
			}
			if !all {
				break
			}
			if !found {
				h.status, found = nb.words[0], true
			}
			h.bands = append(h.bands, n)
			h.y1 = nb.y1
		}
		if !found {
			continue
		}
		return h
	}
	return nil
}

// headerVocab are the words of the third heading, which may wrap.
var headerVocab = map[string]bool{"recente": true, "ontwikkelingen": true, "en": true, "stand": true, "van": true, "zaken": true}

// vRules returns the x of the page's vertical rules that cross height y,
// sorted and with near ones merged.
func vRules(p *page, y0, y1 float64) []float64 {
	var xs []float64
	for _, r := range p.rules {
		if r.horizontal() || r.y1 < y0 || r.y0 > y1 {
			continue
		}
		xs = append(xs, (r.x0+r.x1)/2)
	}
	sort.Float64s(xs)
	out := xs[:0]
	for _, x := range xs {
		if len(out) > 0 && x-out[len(out)-1] < 2 {
			continue
		}
		out = append(out, x)
	}
	return out
}

// pageColumns finds the column boundaries from the header: from the
// vertical rules between the headings when the table is ruled, else from
// the gutters in the text of the pages laid out alike (group): the widest
// empty run between the Nr heading's start and the Omschrijving heading's,
// and between that and the status heading's start (a heading starts
// inside its column, left-aligned or centred).
func pageColumns(pi *pageInfo, h *header, body float64, group []*pageInfo) columns {
	ys, ye := h.nr.y0, h.y1
	xs := vRules(pi.p, ys, ye)
	pick := func(lo, hi float64) (float64, bool) {
		best, ok := 0.0, false
		for _, x := range xs {
			if x > lo && x < hi {
				best, ok = x, true
			}
		}
		return best, ok
	}
	b1, ok1 := pick(h.nr.x1-0.5, h.title.x0+0.5)
	b2, ok2 := pick(h.title.x1-0.5, h.status.x0+0.5)
	if ok1 && ok2 {
		return columns{b1: b1, b2: b2, ruled: true, ok: true}
	}
	c := columns{b1: h.title.x0 - 1, b2: h.status.x0 - 1, ok: true, gutter: body}
	lo, hi := h.nr.x0, h.status.x0+1
	n := int(hi-lo) + 1
	if n <= 0 || n > 1<<16 {
		return c
	}
	cover := make([]int, n)
	lines := 0
	for _, g := range group {
		top := 0.0
		if g.hdr != nil {
			top = g.hdr.y1
		}
		for k := range g.bands {
			b := &g.bands[k]
			if g.skip[k] || b.y0 < top {
				continue
			}
			lines++
			for _, w := range b.words {
				a, z := int(w.x0-lo), int(w.x1-lo)+1
				for x := max(a, 0); x < min(z, n); x++ {
					cover[x]++
				}
			}
		}
	}
	if lines == 0 {
		return c
	}
	// A gutter is where (nearly) no line has text: a heading or a closing
	// sentence across the columns may cross it.
	limit := lines / 20
	if lines >= 10 {
		limit = max(limit, 1)
	}
	widest := func(from, to float64) (float64, float64, bool) {
		best, bestW, ok := 0.0, 0.0, false
		x := max(int(from-lo), 0)
		for x < int(to-lo) && x < n {
			if cover[x] > limit {
				x++
				continue
			}
			s := x
			for x < n && x < int(to-lo) && cover[x] <= limit {
				x++
			}
			if w := float64(x - s); w >= 2 && w >= bestW {
				best, bestW, ok = lo+float64(s+x)/2, w, true
			}
		}
		return best, bestW, ok
	}
	if x, w, ok := widest(h.nr.x0+1, h.title.x0+1); ok {
		c.b1, c.gutter = x, w
	}
	if x, w, ok := widest(max(c.b1, h.title.x0)+1, h.status.x0+1); ok {
		c.b2 = x
		c.gutter = min(c.gutter, w)
	}
	return c
}

// sameLayout reports headers at the same place: pages laid out alike.
func sameLayout(a, b *header) bool {
	near := func(x, y float64) bool { return x-y < 2 && y-x < 2 }
	return near(a.nr.x0, b.nr.x0) && near(a.title.x0, b.title.x0) && near(a.status.x0, b.status.x0)
}

// ruledLike returns the columns of a page without a header: the rules of
// the page that lie where the previous page's columns were.
func ruledLike(pi *pageInfo, prev columns, body float64) (columns, bool) {
	if !prev.ok || !prev.ruled {
		return prev, false
	}
	xs := vRules(pi.p, 0, pi.p.h)
	near := func(want float64) (float64, bool) {
		for _, x := range xs {
			if d := x - want; d > -body && d < body {
				return x, true
			}
		}
		return 0, false
	}
	b1, ok1 := near(prev.b1)
	b2, ok2 := near(prev.b2)
	if ok1 && ok2 {
		return columns{b1: b1, b2: b2, ruled: true, ok: true}, true
	}
	return prev, false
}

// findExtent sets the rules that run across the table on a page.
func findExtent(pi *pageInfo, body float64) {
	pi.top, pi.bot = 0, pi.p.h
	if pi.hdr != nil {
		pi.top = pi.hdr.nr.y0 - body
	}
	if !pi.cols.ok {
		return
	}
	var ys []float64
	for _, r := range pi.p.rules {
		if !r.horizontal() || r.x0 > pi.cols.b1+body || r.x1 < pi.cols.b2+body {
			continue
		}
		ys = append(ys, (r.y0+r.y1)/2)
	}
	sort.Float64s(ys)
	for _, y := range ys {
		if len(pi.hrules) > 0 && y-pi.hrules[len(pi.hrules)-1] < 1 {
			continue
		}
		pi.hrules = append(pi.hrules, y)
	}
	if pi.cols.ruled && len(pi.hrules) >= 2 {
		// The table lies between its first and last rule.
		if pi.hdr == nil {
			pi.top = pi.hrules[0] - 1
		}
		pi.bot = pi.hrules[len(pi.hrules)-1] + 1
	}
}

// markFootnotes marks the footnotes at a page's foot: lines in smaller type
// at the bottom of the page, below a short rule or a gap.
func markFootnotes(pi *pageInfo, body float64) {
	last := lowestLine(pi)
	if last < 0 {
		return
	}
	from := last + 1
	for k := last; k >= 0; k-- {
		if pi.skip[k] {
			continue
		}
		if pi.bands[k].size >= body*0.9 || pi.bands[k].y1 < pi.top {
			break
		}
		from = k
	}
	if from > last {
		markFootnotesByMarker(pi)
		return
	}
	// Proof that these small lines are footnotes: a short rule above them,
	// or a gap of a line.
	above := pi.bands[from].y0
	prevBottom := pi.top
	for k := from - 1; k >= 0; k-- {
		if !pi.skip[k] {
			prevBottom = pi.bands[k].y1
			break
		}
	}
	proof := above-prevBottom > body*0.8
	for _, r := range pi.p.rules {
		if r.horizontal() && r.x1-r.x0 < pi.p.w*0.5 && r.y0 >= prevBottom-1 && r.y1 <= above+1 {
			proof = true
		}
	}
	if !proof {
		markFootnotesByMarker(pi)
		return
	}
	markNotes(pi, from, last)
}

// markFootnotesByMarker is markFootnotes' second proof: footnotes in the body's type
// size, at the foot of the page, whose first line starts with a raised
// marker that also stands raised in the page's text ("verstoord¹" …
// "¹ Maatregel 20b is …").
func markFootnotesByMarker(pi *pageInfo) {
	last := lowestLine(pi)
	if last < 0 {
		return
	}
	inText := map[string]bool{}
	for k := range pi.bands {
		for _, m := range pi.bands[k].marks {
			inText[m] = true
		}
	}
	if len(inText) == 0 {
		return
	}
	// The highest line of the foot that starts with such a marker, with no
	// line in the text column between it and the foot: at most a few lines.
	from := -1
	for k, n := last, 0; k >= 0 && n < 8; k-- {
		if pi.skip[k] {
			continue
		}
		n++
		if b := &pi.bands[k]; b.lead != "" && inText[b.lead] {
			from = k
		}
	}
	if from < 0 || pi.bands[from].y1 < pi.top {
		return
	}
	markNotes(pi, from, last)
}

// lowestLine returns the page's lowest line that is not furniture; -1 when
// there is none.
func lowestLine(pi *pageInfo) int {
	for k := len(pi.bands) - 1; k >= 0; k-- {
		if !pi.skip[k] {
			return k
		}
	}
	return -1
}

// markNotes marks the page's lines from to last (not furniture) as
// footnotes, and ends the table above them.
func markNotes(pi *pageInfo, from, last int) {
	above := pi.bands[from].y0
	for k := from; k <= last; k++ {
		if !pi.skip[k] {
			pi.skip[k], pi.note[k] = true, true
		}
	}
	if above < pi.bot {
		pi.bot = above
	}
}

// endsHyph reports that a line's last word ends in a hyphen that joins it
// to the next line: PDFium's U+0002, a soft hyphen, or "-" right after a
// letter.
func endsHyph(ws []word) bool {
	if len(ws) == 0 {
		return false
	}
	w := ws[len(ws)-1]
	if w.hyph {
		return true
	}
	t := w.text
	if !strings.HasSuffix(t, "-") || len(t) < 2 {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(t[:len(t)-1])
	return unicode.IsLetter(r)
}

// cells splits a line's words into the three columns, by where each word
// starts (cells are left-aligned; a long word may reach into the gutter).
// spanning reports a line of running text across the columns (a heading
// between tables, text after the table): on a ruled page a word over a
// column rule; on a borderless one two words in different columns no
// further apart than a word space.
func cells(b *band, c columns) (parts [3][]word, spanning bool) {
	colOf := func(w word) int {
		switch x := w.x0 + 0.5; {
		case x < c.b1:
			return 0
		case x < c.b2:
			return 1
		}
		return 2
	}
	for i, w := range b.words {
		col := colOf(w)
		if c.ruled {
			for _, bd := range []float64{c.b1, c.b2} {
				if w.x0 < bd-1 && w.x1 > bd+1 {
					spanning = true
				}
			}
		} else if i > 0 {
			p := b.words[i-1]
			if colOf(p) != col && w.x0-p.x1 < min(0.6*b.size, 0.7*c.gutter) {
				spanning = true
			}
		}
		parts[col] = append(parts[col], w)
	}
	return parts, spanning
}

// inCell reports whether height y of a ruled page lies inside the table: a
// vertical rule between its columns runs there. Text between two tables
// (a heading) or after one does not.
func inCell(p *page, c columns, y float64) bool {
	for _, r := range p.rules {
		if r.horizontal() || r.y0 > y || r.y1 < y {
			continue
		}
		if x := (r.x0 + r.x1) / 2; x > c.b1-2 && x < c.b1+2 || x > c.b2-2 && x < c.b2+2 {
			return true
		}
	}
	return false
}

// line makes a Line of words.
func line(ws []word, page, n int) Line {
	var sb strings.Builder
	for i, w := range ws {
		if i > 0 {
			sb.WriteByte(' ')
		}
		sb.WriteString(w.text)
	}
	return Line{Text: sb.String(), Page: page, Line: n, Hyph: endsHyph(ws)}
}

// nrTokens splits the Nr cell's text into numbers and "&": "27 & 28",
// "27&28", "27,". Other text gives no tokens.
func nrTokens(s string) []string {
	var out []string
	for _, f := range strings.Fields(strings.ReplaceAll(s, "&", " & ")) {
		f = strings.TrimRight(f, ".,;")
		switch {
		case f == "&" || f == "en":
			out = append(out, "&")
		case f != "" && len(f) <= 3 && allDigits(f):
			out = append(out, f)
		}
	}
	return out
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// rows walks the table's pages and builds its rows: a row starts where the
// Nr column holds a number (on a ruled page: in the first cell below a rule
// that runs across the table); text with no number of its own continues the
// row before it, also across a page break. It also returns every line it
// looked at, whole (see Document.Lines).
func rows(infos []pageInfo) ([]Row, []Line) {
	var out []Row
	var all []Line
	var cur *Row
	lastTok := ""
	curRegion, curPage := -1, -1
	for i := range infos {
		pi := &infos[i]
		if !pi.cols.ok {
			continue
		}
		for k := range pi.bands {
			b := &pi.bands[k]
			if pi.note[k] {
				if cur != nil {
					cur.Notes = append(cur.Notes, line(b.words, pi.p.n, b.line))
				}
				continue
			}
			if pi.skip[k] || b.y1 < pi.top {
				continue
			}
			all = append(all, line(b.words, pi.p.n, b.line))
			if b.y0 > pi.bot {
				continue
			}
			parts, spanning := cells(b, pi.cols)
			if spanning || pi.cols.ruled && !inCell(pi.p, pi.cols, (b.y0+b.y1)/2) {
				continue
			}
			region := -1
			if pi.cols.ruled && len(pi.hrules) >= 2 {
				region = sort.SearchFloat64s(pi.hrules, (b.y0+b.y1)/2)
			}
			toks := nrTokens(line(parts[0], 0, 0).Text)
			hasNr := false
			for _, t := range toks {
				if t != "&" {
					hasNr = true
				}
			}
			same := cur != nil && (lastTok == "&" || region >= 0 && region == curRegion && pi.p.n == curPage)
			if hasNr && !same {
				if cur != nil {
					out = append(out, *cur)
				}
				cur = &Row{Page: pi.p.n, Line: b.line, Titles: [][]Line{nil}}
				curRegion, curPage = region, pi.p.n
			}
			if cur == nil {
				continue // text in the table before its first row
			}
			for _, t := range toks {
				if t != "&" {
					n, _ := strconv.Atoi(t)
					cur.Nrs = append(cur.Nrs, n)
				}
				lastTok = t
			}
			if len(parts[1]) > 0 {
				l := line(parts[1], pi.p.n, b.line)
				if l.Text == "&" {
					cur.Titles = append(cur.Titles, nil)
				} else {
					t := &cur.Titles[len(cur.Titles)-1]
					*t = append(*t, l)
				}
			}
			if len(parts[2]) > 0 {
				cur.Status = append(cur.Status, line(parts[2], pi.p.n, b.line))
			}
		}
	}
	if cur != nil {
		out = append(out, *cur)
	}
	return out, all
}
