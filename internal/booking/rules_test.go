package booking

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"xaso/internal/calendar"
)

func TestDaySlotsSplitOfficeSessions(t *testing.T) {
	h := calendar.DefaultHours() // 07:30–11:30, 13:30–17:00
	cases := []struct {
		minutes     int
		n           int
		first, last string
	}{
		{30, 15, "07:30–08:00", "16:30–17:00"},
		{45, 9, "07:30–08:15", "15:45–16:30"}, // 240/45 = 5 in the morning (to 11:15), 210/45 = 4 after
		{60, 7, "07:30–08:30", "15:30–16:30"}, // never past closing: 16:30–17:30 is not offered
		{120, 3, "07:30–09:30", "13:30–15:30"},
	}
	for _, c := range cases {
		got := DaySlots(h, c.minutes)
		if len(got) != c.n {
			t.Errorf("%d min: %d slots %v, want %d", c.minutes, len(got), got, c.n)
			continue
		}
		if got[0].String() != c.first {
			t.Errorf("%d min: first %s, want %s", c.minutes, got[0], c.first)
		}
		if got[len(got)-1].String() != c.last {
			t.Errorf("%d min: last %s, want %s", c.minutes, got[len(got)-1], c.last)
		}
		for _, s := range got {
			inside := false
			for _, sess := range h.Sessions {
				inside = inside || (s.Start >= sess.Start && s.End <= sess.End)
			}
			if !inside {
				t.Errorf("%d min: slot %s is outside office hours", c.minutes, s)
			}
		}
	}
}

// Only working days are offered: never a weekend, never Tết 2026 (Mon 16 – Fri 20 Feb off by
// Notice 9441/TB-BNV), and today is left to the queue.
func TestBookableDaysSkipWeekendsAndTet(t *testing.T) {
	cal := calendar.Default()
	today := calendar.NewDate(2026, 2, 12) // Thursday
	days := BookableDays(cal, today, 14)
	if len(days) != 14 {
		t.Fatalf("%d days", len(days))
	}
	if days[0] != calendar.NewDate(2026, 2, 13) || days[1] != calendar.NewDate(2026, 2, 23) {
		t.Fatalf("first days %v %v: want Fri 13 Feb, then Mon 23 Feb after Tết", days[0], days[1])
	}
	for _, d := range days {
		if !d.After(today) {
			t.Errorf("%v is not after today", d)
		}
		if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
			t.Errorf("%v is a %v", d, wd)
		}
		if d == calendar.NewDate(2026, 2, 17) {
			t.Error("Tết (17 Feb 2026) is offered")
		}
		if !cal.IsWorkingDay(d) {
			t.Errorf("%v is not a working day", d)
		}
	}
}

func TestPrefixes(t *testing.T) {
	for field, want := range map[string]string{"Hộ tịch": "HT", "Chứng thực": "CT", "Bảo trợ xã hội": "BTXH",
		"Đăng ký kinh doanh hộ": "DKKD", "Đất đai": "DD", "Người có công": "NCC", "": "S"} {
		if got := DerivePrefix(field); got != want {
			t.Errorf("DerivePrefix(%q) = %q, want %q", field, got, want)
		}
	}
	fields := []string{"Chứng thực", "Cư trú", "Hộ tịch", "Cư trú tạm", "Cứu trợ"}
	got := prefixes(fields, map[string]string{"Hộ tịch": "HOT"})
	seen := map[string]string{}
	for _, f := range fields {
		p := got[f]
		if !validPrefix(p) {
			t.Errorf("%s: prefix %q is not valid", f, p)
		}
		if other, dup := seen[p]; dup {
			t.Errorf("%s and %s share prefix %s", f, other, p)
		}
		seen[p] = f
	}
	if got["Hộ tịch"] != "HOT" || got["Chứng thực"] != "CT" || got["Cư trú"] != "CTR" {
		t.Errorf("prefixes %v", got)
	}
	for p, ok := range map[string]bool{"HT": true, "BT2": true, "A": true, "ht": false, "2A": false, "HTXHA": false, "H-T": false, "": false, "H1": false} {
		if validPrefix(p) != ok {
			t.Errorf("validPrefix(%q) = %v", p, !ok)
		}
	}
}

