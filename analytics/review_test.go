package analytics

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/peil-dev/peil"
	"github.com/peil-dev/peil/ingest"
)

// figureBy returns the review item of the figure whose sentence contains s.
func figureBy(t *testing.T, db *DB, s string) peil.ReviewItem {
	t.Helper()
	items, err := db.ReviewQueue(context.Background(), peil.ReviewFilter{})
	if err != nil {
		t.Fatalf("ReviewQueue: %v", err)
	}
	for _, it := range items {
		if strings.Contains(it.Sentence, s) {
			return it
		}
	}
	t.Fatalf("no figure in a sentence with %q", s)
	return peil.ReviewItem{}
}

func decide(t *testing.T, db *DB, d peil.Decision) peil.DecisionResult {
	t.Helper()
	if d.By == "" {
		d.By = "tester"
	}
	res, err := db.Decide(context.Background(), d)
	if err != nil {
		t.Fatalf("Decide(%s %d): %v", d.Action, d.Figure, err)
	}
	return res
}

// seriesValues returns the values of an indicator's points.
func seriesValues(t *testing.T, db *DB, id peil.IndicatorID) []float64 {
	t.Helper()
	s, err := db.Series(context.Background(), id)
	if err != nil {
		t.Fatalf("Series(%s): %v", id, err)
	}
	var vs []float64
	for _, p := range s.Points {
		vs = append(vs, p.Value)
	}
	return vs
}

// snapshot is what a refused decision must leave as it was.
func snapshot(t *testing.T, db *DB) [4]int {
	return [4]int{
		count(t, db, `SELECT count(*) FROM decisions`),
		count(t, db, `SELECT count(*) FROM audit_log`),
		count(t, db, `SELECT sum(version) FROM figure_review`),
		count(t, db, `SELECT count(*) FROM observations WHERE indicator IS NULL`),
	}
}

