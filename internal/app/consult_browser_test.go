package app_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"xaso/internal/browsertest"
	"xaso/internal/db/dbtest"
	"xaso/internal/democracy/consult"
)

// TestBrowserConsultOnAPhone: a resident on a phone (375 × 740) opens the open consultations
// at /y-kien, reads one, sends an opinion without a name (an empty one first comes back with
// the error) and sees the confirmation; the specialist finds it on the staff pages. axe-core
// checks every public and staff page on the way, none scrolls sideways.
func TestBrowserConsultOnAPhone(t *testing.T) {
	ctx := browsertest.Start(t, 375, 740)
	f := newFixture(t, dbtest.SQLite(t))
	f.seedConsult()
	u := f.srv.URL
	list, _, err := f.a.Consult.List(context.Background(), f.commune.ID, consult.Filter{Phase: consult.PhaseCollecting})
	if err != nil || len(list) != 1 {
		t.Fatalf("seeded open consultation: %d %v", len(list), err)
	}
	c := list[0]
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

	visit("consult: public list", "/y-kien", "#consult-total")
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`a[href="`+c.PublicURL()+`"]`)), chromedp.WaitVisible(chromedp.ID("consult-days-left"))); err != nil {
		t.Fatal(err)
	}
	checkAxe(t, ctx, "consult: public page")
	// Large targets: the send button is at least 44 px high.
	if h, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`document.querySelector('#gop-y button[type="submit"]').getBoundingClientRect().height`)); err != nil || h < 44 {
		t.Errorf("send button %v px high (%v)", h, err)
	}
	// The browser's own check would stop an empty opinion: take it off to see the server's.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(document.querySelector('#gop-y form').noValidate = true)`)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#gop-y button[type="submit"]`)), chromedp.WaitVisible(chromedp.ID("f-body-err"))); err != nil {
		t.Fatal(err)
	}
	checkAxe(t, ctx, "consult: public page with an error")
	opinion := "Nhà văn hóa nên có lối đi cho xe lăn và chỗ để xe đạp."
	if err := chromedp.Do(ctx,
		chromedp.SetValue(chromedp.ID("f-hamlet"), c.HamletIDs[0]),
		chromedp.SendKeys(chromedp.ID("f-body"), opinion),
		chromedp.Click(chromedp.CSS(`#gop-y button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.ID("consult-sent"))); err != nil {
		t.Fatal(err)
	}
	if got := text(t, ctx, "#consult-sent"); !strings.Contains(got, "Đã nhận ý kiến") {
		t.Fatalf("confirmation %q", got)
	}
	checkAxe(t, ctx, "consult: sent")

	// The staff pages, on the same phone.
	osSignIn(t, ctx, u, "u-specialist")
	visit("consult: staff list", "/lay-y-kien", "#consult-total")
	visit("consult: staff page", c.URL(), "#consult-opinion-total")
	if body := text(t, ctx, "main"); !strings.Contains(body, opinion) {
		t.Fatal("the specialist does not see the opinion")
	}
	visit("consult: synthesis", c.URL()+"/tong-hop", "#consult-synthesis-total")
	visit("consult: typed-in opinion", c.URL()+"/y-kien/moi", "#f-source")
	visit("consult: new", "/lay-y-kien/moi", "#f-topic")
	osSignIn(t, ctx, u, "u-leader")
	visit("consult: closing", c.URL()+"/ket-thuc", "#consult-running")
}
