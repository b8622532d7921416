package ingest

import (
	"math"
	"strings"

	"github.com/peil-dev/peil"
)

// numberWords are the Dutch number words that count (een/één is left out: it
// is nearly always an article).
var numberWords = map[string]float64{
	"twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7, "acht": 8, "negen": 9,
	"tien": 10, "elf": 11, "twaalf": 12, "dertien": 13, "veertien": 14, "vijftien": 15,
	"zestien": 16, "zeventien": 17, "achttien": 18, "negentien": 19, "twintig": 20,
	"dertig": 30, "veertig": 40, "vijftig": 50, "zestig": 60, "zeventig": 70, "tachtig": 80,
	"negentig": 90, "honderd": 100, "duizend": 1000,
}

// unitWords are the words before "en" in compounds such as vijfentwintig.
var unitWords = map[string]float64{
	"een": 1, "één": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7, "acht": 8, "negen": 9,
}

// groupWords are the "-tal" words ("een drietal voorstellen"). Round ones
// (tiental, honderdtal) are approximate.
var groupWords = map[string]struct {
	v      float64
	approx bool
}{
	"tweetal": {2, false}, "drietal": {3, false}, "viertal": {4, false}, "vijftal": {5, false},
	"zestal": {6, false}, "zevental": {7, false}, "achttal": {8, false}, "negental": {9, false},
	"tiental": {10, true}, "twaalftal": {12, false}, "twintigtal": {20, true}, "dertigtal": {30, true},
	"veertigtal": {40, true}, "vijftigtal": {50, true}, "honderdtal": {100, true},
}

// multipliers scale a number: "6,4 miljoen".
var multipliers = map[string]float64{"duizend": 1e3, "miljoen": 1e6, "mln": 1e6, "miljard": 1e9, "mld": 1e9}

// parseDigits parses a number in Dutch notation: 386, 30.000, 6,4, 1.234,5.
// A dot separates thousands (groups of three digits), a comma decimals.
func parseDigits(s string) (float64, bool) {
	if s == "" || len(s) > 20 || s[0] < '0' || s[0] > '9' {
		return 0, false
	}
	var v float64
	digits, group, frac := 0, -1, 0.0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			if frac > 0 {
				v += float64(c-'0') * frac
				frac /= 10
				continue
			}
			v = v*10 + float64(c-'0')
			digits++
			if group >= 0 {
				group++
			}
		case c == '.':
			if frac > 0 || (group < 0 && digits > 3) || (group >= 0 && group != 3) || i+1 == len(s) {
				return 0, false
			}
			group = 0
		case c == ',':
			if frac > 0 || (group >= 0 && group != 3) || i+1 == len(s) {
				return 0, false
			}
			group = -1
			frac = 0.1
		default:
			return 0, false
		}
	}
	if group >= 0 && group != 3 {
		return 0, false
	}
	return v, true
}

// wordNumber parses a Dutch number word: twee, vijftien, vijfentwintig,
// tweehonderd, drieduizend.
func wordNumber(w string) (float64, bool) {
	if v, ok := numberWords[w]; ok {
		return v, true
	}
	if len(w) < 9 {
		return 0, false
	}
	for _, m := range [...]struct {
		suffix string
		times  float64
	}{{"honderd", 100}, {"duizend", 1000}} {
		if strings.HasSuffix(w, m.suffix) {
			head := w[:len(w)-len(m.suffix)]
			if u, ok := unitWords[head]; ok && head != "een" && head != "één" {
				return u * m.times, true
			}
			if v, ok := numberWords[head]; ok && v < 100 {
				return v * m.times, true
			}
			return 0, false
		}
	}
	if !strings.HasSuffix(w, "tig") {
		return 0, false
	}
	for i := 1; i+2 < len(w); i++ {
		if w[i] != 'e' || w[i+1] != 'n' {
			continue
		}
		u, ok1 := unitWords[w[:i]]
		t, ok2 := numberWords[w[i+2:]]
		if ok1 && ok2 && t >= 20 && t <= 90 {
			return t + u, true
		}
	}
	return 0, false
}

// ParseNumber parses a Dutch number as a report writes it: digits in Dutch
// notation ("30.000", "6,4", "1995"), a number word ("vier", "vijfentwintig"),
// a group word ("een drietal"), each optionally followed by a multiplier
// ("6,4 miljoen"). A trailing "%" is allowed. ok is false for anything else.
func ParseNumber(s string) (v float64, ok bool) {
	f := strings.Fields(strings.ToLower(s))
	if len(f) == 0 {
		return 0, false
	}
	w := strings.TrimSuffix(f[0], "%")
	switch {
	case len(f) >= 2 && w == "een":
		g, ok := groupWords[f[1]]
		if !ok {
			return 0, false
		}
		v, f = g.v, f[2:]
	default:
		if v, ok = parseDigits(w); !ok {
			if v, ok = wordNumber(w); !ok {
				return 0, false
			}
		}
		f = f[1:]
	}
	if len(f) > 0 {
		m, ok := multipliers[f[0]]
		if !ok || len(f) > 1 {
			return 0, false
		}
		v *= m
	}
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, false
	}
	return v, true
}

// qualifierAt returns the qualifier written just before token i, with the
// index of its first token; QualExact and i when there is none.
func qualifierAt(toks []token, i int) (peil.Qualifier, int) {
	if i >= 1 {
		switch toks[i-1].lower {
		case "circa", "ca", "ongeveer", "rond", "ruwweg", "pakweg", "zo'n", "zo’n", "plusminus", "±":
			return peil.QualApprox, i - 1
		case "tenminste", "minstens", "minimaal", "zeker":
			return peil.QualAtLeast, i - 1
		case "ruim", "bijna":
			if toks[i-1].lower == "bijna" {
				return peil.QualAtMost, i - 1
			}
			return peil.QualMoreThan, i - 1
		case "maximaal", "hooguit", "hoogstens", "maximum":
			return peil.QualAtMost, i - 1
		case "minste":
			if i >= 2 && toks[i-2].lower == "ten" {
				return peil.QualAtLeast, i - 2
			}
		case "dan":
			if i >= 2 {
				switch toks[i-2].lower {
				case "meer":
					return peil.QualMoreThan, i - 2
				case "minder":
					return peil.QualAtMost, i - 2
				}
			}
		case "omstreeks":
			return peil.QualApprox, i - 1
		}
	}
	return peil.QualExact, i
}
