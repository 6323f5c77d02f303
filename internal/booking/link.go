package booking

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/url"
)

// The confirmation page shows the resident's name and time: its address carries a signature
// (HMAC-SHA256 with the commune's key, made on first use), so that knowing a code alone does
// not open it. The resident keeps the link; the look-up page asks for the phone digits instead.

func linkSignature(key, communeID, code string) string {
	m := hmac.New(sha256.New, []byte(key))
	m.Write([]byte(communeID + "\x00" + code))
	return hex.EncodeToString(m.Sum(nil))[:24]
}

// ConfirmationLink is the signed address of a booking's confirmation page.
func (s *Service) ConfirmationLink(ctx context.Context, communeID, code string) (string, error) {
	key, err := s.ensureSettingsRow(ctx, s.d, communeID)
	if err != nil {
		return "", err
	}
	return "/dat-lich/da-dat/" + url.PathEscape(code) + "?k=" + linkSignature(key, communeID, code), nil
}

// CheckLink reports whether sig signs code's confirmation link.
func (s *Service) CheckLink(ctx context.Context, communeID, code, sig string) (bool, error) {
	key, err := s.ensureSettingsRow(ctx, s.d, communeID)
	if err != nil {
		return false, err
	}
	return hmac.Equal([]byte(sig), []byte(linkSignature(key, communeID, code))), nil
}
