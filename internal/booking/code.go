package booking

import (
	"fmt"
	"io"
	"strings"
)

// codeAlphabet has 32 symbols: digits and capital letters without 0, O, 1 and I, which people
// confuse when they read a code from a phone or say it at the desk. 32 symbols make each byte's
// low five bits an unbiased draw.
const codeAlphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"

// CodeLength is the length of a booking code: 32⁶ ≈ 1.07 billion codes, so that guessing one
// (and the four phone digits a look-up also asks for) is hopeless.
const CodeLength = 6

// newCode draws a booking code from r.
func newCode(r io.Reader) (string, error) {
	var b [CodeLength]byte
	if _, err := io.ReadFull(r, b[:]); err != nil {
		return "", fmt.Errorf("booking: code: %w", err)
	}
	for i := range b {
		b[i] = codeAlphabet[b[i]&31]
	}
	return string(b[:]), nil
}

// NormalizeCode reads a code as a resident types it: spaces and dashes ignored, lower case
// accepted. ok is false when it cannot be a booking code.
func NormalizeCode(s string) (string, bool) {
	var b strings.Builder
	for _, r := range strings.ToUpper(strings.TrimSpace(s)) {
		switch {
		case r == ' ' || r == '-':
		case r < 128 && strings.ContainsRune(codeAlphabet, r):
			b.WriteRune(r)
		default:
			return "", false
		}
	}
	if b.Len() != CodeLength {
		return "", false
	}
	return b.String(), true
}
