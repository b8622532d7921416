package ingest

import (
	"bytes"
	"fmt"
	"unicode/utf16"
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
	bom := true
	big, utf16Text := false, false
	switch {
	case bytes.HasPrefix(raw, []byte{0xEF, 0xBB, 0xBF}):
		raw = raw[3:]
	case bytes.HasPrefix(raw, []byte{0xFF, 0xFE}), bytes.HasPrefix(raw, []byte{0xFE, 0xFF}):
		big, utf16Text = raw[0] == 0xFE, true
		raw = raw[2:]
	default:
		big, utf16Text = looksUTF16(raw)
		bom = false
	}
	if utf16Text {
		name := "UTF-16LE"
		if big {
			name = "UTF-16BE"
		}
		if len(raw)%2 != 0 {
			return "", invalid(0, "onvolledige %s-tekst: oneven aantal bytes", name)
		}
		units := make([]uint16, len(raw)/2)
		for i := range units {
			if big {
				units[i] = uint16(raw[2*i])<<8 | uint16(raw[2*i+1])
			} else {
				units[i] = uint16(raw[2*i+1])<<8 | uint16(raw[2*i])
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
			if bom {
				note("%s: tekst in %s omgezet naar UTF-8", file, name)
			} else {
				note("%s: tekst in %s zonder byte-order mark herkend en omgezet naar UTF-8", file, name)
			}
		}
		raw = []byte(string(runes))
	}
	raw, from, err := peil.ToUTF8(raw, file)
	if err != nil {
		return "", err
	}
	if from != "" && note != nil {
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

// looksUTF16 reports text in UTF-16 without a byte order mark: in its first
// kilobytes nearly every other byte is NUL (the high byte of ASCII letters),
// and the bytes between are not. big says the NULs come first (big endian).
func looksUTF16(raw []byte) (big, ok bool) {
	n := min(len(raw), 4096) &^ 1
	if n < 4 {
		return false, false
	}
	var zero [2]int // NULs at even and at odd offsets
	for i := 0; i < n; i++ {
		if raw[i] == 0 {
			zero[i&1]++
		}
	}
	pairs := n / 2
	switch {
	case zero[1]*10 >= pairs*9 && zero[0]*20 < pairs:
		return false, true
	case zero[0]*10 >= pairs*9 && zero[1]*20 < pairs:
		return true, true
	}
	return false, false
}
