package server

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/peil-dev/peil"
)

// roles are the four kinds of visitor of the route tests, anonymous first.
var roles = []peil.Role{"", peil.RoleReader, peil.RoleReviewer, peil.RoleAdmin}

func roleName(r peil.Role) string {
	if r == "" {
		return "anoniem"
	}
	return string(r)
}

// accessRequests are concrete requests for every route of the route table.
// TestRouteAccess checks that the table has no route without one here.
var accessRequests = map[string]struct {
	path string
	body string // JSON, for POST
}{
	"GET /":                                   {path: "/"},
	"GET /indicatoren/:id":                    {path: "/indicatoren/jihadist_travellers_total"},
	"GET /maatregelen/:nr":                    {path: "/maatregelen/1"},
	"GET /vergelijken":                        {path: "/vergelijken"},
	"GET /rapportages":                        {path: "/rapportages"},
	"GET /rapportages/:id":                    {path: "/rapportages/1"},
	"GET /indicatoren":                        {path: "/indicatoren"},
	"GET /maatregelen":                        {path: "/maatregelen"},
	"GET /zoekindex.json":                     {path: "/zoekindex.json"},
	"GET /api":                                {path: "/api"},
	"GET /static/zoeken.js":                   {path: "/static/zoeken.js"},
	"GET /export.xlsx":                        {path: "/export.xlsx?maatregel=1"},
	"GET /export.csv":                         {path: "/export.csv?maatregel=1"},
	"GET /api/reports":                        {path: "/api/reports"},
	"GET /api/measures":                       {path: "/api/measures"},
	"GET /api/measures/:nr":                   {path: "/api/measures/1"},
	"GET /api/indicators":                     {path: "/api/indicators"},
	"GET /api/series/:indicator":              {path: "/api/series/jihadist_travellers_total"},
	"GET /api/events":                         {path: "/api/events"},
	"GET /api/compare":                        {path: "/api/compare"},
	"GET /api/openapi.json":                   {path: "/api/openapi.json"},
	"GET /static/echarts.min.js":              {path: "/static/echarts.min.js"},
	"GET /static/peil.css":                    {path: "/static/peil.css"},
	"GET /static/favicon.svg":                 {path: "/static/favicon.svg"},
	"GET /favicon.ico":                        {path: "/favicon.ico"},
	"GET /inloggen":                           {path: "/inloggen"},
	"POST /inloggen":                          {path: "/inloggen"},
	"GET /uitloggen":                          {path: "/uitloggen"},
	"POST /uitloggen":                         {path: "/uitloggen"},
	"POST /api/login":                         {path: "/api/login", body: `{"user":"x","password":"y"}`},
	"POST /api/logout":                        {path: "/api/logout"},
	"GET /api/session":                        {path: "/api/session"},
	"GET /static/beoordelen.js":               {path: "/static/beoordelen.js"},
	"GET /beoordelen":                         {path: "/beoordelen"},
	"POST /beoordelen/:figure_id":             {path: "/beoordelen/1"},
	"POST /api/review/:figure_id":             {path: "/api/review/1", body: `{"action":"kapot"}`},
	"GET /rapportages/nieuw":                  {path: "/rapportages/nieuw"},
	"POST /rapportages/nieuw":                 {path: "/rapportages/nieuw"},
	"GET /rapportages/nieuw/:job":             {path: "/rapportages/nieuw/onbekend"},
	"POST /api/reports":                       {path: "/api/reports"},
	"GET /api/reports/jobs/:job":              {path: "/api/reports/jobs/onbekend"},
	"GET /catalogus":                          {path: "/catalogus"},
	"POST /catalogus":                         {path: "/catalogus"},
	"POST /catalogus/:indicator":              {path: "/catalogus/onbekend"},
	"POST /api/catalog/indicators":            {path: "/api/catalog/indicators", body: `{"id":"Kapot"}`},
	"POST /api/catalog/indicators/:indicator": {path: "/api/catalog/indicators/onbekend", body: `{"label":"x"}`},
	"GET /logboek":                            {path: "/logboek"},
	"GET /grafiek":                            {path: "/grafiek?indicator=passport_measures"},
	"POST /beoordelen/:id":                    {path: "/beoordelen/1"},
	"POST /api/review/:id":                    {path: "/api/review/1", body: `{"action":"kapot"}`},
	"GET /api/review":                         {path: "/api/review?status=open"},
	"POST /beoordelen/ongedaan/:decision_id":  {path: "/beoordelen/ongedaan/999999"},
	"POST /api/review/undo/:decision_id":      {path: "/api/review/undo/999999"},
	"GET /api/review/decisions":               {path: "/api/review/decisions"},
	"GET /api/catalog":                        {path: "/api/catalog"},
}

