package letters

import (
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"
)

// A template, whatever is typed: either an error naming valid UTF-8 of bounded length with a
// known key, or segments whose placeholders are well-named and whose text holds no "{{", so
// that a filled letter never shows a brace pair left open.
func FuzzParseTemplate(f *testing.F) {
	for _, s := range []string{"Kính gửi: {{ho_ten}}", "{{ ho_ten }} {{xa}}", "{{", "}}{{}}", "{{Họ tên}}", "{{a}}{{b", "\xff{{x\xfe}}", "{{{{ho_ten}}}}", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		segs, err := ParseTemplate(s)
		if err != nil {
			pe, ok := err.(*PlaceholderError)
			if !ok || Messages[pe.Key][0] == "" || !utf8.ValidString(pe.Name) || utf8.RuneCountInString(pe.Name) > maxPhName+1 {
				t.Fatalf("%q: %v", s, err)
			}
			return
		}
		values := map[string]string{}
		for _, sg := range segs {
			if sg.Name != "" {
				if !validName(sg.Name) || sg.Text != "" {
					t.Fatalf("%q: segment %+v", s, sg)
				}
				values[sg.Name] = "X"
			} else if strings.Contains(sg.Text, "{{") {
				t.Fatalf("%q: text segment %q keeps an opening", s, sg.Text)
			}
		}
		if out := Fill(segs, values); strings.Contains(out, "{{") {
			t.Fatalf("%q fills to %q", s, out)
		}
		// Checking any occasion's text never panics and keys are known.
		for f, p := range CheckText(OccApologised, Text{Title: s, Body: s, Short: s}) {
			if _, ok := Messages[p.Key]; !ok || f == "" {
				t.Fatalf("%q: %s %+v", s, f, p)
			}
		}
	})
}

// The hand form, whatever is posted: field errors with known keys, or an input within its
// limits.
func FuzzCheckHand(f *testing.F) {
	f.Add("contribution", "Bà Lường Thị Mai", "0912 345 678", "ủng hộ quỹ", "", "07/12/2026")
	f.Add("holiday", "", "", "", "Tết Nguyên đán", "2027-02-06")
	f.Add("late", "\x00", "+84-9", "\xff", "x", "31/02/2026")
	f.Fuzz(func(t *testing.T, occ, name, phone, reason, holiday, day string) {
		form := url.Values{"name": {name}}
		in, fe := CheckHand(HandInput{Occasion: Occasion(occ), Name: form.Get("name"), Phone: phone, Reason: reason, Holiday: holiday, Day: day})
		for _, k := range fe {
			if _, ok := Messages[k]; !ok {
				t.Fatalf("unknown key %s", k)
			}
		}
		if len(fe) > 0 {
			return
		}
		if !Occasion(occ).Valid() || utf8.RuneCountInString(in.Name) > maxName || !utf8.ValidString(in.Reason) || strings.Contains(in.Reason, "\n") {
			t.Fatalf("accepted %+v", in)
		}
		if in.Phone != "" {
			if p, ok := cleanPhone(in.Phone); !ok || p != in.Phone {
				t.Fatalf("phone %q not stable", in.Phone)
			}
		}
	})
}
