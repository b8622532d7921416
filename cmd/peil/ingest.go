package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/term"

	"github.com/peil-dev/peil"
	"github.com/peil-dev/peil/analytics"
	"github.com/peil-dev/peil/data"
	"github.com/peil-dev/peil/ingest"
	"github.com/peil-dev/peil/ingest/pdf"
)

func init() {
	register(command{
		name:    "ingest",
		summary: "lees rapportages (PDF of tekst) in de database in: bestanden, en mappen met een manifest reports.csv",
		run:     runIngest,
	})
}

// ingestJob is one report file to ingest, with what the command line or a
// manifest says about it, and its extraction.
type ingestJob struct {
	path        string
	title       string
	reportDate  peil.Date
	periodStart peil.Date
	kamerstuk   string // from --kamerstuk or the manifest
	url         string // from --url or the manifest
	ext         *peil.Extraction
	extStart    peil.Date // the period start ext was extracted with
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
	jobs, err := collectJobs(paths, func(format string, args ...any) {
		fmt.Fprintf(m.Stderr, "peil ingest: "+format+"\n", args...)
	})
	if err != nil {
		return err
	}
	if !reportDate.IsZero() || !periodStart.IsZero() || *kamerstukFlag != "" || *urlFlag != "" {
		if len(jobs) != 1 {
			return peil.Errorf(peil.EINVALID, "--report-date, --period-start, --kamerstuk en --url gelden voor één bestand; gebruik voor meer bestanden een manifest reports.csv")
		}
		if *kamerstukFlag != "" {
			jobs[0].kamerstuk = *kamerstukFlag
		}
		if *urlFlag != "" {
			jobs[0].url = *urlFlag
		}
		if !reportDate.IsZero() {
			jobs[0].reportDate = reportDate
		}
		if !periodStart.IsZero() {
			jobs[0].periodStart = periodStart
		}
	}
	seed, err := data.Catalog()
	if err != nil {
		return fmt.Errorf("load catalog: %w", err)
	}

	// Read the dates already stored and the catalog through a read-only open
	// (which also fails early when another process holds the file), close it,
	// and extract every file with the stored catalog (the embedded one seeds a
	// new database); only then open the database for writing, so that bad
	// input leaves it byte for byte as it was, or not created at all.
	dbPath := m.dbPath(*dbFlag)
	stored, cat, err := m.storedState(ctx, dbPath)
	if err != nil {
		return err
	}
	if cat == nil || len(cat.Indicators) == 0 {
		cat = seed
	}
	if err := extractJobs(ctx, m, jobs, cat, stored); err != nil {
		return err
	}
	db, err := m.openDB(ctx, dbPath, analytics.Options{Catalog: seed})
	if err != nil {
		return err
	}
	defer func() {
		if db != nil { // on an early return; the normal path closes it below
			db.Close()
		}
	}()

	bar := newProgress(m.Stderr, len(jobs))
	var sum ingestSummary
	for i, j := range jobs {
		if err := ctx.Err(); err != nil {
			bar.done()
			return err
		}
		res, err := db.IngestReport(ctx, j.ext)
		if err != nil {
			bar.done()
			return err
		}
		sum.add(res)
		if _, _, few := ingest.FewMeasures(j.ext, cat); few {
			sum.few = append(sum.few, filepath.Base(j.path))
		}
		bar.step(i+1, filepath.Base(j.path), res)
		if len(res.Orphans) > 0 {
			ids := make([]string, len(res.Orphans))
			for k, id := range res.Orphans {
				ids[k] = strconv.FormatInt(id, 10)
			}
			what := "beslissing " + ids[0] + " vindt haar"
			if len(ids) > 1 {
				what = "beslissingen " + strings.Join(ids, ", ") + " vinden hun"
			}
			bar.note(fmt.Sprintf("peil ingest: %s: %s cijfer niet meer (zin of tekst veranderd); bewaard, niet toegepast (peil review decisions)",
				filepath.Base(j.path), what))
		}
	}
	bar.done()
	err = db.Close()
	db = nil
	if err != nil {
		return err
	}
	fmt.Fprintln(m.Stdout, sum.String())
	return nil
}

// storedState returns the dates of the reports in the database at path and
// its catalog, read through a read-only open (of a schema that may be older:
// the write open migrates it); none when the file does not exist yet.
func (m *Main) storedState(ctx context.Context, path string) ([]peil.Date, *peil.Catalog, error) {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, nil, nil
	}
	db, err := m.openDB(ctx, path, analytics.Options{ReadOnly: true, OlderSchema: true})
	if err != nil {
		return nil, nil, err
	}
	reps, err := db.Reports(ctx)
	var cat *peil.Catalog
	if err == nil {
		cat, err = db.Catalog(ctx)
	}
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, nil, err
	}
	dates := make([]peil.Date, 0, len(reps))
	for _, r := range reps {
		dates = append(dates, r.ReportDate)
	}
	return dates, cat, nil
}

