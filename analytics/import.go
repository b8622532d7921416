package analytics

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"math"

	"github.com/peil-dev/peil"
)

// Import stores observations from elsewhere (parliamentary answers, other
// reports, news), all or nothing, and returns how many it added. Each needs a
// known indicator, a valid qualifier, a finite value, a period end not before
// its start and a citation; measure, unit and kind come from the indicator
// when empty. The first bad observation gives an EINVALID error with its Line
// (the caller adds the file). An observation equal to one imported before
// (indicator, period, value, qualifier and citation) is skipped.
func (db *DB) Import(ctx context.Context, obs []peil.Observation) (int, error) {
	if err := db.writable(); err != nil {
		return 0, err
	}
	db.writeMu.Lock()
	defer db.writeMu.Unlock()
	var added int
	err := db.writeTx(ctx, func(conn *sql.Conn) error {
		byID, err := indicatorsByID(ctx, conn, indicatorsSQL)
		if err != nil {
			return err
		}
		seen, err := importedKeys(ctx, conn)
		if err != nil {
			return err
		}
		rows := make([]peil.Observation, 0, len(obs))
		for i := range obs {
			o := obs[i]
			if err := prepareImported(&o, byID); err != nil {
				return err
			}
			k := importKeyOf(&o)
			if _, dup := seen[k]; !dup {
				seen[k] = struct{}{}
				rows = append(rows, o)
			}
		}
		if err := db.w.load(ctx, conn); err != nil {
			return err
		}
		first := db.w.nextIDs("observations", len(rows))
		added = len(rows)
		sents := newSentenceSet(0, db.w.nextIDs("sentences", 0), nil)
		sentIDs := sents.add(rows)
		db.w.nextIDs("sentences", len(sents.texts))
		if err := sents.store(ctx, conn); err != nil {
			return err
		}
		return appendRows(ctx, conn, "observations", len(rows), func(i int) []driver.Value {
			rows[i].ID = first + int64(i)
			return observationRow(&rows[i], sentIDs[i])
		})
	})
	if err != nil {
		if peil.ErrorCode(err) == peil.EINVALID {
			return 0, err
		}
		return 0, fmt.Errorf("import: %w", err)
	}
	return added, nil
}

// CheckImport validates observations as Import does, without writing: it
// works on a read-only database too, so that bad rows are found before the
// database is opened for writing. The first bad observation gives an EINVALID
// error with its Line.
func (db *DB) CheckImport(ctx context.Context, obs []peil.Observation) error {
	ctx, done := db.reading(ctx)
	defer done()
	byID, err := indicatorsByID(ctx, db.sql, indicatorsSQL)
	if err != nil {
		return fmt.Errorf("check import: %w", err)
	}
	for i := range obs {
		o := obs[i] // prepareImported completes its argument: work on a copy
		if err := prepareImported(&o, byID); err != nil {
			return err
		}
	}
	return nil
}

// prepareImported validates o and completes it from its indicator.
func prepareImported(o *peil.Observation, inds map[peil.IndicatorID]peil.Indicator) error {
	bad := func(format string, args ...any) error {
		return &peil.Error{Code: peil.EINVALID, Line: o.Line, Message: fmt.Sprintf(format, args...)}
	}
	ind, ok := inds[o.Indicator]
	switch {
	case o.Indicator == "":
		return bad("geen indicator")
	case !ok:
		return bad("onbekende indicator %q", o.Indicator)
	case !o.Qualifier.Valid():
		return bad("onbekende kwalificatie %q (kies exact, approx, at_least, more_than of at_most)", o.Qualifier)
	case math.IsNaN(o.Value):
		return bad("waarde is geen getal")
	case !peil.InRange(o.Value):
		return bad("waarde %g buiten het bereik van ±%s", o.Value, peil.FormatNumber(peil.MaxValue))
	case o.PeriodEnd.IsZero():
		return bad("geen einddatum van de periode")
	case !o.PeriodStart.IsZero() && o.PeriodStart.After(o.PeriodEnd.Time):
		return bad("begin van de periode %s ligt na het einde %s", o.PeriodStart, o.PeriodEnd)
	case o.Citation == "":
		return bad("geen bron: geef een URL of bronvermelding")
	case o.Kind != "" && !o.Kind.Valid():
		return bad("onbekende soort %q", o.Kind)
	}
	if o.Measure == 0 {
		o.Measure = ind.Measure
	}
	if o.Unit == "" {
		o.Unit = ind.Unit
	}
	if o.Kind == "" {
		o.Kind = ind.Kind
	}
	if o.Text == "" {
		o.Text = peil.FormatNumber(o.Value)
	}
	o.Report, o.ReportDate, o.Source, o.Derivation = 0, peil.Date{}, peil.SourceImported, ""
	o.Lower, o.Upper = peil.Bounds(o.Qualifier, o.Value)
	return nil
}

// importKey is what makes an imported observation a duplicate of another:
// indicator, period, value, qualifier and citation.
type importKey struct {
	indicator  peil.IndicatorID
	start, end string // as YYYY-MM-DD: a time.Time's location would make equal dates differ
	value      float64
	qualifier  peil.Qualifier
	citation   string
}

func importKeyOf(o *peil.Observation) importKey {
	return importKey{o.Indicator, o.PeriodStart.String(), o.PeriodEnd.String(), o.Value, o.Qualifier, o.Citation}
}

// importedKeys returns the keys of every observation imported before, read
// in one query, so that an import finds duplicates in time linear in the
// rows, not with their square as one query per row did (BENCHMARKS.md,
// "Import: 100,000 rows").
func importedKeys(ctx context.Context, conn *sql.Conn) (map[importKey]struct{}, error) {
	rows, err := conn.QueryContext(ctx, `SELECT indicator, period_start, period_end, value, qualifier, citation
		FROM observations WHERE source = 'imported'`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	keys := map[importKey]struct{}{}
	for rows.Next() {
		var ind, qual, citation string
		var start, end peil.Date
		var v float64
		if err := rows.Scan(&ind, &start, &end, &v, &qual, &citation); err != nil {
			return nil, err
		}
		keys[importKey{peil.IndicatorID(ind), start.String(), end.String(), v, peil.Qualifier(qual), citation}] = struct{}{}
	}
	return keys, rows.Err()
}
