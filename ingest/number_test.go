package ingest

import (
	"testing"

	"github.com/peil-dev/peil"
)

func TestParseNumber(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"386", 386, true},
		{"30.000", 30000, true},
		{"1.234.567", 1234567, true},
		{"6,4", 6.4, true},
		{"4,4", 4.4, true},
		{"1.234,5", 1234.5, true},
		{"1995", 1995, true},
		{"15%", 15, true},
		{"6,4 miljoen", 6400000, true},
		{"10 miljoen", 10000000, true},
		{"twee", 2, true},
		{"vier", 4, true},
		{"Twintig", 20, true},
		{"vijfentwintig", 25, true},
		{"eenendertig", 31, true},
		{"tweehonderd", 200, true},
		{"drieduizend", 3000, true},
		{"twaalfhonderd", 1200, true},
		{"eenhonderd", 100, true},
		{"vijfentwintigduizend", 25000, true},
		{"zesenzestig", 66, true},
		{"een drietal", 3, true},
		{"een tiental", 10, true},
		{"drie miljoen", 3000000, true},
		{"een", 0, false},
		{"één", 0, false},
		{"", 0, false},
		{"30.00", 0, false},
		{"3.0000", 0, false},
		{"1,2,3", 0, false},
		{"6,", 0, false},
		{"98/2013", 0, false},
		{"2e", 0, false},
		{"verstoord1", 0, false},
		{"27&28", 0, false},
		{"twee miljoen euro", 0, false},
		{"een aantal", 0, false},
	}
	for _, tt := range tests {
		got, ok := ParseNumber(tt.in)
		if ok != tt.ok || (ok && got != tt.want) {
			t.Errorf("ParseNumber(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestQualifier(t *testing.T) {
	tests := []struct {
		in   string // the number is the last word
		want peil.Qualifier
	}{
		{"er zijn 300", peil.QualExact},
		{"circa 300", peil.QualApprox},
		{"ca. 300", peil.QualApprox},
		{"ongeveer 300", peil.QualApprox},
		{"zo’n 300", peil.QualApprox},
		{"zo'n 300", peil.QualApprox},
		{"rond 300", peil.QualApprox},
		{"tenminste 300", peil.QualAtLeast},
		{"ten minste 300", peil.QualAtLeast},
		{"minstens 300", peil.QualAtLeast},
		{"minimaal 300", peil.QualAtLeast},
		{"zeker 300", peil.QualAtLeast},
		{"meer dan 300", peil.QualMoreThan},
		{"ruim 300", peil.QualMoreThan},
		{"maximaal 300", peil.QualAtMost},
		{"hooguit 300", peil.QualAtMost},
		{"minder dan 300", peil.QualAtMost},
	}
	for _, tt := range tests {
		toks := tokenize(tt.in, 0, nil)
		got, first := qualifierAt(toks, len(toks)-1)
		if got != tt.want {
			t.Errorf("qualifierAt(%q) = %v; want %v", tt.in, got, tt.want)
		}
		if got == peil.QualExact && first != len(toks)-1 {
			t.Errorf("qualifierAt(%q): exact figure starts at token %d; want %d", tt.in, first, len(toks)-1)
		}
	}
}
