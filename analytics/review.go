package analytics

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/peil-dev/peil"
)

// The review queue and its decisions. The rules (what a decision does, what
// is valid) are peil's (review.go); this file stores them: every decision and
// every undo is one transaction that updates the figure's observation (so that
// series, comparisons and exports read the reviewed value), its figure_review
// row, the decisions table and the audit log.

// reviewColumns are queryReview's columns of a figure (r, of
// figure_review), its observation (o) and its sentence.
const reviewColumns = `
SELECT r.observation, coalesce(o.report, 0), o.report_date, o.measure, o.value, o.text, o.qualifier, o.kind, o.unit,
       o.period_start, o.period_end, r.state, r.score, r.reason, r.status, ` + sentenceOf + `, coalesce(r.page, 0), o.line, r.alternatives,
       r.reviewer, r.decided_at, coalesce(r.decision, 0), r.version, r.original, o.lower, o.upper`

// reviewFrom joins each figure (r) to its observation (o).
const reviewFrom = `
FROM figure_review r JOIN observations o ON o.id = r.observation`

// reviewSQL selects review items; a WHERE follows.
const reviewSQL = reviewColumns + reviewFrom + sentenceJoin

// reviewWhere is the review queue's filter, with the arguments
// reviewFilterArgs gives.
const reviewWhere = `
WHERE (? = 0 OR o.report = ?) AND (? = 0 OR o.measure = ?) AND (? = '' OR r.status = ?) AND (? = 0 OR r.observation = ?)`

// reviewFilterArgs are the arguments of reviewWhere for f.
func reviewFilterArgs(f peil.ReviewFilter) []any {
	return []any{f.Report, f.Report, f.Measure, f.Measure, string(f.Status), string(f.Status), f.Figure, f.Figure}
}

// reviewOrder is the queue's order: by report, measure and line. The
// figure's id makes the order total, so that its pages neither repeat nor
// skip a figure.
const reviewOrder = ` ORDER BY o.report, o.measure, o.line, r.observation`

// reviewCountSQL counts the figures of the queue (reviewWhere) and gives the
// position (1-based, in reviewOrder) of the figure its last argument names,
// 0 when the queue does not hold it.
const reviewCountSQL = `
SELECT count(*), coalesce(max(pos) FILTER (WHERE id = ?), 0)
FROM (SELECT r.observation AS id, row_number() OVER (` + reviewOrder + `) AS pos` + reviewFrom + reviewWhere + `)`

// reviewPageSQL reads LIMIT figures of the queue from OFFSET (LIMIT NULL for
// all). The page's figures are picked on the queue's key columns first, and
// the rest is joined to them, so that the sentences, reasons and states are
// read for the page alone. (With the page as a condition on the join of
// every figure, IN (SELECT id FROM picked), DuckDB 1.5 joins all figures to
// their observations first: at 62,000 figures ten times the time.)
var reviewPageSQL = `
WITH picked AS (SELECT r.observation AS id, o.sentence_id AS sid` + reviewFrom + reviewWhere + reviewOrder + `
                LIMIT ? OFFSET ?)` + reviewColumns + `
FROM picked p JOIN figure_review r ON r.observation = p.id JOIN observations o ON o.id = p.id` +
	sentenceJoinOf("SELECT sid FROM picked") + reviewOrder

// ReviewQueue lists the extracted figures that f selects, by report, measure
// and line, each with its match and review state: the whole queue of
// ReviewPage.
func (db *DB) ReviewQueue(ctx context.Context, f peil.ReviewFilter) ([]peil.ReviewItem, error) {
	p, err := db.ReviewPage(ctx, f, peil.ReviewRange{})
	return p.Items, err
}

