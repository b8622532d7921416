//go:build !linux || !cgo

package main

// fixMmapThreshold does nothing where the C library is not glibc's (see
// malloc_linux.go).
func fixMmapThreshold() {}
