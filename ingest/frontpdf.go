package ingest

import (
	"fmt"
	"slices"
	"strings"

	"github.com/peil-dev/peil"
	"github.com/peil-dev/peil/ingest/pdf"
)

// fromPDF turns the table that package pdf rebuilt from a PDF's geometry
// into the rows the figure extraction reads: the same rows the text front
// end gives, with the page and line of every piece. The columns are known,
// so the title and status need no splitting; a row whose Omschrijving cell
// holds a line "&" shares its row with the next measure (27 & 28). A number
// that does not go up is not a new row (its text continues the row before
// it, as in the text front end), unless the row's title cell is the
// catalog's title of that measure: then it is a row out of order (read as
// that measure) or a row twice (not read), with a warning. A row numbered
// above the catalog is read as a row of its own, with a warning.
func fromPDF(d *pdf.Document, cat *peil.Catalog) document {
	doc := document{pdf: true}
	var intro textBuilder
	for _, l := range d.Intro {
		intro.addAt(l.Text, l.Page, l.Line, l.Hyph)
	}
	doc.intro = intro.text()
	var cur *row
	var status textBuilder
	seen := map[int][2]int{} // measure: page and line of its row
	flush := func() {
		if cur == nil {
			return
		}
		cur.status = status.text()
		cur.sents = sentences(cur.status.s)
		doc.rows = append(doc.rows, *cur)
		for _, nr := range cur.nrs {
			seen[nr] = [2]int{cur.page, cur.line}
		}
		cur, status = nil, textBuilder{}
	}
	warn := func(page, line int, format string, args ...any) {
		doc.warnings = append(doc.warnings, peil.Warning{Line: line, Page: peil.Page(page), Message: "waarschuwing: " + fmt.Sprintf(format, args...)})
	}
	skipping := false // in a row that is not read (a row twice)
	end := pdfTableEnd(d, cat)
	doc.end = end
	// before reports a place in the table before its end.
	before := func(page, line int) bool {
		return end == nil || page < int(end.page) || page == int(end.page) && line < end.line
	}
	// addLines appends a cell's lines before the table's end to tb.
	addLines := func(tb *textBuilder, lines []pdf.Line) {
		for _, l := range lines {
			if before(l.Page, l.Line) {
				tb.addAt(l.Text, l.Page, l.Line, l.Hyph)
			}
		}
	}
	last := 0
	for _, pr := range d.Rows {
		if !before(pr.Page, pr.Line) {
			break // after the table: an appendix, the signature
		}
		nrs := newRowNrs(pr, last, cat)
		if restarts(pr, last) && doc.restart == 0 {
			doc.restart, doc.restartPage = pr.Line, peil.Page(pr.Page)
			break
		}
		// A row the table should not have here: twice, out of order, or
		// numbered outside the catalog. Its text is never a neighbour's.
		odd := false
		if len(nrs) == 0 && len(pr.Nrs) > 0 && cat != nil {
			n := pr.Nrs[0]
			title := ""
			if len(pr.Titles) > 0 {
				var tb textBuilder
				addLines(&tb, pr.Titles[0])
				title = tb.text().s
			}
			at, twice := seen[n]
			if cur != nil && slices.Contains(cur.nrs, n) && pr.Page == cur.page {
				// The current row's number again on its own page; on a later
				// page producers may repeat the cell: its continuation.
				at, twice = [2]int{cur.page, cur.line}, true
			}
			switch {
			case twice && titleStarts(cat, n, title):
				warn(pr.Page, pr.Line, "maatregel %d staat opnieuw in de tabel (eerder op %s); deze rij is niet gelezen", n, where(at[1], peil.Page(at[0])))
				flush()
				skipping = true
				continue
			case !twice && n < last && inCatalog(cat, n) && titleStarts(cat, n, title):
				warn(pr.Page, pr.Line, "de rij van maatregel %d staat na die van maatregel %d; gelezen als maatregel %d: controleer de volgorde van de tabel", n, last, n)
				nrs, odd = []int{n}, true
			case n > last && !inCatalog(cat, n) && n <= 99:
				warn(pr.Page, pr.Line, "rij met nummer %d: geen maatregel uit de catalogus (1–%d); gelezen als eigen rij, niet bij maatregel %d", n, maxMeasure(cat), last)
				nrs, odd = []int{n}, true
			}
		}
		if len(nrs) == 0 {
			if cur != nil && !skipping {
				// Not a row of its own: its text goes on in the row before.
				for _, part := range pr.Titles {
					addLines(&status, part)
				}
				addLines(&status, pr.Status)
			}
			continue
		}
		skipping = false
		flush()
		var titles []string
		for _, part := range pr.Titles {
			var tb textBuilder
			addLines(&tb, part)
			titles = append(titles, tb.text().s)
		}
		for len(titles) > len(nrs) && inCatalog(cat, nrs[len(nrs)-1]+1) {
			nrs = append(nrs, nrs[len(nrs)-1]+1)
		}
		if len(titles) > len(nrs) {
			titles[len(nrs)-1] = strings.Join(titles[len(nrs)-1:], " & ")
			titles = titles[:len(nrs)]
		}
		for len(titles) < len(nrs) {
			titles = append(titles, "")
		}
		for k, t := range titles {
			titles[k] = catalogTitle(cat, nrs[k], t)
		}
		if !odd {
			last = nrs[len(nrs)-1]
		}
		cur = &row{nrs: nrs, titles: titles, line: pr.Line, page: pr.Page}
		addLines(&status, pr.Status)
	}
	flush()
	return doc
}

