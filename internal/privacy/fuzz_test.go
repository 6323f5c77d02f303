package privacy

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// The form's checks never panic, leave only valid text without NUL, keep a valid ID number of
// 12 digits and a phone of 10 or 11 digits starting with 0, and accept their own output again
// unchanged.
func FuzzValidate(f *testing.F) {
	f.Add("copy", "Nông Thị Hằng", "019 190 001 234", "+84 912 345 678", "office", "", "")
	f.Add("correction", "\x00", "\xff", "0912.345.678", "sms_link", "Ngày sinh sai", "02/03/1990")
	f.Add("x", "", "0000000000000", "(091) 2345-678", "post", "\x00", "")
	f.Fuzz(func(t *testing.T, kind, name, id, phone, delivery, wrong, right string) {
		in := Input{Kind: Kind(kind), FullName: name, IDNumber: id, Phone: phone, Delivery: Delivery(delivery), Wrong: wrong, Right: right}
		fe := in.validate()
		for _, s := range []string{in.FullName, in.Wrong, in.Right} {
			if !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
				t.Fatalf("invalid text kept: %q", s)
			}
		}
		if len(fe) == 0 {
			if len(in.IDNumber) != 12 || strings.Trim(in.IDNumber, "0123456789") != "" {
				t.Fatalf("accepted ID number %q", in.IDNumber)
			}
			if n := len(in.Phone); (n != 10 && n != 11) || in.Phone[0] != '0' || strings.Trim(in.Phone, "0123456789") != "" {
				t.Fatalf("accepted phone %q", in.Phone)
			}
			again := in
			if fe2 := again.validate(); len(fe2) != 0 || again != in {
				t.Fatalf("valid input changed or refused on a second pass: %v %+v", fe2, again)
			}
		}
	})
}

// The log filter's "type:id" never panics and gives back what Subject wrote.
func FuzzParseSubject(f *testing.F) {
	f.Add("resident:0196")
	f.Add(":")
	f.Add("a:b:c")
	f.Fuzz(func(t *testing.T, v string) {
		typ, id, ok := ParseSubject(v)
		if ok && (typ == "" || id == "" || Subject(typ, id) != strings.TrimSpace(v)) {
			t.Fatalf("ParseSubject(%q) = %q %q", v, typ, id)
		}
	})
}

func TestNormalizePhone(t *testing.T) {
	for in, want := range map[string]string{"0912345678": "0912345678", "+84912345678": "0912345678", "0912 345 678": "0912345678",
		"(0203) 3856-123": "02033856123", "84912345678": "", "+1 555 0100": "", "091234567": "", "0912345678x": "", "": ""} {
		if got := NormalizePhone(in); got != want {
			t.Errorf("NormalizePhone(%q) = %q, want %q", in, got, want)
		}
	}
}
