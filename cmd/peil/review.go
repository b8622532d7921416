package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/peil-dev/peil"
	"github.com/peil-dev/peil/analytics"
)

func init() {
	register(command{
		name:    "review",
		summary: "beoordeel de gevonden cijfers: toon de wachtrij, bevestig, wijs toe, corrigeer, wijs af, maak ongedaan",
		run:     runReview,
	})
}

const reviewUsage = `Subopdrachten:
  peil review [--db BESTAND] [--report ID] [--status open] [--format json|table]
  peil review confirm CIJFER...                       het cijfer klopt zoals het is
  peil review assign CIJFER INDICATOR                 het cijfer hoort bij deze indicator (leert de herkenningswoorden)
  peil review correct CIJFER [--value V] [--qualifier Q] [--kind K] [--period-start D] [--period-end D]
  peil review reject CIJFER --why "…"                 geen cijfer (een jaartal, een artikelnummer, …)
  peil review new-indicator CIJFER --id ID --label "…" [--unit U] [--kind K]
  peil review undo BESLISSING                         maak een beslissing ongedaan
  peil review decisions [--all] [--format json|table] de beslissingen (ook die hun cijfer kwijt zijn)

Elke beslissing heeft --db en --by (standaard: de gebruiker van het systeem) en is één transactie.
CIJFER is de id uit peil review; BESLISSING de id uit peil review decisions.
De opties van een subopdracht: peil review SUBOPDRACHT --help`

func runReview(ctx context.Context, m *Main, args []string) error {
	if len(args) > 0 {
		switch args[0] {
		case "help":
			return runReviewList(ctx, m, []string{"--help"})
		case "confirm", "assign", "correct", "reject", "new-indicator":
			return runDecide(ctx, m, args[0], args[1:])
		case "undo":
			return runUndo(ctx, m, args[1:])
		case "decisions":
			return runDecisions(ctx, m, args[1:])
		}
		if !strings.HasPrefix(args[0], "-") {
			fmt.Fprintf(m.Stderr, "peil review: onbekende subopdracht %q\n\n%s\n", args[0], reviewUsage)
			return errUsage
		}
	}
	return runReviewList(ctx, m, args)
}

func runReviewList(ctx context.Context, m *Main, args []string) error {
	c := m.newListing("review", "[--db BESTAND] [--report ID] [--status STATUS] [--format json|table]\n\n"+reviewUsage)
	report := c.flags.Int64("report", 0, "alleen de cijfers van deze `rapportage` (id uit peil reports)")
	status := c.flags.String("status", "", "alleen cijfers met deze `status`: auto, open, confirmed, corrected of rejected")
	db, err := c.openNoArgs(ctx, m, args)
	if err != nil {
		return err
	}
	defer db.Close()
	if *report != 0 {
		reps, err := db.Reports(ctx)
		if err != nil {
			return err
		}
		found := false
		for _, r := range reps {
			found = found || r.ID == *report
		}
		if !found {
			return peil.Errorf(peil.ENOTFOUND, "--report %d: deze rapportage bestaat niet (peil reports toont de ids)", *report)
		}
	}
	f := peil.ReviewFilter{Report: *report, Status: peil.ReviewStatus(*status)}
	out := bufio.NewWriter(m.Stdout)
	if *c.format == "json" {
		err = writeReviewJSON(ctx, out, db, f)
	} else {
		err = writeReviewTable(ctx, out, db, f)
	}
	if ferr := out.Flush(); err == nil {
		err = ferr
	}
	return err
}

// reviewPageSize is how many figures `peil review` reads from the queue at a
// time, so that neither DuckDB nor the command holds the whole queue (a
// variable, so that a test can lower it).
var reviewPageSize = 1000

// eachReviewItem calls fn with every figure of the queue that f selects, in
// the queue's order, read reviewPageSize at a time, and returns how many
// there were. Each page is read on its own: a write between two would shift
// the queue under the pages, but `peil review` opens the database read-only,
// which keeps every writer out while it runs.
func eachReviewItem(ctx context.Context, db *analytics.DB, f peil.ReviewFilter, fn func(*peil.ReviewItem) error) (int, error) {
	n := 0
	for {
		p, err := db.ReviewPage(ctx, f, peil.ReviewRange{Limit: reviewPageSize, Offset: n})
		if err != nil {
			return n, err
		}
		for i := range p.Items {
			if err := fn(&p.Items[i]); err != nil {
				return n, err
			}
			n++
		}
		if len(p.Items) == 0 || n >= p.Total {
			return n, nil
		}
	}
}

