package server

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/peil-dev/peil"
)

// queue returns the review queue as an admin's API client sees it, through
// the analytics function the handlers use.
func (e *writeEnv) queue(f peil.ReviewFilter) []peil.ReviewItem {
	e.t.Helper()
	items, err := e.db.ReviewQueue(e.t.Context(), f)
	if err != nil {
		e.t.Fatal(err)
	}
	return items
}

// figureWithIndicator returns an open or auto figure that has an indicator.
func (e *writeEnv) figureWithIndicator() peil.ReviewItem {
	e.t.Helper()
	for _, it := range e.queue(peil.ReviewFilter{}) {
		if it.Indicator != "" && !it.Status.Checked() {
			return it
		}
	}
	e.t.Fatal("no undecided figure with an indicator in the fixtures")
	return peil.ReviewItem{}
}

func TestReviewAPI(t *testing.T) {
	e := newWriteEnv(t, Options{})
	bert := e.as(peil.RoleReviewer)
	fig := e.figureWithIndicator()
	path := fmt.Sprintf("/api/review/%d", fig.ID)
	series := "/api/series/" + string(fig.Indicator)
	before := e.client().get(series).Body // cached now: the write must refresh it

	// Bad input: 400 with a Dutch message; nothing changes.
	for _, body := range []string{`{"action":"approve"}`, `{"action":"correct"}`, `{"action":"assign"}`, `{"action":"correct","period_end":"1 mei"}`, `nope`, `{"action":"confirm","extra":1}`} {
		res := bert.do(http.MethodPost, path, strings.NewReader(body), http.Header{"Content-Type": {"application/json"}})
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(res.Body, `"code":"invalid"`) {
			t.Errorf("POST %s %s = %d %s; want 400", path, body, res.StatusCode, res.Body)
		}
	}
	if res := bert.postJSON("/api/review/999999999", map[string]any{"action": "confirm"}); res.StatusCode != http.StatusNotFound {
		t.Errorf("review of an unknown figure = %d; want 404", res.StatusCode)
	}

	// Correct the value: the series shows it at once.
	newValue := fig.Value + 1000
	res := bert.postJSON(path, map[string]any{"action": "correct", "value": newValue, "version": fig.Version})
	if res.StatusCode != http.StatusOK {
		t.Fatalf("correct = %d: %s", res.StatusCode, res.Body)
	}
	var out peil.DecisionResult
	decode(t, path, res.Body, &out)
	if out.Figure.Status != peil.ReviewCorrected || out.Figure.Value != newValue || out.Decision.By != "bert" {
		t.Errorf("correct answered %+v; want corrected to %v by bert", out.Figure, newValue)
	}
	after := e.client().get(series).Body
	if after == before || !strings.Contains(after, fmt.Sprint(newValue)) {
		t.Errorf("series after the correction does not show %v:\n%s", newValue, truncate(after, 600))
	}

	// Decided in the meantime: the stale version and no version both give 409.
	for _, body := range []map[string]any{{"action": "confirm", "version": fig.Version}, {"action": "confirm"}} {
		res := bert.postJSON(path, body)
		if res.StatusCode != http.StatusConflict || !strings.Contains(res.Body, `"code":"conflict"`) {
			t.Errorf("POST %s %v after the correction = %d %s; want 409", path, body, res.StatusCode, res.Body)
		}
	}
	// The audit log has the decision, by bert.
	log, err := e.db.AuditLog(t.Context(), 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, en := range log {
		if en.Actor == "bert" && en.Action == "review.correct" && en.Subject == fmt.Sprintf("figure:%d", fig.ID) {
			found = true
		}
	}
	if !found {
		t.Errorf("no review.correct by bert for figure %d in the audit log", fig.ID)
	}
}

// TestReviewRace lets two reviewers decide the same figure at once: one
// wins, the other gets 409, and the one decision is stored whole.
func TestReviewRace(t *testing.T) {
	e := newWriteEnv(t, Options{})
	reviewers := []*client{e.as(peil.RoleReviewer), e.as(peil.RoleAdmin)}
	for round := 0; round < 3; round++ {
		fig := e.figureWithIndicator()
		path := fmt.Sprintf("/api/review/%d", fig.ID)
		bodies := []map[string]any{
			{"action": "reject", "why": "geen cijfer", "version": fig.Version},
			{"action": "correct", "value": fig.Value + 1, "version": fig.Version},
		}
		codes := make([]int, 2)
		var wg sync.WaitGroup
		for i := range reviewers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				b, _ := json.Marshal(bodies[i])
				codes[i] = reviewers[i].do(http.MethodPost, path, strings.NewReader(string(b)), http.Header{"Content-Type": {"application/json"}}).StatusCode
			}()
		}
		wg.Wait()
		won := -1
		switch {
		case codes[0] == http.StatusOK && codes[1] == http.StatusConflict:
			won = 0
		case codes[1] == http.StatusOK && codes[0] == http.StatusConflict:
			won = 1
		default:
			t.Fatalf("round %d: answers %v; want one 200 and one 409", round, codes)
		}
		now := e.queue(peil.ReviewFilter{Figure: fig.ID})[0]
		want := []peil.ReviewStatus{peil.ReviewRejected, peil.ReviewCorrected}[won]
		if now.Status != want || now.Version != fig.Version+1 {
			t.Errorf("round %d: figure after the race %s version %d; want %s version %d", round, now.Status, now.Version, want, fig.Version+1)
		}
	}
}

