package disclosure

import (
	"testing"

	"xaso/internal/calendar"
)

// The form parsers never panic, and what they accept writes back to the same day.
func FuzzParseDay(f *testing.F) {
	for _, s := range []string{"", "2026-12-07", "7/12/2026", "07/12/2026", "31/02/2026", "1/1/0000", " 2026-1-1", "٣/١/2026", "29/02/2028"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := parseDay(s)
		if !ok || d == (calendar.Date{}) {
			return
		}
		if !d.Valid() {
			t.Fatalf("%q gave an invalid date %v", s, d)
		}
		for _, again := range []string{d.String(), FormatDate(d)} {
			if back, ok := parseDay(again); !ok || back != d {
				t.Fatalf("%q → %v → %q → %v", s, d, again, back)
			}
		}
	})
}

func FuzzParseYearQuarter(f *testing.F) {
	f.Add("2026", "4")
	f.Add("", "")
	f.Add("20261", "0")
	f.Add("+202", "-1")
	today := calendar.NewDate(2026, 12, 7)
	f.Fuzz(func(t *testing.T, year, quarter string) {
		y, q, ok := parseYearQuarter(year, quarter, today)
		if !ok {
			return
		}
		if q < 1 || q > 4 || y < 2000 || y > 9999 {
			t.Fatalf("%q %q accepted as %d/%d", year, quarter, y, q)
		}
	})
}

func TestParseDay(t *testing.T) {
	for in, want := range map[string]string{"2026-12-07": "2026-12-07", "7/12/2026": "2026-12-07", "07/12/2026": "2026-12-07"} {
		if d, ok := parseDay(in); !ok || d.String() != want {
			t.Errorf("%q = %v %v", in, d, ok)
		}
	}
	for _, bad := range []string{"32/12/2026", "2026-13-01", "7-12-2026", "7/12/26", "hôm nay"} {
		if _, ok := parseDay(bad); ok {
			t.Errorf("%q accepted", bad)
		}
	}
	if d, ok := parseDay("  "); !ok || d != (calendar.Date{}) {
		t.Error("empty is not the zero date")
	}
}
