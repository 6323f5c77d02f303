package onestop

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// cleanText normalises text typed by people: NFC (decomposed Vietnamese renders badly in
// PDFs and does not compare equal), no control characters, single spaces, trimmed.
func cleanText(s string) string {
	s = norm.NFC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case r == utf8.RuneError, r == '\u200b', r == '\ufeff', unicode.Is(unicode.Bidi_Control, r):
			continue
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		case unicode.IsControl(r):
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

func runeLen(s string) int { return utf8.RuneCountInString(s) }

// digitsOnly keeps the digits of s.
func digitsOnly(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// lastDigits returns the last n digits of a phone number, or "" when it has fewer.
func lastDigits(phone string, n int) string {
	d := digitsOnly(phone)
	if len(d) < n {
		return ""
	}
	return d[len(d)-n:]
}

// mask hides all but the last three characters, for the audit log (which can never be
// edited: Decree 13/2023/NĐ-CP keeps personal data to what the purpose needs).
func mask(s string) string {
	if runeLen(s) <= 3 {
		return s
	}
	r := []rune(s)
	return strings.Repeat("*", len(r)-3) + string(r[len(r)-3:])
}
