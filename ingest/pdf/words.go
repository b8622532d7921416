package pdf

import (
	"sort"
	"strings"
	"unicode"
)

// word is a run of characters without a gap, with its loose box.
type word struct {
	text           string
	x0, x1, y0, y1 float64
	size           float64
	hyph           bool // ended in PDFium's U+0002 or a soft hyphen: the word goes on on the next line
}

// band is one line of text across the page's full width: the words that
// share a baseline, left to right.
type band struct {
	words  []word
	y0, y1 float64  // loose top and bottom
	size   float64  // the median font size of its characters
	line   int      // 1-based line on its page, from the top
	lead   string   // superscript digits before its first word: the marker of a footnote's text
	marks  []string // superscript digits after a word: footnote markers in the text
}

func (b *band) text() string {
	var sb strings.Builder
	for i, w := range b.words {
		if i > 0 {
			sb.WriteByte(' ')
		}
		sb.WriteString(w.text)
	}
	return sb.String()
}

// Thresholds relative to the font size (em).
const (
	baselineTol = 0.25 // characters whose loose bottoms differ by less share a line
	wordGap     = 0.15 // a gap between loose boxes wider than this is a space
	supSize     = 0.85 // a character this much smaller than its line's is a superscript

	maxNeighbours = 32 // lines looked at around a small one for the line it belongs to
)

// bands groups a page's characters into lines by position, never by the
// order in which the file draws them: characters with nearly the same loose
// bottom share a line; small raised or lowered characters beside a line
// (superscripts: footnote markers) join it, digits among them dropped; a
// character drawn twice a little offset (fake bold) counts once.
func bands(chars []char) []band {
	if len(chars) == 0 {
		return nil
	}
	idx := make([]int, len(chars))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return chars[idx[a]].ly1 < chars[idx[b]].ly1 })
	// Clusters by loose bottom.
	type cluster struct {
		ref, size float64
		y0, y1    float64
		x0, x1    float64
		members   []int
		maxSize   float64
	}
	var cl []cluster
	for _, i := range idx {
		c := &chars[i]
		if n := len(cl); n > 0 {
			k := &cl[n-1]
			if c.ly1-k.ref <= baselineTol*max(k.maxSize, c.size) {
				k.members = append(k.members, i)
				k.maxSize = max(k.maxSize, c.size)
				k.y0, k.y1 = min(k.y0, c.ly0), max(k.y1, c.ly1)
				k.x0, k.x1 = min(k.x0, c.lx0), max(k.x1, c.lx1)
				continue
			}
		}
		cl = append(cl, cluster{ref: c.ly1, members: []int{i}, maxSize: c.size, y0: c.ly0, y1: c.ly1, x0: c.lx0, x1: c.lx1})
	}
	for k := range cl {
		cl[k].size = medianSize(chars, cl[k].members)
	}
	// Small characters inside a bigger line's height join that line. The
	// clusters are sorted by bottom, so a host is among the near neighbours.
	host := make([]int, len(cl))
	for k := range host {
		host[k] = k
	}
	for k := range cl {
		s := &cl[k]
		best, bestSize := -1, 0.0
		mid := (s.y0 + s.y1) / 2
		for j := max(0, k-maxNeighbours); j < len(cl) && j <= k+maxNeighbours; j++ {
			h := &cl[j]
			if j == k || h.size*supSize < s.maxSize || mid < h.y0 || mid > h.y1 {
				continue
			}
			if s.x1 < h.x0-h.size || s.x0 > h.x1+h.size {
				continue
			}
			if h.size > bestSize {
				best, bestSize = j, h.size
			}
		}
		if best >= 0 {
			host[k] = best
		}
	}
	for k := range host {
		h := host[k]
		for n := 0; host[h] != h && n < 8; n++ {
			h = host[h]
		}
		if host[h] != h {
			h = k // a cycle: stay apart
		}
		host[k] = h
	}
	members := make([][]int, len(cl))
	sup := make(map[int]bool)
	for k := range cl {
		h := host[k]
		members[h] = append(members[h], cl[k].members...)
		if h != k {
			for _, i := range cl[k].members {
				sup[i] = true
			}
		}
	}
	out := make([]band, 0, len(cl))
	for k := range cl {
		if host[k] != k || len(members[k]) == 0 {
			continue
		}
		ms := members[k]
		sort.SliceStable(ms, func(a, b int) bool { return chars[ms[a]].lx0 < chars[ms[b]].lx0 })
		b := band{size: cl[k].size, y0: cl[k].y0, y1: cl[k].y1}
		b.lead, b.marks = supDigits(chars, ms, sup)
		b.words = makeWords(chars, ms, sup, b.size)
		if len(b.words) > 0 {
			out = append(out, b)
		}
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].y0 < out[b].y0 })
	for i := range out {
		out[i].line = i + 1
	}
	return out
}