// ReviewPage reads the part of the review queue that f and rg select (see
// peil.ReviewRange), with the number of figures f selects: the page's
// figures alone are read, however long the queue. The count and the page
// are read under one read lock, so no write falls between them.
func (db *DB) ReviewPage(ctx context.Context, f peil.ReviewFilter, rg peil.ReviewRange) (_ peil.ReviewPage, err error) {
	defer peil.WrapInternal(&err, "review queue")
	if f.Status != "" && !f.Status.Valid() {
		return peil.ReviewPage{}, peil.Errorf(peil.EINVALID, "onbekende status %q; kies uit auto, open, confirmed, corrected, rejected", f.Status)
	}
	if rg.Limit < 0 || rg.Offset < 0 {
		return peil.ReviewPage{}, fmt.Errorf("limit %d, offset %d: negative", rg.Limit, rg.Offset)
	}
	ctx, done := db.reading(ctx)
	defer done()
	args := reviewFilterArgs(f)
	page := peil.ReviewPage{Offset: rg.Offset, Items: []peil.ReviewItem{}}
	whole := rg.Limit == 0 && rg.Offset == 0 && rg.At == 0
	if !whole {
		var pos int
		if err := db.sql.QueryRowContext(ctx, reviewCountSQL, append([]any{rg.At}, args...)...).Scan(&page.Total, &pos); err != nil {
			return peil.ReviewPage{}, err
		}
		if pos > 0 {
			page.Offset = pos - 1
			if rg.Limit > 0 {
				page.Offset -= page.Offset % rg.Limit
			}
		}
		if rg.Clamp && page.Offset >= page.Total {
			page.Offset = 0
			if rg.Limit > 0 && page.Total > 0 {
				page.Offset = (page.Total - 1) / rg.Limit * rg.Limit
			}
		}
		if page.Offset >= page.Total {
			return page, nil
		}
	}
	var limit any // NULL: no limit
	if rg.Limit > 0 {
		limit = rg.Limit
	}
	items, err := queryReview(ctx, db.sql, reviewPageSQL, append(args, limit, page.Offset)...)
	if err != nil {
		return peil.ReviewPage{}, err
	}
	page.Items = items
	if whole {
		page.Total = len(items)
	}
	return page, nil
}

// ReviewCounts counts the extracted figures per review state (every state
// present, 0 when none).
func (db *DB) ReviewCounts(ctx context.Context) (_ map[peil.ReviewStatus]int, err error) {
	defer peil.Wrap(&err, "review counts")
	ctx, done := db.reading(ctx)
	defer done()
	out := map[peil.ReviewStatus]int{}
	for _, s := range peil.ReviewStatuses {
		out[s] = 0
	}
	rows, err := db.sql.QueryContext(ctx, `SELECT status, count(*) FROM figure_review GROUP BY status`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var s string
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			return nil, err
		}
		out[peil.ReviewStatus(s)] = n
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

func queryReview(ctx context.Context, q querier, query string, args ...any) ([]peil.ReviewItem, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []peil.ReviewItem{}
	for rows.Next() {
		var it peil.ReviewItem
		var decidedAt sql.NullTime
		var qual, kind, state, status, alts, original string
		if err := rows.Scan(&it.ID, &it.Report, &it.ReportDate, &it.Measure, &it.Value, &it.Text, &qual, &kind, &it.Unit,
			&it.PeriodStart, &it.PeriodEnd, &state, &it.Score, &it.Reason, &status, &it.Sentence, &it.Page, &it.Line, &alts,
			&it.Reviewer, &decidedAt, &it.Decision, &it.Version, &original, &it.Lower, &it.Upper); err != nil {
			return nil, err
		}
		it.Qualifier, it.Kind, it.Status = peil.Qualifier(qual), peil.Kind(kind), peil.ReviewStatus(status)
		st, err := peil.UnmarshalState(state)
		if err != nil {
			return nil, err
		}
		it.Indicator = st.Indicator // the observation has none when rejected
		if err := json.Unmarshal([]byte(alts), &it.Alternatives); err != nil {
			return nil, fmt.Errorf("figure %d alternatives: %w", it.ID, err)
		}
		if it.Alternatives == nil {
			it.Alternatives = []peil.Alternative{}
		}
		if decidedAt.Valid {
			t := decidedAt.Time.UTC()
			it.DecidedAt = &t
		}
		if orig, err := peil.UnmarshalState(original); err != nil {
			return nil, err
		} else if !orig.Equal(it.State()) || orig.Indicator != st.Indicator {
			it.Original = &orig
		}
		out = append(out, it)
	}
	return out, rows.Err()
}

// figureKey is what a decision is keyed by, beside the report's hash: the
// sentence, the text as written and which of the report's figures with both
// it is (1 for the first).
type figureKey struct {
	sentence, text string
	seq            int
}

// figureKeys returns the key of each figure of a report.
func figureKeys(figs []peil.Figure) []figureKey {
	n := map[[2]string]int{}
	keys := make([]figureKey, len(figs))
	for i, f := range figs {
		k := [2]string{f.Sentence, f.Text}
		n[k]++
		keys[i] = figureKey{f.Sentence, f.Text, n[k]}
	}
	return keys
}

// storedDecision is a decision in force, as re-ingest needs it.
type storedDecision struct {
	id     int64
	hash   string
	by     string
	at     time.Time
	status peil.ReviewStatus
	after  peil.FigureState
}

// activeDecisions returns the decisions in force (the latest not undone per
// figure) of the reports with the given hashes, by figure key.
func activeDecisions(ctx context.Context, q querier, hashes ...string) (_ map[figureKey]storedDecision, err error) {
	defer peil.Wrap(&err, "decisions")
	out := map[figureKey]storedDecision{}
	rows, err := q.QueryContext(ctx, `SELECT id, report_sha256, actor, "at", status, after, sentence, text, seq
		FROM decisions WHERE undone_at IS NULL AND list_contains(?, report_sha256) ORDER BY id`, hashes)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var d storedDecision
		var k figureKey
		var status, after string
		if err := rows.Scan(&d.id, &d.hash, &d.by, &d.at, &status, &after, &k.sentence, &k.text, &k.seq); err != nil {
			return nil, err
		}
		d.status = peil.ReviewStatus(status)
		if d.after, err = peil.UnmarshalState(after); err != nil {
			return nil, err
		}
		out[k] = d // later ids win
	}
	return out, rows.Err()
}

