package app_test

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"xaso/internal/browsertest"
	"xaso/internal/db/dbtest"
	"xaso/internal/fold"
)

// TestDemocracyBrowserDoorListOnAPhone: at the door of the meeting, on a phone (390 × 844) and
// with JavaScript off (the door list is plain forms), the hamlet head finds a household by its
// number and the head's name typed without diacritics, checks it in as represented by a proxy,
// sees the count of households present go up and the household marked present, checks in a
// second one and undoes the first. axe-core then checks the door list, the notice list, the
// meeting and a decision page, and, signed out, the public meetings and a public result; none
// scrolls sideways.
func TestDemocracyBrowserDoorListOnAPhone(t *testing.T) {
	ctx := browsertest.Start(t, 390, 844)
	f, clk := newClockFixture(t, dbtest.SQLite(t), vnAt(2026, 12, 7, 8, 0))
	demo := f.seedDemocracy()
	bg := context.Background()
	hamlets, err := f.a.Democracy.Hamlets(bg, f.commune.ID)
	if err != nil || len(hamlets) == 0 {
		t.Fatalf("hamlets: %v %v", hamlets, err)
	}
	own := hamlets[0]
	if demo.Upcoming.HamletID != own.ID {
		t.Fatalf("the demo's meeting is not in the first hamlet")
	}
	if _, err := f.d.Exec(bg, `UPDATE hamlets SET head_user_id = $3 WHERE commune_id = $1 AND id = $2`, f.commune.ID, own.ID, f.userID("u-hamlethead")); err != nil {
		t.Fatal(err)
	}
	type household struct{ id, code, head string }
	var homes []household
	rows, err := f.d.Query(bg, `SELECT id, code, head_name FROM households WHERE commune_id = $1 AND hamlet_id = $2 ORDER BY code`, f.commune.ID, own.ID)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var h household
		if err := rows.Scan(&h.id, &h.code, &h.head); err != nil {
			t.Fatal(err)
		}
		homes = append(homes, h)
	}
	rows.Close()
	if len(homes) < 4 || len(homes) != own.Households {
		t.Fatalf("%d households in %s (%d counted)", len(homes), own.Name, own.Households)
	}
	a, b := homes[1], homes[len(homes)-1]
	total := "/" + strconv.Itoa(own.Households)
	clk.set(vnAt(2026, 12, 10, 19, 35)) // the meeting began at 19:30
	u := f.srv.URL
	door := demo.Upcoming.URL() + "/diem-danh"

	visit := func(name, path, wait string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Navigate(u+path), chromedp.WaitVisible(chromedp.CSS(wait))); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	// submit clicks a button that sends a form and waits for the page it leads to (after the
	// redirect), so that nothing below reads the page it left.
	submit := func(name string, steps ...chromedp.Action[chromedp.Void]) (location string) {
		t.Helper()
		resp, err := chromedp.RunResponse(ctx, steps...)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if resp.Status != 200 {
			t.Fatalf("%s: status %d", name, resp.Status)
		}
		return resp.URL
	}
	// count is how many elements match sel (JavaScript being off, by the DOM alone).
	count := func(sel string) int {
		t.Helper()
		ids, err := chromedp.Run(ctx, chromedp.QueryNodeIDs(chromedp.CSS(sel), chromedp.AtLeast(0)))
		if err != nil {
			t.Fatalf("count %s: %v", sel, err)
		}
		return len(ids)
	}
	present := func(name, want string) {
		t.Helper()
		if got := strings.TrimSpace(text(t, ctx, "#democracy-present strong")); got != want {
			t.Errorf("%s: %q households present, want %q", name, got, want)
		}
	}
	flash := func(name, want string) {
		t.Helper()
		if got := text(t, ctx, "p.flash"); !strings.Contains(got, want) {
			t.Errorf("%s: flash %q, want %q", name, got, want)
		}
	}
	noSideways := func(name string) {
		t.Helper()
		overflow, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`))
		if err != nil || overflow {
			t.Errorf("%s scrolls sideways at 390 px (%v)", name, err)
		}
	}
	// search opens the door list, types the words into its search box and sends them.
	search := func(words string) {
		t.Helper()
		visit("the door list", door, "#f-q")
		if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("f-q"), words)); err != nil {
			t.Fatal(err)
		}
		submit("search "+words, chromedp.Click(chromedp.CSS(`form[role="search"] button[type="submit"]`)))
		if got := text(t, ctx, "#democracy-total"); !strings.Contains(got, "Có 1 hộ.") {
			t.Fatalf("search %q: %q", words, got)
		}
	}

	osSignIn(t, ctx, u, "u-hamlethead")
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	visit("the door list", door, "#democracy-door")
	present("before anyone came", "0"+total)

	// The household's number and its head's name, without diacritics.
	search(a.code + " " + fold.String(a.head))
	card := `#democracy-door li:has(input[name="household"][value="` + a.id + `"])`
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("rep-"+a.id), "Nông Văn Bình"),
		chromedp.Click(chromedp.CSS(card+` input[name="proxy"]`))); err != nil {
		t.Fatal(err)
	}
	loc := submit("check in "+a.code, chromedp.Click(chromedp.CSS(card+` form[action$="/diem-danh"] button[type="submit"]`)))
	flash("check in", "Đã điểm danh.")
	present("one household checked in", "1"+total)
	if got := text(t, ctx, card); !strings.Contains(got, "Có mặt: Nông Văn Bình (ủy quyền)") {
		t.Errorf("the household checked in shows %q", got)
	}
	if n := count(`#democracy-door li.card.done`); n != 1 || count(card+`.done`) != 1 {
		t.Errorf("%d households marked present", n)
	}
	// The list came back with its search.
	if !strings.Contains(loc, door+"?q="+url.QueryEscape(a.code)) {
		t.Errorf("back at %q", loc)
	}

	// A second household, whose head comes in person.
	search(b.code)
	submit("check in "+b.code, chromedp.Click(chromedp.CSS(`#democracy-door form[action$="/diem-danh"] button[type="submit"]`)))
	present("two households checked in", "2"+total)
	if got := text(t, ctx, "#democracy-door"); !strings.Contains(got, "Có mặt: "+b.head) || strings.Contains(got, "ủy quyền") {
		t.Errorf("the head came in person: %q", got)
	}

	// The first check-in was a mistake: undone, the household has its check-in form again.
	search(a.code)
	submit("undo "+a.code, chromedp.Click(chromedp.CSS(`#democracy-door form[action$="/diem-danh/bo"] button[type="submit"]`)))
	flash("undo", "Đã bỏ điểm danh.")
	present("one check-in undone", "1"+total)
	if n := count(`#rep-` + a.id); n != 1 || count(card+`.done`) != 0 {
		t.Errorf("the household undone has %d check-in forms", n)
	}
	reach, err := f.a.Democracy.Reach(bg, f.commune.ID, demo.Upcoming)
	if err != nil || reach.Present != 1 || reach.Proxies != 0 {
		t.Fatalf("stored: %d present, %d by proxy (%v)", reach.Present, reach.Proxies, err)
	}

	// The staff pages, with scripts back for axe-core.
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: false}); err != nil {
		t.Fatal(err)
	}
	for _, p := range []struct{ name, path, wait string }{
		{"democracy: door list", door, "#democracy-door"},
		{"democracy: door list, one present", door + "?q=" + url.QueryEscape(b.code), "#democracy-door li.done"},
		{"democracy: door list, not present", door + "?chua=1", "#democracy-door"},
		{"democracy: notice list", demo.Upcoming.URL() + "/thong-bao", "#democracy-informed"},
		{"democracy: meeting", demo.Upcoming.URL(), "#democracy-present"},
		{"democracy: decision", demo.Recognised.URL(), "#democracy-arith"},
		{"democracy: household-ballot decision", demo.Fallback.URL(), "#democracy-ballot-counts"},
	} {
		visit(p.name, p.path, p.wait)
		checkAxe(t, ctx, p.name)
		noSideways(p.name)
	}

	// Signed out, the public pages.
	if err := chromedp.Do(ctx, osDropFlash, chromedp.Click(chromedp.CSS(`form[action="/dang-xuat"] button`)), chromedp.WaitVisible(chromedp.CSS("p.flash"))); err != nil {
		t.Fatalf("sign out: %v", err)
	}
	for _, p := range []struct{ name, path, wait string }{
		{"democracy: public meetings", "/hop-thon", "#democracy-results"},
		{"democracy: public meeting", demo.Upcoming.PublicURL(), "h1"},
		{"democracy: public result", demo.Recognised.PublicURL(), "#democracy-verdict"},
	} {
		visit(p.name, p.path, p.wait)
		checkAxe(t, ctx, p.name)
		noSideways(p.name)
	}
	if got := text(t, ctx, "#democracy-arith"); !strings.Contains(got, "trên tổng số") {
		t.Errorf("the public result without its arithmetic: %q", got)
	}
	if got := text(t, ctx, "main"); strings.Contains(got, a.head) || strings.Contains(got, b.head) {
		t.Errorf("the public result names a household: %q", got)
	}
}
