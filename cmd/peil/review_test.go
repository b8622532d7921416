package main

import (
	"crypto/sha256"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/peil-dev/peil"
)

// reviewDir holds the invented pair of reports for teaching: B words the same
// indicators as A, with other numbers.
var reviewDir = filepath.Join("testdata", "review")

// reviewQueue returns `peil review --format json` with the given flags.
func reviewQueue(t *testing.T, db string, flags ...string) []peil.ReviewItem {
	t.Helper()
	code, out, errOut := storeRun(t, append([]string{"review", "--db", db, "--format", "json"}, flags...)...)
	if code != 0 {
		t.Fatalf("peil review = %d: %s", code, errOut)
	}
	var items []peil.ReviewItem
	if err := json.Unmarshal([]byte(out), &items); err != nil {
		t.Fatalf("peil review JSON: %v\n%s", err, out)
	}
	return items
}

// mustRun runs peil and fails the test unless it exits 0.
func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	code, out, errOut := storeRun(t, args...)
	if code != 0 {
		t.Fatalf("peil %s = %d:\n%s%s", strings.Join(args, " "), code, out, errOut)
	}
	return out + errOut
}

// figureWith returns the id of the figure whose text is text.
func figureWith(t *testing.T, items []peil.ReviewItem, text string) string {
	t.Helper()
	for _, it := range items {
		if it.Text == text {
			return itoa64(it.ID)
		}
	}
	t.Fatalf("no figure %q in %+v", text, items)
	return ""
}

func itoa64(v int64) string { b, _ := json.Marshal(v); return string(b) }

func countStatus(items []peil.ReviewItem, s peil.ReviewStatus) int {
	n := 0
	for _, it := range items {
		if it.Status == s {
			n++
		}
	}
	return n
}

// TestReviewTeaches takes report A through review with peil commands only,
// then ingests report B, which words the same indicators alike: B's figures
// are matched auto, where B alone leaves them all open.
func TestReviewTeaches(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(reviewDir, "rapportage-a.txt"), filepath.Join(reviewDir, "rapportage-b.txt")

	// Before: B alone.
	alone := filepath.Join(dir, "alone.duckdb")
	mustRun(t, "ingest", "--db", alone, "--report-date", "2018-09-30", "--period-start", "2018-04-01", b)
	before := reviewQueue(t, alone)
	openBefore := countStatus(before, peil.ReviewOpen)

	// Review A.
	db := filepath.Join(dir, "peil.duckdb")
	mustRun(t, "ingest", "--db", db, "--report-date", "2018-03-31", "--period-start", "2017-10-01", a)
	qa := reviewQueue(t, db, "--status", "open")
	if len(qa) != 8 {
		t.Fatalf("A has %d open figures; want all 8 (new wording)", len(qa))
	}
	by := []string{"--db", db, "--by", "anna"}
	mustRun(t, append([]string{"review", "assign", figureWith(t, qa, "420"), "criminal_investigations"}, by...)...)
	mustRun(t, append([]string{"review", "assign", figureWith(t, qa, "310"), "passport_measures"}, by...)...)
	mustRun(t, append([]string{"review", "assign", figureWith(t, qa, "118"), "sanctions_persons_listed"}, by...)...)
	mustRun(t, append([]string{"review", "assign", figureWith(t, qa, "240"), "benefits_stopped"}, by...)...)
	mustRun(t, append([]string{"review", "new-indicator", figureWith(t, qa, "35"), "--id", "terror_trials", "--label", "Jihadisten voor de rechter"}, by...)...)
	mustRun(t, append([]string{"review", "new-indicator", figureWith(t, qa, "12"), "--id", "mosque_dialogues", "--label", "Dialoogsessies met moskeekoepels"}, by...)...)
	mustRun(t, append([]string{"review", "new-indicator", figureWith(t, qa, "64"), "--id", "school_guest_lessons", "--label", "Gastlessen over polarisatie"}, by...)...)
	mustRun(t, append([]string{"review", "new-indicator", figureWith(t, qa, "150"), "--id", "ess_advice_questions", "--label", "Adviesvragen aan het expertisecentrum"}, by...)...)
	if left := reviewQueue(t, db, "--status", "open"); len(left) != 0 {
		t.Fatalf("A still has %d open figures", len(left))
	}

	// After: B in the store that reviewed A.
	mustRun(t, "ingest", "--db", db, "--report-date", "2018-09-30", "--period-start", "2018-04-01", b)
	after := reviewQueue(t, db, "--report", "2")
	openAfter := countStatus(after, peil.ReviewOpen)
	t.Logf("report B: %d of %d figures open alone, %d open after reviewing A", openBefore, len(before), openAfter)
	// One stays open, with the right proposal: A's review taught its unit,
	// uitreizigers, to passport_measures first, so that it no longer tells
	// benefits_stopped apart, and its kind (cumulative) is not the
	// indicator's (stock): three taught words give 12 points, under AutoScore.
	if openBefore != len(before) || openAfter != 1 {
		t.Errorf("open figures of B: %d alone, %d after reviewing A; want all %d, then 1", openBefore, openAfter, len(before))
	}
	want := map[string]peil.IndicatorID{"455": "criminal_investigations", "335": "passport_measures", "126": "sanctions_persons_listed",
		"262": "benefits_stopped", "41": "terror_trials", "15": "mosque_dialogues", "71": "school_guest_lessons", "168": "ess_advice_questions"}
	for _, it := range after {
		status := peil.ReviewAuto
		if it.Text == "262" {
			status = peil.ReviewOpen
		}
		if w := want[it.Text]; it.Indicator != w || it.Status != status {
			t.Errorf("B's %s: %s (%s, %s); want %s, %s", it.Text, it.Indicator, it.Status, it.Reason, w, status)
		}
	}
	// The series of a new indicator runs over both reports.
	out := mustRun(t, "series", "--db", db, "terror_trials", "--format", "json")
	var s peil.Series
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatal(err)
	}
	if len(s.Points) != 2 || s.Points[0].Value != 35 || s.Points[1].Value != 41 {
		t.Errorf("terror_trials = %+v; want 35 then 41", s.Points)
	}
}

