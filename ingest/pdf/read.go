package pdf

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/enums"
	pdfiumerrors "github.com/klippa-app/go-pdfium/errors"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"

	"github.com/peil-dev/peil"
)

// Limits of what Read takes. A progress report is 10 to 40 pages and a few
// MB; these leave room for reports with pictures and stop what would tie up
// memory or time.
const (
	MaxBytes     = 64 << 20  // largest PDF file
	MaxPages     = 500       // most pages
	MaxPageChars = 40000     // most characters on one page
	MaxChars     = 1_000_000 // most characters in the whole file
	maxObjects   = 20000     // most drawing objects looked at on one page
)

// MaxReadTime is the longest PDFium may take over one PDF, counted from when
// the document gets its turn (documents go through PDFium one at a time),
// checked between pages: a PDF that takes longer is refused, so that one
// file cannot hold up a batch; the sample report takes a small fraction of
// it (BENCHMARKS.md, "extract from PDF"). (A variable for the tests.)
var MaxReadTime = 60 * time.Second

// IsPDF reports whether raw is a PDF file by its content: "%PDF-" in its
// first kilobyte (the header may follow a few bytes of junk).
func IsPDF(raw []byte) bool {
	return bytes.Contains(raw[:min(len(raw), 1024)], []byte("%PDF-"))
}

// char is one character with its boxes in points, y growing downwards from
// the page's top.
type char struct {
	r                  rune
	x0, y0, x1, y1     float64 // tight box: the glyph's ink
	lx0, ly0, lx1, ly1 float64 // loose box: the advance and the font's height
	size               float64 // font size in points
}

// rule is a thin drawn line or a rectangle's edge, y downwards.
type rule struct {
	x0, y0, x1, y1 float64
}

func (r rule) horizontal() bool { return r.x1-r.x0 > r.y1-r.y0 }

// page is what PDFium gives of one page: its characters and its rules.
type page struct {
	n      int // 1-based
	w, h   float64
	chars  []char
	rules  []rule
	images int
}

// invalid returns the Dutch error for a bad PDF.
func invalid(file string, page int, format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	if page > 0 {
		msg = fmt.Sprintf("pagina %d: %s", page, msg)
	}
	return &peil.Error{Code: peil.EINVALID, File: file, Message: msg}
}

