package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/peil-dev/peil"
	"github.com/peil-dev/peil/ingest/pdf"
)

// Job is one report file of a batch, with what the command line or a
// manifest says about it (zero values: not said).
type Job struct {
	Path        string // in the batch's file system; errors name it
	Title       string
	ReportDate  peil.Date
	PeriodStart peil.Date
	Kamerstuk   string
	URL         string
}

// ManifestName is the name of a folder's manifest.
const ManifestName = "reports.csv"

// Collect lists the report files of paths in fsys: a file as given, a folder
// as its PDF files (recognised by their content, whatever their names) and
// its *.txt files, sorted. A reports.csv beside a file gives its title, dates,
// kamerstuk and URL; a manifest that names a file its folder lacks is bad
// input. notef (may be nil) says when a manifest is transcoded. Paths are
// those fsys takes; they are cleaned, and one named twice is one job.
func Collect(fsys fs.FS, paths []string, notef func(string, ...any)) ([]Job, error) {
	manifests := map[string]map[string]ManifestEntry{} // dir -> file -> entry
	manifest := func(dir string) (map[string]ManifestEntry, error) {
		if mf, ok := manifests[dir]; ok {
			return mf, nil
		}
		mf := map[string]ManifestEntry{}
		name := path.Join(dir, ManifestName)
		f, err := openFile(fsys, name)
		switch {
		case errors.Is(err, fs.ErrNotExist):
		case err != nil:
			return nil, err
		default:
			entries, err := ReadManifestNotef(f, name, notef)
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

	var jobs []Job
	seen := map[string]bool{}
	add := func(p string) error {
		p = path.Clean(p)
		if seen[p] {
			return nil
		}
		seen[p] = true
		mf, err := manifest(path.Dir(p))
		if err != nil {
			return err
		}
		j := Job{Path: p}
		if e, ok := mf[path.Base(p)]; ok {
			j.Title, j.ReportDate, j.PeriodStart, j.Kamerstuk, j.URL = e.Title, e.ReportDate, e.PeriodStart, e.Kamerstuk, e.URL
		}
		jobs = append(jobs, j)
		return nil
	}
	for _, p := range paths {
		info, err := fs.Stat(fsys, p)
		if err != nil && p == "-" {
			return nil, &peil.Error{Code: peil.EINVALID, File: p,
				Message: "standaardinvoer wordt hier niet gelezen; geef bestanden of mappen (alleen peil extract leest -)"}
		}
		if err != nil {
			return nil, &peil.Error{Code: peil.EINVALID, File: p, Message: "kan het niet lezen", Err: err}
		}
		if !info.IsDir() {
			if err := add(p); err != nil {
				return nil, err
			}
			continue
		}
		files, err := reportFiles(fsys, p)
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
		dir := path.Clean(p)
		mf, _ := manifest(dir)
		for name := range mf {
			if !seen[path.Join(dir, name)] {
				return nil, &peil.Error{Code: peil.EINVALID, File: path.Join(p, ManifestName),
					Message: fmt.Sprintf("noemt %s, maar dat bestand staat niet in de map", name)}
			}
		}
	}
	return jobs, nil
}

// reportFiles lists the reports in folder dir of fsys, sorted: its PDF
// files, recognised by their content whatever their names, and its *.txt
// files.
func reportFiles(fsys fs.FS, dir string) ([]string, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, &peil.Error{Code: peil.EINVALID, File: dir, Message: "kan de map niet lezen", Err: err}
	}
	var files []string
	head := make([]byte, 1024)
	for _, e := range entries {
		p := path.Join(dir, e.Name())
		if strings.EqualFold(path.Ext(e.Name()), ".txt") {
			files = append(files, p) // reading it checks that it is a regular file
			continue
		}
		if e.Name() == ManifestName || e.IsDir() {
			continue
		}
		if info, err := fs.Stat(fsys, p); err != nil || !info.Mode().IsRegular() {
			continue // only regular files are looked into (opening a FIFO would wait)
		}
		f, err := fsys.Open(p)
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

// CheckRegular refuses what info describes unless it is a regular file: a
// FIFO, a device or a socket may never give an end of file.
func CheckRegular(name string, info fs.FileInfo) error {
	if info.Mode().IsRegular() {
		return nil
	}
	what := "geen gewoon bestand"
	switch mode := info.Mode(); {
	case mode.IsDir():
		what = "een map"
	case mode&fs.ModeNamedPipe != 0:
		what = "een FIFO (named pipe)"
	case mode&fs.ModeDevice != 0, mode&fs.ModeCharDevice != 0:
		what = "een apparaat"
	case mode&fs.ModeSocket != 0:
		what = "een socket"
	}
	return &peil.Error{Code: peil.EINVALID, File: name,
		Message: "dit is " + what + ", geen gewoon bestand; geef een gewoon bestand"}
}

// openFile opens name in fsys for reading, refusing anything that is not a
// regular file (see OpenRegular). A file that does not exist gives an error
// matching fs.ErrNotExist.
func openFile(fsys fs.FS, name string) (fs.File, error) {
	return OpenRegular(name, func(n string) (fs.FileInfo, error) { return fs.Stat(fsys, n) }, fsys.Open)
}

// OpenRegular opens name with open, refusing anything that is not a regular
// file (a FIFO, a device, a socket) before it is opened, as stat describes it:
// opening a FIFO blocks until a writer comes, and reading a device may never
// end. The opened file is checked again, in case the name was replaced in
// between. Errors are bad input naming the file.
func OpenRegular[F interface {
	Stat() (fs.FileInfo, error)
	Close() error
}](name string, stat func(string) (fs.FileInfo, error), open func(string) (F, error)) (F, error) {
	var none F
	info, err := stat(name)
	if err != nil {
		return none, &peil.Error{Code: peil.EINVALID, File: name, Message: "kan het bestand niet lezen", Err: err}
	}
	if err := CheckRegular(name, info); err != nil {
		return none, err
	}
	f, err := open(name)
	if err != nil {
		return none, &peil.Error{Code: peil.EINVALID, File: name, Message: "kan het bestand niet lezen", Err: err}
	}
	if info, err = f.Stat(); err == nil {
		err = CheckRegular(name, info)
	}
	if err != nil {
		f.Close()
		return none, err
	}
	return f, nil
}

// ReadFile reads a report file of fsys: at most one byte more than
// MaxFileBytes, so that Extract refuses a huge input without filling the
// memory first. A file that cannot be read, or is no regular file, is bad
// input.
func ReadFile(fsys fs.FS, name string) ([]byte, error) {
	f, err := openFile(fsys, name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, MaxFileBytes+1))
	if err != nil {
		return nil, &peil.Error{Code: peil.EINVALID, File: name, Message: "kan het bestand niet lezen", Err: err}
	}
	return b, nil
}

// Store is what a batch needs of the database: the reports it holds (for
// the period-start policy, and to find a report stored already by its file or
// text hash), its catalog (for matching) and a writer of one report with its
// derived values, in one transaction, for by (see BatchOptions.By).
type Store interface {
	ReportDates(ctx context.Context) ([]peil.Date, error)
	ReportByHash(ctx context.Context, sha, text string) (peil.Report, bool, error)
	Catalog(ctx context.Context) (*peil.Catalog, error)
	StoreReport(ctx context.Context, ext *peil.Extraction, by string) (peil.IngestResult, error)
}

// BatchOptions are the settings of a batch.
type BatchOptions struct {
	// Catalog is matched against when the store's catalog has no indicators
	// (a new database that the caller seeds).
	Catalog *peil.Catalog
	// Notef takes notes for people (inferred dates, transcoding, missing
	// measures); calls are serialised. May be nil.
	Notef func(format string, args ...any)
	// Stored is called after each report is stored, in the order of storing
	// (by report date). May be nil.
	Stored func(s Stored)
	// Workers extract in parallel; 0 means one per CPU.
	Workers int
	// By is who ingests, for the audit log; "" lets the store name it.
	By string
	// DateHint tells the user how to give a report date that the text lacks
	// ("" names the command line's --report-date and reports.csv).
	DateHint string
}

// Stored is what happened to one report of a batch.
type Stored struct {
	Job    Job
	Result peil.IngestResult
	N      int  // 1-based position in the order of storing
	Total  int  // reports in the batch
	Few    bool // rows for fewer than half of the catalog's measures (see FewMeasures)
	// Warnings counts what the extraction found wrong with the report's
	// table (peil.Extraction.Warnings, stored with the report).
	Warnings int
}

// Batch reads, extracts and stores the reports of jobs from fsys, all or
// nothing: every file is read and extracted (in parallel, once each) before
// the first write, and bad input anywhere gives its *peil.Error with nothing
// written. A report without a date gets it from its text; then, in date
// order, a report without a period start gets the date of the report before
// it, in the batch or stored already. Each report is then stored in its own
// transaction, oldest first. The extractions wait for storing in a temporary
// file, not in memory, so that the memory a batch takes does not grow with
// its size.
func Batch(ctx context.Context, fsys fs.FS, jobs []Job, store Store, opts BatchOptions) error {
	dates, err := store.ReportDates(ctx)
	if err != nil {
		return err
	}
	cat, err := store.Catalog(ctx)
	if err != nil {
		return err
	}
	if cat == nil || len(cat.Indicators) == 0 {
		cat = opts.Catalog
	}
	var notesMu sync.Mutex
	notef := func(format string, args ...any) {
		if opts.Notef == nil {
			return
		}
		notesMu.Lock()
		defer notesMu.Unlock()
		opts.Notef(format, args...)
	}

	sp, err := newSpill()
	if err != nil {
		return err
	}
	defer sp.close()
	items := make([]batchItem, len(jobs))
	err = parallel(ctx, len(jobs), opts.Workers, func(i int) error {
		it, err := extractJob(ctx, fsys, &jobs[i], store, cat, notef, opts.DateHint)
		if err != nil {
			return err
		}
		items[i], err = sp.put(ctx, it)
		return err
	})
	if err != nil {
		return err
	}

	// The period-start policy, in date order.
	order := make([]int, len(jobs))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return items[order[a]].date.Before(items[order[b]].date.Time) })
	var prev peil.Date
	for _, i := range order {
		it := &items[i]
		it.start = jobs[i].PeriodStart
		if it.start.IsZero() {
			it.start = previousDate(dates, prev, it.date)
		}
		prev = it.date
	}

	for n, i := range order {
		if err := ctx.Err(); err != nil {
			return err
		}
		ext, thisPeriod, err := sp.get(ctx, items[i])
		if err != nil {
			return err
		}
		if jobs[i].PeriodStart.IsZero() {
			setPeriodStart(ext, thisPeriod, items[i].start)
		}
		res, err := store.StoreReport(ctx, ext, opts.By)
		if err != nil {
			return err
		}
		if opts.Stored != nil {
			opts.Stored(Stored{Job: jobs[i], Result: res, N: n + 1, Total: len(jobs), Few: items[i].few, Warnings: len(ext.Warnings)})
		}
	}
	return nil
}

