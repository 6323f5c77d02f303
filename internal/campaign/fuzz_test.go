package campaign

import (
	"strconv"
	"testing"

	"xaso/internal/calendar"
)

// The attendance a clerk types is a whole number from 0 to MaxAttendance or a catalogue
// key, never both; a number read back from its own digits is the same number.
func FuzzParseAttendance(f *testing.F) {
	for _, s := range []string{"45", " 1.200 ", "1 200", "100000", "100001", "-1", "1,5", "12.34", ".123", "007", "", "١٢", "99999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, key := ParseAttendance(s)
		if key != "" {
			if n != 0 {
				t.Fatalf("%q: %d with the error %s", s, n, key)
			}
			if _, ok := Messages[key]; !ok {
				t.Fatalf("%q: unknown key %s", s, key)
			}
			return
		}
		if n < 0 || n > MaxAttendance {
			t.Fatalf("%q: %d out of bounds", s, n)
		}
		if m, k := ParseAttendance(strconv.Itoa(n)); m != n || k != "" {
			t.Fatalf("%q: %d read back as %d %s", s, n, m, k)
		}
	})
}

// A period read from the query is either an error with today's year, or a valid span of at
// most maxPeriodDays whose ends are what was asked.
func FuzzParsePeriod(f *testing.F) {
	f.Add("2026-01-01", "2026-12-31")
	f.Add("31/12/2026", "01/01/2026")
	f.Add("", "2025-02-29")
	f.Add("0000-01-01", "9999-12-31")
	f.Add("1/1/1", "")
	today := calendar.NewDate(2026, 3, 2)
	f.Fuzz(func(t *testing.T, from, to string) {
		p, fe := ParsePeriod(from, to, today)
		if len(fe) > 0 {
			if p != YearOf(today) {
				t.Fatalf("%q %q: period %v with errors %v", from, to, p, fe)
			}
			for _, k := range fe {
				if _, ok := Messages[k]; !ok {
					t.Fatalf("unknown key %s", k)
				}
			}
			return
		}
		if !p.From.Valid() || !p.To.Valid() || p.To.Before(p.From) || p.To.Sub(p.From) > maxPeriodDays {
			t.Fatalf("%q %q: bad period %v", from, to, p)
		}
		if d, ok := ParseDay(from); ok && d != p.From {
			t.Fatalf("%q: from %v, period %v", from, d, p)
		}
	})
}
