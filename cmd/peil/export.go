package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"

	"github.com/peil-dev/peil"
	"github.com/peil-dev/peil/analytics"
	"github.com/peil-dev/peil/export"
)

func init() {
	register(command{
		name:    "export",
		summary: "exporteer de database: elke tabel als Parquet, of de waarnemingen als XLSX-werkmap of CSV",
		run:     runExport,
	})
}

func runExport(ctx context.Context, m *Main, args []string) error {
	flags := m.newFlagSet("export",
		"--format parquet|xlsx|csv [--measure N] [--indicator ID] [--from DATUM] [--to DATUM] [--compare-from ID --compare-to ID] [-o BESTAND] [--db BESTAND] [MAP]")
	dbFlag := flags.String("db", "", "`bestand` van de database (standaard: $PEIL_DB, anders peil.duckdb)")
	format := flags.String("format", "", "`formaat`: parquet (een bestand per tabel in MAP), xlsx of csv (naar -o BESTAND of standaarduitvoer)")
	measure := flags.Int("measure", 0, "alleen maatregel `N` (xlsx, csv)")
	indicator := flags.String("indicator", "", "alleen indicator `ID` (xlsx, csv)")
	from := flags.String("from", "", "alleen perioden die op of na deze `datum` eindigen, JJJJ-MM-DD (xlsx, csv)")
	to := flags.String("to", "", "alleen perioden die op of voor deze `datum` eindigen, JJJJ-MM-DD (xlsx, csv)")
	compareFrom := flags.Int64("compare-from", 0, "blad Vergelijking: van rapportage `ID` (standaard: de voorlaatste; xlsx)")
	compareTo := flags.Int64("compare-to", 0, "blad Vergelijking: naar rapportage `ID` (standaard: de laatste; xlsx)")
	out := flags.String("o", "", "`bestand` voor de uitvoer (xlsx, csv; standaard: standaarduitvoer)")
	rest, err := parseInterspersed(flags, args)
	if err != nil {
		return err
	}
	var f peil.Filter
	f.Measure, f.Indicator = *measure, peil.IndicatorID(*indicator)
	if *compareFrom < 0 || *compareTo < 0 {
		return peil.Errorf(peil.EINVALID, "--compare-from en --compare-to: geef een rapportage-id (een positief geheel getal)")
	}
	if f.From, err = peil.ParseDate(*from); err != nil {
		return peil.Errorf(peil.EINVALID, "--from: %v", err)
	}
	if f.To, err = peil.ParseDate(*to); err != nil {
		return peil.Errorf(peil.EINVALID, "--to: %v", err)
	}
	switch *format {
	case "parquet":
		if len(rest) != 1 {
			fmt.Fprintln(m.Stderr, "peil export: --format parquet schrijft in een map: geef MAP")
			flags.Usage()
			return errUsage
		}
		if f != (peil.Filter{}) || *compareFrom != 0 || *compareTo != 0 || *out != "" {
			return peil.Errorf(peil.EINVALID, "--format parquet exporteert hele tabellen: --measure, --indicator, --from, --to, --compare-from, --compare-to en -o gelden dan niet")
		}
	case "xlsx", "csv":
		if err := noArgs(m, flags, rest); err != nil {
			return err
		}
	default:
		return peil.Errorf(peil.EINVALID, "--format %q: kies parquet, xlsx of csv", *format)
	}

	if *out != "" {
		if err := checkExportTarget(*out, m.dbPath(*dbFlag)); err != nil {
			return err
		}
	} else if *format == "xlsx" && isTerminal(m.Stdout) {
		// A workbook is a zip file: on a terminal it is noise that can upset it.
		return peil.Errorf(peil.EINVALID, "--format xlsx: een werkmap is een binair bestand en hoort niet op de terminal; "+
			"geef -o BESTAND (bijvoorbeeld -o peil.xlsx) of stuur de uitvoer naar een bestand (> peil.xlsx)")
	}
	db, err := m.openReadDB(ctx, *dbFlag)
	if err != nil {
		return err
	}
	defer db.Close()
	if *format == "parquet" {
		if err := db.ExportParquet(ctx, rest[0]); err != nil {
			return err
		}
		fmt.Fprintf(m.Stderr, "tabellen als Parquet geschreven naar %s\n", rest[0])
		return nil
	}
	write := func(ctx context.Context, db export.Store, f peil.Filter, w io.Writer) error {
		return export.XLSX(ctx, db, peil.ExportOptions{Filter: f, CompareFrom: *compareFrom, CompareTo: *compareTo}, w)
	}
	if *format == "csv" {
		write = export.CSV
	}
	// An export is a batch job whose live heap is mostly excelize's sheet
	// buffers: collecting garbage twice as often lowers the peak of a big
	// workbook for a little more time (BENCHMARKS.md, "Figures from code
	// comments"). $GOGC, when set, still decides.
	if m.Getenv("GOGC") == "" {
		defer debug.SetGCPercent(debug.SetGCPercent(exportGCPercent))
	}
	if *out == "" {
		return write(ctx, db, f, m.Stdout)
	}
	return writeFileAtomic(*out, func(w io.Writer) error { return write(ctx, db, f, w) })
}

