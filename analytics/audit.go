package analytics

import (
	"context"
	"database/sql"
	"encoding/json"
	"math"
	"time"

	"github.com/peil-dev/peil"
)

// The audit actions of the catalog and the review queue.
const (
	AuditAddIndicator    = "catalog.add_indicator"
	AuditEditIndicator   = "catalog.edit_indicator"
	AuditImportIndicator = "catalog.import_indicator"
	AuditImportMeasure   = "catalog.import_measure"
	AuditImportCluster   = "catalog.import_cluster"
	AuditTeach           = "catalog.teach" // cues an assign added to an indicator, or an undo took back
	AuditReviewPrefix    = "review."       // + the decision: review.confirm, review.assign, ...
	AuditUndo            = "review.undo"
)

// The audit actions of accounts, sessions and uploads.
const (
	AuditAddUser       = "user.add"
	AuditSetPassword   = "user.passwd" // before and after name the account, never the password
	AuditDisableUser   = "user.disable"
	AuditLogin         = "session.login"
	AuditLoginFailed   = "session.login_failed" // subject the name tried; after the client address
	AuditLogout        = "session.logout"
	AuditUpload        = "report.upload"
	AuditReportAdd     = "report.add"     // added by peil ingest; after: the report with its counts
	AuditReportReplace = "report.replace" // stored in the place of the report of its title and date; before: that one
	AuditReportUpdate  = "report.update"  // metadata corrected by a new ingest; before and after: the metadata
	AuditReportRemove  = "report.remove"  // before: the report with its counts
	// AuditActorIngest names peil ingest in the audit log when the store is
	// not told who ingests.
	AuditActorIngest = "peil ingest"
)

// writeAudit appends an entry to the audit log on conn, inside the caller's
// transaction (the caller holds writeMu, so max + 1 is free). before and after
// are marshalled to JSON; nil gives "".
func writeAudit(ctx context.Context, conn *sql.Conn, actor, action, subject string, before, after any) (err error) {
	defer peil.Wrap(&err, "audit %s", action)
	js := func(v any) (string, error) {
		if v == nil {
			return "", nil
		}
		b, err := json.Marshal(v)
		return string(b), err
	}
	b, err := js(before)
	if err != nil {
		return err
	}
	a, err := js(after)
	if err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, `INSERT INTO audit_log
		SELECT coalesce(max(id), 0) + 1, ?, ?, ?, ?, ?, ? FROM audit_log`,
		time.Now().UTC(), actor, action, subject, b, a); err != nil {
		return err
	}
	return nil
}

// AuditLog returns the audit log's entries from id after on (0: all), oldest
// first, at most limit (0: no limit).
func (db *DB) AuditLog(ctx context.Context, after int64, limit int) (_ []peil.AuditEntry, err error) {
	defer peil.Wrap(&err, "audit log")
	ctx, done := db.reading(ctx)
	defer done()
	if limit <= 0 {
		limit = math.MaxInt32
	}
	rows, err := db.sql.QueryContext(ctx, `SELECT id, "at", actor, action, subject, before_json, after_json
		FROM audit_log WHERE id > ? ORDER BY id LIMIT ?`, after, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []peil.AuditEntry{}
	for rows.Next() {
		var e peil.AuditEntry
		if err := rows.Scan(&e.ID, &e.At, &e.Actor, &e.Action, &e.Subject, &e.Before, &e.After); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, nil
}
