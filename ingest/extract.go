// Package ingest turns the text of a progress report into measures, figures
// and events: it decodes and validates the bytes, splits the table into
// measure rows, reads Dutch numbers, qualifiers and time phrases, and matches
// figures to the catalog's indicators. It is pure Go: no database, no HTTP.
package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"github.com/peil-dev/peil"
	"github.com/peil-dev/peil/ingest/pdf"
)

// Options control an extraction.
type Options struct {
	File        string                           // name used in errors and in Report.File
	ReportDate  peil.Date                        // zero: infer from the text, and say so via Notef
	PeriodStart peil.Date                        // start of "deze rapportageperiode"; zero: unknown
	Catalog     *peil.Catalog                    // for indicator matching and measure titles; nil: no matching
	Notef       func(format string, args ...any) // notes for people (inferred date, transcoding); may be nil
	Context     context.Context                  // when done, Extract stops and returns its error; nil: never
}

// Extract reads one report from its raw bytes, a PDF file (recognised by
// its content) or a text: the PDF front end rebuilds the table from the
// page geometry, the text front end from the lines; both give the same rows,
// from which the measures, figures and events are read. Bad input (empty,
// binary, not UTF-8, a damaged, encrypted or scanned PDF, no measure table,
// two reports in one file, a period start after the report date) gives a
// *peil.Error with code EINVALID, the file and, where it applies, the line
// or page. Measures missing before the table's last row, and a table with
// fewer than half of the catalog's measures, are named through Notef.
func Extract(raw []byte, opts Options) (*peil.Extraction, error) {
	ext, _, err := extract(raw, opts)
	return ext, err
}

// extract is Extract, and says for each figure whether its period starts at
// the report's period start (see setPeriodStart).
func extract(raw []byte, opts Options) (*peil.Extraction, []bool, error) {
	src, err := readSource(raw, opts.File, opts.Notef)
	if err != nil {
		return nil, nil, err
	}
	return extractSource(src, opts)
}

