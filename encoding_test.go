package peil

import (
	"errors"
	"testing"
)

func TestToUTF8(t *testing.T) {
	tests := []struct {
		name, in, want, from string
		line                 int // of the error, 0 for none
	}{
		{"utf-8", "financiën € 6,4", "financiën € 6,4", "", 0},
		{"ascii", "386 zaken", "386 zaken", "", 0},
		{"windows-1252", "regel\nfinanci\xebn \x80 6,4 \x93zo\x94 caf\xe9", "regel\nfinanciën € 6,4 “zo” café", Windows1252, 0},
		{"undefined byte", "een\ntwee\x81", "", "", 2},
		{"mixed", "één\nen\ntwee\xeb", "", "", 3},
		{"utf-16le with bom", "\xff\xfec\x00a\x00f\x00\xe9\x00\n\x00", "café\n", "UTF-16LE", 0},
		{"utf-16be with bom", "\xfe\xff\x00c\x00a\x00f\x00\xe9", "café", "UTF-16BE", 0},
		{"utf-16le without bom", "i\x00n\x00d\x00i\x00c\x00a\x00t\x00o\x00r\x00", "indicator", "UTF-16LE", 0},
		{"utf-16 lone surrogate", "\xff\xfea\x00\n\x00\x00\xd8", "", "", 2},
	}
	for _, tt := range tests {
		got, from, err := ToUTF8([]byte(tt.in), "f.csv")
		if tt.line > 0 {
			var pe *Error
			if !errors.As(err, &pe) || pe.Code != EINVALID || pe.File != "f.csv" || pe.Line != tt.line {
				t.Errorf("%s: ToUTF8 error = %v; want EINVALID at f.csv:%d", tt.name, err, tt.line)
			}
			continue
		}
		if err != nil || string(got) != tt.want || from != tt.from {
			t.Errorf("%s: ToUTF8 = %q, %q, %v; want %q, %q", tt.name, got, from, err, tt.want, tt.from)
		}
	}
}
