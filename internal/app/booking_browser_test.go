package app_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"xaso/internal/auth"
	"xaso/internal/browsertest"
	"xaso/internal/db/dbtest"
	"xaso/internal/onestop"
)

// TestBrowserBookingKioskAndDisplay: a resident books a slot on a phone (375 × 740), finds the
// booking again; at the kiosk another takes a ticket; the display is open in another tab; a
// desk officer calls the ticket and the display shows and announces it without reloading.
// axe-core checks every page on the way.
func TestBrowserBookingKioskAndDisplay(t *testing.T) {
	ctx := browsertest.Start(t, 375, 740)
	f, _ := newClockFixture(t, dbtest.SQLite(t), vnAt(2026, 3, 2, 9, 0)) // Monday 09:00
	u := f.srv.URL
	visit := func(ctx context.Context, name, path, wait string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Navigate(u+path), chromedp.WaitVisible(chromedp.CSS(wait))); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		checkAxe(t, ctx, name)
	}
	noSideways := func(name string) {
		t.Helper()
		overflow, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`))
		if err != nil || overflow {
			t.Errorf("%s scrolls sideways at 375 px (%v)", name, err)
		}
	}

	// Book on a phone: procedure, day, slot, contact.
	visit(ctx, "booking: procedures", "/dat-lich", "h1")
	noSideways("/dat-lich")
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`a[href="/dat-lich?thu-tuc=`+onestop.CodeBirth+`"]`)),
		chromedp.WaitVisible(chromedp.ID("booking-days"))); err != nil {
		t.Fatal(err)
	}
	checkAxe(t, ctx, "booking: days")
	if days := text(t, ctx, "#booking-days"); !strings.Contains(days, "Thứ Ba, 03/03/2026") || strings.Contains(days, "07/03/2026") {
		t.Fatalf("days offered:\n%s", days)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#booking-days a`)),
		chromedp.WaitVisible(chromedp.CSS(`input[name="slot"]`))); err != nil {
		t.Fatal(err)
	}
	checkAxe(t, ctx, "booking: slots and contact")
	noSideways("the booking form")
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`input[name="slot"][value="08:30"]`)),
		chromedp.SendKeys(chromedp.ID("f-name"), "Hoàng Văn Dũng"),
		chromedp.SendKeys(chromedp.ID("f-phone"), "0983 112 233"),
		chromedp.Click(chromedp.CSS(`form.form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.ID("ma-dat-lich"))); err != nil {
		t.Fatal(err)
	}
	checkAxe(t, ctx, "booking: confirmation")
	noSideways("the confirmation")
	code := text(t, ctx, "#ma-dat-lich")
	if len(code) != 6 || !strings.Contains(text(t, ctx, "#booking-facts"), "08:30–09:00, Thứ Ba, 03/03/2026") {
		t.Fatalf("confirmation %q:\n%s", code, text(t, ctx, "main"))
	}
	if flash := text(t, ctx, "p.flash"); !strings.Contains(flash, "Đã đặt lịch") {
		t.Errorf("flash %q", flash)
	}

	// Find it again with the code and the phone digits.
	visit(ctx, "booking: look-up form", "/dat-lich/tra-cuu", "#f-code")
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("f-code"), strings.ToLower(code)),
		chromedp.SendKeys(chromedp.ID("f-last4"), "2233"),
		chromedp.Click(chromedp.CSS(`form.form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.ID("ket-qua"))); err != nil {
		t.Fatal(err)
	}
	checkAxe(t, ctx, "booking: found, with move and cancel")
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`form[action="/dat-lich/tra-cuu"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.ID("move-form"))); err != nil {
		t.Fatal(err)
	}
	checkAxe(t, ctx, "booking: move slots")

	// The kiosk: a walk-in takes a ticket; a booking for tomorrow cannot be checked in today.
	visit(ctx, "kiosk", "/kiosk", "form.kiosk-fields")
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("f-code"), code),
		chromedp.Click(chromedp.CSS(`form[action="/kiosk/nhan-lich"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`.kiosk-checkin .notice`))); err != nil {
		t.Fatal(err)
	}
	checkAxe(t, ctx, "kiosk: check-in refused")
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`button[name="field"][value="Hộ tịch"]`)),
		chromedp.WaitVisible(chromedp.ID("so-thu-tu"))); err != nil {
		t.Fatal(err)
	}
	checkAxe(t, ctx, "kiosk: ticket")
	ticket := text(t, ctx, "#so-thu-tu")
	if ticket != "HT-001" {
		t.Fatalf("ticket %q", ticket)
	}

	// The display, in its own tab, with JavaScript on.
	dctx, cancel := chromedp.NewContext(ctx)
	defer cancel()
	visit(dctx, "display", "/man-hinh", "#queue-board")
	if _, err := chromedp.Run(dctx, chromedp.Evaluate[bool](`(window.__sameDocument = true)`)); err != nil {
		t.Fatal(err)
	}

	// A desk officer calls the next ticket at counter 1.
	osSignIn(t, ctx, u, "u-desk")
	visit(ctx, "desk: the day's bookings", "/lich-hen", "#booking-list")
	visit(ctx, "desk: counters", "/quay", "h1")
	visit(ctx, "desk: counter console", "/quay/1", "#goi-tiep")
	if err := chromedp.Do(ctx, osDropFlash, chromedp.Click(chromedp.ID("goi-tiep")), chromedp.WaitVisible(chromedp.ID("so-hien-tai"))); err != nil {
		t.Fatal(err)
	}
	if got := text(t, ctx, "#so-hien-tai"); got != ticket {
		t.Fatalf("the counter called %q", got)
	}
	checkAxe(t, ctx, "desk: counter serving")

	// The display shows the call without navigating (Poll fails on a navigation) and reads it.
	said, err := chromedp.Run(dctx, chromedp.Poll[string](
		`window.__sameDocument && document.querySelector('#queue-board .queue-number').textContent.trim() === '`+ticket+`' && document.getElementById('queue-live').textContent`,
		chromedp.WithPollingInterval(200*time.Millisecond), chromedp.WithPollingTimeout(15*time.Second)))
	if err != nil {
		t.Fatalf("the display did not show %s without reloading: %v", ticket, err)
	}
	if !strings.Contains(said, "Mời số "+ticket+" đến Quầy 1") {
		t.Errorf("announced %q", said)
	}
	if recent := text(t, dctx, "#queue-recent"); !strings.Contains(recent, ticket) {
		t.Errorf("latest calls: %q", recent)
	}
	checkAxe(t, dctx, "display after a call")

	// The admin's settings page.
	osSignIn(t, ctx, u, "u-admin")
	visit(ctx, "admin: booking settings", "/quan-tri/dat-lich", "#f-slot_minutes")
}

