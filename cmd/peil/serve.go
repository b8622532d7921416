package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path"

	"github.com/peil-dev/peil"
	"github.com/peil-dev/peil/analytics"
	"github.com/peil-dev/peil/analytics/imports"
	"github.com/peil-dev/peil/data"
	"github.com/peil-dev/peil/ingest"
	"github.com/peil-dev/peil/server"
)

func init() {
	register(command{
		name:    "serve",
		summary: "bied het dashboard en de JSON-API aan via HTTP (alleen lezen)",
		run:     runServe,
	})
}

func runServe(ctx context.Context, m *Main, args []string) error {
	flags := m.newFlagSet("serve", "[--db BESTAND] [--addr HOST:POORT]")
	dbFlag := flags.String("db", "", "`bestand` van de database (standaard: $PEIL_DB, anders peil.duckdb; zonder beide wordt het ingebouwde voorbeeld getoond)")
	addr := flags.String("addr", server.DefaultAddr, "`adres` waarop de server luistert, HOST:POORT")
	if err := parseFlags(flags, args); err != nil {
		return err
	}
	if flags.NArg() > 0 {
		fmt.Fprintf(m.Stderr, "peil serve: onverwacht argument %q\n", flags.Arg(0))
		flags.Usage()
		return errUsage
	}

	db, err := m.openServeDB(ctx, *dbFlag)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(m.Stderr, nil))
	srv := server.New(db, server.Options{
		Addr:   *addr,
		Logger: log,
		OnListen: func(url string) {
			fmt.Fprintf(m.Stdout, "Peil draait op %s (stoppen met Ctrl+C)\n", url)
		},
	})
	err = srv.ListenAndServe(ctx)
	// Close after the server has stopped, also after an error.
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	return err
}

// openServeDB opens the database to serve read-only. Without --db, $PEIL_DB or
// a peil.duckdb in the working directory it loads the embedded sample reports
// into an in-memory database instead, and says so.
func (m *Main) openServeDB(ctx context.Context, flagValue string) (*analytics.DB, error) {
	p := m.dbPath(flagValue)
	explicit := flagValue != "" || m.Getenv("PEIL_DB") != ""
	info, err := os.Stat(p)
	switch {
	case err == nil && info.IsDir():
		return nil, &peil.Error{Code: peil.EINVALID, File: p, Message: "is een map, geen databasebestand"}
	case err == nil:
		return m.openDB(ctx, p, analytics.Options{ReadOnly: true})
	case explicit || !errors.Is(err, fs.ErrNotExist):
		return nil, &peil.Error{Code: peil.EINVALID, File: p, Message: "kan de database niet openen", Err: err}
	}
	return m.openSampleDB(ctx)
}

// openSampleDB ingests the embedded sample reports (data.Samples, listed in
// its reports.csv manifest) into a fresh in-memory database.
func (m *Main) openSampleDB(ctx context.Context) (*analytics.DB, error) {
	cat, err := data.Catalog()
	if err != nil {
		return nil, fmt.Errorf("load catalog: %w", err)
	}
	manifestPath := path.Join(data.SampleDir(), "reports.csv")
	f, err := data.Samples.Open(manifestPath)
	if err != nil {
		return nil, fmt.Errorf("open sample manifest: %w", err)
	}
	entries, err := ingest.ReadManifest(f, manifestPath)
	f.Close()
	if err != nil {
		return nil, err
	}
	db, err := m.openDB(ctx, "", analytics.Options{Catalog: cat})
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		if err := ingestSample(ctx, db, cat, e); err != nil {
			db.Close()
			return nil, err
		}
	}
	imported, err := importSample(ctx, db)
	if err != nil {
		db.Close()
		return nil, err
	}
	fmt.Fprintf(m.Stderr, "peil serve: geen database opgegeven en geen peil.duckdb in deze map; het ingebouwde voorbeeld (%s en %s uit andere bronnen) wordt uit het geheugen getoond\n",
		counted(len(entries), "rapportage", "rapportages"), counted(imported, "waarde", "waarden"))
	return db, nil
}

// importSample imports the sample's history (data.SampleImport) with its
// citations, as `peil import` would, and returns how many values it added.
func importSample(ctx context.Context, db *analytics.DB) (int, error) {
	name := path.Join(data.SampleDir(), data.SampleImport)
	f, err := data.Samples.Open(name)
	if err != nil {
		return 0, fmt.Errorf("open sample import: %w", err)
	}
	defer f.Close()
	obs, err := imports.Read(f, name)
	if err != nil {
		return 0, err
	}
	n, err := db.Import(ctx, obs)
	if err != nil {
		return 0, fmt.Errorf("import sample %s: %w", name, err)
	}
	return n, nil
}

func ingestSample(ctx context.Context, db *analytics.DB, cat *peil.Catalog, e ingest.ManifestEntry) error {
	name := path.Join(data.SampleDir(), e.File)
	raw, err := fs.ReadFile(data.Samples, name)
	if err != nil {
		return fmt.Errorf("read sample %s: %w", name, err)
	}
	ext, err := ingest.Extract(raw, ingest.Options{
		File:        e.File,
		ReportDate:  e.ReportDate,
		PeriodStart: e.PeriodStart,
		Catalog:     cat,
	})
	if err != nil {
		return err
	}
	if ext.Report.Title == "" {
		ext.Report.Title = e.Title
	}
	if _, err := db.IngestReport(ctx, ext); err != nil {
		return fmt.Errorf("ingest sample %s: %w", name, err)
	}
	return nil
}
