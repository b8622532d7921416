package ingest

import (
	"os"
	"strings"
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
		{"bijna 300", peil.QualAtMost},
		{"nog geen 300", peil.QualAtMost},
		{"ten hoogste 300", peil.QualAtMost},
		{"hoogstens 300", peil.QualAtMost},
		{"geen 300", peil.QualExact},
		{"het hoogste 300", peil.QualExact},
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

// TestWordNumber reads compound number words in full, and refuses words
// that only look like numbers.
func TestWordNumber(t *testing.T) {
	tests := []struct {
		in   string
		want float64 // 0: not a number
	}{
		{"twee", 2}, {"elf", 11}, {"twaalf", 12}, {"negentien", 19}, {"twintig", 20}, {"tachtig", 80},
		{"eenentwintig", 21}, {"tweeëntwintig", 22}, {"tweeentwintig", 22}, {"drieëndertig", 33},
		{"vierenveertig", 44}, {"vijfenvijftig", 55}, {"zesenzestig", 66}, {"zevenenzeventig", 77},
		{"achtentachtig", 88}, {"negenennegentig", 99},
		{"honderd", 100}, {"eenhonderd", 100}, {"honderdeen", 101}, {"honderdentwee", 102}, {"honderdtwintig", 120},
		{"tweehonderd", 200}, {"driehonderdvijfenzeventig", 375}, {"vierhonderdtwintig", 420},
		{"negenhonderdnegenennegentig", 999}, {"twaalfhonderd", 1200}, {"vijftienhonderd", 1500},
		{"negentienhonderdvijftig", 1950},
		{"duizend", 1000}, {"duizendeen", 1001}, {"duizendvijfhonderd", 1500}, {"tweeduizend", 2000},
		{"tweeduizendvijfhonderd", 2500}, {"vijfentwintigduizend", 25000}, {"honderdduizend", 100000},
		{"tweehonderdduizend", 200000}, {"driehonderdvijftigduizend", 350000},
		{"negenhonderdnegenennegentigduizendnegenhonderdnegenennegentig", 999999},
		{"anderhalf", 1.5}, {"anderhalve", 1.5}, {"tweeënhalf", 2.5}, {"drieënhalf", 3.5}, {"vijfenhalf", 5.5},
		{"tienenhalf", 10.5},
		// not numbers
		{"een", 0}, {"één", 0}, {"en", 0}, {"honderden", 0}, {"duizenden", 0}, {"tientallen", 0},
		{"eenheid", 0}, {"driehoek", 0}, {"honderdste", 0}, {"tweede", 0}, {"twintighonderd", 0},
		{"vijfenvijf", 0}, {"tweeëntwee", 0}, {"entwintig", 0}, {"honderdhonderd", 0}, {"duizendduizend", 0},
		{"negenduizendenkele", 0}, {"zeventiger", 0}, {"halfjaar", 0}, {"vijftigtal", 0},
	}
	for _, tt := range tests {
		d, ok := wordNumber(tt.in)
		if got := d.float(); ok != (tt.want != 0) || (ok && got != tt.want) {
			t.Errorf("wordNumber(%q) = %v, %v; want %v", tt.in, got, ok, tt.want)
		}
	}
}

// TestParseNumberExact: values as written are exact, not the result of a
// floating-point multiplication (4,1 × 1.000.000 = 4099999,9999999995).
func TestParseNumberExact(t *testing.T) {
	tests := []struct {
		in   string
		want float64
	}{
		{"4,1 miljoen", 4100000}, {"6,4 miljoen", 6400000}, {"0,3 miljoen", 300000}, {"1,15 miljard", 1150000000},
		{"2,35 mln", 2350000}, {"0,07 miljoen", 70000}, {"12,5 duizend", 12500}, {"1.234,5", 1234.5},
		{"0,1", 0.1}, {"4,4", 4.4}, {"99,99", 99.99},
		{"tweeënhalf miljoen", 2500000}, {"anderhalf miljoen", 1500000}, {"een half miljoen", 500000},
		{"een kwart miljoen", 250000}, {"driekwart miljoen", 750000}, {"een miljoen", 1000000},
		{"een miljard", 1000000000}, {"drie miljoen", 3000000}, {"vijfentwintig miljoen", 25000000},
	}
	for _, tt := range tests {
		got, ok := ParseNumber(tt.in)
		if !ok || got != tt.want {
			t.Errorf("ParseNumber(%q) = %v, %v; want exactly %v", tt.in, got, ok, tt.want)
		}
	}
	for _, in := range []string{"een half", "een kwart", "driekwart", "een duizend", "een half jaar", "een kwart van"} {
		if got, ok := ParseNumber(in); ok {
			t.Errorf("ParseNumber(%q) = %v; want no number", in, got)
		}
	}
}

// TestDecimalMidpoint: the midpoint of a range is exact.
func TestDecimalMidpoint(t *testing.T) {
	tests := []struct {
		a, b string
		want float64
	}{
		{"40", "50", 45}, {"12", "15", 13.5}, {"4,1", "4,2", 4.15}, {"0,1", "0,2", 0.15}, {"1.500", "2.000", 1750},
		{"2,5", "3", 2.75},
	}
	for _, tt := range tests {
		a, _ := parseDigits(tt.a)
		b, _ := parseDigits(tt.b)
		m, ok := midpoint(a, b)
		if !ok || m.float() != tt.want {
			t.Errorf("midpoint(%s, %s) = %v, %v; want %v", tt.a, tt.b, m.float(), ok, tt.want)
		}
	}
}

// TestWordNumberPairs: the test of a word's first two bytes (numberPairs)
// refuses no word that wordNumber reads without it, over compounds of every
// number word and over every word of the sample report.
func TestWordNumberPairs(t *testing.T) {
	var parts []string
	for _, m := range []map[string]int64{numberWords, unitWords} {
		for w := range m {
			parts = append(parts, w)
		}
	}
	parts = append(parts, "anderhalf", "anderhalve")
	var words []string
	for _, a := range parts {
		for _, b := range append(parts, "") {
			for _, j := range []string{"", "en", "ën"} {
				for _, s := range []string{"", "duizend", "honderd", "enhalf", "ënhalf", "enhalve"} {
					words = append(words, a+j+b+s)
				}
			}
		}
	}
	raw, err := os.ReadFile("../data/samples/voortgangsrapportage-2017.txt")
	if err != nil {
		t.Fatal(err)
	}
	words = append(words, strings.Fields(strings.ToLower(string(raw)))...)
	read := 0
	for _, w := range words {
		d, ok := wordNumber(w)
		want, wantOK := readWordNumber(w)
		if ok != wantOK || d != want {
			t.Errorf("wordNumber(%q) = %v, %v; without the test of its first bytes %v, %v", w, d, ok, want, wantOK)
		}
		if wantOK {
			read++
		}
	}
	if read < 1000 {
		t.Errorf("only %d of %d words are numbers; the test needs more", read, len(words))
	}
}
