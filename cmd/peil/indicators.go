package main

import (
	"context"
	"fmt"
	"strconv"
	"text/tabwriter"
)

func init() {
	register(command{
		name:    "indicators",
		summary: "toon de indicatoren met waarden in de database (de ids voor peil series)",
		run:     runIndicators,
	})
}

func runIndicators(ctx context.Context, m *Main, args []string) error {
	flags := m.newFlagSet("indicators", "[--db BESTAND] [--measure N] [--format json|table]")
	dbFlag := flags.String("db", "", "databasebestand (standaard $PEIL_DB, anders peil.duckdb)")
	measure := flags.Int("measure", 0, "alleen de indicatoren van deze maatregel (1-38)")
	format := flags.String("format", "table", "uitvoer: json of table")
	rest, err := parseInterspersed(flags, args)
	if err != nil {
		return err
	}
	if err := noArgs(m, flags, rest); err != nil {
		return err
	}
	if err := checkFormat(*format); err != nil {
		return err
	}
	db, err := m.openReadDB(ctx, *dbFlag)
	if err != nil {
		return err
	}
	defer db.Close()
	inds, err := db.Indicators(ctx, *measure)
	if err != nil {
		return err
	}
	if *format == "json" {
		return writeJSON(m.Stdout, inds)
	}
	if len(inds) == 0 {
		fmt.Fprintln(m.Stdout, "Geen indicatoren met waarden; laad rapportages met peil ingest.")
		return nil
	}
	tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "Id\tMaatregel\tIndicator\tEenheid\tKern")
	for _, ind := range inds {
		key := ""
		if ind.Key {
			key = "ja"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", ind.ID, strconv.Itoa(ind.Measure), ind.Label, ind.Unit, key)
	}
	return tw.Flush()
}
