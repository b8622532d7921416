package ingest

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/peil-dev/peil"
)

// srcLine is one non-blank line of the report, whitespace-normalised.
type srcLine struct {
	n    int    // 1-based line number in the original file
	text string // trimmed, runs of white space collapsed to one space
	brk  bool   // the line started with white space: a page break in PDF text
	hyph bool   // the line ended in a hyphen right after a letter: the word goes on
	glue bool   // a digit follows a lower-case letter: maybe a footnote marker
}

// splitLines splits s at \n, \r\n or \r and returns the non-blank lines.
func splitLines(s string) []srcLine {
	sep := byte('\n')
	if strings.IndexByte(s, '\n') < 0 {
		sep = '\r' // old Mac line ends
	}
	lines := make([]srcLine, 0, strings.Count(s, "\n")/2+16)
	n := 0
	for len(s) > 0 {
		n++
		end := strings.IndexByte(s, sep)
		var raw string
		if end < 0 {
			raw, s = s, ""
		} else {
			raw, s = s[:end], s[end+1:]
		}
		if l, ok := normLine(raw, n); ok {
			lines = append(lines, l)
		}
	}
	return lines
}

// isSpace reports white space, including no-break and other Unicode spaces.
func isSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\f' || r == '\v' || r == 0xA0 || r == 0x2007 || r == 0x202F ||
		(r > 0x7f && unicode.IsSpace(r))
}

// invisible reports characters that carry nothing in PDF text: soft hyphens,
// zero-width spaces and joiners, byte order marks.
func invisible(r rune) bool {
	return r == 0xAD || r == 0x200B || r == 0x200C || r == 0x200D || r == 0x2060 || r == 0xFEFF
}

// mayBeSpace reports whether the UTF-8 sequence at the start of s may be a
// space, an invisible character (NBSP, U+2000-U+200F, U+202F, U+205F,
// U+2060, U+3000, U+FEFF, soft hyphen, U+1680, U+180E) or a control
// character (peil.IsControl: C1, bidirectional controls, U+2028).
func mayBeSpace(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return isSpace(r) || invisible(r) || peil.IsControl(r)
}

// normLine normalises one raw line; ok is false for blank lines.
func normLine(raw string, n int) (srcLine, bool) {
	l := srcLine{n: n}
	t := strings.Trim(raw, " \t\r")
	l.brk = len(t) < len(raw) && (raw[0] == ' ' || raw[0] == '\t')
	simple := true
	for i := 0; i < len(t); i++ {
		c := t[i]
		if c <= '9' && c >= '0' && i > 0 && t[i-1] >= 'a' && t[i-1] <= 'z' {
			l.glue = true
		}
		if c == '\t' || c == '\f' || c == '\v' || c == '\r' || c == 0x7f || (c == ' ' && t[i+1] == ' ') ||
			(c >= 0xC2 && c != 0xC3 && mayBeSpace(t[i:])) {
			simple = false
			break
		}
	}
	if simple {
		if t == "" {
			return l, false
		}
		l.text = t
	} else {
		var b strings.Builder
		b.Grow(len(raw))
		space := false
		for i, r := range raw {
			switch {
			case invisible(r):
				continue
			case isSpace(r) || r == '\r' || peil.IsControl(r):
				if i == 0 {
					l.brk = true
				}
				space = true
				continue
			}
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
			l.glue = true // not worth finding out here
		}
		if b.Len() == 0 {
			return l, false
		}
		l.text = b.String()
	}
	// A hyphen at the very end of the raw line (no trailing space) after a
	// letter splits a word: "informatie-" + "uitwisseling".
	if t := strings.TrimSuffix(raw, "\r"); strings.HasSuffix(t, "-") && len(t) >= 2 {
		r, _ := utf8.DecodeLastRuneInString(t[:len(t)-1])
		l.hyph = unicode.IsLetter(r)
	}
	return l, true
}

// mark says that the text from offset off on comes from line line (of PDF
// page page; 0 for text input).
type mark struct{ off, line, page int }

// text is running text joined from several lines, with a map back to them.
type text struct {
	s     string
	marks []mark
}

// textBuilder joins line pieces into a text.
type textBuilder struct {
	b     strings.Builder
	marks []mark
	hyph  bool
}

// add appends piece, which comes from line n; hyph says the piece ends in a
// hyphen that joins it to the next piece without a space.
func (tb *textBuilder) add(piece string, n int, hyph bool) { tb.addAt(piece, 0, n, hyph) }

// addAt appends piece, which comes from line n of PDF page page.
func (tb *textBuilder) addAt(piece string, page, n int, hyph bool) {
	if piece == "" {
		return
	}
	if tb.b.Len() > 0 && (!tb.hyph || elliptic(piece)) {
		tb.b.WriteByte(' ')
	}
	tb.marks = append(tb.marks, mark{off: tb.b.Len(), line: n, page: page})
	tb.b.WriteString(piece)
	tb.hyph = hyph
}

