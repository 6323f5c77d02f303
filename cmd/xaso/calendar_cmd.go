package main

import (
	"fmt"
	"io"
	"strconv"

	"xaso/internal/calendar"
)

const calendarUsage = `cách dùng:
  xaso calendar lunar <NNNN-TT-NN>            ngày âm lịch của một ngày dương lịch
  xaso calendar solar <NNNN-TT[L]-NN>         ngày dương lịch của một ngày âm lịch (L: tháng nhuận)
  xaso calendar add [--explain] <NNNN-TT-NN> <số ngày>
                                              ngày làm việc thứ N sau ngày đã cho (không tính ngày đó)
  xaso calendar holidays <năm>                các ngày nghỉ lễ, Tết, nghỉ bù của năm`

// maxCLIDays bounds `calendar add` so that a typo cannot make it walk for minutes.
const maxCLIDays = 10000

// runCalendar runs `xaso calendar …` with the shipped holiday notices.
func runCalendar(args []string, stdout io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("thiếu lệnh con\n%s", calendarUsage)
	}
	cmd, rest := args[0], args[1:]
	explain := false
	var pos []string
	for _, a := range rest {
		switch {
		case a == "--explain" || a == "-explain":
			if cmd != "add" {
				return fmt.Errorf("tùy chọn %s chỉ dùng với lệnh add\n%s", a, calendarUsage)
			}
			explain = true
		case len(a) > 1 && a[0] == '-' && (a[1] < '0' || a[1] > '9'):
			return fmt.Errorf("tùy chọn không hợp lệ: %s\n%s", a, calendarUsage)
		default:
			pos = append(pos, a)
		}
	}
	want := func(n int) error {
		if len(pos) != n {
			return fmt.Errorf("lệnh %s cần %d tham số, nhận được %d\n%s", cmd, n, len(pos), calendarUsage)
		}
		return nil
	}

	switch cmd {
	case "lunar":
		if err := want(1); err != nil {
			return err
		}
		d, err := calendar.ParseDate(pos[0])
		if err != nil {
			return err
		}
		_, err = fmt.Fprintln(stdout, calendar.SolarToLunar(d))
		return err

	case "solar":
		if err := want(1); err != nil {
			return err
		}
		l, err := calendar.ParseLunar(pos[0])
		if err != nil {
			return err
		}
		d, err := calendar.LunarToSolar(l)
		if err != nil {
			return err
		}
		_, err = fmt.Fprintln(stdout, d)
		return err

	case "add":
		if err := want(2); err != nil {
			return err
		}
		d, err := calendar.ParseDate(pos[0])
		if err != nil {
			return err
		}
		n, err := strconv.Atoi(pos[1])
		if err != nil || n < -maxCLIDays || n > maxCLIDays {
			return fmt.Errorf("số ngày làm việc không hợp lệ: %q (cần một số nguyên từ %d đến %d)", pos[1], -maxCLIDays, maxCLIDays)
		}
		cal := calendar.Default()
		if !explain {
			_, err = fmt.Fprintln(stdout, cal.AddWorkingDays(d, n))
			return err
		}
		end, steps := cal.AddWorkingDaysExplained(d, n)
		if _, err := fmt.Fprintln(stdout, end); err != nil {
			return err
		}
		for _, s := range steps {
			if _, err := fmt.Fprintln(stdout, s); err != nil {
				return err
			}
		}
		return nil

	case "holidays":
		if err := want(1); err != nil {
			return err
		}
		y, err := strconv.Atoi(pos[0])
		if err != nil || y < 1900 || y > 2200 {
			return fmt.Errorf("năm không hợp lệ: %q (cần từ 1900 đến 2200)", pos[0])
		}
		for _, h := range calendar.Default().Holidays(y) {
			if _, err := fmt.Fprintf(stdout, "%s %s\n", h.Date, h.Reason); err != nil {
				return err
			}
		}
		return nil
	}
	return fmt.Errorf("lệnh không hợp lệ: calendar %s\n%s", cmd, calendarUsage)
}
