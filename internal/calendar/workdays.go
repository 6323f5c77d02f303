package calendar

import (
	"fmt"
	"strings"
	"time"
)

// Step is one day of an explanation: counted as a working day, or skipped and why.
type Step struct {
	Date    Date
	Counted bool
	// N is the ordinal of a counted day (1 for the first working day counted).
	N int
	// Hours is the office time counted on this day, for limits in working hours.
	Hours time.Duration
	// Reason says why a day is skipped ("Chủ nhật", "Nghỉ Tết Nguyên đán", "Nhận sau 15
	// giờ, tính từ ngày làm việc tiếp theo"), or notes a counted weekend day ("Thứ Bảy làm
	// việc bù").
	Reason string
}

// String writes the step as one line of Vietnamese:
// "2025-11-29 Thứ Bảy: bỏ qua (Thứ Bảy)", "2025-12-01 Thứ Hai: ngày làm việc thứ 1".
func (s Step) String() string {
	var b strings.Builder
	b.WriteString(s.Date.String())
	b.WriteString(" ")
	b.WriteString(WeekdayName(s.Date))
	b.WriteString(": ")
	switch {
	case !s.Counted:
		b.WriteString("bỏ qua")
	case s.Hours > 0:
		fmt.Fprintf(&b, "ngày làm việc thứ %d, tính %s", s.N, durationVI(s.Hours))
	default:
		fmt.Fprintf(&b, "ngày làm việc thứ %d", s.N)
	}
	if s.Reason != "" {
		b.WriteString(" (")
		b.WriteString(s.Reason)
		b.WriteString(")")
	}
	return b.String()
}

// durationVI writes a duration in hours and minutes: "3 giờ 30 phút", "4 giờ", "45 phút".
func durationVI(d time.Duration) string {
	m := int(d.Round(time.Minute) / time.Minute)
	switch h, mm := m/60, m%60; {
	case h == 0:
		return fmt.Sprintf("%d phút", mm)
	case mm == 0:
		return fmt.Sprintf("%d giờ", h)
	default:
		return fmt.Sprintf("%d giờ %d phút", h, mm)
	}
}

// AddWorkingDays returns the date that is n working days after d, d itself not counted
// (Civil Code 2015 Art. 147.1: a period in days starts the day after). A negative n counts
// back: the n-th working day before d. n = 0 returns d.
func (c *Calendar) AddWorkingDays(d Date, n int) Date {
	y := c.year(d.Year)
	i := d.jdn() - y.first
	for n > 0 {
		i++
		if i == len(y.kinds) {
			y, i = c.year(y.year+1), 0
			for n > y.total() { // skip whole years
				n -= y.total()
				y = c.year(y.year + 1)
			}
		}
		if y.kinds[i].Working() {
			n--
		}
	}
	for n < 0 {
		i--
		if i < 0 {
			y = c.year(y.year - 1)
			i = len(y.kinds) - 1
			for -n > y.total() {
				n += y.total()
				y = c.year(y.year - 1)
				i = len(y.kinds) - 1
			}
		}
		if y.kinds[i].Working() {
			n++
		}
	}
	return dateFromJDN(y.first + i)
}

// AddWorkingDaysExplained is AddWorkingDays with the explanation: one step for every day
// after d up to the result (before d, going back, when n is negative).
func (c *Calendar) AddWorkingDaysExplained(d Date, n int) (Date, []Step) {
	var steps []Step
	dir := 1
	if n < 0 {
		dir, n = -1, -n
	}
	for k := 0; k < n; {
		d = d.AddDays(dir)
		kind := c.dayKind(d)
		if !kind.Working() {
			steps = append(steps, Step{Date: d, Reason: c.reason(d)})
			continue
		}
		k++
		steps = append(steps, Step{Date: d, Counted: true, N: k, Reason: c.workedReason(d)})
	}
	return d, steps
}

// WorkingDaysBetween counts working days from a to b so that
// WorkingDaysBetween(d, AddWorkingDays(d, n)) == n for every n: when a <= b it counts the
// working days after a up to and including b; when b < a it is minus the count of working
// days from b up to, not including, a.
func (c *Calendar) WorkingDaysBetween(a, b Date) int {
	if b.Before(a) {
		return -c.countAfter(b.AddDays(-1), a.AddDays(-1))
	}
	return c.countAfter(a, b)
}

// countAfter returns the number of working days in (a, b], for a <= b.
func (c *Calendar) countAfter(a, b Date) int {
	ya := c.year(a.Year)
	n := -int(ya.cum[a.jdn()-ya.first])
	for y := a.Year; y < b.Year; y++ {
		n += c.year(y).total()
	}
	yb := c.year(b.Year)
	return n + int(yb.cum[b.jdn()-yb.first])
}
