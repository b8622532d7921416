// Package analytics stores extracted reports in DuckDB and answers questions
// across them: indicator series with restatements and derived values,
// report-versus-report comparisons, before/after views of events, imports of
// figures from elsewhere and Parquet exports.
//
// All writes go through one writer (a mutex); each report is loaded in one
// transaction, so readers, which run in parallel on the connection pool, see a
// report whole or not at all.
package analytics

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/duckdb/duckdb-go/v2"

	"github.com/peil-dev/peil"
)

// Options configure Open.
type Options struct {
	ReadOnly    bool          // for reading only; several processes may read a file at once, none may write it then
	Catalog     *peil.Catalog // loaded into the indicators/measures tables at open (read-write only)
	MemoryLimit string        // DuckDB's memory limit, such as "128MB" or "2GB"; "" for DefaultMemoryLimit
	// Derive computes the values a report implies without stating them
	// (ingest.Derive, wired by cmd): for a report as it is stored, and again
	// from its reviewed figures after every review decision. Nil: no derived
	// values are stored.
	Derive func(*peil.Extraction) []peil.Observation
}

// DefaultMemoryLimit bounds the memory DuckDB takes when Options.MemoryLimit is
// empty. DuckDB's own default, 80% of the machine's memory, lets its buffer
// pool keep every block it ever read, next to a workbook's own memory (see
// BENCHMARKS.md, "export"). A query that needs more than the limit fails
// with DuckDB's "Out of Memory Error" (IsOutOfMemory); the workbook export,
// the report list and a series run within half this limit on a store a
// thousand times the programme.
const DefaultMemoryLimit = "128MB"

// IngestMemoryLimit is the memory limit for a batch of reports (`peil
// ingest`) when none is given. During a long batch DuckDB checkpoints
// every 16 MB of write-ahead log, and each checkpoint takes DuckDB's memory
// up to its limit (its cached blocks plus the table data it rewrites), so
// at DefaultMemoryLimit the peak grew with the batch; under this limit
// DuckDB evicts cached blocks instead, at no cost in time the benchmarks
// could see; at 40MB a long ingest took half as long again (BENCHMARKS.md,
// "Memory of `peil ingest`").
const IngestMemoryLimit = "48MB"

// DB is a Peil database: a DuckDB file (or memory) with the Peil schema.
type DB struct {
	sql      *sql.DB
	path     string
	readOnly bool
	release  func()                                    // gives up the path's claim in this process (claimPath)
	derive   func(*peil.Extraction) []peil.Observation // Options.Derive

	writeMu sync.Mutex // held by the one writer
	w       writer     // guarded by writeMu

	// scanMu keeps scans out while a write commits. DuckDB 1.5 can let a scan
	// that runs while a commit appends to a table count rows whose values are
	// not written yet (duckdb/duckdb#19570; seen here as a report with a
	// garbage id and no figures). Reads hold it shared, a commit exclusively:
	// reads still run in parallel with each other and with the rest of a write.
	scanMu sync.RWMutex

	gen   atomic.Uint64 // data generation: incremented after every committed write
	cache seriesCache   // series by indicator, valid for one generation

	series prepared // the pool, with seriesSQL of one indicator prepared once at open
}

// prepared is a querier with one statement prepared: a query of that text
// runs the prepared statement, any other runs on the querier. The callers
// build the text as always (seriesSQL), so there is no second path to it.
type prepared struct {
	querier
	text string
	stmt *sql.Stmt
}

// QueryContext runs query with args, on the prepared statement if it has its text.
func (p prepared) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if query == p.text {
		return p.stmt.QueryContext(ctx, args...)
	}
	return p.querier.QueryContext(ctx, query, args...)
}

