package calendar

import (
	"errors"
	"sync"
	"testing"
	"time"
)

func TestDayInfo(t *testing.T) {
	c := Default()
	tests := []struct {
		date    string
		working bool
		kind    DayKind
		reason  string
	}{
		{"2025-12-01", true, KindWorking, ""},
		{"2025-11-29", false, KindWeekend, "Thứ Bảy"},
		{"2025-11-30", false, KindWeekend, "Chủ nhật"},
		{"2025-01-01", false, KindHoliday, "Tết Dương lịch"},
		{"2025-01-27", false, KindHoliday, "Nghỉ Tết Nguyên đán"},
		{"2025-01-26", false, KindHoliday, "Nghỉ Tết Nguyên đán"}, // a Sunday inside the Tết break
		{"2025-02-03", true, KindWorking, ""},
		{"2025-04-07", false, KindHoliday, "Giỗ Tổ Hùng Vương"},
		{"2025-04-26", true, KindWorkedWeekend, "Thứ Bảy làm việc bù"},
		{"2025-04-30", false, KindHoliday, "Ngày Chiến thắng"},
		{"2025-05-01", false, KindHoliday, "Ngày Quốc tế Lao động"},
		{"2025-05-02", false, KindHoliday, "Nghỉ hoán đổi dịp 30/4 – 1/5"},
		{"2025-09-01", false, KindHoliday, "Quốc khánh"},
		{"2025-09-02", false, KindHoliday, "Quốc khánh"},
		{"2025-09-03", true, KindWorking, ""},
		{"2026-01-02", false, KindHoliday, "Nghỉ hoán đổi dịp Tết Dương lịch"},
		{"2026-01-10", true, KindWorkedWeekend, "Thứ Bảy làm việc bù"},
		{"2026-02-16", false, KindHoliday, "Nghỉ Tết Nguyên đán"},
		{"2026-02-20", false, KindHoliday, "Nghỉ Tết Nguyên đán"},
		{"2026-02-23", true, KindWorking, ""},
		{"2026-04-26", false, KindHoliday, "Giỗ Tổ Hùng Vương"},
		{"2026-04-27", false, KindHoliday, "Nghỉ bù Giỗ Tổ Hùng Vương"},
		{"2027-05-03", false, KindHoliday, "Nghỉ bù Ngày Quốc tế Lao động"}, // statutory rules, no notice
	}
	for _, tt := range tests {
		d := mustDate(t, tt.date)
		info := c.DayInfo(d)
		if info.Working != tt.working || info.Kind != tt.kind || info.Reason != tt.reason {
			t.Errorf("DayInfo(%s) = %v %v %q; want %v %v %q", d, info.Working, info.Kind, info.Reason, tt.working, tt.kind, tt.reason)
		}
		if c.IsWorkingDay(d) != tt.working {
			t.Errorf("IsWorkingDay(%s) = %v", d, !tt.working)
		}
	}
	if l := c.DayInfo(mustDate(t, "2026-02-17")).Lunar; l != (LunarDate{Year: 2026, Month: 1, Day: 1}) {
		t.Errorf("lunar date of 2026-02-17: %s", l)
	}
}

func TestNoticeReplacesStatutoryRules(t *testing.T) {
	c, err := New(Options{Notices: []Notice{{
		Year:    2027,
		DaysOff: []Holiday{{Date: mustDate(t, "2027-01-01"), Reason: "Tết Dương lịch"}},
	}}})
	if err != nil {
		t.Fatal(err)
	}
	if !c.IsWorkingDay(mustDate(t, "2027-02-08")) {
		t.Error("2027-02-08 is off by the statutory rules although the notice replaces them")
	}
	// 2028 has no notice: the Tết days of the statutory rules apply.
	if c.IsWorkingDay(Tet(2028)) || Tet(2028) != mustDate(t, "2028-01-26") {
		t.Errorf("Tết 2028 (%s) is a working day", Tet(2028))
	}
	if _, ok := c.Notice(2027); !ok {
		t.Error("Notice(2027) not found")
	}
}

