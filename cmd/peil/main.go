// Command peil extracts figures from progress reports on the Integrale Aanpak
// Jihadisme, stores them in DuckDB and serves them as charts and workbooks.
//
// Usage: peil COMMAND [flags] [args]; peil help lists the commands. Everything
// a person reads (summaries, --help, notes, messages) is Dutch.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"sort"
	"strings"
	"syscall"
	"unicode/utf8"

	"golang.org/x/term"

	"github.com/peil-dev/peil"
	"github.com/peil-dev/peil/analytics"
	"github.com/peil-dev/peil/ingest"
	"github.com/peil-dev/peil/ingest/pdf"
)

// Exit statuses.
const (
	exitOK       = 0
	exitError    = 1 // something went wrong while working
	exitInvalid  = 2 // bad usage or bad input, also asking for what does not exist
	exitCanceled = 130
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	m := NewMain()
	code := m.Run(ctx, os.Args[1:])
	stop()
	pdf.Close()
	os.Exit(code)
}

// Main is the program: its streams and environment, so that tests can run every
// command through the same wiring as production.
type Main struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string

	dbMemory string // the memory limit openDB gave DuckDB last, for the out-of-memory hint
}

// NewMain returns a Main on the process's streams and environment.
func NewMain() *Main {
	return &Main{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}
}

// command is one subcommand. Each lives in its own file and registers itself.
type command struct {
	name    string
	summary string // one line, Dutch
	hidden  bool   // a developer's command: runs, but is not listed by peil help
	run     func(ctx context.Context, m *Main, args []string) error
}

var commands = map[string]command{}

func register(c command) { commands[c.name] = c }

// Run runs the command line args and returns the exit status.
func (m *Main) Run(ctx context.Context, args []string) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		m.usage(m.Stdout)
		if len(args) == 0 {
			return exitInvalid
		}
		return exitOK
	}
	if args[0] == "--version" || args[0] == "-version" {
		fmt.Fprintln(m.Stdout, versionLine())
		return exitOK
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(m.Stderr, "peil: onbekende opdracht %q\n\n", args[0])
		m.usage(m.Stderr)
		return exitInvalid
	}
	err := c.run(ctx, m, args[1:])
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.Is(err, errUsage):
		return exitInvalid
	case ctx.Err() != nil:
		fmt.Fprintf(m.Stderr, "peil %s: onderbroken\n", c.name)
		return exitCanceled
	}
	// A *peil.Error is written for people (in Dutch, with file and line);
	// the operations wrapped around it are context for developers.
	// DuckDB's own errors are English: a Dutch sentence says what failed,
	// followed by the operations and DuckDB's text.
	var pe *peil.Error
	switch {
	case errors.As(err, &pe):
		fmt.Fprintf(m.Stderr, "peil %s: %s\n", c.name, plainLines(pe.Error()))
	case analytics.DescribeError(err) != "":
		fmt.Fprintf(m.Stderr, "peil %s: %s (%s)\n", c.name, analytics.DescribeError(err), plainLines(err.Error()))
	default:
		fmt.Fprintf(m.Stderr, "peil %s: %s\n", c.name, plainLines(err.Error()))
	}
	if analytics.IsOutOfMemory(err) {
		fmt.Fprintf(m.Stderr, "peil %s: DuckDB heeft te weinig geheugen aan %s; geef meer met PEIL_DB_MEMORY, "+
			"bijvoorbeeld PEIL_DB_MEMORY=1GB\n", c.name, m.dbMemory)
	}
	// Bad input, and asking for something that does not exist, exit 2.
	if code := peil.ErrorCode(err); code == peil.EINVALID || code == peil.ENOTFOUND {
		return exitInvalid
	}
	return exitError
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// versionLine is what peil --version prints: the module version, the
// commit it was built from (with "+gewijzigd" for uncommitted changes) and
// the Go version, from the build information Go embeds.
func versionLine() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "peil (versie onbekend)"
	}
	version := info.Main.Version
	if version == "" || version == "(devel)" {
		version = "ontwikkelversie"
	}
	var rev, when, dirty string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			when = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = "+gewijzigd"
			}
		}
	}
	line := "peil " + version
	if rev != "" {
		line += " (commit " + rev[:min(12, len(rev))] + dirty
		if when != "" {
			line += " van " + when
		}
		line += ")"
	}
	return line + ", " + info.GoVersion
}

