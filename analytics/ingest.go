package analytics

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/duckdb/duckdb-go/v2"

	"github.com/peil-dev/peil"
)

// IngestReport stores one extracted report with its derived values, all in one
// transaction. A report whose sha256 is stored already changes nothing
// ("unchanged"); a report with the title and report date of a stored one but
// other content replaces it ("replaced"): the old rows go in the same
// transaction. Figures without an indicator are stored without one; an
// indicator id the catalog does not know is added to the indicators table,
// marked as not from the catalog.
func (db *DB) IngestReport(ctx context.Context, ext *peil.Extraction) (peil.IngestResult, error) {
	return db.ingestReport(ctx, ext, "", false)
}

// StoreReport is IngestReport for a report ingested by by (who the audit log
// names when the report's metadata is corrected; "" for AuditActorIngest).
func (db *DB) StoreReport(ctx context.Context, ext *peil.Extraction, by string) (peil.IngestResult, error) {
	return db.ingestReport(ctx, ext, by, false)
}

// UploadReport is IngestReport for a report uploaded by by: an audit entry
// (AuditUpload, the report as stored and what happened) is written in the
// same transaction.
func (db *DB) UploadReport(ctx context.Context, ext *peil.Extraction, by string) (peil.IngestResult, error) {
	if strings.TrimSpace(by) == "" {
		return peil.IngestResult{}, peil.Errorf(peil.EINVALID, "geef aan wie de rapportage toevoegt")
	}
	return db.ingestReport(ctx, ext, by, true)
}

// Uploads is a DB as the store of uploads: its StoreReport is UploadReport,
// so that a batch (ingest.Batch) writes each report as uploaded, audited.
type Uploads struct{ *DB }

// StoreReport stores one report as uploaded by by.
func (u Uploads) StoreReport(ctx context.Context, ext *peil.Extraction, by string) (peil.IngestResult, error) {
	return u.UploadReport(ctx, ext, by)
}