// checkExportTarget refuses an output file that would replace the database
// dbPath, its write-ahead log or any other DuckDB database: a slip such as
// `-o peil.duckdb` must not cost the data.
func checkExportTarget(out, dbPath string) error {
	refuse := func(why string) error {
		return &peil.Error{Code: peil.EINVALID, File: out,
			Message: why + "; een export overschrijft geen database: kies met -o een ander bestand (bijvoorbeeld peil.xlsx)"}
	}
	// An existing output must be a regular file: the export replaces it, and
	// a FIFO or a device would be swapped for a file (or, read to see whether
	// it is a database, wait for a writer forever).
	if err := checkExistingRegular(out); err != nil {
		var e *peil.Error
		if errors.As(err, &e) {
			e.Message += " (zonder -o gaat de export naar standaarduitvoer, ook naar een pipe)"
		}
		return err
	}
	if sameFile(out, dbPath) || sameFile(out, dbPath+".wal") {
		return refuse("dit is de database zelf")
	}
	if analytics.IsDatabaseFile(out) {
		return refuse("dit bestand is een DuckDB-database")
	}
	if ext := strings.ToLower(filepath.Ext(out)); ext == ".duckdb" || ext == ".wal" {
		return refuse("dit is de naam van een DuckDB-database")
	}
	return nil
}

// sameFile reports whether a and b name the same file: the same file on disk
// when both exist, else the same absolute path.
func sameFile(a, b string) bool {
	ia, errA := os.Stat(a)
	ib, errB := os.Stat(b)
	if errA == nil && errB == nil {
		return os.SameFile(ia, ib)
	}
	absA, errA := filepath.Abs(a)
	absB, errB := filepath.Abs(b)
	return errA == nil && errB == nil && absA == absB
}

// exportGCPercent is the garbage collector's target percentage during an
// export (Go's default is 100).
const exportGCPercent = 50

// writeFileAtomic writes a file through a temporary file beside it, so that a
// failed export leaves no half-written file. The file gets mode 0644, as a
// file made by os.Create under the usual umask 022 (os.CreateTemp makes 0600).
// write's own error is returned as it is, as on standard output; a file
// that cannot be written is bad input naming name (not the temporary file).
func writeFileAtomic(name string, write func(io.Writer) error) error {
	cannot := func(err error) error {
		// The temporary file is ours: the user named the output.
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = &fs.PathError{Op: pe.Op, Path: name, Err: pe.Err}
		}
		return &peil.Error{Code: peil.EINVALID, File: name, Message: "kan het bestand niet schrijven", Err: err}
	}
	tmp, err := os.CreateTemp(filepath.Dir(name), ".peil-export-*")
	if err != nil {
		return cannot(err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return cannot(err)
	}
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return cannot(err)
	}
	if err := os.Rename(tmp.Name(), name); err != nil {
		return cannot(err)
	}
	return nil
}
