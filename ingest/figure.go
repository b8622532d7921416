package ingest

import (
	"math"
	"strconv"
	"strings"

	"github.com/peil-dev/peil"
)

// Words around a number that make it something other than a count.
var (
	// yearBefore: a four-digit number after these words is a year.
	yearBefore = setOf("in", "sinds", "vanaf", "van", "tot", "voor", "na", "per", "medio", "begin", "eind", "einde",
		"halverwege", "zomer", "najaar", "voorjaar", "winter", "jaar", "t/m", "heden", "ultimo", "uit", "over", "rond",
		"jaren", "het", "de", "sedert", "eind-", "maart", "peiljaar", "kalenderjaar", "begroting", "tussen", "á", "à")
	// articleBefore: a number after these words is an article, a paragraph or a page.
	articleBefore = setOf("artikel", "artikelen", "art", "lid", "leden", "hoofdstuk", "paragraaf", "nr", "nummer",
		"no", "bijlage", "pagina", "blz", "p", "onderdeel", "sub", "kamerstuk", "kamerstukken", "versie", "fase",
		"niveau", "stap", "ronde", "editie", "module")
	// lawAfter: law abbreviations after an article number ("96 en 46 Sr").
	lawAfter = setOf("sr", "sv", "wvsr", "wvsv", "awb", "bw", "wwft", "wpg", "wiv", "gw", "evrm", "vw", "rvw")
	// referenceBefore: "maatregel 7", "zie 26".
	referenceBefore = setOf("maatregel", "maatregelen", "zie", "actie", "acties", "motie", "aanbeveling", "aanbevelingen")
	// durationAfter: "2 jaar de tijd", "na drie jaar", "drie keer".
	durationAfter = setOf("jaar", "jaren", "maand", "maanden", "week", "weken", "dag", "dagen", "uur", "uren",
		"minuut", "minuten", "seconden", "eeuw", "eeuwen", "decennia", "decennium", "kwartaal", "kwartalen",
		"keer", "maal", "jaarlijks", "procentpunt")
	// ageAfter: "25 jarige verdachte".
	ageAfter = setOf("jarige", "jarig", "jarigen", "-jarige", "jaar-oude")
	// definiteBefore: "de twee landen" refers to a known set; "van die 81" refers back.
	definiteBefore = setOf("de", "het", "die", "deze", "dit", "diezelfde", "datzelfde", "beide")
	// backBefore: "van die 81 minderjarigen" restates an earlier figure.
	backBefore = setOf("die", "deze", "dit", "diezelfde", "datzelfde")
	// unitStop: words after a number that end the search for what it counts.
	unitStop = setOf("in", "op", "van", "voor", "met", "naar", "bij", "door", "tot", "uit", "te", "om", "en", "of",
		"is", "zijn", "was", "waren", "wordt", "worden", "werd", "werden", "heeft", "hebben", "had", "hadden", "er",
		"die", "dat", "waarvan", "waarbij", "nog", "al", "ook", "zal", "zullen", "kan", "kunnen", "plaatsvinden",
		"plaatsgevonden", "gehouden", "gepland", "gegeven", "bereikt", "getraind", "gestart", "deelnemen", "deelgenomen", "volgen", "gevolgd", "gaan", "komen",
		"per", "x", "tegen", "over", "onder", "als", "dan", "maar", "niet", "zich", "hier", "daar", "wel", "vanaf",
		"sinds", "tussen", "na", "aan", "wat", "wie", "nu", "inmiddels", "momenteel", "reeds", "alle", "hun", "zij")
	// nounsInE: nouns that end in -e, which the unit search would take for adjectives.
	nounsInE = setOf("euro", "organisatie", "gemeente", "instantie", "voorstelling", "module", "sessie",
		"scholen", "regio", "lidstate", "ronde", "editie", "cursusse", "uitreizigerse", "ambassade", "procedure")
	// changeWords: "een afname van 15%".
	changeUp   = setOf("toename", "stijging", "groei", "verhoging", "vermeerdering", "toegenomen", "gestegen")
	changeDown = setOf("afname", "daling", "vermindering", "verlaging", "afgenomen", "gedaald", "krimp")
	// futureWords mark a sentence about the future: its dates do not date the report.
	futureWords = setOf("zal", "zullen", "verwacht", "verwachting", "gepland", "planning", "voornemen", "beoogd",
		"voorzien", "toekomst", "komende")
	// clauseJoin are the conjunctions that start a clause of their own.
	clauseJoin = setOf("en", "maar", "terwijl", "nadat", "waarna", "waarvan", "doch")
	// expectWords put a figure in the future tense: an expectation, not a
	// value reached ("Eind april zal de voorstelling door ongeveer 30.000
	// scholieren zijn bezocht").
	expectWords = setOf("zal", "zullen", "verwacht", "verwachte", "verwachten", "verwachting", "gepland", "geplande",
		"beoogd", "beoogde")
)

