package onestop

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strconv"
	"time"

	"xaso/internal/db"
	"xaso/internal/errs"
)

// The page an applicant sees after an online submission (POST, then 303 to GET, so that a
// refresh does not submit again) shows the dossier's due date and how it was computed. Dossier
// codes are sequential and easy to guess, so that page opens only with a link signed for the
// commune and the code, valid for submittedLinkTTL: enough to read it and refresh it, too short
// to be worth passing around. Afterwards the code alone leads to the tracking form, which asks
// for the phone digits. The key is the commune's, kept in the database (table onestop_keys) so
// that every instance of xaso behind a load balancer accepts the links of the others.

// submittedLinkTTL is how long the submitted page's link opens the page.
const submittedLinkTTL = 30 * time.Minute

const submittedKeyName = "submitted-link"

// linkKey returns the commune's key for signed links, made on first use, cached.
func (s *Service) linkKey(ctx context.Context, communeID string) ([]byte, error) {
	const op = "onestop: link key"
	s.mu.Lock()
	k, ok := s.keys[communeID]
	s.mu.Unlock()
	if ok {
		return k, nil
	}
	fresh := make([]byte, 32)
	if _, err := rand.Read(fresh); err != nil {
		return nil, errs.Wrap(op, err)
	}
	var secret string
	err := s.d.Tx(ctx, func(tx *db.Tx) error {
		// Two instances may race to make it: the first row wins, both read it back.
		if _, err := tx.Exec(ctx, `INSERT INTO onestop_keys (commune_id, name, secret, created_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (commune_id, name) DO NOTHING`, communeID, submittedKeyName, hex.EncodeToString(fresh), tx.Now); err != nil {
			return err
		}
		return tx.QueryRow(ctx, `SELECT secret FROM onestop_keys WHERE commune_id = $1 AND name = $2`, communeID, submittedKeyName).Scan(&secret)
	})
	if err != nil {
		return nil, errs.Wrap(op, err)
	}
	k, err = hex.DecodeString(secret)
	if err != nil || len(k) < 16 {
		return nil, errs.Wrap(op, errors.New("malformed key in onestop_keys"))
	}
	s.mu.Lock()
	if len(s.keys) > 10000 {
		clear(s.keys)
	}
	s.keys[communeID] = k
	s.mu.Unlock()
	return k, nil
}

// submittedSig signs (commune, dossier code, expiry).
func submittedSig(key []byte, communeID, code string, exp int64) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(communeID + "\n" + code + "\n" + strconv.FormatInt(exp, 10)))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:18])
}

// submittedLink returns the expiry (Unix seconds) and signature that open the submitted page
// of a dossier for submittedLinkTTL.
func (s *Service) submittedLink(ctx context.Context, communeID, code string) (int64, string, error) {
	key, err := s.linkKey(ctx, communeID)
	if err != nil {
		return 0, "", err
	}
	exp := s.now().Add(submittedLinkTTL).Unix()
	return exp, submittedSig(key, communeID, code, exp), nil
}

// checkSubmittedLink reports whether sig opens the submitted page of the dossier now.
func (s *Service) checkSubmittedLink(ctx context.Context, communeID, code string, exp int64, sig string) (bool, error) {
	now := s.now().Unix()
	if exp < now || exp > now+int64(submittedLinkTTL/time.Second) {
		return false, nil
	}
	key, err := s.linkKey(ctx, communeID)
	if err != nil {
		return false, err
	}
	return hmac.Equal([]byte(sig), []byte(submittedSig(key, communeID, code, exp))), nil
}
