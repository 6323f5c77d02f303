package calendar

import (
	"errors"
	"sort"
	"sync"
	"time"
)

// DayKind tells what kind of day a date is for the office.
type DayKind uint8

const (
	KindWorking       DayKind = iota // an ordinary working day
	KindWorkedWeekend                // a Saturday (or Sunday) worked in exchange for a weekday off
	KindWeekend                      // Saturday or Sunday
	KindHoliday                      // a holiday, a make-up day or a day off by notice
	KindLocalClosure                 // closed by decision of the commune
)

// Working reports whether a day of kind k is a working day.
func (k DayKind) Working() bool { return k == KindWorking || k == KindWorkedWeekend }

// Day describes one date: its lunar date, whether the office works and why (not).
type Day struct {
	Date    Date
	Lunar   LunarDate
	Kind    DayKind
	Working bool
	// Reason says why the day is off ("Chủ nhật", "Nghỉ Tết Nguyên đán") or why a weekend
	// day is worked ("Thứ Bảy làm việc bù"); it is empty on an ordinary working day.
	Reason string
}

// Options configures a Calendar.
type Options struct {
	// Notices replace the statutory rules for their year (at most one per year).
	Notices []Notice
	// LocalClosures are days the commune office is closed (a flood, a local event).
	LocalClosures []Holiday
	// Hours are the office hours; the zero value means DefaultHours.
	Hours OfficeHours
}

// Calendar answers working-day questions for one commune. It is safe for concurrent use;
// each year's days are computed once, on first use.
type Calendar struct {
	notices  map[int]Notice
	closures map[int][]Holiday
	hours    OfficeHours
	years    sync.Map // int → *yearDays, for years in [cacheFirst, cacheLast]
}

// Years outside this window are computed on each use instead of being kept.
const cacheFirst, cacheLast = 1900, 2200

