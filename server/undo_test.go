package server

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/peil-dev/peil"
	"github.com/peil-dev/peil/analytics"
)

// auditCount returns how many entries the audit log has.
func (e *writeEnv) auditCount() int {
	e.t.Helper()
	log, err := e.db.AuditLog(e.t.Context(), 0, 0)
	if err != nil {
		e.t.Fatal(err)
	}
	return len(log)
}

// lastAudit returns the newest audit entry.
func (e *writeEnv) lastAudit() peil.AuditEntry {
	e.t.Helper()
	log, err := e.db.AuditLog(e.t.Context(), 0, 0)
	if err != nil {
		e.t.Fatal(err)
	}
	if len(log) == 0 {
		e.t.Fatal("empty audit log")
	}
	newest := log[0]
	for _, en := range log {
		if en.ID > newest.ID {
			newest = en
		}
	}
	return newest
}

// TestUndoAPI undoes a decision through POST /api/review/undo/{decision_id}:
// the figure is back as extracted, the series shows it at once, the undo is
// audited, and a second undo of the same decision is a conflict.
func TestUndoAPI(t *testing.T) {
	e := newWriteEnv(t, Options{})
	bert := e.as(peil.RoleReviewer)
	fig := e.figureWithIndicator()
	series := "/api/series/" + string(fig.Indicator)
	before := e.client().get(series).Body

	corrected := fig.Value + 1000
	res := bert.postJSON(fmt.Sprintf("/api/review/%d", fig.ID), map[string]any{"action": "correct", "value": corrected, "version": fig.Version})
	var dec peil.DecisionResult
	decode(t, "correct", res.Body, &dec)
	if res.StatusCode != http.StatusOK || dec.Decision.ID == 0 {
		t.Fatalf("correct = %d: %s", res.StatusCode, res.Body)
	}
	if got := e.client().get(series).Body; got == before {
		t.Fatal("series unchanged after the correction")
	}
	// The decision list names it, in force.
	res = bert.get("/api/review/decisions")
	var recs []peil.DecisionRecord
	decode(t, "/api/review/decisions", res.Body, &recs)
	if res.StatusCode != http.StatusOK || len(recs) == 0 || recs[0].ID != dec.Decision.ID || recs[0].Figure != fig.ID || recs[0].By != "bert" {
		t.Fatalf("GET /api/review/decisions = %d %+v; want decision %d about figure %d first", res.StatusCode, recs, dec.Decision.ID, fig.ID)
	}
	if res := bert.get("/api/review/decisions?all=kapot"); res.StatusCode != http.StatusBadRequest {
		t.Errorf("GET /api/review/decisions?all=kapot = %d; want 400", res.StatusCode)
	}

	// Another reviewer undoes it.
	anna := e.as(peil.RoleAdmin)
	path := fmt.Sprintf("/api/review/undo/%d", dec.Decision.ID)
	res = anna.do(http.MethodPost, path, nil, nil)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("POST %s = %d: %s", path, res.StatusCode, res.Body)
	}
	var undo peil.UndoResult
	decode(t, path, res.Body, &undo)
	if undo.Figure == nil || undo.Figure.Status != fig.Status || undo.Figure.Value != fig.Value || undo.Decision.UndoneBy != "anna" {
		t.Errorf("undo answered %+v; want figure %d back at %s %v, undone by anna", undo, fig.ID, fig.Status, fig.Value)
	}
	if got := e.client().get(series).Body; got != before {
		t.Errorf("series after the undo differs from before the correction:\n%s", truncate(got, 400))
	}
	if en := e.lastAudit(); en.Action != analytics.AuditUndo || en.Actor != "anna" || en.Subject != fmt.Sprintf("decision:%d", dec.Decision.ID) {
		t.Errorf("last audit entry %+v; want review.undo of decision %d by anna", en, dec.Decision.ID)
	}

	// Again: undone already, a conflict; nothing changes.
	n := e.auditCount()
	res = bert.do(http.MethodPost, path, nil, nil)
	if res.StatusCode != http.StatusConflict || !strings.Contains(res.Body, "al ongedaan gemaakt") {
		t.Errorf("second undo = %d %s; want 409 al ongedaan gemaakt", res.StatusCode, res.Body)
	}
	// Unknown and bad ids.
	if res := bert.do(http.MethodPost, "/api/review/undo/999999", nil, nil); res.StatusCode != http.StatusNotFound || !strings.Contains(res.Body, "bestaat niet") {
		t.Errorf("undo of an unknown decision = %d %s; want 404", res.StatusCode, res.Body)
	}
	for _, bad := range []string{"0", "-3", "x", "1e3"} {
		if res := bert.do(http.MethodPost, "/api/review/undo/"+bad, nil, nil); res.StatusCode != http.StatusBadRequest {
			t.Errorf("undo of decision %q = %d; want 400", bad, res.StatusCode)
		}
	}
	if got := e.auditCount(); got != n {
		t.Errorf("refused undos wrote %d audit entries", got-n)
	}

	// A superseded decision cannot be undone: only the latest about a figure.
	fig = e.queue(peil.ReviewFilter{Figure: fig.ID})[0]
	first := decideOK(t, bert, fig.ID, map[string]any{"action": "confirm", "version": fig.Version})
	second := decideOK(t, bert, fig.ID, map[string]any{"action": "reject", "why": "geen cijfer", "version": first.Figure.Version})
	res = bert.do(http.MethodPost, fmt.Sprintf("/api/review/undo/%d", first.Decision.ID), nil, nil)
	if res.StatusCode != http.StatusConflict || !strings.Contains(res.Body, fmt.Sprintf("beslissing %d", second.Decision.ID)) {
		t.Errorf("undo of a superseded decision = %d %s; want 409 naming decision %d", res.StatusCode, res.Body, second.Decision.ID)
	}
	if now := e.queue(peil.ReviewFilter{Figure: fig.ID})[0]; now.Status != peil.ReviewRejected {
		t.Errorf("figure after the refused undo: %s; want rejected", now.Status)
	}
}

