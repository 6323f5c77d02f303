package rating

import (
	"net/url"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// The rating form, whatever is posted: either field errors with known keys, or an input with a
// level 1–5, reasons only for a low level (known, once each, in the list's order) and a valid
// comment of at most MaxComment characters that Check leaves as it is.
func FuzzParseInput(f *testing.F) {
	f.Add("5", "", "", "Cán bộ tận tình.")
	f.Add("2", "long_wait", "attitude", "Chờ lâu")
	f.Add("1", "bribe", "", "")
	f.Add("06", "other", "other", "\x00\xff")
	f.Add("", "", "", strings.Repeat("ư", MaxComment+1))
	f.Fuzz(func(t *testing.T, level, r1, r2, comment string) {
		in, fe := ParseInput(url.Values{"level": {level}, "reason": {r1, r2}, "comment": {comment}})
		for _, k := range fe {
			if _, ok := Messages[k]; !ok {
				t.Fatalf("unknown key %s", k)
			}
		}
		if fe != nil {
			return
		}
		if in.Level < MinLevel || in.Level > MaxLevel {
			t.Fatalf("level %d from %q", in.Level, level)
		}
		if len(in.Reasons) > 0 && !Unsatisfied(in.Level) {
			t.Fatalf("reasons %v kept for level %d", in.Reasons, in.Level)
		}
		last := -1
		for _, r := range in.Reasons {
			i := slices.Index(Reasons, r)
			if i <= last {
				t.Fatalf("reasons %v not known, once each, in order", in.Reasons)
			}
			last = i
		}
		if !utf8.ValidString(in.Comment) || utf8.RuneCountInString(in.Comment) > MaxComment || strings.ContainsRune(in.Comment, 0) {
			t.Fatalf("comment %q", in.Comment)
		}
		again, fe2 := Check(in)
		if fe2 != nil || again.Level != in.Level || again.Comment != in.Comment || !slices.Equal(again.Reasons, in.Reasons) {
			t.Fatalf("Check is not stable: %+v → %+v %v", in, again, fe2)
		}
	})
}

// A token from a link is either refused, or 16 lower-case base32 characters that read back
// as themselves; a signed token always parses.
func FuzzParseToken(f *testing.F) {
	f.Add(sign([]byte("0123456789abcdef0123456789abcdef"), "c1", "000.00.12.H55-260105-0001"))
	f.Add("ABCDEFGHIJKLMNOP")
	f.Add("abcdefghijklmno1")
	f.Add(" mfrggzdfmztwq2lk ")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		tok, ok := ParseToken(s)
		if !ok {
			if tok != "" {
				t.Fatalf("%q refused but gave %q", s, tok)
			}
			return
		}
		if len(tok) != tokenLen || tok != strings.ToLower(tok) {
			t.Fatalf("%q → %q", s, tok)
		}
		if again, ok := ParseToken(tok); !ok || again != tok {
			t.Fatalf("%q does not read back", tok)
		}
		if got := sign([]byte(s), "c", tok); len(got) != tokenLen {
			t.Fatalf("a signed token has %d characters", len(got))
		}
		if _, ok := ParseToken(sign([]byte(s), s, tok)); !ok {
			t.Fatal("a signed token does not parse")
		}
	})
}
