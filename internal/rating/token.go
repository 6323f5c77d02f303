package rating

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/base64"
	"errors"
	"net/url"
	"strings"
	"time"

	"xaso/internal/db"
	"xaso/internal/errs"
)

// Rating links. The receipt is printed at intake, long before the dossier can be rated, so its
// link must be checkable without any row made for it: the token is an HMAC-SHA-256 of the
// commune id and the dossier code, truncated to 80 bits and written in base32 (16 letters and
// digits, any case). Dossier codes are sequential and easy to guess; the token is not.
//
// The key is random, one per commune, kept in rating_keys so that every instance behind a load
// balancer accepts the others' links. The keyring (package secret) holds only ciphers and
// offers no derived keys, so the key is sealed by it instead (bound to the commune and the
// key's name): a copy of the database alone does not hold it, and rotating the keyring keeps
// every printed link valid, the key being sealed again under the active key on first use.

const (
	tokenBytes  = 10 // 80 bits
	tokenLen    = 16 // base32 characters of tokenBytes
	linkKeyName = "rating-link"
)

var tokenEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// sign is the token of a dossier code: lower-case base32 of the truncated HMAC.
func sign(key []byte, communeID, code string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(communeID))
	m.Write([]byte{0})
	m.Write([]byte(code))
	return strings.ToLower(tokenEncoding.EncodeToString(m.Sum(nil)[:tokenBytes]))
}

// ParseToken reads a token as it arrives in a link, typed or scanned: 16 base32 characters in
// any case, surrounding spaces ignored. It returns the token in its canonical (lower-case)
// form and whether it is well formed.
func ParseToken(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if len(s) != tokenLen {
		return "", false
	}
	up := strings.ToUpper(s)
	b, err := tokenEncoding.DecodeString(up)
	if err != nil || len(b) != tokenBytes {
		return "", false
	}
	return strings.ToLower(up), true
}

// Token is the token of the dossier code's rating link.
func (s *Service) Token(ctx context.Context, communeID, code string) (string, error) {
	k, err := s.linkKey(ctx, communeID)
	if err != nil {
		return "", err
	}
	return sign(k, communeID, code), nil
}

// CheckToken reports whether token opens the rating page of the dossier code.
func (s *Service) CheckToken(ctx context.Context, communeID, code, token string) (bool, error) {
	t, ok := ParseToken(token)
	if !ok {
		return false, nil
	}
	k, err := s.linkKey(ctx, communeID)
	if err != nil {
		return false, err
	}
	return hmac.Equal([]byte(t), []byte(sign(k, communeID, code))), nil
}

// RatePath is the path of the dossier's rating page with its token.
func (s *Service) RatePath(ctx context.Context, communeID, code string) (string, error) {
	t, err := s.Token(ctx, communeID, code)
	if err != nil {
		return "", err
	}
	return "/danh-gia/ho-so/" + url.PathEscape(code) + "?k=" + t, nil
}

// RateURL is the address of the dossier's rating page, for the one-stop room's receipt and
// SMS: the portal's base URL and RatePath (the path alone when no base URL is configured). It
// returns "" when the key cannot be read, and logs why: a receipt is then printed without
// the rating link rather than not at all.
func (s *Service) RateURL(communeID, code string) string {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	p, err := s.RatePath(ctx, communeID, code)
	if err != nil {
		s.log.Error("rating: rating link", "commune", communeID, "code", code, "err", err)
		return ""
	}
	return s.baseURL + p
}

// linkKey returns the commune's key of rating links, made on first use, cached.
func (s *Service) linkKey(ctx context.Context, communeID string) ([]byte, error) {
	const op = "rating: link key"
	s.mu.Lock()
	k, ok := s.linkKeys[communeID]
	s.mu.Unlock()
	if ok {
		return k, nil
	}
	aad := []byte("rating_keys/" + communeID + "/" + linkKeyName)
	err := s.d.Tx(ctx, func(tx *db.Tx) error {
		fresh := make([]byte, 32)
		if _, err := rand.Read(fresh); err != nil {
			return err
		}
		stored, sealed, err := s.protect(fresh, aad)
		if err != nil {
			return err
		}
		// Two instances may race to make it: the first row wins, both read it back.
		if _, err := tx.Exec(ctx, `INSERT INTO rating_keys (commune_id, name, secret, sealed, created_at) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (commune_id, name) DO NOTHING`, communeID, linkKeyName, stored, sealed, tx.Now); err != nil {
			return err
		}
		var text string
		if err := tx.QueryRow(ctx, `SELECT secret, sealed FROM rating_keys WHERE commune_id = $1 AND name = $2`,
			communeID, linkKeyName).Scan(&text, &sealed); err != nil {
			return err
		}
		raw, err := base64.StdEncoding.DecodeString(text)
		if err != nil {
			return errors.New("malformed key in rating_keys")
		}
		// An unsealed key meets a keyring, or a sealed one an old key of it: seal it (again)
		// under the active key. The key itself never changes, so printed links stay valid.
		reseal := !sealed && s.keys != nil
		if sealed {
			if s.keys == nil {
				return errors.New("the rating links' key is sealed but no keyring is configured")
			}
			reseal = s.keys.NeedsRotation(raw)
			if raw, err = s.keys.Open(raw, aad); err != nil {
				return err
			}
		}
		if len(raw) < 16 {
			return errors.New("short key in rating_keys")
		}
		if reseal {
			stored, sealed, err := s.protect(raw, aad)
			if err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `UPDATE rating_keys SET secret = $3, sealed = $4 WHERE commune_id = $1 AND name = $2`,
				communeID, linkKeyName, stored, sealed); err != nil {
				return err
			}
		}
		k = raw
		return nil
	})
	if err != nil {
		return nil, errs.Wrap(op, err)
	}
	s.mu.Lock()
	s.linkKeys[communeID] = k
	s.mu.Unlock()
	return k, nil
}

// protect is the stored form of a key: sealed by the keyring when there is one, base64 either way.
func (s *Service) protect(raw, aad []byte) (string, bool, error) {
	if s.keys == nil {
		return base64.StdEncoding.EncodeToString(raw), false, nil
	}
	b, err := s.keys.Seal(raw, aad)
	if err != nil {
		return "", false, err
	}
	return base64.StdEncoding.EncodeToString(b), true, nil
}
