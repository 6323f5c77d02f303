package calendarweb_test

import (
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"xaso/internal/auth"
	"xaso/internal/calendar"
	"xaso/internal/calendarweb"
	"xaso/internal/db/dbtest"
	"xaso/internal/web"
)

func TestMonthPageShowsTet(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t), nil)
	resp, body := e.get(e.client(""), "/lich?thang=2026-02")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d\n%s", resp.StatusCode, body)
	}
	tet := cellOf(t, body, "2026-02-17")
	for _, want := range []string{"Nghỉ Tết Nguyên đán", `<span class="cal-lunar">1/1 `, "tháng Giêng", `class="badge bad"`} {
		if !strings.Contains(tet, want) {
			t.Errorf("cell of 2026-02-17 lacks %q:\n%s", want, tet)
		}
	}
	if eve := cellOf(t, body, "2026-02-16"); !strings.Contains(eve, ">29/12<") {
		t.Errorf("cell of 2026-02-16 should show lunar 29/12:\n%s", eve)
	}
	// An ordinary weekday has no badge; an ordinary weekend day is marked by its column only.
	if c := cellOf(t, body, "2026-02-10"); strings.Contains(c, "badge bad") || !strings.Contains(c, `aria-current="date"`) {
		t.Errorf("today (a working Tuesday) is drawn wrong:\n%s", c)
	}
	if c := cellOf(t, body, "2026-02-28"); !strings.Contains(c, "cal-weekend") || strings.Contains(c, "badge") {
		t.Errorf("an ordinary Saturday is drawn wrong:\n%s", c)
	}
	for _, want := range []string{
		"Tháng 2 năm 2026",
		"Ất Tỵ – Bính Ngọ",           // February 2026 spans two lunar years
		`href="/lich?thang=2026-01"`, // previous month
		`href="/lich?thang=2026-03"`, // next month
		`<th scope="col">Thứ Hai</th>`,
		"<caption>",
		`<time datetime="2026-02-17">17/02/2026</time>`, // in the list of the year's days off
		"Thông báo 9441/TB-BNV",                         // the notice's source
		`action="/lich/han"`,                            // the due-date form
	} {
		if !strings.Contains(body, want) {
			t.Errorf("month page lacks %q", want)
		}
	}
	// The first week starts on Monday 26 January's column: Sunday 1 February is the 7th cell.
	firstRow := regexp.MustCompile(`(?s)<tbody>\s*<tr>(.*?)</tr>`).FindStringSubmatch(body)
	if firstRow == nil || strings.Count(firstRow[1], `class="cal-blank"`) != 6 {
		t.Errorf("February 2026 should start with 6 blank cells")
	}
}

func TestMonthPageMarksLeapMonthAndWorkedSaturday(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t), nil)
	_, body := e.get(e.client(""), "/lich?thang=2025-07")
	if c := cellOf(t, body, "2025-07-25"); !strings.Contains(c, "1/6N") || !strings.Contains(c, "tháng Sáu nhuận") {
		t.Errorf("2025-07-25 is the 1st of leap month 6:\n%s", c)
	}
	_, body = e.get(e.client(""), "/lich?thang=2026-01")
	if c := cellOf(t, body, "2026-01-10"); !strings.Contains(c, "cal-worked") || !strings.Contains(c, `class="badge ok"`) || !strings.Contains(c, "Thứ Bảy làm việc bù") {
		t.Errorf("Saturday 2026-01-10 is worked:\n%s", c)
	}
	// With no month asked, the page shows this month.
	_, body = e.get(e.client(""), "/lich")
	if !strings.Contains(body, "Tháng 2 năm 2026") {
		t.Error("/lich does not show the current month")
	}
	// A year without a notice says the days off follow the law.
	_, body = e.get(e.client(""), "/lich?thang=2030-05")
	if !strings.Contains(body, "Chưa có thông báo nghỉ lễ của năm 2030") {
		t.Error("2030 has no notice but the page does not say so")
	}
}

func TestMonthPageRejectsBadMonth(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t), nil)
	for _, q := range []string{"2026-13", "2026-2", "1899-12", "2201-01", "abc", "2026-02-01"} {
		resp, body := e.get(e.client(""), "/lich?thang="+q)
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Tháng không hợp lệ") {
			t.Errorf("?thang=%s: %d", q, resp.StatusCode)
		}
	}
	// The first and last months served have no link beyond them.
	if _, body := e.get(e.client(""), "/lich?thang=1900-01"); strings.Contains(body, `rel="prev"`) {
		t.Error("1900-01 links to an earlier month")
	}
	if _, body := e.get(e.client(""), "/lich?thang=2200-12"); strings.Contains(body, `rel="next"`) {
		t.Error("2200-12 links to a later month")
	}
}

func TestMonthPageInEnglish(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t), nil)
	c := e.client("")
	e.get(c, "/ngon-ngu/en?next=/lich")
	_, body := e.get(c, "/lich?thang=2026-02")
	for _, want := range []string{`lang="en"`, `<th scope="col">Monday</th>`, "Month 2 of 2026", "month 1", `lang="vi">Nghỉ Tết Nguyên đán`} {
		if !strings.Contains(body, want) {
			t.Errorf("English month page lacks %q", want)
		}
	}
}

