package corpusdb

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/peil-dev/peil/analytics"
)

// buildChildEnv makes TestFileKilledBuild the child that builds a corpus.
const buildChildEnv = "PEIL_CORPUSDB_BUILD_CHILD"

// A build of File that is killed leaves nothing at the final path that is
// not complete, and the next File builds the database whole instead of
// reusing a half-built one. The child process is killed as soon as its
// database file exists, wherever it is built.
func TestFileKilledBuild(t *testing.T) {
	const n = 40
	if os.Getenv(buildChildEnv) != "" {
		File(t, n)
		return
	}
	dir := t.TempDir()
	child := exec.Command(os.Args[0], "-test.run=^TestFileKilledBuild$")
	child.Env = append(os.Environ(), buildChildEnv+"=1", DirEnv+"="+dir)
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- child.Wait() }()
	name, final := fileName(n), filepath.Join(dir, fileName(n))
	for !fileUnder(t, dir, name) {
		select {
		case err := <-exited:
			t.Fatalf("the child exited (%v) before its database file was there", err)
		case <-time.After(5 * time.Millisecond):
		}
	}
	if err := child.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	<-exited

	if _, err := os.Stat(final); err == nil {
		if got := reportCount(t, final); got != n {
			t.Fatalf("after the build was killed, %s holds %d reports; want nothing there or all %d", name, got, n)
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
	t.Setenv(DirEnv, dir)
	path := File(t, n)
	if got := reportCount(t, path); got != n {
		t.Errorf("File after a killed build: %d reports; want %d", got, n)
	}
	if _, err := os.Stat(path + ".wal"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("File left a write-ahead log beside the database: %v", err)
	}
}

// fileUnder reports whether a file called name is in dir or a folder in it.
func fileUnder(t *testing.T, dir, name string) bool {
	t.Helper()
	found := false
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) { // removed while walking
				return nil
			}
			return err
		}
		if !d.IsDir() && d.Name() == name {
			found = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return found
}

// reportCount opens the database at path read-only and counts its reports.
func reportCount(t *testing.T, path string) int {
	t.Helper()
	ctx := context.Background()
	db, err := analytics.Open(ctx, path, analytics.Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	defer db.Close()
	reps, err := db.Reports(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return len(reps)
}
