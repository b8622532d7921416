package peil

import (
	"errors"
	"fmt"
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

func TestWrapInternal(t *testing.T) {
	var err error
	WrapInternal(&err, "op")
	if err != nil {
		t.Fatalf("WrapInternal(nil) = %v; want nil", err)
	}
	err = io.EOF
	WrapInternal(&err, "report %d", 3)
	if got, want := err.Error(), "report 3: EOF"; got != want || !errors.Is(err, io.EOF) {
		t.Errorf("WrapInternal(EOF) = %q (Is EOF %v); want %q", got, errors.Is(err, io.EOF), want)
	}
	pe := &Error{Code: ENOTFOUND, Message: "maatregel 40 niet gevonden", Err: io.EOF}
	err = pe
	WrapInternal(&err, "op")
	if err != error(pe) {
		t.Errorf("WrapInternal(*Error) = %q; want the *Error itself", err)
	}
	// A *Error a callee wrapped already is an internal error here.
	err = fmt.Errorf("read: %w", pe)
	WrapInternal(&err, "op")
	var got *Error
	if !errors.As(err, &got) || got != pe || err.Error() != "op: read: maatregel 40 niet gevonden: EOF" {
		t.Errorf("WrapInternal(wrapped *Error) = %q; want %q with the *Error found by errors.As", err, "op: read: maatregel 40 niet gevonden: EOF")
	}
}