// elliptic reports a piece that follows a hyphen at a line end as a word
// of its own: "kennis-" + "en capaciteitsopbouw" is "kennis- en
// capaciteitsopbouw", a compound cut short, not a word split over lines.
func elliptic(piece string) bool {
	w, _, _ := strings.Cut(piece, " ")
	return w == "en" || w == "of" || w == "tot" || w == "noch"
}

// grow makes room for the text of lines.
func (tb *textBuilder) grow(lines []srcLine) {
	n := 0
	for _, l := range lines {
		n += len(l.text) + 1
	}
	tb.b.Grow(n)
	tb.marks = make([]mark, 0, len(lines))
}

func (tb *textBuilder) text() text { return text{s: tb.b.String(), marks: tb.marks} }

// at returns the line and PDF page (0 for text input) of the byte at offset off.
func (t *text) at(off int) (line int, page peil.Page) {
	i := sort.Search(len(t.marks), func(i int) bool { return t.marks[i].off > off })
	if i == 0 {
		if len(t.marks) == 0 {
			return 0, 0
		}
		i = 1
	}
	return t.marks[i-1].line, peil.Page(t.marks[i-1].page)
}

// abbreviations end in a full stop that does not end a sentence.
var abbreviations = map[string]bool{
	"ca": true, "o.a": true, "c.q": true, "bijv": true, "bv": true, "nr": true, "zgn": true, "m.b.t": true,
	"i.v.m": true, "e.d": true, "e.a": true, "mr": true, "dr": true, "drs": true, "ir": true, "prof": true,
	"art": true, "blz": true, "p": true, "d.w.z": true, "a.s": true, "jl": true, "t.a.v": true, "t.b.v": true,
	"m.i.v": true, "vs": true, "resp": true, "incl": true, "excl": true, "evt": true, "etc": true, "min": true,
	"o.b.v": true, "i.c.m": true, "z.s.m": true, "n.a.v": true, "mln": true, "mld": true,
}

// sentence is one sentence of a text: [start, end) in text.s. A sentence
// longer than maxSentence is read in pieces; cutBefore and cutAfter say
// where a piece was cut from its neighbour.
type sentence struct {
	start, end          int
	cutBefore, cutAfter bool
}

// maxSentence bounds a sentence, in bytes. A longer one (a text without
// full stops) is read in pieces of at most this size, so that every piece is
// stored once, shared by its figures, and reading costs the same per byte
// however long the text runs on. The longest sentence of the sample report
// has 357 bytes.
const maxSentence = 1000

// sentences splits t into sentences at '.', '!' or '?' followed by a space and
// a capital, digit, quote or bullet (not after an abbreviation), and at
// bullets; a sentence longer than maxSentence is cut into pieces
// (cutPieces).
func sentences(s string) []sentence {
	var out []sentence
	start := 0
	emit := func(end int) {
		for start < end && s[start] == ' ' {
			start++
		}
		e := end
		for e > start && s[e-1] == ' ' {
			e--
		}
		if e > start {
			out = cutPieces(s, sentence{start: start, end: e}, out)
		}
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '.' || c == '!' || c == '?':
			j := i + 1
			for j < len(s) && (s[j] == '.' || s[j] == ')' || s[j] == '"' || s[j] == '\'') {
				j++
			}
			if j < len(s) && (strings.HasPrefix(s[j:], "’") || strings.HasPrefix(s[j:], "”")) {
				j += 3
			}
			if j >= len(s) {
				continue
			}
			if s[j] != ' ' {
				continue
			}
			if c == '.' && abbreviations[lower(lastWord(s[start:i]))] {
				continue
			}
			r, _ := utf8.DecodeRuneInString(s[j+1:])
			if unicode.IsUpper(r) || unicode.IsDigit(r) || r == '‘' || r == '“' || r == '(' || r == '"' || r == '\'' || r == '•' || r == '€' {
				emit(j)
				start = j + 1
				i = j
			}
		case c == 0xE2 && strings.HasPrefix(s[i:], "•"):
			emit(i)
			start = i + len("•")
			i = start - 1
		}
	}
	emit(len(s))
	return out
}

// cutPieces appends sent to out, or, when it is longer than maxSentence, its
// pieces: each cut after the last clause mark (", ", "; ", ": ") in its second
// half, else at its last space, else at a character boundary.
func cutPieces(s string, sent sentence, out []sentence) []sentence {
	for sent.end-sent.start > maxSentence {
		lim := sent.start + maxSentence
		for !utf8.RuneStart(s[lim]) {
			lim--
		}
		cut := lim
		if i := lastClauseMark(s[sent.start+maxSentence/2 : lim]); i >= 0 {
			cut = sent.start + maxSentence/2 + i + 1
		} else if i := strings.LastIndexByte(s[sent.start+maxSentence/4:lim], ' '); i >= 0 {
			cut = sent.start + maxSentence/4 + i
		}
		piece := sentence{start: sent.start, end: cut, cutBefore: sent.cutBefore, cutAfter: true}
		for piece.end > piece.start && s[piece.end-1] == ' ' {
			piece.end--
		}
		out = append(out, piece)
		sent.start, sent.cutBefore = cut, true
		for sent.start < sent.end && s[sent.start] == ' ' {
			sent.start++
		}
	}
	if sent.end > sent.start {
		out = append(out, sent)
	}
	return out
}