// extractSource is extract of a file read already.
func extractSource(src source, opts Options) (*peil.Extraction, []bool, error) {
	doc, err := frontEnd(src, opts)
	if err != nil {
		return nil, nil, err
	}
	if doc.restart > 0 {
		return nil, nil, &peil.Error{Code: peil.EINVALID, File: opts.File, Line: doc.restartLine(),
			Message: fmt.Sprintf("de nummering van de maatregelen begint opnieuw op %s: staan er twee rapportages in dit bestand?", where(doc.restart, doc.restartPage))}
	}
	if len(doc.rows) == 0 {
		return nil, nil, &peil.Error{Code: peil.EINVALID, File: opts.File,
			Message: "geen maatregelen gevonden: verwacht een tabel met rijen die beginnen met het nummer van de maatregel (1, 2, ...)"}
	}
	warns := append([]peil.Warning(nil), doc.warnings...)
	// warn records a warning and says it through Notef.
	warn := func(line int, page peil.Page, format string, args ...any) {
		w := peil.Warning{Line: line, Page: page, Message: fmt.Sprintf(format, args...)}
		warns = append(warns, w)
		if opts.Notef != nil {
			opts.Notef("%s: %s", placeIn(opts.File, w.Line, w.Page), w.Message)
		}
	}
	if opts.Notef != nil {
		for _, w := range doc.warnings {
			opts.Notef("%s: %s", placeIn(opts.File, w.Line, w.Page), w.Message)
		}
	}
	if missing := missingMeasures(&doc, opts.Catalog); missing != "" {
		noun := "maatregel"
		if strings.ContainsAny(missing, ",–") {
			noun = "maatregelen"
		}
		warn(0, 0, "%s %s niet gevonden in de tabel; is de kop van de tabel of het begin van een rij verminkt?", noun, missing)
	}
	if e := doc.end; e != nil {
		last := doc.rows[len(doc.rows)-1].nrs
		warn(e.line, e.page, "de tabel van de maatregelen eindigt hier (%q): de %d regels vanaf daar horen niet bij maatregel %d en zijn niet gelezen",
			e.text, e.lines, last[len(last)-1])
	}
	x := &extractor{opts: opts, ref: opts.ReportDate}
	if x.ref.IsZero() {
		if latest, line, page, ok := x.inferReportDate(&doc); ok {
			x.ref = latest.MonthEnd()
			if opts.Notef != nil {
				opts.Notef("%s: rapportagedatum %s afgeleid uit de laatste datum in de tekst, %s (%s): einde van die maand; geef --report-date om hem vast te leggen",
					opts.File, x.ref, peil.FormatDate(latest), where(line, page))
			}
		} else if opts.Notef != nil {
			opts.Notef("%s: geen rapportagedatum gevonden in de tekst; geef --report-date", opts.File)
		}
		if !x.ref.IsZero() && opts.PeriodStart.After(x.ref.Time) {
			return nil, nil, &peil.Error{Code: peil.EINVALID, File: opts.File,
				Message: fmt.Sprintf("begin van de periode %s ligt na de rapportagedatum %s (afgeleid uit de tekst)", opts.PeriodStart, x.ref)}
		}
	}
	ext := &peil.Extraction{
		Report: peil.Report{File: opts.File, SHA256: src.sha, TextSHA256: src.id, ReportDate: x.ref, PeriodStart: opts.PeriodStart},
	}
	m := newMatcher(opts.Catalog)
	var near []string
	for ri := range doc.rows {
		r := &doc.rows[ri]
		for k, nr := range r.nrs {
			meas := peil.Measure{Nr: nr, Title: r.titles[k], Status: r.status.s, Line: r.line, Page: peil.Page(r.page)}
			if opts.Catalog != nil {
				if cm, ok := opts.Catalog.Measure(nr); ok {
					meas.Cluster = cm.Cluster
				}
			}
			ext.Measures = append(ext.Measures, meas)
		}
		rowStart := len(x.figures)
		tableNumbers, tableAt := 0, -1 // numbers in "sentences" that are tables, and where the first starts
		cutAt := -1                    // where the first piece of a cut sentence with figures starts
		for _, sent := range r.sents {
			if opts.Context != nil && opts.Context.Err() != nil {
				return nil, nil, opts.Context.Err()
			}
			before := len(x.figures)
			if !worthReading(r.status.s[sent.start:sent.end]) {
				continue
			}
			x.toks = tokenize(r.status.s[sent.start:sent.end], sent.start, x.toks)
			if n := numberTable(x.toks); n > 0 {
				if tableAt < 0 {
					tableAt = x.toks[0].off
				}
				tableNumbers += n
				near = x.nearTexts(near, before)
				continue
			}
			x.sentenceFigures(r, sent, x.toks, rowStart)
			if cutAt < 0 && len(x.figures) > before && (sent.cutBefore || sent.cutAfter) {
				cutAt = sent.start
			}
			near = x.nearTexts(near, before)
			x.sentenceEvent(r, sent, x.toks)
		}
		if tableAt >= 0 {
			line, page := r.status.at(tableAt)
			warn(line, peil.Page(page), "%s getallen zonder zinsbouw in maatregel %d (een tabel of bijlage?): daar komen geen cijfers uit",
				peil.FormatNumber(float64(tableNumbers)), r.nrs[0])
		}
		if cutAt >= 0 {
			line, page := r.status.at(cutAt)
			warn(line, peil.Page(page), "zin van meer dan %s tekens zonder punt in maatregel %d: in stukken gelezen; controleer de perioden van de cijfers daarin",
				peil.FormatNumber(maxSentence), r.nrs[0])
		}
		if opts.Catalog == nil {
			continue
		}
		refs := references(r.status.s)
		for k := rowStart; k < len(x.figures); k++ {
			f := &x.figures[k]
			if ind := m.match(f, near[k], r.nrs, refs); ind != nil {
				f.Indicator = ind.ID
				for _, nr := range r.nrs {
					if nr == ind.Measure {
						f.Measure = nr
					}
				}
			}
		}
	}
	if opts.Catalog != nil {
		markDuplicates(x.figures)
	} else {
		for i := range x.figures {
			x.figures[i].Status, x.figures[i].Reason, x.figures[i].Alternatives = peil.ReviewOpen, "geen catalogus", []peil.Alternative{}
		}
	}
	if found, total, few := FewMeasures(ext, opts.Catalog); few {
		hint := "is dit tekst uit een PDF-bestand? Geef Peil dan het PDF-bestand zelf"
		if doc.pdf {
			hint = "is de tabel van deze rapportage anders opgemaakt dan Nr | Omschrijving | Recente ontwikkelingen en stand van zaken?"
		}
		warn(0, 0, "waarschuwing: maar %d van de %d maatregelen gevonden; %s", found, total, hint)
	}
	ext.Warnings = warns
	if ext.Warnings == nil {
		ext.Warnings = []peil.Warning{}
	}
	ext.Figures = x.figures
	ext.Events = x.events
	if ext.Figures == nil {
		ext.Figures = []peil.Figure{}
	}
	if ext.Events == nil {
		ext.Events = []peil.Event{}
	}
	return ext, x.thisPeriod, nil
}

