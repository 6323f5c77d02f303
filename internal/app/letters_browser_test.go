package app_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"xaso/internal/browsertest"
	"xaso/internal/db/dbtest"
	"xaso/internal/letters"
)

// TestBrowserLettersPrintQueue: the desk, on a phone (375 × 740), opens the print queue with a
// congratulation from a returned birth registration, checks it as printed on paper (print
// media), downloads the batch PDF with its session, marks the letters printed and sees the
// queue empty; the letter's page, the delivery list, the templates and the loudspeaker form
// on the way. axe-core checks every page, none scrolls sideways, the buttons are large.
func TestBrowserLettersPrintQueue(t *testing.T) {
	ctx := browsertest.Start(t, 375, 740)
	f := newFixture(t, dbtest.SQLite(t))
	lettersReturnBirth(t, f)
	ls, total, err := f.a.Letters.List(context.Background(), f.commune.ID, letters.Filter{Status: letters.Waiting})
	if err != nil || total != 1 {
		t.Fatalf("queue: %d %v", total, err)
	}
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
	osSignIn(t, ctx, u, "u-desk")
	visit("letters: print queue", "/thu/in", "#queue-total")
	if got := text(t, ctx, "#queue-total"); got != "Có 1 thư chờ in." {
		t.Errorf("queue total %q", got)
	}
	if h, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`document.querySelector('#mark-printed').getBoundingClientRect().height`)); err != nil || h < 44 {
		t.Errorf("mark-printed button %v px high (%v)", h, err)
	}
	// The page as printed: still readable and accessible with print styles.
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	checkAxe(t, ctx, "letters: print queue, print media")
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{}); err != nil {
		t.Fatal(err)
	}
	ctype, pdf := osBrowserFetch(t, ctx, "/thu/in.pdf")
	if ctype != "application/pdf" || !bytes.HasPrefix(pdf, []byte("%PDF")) {
		t.Fatalf("batch: %s", ctype)
	}
	if text := osPDFText(t, pdf); !bytes.Contains([]byte(text), []byte("Nông Thị Hoa")) {
		t.Errorf("batch PDF:\n%s", text)
	}
	if err := chromedp.Do(ctx, osDropFlash, chromedp.Click(chromedp.ID("mark-printed")), chromedp.WaitVisible(chromedp.CSS("p.flash"))); err != nil {
		t.Fatal(err)
	}
	if got := text(t, ctx, "#queue-total"); got != "Có 0 thư chờ in." {
		t.Errorf("after marking: %q", got)
	}
	checkAxe(t, ctx, "letters: empty queue")
	visit("letters: letter", ls[0].URL(), "#letter-text")
	visit("letters: to deliver", "/thu/giao", "#deliver-total")
	visit("letters: list", "/thu", "#letters-total")
	visit("letters: new", "/thu/moi", "#f-name")
	visit("letters: loudspeaker form", "/thu/loa/moi", "#f-body")
	osSignIn(t, ctx, u, "u-leader")
	visit("letters: templates", "/thu/mau?dip=apologised", "#f-body")
}