// reportFiles lists the reports in folder dir, sorted: its PDF files,
// recognised by their content whatever their names, and its *.txt files.
func reportFiles(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, &peil.Error{Code: peil.EINVALID, File: dir, Message: "kan de map niet lezen", Err: err}
	}
	var files []string
	head := make([]byte, 1024)
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		if strings.EqualFold(filepath.Ext(e.Name()), ".txt") {
			files = append(files, p) // reading it checks that it is a regular file
			continue
		}
		if e.Name() == "reports.csv" || e.IsDir() {
			continue
		}
		if info, err := os.Stat(p); err != nil || !info.Mode().IsRegular() {
			continue // only regular files are looked into (opening a FIFO would wait)
		}
		f, err := os.Open(p)
		if err != nil {
			continue // not readable: not a report of ours
		}
		n, _ := io.ReadFull(f, head)
		f.Close()
		if pdf.IsPDF(head[:n]) {
			files = append(files, p)
		}
	}
	sort.Strings(files)
	return files, nil
}

// collectJobs lists the report files of paths: files as given, folders as
// their PDF and *.txt files. A reports.csv beside a file gives its title and
// dates; notef says when one is transcoded.
func collectJobs(paths []string, notef func(string, ...any)) ([]*ingestJob, error) {
	manifests := map[string]map[string]ingest.ManifestEntry{} // dir -> file -> entry
	manifest := func(dir string) (map[string]ingest.ManifestEntry, error) {
		if mf, ok := manifests[dir]; ok {
			return mf, nil
		}
		mf := map[string]ingest.ManifestEntry{}
		name := filepath.Join(dir, "reports.csv")
		f, err := openInput(name)
		switch {
		case errors.Is(err, fs.ErrNotExist):
		case err != nil:
			return nil, err
		default:
			entries, err := ingest.ReadManifestNotef(f, name, notef)
			f.Close()
			if err != nil {
				return nil, err
			}
			for _, e := range entries {
				mf[e.File] = e
			}
		}
		manifests[dir] = mf
		return mf, nil
	}

	var jobs []*ingestJob
	seen := map[string]bool{}
	add := func(path string) error {
		path = filepath.Clean(path)
		if seen[path] {
			return nil
		}
		seen[path] = true
		mf, err := manifest(filepath.Dir(path))
		if err != nil {
			return err
		}
		j := &ingestJob{path: path}
		if e, ok := mf[filepath.Base(path)]; ok {
			j.title, j.reportDate, j.periodStart = e.Title, e.ReportDate, e.PeriodStart
			j.kamerstuk, j.url = e.Kamerstuk, e.URL
		}
		jobs = append(jobs, j)
		return nil
	}
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, &peil.Error{Code: peil.EINVALID, File: p, Message: "bestaat niet of is niet leesbaar", Err: err}
		}
		if !info.IsDir() {
			if err := add(p); err != nil {
				return nil, err
			}
			continue
		}
		files, err := reportFiles(p)
		if err != nil {
			return nil, err
		}
		if len(files) == 0 {
			return nil, &peil.Error{Code: peil.EINVALID, File: p, Message: "geen rapportages (PDF-bestanden of *.txt) in deze map"}
		}
		for _, f := range files {
			if err := add(f); err != nil {
				return nil, err
			}
		}
		mf, _ := manifest(filepath.Clean(p))
		for name := range mf {
			if !seen[filepath.Join(filepath.Clean(p), name)] {
				return nil, &peil.Error{Code: peil.EINVALID, File: filepath.Join(p, "reports.csv"),
					Message: fmt.Sprintf("noemt %s, maar dat bestand staat niet in de map", name)}
			}
		}
	}
	return jobs, nil
}

// extractJobs reads and extracts every job, in parallel, before anything is
// written. Reports without a date get it from their text first; then, in date
// order, a report without a period start gets the date of the report before
// it (in this batch, or stored already).
func extractJobs(ctx context.Context, m *Main, jobs []*ingestJob, cat *peil.Catalog, stored []peil.Date) error {
	var notesMu sync.Mutex
	notef := func(format string, args ...any) {
		notesMu.Lock()
		defer notesMu.Unlock()
		fmt.Fprintf(m.Stderr, "peil ingest: "+format+"\n", args...)
	}
	extract := func(j *ingestJob, start peil.Date) error {
		raw, err := m.readReport(ctx, j.path)
		if err != nil {
			return err
		}
		ext, err := ingest.Extract(raw, ingest.Options{
			File: j.path, ReportDate: j.reportDate, PeriodStart: start, Catalog: cat, Notef: notef, Context: ctx,
		})
		if err != nil {
			return err
		}
		ext.Report.File = filepath.Base(j.path)
		if !utf8.ValidString(ext.Report.File) {
			return &peil.Error{Code: peil.EINVALID, File: j.path,
				Message: "de bestandsnaam is geen geldige UTF-8; geef het bestand een naam in UTF-8"}
		}
		ext.Report.Title = j.title
		ext.Report.Kamerstuk, ext.Report.URL = j.kamerstuk, j.url
		if ext.Report.Title == "" {
			ext.Report.Title = strings.TrimSuffix(ext.Report.File, filepath.Ext(ext.Report.File))
		}
		j.ext, j.extStart = ext, start
		return nil
	}

	// Reports without a date: infer it from the text.
	var undated []*ingestJob
	for _, j := range jobs {
		if j.reportDate.IsZero() {
			undated = append(undated, j)
		}
	}
	if err := parallel(ctx, undated, func(j *ingestJob) error { return extract(j, j.periodStart) }); err != nil {
		return err
	}
	for _, j := range undated {
		if j.ext.Report.ReportDate.IsZero() {
			return &peil.Error{Code: peil.EINVALID, File: j.path,
				Message: "geen rapportagedatum gevonden in de tekst: geef --report-date of zet het bestand in reports.csv"}
		}
		j.reportDate = j.ext.Report.ReportDate
	}

	sort.SliceStable(jobs, func(a, b int) bool { return jobs[a].reportDate.Before(jobs[b].reportDate.Time) })
	var prev peil.Date
	for _, j := range jobs {
		if j.periodStart.IsZero() {
			j.periodStart = previousDate(stored, prev, j.reportDate)
		}
		prev = j.reportDate
	}
	var todo []*ingestJob
	for _, j := range jobs {
		if j.ext == nil || !j.extStart.Equal(j.periodStart.Time) {
			todo = append(todo, j)
		}
	}
	return parallel(ctx, todo, func(j *ingestJob) error { return extract(j, j.periodStart) })
}

