// Package officetest runs LibreOffice headless for tests that check what an
// office suite makes of our files (workbooks opened by Calc) or makes for us
// (a report table turned into a PDF by Writer).
package officetest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Program returns the LibreOffice program. Under CI=true it must be there
// (.ci/run installs Calc and Writer); elsewhere the test is skipped without it.
func Program(t testing.TB) string {
	t.Helper()
	for _, name := range []string{"libreoffice", "soffice"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("libreoffice is not installed (.ci/run installs libreoffice-calc-nogui and libreoffice-writer-nogui)")
	}
	t.Skip("libreoffice is not installed; install libreoffice-calc-nogui and libreoffice-writer-nogui to run this test")
	return ""
}

// Convert converts file with LibreOffice (--convert-to to) into a folder of
// dir named after the target format, using a profile of its own in dir, and
// returns that folder.
func Convert(t testing.TB, dir, file, to string) string {
	t.Helper()
	soffice := Program(t)
	out := filepath.Join(dir, "out-"+strings.SplitN(to, ":", 2)[0])
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, soffice, "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--headless", "--norestore", "--convert-to", to, "--outdir", out, file)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("libreoffice --convert-to %s: %v\n%s", to, err, b)
	}
	return out
}