// frontEnd reads src into rows: a PDF through package pdf, a text by its
// lines.
func frontEnd(src source, opts Options) (document, error) {
	checkPeriod := func() error {
		if !opts.PeriodStart.IsZero() && !opts.ReportDate.IsZero() && opts.PeriodStart.After(opts.ReportDate.Time) {
			return &peil.Error{Code: peil.EINVALID, File: opts.File,
				Message: fmt.Sprintf("begin van de periode %s ligt na de rapportagedatum %s", opts.PeriodStart, opts.ReportDate)}
		}
		return nil
	}
	if src.pdf {
		d, err := pdf.Read(opts.Context, src.raw, opts.File)
		if err != nil {
			return document{}, err
		}
		if err := checkPeriod(); err != nil {
			return document{}, err
		}
		return fromPDF(d, opts.Catalog), nil
	}
	if err := checkPeriod(); err != nil {
		return document{}, err
	}
	lines := splitLines(src.text)
	line, cells := pdftotextCells(lines)
	doc := segment(lines, opts.Catalog)
	if cells && fewRows(&doc, opts.Catalog) {
		return document{}, &peil.Error{Code: peil.EINVALID, File: opts.File, Line: line,
			Message: "deze tekst lijkt met pdftotext (zonder -layout) uit een PDF-bestand gehaald: elke cel van de tabel staat los, " +
				"de nummers van de maatregelen alleen op een regel, zodat de rijen niet meer te herkennen zijn; geef Peil het PDF-bestand zelf"}
	}
	return doc, nil
}

// placeIn names a place in file for a note: "file:12", for a PDF "file:
// pagina 4, regel 12", or "file" when line is 0.
func placeIn(file string, line int, page peil.Page) string {
	switch {
	case line == 0:
		return file
	case page > 0:
		return file + ": " + where(line, page)
	}
	return fmt.Sprintf("%s:%d", file, line)
}

// where names a place in a report: "regel 12", or for a PDF "pagina 4,
// regel 12".
func where(line int, page peil.Page) string {
	if page > 0 {
		return fmt.Sprintf("pagina %d, regel %d", page, line)
	}
	return fmt.Sprintf("regel %d", line)
}

// FewMeasures reports an extraction with rows for fewer than half of the
// catalog's measures: almost always a conversion problem (text from a PDF
// that lost the table's rows), not a short report. found counts the
// catalog's measures that have a row; total is the catalog's.
func FewMeasures(ext *peil.Extraction, cat *peil.Catalog) (found, total int, few bool) {
	if cat == nil || len(cat.Measures) == 0 {
		return 0, 0, false
	}
	seen := map[int]bool{}
	for _, m := range ext.Measures {
		if inCatalog(cat, m.Nr) {
			seen[m.Nr] = true
		}
	}
	return len(seen), len(cat.Measures), tooFew(len(seen), len(cat.Measures))
}

// fewRows reports a document with rows for fewer than half of the
// catalog's measures (without a catalog: fewer than five rows).
func fewRows(doc *document, cat *peil.Catalog) bool {
	n := 0
	for _, r := range doc.rows {
		n += len(r.nrs)
	}
	if cat == nil {
		return n < 5
	}
	return tooFew(n, len(cat.Measures))
}

// tooFew is the rule of fewRows and FewMeasures: rows for fewer than half
// of the catalog's measures.
func tooFew(found, total int) bool { return found*2 < total }

