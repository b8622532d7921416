package server

import (
	"sync"
	"time"

	"github.com/peil-dev/peil"
)

// Login throttling. Failed logins are counted per account name and per
// client address; a count is forgotten throttleWindow after its last
// failure. From throttleSlowAfter failures on, every further attempt on that
// account or from that address waits first: 1 s, then 2, 4, up to
// throttleMaxDelay. At throttleAccountLimit failures of an account, or
// throttleAddrLimit from an address, logins are refused (429) until
// throttleWindow after the last failure. A successful login forgets the
// account's failures (not the address's: one good account must not reset an
// address that is guessing others).
const (
	throttleWindow       = 15 * time.Minute
	throttleSlowAfter    = 3
	throttleMaxDelay     = 8 * time.Second
	throttleAccountLimit = 10
	throttleAddrLimit    = 30
	throttleMaxKeys      = 10000 // beyond this, forgotten counts are pruned
)

type failures struct {
	n    int
	last time.Time
}

// throttle holds the failure counts; its methods are safe for concurrent use.
type throttle struct {
	mu   sync.Mutex
	keys map[string]failures
}

func newThrottle() *throttle { return &throttle{keys: map[string]failures{}} }

func accountKey(user string) string { return "user:" + user }
func addrKey(addr string) string    { return "addr:" + addr }

// count returns the live failure count of key at now.
func (t *throttle) count(key string, now time.Time) failures {
	f := t.keys[key]
	if now.Sub(f.last) > throttleWindow {
		return failures{}
	}
	return f
}

// check returns how long a login attempt for user from addr must wait, or a
// codeTooMany error when it is refused.
func (t *throttle) check(user, addr string, now time.Time) (time.Duration, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	acc, ad := t.count(accountKey(user), now), t.count(addrKey(addr), now)
	if acc.n >= throttleAccountLimit || ad.n >= throttleAddrLimit {
		last := acc.last
		if ad.last.After(last) {
			last = ad.last
		}
		minutes := int(last.Add(throttleWindow).Sub(now).Minutes()) + 1
		return 0, peil.Errorf(codeTooMany, "te veel mislukte inlogpogingen; probeer het over %d minuten opnieuw", minutes)
	}
	n := max(acc.n, ad.n)
	if n < throttleSlowAfter {
		return 0, nil
	}
	d := time.Second << (n - throttleSlowAfter)
	return min(d, throttleMaxDelay), nil
}

// fail counts a failed login for user from addr.
func (t *throttle) fail(user, addr string, now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.keys) >= throttleMaxKeys {
		for k, f := range t.keys {
			if now.Sub(f.last) > throttleWindow {
				delete(t.keys, k)
			}
		}
	}
	for _, k := range []string{accountKey(user), addrKey(addr)} {
		if _, known := t.keys[k]; !known && len(t.keys) >= throttleMaxKeys {
			continue // full of live counts: the known ones still count
		}
		f := t.count(k, now)
		t.keys[k] = failures{n: f.n + 1, last: now}
	}
}

// succeed forgets the failures of user.
func (t *throttle) succeed(user string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.keys, accountKey(user))
}
