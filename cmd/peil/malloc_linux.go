//go:build linux && cgo

package main

/*
#include <malloc.h>
#include <stdlib.h>

// Reports whether glibc serves an allocation of n bytes with mmap. The
// pointer is volatile so that the compiler keeps the malloc. Used by the
// tests.
static int is_mmapped(size_t n) {
	struct mallinfo2 before = mallinfo2();
	void *volatile p = malloc(n);
	struct mallinfo2 after = mallinfo2();
	free(p);
	return after.hblkhd > before.hblkhd;
}
*/
import "C"

// ingestMmapThreshold is the size from which glibc serves an allocation with
// mmap during `peil ingest`: below DuckDB's 256 KB buffers.
const ingestMmapThreshold = 128 << 10

// fixMmapThreshold fixes glibc's mmap threshold at ingestMmapThreshold.
// glibc raises that threshold each time a block allocated with mmap is
// freed, after which DuckDB's buffers come from the heap and their memory
// stays with the process when DuckDB frees them; a long `peil ingest` then
// grows with the batch (BENCHMARKS.md, "Memory of `peil ingest`"). A fixed
// threshold keeps those buffers in mmap, returned to the system when freed.
func fixMmapThreshold() { setMmapThreshold(ingestMmapThreshold) }

// setMmapThreshold sets glibc's mmap threshold to n bytes and reports
// whether glibc took it.
func setMmapThreshold(n int) bool { return C.mallopt(C.M_MMAP_THRESHOLD, C.int(n)) == 1 }

// isMmapped reports whether glibc serves an allocation of n bytes with mmap
// (an allocation the heap's free memory cannot hold: below the threshold it
// may come from there).
func isMmapped(n int) bool { return C.is_mmapped(C.size_t(n)) == 1 }
