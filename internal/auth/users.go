package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/google/uuid"
	"golang.org/x/text/unicode/norm"

	"xaso/internal/audit"
	"xaso/internal/db"
	"xaso/internal/errs"
)

// User is an account.
type User struct {
	CommuneID string
	ID        string
	Username  string
	FullName  string
	Roles     []Role
	Disabled  bool
	CreatedAt time.Time
}

// Has reports whether u holds role r.
func (u *User) Has(r Role) bool { return u != nil && slices.Contains(u.Roles, r) }

// Actor is the audit identity of u.
func (u *User) Actor() audit.Actor {
	if u == nil {
		return audit.Actor{ID: "anonymous", Name: "Khách"}
	}
	return audit.Actor{ID: u.ID, Name: u.FullName}
}

// Store keeps accounts, sessions and tokens.
type Store struct {
	db     *db.DB
	hasher Hasher
	// SessionTTL is how long a session lasts after sign-in.
	SessionTTL time.Duration
	// TokenTTL is how long an API token lasts when its issuer names no other lifetime.
	TokenTTL time.Duration
	// Gate bounds the password hashes running at once (sign-in, password change, new accounts).
	Gate *HashGate

	guard     *signInGuard
	dummyOnce sync.Once
	dummy     string
}

// DefaultTokenTTL is the lifetime of an API token unless its issuer sets another.
const DefaultTokenTTL = 90 * 24 * time.Hour

// NewStore returns a Store hashing new passwords with h.
func NewStore(d *db.DB, h Hasher) *Store {
	s := &Store{db: d, hasher: h, SessionTTL: 12 * time.Hour, TokenTTL: DefaultTokenTTL, Gate: DefaultHashGate()}
	s.guard = newSignInGuard(s.now)
	return s
}

// now is the database's clock (the program's), so that tests which set the time see sessions,
// tokens and throttles agree.
func (s *Store) now() time.Time {
	if s.db.Clock != nil {
		return s.db.Clock()
	}
	return time.Now()
}

// hash hashes pw in a slot of the gate.
func (s *Store) hash(ctx context.Context, pw string) (string, error) {
	var h string
	err := s.Gate.Do(ctx, func() { h = s.hasher.Hash(pw) })
	return h, err
}

var usernameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{1,31}$`)

// NewUser is what it takes to create an account.
type NewUser struct {
	Username, FullName, Password string
	Roles                        []Role
}

// cleanName composes a staff member's name (NFC) and drops control and bidi characters: the name
// is printed on forms and shown in the audit log, where a right-to-left override would make it
// read as someone else's.
func cleanName(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == utf8.RuneError || unicode.Is(unicode.Bidi_Control, r) {
			return -1
		}
		return r
	}, norm.NFC.String(strings.ToValidUTF8(s, "")))
	return strings.Join(strings.Fields(s), " ")
}

func (n NewUser) validate() errs.FieldErrors {
	f := errs.FieldErrors{}
	if !usernameRE.MatchString(n.Username) {
		f["username"] = "auth.username_invalid"
	}
	if strings.TrimSpace(n.FullName) == "" {
		f["full_name"] = "auth.full_name_required"
	}
	if utf8.RuneCountInString(n.Password) < MinPasswordLength {
		f["password"] = "auth.password_too_short"
	}
	if len(n.Roles) == 0 {
		f["roles"] = "auth.roles_required"
	}
	return f
}

// CreateUser adds an account (audited).
func (s *Store) CreateUser(ctx context.Context, communeID string, by audit.Actor, n NewUser) (*User, error) {
	const op = "auth: create user"
	n.Username = strings.ToLower(strings.TrimSpace(n.Username))
	n.FullName = cleanName(n.FullName)
	if f := n.validate(); len(f) > 0 {
		return nil, f.Err(op)
	}
	u := &User{CommuneID: communeID, ID: uuid.Must(uuid.NewV7()).String(), Username: n.Username, FullName: n.FullName, Roles: n.Roles}
	hash, err := s.hash(ctx, n.Password)
	if err != nil {
		return nil, err
	}
	err = s.db.Tx(ctx, func(tx *db.Tx) error {
		u.CreatedAt = tx.Now
		_, err := tx.Exec(ctx, `INSERT INTO users (commune_id, id, username, full_name, password_hash, roles, disabled, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, FALSE, $7, $7)`, communeID, u.ID, u.Username, u.FullName, hash, FormatRoles(u.Roles), tx.Now)
		if db.IsUniqueViolation(err) {
			return (errs.FieldErrors{"username": "auth.username_taken"}).Err(op)
		}
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, communeID, by, "user.create", "user", u.ID,
			audit.Change{After: map[string]any{"username": u.Username, "full_name": u.FullName, "roles": FormatRoles(u.Roles)}})
	})
	if err != nil {
		return nil, errs.Wrap(op, err)
	}
	return u, nil
}

const userCols = `commune_id, id, username, full_name, roles, disabled, created_at`

func scanUser(sc interface{ Scan(...any) error }) (*User, error) {
	var u User
	var roles string
	if err := sc.Scan(&u.CommuneID, &u.ID, &u.Username, &u.FullName, &roles, &u.Disabled, &u.CreatedAt); err != nil {
		return nil, err
	}
	u.Roles = ParseRoles(roles)
	return &u, nil
}

// User returns one account of the commune.
func (s *Store) User(ctx context.Context, communeID, id string) (*User, error) {
	u, err := scanUser(s.db.QueryRow(ctx, `SELECT `+userCols+` FROM users WHERE commune_id = $1 AND id = $2`, communeID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.E("auth: user", errs.NotFound, "error.not_found")
	}
	return u, errs.Wrap("auth: user", err)
}

// UserByName returns the account with that username in the commune.
func (s *Store) UserByName(ctx context.Context, communeID, username string) (*User, error) {
	u, err := scanUser(s.db.QueryRow(ctx, `SELECT `+userCols+` FROM users WHERE commune_id = $1 AND username = $2`,
		communeID, strings.ToLower(strings.TrimSpace(username))))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.E("auth: user by name", errs.NotFound, "error.not_found")
	}
	return u, errs.Wrap("auth: user by name", err)
}

// Users lists a page of the commune's accounts by username, with the total.
func (s *Store) Users(ctx context.Context, communeID string, limit, offset int) ([]*User, int, error) {
	var total int
	if err := s.db.QueryRow(ctx, `SELECT count(*) FROM users WHERE commune_id = $1`, communeID).Scan(&total); err != nil {
		return nil, 0, errs.Wrap("auth: users", err)
	}
	rows, err := s.db.Query(ctx, `SELECT `+userCols+` FROM users WHERE commune_id = $1 ORDER BY username LIMIT $2 OFFSET $3`, communeID, limit, offset)
	if err != nil {
		return nil, 0, errs.Wrap("auth: users", err)
	}
	defer rows.Close()
	var out []*User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, 0, errs.Wrap("auth: users", err)
		}
		out = append(out, u)
	}
	return out, total, errs.Wrap("auth: users", rows.Err())
}

// UpdateUser changes an account's name, roles and disabled flag (audited). Disabling an account
// also ends its sessions.
func (s *Store) UpdateUser(ctx context.Context, communeID string, by audit.Actor, id, fullName string, roles []Role, disabled bool) error {
	const op = "auth: update user"
	f := errs.FieldErrors{}
	fullName = cleanName(fullName)
	if fullName == "" {
		f["full_name"] = "auth.full_name_required"
	}
	if len(roles) == 0 {
		f["roles"] = "auth.roles_required"
	}
	if err := f.Err(op); err != nil {
		return err
	}
	before, err := s.User(ctx, communeID, id)
	if err != nil {
		return err
	}
	return errs.Wrap(op, s.db.Tx(ctx, func(tx *db.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE users SET full_name = $1, roles = $2, disabled = $3, updated_at = $4 WHERE commune_id = $5 AND id = $6`,
			fullName, FormatRoles(roles), disabled, tx.Now, communeID, id); err != nil {
			return err
		}
		if disabled {
			if _, err := tx.Exec(ctx, `DELETE FROM sessions WHERE commune_id = $1 AND user_id = $2`, communeID, id); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, communeID, by, "user.update", "user", id, audit.Change{
			Before: map[string]any{"full_name": before.FullName, "roles": FormatRoles(before.Roles), "disabled": before.Disabled},
			After:  map[string]any{"full_name": fullName, "roles": FormatRoles(roles), "disabled": disabled}})
	}))
}

