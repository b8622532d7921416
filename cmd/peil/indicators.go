package main

import (
	"context"
	"fmt"
	"strconv"
	"text/tabwriter"

	"github.com/peil-dev/peil"
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
	db, err := c.openNoArgs(ctx, m, args)
	if err != nil {
		return err
	}
	defer db.Close()
	if *measure != 0 {
		if _, err := db.Measure(ctx, *measure); peil.ErrorCode(err) == peil.ENOTFOUND {
			return peil.Errorf(peil.ENOTFOUND, "--measure %d: deze maatregel bestaat niet (het actieprogramma telt maatregelen 1-38)", *measure)
		} else if err != nil {
			return err
		}
	}
	inds, err := db.Indicators(ctx, *measure)
	if err != nil {
		return err
	}
	if *c.format == "json" {
		return writeJSON(m.Stdout, inds)
	}
	if len(inds) == 0 {
		reps, err := db.Reports(ctx)
		switch {
		case err != nil:
			return err
		case len(reps) == 0:
			fmt.Fprintln(m.Stdout, "Geen indicatoren met waarden; laad rapportages met peil ingest.")
		case *measure != 0:
			fmt.Fprintf(m.Stdout, "Maatregel %d heeft geen indicatoren met waarden (%s geladen).\n",
				*measure, counted(len(reps), "rapportage", "rapportages"))
		default:
			fmt.Fprintf(m.Stdout, "Geen indicatoren met waarden (%s geladen).\n", counted(len(reps), "rapportage", "rapportages"))
		}
		return nil
	}
	tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "Id\tMaatregel\tIndicator\tEenheid\tKern")
	for _, ind := range inds {
		key := ""
		if ind.Key {
			key = "ja"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", ind.ID, strconv.Itoa(ind.Measure), plain(ind.Label), plain(ind.Unit), key)
	}
	return tw.Flush()
}
