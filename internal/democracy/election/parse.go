package election

import (
	"strconv"
	"strings"

	"xaso/internal/calendar"
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
// grouped by dots or spaces the Vietnamese way ("1.200", "1 200"). It returns the number or
// the catalogue key of what is wrong.
func ParseCount(s string, max int) (int, string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, "election.err.count_required"
	}
	digits := s
	if strings.ContainsAny(s, ". ") {
		groups := strings.FieldsFunc(s, func(r rune) bool { return r == '.' || r == ' ' })
		if len(groups) < 2 || len(groups[0]) > 3 || strings.Count(s, ".")+strings.Count(s, " ") != len(groups)-1 {
			return 0, "election.err.count_invalid"
		}
		for _, g := range groups[1:] {
			if len(g) != 3 {
				return 0, "election.err.count_invalid"
			}
		}
		digits = strings.Join(groups, "")
	}
	if digits == "" || len(digits) > 7 || strings.Trim(digits, "0123456789") != "" {
		return 0, "election.err.count_invalid"
	}
	n, err := strconv.Atoi(digits)
	if err != nil {
		return 0, "election.err.count_invalid"
	}
	if n > max {
		return 0, "election.err.count_too_big"
	}
	return n, ""
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
