package ingest

import (
	"strings"
	"time"

	"github.com/peil-dev/peil"
)

// months maps Dutch month names (and common abbreviations) to months.
var months = map[string]time.Month{
	"januari": 1, "februari": 2, "maart": 3, "april": 4, "mei": 5, "juni": 6, "juli": 7,
	"augustus": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
	"jan": 1, "feb": 2, "mrt": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
	"okt": 10, "nov": 11, "dec": 12,
}

// isMonthName reports a full Dutch month name (abbreviations such as "jan"
// count only in a full date).
func isMonthName(w string) bool {
	_, ok := months[w]
	return ok && (len(w) > 3 || w == "mei")
}

// span is a stretch of time as the text gives it: a day, a month, a quarter,
// a half year or a year.
type span struct {
	start, end peil.Date
	prec       peil.Precision
	n          int // tokens used
}

// year parses a plausible year: four digits from 1900 to 2100.
func year(s string) (int, bool) {
	if len(s) != 4 {
		return 0, false
	}
	y := 0
	for i := 0; i < 4; i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		y = y*10 + int(s[i]-'0')
	}
	return y, y >= 1900 && y <= 2100
}

// day parses a day of the month, 1 to 31.
func day(s string) (int, bool) {
	if len(s) == 0 || len(s) > 2 {
		return 0, false
	}
	d := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		d = d*10 + int(s[i]-'0')
	}
	return d, d >= 1 && d <= 31
}

// laterYear finds the year that a month without one borrows from a date
// further on ("maart en april 2017", "februari tot 1 maart 2017").
func laterYear(toks []token, i int) (int, bool) {
	for j := i; j < len(toks) && j < i+5; j++ {
		w := toks[j].lower
		if y, ok := year(w); ok {
			return y, true
		}
		if _, ok := months[w]; ok {
			continue
		}
		if _, ok := day(w); ok {
			continue
		}
		switch w {
		case "en", "tot", "t/m", "-", "–", "met":
			continue
		}
		return 0, false
	}
	return 0, false
}

// spanAt parses a date at token i: "13 februari 2017", "februari 2017",
// "maart" (year from later on or from ref), "2016", "de eerste helft van
// 2017", "het eerste kwartaal van 2017".
// yearParts are the parts of a year a period can name ("de eerste helft van
// 2017", "het laatste kwartaal van 2016"): how many the year has, and the
// precision of one.
var yearParts = map[string]struct {
	count int
	prec  peil.Precision
}{
	"helft":     {2, peil.PrecisionHalf},
	"halfjaar":  {2, peil.PrecisionHalf},
	"jaarhelft": {2, peil.PrecisionHalf},
	"kwartaal":  {4, peil.PrecisionQuarter},
}

// monthsOfYear reads "de eerste drie maanden van 2017" or "de laatste zes
// maanden van 2016" at token j (after the article): the months counted from
// the start or the end of the year. The precision is a quarter for three
// months, a half for six, else a month.
func monthsOfYear(toks []token, i, j int) (span, bool) {
	if j+4 >= len(toks) || (toks[j+2].lower != "maanden" && toks[j+2].lower != "maand") || toks[j+3].lower != "van" {
		return span{}, false
	}
	y, ok := year(toks[j+4].lower)
	if !ok {
		return span{}, false
	}
	n, ok := parseDigits(toks[j+1].core)
	if !ok {
		n, ok = wordNumber(toks[j+1].lower)
	}
	if !ok || n.exp != 0 || n.mant < 1 || n.mant > 12 {
		return span{}, false
	}
	m := int(n.mant)
	prec := peil.PrecisionMonth
	switch m {
	case 3:
		prec = peil.PrecisionQuarter
	case 6:
		prec = peil.PrecisionHalf
	case 12:
		prec = peil.PrecisionYear
	}
	sp := span{prec: prec, n: j + 5 - i}
	switch toks[j].lower {
	case "eerste":
		sp.start, sp.end = peil.NewDate(y, 1, 1), peil.NewDate(y, time.Month(m)+1, 0)
	case "laatste":
		sp.start, sp.end = peil.NewDate(y, time.Month(13-m), 1), peil.NewDate(y, 12, 31)
	default:
		return span{}, false
	}
	return sp, true
}

