package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/term"

	"github.com/peil-dev/peil"
	"github.com/peil-dev/peil/analytics"
	"github.com/peil-dev/peil/data"
	"github.com/peil-dev/peil/ingest"
)

func init() {
	register(command{
		name:    "ingest",
		summary: "lees rapportages (PDF of tekst) in de database in: bestanden, en mappen met een manifest reports.csv",
		run:     runIngest,
	})
}

func runIngest(ctx context.Context, m *Main, args []string) error {
	flags := m.newFlagSet("ingest", "[--db BESTAND] [--report-date DATUM] [--period-start DATUM] [--kamerstuk NR] [--url URL] PAD...")
	dbFlag := flags.String("db", "", "`bestand` van de database (standaard: $PEIL_DB, anders peil.duckdb)")
	dateFlag := flags.String("report-date", "", "`datum` van de rapportage, JJJJ-MM-DD (één bestand; standaard: uit het manifest, anders afgeleid uit de tekst)")
	startFlag := flags.String("period-start", "", "`datum` waarop de rapportageperiode begint, JJJJ-MM-DD (één bestand; standaard: uit het manifest, anders de datum van de vorige rapportage)")
	kamerstukFlag := flags.String("kamerstuk", "", "`nummer` van het kamerstuk waarvan de rapportage de bijlage is, zoals 29754-420 (één bestand; standaard: uit het manifest)")
	urlFlag := flags.String("url", "", "`adres` waar de rapportage te lezen is, https://... (één bestand; standaard: uit het manifest)")
	paths, err := parseInterspersed(flags, args)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		return usageError(m, flags, "geef een of meer rapportagebestanden of mappen")
	}
	if *kamerstukFlag != "" {
		if err := ingest.CheckKamerstuk(*kamerstukFlag); err != nil {
			return peil.Errorf(peil.EINVALID, "--kamerstuk: %v", err)
		}
	}
	if *urlFlag != "" {
		if err := ingest.CheckURL(*urlFlag); err != nil {
			return peil.Errorf(peil.EINVALID, "--url: %v", err)
		}
	}
	reportDate, err := peil.ParseDate(*dateFlag)
	if err != nil {
		return peil.Errorf(peil.EINVALID, "--report-date: %v", err)
	}
	periodStart, err := peil.ParseDate(*startFlag)
	if err != nil {
		return peil.Errorf(peil.EINVALID, "--period-start: %v", err)
	}
	jobs, err := ingest.Collect(osFS{}, paths, m.notef("ingest"))
	if err != nil {
		return err
	}
	if !reportDate.IsZero() || !periodStart.IsZero() || *kamerstukFlag != "" || *urlFlag != "" {
		if len(jobs) != 1 {
			return peil.Errorf(peil.EINVALID, "--report-date, --period-start, --kamerstuk en --url gelden voor één bestand; gebruik voor meer bestanden een manifest reports.csv")
		}
		if *kamerstukFlag != "" {
			jobs[0].Kamerstuk = *kamerstukFlag
		}
		if *urlFlag != "" {
			jobs[0].URL = *urlFlag
		}
		if !reportDate.IsZero() {
			jobs[0].ReportDate = reportDate
		}
		if !periodStart.IsZero() {
			jobs[0].PeriodStart = periodStart
		}
	}
	seed, err := data.Catalog()
	if err != nil {
		return fmt.Errorf("load catalog: %w", err)
	}

	// The database is opened once, before extraction (which takes its stored
	// dates and catalog; a file another process holds fails here). Nothing is
	// written before every file is good: bad input leaves the file byte for
	// byte as it was, and a database this command created is removed again.
	dbPath := m.dbPath(*dbFlag)
	_, statErr := os.Stat(dbPath)
	created := errors.Is(statErr, fs.ErrNotExist)
	// A batch runs under a lower memory limit than the other commands, and
	// with the buffers DuckDB frees returned to the system, so that its
	// memory does not grow with the batch (IngestMemoryLimit,
	// fixMmapThreshold).
	fixMmapThreshold()
	db, err := m.openDB(ctx, dbPath, analytics.Options{Catalog: seed, MemoryLimit: analytics.IngestMemoryLimit})
	if err != nil {
		return err
	}
	bar := newProgress(m.Stderr, len(jobs))
	var sum ingestSummary
	err = ingest.Batch(ctx, osFS{}, jobs, db, ingest.BatchOptions{
		Catalog: seed,
		By:      m.actor(),
		Notef: func(format string, args ...any) {
			bar.note(fmt.Sprintf("peil ingest: "+format, args...))
		},
		Stored: func(s ingest.Stored) {
			name := filepath.Base(s.Job.Path)
			sum.add(s.Result)
			if s.Warnings > 0 {
				sum.warned = append(sum.warned, fmt.Sprintf("%s (%d)", name, s.Warnings))
			}
			if s.Few {
				sum.few = append(sum.few, name)
			}
			bar.step(s.N, name, s.Result)
			if orphans := s.Result.Orphans; len(orphans) > 0 {
				ids := make([]string, len(orphans))
				for k, id := range orphans {
					ids[k] = strconv.FormatInt(id, 10)
				}
				what := "beslissing " + ids[0] + " vindt haar"
				if len(ids) > 1 {
					what = "beslissingen " + strings.Join(ids, ", ") + " vinden hun"
				}
				bar.note(fmt.Sprintf("peil ingest: %s: %s cijfer niet meer (zin of tekst veranderd); bewaard, niet toegepast (peil review decisions)",
					name, what))
			}
		},
	})
	bar.done()
	if err != nil {
		db.Close()
		if created && sum.reports == 0 {
			removeDB(dbPath)
		}
		return err
	}
	if err := db.Close(); err != nil {
		return err
	}
	fmt.Fprintln(m.Stdout, sum.String())
	return nil
}

