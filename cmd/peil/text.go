package main

import (
	"fmt"

	"github.com/peil-dev/peil"
)

// plain returns report text for a terminal: without control characters,
// which could move the cursor or break the table's columns.
func plain(s string) string { return peil.StripControls(s, "") }

// plainLines is plain for a message of one or more lines: it keeps line
// breaks and tabs.
func plainLines(s string) string { return peil.StripControls(s, "\n\t") }

// notef returns the Notef of command cmd: each note on standard error as
// "peil CMD: …", through plainLines.
func (m *Main) notef(cmd string) func(string, ...any) {
	return func(format string, args ...any) {
		fmt.Fprintln(m.Stderr, plainLines(fmt.Sprintf("peil "+cmd+": "+format, args...)))
	}
}

// dash is s for a table cell, "-" when s is empty.
func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
