package analytics

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"github.com/peil-dev/peil"
)

// A sentence with many figures is stored once, and every reader gives each
// figure its sentence back.
func TestSentenceStoredOnce(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	ext := fixture(t, "report1.json")
	long := "In deze zin staan heel veel cijfers achter elkaar, " + strings.Repeat("en nog een getal ", 40) + "tot het einde."
	base := ext.Figures[0]
	for i := 0; i < 50; i++ {
		f := base
		f.Sentence, f.Line, f.Indicator = long, 900+i, ""
		ext.Figures = append(ext.Figures, f)
	}
	if _, err := db.IngestReport(ctx, ext); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, `SELECT count(*) FROM sentences WHERE text = ?`, long); n != 1 {
		t.Errorf("the long sentence is stored %d times; want once", n)
	}
	distinct := map[string]bool{}
	for _, f := range ext.Figures {
		distinct[f.Sentence] = true
	}
	if n := count(t, db, `SELECT count(*) FROM sentences`); n != len(distinct) {
		t.Errorf("sentences has %d rows; want %d, one per distinct sentence", n, len(distinct))
	}
	byLine := map[int]string{}
	err := db.Observations(ctx, peil.Filter{}, func(o *peil.Observation) error {
		if o.Source == peil.SourceExtracted {
			byLine[o.Line] = o.Sentence
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range ext.Figures {
		if byLine[f.Line] != f.Sentence {
			t.Errorf("observation of line %d has sentence %q; want %q", f.Line, byLine[f.Line], f.Sentence)
		}
	}
	q, err := db.ReviewQueue(ctx, peil.ReviewFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range q {
		if it.Line >= 900 && it.Sentence != long {
			t.Errorf("review item of line %d has sentence %q; want the long one", it.Line, it.Sentence)
		}
	}
	// A replaced report takes its sentences with it.
	ext2 := fixture(t, "report1.json")
	ext2.Report.SHA256 = strings.Repeat("b", 64)
	if res, err := db.IngestReport(ctx, ext2); err != nil || res.Action != peil.ActionReplaced {
		t.Fatalf("IngestReport (new version) = %+v, %v; want replaced", res, err)
	}
	if n := count(t, db, `SELECT count(*) FROM sentences WHERE text = ?`, long); n != 0 {
		t.Errorf("the replaced report's sentence is still stored %d times", n)
	}
	if n := count(t, db, `SELECT count(*) FROM observations o WHERE o.sentence_id IS NOT NULL
		AND NOT EXISTS (SELECT 1 FROM sentences s WHERE s.id = o.sentence_id)`); n != 0 {
		t.Errorf("%d observations refer to a sentence that is not stored", n)
	}
}

// Migration 0006 moves the sentences of a database written before it into
// the sentences table, each once per report, and the readers give them back.
func TestMigrateSentences(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.duckdb")
	raw, err := sql.Open("duckdb", path)
	if err != nil {
		t.Fatal(err)
	}
	ms, err := loadMigrations()
	if err != nil {
		t.Fatal(err)
	}
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := raw.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%.60s: %v", q, err)
		}
	}
	exec(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)`)
	for _, m := range ms {
		if m.version >= 6 {
			break
		}
		exec(m.sql)
		exec(`INSERT INTO schema_migrations VALUES (?, ?, now())`, m.version, m.name)
	}
	exec(`INSERT INTO reports (id, file, title, sha256, report_date, ingested_at) VALUES (1, 'a.txt', 'A', 'aa', DATE '2017-03-31', now())`)
	obs := []struct {
		id       int
		report   any
		sentence string
	}{{1, 1, "Er zijn 3 en 4 zaken."}, {2, 1, "Er zijn 3 en 4 zaken."}, {3, 1, "Nog 5."}, {4, nil, ""}, {5, nil, "Uit een antwoord: 6."}}
	for _, o := range obs {
		exec(`INSERT INTO observations (id, report, report_date, measure, value, text, qualifier, kind, unit, period_end,
			sentence, line, source, derivation, citation, note) VALUES (?, ?, DATE '2017-03-31', 1, 3, '3', 'exact', 'stock', '',
			DATE '2017-03-31', ?, ?, 'extracted', '', '', '')`, o.id, o.report, o.sentence, o.id)
	}
	if err := raw.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatalf("Open (migrating): %v", err)
	}
	defer db.Close()
	if n := count(t, db, `SELECT count(*) FROM sentences`); n != 3 {
		t.Errorf("sentences has %d rows after the migration; want 3", n)
	}
	got := map[int]string{}
	err = db.Observations(ctx, peil.Filter{}, func(o *peil.Observation) error {
		got[int(o.ID)] = o.Sentence
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range obs {
		if got[o.id] != o.sentence {
			t.Errorf("observation %d: sentence %q after the migration; want %q", o.id, got[o.id], o.sentence)
		}
	}
}
