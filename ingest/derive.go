package ingest

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/peil-dev/peil"
)

// Derive returns the values a report implies without stating them, each marked
// as derived with its formula in Dutch words:
//
//   - "97 personen ..., waarvan 30 in deze rapportageperiode": the total at the
//     start of the reporting period, 97 − 30 = 67, dated at the report's period
//     start (skipped when that is unknown);
//   - "120 meldingen in 2016. Dit is een afname van 15% ten opzichte van 2015":
//     the value of the earlier year, 120 / (1 − 0,15) ≈ 141, qualified approx.
//
// The base figure is the nearest figure before the phrase in the same sentence
// (for a percentage change also in the sentence before), with a value at least
// as large as the part for "waarvan". Figures are located in the measure's
// status text, or, when that is missing, in their own sentences.
//
// A value beyond peil.MaxValue is not derived: a decrease of 99,99999% divides
// by nearly nothing (9·10^14 gave 8·10^30).
func Derive(ext *peil.Extraction) []peil.Observation {
	var out []peil.Observation
	for _, m := range measureTexts(ext) {
		out = append(out, deriveWaarvan(ext.Report, m)...)
		out = append(out, deriveChange(ext.Report, m)...)
	}
	return slices.DeleteFunc(out, func(o peil.Observation) bool { return !peil.InRange(o.Value) })
}

// measureText is the text of one measure with its figures located in it.
type measureText struct {
	nr   int
	text string // whitespace collapsed
	ends []int  // where each sentence after the first starts (see sentenceEnds)
	figs []placedFigure
}

// placedFigure is a figure with its byte range in its measure's text.
type placedFigure struct {
	peil.Figure
	start, end int
}

// measureTexts collects per measure its text and the positions of its figures,
// in measure order, for the measures that have a phrase to derive from.
func measureTexts(ext *peil.Extraction) []measureText {
	status := map[int]string{}
	for _, m := range ext.Measures {
		status[m.Nr] += " " + m.Status
	}
	// Pointers into ext.Figures: most measures derive nothing, and a copy
	// of every figure was a third of what Derive allocated.
	byNr := map[int][]*peil.Figure{}
	for i := range ext.Figures {
		f := &ext.Figures[i]
		byNr[f.Measure] = append(byNr[f.Measure], f)
	}
	var out []measureText
	for nr, figs := range byNr {
		if !mayDerive(status[nr], figs) {
			continue
		}
		// The figures in line order: for a measure without status text its
		// text is their sentences in that order, and each figure is looked
		// for from where the one before was found, so that placing them
		// costs the text once, not once per figure (which for a measure of
		// many figures grew with their square).
		sort.SliceStable(figs, func(i, j int) bool { return figs[i].Line < figs[j].Line })
		text := collapse(status[nr])
		if text == "" {
			var b strings.Builder
			last := ""
			for _, f := range figs {
				if s := collapse(f.Sentence); s != last {
					b.WriteString(s + " ")
					last = s
				}
			}
			text = b.String()
		}
		mt := measureText{nr: nr, text: text, ends: sentenceEnds(text)}
		from := 0
		for _, f := range figs {
			if start, end, at, ok := locate(text, from, f); ok {
				mt.figs = append(mt.figs, placedFigure{Figure: *f, start: start, end: end})
				from = at
			}
		}
		sort.SliceStable(mt.figs, func(i, j int) bool { return mt.figs[i].start < mt.figs[j].start })
		out = append(out, mt)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].nr < out[j].nr })
	return out
}

// mayDerive reports whether a measure's text has a phrase to derive from: a
// cheap test that spares the regular expressions most measures.
func mayDerive(status string, figs []*peil.Figure) bool {
	has := func(s string) bool {
		return strings.Contains(s, "waarvan") || strings.Contains(s, "Waarvan") || strings.Contains(s, "opzichte van")
	}
	if has(status) {
		return true
	}
	for _, f := range figs {
		if has(f.Sentence) {
			return true
		}
	}
	return false
}

