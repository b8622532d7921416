package peil_test

import (
	"bufio"
	"bytes"
	"os/exec"
	"strings"
	"testing"
)

// TestImportRule checks the layout's import rule with go list's Deps (the
// transitive imports as built, without tests): the domain (this package)
// depends on no other package of the module; every other package outside cmd
// and internal (ingest, imports, analytics, export, charts, data, server, and
// their subpackages) depends on the domain, internal packages, its own
// subpackages and third-party modules only, never on another of them. So
// cmd/peil is the one place that wires them together.
func TestImportRule(t *testing.T) {
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to list the packages: %v", err)
	}
	cmd := exec.Command(gobin, "list", "-f", "{{.ImportPath}}{{range .Deps}} {{.}}{{end}}", "./...")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.String())
	}
	mod := "github.com/peil-dev/peil"
	// group names what a package of the module belongs to: "" for the
	// domain, the first path element for the rest (cmd and internal too).
	group := func(pkg string) (string, bool) {
		if pkg == mod {
			return "", true
		}
		rest, ok := strings.CutPrefix(pkg, mod+"/")
		if !ok {
			return "", false // the standard library or a third-party module
		}
		first, _, _ := strings.Cut(rest, "/")
		return first, true
	}
	checked := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		pkg, deps := fields[0], fields[1:]
		g, _ := group(pkg)
		if g == "cmd" || g == "internal" {
			continue
		}
		checked[g] = true
		for _, d := range deps {
			dg, ours := group(d)
			if !ours {
				continue
			}
			switch {
			case g == "" && d != mod:
				t.Errorf("%s (the domain) depends on %s; the domain depends on no package of Peil", pkg, d)
			case g == "" || dg == "" || dg == g || dg == "internal":
			default:
				t.Errorf("%s depends on %s: only cmd/peil may wire %s and %s together", pkg, d, g, dg)
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	// The rule must have been applied to the packages it is about.
	for _, g := range []string{"", "ingest", "imports", "analytics", "export", "charts", "data", "server"} {
		if !checked[g] {
			t.Errorf("go list did not list the package group %q", g)
		}
	}
}
