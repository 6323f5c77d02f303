package notify_test

import (
	"regexp"
	"testing"

	"xaso/internal/errs"
	"xaso/internal/notify"
)

func TestNormalizePhone(t *testing.T) {
	good := map[string]string{
		"0912345678":           "+84912345678",
		"0912 345 678":         "+84912345678",
		"091.234.5678":         "+84912345678",
		"091-234-5678":         "+84912345678",
		" +84912345678 ":       "+84912345678",
		"+84 912 345 678":      "+84912345678",
		"+84 (0) 912 345 678":  "+84912345678",
		"0084912345678":        "+84912345678",
		"84912345678":          "+84912345678",
		"0356789012":           "+84356789012",
		"0567890123":           "+84567890123",
		"0789012345":           "+84789012345",
		"0888888888":           "+84888888888",
		"(+84) 98 765 43 21":   "+84987654321",
		"0084 (0) 98 765 4321": "+84987654321",
	}
	for in, want := range good {
		got, err := notify.NormalizePhone(in)
		if err != nil || got != want {
			t.Errorf("NormalizePhone(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	bad := []string{
		"", "0", "+84", "091234567", "09123456789", // too short, too long
		"02438253517",         // a Hà Nội landline
		"0112345678",          // no mobile prefix 01
		"01212345678",         // the old 11-digit numbering, gone since 2018
		"+1 202 555 0143",     // not Vietnamese
		"0912345678 ext 1",    // letters
		"09１2345678",          // full-width digit
		"091+2345678",         // a plus inside
		"++84912345678",       // two plus signs
		"849123456789",        // "84" with too many digits
		"0912\n345678",        // a newline inside
		"+84 0 0912 345 678 ", // too many zeros
	}
	for _, in := range bad {
		got, err := notify.NormalizePhone(in)
		if errs.KindOf(err) != errs.Invalid {
			t.Errorf("NormalizePhone(%q) = %q, %v; want Invalid", in, got, err)
		}
	}
}

func TestNormalizeEmail(t *testing.T) {
	good := map[string]string{
		"a@example.vn":                "a@example.vn",
		" Nguyen.Van.A@AnBinh.Gov.VN": "Nguyen.Van.A@anbinh.gov.vn",
		"a+tag@mail.example.com":      "a+tag@mail.example.com",
	}
	for in, want := range good {
		if got, err := notify.NormalizeEmail(in); err != nil || got != want {
			t.Errorf("NormalizeEmail(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{
		"", "a", "a@", "@example.vn", "a@localhost", "a@example.", "a b@example.vn",
		"Nguyễn <a@example.vn>", "a@example.vn, b@example.vn", "nguyễn@example.vn",
		"a@example.vn\r\nBcc: b@example.vn",
	} {
		if got, err := notify.NormalizeEmail(in); errs.KindOf(err) != errs.Invalid {
			t.Errorf("NormalizeEmail(%q) = %q, %v; want Invalid", in, got, err)
		}
	}
}

var e164VN = regexp.MustCompile(`^\+84[35789][0-9]{8}$`)

func FuzzNormalizePhone(f *testing.F) {
	for _, s := range []string{"0912345678", "+84 (0) 912 345 678", "0084912345678", "84912345678",
		"02438253517", "+1 202 555 0143", "", "+", "(((", "09１2345678", "0912\x00345678"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := notify.NormalizePhone(s)
		if err != nil {
			if got != "" || errs.KindOf(err) != errs.Invalid {
				t.Fatalf("NormalizePhone(%q) = %q, %v", s, got, err)
			}
			return
		}
		if !e164VN.MatchString(got) {
			t.Fatalf("NormalizePhone(%q) = %q, not a Vietnamese mobile in E.164", s, got)
		}
		// The result is a fixed point, and the national form of it names the same number.
		if again, err := notify.NormalizePhone(got); err != nil || again != got {
			t.Fatalf("NormalizePhone(%q) = %q, %v; not idempotent", got, again, err)
		}
		if national, err := notify.NormalizePhone("0" + got[3:]); err != nil || national != got {
			t.Fatalf("national form of %q gives %q, %v", got, national, err)
		}
	})
}

// Every key the normalisers' errors carry has a Vietnamese message.
func TestMessagesCoverErrorKeys(t *testing.T) {
	for _, in := range []func() error{
		func() error { _, err := notify.NormalizePhone("x"); return err },
		func() error { _, err := notify.NormalizeEmail("x"); return err },
	} {
		e, ok := errs.As(in())
		if !ok {
			t.Fatal("not an errs.Error")
		}
		if m, ok := notify.Messages[e.Key]; !ok || m[0] == "" || m[1] == "" {
			t.Errorf("no message for %s", e.Key)
		}
	}
}
