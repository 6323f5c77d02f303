package calendar

import (
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"time"
	"unicode/utf8"
)

// Holiday is one day off (or, in Notice.WorkedDays, one weekend day worked) and why.
type Holiday struct {
	Date   Date   `json:"date"`
	Reason string `json:"reason"`
	// Note is for the people who keep the data: the source, or what is still to verify.
	Note string `json:"note,omitempty"`
}

// Notice is the government's schedule of days off for one year for the civil service:
// Labour Code 2019 Art. 112.3 lets the Prime Minister fix the Tết days and the second
// National Day day each year, and the yearly notices also swap a weekday off for a Saturday
// worked. When a Calendar has a Notice for a year, the notice replaces the statutory rules
// for that year entirely, so it must list every day off, including make-up days.
type Notice struct {
	Year int `json:"year"`
	// Source names the documents the notice follows (e.g. "Thông báo 9441/TB-BNV").
	Source string `json:"source,omitempty"`
	// DaysOff lists every day off of the year other than ordinary weekends. Weekend days
	// inside an announced period (the 9 days of Tết) may be listed too, to name them.
	DaysOff []Holiday `json:"days_off"`
	// WorkedDays lists the Saturdays (or Sundays) worked in exchange for a weekday off.
	WorkedDays []Holiday `json:"worked_days,omitempty"`
}

// maxReason bounds the length of a reason, which is shown in lists and explanations.
const maxReason = 200

// Validate checks a notice before it is used or stored. Every problem found is reported,
// each in a Vietnamese sentence; the error matches ErrInvalid.
func (n Notice) Validate() error {
	var errs []error
	if n.Year < 1900 || n.Year > 2200 {
		errs = append(errs, invalidf("năm của thông báo không hợp lệ: %d (cần từ 1900 đến 2200)", n.Year))
	}
	if len(n.DaysOff) == 0 {
		errs = append(errs, invalidf("thông báo năm %d chưa có ngày nghỉ nào", n.Year))
	}
	seen := make(map[Date]string)
	check := func(h Holiday, what string) bool {
		if !h.Date.Valid() {
			errs = append(errs, invalidf("%s: ngày không hợp lệ", what))
			return false
		}
		ok := true
		if h.Date.Year != n.Year {
			errs = append(errs, invalidf("%s %s không thuộc năm %d", what, h.Date, n.Year))
			ok = false
		}
		if h.Reason == "" {
			errs = append(errs, invalidf("%s %s thiếu lý do", what, h.Date))
			ok = false
		} else if utf8.RuneCountInString(h.Reason) > maxReason || utf8.RuneCountInString(h.Note) > 2*maxReason {
			errs = append(errs, invalidf("%s %s: lý do hoặc ghi chú quá dài", what, h.Date))
			ok = false
		}
		if prev, dup := seen[h.Date]; dup {
			errs = append(errs, invalidf("ngày %s được khai báo hai lần (%s và %s)", h.Date, prev, what))
			ok = false
		}
		seen[h.Date] = what
		return ok
	}
	for _, h := range n.DaysOff {
		check(h, "ngày nghỉ")
	}
	for _, h := range n.WorkedDays {
		if check(h, "ngày làm việc bù") {
			if wd := h.Date.Weekday(); wd != time.Saturday && wd != time.Sunday {
				errs = append(errs, invalidf("ngày làm việc bù %s là %s, không phải Thứ Bảy hoặc Chủ nhật", h.Date, weekdayName(wd)))
			}
		}
	}
	return errors.Join(errs...)
}

// validateClosures checks a commune's local closures.
func validateClosures(cs []Holiday) error {
	var errs []error
	seen := make(map[Date]bool)
	for _, c := range cs {
		switch {
		case !c.Date.Valid():
			errs = append(errs, invalidf("ngày nghỉ riêng của xã: ngày không hợp lệ"))
		case c.Reason == "":
			errs = append(errs, invalidf("ngày nghỉ riêng của xã %s thiếu lý do", c.Date))
		case utf8.RuneCountInString(c.Reason) > maxReason:
			errs = append(errs, invalidf("ngày nghỉ riêng của xã %s: lý do quá dài", c.Date))
		case seen[c.Date]:
			errs = append(errs, invalidf("ngày nghỉ riêng của xã %s được khai báo hai lần", c.Date))
		}
		seen[c.Date] = true
	}
	return errors.Join(errs...)
}

//go:embed notices/*.json
var noticeFiles embed.FS

// ShippedNotices returns the yearly notices shipped with xaso (notices/*.json), sorted by
// year. They seed a commune's settings; an admin may edit or add notices later.
func ShippedNotices() []Notice {
	ns, err := loadNotices(noticeFiles)
	if err != nil {
		panic(err) // the files are part of the binary and checked by tests
	}
	return ns
}

func loadNotices(fsys fs.FS) ([]Notice, error) {
	names, err := fs.Glob(fsys, "notices/*.json")
	if err != nil {
		return nil, err
	}
	var ns []Notice
	for _, name := range names {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		var n Notice
		if err := json.Unmarshal(b, &n); err != nil {
			return nil, fmt.Errorf("calendar: notice %s: %w", name, err)
		}
		if err := n.Validate(); err != nil {
			return nil, fmt.Errorf("calendar: notice %s: %w", name, err)
		}
		ns = append(ns, n)
	}
	sort.Slice(ns, func(i, j int) bool { return ns[i].Year < ns[j].Year })
	return ns, nil
}
