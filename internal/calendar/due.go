package calendar

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Processing is the time limit of a procedure: a number of working days, a number of
// working hours (half a day is 4), or, when both are zero, immediate (within the day).
type Processing struct {
	Days  int     `json:"days,omitempty"`
	Hours float64 `json:"hours,omitempty"`
	// NoCutOff: a dossier received after the cut-off but within office hours still counts
	// that day. The cut-off is a rule of some procedures only (certification, Decree
	// 23/2015/NĐ-CP Art. 7), so the procedure says which.
	NoCutOff bool `json:"no_cut_off,omitempty"`
}

// The longest limits accepted: ten years.
const (
	maxDays  = 3650
	maxHours = maxDays * 8
)

// HalfDay is the usual "half a working day" limit.
var HalfDay = Processing{Hours: 4}

// Validate checks that at most one of Days and Hours is set and neither is negative.
func (p Processing) Validate() error {
	switch {
	case p.Days < 0 || p.Hours < 0 || math.IsNaN(p.Hours) || math.IsInf(p.Hours, 0):
		return invalidf("thời hạn giải quyết không hợp lệ: %s", p)
	case p.Days > 0 && p.Hours > 0:
		return invalidf("thời hạn giải quyết chỉ được tính bằng ngày hoặc bằng giờ, không cả hai")
	case p.Days > maxDays || p.Hours > maxHours:
		return invalidf("thời hạn giải quyết quá dài: %s", p)
	}
	return nil
}

// String writes the limit in Vietnamese: "5 ngày làm việc", "4 giờ làm việc", "trong ngày".
func (p Processing) String() string {
	switch {
	case p.Days != 0:
		return strconv.Itoa(p.Days) + " ngày làm việc"
	case p.Hours != 0:
		// A decimal comma, as Vietnamese writes it: "1,5 giờ làm việc".
		return strings.Replace(strconv.FormatFloat(p.Hours, 'f', -1, 64), ".", ",", 1) + " giờ làm việc"
	}
	return "trong ngày"
}

// Due is the computed due time of a dossier, with the reasoning behind it.
type Due struct {
	Received   time.Time
	Processing Processing
	// Start is when counting starts: the moment of receipt, or the opening of the next
	// working day when the dossier came after the cut-off or outside a working day.
	Start time.Time
	// At is the due time.
	At    time.Time
	steps []Step
}

// Explain lists the days from receipt to the due date: the day of receipt, the days
// skipped and why, and the working days (or hours) counted.
func (d Due) Explain() []Step { return append([]Step(nil), d.steps...) }

// DueAt returns when a dossier received at the given moment is due under p.
//
// The conventions, so that a due date can be explained to a citizen in one sentence:
//
//   - A dossier received on a working day before the cut-off (15:00) counts from the
//     moment of receipt. Received after the cut-off, on a day off, or after hours, it counts
//     as received at the opening of the next working day (Decree 61/2018/NĐ-CP Art. 18).
//   - N working days: due at closing time (17:00) of the N-th working day after the day it
//     counts as received, that day itself not counted (Civil Code 2015 Art. 147.1). This is
//     `xaso calendar add <day> N` at closing time: received Monday 09:00 with 1 day, due
//     Tuesday 17:00; received Monday 15:30, due Wednesday 17:00.
//   - Immediate (zero): due at closing time of the day it counts as received.
//   - N working hours: due when N hours of office time have passed from the moment it counts
//     as received (received Monday 14:00 with 4 hours, due Tuesday 08:30).
//
// Invalid limits are read leniently: negative values count as zero, and Days wins over
// Hours; check input with Processing.Validate.
func (c *Calendar) DueAt(received time.Time, p Processing) Due {
	received = received.In(Zone)
	due := Due{Received: received, Processing: p}
	p.Days = min(p.Days, maxDays)
	if !(p.Hours <= maxHours) { // also catches NaN
		p.Hours = maxHours
	}
	day := DateOf(received)
	start := day
	kind := c.dayKind(day)
	// "Sau 15 giờ": a dossier received at 15:00:00 sharp still counts that day.
	cutOff := c.hours.CutOff
	if p.NoCutOff {
		cutOff = c.hours.Closing()
	}
	sameDay := kind.Working() && !received.After(day.At(cutOff))

	if sameDay {
		due.Start = c.officeMomentFrom(received)
		switch {
		case p.Days > 0:
			due.steps = append(due.steps, Step{Date: day, Reason: "Ngày nhận hồ sơ, không tính"})
		case p.Hours <= 0:
			due.steps = append(due.steps, Step{Date: day, Reason: "Ngày nhận hồ sơ, giải quyết trong ngày"})
		}
	} else {
		why := c.reason(day) + "; nhận vào ngày nghỉ, tính từ ngày làm việc tiếp theo"
		if kind.Working() {
			why = fmt.Sprintf("Nhận sau %s, tính từ ngày làm việc tiếp theo", cutOff.Vietnamese())
		}
		due.steps = append(due.steps, Step{Date: day, Reason: why})
		start = day.AddDays(1)
		for !c.dayKind(start).Working() {
			due.steps = append(due.steps, Step{Date: start, Reason: c.reason(start)})
			start = start.AddDays(1)
		}
		due.Start = start.At(c.hours.Opening())
		switch {
		case p.Days > 0:
			due.steps = append(due.steps, Step{Date: start, Reason: "Coi như ngày nhận hồ sơ, không tính"})
		case p.Hours <= 0:
			due.steps = append(due.steps, Step{Date: start, Reason: "Coi như ngày nhận hồ sơ, giải quyết trong ngày"})
		}
	}

	switch {
	case p.Days > 0:
		end, steps := c.AddWorkingDaysExplained(start, p.Days)
		due.steps = append(due.steps, steps...)
		due.At = end.At(c.hours.Closing())
	case p.Hours > 0:
		d := time.Duration(math.Round(p.Hours*60)) * time.Minute
		end, steps := c.walkHours(due.Start, d, true)
		if len(steps) > 0 && steps[0].Date == day && sameDay && steps[0].Reason == "" {
			steps[0].Reason = "Ngày nhận hồ sơ"
		}
		due.steps = append(due.steps, steps...)
		due.At = end
	default:
		due.At = start.At(c.hours.Closing())
	}
	return due
}

// officeMomentFrom returns t if it falls within a session of its day, else the start of the
// next session that day (t is never after the cut-off here, so one exists).
func (c *Calendar) officeMomentFrom(t time.Time) time.Time {
	day := DateOf(t)
	for _, s := range c.hours.Sessions {
		if end := day.At(s.End); t.Before(end) {
			if start := day.At(s.Start); t.Before(start) {
				return start
			}
			return t
		}
	}
	return t
}
