package ingest

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

// Every piece of a long sentence is at most maxSentence bytes, starts and
// ends at a character boundary, and the pieces together hold every word of
// the sentence in order; a sentence within the bound stays whole.
func TestCutPieces(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	words := []string{"meldingen", "in", "2016", "12", "zaken,", "één", "ruim", "€", "6,4", "miljoen;", "waarvan:", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}
	for k := range 300 {
		var b strings.Builder
		n := rng.IntN(3000)
		if k%10 == 0 {
			b.WriteString(strings.Repeat("ë", n)) // no space at all
		}
		for b.Len() < n {
			b.WriteString(words[rng.IntN(len(words))])
			b.WriteByte(' ')
		}
		s := strings.TrimSpace(b.String())
		if s == "" {
			continue
		}
		pieces := cutPieces(s, sentence{start: 0, end: len(s)}, nil)
		if len(s) <= maxSentence && (len(pieces) != 1 || pieces[0].cutBefore || pieces[0].cutAfter) {
			t.Fatalf("a sentence of %d bytes became %+v", len(s), pieces)
		}
		var joined []string
		for i, p := range pieces {
			if p.end-p.start > maxSentence || p.end <= p.start {
				t.Fatalf("piece %d of a %d-byte sentence is %d bytes", i, len(s), p.end-p.start)
			}
			if !utf8.ValidString(s[p.start:p.end]) {
				t.Fatalf("piece %d is cut inside a character: %q", i, s[p.start:p.end])
			}
			if p.cutBefore != (i > 0) || p.cutAfter != (i < len(pieces)-1) {
				t.Fatalf("piece %d of %d marked cutBefore %v, cutAfter %v", i, len(pieces), p.cutBefore, p.cutAfter)
			}
			joined = append(joined, s[p.start:p.end])
		}
		if got := strings.Join(joined, ""); strings.ReplaceAll(got, " ", "") != strings.ReplaceAll(s, " ", "") {
			t.Fatalf("the pieces of a %d-byte sentence lose or add text", len(s))
		}
	}
}