// missingMeasures lists the measures before the table's last row that have
// no row of their own ("1–13, 20"), counting only the catalog's measures
// when there is a catalog; "" when none is missing.
func missingMeasures(doc *document, cat *peil.Catalog) string {
	found := map[int]bool{}
	last := 0
	for _, r := range doc.rows {
		for _, nr := range r.nrs {
			found[nr] = true
			last = max(last, nr)
		}
	}
	var parts []string
	for nr := 1; nr <= last; nr++ {
		if found[nr] || !inCatalog(cat, nr) {
			continue
		}
		end := nr
		for end+1 <= last && !found[end+1] && inCatalog(cat, end+1) {
			end++
		}
		if end > nr {
			parts = append(parts, fmt.Sprintf("%d–%d", nr, end))
		} else {
			parts = append(parts, strconv.Itoa(nr))
		}
		nr = end
	}
	return strings.Join(parts, ", ")
}

// nearTexts appends, for each figure found since index from, the lower-case
// text between the figures before and after it in the sentence.
func (x *extractor) nearTexts(near []string, from int) []string {
	for k := range x.cands {
		if from+k >= len(x.figures) {
			break
		}
		c := &x.cands[k]
		lo, hi := 0, len(x.toks)
		if k > 0 {
			lo = max(x.cands[k-1].last, x.cands[k-1].unit) + 1
		}
		if k+1 < len(x.cands) {
			hi = x.cands[k+1].first
		}
		// Keep to the figure's clause: stop at a comma, semicolon or colon.
		for j := c.first - 1; j >= lo; j-- {
			if x.toks[j].stop && !x.toks[j].close {
				lo = j + 1
				break
			}
		}
		for j := max(c.last, c.unit) + 1; j < hi; j++ {
			if x.toks[j].stop && !x.toks[j].close {
				hi = j + 1
				break
			}
		}
		var b strings.Builder
		for j := lo; j < hi; j++ {
			b.WriteString(x.toks[j].lower)
			b.WriteByte(' ')
		}
		near = append(near, b.String())
	}
	for len(near) < len(x.figures) {
		near = append(near, "")
	}
	return near
}

// references returns the measures a row's text refers to ("maatregel 7",
// "zie ook maatregel 27&28"), each once, in the order of their first
// mention. Each is listed once so that matching a figure costs the same
// however long the row is.
func references(s string) []int {
	var out []int
	var seen [100]bool
	ls := s
	for {
		i := strings.Index(ls, "aatregel ")
		if i < 0 {
			return out
		}
		ls = ls[i+len("aatregel "):]
		for {
			j := 0
			for j < len(ls) && j < 2 && ls[j] >= '0' && ls[j] <= '9' {
				j++
			}
			if j == 0 {
				break
			}
			if n, _ := strconv.Atoi(ls[:j]); !seen[n] {
				seen[n] = true
				out = append(out, n)
			}
			ls = ls[j:]
			switch {
			case strings.HasPrefix(ls, "&"):
				ls = ls[1:]
			case strings.HasPrefix(ls, " en "):
				ls = ls[4:]
			default:
				goto next
			}
		}
	next:
	}
}

// signalWords are the number words, group words and event verbs.
var signalWords = func() map[string]bool {
	m := map[string]bool{}
	for w := range numberWords {
		m[w] = true
	}
	for w := range groupWords {
		m[w] = true
	}
	for w := range eventWords {
		m[w] = true
	}
	for w := range vagueWords {
		m[w] = true
	}
	for w := range fractionWords {
		m[w] = true
	}
	m["handvol"], m["anderhalf"], m["anderhalve"] = true, true, true
	for w := range multipliers {
		m[w] = true // een miljoen
	}
	return m
}()

// signalPairs holds the first two letters of the signal words (and of the
// compounds "vijfentwintig", "eenendertig"): a cheap test before a map lookup.
var signalPairs = func() (t [256][128]bool) {
	for w := range signalWords {
		t[w[0]][w[1]] = true
	}
	for w := range unitWords {
		if w[0] < 0x80 && w[1] < 0x80 {
			t[w[0]][w[1]] = true
		}
	}
	return t
}()