// figureState is the reviewable part of a figure.
func figureState(f *peil.Figure, reportDate peil.Date) peil.FigureState {
	end := f.PeriodEnd
	if end.IsZero() {
		end = reportDate
	}
	lower, upper := peil.FigureBounds(f)
	return peil.FigureState{Measure: f.Measure, Indicator: f.Indicator, Value: f.Value, Qualifier: f.Qualifier,
		Kind: f.Kind, PeriodStart: f.PeriodStart, PeriodEnd: end, Lower: lower, Upper: upper}
}

// setState gives f the values of st.
func setState(f *peil.Figure, st peil.FigureState) {
	f.Measure, f.Indicator, f.Value, f.Qualifier = st.Measure, st.Indicator, st.Value, st.Qualifier
	f.Kind, f.PeriodStart, f.PeriodEnd, f.Lower, f.Upper = st.Kind, st.PeriodStart, st.PeriodEnd, st.Lower, st.Upper
}

// reviewedFigure is a figure of a report being stored, with what review says
// of it.
type reviewedFigure struct {
	key      figureKey
	original peil.FigureState
	state    peil.FigureState
	status   peil.ReviewStatus
	decision *storedDecision
}

// applyDecisions returns what review says of each figure of ext with the
// decisions in force applied, and the decisions that found their figure.
func applyDecisions(ext *peil.Extraction, decs map[figureKey]storedDecision) ([]reviewedFigure, []int64) {
	keys := figureKeys(ext.Figures)
	rev := make([]reviewedFigure, len(ext.Figures))
	var used []int64
	for i := range ext.Figures {
		r := &rev[i]
		*r = reviewedFigure{key: keys[i], original: figureState(&ext.Figures[i], ext.Report.ReportDate), status: ext.Figures[i].Status}
		if r.status == "" {
			r.status = peil.ReviewOpen
		}
		r.state = r.original
		if d, ok := decs[keys[i]]; ok {
			// A copy of its own only for a figure a decision found: taking
			// the address of the loop's d put one on the heap per figure.
			d := d
			r.state, r.status, r.decision = d.after, d.status, &d
			used = append(used, d.id)
		}
	}
	return rev, used
}

