package peil

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"
)

// MarkGaps sets Gap on each point (points ordered by period end) before
// which a report said nothing about the indicator: a report dated after the
// previous point became known and before this one did (see statedAt) that
// made no statement of the series (reports by ID and ReportDate, in any
// order). Points with the same period end are one step.
func MarkGaps(points []Point, reports []Report) {
	spoke := map[int64]bool{}
	for _, p := range points {
		for _, st := range p.Statements {
			if st.Report != 0 {
				spoke[st.Report] = true
			}
		}
	}
	// The dates of the reports that said nothing, sorted: a step has a gap
	// when the first of them after its start comes before its end. So the
	// cost is (points + reports) × log(reports), not points × reports.
	var silent []time.Time
	for _, r := range reports {
		if !spoke[r.ID] {
			silent = append(silent, r.ReportDate.Time)
		}
	}
	slices.SortFunc(silent, func(a, b time.Time) int { return a.Compare(b) })
	prev := -1
	for i := range points {
		points[i].Gap = false
		if prev >= 0 && points[i].PeriodEnd.Equal(points[prev].PeriodEnd.Time) {
			continue
		}
		if prev >= 0 {
			from, to := statedAt(points[prev]), statedAt(points[i])
			k := sort.Search(len(silent), func(k int) bool { return silent[k].After(from.Time) })
			points[i].Gap = k < len(silent) && silent[k].Before(to.Time)
		}
		prev = i
	}
}

// Points groups the observations of one indicator into points, one per
// period (start and end), ordered by period end; a statement without a period
// start joins the point with its period end that has one. Every observation
// becomes a statement of its point.
//
// Each report speaks once for a point (see Point.ReportStatements): by its first
// non-derived statement in line order; an import speaks by its citation. The
// point shows what the latest report said (report statements come after
// imports, which have no report date), or, when every statement is derived,
// the latest derived one. A point is revised when reports (or imports) give
// different values. Statements of one report that disagree with each other
// (a later measure restating an earlier figure differently, or several
// sentences matched to the indicator) are no revision: the point's Note says
// so. The Note also says when a derived value disagrees with the value shown.
//
// Points cites a report's statements by its date only; CitedPoints by the
// report's title and kamerstuk.
func Points(obs []Observation) []Point {
	return pointsOf(obs, nil)
}

// CitedPoints is Points with each statement of a report cited from reports
// (by store id; see Cite): its Citation, Kamerstuk and URL. Imported
// statements keep their own citation. The point carries the page, citation,
// kamerstuk and URL of the statement it shows.
func CitedPoints(obs []Observation, reports map[int64]Report) []Point {
	return pointsOf(obs, reports)
}

// pointsOf is CitedPoints; reports may be nil.
func pointsOf(obs []Observation, reports map[int64]Report) []Point {
	type key struct{ start, end time.Time }
	groups := map[key][]int{}
	var keys []key
	for i, o := range obs {
		k := key{o.PeriodStart.Time, o.PeriodEnd.Time}
		if _, ok := groups[k]; !ok {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], i)
	}
	// A statement without a period start belongs to the point with the same
	// period end when exactly one such point has a start.
	withStart := map[time.Time][]key{}
	for _, k := range keys {
		if !k.start.IsZero() {
			withStart[k.end] = append(withStart[k.end], k)
		}
	}
	kept := keys[:0]
	for _, k := range keys {
		if to := withStart[k.end]; k.start.IsZero() && len(to) == 1 {
			groups[to[0]] = append(groups[to[0]], groups[k]...)
			delete(groups, k)
			continue
		}
		kept = append(kept, k)
	}
	keys = kept
	sort.Slice(keys, func(i, j int) bool {
		if !keys[i].end.Equal(keys[j].end) {
			return keys[i].end.Before(keys[j].end)
		}
		return keys[i].start.Before(keys[j].start)
	})
	points := make([]Point, 0, len(keys))
	for _, k := range keys {
		g := groups[k]
		sort.SliceStable(g, func(i, j int) bool { return statementBefore(&obs[g[i]], &obs[g[j]]) })
		p := Point{
			PeriodStart: Date{Time: k.start},
			PeriodEnd:   Date{Time: k.end},
			Statements:  make([]Statement, len(g)),
		}
		for i, j := range g {
			s := &obs[j]
			p.Statements[i] = Statement{
				Report: s.Report, ReportDate: s.ReportDate, Value: s.Value, Text: s.Text,
				Qualifier: s.Qualifier, Lower: s.Lower, Upper: s.Upper, Expected: s.Expected, Sentence: s.Sentence,
				Line: s.Line, Page: s.Page, Source: s.Source, Derivation: s.Derivation, Citation: s.Citation,
				Review: s.Review, Original: s.Original, Observation: s.ID,
			}
			citeStatement(&p.Statements[i], reports)
		}
		p.Shown = len(p.Statements) - 1
		reps := ReportIndexes(p.Statements)
		if len(reps) > 0 {
			p.Shown = reps[len(reps)-1]
		}
		for _, r := range reps[min(1, len(reps)):] {
			if p.Statements[r].Value != p.Statements[reps[0]].Value {
				p.Revised = true
			}
		}
		shown := p.Statements[p.Shown]
		p.Value, p.Text, p.Qualifier = shown.Value, shown.Text, shown.Qualifier
		p.Lower, p.Upper, p.Expected = shown.Lower, shown.Upper, shown.Expected
		p.Report, p.ReportDate, p.Source, p.Derivation = shown.Report, shown.ReportDate, shown.Source, shown.Derivation
		p.Page, p.Citation, p.Kamerstuk, p.URL = shown.Page, shown.Citation, shown.Kamerstuk, shown.URL
		p.Note = pointNote(p)
		p.Conflict = p.Note != ""
		markConflicts(&p)
		points = append(points, p)
	}
	return points
}