// removeDB removes a database file this command created and its write-ahead
// log, after bad input left it empty.
func removeDB(path string) {
	os.Remove(path)
	os.Remove(path + ".wal")
}

// osFS is the operating system's files as an fs.FS for ingest.Collect and
// ingest.Batch, with paths as the command line gives them (relative to the
// working directory, or absolute), so that messages name the files as the
// user wrote them. Stat and ReadDir never open a file: opening a FIFO waits.
type osFS struct{}

func (osFS) Open(name string) (fs.File, error)          { return os.Open(name) }
func (osFS) Stat(name string) (fs.FileInfo, error)      { return os.Stat(name) }
func (osFS) ReadDir(name string) ([]fs.DirEntry, error) { return os.ReadDir(name) }

// ingestSummary adds up what ingest did.
type ingestSummary struct {
	reports, added, replaced, updated, unchanged  int
	measures, figures, events, derived, unmatched int
	open, reapplied                               int
	few                                           []string // reports with rows for fewer than half of the measures
	warned                                        []string // reports with warnings about their table, with how many
}

func (s *ingestSummary) add(r peil.IngestResult) {
	s.reports++
	switch r.Action {
	case peil.ActionAdded:
		s.added++
	case peil.ActionReplaced:
		s.replaced++
	case peil.ActionUpdated:
		s.updated++
	case peil.ActionUnchanged:
		s.unchanged++
	}
	s.measures += r.Measures
	s.figures += r.Figures
	s.events += r.Events
	s.derived += r.Derived
	s.unmatched += r.Unmatched
	s.open += r.Open
	s.reapplied += r.Reapplied
}

// String is the summary in Dutch.
func (s *ingestSummary) String() string {
	n := func(v int) string { return peil.FormatNumber(float64(v)) }
	updated := "" // named only when a report's metadata was corrected
	if s.updated > 0 {
		updated = n(s.updated) + " bijgewerkt, "
	}
	out := fmt.Sprintf("%s (%s toegevoegd, %s vervangen, %s%s ongewijzigd): %s, %s (%s zonder indicator, %s te beoordelen), %s, %s",
		counted(s.reports, "rapportage", "rapportages"), n(s.added), n(s.replaced), updated, n(s.unchanged),
		counted(s.measures, "maatregel", "maatregelen"), counted(s.figures, "cijfer", "cijfers"), n(s.unmatched), n(s.open),
		counted(s.events, "gebeurtenis", "gebeurtenissen"), counted(s.derived, "afgeleide waarde", "afgeleide waarden"))
	if s.reapplied > 0 {
		out += "; " + counted(s.reapplied, "beoordeling", "beoordelingen") + " opnieuw toegepast"
	}
	return out + s.warning()
}