// TestBrowserDisplayWithoutJavaScript: with scripts off the display still follows the queue, by
// reloading itself (the <noscript> refresh, every 10 s).
func TestBrowserDisplayWithoutJavaScript(t *testing.T) {
	ctx := browsertest.Start(t, 1280, 720)
	f, _ := newClockFixture(t, dbtest.SQLite(t), vnAt(2026, 3, 2, 9, 0))
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(f.srv.URL+"/man-hinh"), chromedp.WaitVisible(chromedp.ID("queue-board"))); err != nil {
		t.Fatal(err)
	}
	if got := text(t, ctx, "#queue-board"); strings.Contains(got, "HT-001") {
		t.Fatalf("board before any call: %q", got)
	}
	anon, desk := f.client(""), f.client(auth.Desk)
	if st, _, _ := f.post(anon, "/kiosk/lay-so", url.Values{"field": {"Hộ tịch"}}); st != 303 {
		t.Fatalf("ticket: %d", st)
	}
	if st, _, _ := f.post(desk, "/quay/1/goi-tiep", nil); st != 303 {
		t.Fatalf("call: %d", st)
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		got, err := chromedp.Run(ctx, chromedp.TextContent(chromedp.ID("queue-board")))
		if err == nil && strings.Contains(got, "HT-001") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("without JavaScript the display never showed HT-001 (last %q, %v)", got, err)
		}
		time.Sleep(500 * time.Millisecond)
	}
}
