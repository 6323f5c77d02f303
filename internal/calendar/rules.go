package calendar

import (
	"sort"
	"time"
)

// Reasons of the statutory days off, as people read them.
const (
	ReasonNewYear     = "Tết Dương lịch"
	ReasonTet         = "Nghỉ Tết Nguyên đán"
	ReasonHungKings   = "Giỗ Tổ Hùng Vương"
	ReasonVictory     = "Ngày Chiến thắng"
	ReasonLabour      = "Ngày Quốc tế Lao động"
	ReasonNationalDay = "Quốc khánh"
	// makeUpPrefix starts the reason of a make-up day: "Nghỉ bù Giỗ Tổ Hùng Vương".
	makeUpPrefix = "Nghỉ bù "
)

// StatutoryHolidays returns the days off of year y by the Labour Code alone, as used for a
// year that has no Notice: the holidays themselves (even when they fall on a weekend, so that
// they can be named) and the make-up days. An admin page can offer it as the draft of a new
// year's notice. Years outside 1–9998 have no holidays.
func StatutoryHolidays(y int) []Holiday {
	if y < minLunarYear || y > maxLunarYear {
		return nil
	}
	var days []Holiday
	add := func(d Date, reason string) { days = append(days, Holiday{Date: d, Reason: reason}) }

	// Labour Code 2019 Art. 112.1.a: 1 January.
	add(NewDate(y, time.January, 1), ReasonNewYear)
	// Art. 112.1.b: 5 days of Tết, placed by the Prime Minister each year (Art. 112.3).
	// Without a notice: the last day of the old lunar year and the first four of the new.
	tet := Tet(y)
	for i := -1; i <= 3; i++ {
		add(tet.AddDays(i), ReasonTet)
	}
	// Art. 112.1.đ: the Hùng Kings' commemoration, 10th day of the 3rd lunar month.
	if hung, err := LunarToSolar(LunarDate{Year: y, Month: 3, Day: 10}); err == nil {
		add(hung, ReasonHungKings)
	}
	// Art. 112.1.c: 30 April and 1 May.
	add(NewDate(y, time.April, 30), ReasonVictory)
	add(NewDate(y, time.May, 1), ReasonLabour)
	// Art. 112.1.d: 2 September and one day before or after it, chosen by the Prime
	// Minister each year (Art. 112.3).
	add(NewDate(y, time.September, 2), ReasonNationalDay)
	add(secondNationalDay(y), ReasonNationalDay)

	sort.SliceStable(days, func(i, j int) bool { return days[i].Date.Before(days[j].Date) })

	// Art. 111.3: a holiday falling on a weekly rest day is taken on the next working day.
	// A holiday falling on another holiday (Hùng Kings on 30 April, in some years) is made
	// up the same way; the day keeps the name of the earlier holiday in this list.
	taken := make(map[Date]bool, len(days)+4)
	for _, h := range days {
		taken[h.Date] = true
	}
	var makeUps []Holiday
	seen := make(map[Date]bool, len(days))
	var out []Holiday
	for _, h := range days {
		dup := seen[h.Date]
		seen[h.Date] = true
		if !dup {
			out = append(out, h)
		}
		if !dup && !isWeekend(h.Date) {
			continue
		}
		d := h.Date.AddDays(1)
		for isWeekend(d) || taken[d] {
			d = d.AddDays(1)
		}
		taken[d] = true
		makeUps = append(makeUps, Holiday{Date: d, Reason: makeUpPrefix + baseReason(h.Reason)})
	}
	out = append(out, makeUps...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Date.Before(out[j].Date) })
	return out
}

// baseReason names a holiday inside "Nghỉ bù …": "Nghỉ Tết Nguyên đán" becomes "Tết Nguyên đán".
func baseReason(r string) string {
	if r == ReasonTet {
		return "Tết Nguyên đán"
	}
	return r
}

// secondNationalDay chooses the day next to 2 September for a year with no notice. The law
// leaves it to the Prime Minister, who in recent years picked the side that joins the break
// to a weekend (2021 Fri 3 Sep, 2022 Thu 1 Sep, 2023 Fri 1 Sep, 2024 Tue 3 Sep, 2025 Mon
// 1 Sep). This rule does the same and takes the day after when neither side does (2 Sep on
// a Wednesday); on a Sunday both sides give the same days off once made up.
func secondNationalDay(y int) Date {
	sep2 := NewDate(y, time.September, 2)
	switch sep2.Weekday() {
	case time.Tuesday, time.Friday, time.Saturday:
		return sep2.AddDays(-1)
	}
	return sep2.AddDays(1)
}

func isWeekend(d Date) bool {
	wd := d.Weekday()
	return wd == time.Saturday || wd == time.Sunday
}

var weekdayNames = [7]string{"Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"}

// weekdayName returns the Vietnamese name of a day of the week: "Thứ Hai", …, "Chủ nhật".
func weekdayName(wd time.Weekday) string { return weekdayNames[wd] }

// WeekdayName returns the Vietnamese name of d's day of the week ("Thứ Bảy", "Chủ nhật").
func WeekdayName(d Date) string { return weekdayNames[d.Weekday()] }
