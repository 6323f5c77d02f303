package auth

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"xaso/internal/audit"
	"xaso/internal/db"
	"xaso/internal/errs"
)

// Token is an API token as it is listed: never its secret, which only its holder has.
type Token struct {
	ID         string
	UserID     string
	Username   string
	FullName   string
	Name       string
	CreatedAt  time.Time
	ExpiresAt  time.Time
	LastUsedAt *time.Time
}

// lastUseEvery is how stale a token's "last used" may get: a request reads the time and writes
// it only when it is older than this, so that a busy integration costs one write a minute, not
// one per request (on SQLite every write takes the single writer).
const lastUseEvery = time.Minute

// MaxTokenTTL is the longest lifetime a token may be given.
const MaxTokenTTL = 2 * 365 * 24 * time.Hour

// CreateToken issues a bearer token for the JSON API with the default lifetime (audited as the
// system's act); only its hash is stored.
func (s *Store) CreateToken(ctx context.Context, u *User, name string) (string, error) {
	_, secret, err := s.IssueToken(ctx, audit.System, u, name, 0)
	return secret, err
}

// IssueToken issues a bearer token for u named name, valid for ttl (the store's TokenTTL when
// 0), audited as by's act. It returns the listed token and its secret, shown once.
func (s *Store) IssueToken(ctx context.Context, by audit.Actor, u *User, name string, ttl time.Duration) (Token, string, error) {
	const op = "auth: issue token"
	name = strings.TrimSpace(name)
	if ttl == 0 {
		ttl = s.TokenTTL
	}
	f := errs.FieldErrors{}
	if name == "" || utf8.RuneCountInString(name) > 100 {
		f["name"] = "auth.token_name_invalid"
	}
	if ttl < 24*time.Hour || ttl > MaxTokenTTL {
		f["days"] = "auth.token_ttl_invalid"
	}
	if err := f.Err(op); err != nil {
		return Token{}, "", err
	}
	secret, hash := newToken("xaso_")
	t := Token{ID: uuid.Must(uuid.NewV7()).String(), UserID: u.ID, Username: u.Username, FullName: u.FullName, Name: name}
	err := s.db.Tx(ctx, func(tx *db.Tx) error {
		t.CreatedAt, t.ExpiresAt = tx.Now, tx.Now.Add(ttl)
		if _, err := tx.Exec(ctx, `INSERT INTO api_tokens (commune_id, token_hash, id, user_id, name, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			u.CommuneID, hash, t.ID, u.ID, name, t.CreatedAt, t.ExpiresAt); err != nil {
			return err
		}
		return audit.Record(ctx, tx, u.CommuneID, by, "token.create", "user", u.ID,
			audit.Change{After: map[string]any{"token": t.ID, "name": name, "expires_at": t.ExpiresAt}})
	})
	if err != nil {
		return Token{}, "", errs.Wrap(op, err)
	}
	return t, secret, nil
}

// TokenUser returns the account a live bearer token belongs to, and notes the token's use at
// most once a minute.
func (s *Store) TokenUser(ctx context.Context, communeID, token string) (*User, error) {
	if !strings.HasPrefix(token, "xaso_") || len(token) > 100 {
		return nil, errs.E("auth: token", errs.Unauthorized, "auth.bad_token")
	}
	now := s.now()
	hash := tokenHash(token)
	var u User
	var roles string
	var lastUsed sql.NullTime
	row := s.db.QueryRow(ctx, `SELECT u.commune_id, u.id, u.username, u.full_name, u.roles, u.disabled, u.created_at, t.last_used_at
		FROM api_tokens t JOIN users u ON u.commune_id = t.commune_id AND u.id = t.user_id
		WHERE t.commune_id = $1 AND t.token_hash = $2 AND t.expires_at > $3 AND NOT u.disabled`, communeID, hash, now)
	err := row.Scan(&u.CommuneID, &u.ID, &u.Username, &u.FullName, &roles, &u.Disabled, &u.CreatedAt, &lastUsed)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.E("auth: token", errs.Unauthorized, "auth.bad_token")
	}
	if err != nil {
		return nil, errs.Wrap("auth: token", err)
	}
	u.Roles = ParseRoles(roles)
	if !lastUsed.Valid || now.Sub(lastUsed.Time) >= lastUseEvery {
		// Not audited: a use is not a change. A failure here must not refuse the request.
		s.db.Exec(ctx, `UPDATE api_tokens SET last_used_at = $1 WHERE commune_id = $2 AND token_hash = $3`, now, communeID, hash)
	}
	return &u, nil
}

// Tokens lists the commune's live tokens, newest first: one account's when userID is set, all
// of them otherwise (for an administrator).
func (s *Store) Tokens(ctx context.Context, communeID, userID string) ([]Token, error) {
	rows, err := s.db.Query(ctx, `SELECT t.id, t.user_id, u.username, u.full_name, t.name, t.created_at, t.expires_at, t.last_used_at
		FROM api_tokens t JOIN users u ON u.commune_id = t.commune_id AND u.id = t.user_id
		WHERE t.commune_id = $1 AND ($2 = '' OR t.user_id = $2) AND t.expires_at > $3
		ORDER BY t.created_at DESC, t.id DESC LIMIT 1000`, communeID, userID, s.now())
	if err != nil {
		return nil, errs.Wrap("auth: tokens", err)
	}
	defer rows.Close()
	var out []Token
	for rows.Next() {
		var t Token
		var last sql.NullTime
		if err := rows.Scan(&t.ID, &t.UserID, &t.Username, &t.FullName, &t.Name, &t.CreatedAt, &t.ExpiresAt, &last); err != nil {
			return nil, errs.Wrap("auth: tokens", err)
		}
		if last.Valid {
			t.LastUsedAt = &last.Time
		}
		out = append(out, t)
	}
	return out, errs.Wrap("auth: tokens", rows.Err())
}

// RevokeToken deletes a token (audited). When userID is set the token must be that account's
// (a person revoking their own); an administrator passes "".
func (s *Store) RevokeToken(ctx context.Context, communeID string, by audit.Actor, userID, id string) error {
	const op = "auth: revoke token"
	return errs.Wrap(op, s.db.Tx(ctx, func(tx *db.Tx) error {
		var owner, name string
		err := tx.QueryRow(ctx, `SELECT user_id, name FROM api_tokens WHERE commune_id = $1 AND id = $2`, communeID, id).Scan(&owner, &name)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && userID != "" && owner != userID) {
			return errs.E(op, errs.NotFound, "error.not_found")
		}
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM api_tokens WHERE commune_id = $1 AND id = $2`, communeID, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, communeID, by, "token.revoke", "user", owner, audit.Change{Before: map[string]any{"token": id, "name": name}})
	}))
}
