package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/peil-dev/peil"
	"github.com/peil-dev/peil/analytics"
	"github.com/peil-dev/peil/analytics/imports"
	"github.com/peil-dev/peil/data"
)

func init() {
	register(command{
		name:    "import",
		summary: "importeer cijfers van elders (CSV of XLSX met de kolommen indicator,value,qualifier,period_start,period_end,source,note)",
		run:     runImport,
	})
}

func runImport(ctx context.Context, m *Main, args []string) error {
	flags := m.newFlagSet("import", "BESTAND.csv|BESTAND.xlsx [--db BESTAND]")
	dbFlag := flags.String("db", "", "`bestand` van de database (standaard: $PEIL_DB, anders peil.duckdb)")
	rest, err := parseInterspersed(flags, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		fmt.Fprintln(m.Stderr, "peil import: geef één CSV- of XLSX-bestand")
		flags.Usage()
		return errUsage
	}
	name := rest[0]
	f, err := os.Open(name)
	if err != nil {
		return &peil.Error{Code: peil.EINVALID, File: name, Message: "kan het bestand niet lezen", Err: err}
	}
	obs, err := imports.Read(f, name)
	f.Close()
	if err != nil {
		return err
	}
	cat, err := data.Catalog()
	if err != nil {
		return fmt.Errorf("load catalog: %w", err)
	}
	db, err := analytics.Open(ctx, m.dbPath(*dbFlag), analytics.Options{Catalog: cat})
	if err != nil {
		return err
	}
	n, err := db.Import(ctx, obs)
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	var pe *peil.Error
	if errors.As(err, &pe) && pe.File == "" && pe.Line > 0 {
		pe.File = name
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "%d waarden geïmporteerd uit %s (%d al aanwezig)\n", n, name, len(obs)-n)
	return nil
}