// TestReviewCommands runs every decision and its bad input through peil.
func TestReviewCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "peil.duckdb")
	mustRun(t, "ingest", "--db", db, "--report-date", "2018-03-31", "--period-start", "2017-10-01", filepath.Join(reviewDir, "rapportage-a.txt"))
	q := reviewQueue(t, db)
	first := q[0]
	for _, k := range []string{"id", "report", "measure", "value", "text", "qualifier", "kind", "period_start", "period_end",
		"indicator", "score", "reason", "status", "sentence", "page", "line", "alternatives"} {
		code, out, _ := storeRun(t, "review", "--db", db, "--format", "json")
		var raw []map[string]any
		if code != 0 || json.Unmarshal([]byte(out), &raw) != nil || len(raw) == 0 {
			t.Fatalf("peil review JSON: %d %s", code, out)
		}
		if _, ok := raw[0][k]; !ok {
			t.Errorf("peil review JSON lacks %q: %v", k, raw[0])
		}
	}
	if len(first.Alternatives) == 0 || first.Reason == "" {
		t.Errorf("first figure %+v: want a reason and alternatives", first)
	}

	sum := func() [32]byte {
		b, err := os.ReadFile(db)
		if err != nil {
			t.Fatal(err)
		}
		return sha256.Sum256(b)
	}
	id := figureWith(t, q, "420")
	other := figureWith(t, q, "35")
	mustRun(t, "review", "correct", other, "--value", "36", "--db", db, "--by", "bert")
	before := sum()
	for _, c := range []struct {
		args []string
		msg  string
	}{
		{[]string{"confirm", "9999"}, "cijfer 9999 bestaat niet"},
		{[]string{"confirm", id, "9999"}, "cijfer 9999 bestaat niet"},
		{[]string{"assign", id, "geen_indicator"}, "indicator geen_indicator bestaat niet"},
		{[]string{"correct", id, "--value", "veel"}, `"veel" is geen getal`},
		{[]string{"correct", id, "--period-start", "2018-01-01", "--period-end", "2017-01-01"}, "ligt voor het begin"},
		{[]string{"reject", id}, "waarom"},
		{[]string{"undo", "77"}, "beslissing 77 bestaat niet"},
		{[]string{"new-indicator", id, "--id", "Foute Id", "--label", "x"}, "ongeldige indicator-id"},
		{[]string{"confirm", "abc"}, `"abc" is geen cijfer`},
	} {
		code, _, errOut := storeRun(t, append(append([]string{"review"}, c.args...), "--db", db, "--by", "bert")...)
		if code != exitInvalid || !strings.Contains(errOut, c.msg) {
			t.Errorf("peil review %s = %d, %q; want exit 2 with %q", strings.Join(c.args, " "), code, errOut, c.msg)
		}
	}
	if sum() != before {
		t.Error("refused decisions changed the database file")
	}

	// An assign to another measure's indicator is allowed, and said.
	_, out, errOut := storeRun(t, "review", "assign", id, "passport_measures", "--db", db, "--by", "bert")
	if !strings.Contains(errOut, "let op: indicator passport_measures hoort bij maatregel 7") {
		t.Errorf("assign to another measure: %q %q; want a warning", out, errOut)
	}
	mustRun(t, "review", "reject", figureWith(t, q, "12"), "--why", "geen telling", "--db", db, "--by", "bert")
	rejected := reviewQueue(t, db, "--status", "rejected")
	if len(rejected) != 1 || rejected[0].Reviewer != "bert" {
		t.Errorf("rejected = %+v", rejected)
	}
	corrected := reviewQueue(t, db, "--status", "corrected")
	if len(corrected) != 2 {
		t.Fatalf("corrected = %+v; want 2", corrected)
	}

	// Undo: the latest decision of a figure, by its id from peil review decisions.
	out = mustRun(t, "review", "decisions", "--db", db, "--format", "json")
	var decs []peil.DecisionRecord
	if err := json.Unmarshal([]byte(out), &decs); err != nil {
		t.Fatal(err)
	}
	if len(decs) != 3 || decs[0].Action != peil.DecideReject {
		t.Fatalf("decisions = %+v; want 3, newest first", decs)
	}
	out = mustRun(t, "review", "undo", itoa64(decs[0].ID), "--db", db, "--by", "bert")
	if !strings.Contains(out, "is weer open") {
		t.Errorf("undo said %q", out)
	}
	if n := len(reviewQueue(t, db, "--status", "rejected")); n != 0 {
		t.Errorf("%d rejected after undo; want 0", n)
	}
}
