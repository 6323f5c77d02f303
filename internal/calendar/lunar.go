package calendar

import (
	"sync/atomic"
)

// LunarDate is a date of the Vietnamese lunar calendar (âm lịch). Leap is true for the
// days of a leap month (tháng nhuận), which repeats the number of the month before it.
type LunarDate struct {
	Year  int
	Month int
	Day   int
	Leap  bool
}

// String formats l as YYYY-MM-DD, with an L after the month of a leap month:
// "2019-01-01", "2020-04L-01".
func (l LunarDate) String() string {
	b := make([]byte, 0, 11)
	b = appendPadded(b, l.Year, 4)
	b = append(b, '-')
	b = appendPadded(b, l.Month, 2)
	if l.Leap {
		b = append(b, 'L')
	}
	b = append(b, '-')
	b = appendPadded(b, l.Day, 2)
	return string(b)
}

// MarshalText writes l as String does.
func (l LunarDate) MarshalText() ([]byte, error) { return []byte(l.String()), nil }

// UnmarshalText reads a lunar date written as ParseLunar accepts.
func (l *LunarDate) UnmarshalText(b []byte) error {
	v, err := ParseLunar(string(b))
	if err != nil {
		return err
	}
	*l = v
	return nil
}

// ParseLunar parses a lunar date written YYYY-MM-DD or, in a leap month, YYYY-MML-DD
// (four-digit year, two-digit month 01–12, two-digit day 01–30). It checks the form only;
// LunarToSolar tells whether that month and day exist in that year.
func ParseLunar(s string) (LunarDate, error) {
	bad := func(why string) (LunarDate, error) {
		return LunarDate{}, invalidf("ngày âm lịch không hợp lệ: %q (%s)", s, why)
	}
	const form = "cần dạng NNNN-TT-NN hoặc NNNN-TTL-NN cho tháng nhuận, ví dụ 2020-04L-01"
	var l LunarDate
	switch {
	case len(s) == 10 && s[4] == '-' && s[7] == '-':
	case len(s) == 11 && s[4] == '-' && s[7] == 'L' && s[8] == '-':
		l.Leap = true
	default:
		return bad(form)
	}
	y, ok1 := digits(s[0:4])
	m, ok2 := digits(s[5:7])
	d, ok3 := digits(s[len(s)-2:])
	if !ok1 || !ok2 || !ok3 {
		return bad(form)
	}
	l.Year, l.Month, l.Day = y, m, d
	if y < 1 {
		return bad("năm phải từ 0001")
	}
	if m < 1 || m > 12 {
		return bad("tháng phải từ 01 đến 12")
	}
	if d < 1 || d > 30 {
		return bad("ngày phải từ 01 đến 30")
	}
	return l, nil
}

// The lunar years LunarToSolar accepts: those whose every day has a valid Date.
const minLunarYear, maxLunarYear = 1, 9998

// lunarMonth is one month of a lunarSpan.
type lunarMonth struct {
	start int // JDN of day 1
	year  int
	month int
	leap  bool
}

// lunarSpan holds the lunar months from month 11 that starts in Gregorian year y-1 up to,
// not including, month 11 that starts in year y: 12 months, or 13 when one is a leap month.
type lunarSpan struct {
	months [13]lunarMonth
	n      int
	end    int // JDN of the next month 11's first day
}

// newLunarSpan computes the span ending with the month 11 that starts in Gregorian year y.
func newLunarSpan(y int) *lunarSpan {
	a := month11Start(y - 1)
	b := month11Start(y)
	k := lunationNear(a)
	s := &lunarSpan{n: 12, end: b}
	// Twelve lunations are about 354 days, thirteen about 384.
	if b-a > 365 {
		s.n = 13
	}
	leap := 0
	if s.n == 13 {
		// The leap month is the first month of the span in which no major solar term
		// begins. Month 11 itself holds the solstice, so the search starts at offset 1.
		// In 1900–2100 one is always found (a test checks it); the last month is a fallback.
		leap = 12
		sector := solarTermSector(newMoonDay(k + 1))
		for i := 1; i <= 12; i++ {
			next := solarTermSector(newMoonDay(k + i + 1))
			if next == sector {
				leap = i
				break
			}
			sector = next
		}
	}
	for i := 0; i < s.n; i++ {
		m := i + 11
		if leap > 0 && i >= leap {
			m = i + 10
		}
		if m > 12 {
			m -= 12
		}
		year := y
		if m >= 11 && i < 4 {
			year = y - 1 // months 11 and 12 at the start of the span belong to the old year
		}
		s.months[i] = lunarMonth{start: newMoonDay(k + i), year: year, month: m, leap: leap > 0 && i == leap}
	}
	return s
}