// reviewedObservations returns the observations of ext (whose figures are as
// extracted) with review applied: the decided state, and no indicator for a
// rejected figure; then the values derived from the reviewed figures.
func (db *DB) reviewedObservations(ext *peil.Extraction, rev []reviewedFigure) (obs []peil.Observation, derived []peil.Observation) {
	reviewed := *ext
	reviewed.Figures = make([]peil.Figure, len(ext.Figures))
	copy(reviewed.Figures, ext.Figures)
	kept := reviewed.Figures[:0:0]
	for i := range reviewed.Figures {
		setState(&reviewed.Figures[i], rev[i].state)
		if rev[i].status != peil.ReviewRejected {
			kept = append(kept, reviewed.Figures[i])
		}
	}
	obs = observationsOf(&reviewed)
	for i := range obs {
		if rev[i].status == peil.ReviewRejected {
			obs[i].Indicator = ""
		}
	}
	reviewed.Figures = kept
	return obs, db.derived(&reviewed)
}

// storeReview appends the figure_review rows of a report's figures, whose
// observations have the ids first, first+1, ...
func storeReview(ctx context.Context, conn *sql.Conn, report, first int64, figs []peil.Figure, rev []reviewedFigure) error {
	return appendRows(ctx, conn, "figure_review", len(figs), func(i int) []driver.Value {
		f, r := &figs[i], &rev[i]
		alts := []byte("[]")
		if len(f.Alternatives) > 0 {
			alts, _ = json.Marshal(f.Alternatives) // a slice of plain structs always marshals
		}
		matched := f.Status
		if matched == "" {
			matched = peil.ReviewOpen
		}
		var decision, decidedAt any
		reviewer := ""
		// Without a decision the state is the original: one JSON for both.
		original := peil.MarshalState(r.original)
		state := original
		if r.decision != nil {
			decision, decidedAt, reviewer = r.decision.id, r.decision.at, r.decision.by
			state = peil.MarshalState(r.state)
		}
		var page driver.Value
		if f.Page > 0 {
			page = int32(f.Page)
		}
		return []driver.Value{first + int64(i), report, int32(r.key.seq), f.Score, f.Reason, string(alts), string(matched),
			string(r.status), int32(1), decision, reviewer, decidedAt, original, state, page}
	})
}

// figureRow is a figure of the review queue with what a decision needs.
type figureRow struct {
	item     peil.ReviewItem
	hash     string
	seq      int
	original peil.FigureState
	matched  peil.ReviewStatus
}

