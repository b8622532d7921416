package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// runGuarded runs peil with args and fails the test, instead of hanging the
// whole run, when the command does not return.
func runGuarded(t *testing.T, ctx context.Context, stdin io.Reader, args ...string) (int, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	m := &Main{Stdin: stdin, Stdout: &out, Stderr: &errOut, Getenv: func(string) string { return "" }}
	done := make(chan int, 1)
	go func() { done <- m.Run(ctx, args) }()
	select {
	case code := <-done:
		return code, errOut.String()
	case <-time.After(time.Minute):
		t.Fatalf("peil %s did not return", strings.Join(args, " "))
		return 0, ""
	}
}

// mkfifo makes a FIFO called name in dir and returns its path.
func mkfifo(t *testing.T, dir, name string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := syscall.Mkfifo(p, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	return p
}

// A FIFO as report, as reports.csv, inside a folder and as import file is
// refused with a message naming it and exit 2 (before, opening it waited for
// a writer forever and ignored SIGINT).
func TestInputFIFORefused(t *testing.T) {
	fifo := func(dir, name string) string { return mkfifo(t, dir, name) }
	db := filepath.Join(t.TempDir(), "peil.duckdb")

	single := fifo(t.TempDir(), "f.txt")
	inFolder := copySample(t, "")
	inFolderFIFO := fifo(inFolder, "extra.txt")
	manifestDir := t.TempDir()
	sample, err := os.ReadFile(extractSample)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(manifestDir, "rapport.txt"), sample, 0o644); err != nil {
		t.Fatal(err)
	}
	manifest := fifo(manifestDir, "reports.csv")
	importFIFO := fifo(t.TempDir(), "waarden.csv")

	for _, tt := range []struct {
		args []string
		file string
	}{
		{[]string{"extract", single}, single},
		{[]string{"ingest", "--db", db, single}, single},
		{[]string{"ingest", "--db", db, inFolder}, inFolderFIFO},
		{[]string{"ingest", "--db", db, manifestDir}, manifest},
		{[]string{"import", "--db", db, importFIFO}, importFIFO},
	} {
		code, errOut := runGuarded(t, context.Background(), strings.NewReader(""), tt.args...)
		if code != exitInvalid || !strings.Contains(errOut, tt.file+": dit is een FIFO") {
			t.Errorf("peil %s = %d, %q; want 2 and a message that %s is a FIFO", strings.Join(tt.args, " "), code, errOut, tt.file)
		}
		// Only extract reads standard input: the others must not offer "-".
		if offers := strings.Contains(errOut, "- voor standaardinvoer"); offers != (tt.args[0] == "extract") {
			t.Errorf("peil %s: %q; offers - for standard input: %v, want %v", strings.Join(tt.args, " "), errOut, offers, !offers)
		}
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Errorf("refused input created the database (%v)", err)
	}
}

// A FIFO as --db is refused before DuckDB opens it, for reading and for
// ingest.
func TestDBFIFORefused(t *testing.T) {
	db := mkfifo(t, t.TempDir(), "peil.duckdb")
	for _, args := range [][]string{{"reports", "--db", db}, {"ingest", "--db", db, sampleDir}} {
		code, errOut := runGuarded(t, context.Background(), strings.NewReader(""), args...)
		if code != exitInvalid || !strings.Contains(errOut, db+": dit is een FIFO") {
			t.Errorf("peil %s = %d, %q; want 2 and a message that %s is a FIFO", strings.Join(args, " "), code, errOut, db)
		}
	}
	if info, err := os.Lstat(db); err != nil || info.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("the FIFO was replaced (%v, %v)", info, err)
	}
}

// A device is refused like a FIFO: /dev/zero would otherwise be read up to
// the size limit.
func TestInputDeviceRefused(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero")
	}
	code, errOut := runGuarded(t, context.Background(), strings.NewReader(""), "extract", "/dev/zero")
	if code != exitInvalid || !strings.Contains(errOut, "/dev/zero: dit is een apparaat") {
		t.Errorf("peil extract /dev/zero = %d, %q; want 2 and a message that it is a device", code, errOut)
	}
}

// Reading standard input that never ends stops on SIGINT (the canceled
// context): exit 130 and "onderbroken".
func TestExtractStdinHonoursCancel(t *testing.T) {
	r, w := io.Pipe()
	defer w.Close()
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		w.Write([]byte("Een regel zonder einde"))
		cancel()
	}()
	code, errOut := runGuarded(t, ctx, r, "extract", "-")
	if code != exitCanceled || !strings.Contains(errOut, "onderbroken") {
		t.Errorf("peil extract - canceled = %d, %q; want 130 and onderbroken", code, errOut)
	}
}

// A missing input, and "-" where only extract reads standard input, are said
// in Dutch with exit 2 and leave no database behind.
func TestInputMissing(t *testing.T) {
	dir := t.TempDir()
	db, missing := filepath.Join(dir, "peil.duckdb"), filepath.Join(dir, "weg.txt")
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"extract", missing}, missing + ": kan het bestand niet lezen: bestaat niet"},
		{[]string{"ingest", "--db", db, missing}, missing + ": kan het niet lezen: bestaat niet"},
		{[]string{"import", "--db", db, missing}, missing + ": kan het bestand niet lezen: bestaat niet"},
		{[]string{"ingest", "--db", db, "-"}, "-: standaardinvoer wordt hier niet gelezen"},
	} {
		code, errOut := runGuarded(t, context.Background(), strings.NewReader(""), tt.args...)
		if code != exitInvalid || !strings.Contains(errOut, tt.want) || strings.Contains(errOut, "no such file") {
			t.Errorf("peil %s = %d, %q; want 2 and %q", strings.Join(tt.args, " "), code, errOut, tt.want)
		}
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Errorf("refused input created the database (%v)", err)
	}
}
