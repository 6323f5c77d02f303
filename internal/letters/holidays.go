package letters

import (
	"context"
	"strconv"
	"strings"

	"xaso/internal/calendar"
	"xaso/internal/errs"
)

// HolidayChoice is a holiday a greeting can be for: its first day off and its name as a
// greeting says it ("Tết Nguyên đán Đinh Mùi 2027").
type HolidayChoice struct {
	Date calendar.Date
	Name string
}

// Holidays are the holidays of the commune's calendar from today on, for a year: the first
// day of each (make-up days left out), as the calendar room knows them (the yearly notices
// and the Labour Code's rules).
func (s *Service) Holidays(ctx context.Context, communeID string) ([]HolidayChoice, error) {
	cal, err := s.calendars(ctx, communeID)
	if err != nil {
		return nil, errs.Wrap("letters: holidays", err)
	}
	today := s.Today()
	return holidaysFrom(cal, today), nil
}

func holidaysFrom(cal *calendar.Calendar, today calendar.Date) []HolidayChoice {
	var out []HolidayChoice
	seen := map[string]bool{}
	end := today.AddDays(366)
	for y := today.Year; y <= end.Year; y++ {
		for _, h := range cal.Holidays(y) {
			if h.Date.Before(today) || h.Date.After(end) || strings.HasPrefix(h.Reason, "Nghỉ bù") || strings.TrimSpace(h.Reason) == "" {
				continue
			}
			name := strings.TrimPrefix(h.Reason, "Nghỉ ")
			switch name {
			case "Tết Nguyên đán":
				// The days off of Tết fall in January or February of the year whose lunar year
				// starts then: Tết 2027 is that of Đinh Mùi.
				name += " " + calendar.YearName(h.Date.Year) + " " + strconv.Itoa(h.Date.Year)
			case calendar.ReasonNewYear:
				name += " " + strconv.Itoa(h.Date.Year)
			}
			key := name + "/" + strconv.Itoa(h.Date.Year)
			if seen[key] {
				continue
			}
			seen[key] = true
			out = append(out, HolidayChoice{Date: h.Date, Name: name})
		}
	}
	return out
}
