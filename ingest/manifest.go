package ingest

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/peil-dev/peil"
)

// ManifestEntry is one report in a manifest: its file, title and dates.
type ManifestEntry struct {
	File        string
	Title       string
	ReportDate  peil.Date
	PeriodStart peil.Date
}

// MaxManifestBytes is the largest manifest ReadManifest takes: some 10,000
// reports of 100 bytes a line.
const MaxManifestBytes = 1 << 20

// ReadManifest reads a reports.csv manifest (header file,title,report_date,
// period_start; dates as YYYY-MM-DD, period_start may be empty). name is used
// in errors, which are *peil.Error with code EINVALID and the line.
func ReadManifest(r io.Reader, name string) ([]ManifestEntry, error) {
	return ReadManifestNotef(r, name, nil)
}

// ReadManifestNotef is ReadManifest for a manifest in UTF-8 or Windows-1252
// (as Excel saves CSV): a manifest in Windows-1252 is transcoded, saying so
// through notef when it is not nil.
func ReadManifestNotef(r io.Reader, name string, notef func(format string, args ...any)) ([]ManifestEntry, error) {
	invalid := func(line int, format string, args ...any) error {
		return &peil.Error{Code: peil.EINVALID, File: name, Line: line, Message: fmt.Sprintf(format, args...)}
	}
	raw, err := io.ReadAll(io.LimitReader(r, MaxManifestBytes+1))
	if err != nil {
		return nil, &peil.Error{Code: peil.EINVALID, File: name, Message: "kan het manifest niet lezen", Err: err}
	}
	if len(raw) > MaxManifestBytes {
		return nil, invalid(0, "groter dan %d MB: te groot voor een manifest", MaxManifestBytes>>20)
	}
	raw, from, err := peil.ToUTF8(raw, name)
	if err != nil {
		return nil, err
	}
	if from != "" && notef != nil {
		notef("%s: tekst in %s herkend en omgezet naar UTF-8", name, from)
	}
	cr := csv.NewReader(bytes.NewReader(raw))
	cr.FieldsPerRecord = 4
	head, err := cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, invalid(1, "leeg manifest: verwacht de kop file,title,report_date,period_start")
		}
		return nil, invalid(1, "onleesbare kop: %v", err)
	}
	if len(head) > 0 {
		head[0] = strings.TrimPrefix(head[0], "\ufeff")
	}
	if strings.Join(head, ",") != "file,title,report_date,period_start" {
		return nil, invalid(1, "kop %q; verwacht file,title,report_date,period_start", strings.Join(head, ","))
	}
	var out []ManifestEntry
	seen := map[string]bool{}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.Line
			}
			return nil, invalid(line, "onleesbare regel: %v", err)
		}
		e := ManifestEntry{File: strings.TrimSpace(rec[0]), Title: strings.TrimSpace(rec[1])}
		if e.File == "" || strings.ContainsAny(e.File, "/\\") || e.File == ".." {
			return nil, invalid(line, "ongeldige bestandsnaam %q", rec[0])
		}
		if seen[e.File] {
			return nil, invalid(line, "bestand %q staat twee keer in het manifest", e.File)
		}
		seen[e.File] = true
		if e.ReportDate, err = peil.ParseDate(strings.TrimSpace(rec[2])); err != nil {
			return nil, invalid(line, "report_date: %v", err)
		}
		if e.PeriodStart, err = peil.ParseDate(strings.TrimSpace(rec[3])); err != nil {
			return nil, invalid(line, "period_start: %v", err)
		}
		out = append(out, e)
	}
}
