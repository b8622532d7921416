package ingest

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/peil-dev/peil"
)

// row is one row of the report's table: one measure, or two that share a row
// (27 & 28 in the spring 2017 report).
type row struct {
	nrs    []int
	titles []string
	line   int        // line of the row's number
	page   int        // PDF page of the row's number; 0 for text
	status text       // the status column, joined
	sents  []sentence // the sentences of status
}

// document is a report split into its introduction and its rows.
type document struct {
	intro       text
	rows        []row
	restart     int            // line where the numbering starts again at 1 (two reports in one text); 0: none
	restartPage peil.Page      // PDF page of restart; 0 for text
	pdf         bool           // read from a PDF
	end         *tableEnd      // where the table ends inside its last row; nil: at the end of the text
	warnings    []peil.Warning // rows out of order, twice, or numbered outside the catalog
}

// restartLine is the line an error about restart names: in a text file its
// line; for a PDF none (the message names page and line).
func (d *document) restartLine() int {
	if d.pdf {
		return 0
	}
	return d.restart
}

// titleColumn is the widest a line of the Omschrijving column gets.
const titleColumn = 60

// isHeader reports the table's (repeated) header row: "Nr Omschrijving
// Recente ontwikkelingen en stand van zaken", also as "Nr. Omschrijving ...".
func isHeader(s string) bool {
	head, rest, _ := strings.Cut(s, " ")
	switch head {
	case "Nr", "Nr.", "nr", "nr.", "Nummer", "No.":
		return strings.HasPrefix(rest, "Omschrijving")
	}
	return false
}

// headerWords are the words of the table's header row, in lower case.
var headerWords = strings.Fields("nr omschrijving recente ontwikkelingen en stand van zaken")

// headerAt returns how many lines from i on hold the table's header row,
// also when it is wrapped over several lines ("Nr Omschrijving" / "Recente
// ontwikkelingen en stand van zaken"); 0 when no header starts at line i.
func headerAt(lines []srcLine, i int) int {
	if t := lines[i].text; t == "" || t[0] != 'N' && t[0] != 'n' {
		return 0
	}
	k, n := 0, 0 // header words matched; whole lines consumed
	for j := i; j < len(lines) && j < i+len(headerWords); j++ {
		for _, w := range strings.Fields(lines[j].text) {
			lw := lower(w)
			ok := k < len(headerWords) && (lw == headerWords[k] || k == 0 && (lw == "nr." || lw == "nummer" || lw == "no."))
			if !ok {
				if j == i && isHeader(lines[i].text) {
					return 1
				}
				if k >= 2 {
					return n
				}
				return 0
			}
			k++
		}
		n = j - i + 1
		if k == len(headerWords) {
			break
		}
	}
	if k >= 2 {
		return n
	}
	return 0
}

// cutFootnote removes a footnote that starts in lines[i] (whose text, with
// its glued markers stripped, is text): a marker seen earlier, a space or a
// line end, and the footnote's text up to its first full stop, on this line
// or one of the next six. Rewrapped text puts a footnote inside a line. It
// returns what is left of the line; later lines lose the footnote's text in
// place. ok is false when no footnote starts in this line. A line that
// starts a row (isRow) has no footnote at its start.
func cutFootnote(lines []srcLine, i int, text string, markers map[string]bool, isRow bool) (string, bool) {
	for m := range markers {
		from := 0
		if isRow {
			from = 1
		}
		a := footnoteStart(text, m, from)
		if a < 0 {
			continue
		}
		rest := text[a+len(m):]
		if e := fullStop(rest); e >= 0 {
			delete(markers, m)
			return strings.TrimSpace(strings.TrimRight(text[:a], " ") + " " + strings.TrimLeft(rest[e:], " ")), true
		}
		for j := i + 1; j < len(lines) && j <= i+6; j++ {
			if e := fullStop(lines[j].text); e >= 0 {
				delete(markers, m)
				lines[j].text = strings.TrimLeft(lines[j].text[e:], " ")
				for k := i + 1; k < j; k++ {
					lines[k].text = ""
				}
				return strings.TrimRight(text[:a], " "), true
			}
		}
	}
	return text, false
}

