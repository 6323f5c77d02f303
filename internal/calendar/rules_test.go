package calendar

import (
	"testing"
	"time"
)

// TestStatutoryHolidays2027 checks the Labour Code rules for a year without a notice,
// worked out by hand: Tết (lunar 1/1) is Saturday 6 February 2027 and Hùng Kings' day
// (lunar 3/10) is Friday 16 April 2027.
func TestStatutoryHolidays2027(t *testing.T) {
	want := []string{
		"2027-01-01 Tết Dương lịch",
		"2027-02-05 Nghỉ Tết Nguyên đán",
		"2027-02-06 Nghỉ Tết Nguyên đán",
		"2027-02-07 Nghỉ Tết Nguyên đán",
		"2027-02-08 Nghỉ Tết Nguyên đán",
		"2027-02-09 Nghỉ Tết Nguyên đán",
		"2027-02-10 Nghỉ bù Tết Nguyên đán", // for Saturday 6
		"2027-02-11 Nghỉ bù Tết Nguyên đán", // for Sunday 7
		"2027-04-16 Giỗ Tổ Hùng Vương",
		"2027-04-30 Ngày Chiến thắng",
		"2027-05-01 Ngày Quốc tế Lao động", // a Saturday
		"2027-05-03 Nghỉ bù Ngày Quốc tế Lao động",
		"2027-09-02 Quốc khánh", // a Thursday: the second day is Friday 3
		"2027-09-03 Quốc khánh",
	}
	got := StatutoryHolidays(2027)
	if len(got) != len(want) {
		t.Fatalf("got %d days, want %d: %v", len(got), len(want), got)
	}
	for i, h := range got {
		if s := h.Date.String() + " " + h.Reason; s != want[i] {
			t.Errorf("day %d: %q, want %q", i, s, want[i])
		}
	}
}

// TestStatutoryHolidaysEveryYear checks properties of the default rules for 1900–2100:
// the 11 statutory days of Art. 112.1 always give 11 weekdays off (each holiday on a
// weekend or on another holiday is made up on a working day), no date twice.
func TestStatutoryHolidaysEveryYear(t *testing.T) {
	for y := 1900; y <= 2100; y++ {
		seen := make(map[Date]bool)
		weekdays := 0
		for _, h := range StatutoryHolidays(y) {
			if seen[h.Date] {
				t.Fatalf("%d: %s listed twice", y, h.Date)
			}
			seen[h.Date] = true
			if h.Date.Year != y {
				t.Fatalf("%d: %s is in another year", y, h.Date)
			}
			if !isWeekend(h.Date) {
				weekdays++
			} else if len(h.Reason) > len(makeUpPrefix) && h.Reason[:len(makeUpPrefix)] == makeUpPrefix {
				t.Fatalf("%d: make-up day %s on a weekend", y, h.Date)
			}
		}
		if weekdays != 11 {
			t.Errorf("%d: %d weekdays off, want 11", y, weekdays)
		}
	}
}

// TestSecondNationalDay checks the default rule against the days the Prime Minister chose.
func TestSecondNationalDay(t *testing.T) {
	tests := map[int]string{
		2021: "2021-09-03", // Thursday 2 Sep
		2022: "2022-09-01", // Friday
		2023: "2023-09-01", // Saturday
		2024: "2024-09-03", // Monday: off 31/8–3/9
		2025: "2025-09-01", // Tuesday
		2026: "2026-09-03", // Wednesday: the rule's tie-break (the 2026 notice is data)
	}
	for y, want := range tests {
		if got := secondNationalDay(y); got.String() != want {
			t.Errorf("%d: %s, want %s", y, got, want)
		}
	}
}

func TestWeekdayName(t *testing.T) {
	d := mustDate(t, "2025-11-29")
	for i, want := range []string{"Thứ Bảy", "Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu"} {
		if got := WeekdayName(d.AddDays(i)); got != want {
			t.Errorf("%s: %q, want %q", d.AddDays(i), got, want)
		}
	}
	if weekdayName(time.Sunday) != "Chủ nhật" {
		t.Error("Sunday")
	}
}
