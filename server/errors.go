package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/peil-dev/peil"
)

// Error codes of the HTTP layer, beside peil's EINVALID, ENOTFOUND, ECONFLICT
// and EINTERNAL.
const (
	codeTooLarge         = "too_large"
	codeMethodNotAllowed = "method_not_allowed"
)

// handler is a gin handler that returns its error instead of writing it; handle
// turns it into a gin.HandlerFunc that writes errors with fail.
type handler func(c *gin.Context) error

func (s *Server) handle(h handler) gin.HandlerFunc {
	return func(c *gin.Context) {
		if err := h(c); err != nil {
			s.fail(c, err)
		}
	}
}

// statusOf maps an error code to an HTTP status, in one place.
func statusOf(code string) int {
	switch code {
	case peil.EINVALID:
		return http.StatusBadRequest
	case peil.ENOTFOUND:
		return http.StatusNotFound
	case peil.ECONFLICT:
		return http.StatusConflict
	case codeMethodNotAllowed:
		return http.StatusMethodNotAllowed
	case codeTooLarge:
		return http.StatusRequestEntityTooLarge
	case codeUnauthorized:
		return http.StatusUnauthorized
	case codeForbidden:
		return http.StatusForbidden
	case codeTooMany:
		return http.StatusTooManyRequests
	case codeBusy:
		return http.StatusServiceUnavailable
	default:
		return http.StatusInternalServerError
	}
}

// levelOf is the log level of a request with the given status: an error for
// a fault, a warning for work refused for load (503, which a client retries).
func levelOf(status int) slog.Level {
	switch {
	case status == http.StatusServiceUnavailable:
		return slog.LevelWarn
	case status >= 500:
		return slog.LevelError
	}
	return slog.LevelInfo
}

// apiError is the JSON body of an API error:
// {"error": {"code": "not_found", "message": "..."}}.
type apiError struct {
	Error apiErrorDetail `json:"error"`
}

type apiErrorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// isAPI reports whether path is under /api, where errors are JSON.
func isAPI(path string) bool { return path == "/api" || strings.HasPrefix(path, "/api/") }

// fail writes err as the response: JSON under /api, a Dutch HTML page
// elsewhere. Internal errors are logged and shown without their details.
func (s *Server) fail(c *gin.Context, err error) {
	if errors.Is(err, context.Canceled) && c.Request.Context().Err() != nil {
		// The client went away; nobody reads an answer.
		s.log.Info("request canceled", "path", c.Request.URL.Path)
		c.Status(499) // a status for the log only
		return
	}
	code := peil.ErrorCode(err)
	status := statusOf(code)
	if status == http.StatusServiceUnavailable {
		setRetryAfter(c)
		s.log.Warn("request refused for load", "method", c.Request.Method, "path", c.Request.URL.Path, "err", err)
	} else if status >= 500 {
		s.log.Error("request failed", "method", c.Request.Method, "path", c.Request.URL.Path, "err", err)
		code = peil.EINTERNAL
	}
	if c.Writer.Written() {
		s.log.Warn("error after response started", "path", c.Request.URL.Path, "err", err)
		return
	}
	h := c.Writer.Header()
	h.Del("Content-Disposition") // set by downloads before they start
	h.Del("Content-Type")
	h.Del("ETag")
	c.Header("Cache-Control", "no-store")
	msg := peil.ErrorMessage(err)
	if isAPI(c.Request.URL.Path) {
		c.JSON(status, apiError{apiErrorDetail{Code: code, Message: msg}})
		return
	}
	title, explain := errorTextNL(status)
	s.renderPage(c, status, "error", title, downloads{}, errorPage{Status: status, Title: title, Explanation: explain, Detail: msg})
}

// errorPage is the data of the HTML error page.
type errorPage struct {
	Status      int
	Title       string
	Explanation string
	Detail      string
}

// errorTextNL returns the Dutch title and explanation for an error status.
func errorTextNL(status int) (title, explanation string) {
	switch status {
	case http.StatusBadRequest:
		return "Ongeldige aanvraag", "De aanvraag bevat een ongeldige waarde. Controleer het adres en de parameters."
	case http.StatusNotFound:
		return "Niet gevonden", "Deze pagina of dit gegeven bestaat niet."
	case http.StatusMethodNotAllowed:
		return "Methode niet toegestaan", "Deze server kan alleen gegevens tonen, niet wijzigen."
	case http.StatusUnauthorized:
		return "Niet ingelogd", "Log in om dit te doen of te zien."
	case http.StatusForbidden:
		return "Niet toegestaan", "U mag dit niet doen, of het verzoek kwam niet van deze site."
	case http.StatusServiceUnavailable:
		return "Even druk", "De server heeft het nu te druk. Probeer het over enkele seconden opnieuw."
	case http.StatusTooManyRequests:
		return "Te veel pogingen", "Wacht even en probeer het dan opnieuw."
	case http.StatusConflict:
		return "Al gewijzigd", "Iemand anders heeft dit intussen gewijzigd. Laad de pagina opnieuw."
	case http.StatusRequestEntityTooLarge:
		return "Aanvraag te groot", "De aanvraag is groter dan deze server accepteert."
	default:
		return "Interne fout", fmt.Sprintf("Er ging iets mis op de server (status %d). Probeer het later opnieuw.", status)
	}
}