// ingestReport stores ext for by; an upload gets an audit entry whatever it
// did (AuditUpload), any ingest one when it corrects a report's metadata.
func (db *DB) ingestReport(ctx context.Context, ext *peil.Extraction, by string, upload bool) (peil.IngestResult, error) {
	uploader := ""
	if upload {
		uploader = by
	}
	if err := db.writable(); err != nil {
		return peil.IngestResult{}, err
	}
	if err := validateExtraction(ext); err != nil {
		return peil.IngestResult{}, err
	}
	rep := ext.Report
	// Derived values need no database: compute them before taking the lock
	// (again inside, from the reviewed figures, when decisions apply).
	obs := observationsOf(ext)
	derived := db.derived(ext)
	obs = append(obs, derived...)
	rev, _ := applyDecisions(ext, nil)

	db.writeMu.Lock()
	defer db.writeMu.Unlock()
	var res peil.IngestResult
	var added knownKeys
	var replaced *peil.Report // the report of the same title and date that this one replaces
	err := db.writeTx(ctx, func(conn *sql.Conn) error {
		if err := db.w.load(ctx, conn); err != nil {
			return err
		}
		// One query finds the stored report this one is (the same text, or
		// file) and one it replaces (its title and report date).
		var id int64
		var same bool
		var oldHash string
		title := peil.ReportTitle(rep.Title, rep.File)
		err := conn.QueryRowContext(ctx, `SELECT id, sha256 = ? OR (text_sha256 <> '' AND text_sha256 = ?) AS same, sha256
			FROM reports WHERE sha256 = ? OR (text_sha256 <> '' AND text_sha256 = ?) OR (title = ? AND report_date = ?)
			ORDER BY same DESC LIMIT 1`,
			rep.SHA256, rep.TextSHA256, rep.SHA256, rep.TextSHA256, title, rep.ReportDate.Time).Scan(&id, &same, &oldHash)
		switch {
		case err == nil && same:
			stored, err := reportByID(ctx, conn, id)
			if err != nil {
				return err
			}
			// The same report: its decisions stay keyed by the hash stored.
			rep.SHA256, rep.ID, rep.Title = stored.SHA256, stored.ID, title
			if rep.TextSHA256 == "" {
				rep.TextSHA256 = stored.TextSHA256
			}
			if sameMetadata(stored, rep) {
				res = peil.IngestResult{Report: stored, Action: peil.ActionUnchanged}
				return auditUpload(ctx, conn, uploader, res)
			}
			res.Action = peil.ActionUpdated
			if err := auditUpdate(ctx, conn, by, stored, rep); err != nil {
				return err
			}
			if rep.ReportDate.Equal(stored.ReportDate.Time) && rep.PeriodStart.Equal(stored.PeriodStart.Time) {
				// Only what names and cites the report: the rows stay.
				if _, err := conn.ExecContext(ctx, `UPDATE reports SET title = ?, kamerstuk = ?, url = ?, text_sha256 = ? WHERE id = ?`,
					rep.Title, rep.Kamerstuk, rep.URL, rep.TextSHA256, rep.ID); err != nil {
					return fmt.Errorf("update report %d: %w", rep.ID, err)
				}
				res.Report = rep
				return auditUpload(ctx, conn, uploader, res)
			}
			// Another date or period start: every figure's period may
			// change, so the report's rows are stored anew, under its id.
			if err := deleteReport(ctx, conn, id); err != nil {
				return err
			}
		case err == nil:
			old, err := reportByID(ctx, conn, id)
			if err != nil {
				return err
			}
			replaced = &old
			if err := deleteReport(ctx, conn, id); err != nil {
				return err
			}
			res.Action = peil.ActionReplaced
		case errors.Is(err, sql.ErrNoRows):
			res.Action = peil.ActionAdded
		default:
			return err
		}

		// Decisions about this content, or about the report it replaces,
		// apply again to the figures that keep their sentence and text.
		decs, err := activeDecisions(ctx, conn, rep.SHA256, oldHash)
		if err != nil {
			return err
		}
		if len(decs) > 0 {
			var used []int64
			rev, used = applyDecisions(ext, decs)
			var obsDerived []peil.Observation
			obs, obsDerived = db.reviewedObservations(ext, rev)
			derived = obsDerived
			obs = append(obs, derived...)
			res.Reapplied = len(used)
			if oldHash != "" && oldHash != rep.SHA256 {
				for _, d := range decs {
					if d.hash != oldHash {
						continue
					}
					if slices.Contains(used, d.id) {
						if _, err := conn.ExecContext(ctx, `UPDATE decisions SET report_sha256 = ? WHERE id = ?`, rep.SHA256, d.id); err != nil {
							return fmt.Errorf("carry decision %d: %w", d.id, err)
						}
					} else {
						res.Orphans = append(res.Orphans, d.id)
					}
				}
				slices.Sort(res.Orphans)
			}
		}

		if rep.ID == 0 {
			rep.ID = db.w.nextIDs("reports", 1)
		}
		rep.Title = title
		if _, err := conn.ExecContext(ctx, `INSERT INTO reports
			(id, file, title, sha256, report_date, period_start, ingested_at, kamerstuk, url, text_sha256)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			rep.ID, rep.File, rep.Title, rep.SHA256, rep.ReportDate.Time, rep.PeriodStart,
			time.Now().UTC(), rep.Kamerstuk, rep.URL, rep.TextSHA256); err != nil {
			return err
		}
		res.Report = rep

		if added, err = db.w.addNew(ctx, conn, rep.ID, ext); err != nil {
			return err
		}
		firstObs := db.w.nextIDs("observations", len(obs))
		firstEvent := db.w.nextIDs("events", len(ext.Events))
		sents := newSentenceSet(rep.ID, db.w.nextIDs("sentences", 0), nil)
		sentIDs := sents.add(obs)
		db.w.nextIDs("sentences", len(sents.texts))
		if err := sents.store(ctx, conn); err != nil {
			return err
		}
		err = appendRows(ctx, conn, "measure_status", len(ext.Measures), func(i int) []driver.Value {
			m := ext.Measures[i]
			return []driver.Value{rep.ID, int32(m.Nr), m.Title, m.Status, int32(m.Line), pageValue(m.Page)}
		})
		if err != nil {
			return err
		}
		err = appendRows(ctx, conn, "observations", len(obs), func(i int) []driver.Value {
			o := obs[i]
			o.ID, o.Report = firstObs+int64(i), rep.ID
			return observationRow(&o, sentIDs[i])
		})
		if err != nil {
			return err
		}
		if err := storeReview(ctx, conn, rep.ID, firstObs, ext.Figures, rev); err != nil {
			return err
		}
		err = appendRows(ctx, conn, "report_warnings", len(ext.Warnings), func(i int) []driver.Value {
			w := ext.Warnings[i]
			return []driver.Value{rep.ID, int32(i + 1), int32(w.Line), pageValue(w.Page), w.Message}
		})
		if err != nil {
			return err
		}
		err = appendRows(ctx, conn, "events", len(ext.Events), func(i int) []driver.Value {
			e := ext.Events[i]
			return []driver.Value{firstEvent + int64(i), rep.ID, int32(e.Measure), e.Date.Time, string(e.Precision),
				string(e.Type), e.Label, e.Sentence, int32(e.Line), pageValue(e.Page)}
		})
		if err != nil {
			return err
		}

		res.Measures, res.Figures, res.Events, res.Derived = len(ext.Measures), len(ext.Figures), len(ext.Events), len(derived)
		for i, f := range ext.Figures {
			if f.Indicator == "" {
				res.Unmatched++
			}
			if rev[i].status == peil.ReviewOpen {
				res.Open++
			}
		}
		if !upload && res.Action != peil.ActionUpdated { // an upload and an update have their own entry
			if err := auditIngest(ctx, conn, by, replaced, res); err != nil {
				return err
			}
		}
		return auditUpload(ctx, conn, uploader, res)
	})
	if err == nil {
		db.w.commit(added)
	}
	if err != nil {
		return peil.IngestResult{}, fmt.Errorf("ingest %s: %w", rep.File, err)
	}
	return res, nil
}

// validateExtraction checks what the database relies on, so that bad input
// fails before anything is written.
func validateExtraction(ext *peil.Extraction) error {
	if ext == nil {
		return peil.Errorf(peil.EINVALID, "geen uitgelezen rapportage")
	}
	r := ext.Report
	bad := func(line int, format string, args ...any) error {
		return &peil.Error{Code: peil.EINVALID, File: r.File, Line: line, Message: fmt.Sprintf(format, args...)}
	}
	switch {
	case r.SHA256 == "":
		return bad(0, "rapportage heeft geen sha256")
	case r.ReportDate.IsZero():
		return bad(0, "rapportage heeft geen rapportagedatum (geef --report-date of een manifest)")
	case !r.PeriodStart.IsZero() && r.PeriodStart.After(r.ReportDate.Time):
		return bad(0, "begin van de periode %s ligt na de rapportagedatum %s", r.PeriodStart, r.ReportDate)
	}
	for _, f := range ext.Figures {
		switch {
		case !f.Qualifier.Valid():
			return bad(f.Line, "cijfer %q heeft een onbekende kwalificatie %q", f.Text, f.Qualifier)
		case !f.Kind.Valid():
			return bad(f.Line, "cijfer %q heeft een onbekende soort %q", f.Text, f.Kind)
		case math.IsNaN(f.Value) || math.IsInf(f.Value, 0):
			return bad(f.Line, "cijfer %q heeft geen eindige waarde", f.Text)
		}
	}
	for _, e := range ext.Events {
		if e.Date.IsZero() {
			return bad(e.Line, "gebeurtenis %q heeft geen datum", e.Label)
		}
	}
	return nil
}

// observationsOf turns a report's figures into observations (without ids).
func observationsOf(ext *peil.Extraction) []peil.Observation {
	obs := make([]peil.Observation, 0, len(ext.Figures)+8)
	for _, f := range ext.Figures {
		o := peil.Observation{
			ReportDate:  ext.Report.ReportDate,
			Measure:     f.Measure,
			Indicator:   f.Indicator,
			Value:       f.Value,
			Text:        f.Text,
			Qualifier:   f.Qualifier,
			Kind:        f.Kind,
			Unit:        f.Unit,
			PeriodStart: f.PeriodStart,
			PeriodEnd:   f.PeriodEnd,
			Sentence:    f.Sentence,
			Line:        f.Line,
			Page:        f.Page,
			Source:      peil.SourceExtracted,
			Expected:    f.Expected,
		}
		if o.PeriodEnd.IsZero() {
			o.PeriodEnd = ext.Report.ReportDate
		}
		o.Lower, o.Upper = peil.FigureBounds(&f)
		obs = append(obs, o)
	}
	return obs
}

// observationRow is o as a row of the observations table, in column order;
// sentence is the id of its sentence in the sentences table (nil: none).
func observationRow(o *peil.Observation, sentence driver.Value) []driver.Value {
	var report, reportDate, periodStart driver.Value
	if o.Report != 0 {
		report = o.Report
	}
	if !o.ReportDate.IsZero() {
		reportDate = o.ReportDate.Time
	}
	if !o.PeriodStart.IsZero() {
		periodStart = o.PeriodStart.Time
	}
	var indicator, lower, upper driver.Value
	if o.Indicator != "" {
		indicator = string(o.Indicator)
	}
	if o.Lower != nil {
		lower = *o.Lower
	}
	if o.Upper != nil {
		upper = *o.Upper
	}
	return []driver.Value{o.ID, report, reportDate, int32(o.Measure), indicator, o.Value, o.Text,
		string(o.Qualifier), lower, upper, string(o.Kind), o.Unit, periodStart, o.PeriodEnd.Time,
		int32(o.Line), string(o.Source), o.Derivation, o.Citation, o.Note, o.Expected, pageValue(o.Page), sentence}
}

// pageValue is a page for the database: NULL when it is not known.
func pageValue(p peil.Page) driver.Value {
	if p == 0 {
		return nil
	}
	return int32(p)
}

// appendRows loads n rows into table through a DuckDB Appender on conn, which
// joins conn's open transaction. The Appender's Close flushes; its error counts.
// It stops with ctx's error when ctx is done (asked every 4,096 rows).
func appendRows(ctx context.Context, conn *sql.Conn, table string, n int, row func(i int) []driver.Value) error {
	if n == 0 {
		return nil
	}
	err := conn.Raw(func(dc any) error {
		a, err := duckdb.NewAppenderFromConn(dc.(driver.Conn), "", table)
		if err != nil {
			return err
		}
		for i := 0; i < n; i++ {
			if i%4096 == 4095 && ctx.Err() != nil {
				return errors.Join(ctx.Err(), a.Close())
			}
			if err := a.AppendRow(row(i)...); err != nil {
				return errors.Join(err, a.Close())
			}
		}
		return a.Close()
	})
	if err != nil {
		return fmt.Errorf("append %s: %w", table, err)
	}
	return nil
}

// deleteReport removes a report and everything stored with it.
func deleteReport(ctx context.Context, conn *sql.Conn, id int64) error {
	for _, q := range []string{
		`DELETE FROM figure_review WHERE report = ?`,
		`DELETE FROM observations WHERE report = ?`,
		`DELETE FROM sentences WHERE report = ?`,
		`DELETE FROM report_warnings WHERE report = ?`,
		`DELETE FROM events WHERE report = ?`,
		`DELETE FROM measure_status WHERE report = ?`,
		`DELETE FROM reports WHERE id = ?`,
	} {
		if _, err := conn.ExecContext(ctx, q, id); err != nil {
			return fmt.Errorf("delete report %d: %w", id, err)
		}
	}
	return nil
}

// sameMetadata reports whether a and b say the same about the report beside
// its text: title, report date, period start, kamerstuk and URL.
func sameMetadata(a, b peil.Report) bool {
	return a.Title == b.Title && a.ReportDate.Equal(b.ReportDate.Time) && a.PeriodStart.Equal(b.PeriodStart.Time) &&
		a.Kamerstuk == b.Kamerstuk && a.URL == b.URL
}

// metadataOf is what an audit entry records of a report.
func metadataOf(r peil.Report) map[string]any {
	return map[string]any{"file": r.File, "title": r.Title, "sha256": r.SHA256, "report_date": r.ReportDate,
		"period_start": r.PeriodStart, "kamerstuk": r.Kamerstuk, "url": r.URL}
}

// auditUpdate writes the audit entry of a report's metadata corrected by a
// new ingest: before and after; by "" is AuditActorIngest.
func auditUpdate(ctx context.Context, conn *sql.Conn, by string, before, after peil.Report) error {
	if by == "" {
		by = AuditActorIngest
	}
	return writeAudit(ctx, conn, by, AuditReportUpdate, fmt.Sprintf("report:%d", before.ID), metadataOf(before), metadataOf(after))
}

// auditIngest writes the audit entry of a report that peil ingest added, or
// stored in the place of replaced (the report of its title and date, whose
// rows went): before the one replaced, after the one stored with its counts;
// by "" is AuditActorIngest.
func auditIngest(ctx context.Context, conn *sql.Conn, by string, replaced *peil.Report, res peil.IngestResult) error {
	if by == "" {
		by = AuditActorIngest
	}
	after := metadataOf(res.Report)
	addCounts(after, res)
	action, subject := AuditReportAdd, fmt.Sprintf("report:%d", res.Report.ID)
	var before any
	if replaced != nil {
		action, before = AuditReportReplace, metadataOf(*replaced)
	}
	return writeAudit(ctx, conn, by, action, subject, before, after)
}

// auditUpload writes the audit entry of an upload by by; none when by is "".
func auditUpload(ctx context.Context, conn *sql.Conn, by string, res peil.IngestResult) error {
	if by == "" {
		return nil
	}
	r := res.Report
	after := map[string]any{"file": r.File, "title": r.Title, "sha256": r.SHA256, "report_date": r.ReportDate, "action": res.Action}
	addCounts(after, res)
	return writeAudit(ctx, conn, by, AuditUpload, fmt.Sprintf("report:%d", r.ID), nil, after)
}

// addCounts adds to an audit entry's after what storing the report loaded.
func addCounts(after map[string]any, res peil.IngestResult) {
	after["measures"], after["figures"], after["events"] = res.Measures, res.Figures, res.Events
}