func TestReviewDecisions(t *testing.T) {
	ctx := context.Background()
	db := loadedDB(t, "report1.json")

	inv := figureBy(t, db, "circa 300 strafrechtelijke")
	if inv.Status != peil.ReviewOpen || inv.Version != 1 || inv.Indicator != "investigations" {
		t.Fatalf("fresh figure = %+v; want open (fixtures carry no score), version 1, investigations", inv)
	}

	// Confirm: the reviewer and the time are recorded, in the audit log too.
	res := decide(t, db, peil.Decision{Figure: inv.ID, Action: peil.DecideConfirm, By: "anna"})
	if res.Figure.Status != peil.ReviewConfirmed || res.Figure.Reviewer != "anna" || res.Figure.DecidedAt == nil || res.Figure.Version != 2 {
		t.Fatalf("after confirm: %+v", res.Figure)
	}
	log, err := db.AuditLog(ctx, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	last := log[len(log)-1]
	if last.Actor != "anna" || last.Action != "review.confirm" || last.Subject != "figure:"+itoa(inv.ID) ||
		!strings.Contains(last.Before, `"open"`) || !strings.Contains(last.After, `"confirmed"`) {
		t.Errorf("audit entry = %+v", last)
	}

	// Correct: the series shows the corrected value, the queue the original.
	v := 310.0
	res = decide(t, db, peil.Decision{Figure: inv.ID, Action: peil.DecideCorrect, Value: &v, Version: 2})
	if res.Figure.Status != peil.ReviewCorrected || res.Figure.Original == nil || res.Figure.Original.Value != 300 || res.Figure.Value != 310 {
		t.Fatalf("after correct: %+v (original %+v)", res.Figure, res.Figure.Original)
	}
	if got := seriesValues(t, db, "investigations"); !slices.Equal(got, []float64{310}) {
		t.Errorf("investigations after correct = %v; want [310]", got)
	}
	correctID := res.Decision.ID

	// A decision on a version the figure left is a conflict, and changes nothing.
	before := snapshot(t, db)
	_, err = db.Decide(ctx, peil.Decision{Figure: inv.ID, Action: peil.DecideConfirm, By: "bert", Version: 2})
	if peil.ErrorCode(err) != peil.ECONFLICT {
		t.Errorf("stale version: %v; want ECONFLICT", err)
	}

	// Bad input: clear errors, nothing changed.
	end := peil.NewDate(2010, 1, 1)
	x := 1.0
	for _, c := range []struct {
		name string
		d    peil.Decision
		code string
		msg  string
	}{
		{"unknown figure", peil.Decision{Figure: 9999, Action: peil.DecideConfirm}, peil.ENOTFOUND, "cijfer 9999 bestaat niet"},
		{"unknown indicator", peil.Decision{Figure: inv.ID, Action: peil.DecideAssign, Indicator: "nope"}, peil.ENOTFOUND, "indicator nope bestaat niet"},
		{"end before start", peil.Decision{Figure: figureBy(t, db, "Sinds 2013 zijn 40").ID, Action: peil.DecideCorrect, PeriodEnd: &end}, peil.EINVALID, "ligt voor het begin"},
		{"reject without why", peil.Decision{Figure: inv.ID, Action: peil.DecideReject}, peil.EINVALID, "waarom"},
		{"nothing to correct", peil.Decision{Figure: inv.ID, Action: peil.DecideCorrect, Value: &v}, peil.EINVALID, "er verandert niets"},
		{"new indicator exists", peil.Decision{Figure: inv.ID, Action: peil.DecideNewIndicator, NewIndicator: &peil.Indicator{ID: "returnees", Label: "x"}}, peil.EINVALID, "bestaat al"},
		{"bad id", peil.Decision{Figure: inv.ID, Action: peil.DecideNewIndicator, NewIndicator: &peil.Indicator{ID: "Bad Id", Label: "x"}}, peil.EINVALID, "ongeldige indicator-id"},
		{"no reviewer", peil.Decision{Figure: inv.ID, Action: peil.DecideCorrect, Value: &x, By: " "}, peil.EINVALID, "--by"},
	} {
		d := c.d
		if d.By == "" {
			d.By = "tester"
		}
		_, err := db.Decide(ctx, d)
		if peil.ErrorCode(err) != c.code || !strings.Contains(peil.ErrorMessage(err), c.msg) {
			t.Errorf("%s: %v (code %s); want %s with %q", c.name, err, peil.ErrorCode(err), c.code, c.msg)
		}
	}
	if after := snapshot(t, db); after != before {
		t.Errorf("refused decisions changed the store: %v -> %v", before, after)
	}

	// Reject: gone from the series, kept (marked) in the observations.
	ret := figureBy(t, db, "Sinds 2013 zijn 40")
	decide(t, db, peil.Decision{Figure: ret.ID, Action: peil.DecideReject, Why: "jaartal"})
	if got := seriesValues(t, db, "returnees"); len(got) != 0 {
		t.Errorf("returnees after reject = %v; want none", got)
	}
	if n := count(t, db, `SELECT count(*) FROM observations WHERE id = ? AND indicator IS NULL`, ret.ID); n != 1 {
		t.Errorf("rejected observation: %d rows without indicator; want 1", n)
	}

	// Assign an unmatched figure: it joins the series and teaches the indicator.
	bij := figureBy(t, db, "vier regionale bijeenkomsten")
	res = decide(t, db, peil.Decision{Figure: bij.ID, Action: peil.DecideAssign, Indicator: "extremism_reports"})
	if res.Figure.Status != peil.ReviewCorrected || res.Figure.Indicator != "extremism_reports" || len(res.Warnings) != 0 {
		t.Fatalf("after assign: %+v, warnings %q", res.Figure, res.Warnings)
	}
	if !slices.Contains(res.CuesAdded, "bijeenkomsten") || !slices.Contains(res.CuesAdded, "regionale") {
		t.Errorf("cues added = %q; want the unit and the word near the figure", res.CuesAdded)
	}
	cat, err := db.Catalog(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if ind, _ := cat.Indicator("extremism_reports"); !slices.Contains(ind.Cues, "bijeenkomsten") {
		t.Errorf("extremism_reports cues = %q; want the taught ones", ind.Cues)
	}
	assignID := res.Decision.ID

	// Assign to another measure's indicator: allowed, but said.
	pass := figureBy(t, db, "100 paspoortmaatregelen")
	res = decide(t, db, peil.Decision{Figure: pass.ID, Action: peil.DecideAssign, Indicator: "investigations"})
	if len(res.Warnings) == 0 || !strings.Contains(res.Warnings[0], "maatregel 1") {
		t.Errorf("assign to another measure: warnings %q; want one naming measure 1", res.Warnings)
	}

	// Undo: only the decision in force; it restores the one before.
	_, err = db.Undo(ctx, 1, "anna")
	if peil.ErrorCode(err) != peil.EINVALID || !strings.Contains(peil.ErrorMessage(err), "eerst beslissing") {
		t.Errorf("undo of a superseded decision: %v", err)
	}
	if _, err := db.Undo(ctx, 999, "anna"); peil.ErrorCode(err) != peil.ENOTFOUND {
		t.Errorf("undo of an unknown decision: %v; want ENOTFOUND", err)
	}
	u, err := db.Undo(ctx, correctID, "anna")
	if err != nil {
		t.Fatal(err)
	}
	if u.Figure == nil || u.Figure.Status != peil.ReviewConfirmed || u.Figure.Value != 300 || u.Figure.Decision != 1 {
		t.Errorf("after undo of the correction: %+v; want confirmed 300 under decision 1", u.Figure)
	}
	if got := seriesValues(t, db, "investigations"); !slices.Contains(got, 300) {
		t.Errorf("investigations after undo = %v; want 300 back", got)
	}
	if _, err := db.Undo(ctx, correctID, "anna"); peil.ErrorCode(err) != peil.EINVALID {
		t.Errorf("second undo: %v; want EINVALID", err)
	}
	u, err = db.Undo(ctx, assignID, "anna")
	if err != nil {
		t.Fatal(err)
	}
	if u.Figure.Status != peil.ReviewOpen || u.Figure.Indicator != "" || !slices.Contains(u.CuesRemoved, "bijeenkomsten") {
		t.Errorf("after undo of the assign: %+v, cues removed %q", u.Figure, u.CuesRemoved)
	}
	cat, _ = db.Catalog(ctx)
	if ind, _ := cat.Indicator("extremism_reports"); slices.Contains(ind.Cues, "bijeenkomsten") {
		t.Errorf("undo left the taught cue: %q", ind.Cues)
	}
}

func TestReviewNewIndicator(t *testing.T) {
	db := loadedDB(t, "report1.json")
	bij := figureBy(t, db, "vier regionale bijeenkomsten")
	res := decide(t, db, peil.Decision{Figure: bij.ID, Action: peil.DecideNewIndicator,
		NewIndicator: &peil.Indicator{ID: "regional_meetings", Label: "Regionale bijeenkomsten"}})
	c := res.Created
	if c == nil || c.Measure != 23 || c.Unit != "bijeenkomsten" || c.Kind != peil.KindFlow {
		t.Fatalf("created %+v; want measure 23, unit and kind of the figure", c)
	}
	if got := seriesValues(t, db, "regional_meetings"); !slices.Equal(got, []float64{4}) {
		t.Errorf("regional_meetings = %v; want [4]", got)
	}
}

// TestReviewSurvivesReingest replaces a report by a corrected version: a
// decision whose sentence and text remain applies again, one whose sentence
// changed is reported as an orphan.
func TestReviewSurvivesReingest(t *testing.T) {
	ctx := context.Background()
	db := loadedDB(t, "report1.json")
	inv := figureBy(t, db, "circa 300 strafrechtelijke")
	v := 310.0
	decide(t, db, peil.Decision{Figure: inv.ID, Action: peil.DecideCorrect, Value: &v})
	ret := figureBy(t, db, "Sinds 2013 zijn 40")
	rej := decide(t, db, peil.Decision{Figure: ret.ID, Action: peil.DecideReject, Why: "test"})

	ext := fixture(t, "report1.json")
	ext.Report.SHA256 = strings.Repeat("9", 64)
	for i := range ext.Figures {
		if strings.Contains(ext.Figures[i].Sentence, "Sinds 2013 zijn 40") {
			ext.Figures[i].Sentence = "Sinds 2013 zijn in totaal 40 uitreizigers teruggekeerd."
		}
	}
	res, err := db.IngestReport(ctx, ext)
	if err != nil {
		t.Fatal(err)
	}
	if res.Action != peil.ActionReplaced || res.Reapplied != 1 || !slices.Equal(res.Orphans, []int64{rej.Decision.ID}) {
		t.Fatalf("re-ingest: %+v; want replaced, 1 reapplied, orphan %d", res, rej.Decision.ID)
	}
	again := figureBy(t, db, "circa 300 strafrechtelijke")
	if again.ID == inv.ID || again.Status != peil.ReviewCorrected || again.Value != 310 || again.Reviewer != "tester" {
		t.Errorf("figure after re-ingest: %+v; want a new id, corrected to 310 by tester", again)
	}
	if got := seriesValues(t, db, "investigations"); !slices.Equal(got, []float64{310}) {
		t.Errorf("investigations after re-ingest = %v; want [310]", got)
	}
	// The carried decision can still be undone, on the new figure.
	decs, err := db.Decisions(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	var carried peil.DecisionRecord
	for _, d := range decs {
		if d.Action == peil.DecideCorrect {
			carried = d
		}
	}
	if carried.Figure != again.ID || carried.ReportHash != ext.Report.SHA256 {
		t.Fatalf("carried decision %+v; want figure %d under the new hash", carried, again.ID)
	}
	if _, err := db.Undo(ctx, carried.ID, "tester"); err != nil {
		t.Fatal(err)
	}
	if got := seriesValues(t, db, "investigations"); !slices.Equal(got, []float64{300}) {
		t.Errorf("investigations after undo = %v; want [300]", got)
	}
}

func TestCatalogEdits(t *testing.T) {
	ctx := context.Background()
	path := storedFile(t, "report1.json")
	db, err := Open(ctx, path, Options{Catalog: testCatalog(t), Derive: ingest.Derive})
	if err != nil {
		t.Fatal(err)
	}
	err = db.AddIndicator(ctx, peil.Indicator{ID: "meetings", Measure: 23, Label: "Bijeenkomsten", Unit: "bijeenkomsten",
		Kind: peil.KindFlow, Cues: []string{"Bijeenkomst", "regionale"}}, "anna")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		ind peil.Indicator
		msg string
	}{
		{peil.Indicator{ID: "meetings", Measure: 23, Label: "x", Unit: "x", Kind: peil.KindFlow}, "bestaat al"},
		{peil.Indicator{ID: "m2", Measure: 99, Label: "x", Unit: "x", Kind: peil.KindFlow}, "maatregel 99 bestaat niet"},
		{peil.Indicator{ID: "m3", Measure: 23, Label: "x", Unit: "x", Kind: "count"}, "onbekende soort"},
	} {
		if err := db.AddIndicator(ctx, c.ind, "anna"); peil.ErrorCode(err) != peil.EINVALID || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("AddIndicator(%s): %v; want EINVALID with %q", c.ind.ID, err, c.msg)
		}
	}
	label := "Strafrechtelijke onderzoeken (jihadisme)"
	cues := []string{"onderzoek", "strafrechtelijk"}
	ind, err := db.EditIndicator(ctx, "investigations", peil.IndicatorEdit{Label: &label, Cues: &cues}, "bert")
	if err != nil {
		t.Fatal(err)
	}
	if ind.Label != label || !slices.Equal(ind.Cues, cues) || ind.Unit != "onderzoeken" {
		t.Errorf("edited = %+v", ind)
	}
	if _, err := db.EditIndicator(ctx, "nope", peil.IndicatorEdit{Label: &label}, "bert"); peil.ErrorCode(err) != peil.ENOTFOUND {
		t.Errorf("edit unknown: %v; want ENOTFOUND", err)
	}
	// The observations keep their indicator; the edit is in the audit log.
	if got := seriesValues(t, db, "investigations"); len(got) != 1 {
		t.Errorf("investigations after edit = %v", got)
	}
	if n := count(t, db, `SELECT count(*) FROM audit_log WHERE actor = 'bert' AND action = ? AND subject = 'indicator:investigations'
		AND before_json LIKE '%Strafrechtelijke onderzoeken"%' AND after_json LIKE '%(jihadisme)%'`, AuditEditIndicator); n != 1 {
		t.Errorf("audit entries for the edit: %d; want 1", n)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	// Opening again with the embedded catalog keeps the edits.
	db, err = Open(ctx, path, Options{Catalog: testCatalog(t), Derive: ingest.Derive})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	cat, err := db.Catalog(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := cat.Indicator("investigations")
	if got.Label != label {
		t.Errorf("label after reopening = %q; want the edited %q", got.Label, label)
	}
	if m, ok := cat.Indicator("meetings"); !ok || !slices.Equal(m.Cues, []string{"bijeenkomst", "regionale"}) {
		t.Errorf("added indicator after reopening = %+v, %v", m, ok)
	}

	// Import: one new, one changed, the rest unchanged; a bad row changes nothing.
	imp := *cat
	imp.Indicators = slices.Clone(cat.Indicators)
	for i := range imp.Indicators {
		if imp.Indicators[i].ID == "returnees" {
			imp.Indicators[i].Label = "Terugkeerders"
		}
	}
	imp.Indicators = append(imp.Indicators, peil.Indicator{ID: "new_one", Measure: 3, Label: "Nieuw", LabelEN: "New", Unit: "personen", Kind: peil.KindStock})
	res, err := db.ImportCatalog(ctx, &imp, "carla")
	if err != nil {
		t.Fatal(err)
	}
	if res.Added != 1 || res.Changed != 1 || res.Unchanged != len(cat.Clusters)+len(cat.Measures)+len(cat.Indicators)-1 {
		t.Errorf("import = %+v", res)
	}
	before := count(t, db, `SELECT count(*) FROM audit_log`)
	bad := imp
	bad.Indicators = append(slices.Clone(imp.Indicators[:1]), peil.Indicator{ID: "x", Measure: 77, Label: "x", Unit: "x", Kind: peil.KindStock})
	bad.Indicators[0].Label = "changed first"
	bad.Measures = nil
	if _, err := db.ImportCatalog(ctx, &bad, "carla"); peil.ErrorCode(err) != peil.EINVALID {
		t.Errorf("import with an unknown measure: %v; want EINVALID", err)
	}
	if after := count(t, db, `SELECT count(*) FROM audit_log`); after != before {
		t.Errorf("refused import wrote %d audit entries", after-before)
	}
	cat2, _ := db.Catalog(ctx)
	if first, _ := cat2.Indicator(bad.Indicators[0].ID); first.Label == "changed first" {
		t.Errorf("refused import changed %s", first.ID)
	}
}

func itoa(v int64) string { return strconv.FormatInt(v, 10) }

func TestReviewQueueByMeasure(t *testing.T) {
	db := loadedDB(t, "report1.json", "report2.json")
	all, err := db.ReviewQueue(context.Background(), peil.ReviewFilter{})
	if err != nil {
		t.Fatal(err)
	}
	perMeasure := map[int]int{}
	for _, it := range all {
		perMeasure[it.Measure]++
	}
	if len(perMeasure) < 2 {
		t.Fatalf("fixtures have figures of %d measures; want 2 or more", len(perMeasure))
	}
	for nr, want := range perMeasure {
		items, err := db.ReviewQueue(context.Background(), peil.ReviewFilter{Measure: nr})
		if err != nil {
			t.Fatal(err)
		}
		if len(items) != want {
			t.Errorf("ReviewQueue(measure %d) = %d figures; want %d", nr, len(items), want)
		}
		for _, it := range items {
			if it.Measure != nr {
				t.Errorf("ReviewQueue(measure %d) holds figure %d of measure %d", nr, it.ID, it.Measure)
			}
		}
	}
}
