//go:build linux

package main

import (
	"bytes"
	"context"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"unsafe"
)

// openPTY opens a pseudo-terminal and returns its terminal side, which
// term.IsTerminal recognises as a terminal as it would a user's.
func openPTY(t *testing.T) *os.File {
	t.Helper()
	master, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	t.Cleanup(func() { master.Close() })
	unlock := 0
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, master.Fd(), syscall.TIOCSPTLCK, uintptr(unsafe.Pointer(&unlock))); e != 0 {
		t.Fatalf("unlock pty: %v", e)
	}
	var n uint32
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, master.Fd(), syscall.TIOCGPTN, uintptr(unsafe.Pointer(&n))); e != 0 {
		t.Fatalf("pty number: %v", e)
	}
	tty, err := os.OpenFile("/dev/pts/"+strconv.Itoa(int(n)), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatalf("open pty: %v", err)
	}
	t.Cleanup(func() { tty.Close() })
	return tty
}

// TestExportXLSXRefusesTerminal checks that peil export --format xlsx does not
// write a zip file onto a terminal: exit 2 with a Dutch hint, nothing written.
func TestExportXLSXRefusesTerminal(t *testing.T) {
	db := storeSampleDB(t)
	tty := openPTY(t)
	var errOut bytes.Buffer
	m := &Main{Stdin: strings.NewReader(""), Stdout: tty, Stderr: &errOut, Getenv: func(string) string { return "" }}
	code := m.Run(context.Background(), []string{"export", "--format", "xlsx", "--db", db})
	if code != exitInvalid || !strings.Contains(errOut.String(), "hoort niet op de terminal") || !strings.Contains(errOut.String(), "-o peil.xlsx") {
		t.Errorf("peil export --format xlsx on a terminal = %d, %q; want 2 and a hint to use -o", code, errOut.String())
	}
	// CSV is text: it may go to a terminal.
	errOut.Reset()
	if code := m.Run(context.Background(), []string{"export", "--format", "csv", "--db", db, "--measure", "7"}); code != exitOK {
		t.Errorf("peil export --format csv on a terminal = %d, %q; want 0", code, errOut.String())
	}
}

// TestVersion checks peil --version: one line naming peil and the Go version.
func TestVersion(t *testing.T) {
	for _, flag := range []string{"--version", "-version"} {
		var out, errOut bytes.Buffer
		m := &Main{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut, Getenv: func(string) string { return "" }}
		code := m.Run(context.Background(), []string{flag})
		line := strings.TrimSpace(out.String())
		if code != exitOK || !strings.HasPrefix(line, "peil ") || !strings.Contains(line, "go1.") || strings.Contains(line, "\n") || errOut.Len() != 0 {
			t.Errorf("peil %s = %d, %q, %q; want 0 and one line with the Go version", flag, code, line, errOut.String())
		}
	}
}
