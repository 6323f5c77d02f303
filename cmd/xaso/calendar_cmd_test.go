package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestRunCalendar(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"lunar", "2019-02-05"}, "2019-01-01\n"},
		{[]string{"lunar", "2020-05-23"}, "2020-04L-01\n"},
		{[]string{"solar", "2019-01-01"}, "2019-02-05\n"},
		{[]string{"solar", "2020-04L-01"}, "2020-05-23\n"},
		{[]string{"add", "2025-11-28", "5"}, "2025-12-05\n"},
	}
	for _, tt := range tests {
		var out bytes.Buffer
		if err := runCalendar(tt.args, &out); err != nil {
			t.Errorf("calendar %v: %v", tt.args, err)
			continue
		}
		if out.String() != tt.want {
			t.Errorf("calendar %v printed %q, want %q", tt.args, out.String(), tt.want)
		}
	}
}

func TestRunCalendarAddExplain(t *testing.T) {
	want := "2025-12-05\n" +
		"2025-11-29 Thứ Bảy: bỏ qua (Thứ Bảy)\n" +
		"2025-11-30 Chủ nhật: bỏ qua (Chủ nhật)\n" +
		"2025-12-01 Thứ Hai: ngày làm việc thứ 1\n" +
		"2025-12-02 Thứ Ba: ngày làm việc thứ 2\n" +
		"2025-12-03 Thứ Tư: ngày làm việc thứ 3\n" +
		"2025-12-04 Thứ Năm: ngày làm việc thứ 4\n" +
		"2025-12-05 Thứ Sáu: ngày làm việc thứ 5\n"
	for _, args := range [][]string{
		{"add", "--explain", "2025-11-28", "5"},
		{"add", "2025-11-28", "5", "--explain"},
		{"add", "2025-11-28", "--explain", "5"},
	} {
		var out bytes.Buffer
		if err := runCalendar(args, &out); err != nil {
			t.Fatalf("calendar %v: %v", args, err)
		}
		if out.String() != want {
			t.Errorf("calendar %v printed:\n%s\nwant:\n%s", args, out.String(), want)
		}
	}
}

func TestRunCalendarHolidays(t *testing.T) {
	var out bytes.Buffer
	if err := runCalendar([]string{"holidays", "2026"}, &out); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if lines[0] != "2026-01-01 Tết Dương lịch" {
		t.Errorf("first line %q", lines[0])
	}
	for _, want := range []string{"2026-02-17 Nghỉ Tết Nguyên đán", "2026-04-27 Nghỉ bù Giỗ Tổ Hùng Vương", "2026-09-02 Quốc khánh"} {
		if !strings.Contains(out.String(), want+"\n") {
			t.Errorf("holidays 2026 lacks %q:\n%s", want, out.String())
		}
	}
	for _, l := range lines {
		if len(l) < 12 || l[10] != ' ' {
			t.Errorf("line %q is not \"YYYY-MM-DD reason\"", l)
		}
	}
}

func TestRunCalendarErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"lunar", "2025-02-30"}, "ngày không hợp lệ"},
		{[]string{"lunar", "hôm nay"}, "ngày không hợp lệ"},
		{[]string{"solar", "2021-04L-01"}, "không có tháng 4 nhuận"},
		{[]string{"solar", "2021-13-01"}, "ngày âm lịch không hợp lệ"},
		{[]string{"add", "2025-11-28", "năm"}, "số ngày làm việc không hợp lệ"},
		{[]string{"add", "2025-11-28", "99999999"}, "số ngày làm việc không hợp lệ"},
		{[]string{"add", "2025-11-28"}, "cần 2 tham số"},
		{[]string{"holidays", "20x6"}, "năm không hợp lệ"},
		{[]string{"lunar", "--explain", "2025-01-01"}, "chỉ dùng với lệnh add"},
		{[]string{"moon"}, "lệnh không hợp lệ"},
		{nil, "thiếu lệnh con"},
	}
	for _, tt := range tests {
		var out bytes.Buffer
		err := runCalendar(tt.args, &out)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("calendar %v: error %v, want it to contain %q", tt.args, err, tt.want)
		}
	}
	var out bytes.Buffer
	if err := runCalendar([]string{"add", "2025-12-05", "-5"}, &out); err != nil || out.String() != "2025-11-28\n" {
		t.Errorf("a negative count is a number, not a flag: %q, %v", out.String(), err)
	}
}