// TestRouteAccess sends a request to every route as every role, with and
// without --login-required, and checks that the route table's access is
// enforced: 401 (or, for pages, a redirect to /inloggen) without a session,
// 403 with a role too low, and anything else when allowed.
func TestRouteAccess(t *testing.T) {
	for _, loginRequired := range []bool{false, true} {
		e := newWriteEnv(t, Options{LoginRequired: loginRequired})
		clients := map[peil.Role]*client{}
		for _, r := range roles {
			clients[r] = e.as(r)
		}
		for _, rt := range e.srv.routeTable() {
			key := rt.method + " " + rt.path
			req, ok := accessRequests[key]
			if !ok {
				t.Errorf("route %s has no request in accessRequests", key)
				continue
			}
			need := rt.need.role(loginRequired)
			if rt.method == http.MethodPost && !rt.login && need == "" {
				need = peil.RoleReader
			}
			for _, r := range roles {
				c := clients[r]
				if rt.path == "/uitloggen" || rt.path == "/api/logout" {
					c = e.as(r) // a session of its own to end
				}
				var res response
				if rt.method == http.MethodPost {
					res = c.do(rt.method, req.path, strings.NewReader(req.body), http.Header{"Content-Type": {"application/json"}})
				} else {
					res = c.get(req.path)
				}
				got := res.StatusCode
				name := key + " as " + roleName(r)
				if loginRequired {
					name += " (--login-required)"
				}
				switch {
				case need != "" && r == "":
					want := http.StatusUnauthorized
					if rt.method == http.MethodGet && !isAPI(rt.path) {
						want = http.StatusSeeOther
						if loc := res.Header.Get("Location"); !strings.HasPrefix(loc, "/inloggen?terug=") {
							t.Errorf("%s: Location %q; want /inloggen?terug=...", name, loc)
						}
					}
					if got != want {
						t.Errorf("%s = %d; want %d", name, got, want)
					}
				case need != "" && !r.Allows(need):
					if got != http.StatusForbidden {
						t.Errorf("%s = %d; want 403", name, got)
					}
				default:
					if got == http.StatusUnauthorized && !rt.login || got == http.StatusForbidden || got >= 500 {
						t.Errorf("%s = %d; want it allowed\n%s", name, got, truncate(res.Body, 500))
					}
				}
			}
		}
	}
}

func TestReadOnlyServerHasNoWriteSide(t *testing.T) {
	ts := newTestServer(t, nil)
	for _, tc := range []struct {
		method, path string
		want         int
	}{
		{http.MethodGet, "/inloggen", http.StatusNotFound},
		{http.MethodPost, "/api/login", http.StatusNotFound},
		{http.MethodGet, "/api/session", http.StatusNotFound},
		{http.MethodPost, "/", http.StatusMethodNotAllowed},
	} {
		res := fetch(t, ts, tc.method, tc.path, nil, strings.NewReader(`{}`))
		if res.StatusCode != tc.want {
			t.Errorf("read-only %s %s = %d; want %d", tc.method, tc.path, res.StatusCode, tc.want)
		}
	}
	res := fetch(t, ts, http.MethodGet, "/", nil, nil)
	if strings.Contains(res.Body, "Inloggen") || res.Header.Get("Set-Cookie") != "" {
		t.Errorf("read-only overview offers a login or sets a cookie")
	}
}

