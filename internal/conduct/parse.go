package conduct

import (
	"net/url"
	"strings"
	"time"

	"xaso/internal/calendar"
	"xaso/internal/notify"
)

// ParseDay reads a day as a date input sends it (YYYY-MM-DD) or as it is written in Vietnam
// (dd/mm/yyyy, where a browser shows a plain text box).
func ParseDay(s string) (calendar.Date, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 10 {
		return calendar.Date{}, false
	}
	if d, err := calendar.ParseDate(s); err == nil && d.Valid() {
		return d, true
	}
	if t, err := time.Parse("2/1/2006", s); err == nil && t.Year() >= 1 {
		return calendar.NewDate(t.Year(), t.Month(), t.Day()), true
	}
	return calendar.Date{}, false
}

// ReportInput is a report as a form sends it, cleaned: the public form on a badge page, or the
// hamlet head's.
type ReportInput struct {
	Body       string
	HappenedOn calendar.Date
	Name       string // optional
	Phone      string // optional; normalised (+84…) so that the outcome can be sent by SMS
	// The hamlet head's form only.
	OfficerID string // "" not known
	HamletID  string
	Month     string // YYYY-MM
}

// ParsePublicReport reads the form of an officer's public page: what happened, the day, the
// optional name and phone. It returns the input cleaned, the field errors (catalogue keys) and
// whether the form is a robot's (the hidden field "website", which people leave empty, was
// filled). The day is checked against today (not in the future, not more than a year back).
func ParsePublicReport(f url.Values, today calendar.Date) (ReportInput, map[string]string, bool) {
	in, fe := checkReport(f.Get("body"), f.Get("name"), f.Get("phone"))
	in.HappenedOn = checkDay(f.Get("happened_on"), today, fe)
	return in, fe, strings.TrimSpace(f.Get("website")) != ""
}

// ParseHamletReport reads the hamlet head's form: the month of the feedback, the hamlet, the
// officer (or none), what residents said, the day when known, and who said it (optional).
func ParseHamletReport(f url.Values, today calendar.Date) (ReportInput, map[string]string) {
	in, fe := checkReport(f.Get("body"), f.Get("name"), f.Get("phone"))
	if strings.TrimSpace(f.Get("happened_on")) != "" {
		in.HappenedOn = checkDay(f.Get("happened_on"), today, fe)
	}
	in.OfficerID = strings.TrimSpace(f.Get("officer"))
	if len(in.OfficerID) > 64 {
		fe["officer"], in.OfficerID = "conduct.err.officer_unknown", ""
	}
	in.HamletID = strings.TrimSpace(f.Get("hamlet"))
	if len(in.HamletID) > 64 {
		fe["hamlet"], in.HamletID = "conduct.err.hamlet_unknown", ""
	} else if in.HamletID == "" {
		fe["hamlet"] = "conduct.err.hamlet_required"
	}
	m := strings.TrimSpace(f.Get("month"))
	if t, err := time.Parse("2006-01", m); err != nil || len(m) != 7 {
		fe["month"] = "conduct.err.month_invalid"
	} else if first := calendar.NewDate(t.Year(), t.Month(), 1); first.After(today) || today.Sub(first) > maxAgeDays {
		fe["month"] = "conduct.err.month_invalid"
	} else {
		in.Month = m
	}
	return in, fe
}

// checkReport cleans the parts both forms share.
func checkReport(body, name, phone string) (ReportInput, map[string]string) {
	fe := map[string]string{}
	var in ReportInput
	var ok bool
	if in.Body, ok = clean(body, MaxBody); !ok {
		fe["body"] = "conduct.err.body_long"
	} else if in.Body == "" {
		fe["body"] = "conduct.err.body_required"
	}
	if in.Name, ok = clean(name, maxName); !ok {
		fe["name"] = "conduct.err.too_long"
	}
	if p := strings.TrimSpace(phone); p != "" {
		n, err := notify.NormalizePhone(p)
		if err != nil {
			fe["phone"] = "conduct.err.phone_invalid"
		}
		in.Phone = n
	}
	return in, fe
}

// checkDay reads the day something happened: required, not after today, at most a year back.
func checkDay(s string, today calendar.Date, fe map[string]string) calendar.Date {
	d, ok := ParseDay(s)
	switch {
	case strings.TrimSpace(s) == "":
		fe["happened_on"] = "conduct.err.day_required"
	case !ok:
		fe["happened_on"] = "conduct.err.date_invalid"
	case d.After(today):
		fe["happened_on"] = "conduct.err.date_future"
	case today.Sub(d) > maxAgeDays:
		fe["happened_on"] = "conduct.err.date_old"
	default:
		return d
	}
	return calendar.Date{}
}

// ReviewInput is the chairman's review as the form sends it.
type ReviewInput struct {
	Findings  string
	Outcome   string
	On        calendar.Date // the day of the review; today when the form leaves it empty
	OfficerID string        // names the officer when the report did not
}

// ParseReview reads the review form. The outcome and the officer are checked by the Service
// against its data.
func ParseReview(f url.Values, today calendar.Date) (ReviewInput, map[string]string) {
	fe := map[string]string{}
	var in ReviewInput
	var ok bool
	if in.Findings, ok = clean(f.Get("findings"), MaxFindings); !ok {
		fe["findings"] = "conduct.err.too_long"
	}
	in.Outcome = strings.TrimSpace(f.Get("outcome"))
	if len(in.Outcome) > 40 {
		in.Outcome = ""
	}
	in.On = today
	if s := strings.TrimSpace(f.Get("reviewed_on")); s != "" {
		if in.On, ok = ParseDay(s); !ok {
			fe["reviewed_on"] = "conduct.err.date_invalid"
		}
	}
	in.OfficerID = strings.TrimSpace(f.Get("officer"))
	if len(in.OfficerID) > 64 {
		fe["officer"], in.OfficerID = "conduct.err.officer_unknown", ""
	}
	return in, fe
}
