package analytics

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"github.com/peil-dev/peil"
)

// loadCatalog writes the catalog's clusters, measures and indicators, in one
// transaction. Rows keep their key; a catalog entry replaces a row with the same
// key, so an indicator first seen in a report becomes a catalog one once the
// catalog lists it.
//
// When the tables hold the catalog already, it writes nothing, so that opening
// a database read-write and closing it leaves the file as it was.
func (db *DB) loadCatalog(ctx context.Context, c *peil.Catalog) error {
	db.writeMu.Lock()
	defer db.writeMu.Unlock()
	same, err := db.holdsCatalog(ctx, c)
	if err != nil {
		return fmt.Errorf("load catalog: %w", err)
	}
	if same {
		return nil
	}
	defer db.w.reset()
	err = db.writeTx(ctx, func(conn *sql.Conn) error {
		for _, cl := range c.Clusters {
			if _, err := conn.ExecContext(ctx, `INSERT OR REPLACE INTO clusters VALUES (?, ?, ?, ?, ?)`,
				cl.ID, cl.Name, cl.NameEN, cl.First, cl.Last); err != nil {
				return fmt.Errorf("cluster %s: %w", cl.ID, err)
			}
		}
		for _, m := range c.Measures {
			if _, err := conn.ExecContext(ctx, `INSERT OR REPLACE INTO measures VALUES (?, ?, ?)`,
				m.Nr, m.Title, nullString(m.Cluster)); err != nil {
				return fmt.Errorf("measure %d: %w", m.Nr, err)
			}
		}
		for _, ind := range c.Indicators {
			cues := ind.Cues
			if cues == nil {
				cues = []string{}
			}
			if _, err := conn.ExecContext(ctx, `INSERT OR REPLACE INTO indicators
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, true, NULL)`,
				string(ind.ID), ind.Measure, ind.Label, ind.LabelEN, ind.Unit, string(ind.Kind), ind.Key, cues); err != nil {
				return fmt.Errorf("indicator %s: %w", ind.ID, err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("load catalog: %w", err)
	}
	return nil
}

// holdsCatalog reports whether every cluster, measure and indicator of c is
// stored exactly as loadCatalog would write it.
func (db *DB) holdsCatalog(ctx context.Context, c *peil.Catalog) (bool, error) {
	clusters := map[peil.Cluster]bool{}
	rows, err := db.sql.QueryContext(ctx, `SELECT id, name, name_en, first_measure, last_measure FROM clusters`)
	if err != nil {
		return false, err
	}
	for rows.Next() {
		var cl peil.Cluster
		if err := rows.Scan(&cl.ID, &cl.Name, &cl.NameEN, &cl.First, &cl.Last); err != nil {
			rows.Close()
			return false, err
		}
		clusters[cl] = true
	}
	if err := rows.Close(); err != nil {
		return false, err
	}
	for _, cl := range c.Clusters {
		if !clusters[cl] {
			return false, nil
		}
	}

	type measureRow struct {
		nr             int
		title, cluster string
	}
	measures := map[measureRow]bool{}
	rows, err = db.sql.QueryContext(ctx, `SELECT nr, title, coalesce(cluster, '') FROM measures`)
	if err != nil {
		return false, err
	}
	for rows.Next() {
		var m measureRow
		if err := rows.Scan(&m.nr, &m.title, &m.cluster); err != nil {
			rows.Close()
			return false, err
		}
		measures[m] = true
	}
	if err := rows.Close(); err != nil {
		return false, err
	}
	for _, m := range c.Measures {
		if !measures[measureRow{m.Nr, m.Title, m.Cluster}] {
			return false, nil
		}
	}

	byID, err := indicatorsByID(ctx, db.sql, indicatorsSQL+` WHERE i.from_catalog AND i.first_report IS NULL`)
	if err != nil {
		return false, err
	}
	for _, ind := range c.Indicators {
		got, ok := byID[ind.ID]
		if !ok || got.Measure != ind.Measure || got.Label != ind.Label || got.LabelEN != ind.LabelEN ||
			got.Unit != ind.Unit || got.Kind != ind.Kind || got.Key != ind.Key || !slices.Equal(got.Cues, ind.Cues) {
			return false, nil
		}
	}
	return true, nil
}

// nullString maps "" to NULL.
func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// nullDate maps the zero Date to NULL.
func nullDate(d peil.Date) any {
	if d.IsZero() {
		return nil
	}
	return d.Time
}

// dateOf reads a nullable DATE column.
func dateOf(t sql.NullTime) peil.Date {
	if !t.Valid {
		return peil.Date{}
	}
	return peil.DateOf(t.Time)
}
