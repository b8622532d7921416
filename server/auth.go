package server

import (
	"crypto/subtle"
	"errors"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/peil-dev/peil"
)

// Access control lives here, in one place: every route declares what it needs
// (an access level, in the route table of routes.go), and guard checks it for
// every request, with the session and, for POST, the CSRF token and origin.

// access is what a route needs of the one asking.
type access int

// The access levels of routes.
const (
	accessPublic   access = iota // anyone, always: the login page, assets
	accessRead                   // anyone; any account with --login-required
	accessSession                // any logged-in account (logout)
	accessReviewer               // beoordelaar or beheerder
	accessAdmin                  // beheerder
)

// role returns the role a request needs for a, "" for none.
func (a access) role(loginRequired bool) peil.Role {
	switch a {
	case accessRead:
		if loginRequired {
			return peil.RoleReader
		}
		return ""
	case accessSession:
		return peil.RoleReader
	case accessReviewer:
		return peil.RoleReviewer
	case accessAdmin:
		return peil.RoleAdmin
	}
	return ""
}

// Error codes of access control.
const (
	codeUnauthorized = "unauthorized" // 401: no (live) session
	codeForbidden    = "forbidden"    // 403: wrong role, CSRF token or origin
	codeTooMany      = "too_many"     // 429: login refused for a while
)

// sessionKey is where loadSession leaves the request's *peil.Session.
const sessionKey = "peil.session"

// Session cookie names: with Secure, the __Host- prefix makes browsers refuse
// the cookie unless it is Secure, for path / and without a domain.
const (
	cookieName       = "peil_sessie"
	secureCookieName = "__Host-peil_sessie"
)

// secure reports whether r reached the server over HTTPS: its own TLS, a
// proxy's per Options.PublicURL, or a trusted proxy's that says so
// (X-Forwarded-Proto: https). Cookies are then Secure.
func (s *Server) secure(r *http.Request) bool {
	return r.TLS != nil || s.opts.TLSCertFile != "" || strings.HasPrefix(s.opts.PublicURL, "https://") || s.forwardedHTTPS(r)
}

