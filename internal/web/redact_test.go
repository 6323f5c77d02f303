package web

import (
	"bytes"
	"errors"
	"log/slog"
	"regexp"
	"strings"
	"testing"
)

func TestMaskNumbers(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"gọi 0912345678 nhé", "gọi ********78 nhé"},
		{"cccd=019090001234", "cccd=**********34"},
		{"cmnd 123456789", "cmnd *******89"},
		{"+84912345678", "+*********78"},
		{"0912 345 678", "**** *** *78"},
		{"019.190.001.234", "***.***.***.*34"},
		{"phone_last4=5678 code=000.00.12.H55-260302-0001", "phone_last4=5678 code=000.00.12.H55-260302-0001"},
		{"at 2026-03-02 08:00:00, 12345678 items", "at 2026-03-02 08:00:00, 12345678 items"},
		{"ref 1234567890123", "ref 1234567890123"},
		{"a12345678901b", "a*********01b"},
		{"", ""},
	} {
		if got := MaskNumbers(c.in); got != c.want {
			t.Errorf("MaskNumbers(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

type stringer struct{ s string }

func (s stringer) String() string { return s.s }

// Every way a number reaches a log line is masked: the message, string attributes, errors,
// Stringers, groups and attributes bound with With.
func TestRedactingHandler(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(RedactingHandler(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug})))
	log = log.With("caller", "0987654321")
	log.WithGroup("g").Error("lookup 0912345678 failed", "id", "019090001234", "err", errors.New("no row for phone +84912345678"),
		"who", stringer{"Nguyễn Văn An 0912000001"}, slog.Group("form", "phone", "0912 345 678"), "n", 123456789012, "raw", []byte("0911111111"))
	out := buf.String()
	for _, num := range []string{"0987654321", "0912345678", "019090001234", "+84912345678", "0912000001", "0912 345 678", "0911111111"} {
		if strings.Contains(out, num) {
			t.Errorf("%s reached the log: %s", num, out)
		}
	}
	if !strings.Contains(out, "********21") || !strings.Contains(out, "lookup ********78 failed") {
		t.Errorf("masked forms missing: %s", out)
	}
}

var longRun = regexp.MustCompile(`(^|[^0-9])(0[0-9]{8,11}|[0-9]{9,12})([^0-9]|$)`)

// Whatever the text, no 9–12 digit run survives, the text keeps its length and everything but
// digits, and masking twice changes nothing more.
func FuzzMaskNumbers(f *testing.F) {
	for _, s := range []string{"0912345678", "+84 912 345 678", "019.190.001.234", "2026-03-02 08:00", "x1234567890123y", "++84912345678", "0912.345.678.", "+840000000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := MaskNumbers(s)
		if len(got) != len(s) {
			t.Fatalf("length changed: %q → %q", s, got)
		}
		for i := 0; i < len(s); i++ {
			if got[i] != s[i] && (!isDigit(s[i]) || got[i] != '*') {
				t.Fatalf("byte %d changed from %q to %q: %q → %q", i, s[i], got[i], s, got)
			}
		}
		if m := longRun.FindString(got); m != "" {
			t.Fatalf("a number survived: %q in %q", m, got)
		}
		if again := MaskNumbers(got); again != got {
			t.Fatalf("not stable: %q → %q", got, again)
		}
	})
}