func loadFigure(ctx context.Context, conn *sql.Conn, id int64) (*figureRow, error) {
	items, err := queryReview(ctx, conn, reviewSQL+` WHERE r.observation = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(items) == 0 {
		return nil, peil.Errorf(peil.ENOTFOUND, "cijfer %d bestaat niet (peil review toont de nummers)", id)
	}
	fr := &figureRow{item: items[0]}
	var original, matched string
	err = conn.QueryRowContext(ctx, `SELECT p.sha256, r.seq, r.original, r.matched
		FROM figure_review r JOIN reports p ON p.id = r.report WHERE r.observation = ?`, id).
		Scan(&fr.hash, &fr.seq, &original, &matched)
	if err != nil {
		return nil, err
	}
	fr.matched = peil.ReviewStatus(matched)
	if fr.original, err = peil.UnmarshalState(original); err != nil {
		return nil, err
	}
	return fr, nil
}

// catalogIndicators reads every indicator of the catalog on q, by id.
func catalogIndicators(ctx context.Context, q querier) ([]peil.Indicator, error) {
	return queryIndicators(ctx, q, indicatorsSQL+` WHERE i.from_catalog ORDER BY i.measure, i.id`)
}

func indicatorByID(ctx context.Context, q querier, id peil.IndicatorID) (peil.Indicator, bool, error) {
	inds, err := queryIndicators(ctx, q, indicatorsSQL+` WHERE i.id = ?`, string(id))
	if err != nil || len(inds) == 0 {
		return peil.Indicator{}, false, err
	}
	return inds[0], true, nil
}

// Decide applies one reviewer's decision to one figure, in one transaction:
// the figure's observation gets the decided state (a rejected one loses its
// indicator, so that it leaves every series), the decision is stored under the
// figure's key (report hash, sentence, text), an assign teaches the indicator
// the figure's unit and the words near it (peil.TeachCues), a new_indicator
// first creates the indicator, the report's derived values are derived anew
// from its reviewed figures, and every change goes into the audit log.
//
// An unknown figure or indicator gives ENOTFOUND; a decision that does not fit
// the figure (peil.Decision.Apply) EINVALID; a decision naming a version the
// figure is no longer at ECONFLICT. Nothing changes then.
func (db *DB) Decide(ctx context.Context, d peil.Decision) (peil.DecisionResult, error) {
	if err := db.writable(); err != nil {
		return peil.DecisionResult{}, err
	}
	if err := d.Validate(); err != nil {
		return peil.DecisionResult{}, err
	}
	db.writeMu.Lock()
	defer db.writeMu.Unlock()
	defer db.w.reset() // rederive and new_indicator add rows the writer did not count
	var res peil.DecisionResult
	err := db.writeTx(ctx, func(conn *sql.Conn) error {
		fr, err := loadFigure(ctx, conn, d.Figure)
		if err != nil {
			return err
		}
		it := &fr.item
		if d.Version != 0 && d.Version != it.Version {
			return peil.Errorf(peil.ECONFLICT, "cijfer %d is intussen door %s beoordeeld (versie %d; u zag versie %d): bekijk het opnieuw",
				d.Figure, nonEmpty(it.Reviewer, "een ander"), it.Version, d.Version)
		}
		cur := it.State()
		var target *peil.Indicator
		switch d.Action {
		case peil.DecideAssign:
			ind, ok, err := indicatorByID(ctx, conn, d.Indicator)
			if err != nil {
				return err
			}
			if !ok {
				return peil.Errorf(peil.ENOTFOUND, "indicator %s bestaat niet (peil catalog export toont de catalogus)", d.Indicator)
			}
			target = &ind
		case peil.DecideNewIndicator:
			ind := *d.NewIndicator
			if ind.Measure == 0 {
				ind.Measure = it.Measure
			}
			if ind.Unit == "" {
				ind.Unit = it.Unit
			}
			if ind.Kind == "" {
				ind.Kind = it.Kind
			}
			if ind.LabelEN == "" {
				ind.LabelEN = ind.Label
			}
			if err := db.insertIndicator(ctx, conn, ind, d.By, AuditAddIndicator); err != nil {
				return err
			}
			target, res.Created = &ind, &ind
		}
		after, status, warnings, err := d.Apply(cur, target)
		if err != nil {
			return err
		}
		res.Warnings = warnings

		if target != nil {
			others, err := catalogIndicators(ctx, conn)
			if err != nil {
				return err
			}
			cues := peil.TeachCues(*target, it.Unit, it.Sentence, it.Text, others)
			if len(cues) > 0 {
				if err := setCues(ctx, conn, *target, append(slices.Clone(target.Cues), cues...), d.By); err != nil {
					return err
				}
				res.CuesAdded = cues
			}
		}

		var id int64
		if err := conn.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) + 1 FROM decisions`).Scan(&id); err != nil {
			return err
		}
		now := time.Now().UTC()
		cues := res.CuesAdded
		if cues == nil {
			cues = []string{}
		}
		var created any
		if res.Created != nil {
			created = string(res.Created.ID)
		}
		if _, err := conn.ExecContext(ctx, `INSERT INTO decisions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL)`,
			id, now, d.By, string(d.Action), fr.hash, it.Sentence, it.Text, fr.seq, string(status),
			peil.MarshalState(cur), peil.MarshalState(after), d.Why, cues, created); err != nil {
			return fmt.Errorf("store decision: %w", err)
		}
		if err := setFigure(ctx, conn, it, after, status, &storedDecision{id: id, by: d.By, at: now}); err != nil {
			return err
		}
		if err := db.rederive(ctx, conn, it.Report); err != nil {
			return err
		}
		rec := peil.DecisionRecord{ID: id, At: now, By: d.By, Action: d.Action, Figure: it.ID, Status: status,
			Before: cur, After: after, Why: d.Why, CuesAdded: res.CuesAdded, Sentence: it.Sentence, Text: it.Text, ReportHash: fr.hash}
		if res.Created != nil {
			rec.Created = res.Created.ID
		}
		if err := writeAudit(ctx, conn, d.By, AuditReviewPrefix+string(d.Action), fmt.Sprintf("figure:%d", it.ID),
			map[string]any{"status": it.Status, "state": cur},
			map[string]any{"status": status, "state": after, "decision": id, "why": d.Why}); err != nil {
			return err
		}
		res.Decision = rec
		fr2, err := loadFigure(ctx, conn, it.ID)
		if err != nil {
			return err
		}
		res.Figure = fr2.item
		return nil
	})
	if err != nil {
		return peil.DecisionResult{}, fmt.Errorf("review %s figure %d: %w", d.Action, d.Figure, err)
	}
	return res, nil
}

