package calendarweb_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"xaso/internal/auth"
	"xaso/internal/browsertest"
	"xaso/internal/calendar"
	"xaso/internal/calendarweb"
	"xaso/internal/db/dbtest"
	"xaso/internal/web"
)

// browser starts a headless Chromium the size of a phone: the month grid must still be usable.
func browser(t *testing.T) context.Context { return browsertest.Start(t, 390, 844) }

// TestBrowserPagesAreAccessible opens every calendar page in Chromium, uses the forms as a
// person would (no script of ours is involved) and checks each page with axe-core.
func TestBrowserPagesAreAccessible(t *testing.T) {
	ctx := browser(t)
	due := calendar.Default().DueAt(time.Date(2025, time.November, 28, 15, 30, 0, 0, calendar.Zone), calendar.Processing{Days: 5})
	e := newEnv(t, dbtest.SQLite(t), func(s *web.Server) {
		s.Handle("GET /thu/giai-thich", auth.Public(), func(w http.ResponseWriter, r *http.Request) error {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			_, err := w.Write([]byte(`<!doctype html><html lang="vi"><head><title>Thử</title></head><body><main><h1>Hồ sơ</h1>` +
				string(calendarweb.ExplainHTML(s, r, due)) + `</main></body></html>`))
			return err
		})
	})
	u := e.srv.URL
	do := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	textOf := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return s
	}

	do("month", chromedp.Navigate(u+"/lich?thang=2026-02"), chromedp.WaitVisible(chromedp.CSS("table.cal-month")))
	browsertest.CheckAxe(t, ctx, "month")
	do("due form",
		chromedp.SetValue(chromedp.ID("f-tu"), "2025-11-28"),
		chromedp.SendKeys(chromedp.ID("f-so-ngay"), "5"),
		chromedp.Click(chromedp.CSS(`form[action="/lich/han"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("ul.steps")))
	if s := textOf("dl.facts"); !strings.Contains(s, "05/12/2025") {
		t.Errorf("due date shown: %q", s)
	}
	browsertest.CheckAxe(t, ctx, "due date")
	do("explanation", chromedp.Navigate(u+"/thu/giai-thich"), chromedp.Click(chromedp.CSS("summary")),
		chromedp.WaitVisible(chromedp.CSS("ul.steps")))
	browsertest.CheckAxe(t, ctx, "due date explanation")
	do("month in English", chromedp.Navigate(u+"/ngon-ngu/en?next=/lich"), chromedp.WaitVisible(chromedp.CSS("table.cal-month")))
	browsertest.CheckAxe(t, ctx, "month in English")
	do("back to Vietnamese", chromedp.Navigate(u+"/ngon-ngu/vi?next=/dang-nhap"), chromedp.WaitVisible(chromedp.ID("f-username")))

	do("sign in",
		chromedp.SendKeys(chromedp.ID("f-username"), "quantri"),
		chromedp.SendKeys(chromedp.ID("f-password"), password),
		chromedp.Click(chromedp.CSS("form.form button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/dang-xuat"] button`)))
	do("admin list", chromedp.Navigate(u+"/quan-tri/lich"), chromedp.WaitVisible(chromedp.CSS("table")))
	browsertest.CheckAxe(t, ctx, "admin list")
	do("notice form", chromedp.Navigate(u+"/quan-tri/lich/2027"), chromedp.WaitVisible(chromedp.ID("f-days_off")))
	browsertest.CheckAxe(t, ctx, "notice form")
	do("invalid notice",
		chromedp.SetValue(chromedp.ID("f-days_off"), "2027-02-30 Nghỉ Tết Nguyên đán"),
		chromedp.Click(chromedp.CSS(`form[action="/quan-tri/lich/2027"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("problems")))
	if s := textOf("#problems"); !strings.Contains(s, "Dòng 1: ngày không hợp lệ") {
		t.Errorf("problems shown: %q", s)
	}
	browsertest.CheckAxe(t, ctx, "invalid notice")
	do("valid notice",
		chromedp.SetValue(chromedp.ID("f-days_off"), "2027-02-05 Nghỉ Tết Nguyên đán\n2027-02-08 Nghỉ Tết Nguyên đán"),
		chromedp.Click(chromedp.CSS(`form[action="/quan-tri/lich/2027"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("div.flash")))
	if s := textOf("div.flash"); !strings.Contains(s, "Thêm ngày nghỉ 08/02/2027") {
		t.Errorf("saved message: %q", s)
	}
	browsertest.CheckAxe(t, ctx, "saved notice")
	do("closures", chromedp.Navigate(u+"/quan-tri/lich/nghi-rieng"), chromedp.WaitVisible(chromedp.ID("f-closures")))
	browsertest.CheckAxe(t, ctx, "closures")
}
