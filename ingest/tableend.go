package ingest

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/peil-dev/peil"
)

// tableEnd is where the measure table ends inside its last row: the line
// that starts what follows the table (an appendix, the signature, a block of
// sources), and how many lines from there on were left out of the row.
type tableEnd struct {
	line  int
	page  peil.Page
	text  string // the line, shortened for a note
	lines int    // lines left out
}

// endsTable reports whether a line of the table's last row starts what
// follows the table rather than the row's text: an appendix heading
// ("Bijlage", "Bijlage 1: …", "Annex II", "Overzicht …"), a signature
// ("Hoogachtend,", "De Minister van Veiligheid en Justitie,") or the heading
// of a block of sources or notes ("Bronnen", "Voetnoten"). prevEnds says
// that the line before it ends a sentence: a heading stands after one.
func endsTable(s string, prevEnds bool) bool {
	s = strings.TrimSpace(s)
	if s == "" || utf8.RuneCountInString(s) > 80 {
		return false
	}
	words := strings.Fields(s)
	first := strings.TrimRight(words[0], ":.,")
	switch lower(first) {
	case "hoogachtend":
		return len(words) <= 2
	case "bronnen", "bron", "bronvermelding", "voetnoten", "noten", "eindnoten", "literatuur", "afkortingen", "begrippenlijst":
		return len(words) == 1 && prevEnds && isCapital(s)
	case "bijlage", "bijlagen", "annex", "annexen", "appendix":
		return prevEnds && isCapital(s) && appendixHeading(words)
	case "overzicht":
		return prevEnds && isCapital(s) && len(words) > 1 && !strings.HasSuffix(s, ".") && !strings.Contains(s, ". ")
	case "de":
		return signatureTitle(words)
	}
	return strings.HasPrefix(s, "Met vriendelijke groet") && len(words) <= 4
}

// isCapital reports whether s starts with a capital letter.
func isCapital(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

// appendixHeading reports a heading that names an appendix: the word alone,
// with a colon or dash and a title, or with its number ("Bijlage 1", "Annex
// II", "Bijlage A") and perhaps a title; never a sentence ("Bijlage 2 bevat
// de cijfers.").
func appendixHeading(words []string) bool {
	s := strings.Join(words, " ")
	if strings.HasSuffix(s, ".") && len(words) > 2 || strings.Contains(s, ". ") {
		return false
	}
	if len(words) == 1 || strings.HasSuffix(words[0], ":") {
		return true
	}
	second := strings.TrimRight(words[1], ":.–-")
	switch {
	case words[1] == "–" || words[1] == "-" || words[1] == ":":
		return true
	case isDigits(second), isRoman(second), len(second) == 1 && second[0] >= 'A' && second[0] <= 'Z':
		return len(words) == 2 || strings.HasSuffix(words[1], ":") || strings.HasSuffix(words[1], ".") ||
			words[2] == "–" || words[2] == "-" || isCapital(words[2])
	}
	return false
}

// isRoman reports a Roman numeral in capitals (I to XXXIX).
func isRoman(s string) bool {
	if s == "" || len(s) > 6 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !strings.ContainsRune("IVX", rune(s[i])) {
			return false
		}
	}
	return true
}

// signatureTitle reports the title under a signature standing alone on its
// line: "De Minister van Veiligheid en Justitie,", "De Staatssecretaris van
// Sociale Zaken en Werkgelegenheid", "De Minister voor Migratie": after
// "van" or "voor" only capitalised words and joining words, no verb.
func signatureTitle(words []string) bool {
	if len(words) < 4 {
		return false
	}
	switch words[1] {
	case "Minister", "minister", "Staatssecretaris", "staatssecretaris", "Nationaal":
	default:
		return false
	}
	k := 2
	if words[1] == "Nationaal" {
		k = 1 // De Nationaal Coördinator Terrorismebestrijding en Veiligheid
	} else if words[2] != "van" && words[2] != "voor" {
		return false
	}
	for _, w := range words[k+1:] {
		w = strings.TrimRight(w, ",")
		switch w {
		case "en", "van", "voor", "de", "het", "der":
			continue
		}
		if !isCapital(w) {
			return false
		}
	}
	return true
}

// cutTableEnd looks in the lines of the table's last row (the first line
// starts the row) for the start of what follows the table; it returns the
// lines before it and where the table ends, or lines whole and false.
func cutTableEnd(lines []srcLine) ([]srcLine, tableEnd, bool) {
	for k := 1; k < len(lines); k++ {
		if endsTable(lines[k].text, sentenceEnd(lines[k-1].text)) {
			return lines[:k], tableEnd{line: lines[k].n, text: shorten(lines[k].text), lines: len(lines) - k}, true
		}
	}
	return lines, tableEnd{}, false
}

// shorten returns s cut to some 60 characters, for a note.
func shorten(s string) string {
	if utf8.RuneCountInString(s) <= 60 {
		return s
	}
	n := 0
	for i := range s {
		if n == 57 {
			return strings.TrimRight(s[:i], " ") + "…"
		}
		n++
	}
	return s
}
