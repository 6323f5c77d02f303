package election

import (
	"strconv"
	"strings"

	"xaso/internal/calendar"
	"xaso/internal/democracy"
)

// ParseDay reads a day as a date input sends it (YYYY-MM-DD) or as Vietnamese documents write
// it (dd/mm/yyyy). It returns the day or the catalogue key of what is wrong.
func ParseDay(s string) (calendar.Date, string) {
	if strings.TrimSpace(s) == "" {
		return calendar.Date{}, "election.err.day_required"
	}
	d, err := calendar.ParseDay(s)
	if err != nil || d.Year < 2000 || d.Year > 2200 {
		return calendar.Date{}, "election.err.day_invalid"
	}
	return d, ""
}

// ParseCount reads a whole number from 0 to max as a clerk types it: digits, the thousands
// grouped by dots, commas or spaces ("1.200", "1 200"), never a decimal. It returns the number or
// the catalogue key of what is wrong.
func ParseCount(s string, max int) (int, string) {
	// The democracy room's reading of a count, with this room's messages and its own bound.
	n, key := democracy.ParseCount(s)
	switch key {
	case "":
		if n > max {
			return 0, "election.err.count_too_big"
		}
		return n, ""
	case "democracy.err.count_required":
		return 0, "election.err.count_required"
	case "democracy.err.count_too_big":
		return 0, "election.err.count_too_big"
	}
	return 0, "election.err.count_invalid"
}

// ParseMarks reads the marking of a batch of papers from the count form: the candidates'
// numbers kept on the paper ("cand" values), or "invalid" for invalid papers; none is a blank
// paper (every name struck out). Numbers outside 1..candidates or repeated are an error.
func ParseMarks(values []string, invalid bool, candidates int) ([]int, bool, string) {
	if invalid {
		return nil, true, ""
	}
	seen := map[int]bool{}
	out := []int{}
	for _, v := range values {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || n < 1 || n > candidates || seen[n] {
			return nil, false, "election.err.marks"
		}
		seen[n] = true
		out = append(out, n)
	}
	return out, false, ""
}
