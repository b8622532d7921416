package ingest

import (
	"bytes"
	"fmt"
	"unicode/utf8"

	"github.com/peil-dev/peil"
	"github.com/peil-dev/peil/ingest/pdf"
)

// MaxReportBytes is the largest report text Extract takes. A progress report is
// some 40 to 300 KB of text; anything near this size is something else.
const MaxReportBytes = 4 << 20

// MaxFileBytes is the largest report file Extract takes: a PDF may be this
// big (pictures), a text no bigger than MaxReportBytes.
const MaxFileBytes = pdf.MaxBytes

// decode turns raw report bytes into UTF-8 text. It strips a UTF-8 byte order
// mark, transcodes UTF-16 with a byte order mark, or without one when nearly
// every other byte is NUL, and Windows-1252 (saying so through note), and
// rejects empty, binary and invalid UTF-8 input with a *peil.Error that names
// the line.
func decode(raw []byte, file string, note func(string, ...any)) (string, error) {
	invalid := func(line int, format string, args ...any) error {
		return &peil.Error{Code: peil.EINVALID, File: file, Line: line, Message: fmt.Sprintf(format, args...)}
	}
	if len(raw) > MaxReportBytes {
		return "", invalid(0, "groter dan %d MB: te groot voor de tekst van een rapportage (die is hooguit enkele honderden kB)",
			MaxReportBytes>>20)
	}
	raw = bytes.TrimPrefix(raw, []byte{0xEF, 0xBB, 0xBF})
	bom := bytes.HasPrefix(raw, []byte{0xFF, 0xFE}) || bytes.HasPrefix(raw, []byte{0xFE, 0xFF})
	raw, from, err := peil.ToUTF8(raw, file)
	if err != nil {
		return "", err
	}
	switch {
	case note == nil || from == "":
	case from != peil.Windows1252 && bom:
		note("%s: tekst in %s omgezet naar UTF-8", file, from)
	case from != peil.Windows1252:
		note("%s: tekst in %s zonder byte-order mark herkend en omgezet naar UTF-8", file, from)
	default:
		note("%s: tekst in %s herkend en omgezet naar UTF-8", file, from)
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		return "", invalid(1, "leeg bestand: geen tekst om te lezen")
	}
	line := 1
	for i := 0; i < len(raw); {
		c := raw[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '\n':
				line++
			case c == 0:
				return "", invalid(line, "binair bestand: NUL-byte op positie %d; verwacht platte tekst", i)
			case c < 0x20 && c != '\t' && c != '\r' && c != '\f' && c != '\v':
				return "", invalid(line, "binair bestand: stuurteken 0x%02x op positie %d; verwacht platte tekst", c, i)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(raw[i:])
		if r == utf8.RuneError && size == 1 {
			return "", invalid(line, "ongeldige UTF-8 (byte 0x%02x op positie %d); sla het bestand op als UTF-8", c, i)
		}
		i += size
	}
	return string(raw), nil
}
