package analytics

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/peil-dev/peil"
)

// loadCatalog writes the catalog's clusters, measures and indicators, in one
// transaction. Rows keep their key; a catalog entry replaces a row with the same
// key, so an indicator first seen in a report becomes a catalog one once the
// catalog lists it.
func (db *DB) loadCatalog(ctx context.Context, c *peil.Catalog) error {
	db.writeMu.Lock()
	defer db.writeMu.Unlock()
	defer db.w.reset()
	err := db.writeTx(ctx, func(conn *sql.Conn) error {
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
