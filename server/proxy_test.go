package server

import (
	"fmt"
	"net/http"
	"net/netip"
	"strings"
	"testing"
)

// loginVia logs in as bert as if through a proxy that sent the forwarding
// headers h, and returns the answer.
func loginVia(c *client, password string, h http.Header) response {
	c.e.t.Helper()
	body := fmt.Sprintf(`{"user":"bert","password":%q}`, password)
	h = h.Clone()
	if h == nil {
		h = http.Header{}
	}
	h.Set("Content-Type", "application/json")
	return c.do(http.MethodPost, "/api/login", strings.NewReader(body), h)
}

// failLogins makes n failed logins of made-up accounts from the client
// address X-Forwarded-For names; xff(i) gives it for the i-th.
func failLogins(t *testing.T, c *client, n int, xff func(i int) string) {
	t.Helper()
	for i := range n {
		body := fmt.Sprintf(`{"user":"raden%d","password":"fout"}`, i)
		res := c.do(http.MethodPost, "/api/login", strings.NewReader(body), http.Header{"Content-Type": {"application/json"}, "X-Forwarded-For": {xff(i)}})
		if res.StatusCode != http.StatusUnauthorized && res.StatusCode != http.StatusTooManyRequests {
			t.Fatalf("failed login %d = %d: %s", i, res.StatusCode, res.Body)
		}
	}
}

// TestTrustedProxy checks --trusted-proxy: from a trusted proxy the client's
// address comes from X-Forwarded-For (the login throttle counts per client,
// and a client cannot escape it by sending its own X-Forwarded-For) and
// X-Forwarded-Proto: https makes the cookie Secure and the origin https.
func TestTrustedProxy(t *testing.T) {
	e := newWriteEnv(t, Options{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}})
	c := e.client()
	host := strings.TrimPrefix(e.ts.URL, "http://")

	// X-Forwarded-Proto: https, with the https origin: a Secure __Host- cookie.
	res := loginVia(c, testPassword, http.Header{"X-Forwarded-Proto": {"https"}, "Origin": {"https://" + host}})
	ck := sessionCookieOf(res)
	if res.StatusCode != http.StatusOK || ck == nil || ck.Name != secureCookieName || !ck.Secure {
		t.Errorf("login through the proxy over https = %d, cookie %+v; want 200 and a Secure %s", res.StatusCode, ck, secureCookieName)
	}
	// The plain-http origin is not this server's then.
	if res := loginVia(c, testPassword, http.Header{"X-Forwarded-Proto": {"https"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("login with an http origin through an https proxy = %d; want 403", res.StatusCode)
	}
	// Without the header the request was plain http: no Secure cookie.
	res = loginVia(c, testPassword, nil)
	if ck := sessionCookieOf(res); res.StatusCode != http.StatusOK || ck == nil || ck.Name != cookieName || ck.Secure {
		t.Errorf("login through the proxy over http = %d, cookie %+v; want 200 and a plain %s", res.StatusCode, ck, cookieName)
	}

	// The throttle counts per client behind the proxy.
	failLogins(t, c, throttleAddrLimit, func(int) string { return "203.0.113.7" })
	if res := loginVia(c, testPassword, http.Header{"X-Forwarded-For": {"203.0.113.7"}}); res.StatusCode != http.StatusTooManyRequests {
		t.Errorf("login from 203.0.113.7 after %d failures = %d; want 429", throttleAddrLimit, res.StatusCode)
	}
	// Its own X-Forwarded-For in front (the proxy appends the real address)
	// does not help it.
	if res := loginVia(c, testPassword, http.Header{"X-Forwarded-For": {"198.51.100.1, 203.0.113.7"}}); res.StatusCode != http.StatusTooManyRequests {
		t.Errorf("login from 203.0.113.7 with a forged X-Forwarded-For = %d; want 429", res.StatusCode)
	}
	if res := loginVia(c, testPassword, http.Header{"X-Forwarded-For": {"203.0.113.8"}}); res.StatusCode != http.StatusOK {
		t.Errorf("login from another client behind the proxy = %d; want 200", res.StatusCode)
	}
	if log := e.log(); !strings.Contains(log, "addr=203.0.113.7") {
		t.Errorf("the log does not name the client behind the proxy:\n%s", truncate(log, 600))
	}
	// The audit log's failed logins name it too.
	entries, err := e.db.AuditLog(t.Context(), 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	named := false
	for _, en := range entries {
		named = named || (en.Action == "session.login_failed" && strings.Contains(en.After+en.Before, "203.0.113.7"))
	}
	if !named {
		t.Error("no session.login_failed audit entry names 203.0.113.7")
	}
}

// TestUntrustedProxyHeaders checks that forwarding headers from an address
// that is no trusted proxy are ignored: the throttle counts the real peer
// whatever X-Forwarded-For says, and X-Forwarded-Proto makes nothing Secure.
func TestUntrustedProxyHeaders(t *testing.T) {
	for _, opts := range []Options{{}, {TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}}} {
		e := newWriteEnv(t, opts)
		c := e.client()
		host := strings.TrimPrefix(e.ts.URL, "http://")
		if res := loginVia(c, testPassword, http.Header{"X-Forwarded-Proto": {"https"}, "Origin": {"https://" + host}}); res.StatusCode != http.StatusForbidden {
			t.Errorf("%v: login claiming https with an https origin = %d; want 403 (the origin is http)", opts.TrustedProxies, res.StatusCode)
		}
		res := loginVia(c, testPassword, http.Header{"X-Forwarded-Proto": {"https"}})
		if ck := sessionCookieOf(res); res.StatusCode != http.StatusOK || ck == nil || ck.Secure || ck.Name != cookieName {
			t.Errorf("%v: login claiming https = %d, cookie %+v; want 200 and a plain cookie", opts.TrustedProxies, res.StatusCode, ck)
		}
		failLogins(t, c, throttleAddrLimit, func(i int) string { return fmt.Sprintf("203.0.113.%d", i+1) }) // a new address each time, all forged
		if res := loginVia(c, testPassword, http.Header{"X-Forwarded-For": {"198.51.100.99"}}); res.StatusCode != http.StatusTooManyRequests {
			t.Errorf("%v: login after %d failures with forged addresses = %d; want 429 (they all count for the real peer)", opts.TrustedProxies, throttleAddrLimit, res.StatusCode)
		}
	}
}

// sessionCookieOf returns the session cookie a response sets, nil for none.
func sessionCookieOf(res response) *http.Cookie {
	for _, ck := range res.Cookies() {
		if ck.Name == cookieName || ck.Name == secureCookieName {
			return ck
		}
	}
	return nil
}