// lastClauseMark returns the index of the last ',', ';' or ':' in s that is
// followed by a space, or -1.
func lastClauseMark(s string) int {
	for i := len(s) - 2; i >= 0; i-- {
		if (s[i] == ',' || s[i] == ';' || s[i] == ':') && s[i+1] == ' ' {
			return i
		}
	}
	return -1
}

// text returns the words of sent in s, with "…" where it was cut from the
// rest of its sentence.
func (sent sentence) text(s string) string {
	out := s[sent.start:sent.end]
	if sent.cutBefore {
		out = "…" + out
	}
	if sent.cutAfter {
		out += "…"
	}
	return out
}

// lastWord returns the last space-separated word of s without leading
// punctuation.
func lastWord(s string) string {
	if i := strings.LastIndexByte(s, ' '); i >= 0 {
		s = s[i+1:]
	}
	return strings.TrimLeft(s, "(‘'“\"")
}

// token is one word of a sentence.
type token struct {
	raw   string // as written, with punctuation
	core  string // without surrounding punctuation
	lower string // core in lower case
	off   int    // offset of raw in the text
	cap   bool   // core starts with a capital letter
	open  bool   // raw starts with '('
	close bool   // raw ends with ')' (before other punctuation)
	stop  bool   // raw ends with a clause mark: , ; : or )
}

const leadPunct = "(‘'“\"[•"
const trailPunct = ")’'”\".,;:!?]"

// tokenize splits the sentence s (at offset base in its text) into tokens.
func tokenize(s string, base int, toks []token) []token {
	toks = toks[:0]
	ls := lowerSameLen(s)
	i := 0
	for i < len(s) {
		for i < len(s) && s[i] == ' ' {
			i++
		}
		j := i
		for j < len(s) && s[j] != ' ' {
			j++
		}
		if j > i {
			raw := s[i:j]
			core, lead := trimPunctAt(raw)
			t := token{raw: raw, core: core, off: base + i}
			t.lower = ls[i+lead : i+lead+len(core)]
			if core != "" {
				r, _ := utf8.DecodeRuneInString(core)
				t.cap = unicode.IsUpper(r)
			}
			t.open = raw[0] == '('
			tail := trimEnd(raw)
			t.close = strings.HasSuffix(tail, ")")
			if tail != "" {
				switch tail[len(tail)-1] {
				case ',', ';', ':', ')':
					t.stop = true
				}
			}
			toks = append(toks, t)
		}
		i = j
	}
	return toks
}

// isLeadPunct and isTrailPunct report punctuation that tokens shed.
func isLeadPunct(r rune) bool {
	return r == '(' || r == '‘' || r == '\'' || r == '“' || r == '"' || r == '[' || r == '•'
}

func isTrailPunct(r rune) bool {
	switch r {
	case ')', '’', '\'', '”', '"', '.', ',', ';', ':', '!', '?', ']':
		return true
	}
	return false
}

// trimEnd strips sentence-end marks and closing quotes from a word.
func trimEnd(w string) string {
	for len(w) > 0 {
		r, n := rune(w[len(w)-1]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeLastRuneInString(w)
		}
		switch r {
		case '.', '!', '?', '’', '\'', '”', '"':
			w = w[:len(w)-n]
			continue
		}
		return w
	}
	return w
}

// trimPunct strips leading and trailing punctuation from a word.
func trimPunct(w string) string {
	core, _ := trimPunctAt(w)
	return core
}

// trimPunctAt is trimPunct that also returns how many bytes it cut at the start.
func trimPunctAt(w string) (string, int) {
	lead := 0
	for len(w) > 0 {
		r, n := rune(w[0]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRuneInString(w)
		}
		if !isLeadPunct(r) {
			break
		}
		w = w[n:]
		lead += n
	}
	for len(w) > 0 {
		r, n := rune(w[len(w)-1]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeLastRuneInString(w)
		}
		if !isTrailPunct(r) {
			break
		}
		w = w[:len(w)-n]
	}
	return w, lead
}

// lowerSameLen returns s in lower case, keeping letters whose lower case
// has another UTF-8 length as they are, so that offsets stay valid.
func lowerSameLen(s string) string {
	ascii, upper := true, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			ascii = false
			break
		}
		if 'A' <= c && c <= 'Z' {
			upper = true
		}
	}
	if ascii && !upper {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b = append(b, c)
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if l := unicode.ToLower(r); l != r && utf8.RuneLen(l) == n {
			b = utf8.AppendRune(b, l)
		} else {
			b = append(b, s[i:i+n]...)
		}
		i += n
	}
	return string(b)
}

// lower returns s in lower case without allocating when it is lower case ASCII.
func lower(s string) string {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || ('A' <= c && c <= 'Z') {
			return strings.ToLower(s)
		}
	}
	return s
}
