package conduct

import (
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"xaso/internal/calendar"
)

var fuzzToday = calendar.NewDate(2026, 3, 2)

func knownKeys(t *testing.T, fe map[string]string) {
	t.Helper()
	for f, k := range fe {
		if _, ok := Messages[k]; !ok {
			t.Fatalf("field %s: unknown key %s", f, k)
		}
	}
}

// The public form of a badge page, whatever is posted: either field errors with known keys, or
// a report whose text is valid UTF-8, non-empty and at most MaxBody characters, whose day is
// within the last year and not after today, and whose phone is empty or a +84 mobile.
func FuzzParsePublicReport(f *testing.F) {
	f.Add("Cán bộ nói trống không.", "2026-03-01", "Lò Văn Sáng", "0912 345 678", "")
	f.Add("", "", "", "", "robot")
	f.Add("\x00\xff x", "31/12/2025", "\u0301", "+84-912", "")
	f.Add("a", "2026-03-03", "", "abc", "")
	f.Fuzz(func(t *testing.T, body, day, name, phone, website string) {
		in, fe, robot := ParsePublicReport(url.Values{"body": {body}, "happened_on": {day}, "name": {name}, "phone": {phone},
			"website": {website}}, fuzzToday)
		if robot != (strings.TrimSpace(website) != "") {
			t.Fatalf("robot %v for %q", robot, website)
		}
		knownKeys(t, fe)
		if len(fe) > 0 {
			return
		}
		if !utf8.ValidString(in.Body) || in.Body == "" || utf8.RuneCountInString(in.Body) > MaxBody || strings.ContainsRune(in.Body, 0) {
			t.Fatalf("body %q", in.Body)
		}
		if !utf8.ValidString(in.Name) || utf8.RuneCountInString(in.Name) > maxName {
			t.Fatalf("name %q", in.Name)
		}
		if !in.HappenedOn.Valid() || in.HappenedOn.After(fuzzToday) || fuzzToday.Sub(in.HappenedOn) > maxAgeDays {
			t.Fatalf("day %v from %q", in.HappenedOn, day)
		}
		if in.Phone != "" && (!strings.HasPrefix(in.Phone, "+84") || len(in.Phone) != 12) {
			t.Fatalf("phone %q", in.Phone)
		}
	})
}

// The hamlet head's form: errors with known keys, or a month not after this one and a hamlet.
func FuzzParseHamletReport(f *testing.F) {
	f.Add("Ý kiến của xóm.", "2026-02", "h1", "", "")
	f.Add("", "2026-13", "", "x", "2026-02-30")
	f.Fuzz(func(t *testing.T, body, month, hamlet, officer, day string) {
		in, fe := ParseHamletReport(url.Values{"body": {body}, "month": {month}, "hamlet": {hamlet}, "officer": {officer},
			"happened_on": {day}}, fuzzToday)
		knownKeys(t, fe)
		if len(fe) > 0 {
			return
		}
		if in.HamletID == "" || len(in.Month) != 7 || in.Month > "2026-03" || in.Body == "" {
			t.Fatalf("%+v", in)
		}
	})
}

// A badge code as typed or scanned: either refused, or 8 characters of the alphabet, stable.
func FuzzNormalizeCode(f *testing.F) {
	f.Add("bc23 dfgh")
	f.Add("IIIIIIII")
	f.Add("\xff")
	f.Fuzz(func(t *testing.T, s string) {
		c, ok := NormalizeCode(s)
		if !ok {
			return
		}
		if len(c) != CodeLen || strings.Trim(c, codeAlphabet) != "" {
			t.Fatalf("%q → %q", s, c)
		}
		if again, ok := NormalizeCode(c); !ok || again != c {
			t.Fatalf("%q not stable", c)
		}
	})
}

// A new version of the code of conduct: errors with known keys, or three groups of 1 to 20
// items of at most 300 characters, none empty.
func FuzzParseCode(f *testing.F) {
	f.Add("Quy tắc", "Xin chào\nXin lỗi", "- Luôn mỉm cười", "Không", "2026-03-02")
	f.Add("", "", "\n\n", "•", "x")
	f.Fuzz(func(t *testing.T, title, xin, luon, khong, day string) {
		v, fe := ParseCode(CodeInput{Title: title, Xin: xin, Luon: luon, Khong: khong, EffectiveOn: day})
		knownKeys(t, fe)
		if len(fe) > 0 {
			return
		}
		for _, g := range Groups {
			items := v.Group(g)
			if len(items) == 0 || len(items) > maxItems {
				t.Fatalf("%s: %d items", g, len(items))
			}
			for _, it := range items {
				if it == "" || utf8.RuneCountInString(it) > maxItem || strings.Contains(it, "\n") {
					t.Fatalf("%s item %q", g, it)
				}
			}
		}
	})
}
