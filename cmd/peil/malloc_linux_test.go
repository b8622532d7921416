//go:build linux && cgo

package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// peil ingest fixes the mmap threshold, so that a buffer of DuckDB's block
// size is served by mmap even after a bigger block was freed (which raises
// glibc's own threshold above it). The test first sets the threshold high,
// as glibc would have, so that only the ingest can bring it back.
func TestIngestFixesMmapThreshold(t *testing.T) {
	if !setMmapThreshold(32<<20) || bufferIsMmapped() {
		t.Fatal("a threshold of 32 MiB still served a 256 KB buffer with mmap: the test cannot tell")
	}
	var out, errOut bytes.Buffer
	m := &Main{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut, Getenv: func(string) string { return "" }}
	db := filepath.Join(t.TempDir(), "peil.duckdb")
	if code := m.Run(context.Background(), []string{"ingest", "--db", db, sampleDir}); code != exitOK {
		t.Fatalf("peil ingest = %d (stderr %q)", code, errOut.String())
	}
	if !bufferIsMmapped() {
		t.Fatal("after peil ingest a 256 KB buffer came from the heap: the mmap threshold was not fixed")
	}
}
