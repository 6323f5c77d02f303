package app_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"xaso/internal/browsertest"
	"xaso/internal/calendar"
	"xaso/internal/db/dbtest"
)

// TestBrowserConductBadge: on a phone (375 × 740) a resident opens the page a badge's QR leads
// to, sees the officer, sends a report (an empty one first comes back with its error) and sees
// the confirmation; the code of conduct reads on the same phone. The chairman prints the
// officer's badge from the badges page (a PDF holding the officer's name and code), reads the
// report and the yearly target; a hamlet head opens its form. axe-core checks every page, none
// scrolls sideways.
func TestBrowserConductBadge(t *testing.T) {
	ctx := browsertest.Start(t, 375, 740)
	f := newFixture(t, dbtest.SQLite(t))
	b := f.seedConduct()
	u := f.srv.URL
	visit := func(name, path, wait string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Navigate(u+path), chromedp.WaitVisible(chromedp.CSS(wait))); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		checkAxe(t, ctx, name)
		overflow, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`))
		if err != nil || overflow {
			t.Errorf("%s scrolls sideways at 375 px (%v)", name, err)
		}
	}

	visit("conduct: officer page", b.PublicPath(), "#conduct-officer-name")
	if got := text(t, ctx, "#conduct-officer"); !strings.Contains(got, b.Staff.FullName) || !strings.Contains(got, b.Staff.Title) {
		t.Fatalf("officer page %q", got)
	}
	if h, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`document.querySelector('#phan-anh-can-bo button[type="submit"]').getBoundingClientRect().height`)); err != nil || h < 44 {
		t.Errorf("send button %v px high (%v)", h, err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(document.querySelector('#phan-anh-can-bo form').noValidate = true)`)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#phan-anh-can-bo button[type="submit"]`)), chromedp.WaitVisible(chromedp.ID("f-body-err"))); err != nil {
		t.Fatal(err)
	}
	checkAxe(t, ctx, "conduct: officer page with errors")
	today := calendar.DateOf(time.Now()).String()
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("f-body"), "Cán bộ hướng dẫn tận tình nhưng bắt chờ lâu không báo trước."),
		chromedp.SetValue(chromedp.ID("f-happened_on"), today),
		chromedp.Click(chromedp.CSS(`#phan-anh-can-bo button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.ID("conduct-sent"))); err != nil {
		t.Fatal(err)
	}
	if got := text(t, ctx, "#conduct-sent"); !strings.Contains(got, "Đã nhận phản ánh") {
		t.Fatalf("confirmation %q", got)
	}
	checkAxe(t, ctx, "conduct: sent")
	visit("conduct: code of conduct", "/quy-tac-ung-xu", "#conduct-code")

	osSignIn(t, ctx, u, "u-leader")
	visit("conduct: badges", "/ung-xu/the", "#conduct-badges-total")
	href, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('a[href="/ung-xu/the/`+b.Staff.ID+`/the.pdf"]').getAttribute('href')`))
	if err != nil {
		t.Fatalf("no print link for %s: %v", b.Staff.FullName, err)
	}
	ctype, pdf := osBrowserFetch(t, ctx, href)
	if ctype != "application/pdf" {
		t.Fatalf("badge: %s", ctype)
	}
	if txt := osPDFText(t, pdf); !strings.Contains(txt, strings.ToUpper(b.Staff.FullName)) || !strings.Contains(txt, b.Code) {
		t.Fatalf("badge text %q", txt)
	}
	visit("conduct: reports", "/ung-xu", "#conduct-target")
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`main table:not([id]) tbody a`)), chromedp.WaitVisible(chromedp.ID("conduct-report"))); err != nil {
		t.Fatal(err)
	}
	checkAxe(t, ctx, "conduct: a report")
	visit("conduct: code editing", "/ung-xu/quy-tac", "#conduct-code-form")
	osSignIn(t, ctx, u, "u-hamlethead")
	visit("conduct: hamlet head's form", "/ung-xu/gop-y", "#f-month")
}
