package analytics

import (
	"context"
	"math"
	"testing"

	"github.com/peil-dev/peil"
)

// reportIDs returns the ids of the stored reports, oldest first.
func reportIDs(t *testing.T, db *DB) []int64 {
	t.Helper()
	reps, err := db.Reports(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, r := range reps {
		ids = append(ids, r.ID)
	}
	return ids
}

func TestCompare(t *testing.T) {
	ctx := context.Background()
	db := loadedDB(t, fixtureReports...)
	ids := reportIDs(t, db)
	c, err := db.Compare(ctx, ids[0], ids[1])
	if err != nil {
		t.Fatal(err)
	}
	if c.From.ID != ids[0] || c.To.ID != ids[1] || c.From.Figures != 6 || c.To.Figures != 3 {
		t.Errorf("Compare reports = %+v / %+v; want report1 (6 figures) and report2 (3)", c.From, c.To)
	}
	byNr := map[int]peil.MeasureComparison{}
	for _, mc := range c.Measures {
		byNr[mc.Measure.Nr] = mc
	}
	if len(byNr) != 5 {
		t.Errorf("Compare lists measures %v; want 1, 3, 5, 12, 23", keys(byNr))
	}
	m1 := byNr[1]
	if len(m1.Moved) != 1 || *m1.Moved[0].Change != 20 || math.Abs(*m1.Moved[0].ChangePct-20.0/3) > 1e-9 ||
		m1.Moved[0].Indicator.Label != "Strafrechtelijke onderzoeken" || m1.Moved[0].To.Qualifier != peil.QualApprox {
		t.Errorf("measure 1 = %+v; want investigations moved 300 -> 320 (+20, 6,67%%)", m1)
	}
	if !m1.StatusChanged || m1.StatusFrom == m1.StatusTo {
		t.Errorf("measure 1 status changed = %v; want true with both texts", m1.StatusChanged)
	}
	m5 := byNr[5]
	if len(m5.Moved) != 1 || m5.Moved[0].From.Value != 100 || m5.Moved[0].To.Value != 130 || *m5.Moved[0].ChangePct != 30 {
		t.Errorf("measure 5 moved = %+v; want passport measures 100 -> 130 (+30%%)", m5.Moved)
	}
	m3 := byNr[3]
	if len(m3.Disappeared) != 1 || m3.Disappeared[0].Indicator.ID != "returnees" || m3.Disappeared[0].To != nil ||
		m3.StatusTo != "" || !m3.StatusChanged {
		t.Errorf("measure 3 = %+v; want returnees disappeared and the status gone", m3)
	}

	// Default: the report before the latest against the latest.
	c, err = db.Compare(ctx, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if c.From.ID != ids[2] || c.To.ID != ids[3] {
		t.Errorf("Compare(0, 0) compares %d and %d; want %d and %d", c.From.ID, c.To.ID, ids[2], ids[3])
	}
	for _, mc := range c.Measures {
		if mc.Measure.Nr == 24 && (len(mc.Disappeared) != 1 || mc.Disappeared[0].Indicator.ID != "school_trainings") {
			t.Errorf("measure 24 = %+v; want school_trainings disappeared", mc)
		}
		if mc.Measure.Nr == 5 && (len(mc.Moved) != 1 || *mc.Moved[0].Change != 60) {
			t.Errorf("measure 5 moved = %+v; want +60", mc.Moved)
		}
	}
	// 0 as from: the report before to.
	c, err = db.Compare(ctx, 0, ids[1])
	if err != nil || c.From.ID != ids[0] {
		t.Errorf("Compare(0, %d) = %v, %v; want from %d", ids[1], c, err, ids[0])
	}
}

func TestCompareErrors(t *testing.T) {
	ctx := context.Background()
	one := loadedDB(t, "report1.json")
	if _, err := one.Compare(ctx, 0, 0); peil.ErrorCode(err) != peil.EINVALID {
		t.Errorf("Compare with one report: %v; want EINVALID", err)
	}
	db := loadedDB(t, "report1.json", "report2.json")
	ids := reportIDs(t, db)
	tests := []struct {
		from, to int64
		code     string
	}{
		{ids[0], 999, peil.ENOTFOUND},
		{999, ids[0], peil.ENOTFOUND},
		{ids[0], ids[0], peil.EINVALID},
		{0, ids[0], peil.EINVALID}, // nothing before the first report
		{ids[0], 0, peil.EINVALID},
	}
	for _, tt := range tests {
		if _, err := db.Compare(ctx, tt.from, tt.to); peil.ErrorCode(err) != tt.code {
			t.Errorf("Compare(%d, %d) = %v; want %s", tt.from, tt.to, err, tt.code)
		}
	}
}

func keys[V any](m map[int]V) []int {
	var out []int
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestCompareReviewed: Compare reads reviewed values. A figure of the later
// report that a reviewer rejected is no longer a movement (its indicator is
// then gone from that report), and a corrected one moves to its corrected
// value, with its review state and the value as extracted carried along.
func TestCompareReviewed(t *testing.T) {
	ctx := context.Background()
	db := loadedDB(t, "report1.json", "report2.json")
	ids := reportIDs(t, db)
	inv := figureBy(t, db, "ongeveer 320 strafrechtelijke")
	decide(t, db, peil.Decision{Figure: inv.ID, Action: peil.DecideReject, Why: "test"})
	pass := figureBy(t, db, "130 paspoortmaatregelen")
	v := 125.0
	decide(t, db, peil.Decision{Figure: pass.ID, Action: peil.DecideCorrect, Value: &v})

	c, err := db.Compare(ctx, ids[0], ids[1])
	if err != nil {
		t.Fatal(err)
	}
	var m1, m5 *peil.MeasureComparison
	for i := range c.Measures {
		switch c.Measures[i].Measure.Nr {
		case 1:
			m1 = &c.Measures[i]
		case 5:
			m5 = &c.Measures[i]
		}
	}
	if m1 == nil {
		t.Fatal("Compare lists no measure 1; want investigations disappeared (its figure in report 2 is rejected)")
	}
	for _, mv := range append(append([]peil.Movement{}, m1.Moved...), m1.Appeared...) {
		if mv.Indicator.ID == "investigations" {
			t.Errorf("measure 1 lists the rejected investigations figure as moved or new: %+v", mv)
		}
	}
	if len(m1.Disappeared) != 1 || m1.Disappeared[0].Indicator.ID != "investigations" || m1.Disappeared[0].To != nil {
		t.Errorf("measure 1 disappeared = %+v; want investigations (report 2's figure rejected)", m1.Disappeared)
	}
	if m5 == nil || len(m5.Moved) != 1 {
		t.Fatalf("measure 5 = %+v; want passport measures moved", m5)
	}
	to := m5.Moved[0].To
	if to.Value != 125 || *m5.Moved[0].Change != 25 || len(to.Statements) != 1 ||
		to.Statements[0].Review != peil.ReviewCorrected || to.Statements[0].Original == nil || *to.Statements[0].Original != 130 {
		t.Errorf("measure 5 moved to %+v; want the corrected 125 (+25), review corrected, original 130", to)
	}
	if from := m5.Moved[0].From; len(from.Statements) != 1 || from.Statements[0].Review != peil.ReviewOpen {
		t.Errorf("measure 5 moved from %+v; want the unreviewed figure, review open", from)
	}
}
