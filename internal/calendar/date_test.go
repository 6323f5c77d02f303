package calendar

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	for _, s := range []string{"2025-11-28", "2024-02-29", "0001-01-01", "9999-12-31"} {
		d, err := ParseDate(s)
		if err != nil || d.String() != s {
			t.Errorf("ParseDate(%q) = %v, %v", s, d, err)
		}
	}
	for _, s := range []string{"", "2025-11-31", "2025-02-29", "2100-02-29", "2025-1-28", "25-11-28",
		"2025-11-28T00:00", "0000-01-01", "2025-13-01", "2025/11/28", "+025-11-28", "2025-11-2a"} {
		d, err := ParseDate(s)
		if err == nil {
			t.Errorf("ParseDate(%q) = %s, want an error", s, d)
			continue
		}
		if !errors.Is(err, ErrInvalid) || !strings.HasPrefix(err.Error(), "ngày không hợp lệ") {
			t.Errorf("ParseDate(%q) error = %q", s, err)
		}
	}
}

// TestDateArithmetic compares the day arithmetic with the time package for every day of
// 1890–2210.
func TestDateArithmetic(t *testing.T) {
	if got := mustDate(t, "2000-01-01").jdn(); got != 2451545 {
		t.Fatalf("JDN of 2000-01-01 = %d, want 2451545", got)
	}
	tm := time.Date(1890, 1, 1, 0, 0, 0, 0, time.UTC)
	d := Date{1890, time.January, 1}
	for tm.Year() <= 2210 {
		if y, m, dd := tm.Date(); d != (Date{y, m, dd}) {
			t.Fatalf("AddDays walked to %s, time says %s", d, tm.Format(time.DateOnly))
		}
		if d.Weekday() != tm.Weekday() {
			t.Fatalf("%s: weekday %s, want %s", d, d.Weekday(), tm.Weekday())
		}
		if !d.Valid() {
			t.Fatalf("%s not valid", d)
		}
		d = d.AddDays(1)
		tm = tm.AddDate(0, 0, 1)
	}
}

func TestNewDateNormalises(t *testing.T) {
	tests := []struct {
		y    int
		m    time.Month
		d    int
		want string
	}{
		{2025, 1, 32, "2025-02-01"},
		{2025, 13, 1, "2026-01-01"},
		{2025, 0, 1, "2024-12-01"},
		{2024, 3, 0, "2024-02-29"},
	}
	for _, tt := range tests {
		if got := NewDate(tt.y, tt.m, tt.d).String(); got != tt.want {
			t.Errorf("NewDate(%d, %d, %d) = %s, want %s", tt.y, tt.m, tt.d, got, tt.want)
		}
	}
}

func TestDateOfUsesVietnamTime(t *testing.T) {
	utc := time.Date(2025, 12, 31, 17, 30, 0, 0, time.UTC) // 00:30 on 1 January in Vietnam
	if got := DateOf(utc); got != mustDate(t, "2026-01-01") {
		t.Errorf("DateOf(%s) = %s, want 2026-01-01", utc, got)
	}
	if got := mustDate(t, "2026-01-01").Time(); !got.Equal(time.Date(2025, 12, 31, 17, 0, 0, 0, time.UTC)) {
		t.Errorf("Time() = %s", got)
	}
}

func TestDateJSON(t *testing.T) {
	b, err := json.Marshal(struct{ D Date }{mustDate(t, "2026-02-17")})
	if err != nil || string(b) != `{"D":"2026-02-17"}` {
		t.Fatalf("Marshal = %s, %v", b, err)
	}
	var v struct{ D Date }
	if err := json.Unmarshal([]byte(`{"D":"2026-02-30"}`), &v); err == nil {
		t.Error("Unmarshal accepted 2026-02-30")
	}
	if _, err := json.Marshal(Date{}); err == nil {
		t.Error("Marshal accepted the zero Date")
	}
}

func TestParseClock(t *testing.T) {
	for s, want := range map[string]Clock{"07:30": 450, "00:00": 0, "24:00": 1440, "17:00": 1020} {
		if got, err := ParseClock(s); err != nil || got != want || got.String() != s {
			t.Errorf("ParseClock(%q) = %v, %v", s, got, err)
		}
	}
	for _, s := range []string{"7:30", "24:01", "12:60", "ab:cd", ""} {
		if _, err := ParseClock(s); err == nil {
			t.Errorf("ParseClock(%q) succeeded", s)
		}
	}
	if got := NewClock(15, 0).Vietnamese(); got != "15 giờ" {
		t.Errorf("Vietnamese() = %q", got)
	}
	if got := NewClock(16, 30).Vietnamese(); got != "16 giờ 30" {
		t.Errorf("Vietnamese() = %q", got)
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2025-11-28", "2024-02-29", "2025-02-29", "0001-01-01", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			return
		}
		if d.String() != s {
			t.Fatalf("ParseDate(%q).String() = %q", s, d.String())
		}
		if back := dateFromJDN(d.jdn()); back != d {
			t.Fatalf("%s -> JDN -> %s", d, back)
		}
		_ = SolarToLunar(d) // must not panic for any parsable date
	})
}

func TestParseDay(t *testing.T) {
	for in, want := range map[string]Date{"2026-12-07": NewDate(2026, 12, 7), "07/12/2026": NewDate(2026, 12, 7), " 7/1/2027 ": NewDate(2027, 1, 7)} {
		if got, err := ParseDay(in); err != nil || got != want {
			t.Errorf("ParseDay(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "29/02/2026", "7/12/26", "007/12/2026", "+7/12/2026", "7-12-2026", "12/2026"} {
		if _, err := ParseDay(bad); err == nil {
			t.Errorf("ParseDay(%q) accepted", bad)
		}
	}
}