// decideOK posts a decision and returns its result, failing the test unless
// it is taken.
func decideOK(t *testing.T, c *client, figure int64, body map[string]any) peil.DecisionResult {
	t.Helper()
	res := c.postJSON(fmt.Sprintf("/api/review/%d", figure), body)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("decide %v about %d = %d: %s", body, figure, res.StatusCode, res.Body)
	}
	var out peil.DecisionResult
	decode(t, "decide", res.Body, &out)
	return out
}

// TestUndoPage undoes a decision from /beoordelen: the figure's own button
// and the list of the latest decisions.
func TestUndoPage(t *testing.T) {
	e := newWriteEnv(t, Options{})
	bert := e.as(peil.RoleReviewer)
	fig := e.figureWithIndicator()
	page := bert.get("/beoordelen?status=alle")
	if strings.Contains(page.Body, `action="/beoordelen/ongedaan/`) || !strings.Contains(page.Body, "Nog geen beslissingen.") {
		t.Error("/beoordelen offers an undo before any decision")
	}
	first := decideOK(t, bert, fig.ID, map[string]any{"action": "confirm", "version": fig.Version})
	second := decideOK(t, bert, fig.ID, map[string]any{"action": "correct", "value": fig.Value + 5, "version": first.Figure.Version})
	page = bert.get("/beoordelen?status=alle")
	undoAction := fmt.Sprintf(`action="/beoordelen/ongedaan/%d"`, second.Decision.ID)
	if got := strings.Count(page.Body, undoAction); got != 2 {
		t.Errorf("/beoordelen has %d undo forms for decision %d; want 2 (the figure's and the list's)", got, second.Decision.ID)
	}
	if strings.Contains(page.Body, fmt.Sprintf(`action="/beoordelen/ongedaan/%d"`, first.Decision.ID)) || !strings.Contains(page.Body, "vervangen door een latere") {
		t.Errorf("/beoordelen offers to undo the superseded decision %d", first.Decision.ID)
	}
	if missing, ok := containsAll(page.Body, `<h2>Laatste beslissingen</h2>`, `data-key="u"`, "<kbd>u</kbd>"); !ok {
		t.Errorf("/beoordelen lacks %q", missing)
	}

	// The form: back to the queue at the figure, which is confirmed again.
	res := bert.postForm(fmt.Sprintf("/beoordelen/ongedaan/%d", second.Decision.ID), map[string]string{"status": "alle"})
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/beoordelen?") || !strings.HasSuffix(loc, fmt.Sprintf("#cijfer-%d", fig.ID)) ||
		!strings.Contains(loc, "status=alle") {
		t.Fatalf("undo form = %d, Location %q; want 303 to the queue at #cijfer-%d", res.StatusCode, loc, fig.ID)
	}
	if now := e.queue(peil.ReviewFilter{Figure: fig.ID})[0]; now.Status != peil.ReviewConfirmed || now.Value != fig.Value || now.Decision != first.Decision.ID {
		t.Errorf("figure after undoing the correction: %s %v decision %d; want confirmed %v by decision %d", now.Status, now.Value, now.Decision, fig.Value, first.Decision.ID)
	}
	done := bert.get(loc)
	if !strings.Contains(done.Body, fmt.Sprintf("Beslissing %d ongedaan gemaakt: cijfer %d is weer bevestigd.", second.Decision.ID, fig.ID)) {
		t.Errorf("queue after the undo does not say what it did")
	}
	// The same form again (a second tab): 409 with the Dutch page.
	res = bert.postForm(fmt.Sprintf("/beoordelen/ongedaan/%d", second.Decision.ID), map[string]string{"status": "alle"})
	if res.StatusCode != http.StatusConflict || !strings.Contains(res.Body, "al ongedaan gemaakt") {
		t.Errorf("undo form again = %d; want 409 with the reason", res.StatusCode)
	}
	if res := bert.postForm("/beoordelen/ongedaan/1", map[string]string{"status": "kapot"}); res.StatusCode != http.StatusBadRequest {
		t.Errorf("undo form with a bad status = %d; want 400", res.StatusCode)
	}
}