// monthEnd returns the JDN after the last day of month i.
func (s *lunarSpan) monthEnd(i int) int {
	if i+1 < s.n {
		return s.months[i+1].start
	}
	return s.end
}

// The spans are a memo of a pure function, filled lazily and safe for concurrent use; years
// outside the window are computed on each call.
const spanFirst, spanLast = 1850, 2250

var spanMemo [spanLast - spanFirst + 1]atomic.Pointer[lunarSpan]

func spanFor(y int) *lunarSpan {
	if y < spanFirst || y > spanLast {
		return newLunarSpan(y)
	}
	p := &spanMemo[y-spanFirst]
	if s := p.Load(); s != nil {
		return s
	}
	s := newLunarSpan(y)
	p.Store(s)
	return s
}

// SolarToLunar returns the Vietnamese lunar date of the civil date d. It is exact for
// 1900–2100 (tested against an external set); outside that range the astronomy is less
// precise and the result may be a day off near a new moon.
func SolarToLunar(d Date) LunarDate {
	j := d.jdn()
	y := d.Year
	s := spanFor(y)
	for j >= s.end {
		y++
		s = spanFor(y)
	}
	for j < s.months[0].start {
		y--
		s = spanFor(y)
	}
	i := s.n - 1
	for s.months[i].start > j {
		i--
	}
	m := s.months[i]
	return LunarDate{Year: m.year, Month: m.month, Day: j - m.start + 1, Leap: m.leap}
}

// LunarToSolar returns the civil date of the lunar date l. It fails, with a Vietnamese
// message, when the year has no such leap month or the month has no such day (a lunar month
// has 29 or 30 days).
func LunarToSolar(l LunarDate) (Date, error) {
	if l.Year < minLunarYear || l.Year > maxLunarYear || l.Month < 1 || l.Month > 12 || l.Day < 1 || l.Day > 30 {
		return Date{}, invalidf("ngày âm lịch không hợp lệ: %s", l)
	}
	sy := l.Year
	if l.Month >= 11 {
		sy++ // months 11 and 12 start in the next span
	}
	s := spanFor(sy)
	for i := 0; i < s.n; i++ {
		m := s.months[i]
		if m.year != l.Year || m.month != l.Month || m.leap != l.Leap {
			continue
		}
		if length := s.monthEnd(i) - m.start; l.Day > length {
			return Date{}, invalidf("ngày âm lịch không tồn tại: %s (tháng này chỉ có %d ngày)", l, length)
		}
		return dateFromJDN(m.start + l.Day - 1), nil
	}
	if l.Leap {
		return Date{}, invalidf("ngày âm lịch không tồn tại: %s (năm %d không có tháng %d nhuận)", l, l.Year, l.Month)
	}
	return Date{}, invalidf("ngày âm lịch không tồn tại: %s", l)
}

// LeapMonth returns the number of the leap month of lunar year y, or 0 when the year has
// twelve months.
func LeapMonth(y int) int {
	for _, sy := range [2]int{y, y + 1} {
		s := spanFor(sy)
		for i := 0; i < s.n; i++ {
			if m := s.months[i]; m.leap && m.year == y {
				return m.month
			}
		}
	}
	return 0
}

// Tet returns the civil date of Tết Nguyên đán (lunar 1/1) of year y, for y from 1 to
// 9998 (the zero Date outside that range).
func Tet(y int) Date {
	d, _ := LunarToSolar(LunarDate{Year: y, Month: 1, Day: 1})
	return d
}