// footnoteStart returns where footnote marker m starts a footnote in s: as
// a word of its own, followed by the end of the line or by a space and a
// capital, at from or later; -1 if it does not.
func footnoteStart(s, m string, from int) int {
	for a := from; a+len(m) <= len(s); {
		k := strings.Index(s[a:], m)
		if k < 0 {
			return -1
		}
		a += k
		after := s[a+len(m):]
		if a == 0 || s[a-1] == ' ' {
			if after == "" {
				return a
			}
			if after[0] == ' ' {
				r, _ := utf8.DecodeRuneInString(after[1:])
				if unicode.IsUpper(r) {
					return a
				}
			}
		}
		a += len(m)
	}
	return -1
}

// fullStop returns the offset just after the first full stop in s that ends
// a word; -1 if there is none.
func fullStop(s string) int {
	for k := 0; k < len(s); k++ {
		if s[k] == '.' && (k+1 == len(s) || s[k+1] == ' ') {
			return k + 1
		}
	}
	return -1
}

// isPageNumber reports a line that only numbers the page: "12", "- 12 -",
// "Pagina 3 van 12", "blz. 3".
func isPageNumber(s string) bool {
	if len(s) > 24 || s == "" {
		return false
	}
	switch c := s[0]; {
	case c >= '0' && c <= '9', c == '-', c == 'P', c == 'p', c == 'b', c == 'B':
	default:
		return false
	}
	f := strings.Fields(strings.Trim(s, "-– "))
	if len(f) > 0 {
		switch lower(f[0]) {
		case "pagina", "blz.", "blz", "page":
			f = f[1:]
		}
	}
	if len(f) == 3 && (f[1] == "van" || f[1] == "/") {
		f = f[:1]
	}
	return len(f) == 1 && len(f[0]) <= 3 && isDigits(f[0])
}

// isDigits reports a non-empty string of ASCII digits.
func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// rowStart returns the measure number that starts line s ("12 Consulaire
// bijstand ...") and the rest of the line, if it is want or higher and the
// rest starts with a capital.
func rowStart(s string, want int) (int, string, bool) {
	i := 0
	for i < len(s) && i < 3 && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 0 || i == len(s) || s[i] != ' ' {
		return 0, "", false
	}
	nr, _ := strconv.Atoi(s[:i])
	if nr < want {
		return 0, "", false
	}
	rest := strings.TrimLeft(s[i:], " ")
	r, _ := utf8.DecodeRuneInString(rest)
	if !unicode.IsUpper(r) {
		return 0, "", false
	}
	return nr, rest, true
}

// footnoteMarker strips footnote markers glued to words ("verstoord1.") from s
// and records their numbers.
func footnoteMarker(s string, seen map[string]bool) string {
	glued := false // a lower-case letter right before a digit
	for i := 1; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' && s[i-1] >= 'a' && s[i-1] <= 'z' {
			glued = true
			break
		}
	}
	if !glued {
		return s
	}
	var b strings.Builder
	changed := false
	start := 0
	for start <= len(s) {
		end := strings.IndexByte(s[start:], ' ')
		if end < 0 {
			end = len(s)
		} else {
			end += start
		}
		w := s[start:end]
		core := strings.TrimRight(w, ".,;:)")
		d := len(core)
		for d > 0 && core[d-1] >= '0' && core[d-1] <= '9' {
			d--
		}
		l := d
		for l > 0 && core[l-1] >= 'a' && core[l-1] <= 'z' {
			l--
		}
		if d < len(core) && len(core)-d <= 2 && d-l >= 3 && l == 0 {
			seen[core[d:]] = true
			if !changed {
				b.WriteString(s[:start])
				changed = true
			}
			b.WriteString(core[:d])
			b.WriteString(w[len(core):])
		} else if changed {
			b.WriteString(w)
		}
		if end < len(s) && changed {
			b.WriteByte(' ')
		}
		start = end + 1
	}
	if !changed {
		return s
	}
	return b.String()
}