func TestCSRF(t *testing.T) {
	e := newWriteEnv(t, Options{})
	c := e.as(peil.RoleReviewer)
	good := c.csrf
	for _, tc := range []struct {
		name   string
		header http.Header
		want   int
	}{
		{"no token", http.Header{"X-Csrf-Token": {""}}, http.StatusForbidden},
		{"wrong token", http.Header{"X-Csrf-Token": {good[:len(good)-2] + "xx"}}, http.StatusForbidden},
		{"another session's token", http.Header{"X-Csrf-Token": {e.as(peil.RoleAdmin).csrf}}, http.StatusForbidden},
		{"cross-origin", http.Header{"Origin": {"https://evil.example"}}, http.StatusForbidden},
		{"origin null", http.Header{"Origin": {"null"}}, http.StatusForbidden},
		{"cross-origin referer", http.Header{"Origin": nil, "Referer": {"https://evil.example/page"}}, http.StatusForbidden},
		{"same-origin referer", http.Header{"Origin": nil, "Referer": {e.ts.URL + "/uitloggen"}}, http.StatusNoContent},
	} {
		res := c.do(http.MethodPost, "/api/logout", nil, tc.header)
		if res.StatusCode != tc.want {
			t.Errorf("%s: POST /api/logout = %d; want %d: %s", tc.name, res.StatusCode, tc.want, res.Body)
		}
		if tc.want == http.StatusForbidden && c.get("/api/session").StatusCode != http.StatusOK {
			t.Fatalf("%s: the refused logout ended the session", tc.name)
		}
	}
	// The form field works like the header.
	c = e.as(peil.RoleReviewer)
	if res := c.postForm("/uitloggen", map[string]string{"csrf_token": "wrong"}); res.StatusCode != http.StatusForbidden {
		t.Errorf("POST /uitloggen with a wrong csrf_token = %d; want 403", res.StatusCode)
	}
	if res := c.postForm("/uitloggen", nil); res.StatusCode != http.StatusSeeOther {
		t.Errorf("POST /uitloggen with the csrf_token = %d; want 303", res.StatusCode)
	}
	// Logins check the origin too (login CSRF).
	res := e.client().do(http.MethodPost, "/api/login", strings.NewReader(`{"user":"bert","password":"`+testPassword+`"}`),
		http.Header{"Origin": {"https://evil.example"}})
	if res.StatusCode != http.StatusForbidden || res.Header.Get("Set-Cookie") != "" {
		t.Errorf("cross-origin login = %d, cookie %q; want 403 and no cookie", res.StatusCode, res.Header.Get("Set-Cookie"))
	}
}