func TestReviewPage(t *testing.T) {
	e := newWriteEnv(t, Options{})
	bert := e.as(peil.RoleReviewer)
	res := bert.get("/beoordelen?status=alle")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET /beoordelen = %d: %s", res.StatusCode, truncate(res.Body, 500))
	}
	items := e.queue(peil.ReviewFilter{})
	if got := strings.Count(res.Body, `<article class="figure`); got != len(items) {
		t.Errorf("page shows %d figures; want %d", got, len(items))
	}
	fig := e.figureWithIndicator()
	if missing, ok := containsAll(res.Body, fmt.Sprintf(`id="cijfer-%d"`, fig.ID), "<mark>"+htmlEscape(fig.Text)+"</mark>",
		`name="csrf_token" value="`+bert.csrf+`"`, `value="confirm"`, `value="assign"`, `value="correct"`, `value="reject"`,
		`value="new_indicator"`, `data-key="b"`, assetURLs["review"]); !ok {
		t.Errorf("review page lacks %q", missing)
	}
	// The report with XSS payloads in its text is shown escaped.
	if strings.Contains(res.Body, xssScript) || strings.Contains(res.Body, xssImg) {
		t.Error("review page carries a payload unescaped")
	}
	if !strings.Contains(res.Body, "&lt;img src=x onerror=alert(1)&gt;") && !strings.Contains(res.Body, "&lt;/script&gt;") {
		t.Error("review page shows no escaped payload: the XSS report's figures are missing")
	}
	// Filters: a measure's figures only.
	res = bert.get(fmt.Sprintf("/beoordelen?status=alle&maatregel=%d", fig.Measure))
	want := len(e.queue(peil.ReviewFilter{Measure: fig.Measure}))
	if got := strings.Count(res.Body, `<article class="figure`); got != want {
		t.Errorf("page for measure %d shows %d figures; want %d", fig.Measure, got, want)
	}
	if res := bert.get("/beoordelen?status=kapot"); res.StatusCode != http.StatusBadRequest {
		t.Errorf("GET /beoordelen?status=kapot = %d; want 400", res.StatusCode)
	}

	// A form decision goes back to the queue, at the next figure.
	res = bert.postForm(fmt.Sprintf("/beoordelen/%d", fig.ID), map[string]string{
		"action": "correct", "value": "1.995", "version": fmt.Sprint(fig.Version), "status": "alle", "next": "7"})
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/beoordelen?") ||
		!strings.HasSuffix(res.Header.Get("Location"), "#cijfer-7") {
		t.Fatalf("form decision = %d, %q; want 303 back to the queue at #cijfer-7: %s", res.StatusCode, res.Header.Get("Location"), truncate(res.Body, 300))
	}
	if now := e.queue(peil.ReviewFilter{Figure: fig.ID})[0]; now.Value != 1995 || now.Status != peil.ReviewCorrected {
		t.Errorf("figure after the form correction: %v %s; want 1995 corrected (Dutch 1.995)", now.Value, now.Status)
	}
	// The same form again: the page's version is stale now.
	res = bert.postForm(fmt.Sprintf("/beoordelen/%d", fig.ID), map[string]string{"action": "confirm", "version": fmt.Sprint(fig.Version)})
	if res.StatusCode != http.StatusConflict || !strings.Contains(res.Body, "Al gewijzigd") {
		t.Errorf("stale form decision = %d; want 409 with the Dutch page", res.StatusCode)
	}
}

func htmlEscape(s string) string {
	r := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;")
	return r.Replace(s)
}

// A form whose text is not UTF-8 (a script's Latin-1, not a browser, which
// sends the page's UTF-8) is refused with 400 before anything is stored:
// a reason, a label, a user name. Before, DuckDB refused the text and the
// request ended in a 500.
func TestFormTextNotUTF8(t *testing.T) {
	e := newWriteEnv(t, Options{})
	fig := e.figureWithIndicator()
	for _, c := range []struct {
		who  peil.Role
		path string
		form map[string]string
	}{
		{peil.RoleReviewer, fmt.Sprintf("/beoordelen/%d", fig.ID), map[string]string{"action": "reject", "why": "geen cijfer \xe9"}},
		{peil.RoleAdmin, "/catalogus/" + string(fig.Indicator), map[string]string{"label": "Onderzoeken caf\xe9"}},
		{"", "/inloggen", map[string]string{"gebruiker": "bert\xe9", "wachtwoord": testPassword}},
	} {
		res := e.as(c.who).postForm(c.path, c.form)
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(res.Body, "geen geldige UTF-8") {
			t.Errorf("POST %s (Latin-1 text) = %d; want 400 and geen geldige UTF-8:\n%.400s", c.path, res.StatusCode, res.Body)
		}
	}
	// Without a session the form is refused for that, before its body is read.
	if res := e.as("").postForm(fmt.Sprintf("/beoordelen/%d", fig.ID), map[string]string{"action": "reject", "why": "geen cijfer \xe9"}); res.StatusCode == http.StatusBadRequest || strings.Contains(res.Body, "geen geldige UTF-8") {
		t.Errorf("POST /beoordelen/%d without a session (Latin-1 text) = %d; want the login refusal, not the text's:\n%.400s", fig.ID, res.StatusCode, res.Body)
	}
	if res := e.as(peil.RoleReviewer).get("/api/review/decisions"); res.StatusCode != http.StatusOK || strings.TrimSpace(res.Body) != "[]" {
		t.Errorf("decisions after refused forms = %d %.300s; want none", res.StatusCode, res.Body)
	}
}
