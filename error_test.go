package peil

import (
	"errors"
	"fmt"
	"io"
	"testing"
)

// Wrap and WrapInternal alike: nil stays nil, an error that is no *Error
// gets the operation and stays what it was for errors.Is.
func TestWrapPlain(t *testing.T) {
	for name, wrap := range map[string]func(*error, string, ...any){"Wrap": Wrap, "WrapInternal": WrapInternal} {
		var err error
		wrap(&err, "report %d", 3)
		if err != nil {
			t.Errorf("%s(nil) = %v; want nil", name, err)
		}
		err = io.EOF
		wrap(&err, "report %d", 3)
		if got, want := err.Error(), "report 3: EOF"; got != want || !errors.Is(err, io.EOF) {
			t.Errorf("%s(EOF) = %q (Is EOF %v); want %q", name, got, errors.Is(err, io.EOF), want)
		}
	}
}

func TestWrap(t *testing.T) {
	err := error(Errorf(EINVALID, "fout"))
	Wrap(&err, "op")
	var pe *Error
	if !errors.As(err, &pe) || err.Error() != "op: fout" {
		t.Errorf("Wrap(*Error) = %q; want %q found by errors.As", err, "op: fout")
	}
}

func TestWrapInternal(t *testing.T) {
	pe := &Error{Code: ENOTFOUND, Message: "maatregel 40 niet gevonden", Err: io.EOF}
	err := error(pe)
	WrapInternal(&err, "op")
	if err != error(pe) {
		t.Errorf("WrapInternal(*Error) = %q; want the *Error itself", err)
	}
	// A *Error a callee wrapped already is an internal error here.
	err = fmt.Errorf("read: %w", pe)
	WrapInternal(&err, "op")
	var got *Error
	if want := "op: read: maatregel 40 niet gevonden: EOF"; !errors.As(err, &got) || got != pe || err.Error() != want {
		t.Errorf("WrapInternal(wrapped *Error) = %q; want %q with the *Error found by errors.As", err, want)
	}
}
