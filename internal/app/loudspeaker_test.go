package app_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"xaso/internal/audit"
	"xaso/internal/auth"
	"xaso/internal/browsertest"
	"xaso/internal/calendar"
	"xaso/internal/db"
	"xaso/internal/db/dbtest"
	"xaso/internal/democracy"
	"xaso/internal/disclosure"
)

// loudScriptRe is the script the announcer reads on a loudspeaker page.
var loudScriptRe = regexp.MustCompile(`(?s)<div class="card text-body" id="loud-script"[^>]*>(.*?)</div>`)

// loudScript is the text of the script on a loudspeaker page, or "" when the page has none.
func loudScript(body string) string {
	m := loudScriptRe.FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return html.UnescapeString(tagRe.ReplaceAllString(m[1], "\n"))
}

// requireLoudspeakerRoutes fails when the app does not mount the loudspeaker pages (app.go
// calls disclosure.MountLoudspeaker and democracy.MountLoudspeaker after the rooms' Mount).
func requireLoudspeakerRoutes(t *testing.T, f *fixture) {
	t.Helper()
	var patterns []string
	for _, r := range f.a.Web.Routes() {
		patterns = append(patterns, r.Pattern)
	}
	for _, want := range []string{"GET /quan-ly-cong-khai/{id}/doc-loa", "GET /quan-ly-cong-khai/{id}/doc-loa.txt", "GET /quan-ly-cong-khai/{id}/doc-loa.pdf",
		"GET /dan-chu/hop/{id}/doc-loa", "GET /dan-chu/hop/{id}/doc-loa.txt", "GET /dan-chu/hop/{id}/doc-loa.pdf"} {
		if !slices.Contains(patterns, want) {
			t.Fatalf("%s is not mounted: app.go must call disclosure.MountLoudspeaker and democracy.MountLoudspeaker", want)
		}
	}
}

func hasAnyDigit(s string) bool { return strings.IndexFunc(s, unicode.IsNumber) >= 0 }

