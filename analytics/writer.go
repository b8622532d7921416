package analytics

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/peil-dev/peil"
)

// writer is the state of the one writer, guarded by DB.writeMu: the last id
// handed out per table and the measures and indicators the tables hold. Only
// one process can open a database read-write, so ids counted here are unique;
// a rolled-back transaction leaves a gap. Keeping this in memory saves a
// statement per measure and per indicator in every report.
type writer struct {
	loaded     bool
	lastID     map[string]int64
	measures   map[int]bool
	indicators map[peil.IndicatorID]bool
}

// knownKeys are the measures and indicators a transaction added.
type knownKeys struct {
	measures   []int
	indicators []peil.IndicatorID
}

// load reads the writer's state on the first write.
func (w *writer) load(ctx context.Context, conn *sql.Conn) (err error) {
	defer peil.Wrap(&err, "load writer state")
	if w.loaded {
		return nil
	}
	w.lastID = map[string]int64{}
	for _, table := range []string{"reports", "observations", "events", "sentences"} {
		var id int64
		// table is one of the names above, never input.
		if err := conn.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM `+table).Scan(&id); err != nil {
			return fmt.Errorf("ids of %s: %w", table, err)
		}
		w.lastID[table] = id
	}
	w.measures = map[int]bool{}
	w.indicators = map[peil.IndicatorID]bool{}
	rows, err := conn.QueryContext(ctx, `SELECT nr, NULL FROM measures UNION ALL SELECT NULL, id FROM indicators`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var nr sql.NullInt64
		var id sql.NullString
		if err := rows.Scan(&nr, &id); err != nil {
			return err
		}
		if nr.Valid {
			w.measures[int(nr.Int64)] = true
		} else {
			w.indicators[peil.IndicatorID(id.String)] = true
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	w.loaded = true
	return nil
}

// reset forgets the state, so that the next write reads it again (after the
// catalog is loaded, for instance).
func (w *writer) reset() { w.loaded = false }

// nextIDs reserves n ids of table and returns the first.
func (w *writer) nextIDs(table string, n int) int64 {
	first := w.lastID[table] + 1
	w.lastID[table] += int64(n)
	return first
}

// addNew adds the measures and indicator ids of a report that the tables do
// not hold yet: measures with the report's title, indicators marked as not
// from the catalog. It returns what it added, for commit.
func (w *writer) addNew(ctx context.Context, conn *sql.Conn, report int64, ext *peil.Extraction) (knownKeys, error) {
	var added knownKeys
	for _, m := range ext.Measures {
		if w.measures[m.Nr] || containsInt(added.measures, m.Nr) {
			continue
		}
		if _, err := conn.ExecContext(ctx, `INSERT INTO measures VALUES (?, ?, NULL, ?)`, m.Nr, m.Title, report); err != nil {
			return added, fmt.Errorf("measure %d: %w", m.Nr, err)
		}
		added.measures = append(added.measures, m.Nr)
	}
	for _, f := range ext.Figures {
		if f.Indicator == "" || w.indicators[f.Indicator] || containsID(added.indicators, f.Indicator) {
			continue
		}
		if _, err := conn.ExecContext(ctx, `INSERT INTO indicators
			VALUES (?, ?, ?, ?, ?, ?, false, []::VARCHAR[], false, ?)`,
			string(f.Indicator), f.Measure, string(f.Indicator), string(f.Indicator), f.Unit, string(f.Kind),
			report); err != nil {
			return added, fmt.Errorf("indicator %s: %w", f.Indicator, err)
		}
		added.indicators = append(added.indicators, f.Indicator)
	}
	return added, nil
}

// commit records what a committed transaction added.
func (w *writer) commit(added knownKeys) {
	for _, nr := range added.measures {
		w.measures[nr] = true
	}
	for _, id := range added.indicators {
		w.indicators[id] = true
	}
}

func containsInt(s []int, v int) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func containsID(s []peil.IndicatorID, v peil.IndicatorID) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}