// segment splits the report's lines into the introduction and the table's
// rows. cat, when not nil, gives the measure titles that separate the title
// column from the status column exactly.
func segment(lines []srcLine, cat *peil.Catalog) document {
	var doc document
	markers := map[string]bool{}
	hasHeader := false
	for i := range lines {
		if headerAt(lines, i) > 0 {
			hasHeader = true
			break
		}
	}
	var intro textBuilder
	var cur []srcLine
	curNr, curLine := 0, 0 // curNr -1: in a row that is not read (a row twice)
	seen := map[int]int{}  // measure: the line of its row
	flush := func() {
		if curNr > 0 {
			r := splitRow(curNr, curLine, cur, cat)
			r.sents = sentences(r.status.s)
			doc.rows = append(doc.rows, r)
			for _, nr := range r.nrs {
				seen[nr] = curLine
			}
		}
		cur = cur[:0]
	}
	warn := func(line int, format string, args ...any) {
		doc.warnings = append(doc.warnings, peil.Warning{Line: line, Message: "waarschuwing: " + fmt.Sprintf(format, args...)})
	}
	inTable := !hasHeader
	want := 1
	prev := ""
	afterHeader := false
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if l.text == "" {
			continue // taken by a footnote
		}
		if n := headerAt(lines, i); n > 0 {
			inTable, afterHeader = true, true
			i += n - 1
			continue
		}
		header := afterHeader
		afterHeader = false
		if l.glue {
			l.text = footnoteMarker(l.text, markers)
		}
		// A footnote: a marker seen before, then its text up to a full stop.
		if len(markers) > 0 && curNr > 0 {
			_, _, isRow := rowStart(l.text, want)
			var cut bool
			if l.text, cut = cutFootnote(lines, i, l.text, markers, isRow); cut && l.text == "" {
				continue
			}
		}
		// A page number: "Pagina 3 van 12", or a bare number just before a page break.
		if isPageNumber(l.text) && (!isDigits(l.text) || i+1 == len(lines) || lines[i+1].brk || headerAt(lines, i+1) > 0) {
			continue
		}
		// Measure 1 again after the table got going: a second report.
		if inTable && curNr >= 2 {
			if nr, rest, ok := rowStart(l.text, 1); ok && nr == 1 && (header || titleStarts(cat, 1, rest)) {
				doc.restart = l.n
				break
			}
		}
		if inTable {
			// The next measure, or, when the table skips some, the first row, a
			// row whose start is the catalog's title, or (without a catalog) a
			// row after a full stop.
			if nr, rest, ok := rowStart(l.text, want); ok && inCatalog(cat, nr) && (nr <= want+1 || curNr == 0 ||
				titleStarts(cat, nr, rest) || cat == nil && sentenceEnd(prev)) {
				flush()
				curNr, curLine = nr, l.n
				want = nr + 1
				l.text = rest
				prev = rest
				cur = append(cur, l)
				continue
			}
			// A row the table should not have here: out of order, twice, or
			// numbered outside the catalog. Its text is never a neighbour's.
			if nr, rest, ok := rowStart(l.text, 1); ok && curNr != 0 && cat != nil {
				odd := true
				line, twice := seen[nr]
				if nr == curNr && !header && !l.brk {
					// The current row's number again, not after a page
					// break (where producers may repeat the cell).
					line, twice = curLine, true
				}
				switch {
				case twice && titleStarts(cat, nr, rest):
					warn(l.n, "maatregel %d staat opnieuw in de tabel (eerder op regel %d); deze rij is niet gelezen", nr, line)
					flush()
					curNr = -1
				case !twice && nr < want && inCatalog(cat, nr) && titleStarts(cat, nr, rest):
					warn(l.n, "de rij van maatregel %d staat na die van maatregel %d; gelezen als maatregel %d: controleer de volgorde van de tabel", nr, want-1, nr)
					flush()
					curNr, curLine = nr, l.n
					l.text = rest
				case nr >= want && nr <= 99 && !inCatalog(cat, nr) && (sentenceEnd(prev) || header) &&
					(titleEnd(rest) > 0 || utf8.RuneCountInString(rest) <= titleColumn):
					warn(l.n, "rij met nummer %d: geen maatregel uit de catalogus (1–%d); gelezen als eigen rij, niet bij maatregel %d", nr, maxMeasure(cat), max(curNr, want-1))
					flush()
					curNr, curLine = nr, l.n
					l.text = rest
				default:
					odd = false
				}
				if odd {
					prev = l.text
					cur = append(cur, l)
					continue
				}
			}
		}
		prev = l.text
		if curNr == 0 {
			intro.add(l.text, l.n, l.hyph)
			continue
		}
		if l.text == "&" && len(cur) > 0 && inCatalog(cat, curNr+1) {
			want = curNr + 2
		}
		cur = append(cur, l)
	}
	// What follows the table (an appendix, the signature) is not the last
	// row's text.
	if curNr > 0 {
		var end tableEnd
		var ok bool
		if cur, end, ok = cutTableEnd(cur); ok {
			doc.end = &end
		}
	}
	flush()
	doc.intro = intro.text()
	return doc
}

