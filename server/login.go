package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/peil-dev/peil"
)

// loginView is the data of /inloggen.
type loginView struct {
	Back    string // where to go after the login: a path on this server
	User    string // the name typed, shown again after a failure
	Message string // why the last attempt failed
}

// safeBack returns back when it is a path on this server, else "/": a login
// never sends the browser to another site. A browser removes tabs and line
// breaks from an address and reads a backslash as a slash, so "/\t/evil.example/"
// would be "//evil.example/", another site: a back with a control
// character, a space or a backslash anywhere is refused, and so is one
// that does not parse as a path alone.
func safeBack(back string) string {
	u, err := url.Parse(back)
	if !strings.HasPrefix(back, "/") || strings.HasPrefix(back, "//") ||
		strings.ContainsFunc(back, func(r rune) bool { return r <= ' ' || r == '\\' || peil.IsControl(r) }) ||
		err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return "/"
	}
	return back
}

func (s *Server) loginPage(c *gin.Context) error {
	c.Header("Cache-Control", "no-store")
	s.renderPage(c, http.StatusOK, "login", "Inloggen", downloads{}, loginView{Back: safeBack(c.Query("terug"))})
	return nil
}

func (s *Server) loginForm(c *gin.Context) error {
	user, back := c.PostForm("gebruiker"), safeBack(c.PostForm("terug"))
	if _, err := s.login(c, user, c.PostForm("wachtwoord")); err != nil {
		code := peil.ErrorCode(err)
		if code != codeUnauthorized && code != codeTooMany {
			return err
		}
		c.Header("Cache-Control", "no-store")
		s.renderPage(c, statusOf(code), "login", "Inloggen", downloads{},
			loginView{Back: back, User: user, Message: peil.ErrorMessage(err)})
		return nil
	}
	c.Redirect(http.StatusSeeOther, back)
	return nil
}

func (s *Server) logoutPage(c *gin.Context) error {
	c.Header("Cache-Control", "no-store")
	s.renderPage(c, http.StatusOK, "logout", "Uitloggen", downloads{}, sessionOf(c))
	return nil
}

func (s *Server) logoutForm(c *gin.Context) error {
	if err := s.logout(c); err != nil {
		return err
	}
	c.Redirect(http.StatusSeeOther, "/")
	return nil
}

// sessionJSON is the answer of /api/login and /api/session.
type sessionJSON struct {
	User      string    `json:"user"`
	Role      peil.Role `json:"role"`
	CSRFToken string    `json:"csrf_token"`
}

// loginRequest is the body of POST /api/login.
type loginRequest struct {
	User     string `json:"user"`
	Password string `json:"password"`
}

func (s *Server) apiLogin(c *gin.Context) error {
	var req loginRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	sess, err := s.login(c, req.User, req.Password)
	if err != nil {
		return err
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, sessionJSON{User: sess.User, Role: sess.Role, CSRFToken: sess.CSRFToken})
	return nil
}

func (s *Server) apiLogout(c *gin.Context) error {
	if err := s.logout(c); err != nil {
		return err
	}
	c.Status(http.StatusNoContent)
	return nil
}

func (s *Server) apiSession(c *gin.Context) error {
	sess := sessionOf(c)
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, sessionJSON{User: sess.User, Role: sess.Role, CSRFToken: sess.CSRFToken})
	return nil
}

// decodeJSON reads the request body as one JSON object into v, refusing
// unknown fields, with a Dutch message for bad input.
func decodeJSON(c *gin.Context, v any) error {
	dec := json.NewDecoder(c.Request.Body)
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		return peil.Errorf(codeTooLarge, "de inhoud van het verzoek is groter dan %d bytes", tooLarge.Limit)
	case errors.Is(err, io.EOF):
		return peil.Errorf(peil.EINVALID, "het verzoek heeft geen JSON-inhoud")
	case err != nil:
		return &peil.Error{Code: peil.EINVALID, Message: fmt.Sprintf("ongeldige JSON: %v", err)}
	}
	if dec.More() {
		return peil.Errorf(peil.EINVALID, "ongeldige JSON: meer dan één waarde")
	}
	return nil
}
