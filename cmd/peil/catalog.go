package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/user"
	"path/filepath"
	"strings"

	"github.com/peil-dev/peil"
	"github.com/peil-dev/peil/analytics"
	"github.com/peil-dev/peil/data"
)

func init() {
	register(command{
		name:    "catalog",
		summary: "bekijk en wijzig de catalogus van indicatoren (export, import, add-indicator, edit)",
		run:     runCatalog,
	})
}

// catalogUsage lists the subcommands of peil catalog.
const catalogUsage = `Gebruik: peil catalog SUBOPDRACHT [opties]

bekijk en wijzig de catalogus van indicatoren (export, import, add-indicator, edit)

Subopdrachten:
  peil catalog export [--db BESTAND] [-o BESTAND.csv]
  peil catalog import [--db BESTAND] [--by NAAM] BESTAND.csv...
  peil catalog add-indicator [--db BESTAND] [--by NAAM] --id ID --measure N --label "…" --unit EENHEID --kind SOORT [--cues a|b]
  peil catalog edit ID [--db BESTAND] [--by NAAM] [--label "…"] [--label-en "…"] [--unit U] [--kind K] [--cues a|b] [--key true|false]

De catalogus (clusters, maatregelen, indicatoren) staat in de database; een nieuwe
database krijgt de ingebouwde catalogus. Elke wijziging komt in het logboek (audit_log).

Opties: zie peil catalog SUBOPDRACHT --help`

func runCatalog(ctx context.Context, m *Main, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprintln(m.Stderr, catalogUsage)
		if len(args) == 0 {
			return errUsage
		}
		return flag.ErrHelp
	}
	switch args[0] {
	case "export":
		return runCatalogExport(ctx, m, args[1:])
	case "import":
		return runCatalogImport(ctx, m, args[1:])
	case "add-indicator":
		return runCatalogAdd(ctx, m, args[1:])
	case "edit":
		return runCatalogEdit(ctx, m, args[1:])
	}
	fmt.Fprintf(m.Stderr, "peil catalog: onbekende subopdracht %q\n\n%s\n", args[0], catalogUsage)
	return errUsage
}

// defaultReviewer is the OS user, for --by.
func defaultReviewer(m *Main) string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	for _, v := range []string{"USER", "USERNAME", "LOGNAME"} {
		if s := m.Getenv(v); s != "" {
			return s
		}
	}
	return ""
}

// byFlag adds --by to fs.
func byFlag(m *Main, fs interface {
	String(name, value, usage string) *string
}) *string {
	return fs.String("by", defaultReviewer(m), "`naam` van wie dit doet, voor het logboek (standaard: de gebruiker van het systeem)")
}

// openStoreDB opens the database at path read-write, seeding a new one with
// the embedded catalog. With mustExist, a database that does not exist is
// bad input rather than created.
func (m *Main) openStoreDB(ctx context.Context, path string, mustExist bool) (*analytics.DB, error) {
	if _, err := os.Stat(path); mustExist && errors.Is(err, fs.ErrNotExist) {
		return nil, &peil.Error{Code: peil.EINVALID, File: path, Message: "database bestaat niet; laad eerst rapportages met peil ingest --db " + path}
	}
	seed, err := data.Catalog()
	if err != nil {
		return nil, fmt.Errorf("load catalog: %w", err)
	}
	return m.openDB(ctx, path, analytics.Options{Catalog: seed})
}