// worthReading reports cheaply whether a sentence may hold a figure or an
// event: a digit, €, a number word, a group word or an event verb.
func worthReading(s string) bool {
	start := 0
	for i := 0; i <= len(s); i++ {
		if i < len(s) {
			c := s[i]
			if c >= '0' && c <= '9' {
				return true
			}
			if c != ' ' {
				continue
			}
		}
		w := trimPunct(s[start:i])
		start = i + 1
		if len(w) < 3 || len(w) > 72 || w[1] >= 0x80 || !signalPairs[w[0]|0x20][w[1]] {
			if strings.HasPrefix(w, "€") {
				return true
			}
			continue
		}
		if c := w[0]; 'A' <= c && c <= 'Z' {
			w = lower(w)
		}
		if signalWords[w] || strings.HasPrefix(w, "€") {
			return true
		}
		if _, ok := wordNumber(w); ok {
			return true
		}
	}
	return false
}

// hasDayDate reports cheaply whether s may hold a date such as "15 maart
// 2017": one or two digits, a space, a lower-case letter, later four digits.
func hasDayDate(s string) bool {
	for i := 0; i+2 < len(s); i++ {
		if s[i] < '0' || s[i] > '9' || (i > 0 && s[i-1] != ' ' && s[i-1] != '(') {
			continue
		}
		j := i + 1
		if s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if j+1 < len(s) && s[j] == ' ' && s[j+1] >= 'a' && s[j+1] <= 'z' {
			return true
		}
	}
	return false
}

// inferReportDate returns the latest day-precise date in a sentence that does
// not speak of the future, with its line.
func (x *extractor) inferReportDate(doc *document) (peil.Date, int, peil.Page, bool) {
	var best peil.Date
	line, page := 0, peil.Page(0)
	scan := func(t *text, sents []sentence) {
		for _, sent := range sents {
			s := t.s[sent.start:sent.end]
			if !hasDayDate(s) {
				continue
			}
			toks := tokenize(s, sent.start, x.toks)
			x.toks = toks
			future := false
			for _, tk := range toks {
				if futureWords[tk.lower] {
					future = true
					break
				}
			}
			if future {
				continue
			}
			for i := range toks {
				if _, ok := day(toks[i].lower); !ok || i+2 >= len(toks) {
					continue
				}
				if _, ok := year(toks[i+2].lower); !ok {
					continue
				}
				sp, ok := spanAt(toks, i, peil.Date{})
				if ok && sp.prec == peil.PrecisionDay && sp.start.After(best.Time) {
					best = sp.start
					line, page = t.at(toks[i].off)
				}
			}
		}
	}
	scan(&doc.intro, sentences(doc.intro.s))
	for i := range doc.rows {
		scan(&doc.rows[i].status, doc.rows[i].sents)
	}
	if best.IsZero() {
		return peil.Date{}, 0, 0, false
	}
	return best, line, page, true
}

// source is a report file as read: its bytes, their hex sha256 and, for a
// text, the text decoded. id identifies the report
// (peil.Report.TextSHA256): TextHash of a text, so that the same text saved
// again with a BOM or other line ends is the same report, and the sha256 of
// the bytes of a PDF.
type source struct {
	raw  []byte
	sha  string
	pdf  bool
	text string // "" for a PDF
	id   string
}

// readSource reads raw as the report file named file: a PDF (recognised by
// its content) as it is, anything else decoded as text (see decode), with
// notes on the encoding through note (may be nil). A text that cannot be
// decoded gives decode's *peil.Error.
func readSource(raw []byte, file string, note func(string, ...any)) (source, error) {
	sum := sha256.Sum256(raw)
	src := source{raw: raw, sha: hex.EncodeToString(sum[:]), pdf: pdf.IsPDF(raw)}
	if src.pdf {
		src.id = src.sha
		return src, nil
	}
	text, err := decode(raw, file, note)
	if err != nil {
		return source{}, err
	}
	src.text, src.id = text, TextHash(text)
	return src, nil
}

// TextHash identifies a report text whatever its encoding and line ends: the
// hex sha256 of the text without a byte order mark, with LF line ends, no
// white space at the end of a line and no empty lines at the end. A file saved
// again with a BOM, CRLF or trailing spaces has the same hash.
func TextHash(s string) string {
	s = strings.TrimPrefix(s, "\ufeff")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRightFunc(l, unicode.IsSpace)
	}
	for len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	sum := sha256.Sum256([]byte(strings.Join(lines, "\n")))
	return hex.EncodeToString(sum[:])
}
