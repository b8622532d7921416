package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/peil-dev/peil"
	"github.com/peil-dev/peil/analytics"
	"github.com/peil-dev/peil/data"
	"github.com/peil-dev/peil/imports"
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
	f, err := openInput(name)
	if err != nil {
		return err
	}
	obs, err := imports.ReadNotef(f, name, m.notef("import"))
	f.Close()
	if err != nil {
		return err
	}
	cat, err := data.Catalog()
	if err != nil {
		return fmt.Errorf("load catalog: %w", err)
	}
	// Validate every row against the stored indicators through a read-only
	// open (which also refuses a database that does not exist), and open the
	// database for writing only when all rows are good: bad input leaves the
	// file byte for byte as it was.
	dbPath := m.dbPath(*dbFlag)
	err = m.checkImport(ctx, dbPath, obs)
	var n int
	if err == nil {
		n, err = m.importRows(ctx, dbPath, cat, obs)
	}
	var pe *peil.Error
	if errors.As(err, &pe) && pe.File == "" && pe.Line > 0 {
		pe.File = name
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "%s geïmporteerd uit %s (%s al aanwezig)\n",
		counted(n, "waarde", "waarden"), name, peil.FormatNumber(float64(len(obs)-n)))
	return nil
}

// checkImport validates obs against the database at path, opened read-only.
func (m *Main) checkImport(ctx context.Context, path string, obs []peil.Observation) error {
	db, err := m.openDB(ctx, path, analytics.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	err = db.CheckImport(ctx, obs)
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	return err
}

// importRows stores obs in the database at path, opened read-write.
func (m *Main) importRows(ctx context.Context, path string, cat *peil.Catalog, obs []peil.Observation) (int, error) {
	db, err := m.openDB(ctx, path, analytics.Options{Catalog: cat})
	if err != nil {
		return 0, err
	}
	n, err := db.Import(ctx, obs)
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	return n, err
}
