package analytics

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/peil-dev/peil"
)

func imported(ind peil.IndicatorID, v float64, end peil.Date, line int) peil.Observation {
	return peil.Observation{Indicator: ind, Value: v, Qualifier: peil.QualExact, PeriodEnd: end,
		Citation: "Kamerstukken II 2016/17, 29754, nr. 400", Line: line}
}

func TestImport(t *testing.T) {
	ctx := context.Background()
	db := loadedDB(t, "report1.json", "report2.json")
	obs := []peil.Observation{
		imported("passport_measures", 115, peil.NewDate(2016, 8, 1), 2),
		imported("passport_measures", 130, peil.NewDate(2016, 11, 1), 3), // also stated by report2
	}
	obs[0].Note = "antwoord op Kamervragen"
	n, err := db.Import(ctx, obs)
	if err != nil || n != 2 {
		t.Fatalf("Import = %d, %v; want 2", n, err)
	}
	s, err := db.Series(ctx, "passport_measures")
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Points) != 3 {
		t.Fatalf("points = %+v; want 3", s.Points)
	}
	p := s.Points[1]
	if p.Source != peil.SourceImported || p.Value != 115 || p.Report != 0 || p.Statements[0].Citation == "" {
		t.Errorf("imported point = %+v; want 115 from the import with its citation", p)
	}
	// A report's statement is shown before an import for the same period.
	if p := s.Points[2]; p.Source != peil.SourceExtracted || len(p.Statements) != 2 || p.Revised {
		t.Errorf("point of 1 November 2016 = %+v; want report2's, with the import as a second statement", p)
	}
	var got peil.Observation
	err = db.Observations(ctx, peil.Filter{Indicator: "passport_measures", From: peil.NewDate(2016, 8, 1), To: peil.NewDate(2016, 8, 1)},
		func(o *peil.Observation) error { got = *o; return nil })
	if err != nil {
		t.Fatal(err)
	}
	if got.Measure != 5 || got.Unit != "maatregelen" || got.Kind != peil.KindCumulative || got.Note != "antwoord op Kamervragen" ||
		got.Lower == nil || *got.Lower != 115 {
		t.Errorf("stored import = %+v; want measure, unit and kind of the indicator, the note and bounds", got)
	}
	// Importing the same rows again adds nothing.
	if n, err := db.Import(ctx, obs); err != nil || n != 0 {
		t.Errorf("Import again = %d, %v; want 0", n, err)
	}
}

func TestImportInvalid(t *testing.T) {
	ctx := context.Background()
	db := loadedDB(t, "report1.json")
	before := count(t, db, `SELECT count(*) FROM observations`)
	good := imported("investigations", 350, peil.NewDate(2016, 9, 1), 2)
	tests := []struct {
		name string
		edit func(*peil.Observation)
	}{
		{"unknown indicator", func(o *peil.Observation) { o.Indicator = "nope" }},
		{"no indicator", func(o *peil.Observation) { o.Indicator = "" }},
		{"bad qualifier", func(o *peil.Observation) { o.Qualifier = "about" }},
		{"no period end", func(o *peil.Observation) { o.PeriodEnd = peil.Date{} }},
		{"start after end", func(o *peil.Observation) { o.PeriodStart = peil.NewDate(2017, 1, 1) }},
		{"no citation", func(o *peil.Observation) { o.Citation = "" }},
	}
	for _, tt := range tests {
		bad := good
		bad.Line = 7
		tt.edit(&bad)
		_, err := db.Import(ctx, []peil.Observation{good, bad})
		var pe *peil.Error
		if peil.ErrorCode(err) != peil.EINVALID || !errors.As(err, &pe) || pe.Line != 7 {
			t.Errorf("%s: Import = %v; want EINVALID on line 7", tt.name, err)
		}
	}
	if after := count(t, db, `SELECT count(*) FROM observations`); after != before {
		t.Errorf("observations = %d after bad imports; want %d (nothing imported)", after, before)
	}
}

