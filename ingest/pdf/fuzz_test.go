package pdf

import (
	"encoding/binary"
	"testing"
)

// pagesFrom turns fuzz bytes into pages of characters and rules: each
// eight bytes a character (rune, position, size) or, for a marker byte, a
// rule; the header words are sprinkled in so that tables are found too.
func pagesFrom(data []byte) []page {
	if len(data) < 2 {
		return nil
	}
	n := int(data[0]%4) + 1
	pages := make([]page, n)
	for i := range pages {
		pages[i] = page{n: i + 1, w: 595, h: 842}
	}
	words := []string{"Nr", "Omschrijving", "Recente", "ontwikkelingen", "1", "2", "&", "27", "Pagina", "3"}
	data = data[1:]
	for len(data) >= 8 {
		p := &pages[int(data[0])%n]
		x := float64(binary.LittleEndian.Uint16(data[1:3])%700) - 50
		y := float64(binary.LittleEndian.Uint16(data[3:5])%900) - 30
		size := float64(data[5]%24) + 0.5
		switch data[6] % 8 {
		case 0: // a rule
			l := float64(data[7]) * 3
			if data[7]%2 == 0 {
				p.rules = append(p.rules, rule{x, y, x + l, y + 0.5})
			} else {
				p.rules = append(p.rules, rule{x, y, x + 0.5, y + l})
			}
		case 1: // a word
			for _, r := range words[int(data[7])%len(words)] {
				p.chars = append(p.chars, char{r: r, lx0: x, lx1: x + size*0.5, ly0: y, ly1: y + size*1.2, size: size})
				x += size * 0.5
			}
		default:
			r := rune(data[7])
			if data[6]%8 == 7 {
				r = 2
			}
			w := float64(data[6]%5) * size * 0.2
			p.chars = append(p.chars, char{r: r, lx0: x, lx1: x + w, ly0: y, ly1: y + size*1.2, size: size})
		}
		data = data[8:]
	}
	return pages
}

// FuzzLayout: random boxes never panic, and every line of every row lies
// on a page of the document, at a line that page has.
func FuzzLayout(f *testing.F) {
	f.Add([]byte("\x01\x00\x10\x00\x10\x00\x0a\x01\x00\x00\x20\x00\x10\x00\x0a\x01\x01"))
	f.Add([]byte("\x00\x00\x50\x00\x60\x00\x09\x01\x00\x00\x90\x00\x60\x00\x09\x01\x01\x00\x10\x01\x60\x00\x09\x01\x02" +
		"\x00\x50\x00\x80\x00\x09\x01\x04\x00\x90\x00\x80\x00\x09\x02\x41\x00\x00\x00\x00\x00\x00\x00\xff"))
	f.Fuzz(func(t *testing.T, data []byte) {
		pages := pagesFrom(data)
		if len(pages) == 0 {
			return
		}
		d, err := layout(pages, "fuzz.pdf")
		if err != nil {
			return
		}
		lines := make([]int, len(pages))
		for i := range pages {
			lines[i] = len(bands(pages[i].chars))
		}
		check := func(what string, ls []Line) {
			for _, l := range ls {
				if l.Page < 1 || l.Page > len(pages) || l.Line < 1 || l.Line > lines[l.Page-1] {
					t.Fatalf("%s line %+v outside the document (%d pages, lines %v)", what, l, len(pages), lines)
				}
			}
		}
		check("intro", d.Intro)
		for _, r := range d.Rows {
			if r.Page < 1 || r.Page > len(pages) || r.Line < 1 || r.Line > lines[r.Page-1] {
				t.Fatalf("row %v at page %d line %d outside the document", r.Nrs, r.Page, r.Line)
			}
			for _, tl := range r.Titles {
				check("title", tl)
			}
			check("status", r.Status)
			check("note", r.Notes)
		}
	})
}