// newRowNrs returns the numbers of PDF row pr that start a row of their
// own after measure last: going up, and in the catalog.
func newRowNrs(pr pdf.Row, last int, cat *peil.Catalog) []int {
	nrs := make([]int, 0, len(pr.Nrs))
	for _, n := range pr.Nrs {
		if n > last && inCatalog(cat, n) && (len(nrs) == 0 || n > nrs[len(nrs)-1]) {
			nrs = append(nrs, n)
		}
	}
	return nrs
}

// restarts reports a row numbered 1 after measure last (2 or more): a
// second report's table.
func restarts(pr pdf.Row, last int) bool {
	return len(pr.Nrs) > 0 && pr.Nrs[0] == 1 && last >= 2
}

// pdfTableEnd finds where the table ends inside its last row: the first of
// the document's lines after the start of that row that starts what follows
// the table (see endsTable); nil when none does.
func pdfTableEnd(d *pdf.Document, cat *peil.Catalog) *tableEnd {
	last, page, line := 0, 0, 0
	for _, pr := range d.Rows {
		if restarts(pr, last) {
			break
		}
		if nrs := newRowNrs(pr, last, cat); len(nrs) > 0 {
			last, page, line = nrs[len(nrs)-1], pr.Page, pr.Line
		}
	}
	if last == 0 {
		return nil
	}
	for k := 1; k < len(d.Lines); k++ {
		l := d.Lines[k]
		if l.Page < page || l.Page == page && l.Line <= line {
			continue
		}
		if endsTable(l.Text, sentenceEnd(d.Lines[k-1].Text)) {
			return &tableEnd{line: l.Line, page: peil.Page(l.Page), text: shorten(l.Text), lines: len(d.Lines) - k}
		}
	}
	return nil
}

// catalogTitle returns the catalog's title of measure nr when the cell says
// the same (spaces aside), so that both front ends name a measure alike;
// else the cell's text.
func catalogTitle(cat *peil.Catalog, nr int, cell string) string {
	if cat == nil {
		return cell
	}
	m, ok := cat.Measure(nr)
	if !ok {
		return cell
	}
	want, _ := compactTitle(m.Title)
	got, _ := compactTitle(cell)
	if want == got {
		return m.Title
	}
	return cell
}

// pdftotextCells recognises text that pdftotext wrote in its default mode
// from a report's PDF: every cell is a block of its own, so the table's
// headings stand each on a line of their own and many measure numbers
// stand alone on a line. Such text has lost its rows; ok gives the line of
// the first lone heading.
func pdftotextCells(lines []srcLine) (line int, ok bool) {
	lone, nr, omschr := 0, 0, 0
	for i, l := range lines {
		switch lower(l.text) {
		case "nr", "nr.":
			if nr == 0 && i+1 < len(lines) && lower(lines[i+1].text) == "omschrijving" {
				nr = l.n
			}
		case "omschrijving":
			omschr++
		}
		if len(l.text) <= 2 && isDigits(l.text) {
			lone++
		}
	}
	if nr > 0 && omschr > 0 && lone >= 5 {
		return nr, true
	}
	return 0, false
}
