package disclosure

import (
	"strconv"
	"strings"

	"xaso/internal/calendar"
)

// The parsers of what the staff forms and the query strings send. They never panic and
// accept nothing they cannot write back (fuzz_test.go checks both).

// parseDay reads a date written dd/mm/yyyy ("7/9/2026" too, as people write it) or
// yyyy-mm-dd (what a browser's date input sends). Empty is the zero date with ok true: the
// caller decides whether the field was required.
func parseDay(s string) (calendar.Date, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return calendar.Date{}, true
	}
	d, err := calendar.ParseDay(s)
	return d, err == nil
}

// parseYearQuarter reads ?nam=YYYY&quy=N (1–4); missing values default to the quarter of
// today; false if either is present and wrong.
func parseYearQuarter(year, quarter string, today calendar.Date) (int, int, bool) {
	y, q := today.Year, (int(today.Month)-1)/3+1
	if s := strings.TrimSpace(year); s != "" {
		n, ok := digits(s, 4, 4)
		if !ok || n < 2000 {
			return 0, 0, false
		}
		y = n
	}
	if s := strings.TrimSpace(quarter); s != "" {
		n, ok := digits(s, 1, 1)
		if !ok || n < 1 || n > 4 {
			return 0, 0, false
		}
		q = n
	}
	return y, q, true
}

// digits parses a number of minLen to maxLen ASCII digits (no sign, no space).
func digits(s string, minLen, maxLen int) (int, bool) {
	if len(s) < minLen || len(s) > maxLen || strings.Trim(s, "0123456789") != "" {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	return n, err == nil
}

// dmy writes d as dd/mm/yyyy; "" for the zero date.
func dmy(d calendar.Date) string {
	if d == (calendar.Date{}) {
		return ""
	}
	return FormatDate(d)
}

// isoOrEmpty is d as a date input's value: YYYY-MM-DD, or "".
func isoOrEmpty(d calendar.Date) string {
	if d == (calendar.Date{}) {
		return ""
	}
	return d.String()
}
