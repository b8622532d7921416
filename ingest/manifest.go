package ingest

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/peil-dev/peil"
)

// ManifestEntry is one report in a manifest: its file, title and dates, and
// where it was published (kamerstuk, URL; "" when the manifest does not say).
type ManifestEntry struct {
	File        string
	Title       string
	ReportDate  peil.Date
	PeriodStart peil.Date
	Kamerstuk   string
	URL         string
}

// manifestColumns are the columns a manifest must have, in this order;
// optionalColumns may follow, in any order.
var (
	manifestColumns = []string{"file", "title", "report_date", "period_start"}
	optionalColumns = []string{"kamerstuk", "url"}
)

// kamerstukPattern is a parliamentary paper number: the dossier and the
// number within it, e.g. 29754-420 (a dossier may have a part: 34775-VI-12).
var kamerstukPattern = regexp.MustCompile(`^[0-9]+(-[0-9A-Za-z]+)+$`)

// CheckKamerstuk returns a Dutch error when s is not a kamerstuk number such
// as 29754-420.
func CheckKamerstuk(s string) error {
	if !kamerstukPattern.MatchString(s) {
		return fmt.Errorf("kamerstuk %q: verwacht een nummer als 29754-420 (dossier-volgnummer)", s)
	}
	return nil
}

// CheckURL returns a Dutch error when s is not an http or https address with
// a host.
func CheckURL(s string) error {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("url %q: verwacht een adres dat begint met https:// of http://", s)
	}
	return nil
}

// MaxManifestBytes is the largest manifest ReadManifest takes: some 10,000
// reports of 100 bytes a line.
const MaxManifestBytes = 1 << 20

// ReadManifest reads a reports.csv manifest (header file,title,report_date,
// period_start, optionally followed by kamerstuk and url; dates as
// YYYY-MM-DD, period_start, kamerstuk and url may be empty). name is used in
// errors, which are *peil.Error with code EINVALID and the line.
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
	raw, err = peil.ToUTF8Noted(raw, name, notef)
	if err != nil {
		return nil, err
	}
	want := strings.Join(manifestColumns, ",")
	cr := csv.NewReader(bytes.NewReader(raw))
	head, err := cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, invalid(1, "leeg manifest: verwacht de kop %s", want)
		}
		return nil, invalid(1, "onleesbare kop: %v", err)
	}
	if len(head) > 0 {
		head[0] = strings.TrimPrefix(head[0], "\ufeff")
	}
	col := map[string]int{} // column name -> 1-based position
	for i, h := range head {
		known := i < len(manifestColumns) && h == manifestColumns[i] ||
			i >= len(manifestColumns) && slices.Contains(optionalColumns, h)
		if !known || col[h] != 0 {
			return nil, invalid(1, "kop %q; verwacht %s, eventueel gevolgd door kamerstuk en url", strings.Join(head, ","), want)
		}
		col[h] = i + 1
	}
	if len(head) < len(manifestColumns) {
		return nil, invalid(1, "kop %q; verwacht %s, eventueel gevolgd door kamerstuk en url", strings.Join(head, ","), want)
	}
	cr.FieldsPerRecord = len(head)
	field := func(rec []string, name string) string {
		if i := col[name]; i > 0 {
			return strings.TrimSpace(rec[i-1])
		}
		return ""
	}
	var out []ManifestEntry
	seen := map[string]bool{}
	titled := map[string]int{} // title and report date -> the line that has them
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
		e := ManifestEntry{File: strings.TrimSpace(rec[0]), Title: strings.TrimSpace(rec[1]),
			Kamerstuk: field(rec, "kamerstuk"), URL: field(rec, "url")}
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
		// A stored report is known by its title and date: the second of two
		// with the same would replace the first.
		if !e.ReportDate.IsZero() {
			title := peil.ReportTitle(e.Title, e.File)
			key := title + "\x00" + e.ReportDate.String()
			if first, ok := titled[key]; ok {
				return nil, invalid(line, "%s heeft dezelfde titel %q en rapportagedatum %s als regel %d: de ene rapportage zou de andere vervangen; geef ze elk een eigen titel",
					e.File, title, peil.FormatDate(e.ReportDate), first)
			}
			titled[key] = line
		}
		if e.Kamerstuk != "" {
			if err := CheckKamerstuk(e.Kamerstuk); err != nil {
				return nil, invalid(line, "%v", err)
			}
		}
		if e.URL != "" {
			if err := CheckURL(e.URL); err != nil {
				return nil, invalid(line, "%v", err)
			}
		}
		out = append(out, e)
	}
}
