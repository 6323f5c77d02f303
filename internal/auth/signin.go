package auth

import (
	"context"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"xaso/internal/audit"
	"xaso/internal/db"
	"xaso/internal/errs"
)

// Sign-in limits. Failures are counted per account and address pair, so that guesses from one
// place lock only that place out of that account (five wrong passwords used to lock any account,
// the administrator's included, from everywhere, issue 16); per address, against spraying many
// accounts; and per account over all addresses with a much higher ceiling, against guesses
// spread over many addresses. The ceiling never applies to an address the account already signed
// in from, nor to the server itself, so the real person (and the last administrator) keeps a way
// in; an administrator can also lift every lock of an account (Unlock).
const (
	pairFailures     = 5
	ipFailures       = 30
	accountFailures  = 50
	currentFailures  = 5 // current-password guesses on the password change, per account
	signInWindow     = 15 * time.Minute
	knownPerAccount  = 8
	knownAccountsMax = 100_000
)

// ErrThrottled refuses an attempt over one of the limits, before any hashing.
var ErrThrottled = errs.E("auth: sign in", errs.TooMany, "login.throttled")

// signInGuard holds the counters of failed attempts. It lives in memory: a restart forgets it,
// which is acceptable for a brake on guessing and costs no write per attempt.
type signInGuard struct {
	ip, pair, account, current *Throttle

	mu    sync.Mutex
	known map[string][]string // account key → addresses it signed in from
}

func newSignInGuard(now func() time.Time) *signInGuard {
	return &signInGuard{
		ip:      NewThrottle(ipFailures, signInWindow, now),
		pair:    NewThrottle(pairFailures, signInWindow, now),
		account: NewThrottle(accountFailures, signInWindow, now),
		current: NewThrottle(currentFailures, signInWindow, now),
		known:   map[string][]string{},
	}
}

func (g *signInGuard) isKnown(acct, ip string) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, a := range g.known[acct] {
		if a == ip {
			return true
		}
	}
	return false
}

func (g *signInGuard) remember(acct, ip string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	list := g.known[acct]
	for _, a := range list {
		if a == ip {
			return
		}
	}
	if len(g.known) >= knownAccountsMax {
		clear(g.known)
	}
	list = append(list, ip)
	if len(list) > knownPerAccount {
		list = list[1:]
	}
	g.known[acct] = list
}

// accountKey names an account in the counters; usernames cannot hold a NUL.
func accountKey(communeID, username string) string { return communeID + "\x00" + username }

// Attempt is one sign-in as the web shell received it.
type Attempt struct {
	CommuneID, Username, Password string
	IP                            string // the client's address, resolved through trusted proxies
	Local                         bool   // sent from the server itself, not through a proxy
}

