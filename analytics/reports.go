package analytics

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/peil-dev/peil"
)

// querier is what reads need: the pool, a connection or a transaction.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

const reportSummarySQL = `
SELECT r.id, r.file, r.title, r.sha256, r.report_date, r.period_start, r.kamerstuk, r.url,
       (SELECT count(*) FROM measure_status s WHERE s.report = r.id),
       (SELECT count(*) FROM observations o WHERE o.report = r.id AND o.source = 'extracted'),
       (SELECT count(*) FROM events e WHERE e.report = r.id),
       (SELECT count(*) FROM report_warnings w WHERE w.report = r.id)
FROM reports r`

// Reports lists the stored reports with their counts, by report date ascending.
func (db *DB) Reports(ctx context.Context) ([]peil.ReportSummary, error) {
	ctx, done := db.reading(ctx)
	defer done()
	out, err := reportSummaries(ctx, db.sql, reportSummarySQL+` ORDER BY r.report_date, r.id`)
	if err != nil {
		return nil, fmt.Errorf("reports: %w", err)
	}
	return out, nil
}

// reportSummaries runs a query on reportSummarySQL.
func reportSummaries(ctx context.Context, q querier, query string, args ...any) ([]peil.ReportSummary, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []peil.ReportSummary{}
	for rows.Next() {
		var s peil.ReportSummary
		if err := rows.Scan(&s.ID, &s.File, &s.Title, &s.SHA256, &s.ReportDate, &s.PeriodStart, &s.Kamerstuk, &s.URL,
			&s.Measures, &s.Figures, &s.Events, &s.Warnings); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// reportSummary returns one report with its counts; ENOTFOUND when unknown.
func reportSummary(ctx context.Context, q querier, id int64) (peil.ReportSummary, error) {
	out, err := reportSummaries(ctx, q, reportSummarySQL+` WHERE r.id = ?`, id)
	if err != nil {
		return peil.ReportSummary{}, err
	}
	if len(out) == 0 {
		return peil.ReportSummary{}, peil.Errorf(peil.ENOTFOUND, "rapportage %d niet gevonden", id)
	}
	return out[0], nil
}

// reportByID returns one stored report.
func reportByID(ctx context.Context, q querier, id int64) (peil.Report, error) {
	var r peil.Report
	err := q.QueryRowContext(ctx, `SELECT id, file, title, sha256, text_sha256, report_date, period_start, kamerstuk, url
		FROM reports WHERE id = ?`, id).Scan(&r.ID, &r.File, &r.Title, &r.SHA256, &r.TextSHA256, &r.ReportDate, &r.PeriodStart, &r.Kamerstuk, &r.URL)
	if errors.Is(err, sql.ErrNoRows) {
		return r, peil.Errorf(peil.ENOTFOUND, "rapportage %d niet gevonden", id)
	}
	if err != nil {
		return r, err
	}
	return r, nil
}

// ReportByHash returns the stored report that is the report with file hash
// sha or text hash text (peil.Report.TextSHA256; "" matches none); false when
// there is none.
func (db *DB) ReportByHash(ctx context.Context, sha, text string) (peil.Report, bool, error) {
	ctx, done := db.reading(ctx)
	defer done()
	var id int64
	err := db.sql.QueryRowContext(ctx, `SELECT id FROM reports WHERE sha256 = ? OR (text_sha256 <> '' AND text_sha256 = ?)
		ORDER BY sha256 = ? DESC, id LIMIT 1`, sha, text, sha).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return peil.Report{}, false, nil
	}
	if err == nil {
		var r peil.Report
		if r, err = reportByID(ctx, db.sql, id); err == nil {
			return r, true, nil
		}
	}
	return peil.Report{}, false, fmt.Errorf("report by hash: %w", err)
}

// RemoveReport removes report id and everything stored with it (status
// texts, figures and their review state, derived values, events, warnings)
// in one transaction, with an audit entry by by (AuditReportRemove, the
// report with its counts before). The review decisions about its figures
// stay: they are keyed by the report's content, so they apply again when the
// same report is ingested again, and until then peil review decisions lists
// them without a figure. Unknown id: ENOTFOUND.
func (db *DB) RemoveReport(ctx context.Context, id int64, by string) (peil.ReportSummary, error) {
	if err := db.writable(); err != nil {
		return peil.ReportSummary{}, err
	}
	if strings.TrimSpace(by) == "" {
		return peil.ReportSummary{}, peil.Errorf(peil.EINVALID, "geef aan wie de rapportage verwijdert")
	}
	db.writeMu.Lock()
	defer db.writeMu.Unlock()
	var removed peil.ReportSummary
	err := db.writeTx(ctx, func(conn *sql.Conn) error {
		var err error
		if removed, err = reportSummary(ctx, conn, id); err != nil {
			return err
		}
		if err := deleteReport(ctx, conn, id); err != nil {
			return err
		}
		before := metadataOf(removed.Report)
		before["measures"], before["figures"], before["events"] = removed.Measures, removed.Figures, removed.Events
		return writeAudit(ctx, conn, by, AuditReportRemove, fmt.Sprintf("report:%d", id), before, nil)
	})
	if err != nil {
		var perr *peil.Error
		if errors.As(err, &perr) {
			return peil.ReportSummary{}, err
		}
		return peil.ReportSummary{}, fmt.Errorf("remove report %d: %w", id, err)
	}
	return removed, nil
}

// ReportDates returns the report date of every stored report, in date order:
// what the ingest's period-start policy needs, without the counts of Reports.
func (db *DB) ReportDates(ctx context.Context) (_ []peil.Date, err error) {
	defer peil.Wrap(&err, "report dates")
	ctx, done := db.reading(ctx)
	defer done()
	rows, err := db.sql.QueryContext(ctx, `SELECT report_date FROM reports ORDER BY report_date`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []peil.Date
	for rows.Next() {
		var d peil.Date
		if err := rows.Scan(&d); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, nil
}
