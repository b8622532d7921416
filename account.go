package peil

import (
	"errors"
	"fmt"
	"time"
)

// Role is what an account may do on the web. Roles are ordered: each may do
// what the roles before it may.
type Role string

// The roles, from least to most.
const (
	RoleReader   Role = "lezer"       // reads (also when the server requires a login)
	RoleReviewer Role = "beoordelaar" // reviews figures: confirm, assign, correct, reject, new indicator
	RoleAdmin    Role = "beheerder"   // also uploads reports, edits the catalog, reads the audit log
)

// Roles lists every role, least first.
var Roles = []Role{RoleReader, RoleReviewer, RoleAdmin}

// rank is r's place in Roles, -1 for an unknown role.
func (r Role) rank() int {
	for i, x := range Roles {
		if r == x {
			return i
		}
	}
	return -1
}

// Valid reports whether r is one of the known roles.
func (r Role) Valid() bool { return r.rank() >= 0 }

// Allows reports whether an account with role r may do what needs role need.
// An unknown role allows nothing.
func (r Role) Allows(need Role) bool {
	return r.rank() >= 0 && need.rank() >= 0 && r.rank() >= need.rank()
}

// ParseRole returns the role named s, or an EINVALID error naming the roles.
func ParseRole(s string) (Role, error) {
	if r := Role(s); r.Valid() {
		return r, nil
	}
	return "", Errorf(EINVALID, "onbekende rol %q; kies lezer, beoordelaar of beheerder", s)
}

// User is an account. Its password is kept only as a hash, in analytics.
type User struct {
	Name     string    `json:"name"`
	Role     Role      `json:"role"`
	Disabled bool      `json:"disabled"`
	Created  time.Time `json:"created"`
}

// Session is a logged-in user's session as the server sees it: who, with
// which role, and the token that state-changing requests must carry.
type Session struct {
	User      string
	Role      Role
	CSRFToken string
	Created   time.Time
	LastSeen  time.Time
}

// Session time-outs: a session ends after SessionIdleTimeout without a
// request, and SessionMaxAge after the login whatever happens.
const (
	SessionIdleTimeout = time.Hour
	SessionMaxAge      = 12 * time.Hour
)

// ErrLoginFailed is the cause of a failed login: an unknown or disabled
// account, or a wrong password (which of these is not told).
var ErrLoginFailed = errors.New("login failed")

// ErrNoSession is the cause of the error for a session token that names no
// live session: unknown, ended, timed out, or of a disabled account.
var ErrNoSession = errors.New("no session")

// ValidUserName reports whether name can name an account: 1 to 64 characters,
// letters, digits and . _ - @. An EINVALID error says why not.
func ValidUserName(name string) error {
	if name == "" || len(name) > 64 {
		return Errorf(EINVALID, "een gebruikersnaam heeft 1 tot 64 tekens")
	}
	for _, r := range name {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' ||
			r == '.' || r == '_' || r == '-' || r == '@'
		if !ok {
			return Errorf(EINVALID, "gebruikersnaam %q bevat %s; gebruik letters, cijfers en . _ - @", name, fmt.Sprintf("%q", r))
		}
	}
	return nil
}