// locate finds figure f in text at or after offset from: within its sentence
// (without the "…" where a long one was cut) when the sentence is there, else
// the next occurrence of its text as a whole number. at is where the next
// figure's search may start: the start of f's sentence, or from.
func locate(text string, from int, f *peil.Figure) (start, end, at int, ok bool) {
	t := collapse(f.Text)
	if t == "" {
		return 0, 0, from, false
	}
	if s := collapse(strings.TrimSuffix(strings.TrimPrefix(f.Sentence, "…"), "…")); s != "" {
		if si := strings.Index(text[from:], s); si >= 0 {
			si += from
			if ti := indexWhole(text[si:si+len(s)], t); ti >= 0 {
				return si + ti, si + ti + len(t), si, true
			}
		}
	}
	if ti := indexWhole(text[from:], t); ti >= 0 {
		return from + ti, from + ti + len(t), from, true
	}
	return 0, 0, from, false
}

// indexWhole is strings.Index for sub not directly preceded or followed by a
// digit (so "12" is not found in "120").
func indexWhole(s, sub string) int {
	for off := 0; off <= len(s)-len(sub); {
		i := strings.Index(s[off:], sub)
		if i < 0 {
			return -1
		}
		i += off
		j := i + len(sub)
		if (i == 0 || !isDigit(s[i-1])) && (j == len(s) || !isDigit(s[j])) {
			return i
		}
		off = i + 1
	}
	return -1
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// collapse trims s and collapses runs of white space into one space.
func collapse(s string) string {
	// Most sentences are collapsed already: plain ASCII with single spaces
	// between words. They come back as they are, without a copy; anything
	// else (other white space, or any byte outside ASCII, where Fields would
	// also split on a no-break space) goes through Fields.
	plain := len(s) == 0 || (s[0] != ' ' && s[len(s)-1] != ' ')
	for i := 0; plain && i < len(s); i++ {
		c := s[i]
		plain = c >= 0x21 && c < 0x80 || c == ' ' && s[i-1] != ' '
	}
	if plain {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

var (
	waarvanRe = regexp.MustCompile(`(?i)\bwaarvan\s+(?:er\s+)?((?:\S+\s+){0,4}?)in\s+deze\s+rapportageperiode`)
	changeRe  = regexp.MustCompile(`(?i)\been\s+(afname|daling|toename|stijging|groei)\s+van\s+(?:ruim\s+|circa\s+|ongeveer\s+)?(\d+(?:,\d+)?)\s*(?:%|procent)\s+ten\s+opzichte\s+van\s+((?:19|20)\d\d)\b`)
	numberRe  = regexp.MustCompile(`\d{1,3}(?:\.\d{3})+|\d+(?:,\d+)?`)
	// sentenceEndRe marks the end of a sentence: a full stop, then a capital.
	sentenceEndRe = regexp.MustCompile(`[.!?]\s+[A-Z]`)
)

// deriveWaarvan derives the total at the start of the reporting period.
func deriveWaarvan(rep peil.Report, m measureText) []peil.Observation {
	if rep.PeriodStart.IsZero() {
		return nil
	}
	var out []peil.Observation
	for _, loc := range waarvanRe.FindAllStringSubmatchIndex(m.text, -1) {
		partStart, partEnd := loc[2], loc[3]
		part, ok := partValue(m, partStart, partEnd)
		if !ok {
			continue
		}
		total, ok := nearestBefore(m, loc[0], false, func(f placedFigure) bool {
			return f.Value >= part.value && f.Kind != peil.KindChange && f.start < partStart
		})
		if !ok {
			continue
		}
		v := peil.RoundDerived(total.Value-part.value, total.Value, part.value)
		q := peil.QualApprox
		if total.Qualifier == peil.QualExact && part.qualifier == peil.QualExact {
			q = peil.QualExact
		}
		o := derived(rep, total.Figure, v, q, m.text[total.start:loc[1]])
		o.PeriodStart = total.PeriodStart
		o.PeriodEnd = rep.PeriodStart
		o.Derivation = fmt.Sprintf("afgeleid: %s (totaal) min %s (waarvan in deze rapportageperiode) = %s "+
			"aan het begin van de rapportageperiode (%s)", peil.FormatNumber(total.Value),
			peil.FormatNumber(part.value), peil.FormatNumber(v), peil.FormatDate(rep.PeriodStart))
		out = append(out, o)
	}
	return out
}

// part is the number in a "waarvan N" phrase.
type part struct {
	value     float64
	qualifier peil.Qualifier
}

// partValue reads the number of a waarvan phrase: an extracted figure in the
// range, else the first number written in digits.
func partValue(m measureText, start, end int) (part, bool) {
	first := sort.Search(len(m.figs), func(i int) bool { return m.figs[i].start >= start })
	for _, f := range m.figs[first:] {
		if f.start >= end {
			break
		}
		if f.end <= end {
			return part{f.Value, f.Qualifier}, true
		}
	}
	s := numberRe.FindString(m.text[start:end])
	if s == "" {
		return part{}, false
	}
	v, ok := ParseNumber(s)
	if !ok {
		return part{}, false
	}
	return part{v, peil.QualExact}, true
}

// nearestBefore returns the last figure that ends before pos and satisfies ok,
// in the same sentence, or (prevSentence) also in the sentence before, and at
// most maxSentence bytes before pos each: in a text without full stops the
// "sentence" is not the whole text, so that a phrase reaches back as far as a
// stored sentence does and each derivation costs its own neighbourhood.
func nearestBefore(m measureText, pos int, prevSentence bool, ok func(placedFigure) bool) (placedFigure, bool) {
	from := max(m.sentenceStart(pos), pos-maxSentence)
	if prevSentence && from > 0 {
		from = max(m.sentenceStart(from-1), from-maxSentence)
	}
	i := sort.Search(len(m.figs), func(i int) bool { return m.figs[i].start >= pos })
	for i--; i >= 0 && m.figs[i].start >= from; i-- {
		if f := m.figs[i]; f.end <= pos && ok(f) {
			return f, true
		}
	}
	return placedFigure{}, false
}

// sentenceEnds returns where each sentence of text after the first starts: at
// the capital after a full stop (sentenceEndRe), in increasing order.
func sentenceEnds(text string) []int {
	var out []int
	for _, loc := range sentenceEndRe.FindAllStringIndex(text, -1) {
		out = append(out, loc[1]-1)
	}
	return out
}

// sentenceStart returns where the sentence that holds pos starts: at the last
// sentence's capital before pos, else 0.
func (m measureText) sentenceStart(pos int) int {
	i := sort.Search(len(m.ends), func(i int) bool { return m.ends[i] >= pos })
	if i == 0 {
		return 0
	}
	return m.ends[i-1]
}

// deriveChange derives the value of an earlier year from a percentage change.
func deriveChange(rep peil.Report, m measureText) []peil.Observation {
	var out []peil.Observation
	for _, loc := range changeRe.FindAllStringSubmatchIndex(m.text, -1) {
		word := strings.ToLower(m.text[loc[2]:loc[3]])
		pct, ok := ParseNumber(m.text[loc[4]:loc[5]])
		if !ok || pct <= 0 || (pct >= 100 && isDecrease(word)) {
			continue
		}
		year, _ := strconv.Atoi(m.text[loc[6]:loc[7]])
		base, ok := nearestBefore(m, loc[0], true, func(f placedFigure) bool {
			return f.Kind != peil.KindChange && !strings.Contains(f.Text, "%")
		})
		if !ok {
			continue
		}
		factor, sign := 1+pct/100, "+"
		if isDecrease(word) {
			factor, sign = 1-pct/100, "−"
		}
		v := peil.RoundDerived(base.Value/factor, base.Value)
		o := derived(rep, base.Figure, v, peil.QualApprox, m.text[base.start:loc[1]])
		o.PeriodStart = peil.NewDate(year, time.January, 1)
		o.PeriodEnd = peil.NewDate(year, time.December, 31)
		o.Text = "ca. " + peil.FormatNumber(v)
		o.Derivation = fmt.Sprintf("afgeleid: %s gedeeld door (1 %s %s%%), want een %s van %s%% ten opzichte van %d; "+
			"ongeveer %s in %d", peil.FormatNumber(base.Value), sign, peil.FormatNumber(pct), word,
			peil.FormatNumber(pct), year, peil.FormatNumber(v), year)
		out = append(out, o)
	}
	return out
}

func isDecrease(word string) bool { return word == "afname" || word == "daling" }

// derived returns an observation derived from base with value v; the caller
// sets its period and derivation.
func derived(rep peil.Report, base peil.Figure, v float64, q peil.Qualifier, sentence string) peil.Observation {
	o := peil.Observation{
		ReportDate: rep.ReportDate,
		Measure:    base.Measure,
		Indicator:  base.Indicator,
		Value:      v,
		Text:       peil.FormatNumber(v),
		Qualifier:  q,
		Kind:       base.Kind,
		Unit:       base.Unit,
		Sentence:   sentence,
		Line:       base.Line,
		Page:       base.Page,
		Source:     peil.SourceDerived,
	}
	o.Lower, o.Upper = peil.Bounds(q, v)
	return o
}