// previousDate is the latest date before d: of the previous report in the
// batch or of a stored report.
func previousDate(stored []peil.Date, prevInBatch, d peil.Date) peil.Date {
	best := peil.Date{}
	if !prevInBatch.IsZero() && prevInBatch.Before(d.Time) {
		best = prevInBatch
	}
	for _, s := range stored {
		if s.Before(d.Time) && s.After(best.Time) {
			best = s
		}
	}
	return best
}

// parallel runs fn on every job with one worker per CPU and returns the error
// of the first failing job in job order.
func parallel(ctx context.Context, jobs []*ingestJob, fn func(*ingestJob) error) error {
	errs := make([]error, len(jobs))
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				errs[i] = fn(jobs[i])
			}
		}()
	}
	for i := range jobs {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	return firstError(errs)
}

func firstError(errs []error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// ingestSummary adds up what ingest did.
type ingestSummary struct {
	reports, added, replaced, unchanged           int
	measures, figures, events, derived, unmatched int
	open, reapplied                               int
	few                                           []string // reports with rows for fewer than half of the measures
}

func (s *ingestSummary) add(r analytics.IngestResult) {
	s.reports++
	switch r.Action {
	case analytics.ActionAdded:
		s.added++
	case analytics.ActionReplaced:
		s.replaced++
	case analytics.ActionUnchanged:
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
	out := fmt.Sprintf("%s (%s toegevoegd, %s vervangen, %s ongewijzigd): %s, %s (%s zonder indicator, %s te beoordelen), %s, %s",
		counted(s.reports, "rapportage", "rapportages"), n(s.added), n(s.replaced), n(s.unchanged),
		counted(s.measures, "maatregel", "maatregelen"), counted(s.figures, "cijfer", "cijfers"), n(s.unmatched), n(s.open),
		counted(s.events, "gebeurtenis", "gebeurtenissen"), counted(s.derived, "afgeleide waarde", "afgeleide waarden"))
	if s.reapplied > 0 {
		out += "; " + counted(s.reapplied, "beoordeling", "beoordelingen") + " opnieuw toegepast"
	}
	return out + s.warning()
}

// warning names the reports with few measure rows, "" when there are none.
func (s *ingestSummary) warning() string {
	if len(s.few) == 0 {
		return ""
	}
	return fmt.Sprintf("\nwaarschuwing: minder dan de helft van de maatregelen gevonden in %s; controleer de omzetting (geef Peil bij voorkeur het PDF-bestand zelf)",
		strings.Join(s.few, ", "))
}

// counted writes a number with the singular or plural noun: 1 rapportage, 3 rapportages.
func counted(v int, one, many string) string {
	if v == 1 {
		return "1 " + one
	}
	return peil.FormatNumber(float64(v)) + " " + many
}

var actionNL = map[string]string{
	analytics.ActionAdded: "toegevoegd", analytics.ActionReplaced: "vervangen", analytics.ActionUnchanged: "ongewijzigd",
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

func (p *progress) step(i int, name string, r analytics.IngestResult) {
	if !p.tty {
		if r.Action == analytics.ActionUnchanged {
			fmt.Fprintf(p.w, "[%d/%d] %s: %s (stond al in de database)\n", i, p.total, name, actionNL[r.Action])
			return
		}
		fmt.Fprintf(p.w, "[%d/%d] %s: %s (%d cijfers)\n", i, p.total, name, actionNL[r.Action], r.Figures)
		return
	}
	fmt.Fprint(p.w, "\r"+progressLine(i, p.total, name, p.width))
}

// note writes a line for people between the progress lines.
func (p *progress) note(line string) {
	if p.tty {
		fmt.Fprint(p.w, "\r\033[K")
	}
	fmt.Fprintln(p.w, line)
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
