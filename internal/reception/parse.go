package reception

import (
	"strings"
	"unicode/utf8"

	"xaso/internal/calendar"
)

// The parsers of what forms send. They never panic and accept nothing they cannot write back
// (fuzz_test.go checks both).

// parseDay reads a date written dd/mm/yyyy (as Vietnamese forms write it, "7/9/2026" too) or
// yyyy-mm-dd (what a browser's date input sends).
func parseDay(s string) (calendar.Date, bool) {
	d, err := calendar.ParseDay(s)
	return d, err == nil
}

// parseClock reads a time of day written HH:MM or H:MM (24-hour clock, 00:00–24:00); "7h30"
// is accepted too, as people write it.
func parseClock(s string) (calendar.Clock, bool) {
	s = strings.TrimSpace(s)
	h, m, ok := strings.Cut(s, ":")
	if !ok {
		h, m, ok = strings.Cut(strings.ToLower(s), "h")
		if ok && m == "" {
			m = "00"
		}
	}
	if !ok {
		return 0, false
	}
	hh, ok1 := number(h, 1, 2)
	mm, ok2 := number(m, 2, 2)
	if !ok1 || !ok2 || mm > 59 || hh > 24 || hh == 24 && mm != 0 {
		return 0, false
	}
	return calendar.NewClock(hh, mm), true
}

// number parses minLen to maxLen ASCII digits.
func number(s string, minLen, maxLen int) (int, bool) {
	if len(s) < minLen || len(s) > maxLen {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

// dmy writes d as dd/mm/yyyy.
func dmy(d calendar.Date) string {
	if d == (calendar.Date{}) {
		return ""
	}
	return d.Time().Format("02/01/2006")
}

// clean trims s and reports whether it fits in max characters.
func clean(s string, max int) (string, bool) {
	s = strings.TrimSpace(s)
	return s, utf8.RuneCountInString(s) <= max && utf8.ValidString(s)
}
