package app_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"xaso/internal/auth"
	"xaso/internal/browsertest"
	"xaso/internal/db/dbtest"
)

// TestBrowserPetitionOnAPhone: a resident on a phone (375 × 740) reports a broken culvert from
// /phan-anh, consents to publication and keeps the number; the desk accepts, the leader
// assigns and the specialist answers (over HTTP, as staff would from their desks); the
// resident follows the petition by number and phone digits and finds the answer in the public
// list, without their name. axe-core checks every page on the way.
func TestBrowserPetitionOnAPhone(t *testing.T) {
	ctx := browsertest.Start(t, 375, 740)
	f, _ := newClockFixture(t, dbtest.SQLite(t), vnAt(2026, 3, 2, 9, 0)) // Monday 09:00
	u := f.srv.URL
	visit := func(name, path, wait string) {
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

	// The form: an empty account is refused with the values kept, then sent.
	visit("petition: form", "/phan-anh", "#f-content")
	noSideways("/phan-anh")
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`input[name="kind"][value="report"]`)),
		chromedp.SetValue(chromedp.ID("f-topic"), "giao-thong"),
		chromedp.SendKeys(chromedp.ID("f-name"), "Đinh Thị Lan"),
		chromedp.SendKeys(chromedp.ID("f-phone"), "0913 456 789"),
		chromedp.Click(chromedp.CSS(`input[name="publish"]`))); err != nil {
		t.Fatal(err)
	}
	// The browser's own check would stop an empty account: take it off to see the server's.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(document.querySelector('form[action="/phan-anh"]').noValidate = true)`)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`form[action="/phan-anh"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`p.notice[role="alert"]`))); err != nil {
		t.Fatal(err)
	}
	checkAxe(t, ctx, "petition: form with an error")
	if kept, err := chromedp.Run(ctx, chromedp.Value(chromedp.ID("f-name"))); err != nil || kept != "Đinh Thị Lan" {
		t.Fatalf("the name was lost on the error: %q %v", kept, err)
	}
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("f-content"), "Cống thoát nước đầu xóm Đồng Tâm bị sập, xe máy đi qua rất nguy hiểm."),
		chromedp.Click(chromedp.CSS(`form[action="/phan-anh"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.ID("petition-number"))); err != nil {
		t.Fatal(err)
	}
	checkAxe(t, ctx, "petition: sent")
	noSideways("the receipt")
	number := strings.TrimSpace(text(t, ctx, "#petition-number"))
	if !numberRe.MatchString(number) {
		t.Fatalf("number %q", number)
	}

	// Staff take it through: accept, assign, answer.
	desk, leader, spec := f.client(auth.Desk), f.client(auth.Leader), f.client(auth.Specialist)
	for _, step := range []struct {
		c    *http.Client
		form url.Values
	}{
		{desk, url.Values{"action": {"accept"}}},
		{leader, url.Values{"action": {"assign"}, "handler": {f.userID("u-specialist")}}},
		{spec, url.Values{"action": {"answer"}, "answer_number": {"15/TB-UBND"}, "text": {"Ngày 04/3/2026 xã đã sửa cống và đặt biển cảnh báo."}}},
	} {
		if status, body := f.do(step.c, "POST", "/don-thu/"+number+"/xu-ly", step.form); status != http.StatusSeeOther {
			t.Fatalf("%s: %d %s", step.form.Get("action"), status, errorText(body))
		}
	}

	// The resident follows it by number and the phone's last four digits.
	visit("petition: track form", "/phan-anh/tra-cuu", "#f-number")
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("f-number"), strings.ToLower(number)),
		chromedp.SendKeys(chromedp.ID("f-digits"), "6789"),
		chromedp.Click(chromedp.CSS(`form[action="/phan-anh/tra-cuu"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.ID("track-answer"))); err != nil {
		t.Fatal(err)
	}
	checkAxe(t, ctx, "petition: tracked, answered")
	noSideways("the tracking result")
	if got := text(t, ctx, "#track-answer"); !strings.Contains(got, "sửa cống") {
		t.Fatalf("answer shown: %q", got)
	}

	// The public list finds it without diacritics, and shows no name or phone.
	visit("petition: the commune answers", "/xa-tra-loi?q=cong+thoat+nuoc", "h1")
	list := text(t, ctx, "main")
	if !strings.Contains(list, "Cống thoát nước") || strings.Contains(list, "Đinh Thị Lan") || strings.Contains(list, "0913") {
		t.Fatalf("public list:\n%s", list)
	}
	visit("petition: one public answer", "/xa-tra-loi/"+number, "#public-answer")
	noSideways("the public answer")
	if got := text(t, ctx, "main"); strings.Contains(got, "Đinh Thị Lan") || !strings.Contains(got, "sửa cống") {
		t.Fatalf("public answer:\n%s", got)
	}
	visit("reception: public schedule", "/lich-tiep-cong-dan", "h1")
	noSideways("/lich-tiep-cong-dan")

	// The budget found on the disclosure portal by typing without diacritics.
	budget := f.publishDisclosure()
	visit("disclosure: portal", "/cong-khai", "#f-q")
	noSideways("/cong-khai")
	// The list already shows the budget: take it off this page, so that the wait below finds
	// the result page's link and not this one's (axe would otherwise run mid-navigation).
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(document.querySelectorAll('main article').forEach(e => e.remove()), true)`)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("f-q"), "du toan ngan sach"),
		chromedp.Click(chromedp.CSS(`form[action="/cong-khai"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`a[href="/cong-khai/`+budget.ID+`"]`))); err != nil {
		t.Fatal(err)
	}
	checkAxe(t, ctx, "disclosure: search result")
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`a[href="/cong-khai/`+budget.ID+`"]`)),
		chromedp.WaitVisible(chromedp.ID("disclosure-body"))); err != nil {
		t.Fatal(err)
	}
	checkAxe(t, ctx, "disclosure: the budget")
	noSideways("the disclosure")
	// Subscribing to the budget's category: the page's feed link (what a feed reader is
	// given) is an Atom feed that lists the budget.
	kind, err := chromedp.Run(ctx, chromedp.Evaluate[string](`fetch(document.querySelector('a[type="application/atom+xml"][href="/cong-khai/tin.atom?muc=2"]').href)
		.then(r => r.text().then(body => r.headers.get('content-type') + ' ' + new DOMParser().parseFromString(body, 'application/xml').querySelector('feed > entry > title').textContent))`,
		chromedp.EvalAwaitPromise))
	if err != nil || !strings.HasPrefix(kind, "application/atom+xml") || !strings.HasSuffix(kind, " "+budget.Title) {
		t.Fatalf("the category's feed: %v %q", err, kind)
	}

	// An information request from the same phone: the receipt gives its number.
	visit("information request: form", "/thong-tin/yeu-cau", "#f-information")
	noSideways("/thong-tin/yeu-cau")
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("f-name"), "Đinh Thị Lan"),
		chromedp.SendKeys(chromedp.ID("f-address"), "Xóm Đồng Tâm"),
		chromedp.SendKeys(chromedp.ID("f-id_number"), "019190001234"),
		chromedp.SendKeys(chromedp.ID("f-email"), "lan@example.vn"),
		chromedp.SendKeys(chromedp.ID("f-information"), "Dự toán ngân sách xã năm 2026"),
		chromedp.Click(chromedp.CSS(`form[action="/thong-tin/yeu-cau"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.ID("request-number"))); err != nil {
		t.Fatal(err)
	}
	checkAxe(t, ctx, "information request: receipt")
	n := text(t, ctx, "#request-number")
	if !strings.HasPrefix(n, "TT-2026-") {
		t.Fatalf("request number %q", n)
	}
	// The desk finds it in the register with its deadline: 3 working days after Monday 2 March
	// (Law 104/2016 Art. 30), the close of Thursday 5 March.
	osSignIn(t, ctx, u, "u-desk")
	visit("information requests: the register", "/yeu-cau-thong-tin", "main table")
	row, err := chromedp.Run(ctx, chromedp.Evaluate[string](`[...document.querySelectorAll('main tbody tr')].map(r => r.textContent).find(t => t.includes('`+n+`')) || ''`))
	if err != nil || !strings.Contains(row, "05/03/2026") || !strings.Contains(row, "Đinh Thị Lan") {
		t.Fatalf("the register's row for %s: %v %q", n, err, row)
	}
	// The staff pages of the disclosure room, on the same phone.
	osSignIn(t, ctx, u, "u-leader")
	visit("disclosure: the register", "/quan-ly-cong-khai", "#disclosure-staff-total")
	noSideways("/quan-ly-cong-khai")
	visit("disclosure: new", "/quan-ly-cong-khai/moi", "#f-title")
	visit("disclosure: staff page", "/quan-ly-cong-khai/"+budget.ID, "#postings")
	visit("disclosure: compliance board", "/quan-ly-cong-khai/kiem-tra", "#board-summary")
	noSideways("/quan-ly-cong-khai/kiem-tra")
	visit("disclosure: quarterly list", "/quan-ly-cong-khai/danh-muc-quy?nam=2026&quy=1", "#quarter-list")
	visit("disclosure: report", "/quan-ly-cong-khai/bao-cao?nam=2026", "#report-categories")
	visit("disclosure: texts", "/quan-ly-cong-khai/"+budget.ID+"/van-ban", "#loudspeaker-script")
	visit("disclosure: categories", "/quan-ly-cong-khai/noi-dung", "#muc-1")

	// News and awareness work: the staff overview and forms, then the public news.
	f.seedCampaign()
	visit("campaign: overview", "/tuyen-truyen", "h1")
	noSideways("/tuyen-truyen")
	visit("campaign: new session", "/tuyen-truyen/hoi-nghi/moi", "form")
	visit("campaign: new article", "/tuyen-truyen/bai-viet/moi", "form")
	if err := chromedp.Do(ctx, osDropFlash, chromedp.Click(chromedp.CSS(`form[action="/dang-xuat"] button`)), chromedp.WaitVisible(chromedp.CSS("p.flash"))); err != nil {
		t.Fatalf("sign out: %v", err)
	}
	visit("news: list", "/tin-tuc", "h1")
	noSideways("/tin-tuc")
	article, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.querySelector('main a[href^="/tin-tuc/"]') || {}).getAttribute?.('href') || ''`))
	if err != nil || article == "" {
		t.Fatalf("no article on /tin-tuc: %v", err)
	}
	visit("news: article", article, "h1")
	noSideways(article)
}
