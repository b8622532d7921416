//go:build !race

package ingest

// raceEnabled says the tests run under the race detector, whose sync.Pool
// drops items at random: allocation counts are not the code's then.
const raceEnabled = false
