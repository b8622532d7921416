package server

import (
	"log/slog"
	"net/http"
	"testing"

	"github.com/peil-dev/peil"
)

// Every error code has its own status; a conflict (a database held by another
// process, a figure decided in the meantime) is 409, never a server error.
func TestStatusOf(t *testing.T) {
	for _, tt := range []struct {
		code string
		want int
	}{
		{peil.EINVALID, http.StatusBadRequest},
		{peil.ENOTFOUND, http.StatusNotFound},
		{peil.ECONFLICT, http.StatusConflict},
		{peil.EINTERNAL, http.StatusInternalServerError},
		{codeMethodNotAllowed, http.StatusMethodNotAllowed},
		{codeTooLarge, http.StatusRequestEntityTooLarge},
	} {
		if got := statusOf(tt.code); got != tt.want {
			t.Errorf("statusOf(%q) = %d; want %d", tt.code, got, tt.want)
		}
	}
}

// A fault is logged as an error; a 503 for load, which the client retries
// after Retry-After, as a warning, so that a burst does not read as failures.
func TestLevelOf(t *testing.T) {
	for status, want := range map[int]slog.Level{
		http.StatusOK: slog.LevelInfo, http.StatusNotFound: slog.LevelInfo,
		http.StatusServiceUnavailable:  slog.LevelWarn,
		http.StatusInternalServerError: slog.LevelError, http.StatusBadGateway: slog.LevelError,
	} {
		if got := levelOf(status); got != want {
			t.Errorf("levelOf(%d) = %v; want %v", status, got, want)
		}
	}
}
