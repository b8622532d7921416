package server

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/gin-gonic/gin"
	"golang.org/x/text/unicode/norm"

	"github.com/peil-dev/peil"
)

// The index pages /indicatoren and /maatregelen list every indicator and
// measure, narrowed by a search (?q=) and filters, and sorted. The same search
// runs in the browser as you type (static/zoeken.js) over the JSON index at
// searchIndexPath, which holds each entry's search text folded as foldSearch
// folds it; without JavaScript the forms submit ?q= and the server filters.

// searchIndexPath is where the JSON index of the search is served.
const searchIndexPath = "/zoekindex.json"

// foldSearch lower-cases s and strips its accents ("Rijksoverheid België" ->
// "rijksoverheid belgie"), so that a search matches however it is typed. The
// script folds the query the same way (NFD, then drop combining marks).
func foldSearch(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// matchesSearch reports whether every word of the folded query q occurs in the
// folded text.
func matchesSearch(text, q string) bool {
	for _, w := range strings.Fields(q) {
		if !strings.Contains(text, w) {
			return false
		}
	}
	return true
}

// indexRow is one indicator on /indicatoren and in the JSON index.
type indexRow struct {
	ID           peil.IndicatorID `json:"id"`
	Label        string           `json:"label"`
	Measure      int              `json:"measure"`
	MeasureTitle string           `json:"measure_title"`
	Cluster      string           `json:"cluster"`
	ClusterName  string           `json:"cluster_name"`
	Unit         string           `json:"unit"`
	Kind         peil.Kind        `json:"kind"`
	KindName     string           `json:"kind_name"`
	Key          bool             `json:"key"`
	Latest       string           `json:"latest"`      // the latest value as pages show it
	LatestDate   peil.Date        `json:"latest_date"` // end of its period
	LatestPeriod string           `json:"latest_period"`
	Reports      int              `json:"reports"` // reports that state a value
	Changed      bool             `json:"changed"` // moved or new in the latest report
	// Review is the review state of the latest value's figure ("" when that
	// value is derived or imported, or there is none); ReviewName says it in
	// Dutch as the page does. Figures counts the reports' figures in the
	// series, Unchecked those of them nobody checked yet (auto or open).
	Review     peil.ReviewStatus `json:"review"`
	ReviewName string            `json:"review_name"`
	Figures    int               `json:"figures"`
	Unchecked  int               `json:"unchecked"`
	Search     string            `json:"search"` // folded text the search matches
}

// measureIndexRow is one measure on /maatregelen and in the JSON index.
type measureIndexRow struct {
	Nr          int       `json:"nr"`
	Title       string    `json:"title"`
	Cluster     string    `json:"cluster"`
	ClusterName string    `json:"cluster_name"`
	Indicators  int       `json:"indicators"` // with values
	Reports     int       `json:"reports"`    // reports that describe it
	LastReport  peil.Date `json:"last_report"`
	Changed     bool      `json:"changed"` // status or a figure changed in the latest report
	// Figures counts the reports' figures in the series of its indicators,
	// Unchecked those of them nobody checked yet (auto or open).
	Figures   int    `json:"figures"`
	Unchecked int    `json:"unchecked"`
	Search    string `json:"search"`
}

// searchIndex is the JSON index and the data of both index pages.
type searchIndex struct {
	Indicators []indexRow          `json:"indicators"`
	Measures   []measureIndexRow   `json:"measures"`
	Clusters   []peil.Cluster      `json:"-"`
	Latest     *peil.ReportSummary `json:"-"` // nil when no report is loaded
}

// loadSearchIndex reads every indicator with its series (one query), the
// measures, their statuses and the movements of the latest report.
func (s *Server) loadSearchIndex(ctx context.Context) (*searchIndex, error) {
	return memo(s, "searchindex", func() (*searchIndex, error) {
		reports, err := s.db.Reports(ctx)
		if err != nil {
			return nil, err
		}
		moves, err := s.latestMovements(ctx, len(reports))
		if err != nil {
			return nil, err
		}
		clusters, err := s.db.Clusters(ctx)
		if err != nil {
			return nil, err
		}
		measures, err := s.db.Measures(ctx)
		if err != nil {
			return nil, err
		}
		statuses, err := s.db.Statuses(ctx)
		if err != nil {
			return nil, err
		}
		inds, err := s.db.Indicators(ctx, 0)
		if err != nil {
			return nil, err
		}
		ids := make([]peil.IndicatorID, len(inds))
		for i, ind := range inds {
			ids[i] = ind.ID
		}
		series, err := s.db.AllSeries(ctx, ids)
		if err != nil {
			return nil, err
		}
		idx := &searchIndex{Clusters: clusters, Indicators: []indexRow{}, Measures: []measureIndexRow{}}
		if n := len(reports); n > 0 {
			idx.Latest = &reports[n-1]
		}
		clusterName := make(map[string]string, len(clusters))
		for _, cl := range clusters {
			clusterName[cl.ID] = cl.Name
		}
		measureByNr := make(map[int]peil.Measure, len(measures))
		for _, m := range measures {
			measureByNr[m.Nr] = m
		}
		indicatorsOf := make(map[int]int)
		labelsOf := make(map[int]string) // a measure is found by its indicators too
		changedMeasure := make(map[int]bool)
		figuresOf, uncheckedOf := make(map[int]int), make(map[int]int)
		for i, ind := range inds {
			m := measureByNr[ind.Measure]
			row := indexRow{ID: ind.ID, Label: ind.Label, Measure: ind.Measure, MeasureTitle: m.Title,
				Cluster: m.Cluster, ClusterName: clusterName[m.Cluster], Unit: ind.Unit, Kind: ind.Kind,
				KindName: ind.Kind.Dutch(), Key: ind.Key}
			if p := latestPoint(series[i]); p != nil {
				row.Latest = formatValue(p.Qualifier, p.Source, p.Value, ind.Unit)
				row.LatestDate = p.PeriodEnd
				row.LatestPeriod = peil.FormatPeriod(p.PeriodStart, p.PeriodEnd)
				if st, ok := p.ShownStatement(); ok && st.Review != "" {
					row.Review, row.ReviewName = st.Review, reviewName(st.Review)
				}
			} else if e := lastExpected(series[i]); e != nil {
				// Only an expectation: no latest value, but say what is expected.
				row.LatestPeriod = "geen bereikte waarde; " + peil.ExpectedNL + " " +
					formatValue(e.Qualifier, e.Source, e.Value, ind.Unit) + " (" + peil.FormatPeriod(e.PeriodStart, e.PeriodEnd) + ")"
			}
			row.Reports = reportsStating(series[i])
			row.Figures, row.Unchecked = reviewedFigures(series[i])
			figuresOf[ind.Measure] += row.Figures
			uncheckedOf[ind.Measure] += row.Unchecked
			if mv := moves[ind.ID]; mv != nil && (mv.From == nil || (mv.Change != nil && *mv.Change != 0)) {
				row.Changed = true
				changedMeasure[ind.Measure] = true
			}
			row.Search = foldSearch(strings.Join([]string{string(ind.ID), ind.Label, ind.LabelEN, ind.Unit,
				ind.Kind.Dutch(), "maatregel " + strconv.Itoa(ind.Measure), m.Title, clusterName[m.Cluster]}, " "))
			indicatorsOf[ind.Measure]++
			labelsOf[ind.Measure] += " " + ind.Label
			idx.Indicators = append(idx.Indicators, row)
		}
		byMeasure := make(map[int][]peil.MeasureStatus)
		for _, st := range statuses {
			byMeasure[st.Measure] = append(byMeasure[st.Measure], st)
		}
		for _, m := range measures {
			row := measureIndexRow{Nr: m.Nr, Title: m.Title, Cluster: m.Cluster, ClusterName: clusterName[m.Cluster],
				Indicators: indicatorsOf[m.Nr], Changed: changedMeasure[m.Nr], Figures: figuresOf[m.Nr], Unchecked: uncheckedOf[m.Nr]}
			sts := byMeasure[m.Nr]
			row.Reports = len(sts)
			if n := len(sts); n > 0 {
				row.LastReport = sts[n-1].ReportDate
				if idx.Latest != nil && n > 1 && sts[n-1].Report == idx.Latest.ID && sts[n-1].Status != sts[n-2].Status {
					row.Changed = true
				}
			}
			row.Search = foldSearch("maatregel " + strconv.Itoa(m.Nr) + " " + m.Title + " " + clusterName[m.Cluster] + labelsOf[m.Nr])
			idx.Measures = append(idx.Measures, row)
		}
		return idx, nil
	})
}

// reportsStating counts the reports that state a value of s (imports and
// derived values not counted).
func reportsStating(s *peil.Series) int {
	seen := make(map[int64]bool)
	for _, p := range s.Points {
		for _, st := range p.Statements {
			if st.Report != 0 && st.Source != peil.SourceDerived {
				seen[st.Report] = true
			}
		}
	}
	return len(seen)
}

// reviewedFigures counts the reports' figures among the statements of s (not
// derived or imported values), and those of them nobody checked yet.
func reviewedFigures(s *peil.Series) (figures, unchecked int) {
	if s == nil {
		return 0, 0
	}
	for _, p := range s.Points {
		for _, st := range p.Statements {
			if st.Review == "" {
				continue
			}
			figures++
			if st.Review.Unchecked() {
				unchecked++
			}
		}
	}
	return figures, unchecked
}

func (s *Server) searchIndexJSON(c *gin.Context) error {
	return s.serveJSON(c, "searchindex", func(ctx context.Context) (any, error) {
		return s.loadSearchIndex(ctx)
	})
}

// indexQuery is the parsed query of /indicatoren: search, filters and sort.
type indexQuery struct {
	Q       string
	Cluster string
	Measure int
	Kind    peil.Kind
	Key     bool
	Changed bool
	Sort    string
}

// indicatorSorts are the orders of /indicatoren, the first the default.
var indicatorSorts = []struct{ Value, Label string }{
	{"maatregel", "maatregel"},
	{"naam", "naam"},
	{"datum", "laatste datum (nieuwste eerst)"},
	{"rapportages", "aantal rapportages (meeste eerst)"},
}

// parseIndexQuery reads and checks the index parameters; unknown values of
// the closed lists are errors in Dutch naming the parameter.
func parseIndexQuery(c *gin.Context, clusters []peil.Cluster) (indexQuery, error) {
	q := indexQuery{Q: strings.TrimSpace(c.Query("q")), Cluster: c.Query("cluster"), Sort: c.Query("sort")}
	if len(q.Q) > 200 {
		return q, peil.Errorf(peil.EINVALID, "parameter q: een zoekopdracht is hooguit 200 tekens, niet %d", len(q.Q))
	}
	if q.Cluster != "" && !slices.ContainsFunc(clusters, func(cl peil.Cluster) bool { return cl.ID == q.Cluster }) {
		return q, peil.Errorf(peil.EINVALID, "parameter cluster: onbekend cluster %q", q.Cluster)
	}
	var err error
	if q.Measure, err = parseMeasureNr("measure", c.Query("measure"), true); err != nil {
		return q, err
	}
	if k := peil.Kind(c.Query("kind")); k != "" {
		if !k.Valid() {
			return q, peil.Errorf(peil.EINVALID, "parameter kind: onbekende soort %q", k)
		}
		q.Kind = k
	}
	if q.Key, err = parseFlag("key", c.Query("key")); err != nil {
		return q, err
	}
	if q.Changed, err = parseFlag("changed", c.Query("changed")); err != nil {
		return q, err
	}
	if q.Sort != "" && !slices.ContainsFunc(indicatorSorts, func(o struct{ Value, Label string }) bool { return o.Value == q.Sort }) {
		return q, peil.Errorf(peil.EINVALID, "parameter sort: sorteer op maatregel, naam, datum of rapportages, niet %q", q.Sort)
	}
	return q, nil
}

// parseFlag parses a checkbox parameter: empty or "0" is false, "1" or "on"
// true.
func parseFlag(name, v string) (bool, error) {
	switch v {
	case "", "0":
		return false, nil
	case "1", "on", "ja":
		return true, nil
	}
	return false, peil.Errorf(peil.EINVALID, "parameter %s: geef 1 of 0, niet %q", name, v)
}

// shown is a row of an index page; Hidden rows are in the page (the script
// shows them again when the search changes) but not displayed.
type shown[T any] struct {
	Row    T
	Hidden bool
}

// indicatorsIndexPage is the data of /indicatoren.
type indicatorsIndexPage struct {
	Query    indexQuery
	Rows     []shown[indexRow] // rows the filters allow; Hidden when the search excludes them
	Shown    int
	Total    int
	Measures []measureIndexRow // measures whose text matches the search
	Clusters []peil.Cluster
	Kinds    []peil.Kind
	Sorts    []struct{ Value, Label string }
	Latest   *peil.ReportSummary
	AllNrs   []int
}

func (s *Server) indicatorsIndex(c *gin.Context) error {
	idx, err := s.loadSearchIndex(c.Request.Context())
	if err != nil {
		return err
	}
	q, err := parseIndexQuery(c, idx.Clusters)
	if err != nil {
		return err
	}
	p := &indicatorsIndexPage{Query: q, Total: len(idx.Indicators), Clusters: idx.Clusters, Kinds: peil.Kinds,
		Sorts: indicatorSorts, Latest: idx.Latest}
	folded := foldSearch(q.Q)
	for _, r := range idx.Indicators {
		if (q.Cluster != "" && r.Cluster != q.Cluster) || (q.Measure != 0 && r.Measure != q.Measure) ||
			(q.Kind != "" && r.Kind != q.Kind) || (q.Key && !r.Key) || (q.Changed && !r.Changed) {
			continue
		}
		hit := matchesSearch(r.Search, folded)
		p.Rows = append(p.Rows, shown[indexRow]{Row: r, Hidden: !hit})
		if hit {
			p.Shown++
		}
	}
	sortIndexRows(p.Rows, q.Sort)
	for _, m := range idx.Measures {
		p.AllNrs = append(p.AllNrs, m.Nr)
		if folded != "" && matchesSearch(m.Search, folded) {
			p.Measures = append(p.Measures, m)
		}
	}
	title := "Indicatoren"
	s.renderPage(c, http.StatusOK, "indicators", title, downloadsFor(peil.Filter{Measure: q.Measure}, "/api/indicators", false), p)
	return nil
}

// sortIndexRows sorts rows by one of indicatorSorts (stable, ties by measure
// and id as the index holds them).
func sortIndexRows(rows []shown[indexRow], by string) {
	switch by {
	case "naam":
		slices.SortStableFunc(rows, func(a, b shown[indexRow]) int {
			return cmp.Compare(foldSearch(a.Row.Label), foldSearch(b.Row.Label))
		})
	case "datum":
		slices.SortStableFunc(rows, func(a, b shown[indexRow]) int { return b.Row.LatestDate.Compare(a.Row.LatestDate.Time) })
	case "rapportages":
		slices.SortStableFunc(rows, func(a, b shown[indexRow]) int { return cmp.Compare(b.Row.Reports, a.Row.Reports) })
	}
}

// measuresIndexPage is the data of /maatregelen.
type measuresIndexPage struct {
	Query    indexQuery
	Rows     []shown[measureIndexRow]
	Shown    int
	Total    int
	Clusters []peil.Cluster
	Latest   *peil.ReportSummary
}

func (s *Server) measuresIndex(c *gin.Context) error {
	idx, err := s.loadSearchIndex(c.Request.Context())
	if err != nil {
		return err
	}
	q, err := parseIndexQuery(c, idx.Clusters)
	if err != nil {
		return err
	}
	p := &measuresIndexPage{Query: q, Total: len(idx.Measures), Clusters: idx.Clusters, Latest: idx.Latest}
	folded := foldSearch(q.Q)
	for _, m := range idx.Measures {
		if (q.Cluster != "" && m.Cluster != q.Cluster) || (q.Changed && !m.Changed) {
			continue
		}
		hit := matchesSearch(m.Search, folded)
		p.Rows = append(p.Rows, shown[measureIndexRow]{Row: m, Hidden: !hit})
		if hit {
			p.Shown++
		}
	}
	s.renderPage(c, http.StatusOK, "measures", "Maatregelen", downloadsFor(peil.Filter{}, "/api/measures", false), p)
	return nil
}

// apiPage is the data of /api: a Dutch page about the API.
type apiPage struct {
	SearchIndex string
	Example     *apiExample
}

// apiExample is a real request and the start of its answer.
type apiExample struct {
	ID    peil.IndicatorID
	Label string
	Path  string
	Body  string
}

func (s *Server) apiPage(c *gin.Context) error {
	ctx := c.Request.Context()
	p, err := memo(s, "page/api", func() (*apiPage, error) {
		p := &apiPage{SearchIndex: searchIndexPath}
		inds, err := s.db.Indicators(ctx, 0)
		if err != nil {
			return nil, err
		}
		i := slices.IndexFunc(inds, func(ind peil.Indicator) bool { return ind.Key })
		if i < 0 && len(inds) > 0 {
			i = 0
		}
		if i >= 0 {
			series, err := s.db.Series(ctx, inds[i].ID)
			if err != nil {
				return nil, err
			}
			body, err := json.MarshalIndent(series, "", "  ")
			if err != nil {
				return nil, fmt.Errorf("encode example: %w", err)
			}
			text := string(body)
			if len(text) > 900 {
				cut := strings.LastIndexByte(text[:900], '\n')
				text = text[:cut] + "\n  …"
			}
			p.Example = &apiExample{ID: inds[i].ID, Label: inds[i].Label, Path: "/api/series/" + string(inds[i].ID), Body: text}
		}
		return p, nil
	})
	if err != nil {
		return err
	}
	s.renderPage(c, http.StatusOK, "api", "API", downloads{}, p)
	return nil
}

// lastExpected returns the last point of s when it is an expectation (a
// figure in the future tense), else nil.
func lastExpected(s *peil.Series) *peil.Point {
	if s == nil || len(s.Points) == 0 || !s.Points[len(s.Points)-1].Expected {
		return nil
	}
	return &s.Points[len(s.Points)-1]
}