// supDigits returns the superscript digits of a line's characters (sorted
// left to right): those before its first other character, and each run
// after one.
func supDigits(chars []char, ms []int, sup map[int]bool) (lead string, marks []string) {
	var run strings.Builder
	seenText := false
	end := func() {
		if run.Len() == 0 {
			return
		}
		if seenText {
			marks = append(marks, run.String())
		} else {
			lead = run.String()
		}
		run.Reset()
	}
	for _, i := range ms {
		c := &chars[i]
		if sup[i] && unicode.IsDigit(c.r) {
			run.WriteRune(c.r)
			continue
		}
		end()
		if !unicode.IsSpace(c.r) {
			seenText = true
		}
	}
	end()
	return lead, marks
}

func medianSize(chars []char, ms []int) float64 {
	s := make([]float64, len(ms))
	for i, m := range ms {
		s[i] = chars[m].size
	}
	sort.Float64s(s)
	return s[len(s)/2]
}

// ligatures spells out the ligature characters some fonts map to.
var ligatures = map[rune]string{0xFB00: "ff", 0xFB01: "fi", 0xFB02: "fl", 0xFB03: "ffi", 0xFB04: "ffl", 0xFB05: "st", 0xFB06: "st"}

// makeWords splits a line's characters (sorted left to right) into words at
// gaps. Superscript digits (footnote markers) are left out.
func makeWords(chars []char, ms []int, sup map[int]bool, size float64) []word {
	var words []word
	var sb strings.Builder
	var cur word
	open := false
	prevX0, prevX1 := 0.0, 0.0
	var prevR rune
	flush := func() {
		if open && sb.Len() > 0 {
			cur.text = sb.String()
			words = append(words, cur)
		}
		sb.Reset()
		open = false
	}
	for _, i := range ms {
		c := &chars[i]
		x0, x1 := c.lx0, c.lx1
		if sup[i] && unicode.IsDigit(c.r) {
			// A footnote marker: it also ends nothing, the word goes on.
			continue
		}
		if d := x0 - prevX0; open && c.r == prevR && d < 0.1*size && d > -0.1*size && (d > 0.01 || d < -0.01 || x1 != prevX1) {
			continue // drawn twice, a little offset: fake bold (a ligature's letters share one box exactly)
		}
		if open && x0-prevX1 > wordGap*max(size, c.size) {
			flush()
		}
		if !open {
			cur = word{x0: x0, x1: x1, y0: c.ly0, y1: c.ly1, size: c.size}
			open = true
		}
		cur.x1 = max(cur.x1, x1)
		cur.y0, cur.y1 = min(cur.y0, c.ly0), max(cur.y1, c.ly1)
		cur.hyph = false
		switch {
		case c.r == 2 || c.r == 0xAD:
			sb.WriteByte('-')
			cur.hyph = true
		case c.r < 0x20 || c.r == 0x7F || c.r == 0xFEFF || c.r == 0x200B:
		case ligatures[c.r] != "":
			sb.WriteString(ligatures[c.r])
		default:
			sb.WriteRune(c.r)
		}
		prevX0, prevX1, prevR = x0, x1, c.r
	}
	flush()
	return words
}
