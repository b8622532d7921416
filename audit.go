package peil

import "time"

// AuditEntry is one row of the append-only audit log: who did what to which
// subject when, with the subject before and after as JSON ("" when there was
// none). Catalog changes and review decisions write one in the transaction of
// the change; so should every other change (accounts, sessions, uploads).
type AuditEntry struct {
	ID      int64     `json:"id"`
	At      time.Time `json:"at"`
	Actor   string    `json:"actor"`
	Action  string    `json:"action"`  // such as "catalog.add_indicator", "review.assign", "review.undo"
	Subject string    `json:"subject"` // such as "indicator:passport_measures", "figure:12", "decision:3"
	Before  string    `json:"before_json"`
	After   string    `json:"after_json"`
}
