//go:build linux && cgo

package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// peil ingest fixes the mmap threshold. The test first sets it to 32 MiB, as
// glibc's own adjustment may have, and after the ingest asks for 24 MiB:
// more than any free memory the heap can hold then (the test's own 16 MiB
// is less, and the ingest's big blocks were mmapped), so it comes from mmap
// only if the ingest lowered the threshold.
func TestIngestFixesMmapThreshold(t *testing.T) {
	if !setMmapThreshold(32<<20) || isMmapped(16<<20) {
		t.Fatal("a threshold of 32 MiB still served 16 MiB with mmap: the test cannot tell")
	}
	var out, errOut bytes.Buffer
	m := &Main{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut, Getenv: func(string) string { return "" }}
	db := filepath.Join(t.TempDir(), "peil.duckdb")
	if code := m.Run(context.Background(), []string{"ingest", "--db", db, sampleDir}); code != exitOK {
		t.Fatalf("peil ingest = %d (stderr %q)", code, errOut.String())
	}
	if !isMmapped(24 << 20) {
		t.Fatal("after peil ingest 24 MiB came from the heap: the mmap threshold was not fixed")
	}
}
