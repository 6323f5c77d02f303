// Package fold turns Vietnamese text into its search form: lower case, no diacritics, đ → d.
// Both engines store a folded copy of searchable text and queries are folded the same way, so
// "nguyen van" finds "Nguyễn Văn" on SQLite and PostgreSQL alike.
package fold

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// String folds s for search.
func String(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	// Invalid bytes first become U+FFFD: normalisation leaves them in place and then fails to
	// decompose the letter after them, so a second fold would change the text again.
	for _, r := range norm.NFD.String(strings.ToValidUTF8(s, "\uFFFD")) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'đ' || r == 'Đ': // U+0111/U+0110 have no decomposition
			r = 'd'
		case unicode.IsSpace(r):
			if !space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = true
			continue
		}
		space = false
		b.WriteRune(unicode.ToLower(r))
	}
	return strings.TrimRight(b.String(), " ")
}

// Join folds several fields into one search text.
func Join(fields ...string) string {
	return String(strings.Join(fields, " "))
}

// LikePattern turns a user's query into a LIKE pattern over folded text, with the LIKE
// wildcards in the query taken literally.
func LikePattern(q string) string {
	q = String(q)
	q = strings.NewReplacer("%", "", "_", "", "\\", "").Replace(q)
	return "%" + q + "%"
}
