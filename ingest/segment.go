package ingest

import (
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
	status text       // the status column, joined
	sents  []sentence // the sentences of status
}

// document is a report split into its introduction and its rows.
type document struct {
	intro text
	rows  []row
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
	for _, l := range lines {
		if isHeader(l.text) {
			hasHeader = true
			break
		}
	}
	var intro textBuilder
	var cur []srcLine
	curNr, curLine := 0, 0
	flush := func() {
		if curNr > 0 {
			r := splitRow(curNr, curLine, cur, cat)
			r.sents = sentences(r.status.s)
			doc.rows = append(doc.rows, r)
		}
		cur = cur[:0]
	}
	inTable := !hasHeader
	want := 1
	prev := ""
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if isHeader(l.text) {
			inTable = true
			continue
		}
		if l.glue {
			l.text = footnoteMarker(l.text, markers)
		}
		// A footnote: its number alone on a line, then its text up to a full stop.
		if markers[l.text] && curNr > 0 {
			for j := i + 1; j < len(lines) && j <= i+6; j++ {
				if strings.HasSuffix(lines[j].text, ".") {
					i = j
					break
				}
			}
			continue
		}
		// A page number: "Pagina 3 van 12", or a bare number just before a page break.
		if isPageNumber(l.text) && (!isDigits(l.text) || i+1 == len(lines) || lines[i+1].brk || isHeader(lines[i+1].text)) {
			continue
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
	flush()
	doc.intro = intro.text()
	return doc
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
	k, n := matchTitle(s, compact(m.Title))
	return k > 0 && (n >= 20 || n == len(compact(m.Title)))
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

// splitByCatalog consumes the catalog's titles from the starts of the row's
// lines: the first lines, and a page-break line that finishes a title after
// the status column began. ok is false when the titles do not match.
func splitByCatalog(nr, line int, lines []srcLine, cat *peil.Catalog) (row, bool) {
	r := row{nrs: []int{nr}, line: line}
	m, ok := cat.Measure(nr)
	if !ok {
		return r, false
	}
	want := compact(m.Title)
	pos := 0
	var status textBuilder
	status.grow(lines)
	started := false
	for _, l := range lines {
		if pos == len(want) && !started && l.text == "&" {
			next, ok := cat.Measure(nr + len(r.nrs))
			if !ok {
				return r, false
			}
			r.titles = append(r.titles, m.Title)
			r.nrs = append(r.nrs, next.Nr)
			m, want, pos = next, compact(next.Title), 0
			continue
		}
		if pos < len(want) && (!started || l.brk) {
			if k, n := matchTitle(l.text, want[pos:]); k > 0 {
				pos += n
				if rest := strings.TrimLeft(l.text[k:], " "); rest != "" {
					status.add(rest, l.n, l.hyph)
					started = true
				}
				continue
			}
		}
		status.add(l.text, l.n, l.hyph)
		started = true
	}
	if pos != len(want) {
		return r, false
	}
	r.titles = append(r.titles, m.Title)
	r.status = status.text()
	return r, true
}

// compact returns s without spaces.
func compact(s string) string { return strings.ReplaceAll(s, " ", "") }

// matchTitle matches the start of line against want (a title without spaces).
// It returns the bytes of line consumed and of want matched; 0, 0 when the
// line does not start with the title's next words.
func matchTitle(line, want string) (k, n int) {
	if want == "" {
		return 0, 0
	}
	i := 0
	for i < len(line) {
		if line[i] == ' ' {
			i++
			continue
		}
		if n == len(want) {
			break
		}
		if line[i] != want[n] {
			return 0, 0
		}
		i++
		n++
	}
	if i < len(line) && n == len(want) && line[i-1] != ' ' && line[i] != ' ' {
		return 0, 0 // the title ends inside a word
	}
	return i, n
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