func TestCodes(t *testing.T) {
	seen := map[string]bool{}
	r := bytes.NewReader(bytes.Repeat([]byte{0, 7, 31, 200, 255, 64, 13, 99}, 400))
	for i := 0; i < 400; i++ {
		c, err := newCode(r)
		if err != nil {
			t.Fatal(err)
		}
		if len(c) != CodeLength || strings.ContainsAny(c, "0O1I") {
			t.Fatalf("code %q", c)
		}
		seen[c] = true
	}
	for in, want := range map[string]string{"k7m2qx": "K7M2QX", " K7M-2QX ": "K7M2QX", "K7 M2 QX": "K7M2QX"} {
		if got, ok := NormalizeCode(in); !ok || got != want {
			t.Errorf("NormalizeCode(%q) = %q %v", in, got, ok)
		}
	}
	for _, bad := range []string{"", "K7M2Q", "K7M2QXX", "K7M2Q0", "K7M2QI", "K7M2Qố", "K7M2Q!"} {
		if _, ok := NormalizeCode(bad); ok {
			t.Errorf("NormalizeCode(%q) accepted", bad)
		}
	}
}

// Queue order: checked-in bookings whose slot has begun first (earliest slot first), then
// everyone else in the order the tickets were taken, early bookings among them.
func TestQueueOrder(t *testing.T) {
	at := func(h, m int) time.Time { return calendar.NewDate(2026, 3, 2).At(calendar.NewClock(h, m)) }
	walk := func(seq int) Ticket { return Ticket{ID: "w" + string(rune('0'+seq)), Seq: seq, Field: "Hộ tịch"} }
	booked := func(seq int, h, m int) Ticket {
		return Ticket{ID: "b" + string(rune('0'+seq)), Seq: seq, Field: "Hộ tịch", BookingID: "x", SlotStart: at(h, m)}
	}
	ids := func(ts []Ticket) string {
		var s []string
		for _, t := range ts {
			s = append(s, t.ID)
		}
		return strings.Join(s, " ")
	}
	cases := []struct {
		name    string
		waiting []Ticket
		now     time.Time
		want    string
	}{
		{"walk-ins in order taken", []Ticket{walk(3), walk(1), walk(2)}, at(9, 0), "w1 w2 w3"},
		{"a booking whose slot began goes first", []Ticket{walk(1), walk(2), booked(3, 9, 0)}, at(9, 5), "b3 w1 w2"},
		{"slot start is included", []Ticket{walk(1), booked(2, 9, 0)}, at(9, 0), "b2 w1"},
		{"an early booking waits in line", []Ticket{walk(1), booked(2, 10, 0), walk(3)}, at(9, 5), "w1 b2 w3"},
		{"earliest slot first, then order taken", []Ticket{booked(1, 9, 30), booked(2, 9, 0), booked(3, 9, 0), walk(4)}, at(9, 40), "b2 b3 b1 w4"},
		{"mixed", []Ticket{walk(1), booked(2, 10, 0), walk(3), booked(4, 9, 0), walk(5)}, at(9, 10), "b4 w1 b2 w3 w5"},
	}
	for _, c := range cases {
		if got := ids(QueueOrder(c.waiting, c.now)); got != c.want {
			t.Errorf("%s: order %s, want %s", c.name, got, c.want)
		}
		next, ok := NextTicket(c.waiting, c.now)
		if !ok || next.ID != strings.Fields(c.want)[0] {
			t.Errorf("%s: next %s, want %s", c.name, next.ID, strings.Fields(c.want)[0])
		}
	}
	if _, ok := NextTicket(nil, at(9, 0)); ok {
		t.Error("a ticket from an empty queue")
	}
}

func TestSettingsValidate(t *testing.T) {
	st := DefaultSettings()
	if fe := st.Validate(); len(fe) != 0 {
		t.Fatalf("defaults invalid: %v", fe)
	}
	st.SlotMinutes = 5
	st.DaysAhead = 0
	st.Counters = append(st.Counters, Counter{Number: 1, Name: " ", Capacity: -1})
	st.Prefixes = map[string]string{"Hộ tịch": "HT", "Cư trú": "HT", "Đất đai": "đđ"}
	fe := st.Validate()
	for k, v := range map[string]string{"slot_minutes": "booking.settings.slot_minutes_invalid", "days_ahead": "booking.settings.days_ahead_invalid",
		"counter.1.number": "booking.settings.number_taken", "counter.1.name": "booking.settings.name_invalid",
		"counter.1.capacity": "booking.settings.capacity_invalid", "prefix.Đất đai": "booking.settings.prefix_invalid"} {
		if fe[k] != v {
			t.Errorf("%s: %q, want %q (all: %v)", k, fe[k], v, fe)
		}
	}
	if fe["prefix.Hộ tịch"] != "booking.settings.prefix_taken" && fe["prefix.Cư trú"] != "booking.settings.prefix_taken" {
		t.Errorf("a shared prefix is accepted: %v", fe)
	}
}
