package calendar

import (
	"strings"
	"testing"
	"time"
)

func at(t *testing.T, s string) time.Time {
	t.Helper()
	tm, err := time.ParseInLocation("2006-01-02 15:04", s, Zone)
	if err != nil {
		t.Fatal(err)
	}
	return tm
}

func TestAddWorkingHours(t *testing.T) {
	c := Default()
	tests := []struct {
		from  string
		hours time.Duration
		want  string
	}{
		{"2025-12-01 09:00", 4 * time.Hour, "2025-12-01 15:00"},                // over lunch
		{"2025-12-01 13:30", 3*time.Hour + 30*time.Minute, "2025-12-01 17:00"}, // ends at closing, not next morning
		{"2025-11-28 16:00", 2 * time.Hour, "2025-12-01 08:30"},                // Friday into Monday
		{"2025-11-29 10:00", time.Hour, "2025-12-01 08:30"},                    // from a Saturday
		{"2025-12-01 06:00", 30 * time.Minute, "2025-12-01 08:00"},             // before opening
		{"2025-12-01 12:00", 30 * time.Minute, "2025-12-01 14:00"},             // during lunch
		{"2025-12-01 20:00", 8 * time.Hour, "2025-12-03 08:00"},                // 7 h 30 a day
		{"2025-12-01 09:00", 0, "2025-12-01 09:00"},
		{"2026-02-13 16:00", 2 * time.Hour, "2026-02-23 08:30"}, // over Tết 2026
	}
	for _, tt := range tests {
		if got := c.AddWorkingHours(at(t, tt.from), tt.hours); !got.Equal(at(t, tt.want)) {
			t.Errorf("AddWorkingHours(%s, %s) = %s, want %s", tt.from, tt.hours, got.Format("2006-01-02 15:04"), tt.want)
		}
	}
	utc := at(t, "2025-12-01 09:00").UTC()
	if got := c.AddWorkingHours(utc, time.Hour); !got.Equal(at(t, "2025-12-01 10:00")) || got.Location() != Zone {
		t.Errorf("AddWorkingHours from UTC = %s", got)
	}
}

func TestDueAt(t *testing.T) {
	c := Default()
	tests := []struct {
		name     string
		received string
		p        Processing
		want     string
	}{
		{"1 day, morning", "2025-12-01 09:00", Processing{Days: 1}, "2025-12-02 17:00"},
		{"1 day, at 15:00 sharp", "2025-12-01 15:00", Processing{Days: 1}, "2025-12-02 17:00"},
		{"1 day, after 15:00", "2025-12-01 15:30", Processing{Days: 1}, "2025-12-03 17:00"},
		{"5 days, Friday afternoon", "2025-11-28 16:00", Processing{Days: 5}, "2025-12-08 17:00"},
		{"1 day, Saturday", "2025-11-29 10:00", Processing{Days: 1}, "2025-12-02 17:00"},
		{"immediate", "2025-12-01 10:00", Processing{}, "2025-12-01 17:00"},
		{"immediate after 15:00", "2025-12-01 16:00", Processing{}, "2025-12-02 17:00"},
		{"half day", "2025-12-01 14:00", HalfDay, "2025-12-02 08:30"},
		{"half day after 15:00", "2025-12-01 16:00", HalfDay, "2025-12-02 11:30"},
		{"half day before opening", "2025-12-01 06:00", HalfDay, "2025-12-01 11:30"},
		{"3 days over Tết 2026", "2026-02-13 10:00", Processing{Days: 3}, "2026-02-25 17:00"},
		{"1 day over Hùng Kings 2026", "2026-04-24 09:00", Processing{Days: 1}, "2026-04-28 17:00"},
		{"worked Saturday 2025", "2025-04-25 09:00", Processing{Days: 1}, "2025-04-26 17:00"},
		{"received on the worked Saturday", "2025-04-26 16:00", Processing{Days: 1}, "2025-04-29 17:00"},
		{"lenient: negative", "2025-12-01 09:00", Processing{Days: -3}, "2025-12-01 17:00"},
	}
	for _, tt := range tests {
		due := c.DueAt(at(t, tt.received), tt.p)
		if !due.At.Equal(at(t, tt.want)) {
			t.Errorf("%s: DueAt(%s, %s) = %s, want %s", tt.name, tt.received, tt.p, due.At.Format("2006-01-02 15:04"), tt.want)
		}
		if tt.p.Days > 0 && due.At != c.AddWorkingDays(DateOf(due.Start), tt.p.Days).At(c.hours.Closing()) {
			t.Errorf("%s: due date disagrees with AddWorkingDays from the start day", tt.name)
		}
	}
}

func TestDueExplain(t *testing.T) {
	c := Default()
	lines := func(d Due) string {
		var b strings.Builder
		for _, s := range d.Explain() {
			b.WriteString(s.String())
			b.WriteString("\n")
		}
		return b.String()
	}

	got := lines(c.DueAt(at(t, "2026-04-24 15:30"), Processing{Days: 1}))
	want := "2026-04-24 Thứ Sáu: bỏ qua (Nhận sau 15 giờ, tính từ ngày làm việc tiếp theo)\n" +
		"2026-04-25 Thứ Bảy: bỏ qua (Thứ Bảy)\n" +
		"2026-04-26 Chủ nhật: bỏ qua (Giỗ Tổ Hùng Vương)\n" +
		"2026-04-27 Thứ Hai: bỏ qua (Nghỉ bù Giỗ Tổ Hùng Vương)\n" +
		"2026-04-28 Thứ Ba: bỏ qua (Coi như ngày nhận hồ sơ, không tính)\n" +
		"2026-04-29 Thứ Tư: ngày làm việc thứ 1\n"
	if got != want {
		t.Errorf("explanation:\n%s\nwant:\n%s", got, want)
	}

	got = lines(c.DueAt(at(t, "2025-12-01 14:00"), HalfDay))
	want = "2025-12-01 Thứ Hai: ngày làm việc thứ 1, tính 3 giờ (Ngày nhận hồ sơ)\n" +
		"2025-12-02 Thứ Ba: ngày làm việc thứ 2, tính 1 giờ\n"
	if got != want {
		t.Errorf("explanation:\n%s\nwant:\n%s", got, want)
	}

	due := c.DueAt(at(t, "2026-02-13 10:00"), Processing{Days: 3})
	skippedTet := 0
	for _, s := range due.Explain() {
		if !s.Counted && s.Reason == "Nghỉ Tết Nguyên đán" {
			skippedTet++
		}
	}
	if skippedTet != 9 {
		t.Errorf("%d days skipped for Tết 2026, want 9", skippedTet)
	}
	steps := due.Explain()
	steps[0].Reason = "changed"
	if due.Explain()[0].Reason == "changed" {
		t.Error("Explain exposes the internal slice")
	}
}

func TestProcessing(t *testing.T) {
	if err := (Processing{Days: 1, Hours: 4}).Validate(); err == nil {
		t.Error("both days and hours accepted")
	}
	if err := (Processing{Days: -1}).Validate(); err == nil {
		t.Error("negative days accepted")
	}
	if err := HalfDay.Validate(); err != nil {
		t.Error(err)
	}
	for p, want := range map[Processing]string{{Days: 5}: "5 ngày làm việc", HalfDay: "4 giờ làm việc", {}: "trong ngày"} {
		if got := p.String(); got != want {
			t.Errorf("%+v.String() = %q, want %q", p, got, want)
		}
	}
}
