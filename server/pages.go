package server

import (
	"context"
	"html/template"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/peil-dev/peil"
)

// recentReports is how many reports the overview lists; /rapportages has all.
const recentReports = 6

// overviewPage is the data of / (Overzicht).
type overviewPage struct {
	Reports  []peil.ReportSummary
	Recent   []peil.ReportSummary // the latest recentReports of Reports
	Latest   *peil.ReportSummary  // nil when no report is loaded
	Previous *peil.ReportSummary  // nil when fewer than two are loaded
	Clusters []clusterView
	Changes  *changeList // nil when fewer than two reports are loaded
}

type clusterView struct {
	peil.Cluster
	Measures []measureRow
}

type measureRow struct {
	peil.Measure
	Indicators []keyIndicator
}

// keyIndicator is a key indicator on the overview: its latest value, a
// sparkline and how it moved since the previous report.
type keyIndicator struct {
	peil.Indicator
	Latest    *peil.Point
	Expected  *peil.Point // the expectation shown when nothing was reached yet (Latest nil)
	Sparkline template.HTML
	Movement  *peil.Movement // nil when there is no previous report or it is not in the latest
	Earlier   bool           // has values from before the latest report (a report or an import)
}

func (s *Server) overview(c *gin.Context) error {
	p, err := s.overviewData(c.Request.Context())
	if err != nil {
		return err
	}
	s.renderPage(c, http.StatusOK, "overview", "Overzicht", downloadsFor(peil.Filter{}, "/api/measures", false), p)
	return nil
}

// overviewData is the data of the overview, computed once per data
// generation (warmed when the server starts, see warm).
func (s *Server) overviewData(ctx context.Context) (*overviewPage, error) {
	return memo(s, "page/overview", func() (*overviewPage, error) { return s.loadOverview(ctx) })
}