func nonEmpty(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}

// setFigure writes a figure's state and status to its observation and its
// figure_review row; dec is the decision now in force (nil: none).
func setFigure(ctx context.Context, conn *sql.Conn, it *peil.ReviewItem, st peil.FigureState, status peil.ReviewStatus, dec *storedDecision) error {
	var indicator any
	if st.Indicator != "" && status != peil.ReviewRejected {
		indicator = string(st.Indicator)
	}
	if _, err := conn.ExecContext(ctx, `UPDATE observations SET indicator = ?, value = ?, qualifier = ?, lower = ?, upper = ?,
		kind = ?, period_start = ?, period_end = ? WHERE id = ?`,
		indicator, st.Value, string(st.Qualifier), st.Lower, st.Upper, string(st.Kind), st.PeriodStart, st.PeriodEnd.Time, it.ID); err != nil {
		return fmt.Errorf("update figure %d: %w", it.ID, err)
	}
	var decision, at any
	by := ""
	if dec != nil {
		decision, at, by = dec.id, dec.at, dec.by
	}
	if _, err := conn.ExecContext(ctx, `UPDATE figure_review SET status = ?, version = version + 1, decision = ?,
		reviewer = ?, decided_at = ?, state = ? WHERE observation = ?`,
		string(status), decision, by, at, peil.MarshalState(st), it.ID); err != nil {
		return fmt.Errorf("update review of figure %d: %w", it.ID, err)
	}
	return nil
}

// setCues gives an indicator other cues, with an audit entry.
func setCues(ctx context.Context, conn *sql.Conn, ind peil.Indicator, cues []string, by string) error {
	if cues == nil {
		cues = []string{}
	}
	if _, err := conn.ExecContext(ctx, `UPDATE indicators SET cues = ? WHERE id = ?`, cues, string(ind.ID)); err != nil {
		return fmt.Errorf("teach %s: %w", ind.ID, err)
	}
	after := ind
	after.Cues = cues
	return writeAudit(ctx, conn, by, AuditTeach, "indicator:"+string(ind.ID), ind, after)
}

