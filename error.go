package peil

import (
	"archive/zip"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"syscall"
)

// Error codes. The server maps them to HTTP statuses in one place and the command
// line to exit statuses.
const (
	EINVALID  = "invalid"   // bad input: a malformed file, parameter or row
	ENOTFOUND = "not_found" // the thing asked for does not exist
	ECONFLICT = "conflict"  // the thing is held by someone else (e.g. a locked database)
	EINTERNAL = "internal"  // everything else
)

// Error is an application error with a code, a message for people and, for input
// errors, where in which file it happened.
type Error struct {
	Code    string
	Message string
	File    string // input file, if any
	Line    int    // 1-based line in File, 0 if unknown
	Err     error  // underlying error, if any
}

// Error returns "file:line: message" (the parts that are known), followed by the
// underlying error.
func (e *Error) Error() string {
	s := e.Message
	switch {
	case e.File != "" && e.Line > 0:
		s = fmt.Sprintf("%s:%d: %s", e.File, e.Line, s)
	case e.File != "":
		s = fmt.Sprintf("%s: %s", e.File, s)
	case e.Line > 0:
		s = fmt.Sprintf("line %d: %s", e.Line, s)
	}
	if e.Err != nil {
		s += ": " + cause(e.File, e.Err)
	}
	return s
}

// zipErrors are archive/zip's errors (an XLSX file is a zip) in Dutch.
var zipErrors = []struct {
	err   error
	dutch string
}{
	{zip.ErrFormat, "geen geldig zip-bestand (beschadigd, of een kop die niet klopt met de inhoud)"},
	{zip.ErrChecksum, "controlesom klopt niet: het zip-bestand is beschadigd"},
	{zip.ErrAlgorithm, "onbekende compressiemethode in het zip-bestand"},
}

// cause says err for people: the common failures of a file in Dutch ("bestaat
// niet", "geen toegang", a damaged zip), without the system call and the path
// again when the path is the error's file; other errors as they are.
func cause(file string, err error) string {
	for _, z := range zipErrors {
		if errors.Is(err, z.err) {
			return strings.Replace(err.Error(), z.err.Error(), z.dutch, 1)
		}
	}
	var pe *fs.PathError
	if !errors.As(err, &pe) {
		return err.Error()
	}
	what := pe.Err.Error()
	switch {
	case errors.Is(pe.Err, fs.ErrNotExist):
		what = "bestaat niet"
	case errors.Is(pe.Err, fs.ErrPermission):
		what = "geen toegang (rechten van het bestand of de map)"
	case errors.Is(pe.Err, syscall.EISDIR):
		what = "is een map"
	}
	if pe.Path != file {
		what = pe.Path + ": " + what
	}
	return what
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with the given code and formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL for
// other errors and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Code
	default:
		return EINTERNAL
	}
}

// ErrorMessage returns the message of the first *Error in err's chain, or a
// generic message for other errors (their text may hold internals).
func ErrorMessage(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Message
	default:
		return "interne fout"
	}
}

// Wrap prefixes a non-nil *errp with the operation: it sets *errp to
// fmt.Errorf(format+": %w", args..., *errp). A function with a named error
// result defers it once, defer peil.Wrap(&err, "users"), instead of wrapping
// every return alike.
func Wrap(errp *error, format string, args ...any) {
	if *errp != nil {
		*errp = fmt.Errorf(format+": %w", append(args[:len(args):len(args)], *errp)...)
	}
}

// WrapInternal is Wrap for a function that also returns errors for people: a
// *Error that is *errp itself (made for the user, or passed up as it is)
// already says what went wrong, with file and line, and is left alone; any
// other non-nil error gets the operation as with Wrap. A *Error further down
// a chain does not count: that error was wrapped by a callee already. A
// function that returns some *Error unwrapped on purpose defers it once,
// defer peil.WrapInternal(&err, "login %q", name), instead of wrapping the
// other returns one by one.
func WrapInternal(errp *error, format string, args ...any) {
	if _, ok := (*errp).(*Error); !ok {
		Wrap(errp, format, args...)
	}
}