// SetPassword replaces an account's password, ends its sessions and revokes its API tokens
// (audited; the password itself is never logged): whoever had the old password may have made a
// token with it, and a reset is how an administrator shuts such a person out.
func (s *Store) SetPassword(ctx context.Context, communeID string, by audit.Actor, id, pw string) error {
	const op = "auth: set password"
	if utf8.RuneCountInString(pw) < MinPasswordLength {
		return (errs.FieldErrors{"password": "auth.password_too_short"}).Err(op)
	}
	hash, err := s.hash(ctx, pw)
	if err != nil {
		return err
	}
	return errs.Wrap(op, s.db.Tx(ctx, func(tx *db.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE users SET password_hash = $1, updated_at = $2 WHERE commune_id = $3 AND id = $4`, hash, tx.Now, communeID, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.E(op, errs.NotFound, "error.not_found")
		}
		if _, err := tx.Exec(ctx, `DELETE FROM sessions WHERE commune_id = $1 AND user_id = $2`, communeID, id); err != nil {
			return err
		}
		res, err = tx.Exec(ctx, `DELETE FROM api_tokens WHERE commune_id = $1 AND user_id = $2`, communeID, id)
		if err != nil {
			return err
		}
		revoked, _ := res.RowsAffected()
		return audit.Record(ctx, tx, communeID, by, "user.password", "user", id, audit.Change{After: map[string]any{"tokens_revoked": revoked}})
	}))
}

// ErrBadCredentials is returned for a wrong username or password (never saying which).
var ErrBadCredentials = errs.E("auth: login", errs.Unauthorized, "auth.bad_credentials")

// Authenticate checks a username and password and returns the account. It applies no limits:
// the web shell signs people in through SignIn.
func (s *Store) Authenticate(ctx context.Context, communeID, username, pw string) (*User, error) {
	u, _, err := s.verify(ctx, communeID, username, pw)
	return u, err
}

// verify checks a password in a slot of the hash gate. found reports whether the username
// exists (u is then set even when the password is wrong, for the audit of the failure).
func (s *Store) verify(ctx context.Context, communeID, username, pw string) (u *User, found bool, err error) {
	var hash string
	u, err = scanUserHash(s.db.QueryRow(ctx, `SELECT `+userCols+`, password_hash FROM users WHERE commune_id = $1 AND username = $2`,
		communeID, strings.ToLower(strings.TrimSpace(username))), &hash)
	if errors.Is(err, sql.ErrNoRows) {
		// Spend the same time as a real check so that timing does not reveal which usernames exist.
		if err := s.Gate.Do(ctx, func() { CheckPassword(s.dummyHash(), pw) }); err != nil {
			return nil, false, err
		}
		return nil, false, ErrBadCredentials
	}
	if err != nil {
		return nil, false, errs.Wrap("auth: login", err)
	}
	var ok bool
	var cerr error
	if err := s.Gate.Do(ctx, func() { ok, cerr = CheckPassword(hash, pw) }); err != nil {
		return nil, true, err
	}
	if cerr != nil || !ok || u.Disabled {
		return u, true, ErrBadCredentials
	}
	return u, true, nil
}

func (s *Store) dummyHash() string {
	s.dummyOnce.Do(func() { s.dummy = s.hasher.Hash("not a real password") })
	return s.dummy
}

func scanUserHash(row *sql.Row, hash *string) (*User, error) {
	var u User
	var roles string
	if err := row.Scan(&u.CommuneID, &u.ID, &u.Username, &u.FullName, &roles, &u.Disabled, &u.CreatedAt, hash); err != nil {
		return nil, err
	}
	u.Roles = ParseRoles(roles)
	return &u, nil
}

func newToken(prefix string) (token, hash string) {
	b := make([]byte, 32)
	rand.Read(b)
	token = prefix + base64.RawURLEncoding.EncodeToString(b)
	return token, tokenHash(token)
}

func tokenHash(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// CreateSession starts a session for the account and returns its secret token (for the cookie).
func (s *Store) CreateSession(ctx context.Context, u *User) (string, error) {
	var token string
	err := s.db.Tx(ctx, func(tx *db.Tx) error {
		var err error
		token, err = s.insertSession(ctx, tx, u)
		return err
	})
	return token, errs.Wrap("auth: create session", err)
}

// Sessions run on the wall clock, not the program's: a browser's session is about real hours,
// and tests that move the program's clock by days keep their signed-in clients.
func (s *Store) insertSession(ctx context.Context, tx *db.Tx, u *User) (string, error) {
	token, hash := newToken("")
	now := time.Now()
	_, err := tx.Exec(ctx, `INSERT INTO sessions (commune_id, token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
		u.CommuneID, hash, u.ID, now, now.Add(s.SessionTTL))
	return token, err
}

// SessionUser returns the account of a live session, or NotFound.
func (s *Store) SessionUser(ctx context.Context, communeID, token string) (*User, error) {
	if token == "" || len(token) > 100 {
		return nil, errs.E("auth: session", errs.NotFound, "error.not_found")
	}
	u, err := scanUser(s.db.QueryRow(ctx, `SELECT u.commune_id, u.id, u.username, u.full_name, u.roles, u.disabled, u.created_at
		FROM sessions s JOIN users u ON u.commune_id = s.commune_id AND u.id = s.user_id
		WHERE s.commune_id = $1 AND s.token_hash = $2 AND s.expires_at > $3 AND NOT u.disabled`, communeID, tokenHash(token), time.Now()))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.E("auth: session", errs.NotFound, "error.not_found")
	}
	return u, errs.Wrap("auth: session", err)
}

// DeleteSession ends a session (logout).
func (s *Store) DeleteSession(ctx context.Context, communeID, token string) error {
	_, err := s.db.Exec(ctx, `DELETE FROM sessions WHERE commune_id = $1 AND token_hash = $2`, communeID, tokenHash(token))
	return errs.Wrap("auth: delete session", err)
}

// PurgeExpiredSessions deletes sessions and API tokens past their expiry and returns how many.
func (s *Store) PurgeExpiredSessions(ctx context.Context) (int64, error) {
	var n int64
	for table, now := range map[string]time.Time{"sessions": time.Now(), "api_tokens": s.now()} {
		res, err := s.db.Exec(ctx, `DELETE FROM `+table+` WHERE expires_at <= $1`, now)
		if err != nil {
			return n, fmt.Errorf("auth: purge %s: %w", table, err)
		}
		k, _ := res.RowsAffected()
		n += k
	}
	return n, nil
}
