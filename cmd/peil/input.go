package main

import (
	"context"
	"io"
	"os"

	"github.com/peil-dev/peil/ingest"
)

// openInput opens an input file for reading; anything that is not a regular
// file (a FIFO, a device, a socket) is refused before it is opened
// (ingest.OpenRegular).
func openInput(name string) (*os.File, error) {
	return ingest.OpenRegular(name, os.Stat, os.Open)
}

// checkExistingRegular refuses a path that exists and is not a regular file
// (a FIFO, a device, a directory): a file about to be opened or replaced. A
// path that does not exist passes; opening or creating it tells what is wrong.
func checkExistingRegular(name string) error {
	info, err := os.Stat(name)
	if err != nil {
		return nil
	}
	return ingest.CheckRegular(name, info)
}

// readAllContext reads r to its end, or until ctx is done: a read from a pipe
// or terminal that never ends then gives ctx's error instead of hanging. The
// reading goroutine stays blocked until r gives data or fails; the command
// that gave up on it ends soon after.
func readAllContext(ctx context.Context, r io.Reader) ([]byte, error) {
	type result struct {
		b   []byte
		err error
	}
	done := make(chan result, 1)
	go func() {
		b, err := io.ReadAll(r)
		done <- result{b, err}
	}()
	select {
	case res := <-done:
		return res.b, res.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}
