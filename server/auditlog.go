package server

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/peil-dev/peil"
)

// auditPageSize is how many entries /logboek shows at once.
const auditPageSize = 500

// auditView is the data of /logboek: the newest entries first.
type auditView struct {
	Entries []peil.AuditEntry
	More    bool  // older entries exist
	Before  int64 // the id to continue from (?voor=)
}

// auditLogPage shows the audit log, newest first, auditPageSize at a time
// (?voor=ID shows the entries before ID).
func (s *Server) auditLogPage(c *gin.Context) error {
	before := int64(0)
	if v := c.Query("voor"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			return peil.Errorf(peil.EINVALID, "voor: geef een regelnummer, niet %q", v)
		}
		before = n
	}
	all, err := s.db.AuditLog(c.Request.Context(), 0, 0)
	if err != nil {
		return err
	}
	if before > 0 {
		for i, e := range all {
			if e.ID >= before {
				all = all[:i]
				break
			}
		}
	}
	v := auditView{}
	start := max(len(all)-auditPageSize, 0)
	for i := len(all) - 1; i >= start; i-- {
		v.Entries = append(v.Entries, all[i])
	}
	if start > 0 {
		v.More, v.Before = true, all[start].ID
	}
	c.Header("Cache-Control", "no-store")
	s.renderPage(c, http.StatusOK, "auditlog", "Logboek", downloads{}, v)
	return nil
}