func spanAt(toks []token, i int, ref peil.Date) (span, bool) {
	if i >= len(toks) {
		return span{}, false
	}
	w := toks[i].lower
	yearAfter := func(j int) (int, int, bool) { // year at j, or borrowed
		if j < len(toks) {
			if y, ok := year(toks[j].lower); ok {
				return y, 1, true
			}
		}
		if y, ok := laterYear(toks, j); ok {
			return y, 0, true
		}
		if !ref.IsZero() {
			return ref.Year(), 0, true
		}
		return 0, 0, false
	}
	if d, ok := day(w); ok && i+1 < len(toks) && !toks[i].stop {
		if m, ok := months[toks[i+1].lower]; ok {
			y, n, ok := yearAfter(i + 2)
			if !ok {
				return span{}, false
			}
			t := peil.NewDate(y, m, d)
			if t.Month() != m {
				return span{}, false // 31 februari
			}
			return span{start: t, end: t, prec: peil.PrecisionDay, n: 2 + n}, true
		}
	}
	if m, ok := months[w]; ok && isMonthName(w) {
		y, n, ok := yearAfter(i + 1)
		if !ok {
			return span{}, false
		}
		s := peil.NewDate(y, m, 1)
		return span{start: s, end: s.MonthEnd(), prec: peil.PrecisionMonth, n: 1 + n}, true
	}
	if y, ok := year(w); ok {
		return span{start: peil.NewDate(y, 1, 1), end: peil.NewDate(y, 12, 31), prec: peil.PrecisionYear, n: 1}, true
	}
	// de eerste helft van 2017, het eerste kwartaal van 2017
	j := i
	if w == "de" || w == "het" {
		j++
	}
	if sp, ok := monthsOfYear(toks, i, j); ok {
		return sp, true
	}
	if j+3 < len(toks) && toks[j+2].lower == "van" {
		y, ok := year(toks[j+3].lower)
		if !ok {
			return span{}, false
		}
		parts, ok := yearParts[toks[j+1].lower]
		if !ok {
			return span{}, false
		}
		idx := map[string]int{"eerste": 1, "tweede": 2, "derde": 3, "vierde": 4, "laatste": parts.count}[toks[j].lower]
		if idx < 1 || idx > parts.count {
			return span{}, false
		}
		length := 12 / parts.count // months
		s := peil.NewDate(y, time.Month(length*(idx-1)+1), 1)
		return span{start: s, end: peil.NewDate(y, time.Month(length*idx)+1, 0), prec: parts.prec, n: j + 4 - i}, true
	}
	return span{}, false
}

// phraseType says how a time phrase bears on a figure.
type phraseType uint8

const (
	phStart    phraseType = iota + 1 // sinds X, vanaf X: a running total from X
	phRange                          // in X, in de periode X tot Y: a count within a period
	phEnd                            // tot en met X: a running total up to X
	phPoint                          // peildatum X, op X, eind X: a level at X
	phThis                           // in deze rapportageperiode
	phNowStock                       // op dit moment, momenteel, nu, in totaal
	phNowCum                         // inmiddels, tot nu toe, tot heden
)

// phrase is a time phrase in a sentence: tokens [from, to).
type phrase struct {
	from, to   int
	typ        phraseType
	start, end peil.Date
	prec       peil.Precision
	ref        bool // a reference date for the whole sentence: peildatum, stand per, per 1 maart
}

// Period is the time a phrase such as "sinds december 2013" or "in de periode
// februari 2013 tot 1 maart 2017" refers to.
type Period struct {
	Start, End peil.Date
	Kind       peil.Kind      // cumulative (sinds, tot en met), flow (in, periode) or stock (peildatum, op dit moment)
	Precision  peil.Precision // of the first date in the phrase
}

// ParsePeriod parses a Dutch time phrase at the start of s. ref is the report
// date: months without a year take its year, and "op dit moment" or
// "inmiddels" end on it. "in deze rapportageperiode" ends on ref and has no
// start here (Extract takes it from Options.PeriodStart).
func ParsePeriod(s string, ref peil.Date) (Period, bool) {
	toks := tokenize(strings.Join(strings.Fields(s), " "), 0, nil)
	ph, ok := phraseAt(toks, 0, ref)
	if !ok {
		return Period{}, false
	}
	p := Period{Start: ph.start, End: ph.end, Precision: ph.prec}
	switch ph.typ {
	case phStart, phEnd, phNowCum:
		p.Kind = peil.KindCumulative
	case phRange, phThis:
		p.Kind = peil.KindFlow
	default:
		p.Kind = peil.KindStock
	}
	if p.End.IsZero() && ph.typ != phRange {
		p.End = ref
	}
	if !p.Start.IsZero() && p.Start.After(p.End.Time) {
		p.End = p.Start // "vanaf september 2017" in a report of March 2017: a plan from then on
	}
	return p, true
}

// lowerIs reports whether the tokens from i on are the words ws.
func lowerIs(toks []token, i int, ws ...string) bool {
	if i+len(ws) > len(toks) {
		return false
	}
	for k, w := range ws {
		if toks[i+k].lower != w {
			return false
		}
	}
	return true
}