// readPages loads the document and returns every page's characters and
// rules. Errors are *peil.Error (bad input) or wrapped errors of PDFium.
func readPages(ctx context.Context, raw []byte, file string) ([]page, error) {
	if len(raw) > MaxBytes {
		return nil, invalid(file, 0, "PDF-bestand groter dan %d MB: te groot voor een rapportage", MaxBytes>>20)
	}
	if !bytes.Contains(raw[max(0, len(raw)-2048):], []byte("%%EOF")) {
		return nil, invalid(file, 0, "dit PDF-bestand is onvolledig: het einde (%%%%EOF) ontbreekt; is het helemaal gedownload of gekopieerd?")
	}
	e, err := getEngine()
	if err != nil {
		return nil, err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	inst, err := e.instance()
	if err != nil {
		return nil, err
	}
	at := 0 // the page being read
	rctx, cancel := context.WithTimeout(ctx, MaxReadTime)
	defer cancel()
	pages, err := readWith(rctx, inst, raw, file, &at)
	if err != nil {
		var pe *peil.Error
		switch {
		case ctx.Err() == nil && errors.Is(err, context.DeadlineExceeded):
			return nil, invalid(file, at, "het lezen van dit PDF-bestand duurde langer dan %s; Peil stopt dan (een rapportage kost minder dan een seconde)",
				peil.FormatNumber(MaxReadTime.Seconds())+" s")
		case strings.Contains(err.Error(), "wasm error"):
			// PDFium stopped inside (out of memory, a crash): its memory
			// may be in any state, so the next document gets a new instance.
			e.discard()
			return nil, invalid(file, at, "PDFium liep vast op dit PDF-bestand (het vraagt meer dan %d MB geheugen of is beschadigd)", wasmMemoryPages>>4)
		case errors.Is(err, ctx.Err()) && ctx.Err() != nil:
		case !errors.As(err, &pe):
			e.discard()
		}
		return nil, err
	}
	return pages, nil
}

func readWith(ctx context.Context, inst pdfium.Pdfium, raw []byte, file string, at *int) (pages []page, err error) {
	defer func() {
		if p := recover(); p != nil {
			pages, err = nil, &peil.Error{Code: peil.EINVALID, File: file,
				Message: "PDF-bestand kon niet worden gelezen (PDFium liep vast)", Err: fmt.Errorf("%v", p)}
		}
	}()
	data := raw
	doc, err := inst.OpenDocument(&requests.OpenDocument{File: &data})
	if err != nil {
		switch {
		case errors.Is(err, pdfiumerrors.ErrPassword):
			return nil, invalid(file, 0, "dit PDF-bestand is beveiligd met een wachtwoord; Peil leest alleen onbeveiligde PDF's (sla het op zonder beveiliging)")
		case errors.Is(err, pdfiumerrors.ErrSecurity):
			return nil, invalid(file, 0, "dit PDF-bestand is versleuteld op een manier die Peil niet kan lezen; sla het op zonder beveiliging")
		case errors.Is(err, pdfiumerrors.ErrFormat), errors.Is(err, pdfiumerrors.ErrFile):
			return nil, invalid(file, 0, "dit PDF-bestand is beschadigd of onvolledig en kan niet worden gelezen")
		}
		if strings.Contains(err.Error(), "memory") {
			return nil, &peil.Error{Code: peil.EINVALID, File: file, Message: "PDF-bestand vraagt te veel geheugen om te lezen", Err: err}
		}
		return nil, &peil.Error{Code: peil.EINVALID, File: file, Message: "dit PDF-bestand kan niet worden gelezen", Err: err}
	}
	defer inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: doc.Document})
	cnt, err := inst.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: doc.Document})
	if err != nil {
		return nil, fmt.Errorf("count pages: %w", err)
	}
	if cnt.PageCount == 0 {
		return nil, invalid(file, 0, "dit PDF-bestand heeft geen pagina's")
	}
	if cnt.PageCount > MaxPages {
		return nil, invalid(file, 0, "dit PDF-bestand heeft %d pagina's; Peil leest er hooguit %d (een rapportage heeft er enkele tientallen)", cnt.PageCount, MaxPages)
	}
	pages = make([]page, 0, cnt.PageCount)
	total := 0
	for i := 0; i < cnt.PageCount; i++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		*at = i + 1
		p, err := readPage(inst, doc.Document, i, file)
		if err != nil {
			return nil, err
		}
		if total += len(p.chars); total > MaxChars {
			return nil, invalid(file, p.n, "meer dan %d tekens in het hele bestand; Peil leest er hooguit zoveel (een rapportage heeft er enkele honderdduizenden)", MaxChars)
		}
		pages = append(pages, p)
	}
	return pages, nil
}

