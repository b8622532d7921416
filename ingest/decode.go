package ingest

import (
	"bytes"
	"fmt"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/peil-dev/peil"
)

// MaxReportBytes is the largest report text Extract takes. A progress report is
// some 40 to 300 KB of text; anything near this size is something else.
const MaxReportBytes = 16 << 20

// decode turns raw report bytes into UTF-8 text. It strips a UTF-8 byte order
// mark, transcodes UTF-16 with a byte order mark (saying so through note), and
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
	switch {
	case bytes.HasPrefix(raw, []byte{0xEF, 0xBB, 0xBF}):
		raw = raw[3:]
	case bytes.HasPrefix(raw, []byte{0xFF, 0xFE}), bytes.HasPrefix(raw, []byte{0xFE, 0xFF}):
		big := raw[0] == 0xFE
		name := "UTF-16LE"
		if big {
			name = "UTF-16BE"
		}
		body := raw[2:]
		if len(body)%2 != 0 {
			return "", invalid(0, "onvolledige %s-tekst: oneven aantal bytes", name)
		}
		units := make([]uint16, len(body)/2)
		for i := range units {
			if big {
				units[i] = uint16(body[2*i])<<8 | uint16(body[2*i+1])
			} else {
				units[i] = uint16(body[2*i+1])<<8 | uint16(body[2*i])
			}
		}
		runes := utf16.Decode(units)
		line := 1
		for _, r := range runes {
			if r == utf8.RuneError {
				return "", invalid(line, "ongeldige %s-tekst (los surrogaatteken)", name)
			}
			if r == '\n' {
				line++
			}
		}
		if note != nil {
			note("%s: tekst in %s omgezet naar UTF-8", file, name)
		}
		raw = []byte(string(runes))
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		return "", invalid(1, "leeg bestand: geen tekst om te lezen")
	}
	if bytes.HasPrefix(raw, []byte("%PDF")) {
		return "", invalid(1, "dit is een PDF-bestand, geen tekst; zet het eerst om naar tekst (bijvoorbeeld met pdftotext)")
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
