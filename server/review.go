package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/peil-dev/peil"
)

// The review side: /beoordelen (the queue as a page, a form per decision)
// and POST /api/review/{figure_id}. Both hand the decision to
// analytics.DB.Decide, the one implementation of review.

// reviewRequest is the body of POST /api/review/{figure_id}, and what the
// page's forms post.
type reviewRequest struct {
	Action string `json:"action"` // confirm, assign, correct, reject, new_indicator
	// Version is the figure's version the reviewer saw (ReviewItem.version):
	// the decision is refused with 409 when the figure moved on. Without it,
	// a figure a person has decided already is refused with 409 too.
	Version int `json:"version"`

	Indicator string `json:"indicator"` // assign

	Value       *float64 `json:"value"`        // correct
	Qualifier   *string  `json:"qualifier"`    // correct
	Kind        *string  `json:"kind"`         // correct; new_indicator (optional)
	PeriodStart *string  `json:"period_start"` // correct, YYYY-MM-DD
	PeriodEnd   *string  `json:"period_end"`   // correct, YYYY-MM-DD

	Why string `json:"why"` // reject

	ID    string `json:"id"`    // new_indicator
	Label string `json:"label"` // new_indicator
	Unit  string `json:"unit"`  // new_indicator (optional)
}

// decision turns the request into the decision of by about figure id.
func (r *reviewRequest) decision(id int64, by string) (peil.Decision, error) {
	d := peil.Decision{Figure: id, Action: peil.DecisionAction(r.Action), By: by, Version: r.Version, Why: strings.TrimSpace(r.Why)}
	switch d.Action {
	case peil.DecideConfirm, peil.DecideReject:
	case peil.DecideAssign:
		d.Indicator = peil.IndicatorID(strings.TrimSpace(r.Indicator))
	case peil.DecideCorrect:
		d.Value = r.Value
		if r.Qualifier != nil && *r.Qualifier != "" {
			q := peil.Qualifier(*r.Qualifier)
			d.Qualifier = &q
		}
		if r.Kind != nil && *r.Kind != "" {
			k := peil.Kind(*r.Kind)
			d.Kind = &k
		}
		for _, p := range []struct {
			name string
			in   *string
			out  **peil.Date
		}{{"period_start", r.PeriodStart, &d.PeriodStart}, {"period_end", r.PeriodEnd, &d.PeriodEnd}} {
			if p.in == nil || *p.in == "" {
				continue
			}
			date, err := peil.ParseDate(*p.in)
			if err != nil {
				return d, peil.Errorf(peil.EINVALID, "%s: geef een datum als JJJJ-MM-DD, niet %q", p.name, *p.in)
			}
			*p.out = &date
		}
	case peil.DecideNewIndicator:
		ind := &peil.Indicator{ID: peil.IndicatorID(strings.TrimSpace(r.ID)), Label: strings.TrimSpace(r.Label), Unit: strings.TrimSpace(r.Unit)}
		if r.Kind != nil {
			ind.Kind = peil.Kind(*r.Kind)
		}
		d.NewIndicator = ind
	default:
		return d, peil.Errorf(peil.EINVALID, "onbekende beslissing %q; kies confirm, assign, correct, reject of new_indicator", r.Action)
	}
	return d, nil
}

// decide applies the request to figure id as the session's user. Without a
// version, a figure a person has decided already is a conflict: the caller
// did not see that decision.
func (s *Server) decide(ctx context.Context, id int64, req *reviewRequest, by string) (peil.DecisionResult, error) {
	d, err := req.decision(id, by)
	if err != nil {
		return peil.DecisionResult{}, err
	}
	if d.Version == 0 {
		items, err := s.db.ReviewQueue(ctx, peil.ReviewFilter{Figure: id})
		if err != nil {
			return peil.DecisionResult{}, err
		}
		if len(items) == 0 {
			return peil.DecisionResult{}, peil.Errorf(peil.ENOTFOUND, "cijfer %d bestaat niet", id)
		}
		if it := items[0]; it.Status.Checked() {
			return peil.DecisionResult{}, peil.Errorf(peil.ECONFLICT,
				"cijfer %d is al beoordeeld (%s door %s); geef version %d om dat te veranderen", id, it.Status, it.Reviewer, it.Version)
		}
		d.Version = items[0].Version
	}
	return s.db.Decide(ctx, d)
}