// A subsidy list (item 7) with an amount and a date, written and published through the staff
// pages: its loudspeaker script reads the amount and the date in words and holds no digit;
// the page suggests the 3 consecutive days and lists the day read once it is recorded; the
// plain-text file and the PDF carry the same words. A meeting's notice, planned by the hamlet
// head, reads the day of the week, the date and the time in words, with the hamlet head's
// name; another hamlet's head, the Front and the desk cannot open it.
func TestLoudspeakerScriptsThroughPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f, _ := newClockFixture(t, d, vnAt(2026, 12, 7, 8, 0))
		requireLoudspeakerRoutes(t, f)
		leader, desk, admin, front, hh, anon := f.client(auth.Leader), f.client(auth.Desk), f.client(auth.Admin), f.client(auth.Front), f.client(auth.HamletHead), f.client("")

		form := url.Values{"category": {"7"}, "title": {"Danh sách hộ được hỗ trợ tiền điện quý IV năm 2026"},
			"summary": {"Mức hỗ trợ 1.500.000 đồng/hộ. Chi trả từ ngày 15/12/2026 tại nhà văn hóa các xóm."}, "decision_date": {"2026-12-04"}}
		st, loc, body := f.post(leader, "/quan-ly-cong-khai/moi", form)
		if st != http.StatusSeeOther {
			t.Fatalf("create: %d %s", st, errorText(body))
		}
		if st, _, body := f.post(leader, loc+"/cong-bo", url.Values{"published_on": {"07/12/2026"}}); st != http.StatusSeeOther {
			t.Fatalf("publish: %d %s", st, errorText(body))
		}
		loud := loc + "/doc-loa"
		checkPage(f, leader, "GET", loc, nil, 200, `href="`+loud+`"`)
		if _, body := f.do(admin, "GET", loc, nil); strings.Contains(body, loud) {
			t.Error("the staff page links the script for the administrator, who may not open it")
		}
		body = checkPage(f, desk, "GET", loud, nil, 200, "Bản đọc trên loa truyền thanh", "Đề nghị đọc vào các ngày: 07/12/2026, 08/12/2026, 09/12/2026",
			`href="`+loud+`.txt"`, `href="`+loud+`.pdf"`)
		script := loudScript(body)
		for _, want := range []string{"Sau đây là thông báo của Ủy ban nhân dân xã " + f.commune.Name + ".", "một triệu năm trăm nghìn đồng mỗi hộ",
			"ngày mười lăm tháng mười hai năm hai nghìn không trăm hai mươi sáu", "quý IV năm hai nghìn không trăm hai mươi sáu",
			"Văn bản được ban hành ngày bốn tháng mười hai năm hai nghìn không trăm hai mươi sáu.", "Trang thông tin điện tử của xã"} {
			if !strings.Contains(script, want) {
				t.Errorf("the script lacks %q:\n%s", want, script)
			}
		}
		if script == "" || hasAnyDigit(script) {
			t.Errorf("a digit in the script (or no script):\n%s", script)
		}

		// Read once on the commune's system today, recorded on the staff page.
		if st, _, body := f.post(leader, loc+"/niem-yet", url.Values{"channel": {"loudspeaker"}, "put_up": {"2026-12-07"}, "taken_down": {"2026-12-07"}}); st != http.StatusSeeOther {
			t.Fatalf("record a reading: %d %s", st, errorText(body))
		}
		body = checkPage(f, leader, "GET", loud, nil, 200, `id="loud-runs"`, "07/12/2026", "Chưa đủ")
		if !strings.Contains(body, `href="`+loc+`#postings"`) {
			t.Error("no way to record a reading")
		}

		st, ctype, raw := f.getBytes(desk, loud+".txt")
		text := string(raw)
		if st != 200 || ctype != "text/plain; charset=utf-8" || !strings.HasPrefix(text, "\ufeffKính thưa") || !strings.Contains(text, "một triệu năm trăm nghìn đồng") ||
			!strings.Contains(text, "\r\n\r\n") || hasAnyDigit(text) {
			t.Errorf("the text file: %d %s %q", st, ctype, text)
		}
		st, ctype, raw = f.getBytes(leader, loud+".pdf")
		if st != 200 || ctype != "application/pdf" {
			t.Fatalf("the PDF: %d %s", st, ctype)
		}
		if pdf := osPDFText(t, raw); !strings.Contains(pdf, "BẢN ĐỌC TRÊN LOA TRUYỀN THANH") || !strings.Contains(pdf, "một triệu năm trăm nghìn đồng") || !strings.Contains(pdf, "Người đọc") {
			t.Errorf("the PDF text: %s", pdf)
		}
		for _, c := range []*http.Client{front, hh, admin} {
			if st, _ := f.do(c, "GET", loud, nil); st != http.StatusForbidden {
				t.Errorf("a role outside the disclosure staff opened the script: %d", st)
			}
		}
		if st, _ := f.do(anon, "GET", loud+".txt", nil); st == http.StatusOK {
			t.Error("the script is public")
		}
		if st, _ := f.do(leader, "GET", "/quan-ly-cong-khai/khong-co/doc-loa", nil); st != http.StatusNotFound {
			t.Errorf("an unknown disclosure: %d", st)
		}

		// The meeting notice.
		ctx := context.Background()
		hamlets, err := f.a.Democracy.Hamlets(ctx, f.commune.ID)
		if err != nil || len(hamlets) < 2 {
			t.Fatalf("hamlets: %v %v", hamlets, err)
		}
		own, other := hamlets[0], hamlets[1]
		if _, err := d.Exec(ctx, `UPDATE hamlets SET head_user_id = $3 WHERE commune_id = $1 AND id = $2`, f.commune.ID, own.ID, f.userID("u-hamlethead")); err != nil {
			t.Fatal(err)
		}
		mform := url.Values{"kind": {"decision"}, "title": {"Họp xóm bàn làm đường bê tông"}, "hamlet": {own.ID}, "place": {"Nhà văn hóa " + own.Name},
			"day": {"10/12/2026"}, "time": {"19:30"}, "agenda": {"Mức đóng góp 200.000 đồng/hộ\nBầu tổ giám sát 5 người"}}
		st, meeting, body := f.post(hh, "/dan-chu/hop/moi", mform)
		if st != http.StatusSeeOther {
			t.Fatalf("plan: %d %s", st, errorText(body))
		}
		mloud := meeting + "/doc-loa"
		checkPage(f, hh, "GET", meeting, nil, 200, `href="`+mloud+`"`)
		body = checkPage(f, hh, "GET", mloud, nil, 200, "Thông báo họp đọc trên loa truyền thanh", "chậm nhất ngày 08/12/2026", `href="`+meeting+`/thong-bao"`)
		script = loudScript(body)
		for _, want := range []string{"Kính thưa bà con nhân dân", "thứ Năm, ngày mười tháng mười hai năm hai nghìn không trăm hai mươi sáu",
			"mười chín giờ ba mươi phút", own.HeadName, "mỗi hộ gia đình cử một người đại diện dự họp", "Thứ nhất: Mức đóng góp hai trăm nghìn đồng mỗi hộ."} {
			if !strings.Contains(script, want) {
				t.Errorf("the meeting script lacks %q:\n%s", want, script)
			}
		}
		if own.HeadName == "" || script == "" || hasAnyDigit(script) {
			t.Errorf("the meeting script (head %q):\n%s", own.HeadName, script)
		}
		st, ctype, raw = f.getBytes(leader, mloud+".txt")
		if st != 200 || ctype != "text/plain; charset=utf-8" || !strings.Contains(string(raw), "thứ Năm, ngày mười tháng mười hai") {
			t.Errorf("the meeting text file: %d %s", st, ctype)
		}
		st, ctype, raw = f.getBytes(hh, mloud+".pdf")
		if st != 200 || ctype != "application/pdf" || !strings.Contains(osPDFText(t, raw), "mười chín giờ ba mươi phút") {
			t.Errorf("the meeting PDF: %d %s", st, ctype)
		}
		for _, c := range []*http.Client{front, desk} {
			if st, _ := f.do(c, "GET", mloud, nil); st != http.StatusForbidden {
				t.Errorf("a role that does not manage meetings opened the notice script: %d", st)
			}
		}
		oform := url.Values{"kind": {"decision"}, "title": {"Họp xóm khác"}, "hamlet": {other.ID}, "place": {"Nhà văn hóa"},
			"day": {"11/12/2026"}, "time": {"08:00"}, "agenda": {"Làm đường"}}
		_, otherMeeting, _ := f.post(leader, "/dan-chu/hop/moi", oform)
		if st, _ := f.do(hh, "GET", otherMeeting+"/doc-loa", nil); st != http.StatusForbidden {
			t.Errorf("a hamlet head read another hamlet's notice script: %d", st)
		}
		checkPage(f, leader, "GET", otherMeeting+"/doc-loa", nil, 200, "tám giờ, thứ Sáu, ngày mười một tháng mười hai")

		// Another commune's disclosure is not found from this commune.
		oc := f.otherCommune(t)
		by := audit.Actor{ID: "u-other", Name: "Cán bộ xã khác"}
		od, err := f.a.Disclosure.Create(ctx, oc.ID, by, disclosure.Input{CategoryNo: 7, Title: "Danh sách của xã khác", Summary: "Không phải của xã này."})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range []string{"", ".txt", ".pdf"} {
			if st, _ := f.do(leader, "GET", disclosure.StaffURL(od.ID)+"/doc-loa"+p, nil); st != http.StatusNotFound {
				t.Errorf("another commune's disclosure%s: %d", p, st)
			}
		}
	})
}

