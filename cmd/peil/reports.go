package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/peil-dev/peil"
	"github.com/peil-dev/peil/analytics"
)

func init() {
	register(command{
		name:    "reports",
		summary: "toon de opgeslagen rapportages met hun aantallen; reports remove ID verwijdert er een",
		run:     runReports,
	})
}

func runReports(ctx context.Context, m *Main, args []string) error {
	if len(args) > 0 && args[0] == "remove" {
		return runReportsRemove(ctx, m, args[1:])
	}
	c := m.newListing("reports", "[--db BESTAND] [--format json|table]\n       peil reports remove ID [--db BESTAND] [--by NAAM] [--yes]")
	db, err := c.openNoArgs(ctx, m, args)
	if err != nil {
		return err
	}
	defer db.Close()
	reps, err := db.Reports(ctx)
	if err != nil {
		return err
	}
	if *c.format == "json" {
		return writeJSON(m.Stdout, reps)
	}
	if len(reps) == 0 {
		fmt.Fprintln(m.Stdout, "Geen rapportages in de database; laad ze met peil ingest.")
		return nil
	}
	tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "Id\tDatum\tTitel\tMaatregelen\tCijfers\tGebeurtenissen\tWaarschuwingen\tBestand\tKamerstuk")
	for _, r := range reps {
		kamerstuk := r.Kamerstuk
		if kamerstuk == "" {
			kamerstuk = "–"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%d\t%d\t%d\t%s\t%s\n", r.ID, peil.FormatDate(r.ReportDate), plain(r.Title),
			r.Measures, r.Figures, r.Events, r.Warnings, plain(r.File), kamerstuk)
	}
	return tw.Flush()
}

// runReportsRemove removes one report after a confirmation (or --yes), and
// says what went and what stays.
func runReportsRemove(ctx context.Context, m *Main, args []string) error {
	flags := m.newFlagSet("reports", "remove ID [--db BESTAND] [--by NAAM] [--yes]\n\n"+
		"Verwijdert de rapportage met dit id (zie peil reports) met haar statusteksten, cijfers, afgeleide waarden,\n"+
		"gebeurtenissen en waarschuwingen, en schrijft dat in het logboek. De beslissingen van de beoordeling\n"+
		"blijven bewaard: ze gelden weer als dezelfde rapportage opnieuw wordt ingelezen.")
	dbFlag := flags.String("db", "", "`bestand` van de database (standaard: $PEIL_DB, anders peil.duckdb)")
	by := flags.String("by", m.actor(), "`naam` van wie verwijdert, voor het logboek")
	yes := flags.Bool("yes", false, "verwijder zonder te vragen")
	rest, err := parseInterspersed(flags, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usageError(m, flags, "geef het id van één rapportage (zie peil reports)")
	}
	id, err := strconv.ParseInt(rest[0], 10, 64)
	if err != nil || id <= 0 {
		return peil.Errorf(peil.EINVALID, "%q is geen id van een rapportage: geef het getal uit de kolom Id van peil reports", rest[0])
	}
	db, err := m.openStoreDB(ctx, m.dbPath(*dbFlag), true)
	if err != nil {
		return err
	}
	what, err := removeReport(ctx, m, db, id, *by, *yes)
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "Verwijderd: %s. De beslissingen over haar cijfers blijven bewaard en gelden weer als dezelfde rapportage opnieuw wordt ingelezen.\n", what)
	return nil
}