// readPage reads the characters and rules of page i (0-based). Errors other
// than a *peil.Error (bad input) say which page.
func readPage(inst pdfium.Pdfium, doc references.FPDF_DOCUMENT, i int, file string) (p page, err error) {
	defer peil.WrapInternal(&err, "page %d", i+1)
	p = page{n: i + 1}
	lp, err := inst.FPDF_LoadPage(&requests.FPDF_LoadPage{Document: doc, Index: i})
	if err != nil {
		return p, &peil.Error{Code: peil.EINVALID, File: file, Message: fmt.Sprintf("pagina %d kan niet worden gelezen", p.n), Err: err}
	}
	defer inst.FPDF_ClosePage(&requests.FPDF_ClosePage{Page: lp.Page})
	ref := requests.Page{ByReference: &lp.Page}
	w, err := inst.FPDF_GetPageWidthF(&requests.FPDF_GetPageWidthF{Page: ref})
	if err != nil {
		return p, fmt.Errorf("width: %w", err)
	}
	h, err := inst.FPDF_GetPageHeightF(&requests.FPDF_GetPageHeightF{Page: ref})
	if err != nil {
		return p, fmt.Errorf("height: %w", err)
	}
	p.w, p.h = float64(w.PageWidth), float64(h.PageHeight)

	tp, err := inst.FPDFText_LoadPage(&requests.FPDFText_LoadPage{Page: ref})
	if err != nil {
		return p, &peil.Error{Code: peil.EINVALID, File: file, Message: fmt.Sprintf("de tekst van pagina %d kan niet worden gelezen", p.n), Err: err}
	}
	defer inst.FPDFText_ClosePage(&requests.FPDFText_ClosePage{TextPage: tp.TextPage})
	cc, err := inst.FPDFText_CountChars(&requests.FPDFText_CountChars{TextPage: tp.TextPage})
	if err != nil {
		return p, fmt.Errorf("count characters: %w", err)
	}
	if cc.Count > MaxPageChars {
		return p, invalid(file, p.n, "%d tekens op één pagina; Peil leest er hooguit %d", cc.Count, MaxPageChars)
	}
	p.chars = make([]char, 0, cc.Count)
	var runes []rune
	if cc.Count > 0 {
		txt, err := inst.FPDFText_GetText(&requests.FPDFText_GetText{TextPage: tp.TextPage, StartIndex: 0, Count: cc.Count})
		if err != nil {
			return p, fmt.Errorf("text: %w", err)
		}
		runes = []rune(txt.Text)
	}
	for k := 0; k < cc.Count; k++ {
		var r rune
		if len(runes) == cc.Count {
			r = runes[k]
			if r == 0xFFFE {
				r = 2 // FPDFText_GetText's mark of a hyphen at a line end; FPDFText_GetUnicode says U+0002
			}
		} else {
			// The text has characters outside the BMP: ask one by one.
			u, err := inst.FPDFText_GetUnicode(&requests.FPDFText_GetUnicode{TextPage: tp.TextPage, Index: k})
			if err != nil {
				return p, fmt.Errorf("character %d: %w", k, err)
			}
			r = rune(u.Unicode)
		}
		if r == 0 || r == ' ' || r == '\r' || r == '\n' || r == '\t' || r == 0xA0 || r == 0xFFFF {
			continue // spaces and line ends come from the positions
		}
		lb, err := inst.FPDFText_GetLooseCharBox(&requests.FPDFText_GetLooseCharBox{TextPage: tp.TextPage, Index: k})
		if err != nil {
			continue // a character without a box: generated by PDFium, not drawn
		}
		fs, err := inst.FPDFText_GetFontSize(&requests.FPDFText_GetFontSize{TextPage: tp.TextPage, Index: k})
		if err != nil {
			return p, fmt.Errorf("character %d font size: %w", k, err)
		}
		c := char{
			r:   r,
			lx0: float64(lb.Rect.Left), lx1: float64(lb.Rect.Right),
			ly0: p.h - float64(lb.Rect.Top), ly1: p.h - float64(lb.Rect.Bottom),
			size: fs.FontSize,
		}
		if c.ly0 > c.ly1 {
			c.ly0, c.ly1 = c.ly1, c.ly0
		}
		if c.lx0 > c.lx1 {
			c.lx0, c.lx1 = c.lx1, c.lx0
		}
		if c.size <= 0 {
			c.size = c.ly1 - c.ly0
		}
		p.chars = append(p.chars, c)
	}

	oc, err := inst.FPDFPage_CountObjects(&requests.FPDFPage_CountObjects{Page: ref})
	if err != nil {
		return p, fmt.Errorf("count objects: %w", err)
	}
	for k := 0; k < oc.Count && k < maxObjects; k++ {
		o, err := inst.FPDFPage_GetObject(&requests.FPDFPage_GetObject{Page: ref, Index: k})
		if err != nil {
			return p, fmt.Errorf("object %d: %w", k, err)
		}
		t, err := inst.FPDFPageObj_GetType(&requests.FPDFPageObj_GetType{PageObject: o.PageObject})
		if err != nil {
			return p, fmt.Errorf("object %d type: %w", k, err)
		}
		switch t.Type {
		case enums.FPDF_PAGEOBJ_IMAGE:
			p.images++
			continue
		case enums.FPDF_PAGEOBJ_PATH:
		default:
			continue
		}
		bd, err := inst.FPDFPageObj_GetBounds(&requests.FPDFPageObj_GetBounds{PageObject: o.PageObject})
		if err != nil {
			return p, fmt.Errorf("object %d bounds: %w", k, err)
		}
		b := rule{x0: float64(bd.Left), x1: float64(bd.Right), y0: p.h - float64(bd.Top), y1: p.h - float64(bd.Bottom)}
		p.rules = append(p.rules, pathRules(b)...)
	}
	return p, nil
}

// thin is the widest a drawn line is (points); a path wider and taller than
// this is a box whose edges are rules.
const thin = 2.5

// pathRules turns a path's bounds into rules: a thin path is one rule; a
// box gives its four edges.
func pathRules(b rule) []rule {
	w, h := b.x1-b.x0, b.y1-b.y0
	switch {
	case w < 0 || h < 0:
		return nil
	case h <= thin && w > thin || w <= thin && h > thin:
		return []rule{b}
	case w <= thin && h <= thin:
		return nil // a dot
	}
	return []rule{
		{b.x0, b.y0, b.x1, b.y0}, {b.x0, b.y1, b.x1, b.y1},
		{b.x0, b.y0, b.x0, b.y1}, {b.x1, b.y0, b.x1, b.y1},
	}
}