func runCatalogExport(ctx context.Context, m *Main, args []string) error {
	flags := m.newFlagSet("catalog", "export [--db BESTAND] [-o BESTAND.csv]")
	dbFlag := flags.String("db", "", "`bestand` van de database (standaard: $PEIL_DB, anders peil.duckdb)")
	out := flags.String("o", "", "schrijf de indicatoren naar `BESTAND`.csv, de maatregelen en clusters ernaast (BESTAND-measures.csv, BESTAND-clusters.csv); standaard: de indicatoren naar de standaarduitvoer")
	rest, err := parseInterspersed(flags, args)
	if err != nil {
		return err
	}
	if err := noArgs(m, flags, rest); err != nil {
		return err
	}
	cat, err := m.readCatalog(ctx, *dbFlag)
	if err != nil {
		return err
	}
	if *out == "" {
		return data.WriteCatalog(m.Stdout, nil, nil, cat)
	}
	names := catalogFiles(*out)
	// The three files are checked as `peil export -o` checks its output
	// (no database, nothing but a regular file) before any is written, and
	// each is written through a temporary file.
	for _, name := range names {
		if err := checkExportTarget(name, m.dbPath(*dbFlag)); err != nil {
			return err
		}
	}
	var bufs [3]bytes.Buffer
	if err := data.WriteCatalog(&bufs[0], &bufs[1], &bufs[2], cat); err != nil {
		return err
	}
	for i, name := range names {
		if err := writeFileAtomic(name, func(w io.Writer) error {
			_, err := w.Write(bufs[i].Bytes())
			return err
		}); err != nil {
			return err
		}
	}
	fmt.Fprintf(m.Stdout, "catalogus geschreven: %s (%s), %s (%s), %s (%s)\n",
		names[0], counted(len(cat.Indicators), "indicator", "indicatoren"),
		names[1], counted(len(cat.Measures), "maatregel", "maatregelen"),
		names[2], counted(len(cat.Clusters), "cluster", "clusters"))
	return nil
}

// catalogFiles returns the files an export to name writes: the indicators,
// the measures and the clusters.
func catalogFiles(name string) [3]string {
	base := strings.TrimSuffix(name, filepath.Ext(name))
	return [3]string{name, base + "-measures.csv", base + "-clusters.csv"}
}

// readCatalog reads the catalog of the database (flag value), opened
// read-only; the embedded one when the database does not exist yet.
func (m *Main) readCatalog(ctx context.Context, flagValue string) (*peil.Catalog, error) {
	path := m.dbPath(flagValue)
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return data.Catalog()
	}
	db, err := m.openReadDB(ctx, flagValue)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	return db.Catalog(ctx)
}

func runCatalogImport(ctx context.Context, m *Main, args []string) error {
	flags := m.newFlagSet("catalog", "import [--db BESTAND] [--by NAAM] BESTAND.csv...")
	dbFlag := flags.String("db", "", "`bestand` van de database (standaard: $PEIL_DB, anders peil.duckdb)")
	by := byFlag(m, flags)
	rest, err := parseInterspersed(flags, args)
	if err != nil {
		return err
	}
	if len(rest) == 0 {
		return usageError(m, flags, "geef een of meer CSV-bestanden van de catalogus (indicatoren, maatregelen, clusters)")
	}
	// An export's measures and clusters files beside the first file come along.
	names := rest
	if len(rest) == 1 {
		beside := catalogFiles(rest[0])
		for _, extra := range beside[1:] {
			if _, err := os.Stat(extra); err == nil {
				names = append(names, extra)
			}
		}
	}
	var files []data.CatalogFile
	for _, name := range names {
		f, err := openInput(name)
		if err != nil {
			return err
		}
		b, err := io.ReadAll(io.LimitReader(f, data.MaxCatalogBytes+1))
		f.Close()
		if err != nil {
			return &peil.Error{Code: peil.EINVALID, File: name, Message: "kan het bestand niet lezen", Err: err}
		}
		if len(b) > data.MaxCatalogBytes {
			return &peil.Error{Code: peil.EINVALID, File: name,
				Message: fmt.Sprintf("groter dan %d MB: te groot voor een CSV-bestand van de catalogus", data.MaxCatalogBytes>>20)}
		}
		files = append(files, data.CatalogFile{Name: name, Data: b})
	}
	// Check every row against the stored catalog (read-only) before the
	// database is opened for writing: bad input leaves it as it was.
	base, err := m.readCatalog(ctx, *dbFlag)
	if err != nil {
		return err
	}
	cat, err := data.ReadCatalog(files, base, m.notef("catalog"))
	if err != nil {
		return err
	}
	db, err := m.openStoreDB(ctx, m.dbPath(*dbFlag), false)
	if err != nil {
		return err
	}
	res, err := db.ImportCatalog(ctx, cat, *by)
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "catalogus ingelezen uit %s: %d nieuw, %d gewijzigd, %d ongewijzigd\n",
		strings.Join(names, ", "), res.Added, res.Changed, res.Unchanged)
	return nil
}