// An imported value without a period start joins the report's point with the
// same period end, and the point keeps the report's start.
func TestImportJoinsPointWithoutStart(t *testing.T) {
	ctx := context.Background()
	db := loadedDB(t, "report2.json")
	if _, err := db.Import(ctx, []peil.Observation{imported("passport_measures", 131, peil.NewDate(2016, 11, 1), 2)}); err != nil {
		t.Fatal(err)
	}
	s, err := db.Series(ctx, "passport_measures")
	if err != nil {
		t.Fatal(err)
	}
	p := s.Points[len(s.Points)-1]
	if len(s.Points) != 2 || p.PeriodStart.String() != "2014-01-01" || len(p.Statements) != 2 || !p.Revised || p.Value != 130 {
		t.Errorf("points = %+v; want the import as a second statement of report2's point, revised, showing 130", s.Points)
	}
}

// Values beyond ±peil.MaxValue, near float64's end, are refused with their
// line (before, 1.8e308 was stored and its sums became +Inf).
func TestImportOutOfRange(t *testing.T) {
	db := loadedDB(t, "report1.json")
	for _, v := range []float64{1.7e308, -1e16, peil.MaxValue * 1.5} {
		_, err := db.Import(context.Background(), []peil.Observation{imported("investigations", v, peil.NewDate(2016, 9, 1), 4)})
		var pe *peil.Error
		if !errors.As(err, &pe) || pe.Code != peil.EINVALID || pe.Line != 4 || !strings.Contains(pe.Message, "bereik") {
			t.Errorf("Import(%g) = %v; want EINVALID on line 4 about the range", v, err)
		}
	}
	if n, err := db.Import(context.Background(), []peil.Observation{imported("investigations", peil.MaxValue, peil.NewDate(2016, 9, 1), 4)}); err != nil || n != 1 {
		t.Errorf("Import(MaxValue) = %d, %v; want it stored", n, err)
	}
}

// A stored value that is not finite (a database from before the range
// check) never makes a read fail to encode: the series, the observations and
// their JSON leave it out.
func TestNonFiniteStoredValueEncodes(t *testing.T) {
	ctx := context.Background()
	db := loadedDB(t, "report1.json")
	obs := []peil.Observation{
		imported("investigations", 5, peil.NewDate(2016, 9, 1), 2),
		imported("investigations", 6, peil.NewDate(2016, 10, 1), 3),
	}
	if _, err := db.Import(ctx, obs); err != nil {
		t.Fatal(err)
	}
	if _, err := db.sql.ExecContext(ctx, `UPDATE observations SET value = 'inf'::DOUBLE, lower = 'inf'::DOUBLE, upper = 'inf'::DOUBLE
		WHERE source = 'imported' AND value = 5`); err != nil {
		t.Fatal(err)
	}
	db.gen.Add(1) // the cache holds a series per data generation
	s, err := db.Series(ctx, "investigations")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := json.Marshal(s); err != nil {
		t.Errorf("json.Marshal(series) = %v; want no error", err)
	}
	var six bool
	err = db.Observations(ctx, peil.Filter{Indicator: "investigations"}, func(o *peil.Observation) error {
		six = six || o.Value == 6
		_, err := json.Marshal(o)
		return err
	})
	if err != nil || !six {
		t.Errorf("Observations = %v (saw 6: %v); want every finite observation, encodable", err, six)
	}
	all, err := db.AllSeries(ctx, []peil.IndicatorID{"investigations", "passport_measures"})
	if err == nil {
		_, err = json.Marshal(all)
	}
	if err != nil {
		t.Errorf("AllSeries and its JSON = %v; want no error", err)
	}
}

