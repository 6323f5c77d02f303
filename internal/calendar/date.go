package calendar

import (
	"strconv"
	"strings"
	"time"
)

// Zone is Vietnam's civil time, UTC+7. Vietnam has had no daylight saving time since 1975,
// so a fixed zone is exact for every date this package serves and needs no tzdata.
var Zone = time.FixedZone("ICT", 7*60*60)

// Date is a civil date in the Gregorian calendar, with no time of day and no zone.
// The zero value is not a valid date; use NewDate, ParseDate or DateOf.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// NewDate returns the date y-m-d, normalising out-of-range months and days the way
// time.Date does (NewDate(2025, 1, 32) is 2025-02-01).
func NewDate(y int, m time.Month, d int) Date {
	mi := int(m) - 1
	y += floorDiv(mi, 12)
	mi -= 12 * floorDiv(mi, 12)
	return dateFromJDN(jdnOf(y, time.Month(mi+1), 1) + d - 1)
}

// DateOf returns the date of t in Vietnam's time zone.
func DateOf(t time.Time) Date {
	y, m, d := t.In(Zone).Date()
	return Date{y, m, d}
}

// ParseDate parses a date written YYYY-MM-DD (ISO 8601, four-digit year 0001–9999, two-digit
// month and day). Anything else is an error whose message is in Vietnamese.
func ParseDate(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, invalidf("ngày không hợp lệ: %q (cần dạng NNNN-TT-NN, ví dụ 2025-11-28)", s)
	}
	y, ok1 := digits(s[0:4])
	m, ok2 := digits(s[5:7])
	d, ok3 := digits(s[8:10])
	if !ok1 || !ok2 || !ok3 {
		return Date{}, invalidf("ngày không hợp lệ: %q (cần dạng NNNN-TT-NN, ví dụ 2025-11-28)", s)
	}
	date := Date{y, time.Month(m), d}
	if !date.Valid() {
		return Date{}, invalidf("ngày không hợp lệ: %q (không có ngày này trong lịch)", s)
	}
	return date, nil
}

// ParseDay parses a date as forms send it and as people write it: YYYY-MM-DD (a browser's
// date input) or day/month/year with a four-digit year, the day and month of one or two
// digits ("07/12/2026", "7/12/2026"), as Vietnamese documents write dates.
func ParseDay(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if d, err := ParseDate(s); err == nil {
		return d, nil
	}
	parts := strings.Split(s, "/")
	bad := invalidf("ngày không hợp lệ: %q (cần dạng ngày/tháng/năm, ví dụ 07/12/2026)", s)
	if len(parts) != 3 || len(parts[0]) > 2 || len(parts[1]) > 2 || len(parts[2]) != 4 {
		return Date{}, bad
	}
	d, ok1 := digits(parts[0])
	m, ok2 := digits(parts[1])
	y, ok3 := digits(parts[2])
	date := Date{y, time.Month(m), d}
	if !ok1 || !ok2 || !ok3 || !date.Valid() {
		return Date{}, bad
	}
	return date, nil
}

// digits parses a non-empty run of ASCII digits.
func digits(s string) (int, bool) {
	if s == "" {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// Valid reports whether d names a real day of a year between 1 and 9999.
func (d Date) Valid() bool {
	if d.Year < 1 || d.Year > 9999 || d.Month < time.January || d.Month > time.December || d.Day < 1 {
		return false
	}
	return d.Day <= daysIn(d.Year, d.Month)
}

func daysIn(y int, m time.Month) int {
	switch m {
	case time.February:
		if isLeapYear(y) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

func isLeapYear(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

// String formats d as YYYY-MM-DD.
func (d Date) String() string {
	b := make([]byte, 0, 10)
	return string(d.appendTo(b))
}

func (d Date) appendTo(b []byte) []byte {
	b = appendPadded(b, d.Year, 4)
	b = append(b, '-')
	b = appendPadded(b, int(d.Month), 2)
	b = append(b, '-')
	return appendPadded(b, d.Day, 2)
}

// appendPadded appends n in decimal, zero-padded to width; a negative number keeps its sign.
func appendPadded(b []byte, n, width int) []byte {
	if n < 0 {
		b = append(b, '-')
		n = -n
	}
	s := strconv.Itoa(n)
	for i := len(s); i < width; i++ {
		b = append(b, '0')
	}
	return append(b, s...)
}

// MarshalText writes d as YYYY-MM-DD, so that dates are plain strings in JSON.
func (d Date) MarshalText() ([]byte, error) {
	if !d.Valid() {
		return nil, invalidf("ngày không hợp lệ: %d-%d-%d", d.Year, int(d.Month), d.Day)
	}
	return d.appendTo(make([]byte, 0, 10)), nil
}

// UnmarshalText reads a date written YYYY-MM-DD.
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday {
	// JDN 0 was a Monday.
	return time.Weekday(mod(d.jdn()+1, 7))
}

// AddDays returns the date n calendar days after d (before d when n is negative).
func (d Date) AddDays(n int) Date { return dateFromJDN(d.jdn() + n) }

// Sub returns the number of calendar days from e to d (d − e).
func (d Date) Sub(e Date) int { return d.jdn() - e.jdn() }

// Compare returns -1, 0 or +1 as d is before, equal to or after e.
func (d Date) Compare(e Date) int {
	a, b := d.jdn(), e.jdn()
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.Compare(e) > 0 }

// Time returns the start of d (00:00) in Vietnam's time zone.
func (d Date) Time() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, Zone) }

// At returns the moment at clock time c on d, in Vietnam's time zone.
func (d Date) At(c Clock) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, int(c), 0, 0, Zone)
}

// jdn returns the Julian day number of d (the day count used by astronomers; 2000-01-01 is
// 2451545), for the proleptic Gregorian calendar.
func (d Date) jdn() int { return jdnOf(d.Year, d.Month, d.Day) }

func jdnOf(y int, m time.Month, d int) int {
	// Count years from March so that the leap day ends the year; floorDiv keeps the formula
	// right for years before 1 as well.
	a := (14 - int(m)) / 12
	yy := y + 4800 - a
	mm := int(m) + 12*a - 3
	return d + (153*mm+2)/5 + 365*yy + floorDiv(yy, 4) - floorDiv(yy, 100) + floorDiv(yy, 400) - 32045
}

func dateFromJDN(j int) Date {
	a := j + 32044
	b := floorDiv(4*a+3, 146097)
	c := a - floorDiv(146097*b, 4)
	dd := floorDiv(4*c+3, 1461)
	e := c - floorDiv(1461*dd, 4)
	m := (5*e + 2) / 153
	day := e - (153*m+2)/5 + 1
	month := m + 3 - 12*(m/10)
	year := 100*b + dd - 4800 + m/10
	return Date{year, time.Month(month), day}
}

func floorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}
