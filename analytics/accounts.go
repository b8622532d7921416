package analytics

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/peil-dev/peil"
)

// lastSeenEvery is how stale last_seen may get before a request writes it
// again: a session costs a write per minute at most, not one per request.
const lastSeenEvery = time.Minute

// accountTx runs fn as one write transaction of the one writer. Accounts and
// sessions are no figures: the data generation stays, so cached series and
// pages stay valid.
func (db *DB) accountTx(ctx context.Context, fn func(conn *sql.Conn) error) error {
	if err := db.writable(); err != nil {
		return err
	}
	db.writeMu.Lock()
	defer db.writeMu.Unlock()
	return db.tx(ctx, fn, true)
}

// AddUser adds an account, with an audit entry by by. The password is stored
// as an argon2id hash only. The name must be new (EINVALID otherwise).
func (db *DB) AddUser(ctx context.Context, name string, role peil.Role, password, by string) error {
	if err := peil.ValidUserName(name); err != nil {
		return err
	}
	if !role.Valid() {
		_, err := peil.ParseRole(string(role))
		return err
	}
	if err := validPassword(password); err != nil {
		return err
	}
	hash, err := hashPassword(password)
	if err != nil {
		return err
	}
	err = db.accountTx(ctx, func(conn *sql.Conn) error {
		var n int
		if err := conn.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE name = ?`, name).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return peil.Errorf(peil.EINVALID, "gebruiker %q bestaat al", name)
		}
		if _, err := conn.ExecContext(ctx, `INSERT INTO users VALUES (?, ?, ?, false, ?)`,
			name, string(role), hash, time.Now().UTC()); err != nil {
			return err
		}
		return writeAudit(ctx, conn, by, AuditAddUser, "user:"+name, nil, auditUser{name, role, false})
	})
	if err != nil {
		return fmt.Errorf("add user %q: %w", name, err)
	}
	return nil
}

// SetPassword gives account name a new password and ends its sessions, with
// an audit entry by by.
func (db *DB) SetPassword(ctx context.Context, name, password, by string) error {
	if err := validPassword(password); err != nil {
		return err
	}
	hash, err := hashPassword(password)
	if err != nil {
		return err
	}
	err = db.accountTx(ctx, func(conn *sql.Conn) error {
		u, err := userByName(ctx, conn, name)
		if err != nil {
			return err
		}
		if _, err := conn.ExecContext(ctx, `UPDATE users SET password_hash = ? WHERE name = ?`, hash, name); err != nil {
			return err
		}
		if _, err := conn.ExecContext(ctx, `DELETE FROM sessions WHERE user_name = ?`, name); err != nil {
			return err
		}
		return writeAudit(ctx, conn, by, AuditSetPassword, "user:"+name, u, u)
	})
	if err != nil {
		return fmt.Errorf("set password of %q: %w", name, err)
	}
	return nil
}

// DisableUser disables account name (it can no longer log in) and ends its
// sessions, with an audit entry by by. The account stays, so that the audit
// log keeps naming it.
func (db *DB) DisableUser(ctx context.Context, name, by string) error {
	err := db.accountTx(ctx, func(conn *sql.Conn) error {
		u, err := userByName(ctx, conn, name)
		if err != nil {
			return err
		}
		if _, err := conn.ExecContext(ctx, `UPDATE users SET disabled = true WHERE name = ?`, name); err != nil {
			return err
		}
		if _, err := conn.ExecContext(ctx, `DELETE FROM sessions WHERE user_name = ?`, name); err != nil {
			return err
		}
		after := u
		after.Disabled = true
		return writeAudit(ctx, conn, by, AuditDisableUser, "user:"+name, u, after)
	})
	if err != nil {
		return fmt.Errorf("disable user %q: %w", name, err)
	}
	return nil
}

// auditUser is what the audit log keeps of an account: never its hash.
type auditUser struct {
	Name     string    `json:"name"`
	Role     peil.Role `json:"role"`
	Disabled bool      `json:"disabled"`
}

func userByName(ctx context.Context, conn *sql.Conn, name string) (auditUser, error) {
	u := auditUser{Name: name}
	var role string
	err := conn.QueryRowContext(ctx, `SELECT role, disabled FROM users WHERE name = ?`, name).Scan(&role, &u.Disabled)
	if errors.Is(err, sql.ErrNoRows) {
		return u, peil.Errorf(peil.ENOTFOUND, "gebruiker %q bestaat niet", name)
	}
	u.Role = peil.Role(role)
	return u, err
}

// Users returns every account, by name.
func (db *DB) Users(ctx context.Context) (_ []peil.User, err error) {
	defer peil.Wrap(&err, "users")
	ctx, done := db.reading(ctx)
	defer done()
	rows, err := db.sql.QueryContext(ctx, `SELECT name, role, disabled, created FROM users ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var users []peil.User
	for rows.Next() {
		var u peil.User
		var role string
		if err := rows.Scan(&u.Name, &role, &u.Disabled, &u.Created); err != nil {
			return nil, err
		}
		u.Role = peil.Role(role)
		users = append(users, u)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return users, nil
}

// Login checks name's password at time now and, when it matches an enabled
// account, starts a new session, audited with the client address addr. It
// returns the session's token (the cookie value; only its hash is stored) and
// the session. A failure is audited too (without the password) and wraps
// peil.ErrLoginFailed in an EINVALID error that does not say what was wrong.
func (db *DB) Login(ctx context.Context, name, password, addr string, now time.Time) (_ string, _ peil.Session, err error) {
	defer peil.WrapInternal(&err, "login %q", name)
	var hash, role string
	var disabled bool
	rctx, done := db.reading(ctx)
	err = db.sql.QueryRowContext(rctx, `SELECT password_hash, role, disabled FROM users WHERE name = ?`, name).
		Scan(&hash, &role, &disabled)
	done()
	found := err == nil
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", peil.Session{}, err
	}
	var ok bool
	if found {
		ok, err = checkPassword(hash, password)
	} else {
		// A name without an account costs what a wrong password costs: one
		// argon2id hash of the password, with the parameters of new hashes.
		// (A hash to check against, made at start, cost every command of
		// peil a quarter of a second and 19 MiB.)
		_, err = hashPassword(password)
	}
	if err != nil {
		return "", peil.Session{}, err
	}
	if !found || !ok || disabled {
		if err := db.accountTx(ctx, func(conn *sql.Conn) error {
			return writeAudit(ctx, conn, name, AuditLoginFailed, "user:"+name, nil, auditAddr{addr})
		}); err != nil {
			return "", peil.Session{}, err
		}
		return "", peil.Session{}, &peil.Error{Code: peil.EINVALID, Message: "onbekende gebruiker of onjuist wachtwoord", Err: peil.ErrLoginFailed}
	}
	token, err := randomToken()
	if err != nil {
		return "", peil.Session{}, err
	}
	csrf, err := randomToken()
	if err != nil {
		return "", peil.Session{}, err
	}
	now = now.UTC()
	s := peil.Session{User: name, Role: peil.Role(role), CSRFToken: csrf, Created: now, LastSeen: now}
	err = db.accountTx(ctx, func(conn *sql.Conn) error {
		// Sessions of this account that have timed out go now.
		if _, err := conn.ExecContext(ctx, `DELETE FROM sessions WHERE user_name = ? AND (last_seen < ? OR created < ?)`,
			name, now.Add(-peil.SessionIdleTimeout), now.Add(-peil.SessionMaxAge)); err != nil {
			return err
		}
		if _, err := conn.ExecContext(ctx, `INSERT INTO sessions VALUES (?, ?, ?, ?, ?)`, tokenHash(token), name, csrf, now, now); err != nil {
			return err
		}
		return writeAudit(ctx, conn, name, AuditLogin, "user:"+name, nil, auditAddr{addr})
	})
	if err != nil {
		return "", peil.Session{}, err
	}
	return token, s, nil
}

// Session returns the live session of token at time now and records that it
// was seen. A token that names no live session gives an error wrapping
// peil.ErrNoSession; a timed-out session is deleted.
func (db *DB) Session(ctx context.Context, token string, now time.Time) (peil.Session, error) {
	if token == "" {
		return peil.Session{}, peil.ErrNoSession
	}
	now = now.UTC()
	h := tokenHash(token)
	var s peil.Session
	var role string
	var disabled bool
	rctx, done := db.reading(ctx)
	err := db.sql.QueryRowContext(rctx, `SELECT s.user_name, u.role, u.disabled, s.csrf_token, s.created, s.last_seen
		FROM sessions s JOIN users u ON u.name = s.user_name WHERE s.id_hash = ?`, h).
		Scan(&s.User, &role, &disabled, &s.CSRFToken, &s.Created, &s.LastSeen)
	done() // before a write below: its commit waits for readers
	if errors.Is(err, sql.ErrNoRows) {
		return peil.Session{}, peil.ErrNoSession
	}
	if err != nil {
		return peil.Session{}, fmt.Errorf("session: %w", err)
	}
	s.Role = peil.Role(role)
	expired := now.Sub(s.LastSeen) > peil.SessionIdleTimeout || now.Sub(s.Created) > peil.SessionMaxAge
	if disabled || expired {
		if err := db.accountTx(ctx, func(conn *sql.Conn) error {
			_, err := conn.ExecContext(ctx, `DELETE FROM sessions WHERE id_hash = ?`, h)
			return err
		}); err != nil {
			return peil.Session{}, fmt.Errorf("end session: %w", err)
		}
		return peil.Session{}, peil.ErrNoSession
	}
	if now.Sub(s.LastSeen) >= lastSeenEvery {
		if err := db.accountTx(ctx, func(conn *sql.Conn) error {
			_, err := conn.ExecContext(ctx, `UPDATE sessions SET last_seen = ? WHERE id_hash = ?`, now, h)
			return err
		}); err != nil {
			return peil.Session{}, fmt.Errorf("touch session: %w", err)
		}
		s.LastSeen = now
	}
	return s, nil
}

// Logout ends the session of token on the server, audited. An unknown token
// is no error: the session is gone either way.
func (db *DB) Logout(ctx context.Context, token string) error {
	err := db.accountTx(ctx, func(conn *sql.Conn) error {
		var user string
		err := conn.QueryRowContext(ctx, `DELETE FROM sessions WHERE id_hash = ? RETURNING user_name`, tokenHash(token)).Scan(&user)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		return writeAudit(ctx, conn, user, AuditLogout, "user:"+user, nil, nil)
	})
	if err != nil {
		return fmt.Errorf("logout: %w", err)
	}
	return nil
}

// auditAddr is the after of a login's audit entry.
type auditAddr struct {
	Addr string `json:"addr"`
}

// randomToken returns 256 random bits, base64url-encoded.
func randomToken() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("random token: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// tokenHash is what the sessions table keeps of a session token.
func tokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
