package analytics

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/peil-dev/peil"
)

func TestAccounts(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	const pw = "correct horse battery"
	if err := db.AddUser(ctx, "anna", peil.RoleReviewer, pw, "test"); err != nil {
		t.Fatalf("AddUser: %v", err)
	}
	if err := db.AddUser(ctx, "anna", peil.RoleAdmin, pw, "test"); peil.ErrorCode(err) != peil.EINVALID {
		t.Errorf("AddUser(anna) twice = %v; want EINVALID", err)
	}
	if err := db.AddUser(ctx, "bob", peil.RoleReader, "short", "test"); peil.ErrorCode(err) != peil.EINVALID {
		t.Errorf("AddUser with a short password = %v; want EINVALID", err)
	}
	if err := db.AddUser(ctx, "bob", "baas", pw, "test"); peil.ErrorCode(err) != peil.EINVALID {
		t.Errorf("AddUser with role baas = %v; want EINVALID", err)
	}
	if err := db.AddUser(ctx, "<b>", peil.RoleReader, pw, "test"); peil.ErrorCode(err) != peil.EINVALID {
		t.Errorf("AddUser(<b>) = %v; want EINVALID", err)
	}

	var stored string
	if err := db.sql.QueryRowContext(ctx, `SELECT password_hash FROM users WHERE name = 'anna'`).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(stored, pw) || !strings.HasPrefix(stored, "$argon2id$v=19$") {
		t.Errorf("stored hash %q: want an argon2id PHC string without the password", stored)
	}

	now := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	if _, _, err := db.Login(ctx, "anna", "wrong password!", "192.0.2.1", now); !errors.Is(err, peil.ErrLoginFailed) {
		t.Errorf("Login with a wrong password = %v; want peil.ErrLoginFailed", err)
	}
	if _, _, err := db.Login(ctx, "nobody", pw, "192.0.2.1", now); !errors.Is(err, peil.ErrLoginFailed) {
		t.Errorf("Login of an unknown user = %v; want peil.ErrLoginFailed", err)
	}
	token, s, err := db.Login(ctx, "anna", pw, "192.0.2.1", now)
	if err != nil {
		t.Fatalf("Login: %v", err)
	}
	if s.User != "anna" || s.Role != peil.RoleReviewer || len(s.CSRFToken) < 43 || len(token) < 43 {
		t.Errorf("Login = %q, %+v; want anna's session with 256-bit token and CSRF token", token, s)
	}
	var n int
	if err := db.sql.QueryRowContext(ctx, `SELECT count(*) FROM sessions WHERE id_hash = ?`, token).Scan(&n); err != nil || n != 0 {
		t.Errorf("sessions holding the token itself: %d, %v; want 0", n, err)
	}
	got, err := db.Session(ctx, token, now.Add(30*time.Minute))
	if err != nil || got.User != "anna" || got.CSRFToken != s.CSRFToken {
		t.Errorf("Session after 30 min = %+v, %v; want anna's", got, err)
	}
	// Idle time-out counts from the last request.
	if _, err := db.Session(ctx, token, now.Add(30*time.Minute+peil.SessionIdleTimeout-time.Second)); err != nil {
		t.Errorf("Session just within the idle time-out: %v", err)
	}
	if _, err := db.Session(ctx, token, now.Add(30*time.Minute+2*peil.SessionIdleTimeout+time.Second)); !errors.Is(err, peil.ErrNoSession) {
		t.Errorf("Session after the idle time-out = %v; want peil.ErrNoSession", err)
	}

	// Absolute time-out, whatever the activity.
	token, _, err = db.Login(ctx, "anna", pw, "192.0.2.1", now)
	if err != nil {
		t.Fatal(err)
	}
	for at := now; at.Before(now.Add(peil.SessionMaxAge)); at = at.Add(peil.SessionIdleTimeout / 2) {
		if _, err := db.Session(ctx, token, at); err != nil {
			t.Fatalf("Session at %v: %v", at, err)
		}
	}
	if _, err := db.Session(ctx, token, now.Add(peil.SessionMaxAge+time.Minute)); !errors.Is(err, peil.ErrNoSession) {
		t.Errorf("Session after the maximum age = %v; want peil.ErrNoSession", err)
	}

	// Logout, password change and disabling end sessions on the server.
	token, _, _ = db.Login(ctx, "anna", pw, "192.0.2.1", now)
	if err := db.Logout(ctx, token); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Session(ctx, token, now); !errors.Is(err, peil.ErrNoSession) {
		t.Errorf("Session after Logout = %v; want peil.ErrNoSession", err)
	}
	token, _, _ = db.Login(ctx, "anna", pw, "192.0.2.1", now)
	if err := db.SetPassword(ctx, "anna", "another long password", "test"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Session(ctx, token, now); !errors.Is(err, peil.ErrNoSession) {
		t.Errorf("Session after SetPassword = %v; want peil.ErrNoSession", err)
	}
	if _, _, err := db.Login(ctx, "anna", pw, "192.0.2.1", now); !errors.Is(err, peil.ErrLoginFailed) {
		t.Errorf("Login with the old password = %v; want peil.ErrLoginFailed", err)
	}
	token, _, err = db.Login(ctx, "anna", "another long password", "192.0.2.1", now)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.DisableUser(ctx, "anna", "test"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Session(ctx, token, now); !errors.Is(err, peil.ErrNoSession) {
		t.Errorf("Session after DisableUser = %v; want peil.ErrNoSession", err)
	}
	if _, _, err := db.Login(ctx, "anna", "another long password", "192.0.2.1", now); !errors.Is(err, peil.ErrLoginFailed) {
		t.Errorf("Login of a disabled user = %v; want peil.ErrLoginFailed", err)
	}
	if err := db.DisableUser(ctx, "nobody", "test"); peil.ErrorCode(err) != peil.ENOTFOUND {
		t.Errorf("DisableUser(nobody) = %v; want ENOTFOUND", err)
	}
	// Every change and every login is in the audit log, no password or hash.
	log, err := db.AuditLog(ctx, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	actions := map[string]int{}
	for _, e := range log {
		actions[e.Action]++
		if strings.Contains(e.Before+e.After, pw) || strings.Contains(e.Before+e.After, "argon2") {
			t.Errorf("audit entry %+v holds a password or hash", e)
		}
	}
	for action, want := range map[string]int{AuditAddUser: 1, AuditSetPassword: 1, AuditDisableUser: 1,
		AuditLogin: 5, AuditLoginFailed: 4, AuditLogout: 1} {
		if actions[action] != want {
			t.Errorf("audit log has %d %s entries; want %d (all: %v)", actions[action], action, want, actions)
		}
	}
	users, err := db.Users(ctx)
	if err != nil || len(users) != 1 || users[0].Name != "anna" || !users[0].Disabled {
		t.Errorf("Users = %+v, %v; want anna, disabled", users, err)
	}
}

func TestGeneratePassword(t *testing.T) {
	seen := map[string]bool{}
	for range 50 {
		p, err := GeneratePassword()
		if err != nil {
			t.Fatal(err)
		}
		if len(p) != 20 || strings.Trim(p, passwordAlphabet) != "" || seen[p] {
			t.Fatalf("GeneratePassword = %q: want 20 new characters of the alphabet", p)
		}
		seen[p] = true
	}
}
