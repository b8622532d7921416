package peil

import (
	"errors"
	"io"
	"testing"
)

func TestWrap(t *testing.T) {
	var err error
	Wrap(&err, "report %d", 3)
	if err != nil {
		t.Fatalf("Wrap(nil) = %v; want nil", err)
	}
	err = io.EOF
	Wrap(&err, "report %d", 3)
	if got, want := err.Error(), "report 3: EOF"; got != want || !errors.Is(err, io.EOF) {
		t.Errorf("Wrap(EOF) = %q (Is EOF %v); want %q", got, errors.Is(err, io.EOF), want)
	}
	err = Errorf(EINVALID, "fout")
	Wrap(&err, "op")
	var pe *Error
	if !errors.As(err, &pe) || err.Error() != "op: fout" {
		t.Errorf("Wrap(*Error) = %q; want %q found by errors.As", err, "op: fout")
	}
}
