package consult

import (
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"xaso/internal/calendar"
)

// The public comment form, whatever is posted: either field errors with known keys, or an
// opinion whose text is valid UTF-8, non-empty and at most MaxOpinion characters, and whose
// phone is empty or 8–15 digits.
func FuzzParsePublicOpinion(f *testing.F) {
	f.Add("h1", "Nguyễn Văn An", "0912 345 678", "Đề nghị mở rộng đường vào xóm.", "")
	f.Add("", "", "", "", "robot")
	f.Add("x", "\x00\xff", "+84-912", "   ", "")
	f.Fuzz(func(t *testing.T, hamlet, name, phone, body, website string) {
		in, fe, robot := ParsePublicOpinion(url.Values{"hamlet": {hamlet}, "name": {name}, "phone": {phone}, "body": {body}, "website": {website}})
		if robot != (strings.TrimSpace(website) != "") {
			t.Fatalf("robot %v for %q", robot, website)
		}
		for _, k := range fe {
			if _, ok := Messages[k]; !ok {
				t.Fatalf("unknown key %s", k)
			}
		}
		if len(fe) > 0 {
			return
		}
		if !utf8.ValidString(in.Body) || in.Body == "" || utf8.RuneCountInString(in.Body) > MaxOpinion {
			t.Fatalf("body %q", in.Body)
		}
		if !utf8.ValidString(in.Name) || utf8.RuneCountInString(in.Name) > maxName {
			t.Fatalf("name %q", in.Name)
		}
		if in.Phone != "" {
			if p, ok := cleanPhone(in.Phone); !ok || p != in.Phone {
				t.Fatalf("phone %q not stable", in.Phone)
			}
		}
	})
}

// A day typed in a form is either refused or a valid date that reads back from its string.
func FuzzParseDay(f *testing.F) {
	for _, s := range []string{"2026-03-02", "2/3/2026", "31/02/2026", "29/02/2028", "", "9999-12-31", "0000-01-01", "1/1/1", " 02/03/2026 "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := ParseDay(s)
		if !ok {
			if d != (calendar.Date{}) {
				t.Fatalf("%q: %v refused", s, d)
			}
			return
		}
		if !d.Valid() {
			t.Fatalf("%q: invalid %v", s, d)
		}
		if e, ok := ParseDay(d.String()); !ok || e != d {
			t.Fatalf("%q: %v reads back as %v", s, d, e)
		}
	})
}
