package ingest

import (
	"strings"

	"github.com/peil-dev/peil"
)

// minScore is the least evidence for an indicator: its unit, or its unit's
// cue, or several cues near the figure.
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

// score says how well ind fits figure f. near is the lower-case text between
// the figures before and after f, sent its whole sentence in lower case.
// The unit counts most, then cues near the figure, then its kind, then cues
// elsewhere in the sentence.
func score(ind *peil.Indicator, f *peil.Figure, near, sent string) int {
	s := 0
	if f.Unit != "" && f.Unit == ind.Unit {
		s += 10
	}
	for _, cue := range ind.Cues {
		if f.Unit != "" && strings.Contains(f.Unit, cue) {
			s += 6
		}
		switch {
		case strings.Contains(near, cue):
			s += 4
		case strings.Contains(sent, cue):
			s++
		}
	}
	if f.Kind == ind.Kind {
		s += 4
	}
	switch {
	case ind.Kind == peil.KindAmount && f.Kind != peil.KindAmount,
		ind.Kind == peil.KindRating && f.Kind != peil.KindRating,
		ind.Kind == peil.KindChange && f.Kind != peil.KindChange,
		f.Kind == peil.KindAmount && ind.Kind != peil.KindAmount,
		f.Kind == peil.KindRating && ind.Kind != peil.KindRating,
		f.Kind == peil.KindChange && ind.Kind != peil.KindChange:
		return 0
	}
	return s
}

// match returns the best indicator for f among the indicators of the given
// measures (the row's own first, then those it refers to); near is the text
// around the figure in lower case. ok is false when none is good enough.
func (m *matcher) match(f *peil.Figure, near string, own, refs []int) (*peil.Indicator, bool) {
	sent := lower(f.Sentence)
	for _, set := range [][]int{own, refs} {
		var best *peil.Indicator
		bestScore := 0
		for _, nr := range set {
			for _, ind := range m.by[nr] {
				if s := score(ind, f, near, sent); s > bestScore {
					best, bestScore = ind, s
				}
			}
		}
		if best != nil && bestScore >= minScore {
			return best, true
		}
	}
	return nil, false
}
