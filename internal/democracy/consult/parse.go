package consult

import (
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"xaso/internal/calendar"
)

// ParseDay reads a day as a date input sends it (YYYY-MM-DD) or as it is written in Vietnam
// (dd/mm/yyyy, where a browser shows a plain text box).
func ParseDay(s string) (calendar.Date, bool) {
	s = strings.TrimSpace(s)
	if len(s) > 10 {
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

// Limits of an opinion.
const (
	MaxOpinion = 4000 // characters of an opinion's text
	maxName    = 200
	maxPhone   = 20
)

// OpinionInput is an opinion as a form sends it: the public one (no source, no day) or the
// staff one.
type OpinionInput struct {
	HamletID string // "" none
	Name     string // optional: anonymous opinions are taken
	Phone    string // optional
	Body     string
	// Staff only.
	Source     Form
	ReceivedOn string
}

// ParsePublicOpinion reads the public comment form: the hamlet, the optional name and phone,
// the text. It returns the input cleaned, the field errors (catalogue keys) and whether the
// form is a robot's (the hidden field "website", which people leave empty, was filled).
func ParsePublicOpinion(f url.Values) (OpinionInput, map[string]string, bool) {
	in, fe := checkOpinion(OpinionInput{HamletID: f.Get("hamlet"), Name: f.Get("name"), Phone: f.Get("phone"), Body: f.Get("body")})
	return in, fe, strings.TrimSpace(f.Get("website")) != ""
}

// checkOpinion cleans the parts common to both forms.
func checkOpinion(in OpinionInput) (OpinionInput, map[string]string) {
	fe := map[string]string{}
	var ok bool
	in.HamletID = strings.TrimSpace(in.HamletID)
	if len(in.HamletID) > 64 {
		fe["hamlet"] = "consult.err.hamlet_unknown"
		in.HamletID = ""
	}
	if in.Name, ok = clean(in.Name, maxName); !ok {
		fe["name"] = "consult.err.too_long"
	}
	if in.Phone, ok = cleanPhone(in.Phone); !ok {
		fe["phone"] = "consult.err.phone_invalid"
	}
	in.Body = strings.ReplaceAll(in.Body, "\r\n", "\n")
	if in.Body, ok = clean(in.Body, MaxOpinion); !ok {
		fe["body"] = "consult.err.opinion_too_long"
	} else if in.Body == "" {
		fe["body"] = "consult.err.opinion_required"
	}
	return in, fe
}

// cleanPhone keeps a phone number's digits and a leading "+": 8 to 15 digits, or none.
func cleanPhone(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", true
	}
	if utf8.RuneCountInString(s) > 2*maxPhone {
		return "", false
	}
	var b strings.Builder
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '+' && i == 0:
			b.WriteRune(r)
		case r == ' ' || r == '.' || r == '-':
		default:
			return "", false
		}
	}
	n := len(strings.TrimPrefix(b.String(), "+"))
	if n < 8 || n > 15 {
		return "", false
	}
	return b.String(), true
}