// extracted is one job's extraction as a batch keeps it until it is stored.
type extracted struct {
	Ext        *peil.Extraction
	ThisPeriod []bool // per figure: its period starts at the report's period start
	Few        bool
}

// extractJob reads and extracts one job: with the job's period start when
// it has one, else without (Batch sets it later). A report stored already
// (the same file or text) keeps what the job does not say: its title, dates,
// kamerstuk and URL.
func extractJob(ctx context.Context, fsys fs.FS, j *Job, store Store, cat *peil.Catalog, notef func(string, ...any), dateHint string) (*extracted, error) {
	if dateHint == "" {
		dateHint = "geef --report-date of zet het bestand in reports.csv"
	}
	raw, err := ReadFile(fsys, j.Path)
	if err != nil {
		return nil, err
	}
	src, err := readSource(raw, j.Path, notef)
	if err != nil {
		return nil, err
	}
	stored, ok, err := store.ReportByHash(ctx, src.sha, src.id)
	if err != nil {
		return nil, err
	}
	if ok {
		inherit(j, stored)
	}
	ext, thisPeriod, err := extractSource(src, Options{
		File: j.Path, ReportDate: j.ReportDate, PeriodStart: j.PeriodStart, Catalog: cat, Notef: notef, Context: ctx,
	})
	if err != nil {
		return nil, err
	}
	if ext.Report.ReportDate.IsZero() {
		return nil, &peil.Error{Code: peil.EINVALID, File: j.Path,
			Message: "geen rapportagedatum gevonden in de tekst: " + dateHint}
	}
	ext.Report.File = path.Base(j.Path)
	if !utf8.ValidString(ext.Report.File) {
		return nil, &peil.Error{Code: peil.EINVALID, File: j.Path,
			Message: "de bestandsnaam is geen geldige UTF-8; geef het bestand een naam in UTF-8"}
	}
	ext.Report.Title = peil.ReportTitle(j.Title, ext.Report.File)
	ext.Report.Kamerstuk, ext.Report.URL = j.Kamerstuk, j.URL
	_, _, few := FewMeasures(ext, cat)
	return &extracted{Ext: ext, ThisPeriod: thisPeriod, Few: few}, nil
}