// TestCatalogUnitAndKind edits an indicator's unit and kind through the API
// and the page: audited with before and after; a bad kind changes nothing.
func TestCatalogUnitAndKind(t *testing.T) {
	e := newWriteEnv(t, Options{})
	anna := e.as(peil.RoleAdmin)
	cat, err := e.db.Catalog(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	ind := cat.Indicators[0]
	path := "/api/catalog/indicators/" + string(ind.ID)
	newKind := peil.KindFlow
	if ind.Kind == newKind {
		newKind = peil.KindStock
	}
	res := anna.postJSON(path, map[string]any{"unit": "aanvragen", "kind": newKind})
	var got peil.Indicator
	decode(t, path, res.Body, &got)
	if res.StatusCode != http.StatusOK || got.Unit != "aanvragen" || got.Kind != newKind || got.Label != ind.Label {
		t.Fatalf("edit unit and kind = %d %+v; want unit aanvragen, kind %s, label kept", res.StatusCode, got, newKind)
	}
	en := e.lastAudit()
	if en.Action != analytics.AuditEditIndicator || en.Actor != "anna" || !strings.Contains(en.Before, `"unit":"`+ind.Unit+`"`) ||
		!strings.Contains(en.After, `"unit":"aanvragen"`) || !strings.Contains(en.After, `"kind":"`+string(newKind)+`"`) {
		t.Errorf("audit entry %+v; want the edit with unit and kind before and after", en)
	}
	if res := e.client().get("/api/catalog"); !strings.Contains(res.Body, `"unit":"aanvragen"`) {
		t.Error("/api/catalog does not show the new unit")
	}

	// Bad kind: 400 in Dutch, nothing changes.
	n := e.auditCount()
	for _, body := range []map[string]any{{"kind": "liters"}, {"kind": ""}, {"unit": 7}} {
		if res := anna.postJSON(path, body); res.StatusCode != http.StatusBadRequest {
			t.Errorf("edit %v = %d %s; want 400", body, res.StatusCode, res.Body)
		}
	}
	if e.auditCount() != n {
		t.Error("a refused edit was audited")
	}

	// The page's form has the fields, filled in, and takes them.
	page := anna.get("/catalogus")
	if missing, ok := containsAll(page.Body, `name="unit" value="aanvragen"`, `<option value="`+string(newKind)+`" selected>`); !ok {
		t.Errorf("catalog edit form lacks %q", missing)
	}
	res = anna.postForm("/catalogus/"+string(ind.ID), map[string]string{"label": ind.Label, "label_en": ind.LabelEN,
		"unit": "personen", "kind": string(ind.Kind), "cues": strings.Join(ind.Cues, "|")})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("catalog form = %d: %s", res.StatusCode, truncate(res.Body, 300))
	}
	cat, _ = e.db.Catalog(t.Context())
	if now, _ := cat.Indicator(ind.ID); now.Unit != "personen" || now.Kind != ind.Kind {
		t.Errorf("indicator after the form: unit %q kind %s; want personen %s", now.Unit, now.Kind, ind.Kind)
	}
	res = anna.postForm("/catalogus/"+string(ind.ID), map[string]string{"label": ind.Label, "kind": "liters"})
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(res.Body, "onbekende soort") {
		t.Errorf("catalog form with a bad kind = %d; want 400 with the reason on the page", res.StatusCode)
	}
}