// New returns a Calendar with the given notices, local closures and office hours, after
// checking them.
func New(opts Options) (*Calendar, error) {
	c := &Calendar{
		notices:  make(map[int]Notice, len(opts.Notices)),
		closures: make(map[int][]Holiday),
		hours:    opts.Hours,
	}
	var errs []error
	for _, n := range opts.Notices {
		if err := n.Validate(); err != nil {
			errs = append(errs, err)
			continue
		}
		if _, dup := c.notices[n.Year]; dup {
			errs = append(errs, invalidf("có hai thông báo nghỉ lễ cho năm %d", n.Year))
			continue
		}
		n.DaysOff = append([]Holiday(nil), n.DaysOff...)
		n.WorkedDays = append([]Holiday(nil), n.WorkedDays...)
		c.notices[n.Year] = n
	}
	if err := validateClosures(opts.LocalClosures); err != nil {
		errs = append(errs, err)
	} else {
		for _, h := range opts.LocalClosures {
			c.closures[h.Date.Year] = append(c.closures[h.Date.Year], h)
		}
	}
	if len(c.hours.Sessions) == 0 && c.hours.CutOff == 0 {
		c.hours = DefaultHours()
	} else {
		c.hours.Sessions = append([]Session(nil), c.hours.Sessions...)
		if err := c.hours.Validate(); err != nil {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return c, nil
}

// Default returns a Calendar with the notices shipped with xaso, no local closure and the
// default office hours.
func Default() *Calendar {
	c, err := New(Options{Notices: ShippedNotices()})
	if err != nil {
		panic(err) // the shipped notices are checked by tests
	}
	return c
}

// Hours returns the calendar's office hours.
func (c *Calendar) Hours() OfficeHours {
	h := c.hours
	h.Sessions = append([]Session(nil), h.Sessions...)
	return h
}

// yearDays is one Gregorian year of a Calendar, precomputed.
type yearDays struct {
	year     int
	first    int // JDN of 1 January
	kinds    []DayKind
	reasons  []string
	cum      []int32 // cum[i]: working days from 1 January through day i
	holidays []Holiday
	worked   []Holiday
}

func (y *yearDays) total() int { return int(y.cum[len(y.cum)-1]) }

func (c *Calendar) year(y int) *yearDays {
	if y < cacheFirst || y > cacheLast {
		return c.buildYear(y)
	}
	if v, ok := c.years.Load(y); ok {
		return v.(*yearDays)
	}
	v, _ := c.years.LoadOrStore(y, c.buildYear(y))
	return v.(*yearDays)
}

func (c *Calendar) buildYear(y int) *yearDays {
	first := jdnOf(y, time.January, 1)
	n := jdnOf(y+1, time.January, 1) - first
	yd := &yearDays{
		year:    y,
		first:   first,
		kinds:   make([]DayKind, n),
		reasons: make([]string, n),
		cum:     make([]int32, n),
	}
	for i := range n {
		switch time.Weekday(mod(first+i+1, 7)) {
		case time.Saturday:
			yd.kinds[i], yd.reasons[i] = KindWeekend, "Thứ Bảy"
		case time.Sunday:
			yd.kinds[i], yd.reasons[i] = KindWeekend, "Chủ nhật"
		}
	}
	var off []Holiday
	if notice, ok := c.notices[y]; ok {
		off = append(off, notice.DaysOff...)
		yd.worked = append(yd.worked, notice.WorkedDays...)
	} else {
		off = StatutoryHolidays(y)
	}
	for _, h := range off {
		if i := h.Date.jdn() - first; i >= 0 && i < n {
			yd.kinds[i], yd.reasons[i] = KindHoliday, h.Reason
		}
	}
	for _, h := range yd.worked {
		if i := h.Date.jdn() - first; i >= 0 && i < n && yd.kinds[i] == KindWeekend {
			yd.kinds[i], yd.reasons[i] = KindWorkedWeekend, h.Reason
		}
	}
	for _, h := range c.closures[y] {
		if i := h.Date.jdn() - first; yd.kinds[i] != KindHoliday {
			yd.kinds[i], yd.reasons[i] = KindLocalClosure, h.Reason
			off = append(off, h)
		}
	}
	sort.SliceStable(off, func(i, j int) bool { return off[i].Date.Before(off[j].Date) })
	sort.SliceStable(yd.worked, func(i, j int) bool { return yd.worked[i].Date.Before(yd.worked[j].Date) })
	yd.holidays = off
	var count int32
	for i, k := range yd.kinds {
		if k.Working() {
			count++
		}
		yd.cum[i] = count
	}
	return yd
}

// IsWorkingDay reports whether the office works on d.
func (c *Calendar) IsWorkingDay(d Date) bool {
	y := c.year(d.Year)
	return y.kinds[d.jdn()-y.first].Working()
}

// DayInfo describes d: its lunar date, whether the office works and why (not).
func (c *Calendar) DayInfo(d Date) Day {
	y := c.year(d.Year)
	i := d.jdn() - y.first
	k := y.kinds[i]
	return Day{Date: d, Lunar: SolarToLunar(d), Kind: k, Working: k.Working(), Reason: y.reasons[i]}
}

// Holidays returns the days off of year y other than ordinary weekends, in date order:
// holidays, make-up days, days off by notice and the commune's own closures.
func (c *Calendar) Holidays(y int) []Holiday {
	return append([]Holiday(nil), c.year(y).holidays...)
}

// WorkedDays returns the weekend days of year y that are worked in exchange for a day off.
func (c *Calendar) WorkedDays(y int) []Holiday {
	return append([]Holiday(nil), c.year(y).worked...)
}

// Notice returns the notice the calendar follows for year y, if it has one.
func (c *Calendar) Notice(y int) (Notice, bool) {
	n, ok := c.notices[y]
	n.DaysOff = append([]Holiday(nil), n.DaysOff...)
	n.WorkedDays = append([]Holiday(nil), n.WorkedDays...)
	return n, ok
}

// MonthView returns every day of a month with its lunar date and working status, for a
// printed or on-screen calendar.
func (c *Calendar) MonthView(year int, month time.Month) []Day {
	first := NewDate(year, month, 1)
	n := daysIn(first.Year, first.Month)
	days := make([]Day, n)
	for i := range days {
		days[i] = c.DayInfo(first.AddDays(i))
	}
	return days
}
