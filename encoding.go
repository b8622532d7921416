package peil

import (
	"bytes"
	"fmt"
	"unicode/utf16"
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

// ToUTF8 returns text as UTF-8. UTF-16 (with a byte order mark, or without
// one when nearly every other byte is NUL: what Excel saves as "Unicode
// text") is transcoded, with from "UTF-16LE" or "UTF-16BE". Valid UTF-8 comes
// back as it is, with from "". Other text is read as Windows-1252 (what Dutch
// Excel and many office tools save; it includes Latin-1's letters), with from
// Windows1252, unless it cannot be: a byte Windows-1252 leaves undefined, or
// text that mixes UTF-8 sequences with bytes that are not (a file damaged or
// pasted together). Those, and UTF-16 of an odd length or with a lone
// surrogate, give an EINVALID *Error naming file (and line).
func ToUTF8(text []byte, file string) (out []byte, from string, err error) {
	if big, bom, ok := isUTF16(text); ok {
		return fromUTF16(text[bom:], big, file)
	}
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

// ToUTF8Noted is ToUTF8 for a file a command reads, saying through notef
// (when not nil) that it converted the text: "FILE: tekst in FROM herkend en
// omgezet naar UTF-8".
func ToUTF8Noted(text []byte, file string, notef func(string, ...any)) ([]byte, error) {
	out, from, err := ToUTF8(text, file)
	if err != nil {
		return nil, err
	}
	if from != "" && notef != nil {
		notef("%s: tekst in %s herkend en omgezet naar UTF-8", file, from)
	}
	return out, nil
}

// isUTF16 reports text in UTF-16: with a byte order mark (bom is its length,
// 2), or without one (bom 0) when in its first kilobytes nearly every other
// byte is NUL (the high byte of ASCII letters) and the bytes between are not.
// big says big endian.
func isUTF16(text []byte) (big bool, bom int, ok bool) {
	switch {
	case bytes.HasPrefix(text, []byte{0xFF, 0xFE}):
		return false, 2, true
	case bytes.HasPrefix(text, []byte{0xFE, 0xFF}):
		return true, 2, true
	}
	n := min(len(text), 4096) &^ 1
	if n < 4 {
		return false, 0, false
	}
	var zero [2]int // NULs at even and at odd offsets
	for i := 0; i < n; i++ {
		if text[i] == 0 {
			zero[i&1]++
		}
	}
	pairs := n / 2
	switch {
	case zero[1]*10 >= pairs*9 && zero[0]*20 < pairs:
		return false, 0, true
	case zero[0]*10 >= pairs*9 && zero[1]*20 < pairs:
		return true, 0, true
	}
	return false, 0, false
}

// fromUTF16 transcodes UTF-16 (without its byte order mark) to UTF-8.
func fromUTF16(raw []byte, big bool, file string) (out []byte, from string, err error) {
	from = "UTF-16LE"
	if big {
		from = "UTF-16BE"
	}
	if len(raw)%2 != 0 {
		return nil, "", &Error{Code: EINVALID, File: file, Message: fmt.Sprintf("onvolledige %s-tekst: oneven aantal bytes", from)}
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
			return nil, "", &Error{Code: EINVALID, File: file, Line: line, Message: fmt.Sprintf("ongeldige %s-tekst (los surrogaatteken)", from)}
		}
		if r == '\n' {
			line++
		}
	}
	return []byte(string(runes)), from, nil
}
