package peil

import (
	"bytes"
	"fmt"
	"unicode/utf8"
)

// windows1252High holds the characters of Windows-1252 bytes 0x80 to 0x9F,
// where it differs from Latin-1; 0 marks the five bytes it leaves undefined.
// From 0xA0 on, a byte is the code point of the same number.
var windows1252High = [32]rune{
	'€', 0, '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', 0, 'Ž', 0,
	0, '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', 0, 'ž', 'Ÿ',
}

// Windows1252 is the name ToUTF8 gives the encoding it converted from.
const Windows1252 = "Windows-1252"

// ToUTF8 returns text as UTF-8. Valid UTF-8 comes back as it is, with from
// "". Other text is read as Windows-1252 (what Dutch Excel and many office
// tools save; it includes Latin-1's letters), with from Windows1252, unless
// it cannot be: a byte Windows-1252 leaves undefined, or text that mixes
// UTF-8 sequences with bytes that are not (a file damaged or pasted
// together). Those give an EINVALID *Error naming file and line.
func ToUTF8(text []byte, file string) (out []byte, from string, err error) {
	if utf8.Valid(text) {
		return text, "", nil
	}
	invalid := func(i int, format string, args ...any) error {
		line := 1 + bytes.Count(text[:i], []byte{'\n'})
		return &Error{Code: EINVALID, File: file, Line: line, Message: fmt.Sprintf(format, args...)}
	}
	firstBad, multibyte := -1, -1
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRune(text[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			if firstBad < 0 {
				firstBad = i
			}
		case size > 1 && multibyte < 0:
			multibyte = i
		}
		i += size
	}
	if multibyte >= 0 {
		return nil, "", invalid(firstBad, "ongeldige UTF-8 (byte 0x%02x op positie %d) in tekst die elders UTF-8 is; "+
			"sla het bestand op als UTF-8", text[firstBad], firstBad)
	}
	var b bytes.Buffer
	b.Grow(len(text) + len(text)/8)
	for i, c := range text {
		switch {
		case c < 0x80:
			b.WriteByte(c)
		case c >= 0xA0:
			b.WriteRune(rune(c))
		case windows1252High[c-0x80] != 0:
			b.WriteRune(windows1252High[c-0x80])
		default:
			return nil, "", invalid(i, "byte 0x%02x op positie %d is geen UTF-8 en geen Windows-1252; sla het bestand op als UTF-8", c, i)
		}
	}
	return b.Bytes(), Windows1252, nil
}