// rangeEnd parses "tot (en met) X", "t/m X" or "- X" at i: the end of a range.
func rangeEnd(toks []token, i int, ref peil.Date) (span, int, bool) {
	j := i
	switch {
	case lowerIs(toks, j, "tot", "en", "met"):
		j += 3
	case lowerIs(toks, j, "t/m"), lowerIs(toks, j, "tot"), lowerIs(toks, j, "-"), lowerIs(toks, j, "–"), lowerIs(toks, j, "tm"):
		j++
	default:
		return span{}, 0, false
	}
	sp, ok := spanAt(toks, j, ref)
	if !ok {
		return span{}, 0, false
	}
	return sp, j + sp.n, true
}

// nowAfter reports "tot heden", "tot nu toe" or "tot op heden" at i and their length.
func nowAfter(toks []token, i int) int {
	switch {
	case lowerIs(toks, i, "tot", "op", "heden"), lowerIs(toks, i, "tot", "nu", "toe"):
		return 3
	case lowerIs(toks, i, "tot", "heden"):
		return 2
	}
	return 0
}

// phraseAt parses a time phrase starting at token i.
func phraseAt(toks []token, i int, ref peil.Date) (phrase, bool) {
	if i >= len(toks) {
		return phrase{}, false
	}
	w := toks[i].lower
	mk := func(typ phraseType, to int, sp span) (phrase, bool) {
		return phrase{from: i, to: to, typ: typ, start: sp.start, end: sp.end, prec: sp.prec}, true
	}
	switch w {
	case "sinds", "vanaf", "van":
		// sinds de vorige (voortgangs)rapportage: this reporting period
		if w != "van" && lowerIs(toks, i+1, "de") && i+3 < len(toks) && (toks[i+2].lower == "vorige" || toks[i+2].lower == "laatste") {
			switch toks[i+3].lower {
			case "rapportage", "voortgangsrapportage", "rapportageperiode", "voortgangsbrief", "brief":
				return phrase{from: i, to: i + 4, typ: phThis, end: ref}, true
			}
		}
		// sinds december 2013; sinds de oprichting in juli 2015; vanaf X tot en met Y; van X tot Y
		limit := 5
		if w == "van" {
			limit = 1
		}
		for j := i + 1; j < len(toks) && j <= i+limit; j++ {
			sp, ok := spanAt(toks, j, ref)
			if !ok {
				if toks[j].stop {
					break
				}
				continue
			}
			k := j + sp.n
			if e, to, ok := rangeEnd(toks, k, ref); ok {
				return phrase{from: i, to: to, typ: phRange, start: sp.start, end: e.end, prec: sp.prec}, true
			}
			if w == "van" {
				return phrase{}, false
			}
			if n := nowAfter(toks, k); n > 0 {
				k += n
			}
			// "sinds december" in a report of March: the December before it,
			// not one still to come.
			if borrowed := (sp.prec == peil.PrecisionMonth && sp.n == 1) || (sp.prec == peil.PrecisionDay && sp.n == 2); borrowed &&
				!ref.IsZero() && sp.start.After(ref.Time) {
				sp.start = peil.DateOf(sp.start.AddDate(-1, 0, 0))
			}
			return phrase{from: i, to: k, typ: phStart, start: sp.start, prec: sp.prec}, true
		}
	case "periode":
		if sp, ok := spanAt(toks, i+1, ref); ok {
			if e, to, ok := rangeEnd(toks, i+1+sp.n, ref); ok {
				return phrase{from: i, to: to, typ: phRange, start: sp.start, end: e.end, prec: sp.prec}, true
			}
			return mk(phRange, i+1+sp.n, sp)
		}
	case "stand", "standdatum":
		// stand per 1 oktober 2016, stand: 15 januari 2017, stand van zaken
		// (per) 1 maart 2017, stand op 1 mei 2017
		j := i + 1
		if lowerIs(toks, j, "van", "zaken") {
			j += 2
		}
		if j < len(toks) && (toks[j].lower == "per" || toks[j].lower == "op") && !toks[j-1].stop {
			j++
		}
		if sp, ok := spanAt(toks, j, ref); ok {
			return phrase{from: i, to: j + sp.n, typ: phPoint, end: sp.end, prec: sp.prec, ref: true}, true
		}
	case "peildatum", "op", "per":
		if sp, ok := spanAt(toks, i+1, ref); ok && (w == "peildatum" || sp.prec == peil.PrecisionDay) {
			return phrase{from: i, to: i + 1 + sp.n, typ: phPoint, end: sp.end, prec: sp.prec, ref: w != "op"}, true
		}
		if w == "op" && lowerIs(toks, i+1, "dit", "moment") {
			return phrase{from: i, to: i + 3, typ: phNowStock, end: ref}, true
		}
		if w == "op" && lowerIs(toks, i+1, "heden") {
			return phrase{from: i, to: i + 2, typ: phNowStock, end: ref}, true
		}
	case "eind", "einde", "ultimo":
		if sp, ok := spanAt(toks, i+1, ref); ok {
			return phrase{from: i, to: i + 1 + sp.n, typ: phPoint, end: sp.end, prec: partPrecision(sp)}, true
		}
	case "tot", "t/m":
		if n := nowAfter(toks, i); n > 0 {
			return phrase{from: i, to: i + n, typ: phNowCum, end: ref}, true
		}
		if e, to, ok := rangeEnd(toks, i, ref); ok {
			return phrase{from: i, to: to, typ: phEnd, end: e.end, prec: e.prec}, true
		}
	case "in", "voor", "gedurende", "medio", "begin":
		j := i + 1
		if lowerIs(toks, j, "de", "periode") {
			if ph, ok := phraseAt(toks, j+1, ref); ok {
				ph.from = i
				return ph, true
			}
			// in de periode sinds de vorige rapportage
			if ph, ok := phraseAt(toks, j+2, ref); ok && toks[j+2].lower == "sinds" {
				ph.from = i
				return ph, true
			}
			return phrase{}, false
		}
		if w != "voor" && (lowerIs(toks, j, "deze", "rapportageperiode") || lowerIs(toks, j, "de", "rapportageperiode") ||
			lowerIs(toks, j, "deze", "periode") || lowerIs(toks, j, "de", "afgelopen", "rapportageperiode")) {
			to := j + 2
			if toks[j+1].lower == "afgelopen" {
				to++
			}
			return phrase{from: i, to: to, typ: phThis, end: ref}, true
		}
		if lowerIs(toks, j, "totaal") {
			return phrase{from: i, to: j + 1, typ: phNowStock, end: ref}, true
		}
		sp, ok := spanAt(toks, j, ref)
		if !ok || (w == "voor" && sp.prec == peil.PrecisionDay) {
			return phrase{}, false
		}
		if w == "medio" || w == "begin" {
			return phrase{from: i, to: j + sp.n, typ: phPoint, end: partOf(w, sp), prec: partPrecision(sp)}, true
		}
		k := j + sp.n
		if n := nowAfter(toks, k); n > 0 {
			return phrase{from: i, to: k + n, typ: phStart, start: sp.start, prec: sp.prec}, true
		}
		// in 2016 en 2017; in maart en april 2017
		if lowerIs(toks, k, "en") {
			if sp2, ok := spanAt(toks, k+1, ref); ok {
				return phrase{from: i, to: k + 1 + sp2.n, typ: phRange, start: sp.start, end: sp2.end, prec: sp.prec}, true
			}
		}
		if e, to, ok := rangeEnd(toks, k, ref); ok {
			return phrase{from: i, to: to, typ: phRange, start: sp.start, end: e.end, prec: sp.prec}, true
		}
		return mk(phRange, k, sp)
	case "afgelopen", "deze":
		if lowerIs(toks, i+1, "rapportageperiode") {
			return phrase{from: i, to: i + 2, typ: phThis, end: ref}, true
		}
	case "momenteel", "thans", "nu", "heden", "actueel":
		return phrase{from: i, to: i + 1, typ: phNowStock, end: ref}, true
	case "inmiddels", "intussen":
		return phrase{from: i, to: i + 1, typ: phNowCum, end: ref}, true
	}
	return phrase{}, false
}

// partOf returns the day that "begin" or "medio" of span sp means: the first
// day for begin; for medio the middle, 1 July of a year, the 15th of a month.
func partOf(w string, sp span) peil.Date {
	if w != "medio" {
		return sp.start
	}
	switch sp.prec {
	case peil.PrecisionYear:
		return peil.NewDate(sp.start.Year(), time.July, 1)
	case peil.PrecisionMonth:
		return peil.NewDate(sp.start.Year(), sp.start.Month(), 15)
	}
	return sp.start
}

// partPrecision is the precision of "begin", "medio" or "eind" of span sp: a
// quarter of a year, else that of the span.
func partPrecision(sp span) peil.Precision {
	if sp.prec == peil.PrecisionYear {
		return peil.PrecisionQuarter
	}
	return sp.prec
}

// phrases finds the time phrases of a sentence.
func phrases(toks []token, ref peil.Date, out []phrase) []phrase {
	out = out[:0]
	for i := 0; i < len(toks); i++ {
		if ph, ok := phraseAt(toks, i, ref); ok {
			out = append(out, ph)
			i = ph.to - 1
		}
	}
	return out
}
