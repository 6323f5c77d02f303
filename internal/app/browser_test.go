package app_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"xaso/internal/browsertest"
	"xaso/internal/db/dbtest"
)

// browser starts a headless Chromium with a desktop-sized window.
func browser(t *testing.T) context.Context { return browsertest.Start(t, 1280, 900) }

// checkAxe fails the test on any WCAG 2.1 A/AA violation of the current page.
func checkAxe(t *testing.T, ctx context.Context, page string) { browsertest.CheckAxe(t, ctx, page) }

func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return s
}

// textOnceContains reads the text of sel until it contains want (a script updates it after a
// network answer or failure) or 10 seconds pass, and returns what it read last.
func textOnceContains(t *testing.T, ctx context.Context, sel, want string) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		got := text(t, ctx, sel)
		if strings.Contains(got, want) || time.Now().After(deadline) {
			return got
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestBrowserStaffJourney(t *testing.T) {
	ctx := browser(t)
	f := newFixture(t, dbtest.SQLite(t))
	u := f.srv.URL

	// The public home page, then sign in.
	if err := chromedp.Do(ctx, chromedp.Navigate(u+"/"), chromedp.WaitVisible(chromedp.CSS("h1"))); err != nil {
		t.Fatal(err)
	}
	if h1 := text(t, ctx, "h1"); !strings.Contains(h1, "Bình Yên") {
		t.Fatalf("home h1 = %q", h1)
	}
	checkAxe(t, ctx, "home")
	if err := chromedp.Do(ctx, chromedp.Navigate(u+"/dang-nhap"), chromedp.WaitVisible(chromedp.ID("f-username"))); err != nil {
		t.Fatal(err)
	}
	checkAxe(t, ctx, "login")
	// A wrong password shows a Vietnamese error next to the field.
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("f-username"), "u-admin"),
		chromedp.SendKeys(chromedp.ID("f-password"), "sai-mat-khau"),
		chromedp.Click(chromedp.CSS("form.form button[type=submit]")),
		chromedp.WaitVisible(chromedp.ID("f-password-err"))); err != nil {
		t.Fatal(err)
	}
	if msg := text(t, ctx, "#f-password-err"); !strings.Contains(msg, "không đúng") {
		t.Fatalf("wrong password message %q", msg)
	}
	if err := chromedp.Do(ctx,
		chromedp.SetValue(chromedp.ID("f-username"), "u-admin"),
		chromedp.SendKeys(chromedp.ID("f-password"), testPassword),
		chromedp.Click(chromedp.CSS("form.form button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/dang-xuat"] button`))); err != nil {
		t.Fatal(err)
	}
	if foot := text(t, ctx, "footer.foot"); !strings.Contains(foot, "Đang đăng nhập") {
		t.Fatalf("not signed in: %q", foot)
	}

	// Switch to English and back.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("a.lang")), chromedp.WaitReady(chromedp.CSS(`html[lang="en"] h1`))); err != nil {
		t.Fatal(err)
	}
	if h1 := text(t, ctx, "h1"); !strings.Contains(h1, "Portal of") {
		t.Fatalf("English home h1 = %q", h1)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("a.lang")), chromedp.WaitReady(chromedp.CSS(`html[lang="vi"] h1`))); err != nil {
		t.Fatal(err)
	}
	if h1 := text(t, ctx, "h1"); !strings.Contains(h1, "Cổng thông tin") {
		t.Fatalf("back in Vietnamese h1 = %q", h1)
	}

	// The household list, searched without diacritics.
	if err := chromedp.Do(ctx, chromedp.Navigate(u+"/ho-gia-dinh?q=nguyen+van"), chromedp.WaitVisible(chromedp.CSS("table"))); err != nil {
		t.Fatal(err)
	}
	if body := text(t, ctx, "tbody"); !strings.Contains(body, "Nguyễn Văn") {
		t.Fatalf("search 'nguyen van' found no Nguyễn Văn:\n%s", body)
	}
	checkAxe(t, ctx, "household list")

	// The signed-in home with its duties card, and the duties register.
	if err := chromedp.Do(ctx, chromedp.Navigate(u+"/"), chromedp.WaitVisible(chromedp.CSS(`a[href="/viec-den-han"]`))); err != nil {
		t.Fatal(err)
	}
	checkAxe(t, ctx, "signed-in home")
	if err := chromedp.Do(ctx, chromedp.Navigate(u+"/viec-den-han"), chromedp.WaitVisible(chromedp.ID("f-nguoi"))); err != nil {
		t.Fatal(err)
	}
	checkAxe(t, ctx, "duties")

	// Create a household with its head.
	if err := chromedp.Do(ctx, chromedp.Navigate(u+"/ho-gia-dinh/moi"), chromedp.WaitVisible(chromedp.ID("f-code"))); err != nil {
		t.Fatal(err)
	}
	checkAxe(t, ctx, "new household form")
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { const s = document.getElementById('f-hamlet_id'); s.selectedIndex = 1; return true })()`)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("f-code"), "TRINHDUYET-01"),
		chromedp.SendKeys(chromedp.ID("f-address"), "Xóm Đồng Kệu, xã Bình Yên"),
		chromedp.SendKeys(chromedp.ID("f-members-0-full_name"), "Đặng Thị Thu Trang"),
		chromedp.SetValue(chromedp.ID("f-members-0-birth_date"), "1990-03-08"),
		chromedp.SetValue(chromedp.ID("f-members-0-gender"), "Nữ"),
		chromedp.Click(chromedp.CSS("form.form button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("p.flash"))); err != nil {
		t.Fatal(err)
	}
	if h1 := text(t, ctx, "h1"); !strings.Contains(h1, "TRINHDUYET-01") || !strings.Contains(h1, "Đặng Thị Thu Trang") {
		t.Fatalf("household page h1 = %q", h1)
	}

	// Import a CSV with an error: the error is shown with its row, nothing is written.
	csv := "Xóm,Số hộ,Họ và tên,Ngày sinh,Giới tính,Số định danh,Quan hệ với chủ hộ\n" +
		"Xóm Không Có,NK-1,Lê Văn Nam,31/02/1980,Nam,,Chủ hộ\n"
	file := filepath.Join(t.TempDir(), "nhap.csv")
	if err := os.WriteFile(file, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(u+"/nhap-du-lieu"), chromedp.WaitVisible(chromedp.ID("f-file"))); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx,
		chromedp.SetUploadFiles(chromedp.ID("f-file"), []string{file}),
		chromedp.Click(chromedp.CSS("form.form button[type=submit]")),
		chromedp.WaitVisible(chromedp.ID("import-errors"))); err != nil {
		t.Fatal(err)
	}
	errs := text(t, ctx, "#import-errors")
	if !strings.Contains(errs, "2") || !strings.Contains(errs, "Ngày sinh") {
		t.Fatalf("import errors table:\n%s", errs)
	}
	checkAxe(t, ctx, "import errors")
	var n int
	if err := f.d.QueryRow(context.Background(), `SELECT count(*) FROM households WHERE code = 'NK-1'`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("a household of the invalid file was written: %d %v", n, err)
	}
}