func TestLocalClosures(t *testing.T) {
	flood := Holiday{Date: mustDate(t, "2025-10-15"), Reason: "Nghỉ do ngập lụt"}
	c, err := New(Options{Notices: ShippedNotices(), LocalClosures: []Holiday{flood,
		{Date: mustDate(t, "2025-09-02"), Reason: "trùng ngày lễ"}}})
	if err != nil {
		t.Fatal(err)
	}
	info := c.DayInfo(flood.Date)
	if info.Working || info.Kind != KindLocalClosure || info.Reason != flood.Reason {
		t.Errorf("DayInfo(%s) = %+v", flood.Date, info)
	}
	if got := c.DayInfo(mustDate(t, "2025-09-02")).Reason; got != "Quốc khánh" {
		t.Errorf("a closure on a holiday hides the holiday: %q", got)
	}
	found := false
	for _, h := range c.Holidays(2025) {
		found = found || h == flood
	}
	if !found {
		t.Error("Holidays(2025) does not list the local closure")
	}
	if got := c.AddWorkingDays(mustDate(t, "2025-10-14"), 1); got != mustDate(t, "2025-10-16") {
		t.Errorf("AddWorkingDays over the closure = %s", got)
	}
}

func TestNewRejectsBadOptions(t *testing.T) {
	n := ShippedNotices()
	tests := map[string]Options{
		"two notices for a year": {Notices: []Notice{n[0], n[0]}},
		"invalid notice":         {Notices: []Notice{{Year: 2030}}},
		"closure without reason": {LocalClosures: []Holiday{{Date: mustDate(t, "2025-10-15")}}},
		"overlapping sessions": {Hours: OfficeHours{Sessions: []Session{{450, 720}, {700, 1020}},
			CutOff: NewClock(15, 0)}},
		"cut-off after closing": {Hours: OfficeHours{Sessions: []Session{{450, 690}}, CutOff: NewClock(15, 0)}},
	}
	for name, opts := range tests {
		if _, err := New(opts); err == nil || !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: New() error = %v", name, err)
		}
	}
}

func TestHolidays2026(t *testing.T) {
	hs := Default().Holidays(2026)
	if len(hs) == 0 || hs[0].Date != mustDate(t, "2026-01-01") || hs[0].Reason != "Tết Dương lịch" {
		t.Fatalf("Holidays(2026) starts with %+v", hs)
	}
	for i := 1; i < len(hs); i++ {
		if !hs[i-1].Date.Before(hs[i].Date) {
			t.Errorf("not in date order: %s then %s", hs[i-1].Date, hs[i].Date)
		}
	}
	if w := Default().WorkedDays(2025); len(w) != 1 || w[0].Date != mustDate(t, "2025-04-26") {
		t.Errorf("WorkedDays(2025) = %+v", w)
	}
}

func TestMonthView(t *testing.T) {
	days := Default().MonthView(2026, time.February)
	if len(days) != 28 {
		t.Fatalf("%d days", len(days))
	}
	tet := days[16]
	if tet.Date != mustDate(t, "2026-02-17") || tet.Lunar.String() != "2026-01-01" || tet.Working || tet.Reason != "Nghỉ Tết Nguyên đán" {
		t.Errorf("17 Feb 2026: %+v", tet)
	}
	if days[0].Lunar.String() != "2025-12-14" || days[0].Reason != "Chủ nhật" {
		t.Errorf("1 Feb 2026: %+v", days[0])
	}
}

// TestConcurrentUse exercises the lazy per-year cache from many goroutines (run with -race).
func TestConcurrentUse(t *testing.T) {
	c := Default()
	var wg sync.WaitGroup
	results := make([]Date, 16)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = c.AddWorkingDays(mustDate(t, "2024-12-20"), 400)
		}()
	}
	wg.Wait()
	for _, r := range results {
		if r != results[0] {
			t.Fatalf("goroutines disagree: %s vs %s", r, results[0])
		}
	}
}