// citeStatement gives a report's statement the citation of its place in the
// report (the report from reports, else known by its date alone). An imported
// statement keeps its own.
func citeStatement(st *Statement, reports map[int64]Report) {
	if st.Report == 0 || st.Source == SourceImported {
		return
	}
	r, ok := reports[st.Report]
	if !ok {
		r = Report{ReportDate: st.ReportDate}
	}
	st.Citation, st.Kamerstuk, st.URL = Cite(r, st.Page, st.Line), r.Kamerstuk, r.URL
}

// pointNote says in Dutch which statements of p disagree without being a
// revision: a report giving several values, and derived values other than
// the one shown (an approximate derived value is compared rounded to a whole
// number). It is "" when all agree.
func pointNote(p Point) string {
	var notes []string
	// Statements are ordered by report date and report: a report's extracted
	// statements are one run.
	var run []Statement
	flush := func() {
		differ := false
		for _, s := range run[min(1, len(run)):] {
			differ = differ || s.Value != run[0].Value
		}
		if differ {
			vals := make([]string, len(run))
			for i, s := range run {
				vals[i] = fmt.Sprintf("%s (regel %d)", FormatNumber(s.Value), s.Line)
			}
			notes = append(notes, fmt.Sprintf("rapportage %d noemt verschillende waarden: %s; de eerste telt",
				run[0].Report, strings.Join(vals, ", ")))
		}
		run = run[:0]
	}
	for _, s := range p.Statements {
		if s.Source != SourceExtracted {
			continue
		}
		if len(run) > 0 && run[0].Report != s.Report {
			flush()
		}
		run = append(run, s)
	}
	flush()
	if p.Source != SourceDerived {
		for _, s := range p.Statements {
			if s.Source != SourceDerived {
				continue
			}
			v := s.Value
			if s.Qualifier.Approximate() {
				v = math.Round(v)
			}
			note := fmt.Sprintf("afgeleid %s wijkt af van de vermelde %s", derivedText(s), FormatNumber(p.Value))
			if v != p.Value && !slices.Contains(notes, note) {
				notes = append(notes, note)
			}
		}
	}
	return strings.Join(notes, "; ")
}

// markConflicts sets Conflict on the statements of p that disagree with it
// without revising it, by the rules of pointNote: a derived value other than
// the one shown (an approximate one rounded to a whole number), and an
// extracted value that differs from its report's first one.
func markConflicts(p *Point) {
	first := map[int64]float64{} // report -> its first extracted value
	for i := range p.Statements {
		s := &p.Statements[i]
		switch s.Source {
		case SourceDerived:
			v := s.Value
			if s.Qualifier.Approximate() {
				v = math.Round(v)
			}
			s.Conflict = i != p.Shown && p.Source != SourceDerived && v != p.Value
		case SourceExtracted:
			f, seen := first[s.Report]
			if !seen {
				first[s.Report] = s.Value
			}
			s.Conflict = seen && s.Value != f
		}
	}
}

// derivedText writes a derived value as people read it: "ca. 141" or "98".
func derivedText(s Statement) string {
	if s.Text != "" {
		return s.Text
	}
	return FormatNumber(s.Value)
}

// statementBefore orders the statements of a point: imported ones (no report
// date) first, then by report date, report and line.
func statementBefore(a, b *Observation) bool {
	switch {
	case !a.ReportDate.Equal(b.ReportDate.Time):
		return a.ReportDate.Before(b.ReportDate.Time)
	case a.Report != b.Report:
		return a.Report < b.Report
	case a.Line != b.Line:
		return a.Line < b.Line
	}
	return a.ID < b.ID
}

