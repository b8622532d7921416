//go:build linux && cgo

package main

import "testing"

// The mmap threshold is fixed before main runs, so a buffer of DuckDB's
// block size is served by mmap even after a bigger block was freed (which
// would have raised glibc's own threshold above it).
func TestMmapThresholdSet(t *testing.T) {
	if !mmapThresholdSet {
		t.Fatal("mallopt(M_MMAP_THRESHOLD, 128 KiB) was refused")
	}
	if !bufferIsMmapped() {
		t.Fatal("a 256 KB buffer came from the heap after a 4 MB block was freed: the mmap threshold moved")
	}
}
