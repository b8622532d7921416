package main

import (
	"context"
	"fmt"
	"text/tabwriter"
)

func init() {
	register(command{
		name:    "audit",
		summary: "toon het logboek: elke wijziging (wie, wanneer, wat, ervoor en erna)",
		run:     runAudit,
	})
}

func runAudit(ctx context.Context, m *Main, args []string) error {
	c := m.newListing("audit", "[--db BESTAND] [--format json|table] [--since NR]")
	since := c.flags.Int64("since", 0, "alleen de regels na dit `nummer`")
	db, err := c.openNoArgs(ctx, m, args)
	if err != nil {
		return err
	}
	defer db.Close()
	entries, err := db.AuditLog(ctx, *since, 0)
	if err != nil {
		return err
	}
	if *c.format == "json" {
		return writeJSON(m.Stdout, entries)
	}
	if len(entries) == 0 {
		fmt.Fprintln(m.Stdout, "Het logboek is leeg.")
		return nil
	}
	tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "Nr\tTijd (UTC)\tWie\tWat\tOnderwerp\tVoor\tNa")
	for _, e := range entries {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", e.ID, e.At.UTC().Format("2006-01-02 15:04:05"),
			plain(e.Actor), e.Action, plain(e.Subject), plain(dash(e.Before)), plain(dash(e.After)))
	}
	return tw.Flush()
}
