package analytics_test

import "os"

// tempDir makes a directory for the corpus database of the benchmarks. It is
// removed by TestMain's exit only when the OS cleans temp; benchmarks run
// rarely and the database is small.
func tempDir() (string, error) { return os.MkdirTemp("", "peil-bench-") }
