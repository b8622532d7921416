package analytics

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/peil-dev/peil"
)

// The catalog lives in the database: the embedded CSVs seed a new one
// (loadCatalog), and from then on users change it (AddIndicator, EditIndicator,
// ImportCatalog, and the cues review teaches). A change never rewrites
// history: observations keep the indicator they were given. Every change is
// recorded in the audit log.

// loadCatalog seeds the catalog from c, in one transaction: it adds the
// clusters, measures and indicators of c that the tables lack, and replaces
// the measures and indicators first seen in a report (a measure without a
// cluster, an indicator not from the catalog). What the tables hold of the
// catalog already is left as it is, so edits survive the next open.
//
// When nothing is missing it writes nothing, so that opening a database
// read-write and closing it leaves the file as it was.
func (db *DB) loadCatalog(ctx context.Context, c *peil.Catalog) (err error) {
	defer peil.Wrap(&err, "load catalog")
	db.writeMu.Lock()
	defer db.writeMu.Unlock()
	todo, err := db.missingCatalog(ctx, c)
	if err != nil {
		return err
	}
	if len(todo.Clusters)+len(todo.Measures)+len(todo.Indicators) == 0 {
		return nil
	}
	defer db.w.reset()
	err = db.writeTx(ctx, func(conn *sql.Conn) error {
		if err := putCatalog(ctx, conn, todo); err != nil {
			return err
		}
		return writeAudit(ctx, conn, "peil", "catalog.seed", "catalog", nil, map[string]int{
			"clusters": len(todo.Clusters), "measures": len(todo.Measures), "indicators": len(todo.Indicators)})
	})
	if err != nil {
		return err
	}
	return nil
}

// putCatalog writes c's clusters, measures and indicators, replacing the
// rows of the same key, with one statement per table (per catalogChunk
// rows): DuckDB holds some 260 KB for each INSERT OR REPLACE statement until
// the transaction commits, so that a statement per row took 52 MB to seed
// a new database's catalog of 120 rows, against 1 MB now.
func putCatalog(ctx context.Context, conn *sql.Conn, c *peil.Catalog) error {
	clusters := make([][]any, len(c.Clusters))
	for i, cl := range c.Clusters {
		clusters[i] = []any{cl.ID, cl.Name, cl.NameEN, cl.First, cl.Last}
	}
	measures := make([][]any, len(c.Measures))
	for i, m := range c.Measures {
		measures[i] = []any{m.Nr, m.Title, nullString(m.Cluster)}
	}
	indicators := make([][]any, len(c.Indicators))
	for i, ind := range c.Indicators {
		cues := ind.Cues
		if cues == nil {
			cues = []string{}
		}
		indicators[i] = []any{string(ind.ID), ind.Measure, ind.Label, ind.LabelEN, ind.Unit, string(ind.Kind), ind.Key, cues}
	}
	if err := replaceRows(ctx, conn, "clusters", "(?, ?, ?, ?, ?)", clusters); err != nil {
		return err
	}
	if err := replaceRows(ctx, conn, "measures", "(?, ?, ?, NULL)", measures); err != nil {
		return err
	}
	return replaceRows(ctx, conn, "indicators", "(?, ?, ?, ?, ?, ?, ?, ?, true, NULL)", indicators)
}

// putIndicator writes one indicator, replacing the row of its id.
func putIndicator(ctx context.Context, conn *sql.Conn, ind peil.Indicator) error {
	return putCatalog(ctx, conn, &peil.Catalog{Indicators: []peil.Indicator{ind}})
}

// catalogChunk is how many rows one statement of replaceRows writes at most.
const catalogChunk = 500