// SignIn checks an attempt against the limits (counting it before the hash), the password
// (through the hash gate), and on success starts a session in the same transaction as its audit
// entry; it returns the account and the session's secret. Every failure for an existing account
// is audited with the address (never the password). Failures for usernames that do not exist
// are not: there is no account to file them under, and letting anonymous posts write to the
// hash-chained log would turn a flood into a flood of writes; the per-address limit bounds them
// and the request log keeps them.
func (s *Store) SignIn(ctx context.Context, a Attempt) (*User, string, error) {
	username := strings.ToLower(strings.TrimSpace(a.Username))
	if len(username) > 64 || utf8.RuneCountInString(a.Password) > 1024 {
		return nil, "", ErrBadCredentials
	}
	g := s.guard
	acct := accountKey(a.CommuneID, username)
	pair := acct + "\x00" + a.IP
	useCeiling := !a.Local && !g.isKnown(acct, a.IP)
	if !g.ip.Take(a.IP) {
		return nil, "", ErrThrottled
	}
	if !g.pair.Take(pair) {
		g.ip.Refund(a.IP)
		return nil, "", ErrThrottled
	}
	if useCeiling && !g.account.Take(acct) {
		g.ip.Refund(a.IP)
		g.pair.Refund(pair)
		return nil, "", ErrThrottled
	}
	giveBack := func() {
		g.ip.Refund(a.IP)
		g.pair.Refund(pair)
		if useCeiling {
			g.account.Refund(acct)
		}
	}
	u, found, err := s.verify(ctx, a.CommuneID, username, a.Password)
	if err != nil && err != ErrBadCredentials {
		giveBack() // busy or a fault of ours: not the person's failure
		return nil, "", err
	}
	if err == ErrBadCredentials {
		if found {
			locked := !g.pair.Allowed(pair) || (useCeiling && !g.account.Allowed(acct))
			aerr := s.db.Tx(ctx, func(tx *db.Tx) error {
				return audit.Record(ctx, tx, a.CommuneID, (*User)(nil).Actor(), "user.sign_in_failed", "user", u.ID,
					audit.Change{After: map[string]any{"ip": a.IP, "locked": locked}})
			})
			if aerr != nil {
				return nil, "", errs.Wrap("auth: sign in", aerr)
			}
		}
		return nil, "", ErrBadCredentials
	}
	g.ip.Refund(a.IP)
	g.pair.Reset(pair)
	if useCeiling {
		g.account.Refund(acct)
	}
	g.remember(acct, a.IP)
	var token string
	err = s.db.Tx(ctx, func(tx *db.Tx) error {
		var err error
		if token, err = s.insertSession(ctx, tx, u); err != nil {
			return err
		}
		return audit.Record(ctx, tx, a.CommuneID, u.Actor(), "user.sign_in", "user", u.ID,
			audit.Change{After: map[string]any{"ip": a.IP}})
	})
	if err != nil {
		return nil, "", errs.Wrap("auth: sign in", err)
	}
	return u, token, nil
}

// SignInLocked reports whether sign-ins to the account are refused somewhere: from some address
// (five failures there) or from new addresses (the account-wide ceiling).
func (s *Store) SignInLocked(communeID, username string) bool {
	acct := accountKey(communeID, username)
	return !s.guard.account.Allowed(acct) || s.guard.pair.AnyAtLimit(acct+"\x00")
}

// Unlock lifts every sign-in and password-change lock of an account (audited): an
// administrator's way to let a person back in before the window ends.
func (s *Store) Unlock(ctx context.Context, communeID string, by audit.Actor, id string) error {
	u, err := s.User(ctx, communeID, id)
	if err != nil {
		return err
	}
	err = s.db.Tx(ctx, func(tx *db.Tx) error {
		return audit.Record(ctx, tx, communeID, by, "user.unlock", "user", u.ID, audit.Change{})
	})
	if err != nil {
		return errs.Wrap("auth: unlock", err)
	}
	acct := accountKey(communeID, u.Username)
	s.guard.pair.ResetPrefix(acct + "\x00")
	s.guard.account.Reset(acct)
	s.guard.current.Reset(acct)
	return nil
}

// ChangePassword replaces a signed-in person's own password after checking the current one.
// Guesses at the current password are limited per account (a stolen session must not become a
// password oracle) and both hashes pass the gate. Like a reset, it ends every session and
// revokes every API token of the account; the caller starts a fresh session.
func (s *Store) ChangePassword(ctx context.Context, u *User, current, next string) error {
	const op = "auth: change password"
	if utf8.RuneCountInString(next) < MinPasswordLength {
		return (errs.FieldErrors{"new": "auth.password_too_short"}).Err(op)
	}
	key := accountKey(u.CommuneID, u.Username)
	if !s.guard.current.Take(key) {
		return ErrThrottled
	}
	_, _, err := s.verify(ctx, u.CommuneID, u.Username, current)
	if err == ErrBadCredentials {
		return (errs.FieldErrors{"current": "password.current_wrong"}).Err(op)
	}
	if err != nil {
		s.guard.current.Refund(key)
		return err
	}
	s.guard.current.Reset(key)
	return s.SetPassword(ctx, u.CommuneID, u.Actor(), u.ID, next)
}
