package main

import (
	"context"
	"flag"
	"fmt"
	"strconv"

	"github.com/peil-dev/peil"
	"github.com/peil-dev/peil/data"
	"github.com/peil-dev/peil/internal/corpus"
)

func init() {
	register(command{
		name:    "gen-corpus",
		summary: "schrijf N kunstmatige rapportages met een manifest reports.csv in MAP (voor benchmarks)",
		hidden:  true, // test data for developers; peil help does not list it
		run:     runGenCorpus,
	})
}

func runGenCorpus(ctx context.Context, m *Main, args []string) error {
	flags := m.newFlagSet("gen-corpus", "N MAP [--seed S]")
	seed := flags.Uint64("seed", 1, "`startwaarde` voor het toeval; dezelfde waarde geeft dezelfde rapportages")
	rest, err := parseInterspersed(flags, args)
	if err != nil {
		return err
	}
	if len(rest) != 2 {
		return usageError(m, flags, "geef het aantal rapportages en een map")
	}
	n, err := strconv.Atoi(rest[0])
	if err != nil || n < 1 || n > 100_000 {
		return peil.Errorf(peil.EINVALID, "N = %q: geef een aantal rapportages van 1 tot en met 100000", rest[0])
	}
	cat, err := data.Catalog()
	if err != nil {
		return fmt.Errorf("load catalog: %w", err)
	}
	reports := corpus.Generate(cat, n, corpus.Options{Seed: *seed})
	if err := corpus.WriteDir(rest[1], reports); err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "%d rapportages geschreven naar %s (met reports.csv)\n", n, rest[1])
	return nil
}

// usageError prints a message and the usage of a command.
func usageError(m *Main, fs *flag.FlagSet, msg string) error {
	fmt.Fprintf(m.Stderr, "%s: %s\n", fs.Name(), msg)
	fs.Usage()
	return errUsage
}
