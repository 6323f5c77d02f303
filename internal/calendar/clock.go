package calendar

import "strconv"

// Clock is a time of day, in minutes after midnight (07:30 is 450).
type Clock int

// NewClock returns the clock time h:m.
func NewClock(h, m int) Clock { return Clock(h*60 + m) }

// ParseClock parses a time of day written HH:MM (24-hour clock, 00:00–24:00).
func ParseClock(s string) (Clock, error) {
	if len(s) != 5 || s[2] != ':' {
		return 0, invalidf("giờ không hợp lệ: %q (cần dạng GG:PP, ví dụ 07:30)", s)
	}
	h, ok1 := digits(s[0:2])
	m, ok2 := digits(s[3:5])
	if !ok1 || !ok2 || m > 59 || h > 24 || (h == 24 && m != 0) {
		return 0, invalidf("giờ không hợp lệ: %q (cần dạng GG:PP, ví dụ 07:30)", s)
	}
	return NewClock(h, m), nil
}

// String formats c as HH:MM.
func (c Clock) String() string {
	b := appendPadded(make([]byte, 0, 5), int(c)/60, 2)
	b = append(b, ':')
	return string(appendPadded(b, int(c)%60, 2))
}

// Vietnamese writes c the way Vietnamese text does: "15 giờ", "16 giờ 30".
func (c Clock) Vietnamese() string {
	s := strconv.Itoa(int(c)/60) + " giờ"
	if m := int(c) % 60; m != 0 {
		s += " " + strconv.Itoa(m)
	}
	return s
}

// MarshalText writes c as HH:MM, so that office hours are readable in JSON.
func (c Clock) MarshalText() ([]byte, error) {
	if c < 0 || c > 24*60 {
		return nil, invalidf("giờ không hợp lệ: %d phút", int(c))
	}
	return []byte(c.String()), nil
}

// UnmarshalText reads a time of day written HH:MM.
func (c *Clock) UnmarshalText(b []byte) error {
	v, err := ParseClock(string(b))
	if err != nil {
		return err
	}
	*c = v
	return nil
}