// maxMeasure is the highest measure number of the catalog.
func maxMeasure(cat *peil.Catalog) int {
	n := 0
	for _, m := range cat.Measures {
		n = max(n, m.Nr)
	}
	return n
}

// inCatalog reports whether measure nr is in the catalog; any number is
// when there is no catalog.
func inCatalog(cat *peil.Catalog, nr int) bool {
	if cat == nil {
		return true
	}
	_, ok := cat.Measure(nr)
	return ok
}

// sentenceEnd reports whether s ends a sentence.
func sentenceEnd(s string) bool {
	s = strings.TrimRight(s, "’'”\") ")
	return strings.HasSuffix(s, ".") || strings.HasSuffix(s, "!") || strings.HasSuffix(s, "?") || strings.HasSuffix(s, ";")
}

// titleStarts reports whether s starts with the catalog's title of measure
// nr: proof that a row starts there when the table skips measures.
func titleStarts(cat *peil.Catalog, nr int, s string) bool {
	if cat == nil {
		return false
	}
	m, ok := cat.Measure(nr)
	if !ok {
		return false
	}
	want, starts := compactTitle(m.Title)
	_, n := matchWords(s, 0, want, starts)
	return n >= 20 || n > 0 && n == len(want)
}

// splitRow separates the title column from the status column of one row.
func splitRow(nr, line int, lines []srcLine, cat *peil.Catalog) row {
	if cat != nil {
		if r, ok := splitByCatalog(nr, line, lines, cat); ok {
			return r
		}
	}
	return splitByLayout(nr, line, lines, cat)
}

// splitByCatalog takes the catalog's titles out of the row's text, however
// its lines are wrapped: the title from the row's start, a second title
// after "&" (a shared row), and the end of a title that the status column
// interrupted (a page break in PDF text puts it later in the row). ok is
// false when the titles do not match.
func splitByCatalog(nr, line int, lines []srcLine, cat *peil.Catalog) (row, bool) {
	r := row{nrs: []int{nr}, line: line}
	m, ok := cat.Measure(nr)
	if !ok {
		return r, false
	}
	joined, starts := joinRow(lines)
	var cuts [][2]int // ranges of joined that hold titles, in order
	p := 0
	for {
		want, ws := compactTitle(m.Title)
		end, n := matchWords(joined, p, want, ws)
		if n == 0 {
			return r, false
		}
		cuts = append(cuts, [2]int{p, end})
		r.titles = append(r.titles, m.Title)
		p = end
		if n < len(want) {
			// The rest of the title, later in the row; long enough to be sure.
			if len(want)-n < 8 {
				return r, false
			}
			a, b, ok := findWords(joined, p, want[n:], ws[n:])
			if !ok {
				return r, false
			}
			cuts = append(cuts, [2]int{a, b})
			break
		}
		// "&": the next measure shares the row.
		q := p
		for q < len(joined) && joined[q] == ' ' {
			q++
		}
		if q == len(joined) || joined[q] != '&' || q+1 < len(joined) && joined[q+1] != ' ' {
			break
		}
		next, ok := cat.Measure(nr + len(r.nrs))
		if !ok {
			return r, false
		}
		r.nrs = append(r.nrs, next.Nr)
		m = next
		cuts = append(cuts, [2]int{p, q + 1})
		p = q + 1
	}
	// The status: what the cuts leave of each line.
	var status textBuilder
	status.grow(lines)
	c := 0
	for k, l := range lines {
		from, to := starts[k], starts[k]+len(l.text)
		for from < to {
			for c < len(cuts) && cuts[c][1] <= from {
				c++
			}
			stop := to
			if c < len(cuts) && cuts[c][0] < to {
				stop = max(cuts[c][0], from)
			}
			if piece := strings.TrimSpace(joined[from:stop]); piece != "" {
				status.add(piece, l.n, l.hyph && stop == to)
			}
			if stop == to {
				break
			}
			from = min(cuts[c][1], to)
		}
	}
	r.status = status.text()
	return r, true
}