// figureID parses the :figure_id path parameter.
func figureID(c *gin.Context) (int64, error) { return idParam(c, "figure_id", "een cijfer") }

// idParam parses the path parameter name, the positive id of what.
func idParam(c *gin.Context, name, what string) (int64, error) {
	id, err := strconv.ParseInt(c.Param(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, peil.Errorf(peil.EINVALID, "geef het nummer van %s, niet %q", what, c.Param(name))
	}
	return id, nil
}

func (s *Server) apiReview(c *gin.Context) error {
	id, err := figureID(c)
	if err != nil {
		return err
	}
	var req reviewRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	res, err := s.decide(c.Request.Context(), id, &req, sessionOf(c).User)
	if err != nil {
		return err
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, res)
	return nil
}

// reviewQuery is the queue's filter as the page takes it: ?rapport=,
// ?maatregel=, ?status= (open by default; "alle" for every state), and the
// page of the queue: ?pagina= (listPageSize figures a page), or ?cijfer=,
// the page that has that figure.
type reviewQuery struct {
	Report  int64
	Measure int
	Status  string
	Page    int   // 0: the first, or Figure's
	Figure  int64 // show the page with this figure (when Page is 0)
}

func parseReviewQuery(v url.Values) (reviewQuery, error) {
	q := reviewQuery{Status: v.Get("status")}
	if q.Status == "" {
		q.Status = string(peil.ReviewOpen)
	}
	if q.Status != "alle" && !peil.ReviewStatus(q.Status).Valid() {
		return q, peil.Errorf(peil.EINVALID, "onbekende status %q", q.Status)
	}
	if r := v.Get("rapport"); r != "" {
		n, err := strconv.ParseInt(r, 10, 64)
		if err != nil || n <= 0 {
			return q, peil.Errorf(peil.EINVALID, "rapport: geef het nummer van een rapportage, niet %q", r)
		}
		q.Report = n
	}
	if m := v.Get("maatregel"); m != "" {
		n, err := strconv.Atoi(m)
		if err != nil || n <= 0 {
			return q, peil.Errorf(peil.EINVALID, "maatregel: geef een maatregelnummer, niet %q", m)
		}
		q.Measure = n
	}
	if p := v.Get("pagina"); p != "" {
		n, err := parsePage("pagina", p)
		if err != nil {
			return q, err
		}
		q.Page = n
	}
	if f := v.Get("cijfer"); f != "" {
		n, err := strconv.ParseInt(f, 10, 64)
		if err != nil || n <= 0 {
			return q, peil.Errorf(peil.EINVALID, "cijfer: geef het nummer van een cijfer, niet %q", f)
		}
		q.Figure = n
	}
	return q, nil
}

// postedReviewQuery is the queue's filter a form of /beoordelen posts back, to
// return to the same queue.
func postedReviewQuery(c *gin.Context) (reviewQuery, error) {
	return parseReviewQuery(url.Values{"status": {c.PostForm("status")}, "rapport": {c.PostForm("rapport")},
		"maatregel": {c.PostForm("maatregel")}, "pagina": {c.PostForm("pagina")}})
}

// filterValues are q's filter parameters, without the page.
func (q reviewQuery) filterValues() url.Values {
	v := url.Values{"status": {q.Status}}
	if q.Report > 0 {
		v.Set("rapport", strconv.FormatInt(q.Report, 10))
	}
	if q.Measure > 0 {
		v.Set("maatregel", strconv.Itoa(q.Measure))
	}
	return v
}

// encode is the query string of q with its page, for links and redirects.
func (q reviewQuery) encode() string {
	v := q.filterValues()
	if q.Page > 1 {
		v.Set("pagina", strconv.Itoa(q.Page))
	}
	return v.Encode()
}

func (q reviewQuery) filter() peil.ReviewFilter {
	f := peil.ReviewFilter{Report: q.Report, Measure: q.Measure}
	if q.Status != "alle" {
		f.Status = peil.ReviewStatus(q.Status)
	}
	return f
}

// reviewView is the data of /beoordelen.
type reviewView struct {
	Query       reviewQuery
	QueryStr    string
	Reports     []peil.ReportSummary // the latest maxPickerReports and the one chosen, latest first
	MoreReports int                  // reports left out of Reports
	Paging      paging               // of the queue: Items is its page
	Measures    []peil.Measure
	Statuses    []peil.ReviewStatus
	Counts      map[peil.ReviewStatus]int
	Items       []reviewFigure
	Indicators  []peil.Indicator // every indicator, for the assign list
	Qualifiers  []peil.Qualifier
	Kinds       []peil.Kind
	CSRF        string
	Done        string         // what the last decision did, shown once
	Script      string         // the keyboard script's URL
	Decisions   []decisionView // the latest decisions, to undo
}

// reviewHidden are the hidden fields of every decision form of a figure.
type reviewHidden struct {
	CSRF    string
	Version int
	Next    int64
	Query   reviewQuery
}

func hiddenOf(v reviewView, f reviewFigure) reviewHidden {
	return reviewHidden{CSRF: v.CSRF, Version: f.Version, Next: f.Next, Query: v.Query}
}

// reviewFigure is one figure on the page: its sentence split around the
// figure's text (so the page can highlight it; each part is escaped), and
// the indicators of its measure.
type reviewFigure struct {
	peil.ReviewItem
	Before, Mark, After string
	Proposed            *peil.Indicator
	Alternatives        []alternativeView
	Own                 []peil.Indicator // the indicators of the figure's measure
	Next                int64            // the figure after it on the page, 0 for none
}

// figureAt returns where a figure's text stands in its sentence: the first
// place where it is a whole number, not part of a longer one ("10" in
// "waarvan 10", not in "102" before it), else the first place at all; -1
// when the sentence lacks it. (The extraction does not store the figure's
// offset, so the page finds it again.)
func figureAt(sentence, text string) int {
	if text == "" {
		return -1
	}
	first := strings.Index(sentence, text)
	for i := first; i >= 0; {
		if wholeNumberAt(sentence, i, i+len(text)) {
			return i
		}
		next := strings.Index(sentence[i+1:], text)
		if next < 0 {
			break
		}
		i += 1 + next
	}
	return first
}

// wholeNumberAt reports whether sentence[lo:hi] does not continue a number
// on either side: no digit, and no digit group after a separator (1.995,
// 6,4), directly before or after it.
func wholeNumberAt(sentence string, lo, hi int) bool {
	digit := func(i int) bool { return i >= 0 && i < len(sentence) && sentence[i] >= '0' && sentence[i] <= '9' }
	sep := func(i int) bool { return i >= 0 && i < len(sentence) && (sentence[i] == '.' || sentence[i] == ',') }
	if digit(lo) && (digit(lo-1) || sep(lo-1) && digit(lo-2)) {
		return false
	}
	if digit(hi-1) && (digit(hi) || sep(hi) && digit(hi+1)) {
		return false
	}
	return true
}

type alternativeView struct {
	peil.Alternative
	Label string
}

func (s *Server) reviewPage(c *gin.Context) error {
	ctx := c.Request.Context()
	q, err := parseReviewQuery(c.Request.URL.Query())
	if err != nil {
		return err
	}
	// The page: the one asked for, else the one with the figure asked for.
	// A page beyond the last shows the last: the queue shrinks while a
	// reviewer works through it, and a decision sends them back to its page.
	rg := peil.ReviewRange{Limit: listPageSize, Offset: (max(q.Page, 1) - 1) * listPageSize, Clamp: true}
	if q.Page == 0 {
		rg.At = q.Figure
	}
	page, err := s.db.ReviewPage(ctx, q.filter(), rg)
	if err != nil {
		return err
	}
	items := page.Items
	cat, err := s.db.Catalog(ctx)
	if err != nil {
		return err
	}
	reports, err := s.reports(ctx)
	if err != nil {
		return err
	}
	counts, err := s.db.ReviewCounts(ctx)
	if err != nil {
		return err
	}
	decisions, err := s.latestDecisions(ctx, recentDecisions)
	if err != nil {
		return err
	}
	q.Page = page.Offset/listPageSize + 1
	pg, err := newPaging(page.Total, listPageSize, q.Page, "/beoordelen", "pagina", q.filterValues())
	if err != nil {
		return err
	}
	picker := pickReports(reports, "", q.Report, 0)
	v := reviewView{Query: q, QueryStr: q.encode(), Reports: picker.Options, MoreReports: picker.Left, Paging: pg,
		Measures: cat.Measures, Statuses: peil.ReviewStatuses,
		Counts: counts, Indicators: cat.Indicators, Qualifiers: peil.Qualifiers, Kinds: peil.Kinds,
		CSRF: sessionOf(c).CSRFToken, Done: c.Query("gedaan"), Script: s.assetURLs["review"], Decisions: decisions}
	byID := map[peil.IndicatorID]*peil.Indicator{}
	for i := range cat.Indicators {
		byID[cat.Indicators[i].ID] = &cat.Indicators[i]
	}
	for _, it := range items {
		f := reviewFigure{ReviewItem: it, Before: it.Sentence, Proposed: byID[it.Indicator]}
		if i := figureAt(it.Sentence, it.Text); i >= 0 {
			f.Before, f.Mark, f.After = it.Sentence[:i], it.Text, it.Sentence[i+len(it.Text):]
		}
		for _, a := range it.Alternatives {
			label := string(a.Indicator)
			if ind := byID[a.Indicator]; ind != nil {
				label = ind.Label
			}
			f.Alternatives = append(f.Alternatives, alternativeView{a, label})
		}
		for _, ind := range cat.Indicators {
			if ind.Measure == it.Measure {
				f.Own = append(f.Own, ind)
			}
		}
		v.Items = append(v.Items, f)
	}
	for i := range v.Items[:max(len(v.Items)-1, 0)] {
		v.Items[i].Next = v.Items[i+1].ID
	}
	c.Header("Cache-Control", "no-store")
	s.renderPage(c, http.StatusOK, "review", "Beoordelen", downloads{}, v)
	return nil
}

// reviewForm takes a decision posted from /beoordelen and sends the browser
// back to the queue, at the figure after the one decided.
func (s *Server) reviewForm(c *gin.Context) error {
	id, err := figureID(c)
	if err != nil {
		return err
	}
	q, err := postedReviewQuery(c)
	if err != nil {
		return err
	}
	req := reviewRequest{Action: c.PostForm("action"), Indicator: c.PostForm("indicator"), Why: c.PostForm("why"),
		ID: c.PostForm("id"), Label: c.PostForm("label"), Unit: c.PostForm("unit")}
	if v := c.PostForm("version"); v != "" {
		if req.Version, err = strconv.Atoi(v); err != nil {
			return peil.Errorf(peil.EINVALID, "version: geen getal: %q", v)
		}
	}
	if v := strings.TrimSpace(c.PostForm("value")); v != "" {
		f, ok := s.ingest.ParseNumber(v)
		if !ok {
			return peil.Errorf(peil.EINVALID, "waarde: geef een getal zoals 1.995 of 6,4, niet %q", v)
		}
		req.Value = &f
	}
	for name, dst := range map[string]**string{"qualifier": &req.Qualifier, "kind": &req.Kind, "period_start": &req.PeriodStart, "period_end": &req.PeriodEnd} {
		if v := strings.TrimSpace(c.PostForm(name)); v != "" {
			*dst = &v
		}
	}
	res, err := s.decide(c.Request.Context(), id, &req, sessionOf(c).User)
	if err != nil {
		return err
	}
	done := fmt.Sprintf("Cijfer %d: %s.", id, res.Figure.Status.Dutch())
	for _, w := range res.Warnings {
		done += " " + w
	}
	next, _ := strconv.ParseInt(c.PostForm("next"), 10, 64)
	backToQueue(c, q, done, next)
	return nil
}

// backToQueue sends the browser back to the review queue q after a form,
// with done (what the form did) shown above it and, when figure > 0, at that
// figure.
func backToQueue(c *gin.Context, q reviewQuery, done string, figure int64) {
	anchor := ""
	if figure > 0 {
		anchor = "#cijfer-" + strconv.FormatInt(figure, 10)
	}
	c.Redirect(http.StatusSeeOther, "/beoordelen?"+q.encode()+"&gedaan="+url.QueryEscape(done)+anchor)
}

// Undo on the web: POST /api/review/undo/{decision_id} and the page's
// "ongedaan maken" forms (POST /beoordelen/ongedaan/{decision_id}) hand the
// decision to analytics.DB.Undo, as peil review undo does; GET
// /api/review/decisions lists the decisions to undo.

// undo takes back decision id as by. On the web a decision undone already or
// superseded by a later one is a conflict (409): another reviewer acted in
// the meantime. (The command line calls these bad input.)
func (s *Server) undo(ctx context.Context, id int64, by string) (peil.UndoResult, error) {
	res, err := s.db.Undo(ctx, id, by)
	if peil.ErrorCode(err) == peil.EINVALID {
		return res, peil.Errorf(peil.ECONFLICT, "%s", peil.ErrorMessage(err))
	}
	return res, err
}

// decisionID parses the :decision_id path parameter.
func decisionID(c *gin.Context) (int64, error) { return idParam(c, "decision_id", "een beslissing") }

// apiUndo answers POST /api/review/undo/{decision_id}: the undone decision
// and the figure as it stands now. The request has no body.
func (s *Server) apiUndo(c *gin.Context) error {
	id, err := decisionID(c)
	if err != nil {
		return err
	}
	if err := noBody(c); err != nil {
		return err
	}
	res, err := s.undo(c.Request.Context(), id, sessionOf(c).User)
	if err != nil {
		return err
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, res)
	return nil
}

// noBody refuses a request that carries a body where none belongs (white
// space and an empty JSON object pass): 400, or 413 beyond the body limit.
func noBody(c *gin.Context) error {
	b, err := io.ReadAll(c.Request.Body)
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		return peil.Errorf(codeTooLarge, "de inhoud van het verzoek is groter dan %d bytes", tooLarge.Limit)
	case err != nil:
		return fmt.Errorf("read request body: %w", err)
	}
	if t := strings.TrimSpace(string(b)); t != "" && t != "{}" {
		return peil.Errorf(peil.EINVALID, "dit verzoek heeft geen inhoud; stuur niets (of {})")
	}
	return nil
}

