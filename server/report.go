package server

import (
	"context"
	"html/template"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/peil-dev/peil"
)

// reportPage is the data of /rapportages/{id}: one report with its figures
// by measure, its events and its source.
type reportPage struct {
	Report   peil.ReportSummary
	Previous *peil.ReportSummary // the report before, nil for the first
	Next     *peil.ReportSummary // the report after, nil for the latest
	Measures []reportMeasure
	Events   []peil.Event
	Warnings []peil.Warning // what the extraction found wrong with the report's table
	Marks    reviewMarks
	Write    bool // the server takes reviews: the page links to the report's figures in the queue
}

// reportMeasure is a measure as one report describes it.
type reportMeasure struct {
	Measure peil.Measure
	Status  string // the report's status text; "" when it has none
	Figures []reportFigure
}

// reportFigure is one figure of a report with its indicator's label.
type reportFigure struct {
	peil.Observation
	Label string // "" when the figure matched no indicator
}

// reportsPage is the data of /rapportages: one page of the reports, latest
// first (by date, then by id: the reverse of the report order).
type reportsPage struct {
	Reports []peil.ReportSummary
	Paging  paging
}

// Links are the page's rel=prev and rel=next links.
func (p *reportsPage) Links() pageLinks {
	return pageLinks{Prev: p.Paging.Prev(), Next: p.Paging.Next()}
}

// reportsIndex answers /rapportages?pagina=N: listPageSize reports a page.
func (s *Server) reportsIndex(c *gin.Context) error {
	page, err := parsePage("pagina", c.Query("pagina"))
	if err != nil {
		return err
	}
	reports, err := s.reports(c.Request.Context())
	if err != nil {
		return err
	}
	p := &reportsPage{}
	if p.Paging, err = newPaging(len(reports), listPageSize, page, "/rapportages", "pagina", c.Request.URL.Query()); err != nil {
		return err
	}
	lo, hi := p.Paging.Bounds()
	for i := len(reports) - 1 - lo; i >= len(reports)-hi; i-- {
		p.Reports = append(p.Reports, reports[i])
	}
	s.renderPage(c, http.StatusOK, "reports", "Rapportages", downloadsFor(peil.Filter{}, "/api/reports", false), p)
	return nil
}

// reportsList is the list key (see listData) of the stored reports, which
// /api/reports pages and the pages read through s.reports.
const reportsList = "reports"

// reports returns the stored reports in report order (oldest first), read
// once per data generation: the list /api/reports pages. Callers must not
// change the slice.
func (s *Server) reports(ctx context.Context) ([]peil.ReportSummary, error) {
	return listData(ctx, s, reportsList, s.db.Reports)
}

func (s *Server) reportPageHandler(c *gin.Context) error {
	id, err := parseReportID("id", c.Param("id"))
	if err != nil {
		return err
	}
	if id == 0 {
		return peil.Errorf(peil.EINVALID, "parameter id: geef een rapportage-id (een positief geheel getal), niet %q", c.Param("id"))
	}
	ctx := c.Request.Context()
	p, err := memo(s, "page/report/"+strconv.FormatInt(id, 10), func() (*reportPage, error) { return s.loadReportPage(ctx, id) })
	if err != nil {
		return err
	}
	s.renderPage(c, http.StatusOK, "report", p.Report.Name(), downloadsFor(peil.Filter{}, "/api/reports", false), p)
	return nil
}

func (s *Server) loadReportPage(ctx context.Context, id int64) (*reportPage, error) {
	reports, err := s.db.Reports(ctx)
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(reports, func(r peil.ReportSummary) bool { return r.ID == id })
	if i < 0 {
		return nil, peil.Errorf(peil.ENOTFOUND, "geen rapportage met id %d", id)
	}
	p := &reportPage{Report: reports[i], Write: s.opts.Write}
	if i > 0 {
		p.Previous = &reports[i-1]
	}
	if i+1 < len(reports) {
		p.Next = &reports[i+1]
	}
	measures, err := s.db.Measures(ctx)
	if err != nil {
		return nil, err
	}
	statuses, err := s.db.Statuses(ctx)
	if err != nil {
		return nil, err
	}
	status := make(map[int]string)
	for _, st := range statuses {
		if st.Report == id {
			status[st.Measure] = st.Status
		}
	}
	obs, err := s.db.ReportObservations(ctx, id)
	if err != nil {
		return nil, err
	}
	inds, err := s.db.Indicators(ctx, 0)
	if err != nil {
		return nil, err
	}
	label := make(map[peil.IndicatorID]string, len(inds))
	for _, ind := range inds {
		label[ind.ID] = ind.Label
	}
	figures := make(map[int][]reportFigure)
	for _, o := range obs {
		figures[o.Measure] = append(figures[o.Measure], reportFigure{Observation: o, Label: label[o.Indicator]})
		p.Marks.add(o.Review)
	}
	for _, m := range measures {
		st, ok := status[m.Nr]
		if !ok && len(figures[m.Nr]) == 0 {
			continue
		}
		p.Measures = append(p.Measures, reportMeasure{Measure: m, Status: st, Figures: figures[m.Nr]})
	}
	events, err := s.db.Events(ctx, 0)
	if err != nil {
		return nil, err
	}
	for _, ev := range events {
		if ev.Report == id {
			p.Events = append(p.Events, ev)
		}
	}
	if p.Report.Warnings > 0 { // counted with the report: most have none
		if p.Warnings, err = s.db.ReportWarnings(ctx, id); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// webAddress is an http(s) address in a citation, up to the space, comma or
// bracket after it (a full stop or closing bracket at its end is not part of
// it).
var webAddress = regexp.MustCompile(`https?://[^\s,;"'<>]+[^\s,;"'<>.)]`)

// citeHTML writes a citation (an import's source, a report's place) as
// escaped text with every web address in it a link to another host: a plain
// link that opens without telling that host where the reader came from
// (rel="noopener noreferrer"). Pages load nothing from other hosts; they may
// point to them.
func citeHTML(citation string) template.HTML {
	var b strings.Builder
	last := 0
	for _, m := range webAddress.FindAllStringIndex(citation, -1) {
		b.WriteString(template.HTMLEscapeString(citation[last:m[0]]))
		u := template.HTMLEscapeString(citation[m[0]:m[1]])
		b.WriteString(`<a href="` + u + `" rel="noopener noreferrer">` + u + `</a>`)
		last = m[1]
	}
	b.WriteString(template.HTMLEscapeString(citation[last:]))
	return template.HTML(b.String())
}
