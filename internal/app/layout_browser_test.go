package app_test

import (
	"context"
	"math"
	"testing"

	"github.com/chromedp/chromedp"

	"xaso/internal/browsertest"
	"xaso/internal/db/dbtest"
	"xaso/internal/onestop"
)

// layoutBox is an element's place on the page (document coordinates, CSS pixels).
type layoutBox struct{ Top, Left, Right, Bottom, Width, Height float64 }

func measure(t *testing.T, ctx context.Context, sel string) layoutBox {
	t.Helper()
	b, err := chromedp.Run(ctx, chromedp.Evaluate[layoutBox](`(() => {
		const r = document.querySelector(`+"`"+sel+"`"+`).getBoundingClientRect();
		return {Top: r.top + scrollY, Left: r.left + scrollX, Right: r.right + scrollX, Bottom: r.bottom + scrollY, Width: r.width, Height: r.height};
	})()`))
	if err != nil {
		t.Fatalf("measure %s: %v", sel, err)
	}
	return b
}

func evalNumber(t *testing.T, ctx context.Context, js string) float64 {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[float64](js))
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return v
}

// pageOverflow is how many CSS pixels the page is wider than the window (0 when it fits).
const pageOverflow = `Math.max(0, document.documentElement.scrollWidth - window.innerWidth)`

// TestBrowserLayoutsForDeskPhoneAndHall: the desk intake form puts the applicant and the
// documents side by side on a desk screen (1280 and 1024 px) and stacks them on a phone without
// widening the page; the indicators table reads on a 375 px phone as one card per indicator,
// without scrolling sideways; the hall display's numbers are large and centred on a 1920 × 1080
// TV and still fit a phone. axe-core checks each page at each size.
func TestBrowserLayoutsForDeskPhoneAndHall(t *testing.T) {
	ctx := browsertest.Start(t, 1280, 900)
	f := newFixture(t, dbtest.SQLite(t))
	u := f.srv.URL
	intake := u + "/ho-so/moi?thu-tuc=" + onestop.CodeBirth
	at := func(w, h int, url, wait string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(w), int64(h)), chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS(wait))); err != nil {
			t.Fatalf("%s at %d px: %v", url, w, err)
		}
	}
	height := func() float64 { return evalNumber(t, ctx, `document.documentElement.scrollHeight`) }

	osSignIn(t, ctx, u, "u-desk")
	// A window too narrow for two columns stacks the form: the height to beat.
	at(900, 900, intake, "#intake-documents")
	stacked := height()
	a, d := measure(t, ctx, "#intake-applicant"), measure(t, ctx, "#intake-documents")
	if d.Top < a.Bottom-1 {
		t.Fatalf("at 900 px the documents (top %.0f) overlap the applicant (bottom %.0f)", d.Top, a.Bottom)
	}
	for _, w := range []int{1280, 1024} {
		at(w, 900, intake, "#intake-documents")
		a, d := measure(t, ctx, "#intake-applicant"), measure(t, ctx, "#intake-documents")
		if math.Abs(a.Top-d.Top) > 2 || d.Left < a.Right {
			t.Errorf("at %d px the applicant %+v and the documents %+v are not side by side", w, a, d)
		}
		// Side by side saves most of the shorter column's height.
		if h := height(); h > stacked-0.8*math.Min(a.Height, d.Height) {
			t.Errorf("at %d px the intake form is %.0f px tall, stacked %.0f px: the columns save too little", w, h, stacked)
		}
		if o := evalNumber(t, ctx, pageOverflow); o > 0 {
			t.Errorf("at %d px the intake page is %.0f px too wide", w, o)
		}
		checkAxe(t, ctx, "intake form (desk)")
	}
	at(375, 740, intake, "#intake-documents")
	if a, d := measure(t, ctx, "#intake-applicant"), measure(t, ctx, "#intake-documents"); d.Top < a.Bottom-1 {
		t.Errorf("at 375 px the documents (top %.0f) are not below the applicant (bottom %.0f)", d.Top, a.Bottom)
	}
	if o := evalNumber(t, ctx, pageOverflow); o > 0 {
		t.Errorf("at 375 px the intake page is %.0f px too wide", o)
	}
	checkAxe(t, ctx, "intake form (phone)")

	// The indicators on a phone: no sideways scrolling, each value beside its column's name.
	osSignIn(t, ctx, u, "u-leader")
	at(375, 740, u+"/ho-so/chi-so", "table.stack")
	if o := evalNumber(t, ctx, pageOverflow); o > 0 {
		t.Errorf("at 375 px the indicators page is %.0f px too wide", o)
	}
	if o := evalNumber(t, ctx, `(() => { const w = document.querySelector('.table-wrap'); return w.scrollWidth - w.clientWidth })()`); o > 0 {
		t.Errorf("at 375 px the indicators table scrolls %.0f px sideways", o)
	}
	if n := evalNumber(t, ctx, `document.querySelectorAll('table.stack tbody td').length`); n < 5 {
		t.Fatalf("the indicators table has %v cells", n)
	}
	// Every cell spans the card (not a sliver of a six-column row) and shows its label.
	if w := evalNumber(t, ctx, `Math.min(...[...document.querySelectorAll('table.stack tbody td')].map(td => td.getBoundingClientRect().width))`); w < 300 {
		t.Errorf("at 375 px the narrowest indicator cell is %.0f px wide", w)
	}
	if n := evalNumber(t, ctx, `[...document.querySelectorAll('table.stack tbody td')].filter(td => getComputedStyle(td, '::before').content.length < 4).length`); n > 0 {
		t.Errorf("%v indicator cells show no column label on a phone", n)
	}
	checkAxe(t, ctx, "indicators (phone)")
	at(1280, 900, u+"/ho-so/chi-so", "table.stack")
	if n := evalNumber(t, ctx, `document.querySelector('table.stack thead').getBoundingClientRect().height`); n < 20 {
		t.Errorf("on a desk screen the indicators table lost its header row (%.0f px)", n)
	}

	// The hall display on a TV and on a phone.
	at(1920, 1080, u+"/man-hinh", "#queue-board")
	num := `parseFloat(getComputedStyle(document.querySelector('.queue-number')).fontSize)`
	if px := evalNumber(t, ctx, num); px < 100 {
		t.Errorf("on a 1920 px TV the called numbers are %.0f px high", px)
	}
	if b := measure(t, ctx, ".queue-board"); math.Abs((b.Left+b.Right)/2-960) > 10 || b.Width < 960 {
		t.Errorf("on a 1920 px TV the board %+v is not centred and wide", b)
	}
	if h1 := measure(t, ctx, ".queue-display h1"); h1.Height < 60 {
		t.Errorf("on a 1920 px TV the display heading is %.0f px high", h1.Height)
	}
	checkAxe(t, ctx, "display (TV)")
	at(375, 740, u+"/man-hinh", "#queue-board")
	if o := evalNumber(t, ctx, pageOverflow); o > 0 {
		t.Errorf("at 375 px the display is %.0f px too wide", o)
	}
	if px := evalNumber(t, ctx, num); px < 32 {
		t.Errorf("on a phone the called numbers are %.0f px high", px)
	}
}