// writeReviewJSON writes the queue that f selects as one JSON array, item by
// item, byte for byte as writeJSON writes the whole slice. Nothing is
// written before the first page is read, so that an error there (an
// unknown status) leaves stdout empty.
func writeReviewJSON(ctx context.Context, w io.Writer, db *analytics.DB, f peil.ReviewFilter) error {
	sep := "[\n  "
	n, err := eachReviewItem(ctx, db, f, func(it *peil.ReviewItem) error {
		// writeJSON's indented array: each element on lines of its own,
		// indented one level, separated by a comma.
		b, err := json.MarshalIndent(it, "  ", "  ")
		if err != nil {
			return fmt.Errorf("review item %d as JSON: %w", it.ID, err)
		}
		if _, err := io.WriteString(w, sep); err != nil {
			return err
		}
		sep = ",\n  "
		_, err = w.Write(b)
		return err
	})
	if err != nil {
		return err
	}
	end := "\n]\n"
	if n == 0 {
		end = "[]\n"
	}
	_, err = io.WriteString(w, end)
	return err
}

// reviewHeader is the header row of the review table.
var reviewHeader = []string{"Id", "Rapport", "Mt", "Regel", "Waarde", "Tekst", "Indicator", "Score", "Status", "Door", "Alternatieven", "Zin"}

// reviewRow is the review table's row of it, one cell per reviewHeader.
func reviewRow(it *peil.ReviewItem) []string {
	var alts []string
	for _, a := range it.Alternatives {
		alts = append(alts, string(a.Indicator)+" "+peil.FormatNumber(a.Score))
	}
	ind := string(it.Indicator)
	if ind == "" {
		ind = "-"
	}
	value := peil.FormatValue(it.Value, it.Qualifier, it.Lower, it.Upper)
	if it.Original != nil && it.Original.Value != it.Value {
		value += " (was " + peil.FormatNumber(it.Original.Value) + ")"
	}
	return []string{strconv.FormatInt(it.ID, 10), strconv.FormatInt(it.Report, 10), strconv.Itoa(it.Measure), strconv.Itoa(it.Line),
		value, plain(it.Text), ind, peil.FormatNumber(it.Score), it.Status.Dutch(), plain(it.Reviewer), strings.Join(alts, ", "),
		plain(shorten(it.Sentence, 80))}
}

// writeReviewTable writes the queue that f selects as a table with a count
// per status below it, in two passes over the queue: the first measures
// the columns, the second writes the rows (see alignedColumns), so that
// neither pass holds more than a page.
func writeReviewTable(ctx context.Context, w io.Writer, db *analytics.DB, f peil.ReviewFilter) error {
	cols := newAlignedColumns(reviewHeader)
	n, err := eachReviewItem(ctx, db, f, func(it *peil.ReviewItem) error {
		cols.measure(reviewRow(it))
		return nil
	})
	if err != nil {
		return err
	}
	if n == 0 {
		_, err := fmt.Fprintln(w, "Geen cijfers.")
		return err
	}
	if err := cols.write(w, reviewHeader); err != nil {
		return err
	}
	counts := map[peil.ReviewStatus]int{}
	n, err = eachReviewItem(ctx, db, f, func(it *peil.ReviewItem) error {
		counts[it.Status]++
		return cols.write(w, reviewRow(it))
	})
	if err != nil {
		return err
	}
	var parts []string
	for _, s := range peil.ReviewStatuses {
		parts = append(parts, fmt.Sprintf("%d %s", counts[s], s.Dutch()))
	}
	_, err = fmt.Fprintf(w, "\n%s: %s\n", counted(n, "cijfer", "cijfers"), strings.Join(parts, ", "))
	return err
}

// alignedColumns lays out rows of cells as a text/tabwriter.Writer with
// minwidth 0, padding 2, padchar ' ' and no flags lays out the same rows
// written as cells ending in a tab, the last ending in a newline, and
// flushed at the end: every cell but the last of its row padded with spaces
// to its column's widest cell (in runes) plus 2. The widths are measured
// first, over every row, so that the rows can then be written one by one.
// The cells must hold no tab, newline, vertical tab, form feed or 0xff byte
// (tabwriter's escape), as plain's output does not.
type alignedColumns struct {
	widths []int // of each column but the last, its padding included
}

// newAlignedColumns returns the columns of a table with the given header
// row, measured.
func newAlignedColumns(header []string) *alignedColumns {
	c := &alignedColumns{widths: make([]int, len(header)-1)}
	c.measure(header)
	return c
}

// measure widens the columns to hold row.
func (c *alignedColumns) measure(row []string) {
	for j, cell := range row[:len(row)-1] {
		c.widths[j] = max(c.widths[j], utf8.RuneCountInString(cell)+2)
	}
}

// write writes row, its cells padded to the measured widths.
func (c *alignedColumns) write(w io.Writer, row []string) error {
	var b strings.Builder
	for j, cell := range row[:len(row)-1] {
		b.WriteString(cell)
		b.WriteString(strings.Repeat(" ", max(c.widths[j]-utf8.RuneCountInString(cell), 0)))
	}
	b.WriteString(row[len(row)-1])
	b.WriteByte('\n')
	_, err := io.WriteString(w, b.String())
	return err
}