// apiDecisions answers GET /api/review/decisions?all=1&limit=&offset=: the
// decisions, newest first, a page at a time (decisionsLimit); without all
// only those not undone.
func (s *Server) apiDecisions(c *gin.Context) error {
	all, err := parseFlag("all", c.Query("all"))
	if err != nil {
		return err
	}
	page, err := parseListPage(c.Request.URL.Query(), decisionsLimit)
	if err != nil {
		return err
	}
	recs, err := s.db.Decisions(c.Request.Context(), all)
	if err != nil {
		return err
	}
	lo, hi := page.bounds(len(recs))
	setListHeaders(c, len(recs), page)
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, orEmpty(recs[lo:hi]))
	return nil
}

// undoForm takes back a decision from /beoordelen and sends the browser back
// to the queue it came from.
func (s *Server) undoForm(c *gin.Context) error {
	id, err := decisionID(c)
	if err != nil {
		return err
	}
	q, err := postedReviewQuery(c)
	if err != nil {
		return err
	}
	res, err := s.undo(c.Request.Context(), id, sessionOf(c).User)
	if err != nil {
		return err
	}
	if f := res.Figure; f != nil {
		backToQueue(c, q, fmt.Sprintf("Beslissing %d ongedaan gemaakt: cijfer %d is weer %s.", id, f.ID, f.Status.Dutch()), f.ID)
	} else {
		backToQueue(c, q, fmt.Sprintf("Beslissing %d ongedaan gemaakt.", id), 0)
	}
	return nil
}

// recentDecisions is how many decisions /beoordelen lists to undo.
const recentDecisions = 20

// decisionView is a decision in the list of /beoordelen.
type decisionView struct {
	peil.DecisionRecord
	InForce bool // the latest decision about its figure: it can be undone
}

// latestDecisions returns the newest decisions not undone, at most n, each
// saying whether it is in force (the newest about its figure).
func (s *Server) latestDecisions(ctx context.Context, n int) ([]decisionView, error) {
	recs, err := s.db.Decisions(ctx, false)
	if err != nil {
		return nil, err
	}
	seen := map[int64]bool{}
	var out []decisionView
	for _, r := range recs { // newest first
		if len(out) == n {
			break
		}
		out = append(out, decisionView{r, r.Figure == 0 || !seen[r.Figure]})
		seen[r.Figure] = true
	}
	return out, nil
}

// Links are the page's rel=prev and rel=next links.
func (v reviewView) Links() pageLinks { return pageLinks{Prev: v.Paging.Prev(), Next: v.Paging.Next()} }
