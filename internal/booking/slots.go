package booking

import (
	"strconv"
	"strings"
	"unicode"

	"xaso/internal/calendar"
	"xaso/internal/fold"
)

// Slot is one bookable stretch of a working day, in Vietnam's time.
type Slot struct {
	Start, End calendar.Clock
}

// String is "07:30–08:00".
func (s Slot) String() string { return s.Start.String() + "–" + s.End.String() }

// DaySlots splits each office session into slots of minutes, in order. A remainder shorter
// than a slot at the end of a session is not offered: nobody is booked past closing time.
func DaySlots(h calendar.OfficeHours, minutes int) []Slot {
	if minutes <= 0 {
		return nil
	}
	var out []Slot
	for _, s := range h.Sessions {
		for t := s.Start; t+calendar.Clock(minutes) <= s.End; t += calendar.Clock(minutes) {
			out = append(out, Slot{Start: t, End: t + calendar.Clock(minutes)})
		}
	}
	return out
}

// slotAt finds the slot of the day that starts at start.
func slotAt(slots []Slot, start calendar.Clock) (Slot, bool) {
	for _, s := range slots {
		if s.Start == start {
			return s, true
		}
	}
	return Slot{}, false
}

// BookableDays returns the n working days after today, in order: a resident books from the
// next working day on, never a weekend, a holiday, a day off by notice or a local closure.
// Today is left to the queue.
func BookableDays(cal *calendar.Calendar, today calendar.Date, n int) []calendar.Date {
	out := make([]calendar.Date, 0, n)
	d := today
	// A year holds far more than the 60 working days a commune may open; the bound only guards
	// against a calendar with no working day at all.
	for i := 0; len(out) < n && i < 400; i++ {
		d = d.AddDays(1)
		if cal.IsWorkingDay(d) {
			out = append(out, d)
		}
	}
	return out
}

// DerivePrefix is the default ticket prefix of a field of procedures: the initials of its
// words without diacritics, at most four letters ("Hộ tịch" → "HT", "Bảo trợ xã hội" → "BTXH").
func DerivePrefix(field string) string {
	var b strings.Builder
	for _, w := range strings.FieldsFunc(fold.String(field), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if b.Len() == 4 {
			break
		}
		r := []rune(w)[0]
		if r < 128 && unicode.IsLetter(r) {
			b.WriteRune(unicode.ToUpper(r))
		}
	}
	if b.Len() == 0 {
		return "S"
	}
	return b.String()
}

// prefixes gives every field a prefix: the stored one, else the derived one, made unique by
// adding the next letters of the field's last word ("Cư trú" after "Chứng thực": "CTR"), then
// a digit.
func prefixes(fields []string, stored map[string]string) map[string]string {
	out := map[string]string{}
	used := map[string]bool{}
	for _, f := range fields {
		if p, ok := stored[f]; ok {
			out[f] = p
			used[p] = true
		}
	}
	for _, f := range fields {
		if _, ok := out[f]; ok {
			continue
		}
		p := uniquePrefix(f, used)
		out[f] = p
		used[p] = true
	}
	return out
}

func uniquePrefix(field string, used map[string]bool) string {
	base := DerivePrefix(field)
	cands := []string{base}
	if words := strings.Fields(strings.ToUpper(fold.String(field))); len(words) > 0 {
		c := base
		for _, r := range words[len(words)-1][1:] {
			if len(c) == 4 {
				break
			}
			if 'A' <= r && r <= 'Z' {
				c += string(r)
				cands = append(cands, c)
			}
		}
	}
	for d := '2'; d <= '9'; d++ {
		cands = append(cands, base[:min(3, len(base))]+string(d))
	}
	for _, c := range cands {
		if !used[c] {
			return c
		}
	}
	for n := 2; ; n++ { // more than a dozen fields sharing initials: not seen in any catalogue
		if c := "Q" + strconv.Itoa(n); !used[c] {
			return c
		}
	}
}

// validPrefix: one to four characters, a capital letter A–Z then letters or digits 2–9, so that
// a ticket reads aloud clearly ("HT", "CTR", "BT2").
func validPrefix(p string) bool {
	if len(p) < 1 || len(p) > 4 || p[0] < 'A' || p[0] > 'Z' {
		return false
	}
	for _, r := range p[1:] {
		if (r < 'A' || r > 'Z') && (r < '2' || r > '9') {
			return false
		}
	}
	return true
}