// Open opens (or creates) the database at path, runs pending migrations and
// loads the catalog. The empty path opens a fresh in-memory database, which all
// connections of the pool share (the connector owns it). A database opened
// read-only is neither migrated nor given the catalog: it must be complete. A
// file that another process holds, or that this process has open for
// writing, or for reading when opened read-write, gives a *peil.Error with
// code ECONFLICT.
func Open(ctx context.Context, path string, opts Options) (_ *DB, err error) {
	defer peil.WrapInternal(&err, "open db %q", path)
	if path == "" && opts.ReadOnly {
		return nil, peil.Errorf(peil.EINVALID, "een database in het geheugen kan niet alleen-lezen worden geopend")
	}
	if opts.MemoryLimit == "" {
		opts.MemoryLimit = DefaultMemoryLimit
	}
	release, err := claimPath(path, opts.ReadOnly)
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			release()
		}
	}()
	// DuckDB's main database stays in memory and empty; the file is attached
	// as "peil", which every connection of the pool uses, since a row group
	// size can only be given to ATTACH (see rowGroupSize).
	config := url.Values{"memory_limit": {opts.MemoryLimit}}
	target := ":memory:"
	if path != "" {
		target = path
		config.Set("temp_directory", path+".tmp") // DuckDB's default for a file; in memory it has ".tmp"
	}
	attachOpts := "ROW_GROUP_SIZE " + strconv.Itoa(rowGroupSize)
	if opts.ReadOnly {
		attachOpts += ", READ_ONLY"
	}
	attach := "ATTACH IF NOT EXISTS " + sqlString(target) + " AS " + attachedName + " (" + attachOpts + ")"
	connector, err := duckdb.NewConnector("?"+config.Encode(), func(conn driver.ExecerContext) error {
		// A connection outlives the context it was opened for: no ctx here.
		if _, err := conn.ExecContext(context.Background(), attach, nil); err != nil {
			return err
		}
		_, err := conn.ExecContext(context.Background(), "USE "+attachedName, nil)
		return err
	})
	if err != nil {
		return nil, openError(path, opts, err)
	}
	db := &DB{sql: sql.OpenDB(connector), path: path, readOnly: opts.ReadOnly, derive: opts.Derive, release: release}
	defer func() {
		if err != nil {
			db.sql.Close()
		}
	}()
	if err := db.sql.PingContext(ctx); err != nil { // the first connection attaches the file
		return nil, openError(path, opts, err)
	}
	if !opts.ReadOnly {
		if err := db.migrate(ctx); err != nil {
			return nil, err
		}
		if opts.Catalog != nil {
			if err := db.loadCatalog(ctx, opts.Catalog); err != nil {
				return nil, err
			}
		}
	} else if err := db.checkSchema(ctx); err != nil {
		return nil, err
	}
	one, _ := seriesSQL(seriesSelection{Indicators: make([]peil.IndicatorID, 1)}) // the text of one id, bound at each query
	db.series = prepared{querier: db.sql, text: one}
	if db.series.stmt, err = db.sql.PrepareContext(ctx, one); err != nil {
		return nil, fmt.Errorf("prepare series query: %w", err)
	}
	return db, nil
}

// attachedName is the name under which Open attaches the database file.
const attachedName = "peil"

// rowGroupSize is the number of rows in one of DuckDB's row groups, a
// setting of the attached file (DuckDB's default, 122,880, applies to a
// database opened as the main one, and is not stored in the file). Every
// checkpoint rewrites the last, partly filled row group of each table it
// touches; in a long `peil ingest` the checkpoints of the wide tables
// (observations, sentences, figure_review) at the default size took the
// process's peak memory up with the batch (BENCHMARKS.md, "Memory of `peil
// ingest`").
const rowGroupSize = 16384

// openPaths holds the files open through Open in this process: for each,
// the number of read-only opens, or -1 for the one read-write open. DuckDB's
// file lock keeps writers of other processes out, but not a second DuckDB
// instance in this one, and each Open has its own instance.
var openPaths struct {
	sync.Mutex
	m map[string]int
}

// claimPath records path as open in this process, read-only or not, and
// returns what gives the claim up. As between processes, readers share a
// file and a writer has it alone: any other claim gives ECONFLICT. The empty
// path (memory) needs no claim.
func claimPath(path string, readOnly bool) (release func(), err error) {
	if path == "" {
		return func() {}, nil
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("resolve %s: %w", path, err)
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	} else if dir, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
		// A file not yet made: its folder's links, so that the name the
		// file has once made (as the next Open resolves it) is this one.
		abs = filepath.Join(dir, filepath.Base(abs))
	}
	openPaths.Lock()
	defer openPaths.Unlock()
	n := openPaths.m[abs]
	if n < 0 || (n > 0 && !readOnly) {
		return nil, peil.Errorf(peil.ECONFLICT, "database %s is in dit proces al geopend", path)
	}
	if openPaths.m == nil {
		openPaths.m = map[string]int{}
	}
	if readOnly {
		openPaths.m[abs]++
	} else {
		openPaths.m[abs] = -1
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			openPaths.Lock()
			defer openPaths.Unlock()
			if openPaths.m[abs] > 1 {
				openPaths.m[abs]--
			} else {
				delete(openPaths.m, abs)
			}
		})
	}, nil
}

// IsOutOfMemory reports whether err is DuckDB running out of the memory its
// limit (Options.MemoryLimit) allows. DuckDB's error texts are recognised only
// in this package.
func IsOutOfMemory(err error) bool {
	var de *duckdb.Error
	if errors.As(err, &de) && de.Type == duckdb.ErrorTypeOutOfMemory {
		return true
	}
	return err != nil && strings.Contains(err.Error(), "Out of Memory Error") // an error passed on as text
}

// Overloaded reports whether err is load rather than a fault: DuckDB ran
// out of the memory its limit allows (IsOutOfMemory), which a later try may
// not. The server answers it with 503.
func (db *DB) Overloaded(err error) bool { return IsOutOfMemory(err) }

// lockHolder finds the process that holds a database's lock in DuckDB's text.
var lockHolder = regexp.MustCompile(`\(PID (\d+)\)`)

