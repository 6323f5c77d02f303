package app_test

import (
	"strings"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"xaso/internal/auth"
	"xaso/internal/browsertest"
	"xaso/internal/db/dbtest"
)

// TestInvestmentBrowserVisitSurvivesACutLink: a board member fills a site visit on a phone
// (390 × 844); the network is cut in the middle of the form and the member types on; sending
// fails and the page says so in Vietnamese, with everything typed still in place; with the
// network back the page is reloaded, the typed text comes back from the phone's storage, and
// sending it reaches the board (the Front reads it); the phone's copy is then gone. axe-core
// checks the form and the visit; neither scrolls sideways.
func TestInvestmentBrowserVisitSurvivesACutLink(t *testing.T) {
	ctx := browsertest.Start(t, 390, 844)
	f, _ := newClockFixture(t, dbtest.SQLite(t), vnAt(2026, 12, 7, 9, 0))
	project := f.investmentProject(t, f.client(auth.Leader), f.client(auth.Front), "01/03/2027")
	pid := project[strings.LastIndex(project, "/")+1:]
	u := f.srv.URL
	form := u + project + "/giam-sat/moi"
	key := "xaso-giam-sat:" + pid + ":moi"

	value := func(id string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById(`+jsString(id)+`).value`))
		if err != nil {
			t.Fatalf("value of %s: %v", id, err)
		}
		return v
	}
	checked := func(sel string) bool {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`!!(document.querySelector(`+jsString(sel)+`) || {}).checked`))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	stored := func() bool {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`localStorage.getItem(`+jsString(key)+`) !== null`))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	noSideways := func(name string) {
		t.Helper()
		overflow, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`))
		if err != nil || overflow {
			t.Errorf("%s scrolls sideways at 390 px (%v)", name, err)
		}
	}
	offline := func(off bool) {
		t.Helper()
		var rules []*network.Conditions
		if off {
			rules = []*network.Conditions{{Offline: true, DownloadThroughput: -1, UploadThroughput: -1}}
		}
		if _, err := chromedp.Call(ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{MatchedNetworkConditions: rules}); err != nil {
			t.Fatalf("network offline=%v: %v", off, err)
		}
	}
	materials := `input[name="check_materials"][value="problem"]`

	osSignIn(t, ctx, u, "u-investmentwatch")
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(form), chromedp.WaitVisible(chromedp.ID("visit-form")),
		chromedp.SendKeys(chromedp.ID("f-place"), "Đoạn đầu xóm Đồng Tâm"),
		chromedp.Click(chromedp.CSS(materials)),
		chromedp.SendKeys(chromedp.ID("f-note_materials"), "Đá dăm không đúng chủng loại")); err != nil {
		t.Fatal(err)
	}
	checkAxe(t, ctx, "the visit form")
	noSideways("the visit form")

	// The link drops; the member goes on typing and sends.
	offline(true)
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("f-findings"), "Vật tư không đúng hồ sơ thiết kế, đề nghị thay"),
		chromedp.Click(chromedp.CSS(`button[name="action"][value="submit"]`)),
		chromedp.WaitVisible(chromedp.ID("draft-status"))); err != nil {
		t.Fatal(err)
	}
	// The status reads "Đang gửi…" until the failed send is known.
	if got := textOnceContains(t, ctx, "#draft-status", "Mất kết nối mạng"); !strings.Contains(got, "Mất kết nối mạng") || !strings.Contains(got, "vẫn được giữ") {
		t.Fatalf("the failed send says %q", got)
	}
	if value("f-findings") != "Vật tư không đúng hồ sơ thiết kế, đề nghị thay" || value("f-place") != "Đoạn đầu xóm Đồng Tâm" || !checked(materials) {
		t.Fatal("the form lost what was typed when sending failed")
	}
	if !stored() {
		t.Fatal("nothing kept in the phone's storage")
	}
	if n := f.invCount(`SELECT COUNT(*) FROM investment_visits WHERE commune_id = $1`, f.commune.ID); n != 0 {
		t.Fatalf("%d visits reached the server while offline", n)
	}

	// The link is back; the page is reloaded: what was typed comes back.
	offline(false)
	if err := chromedp.Do(ctx, chromedp.Navigate(form), chromedp.WaitVisible(chromedp.ID("draft-status"))); err != nil {
		t.Fatal(err)
	}
	if got := textOnceContains(t, ctx, "#draft-status", "Đã khôi phục"); !strings.Contains(got, "Đã khôi phục") {
		t.Errorf("the reloaded page says %q", got)
	}
	if value("f-findings") != "Vật tư không đúng hồ sơ thiết kế, đề nghị thay" || value("f-note_materials") != "Đá dăm không đúng chủng loại" || !checked(materials) {
		t.Fatalf("not restored: findings %q, note %q", value("f-findings"), value("f-note_materials"))
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`button[name="action"][value="submit"]`)), chromedp.WaitVisible(chromedp.ID("visit-findings"))); err != nil {
		t.Fatalf("send again: %v", err)
	}
	if got := text(t, ctx, "#visit-findings"); !strings.Contains(got, "Vật tư không đúng hồ sơ thiết kế, đề nghị thay") {
		t.Errorf("the visit shows %q", got)
	}
	if got := text(t, ctx, "p.flash"); !strings.Contains(got, "Đã gửi kết quả giám sát cho Ban.") {
		t.Errorf("flash %q", got)
	}
	if stored() {
		t.Error("the phone kept its copy after the board got the visit")
	}
	checkAxe(t, ctx, "the visit")
	noSideways("the visit")
	var place, findings, status string
	if err := f.d.QueryRow(t.Context(), `SELECT place, findings, status FROM investment_visits WHERE commune_id = $1`, f.commune.ID).Scan(&place, &findings, &status); err != nil {
		t.Fatal(err)
	}
	if place != "Đoạn đầu xóm Đồng Tâm" || status != "submitted" || !strings.HasPrefix(findings, "Vật tư không đúng") {
		t.Fatalf("the board got %q %q %q", place, findings, status)
	}
	// The Front reads it.
	checkPage(f, f.client(auth.Front), "GET", project, nil, 200, "Đoạn đầu xóm Đồng Tâm", "Đã gửi")
}

// jsString quotes s for a JavaScript expression.
func jsString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}