func TestDuePage(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t), nil)
	resp, body := e.get(e.client(""), "/lich/han?tu=2025-11-28&so-ngay=5")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d\n%s", resp.StatusCode, body)
	}
	if !strings.Contains(body, `<strong><time datetime="2025-12-05">05/12/2025</time> (Thứ Sáu)</strong>`) {
		t.Errorf("the due date 05/12/2025 is not shown:\n%s", body)
	}
	// The explanation says what the CLI's `calendar add --explain` says, day by day, with
	// dates written the Vietnamese way.
	_, steps := calendar.Default().AddWorkingDaysExplained(calendar.NewDate(2025, time.November, 28), 5)
	items := regexp.MustCompile(`(?s)<li><time datetime="[^"]+">.*?</li>`).FindAllString(body, -1)
	if len(items) != len(steps) {
		t.Fatalf("%d lines explained, want %d", len(items), len(steps))
	}
	for i, s := range steps {
		want := strings.Replace(s.String(), s.Date.String(), s.Date.Time().Format("02/01/2006"), 1)
		if got := html.UnescapeString(text(items[i])); got != want {
			t.Errorf("line %d: %q, want %q", i+1, got, want)
		}
	}

	// Across Tết 2026: nine days skipped.
	_, body = e.get(e.client(""), "/lich/han?tu=2026-02-12&so-ngay=3")
	if !strings.Contains(body, `datetime="2026-02-24">24/02/2026</time> (Thứ Ba)</strong>`) || strings.Count(body, "bỏ qua (") != 9 {
		t.Errorf("2026-02-12 + 3 working days should be 24/02/2026 after 9 days of Tết:\n%s", body)
	}

	// The empty form; bad input is refused field by field.
	if resp, body := e.get(e.client(""), "/lich/han"); resp.StatusCode != 200 || !strings.Contains(body, `value="2026-02-10"`) {
		t.Errorf("empty form: %d", resp.StatusCode)
	}
	for _, q := range []string{"tu=28/11/2025&so-ngay=5", "tu=2025-11-28&so-ngay=0", "tu=2025-11-28&so-ngay=366", "tu=2025-11-28&so-ngay=x", "tu=2025-02-30&so-ngay=1", "tu=&so-ngay=2"} {
		resp, body := e.get(e.client(""), "/lich/han?"+q)
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `aria-invalid="true"`) {
			t.Errorf("%s: %d", q, resp.StatusCode)
		}
	}
}

func TestExplainHTML(t *testing.T) {
	// Received Friday 28 November 2025 at 15:30, after the cut-off, for 5 working days.
	received := time.Date(2025, time.November, 28, 15, 30, 0, 0, calendar.Zone)
	due := calendar.Default().DueAt(received, calendar.Processing{Days: 5})
	e := newEnv(t, dbtest.SQLite(t), func(s *web.Server) {
		s.Handle("GET /thu/giai-thich", auth.Public(), func(w http.ResponseWriter, r *http.Request) error {
			_, err := w.Write([]byte(calendarweb.ExplainHTML(s, r, due)))
			return err
		})
	})
	_, body := e.get(e.client(""), "/thu/giai-thich")
	for _, want := range []string{
		`<details class="due-explain"><summary>Cách tính ngày hẹn?</summary>`,
		"Nhận hồ sơ lúc 15:30 ngày 28/11/2025 (Thứ Sáu).",
		"Thời hạn giải quyết: 5 ngày làm việc.",
		"Hẹn trả kết quả: 17:00 ngày 08/12/2025 (Thứ Hai).",
		`Thứ Sáu: bỏ qua (<span lang="vi">Nhận sau 15 giờ, tính từ ngày làm việc tiếp theo</span>)`,
		`<time datetime="2025-12-08">08/12/2025</time> Thứ Hai: ngày làm việc thứ 5</li>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("explanation lacks %q:\n%s", want, body)
		}
	}
	if n := strings.Count(body, "<li>"); n != len(due.Explain()) {
		t.Errorf("%d lines, want %d", n, len(due.Explain()))
	}

	// In working hours, the counted time is written out.
	half := calendar.Default().DueAt(time.Date(2025, time.December, 1, 14, 0, 0, 0, calendar.Zone), calendar.HalfDay)
	e2 := newEnv(t, dbtest.SQLite(t), func(s *web.Server) {
		s.Handle("GET /thu/giai-thich", auth.Public(), func(w http.ResponseWriter, r *http.Request) error {
			_, err := w.Write([]byte(calendarweb.ExplainHTML(s, r, half)))
			return err
		})
	})
	c := e2.client("")
	_, body = e2.get(c, "/thu/giai-thich")
	if !strings.Contains(body, "4 giờ làm việc") || !strings.Contains(body, "ngày làm việc thứ 1, tính 3 giờ") || !strings.Contains(body, "tính 1 giờ") {
		t.Errorf("half-day explanation:\n%s", body)
	}
	e2.get(c, "/ngon-ngu/en")
	_, body = e2.get(c, "/thu/giai-thich")
	if !strings.Contains(body, "How was this date computed?") || !strings.Contains(body, "working day 1, 3 h counted") {
		t.Errorf("English explanation:\n%s", body)
	}
}
