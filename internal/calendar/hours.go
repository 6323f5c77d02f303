package calendar

import (
	"errors"
	"time"
)

// Session is one stretch of office hours in a day (the morning, the afternoon).
type Session struct {
	Start Clock `json:"start"`
	End   Clock `json:"end"`
}

// OfficeHours are a commune office's working hours on a working day.
type OfficeHours struct {
	// Sessions are in order and do not overlap, e.g. 07:30–11:30 and 13:30–17:00.
	Sessions []Session `json:"sessions"`
	// CutOff is the latest time a dossier counts as received that day; after it, counting
	// starts on the next working day (Decree 61/2018/NĐ-CP Art. 18: 15:00).
	CutOff Clock `json:"cut_off"`
}

// DefaultHours returns the usual hours of a commune office: 07:30–11:30 and 13:30–17:00,
// with the 15:00 cut-off.
func DefaultHours() OfficeHours {
	return OfficeHours{
		Sessions: []Session{
			{Start: NewClock(7, 30), End: NewClock(11, 30)},
			{Start: NewClock(13, 30), End: NewClock(17, 0)},
		},
		CutOff: NewClock(15, 0),
	}
}

// Validate checks that the sessions are in order, within the day and not overlapping, and
// that the cut-off lies within office hours.
func (h OfficeHours) Validate() error {
	var errs []error
	if len(h.Sessions) == 0 {
		errs = append(errs, invalidf("chưa khai báo giờ làm việc"))
	}
	prev := Clock(0)
	for i, s := range h.Sessions {
		switch {
		case s.Start < 0 || s.End > 24*60 || s.Start >= s.End:
			errs = append(errs, invalidf("buổi làm việc %s–%s không hợp lệ", s.Start, s.End))
		case i > 0 && s.Start < prev:
			errs = append(errs, invalidf("buổi làm việc %s–%s chồng lên hoặc đứng trước buổi trước", s.Start, s.End))
		}
		prev = s.End
	}
	if len(h.Sessions) > 0 && (h.CutOff <= h.Opening() || h.CutOff > h.Closing()) {
		errs = append(errs, invalidf("giờ nhận hồ sơ muộn nhất %s phải nằm trong giờ làm việc %s–%s", h.CutOff, h.Opening(), h.Closing()))
	}
	return errors.Join(errs...)
}

// Opening returns the start of the first session.
func (h OfficeHours) Opening() Clock { return h.Sessions[0].Start }

// Closing returns the end of the last session.
func (h OfficeHours) Closing() Clock { return h.Sessions[len(h.Sessions)-1].End }

// PerDay returns the working time of one working day (7 h 30 min by default).
func (h OfficeHours) PerDay() time.Duration {
	var d time.Duration
	for _, s := range h.Sessions {
		d += time.Duration(s.End-s.Start) * time.Minute
	}
	return d
}

// AddWorkingHours returns the moment when d of office time has passed after t, counting
// only office hours of working days. A t outside office hours counts from the next opening.
// A d of zero or less returns t unchanged. The result is in Vietnam's time zone.
func (c *Calendar) AddWorkingHours(t time.Time, d time.Duration) time.Time {
	if d <= 0 {
		return t
	}
	end, _ := c.walkHours(t.In(Zone), d, false)
	return end
}

// walkHours counts d of office time from t (in Zone) and returns the end; with explain it
// also returns one step per day passed: the working time taken from a working day, or why a
// day was skipped.
func (c *Calendar) walkHours(t time.Time, d time.Duration, explain bool) (time.Time, []Step) {
	var steps []Step
	day := DateOf(t)
	since := t.Sub(day.Time())
	n := 0
	for {
		info := c.dayKind(day)
		if !info.Working() {
			if explain {
				steps = append(steps, Step{Date: day, Reason: c.reason(day)})
			}
		} else {
			var used time.Duration
			for _, s := range c.hours.Sessions {
				start := time.Duration(s.Start) * time.Minute
				end := time.Duration(s.End) * time.Minute
				from := max(since, start)
				if from >= end {
					continue
				}
				if avail := end - from; d <= avail {
					used += d
					if explain {
						n++
						steps = append(steps, Step{Date: day, Counted: true, N: n, Hours: used, Reason: c.workedReason(day)})
					}
					return day.Time().Add(from + d), steps
				} else {
					d -= avail
					used += avail
				}
			}
			if explain && used > 0 {
				n++
				steps = append(steps, Step{Date: day, Counted: true, N: n, Hours: used, Reason: c.workedReason(day)})
			}
		}
		day = day.AddDays(1)
		since = 0
	}
}

func (c *Calendar) dayKind(d Date) DayKind {
	y := c.year(d.Year)
	return y.kinds[d.jdn()-y.first]
}

func (c *Calendar) reason(d Date) string {
	y := c.year(d.Year)
	return y.reasons[d.jdn()-y.first]
}

// workedReason is the note shown on a counted day: only a worked weekend day has one.
func (c *Calendar) workedReason(d Date) string {
	if c.dayKind(d) == KindWorkedWeekend {
		return c.reason(d)
	}
	return ""
}

// maxClosedDays bounds the search for the next opening: no office stays closed a year.
const maxClosedDays = 366

// OpenAt reports whether the office is open at t: a working day, between the opening of its
// first session and the close of its last (the midday break counts as open: a resident who
// comes at 13:15 waits for the afternoon in the hall, with a ticket).
func (c *Calendar) OpenAt(t time.Time) bool {
	d, at := DateOf(t), clockOf(t)
	h := c.Hours()
	return c.IsWorkingDay(d) && at >= h.Opening() && at < h.Closing()
}

// NextOpening is the first moment at or after t when the office is open: t itself when it
// is open, else the opening of the next working day (today's when t is before opening).
// The zero time when no working day comes within a year.
func (c *Calendar) NextOpening(t time.Time) time.Time {
	if c.OpenAt(t) {
		return t
	}
	h := c.Hours()
	d := DateOf(t)
	if c.IsWorkingDay(d) && clockOf(t) < h.Opening() {
		return d.At(h.Opening())
	}
	for range maxClosedDays {
		d = d.AddDays(1)
		if c.IsWorkingDay(d) {
			return d.At(h.Opening())
		}
	}
	return time.Time{}
}

// clockOf is the clock time of t in Vietnam.
func clockOf(t time.Time) Clock {
	lt := t.In(Zone)
	return NewClock(lt.Hour(), lt.Minute())
}