// replaceRows writes rows (each its placeholders' values, the key first) into
// table with INSERT OR REPLACE, a statement per catalogChunk rows. Of rows
// with the same key the last one counts, as with a statement per row (one
// statement may not replace a row twice).
func replaceRows(ctx context.Context, conn *sql.Conn, table, placeholders string, rows [][]any) error {
	last := make(map[any]int, len(rows))
	for i, r := range rows {
		last[r[0]] = i
	}
	kept := rows[:0:0]
	for i, r := range rows {
		if last[r[0]] == i {
			kept = append(kept, r)
		}
	}
	for len(kept) > 0 {
		n := min(len(kept), catalogChunk)
		args := make([]any, 0, n*len(kept[0]))
		for _, r := range kept[:n] {
			args = append(args, r...)
		}
		q := "INSERT OR REPLACE INTO " + table + " VALUES " + strings.Repeat(placeholders+", ", n-1) + placeholders
		if _, err := conn.ExecContext(ctx, q, args...); err != nil {
			return fmt.Errorf("write %d rows of %s: %w", n, table, err)
		}
		kept = kept[n:]
	}
	return nil
}

// missingCatalog returns what of c loadCatalog must write.
func (db *DB) missingCatalog(ctx context.Context, c *peil.Catalog) (*peil.Catalog, error) {
	todo := &peil.Catalog{}
	clusters := map[string]bool{}
	measures := map[int]bool{} // nr -> has a cluster
	indicators := map[string]bool{}
	rows, err := db.sql.QueryContext(ctx, `SELECT 'c', id, 0, true FROM clusters
		UNION ALL SELECT 'm', '', nr, cluster IS NOT NULL FROM measures
		UNION ALL SELECT 'i', id, 0, from_catalog FROM indicators`)
	if err != nil {
		return nil, err
	}
	type row struct {
		table, id string
		nr        int
		ok        bool
	}
	var all []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.table, &r.id, &r.nr, &r.ok); err != nil {
			rows.Close()
			return nil, err
		}
		all = append(all, r)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	for _, r := range all {
		switch r.table {
		case "c":
			clusters[r.id] = true
		case "m":
			measures[r.nr] = r.ok
		case "i":
			indicators[r.id] = r.ok
		}
	}
	for _, cl := range c.Clusters {
		if !clusters[cl.ID] {
			todo.Clusters = append(todo.Clusters, cl)
		}
	}
	for _, m := range c.Measures {
		if !measures[m.Nr] {
			todo.Measures = append(todo.Measures, m)
		}
	}
	for _, ind := range c.Indicators {
		if !indicators[string(ind.ID)] {
			todo.Indicators = append(todo.Indicators, ind)
		}
	}
	return todo, nil
}

// Catalog reads the catalog as it stands: clusters by first measure, measures
// by number, and the catalog's indicators (not the ids only seen in reports or
// imports) by measure and id. When a database is involved, this is the catalog
// ingest matches with.
func (db *DB) Catalog(ctx context.Context) (*peil.Catalog, error) {
	ctx, done := db.reading(ctx)
	defer done()
	c, err := readCatalog(ctx, db.sql)
	if err != nil {
		return nil, fmt.Errorf("catalog: %w", err)
	}
	return c, nil
}

