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
	"unicode/utf8"

	"github.com/google/uuid"

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

	dummyOnce sync.Once
	dummy     string
}

// NewStore returns a Store hashing new passwords with h.
func NewStore(d *db.DB, h Hasher) *Store {
	return &Store{db: d, hasher: h, SessionTTL: 12 * time.Hour}
}

var usernameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{1,31}$`)

// NewUser is what it takes to create an account.
type NewUser struct {
	Username, FullName, Password string
	Roles                        []Role
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
	n.FullName = strings.TrimSpace(n.FullName)
	if f := n.validate(); len(f) > 0 {
		return nil, f.Err(op)
	}
	u := &User{CommuneID: communeID, ID: uuid.Must(uuid.NewV7()).String(), Username: n.Username, FullName: n.FullName, Roles: n.Roles}
	hash := s.hasher.Hash(n.Password)
	err := s.db.Tx(ctx, func(tx *db.Tx) error {
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
	if strings.TrimSpace(fullName) == "" {
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
			strings.TrimSpace(fullName), FormatRoles(roles), disabled, tx.Now, communeID, id); err != nil {
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

// SetPassword replaces an account's password and ends its other sessions (audited; the
// password itself is never logged).
func (s *Store) SetPassword(ctx context.Context, communeID string, by audit.Actor, id, pw string) error {
	const op = "auth: set password"
	if utf8.RuneCountInString(pw) < MinPasswordLength {
		return (errs.FieldErrors{"password": "auth.password_too_short"}).Err(op)
	}
	hash := s.hasher.Hash(pw)
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
		return audit.Record(ctx, tx, communeID, by, "user.password", "user", id, audit.Change{})
	}))
}

// ErrBadCredentials is returned for a wrong username or password (never saying which).
var ErrBadCredentials = errs.E("auth: login", errs.Unauthorized, "auth.bad_credentials")

// Authenticate checks a username and password and returns the account.
func (s *Store) Authenticate(ctx context.Context, communeID, username, pw string) (*User, error) {
	var hash string
	u, err := scanUserHash(s.db.QueryRow(ctx, `SELECT `+userCols+`, password_hash FROM users WHERE commune_id = $1 AND username = $2`,
		communeID, strings.ToLower(strings.TrimSpace(username))), &hash)
	if errors.Is(err, sql.ErrNoRows) {
		// Spend the same time as a real check so that timing does not reveal which usernames exist.
		CheckPassword(s.dummyHash(), pw)
		return nil, ErrBadCredentials
	}
	if err != nil {
		return nil, errs.Wrap("auth: login", err)
	}
	ok, err := CheckPassword(hash, pw)
	if err != nil || !ok || u.Disabled {
		return nil, ErrBadCredentials
	}
	return u, nil
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
	token, hash := newToken("")
	now := time.Now()
	_, err := s.db.Exec(ctx, `INSERT INTO sessions (commune_id, token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
		u.CommuneID, hash, u.ID, now, now.Add(s.SessionTTL))
	if err != nil {
		return "", errs.Wrap("auth: create session", err)
	}
	return token, nil
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

// CreateToken issues a bearer token for the JSON API (audited); only its hash is stored.
func (s *Store) CreateToken(ctx context.Context, u *User, name string) (string, error) {
	token, hash := newToken("xaso_")
	err := s.db.Tx(ctx, func(tx *db.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO api_tokens (commune_id, token_hash, user_id, name, created_at) VALUES ($1, $2, $3, $4, $5)`,
			u.CommuneID, hash, u.ID, name, tx.Now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, u.CommuneID, audit.System, "token.create", "user", u.ID, audit.Change{After: map[string]string{"name": name}})
	})
	return token, errs.Wrap("auth: create token", err)
}

// TokenUser returns the account a bearer token belongs to.
func (s *Store) TokenUser(ctx context.Context, communeID, token string) (*User, error) {
	if !strings.HasPrefix(token, "xaso_") || len(token) > 100 {
		return nil, errs.E("auth: token", errs.Unauthorized, "auth.bad_token")
	}
	u, err := scanUser(s.db.QueryRow(ctx, `SELECT u.commune_id, u.id, u.username, u.full_name, u.roles, u.disabled, u.created_at
		FROM api_tokens t JOIN users u ON u.commune_id = t.commune_id AND u.id = t.user_id
		WHERE t.commune_id = $1 AND t.token_hash = $2 AND NOT u.disabled`, communeID, tokenHash(token)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.E("auth: token", errs.Unauthorized, "auth.bad_token")
	}
	return u, errs.Wrap("auth: token", err)
}

// PurgeExpiredSessions deletes sessions past their expiry and returns how many.
func (s *Store) PurgeExpiredSessions(ctx context.Context) (int64, error) {
	res, err := s.db.Exec(ctx, `DELETE FROM sessions WHERE expires_at <= $1`, time.Now())
	if err != nil {
		return 0, fmt.Errorf("auth: purge sessions: %w", err)
	}
	return res.RowsAffected()
}
