package analytics

import (
	"context"
	"path/filepath"
	"testing"
	"time"
)

func TestZZCommit(t *testing.T) {
	ctx := context.Background()
	db, _ := Open(ctx, filepath.Join(t.TempDir(), "x.duckdb"), Options{})
	defer db.Close()
	db.sql.Exec(`CREATE TABLE t (a INTEGER)`)
	conn, _ := db.sql.Conn(ctx)
	defer conn.Close()
	t0 := time.Now()
	for i := 0; i < 100; i++ {
		conn.ExecContext(ctx, "BEGIN TRANSACTION")
		conn.ExecContext(ctx, "INSERT INTO t VALUES (1)")
		conn.ExecContext(ctx, "COMMIT")
	}
	t1 := time.Now()
	for i := 0; i < 100; i++ {
		conn.ExecContext(ctx, "SELECT 1")
	}
	t2 := time.Now()
	for i := 0; i < 100; i++ {
		var id int64
		conn.QueryRowContext(ctx, `SELECT id FROM reports WHERE sha256 = ?`, "x").Scan(&id)
	}
	t.Logf("tx %v, select1 %v, lookup %v", (t1.Sub(t0))/100, t2.Sub(t1)/100, time.Since(t2)/100)
}
