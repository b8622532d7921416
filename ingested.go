package peil

import (
	"path"
	"strings"
)

// ReportTitle is the one rule for a report's title: the title given (by a
// manifest, a flag or an upload), else the file's name without its
// extension, as one line without control characters (CleanText).
func ReportTitle(title, file string) string {
	if t := CleanText(title); t != "" {
		return t
	}
	base := path.Base(file)
	return CleanText(strings.TrimSuffix(base, path.Ext(base)))
}

// IngestResult says what storing one extracted report did and what it loaded.
// The counts are zero for an unchanged report.
type IngestResult struct {
	Report    Report // as stored, with its ID
	Action    string // ActionAdded, ActionUnchanged, ActionReplaced, ActionUpdated
	Measures  int    // measure rows (status texts)
	Figures   int    // extracted figures
	Events    int
	Derived   int // derived observations stored with the report
	Unmatched int // figures that matched no indicator (stored without one)
	Open      int // figures left open for review (ReviewOpen)
	Reapplied int // review decisions applied again to figures of this content
	// Orphans are the decisions about the replaced report whose figure (its
	// sentence and text) the new version no longer has: kept, not applied.
	Orphans []int64
}

// The actions of storing a report.
const (
	ActionAdded     = "added"     // a new report
	ActionUnchanged = "unchanged" // the same text is stored already, with the same metadata
	ActionReplaced  = "replaced"  // other content with the title and report date of a stored report
	ActionUpdated   = "updated"   // the text of a stored report with other metadata (title, dates, kamerstuk, URL)
)