// removeReport asks (unless yes) and removes report id from db; it returns
// the report in words.
func removeReport(ctx context.Context, m *Main, db *analytics.DB, id int64, by string, yes bool) (string, error) {
	reps, err := db.Reports(ctx)
	if err != nil {
		return "", err
	}
	i := slices.IndexFunc(reps, func(r peil.ReportSummary) bool { return r.ID == id })
	if i < 0 {
		return "", peil.Errorf(peil.ENOTFOUND, "rapportage %d bestaat niet (zie peil reports)", id)
	}
	r := reps[i]
	what := fmt.Sprintf("rapportage %d, %s (%s): %s, %s, %s", r.ID, plain(r.Title), peil.FormatDate(r.ReportDate),
		counted(r.Measures, "maatregel", "maatregelen"), counted(r.Figures, "cijfer", "cijfers"), counted(r.Events, "gebeurtenis", "gebeurtenissen"))
	if !yes {
		fmt.Fprintf(m.Stderr, "Verwijder %s? Typ ja om te bevestigen: ", what)
		answered := make(chan string, 1)
		go func() { // a terminal that never answers must not outlast Ctrl+C
			line, _ := bufio.NewReader(io.LimitReader(m.Stdin, 256)).ReadString('\n')
			answered <- line
		}()
		var line string
		select {
		case line = <-answered:
		case <-ctx.Done():
			return "", ctx.Err()
		}
		if answer := strings.ToLower(strings.TrimSpace(line)); answer != "ja" && answer != "j" {
			fmt.Fprintln(m.Stderr)
			return "", peil.Errorf(peil.EINVALID, "niets verwijderd: niet bevestigd (typ ja, of geef --yes)")
		}
	}
	if _, err := db.RemoveReport(ctx, id, by); err != nil {
		return "", err
	}
	return what, nil
}

// The helpers below are shared by the database commands (ingest, series,
// reports, import, export).

// listing holds the flags of the commands that read the database and print
// JSON or a table (reports, indicators, series).
type listing struct {
	flags  *flag.FlagSet
	db     *string
	format *string
}

// newListing returns the flag set of a listing command with --db and --format;
// the command may add its own flags before parse.
func (m *Main) newListing(name, usage string) *listing {
	fs := m.newFlagSet(name, usage)
	return &listing{
		flags:  fs,
		db:     fs.String("db", "", "`bestand` van de database (standaard: $PEIL_DB, anders peil.duckdb)"),
		format: fs.String("format", "table", "`formaat` van de uitvoer: json of table"),
	}
}

// openNoArgs parses args, which must hold flags only, and opens the database
// read-only.
func (c *listing) openNoArgs(ctx context.Context, m *Main, args []string) (*analytics.DB, error) {
	rest, err := c.parse(args)
	if err != nil {
		return nil, err
	}
	if err := noArgs(m, c.flags, rest); err != nil {
		return nil, err
	}
	return m.openReadDB(ctx, *c.db)
}

// parse parses args, checks --format and returns the positional arguments.
func (c *listing) parse(args []string) ([]string, error) {
	rest, err := parseInterspersed(c.flags, args)
	if err != nil {
		return nil, err
	}
	return rest, checkFormat(*c.format)
}

// parseInterspersed parses flags that may come before, between or after the
// positional arguments (peil series ID --format json) and returns the latter.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	for {
		if err := parseFlags(fs, args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return rest, nil
		}
		rest = append(rest, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// noArgs refuses positional arguments.
func noArgs(m *Main, fs *flag.FlagSet, rest []string) error {
	if len(rest) > 0 {
		fmt.Fprintf(m.Stderr, "%s: onverwacht argument %q\n", fs.Name(), rest[0])
		fs.Usage()
		return errUsage
	}
	return nil
}

// checkFormat accepts the output formats of the listing commands.
func checkFormat(f string) error {
	if f != "json" && f != "table" {
		return peil.Errorf(peil.EINVALID, "onbekend --format %q: kies json of table", f)
	}
	return nil
}

// openReadDB opens an existing database read-only.
func (m *Main) openReadDB(ctx context.Context, flagValue string) (*analytics.DB, error) {
	p := m.dbPath(flagValue)
	if _, err := os.Stat(p); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, &peil.Error{Code: peil.EINVALID, File: p,
				Message: "database bestaat niet; laad eerst rapportages met peil ingest --db " + p}
		}
		return nil, &peil.Error{Code: peil.EINVALID, File: p, Message: "kan de database niet openen", Err: err}
	}
	return m.openDB(ctx, p, analytics.Options{ReadOnly: true})
}

// writeJSON writes v as indented JSON.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
