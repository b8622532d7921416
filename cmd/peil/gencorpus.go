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
		summary: "write N synthetic reports with a reports.csv manifest into DIR (for benchmarks)",
		run:     runGenCorpus,
	})
}

func runGenCorpus(ctx context.Context, m *Main, args []string) error {
	flags := m.newFlagSet("gen-corpus", "N DIR [--seed S]")
	seed := flags.Uint64("seed", 1, "random seed; the same seed gives the same corpus")
	rest, err := parseInterspersed(flags, args)
	if err != nil {
		return err
	}
	if len(rest) != 2 {
		return usageError(m, flags, "give the number of reports and a folder")
	}
	n, err := strconv.Atoi(rest[0])
	if err != nil || n < 1 || n > 100_000 {
		return peil.Errorf(peil.EINVALID, "N = %q: want a number of reports from 1 to 100000", rest[0])
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