// openError maps DuckDB's lock error to ECONFLICT, a file that is no DuckDB
// database or a memory limit DuckDB does not take to EINVALID, and returns the
// rest as it is (Open wraps it).
func openError(path string, opts Options, err error) error {
	msg := err.Error()
	if strings.Contains(msg, "memory_limit") {
		return &peil.Error{
			Code: peil.EINVALID,
			Message: fmt.Sprintf("ongeldige geheugengrens %q voor DuckDB; geef een grootte zoals 128MB of 2GB "+
				"(bij peil met $PEIL_DB_MEMORY)", opts.MemoryLimit),
			Err: err,
		}
	}
	if strings.Contains(msg, "Could not set lock on file") || strings.Contains(msg, "Conflicting lock is held") {
		// DuckDB's text goes on about its own command line; the process
		// that holds the lock is what helps.
		holder := ""
		if m := lockHolder.FindStringSubmatch(msg); m != nil {
			holder = " (proces " + m[1] + ")"
		}
		return &peil.Error{
			Code: peil.ECONFLICT,
			Message: fmt.Sprintf("database %s is in gebruik door een ander proces%s (draait er nog een `peil serve` of `peil ingest`?); "+
				"stop dat proces of gebruik een andere --db", path, holder),
		}
	}
	if strings.Contains(msg, "is not a valid DuckDB database file") {
		return &peil.Error{
			Code:    peil.EINVALID,
			File:    path,
			Message: "dit bestand is geen DuckDB-database; kies met --db een database die peil ingest heeft gemaakt",
			Err:     err,
		}
	}
	if strings.Contains(msg, "in read-only mode: database does not exist") {
		return &peil.Error{
			Code:    peil.EINVALID,
			File:    path,
			Message: "database bestaat niet; laad eerst rapportages met peil ingest",
			Err:     err,
		}
	}
	return err
}

// Close closes the database; DuckDB checkpoints the file on close.
func (db *DB) Close() error {
	db.series.stmt.Close() // its error would be the pool's, which Close reports
	err := db.sql.Close()  // closes the connector: DuckDB checkpoints the file and unlocks it
	db.release()
	if err != nil {
		return fmt.Errorf("close db %q: %w", db.path, err)
	}
	return nil
}

// Generation returns the data generation: a number that every committed
// write of figures, reports or the catalog through this DB increases (account
// and session writes do not). What was computed from reads at one generation
// is current while Generation still returns it.
func (db *DB) Generation() uint64 { return db.gen.Load() }

// Path returns the database file, "" for an in-memory database.
func (db *DB) Path() string { return db.path }

// writable returns an error when the database is read-only.
func (db *DB) writable() error {
	if db.readOnly {
		return peil.Errorf(peil.EINVALID, "database %s is alleen-lezen geopend", db.path)
	}
	return nil
}

// inTx runs fn in one transaction on one connection, committing when fn
// returns nil and rolling back otherwise.
func (db *DB) inTx(ctx context.Context, fn func(conn *sql.Conn) error) error {
	return db.tx(ctx, fn, false)
}

// tx is inTx; a write commits holding scanMu, so that no scan runs meanwhile.
func (db *DB) tx(ctx context.Context, fn func(conn *sql.Conn) error, write bool) (err error) {
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
		return err
	}
	if err := fn(conn); err != nil {
		// The context may be canceled already: roll back regardless.
		if _, rbErr := conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK"); rbErr != nil {
			return errors.Join(err, fmt.Errorf("rollback: %w", rbErr))
		}
		return err
	}
	if write {
		db.scanMu.Lock()
		defer db.scanMu.Unlock()
	}
	if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// readingKey marks a context whose goroutine holds scanMu for reading.
type readingKey struct{}

// reading takes scanMu for reading, unless ctx says this call is inside
// another read that holds it already (a second RLock could deadlock behind a
// waiting commit), and returns the context to pass on and the release.
func (db *DB) reading(ctx context.Context) (context.Context, func()) {
	if ctx.Value(readingKey{}) == db {
		return ctx, func() {}
	}
	db.scanMu.RLock()
	return context.WithValue(ctx, readingKey{}, db), db.scanMu.RUnlock
}

// writeTx is inTx for writes (the caller holds writeMu): after it commits, the
// data generation moves on, so that cached series are recomputed.
func (db *DB) writeTx(ctx context.Context, fn func(conn *sql.Conn) error) error {
	defer db.gen.Add(1) // also after a failure: cheap, and never stale
	return db.tx(ctx, fn, true)
}

// IsDatabaseFile reports whether the file at path starts like a DuckDB
// database: the magic "DUCK" at byte 8 of the main header. A missing or
// short file is none, and so is anything but a regular file (opening a FIFO
// would wait for a writer).
func IsDatabaseFile(path string) bool {
	if info, err := os.Stat(path); err != nil || !info.Mode().IsRegular() {
		return false
	}
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	var head [12]byte
	if _, err := io.ReadFull(f, head[:]); err != nil {
		return false
	}
	return string(head[8:12]) == "DUCK"
}

// derived returns the values ext implies (Options.Derive); none without a
// deriver.
func (db *DB) derived(ext *peil.Extraction) []peil.Observation {
	if db.derive == nil {
		return nil
	}
	return db.derive(ext)
}
