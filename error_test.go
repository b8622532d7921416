package peil

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"syscall"
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

// A file that is missing, forbidden or a folder is said in Dutch, without the
// system call; the path only when it is not the error's file.
func TestErrorCause(t *testing.T) {
	pathErr := func(path string, err error) error { return &fs.PathError{Op: "stat", Path: path, Err: err} }
	for _, tc := range []struct {
		err  *Error
		want string
	}{
		{&Error{File: "a.txt", Message: "kan het bestand niet lezen", Err: pathErr("a.txt", syscall.ENOENT)},
			"a.txt: kan het bestand niet lezen: bestaat niet"},
		{&Error{File: "a.txt", Message: "kan het bestand niet lezen", Err: pathErr("a.txt", syscall.EACCES)},
			"a.txt: kan het bestand niet lezen: geen toegang (rechten van het bestand of de map)"},
		{&Error{File: "map", Message: "kan het bestand niet lezen", Err: pathErr("map", syscall.EISDIR)},
			"map: kan het bestand niet lezen: is een map"},
		{&Error{File: "map", Message: "kan de lijst niet lezen", Err: pathErr("map/reports.csv", syscall.ENOENT)},
			"map: kan de lijst niet lezen: map/reports.csv: bestaat niet"},
		{&Error{File: "a.txt", Message: "kan het bestand niet lezen", Err: pathErr("a.txt", syscall.EIO)},
			"a.txt: kan het bestand niet lezen: input/output error"},
		{&Error{Message: "mislukt", Err: io.ErrUnexpectedEOF}, "mislukt: unexpected EOF"},
	} {
		if got := tc.err.Error(); got != tc.want {
			t.Errorf("Error() = %q; want %q", got, tc.want)
		}
		if !errors.Is(tc.err, tc.err.Err) {
			t.Errorf("%q: errors.Is(err, its cause) = false", tc.want)
		}
	}
}