func TestSessionCookieAndFixation(t *testing.T) {
	e := newWriteEnv(t, Options{})
	c := e.client()
	// An attacker-chosen session id is not taken over by the login.
	c.http.Jar.SetCookies(mustURL(e.ts.URL), []*http.Cookie{{Name: cookieName, Value: "chosen-by-attacker", Path: "/"}})
	res := c.postJSON("/api/login", map[string]string{"user": "bert", "password": testPassword})
	if res.StatusCode != http.StatusOK {
		t.Fatalf("login = %d: %s", res.StatusCode, res.Body)
	}
	var set *http.Cookie
	for _, ck := range res.Cookies() {
		if ck.Name == cookieName {
			set = ck
		}
	}
	if set == nil {
		t.Fatalf("login set no %s cookie", cookieName)
	}
	if set.Value == "chosen-by-attacker" || len(set.Value) < 43 {
		t.Errorf("session id after login %q: want a new 256-bit id", set.Value)
	}
	if !set.HttpOnly || set.SameSite != http.SameSiteStrictMode || set.Path != "/" || set.Secure {
		t.Errorf("cookie %+v: want HttpOnly, SameSite=Strict, Path=/, not Secure over plain HTTP", set)
	}
	first := c.cookie()
	// A second login from the same browser ends the first session.
	c.postJSON("/api/login", map[string]string{"user": "bert", "password": testPassword})
	second := c.cookie()
	if second == first {
		t.Fatal("second login kept the session id")
	}
	old := e.client()
	old.http.Jar.SetCookies(mustURL(e.ts.URL), []*http.Cookie{{Name: cookieName, Value: first, Path: "/"}})
	if res := old.get("/api/session"); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("GET /api/session with the session before the new login = %d; want 401", res.StatusCode)
	}
	// Logout ends the session on the server: the cookie, replayed, is dead.
	c.csrf = e.as(peil.RoleReviewer).csrf // wrong session's token: refused
	if res := c.do(http.MethodPost, "/api/logout", nil, nil); res.StatusCode != http.StatusForbidden {
		t.Errorf("logout with another session's token = %d; want 403", res.StatusCode)
	}
	var s sessionJSON
	res = c.get("/api/session")
	decode(t, "/api/session", res.Body, &s)
	c.csrf = s.CSRFToken
	if res := c.do(http.MethodPost, "/api/logout", nil, nil); res.StatusCode != http.StatusNoContent {
		t.Fatalf("logout = %d", res.StatusCode)
	}
	replay := e.client()
	replay.http.Jar.SetCookies(mustURL(e.ts.URL), []*http.Cookie{{Name: cookieName, Value: second, Path: "/"}})
	if res := replay.get("/api/session"); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("GET /api/session with a logged-out cookie = %d; want 401", res.StatusCode)
	}

	// Idle time-out: the server's clock moves on.
	c = e.as(peil.RoleReader)
	e.advance(2 * time.Hour)
	if res := c.get("/api/session"); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("GET /api/session after 2 idle hours = %d; want 401", res.StatusCode)
	}
}

func TestSecureCookieBehindProxy(t *testing.T) {
	e := newWriteEnv(t, Options{PublicURL: "https://peil.example.nl"})
	res := e.client().do(http.MethodPost, "/api/login", strings.NewReader(`{"user":"bert","password":"`+testPassword+`"}`),
		http.Header{"Origin": {"https://peil.example.nl"}})
	if res.StatusCode != http.StatusOK {
		t.Fatalf("login = %d: %s", res.StatusCode, res.Body)
	}
	cookies := res.Cookies()
	if len(cookies) != 1 || cookies[0].Name != secureCookieName || !cookies[0].Secure || !cookies[0].HttpOnly {
		t.Errorf("cookies behind an https proxy: %+v; want one Secure %s", cookies, secureCookieName)
	}
	// The origin is the public one, not the request's Host.
	res = e.client().do(http.MethodPost, "/api/login", strings.NewReader(`{"user":"bert","password":"`+testPassword+`"}`), nil)
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("login with the Host's origin behind a proxy = %d; want 403", res.StatusCode)
	}
}

