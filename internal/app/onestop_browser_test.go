package app_test

import (
	"context"
	"encoding/base64"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"xaso/internal/calendar"
	"xaso/internal/db/dbtest"
	"xaso/internal/onestop"
)

// osSignIn signs the browser in as username (signing out whoever was signed in).
func osSignIn(t *testing.T, ctx context.Context, base, username string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS("h1"))); err != nil {
		t.Fatal(err)
	}
	signedIn, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`!!document.querySelector('form[action="/dang-xuat"] button')`))
	if err != nil {
		t.Fatal(err)
	}
	if signedIn {
		if err := chromedp.Do(ctx, osDropFlash, chromedp.Click(chromedp.CSS(`form[action="/dang-xuat"] button`)), chromedp.WaitVisible(chromedp.CSS("p.flash"))); err != nil {
			t.Fatalf("sign out: %v", err)
		}
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/dang-nhap"), chromedp.WaitVisible(chromedp.ID("f-username")),
		chromedp.SendKeys(chromedp.ID("f-username"), username),
		chromedp.SendKeys(chromedp.ID("f-password"), testPassword),
		chromedp.Click(chromedp.CSS("form.form button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/dang-xuat"] button`))); err != nil {
		t.Fatalf("sign in as %s: %v", username, err)
	}
}

// osDropFlash removes the flash message of the current page, so that waiting for the next
// page's flash does not find this one.
var osDropFlash = chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
	_, err := chromedp.Evaluate[bool](`(document.querySelectorAll('p.flash').forEach(e => e.remove()), true)`)(ctx, tg)
	return err
})

// osAct submits the action form of the dossier page whose action ends with slug and waits for
// the flash message of the page it leads to.
func osAct(t *testing.T, ctx context.Context, slug string, before ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	steps := append(before, osDropFlash, chromedp.Click(chromedp.CSS(`form[action$="/`+slug+`"] button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS("p.flash")))
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("action %s: %v", slug, err)
	}
}

// osBrowserFetch downloads path with the browser's own session (its cookies) and returns the
// content type and bytes.
func osBrowserFetch(t *testing.T, ctx context.Context, path string) (string, []byte) {
	t.Helper()
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](`fetch(`+"`"+path+"`"+`).then(async r => {
		const b = new Uint8Array(await r.arrayBuffer());
		let s = '';
		for (let i = 0; i < b.length; i += 8192) s += String.fromCharCode.apply(null, b.subarray(i, i + 8192));
		return r.status + ' ' + r.headers.get('Content-Type') + '\n' + btoa(s);
	})`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("fetch %s: %v", path, err)
	}
	head, b64, _ := strings.Cut(out, "\n")
	if !strings.HasPrefix(head, "200 ") {
		t.Fatalf("fetch %s: %s", path, head)
	}
	b, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimPrefix(head, "200 "), b
}

