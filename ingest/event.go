package ingest

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/peil-dev/peil"
)

// eventVerbs are the phrases that make a dated sentence a milestone, in order
// of precedence.
var eventVerbs = []struct {
	phrase string
	typ    peil.EventType
	label  string
}{
	{"in werking getreden", peil.EventInForce, "in werking getreden"},
	{"in werking treedt", peil.EventExpected, "treedt naar verwachting in werking"},
	{"in werking treden", peil.EventExpected, "treedt naar verwachting in werking"},
	{"treedt", peil.EventExpected, "treedt naar verwachting in werking"}, // "treedt ... in werking"
	{"aangenomen", peil.EventAdopted, "aangenomen"},
	{"aanvaard", peil.EventAdopted, "aanvaard"},
	{"ingericht", peil.EventEstablished, "ingericht"},
	{"opgericht", peil.EventEstablished, "opgericht"},
	{"oprichting", peil.EventEstablished, "opgericht"}, // "sinds de oprichting in juli 2015"
}

// eventWords are the last words of the event phrases.
var eventWords = setOf("getreden", "treedt", "treden", "aangenomen", "aanvaard", "ingericht", "opgericht", "oprichting")

// sentenceEvent finds a dated milestone in one sentence of row r.
func (x *extractor) sentenceEvent(r *row, sent sentence, toks []token) {
	s := r.status.s[sent.start:sent.end]
	found := false
	for i := range toks {
		if eventWords[toks[i].lower] {
			found = true
			break
		}
	}
	if !found {
		return
	}
	ls := lower(s)
	verb := -1
	for k, v := range eventVerbs {
		if strings.Contains(ls, v.phrase) {
			if v.phrase == "treedt" && !strings.Contains(ls, "in werking") {
				continue
			}
			verb = k
			break
		}
	}
	if verb < 0 {
		return
	}
	// The date: the first after a preposition that dates an event, else the first.
	best, bestTok, preferred := span{}, -1, false
	future := false
	for i := 0; i < len(toks); i++ {
		if futureWords[toks[i].lower] {
			future = true
		}
		sp, ok := spanAt(toks, i, x.ref)
		if !ok {
			continue
		}
		// A bare four-digit number is a year only after a preposition ("in 2016"),
		// not in "1995 deelnemers".
		if sp.prec == peil.PrecisionYear && sp.n == 1 && (i == 0 || !yearBefore[toks[i-1].lower]) {
			continue
		}
		// Dates after op, per, sinds, in, vanaf or "met ingang van" are preferred.
		pref := false
		if i > 0 {
			switch toks[i-1].lower {
			case "op", "per", "sinds", "van", "in", "vanaf":
				pref = toks[i-1].lower != "van" || (i > 1 && toks[i-2].lower == "ingang")
			}
		}
		if bestTok < 0 || (pref && !preferred) {
			best, bestTok, preferred = sp, i, pref
		}
		i += sp.n - 1
	}
	if bestTok < 0 {
		return
	}
	v := eventVerbs[verb]
	typ := v.typ
	if future && typ != peil.EventExpected && !strings.Contains(ls, "getreden") {
		typ = peil.EventExpected
	}
	if strings.HasPrefix(ls, "totdat") || strings.HasPrefix(ls, "zodra") {
		return
	}
	date := best.start
	label := ""
	if v.phrase == "oprichting" {
		label = foundingLabel(toks, v.label)
	} else {
		label = eventLabel(toks, bestTok, best.n, v.label)
	}
	x.events = append(x.events, peil.Event{
		Measure:   r.nrs[0],
		Date:      date,
		Precision: best.prec,
		Type:      typ,
		Label:     label,
		Sentence:  s,
	})
	ev := &x.events[len(x.events)-1]
	ev.Line, ev.Page = r.status.at(toks[bestTok].off)
}

// Words that never start an event label, and the auxiliary verbs that end
// (or, first in a sentence, open) its subject.
var (
	labelSkip = setOf("de", "het", "een", "ook", "deze", "dit", "die", "op", "sinds", "per", "in", "naar",
		"verwachting", "nu", "inmiddels")
	labelAux   = setOf("is", "zijn", "heeft", "hebben", "treedt", "wordt", "worden", "werd", "werden", "zal", "zullen")
	labelTrail = setOf("van", "de", "het", "een", "voor", "en", "of", "tot", "aan", "over", "bij", "met")
	labelStop  = setOf("op", "sinds", "per", "in", "naar", "aangenomen", "aanvaard", "ingericht", "opgericht", "met")
)

// eventLabel makes a short Dutch label: what the sentence is about, then what
// happened ("Wetsvoorstel aangenomen").
func eventLabel(toks []token, dateTok, dateLen int, what string) string {
	start := 0
	if dateTok <= 1 {
		start = dateTok + dateLen // a leading "Op 1 maart 2017"
	}
	from := start
	if from < len(toks) && labelAux[toks[from].lower] {
		// "Op 1 maart 2017 is de Regeling ...": the subject follows the verb,
		// after its article.
		from++
		for j := from; j < len(toks) && j < from+10; j++ {
			if w := toks[j].lower; w == "de" || w == "het" || w == "een" {
				from = j
				break
			}
		}
	} else {
		for j := from; j < len(toks); j++ {
			if w := toks[j].lower; w == "heeft" || w == "hebben" {
				from = j + 1 // "De Raad heeft de richtlijn ... aangenomen": the object
				break
			}
			if labelAux[toks[j].lower] {
				break
			}
		}
	}
	var subj []string
	for j := from; j < len(toks) && len(subj) < 5; j++ {
		w := toks[j].lower
		if j >= dateTok && j < dateTok+dateLen {
			break
		}
		if len(subj) == 0 && labelSkip[w] {
			continue
		}
		if labelAux[w] || labelStop[w] {
			break
		}
		subj = append(subj, strings.TrimRight(toks[j].raw, ",;:"))
		if toks[j].stop {
			break
		}
	}
	for len(subj) > 1 && labelTrail[lower(subj[len(subj)-1])] {
		subj = subj[:len(subj)-1]
	}
	label := strings.Join(subj, " ")
	if label == "" {
		label = "Maatregel"
	}
	r, n := utf8.DecodeRuneInString(label)
	return string(unicode.ToUpper(r)) + label[n:] + " " + what
}

// foundingLabel labels the founding that the noun "oprichting" speaks of:
// what follows "oprichting van (de|het)", else the last name before it
// ("via het ROR sinds de oprichting": "ROR opgericht").
func foundingLabel(toks []token, what string) string {
	cue := -1
	for i := range toks {
		if toks[i].lower == "oprichting" {
			cue = i
			break
		}
	}
	name := ""
	if cue+1 < len(toks) && toks[cue+1].lower == "van" {
		j := cue + 2
		if j < len(toks) && (toks[j].lower == "de" || toks[j].lower == "het") {
			j++
		}
		if j < len(toks) {
			name = strings.TrimRight(toks[j].raw, ",;:.")
		}
	}
	for j := cue - 1; name == "" && j > 0; j-- {
		if toks[j].cap {
			name = toks[j].core
		}
	}
	if name == "" {
		name = "Maatregel"
	}
	r, n := utf8.DecodeRuneInString(name)
	return string(unicode.ToUpper(r)) + name[n:] + " " + what
}
