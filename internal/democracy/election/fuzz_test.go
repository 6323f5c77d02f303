package election

import (
	"strconv"
	"testing"
)

// A count typed in is a number from 0 to max or a catalogue key, never both; a number read
// back from its own digits is the same number.
func FuzzParseCount(f *testing.F) {
	for _, s := range []string{"151", " 1.200 ", "1 200", "20000", "20001", "-1", "1,5", "12.34", ".123", "007", "", "١٢", "99999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, key := ParseCount(s, 20000)
		if key != "" {
			if _, ok := Messages[key]; !ok || n != 0 {
				t.Fatalf("%q: %d, key %s", s, n, key)
			}
			return
		}
		if n < 0 || n > 20000 {
			t.Fatalf("%q: %d out of bounds", s, n)
		}
		if m, k := ParseCount(strconv.Itoa(n), 20000); m != n || k != "" {
			t.Fatalf("%q: %d read back as %d %s", s, n, m, k)
		}
	})
}

// A day typed in is a valid date (written back the same) or a catalogue key.
func FuzzParseDay(f *testing.F) {
	for _, s := range []string{"2026-03-22", "22/03/2026", "31/02/2026", "1/1/1", "", "2026-13-01", "9999-12-31"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, key := ParseDay(s)
		if key != "" {
			if _, ok := Messages[key]; !ok {
				t.Fatalf("%q: unknown key %s", s, key)
			}
			return
		}
		if !d.Valid() {
			t.Fatalf("%q: invalid %v", s, d)
		}
		if e, k := ParseDay(d.String()); e != d || k != "" {
			t.Fatalf("%q: %v read back as %v", s, d, e)
		}
	})
}

// Marks from the count form are distinct candidates' numbers or an error key.
func FuzzParseMarks(f *testing.F) {
	f.Add("1", "2", false, 3)
	f.Add("3", "3", false, 3)
	f.Add("x", "", true, 2)
	f.Add("0", "-1", false, 5)
	f.Fuzz(func(t *testing.T, a, b string, invalid bool, n int) {
		cs, inv, key := ParseMarks([]string{a, b}, invalid, n)
		if key != "" {
			if _, ok := Messages[key]; !ok {
				t.Fatalf("unknown key %s", key)
			}
			return
		}
		if inv != invalid || (invalid && cs != nil) {
			t.Fatalf("invalid %v → %v %v", invalid, inv, cs)
		}
		seen := map[int]bool{}
		for _, c := range cs {
			if c < 1 || c > n || seen[c] {
				t.Fatalf("%q %q: %v", a, b, cs)
			}
			seen[c] = true
		}
	})
}
