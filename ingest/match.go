package ingest

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/peil-dev/peil"
)

// minScore is the least evidence for an indicator: its unit, or its unit's
// cue, or several cues near the figure (peil.MinMatchScore in points).
const minScore = 9

// matcher assigns catalog indicators to figures.
type matcher struct {
	cat *peil.Catalog
	by  map[int][]*peil.Indicator // by measure
}

func newMatcher(cat *peil.Catalog) *matcher {
	m := &matcher{cat: cat, by: map[int][]*peil.Indicator{}}
	if cat == nil {
		return m
	}
	for i := range cat.Indicators {
		ind := &cat.Indicators[i]
		m.by[ind.Measure] = append(m.by[ind.Measure], ind)
	}
	return m
}

// why collects what made an indicator fit, for the reason of a match.
type why struct {
	unit      bool
	unitCues  []string
	nearCues  []string
	sentCues  []string
	kind      bool
	otherKind bool // the kinds cannot meet (money, rating, change)
}

// score says how well ind fits figure f. near is the lower-case text between
// the figures before and after f, sent its whole sentence in lower case.
// The unit counts most, then cues near the figure, then its kind, then cues
// elsewhere in the sentence. w, when not nil, collects why.
func score(ind *peil.Indicator, f *peil.Figure, near, sent string, w *why) int {
	s := 0
	if f.Unit != "" && f.Unit == ind.Unit {
		s += 10
		if w != nil {
			w.unit = true
		}
	}
	for _, cue := range ind.Cues {
		if f.Unit != "" && strings.Contains(f.Unit, cue) {
			s += 6
			if w != nil {
				w.unitCues = append(w.unitCues, cue)
			}
		}
		switch {
		case strings.Contains(near, cue):
			s += 4
			if w != nil {
				w.nearCues = append(w.nearCues, cue)
			}
		case strings.Contains(sent, cue):
			s++
			if w != nil {
				w.sentCues = append(w.sentCues, cue)
			}
		}
	}
	if f.Kind == ind.Kind {
		s += 4
		if w != nil {
			w.kind = true
		}
	}
	switch {
	case ind.Kind == peil.KindAmount && f.Kind != peil.KindAmount,
		ind.Kind == peil.KindRating && f.Kind != peil.KindRating,
		ind.Kind == peil.KindChange && f.Kind != peil.KindChange,
		f.Kind == peil.KindAmount && ind.Kind != peil.KindAmount,
		f.Kind == peil.KindRating && ind.Kind != peil.KindRating,
		f.Kind == peil.KindChange && ind.Kind != peil.KindChange:
		if w != nil {
			w.otherKind = true
		}
		return 0
	}
	return s
}

// scoreOf turns points into a score from 0 to 1, rounded to two decimals.
func scoreOf(points int) float64 {
	return math.Min(1, math.Round(float64(points)/peil.ScorePoints*100)/100)
}

// candidate is an indicator with its points for a figure.
type candidate struct {
	ind    *peil.Indicator
	points int
}

