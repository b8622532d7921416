package analytics

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"

	"github.com/peil-dev/peil"
)

//go:embed migrations/*.sql
var migrations embed.FS

// migration is one numbered schema change.
type migration struct {
	version int
	name    string
	sql     string
}

// loadMigrations returns the embedded migrations in version order. Their file
// names start with the version: 0001_init.sql.
func loadMigrations() ([]migration, error) {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, name := range names {
		base := strings.TrimPrefix(name, "migrations/")
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s: name must start with a version number and '_'", base)
		}
		b, err := migrations.ReadFile(name)
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: base, sql: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i := 1; i < len(ms); i++ {
		if ms[i].version == ms[i-1].version {
			return nil, fmt.Errorf("migrations %s and %s share version %d", ms[i-1].name, ms[i].name, ms[i].version)
		}
	}
	return ms, nil
}

// migrate applies the migrations not yet in schema_migrations, each in its own
// transaction together with its schema_migrations row.
func (db *DB) migrate(ctx context.Context) (err error) {
	defer peil.Wrap(&err, "migrate")
	db.writeMu.Lock()
	defer db.writeMu.Unlock()
	if _, err := db.sql.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)`); err != nil {
		return err
	}
	ms, err := loadMigrations()
	if err != nil {
		return err
	}
	applied := map[int]bool{}
	rows, err := db.sql.QueryContext(ctx, `SELECT version FROM schema_migrations`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			rows.Close()
			return err
		}
		applied[v] = true
	}
	if err := rows.Close(); err != nil {
		return err
	}
	for _, m := range ms {
		if applied[m.version] {
			continue
		}
		err := db.inTx(ctx, func(conn *sql.Conn) error {
			if _, err := conn.ExecContext(ctx, m.sql); err != nil {
				return err
			}
			_, err := conn.ExecContext(ctx, `INSERT INTO schema_migrations VALUES (?, ?, now())`, m.version, m.name)
			return err
		})
		if err != nil {
			return fmt.Errorf("%s: %w", m.name, err)
		}
	}
	return nil
}

// checkSchema verifies that a database opened read-only has every migration.
func (db *DB) checkSchema(ctx context.Context) error {
	ms, err := loadMigrations()
	if err != nil {
		return err
	}
	var have int
	err = db.sql.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&have)
	if err != nil {
		return &peil.Error{Code: peil.EINVALID, File: db.path, Message: "geen Peil-database: het schema ontbreekt (laad eerst rapportages met peil ingest)", Err: err}
	}
	if want := ms[len(ms)-1].version; have < want {
		return &peil.Error{Code: peil.EINVALID, File: db.path, Message: fmt.Sprintf(
			"schemaversie %d is ouder dan %d: open de database eenmaal met peil ingest of peil import om haar bij te werken", have, want)}
	}
	return nil
}
