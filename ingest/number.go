package ingest

import (
	"math"
	"strconv"
	"strings"

	"github.com/peil-dev/peil"
)

// numberWords are the Dutch number words that count (een/één is left out: it
// is nearly always an article).
var numberWords = map[string]int64{
	"twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7, "acht": 8, "negen": 9,
	"tien": 10, "elf": 11, "twaalf": 12, "dertien": 13, "veertien": 14, "vijftien": 15,
	"zestien": 16, "zeventien": 17, "achttien": 18, "negentien": 19, "twintig": 20,
	"dertig": 30, "veertig": 40, "vijftig": 50, "zestig": 60, "zeventig": 70, "tachtig": 80,
	"negentig": 90, "honderd": 100, "duizend": 1000,
}

// unitWords are the words before "en" in compounds such as vijfentwintig.
var unitWords = map[string]int64{
	"een": 1, "één": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7, "acht": 8, "negen": 9,
}

// groupWords are the "-tal" words ("een drietal voorstellen"). Round ones
// (tiental, honderdtal) are approximate.
var groupWords = map[string]struct {
	v      int64
	approx bool
}{
	"tweetal": {2, false}, "drietal": {3, false}, "viertal": {4, false}, "vijftal": {5, false},
	"zestal": {6, false}, "zevental": {7, false}, "achttal": {8, false}, "negental": {9, false},
	"tiental": {10, true}, "twaalftal": {12, false}, "twintigtal": {20, true}, "dertigtal": {30, true},
	"veertigtal": {40, true}, "vijftigtal": {50, true}, "honderdtal": {100, true},
}

// multipliers scale a number by a power of ten: "6,4 miljoen".
var multipliers = map[string]int{"duizend": 3, "miljoen": 6, "mln": 6, "miljard": 9, "mld": 9}

// fractionWords are the parts that "een" (or nothing) puts before a
// multiplier: "een half miljoen", "een kwart miljoen", "driekwart miljoen".
var fractionWords = map[string]decimal{"half": {5, -1}, "kwart": {25, -2}, "driekwart": {75, -2}}

// vagueWords are quantities in words that give no number: "tientallen",
// "enkele honderden", "een handvol". Each has the bounds its words give
// (none for "een handvol") and a value: the midpoint of the bounds, rounded,
// or the conventional 5 of a handful. "enkele" before a plural of tens,
// hundreds or thousands bounds it to 2 to 9 of them.
var vagueWords = map[string]int{"tientallen": 1, "honderden": 2, "duizenden": 3, "tienduizenden": 4, "honderdduizenden": 5}

// decimal is a number as written: mant × 10^exp, read exactly from the text
// (4,1 miljoen is 41 × 10^5, not 4,1 × 1.000.000 in floating point).
type decimal struct {
	mant int64
	exp  int
}

// maxMant bounds the mantissa, so that sums and scalings cannot overflow.
const maxMant = 1e17

// float returns d as the float64 nearest to it: strconv rounds the decimal
// correctly, so 41 × 10^5 is exactly 4100000.
func (d decimal) float() float64 {
	v, err := strconv.ParseFloat(strconv.FormatInt(d.mant, 10)+"e"+strconv.Itoa(d.exp), 64)
	if err != nil {
		return math.Inf(1)
	}
	return v
}

// scale returns d × 10^p.
func (d decimal) scale(p int) decimal { return decimal{d.mant, d.exp + p} }

// align returns a and b with the same exponent (the smaller), ok false when
// a mantissa would overflow.
func align(a, b decimal) (decimal, decimal, bool) {
	for a.exp > b.exp {
		if a.mant > maxMant/10 || a.mant < -maxMant/10 {
			return a, b, false
		}
		a.mant, a.exp = a.mant*10, a.exp-1
	}
	for b.exp > a.exp {
		if b.mant > maxMant/10 || b.mant < -maxMant/10 {
			return a, b, false
		}
		b.mant, b.exp = b.mant*10, b.exp-1
	}
	return a, b, true
}

