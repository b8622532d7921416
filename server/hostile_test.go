package server

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/peil-dev/peil"
)

// TestHostilePosts attacks every state-changing route of the route table as
// a hostile user would, with the role it needs: no CSRF token, a wrong one,
// another session's, a foreign Origin or Referer, GET instead of POST, a body
// beyond the limit (with and without Content-Length), and a session that
// ended. Each is refused, and the audit log (every write goes into it) and
// the decisions stay as they were. A last request, done right, shows that
// the refusals were not for some other reason.
func TestHostilePosts(t *testing.T) {
	const limit = DefaultMaxBodyBytes // uploads get the same here, so that one body is too big everywhere
	e := newWriteEnv(t, Options{MaxUploadBytes: limit})
	other := e.as(peil.RoleReviewer)
	gets := map[string]bool{}
	for _, rt := range e.srv.routeTable() {
		if rt.method == http.MethodGet {
			gets[rt.path] = true
		}
	}
	// A decision in force, so that the undo routes have something to refuse.
	fig := e.figureWithIndicator()
	dec := decideOK(t, e.as(peil.RoleReviewer), fig.ID, map[string]any{"action": "confirm", "version": fig.Version})
	paths := map[string]string{
		"/beoordelen/ongedaan/:decision_id": fmt.Sprintf("/beoordelen/ongedaan/%d", dec.Decision.ID),
		"/api/review/undo/:decision_id":     fmt.Sprintf("/api/review/undo/%d", dec.Decision.ID),
		"/api/review/:figure_id":            fmt.Sprintf("/api/review/%d", fig.ID),
		"/beoordelen/:figure_id":            fmt.Sprintf("/beoordelen/%d", fig.ID),
	}
	bodies := map[string]string{
		"/api/review/:figure_id":             `{"action":"reject","why":"aanval"}`,
		"/beoordelen/:figure_id":             "action=reject&why=aanval",
		"/api/catalog/indicators":            `{"id":"aanval","measure":1,"label":"Aanval","unit":"x","kind":"stock"}`,
		"/api/catalog/indicators/:indicator": `{"label":"Aanval"}`,
		"/catalogus":                         "id=aanval&measure=1&label=Aanval&unit=x&kind=stock",
		"/catalogus/:indicator":              "label=Aanval",
		"/api/review/undo/:decision_id":      "",
		"/beoordelen/ongedaan/:decision_id":  "status=alle",
	}
	u := mustURL(e.ts.URL)
	port, err := strconv.Atoi(u.Port())
	if err != nil {
		t.Fatal(err)
	}
	otherPort := u.Scheme + "://" + u.Hostname() + ":" + strconv.Itoa(port+1)
	big := bytes.Repeat([]byte("x"), limit+1)
	for _, rt := range e.srv.routeTable() {
		if rt.method != http.MethodPost || rt.login {
			continue
		}
		path, ok := paths[rt.path]
		if !ok {
			path = accessRequests[rt.method+" "+rt.path].path
		}
		body := bodies[rt.path]
		ctype := "application/x-www-form-urlencoded"
		if isAPI(rt.path) {
			ctype = "application/json"
		}
		role := rt.need.role(false)
		if role == "" {
			role = peil.RoleReader
		}
		c := e.as(role)
		dead := e.as(role) // logged out; its cookie and token replayed
		cookie := dead.cookie()
		if res := dead.do(http.MethodPost, "/api/logout", nil, nil); res.StatusCode != http.StatusNoContent {
			t.Fatalf("logout = %d", res.StatusCode)
		}
		dead.http.Jar.SetCookies(u, []*http.Cookie{{Name: cookieName, Value: cookie, Path: "/"}})
		audit, decisions := e.auditCount(), e.decisionCount()
		for _, tc := range []struct {
			name   string
			c      *client
			method string
			body   io.Reader
			header http.Header
			want   []int
		}{
			{"no CSRF token", c, http.MethodPost, strings.NewReader(body), http.Header{"X-Csrf-Token": nil}, []int{http.StatusForbidden}},
			{"wrong CSRF token", c, http.MethodPost, strings.NewReader(body), http.Header{"X-Csrf-Token": {strings.Repeat("A", len(c.csrf))}}, []int{http.StatusForbidden}},
			{"another session's CSRF token", c, http.MethodPost, strings.NewReader(body), http.Header{"X-Csrf-Token": {other.csrf}}, []int{http.StatusForbidden}},
			{"CSRF token in the query", c, http.MethodPost, strings.NewReader(body), http.Header{"X-Csrf-Token": nil}, []int{http.StatusForbidden}},
			{"foreign Origin", c, http.MethodPost, strings.NewReader(body), http.Header{"Origin": {"https://evil.example"}}, []int{http.StatusForbidden}},
			{"Origin of another port", c, http.MethodPost, strings.NewReader(body), http.Header{"Origin": {otherPort}}, []int{http.StatusForbidden}},
			{"foreign Referer", c, http.MethodPost, strings.NewReader(body), http.Header{"Origin": nil, "Referer": {"https://evil.example/" + e.ts.URL}}, []int{http.StatusForbidden}},
			{"ended session", dead, http.MethodPost, strings.NewReader(body), nil, []int{http.StatusUnauthorized}},
			{"body beyond the limit", c, http.MethodPost, bytes.NewReader(big), nil, []int{http.StatusRequestEntityTooLarge}},
			{"body beyond the limit, no length", c, http.MethodPost, io.MultiReader(bytes.NewReader(big)), nil,
				[]int{http.StatusRequestEntityTooLarge, http.StatusForbidden, http.StatusBadRequest}},
			{"GET", c, http.MethodGet, nil, nil, []int{http.StatusMethodNotAllowed}},
			{"PUT", c, http.MethodPut, strings.NewReader(body), nil, []int{http.StatusMethodNotAllowed}},
			{"DELETE", c, http.MethodDelete, nil, nil, []int{http.StatusMethodNotAllowed}},
		} {
			if tc.method == http.MethodGet && gets[rt.path] {
				continue // the path has a page of its own
			}
			p := path
			if tc.name == "CSRF token in the query" {
				p += "?csrf_token=" + c.csrf
			}
			h := http.Header{"Content-Type": {ctype}}
			for k, v := range tc.header {
				h[k] = v
			}
			res := tc.c.do(tc.method, p, tc.body, h)
			if !slices.Contains(tc.want, res.StatusCode) {
				t.Errorf("POST %s (%s) as %s: %s = %d; want %v: %s", rt.path, path, role, tc.name, res.StatusCode, tc.want, truncate(res.Body, 200))
			}
			if res.Header.Get("Set-Cookie") != "" && tc.c == c {
				t.Errorf("POST %s: %s set a cookie", rt.path, tc.name)
			}
		}
		if got := e.auditCount(); got != audit {
			t.Errorf("POST %s: the refused requests wrote %d audit entries", rt.path, got-audit)
		}
		if got := e.decisionCount(); got != decisions {
			t.Errorf("POST %s: the refused requests changed the decisions", rt.path)
		}
		// Done right, the request passes the guard.
		res := c.do(http.MethodPost, path, strings.NewReader(body), http.Header{"Content-Type": {ctype}})
		if res.StatusCode == http.StatusForbidden || res.StatusCode == http.StatusUnauthorized || res.StatusCode == http.StatusMethodNotAllowed || res.StatusCode >= 500 {
			t.Errorf("POST %s done right = %d: %s", rt.path, res.StatusCode, truncate(res.Body, 300))
		}
	}
}

// decisionCount counts the review decisions, undone ones too, and how many
// are undone: a change to either shows.
func (e *writeEnv) decisionCount() string {
	e.t.Helper()
	recs, err := e.db.Decisions(e.t.Context(), true)
	if err != nil {
		e.t.Fatal(err)
	}
	undone := 0
	for _, r := range recs {
		if r.UndoneAt != nil {
			undone++
		}
	}
	return fmt.Sprintf("%d/%d", len(recs), undone)
}