// match finds the best indicator for f among the indicators of the given
// measures (the row's own first, then those it refers to; near is the text
// around the figure in lower case) and fills in f's indicator, score, reason,
// status (auto or open, before the check for two values of one indicator in
// the report) and alternatives: the three best other indicators with points.
// It returns the indicator, nil when none is good enough.
func (m *matcher) match(f *peil.Figure, near string, own, refs []int) *peil.Indicator {
	sent := lower(f.Sentence)
	var all []candidate
	var best *peil.Indicator
	bestPoints, runnerUp := 0, 0
	for _, set := range [][]int{own, refs} {
		var setBest *peil.Indicator
		setPoints, setRunner := 0, 0
		for _, nr := range set {
			for _, ind := range m.by[nr] {
				s := score(ind, f, near, sent, nil)
				if s > 0 {
					all = append(all, candidate{ind, s})
				}
				switch {
				case s > setPoints:
					setBest, setRunner, setPoints = ind, setPoints, s
				case s > setRunner:
					setRunner = s
				}
			}
		}
		if setBest != nil && setPoints >= minScore {
			best, bestPoints, runnerUp = setBest, setPoints, setRunner
			break
		}
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].points > all[j].points })
	f.Alternatives = []peil.Alternative{}
	seen := map[peil.IndicatorID]bool{}
	for _, c := range all {
		if len(f.Alternatives) == 3 {
			break
		}
		if c.ind == best || seen[c.ind.ID] {
			continue
		}
		seen[c.ind.ID] = true
		alt := scoreOf(c.points)
		if best != nil && c.points == bestPoints {
			alt = math.Round(alt*50) / 100 // a tie halves both
		}
		f.Alternatives = append(f.Alternatives, peil.Alternative{Indicator: c.ind.ID, Score: alt})
	}
	if best == nil {
		f.Score, f.Status = 0, peil.ReviewOpen
		f.Reason = "geen indicator past"
		if len(all) > 0 {
			f.Reason = fmt.Sprintf("geen indicator past genoeg: de beste, %s, heeft %d van de %d punten die nodig zijn",
				all[0].ind.ID, all[0].points, minScore)
		}
		return nil
	}
	f.Score = scoreOf(bestPoints)
	var w why
	score(best, f, near, sent, &w)
	f.Reason = reason(best, f, &w, own)
	if runnerUp == bestPoints {
		f.Score = math.Round(f.Score*50) / 100
		f.Reason += fmt.Sprintf("; een andere indicator scoort even hoog (%d punten): score gehalveerd", runnerUp)
	}
	f.Status = peil.MatchStatus(best.ID, f.Score, false)
	return best
}

// reason says in Dutch why ind was matched to f.
func reason(ind *peil.Indicator, f *peil.Figure, w *why, own []int) string {
	var parts []string
	if w.unit {
		parts = append(parts, fmt.Sprintf("eenheid %q", f.Unit))
	}
	if len(w.unitCues) > 0 {
		parts = append(parts, "eenheid bevat "+quoted(w.unitCues))
	}
	if len(w.nearCues) > 0 {
		parts = append(parts, "bij het cijfer: "+quoted(w.nearCues))
	}
	if len(w.sentCues) > 0 {
		parts = append(parts, "in de zin: "+quoted(w.sentCues))
	}
	if w.kind {
		parts = append(parts, "soort "+f.Kind.Dutch())
	}
	where := fmt.Sprintf("maatregel %d", ind.Measure)
	own1 := false
	for _, nr := range own {
		own1 = own1 || nr == ind.Measure
	}
	if !own1 {
		where += " (waarnaar de rij verwijst)"
	}
	parts = append(parts, where)
	return strings.Join(parts, "; ")
}

func quoted(ws []string) string {
	q := make([]string, len(ws))
	for i, w := range ws {
		q[i] = fmt.Sprintf("%q", w)
	}
	return strings.Join(q, ", ")
}

// duplicateReason ends the reason of a figure whose indicator got another
// value for the same period from the same report.
const duplicateReason = "; deze indicator kreeg in deze rapportage nog een andere waarde voor dezelfde periode"

// markDuplicates makes open the figures whose indicator got two different
// values for one period from the report, and says so in their reason. It can
// run again after periods changed (setPeriodStart): a figure no longer
// duplicated gets its state back.
func markDuplicates(figs []peil.Figure) {
	type key struct {
		ind        peil.IndicatorID
		start, end peil.Date
	}
	values := map[key][]float64{}
	for _, f := range figs {
		if f.Indicator == "" {
			continue
		}
		k := key{f.Indicator, f.PeriodStart, f.PeriodEnd}
		values[k] = append(values[k], f.Value)
	}
	for i := range figs {
		f := &figs[i]
		if f.Indicator == "" {
			continue
		}
		dup := false
		for _, v := range values[key{f.Indicator, f.PeriodStart, f.PeriodEnd}] {
			dup = dup || v != f.Value
		}
		marked := strings.HasSuffix(f.Reason, duplicateReason)
		switch {
		case dup && !marked:
			f.Reason += duplicateReason
		case !dup && marked:
			f.Reason = strings.TrimSuffix(f.Reason, duplicateReason)
		}
		f.Status = peil.MatchStatus(f.Indicator, f.Score, dup)
	}
}