func setOf(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// cand is a figure found in a sentence, with its place among the tokens.
type cand struct {
	fig        peil.Figure
	first      int // first token of the figure's text (qualifier included)
	num        int // the number's token
	last       int // last token of the number's text (multiplier, euro)
	unit       int // token of the unit; -1 when inherited or absent
	fixed      bool
	sign       float64
	ownPhrases []int
	thisPeriod bool // its period starts at the report's period start ("in deze rapportageperiode")
}

// extractor holds the state of one extraction.
type extractor struct {
	opts    Options
	ref     peil.Date
	toks    []token
	phs     []phrase
	cands   []cand
	use     []int // scratch: the phrases that bear on one figure
	figures []peil.Figure
	events  []peil.Event
	// thisPeriod[i] says that figures[i] starts at the report's period
	// start, so that a period start known only later can be set (setPeriodStart).
	thisPeriod []bool
}

// sentenceFigures finds the figures of one sentence of row r. rowStart is
// the index in x.figures of the row's first figure.
func (x *extractor) sentenceFigures(r *row, sent sentence, toks []token, rowStart int) {
	x.cands = x.cands[:0]
	if !hasNumber(toks) {
		return
	}
	x.phs = phrases(toks, x.ref, x.phs)
	inPhrase := func(i int) bool {
		for _, ph := range x.phs {
			if i >= ph.from && i < ph.to {
				return true
			}
		}
		return false
	}
	backref := -1
	for i := 0; i < len(toks); i++ {
		if inPhrase(i) {
			continue
		}
		c, ok := x.number(toks, i)
		if !ok {
			continue
		}
		if x.excluded(toks, c) {
			i = c.last
			continue
		}
		// "Van die 81 minderjarigen": the same number as an earlier figure of the row.
		if c.first > 0 && backBefore[toks[c.first-1].lower] {
			found := -1
			for k := len(x.figures) - 1; k >= rowStart; k-- {
				if x.figures[k].Value == c.fig.Value {
					found = k
					break
				}
			}
			if found >= 0 {
				backref = found
				i = c.last
				continue
			}
		}
		x.unitOf(toks, &c)
		x.cands = append(x.cands, c)
		i = c.last
	}
	if len(x.cands) == 0 {
		return
	}
	x.periods(toks, rowStart, backref)
	stored := sent.text(r.status.s)
	for k := range x.cands {
		c := &x.cands[k]
		c.fig.Measure = r.nrs[0]
		c.fig.Sentence = stored
		c.fig.Line, c.fig.Page = r.status.at(toks[c.num].off)
		c.fig.Lower, c.fig.Upper = peil.FigureBounds(&c.fig)
		c.fig.Expected = expectedAt(toks, c.first, c.last)
		x.figures = append(x.figures, c.fig)
		x.thisPeriod = append(x.thisPeriod, c.thisPeriod)
	}
}

// numberTable returns how many numbers the tokens hold when they are a table
// of numbers rather than prose (at least 8 numbers, half the tokens or more:
// "Regio A0 123 45 67 235 ..."), else 0. Such a "sentence" gives no figures:
// read as prose, every number became a figure that stored the whole table.
func numberTable(toks []token) int {
	n := 0
	for i := range toks {
		if w := toks[i].lower; w != "" && w[0] >= '0' && w[0] <= '9' {
			n++
		}
	}
	if n >= 8 && 2*n >= len(toks) {
		return n
	}
	return 0
}

// future reports a sentence that speaks of the future.
func future(toks []token) bool {
	for i := range toks {
		if futureWords[toks[i].lower] {
			return true
		}
	}
	return false
}

// expectedAt reports a figure in the future tense: a word of expectation
// ("zal ... zijn bezocht", "naar verwachting", "gepland") in the clause of the
// figure at tokens [first, last], between the clause marks or conjunctions
// ("en", "maar", "terwijl") around it.
func expectedAt(toks []token, first, last int) bool {
	from := first
	for from > 0 && !toks[from-1].stop && !clauseJoin[toks[from-1].lower] {
		from--
	}
	to := last
	for to < len(toks)-1 && !toks[to].stop && !clauseJoin[toks[to+1].lower] {
		to++
	}
	for j := from; j <= to; j++ {
		if expectWords[toks[j].lower] {
			return true
		}
	}
	return false
}

// hasNumber reports whether a token may be a number: it starts with a digit
// or €, or is a number word or "een".
func hasNumber(toks []token) bool {
	for i := range toks {
		w := toks[i].lower
		if w == "" {
			continue
		}
		if c := w[0]; c >= '0' && c <= '9' || strings.HasPrefix(w, "€") || w == "een" {
			return true
		}
		if _, ok := wordNumber(w); ok {
			return true
		}
		if _, ok := vagueWords[w]; ok || w == "driekwart" {
			return true
		}
	}
	return false
}

// numRead is one number as written at a token: its exact value and the
// tokens it takes (a € before it, a multiplier and "euro" or "procent" after).
type numRead struct {
	d             decimal
	first, last   int
	mult          int // power of ten of the multiplier; 0 when none
	euro, percent bool
	approx        bool // a round group word: "een tiental"
}

// readNumber reads a number at token i: digits, € amounts, percentages,
// number words, "een drietal", "een half miljoen", with a multiplier
// ("miljoen") and "euro" or "procent" after it.
func readNumber(toks []token, i int) (numRead, bool) {
	n := numRead{first: i, last: i}
	t := toks[i]
	core := t.core
	if strings.HasPrefix(core, "€") {
		core = strings.TrimPrefix(core, "€")
		n.euro = true
	}
	if strings.HasSuffix(core, "%") {
		core = strings.TrimSuffix(core, "%")
		n.percent = true
	}
	d, ok := parseDigits(core)
	if !ok && !n.euro && !n.percent {
		d, ok = wordNumber(t.lower)
	}
	needMult := false
	if !ok {
		if n.euro || n.percent || i+1 >= len(toks) || t.stop {
			return n, false
		}
		next := toks[i+1].lower
		g, group := groupWords[next]
		fr, frac := fractionWords[next]
		switch {
		case t.lower == "een" && group: // een drietal voorstellen
			d, n.last, n.approx = decimal{g.v, 0}, i+1, g.approx
		case t.lower == "een" && frac && next != "driekwart": // een half miljoen
			d, n.last, needMult = fr, i+1, true
		case t.lower == "een" && multipliers[next] >= 6: // een miljoen
			d, needMult = decimal{1, 0}, true
		case t.lower == "driekwart" && multipliers[next] > 0:
			d, needMult = fractionWords[t.lower], true
		default:
			return n, false
		}
	}
	if i > 0 && toks[i-1].core == "€" {
		n.euro = true
		n.first = i - 1
	}
	if k := n.last + 1; k < len(toks) && !toks[n.last].stop {
		if p, ok := multipliers[toks[k].lower]; ok {
			d = d.scale(p)
			n.mult, n.last = p, k
		}
	}
	if needMult && n.mult == 0 {
		return n, false
	}
	if k := n.last + 1; k < len(toks) && !toks[n.last].stop {
		switch toks[k].lower {
		case "euro", "eur":
			n.euro = true
			n.last = k
		case "procent", "%":
			n.percent = true
			n.last = k
		}
	}
	n.d = d
	return n, !math.IsInf(d.float(), 0)
}

// rangeAfter reads the upper end of a range after the number a: "40 à 50",
// "40 tot 50 deelnemers", "tussen de 40 en 50" (between says the caller).
// ok is false when what follows is no range: no second number, a smaller
// one, or two years ("2015 tot 2017" is a period).
func rangeAfter(toks []token, a numRead, between bool) (numRead, bool) {
	j := a.last + 1
	if j+1 >= len(toks) || toks[a.last].stop {
		return numRead{}, false
	}
	conn := toks[j].lower
	switch {
	case between && conn == "en":
	case !between && (conn == "à" || conn == "á" || conn == "tot" || conn == "–" || conn == "-"):
	default:
		return numRead{}, false
	}
	b, ok := readNumber(toks, j+1)
	if !ok {
		return numRead{}, false
	}
	if conn == "tot" || conn == "–" || conn == "-" {
		// Only before what it counts: "van 40 tot 50 deelnemers", not "van
		// 40 tot 50." (a change) nor "22 tot 24 februari" (a date).
		k := b.last + 1
		if k >= len(toks) || toks[b.last].stop || unitStop[toks[k].lower] || months[toks[k].lower] != 0 {
			if !b.euro && !b.percent {
				return numRead{}, false
			}
		}
	}
	return b, true
}

// asRange makes cand c the range a to b: value the midpoint, bounds the ends.
// A multiplier, "euro" or "%" on one end holds for both ("2 à 3 miljoen").
func asRange(c *cand, a, b numRead) bool {
	if b.mult > 0 && a.mult == 0 {
		a.d = a.d.scale(b.mult)
	}
	_, ya := year(strconv.FormatInt(a.d.mant, 10))
	_, yb := year(strconv.FormatInt(b.d.mant, 10))
	if ya && yb && a.d.exp == 0 && b.d.exp == 0 && !a.euro && !b.euro && !a.percent && !b.percent && a.mult+b.mult == 0 {
		return false // 2015 tot 2017: a period
	}
	if !less(a.d, b.d) {
		return false
	}
	mid, ok := midpoint(a.d, b.d)
	if !ok {
		return false
	}
	lo, up := a.d.float(), b.d.float()
	c.fig.Value, c.fig.Lower, c.fig.Upper = mid.float(), &lo, &up
	c.fig.Qualifier = peil.QualRange
	c.last = b.last
	return true
}

// vagueAt reads a quantity in words at token i: "tientallen", "enkele
// honderden", "een handvol".
func vagueAt(toks []token, i int, c *cand) bool {
	w := toks[i].lower
	if w == "een" && i+1 < len(toks) && toks[i+1].lower == "handvol" {
		c.fig.Value, c.last = 5, i+1
		c.fig.Qualifier = peil.QualVague
		return true
	}
	p, ok := vagueWords[w]
	if !ok {
		return false
	}
	unit := math.Pow10(p)
	lo, up := 2*unit, 10*unit-1 // tientallen: 20 to 99
	if i > 0 && toks[i-1].lower == "enkele" {
		up = 9 * unit // enkele tientallen: 20 to 90
		c.first = i - 1
	}
	c.fig.Value = math.Round((lo + up) / 2)
	c.fig.Lower, c.fig.Upper = &lo, &up
	c.fig.Qualifier = peil.QualVague
	return true
}

// dashRange reads "40–50" (or "40-50") in one token as a range, when a word it
// counts follows.
func dashRange(toks []token, i int, c *cand) bool {
	t := toks[i]
	a, b, ok := strings.Cut(t.core, "–")
	if !ok {
		a, b, ok = strings.Cut(t.core, "-")
	}
	if !ok || t.stop || i+1 >= len(toks) || unitStop[toks[i+1].lower] || months[toks[i+1].lower] != 0 {
		return false
	}
	if n := toks[i+1].lower; n == "" || n[0] >= '0' && n[0] <= '9' {
		return false
	}
	da, ok1 := parseDigits(a)
	db, ok2 := parseDigits(b)
	if !ok1 || !ok2 {
		return false
	}
	return asRange(c, numRead{d: da, first: i, last: i}, numRead{d: db, first: i, last: i})
}

// number reads a figure at token i: a number (see readNumber), a range of two
// ("tussen de 40 en 50", "40 à 50", "40–50 deelnemers") or a vague quantity
// ("enkele tientallen"), with the qualifier before it.
func (x *extractor) number(toks []token, i int) (cand, bool) {
	c := cand{num: i, first: i, last: i, unit: -1, sign: 1}
	own := false // the figure has its own qualifier: range or vague
	a, ok := readNumber(toks, i)
	switch {
	case ok:
		c.first, c.last = a.first, a.last
		c.fig.Value = a.d.float()
		if a.approx {
			c.fig.Qualifier = peil.QualApprox
		}
		between := c.first >= 1 && toks[c.first-1].lower == "tussen" ||
			c.first >= 2 && toks[c.first-1].lower == "de" && toks[c.first-2].lower == "tussen"
		if b, ok := rangeAfter(toks, a, between); ok {
			a.euro, a.percent = a.euro || b.euro, a.percent || b.percent
			if own = asRange(&c, a, b); own {
				switch {
				case between && toks[c.first-1].lower == "de":
					c.first -= 2
				case between, c.first >= 1 && toks[c.first-1].lower == "van":
					c.first--
				}
			}
		}
	case vagueAt(toks, i, &c), dashRange(toks, i, &c):
		own, a = true, numRead{}
	default:
		return c, false
	}
	euro, percent := a.euro, a.percent
	switch {
	case euro:
		c.fig.Kind, c.fig.Unit, c.fixed = peil.KindAmount, "euro", true
	case percent:
		c.fig.Unit, c.fixed = "%", true
		c.fig.Kind = peil.KindStock
		for j := c.first - 1; j >= 0 && j >= c.first-4; j-- {
			if changeUp[toks[j].lower] {
				c.fig.Kind = peil.KindChange
				break
			}
			if changeDown[toks[j].lower] {
				c.fig.Kind = peil.KindChange
				c.sign = -1
				break
			}
		}
	}
	// 4,4 op een schaal van 5
	if n := c.last + 1; !euro && !percent && lowerIs(toks, n, "op", "een", "schaal", "van") && n+4 < len(toks) {
		if _, ok := parseDigits(toks[n+4].core); ok {
			c.fig.Kind, c.fig.Unit, c.fixed = peil.KindRating, "schaal van "+toks[n+4].core, true
			c.last = n + 4
		}
	}
	if !own {
		q, qi := qualifierAt(toks, c.first)
		if q != peil.QualExact || c.fig.Qualifier == "" {
			c.fig.Qualifier = q
		}
		c.first = qi
	}
	if c.sign < 0 {
		c.fig.Value = -c.fig.Value
		if c.fig.Lower != nil || c.fig.Upper != nil {
			lo, up := c.fig.Lower, c.fig.Upper
			c.fig.Lower, c.fig.Upper = nil, nil
			if up != nil {
				v := -*up
				c.fig.Lower = &v
			}
			if lo != nil {
				v := -*lo
				c.fig.Upper = &v
			}
		}
	}
	var b strings.Builder
	for j := c.first; j <= c.last; j++ {
		if j > c.first {
			b.WriteByte(' ')
		}
		b.WriteString(toks[j].raw)
	}
	c.fig.Text = strings.TrimRight(strings.TrimLeft(b.String(), leadPunct), trailPunct)
	return c, true
}

// excluded reports numbers that are not figures: dates, years, articles,
// ages, references to measures, durations, ordinals and numbers in names.
func (x *extractor) excluded(toks []token, c cand) bool {
	i := c.num
	t := toks[i]
	at := func(j int) string {
		if j < 0 || j >= len(toks) {
			return ""
		}
		return toks[j].lower
	}
	p1, p2 := at(c.first-1), at(c.first-2)
	n1, n2, n3 := at(c.last+1), at(c.last+2), at(c.last+3)
	isWord := t.core != "" && (t.core[0] < '0' || t.core[0] > '9') && !strings.HasPrefix(t.core, "€")
	if c.fig.Kind == peil.KindAmount || c.fig.Unit == "%" || c.fig.Kind == peil.KindRating {
		return referenceBefore[p1] || articleBefore[p1]
	}
	// A date: "1 maart", "22 tot 24 februari".
	if isMonthName(n1) {
		return true
	}
	if n1 == "tot" || n1 == "t/m" || n1 == "-" || n1 == "–" || n1 == "en" {
		if _, ok := months[n3]; ok {
			if _, ok := day(n2); ok {
				return true
			}
		}
	}
	// A year: 2016, unless it counts ("1995 deelnemers").
	if _, ok := year(t.core); ok && !isWord {
		if c.first == 0 || yearBefore[p1] || toks[c.first-1].cap || months[p1] != 0 || t.stop || c.last+1 >= len(toks) {
			return true
		}
		if _, ok := year(n2); ok || n1 == "en" || n1 == "tot" || n1 == "t/m" || n1 == "-" || n1 == "–" {
			return true
		}
		if unitStop[n1] || toks[c.last+1].cap {
			return true
		}
	}
	if articleBefore[p1] || lawAfter[n1] || ((n1 == "en" || n1 == "als" || n1 == "of" || n1 == "t/m") && lawAfter[n3]) {
		return true
	}
	if ageAfter[n1] || strings.HasPrefix(n1, "-jarig") || (n1 == "jaar" && n2 == "oud") {
		return true
	}
	if referenceBefore[p1] || (referenceBefore[p2] && (p1 == "en" || p1 == "of" || p1 == "t/m" || p1 == "tot")) {
		return true
	}
	if durationAfter[n1] {
		return true
	}
	// Names: "peer 2 peer", "1 op 1 begeleiding", the 5 of "op een schaal van 5".
	if p1 != "" && p1 == n1 && !toks[c.first-1].stop && !toks[c.first].open && !toks[c.last].stop {
		return true
	}
	if (n1 == "op" || n1 == "tegen" || n1 == "aan") && n2 == t.lower {
		return true
	}
	if (p1 == "op" || p1 == "tegen" || p1 == "aan") && p2 == t.lower {
		return true
	}
	if p1 == "van" && p2 == "schaal" {
		return true
	}
	if isWord && definiteBefore[p1] {
		return true
	}
	// A number word needs something it counts after it.
	if isWord && c.fig.Qualifier != peil.QualRange && (n1 == "" || n1 == "van" || n1 == "of" || n1 == "à" || n1 == "tot" || n1 == "en" || toks[c.last].stop) {
		return true
	}
	return false
}

// unitOf finds what the figure counts: the first noun after the number,
// skipping adjectives, a parenthesis and "aan jihadisme gerelateerde".
func (x *extractor) unitOf(toks []token, c *cand) {
	if c.fixed {
		return
	}
	if toks[c.last].stop {
		x.inheritUnit(c)
		return
	}
	for j := c.last + 1; j < len(toks) && j <= c.last+8; j++ {
		t := toks[j]
		if t.open {
			for j < len(toks) && !toks[j].close {
				j++
			}
			continue
		}
		w := t.lower
		if w == "aan" {
			k := j + 1
			for k < len(toks) && k <= j+3 && !strings.HasSuffix(toks[k].lower, "de") && !strings.HasSuffix(toks[k].lower, "te") {
				k++
			}
			if k < len(toks) && k <= j+3 {
				j = k
				continue
			}
			break
		}
		if unitStop[w] {
			break
		}
		if w == "" {
			break
		}
		if _, ok := parseDigits(t.core); ok {
			break
		}
		if len(w) > 3 && strings.HasSuffix(w, "e") && !nounsInE[w] && !t.stop {
			continue // an adjective: unieke, gerelateerde, Marokkaanse
		}
		c.fig.Unit = w
		c.unit = j
		return
	}
	x.inheritUnit(c)
}

// inheritUnit gives a figure without a noun the unit of the figure before it
// in the sentence: "97 personen ..., waarvan 30 in deze rapportageperiode".
func (x *extractor) inheritUnit(c *cand) {
	if len(x.cands) > 0 {
		c.fig.Unit = x.cands[0].fig.Unit
	}
}

// phraseRole groups time phrases by what they say: a period or start, a
// point in time, or "now".
type phraseRole uint8

const (
	rolePeriod phraseRole = iota
	rolePoint
	roleNow
)

func roleOf(t phraseType) phraseRole {
	switch t {
	case phPoint:
		return rolePoint
	case phNowStock, phNowCum:
		return roleNow
	}
	return rolePeriod
}

// clauseBreak reports a comma, semicolon or colon in tokens [from, to).
func clauseBreak(toks []token, from, to int) bool {
	for j := from - 1; j < to-1 && j < len(toks); j++ {
		if j >= 0 && toks[j].stop && !toks[j].close {
			return true
		}
	}
	return false
}

// periods gives each figure of the sentence its kind and period from the
// time phrases around it: phrases right after a figure belong to it; others
// apply to the figures after them, or, failing those, to a figure before.
func (x *extractor) periods(toks []token, rowStart, backref int) {
	owner := make([]int, len(x.phs))
	for p := range owner {
		owner[p] = -1
	}
	// A reference date stated once ("(stand per 1 oktober 2016)", "peildatum
	// ...", "per 1 maart 2017") dates every figure of the sentence that has
	// no date of its own, wherever it stands; two different ones date none
	// but their own figures.
	refPhrase := -1
	for p, ph := range x.phs {
		if !ph.ref {
			continue
		}
		if refPhrase >= 0 && !x.phs[refPhrase].end.Equal(ph.end.Time) {
			refPhrase = -1
			break
		}
		refPhrase = p
	}
	if refPhrase >= 0 {
		for p, ph := range x.phs {
			if ph.ref {
				owner[p] = len(x.cands) // nobody's: it applies to all
			}
		}
	}
	for k := range x.cands {
		c := &x.cands[k]
		end := c.last
		if c.unit > end {
			end = c.unit
		}
		next := len(toks)
		if k+1 < len(x.cands) {
			next = x.cands[k+1].first
		}
		for p, ph := range x.phs {
			// Not across a clause mark ("..., nadat in 2017 ..."), and not a
			// phrase that leads into the next figure ("35 meldingen en in het
			// laatste kwartaal ongeveer 50").
			if owner[p] < 0 && ph.from > c.last && ph.from <= end+3 && ph.from < next &&
				!clauseBreak(toks, c.last+1, ph.from+1) && !(k+1 < len(x.cands) && ph.to >= next-1) {
				owner[p] = k
				c.ownPhrases = append(c.ownPhrases, p)
			}
		}
	}
	for k := range x.cands {
		c := &x.cands[k]
		use := append(x.use[:0], c.ownPhrases...)
		main := false
		for _, p := range use {
			switch x.phs[p].typ {
			case phRange, phThis, phStart:
				main = true
			}
		}
		if !main {
			before := -1
			for p, ph := range x.phs {
				if ph.to <= c.first && owner[p] < 0 {
					before = p
				}
			}
			if before < 0 && len(use) == 0 && refPhrase < 0 {
				for p, ph := range x.phs {
					if ph.from > c.last && owner[p] < 0 {
						before = p
						break
					}
				}
			}
			if before >= 0 {
				use = append(use, before)
				// "Sinds juli 2015 heeft het ROR in totaal 410 ...": a marker of
				// "now" or a point date does not hide an earlier phrase of
				// another role in the same clause.
				var seen [3]bool
				seen[roleOf(x.phs[before].typ)] = true
				for _, p := range use[:len(use)-1] {
					seen[roleOf(x.phs[p].typ)] = true
				}
				for p := before - 1; p >= 0; p-- {
					ph := x.phs[p]
					if owner[p] >= 0 || clauseBreak(toks, ph.to, x.phs[before].from+1) {
						break
					}
					if r := roleOf(ph.typ); !seen[r] {
						seen[r] = true
						use = append(use, p)
					}
				}
			}
		}
		f := &c.fig
		counted := f.Kind == "" || f.Kind == peil.KindStock && f.Unit != "%"
		kind := peil.KindStock
		var start, end peil.Date
		for _, p := range use {
			ph := x.phs[p]
			switch ph.typ {
			case phStart:
				start, kind = ph.start, peil.KindCumulative
				c.thisPeriod = false
			case phRange:
				start, end, kind = ph.start, ph.end, peil.KindFlow
				c.thisPeriod = false
				// "in 2016 en 2017" in a report of March 2017: the count runs
				// up to the report, not to the end of a year still under way.
				if ph.prec == peil.PrecisionYear && !x.ref.IsZero() && end.After(x.ref.Time) && !start.After(x.ref.Time) &&
					end.Year() == x.ref.Year() && f.Kind != peil.KindAmount && !future(toks) {
					end = x.ref
				}
			case phThis:
				start, end, kind = x.opts.PeriodStart, x.ref, peil.KindFlow
				c.thisPeriod = true
			case phEnd:
				end = ph.end
				if kind == peil.KindStock {
					kind = peil.KindCumulative
				}
			case phPoint:
				end = ph.end
			case phNowCum:
				if kind == peil.KindStock {
					kind = peil.KindCumulative
				}
			}
		}
		if refPhrase >= 0 && end.IsZero() {
			end = x.phs[refPhrase].end
		}
		switch {
		case refPhrase >= 0:
		case len(use) == 0 && backref >= 0:
			b := x.figures[backref]
			kind, start, end = b.Kind, b.PeriodStart, b.PeriodEnd
			c.thisPeriod = x.thisPeriod[backref]
		case len(use) == 0 && f.Kind == peil.KindChange && len(x.figures) > rowStart:
			b := x.figures[len(x.figures)-1]
			start, end = b.PeriodStart, b.PeriodEnd
			c.thisPeriod = x.thisPeriod[len(x.figures)-1]
		}
		if end.IsZero() && kind != peil.KindFlow {
			end = x.ref
		}
		if !start.IsZero() && !end.IsZero() && start.After(end.Time) {
			end = start // "vanaf september 2017" in a report of March 2017: from then on
		}
		if counted {
			f.Kind = kind
		}
		f.PeriodStart, f.PeriodEnd = start, end
		x.use = use
	}
}
