package campaign

import (
	"strconv"
	"strings"
	"time"

	"xaso/internal/calendar"
)

// MaxAttendance bounds the people counted at one session: more than a commune holds.
const MaxAttendance = 100000

// ParseAttendance reads the number of people at a session as a clerk types it: digits, with
// the thousands grouped by dots or spaces the Vietnamese way ("1.200", "1 200"). It returns
// the number, or the catalogue key of what is wrong.
func ParseAttendance(s string) (int, string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, "campaign.err.attendance_required"
	}
	digits := s
	if strings.ContainsAny(s, ". ") {
		groups := strings.FieldsFunc(s, func(r rune) bool { return r == '.' || r == ' ' })
		// Grouped: 1–3 digits, then groups of exactly 3, one separator between them.
		if len(groups) < 2 || len(groups[0]) > 3 || strings.Count(s, ".")+strings.Count(s, " ") != len(groups)-1 {
			return 0, "campaign.err.attendance_invalid"
		}
		for _, g := range groups[1:] {
			if len(g) != 3 {
				return 0, "campaign.err.attendance_invalid"
			}
		}
		digits = strings.Join(groups, "")
	}
	if len(digits) > 7 || strings.Trim(digits, "0123456789") != "" {
		return 0, "campaign.err.attendance_invalid"
	}
	n, err := strconv.Atoi(digits)
	if err != nil {
		return 0, "campaign.err.attendance_invalid"
	}
	if n > MaxAttendance {
		return 0, "campaign.err.attendance_too_many"
	}
	return n, ""
}

// ParseDay reads a day as a date input sends it (YYYY-MM-DD) or as it is written in
// Vietnam (dd/mm/yyyy, where a browser shows a plain text box).
func ParseDay(s string) (calendar.Date, bool) {
	s = strings.TrimSpace(s)
	if d, err := calendar.ParseDate(s); err == nil {
		return d, true
	}
	if t, err := time.Parse("2/1/2006", s); err == nil && t.Year() >= 1 {
		return calendar.NewDate(t.Year(), t.Month(), t.Day()), true
	}
	return calendar.Date{}, false
}

// Period is a span of days, both ends included.
type Period struct {
	From, To calendar.Date
}

// YearOf is the calendar year of d.
func YearOf(d calendar.Date) Period {
	return Period{From: calendar.NewDate(d.Year, time.January, 1), To: calendar.NewDate(d.Year, time.December, 31)}
}

// Contains reports whether d is in the period.
func (p Period) Contains(d calendar.Date) bool { return !d.Before(p.From) && !d.After(p.To) }

// maxPeriodDays bounds a coverage period: ten years is more than any plan spans.
const maxPeriodDays = 3660

// ParsePeriod reads the coverage period from ?tu= and ?den=; an end left empty is taken from
// the calendar year of today (of the other end when one is given). The field errors, keyed
// "tu" and "den", are catalogue keys; with errors the period returned is today's year.
func ParsePeriod(from, to string, today calendar.Date) (Period, map[string]string) {
	fe := map[string]string{}
	p := YearOf(today)
	var f, t calendar.Date
	var okF, okT bool
	if strings.TrimSpace(from) != "" {
		if f, okF = ParseDay(from); !okF {
			fe["tu"] = "campaign.err.date_invalid"
		}
	}
	if strings.TrimSpace(to) != "" {
		if t, okT = ParseDay(to); !okT {
			fe["den"] = "campaign.err.date_invalid"
		}
	}
	if len(fe) > 0 {
		return YearOf(today), fe
	}
	switch {
	case okF && okT:
		p = Period{From: f, To: t}
	case okF:
		p = Period{From: f, To: YearOf(f).To}
	case okT:
		p = Period{From: YearOf(t).From, To: t}
	}
	if p.To.Before(p.From) {
		return YearOf(today), map[string]string{"den": "campaign.err.period_order"}
	}
	if p.To.Sub(p.From) > maxPeriodDays {
		return YearOf(today), map[string]string{"den": "campaign.err.period_too_long"}
	}
	return p, nil
}