// Increments returns the change between consecutive points of a cumulative
// series (points ordered by period end; points with the same period end are
// skipped after the first), with its length in months and the rate per month,
// each marked with a qualifier (exact only when both points are exact, else
// approx) and its formula in Dutch words.
// An interval is a gap when a report was published after the report that
// first stated the earlier point and before the one that first stated the
// later point, so that a report in between said nothing about the indicator.
// A point known only from a derived or imported value counts as stated at its
// period end. reportDates must be in ascending order.
func Increments(points []Point, reportDates []Date) []Increment {
	var out []Increment
	prev := -1
	for i := range points {
		if points[i].Expected {
			continue // an expectation is no value reached: no increment to or from it
		}
		if prev >= 0 && points[i].PeriodEnd.Equal(points[prev].PeriodEnd.Time) {
			continue
		}
		if prev >= 0 {
			a, b := points[prev], points[i]
			inc := Increment{
				From:      a.PeriodEnd,
				To:        b.PeriodEnd,
				Delta:     RoundDerived(b.Value-a.Value, a.Value, b.Value),
				Months:    MonthsBetween(a.PeriodEnd, b.PeriodEnd),
				Qualifier: QualApprox,
			}
			if a.Qualifier == QualExact && b.Qualifier == QualExact {
				inc.Qualifier = QualExact
			}
			if inc.Months > 0 {
				inc.PerMonth = RoundDerived(inc.Delta / inc.Months)
			}
			inc.Derivation = incrementDerivation(a, b, inc)
			// A gap: the first report dated after from is dated before to.
			from, to := statedAt(a), statedAt(b)
			k := sort.Search(len(reportDates), func(k int) bool { return reportDates[k].After(from.Time) })
			inc.Gap = k < len(reportDates) && reportDates[k].Before(to.Time)
			out = append(out, inc)
		}
		prev = i
	}
	return out
}

// incrementDerivation writes the formula of an increment in Dutch words:
// "afgeleid: 320 (31 maart 2017) min circa 305 (15 november 2016) = ca. 15
// in 4,5 maanden (ca. 3,33 per maand)".
func incrementDerivation(a, b Point, inc Increment) string {
	ca := ""
	if inc.Qualifier.Approximate() {
		ca = "ca. "
	}
	months := "maanden"
	if inc.Months == 1 {
		months = "maand"
	}
	s := fmt.Sprintf("afgeleid: %s (%s) min %s (%s) = %s%s in %s %s", qualified(b), FormatDate(b.PeriodEnd),
		qualified(a), FormatDate(a.PeriodEnd), ca, FormatNumber(inc.Delta), FormatNumber(inc.Months), months)
	if inc.Months > 0 {
		s += fmt.Sprintf(" (%s%s per maand)", ca, FormatNumber(inc.PerMonth))
	}
	return s
}

// qualified writes a point's value with its qualifier: "circa 305", "320".
func qualified(p Point) string {
	if p.Qualifier == QualExact || p.Qualifier == "" {
		return FormatNumber(p.Value)
	}
	return p.Qualifier.Dutch() + " " + FormatNumber(p.Value)
}

// statedAt is when a point became known: the earliest report date of its
// extracted statements, else its period end.
func statedAt(p Point) Date {
	var at Date
	for _, s := range p.Statements {
		if s.Source == SourceExtracted && !s.ReportDate.IsZero() && (at.IsZero() || s.ReportDate.Before(at.Time)) {
			at = s.ReportDate
		}
	}
	if at.IsZero() {
		return p.PeriodEnd
	}
	return at
}

// MonthsBetween returns the calendar months from a to b: whole months by
// month number, plus the difference in days as a fraction of an average month.
// 15 June to 15 November is 5; 1 June to 16 June is about 0,49.
func MonthsBetween(a, b Date) float64 {
	whole := (b.Year()-a.Year())*12 + int(b.Month()) - int(a.Month())
	return float64(whole) + float64(b.Day()-a.Day())/(365.2425/12)
}

// ReportPoint returns what a report said of an indicator, by the series'
// own rule, from the points of its series (as Points returns them; a series
// restricted to the report's periods gives the same): of the points the
// report stated with an extracted figure that is no expectation, the one with
// the latest period end (among equal ends, the one its figure comes first in
// the text for), with the value the report itself gave it there, its first
// such statement, even when a later report restated the point and the series
// shows that. The point returned has the series' period (a figure without a
// period start has the period of the point it joins), the report's statement
// (as reviewed: its review state and a corrected figure's value as extracted)
// as its only and shown statement, and no note; false when the report stated
// none.
func ReportPoint(points []Point, report int64) (Point, bool) {
	var best *Point
	var st Statement
	for i := range points {
		p := &points[i]
		k := slices.IndexFunc(p.Statements, func(s Statement) bool {
			return s.Report == report && s.Source == SourceExtracted && !s.Expected
		})
		if k < 0 {
			continue
		}
		s := p.Statements[k]
		if best != nil {
			if p.PeriodEnd.Before(best.PeriodEnd.Time) {
				continue
			}
			if p.PeriodEnd.Equal(best.PeriodEnd.Time) && (s.Line > st.Line || s.Line == st.Line && s.Observation >= st.Observation) {
				continue
			}
		}
		best, st = p, s
	}
	if best == nil {
		return Point{}, false
	}
	return Point{
		PeriodStart: best.PeriodStart, PeriodEnd: best.PeriodEnd, Value: st.Value, Text: st.Text,
		Qualifier: st.Qualifier, Lower: st.Lower, Upper: st.Upper, Report: report, ReportDate: st.ReportDate,
		Source: st.Source, Page: st.Page, Citation: st.Citation, Kamerstuk: st.Kamerstuk, URL: st.URL,
		Statements: []Statement{st},
	}, true
}