// midpoint returns (a + b) / 2, exactly.
func midpoint(a, b decimal) (decimal, bool) {
	a, b, ok := align(a, b)
	if !ok {
		return decimal{}, false
	}
	m := decimal{a.mant + b.mant, a.exp}
	if m.mant%2 == 0 {
		return decimal{m.mant / 2, m.exp}, true
	}
	return decimal{m.mant * 5, m.exp - 1}, true // x/2 = 5x/10
}

// less reports a < b.
func less(a, b decimal) bool {
	a, b, ok := align(a, b)
	if !ok {
		return a.float() < b.float()
	}
	return a.mant < b.mant
}

// parseDigits parses a number in Dutch notation: 386, 30.000, 6,4, 1.234,5.
// A dot separates thousands (groups of three digits), a comma decimals.
func parseDigits(s string) (decimal, bool) {
	if s == "" || len(s) > 20 || s[0] < '0' || s[0] > '9' {
		return decimal{}, false
	}
	var d decimal
	digits, group, frac := 0, -1, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			if d.mant >= maxMant {
				return decimal{}, false
			}
			d.mant = d.mant*10 + int64(c-'0')
			if frac {
				d.exp--
				continue
			}
			digits++
			if group >= 0 {
				group++
			}
		case c == '.':
			if frac || (group < 0 && digits > 3) || (group >= 0 && group != 3) || i+1 == len(s) {
				return decimal{}, false
			}
			group = 0
		case c == ',':
			if frac || (group >= 0 && group != 3) || i+1 == len(s) {
				return decimal{}, false
			}
			group = -1
			frac = true
		default:
			return decimal{}, false
		}
	}
	if group >= 0 && group != 3 {
		return decimal{}, false
	}
	return d, true
}

// numberPairs holds the first two bytes of the words a number word can
// start with: every word wordNumber reads begins with a unit or number word
// (honderd and duizend among them) or with anderhalf. Most words of a
// report fail this test, and wordNumber is asked about every word of the
// sentences worth reading.
var numberPairs = func() (t [256][256]bool) {
	for _, words := range []map[string]int64{numberWords, unitWords, {"anderhalf": 0}} {
		for w := range words {
			t[w[0]][w[1]] = true
		}
	}
	return t
}()

// wordNumber parses a Dutch number word, compounds read in full: twee,
// vijftien, vijfentwintig, tweeëntwintig, driehonderdvijfenzeventig,
// twaalfhonderd, vijfentwintigduizend, tweehonderdduizend, anderhalf,
// tweeënhalf. "een" alone is not a number (it is nearly always an article).
func wordNumber(w string) (decimal, bool) {
	if len(w) < 3 || len(w) > 72 || !numberPairs[w[0]][w[1]] {
		return decimal{}, false
	}
	return readWordNumber(w)
}

// readWordNumber is wordNumber without the test of the first two bytes.
func readWordNumber(w string) (decimal, bool) {
	if w == "anderhalf" || w == "anderhalve" {
		return decimal{15, -1}, true
	}
	// tweeënhalf, drieënhalf, vijfenhalf: n and a half
	for _, suffix := range [...]string{"ënhalf", "enhalf", "ënhalve", "enhalve"} {
		if head, ok := strings.CutSuffix(w, suffix); ok {
			if n, ok := cardinal(head); ok {
				return decimal{n*10 + 5, -1}, true
			}
			return decimal{}, false
		}
	}
	if n, ok := cardinal(w); ok && w != "een" && w != "één" {
		return decimal{n, 0}, true
	}
	return decimal{}, false
}

// cardinal reads a whole number word below a million: [below1000]duizend[below1000].
func cardinal(w string) (int64, bool) {
	if head, tail, ok := strings.Cut(w, "duizend"); ok {
		h := int64(1)
		if head != "" {
			var ok bool
			if h, ok = below1000(head); !ok {
				return 0, false
			}
		}
		t, ok := rest(tail, below1000)
		return h*1000 + t, ok
	}
	return below1000(w)
}

