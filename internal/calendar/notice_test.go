package calendar

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestShippedNotices(t *testing.T) {
	ns := ShippedNotices()
	if len(ns) != 2 || ns[0].Year != 2025 || ns[1].Year != 2026 {
		t.Fatalf("shipped notices: %+v", ns)
	}
	for _, n := range ns {
		if err := n.Validate(); err != nil {
			t.Errorf("notice %d: %v", n.Year, err)
		}
		// Every statutory holiday of the year must be off in the notice, or be made up: the
		// notices are typed by hand, the lunar dates are computed.
		off := make(map[Date]bool)
		for _, h := range n.DaysOff {
			off[h.Date] = true
		}
		tet := Tet(n.Year)
		for i := 0; i <= 3; i++ {
			if !off[tet.AddDays(i)] {
				t.Errorf("notice %d: Tết day %s is not off", n.Year, tet.AddDays(i))
			}
		}
		hung, err := LunarToSolar(LunarDate{Year: n.Year, Month: 3, Day: 10})
		if err != nil || !off[hung] {
			t.Errorf("notice %d: Hùng Kings' day %s is not off", n.Year, hung)
		}
		for _, md := range [][2]int{{1, 1}, {4, 30}, {5, 1}, {9, 2}} {
			if d := NewDate(n.Year, time.Month(md[0]), md[1]); !off[d] {
				t.Errorf("notice %d: %s is not off", n.Year, d)
			}
		}
	}
}

func TestNoticeValidate(t *testing.T) {
	d := func(s string) Date { return mustDate(t, s) }
	tests := []struct {
		name string
		n    Notice
		want string // part of the message
	}{
		{"year", Notice{Year: 1800, DaysOff: []Holiday{{Date: d("1800-01-01"), Reason: "x"}}}, "năm của thông báo không hợp lệ"},
		{"empty", Notice{Year: 2027}, "chưa có ngày nghỉ nào"},
		{"other year", Notice{Year: 2027, DaysOff: []Holiday{{Date: d("2026-12-31"), Reason: "x"}}}, "không thuộc năm 2027"},
		{"no reason", Notice{Year: 2027, DaysOff: []Holiday{{Date: d("2027-01-01")}}}, "thiếu lý do"},
		{"twice", Notice{Year: 2027, DaysOff: []Holiday{{Date: d("2027-01-01"), Reason: "a"}, {Date: d("2027-01-01"), Reason: "b"}}}, "hai lần"},
		{"worked weekday", Notice{Year: 2027, DaysOff: []Holiday{{Date: d("2027-01-01"), Reason: "a"}},
			WorkedDays: []Holiday{{Date: d("2027-01-05"), Reason: "Làm bù"}}}, "không phải Thứ Bảy hoặc Chủ nhật"},
		{"off and worked", Notice{Year: 2027, DaysOff: []Holiday{{Date: d("2027-01-09"), Reason: "a"}},
			WorkedDays: []Holiday{{Date: d("2027-01-09"), Reason: "b"}}}, "hai lần"},
		{"long", Notice{Year: 2027, DaysOff: []Holiday{{Date: d("2027-01-01"), Reason: strings.Repeat("á", 201)}}}, "quá dài"},
		{"zero date", Notice{Year: 2027, DaysOff: []Holiday{{Reason: "a"}}}, "ngày không hợp lệ"},
	}
	for _, tt := range tests {
		err := tt.n.Validate()
		if err == nil {
			t.Errorf("%s: Validate() = nil", tt.name)
			continue
		}
		if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: Validate() = %q, want it to say %q", tt.name, err, tt.want)
		}
	}
}

func TestNoticeJSON(t *testing.T) {
	n := ShippedNotices()[0]
	b, err := json.Marshal(n)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"date":"2025-04-26"`) {
		t.Errorf("JSON does not write dates as strings: %s", b)
	}
	var back Notice
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if len(back.DaysOff) != len(n.DaysOff) || back.WorkedDays[0] != n.WorkedDays[0] || back.Source != n.Source {
		t.Errorf("round trip changed the notice: %+v", back)
	}
}