// joinRow joins the texts of a row's lines with spaces, and returns where
// each line starts in the result.
func joinRow(lines []srcLine) (string, []int) {
	var b strings.Builder
	n := 0
	for _, l := range lines {
		n += len(l.text) + 1
	}
	b.Grow(n)
	starts := make([]int, len(lines))
	for k, l := range lines {
		if k > 0 {
			b.WriteByte(' ')
		}
		starts[k] = b.Len()
		b.WriteString(l.text)
	}
	return b.String(), starts
}

// compactTitle returns title without spaces, and for each of its bytes
// whether a word starts there.
func compactTitle(title string) (string, []bool) {
	var b strings.Builder
	b.Grow(len(title))
	starts := make([]bool, 0, len(title))
	space := true
	for i := 0; i < len(title); i++ {
		if title[i] == ' ' {
			space = true
			continue
		}
		b.WriteByte(title[i])
		starts = append(starts, space)
		space = false
	}
	return b.String(), starts
}

// matchWords matches the start of s[from:] against want (a title without
// spaces; starts marks its word starts), skipping spaces in s. It returns
// the end in s and the length in want of the longest match that ends a word
// in both; 0 bytes of want when not even the first word matches.
func matchWords(s string, from int, want string, starts []bool) (end, n int) {
	end = from
	i := from
	k := 0
	for k < len(want) {
		for i < len(s) && s[i] == ' ' {
			i++
		}
		if i == len(s) || s[i] != want[k] {
			break
		}
		i++
		k++
		if (k == len(want) || starts[k]) && (i == len(s) || s[i] == ' ') {
			end, n = i, k
		}
	}
	return end, n
}

// findWords finds want (a title's end without spaces) whole in s after
// from, starting and ending at word boundaries; [a, b) is where it is.
func findWords(s string, from int, want string, starts []bool) (a, b int, ok bool) {
	for a = from; a < len(s); a++ {
		if s[a] != want[0] || a > 0 && s[a-1] != ' ' {
			continue
		}
		if end, n := matchWords(s, a, want, starts); n == len(want) {
			return a, end, true
		}
	}
	return 0, 0, false
}

// splitByLayout separates the columns by the layout of PDF text: title lines
// are short and come first; a title ends with a full stop; a long line may
// hold the end of the title and the start of the status; a page break may
// finish a title that the status column interrupted.
func splitByLayout(nr, line int, lines []srcLine, cat *peil.Catalog) row {
	r := row{nrs: []int{nr}, line: line}
	var title, status textBuilder
	status.grow(lines)
	done, started, brkUsed := false, false, false
	finish := func() {
		r.titles = append(r.titles, title.text().s)
		title = textBuilder{}
	}
	for _, l := range lines {
		if l.text == "&" && done && !started && inCatalog(cat, nr+len(r.nrs)) {
			r.nrs = append(r.nrs, nr+len(r.nrs))
			done = false
			continue
		}
		if !done {
			if !started && utf8.RuneCountInString(l.text) <= titleColumn {
				title.add(l.text, l.n, l.hyph)
				if strings.HasSuffix(l.text, ".") {
					done = true
					finish()
				}
				continue
			}
			if !started || (l.brk && !brkUsed) {
				if started {
					brkUsed = true
				}
				if p := titleEnd(l.text); p > 0 {
					title.add(l.text[:p], l.n, false)
					done = true
					finish()
					if rest := strings.TrimLeft(l.text[p:], " "); rest != "" {
						status.add(rest, l.n, l.hyph)
						started = true
					}
					continue
				}
			}
		}
		status.add(l.text, l.n, l.hyph)
		started = true
	}
	if !done {
		finish()
	}
	for len(r.titles) < len(r.nrs) {
		r.titles = append(r.titles, "")
	}
	r.status = status.text()
	return r
}

// titleEnd returns the end of a title that fits the title column at the start
// of s: the byte after its first full stop followed by a space; 0 if none.
func titleEnd(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] == '.' && (i+1 == len(s) || s[i+1] == ' ') {
			if utf8.RuneCountInString(s[:i]) > titleColumn {
				return 0
			}
			if abbreviations[lower(lastWord(s[:i]))] {
				continue
			}
			return i + 1
		}
	}
	return 0
}