// rederive replaces the derived values of a report with those its reviewed
// figures give now.
func (db *DB) rederive(ctx context.Context, conn *sql.Conn, report int64) (err error) {
	defer peil.WrapInternal(&err, "rederive report %d", report)
	rep, err := reportByID(ctx, conn, report)
	if err != nil {
		return err
	}
	ext := &peil.Extraction{Report: rep}
	rows, err := conn.QueryContext(ctx, `SELECT measure, title, status, line FROM measure_status WHERE report = ? ORDER BY line, measure`, report)
	if err != nil {
		return err
	}
	for rows.Next() {
		var m peil.Measure
		if err := rows.Scan(&m.Nr, &m.Title, &m.Status, &m.Line); err != nil {
			rows.Close()
			return err
		}
		ext.Measures = append(ext.Measures, m)
	}
	if err := rows.Close(); err != nil {
		return err
	}
	items, err := queryReview(ctx, conn, reviewSQL+` WHERE o.report = ? AND r.status <> 'rejected' ORDER BY o.line, r.observation`, report)
	if err != nil {
		return err
	}
	for _, it := range items {
		ext.Figures = append(ext.Figures, peil.Figure{Measure: it.Measure, Value: it.Value, Text: it.Text, Qualifier: it.Qualifier,
			Lower: it.Lower, Upper: it.Upper, Unit: it.Unit, Indicator: it.Indicator, Kind: it.Kind, PeriodStart: it.PeriodStart,
			PeriodEnd: it.PeriodEnd, Sentence: it.Sentence, Line: it.Line, Page: it.Page})
	}
	derived := db.derived(ext)
	if _, err := conn.ExecContext(ctx, `DELETE FROM observations WHERE report = ? AND source = ?`, report, string(peil.SourceDerived)); err != nil {
		return err
	}
	if len(derived) == 0 {
		return nil
	}
	var first int64
	if err := conn.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) + 1 FROM observations`).Scan(&first); err != nil {
		return err
	}
	known, next, err := reportSentences(ctx, conn, report)
	if err != nil {
		return err
	}
	sents := newSentenceSet(report, next, known)
	sentIDs := sents.add(derived)
	if err := sents.store(ctx, conn); err != nil {
		return err
	}
	for i := range derived {
		derived[i].ID, derived[i].Report = first+int64(i), report
		row := observationRow(&derived[i], sentIDs[i])
		args := make([]any, len(row))
		for k, v := range row {
			args[k] = v
		}
		if _, err := conn.ExecContext(ctx, `INSERT INTO observations VALUES (`+placeholders(len(row))+`)`, args...); err != nil {
			return err
		}
	}
	return nil
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// Undo takes back a decision, in one transaction: the figure returns to the
// decision before it (or to how it was extracted), cues the decision taught
// are taken back (an indicator it created stays in the catalog), the report's
// derived values are derived anew, and the undo goes into the audit log. Only
// the decision in force of a figure can be undone; an unknown decision gives
// ENOTFOUND, one undone already or not the latest of its figure EINVALID.
func (db *DB) Undo(ctx context.Context, decision int64, by string) (_ peil.UndoResult, err error) {
	defer peil.WrapInternal(&err, "undo decision %d", decision)
	if err := db.writable(); err != nil {
		return peil.UndoResult{}, err
	}
	if strings.TrimSpace(by) == "" {
		return peil.UndoResult{}, peil.Errorf(peil.EINVALID, "geef aan wie beoordeelt (--by)")
	}
	db.writeMu.Lock()
	defer db.writeMu.Unlock()
	defer db.w.reset() // rederive adds rows the writer did not count
	var res peil.UndoResult
	err = db.writeTx(ctx, func(conn *sql.Conn) error {
		rec, err := decisionByID(ctx, conn, decision)
		if err != nil {
			return err
		}
		if rec.UndoneAt != nil {
			return peil.Errorf(peil.EINVALID, "beslissing %d is al ongedaan gemaakt (door %s op %s)", decision, rec.UndoneBy, rec.UndoneAt.Format("2006-01-02 15:04"))
		}
		if rec.Figure != 0 {
			fr, err := loadFigure(ctx, conn, rec.Figure)
			if err != nil {
				return err
			}
			if fr.item.Decision != decision {
				return peil.Errorf(peil.EINVALID, "beslissing %d is niet de laatste over cijfer %d: maak eerst beslissing %d ongedaan", decision, rec.Figure, fr.item.Decision)
			}
		}
		now := time.Now().UTC()
		if _, err := conn.ExecContext(ctx, `UPDATE decisions SET undone_at = ?, undone_by = ? WHERE id = ?`, now, by, decision); err != nil {
			return err
		}
		if len(rec.CuesAdded) > 0 {
			ind, ok, err := indicatorByID(ctx, conn, rec.After.Indicator)
			if err != nil {
				return err
			}
			if ok {
				var kept []string
				for _, c := range ind.Cues {
					if slices.Contains(rec.CuesAdded, c) {
						res.CuesRemoved = append(res.CuesRemoved, c)
					} else {
						kept = append(kept, c)
					}
				}
				if len(res.CuesRemoved) > 0 {
					if err := setCues(ctx, conn, ind, kept, by); err != nil {
						return err
					}
				}
			}
		}
		if rec.Figure != 0 {
			fr, err := loadFigure(ctx, conn, rec.Figure)
			if err != nil {
				return err
			}
			decs, err := activeDecisions(ctx, conn, fr.hash)
			if err != nil {
				return err
			}
			st, status := fr.original, fr.matched
			var dec *storedDecision
			if d, ok := decs[figureKey{fr.item.Sentence, fr.item.Text, fr.seq}]; ok {
				st, status, dec = d.after, d.status, &d
			}
			if err := setFigure(ctx, conn, &fr.item, st, status, dec); err != nil {
				return err
			}
			if err := db.rederive(ctx, conn, fr.item.Report); err != nil {
				return err
			}
			after, err := loadFigure(ctx, conn, rec.Figure)
			if err != nil {
				return err
			}
			res.Figure = &after.item
		}
		rec.UndoneAt, rec.UndoneBy = &now, by
		res.Decision = rec
		var after any
		if res.Figure != nil {
			after = map[string]any{"status": res.Figure.Status, "state": res.Figure.State()}
		}
		return writeAudit(ctx, conn, by, AuditUndo, fmt.Sprintf("decision:%d", decision),
			map[string]any{"status": rec.Status, "state": rec.After}, after)
	})
	if err != nil {
		return peil.UndoResult{}, err
	}
	return res, nil
}

// decisionByID reads a decision, with the figure it is about now (0 when no
// stored figure has its key).
func decisionByID(ctx context.Context, q querier, id int64) (peil.DecisionRecord, error) {
	recs, err := queryDecisions(ctx, q, `WHERE d.id = ?`, id)
	if err != nil {
		return peil.DecisionRecord{}, err
	}
	if len(recs) == 0 {
		return peil.DecisionRecord{}, peil.Errorf(peil.ENOTFOUND, "beslissing %d bestaat niet (peil review decisions toont ze)", id)
	}
	return recs[0], nil
}

// Decisions lists the decisions, newest first; with undone false only those
// in force or superseded, not the undone ones.
func (db *DB) Decisions(ctx context.Context, undone bool) ([]peil.DecisionRecord, error) {
	ctx, done := db.reading(ctx)
	defer done()
	cond := `WHERE d.undone_at IS NULL`
	if undone {
		cond = ``
	}
	recs, err := queryDecisions(ctx, db.sql, cond)
	if err != nil {
		return nil, fmt.Errorf("decisions: %w", err)
	}
	slices.Reverse(recs)
	return recs, nil
}

func queryDecisions(ctx context.Context, q querier, cond string, args ...any) ([]peil.DecisionRecord, error) {
	rows, err := q.QueryContext(ctx, `SELECT d.id, d."at", d.actor, d.action, d.status, d.before, d.after, d.why, d.cues_added,
		coalesce(d.created, ''), d.sentence, d.text, d.report_sha256, d.undone_at, coalesce(d.undone_by, ''),
		coalesce((SELECT min(r.observation) FROM figure_review r JOIN reports p ON p.id = r.report JOIN observations o ON o.id = r.observation
		          JOIN sentences s ON s.id = o.sentence_id
		          WHERE p.sha256 = d.report_sha256 AND s.text = d.sentence AND o.text = d.text AND r.seq = d.seq), 0)
		FROM decisions d `+cond+` ORDER BY d.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []peil.DecisionRecord{}
	for rows.Next() {
		var r peil.DecisionRecord
		var action, status, before, after, created string
		var cues []any
		var undone sql.NullTime
		if err := rows.Scan(&r.ID, &r.At, &r.By, &action, &status, &before, &after, &r.Why, &cues, &created,
			&r.Sentence, &r.Text, &r.ReportHash, &undone, &r.UndoneBy, &r.Figure); err != nil {
			return nil, err
		}
		r.Action, r.Status, r.Created = peil.DecisionAction(action), peil.ReviewStatus(status), peil.IndicatorID(created)
		r.At = r.At.UTC()
		var err error
		if r.Before, err = peil.UnmarshalState(before); err != nil {
			return nil, err
		}
		if r.After, err = peil.UnmarshalState(after); err != nil {
			return nil, err
		}
		for _, c := range cues {
			if s, ok := c.(string); ok {
				r.CuesAdded = append(r.CuesAdded, s)
			}
		}
		if undone.Valid {
			t := undone.Time.UTC()
			r.UndoneAt = &t
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