func TestLoginThrottle(t *testing.T) {
	e := newWriteEnv(t, Options{})
	c := e.client()
	wrong := map[string]string{"user": "bert", "password": "fout-wachtwoord-123"}
	for i := 1; i <= throttleAccountLimit; i++ {
		if res := c.postJSON("/api/login", wrong); res.StatusCode != http.StatusUnauthorized {
			t.Fatalf("failure %d = %d; want 401: %s", i, res.StatusCode, res.Body)
		}
	}
	e.mu.Lock()
	waits := append([]time.Duration(nil), e.waits...)
	e.mu.Unlock()
	want := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 8 * time.Second, 8 * time.Second, 8 * time.Second}
	if len(waits) != len(want) {
		t.Fatalf("waits %v; want %v", waits, want)
	}
	for i := range want {
		if waits[i] != want[i] {
			t.Errorf("waits %v; want %v", waits, want)
			break
		}
	}
	// Refused now, even with the right password.
	res := c.postJSON("/api/login", map[string]string{"user": "bert", "password": testPassword})
	if res.StatusCode != http.StatusTooManyRequests || !strings.Contains(res.Body, "te veel mislukte inlogpogingen") {
		t.Errorf("login after %d failures = %d %s; want 429", throttleAccountLimit, res.StatusCode, res.Body)
	}
	// Another account from another address is not affected... (same address
	// here, but below its limit)
	if res := e.as(peil.RoleAdmin); res.csrf == "" {
		t.Error("login of another account refused")
	}
	e.advance(throttleWindow + time.Second)
	if res := c.postJSON("/api/login", map[string]string{"user": "bert", "password": testPassword}); res.StatusCode != http.StatusOK {
		t.Errorf("login after the window = %d; want 200", res.StatusCode)
	}
	// The log names the account and the address, never the password.
	log := e.log()
	if !strings.Contains(log, "login failed") || !strings.Contains(log, "user=bert") {
		t.Errorf("log lacks the failed logins:\n%s", log)
	}
	if strings.Contains(log, "fout-wachtwoord") || strings.Contains(log, testPassword) {
		t.Errorf("log holds a password:\n%s", log)
	}

	// One address guessing many accounts is refused at its own limit.
	e.advance(throttleWindow + time.Second)
	for i := 0; i < throttleAddrLimit; i++ {
		c.postJSON("/api/login", map[string]string{"user": "guess" + string(rune('a'+i%26)) + string(rune('a'+i/26)), "password": "x"})
	}
	res = c.postJSON("/api/login", map[string]string{"user": "anna", "password": testPassword})
	if res.StatusCode != http.StatusTooManyRequests {
		t.Errorf("login from an address after %d failures = %d; want 429", throttleAddrLimit, res.StatusCode)
	}
}

func TestLoginPage(t *testing.T) {
	e := newWriteEnv(t, Options{LoginRequired: true})
	c := e.client()
	res := c.get("/maatregelen/1")
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/inloggen?terug=%2Fmaatregelen%2F1" {
		t.Fatalf("GET /maatregelen/1 without login = %d, %q", res.StatusCode, res.Header.Get("Location"))
	}
	page := c.get("/inloggen?terug=%2Fmaatregelen%2F1")
	if missing, ok := containsAll(page.Body, `action="/inloggen"`, `name="gebruiker"`, `type="password"`, `value="/maatregelen/1"`); !ok {
		t.Errorf("login page lacks %q", missing)
	}
	res = c.postForm("/inloggen", map[string]string{"gebruiker": "lies", "wachtwoord": "fout wachtwoord", "terug": "/maatregelen/1"})
	if res.StatusCode != http.StatusUnauthorized || !strings.Contains(res.Body, "onbekende gebruiker of onjuist wachtwoord") {
		t.Errorf("failed form login = %d; want 401 with the message", res.StatusCode)
	}
	res = c.postForm("/inloggen", map[string]string{"gebruiker": "lies", "wachtwoord": testPassword, "terug": "/maatregelen/1"})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/maatregelen/1" {
		t.Fatalf("form login = %d, %q; want 303 to /maatregelen/1", res.StatusCode, res.Header.Get("Location"))
	}
	res = c.get("/maatregelen/1")
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, `lies <span class="role">(lezer)</span>`) {
		t.Errorf("page after login = %d; want the header with lies (lezer)", res.StatusCode)
	}
	// Never back to another site.
	// A browser drops tabs and line breaks and reads \ as /: "/\t/evil.example/"
	// went to evil.example.
	for _, back := range []string{"https://evil.example/", "//evil.example/", "/\\evil.example", "/\t/evil.example/",
		"/\n/evil.example/", "/\r\n/evil.example/", " //evil.example/", "/\x00/evil.example/", "/ /evil.example/",
		"/a\\..\\\\evil.example", "/\u2028/evil.example/", "\t//evil.example/"} {
		res := e.client().postForm("/inloggen", map[string]string{"gebruiker": "lies", "wachtwoord": testPassword, "terug": back})
		if loc := res.Header.Get("Location"); loc != "/" {
			t.Errorf("login with terug=%q goes to %q; want /", back, loc)
		}
	}
}