func (m *Main) usage(w io.Writer) {
	fmt.Fprintln(w, "Gebruik: peil OPDRACHT [opties] [argumenten]")
	fmt.Fprintln(w, "\nOpdrachten:")
	names := make([]string, 0, len(commands))
	for n, c := range commands {
		if !c.hidden {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-12s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\nDe opties van een opdracht: peil OPDRACHT --help; de versie: peil --version")
}

// errUsage marks an error whose message has been printed with the usage already.
var errUsage = errors.New("usage")

// newFlagSet returns a flag set for a command whose --help prints the usage line,
// the summary and the flags, in Dutch.
func (m *Main) newFlagSet(name, usage string) *flag.FlagSet {
	fs := flag.NewFlagSet("peil "+name, flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Gebruik: peil %s %s\n\n%s\n\nOpties:\n", name, usage, commands[name].summary)
		printFlags(fs)
	}
	return fs
}

// printFlags lists the flags of fs like flag.PrintDefaults, with the default
// value in Dutch: "(standaard: table)".
func printFlags(fs *flag.FlagSet) {
	fs.VisitAll(func(f *flag.Flag) {
		arg, usage := flag.UnquoteUsage(f)
		line := "  -" + f.Name
		if arg != "" {
			line += " " + arg
		}
		line += "\n    \t" + strings.ReplaceAll(usage, "\n", "\n    \t")
		if f.DefValue != "" && f.DefValue != "0" && f.DefValue != "false" {
			line += " (standaard: " + f.DefValue + ")"
		}
		fmt.Fprintln(fs.Output(), line)
	})
}

// parseFlags parses args, mapping parse errors to errUsage (after printing them
// in Dutch with the usage) and --help to flag.ErrHelp.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := checkOptionText(fs, args); err != nil {
		return err
	}
	out := fs.Output()
	fs.SetOutput(io.Discard) // the flag package's own messages are English
	err := fs.Parse(args)
	fs.SetOutput(out)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, flag.ErrHelp):
		fs.Usage()
		return err
	}
	fmt.Fprintf(out, "%s: %s\n", fs.Name(), flagErrorNL(err))
	fs.Usage()
	return errUsage
}

// pathFlags are the options whose value is a file name, which may be any
// bytes; every other option's value is text.
var pathFlags = map[string]bool{"db": true, "o": true, "tls-cert": true, "tls-key": true}

// checkOptionText refuses an option of fs in args whose text is not UTF-8
// (typed in a terminal set to another encoding): stored, DuckDB would refuse
// it with an English error after the database was opened. File names
// (pathFlags, and the arguments that are no option) may be any bytes.
func checkOptionText(fs *flag.FlagSet, args []string) error {
	for i := 0; i < len(args); i++ {
		arg := args[i]
		if arg == "--" {
			return nil
		}
		if len(arg) < 2 || arg[0] != '-' {
			continue
		}
		name, value, inline := strings.Cut(strings.TrimLeft(arg, "-"), "=")
		f := fs.Lookup(name)
		if f == nil {
			continue
		}
		if !inline {
			if b, ok := f.Value.(interface{ IsBoolFlag() bool }); (ok && b.IsBoolFlag()) || i+1 == len(args) {
				continue
			}
			i++
			value = args[i]
		}
		if !pathFlags[name] && !utf8.ValidString(value) {
			return peil.Errorf(peil.EINVALID, "optie --%s: %q is geen geldige UTF-8; stel de terminal in op UTF-8", name, value)
		}
	}
	return nil
}

// flagErrorNL says in Dutch what the flag package's parse error err says.
func flagErrorNL(err error) string {
	msg := err.Error()
	for _, t := range []struct{ en, nl string }{
		{"flag provided but not defined: ", "onbekende optie "},
		{"flag needs an argument: ", "optie zonder waarde: "},
		{"bad flag syntax: ", "onjuiste optie: "},
	} {
		if rest, ok := strings.CutPrefix(msg, t.en); ok {
			return t.nl + rest
		}
	}
	if rest, ok := strings.CutPrefix(msg, "invalid value "); ok {
		if value, flagName, ok := strings.Cut(rest, " for flag "); ok {
			flagName, reason, _ := strings.Cut(flagName, ": ")
			msg := "ongeldige waarde " + value + " voor optie " + flagName
			if reason != "" && !strings.Contains(reason, "parse error") && !strings.Contains(reason, "strconv.") {
				msg += ": " + reason // a Dutch reason from a flag.Func
			}
			return msg
		}
	}
	if rest, ok := strings.CutPrefix(msg, "invalid boolean value "); ok {
		if value, flagName, ok := strings.Cut(rest, " for "); ok {
			flagName, _, _ = strings.Cut(flagName, ":")
			return "ongeldige waarde " + value + " voor optie " + flagName + " (geef true of false)"
		}
	}
	return msg
}

// openDB opens the database at path with opts and DuckDB's memory limit from
// $PEIL_DB_MEMORY (when unset, opts.MemoryLimit, and when that is empty
// analytics.DefaultMemoryLimit), and ingest's derived values.
// A path that exists and is no regular file (a FIFO, a device) is refused.
func (m *Main) openDB(ctx context.Context, path string, opts analytics.Options) (*analytics.DB, error) {
	if path != "" {
		if err := checkExistingRegular(path); err != nil {
			return nil, err
		}
	}
	if limit := m.Getenv("PEIL_DB_MEMORY"); limit != "" {
		opts.MemoryLimit = limit
	}
	if opts.MemoryLimit == "" {
		opts.MemoryLimit = analytics.DefaultMemoryLimit
	}
	m.dbMemory = opts.MemoryLimit
	opts.Derive = ingest.Derive
	return analytics.Open(ctx, path, opts)
}

// dbPath returns the database file: the flag value, else $PEIL_DB, else peil.duckdb.
func (m *Main) dbPath(flagValue string) string {
	if flagValue != "" {
		return flagValue
	}
	if v := m.Getenv("PEIL_DB"); v != "" {
		return v
	}
	return "peil.duckdb"
}
