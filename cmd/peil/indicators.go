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
	c := m.newListing("indicators", "[--db BESTAND] [--measure N] [--format json|table]")
	measure := c.flags.Int("measure", 0, "alleen de indicatoren van deze `maatregel` (1-38)")
	rest, err := c.parse(args)
	if err != nil {
		return err
	}
	if err := noArgs(m, c.flags, rest); err != nil {
		return err
	}
	db, err := m.openReadDB(ctx, *c.db)
	if err != nil {
		return err
	}
	defer db.Close()
	inds, err := db.Indicators(ctx, *measure)
	if err != nil {
		return err
	}
	if *c.format == "json" {
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
