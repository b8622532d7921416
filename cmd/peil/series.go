package main

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/peil-dev/peil"
)

func init() {
	register(command{
		name:    "series",
		summary: "toon één indicator door de tijd, met wat elke rapportage erover zei",
		run:     runSeries,
	})
}

func runSeries(ctx context.Context, m *Main, args []string) error {
	c := m.newListing("series", "INDICATOR [--db BESTAND] [--format json|table]")
	rest, err := c.parse(args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		fmt.Fprintln(m.Stderr, "peil series: geef één indicator-id (peil indicators toont ze)")
		c.flags.Usage()
		return errUsage
	}
	db, err := m.openReadDB(ctx, *c.db)
	if err != nil {
		return err
	}
	defer db.Close()
	s, err := db.Series(ctx, peil.IndicatorID(rest[0]))
	if err != nil {
		return err
	}
	if *c.format == "json" {
		return writeJSON(m.Stdout, s)
	}
	return writeSeriesTable(m, s)
}

// writeSeriesTable prints a series for people, in Dutch.
func writeSeriesTable(m *Main, s *peil.Series) error {
	ind := s.Indicator
	fmt.Fprintf(m.Stdout, "%s (%s), maatregel %d, eenheid: %s\n\n", ind.Label, ind.ID, ind.Measure, ind.Unit)
	if len(s.Points) == 0 {
		fmt.Fprintln(m.Stdout, "Geen waarden.")
		return nil
	}
	tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "Periode\tWaarde\tKwalificatie\tBron\tRapport\tVindplaats\tOpmerking")
	for _, p := range s.Points {
		var notes []string
		if p.Revised {
			notes = append(notes, "herzien: "+statedValues(p))
		}
		if p.Derivation != "" {
			notes = append(notes, p.Derivation)
		}
		if p.Note != "" {
			notes = append(notes, p.Note)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", peil.FormatPeriod(p.PeriodStart, p.PeriodEnd), peil.FormatNumber(p.Value),
			p.Qualifier.Dutch(), p.Source.Dutch(), seriesReportNL(p.Report, p.ReportDate), p.Place(), plain(strings.Join(notes, "; ")))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(s.Increments) > 0 {
		fmt.Fprintln(m.Stdout, "\nToename tussen de punten:")
		tw = tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "Van\tTot\tToename\tMaanden\tPer maand\t")
		for _, inc := range s.Increments {
			gap := ""
			if inc.Gap {
				gap = "gat: een rapportage ertussen noemde geen waarde"
			}
			ca := ""
			if inc.Qualifier.Approximate() {
				ca = "ca. "
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", peil.FormatDate(inc.From), peil.FormatDate(inc.To),
				ca+peil.FormatNumber(inc.Delta), peil.FormatNumber(inc.Months), ca+peil.FormatNumber(inc.PerMonth), gap)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	if len(s.Events) > 0 {
		fmt.Fprintln(m.Stdout, "\nGebeurtenissen bij deze maatregel:")
		for _, e := range s.Events {
			fmt.Fprintf(m.Stdout, "  %s  %s\n", peil.FormatDate(e.Date), plain(e.Label))
		}
	}
	return nil
}

// statedValues lists the value each report (or import) gave for a point, in
// order: "100 → 105". A report's own restatements are not a revision.
func statedValues(p peil.Point) string {
	var vs []string
	for _, st := range p.ReportStatements() {
		vs = append(vs, peil.FormatNumber(st.Value))
	}
	return strings.Join(vs, " → ")
}

func seriesReportNL(id int64, date peil.Date) string {
	if id == 0 {
		return "-"
	}
	return fmt.Sprintf("%d (%s)", id, peil.FormatDate(date))
}