func (s *Server) loadOverview(ctx context.Context) (*overviewPage, error) {
	reports, err := s.db.Reports(ctx)
	if err != nil {
		return nil, err
	}
	p := &overviewPage{Reports: reports, Recent: reports[max(0, len(reports)-recentReports):]}
	if n := len(reports); n > 0 {
		p.Latest = &reports[n-1]
		if n > 1 {
			p.Previous = &reports[n-2]
		}
	}
	moves, err := s.latestMovements(ctx, len(reports))
	if err != nil {
		return nil, err
	}
	latest := int64(0)
	if p.Latest != nil {
		latest = p.Latest.ID
	}
	keys, err := s.keyIndicators(ctx, moves, latest)
	if err != nil {
		return nil, err
	}
	if p.Changes, err = s.latestChanges(ctx, len(reports)); err != nil {
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
	p.Clusters = groupByCluster(clusters, measures, keys)
	return p, nil
}

// latestMovements returns the movements of the previous report against the
// latest by indicator; none when fewer than two reports are loaded.
func (s *Server) latestMovements(ctx context.Context, reports int) (map[peil.IndicatorID]*peil.Movement, error) {
	moves := make(map[peil.IndicatorID]*peil.Movement)
	cmp, err := s.latestComparison(ctx, reports)
	if err != nil || cmp == nil {
		return moves, err
	}
	for i := range cmp.Measures {
		mc := &cmp.Measures[i]
		for j := range mc.Moved {
			moves[mc.Moved[j].Indicator.ID] = &mc.Moved[j]
		}
		for j := range mc.Appeared {
			moves[mc.Appeared[j].Indicator.ID] = &mc.Appeared[j]
		}
	}
	return moves, nil
}

// latestComparison is the previous report against the latest, computed once;
// nil when fewer than two reports are loaded. Callers must not change it.
func (s *Server) latestComparison(ctx context.Context, reports int) (*peil.Comparison, error) {
	if reports < 2 {
		return nil, nil
	}
	return memo(s, "compare/latest", func() (*peil.Comparison, error) { return s.db.Compare(ctx, 0, 0) })
}

// maxChanges is how many entries of each kind the overview's list of changes
// shows; the Vergelijken page has them all.
const maxChanges = 8

// changeList is what changed in the latest report, for the top of the
// overview: indicators that moved, that are new, that are named again after
// a report without them, and that are no longer reported.
type changeList struct {
	Moved, New, Again, Gone []peil.Movement
	More                    int // entries left out (maxChanges per kind)
}

// Empty reports whether nothing changed.
func (c *changeList) Empty() bool {
	return len(c.Moved)+len(c.New)+len(c.Again)+len(c.Gone)+c.More == 0
}

// latestChanges lists what changed in the latest report against the one
// before; nil when fewer than two reports are loaded. An indicator is new
// only when no earlier statement (of a report or an import) gave it a value.
func (s *Server) latestChanges(ctx context.Context, reports int) (*changeList, error) {
	cmp, err := s.latestComparison(ctx, reports)
	if err != nil || cmp == nil {
		return nil, err
	}
	var appeared []peil.Movement
	var ids []peil.IndicatorID
	out := &changeList{}
	add := func(list *[]peil.Movement, m peil.Movement) {
		if len(*list) < maxChanges {
			*list = append(*list, m)
		} else {
			out.More++
		}
	}
	for _, mc := range cmp.Measures {
		for _, m := range mc.Moved {
			if m.Change != nil && *m.Change != 0 {
				add(&out.Moved, m)
			}
		}
		for _, m := range mc.Disappeared {
			add(&out.Gone, m)
		}
		for _, m := range mc.Appeared {
			appeared = append(appeared, m)
			ids = append(ids, m.Indicator.ID)
		}
	}
	series, err := s.db.AllSeries(ctx, ids)
	if err != nil {
		return nil, err
	}
	for i, m := range appeared {
		if hasEarlierValues(series[i], cmp.To.ID) {
			add(&out.Again, m)
		} else {
			add(&out.New, m)
		}
	}
	return out, nil
}

// hasEarlierValues reports whether s has a statement that is not of report
// latest: an earlier report's or an import's.
func hasEarlierValues(s *peil.Series, latest int64) bool {
	if s == nil {
		return false
	}
	for _, p := range s.Points {
		for _, st := range p.Statements {
			if st.Report != latest && st.Source != peil.SourceDerived {
				return true
			}
		}
	}
	return false
}

// keyIndicators returns the key indicators with observations by measure,
// their series read in one query; latest is the latest report's id.
func (s *Server) keyIndicators(ctx context.Context, moves map[peil.IndicatorID]*peil.Movement, latest int64) (map[int][]keyIndicator, error) {
	inds, err := s.db.Indicators(ctx, 0)
	if err != nil {
		return nil, err
	}
	var key []peil.Indicator
	var ids []peil.IndicatorID
	for _, ind := range inds {
		if ind.Key {
			key = append(key, ind)
			ids = append(ids, ind.ID)
		}
	}
	all, err := s.db.AllSeries(ctx, ids) // one query for all of them
	if err != nil {
		return nil, err
	}
	keys := make(map[int][]keyIndicator)
	for i, ind := range key {
		series := all[i]
		keys[ind.Measure] = append(keys[ind.Measure], keyIndicator{
			Indicator: ind,
			Latest:    latestPoint(series),
			Expected:  lastExpected(series),
			Sparkline: s.charts.Sparkline(sparkSeries(series)),
			Movement:  moves[ind.ID],
			Earlier:   hasEarlierValues(series, latest),
		})
	}
	return keys, nil
}

// groupByCluster puts the measures under their clusters, in cluster order;
// measures of no known cluster go last under "Overig".
func groupByCluster(clusters []peil.Cluster, measures []peil.Measure, keys map[int][]keyIndicator) []clusterView {
	views := make([]clusterView, len(clusters))
	index := make(map[string]int)
	for i, cl := range clusters {
		views[i].Cluster = cl
		index[cl.ID] = i
	}
	var other clusterView
	other.Name = "Overig"
	for _, m := range measures {
		row := measureRow{Measure: m, Indicators: keys[m.Nr]}
		if i, ok := index[m.Cluster]; ok {
			views[i].Measures = append(views[i].Measures, row)
		} else {
			other.Measures = append(other.Measures, row)
		}
	}
	if len(other.Measures) > 0 {
		views = append(views, other)
	}
	return views
}

// latestPoint returns the point with the latest value of s: the last one that
// is not an expectation (see peil.Series.Latest), or nil when it has none.
func latestPoint(s *peil.Series) *peil.Point {
	return s.Latest()
}

// indicatorPage is the data of /indicatoren/{id}.
type indicatorPage struct {
	Period     period       // chosen with van and tot
	Series     *peil.Series // clipped to Period
	Measure    peil.Measure
	Latest     *peil.Point
	Trend      template.HTML
	Increments template.HTML // cumulative indicators only
	Statements []statementRow
	Superseded bool // some statement no longer holds: a later report gave the point's value (its row is grey)
	Conflicts  bool // some statement disagrees with its point without revising it
	Marks      reviewMarks
	// StatementsLeft is how many statements of the points shown the table
	// leaves out (maxStatementRows).
	StatementsLeft int
}

// statementRow is one statement in the table under a trend chart.
type statementRow struct {
	peil.Statement
	PeriodStart peil.Date
	PeriodEnd   peil.Date
	ReportName  string
	Place       string // beside ReportName: an import's source, else peil.CiteBeside
	Current     bool   // the statement that gives the point its value ("geldend")
	// Superseded: a statement of an earlier report or an import that the
	// shown statement of a later report replaced.
	Superseded bool
}

func (s *Server) indicatorPage(c *gin.Context) error {
	id, err := parseIndicatorID("id", c.Param("id"), false)
	if err != nil {
		return err
	}
	pr, err := parsePeriod(c)
	if err != nil {
		return err
	}
	ctx := c.Request.Context()
	var p *indicatorPage
	if pr.IsZero() {
		p, err = memo(s, "page/indicator/"+string(id), func() (*indicatorPage, error) { return s.loadIndicatorPage(ctx, id, pr) })
	} else { // not kept: the dates are the client's
		p, err = s.loadIndicatorPage(ctx, id, pr)
	}
	if err != nil {
		return err
	}
	f := pr.filter(peil.Filter{Indicator: id})
	png := s.charts.Drawn(p.Trend) || s.charts.Drawn(p.Increments)
	s.renderPage(c, http.StatusOK, "indicator", p.Series.Indicator.Label, downloadsFor(f, "/api/series/"+string(id), png), p)
	return nil
}

func (s *Server) loadIndicatorPage(ctx context.Context, id peil.IndicatorID, pr period) (*indicatorPage, error) {
	full, err := s.db.Series(ctx, id)
	if err != nil {
		return nil, err
	}
	series, inWindow, total := chartWindow(pr.clip(full))
	m, err := s.db.Measure(ctx, series.Indicator.Measure)
	if err != nil {
		return nil, err
	}
	names, err := s.reportNames(ctx)
	if err != nil {
		return nil, err
	}
	axis := pr.timeRange(series) // the same for both charts
	axis.ReportTitles = names.titles()
	p := &indicatorPage{Series: series, Measure: m, Latest: latestPoint(full), Period: pr,
		Trend: s.charts.Trend(series, axis) +
			windowNote(series, inWindow, total, "/export.csv"+exportQuery(pr.filter(peil.Filter{Indicator: id})))}
	if series.Indicator.Kind == peil.KindCumulative {
		p.Increments = s.charts.Increments(series, axis)
	}
	for _, pt := range series.Points {
		shown, _ := pt.ShownStatement()
		for i, st := range pt.Statements {
			row := statementRow{
				Statement:   st,
				PeriodStart: pt.PeriodStart,
				PeriodEnd:   pt.PeriodEnd,
				ReportName:  names.of(st.Report, st.ReportDate),
				Place:       st.Citation,
				Current:     i == pt.Shown,
				Superseded: i < pt.Shown && st.Source != peil.SourceDerived && !st.Conflict &&
					(st.Report != shown.Report || st.Report == 0),
			}
			if st.Report != 0 && st.Source != peil.SourceImported {
				row.Place = peil.CiteBeside(names.report(st.Report, st.ReportDate), st.Page, st.Line)
			}
			if len(p.Statements) == maxStatementRows {
				p.StatementsLeft++
				continue
			}
			p.Statements = append(p.Statements, row)
			p.Superseded = p.Superseded || row.Superseded
			p.Conflicts = p.Conflicts || row.Conflict
			p.Marks.add(st.Review)
		}
	}
	p.Marks.addPoint(p.Latest)
	return p, nil
}

// reportNames names reports by id, for tables of statements and tooltips.
type reportNames map[int64]peil.Report

func (s *Server) reportNames(ctx context.Context) (reportNames, error) {
	reports, err := s.db.Reports(ctx)
	if err != nil {
		return nil, err
	}
	names := make(reportNames, len(reports))
	for _, r := range reports {
		names[r.ID] = r.Report
	}
	return names, nil
}

// titles returns the titles of the reports that have one, by id, for the
// charts' tooltips (which add the date).
func (n reportNames) titles() map[int64]string {
	out := make(map[int64]string, len(n))
	for id, r := range n {
		if r.Title != "" {
			out[id] = r.Title
		}
	}
	return out
}

// report returns report id, or a report known by its date alone.
func (n reportNames) report(id int64, date peil.Date) peil.Report {
	if r, ok := n[id]; ok {
		return r
	}
	return peil.Report{ID: id, ReportDate: date}
}

// of returns the name of report id; imported statements (id 0) say so.
func (n reportNames) of(id int64, date peil.Date) string {
	if r, ok := n[id]; ok {
		return r.Name()
	}
	if id == 0 {
		return "geïmporteerd"
	}
	return "rapportage van " + peil.FormatDate(date)
}

// measurePage is the data of /maatregelen/{nr}.
type measurePage struct {
	Period      period // chosen with van and tot
	Measure     peil.Measure
	ClusterName string
	Statuses    []statusRow // the timeline: changes, with unchanged runs folded (see timeline)
	Indicators  []indicatorChart
	Events      []eventView
	Marks       reviewMarks // of the latest values and the points of the charts
	// EarlierStatuses and EarlierEvents are the reports and events left out
	// of the timeline and the events (maxTimelineEntries, maxEvents).
	EarlierStatuses, EarlierEvents int
}

type statusRow struct {
	peil.MeasureStatus
	ReportName  string
	NameHasDate bool   // the name already says the report's date
	Citation    string // where the status text stands (peil.CiteBeside)
	Changed     bool   // differs from the status in the report before
	// Unchanged > 0 makes the row a fold: that many reports from FoldFrom
	// to FoldTo repeated the text before it.
	Unchanged        int
	FoldFrom, FoldTo peil.Date
}

type indicatorChart struct {
	peil.Indicator
	Latest *peil.Point
	Trend  template.HTML
}

type eventView struct {
	peil.Event
	Chart   template.HTML // before/after chart
	Effects []peil.Effect
}

func (s *Server) measurePage(c *gin.Context) error {
	nr, err := parseMeasureNr("nr", c.Param("nr"), false)
	if err != nil {
		return err
	}
	pr, err := parsePeriod(c)
	if err != nil {
		return err
	}
	ctx := c.Request.Context()
	var p *measurePage
	if pr.IsZero() {
		p, err = memo(s, "page/measure/"+strconv.Itoa(nr), func() (*measurePage, error) { return s.loadMeasurePage(ctx, nr, pr) })
	} else { // not kept: the dates are the client's
		p, err = s.loadMeasurePage(ctx, nr, pr)
	}
	if err != nil {
		return err
	}
	title := "Maatregel " + strconv.Itoa(nr)
	png := false
	for _, ind := range p.Indicators {
		png = png || s.charts.Drawn(ind.Trend)
	}
	for _, ev := range p.Events {
		png = png || (len(ev.Effects) > 0 && s.charts.Drawn(ev.Chart))
	}
	s.renderPage(c, http.StatusOK, "measure", title, downloadsFor(pr.filter(peil.Filter{Measure: nr}), "/api/measures/"+strconv.Itoa(nr), png), p)
	return nil
}

func (s *Server) loadMeasurePage(ctx context.Context, nr int, pr period) (*measurePage, error) {
	d, err := s.measureDetail(ctx, nr)
	if err != nil {
		return nil, err
	}
	p := &measurePage{Measure: d.Measure, ClusterName: d.Cluster, Period: pr}
	clusters, err := s.db.Clusters(ctx)
	if err != nil {
		return nil, err
	}
	for _, cl := range clusters {
		if cl.ID == d.Cluster {
			p.ClusterName = cl.Name
		}
	}
	names, err := s.reportNames(ctx)
	if err != nil {
		return nil, err
	}
	p.Statuses, p.EarlierStatuses = timeline(d.Statuses, pr, names)
	ids := make([]peil.IndicatorID, len(d.Indicators))
	for i, ind := range d.Indicators {
		ids[i] = ind.ID
	}
	all, err := s.db.AllSeries(ctx, ids)
	if err != nil {
		return nil, err
	}
	clipped := make([]*peil.Series, len(all))
	notes := make([]template.HTML, len(all))
	for i, series := range all {
		var shown, total int
		clipped[i], shown, total = chartWindow(pr.clip(series))
		notes[i] = windowNote(clipped[i], shown, total, "/export.csv"+exportQuery(pr.filter(peil.Filter{Indicator: d.Indicators[i].ID})))
	}
	axis := pr.timeRange(clipped...) // one time range for every trend on the page
	axis.ReportTitles = names.titles()
	for i, ind := range d.Indicators {
		latest := latestPoint(all[i])
		p.Indicators = append(p.Indicators, indicatorChart{Indicator: ind, Latest: latest,
			Trend: s.charts.Trend(clipped[i], axis) + notes[i]})
		p.Marks.addPoint(latest)
		p.Marks.addSeries(clipped[i])
	}
	if p.Events, p.EarlierEvents, err = s.eventViews(ctx, d.Events, pr, names.titles()); err != nil {
		return nil, err
	}
	return p, nil
}

// comparePage is the data of /vergelijken.
type comparePage struct {
	Reports    int              // how many reports are loaded
	From, To   int64            // the reports compared
	Comparison *peil.Comparison // nil when fewer than two reports are loaded
	Changed    []peil.MeasureComparison
	Unchanged  []peil.Measure
}

// compareView is what /vergelijken renders: the comparison, kept per pair,
// and the report pickers, made per request (they depend on ?zoek=).
type compareView struct {
	*comparePage
	Picker reportPicker
}

func (s *Server) comparePage(c *gin.Context) error {
	from, to, err := parseReportPair("van", c.Query("van"), "tot", c.Query("tot"))
	if err != nil {
		return err
	}
	query, err := parsePickerQuery("zoek", c.Query("zoek"))
	if err != nil {
		return err
	}
	ctx := c.Request.Context()
	if err := s.checkReportOrder(ctx, "van", from, "tot", to); err != nil {
		return err
	}
	key := "page/compare/" + strconv.FormatInt(from, 10) + "/" + strconv.FormatInt(to, 10)
	p, err := memo(s, key, func() (*comparePage, error) { return s.loadComparePage(ctx, from, to) })
	if err != nil {
		return err
	}
	reports, err := s.reports(ctx)
	if err != nil {
		return err
	}
	api := "/api/compare"
	if from != 0 {
		api += "?from=" + strconv.FormatInt(from, 10) + "&to=" + strconv.FormatInt(to, 10)
	}
	v := compareView{comparePage: p, Picker: pickReports(reports, query, p.From, p.To)}
	// The workbook's comparison sheet shows the pair on the page.
	s.renderPage(c, http.StatusOK, "compare", "Vergelijken", downloadsOf(peil.ExportOptions{CompareFrom: p.From, CompareTo: p.To}, api, false), v)
	return nil
}

func (s *Server) loadComparePage(ctx context.Context, from, to int64) (*comparePage, error) {
	reports, err := s.db.Reports(ctx)
	if err != nil {
		return nil, err
	}
	p := &comparePage{Reports: len(reports)}
	if len(reports) >= 2 || from != 0 {
		cmp, err := s.db.Compare(ctx, from, to)
		if err != nil {
			return nil, err
		}
		p.Comparison, p.From, p.To = cmp, cmp.From.ID, cmp.To.ID
		for _, mc := range cmp.Measures {
			if mc.StatusChanged || len(mc.Moved)+len(mc.Appeared)+len(mc.Disappeared) > 0 {
				p.Changed = append(p.Changed, mc)
			} else {
				p.Unchanged = append(p.Unchanged, mc.Measure)
			}
		}
	}
	return p, nil
}