func runCatalogAdd(ctx context.Context, m *Main, args []string) error {
	flags := m.newFlagSet("catalog", `add-indicator [--db BESTAND] [--by NAAM] --id ID --measure N --label "…" --unit EENHEID --kind SOORT [--cues a|b]`)
	dbFlag := flags.String("db", "", "`bestand` van de database (standaard: $PEIL_DB, anders peil.duckdb)")
	by := byFlag(m, flags)
	id := flags.String("id", "", "`id` van de nieuwe indicator: kleine letters, cijfers en _ (zoals passport_refusals)")
	measure := flags.Int("measure", 0, "`nummer` van de maatregel (1-38)")
	label := flags.String("label", "", "Nederlandse `omschrijving`")
	labelEN := flags.String("label-en", "", "Engelse `omschrijving` (standaard: de Nederlandse)")
	unit := flags.String("unit", "", "`eenheid` die het getal telt, zoals personen of euro")
	kind := flags.String("kind", "", "`soort`: stock, cumulative, flow, amount, rating of change")
	cues := flags.String("cues", "", "herkenningswoorden, gescheiden door | (zoals paspoort|vervallen)")
	key := flags.Bool("key", false, "een kernindicator (op het overzicht)")
	rest, err := parseInterspersed(flags, args)
	if err != nil {
		return err
	}
	if err := noArgs(m, flags, rest); err != nil {
		return err
	}
	ind := peil.Indicator{ID: peil.IndicatorID(*id), Measure: *measure, Label: *label, LabelEN: *labelEN,
		Unit: *unit, Kind: peil.Kind(*kind), Key: *key, Cues: peil.ParseCues(*cues)}
	if err := peil.CheckIndicator(ind); err != nil {
		return err
	}
	db, err := m.openStoreDB(ctx, m.dbPath(*dbFlag), false)
	if err != nil {
		return err
	}
	err = db.AddIndicator(ctx, ind, *by)
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "indicator %s toegevoegd aan maatregel %d\n", ind.ID, ind.Measure)
	return nil
}

func runCatalogEdit(ctx context.Context, m *Main, args []string) error {
	flags := m.newFlagSet("catalog", `edit ID [--db BESTAND] [--by NAAM] [--label "…"] [--label-en "…"] [--unit U] [--kind K] [--cues a|b] [--key true|false]`)
	dbFlag := flags.String("db", "", "`bestand` van de database (standaard: $PEIL_DB, anders peil.duckdb)")
	by := byFlag(m, flags)
	var e peil.IndicatorEdit
	flags.Func("label", "nieuwe Nederlandse `omschrijving`", func(s string) error { e.Label = &s; return nil })
	flags.Func("label-en", "nieuwe Engelse `omschrijving`", func(s string) error { e.LabelEN = &s; return nil })
	flags.Func("unit", "nieuwe `eenheid` (leeg: geen)", func(s string) error { e.Unit = &s; return nil })
	flags.Func("kind", "nieuwe `soort`: stock, cumulative, flow, amount, rating of change", func(s string) error {
		k := peil.Kind(s)
		e.Kind = &k
		return nil
	})
	flags.Func("cues", "nieuwe herkenningswoorden, gescheiden door | (vervangt de oude; leeg: geen)", func(s string) error {
		c := peil.ParseCues(s)
		e.Cues = &c
		return nil
	})
	flags.Func("key", "kernindicator: `true of false`", func(s string) error {
		switch s {
		case "true", "ja":
			v := true
			e.Key = &v
		case "false", "nee":
			v := false
			e.Key = &v
		default:
			return errors.New("geef true of false")
		}
		return nil
	})
	rest, err := parseInterspersed(flags, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usageError(m, flags, "geef één indicator-id (peil catalog export toont ze)")
	}
	db, err := m.openStoreDB(ctx, m.dbPath(*dbFlag), true)
	if err != nil {
		return err
	}
	ind, err := db.EditIndicator(ctx, peil.IndicatorID(rest[0]), e, *by)
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "indicator %s gewijzigd: %s; herkenningswoorden: %s\n", ind.ID, ind.Label, strings.Join(ind.Cues, "|"))
	return nil
}