// TestBrowserOnestopJourney: a desk officer receives a birth registration at the desk and
// prints its receipt; the dossier goes to a specialist, a leader approves it, the desk returns
// the result; a resident on a phone follows it on /tra-cuu. axe-core checks every page.
func TestBrowserOnestopJourney(t *testing.T) {
	ctx := browser(t)
	f := newFixture(t, dbtest.SQLite(t))
	u := f.srv.URL
	visit := func(name, path string, wait string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Navigate(u+path), chromedp.WaitVisible(chromedp.CSS(wait))); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		checkAxe(t, ctx, name)
	}

	// The public catalogue.
	visit("procedures", "/thu-tuc?q=khai+sinh", "h1")
	if body := text(t, ctx, "main"); !strings.Contains(body, "Đăng ký khai sinh") {
		t.Fatalf("procedures page:\n%s", body)
	}
	visit("procedure", "/thu-tuc/"+onestop.CodeBirth, "h1")
	visit("online form", "/thu-tuc/"+onestop.CodeBirth+"/nop", "h1")

	// The desk officer receives a birth registration at the counter.
	osSignIn(t, ctx, u, "u-desk")
	visit("intake: choose the procedure", "/ho-so/moi", "#f-thu-tuc")
	if err := chromedp.Do(ctx,
		chromedp.SetValue(chromedp.ID("f-thu-tuc"), onestop.CodeBirth),
		chromedp.Click(chromedp.CSS("form.form button[type=submit]")),
		chromedp.WaitVisible(chromedp.ID("f-applicant-name"))); err != nil {
		t.Fatal(err)
	}
	checkAxe(t, ctx, "intake form")
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("f-applicant-name"), "Lường Thị Mai"),
		chromedp.SendKeys(chromedp.ID("f-applicant-phone"), "0915 246 813"),
		chromedp.SendKeys(chromedp.ID("f-applicant-address"), "Xóm Đồng Kệu, xã Bình Yên"),
		chromedp.Click(chromedp.CSS(`input[name="documents"][value="to-khai"]`)),
		chromedp.Click(chromedp.CSS(`input[name="documents"][value="giay-chung-sinh"]`)),
		chromedp.Click(chromedp.CSS(`input[name="documents"][value="giay-to-tuy-than"]`)),
		chromedp.Click(chromedp.CSS(`button[name="outcome"][value="accept"]`)),
		chromedp.WaitVisible(chromedp.CSS("p.flash"))); err != nil {
		t.Fatal(err)
	}
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	_, code, ok := strings.Cut(loc, "/ho-so/")
	if !ok || code == "" {
		t.Fatalf("after intake the browser is at %s", loc)
	}
	if flash := text(t, ctx, "p.flash"); !strings.Contains(flash, "Đã tiếp nhận hồ sơ") {
		t.Fatalf("flash after intake: %q", flash)
	}
	checkAxe(t, ctx, "dossier page after intake")
	dos, err := f.a.Onestop.Dossier(context.Background(), f.commune.ID, code)
	if err != nil {
		t.Fatal(err)
	}
	due := dos.DueAt.In(calendar.Zone).Format("02/01/2006")

	// Print: the receipt link opens a PDF whose text holds the code and the due date.
	href, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('a[href$="/forms/receipt.pdf"]').getAttribute('href')`))
	if err != nil {
		t.Fatalf("no receipt link: %v", err)
	}
	ctype, pdf := osBrowserFetch(t, ctx, href)
	if ctype != "application/pdf" {
		t.Fatalf("receipt content type %s", ctype)
	}
	if txt := osPDFText(t, pdf); !strings.Contains(txt, code) || !strings.Contains(txt, due) || !strings.Contains(txt, "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ") {
		t.Fatalf("receipt text lacks the code %s or the due date %s:\n%s", code, due, txt)
	}

	// Hand over to the specialist, by name.
	osAct(t, ctx, "chuyen", chromedp.SetValue(chromedp.ID("f-handover-to"), "specialist|u-specialist"))
	// The specialist hands it to the leader.
	osSignIn(t, ctx, u, "u-specialist")
	visit("dossier page (specialist)", "/ho-so/"+code, "h1")
	osAct(t, ctx, "chuyen", chromedp.SetValue(chromedp.ID("f-handover-to"), "leader|u-leader"))
	// The leader approves.
	osSignIn(t, ctx, u, "u-leader")
	visit("dossier page (leader)", "/ho-so/"+code, "h1")
	osAct(t, ctx, "phe-duyet")
	// The desk records the result and returns it, after confirming.
	osSignIn(t, ctx, u, "u-desk")
	visit("dossier page (desk)", "/ho-so/"+code, "h1")
	osAct(t, ctx, "co-ket-qua")
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`form[action$="/tra-ket-qua"] button[type=submit]`)),
		chromedp.WaitReady(chromedp.CSS(`input[name="confirm"]`))); err != nil {
		t.Fatal(err)
	}
	checkAxe(t, ctx, "confirm return")
	if err := chromedp.Do(ctx, osDropFlash, chromedp.Click(chromedp.CSS(`main form button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS("p.flash"))); err != nil {
		t.Fatal(err)
	}
	if got, _ := f.a.Onestop.Dossier(context.Background(), f.commune.ID, code); got.Status != onestop.StateReturned {
		t.Fatalf("after the journey the dossier is %s", got.Status)
	}
	checkAxe(t, ctx, "returned dossier")
	visit("dossier list", "/ho-so", "table")
	visit("desk board", "/ho-so/bang", "h1")

	// A resident on a phone follows the dossier from the QR code's address.
	if err := chromedp.Do(ctx, osDropFlash, chromedp.Click(chromedp.CSS(`form[action="/dang-xuat"] button`)), chromedp.WaitVisible(chromedp.CSS("p.flash")),
		chromedp.EmulateViewport(375, 740)); err != nil {
		t.Fatal(err)
	}
	visit("tracking form (phone)", "/tra-cuu?ma="+code, "#f-so")
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("f-so"), "6813"),
		chromedp.Click(chromedp.CSS("form.form button[type=submit]")), chromedp.WaitVisible(chromedp.ID("ket-qua"))); err != nil {
		t.Fatal(err)
	}
	if st := text(t, ctx, "#trang-thai"); st != "Đã trả kết quả" {
		t.Fatalf("tracked status %q", st)
	}
	if body := text(t, ctx, "#ket-qua"); strings.Contains(body, "Người thử") {
		t.Errorf("the public status shows staff names:\n%s", body)
	}
	checkAxe(t, ctx, "tracking result (phone)")
	for _, p := range []string{"/thu-tuc", "/thu-tuc/" + onestop.CodeBirth} {
		visit("phone "+p, p, "h1")
	}
	overflow, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`))
	if err != nil || overflow {
		t.Errorf("the procedure page scrolls sideways at 375 px (%v)", err)
	}
}