// inherit fills in what j does not say from the stored report it is. The
// period start stays unsaid when it would lie after a new report date.
func inherit(j *Job, stored peil.Report) {
	if j.Title == "" {
		j.Title = stored.Title
	}
	if j.ReportDate.IsZero() {
		j.ReportDate = stored.ReportDate
	}
	if j.PeriodStart.IsZero() && !stored.PeriodStart.After(j.ReportDate.Time) {
		j.PeriodStart = stored.PeriodStart
	}
	if j.Kamerstuk == "" {
		j.Kamerstuk = stored.Kamerstuk
	}
	if j.URL == "" {
		j.URL = stored.URL
	}
}

// setPeriodStart gives ext the period start it was extracted without: the
// report's, and that of every figure whose period is the reporting period
// (thisPeriod, per figure, as extraction found it); a figure's review state
// follows when its indicator now has two values for one period.
func setPeriodStart(ext *peil.Extraction, thisPeriod []bool, start peil.Date) {
	ext.Report.PeriodStart = start
	changed := false
	for i := range ext.Figures {
		if i < len(thisPeriod) && thisPeriod[i] && !ext.Figures[i].PeriodStart.Equal(start.Time) {
			ext.Figures[i].PeriodStart = start
			changed = true
		}
	}
	if changed && slices.ContainsFunc(ext.Figures, func(f peil.Figure) bool { return f.Indicator != "" }) {
		markDuplicates(ext.Figures)
	}
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

// parallel runs fn(0), ..., fn(n-1) on workers goroutines (one per CPU when
// 0) and returns the error of the first failing index, or ctx's error. After
// a failure no new index starts.
func parallel(ctx context.Context, n, workers int, fn func(i int) error) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	errs := make([]error, n)
	next := make(chan int)
	var failed sync.Once
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := 0; w < min(workers, n); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if errs[i] = fn(i); errs[i] != nil {
					failed.Do(func() { close(stop) })
				}
			}
		}()
	}
feed:
	for i := 0; i < n; i++ {
		select {
		case next <- i:
		case <-stop:
			break feed
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