// The two loudspeaker pages on a phone (390 px): axe-core finds no WCAG 2.1 AA violation, no
// page scrolls sideways, and printed (print media) the script shows while the menus and the
// buttons do not.
func TestLoudspeakerBrowserPages(t *testing.T) {
	ctx := browsertest.Start(t, 390, 844)
	f, _ := newClockFixture(t, dbtest.SQLite(t), vnAt(2026, 12, 7, 8, 0))
	requireLoudspeakerRoutes(t, f)
	bg := context.Background()
	by := audit.Actor{ID: f.userID("u-leader"), Name: "Người thử leader"}
	dd, err := f.a.Disclosure.Create(bg, f.commune.ID, by, disclosure.Input{CategoryNo: 8, Title: "Kế hoạch làm đường liên xóm",
		Summary: "Tổng mức đầu tư 2.500.000.000 đồng, khởi công ngày 20/12/2026."})
	if err != nil {
		t.Fatal(err)
	}
	if dd, err = f.a.Disclosure.Publish(bg, f.commune.ID, by, dd.ID, calendar.Date{}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.a.Disclosure.AddPosting(bg, f.commune.ID, by, dd.ID, disclosure.PostingInput{Channel: disclosure.Loudspeaker, PutUp: calendar.NewDate(2026, 12, 7)}); err != nil {
		t.Fatal(err)
	}
	hamlets, err := f.a.Democracy.Hamlets(bg, f.commune.ID)
	if err != nil || len(hamlets) == 0 {
		t.Fatalf("hamlets: %v", err)
	}
	m, err := f.a.Democracy.PlanMeeting(bg, f.commune.ID, by, democracy.Scope{}, democracy.MeetingInput{Kind: democracy.DecisionMeeting,
		Title: "Họp xóm bàn hương ước", HamletID: hamlets[0].ID, Place: "Nhà văn hóa", Day: "10/12/2026", Time: "19:30", Agenda: "Sửa đổi hương ước"})
	if err != nil {
		t.Fatal(err)
	}
	osSignIn(t, ctx, f.srv.URL, "u-leader")
	for _, p := range []struct{ name, path string }{
		{"disclosure: loudspeaker script", disclosure.StaffURL(dd.ID) + "/doc-loa"},
		{"democracy: loudspeaker notice", m.URL() + "/doc-loa"},
	} {
		if err := chromedp.Do(ctx, chromedp.Navigate(f.srv.URL+p.path), chromedp.WaitVisible(chromedp.ID("loud-script"))); err != nil {
			t.Fatalf("%s: %v", p.name, err)
		}
		checkAxe(t, ctx, p.name)
		overflow, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`))
		if err != nil || overflow {
			t.Errorf("%s scrolls sideways at 390 px (%v)", p.name, err)
		}
		if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
			t.Fatal(err)
		}
		shown, err := chromedp.Run(ctx, chromedp.Evaluate[[]bool](`['#loud-script', 'nav.nav', 'p.actions'].map(s => { const e = document.querySelector(s); return !!e && e.offsetParent !== null })`))
		if err != nil || !slices.Equal(shown, []bool{true, false, false}) {
			t.Errorf("%s printed: script, menu, buttons shown = %v (%v)", p.name, shown, err)
		}
		if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: ""}); err != nil {
			t.Fatal(err)
		}
	}
}
