//go:build linux && cgo

package main

/*
#include <malloc.h>
#include <stdlib.h>

// A buffer of DuckDB's block size, allocated after a bigger block was freed:
// reports whether glibc served it with mmap (so that freeing it returns it
// to the system). The pointers are volatile so that the compiler keeps each
// malloc. Used by the tests.
static int buffer_is_mmapped(void) {
	void *volatile big = malloc(4 << 20);
	free(big);
	struct mallinfo2 before = mallinfo2();
	void *volatile p = malloc(256 << 10);
	struct mallinfo2 after = mallinfo2();
	free(p);
	return after.hblkhd > before.hblkhd;
}
*/
import "C"

// ingestMmapThreshold is the size from which glibc serves an allocation with
// mmap during `peil ingest`: below DuckDB's 256 KB buffers.
const ingestMmapThreshold = 128 << 10

// fixMmapThreshold fixes glibc's mmap threshold at ingestMmapThreshold and
// reports whether glibc took it. glibc raises that threshold each time a
// block allocated with mmap is freed, after which DuckDB's buffers come from
// the heap and their memory stays with the process when DuckDB frees them; a
// long `peil ingest` then grows with the batch (BENCHMARKS.md, "Memory of
// `peil ingest`"). A fixed threshold keeps those buffers in mmap, returned to
// the system when freed.
func fixMmapThreshold() bool { return setMmapThreshold(ingestMmapThreshold) }

// setMmapThreshold sets glibc's mmap threshold to n bytes.
func setMmapThreshold(n int) bool { return C.mallopt(C.M_MMAP_THRESHOLD, C.int(n)) == 1 }

// bufferIsMmapped reports whether a 256 KB allocation made after a 4 MB one
// was freed comes from mmap, as fixMmapThreshold intends.
func bufferIsMmapped() bool { return C.buffer_is_mmapped() == 1 }
