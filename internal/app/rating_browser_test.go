package app_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"xaso/internal/auth"
	"xaso/internal/browsertest"
	"xaso/internal/db/dbtest"
)

// TestBrowserRatingTablet: the counter tablet at tablet size (1024 × 768). The desk officer
// returns a dossier; the tablet shows it with five big buttons (text ≥ 24 px, targets ≥ 64 px,
// no site menu); the resident taps "Rất không hài lòng", ticks a reason, sends, and sees the
// thank-you page, which returns to the waiting screen by itself (its timer, run here at one
// second instead of 30) and by its "Xong" button. axe-core checks every screen.
func TestBrowserRatingTablet(t *testing.T) {
	ctx := browsertest.Start(t, 1024, 768)
	f := newFixture(t, dbtest.SQLite(t))
	u := f.srv.URL
	code := osIntake(t, f, f.client(auth.Desk), "1.001193", "to-khai", "giay-chung-sinh", "giay-to-tuy-than")
	ratingReturn(t, f, code)
	osSignIn(t, ctx, u, "u-desk")
	eval := func(js string) any {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[any](js))
		if err != nil {
			t.Fatalf("%s: %v", js, err)
		}
		return v
	}

	if err := chromedp.Do(ctx, chromedp.Navigate(u+"/danh-gia/quay"), chromedp.WaitVisible(chromedp.ID("rating-question"))); err != nil {
		t.Fatal(err)
	}
	checkAxe(t, ctx, "rating: the tablet's question")
	if got := text(t, ctx, "#rating-dossier"); !strings.Contains(got, code) {
		t.Errorf("the tablet shows %q", got)
	}
	if d := eval(`getComputedStyle(document.querySelector('nav.nav')).display`); d != "none" {
		t.Errorf("the site menu is shown on the tablet (display %v)", d)
	}
	// Five buttons, each at least 64 px high and wide, their text at least 24 px; all visible
	// without scrolling.
	sizes := eval(`Array.from(document.querySelectorAll('.rating-levels button')).map(b => { const r = b.getBoundingClientRect();
		return [r.width, r.height, parseFloat(getComputedStyle(b).fontSize), r.bottom] })`).([]any)
	if len(sizes) != 5 {
		t.Fatalf("%d buttons", len(sizes))
	}
	for i, s := range sizes {
		v := s.([]any)
		if v[0].(float64) < 64 || v[1].(float64) < 64 || v[2].(float64) < 24 || v[3].(float64) > 768 {
			t.Errorf("button %d: %v × %v px, text %v px, bottom at %v", i, v[0], v[1], v[2], v[3])
		}
	}
	if px := eval(`parseFloat(getComputedStyle(document.querySelector('.rating-dossier')).fontSize)`).(float64); px < 24 {
		t.Errorf("the tablet's text is %v px", px)
	}

	// One tap on the lowest level, a reason, send.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("level-1")), chromedp.WaitVisible(chromedp.ID("rating-send"))); err != nil {
		t.Fatal(err)
	}
	checkAxe(t, ctx, "rating: why")
	if h := eval(`document.querySelector('.rating-reasons label').getBoundingClientRect().height`).(float64); h < 64 {
		t.Errorf("a reason's target is %v px high", h)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`input[value="extra_documents"]`)),
		chromedp.SendKeys(chromedp.ID("f-comment"), "Bị yêu cầu nộp thêm bản sao sổ hộ khẩu."),
		chromedp.Click(chromedp.ID("rating-send")), chromedp.WaitVisible(chromedp.ID("rating-thanks"))); err != nil {
		t.Fatal(err)
	}
	checkAxe(t, ctx, "rating: thank you")
	r, rated, err := f.a.Rating.RatingOf(context.Background(), f.commune.ID, code)
	if err != nil || !rated || r.Level != 1 || len(r.Reasons) != 1 || r.Reasons[0] != "extra_documents" || r.Comment != "Bị yêu cầu nộp thêm bản sao sổ hộ khẩu." {
		t.Fatalf("stored %+v %v %v", r, rated, err)
	}
	// Production returns after 30 s: the <meta> for browsers without JavaScript and the timer.
	if ns := eval(`document.querySelector('noscript').textContent`).(string); !strings.Contains(ns, `content="30;url=/danh-gia/quay"`) {
		t.Errorf("noscript %q", ns)
	}
	if s := eval(`document.getElementById('rating-kiosk').dataset.refresh`); s != "30" {
		t.Errorf("the timer is %v s", s)
	}
	// The page resets by itself: the same script, armed at one second.
	eval(`(() => { const k = document.getElementById('rating-kiosk'); k.dataset.refresh = '1';
		const s = document.createElement('script'); s.src = document.querySelector('script[src*="quay.js"]').src; document.body.appendChild(s); return true })()`)
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.ID("rating-waiting"))); err != nil {
		t.Fatalf("the thank-you page did not return to the waiting screen: %v", err)
	}
	checkAxe(t, ctx, "rating: waiting")
	// And by its button.
	if err := chromedp.Do(ctx, chromedp.Navigate(u+"/danh-gia/quay/cam-on"), chromedp.WaitVisible(chromedp.ID("rating-done")),
		chromedp.Click(chromedp.ID("rating-done")), chromedp.WaitVisible(chromedp.ID("rating-waiting"))); err != nil {
		t.Fatal(err)
	}
	if h := eval(`document.getElementById('rating-waiting') && document.querySelector('h1').textContent`); h != "Xin chào ông/bà!" {
		t.Errorf("waiting screen %v", h)
	}
}
