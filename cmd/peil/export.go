package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/peil-dev/peil"
	"github.com/peil-dev/peil/analytics/xlsx"
)

func init() {
	register(command{
		name:    "export",
		summary: "export the database: every table as Parquet, or the observations as an XLSX workbook or CSV",
		run:     runExport,
	})
}

func runExport(ctx context.Context, m *Main, args []string) error {
	flags := m.newFlagSet("export",
		"--format parquet|xlsx|csv [--measure N] [--indicator ID] [--from D] [--to D] [-o FILE] [--db FILE] [DIR]")
	dbFlag := flags.String("db", "", "database file (default $PEIL_DB, else peil.duckdb)")
	format := flags.String("format", "", "parquet (a file per table into DIR), xlsx or csv (to -o FILE or stdout)")
	measure := flags.Int("measure", 0, "only this measure (xlsx, csv)")
	indicator := flags.String("indicator", "", "only this indicator (xlsx, csv)")
	from := flags.String("from", "", "only periods ending on or after this date, YYYY-MM-DD (xlsx, csv)")
	to := flags.String("to", "", "only periods ending on or before this date, YYYY-MM-DD (xlsx, csv)")
	out := flags.String("o", "", "output file (xlsx, csv; default stdout)")
	rest, err := parseInterspersed(flags, args)
	if err != nil {
		return err
	}
	var f peil.Filter
	f.Measure, f.Indicator = *measure, peil.IndicatorID(*indicator)
	if f.From, err = peil.ParseDate(*from); err != nil {
		return peil.Errorf(peil.EINVALID, "--from: %v", err)
	}
	if f.To, err = peil.ParseDate(*to); err != nil {
		return peil.Errorf(peil.EINVALID, "--to: %v", err)
	}
	switch *format {
	case "parquet":
		if len(rest) != 1 {
			fmt.Fprintln(m.Stderr, "peil export: --format parquet writes into a folder: give DIR")
			flags.Usage()
			return errUsage
		}
		if f != (peil.Filter{}) || *out != "" {
			return peil.Errorf(peil.EINVALID, "--format parquet exports whole tables: --measure, --indicator, --from, --to and -o do not apply")
		}
	case "xlsx", "csv":
		if err := noArgs(m, flags, rest); err != nil {
			return err
		}
	default:
		return peil.Errorf(peil.EINVALID, "--format %q: want parquet, xlsx or csv", *format)
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
	write := xlsx.Export
	if *format == "csv" {
		write = xlsx.ExportCSV
	}
	if *out == "" {
		return write(ctx, db, f, m.Stdout)
	}
	return writeFileAtomic(*out, func(w io.Writer) error { return write(ctx, db, f, w) })
}

// writeFileAtomic writes a file through a temporary file beside it, so that a
// failed export leaves no half-written file.
func writeFileAtomic(name string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(dirOf(name), ".peil-export-*")
	if err != nil {
		return fmt.Errorf("export to %s: %w", name, err)
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("export to %s: %w", name, err)
	}
	if err := os.Rename(tmp.Name(), name); err != nil {
		return fmt.Errorf("export to %s: %w", name, err)
	}
	return nil
}

func dirOf(name string) string {
	for i := len(name) - 1; i >= 0; i-- {
		if os.IsPathSeparator(name[i]) {
			return name[:i+1]
		}
	}
	return "."
}
