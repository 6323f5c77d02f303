package reception

import (
	"testing"
	"time"

	"xaso/internal/calendar"
)

func TestParseDay(t *testing.T) {
	for in, want := range map[string]calendar.Date{
		"07/09/2026": calendar.NewDate(2026, time.September, 7), "7/9/2026": calendar.NewDate(2026, time.September, 7),
		" 29/02/2028 ": calendar.NewDate(2028, time.February, 29), "2026-09-07": calendar.NewDate(2026, time.September, 7),
	} {
		if got, ok := parseDay(in); !ok || got != want {
			t.Errorf("%q: %v %v", in, got, ok)
		}
	}
	for _, in := range []string{"", "29/02/2026", "31/04/2026", "00/01/2026", "1/13/2026", "07/09/26", "7-9-2026", "+7/9/2026", "07/09/2026/1", "０7/09/2026"} {
		if d, ok := parseDay(in); ok {
			t.Errorf("%q accepted as %v", in, d)
		}
	}
}

func TestParseClock(t *testing.T) {
	for in, want := range map[string]calendar.Clock{"07:30": 450, "7:30": 450, "7h30": 450, "14h": 840, "24:00": 1440, "00:00": 0} {
		if got, ok := parseClock(in); !ok || got != want {
			t.Errorf("%q: %v %v", in, got, ok)
		}
	}
	for _, in := range []string{"", "7", "7:3", "24:01", "25:00", "07:60", "-1:00", "07:30:00", "h30", "7:+5"} {
		if c, ok := parseClock(in); ok {
			t.Errorf("%q accepted as %v", in, c)
		}
	}
}

// Whatever a form sends, the parsers do not panic, and what they accept writes back to itself.
func FuzzParseDay(f *testing.F) {
	for _, s := range []string{"07/09/2026", "7/9/2026", "2026-09-07", "31/02/2026", "", "1/1/0001", "99/99/9999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := parseDay(s)
		if !ok {
			return
		}
		if !d.Valid() {
			t.Fatalf("%q gave the invalid date %v", s, d)
		}
		if back, ok := parseDay(dmy(d)); !ok || back != d {
			t.Fatalf("%q → %v → %q → %v", s, d, dmy(d), back)
		}
	})
}

func FuzzParseClock(f *testing.F) {
	for _, s := range []string{"07:30", "7:30", "7h30", "14h", "24:00", "24:01", "", ":"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, ok := parseClock(s)
		if !ok {
			return
		}
		if c < 0 || c > 24*60 {
			t.Fatalf("%q gave %d minutes", s, c)
		}
		if back, ok := parseClock(c.String()); !ok || back != c {
			t.Fatalf("%q → %v → %v", s, c, back)
		}
	})
}