// below1000 reads [unit or teen]honderd[below100], or a word below 100.
func below1000(w string) (int64, bool) {
	if head, tail, ok := strings.Cut(w, "honderd"); ok {
		h := int64(1)
		if head != "" {
			var ok bool
			if h, ok = below100(head); !ok || h >= 20 {
				return 0, false // "twintighonderd" is not Dutch
			}
		}
		t, ok := rest(tail, below100)
		return h*100 + t, ok
	}
	return below100(w)
}

// rest reads what follows honderd or duizend: nothing, a number, or "en" and
// a number ("honderdentwee").
func rest(tail string, read func(string) (int64, bool)) (int64, bool) {
	if tail == "" {
		return 0, true
	}
	if n, ok := read(tail); ok {
		return n, true
	}
	for _, en := range [...]string{"en", "ën"} {
		if t, ok := strings.CutPrefix(tail, en); ok && t != "" {
			return read(t)
		}
	}
	return 0, false
}

// below100 reads een to negenennegentig: a word of numberWords below 100, or
// a unit, "en" (or "ën" after an e) and a ten: vijfentwintig, tweeëntwintig.
func below100(w string) (int64, bool) {
	if v, ok := unitWords[w]; ok {
		return v, true
	}
	if v, ok := numberWords[w]; ok && v < 100 {
		return v, true
	}
	for _, en := range [...]string{"en", "ën"} {
		for i := strings.Index(w, en); i > 0; {
			u, ok1 := unitWords[w[:i]]
			t, ok2 := numberWords[w[i+len(en):]]
			if ok1 && ok2 && t >= 20 && t <= 90 && t%10 == 0 {
				return t + u, true
			}
			j := strings.Index(w[i+1:], en)
			if j < 0 {
				break
			}
			i += 1 + j
		}
	}
	return 0, false
}

// ParseNumber parses a Dutch number as a report writes it: digits in Dutch
// notation ("30.000", "6,4", "1995"), a number word ("vier",
// "driehonderdvijfenzeventig", "anderhalf"), a group word ("een drietal"),
// each optionally followed by a multiplier ("6,4 miljoen", "tweeënhalf
// miljoen"), or a fraction of one ("een half miljoen", "een kwart miljoen").
// A trailing "%" is allowed. The value is exact as written (4,1 miljoen is
// 4100000). ok is false for anything else.
func ParseNumber(s string) (v float64, ok bool) {
	f := strings.Fields(strings.ToLower(s))
	if len(f) == 0 {
		return 0, false
	}
	w := strings.TrimSuffix(f[0], "%")
	var d decimal
	switch {
	case len(f) >= 2 && w == "een":
		if g, ok := groupWords[f[1]]; ok {
			d, f = decimal{g.v, 0}, f[2:]
		} else if fr, ok := fractionWords[f[1]]; ok && f[1] != "driekwart" && len(f) >= 3 && multipliers[f[2]] > 0 {
			d, f = fr, f[2:]
		} else if p := multipliers[f[1]]; p >= 6 {
			d, f = decimal{1, 0}, f[1:] // een miljoen
		} else {
			return 0, false
		}
	case w == "driekwart" && len(f) >= 2 && multipliers[f[1]] > 0:
		d, f = fractionWords[w], f[1:]
	default:
		if d, ok = parseDigits(w); !ok {
			if d, ok = wordNumber(w); !ok {
				return 0, false
			}
		}
		f = f[1:]
	}
	if len(f) > 0 {
		p, ok := multipliers[f[0]]
		if !ok || len(f) > 1 {
			return 0, false
		}
		d = d.scale(p)
	}
	v = d.float()
	if !peil.InRange(v) {
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
		case "hoogste":
			if i >= 2 && toks[i-2].lower == "ten" {
				return peil.QualAtMost, i - 2
			}
		case "geen":
			if i >= 2 && toks[i-2].lower == "nog" {
				return peil.QualAtMost, i - 2
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
