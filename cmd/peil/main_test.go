package main

import (
	"bytes"
	"errors"
	"flag"
	"strings"
	"testing"
)

// englishHelp are phrases of the flag package and of the old English help;
// none may show in what a person reads.
var englishHelp = []string{"Usage", "Flags:", "Commands:", "(default", "default:", " or ", "flag provided", "Run '"}

func TestHelpIsDutch(t *testing.T) {
	code, out, _ := storeRun(t, "help")
	if code != exitOK {
		t.Errorf("peil help = %d; want %d", code, exitOK)
	}
	for _, want := range []string{"Gebruik: peil OPDRACHT [opties] [argumenten]", "Opdrachten:", "peil OPDRACHT --help"} {
		if !strings.Contains(out, want) {
			t.Errorf("peil help lacks %q:\n%s", want, out)
		}
	}
	for name, c := range commands {
		if listed := strings.Contains(out, c.summary); listed == c.hidden {
			t.Errorf("peil help lists %s: %v; want %v (hidden commands are for developers)", name, listed, !c.hidden)
		}
		code, _, errOut := storeRun(t, name, "--help")
		if code != exitOK {
			t.Errorf("peil %s --help = %d; want %d", name, code, exitOK)
		}
		if want := "Gebruik: peil " + name + " "; !strings.Contains(errOut, want) || !strings.Contains(errOut, "Opties:") {
			t.Errorf("peil %s --help = %q; want %q and Opties:", name, errOut, want)
		}
		for _, en := range englishHelp {
			if strings.Contains(out, en) || strings.Contains(errOut, en) {
				t.Errorf("peil %s --help shows English %q:\n%s", name, en, errOut)
			}
		}
	}
}

func TestHelpDefaults(t *testing.T) {
	_, _, errOut := storeRun(t, "series", "--help")
	for _, want := range []string{"-format formaat", "(standaard: table)", "-db bestand"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("peil series --help lacks %q:\n%s", want, errOut)
		}
	}
}

func TestUnknownCommand(t *testing.T) {
	code, _, errOut := storeRun(t, "importeer")
	if code != exitInvalid || !strings.Contains(errOut, `peil: onbekende opdracht "importeer"`) || !strings.Contains(errOut, "Gebruik:") {
		t.Errorf("peil importeer = %d, %q; want %d with the Dutch message and the usage", code, errOut, exitInvalid)
	}
}

func TestFlagErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"reports", "--formaat", "json"}, "peil reports: onbekende optie -formaat"},
		{[]string{"reports", "--db"}, "peil reports: optie zonder waarde: -db"},
		{[]string{"export", "--measure", "zeven"}, `peil export: ongeldige waarde "zeven" voor optie -measure`},
		{[]string{"gen-corpus", "--seed", "-1", "1", "x"}, `peil gen-corpus: ongeldige waarde "-1" voor optie -seed`},
	}
	for _, tt := range tests {
		code, out, errOut := storeRun(t, tt.args...)
		if code != exitInvalid || out != "" || !strings.Contains(errOut, tt.want) || !strings.Contains(errOut, "Gebruik:") {
			t.Errorf("peil %s = %d, %q, %q; want %d with %q and the usage", strings.Join(tt.args, " "), code, out, errOut, exitInvalid, tt.want)
		}
		for _, en := range englishHelp {
			if strings.Contains(errOut, en) {
				t.Errorf("peil %s shows English %q: %s", strings.Join(tt.args, " "), en, errOut)
			}
		}
	}
}

func TestFlagErrorNL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"flag provided but not defined: -x", "onbekende optie -x"},
		{"flag needs an argument: -db", "optie zonder waarde: -db"},
		{"bad flag syntax: ---x", "onjuiste optie: ---x"},
		{`invalid value "a" for flag -measure: parse error`, `ongeldige waarde "a" voor optie -measure`},
		{`invalid boolean value "ja" for -v: parse error`, `ongeldige waarde "ja" voor optie -v (geef true of false)`},
		{"iets anders", "iets anders"},
	}
	for _, tt := range tests {
		if got := flagErrorNL(errors.New(tt.in)); got != tt.want {
			t.Errorf("flagErrorNL(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

// TestFlagErrorsKnown checks that flagErrorNL still recognises the errors of
// the flag package in this Go version.
func TestFlagErrorsKnown(t *testing.T) {
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	fs.SetOutput(&bytes.Buffer{})
	fs.Int("n", 0, "")
	fs.String("s", "", "")
	for _, args := range [][]string{{"-onbekend"}, {"-s"}, {"-n", "a"}, {"---x"}} {
		err := fs.Parse(args)
		if err == nil {
			t.Fatalf("Parse(%q) succeeded", args)
		}
		if got := flagErrorNL(err); got == err.Error() {
			t.Errorf("flagErrorNL(%q) left it in English", err)
		}
	}
}
