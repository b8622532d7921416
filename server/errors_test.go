package server

import (
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
