package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"text/tabwriter"

	"github.com/peil-dev/peil"
	"github.com/peil-dev/peil/data"
	"github.com/peil-dev/peil/ingest"
)

func init() {
	register(command{
		name:    "extract",
		summary: "haal maatregelen, cijfers en gebeurtenissen uit rapportages, PDF of tekst (JSON of een tabel)",
		run:     runExtract,
	})
}

// runExtract implements peil extract [--report-date D] [--period-start D] [--format json|table] FILE...
func runExtract(ctx context.Context, m *Main, args []string) error {
	fs := m.newFlagSet("extract", "[--report-date JJJJ-MM-DD] [--period-start JJJJ-MM-DD] [--format json|table] BESTAND...")
	reportDate := fs.String("report-date", "", "`datum` van de rapportage, JJJJ-MM-DD (standaard: afgeleid uit de tekst, met een melding op stderr)")
	periodStart := fs.String("period-start", "", "`datum` waarop \"deze rapportageperiode\" begint, JJJJ-MM-DD (standaard: onbekend)")
	format := fs.String("format", "", "`formaat` van de uitvoer: json of table (standaard: table op een terminal, anders json)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	files := fs.Args()
	if len(files) == 0 {
		fmt.Fprintln(m.Stderr, "peil extract: geen BESTAND opgegeven (gebruik - voor standaardinvoer)")
		fs.Usage()
		return errUsage
	}
	opts := ingest.Options{Context: ctx, Notef: m.notef("extract")}
	var err error
	if opts.ReportDate, err = peil.ParseDate(*reportDate); err != nil {
		return peil.Errorf(peil.EINVALID, "--report-date: %v", err)
	}
	if opts.PeriodStart, err = peil.ParseDate(*periodStart); err != nil {
		return peil.Errorf(peil.EINVALID, "--period-start: %v", err)
	}
	switch *format {
	case "":
		*format = "json"
		if isTerminal(m.Stdout) {
			*format = "table"
		}
	case "json", "table":
	default:
		return peil.Errorf(peil.EINVALID, "--format %q: kies json of table", *format)
	}
	if opts.Catalog, err = data.Catalog(); err != nil {
		return fmt.Errorf("load catalog: %w", err)
	}
	for _, name := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		raw, err := m.readReport(ctx, name)
		if err != nil {
			return err
		}
		opts.File = name
		ext, err := ingest.Extract(raw, opts)
		if err != nil {
			return err
		}
		if *format == "table" {
			err = writeExtractTable(m.Stdout, ext)
		} else {
			err = writeExtractJSON(ctx, m.Stdout, ext, len(files) == 1)
		}
		if err != nil {
			return fmt.Errorf("write %s: %w", name, err)
		}
	}
	return nil
}

// readReport reads a report (PDF or text): the file name, or standard input
// for "-". It reads at most one byte more than ingest.MaxFileBytes, so that a
// huge input is refused by ingest.Extract without filling the memory first. A
// file that cannot be read, or is no regular file, is bad input; a read that
// does not end (a pipe) stops when ctx is done.
func (m *Main) readReport(ctx context.Context, name string) ([]byte, error) {
	r := m.Stdin
	if name != "-" {
		f, err := openInput(name)
		if err != nil {
			// Refused as no regular file: only extract reads a pipe.
			pe := (*peil.Error)(nil)
			if info, serr := os.Stat(name); serr == nil && !info.Mode().IsRegular() && errors.As(err, &pe) {
				pe.Message += " (of - voor standaardinvoer)"
			}
			return nil, err
		}
		defer f.Close()
		r = f
	}
	b, err := readAllContext(ctx, io.LimitReader(r, ingest.MaxFileBytes+1))
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	if err != nil {
		return nil, &peil.Error{Code: peil.EINVALID, File: name, Message: "kan het bestand niet lezen", Err: err}
	}
	return b, nil
}

// writeExtractJSON writes ext as one JSON object: indented when it is the only
// one, else on one line. The figures are written one at a time, and ctx is
// checked between them, so that a report of a hundred thousand figures is not
// held in memory as JSON too (its 300 MB of JSON had doubled the memory of
// peil extract), and Ctrl+C stops the writing.
func writeExtractJSON(ctx context.Context, w io.Writer, ext *peil.Extraction, indent bool) error {
	rest := *ext
	rest.Figures = nil
	var head bytes.Buffer
	enc := json.NewEncoder(&head)
	key, sep, openList, closeList := `"figures":null`, ",", "[", "]"
	if indent {
		enc.SetIndent("", "  ")
		key, sep, openList, closeList = `"figures": null`, ",\n    ", "[\n    ", "\n  ]"
	}
	if err := enc.Encode(&rest); err != nil {
		return err
	}
	// Only the top level has a key "figures", and JSON strings escape quotes.
	at := bytes.Index(head.Bytes(), []byte(key)) + len(key) - len("null")
	bw := bufio.NewWriter(w)
	bw.Write(head.Bytes()[:at])
	switch {
	case ext.Figures == nil:
		bw.WriteString("null")
	case len(ext.Figures) == 0:
		bw.WriteString("[]")
	default:
		bw.WriteString(openList)
		for i := range ext.Figures {
			if i%1000 == 999 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			var b []byte
			var err error
			if indent {
				b, err = json.MarshalIndent(&ext.Figures[i], "    ", "  ")
			} else {
				b, err = json.Marshal(&ext.Figures[i])
			}
			if err != nil {
				return err
			}
			if i > 0 {
				bw.WriteString(sep)
			}
			bw.Write(b)
		}
		bw.WriteString(closeList)
	}
	bw.Write(head.Bytes()[at+len("null"):])
	return bw.Flush()
}

// writeExtractTable writes ext for a person: the figures, then the events,
// with Dutch numbers and dates.
func writeExtractTable(w io.Writer, ext *peil.Extraction) error {
	r := ext.Report
	fmt.Fprintf(w, "%s — rapportagedatum %s — %d maatregelen, %d cijfers, %d gebeurtenissen\n\n",
		plain(r.File), dash(peil.FormatDate(r.ReportDate)), len(ext.Measures), len(ext.Figures), len(ext.Events))
	// A PDF gives pages: then a column Pagina beside Regel.
	paged := false
	for _, f := range ext.Figures {
		paged = paged || f.Page > 0
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	head := "Nr\tTekst\tWaarde\tKwalificatie\tSoort\tPeriode\tIndicator\tRegel\t"
	if paged {
		head += "Pagina\t"
	}
	fmt.Fprintln(tw, head+"Zin")
	for _, f := range ext.Figures {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t", f.Measure, plain(f.Text), peil.FormatNumber(f.Value),
			f.Qualifier.Dutch(), f.Kind.Dutch(), dash(peil.FormatPeriod(f.PeriodStart, f.PeriodEnd)), dash(string(f.Indicator)), f.Line)
		if paged {
			fmt.Fprintf(tw, "%s\t", dash(f.Page.Label()))
		}
		fmt.Fprintln(tw, plain(peil.Clip(f.Sentence, 60)))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(ext.Events) > 0 {
		fmt.Fprintln(w)
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "Nr\tDatum\tPrecisie\tSoort\tGebeurtenis")
		for _, e := range ext.Events {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", e.Measure, peil.FormatDate(e.Date), e.Precision.Dutch(), e.Type.Dutch(), plain(e.Label))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	_, err := fmt.Fprintln(w)
	return err
}