func readCatalog(ctx context.Context, q querier) (*peil.Catalog, error) {
	c := &peil.Catalog{Clusters: []peil.Cluster{}, Measures: []peil.Measure{}}
	rows, err := q.QueryContext(ctx, `SELECT id, name, name_en, first_measure, last_measure FROM clusters ORDER BY first_measure, id`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var cl peil.Cluster
		if err := rows.Scan(&cl.ID, &cl.Name, &cl.NameEN, &cl.First, &cl.Last); err != nil {
			rows.Close()
			return nil, err
		}
		c.Clusters = append(c.Clusters, cl)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	// A measure first seen in a report is not the catalog's (migration 0009).
	rows, err = q.QueryContext(ctx, `SELECT nr, title, coalesce(cluster, '') FROM measures WHERE first_report IS NULL ORDER BY nr`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var m peil.Measure
		if err := rows.Scan(&m.Nr, &m.Title, &m.Cluster); err != nil {
			rows.Close()
			return nil, err
		}
		c.Measures = append(c.Measures, m)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	if c.Indicators, err = catalogIndicators(ctx, q); err != nil {
		return nil, err
	}
	return c, nil
}

// AddIndicator adds an indicator to the catalog, with an audit entry by by.
// A bad indicator (peil.CheckIndicator), an unknown measure or an id that
// exists gives EINVALID, and nothing changes.
func (db *DB) AddIndicator(ctx context.Context, ind peil.Indicator, by string) error {
	if err := db.writable(); err != nil {
		return err
	}
	db.writeMu.Lock()
	defer db.writeMu.Unlock()
	err := db.writeTx(ctx, func(conn *sql.Conn) error {
		return db.insertIndicator(ctx, conn, ind, by, AuditAddIndicator)
	})
	if err != nil {
		return fmt.Errorf("add indicator %s: %w", ind.ID, err)
	}
	return nil
}

// insertIndicator checks and inserts a new catalog indicator on conn, with an
// audit entry.
func (db *DB) insertIndicator(ctx context.Context, conn *sql.Conn, ind peil.Indicator, by, action string) error {
	if strings.TrimSpace(by) == "" {
		return peil.Errorf(peil.EINVALID, "geef aan wie de catalogus wijzigt (--by)")
	}
	ind.Cues = normalCues(ind.Cues)
	if ind.LabelEN == "" {
		ind.LabelEN = ind.Label
	}
	if err := peil.CheckIndicator(ind); err != nil {
		return err
	}
	if _, ok, err := indicatorByID(ctx, conn, ind.ID); err != nil {
		return err
	} else if ok {
		return peil.Errorf(peil.EINVALID, "indicator %s bestaat al; wijzig hem met peil catalog edit", ind.ID)
	}
	if err := measureExists(ctx, conn, ind.Measure); err != nil {
		return err
	}
	if err := putIndicator(ctx, conn, ind); err != nil {
		return err
	}
	db.w.reset() // the writer's known indicators
	return writeAudit(ctx, conn, by, action, "indicator:"+string(ind.ID), nil, ind)
}

func measureExists(ctx context.Context, q querier, nr int) error {
	var n int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM measures WHERE nr = ?`, nr).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return peil.Errorf(peil.EINVALID, "maatregel %d bestaat niet in de catalogus", nr)
	}
	return nil
}

func normalCues(cues []string) []string {
	return peil.ParseCues(strings.Join(cues, "|"))
}

// EditIndicator changes an indicator of the catalog, with an audit entry by
// by, and returns it as it is now. An unknown id gives ENOTFOUND, a bad value
// EINVALID; nothing changes then.
func (db *DB) EditIndicator(ctx context.Context, id peil.IndicatorID, e peil.IndicatorEdit, by string) (peil.Indicator, error) {
	if err := db.writable(); err != nil {
		return peil.Indicator{}, err
	}
	if strings.TrimSpace(by) == "" {
		return peil.Indicator{}, peil.Errorf(peil.EINVALID, "geef aan wie de catalogus wijzigt (--by)")
	}
	if e.Label == nil && e.LabelEN == nil && e.Unit == nil && e.Kind == nil && e.Cues == nil && e.Key == nil {
		return peil.Indicator{}, peil.Errorf(peil.EINVALID, "geef wat er verandert: --label, --label-en, --unit, --kind, --cues of --key")
	}
	db.writeMu.Lock()
	defer db.writeMu.Unlock()
	var out peil.Indicator
	err := db.writeTx(ctx, func(conn *sql.Conn) error {
		before, ok, err := indicatorByID(ctx, conn, id)
		if err != nil {
			return err
		}
		if !ok {
			return peil.Errorf(peil.ENOTFOUND, "indicator %s bestaat niet (peil catalog export toont de catalogus)", id)
		}
		after := before
		if e.Label != nil {
			after.Label = strings.TrimSpace(*e.Label)
		}
		if e.LabelEN != nil {
			after.LabelEN = strings.TrimSpace(*e.LabelEN)
		}
		if e.Unit != nil {
			after.Unit = strings.TrimSpace(*e.Unit)
		}
		if e.Kind != nil {
			after.Kind = *e.Kind
		}
		if e.Cues != nil {
			after.Cues = normalCues(*e.Cues)
		}
		if e.Key != nil {
			after.Key = *e.Key
		}
		if after.LabelEN == "" {
			after.LabelEN = after.Label
		}
		if err := peil.CheckIndicator(after); err != nil {
			return err
		}
		out = after
		if sameIndicator(before, after) {
			return nil
		}
		if err := putIndicator(ctx, conn, after); err != nil {
			return err
		}
		return writeAudit(ctx, conn, by, AuditEditIndicator, "indicator:"+string(id), before, after)
	})
	if err != nil {
		return peil.Indicator{}, fmt.Errorf("edit indicator %s: %w", id, err)
	}
	return out, nil
}

func sameIndicator(a, b peil.Indicator) bool {
	return a.ID == b.ID && a.Measure == b.Measure && a.Label == b.Label && a.LabelEN == b.LabelEN && a.Unit == b.Unit &&
		a.Kind == b.Kind && a.Key == b.Key && slices.Equal(a.Cues, b.Cues)
}

// CatalogImport says what ImportCatalog changed.
type CatalogImport struct {
	Added     int `json:"added"`     // clusters, measures and indicators that were new
	Changed   int `json:"changed"`   // that differed and were replaced
	Unchanged int `json:"unchanged"` // that were stored as they are
}

// ImportCatalog applies a catalog (as read from an export, see
// data.ReadCatalog) in one transaction: new clusters, measures and indicators
// are added, differing ones replaced, each with an audit entry by by; what the
// file does not list stays. An indicator of a measure neither stored nor in c
// gives EINVALID and nothing changes.
func (db *DB) ImportCatalog(ctx context.Context, c *peil.Catalog, by string) (CatalogImport, error) {
	if err := db.writable(); err != nil {
		return CatalogImport{}, err
	}
	if strings.TrimSpace(by) == "" {
		return CatalogImport{}, peil.Errorf(peil.EINVALID, "geef aan wie de catalogus wijzigt (--by)")
	}
	db.writeMu.Lock()
	defer db.writeMu.Unlock()
	defer db.w.reset()
	var res CatalogImport
	err := db.writeTx(ctx, func(conn *sql.Conn) error {
		cur, err := readCatalog(ctx, conn)
		if err != nil {
			return err
		}
		put := &peil.Catalog{} // what changes, written at the end (putCatalog)
		for _, cl := range c.Clusters {
			i := slices.IndexFunc(cur.Clusters, func(x peil.Cluster) bool { return x.ID == cl.ID })
			var before any
			if i >= 0 {
				if cur.Clusters[i] == cl {
					res.Unchanged++
					continue
				}
				before = cur.Clusters[i]
				res.Changed++
			} else {
				res.Added++
			}
			put.Clusters = append(put.Clusters, cl)
			if err := writeAudit(ctx, conn, by, AuditImportCluster, "cluster:"+cl.ID, before, cl); err != nil {
				return err
			}
		}
		for _, m := range c.Measures {
			old, ok := cur.Measure(m.Nr)
			var before any
			if ok {
				if old == m {
					res.Unchanged++
					continue
				}
				before = old
				res.Changed++
			} else {
				res.Added++
			}
			put.Measures = append(put.Measures, m)
			if err := writeAudit(ctx, conn, by, AuditImportMeasure, fmt.Sprintf("measure:%d", m.Nr), before, m); err != nil {
				return err
			}
		}
		for _, ind := range c.Indicators {
			ind.Cues = normalCues(ind.Cues)
			if err := peil.CheckIndicator(ind); err != nil {
				return err
			}
			if _, ok := c.Measure(ind.Measure); !ok {
				if err := measureExists(ctx, conn, ind.Measure); err != nil {
					return err
				}
			}
			old, ok, err := indicatorByID(ctx, conn, ind.ID)
			if err != nil {
				return err
			}
			var before any
			if ok {
				if sameIndicator(old, ind) {
					res.Unchanged++
					continue
				}
				before = old
				res.Changed++
			} else {
				res.Added++
			}
			put.Indicators = append(put.Indicators, ind)
			if err := writeAudit(ctx, conn, by, AuditImportIndicator, "indicator:"+string(ind.ID), before, ind); err != nil {
				return err
			}
		}
		return putCatalog(ctx, conn, put)
	})
	if err != nil {
		return CatalogImport{}, fmt.Errorf("import catalog: %w", err)
	}
	return res, nil
}

// nullString maps "" to NULL.
func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}