// Duplicates within one file and against earlier imports are found by their
// key (indicator, period, value, qualifier, citation), whatever the row order.
func TestImportDuplicatesByKey(t *testing.T) {
	ctx := context.Background()
	db := loadedDB(t, "report1.json")
	a := imported("investigations", 5, peil.NewDate(2016, 9, 1), 2)
	b := imported("investigations", 6, peil.NewDate(2016, 9, 1), 3)
	c := a
	c.Citation = "een andere bron"
	if n, err := db.Import(ctx, []peil.Observation{a, b, a, c, b}); err != nil || n != 3 {
		t.Errorf("Import(a, b, a, c, b) = %d, %v; want 3", n, err)
	}
	d := imported("investigations", 5, peil.NewDate(2016, 9, 1), 9)
	d.PeriodStart = peil.NewDate(2016, 1, 1)
	if n, err := db.Import(ctx, []peil.Observation{c, d, b, a, d}); err != nil || n != 1 {
		t.Errorf("Import again with one new row = %d, %v; want 1", n, err)
	}
}

// importStatements imports obs into db and returns the statements DuckDB ran
// for it, from its own query log (DuckDB's logging, type QueryLog).
func importStatements(t *testing.T, db *DB, obs []peil.Observation) []string {
	t.Helper()
	return loggedStatements(t, db, func() error {
		if _, err := db.Import(context.Background(), obs); err != nil {
			return fmt.Errorf("Import of %d rows: %w", len(obs), err)
		}
		return nil
	})
}

// loggedStatements runs run and returns the statements it ran on db, from
// DuckDB's query log, in order.
func loggedStatements(t *testing.T, db *DB, run func() error) []string {
	t.Helper()
	ctx := context.Background()
	if _, err := db.sql.ExecContext(ctx, `CALL truncate_duckdb_logs()`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.sql.ExecContext(ctx, `CALL enable_logging('QueryLog')`); err != nil {
		t.Fatal(err)
	}
	if err := run(); err != nil {
		t.Fatal(err)
	}
	if _, err := db.sql.ExecContext(ctx, `CALL disable_logging()`); err != nil {
		t.Fatal(err)
	}
	rows, err := db.sql.QueryContext(ctx, `SELECT message FROM duckdb_logs
		WHERE type = 'QueryLog' AND message NOT LIKE 'CALL disable_logging%' ORDER BY timestamp`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var stmts []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		stmts = append(stmts, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return stmts
}

// Import runs as many statements for 2,000 rows as for 200, whatever the
// duplicates (DuckDB's own query log): duplicates are found in one query
// and a map, not one query per row (before, 100,000 rows took five minutes).
func TestImportStatementsConstant(t *testing.T) {
	db := loadedDB(t, "report1.json")
	rows := func(n int) []peil.Observation {
		obs := make([]peil.Observation, n)
		for i := range obs {
			obs[i] = imported("investigations", float64(i/2), peil.NewDate(2016, 9, 1), i+2) // every row twice
		}
		return obs
	}
	small := importStatements(t, db, rows(200))  // 100 new rows
	large := importStatements(t, db, rows(2000)) // 900 new rows, 100 imported before
	var stored int
	if err := db.sql.QueryRow(`SELECT count(*) FROM observations WHERE source = 'imported'`).Scan(&stored); err != nil || stored != 1000 {
		t.Errorf("imported observations stored = %d, %v; want 1000", stored, err)
	}
	if len(small) == 0 || len(large) != len(small) {
		t.Errorf("Import ran %d statements for 200 rows and %d for 2,000; want the same number, more than none; for 2,000 rows: %s",
			len(small), len(large), tally(large))
	}
}

// tally gives each distinct statement with how often it ran, the most
// frequent first, its whitespace folded.
func tally(stmts []string) string {
	n := map[string]int{}
	for _, s := range stmts {
		n[strings.Join(strings.Fields(s), " ")]++
	}
	keys := slices.Collect(maps.Keys(n))
	slices.SortFunc(keys, func(a, b string) int { return cmp.Or(n[b]-n[a], strings.Compare(a, b)) })
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "\n\t%d× %s", n[k], k)
	}
	return b.String()
}