// shorten cuts s to n runes with an ellipsis.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// figureID reads a figure or decision id argument.
func figureID(s, what string) (int64, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, peil.Errorf(peil.EINVALID, "%q is geen %s: geef het nummer uit peil review", s, what)
	}
	return id, nil
}

func runDecide(ctx context.Context, m *Main, action string, args []string) error {
	usage := map[string]string{
		"confirm":       "confirm CIJFER... [--db BESTAND] [--by NAAM]",
		"assign":        "assign CIJFER INDICATOR [--db BESTAND] [--by NAAM]",
		"correct":       "correct CIJFER [--value V] [--qualifier Q] [--kind K] [--period-start D] [--period-end D] [--db BESTAND] [--by NAAM]",
		"reject":        `reject CIJFER --why "…" [--db BESTAND] [--by NAAM]`,
		"new-indicator": `new-indicator CIJFER --id ID --label "…" [--label-en "…"] [--unit U] [--kind K] [--db BESTAND] [--by NAAM]`,
	}[action]
	flags := m.newFlagSet("review", usage)
	dbFlag := flags.String("db", "", "`bestand` van de database (standaard: $PEIL_DB, anders peil.duckdb)")
	by := byFlag(m, flags)
	why := flags.String("why", "", "`reden` (bij reject verplicht: waarom het geen cijfer is)")
	var d peil.Decision
	var newInd peil.Indicator
	switch action {
	case "correct":
		flags.Func("value", "de juiste `waarde` (386, 6,4 of 30.000)", func(s string) error {
			v, err := peil.ParseNumber(s)
			if err != nil {
				return err
			}
			d.Value = &v
			return nil
		})
		flags.Func("qualifier", "de juiste `kwalificatie`: exact, approx, at_least, more_than, at_most, range of vague", func(s string) error {
			q := peil.Qualifier(s)
			d.Qualifier = &q
			return nil
		})
		flags.Func("kind", "de juiste `soort`: stock, cumulative, flow, amount, rating of change", func(s string) error {
			k := peil.Kind(s)
			d.Kind = &k
			return nil
		})
		flags.Func("period-start", "het juiste begin van de periode, `JJJJ-MM-DD` (leeg: geen begin)", func(s string) error {
			v, err := peil.ParseDate(s)
			d.PeriodStart = &v
			return err
		})
		flags.Func("period-end", "het juiste einde van de periode, `JJJJ-MM-DD`", func(s string) error {
			v, err := peil.ParseDate(s)
			d.PeriodEnd = &v
			return err
		})
	case "new-indicator":
		flags.Func("id", "`id` van de nieuwe indicator: kleine letters, cijfers en _", func(s string) error { newInd.ID = peil.IndicatorID(s); return nil })
		flags.StringVar(&newInd.Label, "label", "", "Nederlandse `omschrijving`")
		flags.StringVar(&newInd.LabelEN, "label-en", "", "Engelse `omschrijving` (standaard: de Nederlandse)")
		flags.StringVar(&newInd.Unit, "unit", "", "`eenheid` (standaard: die van het cijfer)")
		flags.Func("kind", "`soort` (standaard: die van het cijfer)", func(s string) error { newInd.Kind = peil.Kind(s); return nil })
		flags.Func("cues", "herkenningswoorden, gescheiden door |", func(s string) error { newInd.Cues = peil.ParseCues(s); return nil })
	}
	rest, err := parseInterspersed(flags, args)
	if err != nil {
		return err
	}
	want := map[string]int{"assign": 2}[action]
	switch {
	case len(rest) == 0:
		return usageError(m, flags, "geef het nummer van het cijfer (peil review toont ze)")
	case want == 2 && len(rest) != 2:
		return usageError(m, flags, "geef het cijfer en de indicator: assign CIJFER INDICATOR")
	case want == 0 && action != "confirm" && len(rest) != 1:
		return usageError(m, flags, "geef één cijfer")
	}
	var decisions []peil.Decision
	figures := rest
	if action == "assign" {
		figures = rest[:1]
		d.Indicator = peil.IndicatorID(rest[1])
	}
	d.Action = peil.DecisionAction(strings.ReplaceAll(action, "-", "_"))
	d.By, d.Why = *by, *why
	if action == "new-indicator" {
		d.NewIndicator = &newInd
	}
	for _, s := range figures {
		id, err := figureID(s, "cijfer")
		if err != nil {
			return err
		}
		dd := d
		dd.Figure = id
		if err := dd.Validate(); err != nil {
			return err
		}
		decisions = append(decisions, dd)
	}
	db, err := m.openStoreDB(ctx, m.dbPath(*dbFlag), true)
	if err != nil {
		return err
	}
	err = decideAll(ctx, m, db, decisions)
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	return err
}