// warning names the reports with few measure rows and those with warnings
// about their table, "" when there are none.
func (s *ingestSummary) warning() string {
	out := ""
	if len(s.few) > 0 {
		out += fmt.Sprintf("\nwaarschuwing: minder dan de helft van de maatregelen gevonden in %s; controleer de omzetting (geef Peil bij voorkeur het PDF-bestand zelf)",
			strings.Join(s.few, ", "))
	}
	if len(s.warned) > 0 {
		out += fmt.Sprintf("\nwaarschuwingen over de tabel (hierboven, met regel en pagina; bewaard bij de rapportage): %s", strings.Join(s.warned, ", "))
	}
	return out
}

// counted writes a number with the singular or plural noun: 1 rapportage, 3 rapportages.
func counted(v int, one, many string) string {
	if v == 1 {
		return "1 " + one
	}
	return peil.FormatNumber(float64(v)) + " " + many
}

var actionNL = map[string]string{
	peil.ActionAdded: "toegevoegd", peil.ActionReplaced: "vervangen", peil.ActionUnchanged: "ongewijzigd",
	peil.ActionUpdated: "bijgewerkt",
}

// progress shows ingest progress: a bar redrawn in place on a terminal, else
// a line per file.
type progress struct {
	w     io.Writer
	tty   bool
	width int
	total int
}

func newProgress(w io.Writer, total int) *progress {
	p := &progress{w: w, total: total, width: 80}
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		p.tty = true
		if cols, _, err := term.GetSize(int(f.Fd())); err == nil && cols > 20 {
			p.width = cols
		}
	}
	return p
}

func (p *progress) step(i int, name string, r peil.IngestResult) {
	name = plain(name)
	if !p.tty {
		switch r.Action {
		case peil.ActionUnchanged:
			fmt.Fprintf(p.w, "[%d/%d] %s: %s (stond al in de database)\n", i, p.total, name, actionNL[r.Action])
			return
		case peil.ActionUpdated:
			fmt.Fprintf(p.w, "[%d/%d] %s: %s (dezelfde tekst, andere titel, datums, kamerstuk of url)\n", i, p.total, name, actionNL[r.Action])
			return
		}
		fmt.Fprintf(p.w, "[%d/%d] %s: %s (%s)\n", i, p.total, name, actionNL[r.Action], counted(r.Figures, "cijfer", "cijfers"))
		return
	}
	fmt.Fprint(p.w, "\r"+progressLine(i, p.total, name, p.width))
}

// note writes a line for people between the progress lines.
func (p *progress) note(line string) {
	if p.tty {
		fmt.Fprint(p.w, "\r\033[K")
	}
	fmt.Fprintln(p.w, plainLines(line))
}

func (p *progress) done() {
	if p.tty {
		fmt.Fprintln(p.w)
	}
}

// progressLine draws "[=====>    ] 12/40 name" in width columns.
func progressLine(i, total int, name string, width int) string {
	barWidth := min(30, width/3)
	filled := 0
	if total > 0 {
		filled = barWidth * i / total
	}
	bar := strings.Repeat("=", filled)
	if filled < barWidth {
		bar += ">" + strings.Repeat(" ", barWidth-filled-1)
	}
	s := fmt.Sprintf("[%s] %d/%d %s", bar, i, total, name)
	if r := []rune(s); len(r) > width-1 {
		s = string(r[:width-1])
	}
	return s + strings.Repeat(" ", max(0, width-1-len([]rune(s))))
}
