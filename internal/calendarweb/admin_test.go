package calendarweb_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"xaso/internal/audit"
	"xaso/internal/calendar"
	"xaso/internal/calendarweb"
	"xaso/internal/db"
	"xaso/internal/db/dbtest"
	"xaso/internal/events"
)

// notice2027 is a made-up notice for 2027, with one unusual day off (Monday 15 March) to
// show the calendar follows it, and a worked Saturday.
var notice2027 = url.Values{
	"source": {"Thông báo thử nghiệm số 1/TB-BNV"},
	"days_off": {"2027-01-01 Tết Dương lịch\r\n" +
		"05/02/2027 Nghỉ Tết Nguyên đán\r\n" +
		"2027-02-08   Nghỉ Tết Nguyên đán | đúng ngày mùng 2\r\n" +
		"\r\n" +
		"2027-03-15 Ngày nghỉ thử nghiệm\r\n"},
	"worked_days": {"2027-01-09\tThứ Bảy làm việc bù\r\n"},
}

func settingsCount(t *testing.T, d *db.DB) int {
	t.Helper()
	var n int
	if err := d.QueryRow(context.Background(), `SELECT COUNT(*) FROM settings WHERE commune_id = 'c1'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func auditCount(t *testing.T, d *db.DB) int {
	t.Helper()
	list, err := audit.List(context.Background(), d, "c1", "", "", 100, 0)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range list {
		if strings.HasPrefix(e.Action, "calendar.") {
			n++
		}
	}
	return n
}

// TestAdminSavesNotice runs on both engines: the notice is stored, read back the same, and
// followed by the commune's calendar at once.
func TestAdminSavesNotice(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newEnv(t, d, nil)
		admin := e.client("quantri")
		monday := calendar.NewDate(2027, time.March, 15)

		cal, err := e.svc.Calendar(ctx, "c1") // also fills the cache the save must drop
		if err != nil {
			t.Fatal(err)
		}
		if !cal.IsWorkingDay(monday) {
			t.Fatal("2027-03-15 is a working day before the notice")
		}

		resp, body := e.get(admin, "/quan-tri/lich")
		if resp.StatusCode != 200 || !strings.Contains(body, `href="/quan-tri/lich/2027"`) || !strings.Contains(body, "Bản phát hành kèm phần mềm") {
			t.Fatalf("list: %d\n%s", resp.StatusCode, body)
		}
		// A year without a notice opens on the Labour Code's draft.
		resp, body = e.get(admin, "/quan-tri/lich/2027")
		if resp.StatusCode != 200 || !strings.Contains(body, "bản nháp") || !strings.Contains(body, "2027-02-06 Nghỉ Tết Nguyên đán") {
			t.Fatalf("form: %d\n%s", resp.StatusCode, body)
		}

		resp, _ = e.post(admin, "/quan-tri/lich/2027", notice2027)
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/quan-tri/lich/2027?da-luu=1" {
			t.Fatalf("save: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		cal, err = e.svc.Calendar(ctx, "c1")
		if err != nil {
			t.Fatal(err)
		}
		if day := cal.DayInfo(monday); day.Working || day.Reason != "Ngày nghỉ thử nghiệm" {
			t.Errorf("after the save 2027-03-15 is %+v", day)
		}
		if !cal.IsWorkingDay(calendar.NewDate(2027, time.January, 9)) {
			t.Error("Saturday 2027-01-09 should be worked")
		}
		// The other years still follow the shipped notices.
		if cal.IsWorkingDay(calendar.NewDate(2026, time.February, 17)) {
			t.Error("2026 lost its shipped notice")
		}

		// What the admin sees after the redirect: what changed, from the audit entry.
		_, body = e.get(admin, "/quan-tri/lich/2027?da-luu=1")
		for _, want := range []string{`class="flash" role="status"`, "Nguyễn Văn Quản", "Thêm ngày nghỉ 15/03/2027: Ngày nghỉ thử nghiệm",
			"Thêm ngày làm việc bù 09/01/2027: Thứ Bảy làm việc bù", "Xã đã sửa", "2027-02-08 Nghỉ Tết Nguyên đán | đúng ngày mùng 2"} {
			if !strings.Contains(body, want) {
				t.Errorf("page after save lacks %q", want)
			}
		}

		// The stored notice reads back as saved (sorted by date, spaces folded).
		yn, err := e.svc.Notice(ctx, "c1", 2027)
		if err != nil {
			t.Fatal(err)
		}
		want := calendar.Notice{Year: 2027, Source: "Thông báo thử nghiệm số 1/TB-BNV",
			DaysOff: []calendar.Holiday{
				{Date: calendar.NewDate(2027, 1, 1), Reason: "Tết Dương lịch"},
				{Date: calendar.NewDate(2027, 2, 5), Reason: "Nghỉ Tết Nguyên đán"},
				{Date: calendar.NewDate(2027, 2, 8), Reason: "Nghỉ Tết Nguyên đán", Note: "đúng ngày mùng 2"},
				{Date: monday, Reason: "Ngày nghỉ thử nghiệm"},
			},
			WorkedDays: []calendar.Holiday{{Date: calendar.NewDate(2027, 1, 9), Reason: "Thứ Bảy làm việc bù"}}}
		if yn.Origin != calendarweb.Edited || !equalNotice(yn.Notice, want) {
			t.Errorf("stored notice:\n%+v\nwant\n%+v", yn, want)
		}
		// A fresh service (another process) reads the same calendar from the database.
		cal2, err := calendarweb.New(d).Calendar(ctx, "c1")
		if err != nil || cal2.IsWorkingDay(monday) {
			t.Errorf("a fresh service does not see the saved notice: %v", err)
		}

		// One audit entry (before: none, the year had no notice) and one event.
		entries, err := audit.List(ctx, d, "c1", "calendar_notice", "2027", 10, 0)
		if err != nil || len(entries) != 1 || entries[0].Action != "calendar.notice.save" || !strings.Contains(entries[0].Summary, `"after"`) || strings.Contains(entries[0].Summary, `"before"`) {
			t.Errorf("audit: %v %+v", err, entries)
		}
		evs, err := events.List(ctx, d, "c1", "", 10, 0)
		if err != nil || len(evs) != 1 || evs[0].Topic != calendarweb.TopicNoticeSaved || string(evs[0].Payload) != `{"year":2027}` {
			t.Errorf("events: %v %+v", err, evs)
		}

		// Saving the same again writes nothing.
		resp, _ = e.post(admin, "/quan-tri/lich/2027", notice2027)
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/quan-tri/lich/2027" {
			t.Errorf("unchanged save: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		if n := auditCount(t, d); n != 1 {
			t.Errorf("%d audit entries after an unchanged save, want 1", n)
		}

		// Discarding the commune's version returns to the Labour Code's rules for 2027.
		resp, _ = e.post(admin, "/quan-tri/lich/2027/khoi-phuc", url.Values{})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("reset: %d", resp.StatusCode)
		}
		cal, _ = e.svc.Calendar(ctx, "c1")
		if !cal.IsWorkingDay(monday) || settingsCount(t, d) != 0 || auditCount(t, d) != 2 {
			t.Error("reset did not drop the commune's notice")
		}
		if _, body := e.get(admin, "/quan-tri/lich/2027?da-luu=1"); !strings.Contains(body, "trở lại tính theo Bộ luật Lao động") || !strings.Contains(body, "bản nháp") {
			t.Error("the page after the reset does not say the year follows the law again")
		}
		if resp, _ := e.post(admin, "/quan-tri/lich/2027/khoi-phuc", url.Values{}); resp.StatusCode != http.StatusConflict {
			t.Errorf("second reset: %d", resp.StatusCode)
		}
	})
}

// TestEditShippedNotice: changing a shipped year keeps the shipped days in the audit's
// "before", and the list shows the year as edited.
func TestEditShippedNotice(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t), nil)
	admin := e.client("quantri")
	_, body := e.get(admin, "/quan-tri/lich/2026")
	if !strings.Contains(body, "2026-02-17 Nghỉ Tết Nguyên đán") || !strings.Contains(body, "9441/TB-BNV") {
		t.Fatalf("the 2026 form does not show the shipped notice:\n%s", body)
	}
	// Submitting the shipped notice unchanged saves nothing.
	yn, _ := e.svc.Notice(context.Background(), "c1", 2026)
	same := url.Values{"source": {yn.Notice.Source}, "days_off": {formatted(yn.Notice.DaysOff)}, "worked_days": {formatted(yn.Notice.WorkedDays)}}
	if resp, _ := e.post(admin, "/quan-tri/lich/2026", same); resp.Header.Get("Location") != "/quan-tri/lich/2026" || settingsCount(t, e.d) != 0 {
		t.Fatalf("the unchanged shipped notice was saved")
	}
	// Drop Culture Day (24 November).
	var kept []string
	for _, line := range strings.Split(same.Get("days_off"), "\n") {
		if !strings.HasPrefix(line, "2026-11-24 ") {
			kept = append(kept, line)
		}
	}
	edited := url.Values{"source": same["source"], "worked_days": same["worked_days"], "days_off": {strings.Join(kept, "\n")}}
	if resp, body := e.post(admin, "/quan-tri/lich/2026", edited); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", resp.StatusCode, body)
	}
	_, body = e.get(admin, "/quan-tri/lich/2026?da-luu=1")
	if !strings.Contains(body, "Bỏ ngày nghỉ 24/11/2026 (Ngày Văn hóa Việt Nam)") {
		t.Errorf("the removed day is not reported:\n%s", body)
	}
	_, body = e.get(admin, "/quan-tri/lich")
	if !strings.Contains(body, "Xã đã sửa") {
		t.Error("2026 is not listed as edited")
	}
	cal, _ := e.svc.Calendar(context.Background(), "c1")
	if !cal.IsWorkingDay(calendar.NewDate(2026, time.November, 24)) {
		t.Error("24/11/2026 is still off")
	}
}

func formatted(days []calendar.Holiday) string {
	var b strings.Builder
	for _, h := range days {
		b.WriteString(h.Date.String() + " " + h.Reason)
		if h.Note != "" {
			b.WriteString(" | " + h.Note)
		}
		b.WriteString("\n")
	}
	return b.String()
}

func equalNotice(a, b calendar.Notice) bool {
	eq := func(x, y []calendar.Holiday) bool {
		if len(x) != len(y) {
			return false
		}
		for i := range x {
			if x[i] != y[i] {
				return false
			}
		}
		return true
	}
	return a.Year == b.Year && a.Source == b.Source && eq(a.DaysOff, b.DaysOff) && eq(a.WorkedDays, b.WorkedDays)
}

func TestInvalidNoticeSavesNothing(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t), nil)
	admin := e.client("quantri")
	for _, tc := range []struct {
		name           string
		daysOff, works string
		want           []string
	}{
		{"no such day", "2027-02-30 Nghỉ Tết Nguyên đán\n2027-03-15 Ngày nghỉ thử nghiệm", "",
			[]string{"Ngày nghỉ – Dòng 1: ngày không hợp lệ “2027-02-30”"}},
		{"no reason, bad date", "2027-02-05\n2027-13-01 Tết", "",
			[]string{"Dòng 1: thiếu lý do sau ngày 2027-02-05", "Dòng 2: ngày không hợp lệ"}},
		{"worked weekday", "2027-02-05 Nghỉ Tết Nguyên đán", "2027-03-17 Làm bù",
			[]string{"Ngày làm việc bù 2027-03-17 là Thứ Tư, không phải Thứ Bảy hoặc Chủ nhật"}},
		{"other year, twice", "2026-02-05 Tết\n2027-02-05 Tết\n05/02/2027 Tết", "",
			[]string{"Ngày nghỉ 2026-02-05 không thuộc năm 2027", "Ngày 2027-02-05 được khai báo hai lần"}},
		{"empty", "", "", []string{"Thông báo năm 2027 chưa có ngày nghỉ nào"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := e.post(admin, "/quan-tri/lich/2027", url.Values{"days_off": {tc.daysOff}, "worked_days": {tc.works}})
			if resp.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d", resp.StatusCode)
			}
			if !strings.Contains(body, `class="notice" role="alert"`) || !strings.Contains(body, "Chưa lưu vì còn các lỗi sau") {
				t.Error("no error summary")
			}
			for _, w := range tc.want {
				if !strings.Contains(body, w) {
					t.Errorf("page lacks %q:\n%s", w, body)
				}
			}
			// The typed text comes back for correcting.
			if tc.daysOff != "" && !strings.Contains(body, strings.Split(tc.daysOff, "\n")[0]) {
				t.Error("the form lost what was typed")
			}
		})
	}
	if n := settingsCount(t, e.d); n != 0 {
		t.Errorf("%d settings saved from invalid notices", n)
	}
	if n := auditCount(t, e.d); n != 0 {
		t.Errorf("%d audit entries from invalid notices", n)
	}
}

func TestAdminPagesNeedAdmin(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t), nil)
	desk, anon := e.client("motcua"), e.client("")
	for _, p := range []string{"/quan-tri/lich", "/quan-tri/lich/2027", "/quan-tri/lich/nghi-rieng"} {
		if resp, _ := e.get(desk, p); resp.StatusCode != http.StatusForbidden {
			t.Errorf("desk GET %s: %d", p, resp.StatusCode)
		}
		if resp, _ := e.get(anon, p); resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/dang-nhap") {
			t.Errorf("anonymous GET %s: %d", p, resp.StatusCode)
		}
	}
	for _, p := range []string{"/quan-tri/lich/2027", "/quan-tri/lich/2027/khoi-phuc", "/quan-tri/lich/nghi-rieng"} {
		if resp, _ := e.post(desk, p, notice2027); resp.StatusCode != http.StatusForbidden {
			t.Errorf("desk POST %s: %d", p, resp.StatusCode)
		}
		if resp, _ := e.post(anon, p, notice2027); resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("anonymous POST %s: %d", p, resp.StatusCode)
		}
	}
	if settingsCount(t, e.d) != 0 {
		t.Error("a refused request saved something")
	}
	// Years the calendar does not serve are pages that do not exist.
	admin := e.client("quantri")
	for _, p := range []string{"/quan-tri/lich/1899", "/quan-tri/lich/2201", "/quan-tri/lich/27", "/quan-tri/lich/abcd"} {
		if resp, _ := e.get(admin, p); resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: %d", p, resp.StatusCode)
		}
	}
	if resp, _ := e.get(admin, "/quan-tri/lich?nam=2031"); resp.Header.Get("Location") != "/quan-tri/lich/2031" {
		t.Errorf("?nam=2031 goes to %q", resp.Header.Get("Location"))
	}
	if resp, body := e.get(admin, "/quan-tri/lich?nam=31"); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Nhập năm gồm 4 chữ số") {
		t.Errorf("?nam=31: %d", resp.StatusCode)
	}
}

func TestClosures(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newEnv(t, d, nil)
		admin := e.client("quantri")
		resp, _ := e.post(admin, "/quan-tri/lich/nghi-rieng", url.Values{"closures": {"2026-03-10 Nghỉ do bão | Quyết định 45/QĐ-UBND\n2026-02-17 Trùng ngày Tết"}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("save: %d", resp.StatusCode)
		}
		cal, err := e.svc.Calendar(ctx, "c1")
		if err != nil {
			t.Fatal(err)
		}
		if day := cal.DayInfo(calendar.NewDate(2026, time.March, 10)); day.Kind != calendar.KindLocalClosure || day.Reason != "Nghỉ do bão" {
			t.Errorf("2026-03-10: %+v", day)
		}
		// A closure on a holiday keeps the holiday's name.
		if day := cal.DayInfo(calendar.NewDate(2026, time.February, 17)); day.Reason != "Nghỉ Tết Nguyên đán" {
			t.Errorf("2026-02-17: %+v", day)
		}
		_, body := e.get(admin, "/quan-tri/lich/nghi-rieng?da-luu=1")
		if !strings.Contains(body, "Thêm ngày nghỉ riêng 10/03/2026: Nghỉ do bão") || !strings.Contains(body, "2026-03-10 Nghỉ do bão | Quyết định 45/QĐ-UBND") {
			t.Errorf("closures page after save:\n%s", body)
		}
		_, body = e.get(e.client(""), "/lich?thang=2026-03")
		if c := cellOf(t, body, "2026-03-10"); !strings.Contains(c, "Nghỉ do bão") {
			t.Errorf("the month page does not show the closure:\n%s", c)
		}
		cs, err := e.svc.Closures(ctx, "c1")
		if err != nil || len(cs) != 2 || cs[0].Date != calendar.NewDate(2026, 2, 17) || cs[1].Note != "Quyết định 45/QĐ-UBND" {
			t.Errorf("closures read back: %v %+v", err, cs)
		}

		// Duplicates are refused and nothing changes.
		resp, body = e.post(admin, "/quan-tri/lich/nghi-rieng", url.Values{"closures": {"2026-03-11 A\n11/03/2026 B"}})
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "được khai báo hai lần") {
			t.Errorf("duplicate closure: %d", resp.StatusCode)
		}
		if resp, body := e.post(admin, "/quan-tri/lich/nghi-rieng", url.Values{"closures": {"1800-01-01 Xưa"}}); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "ngoài khoảng năm") {
			t.Errorf("closure in 1800: %d", resp.StatusCode)
		}
		if cs2, _ := e.svc.Closures(ctx, "c1"); len(cs2) != 2 {
			t.Errorf("a refused save changed the closures: %+v", cs2)
		}

		// Emptying the list is a change too.
		e.post(admin, "/quan-tri/lich/nghi-rieng", url.Values{"closures": {""}})
		cal, _ = e.svc.Calendar(ctx, "c1")
		if !cal.IsWorkingDay(calendar.NewDate(2026, time.March, 10)) {
			t.Error("the emptied closures still apply")
		}
	})
}

func TestFormBodyIsBounded(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t), nil)
	big := url.Values{"days_off": {strings.Repeat("2027-02-05 Nghỉ Tết Nguyên đán\n", 20000)}}
	if resp, _ := e.post(e.client("quantri"), "/quan-tri/lich/2027", big); resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("a 600 kB form: %d", resp.StatusCode)
	}
}