// decideAll checks that every figure exists, then applies the decisions, each
// in its own transaction, and says what each did.
func decideAll(ctx context.Context, m *Main, db *analytics.DB, ds []peil.Decision) error {
	for _, d := range ds {
		items, err := db.ReviewQueue(ctx, peil.ReviewFilter{Figure: d.Figure})
		if err != nil {
			return err
		}
		if len(items) == 0 {
			return peil.Errorf(peil.ENOTFOUND, "cijfer %d bestaat niet (peil review toont de nummers); niets gewijzigd", d.Figure)
		}
	}
	for _, d := range ds {
		res, err := db.Decide(ctx, d)
		if err != nil {
			return err
		}
		if res.Created != nil {
			fmt.Fprintf(m.Stdout, "indicator %s aangemaakt bij maatregel %d (%s, %s)\n", res.Created.ID, res.Created.Measure,
				res.Created.Unit, res.Created.Kind.Dutch())
		}
		f := res.Figure
		ind := string(f.Indicator)
		if ind == "" {
			ind = "geen indicator"
		}
		fmt.Fprintf(m.Stdout, "beslissing %d: cijfer %d (%s, %s) %s door %s\n", res.Decision.ID, f.ID, f.Text, ind, f.Status.Dutch(), f.Reviewer)
		for _, w := range res.Warnings {
			fmt.Fprintf(m.Stderr, "peil review: let op: %s\n", w)
		}
		if len(res.CuesAdded) > 0 {
			fmt.Fprintf(m.Stdout, "  %s herkent voortaan ook: %s\n", f.Indicator, strings.Join(res.CuesAdded, ", "))
		}
	}
	return nil
}

func runUndo(ctx context.Context, m *Main, args []string) error {
	flags := m.newFlagSet("review", "undo BESLISSING [--db BESTAND] [--by NAAM]")
	dbFlag := flags.String("db", "", "`bestand` van de database (standaard: $PEIL_DB, anders peil.duckdb)")
	by := byFlag(m, flags)
	rest, err := parseInterspersed(flags, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usageError(m, flags, "geef het nummer van één beslissing (peil review decisions toont ze)")
	}
	id, err := figureID(rest[0], "beslissing")
	if err != nil {
		return err
	}
	db, err := m.openStoreDB(ctx, m.dbPath(*dbFlag), true)
	if err != nil {
		return err
	}
	res, err := db.Undo(ctx, id, *by)
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if f := res.Figure; f != nil {
		fmt.Fprintf(m.Stdout, "beslissing %d ongedaan gemaakt: cijfer %d (%s) is weer %s\n", id, f.ID, f.Text, f.Status.Dutch())
	} else {
		fmt.Fprintf(m.Stdout, "beslissing %d ongedaan gemaakt (haar cijfer bestaat niet meer)\n", id)
	}
	if len(res.CuesRemoved) > 0 {
		fmt.Fprintf(m.Stdout, "  herkenningswoorden teruggenomen: %s\n", strings.Join(res.CuesRemoved, ", "))
	}
	return nil
}

func runDecisions(ctx context.Context, m *Main, args []string) error {
	c := m.newListing("review", "decisions [--all] [--db BESTAND] [--format json|table]")
	all := c.flags.Bool("all", false, "ook de ongedaan gemaakte beslissingen")
	db, err := c.openNoArgs(ctx, m, args)
	if err != nil {
		return err
	}
	defer db.Close()
	recs, err := db.Decisions(ctx, *all)
	if err != nil {
		return err
	}
	if *c.format == "json" {
		return writeJSON(m.Stdout, recs)
	}
	if len(recs) == 0 {
		fmt.Fprintln(m.Stdout, "Geen beslissingen.")
		return nil
	}
	tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "Id\tWanneer\tDoor\tBeslissing\tCijfer\tTekst\tIndicator\tWaarde\tStatus\tOpmerking")
	for _, r := range recs {
		fig := strconv.FormatInt(r.Figure, 10)
		if r.Figure == 0 {
			fig = "weg"
		}
		var notes []string
		if r.Figure == 0 {
			notes = append(notes, "cijfer niet meer gevonden (zin of tekst veranderd)")
		}
		if r.UndoneAt != nil {
			notes = append(notes, "ongedaan door "+r.UndoneBy)
		}
		if r.Why != "" {
			notes = append(notes, r.Why)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.ID, r.At.Format("2006-01-02 15:04"), plain(r.By), r.Action, fig,
			plain(r.Text), r.After.Indicator, peil.FormatNumber(r.After.Value), r.Status.Dutch(), plain(strings.Join(notes, "; ")))
	}
	return tw.Flush()
}