// fromTrustedProxy reports whether r comes straight from one of
// Options.TrustedProxies, whose forwarding headers are then believed.
func (s *Server) fromTrustedProxy(r *http.Request) bool {
	if len(s.opts.TrustedProxies) == 0 {
		return false
	}
	ap, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		return false
	}
	ip := ap.Addr().Unmap()
	for _, p := range s.opts.TrustedProxies {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

// forwardedHTTPS reports whether a trusted proxy says that the browser spoke
// HTTPS to it.
func (s *Server) forwardedHTTPS(r *http.Request) bool {
	return s.fromTrustedProxy(r) && strings.EqualFold(strings.TrimSpace(r.Header.Get("X-Forwarded-Proto")), "https")
}

func (s *Server) cookieName(r *http.Request) string {
	if s.secure(r) {
		return secureCookieName
	}
	return cookieName
}

// loadSession looks up the session of the request's cookie, when the server
// writes (a read-only server has no sessions), and leaves it in the context.
// A cookie that names no live session is deleted.
func (s *Server) loadSession(c *gin.Context) {
	if !s.opts.Write {
		c.Next()
		return
	}
	ck, err := c.Request.Cookie(s.cookieName(c.Request))
	if err == nil && ck.Value != "" {
		sess, err := s.db.Session(c.Request.Context(), ck.Value, s.now())
		switch {
		case err == nil:
			c.Set(sessionKey, &sess)
		case errors.Is(err, peil.ErrNoSession):
			s.clearCookie(c)
		default:
			s.fail(c, err)
			c.Abort()
			return
		}
	}
	c.Next()
}

// sessionOf returns the request's session, nil when not logged in.
func sessionOf(c *gin.Context) *peil.Session {
	v, ok := c.Get(sessionKey)
	if !ok {
		return nil
	}
	return v.(*peil.Session)
}

// guard returns the middleware of a route with access a and method method:
// the session and role it needs (401 without a session, 403 with a role too
// low) and, for POST, a matching Origin or Referer and the session's CSRF
// token (403). Logins (checkCSRF false) need no session and no token, only the
// origin.
func (s *Server) guard(method string, a access, checkCSRF bool) gin.HandlerFunc {
	return func(c *gin.Context) {
		if err := s.authorize(c, method, a, checkCSRF); err != nil {
			s.deny(c, err)
			c.Abort()
			return
		}
		c.Next()
	}
}

func (s *Server) authorize(c *gin.Context, method string, a access, checkCSRF bool) error {
	if method == http.MethodPost {
		if err := s.checkOrigin(c.Request); err != nil {
			return err
		}
	}
	need := a.role(s.opts.LoginRequired)
	if method == http.MethodPost && checkCSRF && need == "" {
		need = peil.RoleReader // every change needs an account
	}
	sess := sessionOf(c)
	if need != "" {
		if sess == nil {
			return peil.Errorf(codeUnauthorized, "log eerst in")
		}
		if !sess.Role.Allows(need) {
			return peil.Errorf(codeForbidden, "dit mag alleen een %s; u bent ingelogd als %s (%s)", need, sess.User, sess.Role)
		}
	}
	if method == http.MethodPost && checkCSRF {
		token := c.GetHeader("X-CSRF-Token")
		if token == "" {
			token = c.PostForm("csrf_token")
		}
		if token == "" || subtle.ConstantTimeCompare([]byte(token), []byte(sess.CSRFToken)) != 1 {
			return peil.Errorf(codeForbidden, "het CSRF-token ontbreekt of klopt niet; laad de pagina opnieuw")
		}
	}
	if method == http.MethodPost {
		// After the session and role checks: a refused request's body
		// (an upload of up to MaxUploadBytes) is not read.
		return checkFormText(c)
	}
	return nil
}

// checkFormText refuses a posted form whose names or values are not UTF-8:
// a browser sends the page's UTF-8, a script may send Latin-1, and such text
// would reach DuckDB, which refuses it (a 500). A JSON body needs no check:
// encoding/json turns bad bytes into U+FFFD.
func checkFormText(c *gin.Context) error {
	c.PostForm("") // parses the form as gin does for every field, once
	for name, values := range c.Request.PostForm {
		for _, v := range values {
			if !utf8.ValidString(name) || !utf8.ValidString(v) {
				return peil.Errorf(peil.EINVALID, "veld %q van het formulier is geen geldige UTF-8", strings.ToValidUTF8(name, "?"))
			}
		}
	}
	return nil
}

// deny answers a refused request: a page that needs a login sends a browser
// to /inloggen (and back afterwards); the rest gets the error.
func (s *Server) deny(c *gin.Context, err error) {
	if peil.ErrorCode(err) == codeUnauthorized && !isAPI(c.Request.URL.Path) &&
		(c.Request.Method == http.MethodGet || c.Request.Method == http.MethodHead) {
		c.Header("Cache-Control", "no-store")
		c.Redirect(http.StatusSeeOther, "/inloggen?terug="+url.QueryEscape(c.Request.URL.RequestURI()))
		return
	}
	s.fail(c, err)
}

// checkOrigin refuses a state-changing request whose Origin (or, without
// one, Referer) is not this server's origin: Options.PublicURL, else the
// request's scheme and Host. A request with neither header passes (clients
// that are no browsers send neither); browsers send Origin with every POST.
func (s *Server) checkOrigin(r *http.Request) error {
	want := s.origin(r)
	if o := r.Header.Get("Origin"); o != "" {
		if o != want {
			return peil.Errorf(codeForbidden, "verzoek van een andere herkomst (%s) geweigerd", o)
		}
		return nil
	}
	if ref := r.Header.Get("Referer"); ref != "" {
		u, err := url.Parse(ref)
		if err != nil || u.Scheme+"://"+u.Host != want {
			return peil.Errorf(codeForbidden, "verzoek van een andere herkomst geweigerd")
		}
	}
	return nil
}

// origin is the origin browsers use for this server.
func (s *Server) origin(r *http.Request) string {
	if s.opts.PublicURL != "" {
		if u, err := url.Parse(s.opts.PublicURL); err == nil {
			return u.Scheme + "://" + u.Host
		}
	}
	scheme := "http"
	if r.TLS != nil || s.forwardedHTTPS(r) {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// setSessionCookie gives the browser the session token: HttpOnly (no script
// reads it), SameSite=Strict (no other site's page sends it), Secure over
// HTTPS, for the session's maximum age.
func (s *Server) setSessionCookie(c *gin.Context, token string) {
	http.SetCookie(c.Writer, &http.Cookie{
		Name: s.cookieName(c.Request), Value: token, Path: "/",
		MaxAge:   int(peil.SessionMaxAge.Seconds()),
		HttpOnly: true, Secure: s.secure(c.Request), SameSite: http.SameSiteStrictMode,
	})
}

func (s *Server) clearCookie(c *gin.Context) {
	http.SetCookie(c.Writer, &http.Cookie{
		Name: s.cookieName(c.Request), Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: s.secure(c.Request), SameSite: http.SameSiteStrictMode,
	})
}

// login checks a user's password through the throttle and starts a new
// session; a session the request came with then ends (no fixation: the id
// after login is always new). Failures are logged and audited without the
// password.
func (s *Server) login(c *gin.Context, user, password string) (peil.Session, error) {
	ctx := c.Request.Context()
	addr := c.ClientIP()
	now := s.now()
	wait, err := s.throttle.check(user, addr, now)
	if err != nil {
		s.log.Warn("login refused", "user", user, "addr", addr)
		return peil.Session{}, err
	}
	if wait > 0 {
		s.sleep(ctx, wait)
	}
	token, sess, err := s.db.Login(ctx, user, password, addr, now)
	if errors.Is(err, peil.ErrLoginFailed) {
		s.throttle.fail(user, addr, now)
		s.log.Warn("login failed", "user", user, "addr", addr)
		return peil.Session{}, peil.Errorf(codeUnauthorized, "onbekende gebruiker of onjuist wachtwoord")
	}
	if err != nil {
		return peil.Session{}, err
	}
	s.throttle.succeed(user)
	if ck, err := c.Request.Cookie(s.cookieName(c.Request)); err == nil && ck.Value != "" {
		if err := s.db.Logout(ctx, ck.Value); err != nil { // the session the browser came with ends
			return peil.Session{}, err
		}
	}
	s.setSessionCookie(c, token)
	c.Set(sessionKey, &sess)
	s.log.Info("login", "user", user, "addr", addr)
	return sess, nil
}

// logout ends the request's session on the server and deletes the cookie.
func (s *Server) logout(c *gin.Context) error {
	sess := sessionOf(c)
	ck, err := c.Request.Cookie(s.cookieName(c.Request))
	if err == nil && ck.Value != "" {
		if err := s.db.Logout(c.Request.Context(), ck.Value); err != nil {
			return err
		}
	}
	s.clearCookie(c)
	if sess != nil {
		s.log.Info("logout", "user", sess.User)
	}
	c.Set(sessionKey, (*peil.Session)(nil))
	return nil
}
