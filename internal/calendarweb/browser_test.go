package calendarweb_test

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"xaso/internal/auth"
	"xaso/internal/calendar"
	"xaso/internal/calendarweb"
	"xaso/internal/db/dbtest"
	"xaso/internal/web"
)

// axePath is the axe-core the app's browser tests vendor; the calendar's pages are checked
// with the same copy.
const axePath = "../app/testdata/axe.min.js"

// browser starts a headless Chromium (XASO_CHROME, or Debian's chromium on the PATH) or skips.
func browser(t *testing.T) context.Context {
	t.Helper()
	path := os.Getenv("XASO_CHROME")
	if path == "" {
		path, _ = exec.LookPath("chromium")
	}
	if path == "" {
		dbtest.Require(t, "browser tests need Chromium (set XASO_CHROME or install Debian's chromium)")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.WindowSize(390, 844), // a phone: the month grid must still be usable
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx)
	ctx, cancelT := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelT(); cancelC(); cancelA() })
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// checkAxe runs axe-core on the current page for WCAG 2.1 A and AA and fails on any violation.
func checkAxe(t *testing.T, ctx context.Context, axe, page string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[any](axe)); err != nil {
		t.Fatalf("inject axe on %s: %v", page, err)
	}
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](`axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}}).then(r => JSON.stringify({violations: r.violations, passes: r.passes.length}))`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("axe on %s: %v", page, err)
	}
	var res struct {
		Violations []struct {
			ID, Impact, Help string
			Nodes            []struct{ Target []any }
		}
		Passes int
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if res.Passes < 5 {
		t.Fatalf("axe on %s checked only %d rules: is it really running?", page, res.Passes)
	}
	for _, v := range res.Violations {
		t.Errorf("axe on %s: %s (%s): %s at %v", page, v.ID, v.Impact, v.Help, v.Nodes)
	}
}

// TestBrowserPagesAreAccessible opens every calendar page in Chromium, uses the forms as a
// person would (no script of ours is involved) and checks each page with axe-core.
func TestBrowserPagesAreAccessible(t *testing.T) {
	ctx := browser(t)
	b, err := os.ReadFile(axePath)
	if err != nil {
		t.Fatalf("axe-core: %v", err)
	}
	axe := string(b)
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
	checkAxe(t, ctx, axe, "month")
	do("due form",
		chromedp.SetValue(chromedp.ID("f-tu"), "2025-11-28"),
		chromedp.SendKeys(chromedp.ID("f-so-ngay"), "5"),
		chromedp.Click(chromedp.CSS(`form[action="/lich/han"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("ul.steps")))
	if s := textOf("dl.facts"); !strings.Contains(s, "05/12/2025") {
		t.Errorf("due date shown: %q", s)
	}
	checkAxe(t, ctx, axe, "due date")
	do("explanation", chromedp.Navigate(u+"/thu/giai-thich"), chromedp.Click(chromedp.CSS("summary")),
		chromedp.WaitVisible(chromedp.CSS("ul.steps")))
	checkAxe(t, ctx, axe, "due date explanation")
	do("month in English", chromedp.Navigate(u+"/ngon-ngu/en?next=/lich"), chromedp.WaitVisible(chromedp.CSS("table.cal-month")))
	checkAxe(t, ctx, axe, "month in English")
	do("back to Vietnamese", chromedp.Navigate(u+"/ngon-ngu/vi?next=/dang-nhap"), chromedp.WaitVisible(chromedp.ID("f-username")))

	do("sign in",
		chromedp.SendKeys(chromedp.ID("f-username"), "quantri"),
		chromedp.SendKeys(chromedp.ID("f-password"), password),
		chromedp.Click(chromedp.CSS("form.form button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/dang-xuat"] button`)))
	do("admin list", chromedp.Navigate(u+"/quan-tri/lich"), chromedp.WaitVisible(chromedp.CSS("table")))
	checkAxe(t, ctx, axe, "admin list")
	do("notice form", chromedp.Navigate(u+"/quan-tri/lich/2027"), chromedp.WaitVisible(chromedp.ID("f-days_off")))
	checkAxe(t, ctx, axe, "notice form")
	do("invalid notice",
		chromedp.SetValue(chromedp.ID("f-days_off"), "2027-02-30 Nghỉ Tết Nguyên đán"),
		chromedp.Click(chromedp.CSS(`form[action="/quan-tri/lich/2027"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("problems")))
	if s := textOf("#problems"); !strings.Contains(s, "Dòng 1: ngày không hợp lệ") {
		t.Errorf("problems shown: %q", s)
	}
	checkAxe(t, ctx, axe, "invalid notice")
	do("valid notice",
		chromedp.SetValue(chromedp.ID("f-days_off"), "2027-02-05 Nghỉ Tết Nguyên đán\n2027-02-08 Nghỉ Tết Nguyên đán"),
		chromedp.Click(chromedp.CSS(`form[action="/quan-tri/lich/2027"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("div.flash")))
	if s := textOf("div.flash"); !strings.Contains(s, "Thêm ngày nghỉ 08/02/2027") {
		t.Errorf("saved message: %q", s)
	}
	checkAxe(t, ctx, axe, "saved notice")
	do("closures", chromedp.Navigate(u+"/quan-tri/lich/nghi-rieng"), chromedp.WaitVisible(chromedp.ID("f-closures")))
	checkAxe(t, ctx, axe, "closures")
}
