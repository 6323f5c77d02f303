package app_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"xaso/internal/auth"
	"xaso/internal/db"
	"xaso/internal/db/dbtest"
)

// investmentProject registers a project through the pages as the leader, and has the Front set
// up its board with five members, the board's account (u-investmentwatch) among them; it
// returns the project's page.
func (f *fixture) investmentProject(t *testing.T, lead, front *http.Client, supervisionFrom string) string {
	t.Helper()
	hamlets, err := f.a.Democracy.Hamlets(t.Context(), f.commune.ID)
	if err != nil || len(hamlets) == 0 {
		t.Fatalf("hamlets: %v", err)
	}
	st, loc, body := f.post(lead, "/du-an/moi", url.Values{"kind": {"residents"}, "name": {"Bê tông hóa đường liên xóm"}, "investor": {"UBND xã Bình Yên"},
		"status": {"building"}, "progress": {"20"}, "start_on": {"01/12/2026"}, "hamlets": {hamlets[0].ID}})
	if st != http.StatusSeeOther {
		t.Fatalf("project: %d %s", st, errorText(body))
	}
	project := loc
	if st, _, body := f.post(lead, project+"/nguon", url.Values{"source": {"Nhân dân đóng góp"}, "amount": {"250.000.000"}, "residents": {"1"}}); st != http.StatusSeeOther {
		t.Fatalf("source: %d %s", st, errorText(body))
	}
	if st, _, body := f.post(front, project+"/ban", url.Values{"set_up_on": {"07/12/2026"}, "supervision_from": {supervisionFrom}}); st != http.StatusSeeOther {
		t.Fatalf("board: %d %s", st, errorText(body))
	}
	for _, m := range [][4]string{{"Hà Thị Mai", "front", "head", ""}, {"Lò Văn Sáng", "inspection", "deputy", "u-investmentwatch"},
		{"Nông Văn Bình", "resident", "member", ""}, {"Hoàng Thị Lan", "resident", "member", ""}, {"Ma Văn Tư", "resident", "member", ""}} {
		if st, _, body := f.post(front, project+"/ban/thanh-vien", url.Values{"member_name": {m[0]}, "origin": {m[1]}, "position": {m[2]},
			"hamlet": {hamlets[0].ID}, "username": {m[3]}, "declared": {"1"}}); st != http.StatusSeeOther {
			t.Fatalf("member %s: %d %s", m[0], st, errorText(body))
		}
	}
	return project
}

// The room wired into the application: the registry and the board through the real shell, the
// home card's coverage, the Front's 45-day duty on "Việc đến hạn", a site visit and a request to
// suspend by the board's member; the committee's answer and the investor's report on the
// shared recommendation pages; the answer shown on the project's public page, and a second
// recommendation left unanswered shown overdue in public after 15 days.
func TestInvestmentThroughApp(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f, clk := newClockFixture(t, d, vnAt(2026, 12, 7, 9, 0))
		anon, lead, front, watch := f.client(""), f.client(auth.Leader), f.client(auth.Front), f.client(auth.InvestmentWatch)
		if st, _ := f.do(anon, "GET", "/du-an", nil); st == http.StatusOK {
			t.Fatal("/du-an is public")
		}
		checkPage(f, lead, "GET", "/", nil, 200, "0/0 dự án cần giám sát")
		project := f.investmentProject(t, lead, front, "15/01/2027")
		pid := project[strings.LastIndex(project, "/")+1:]
		checkPage(f, lead, "GET", "/du-an", nil, 200, "1/1 dự án cần giám sát đã có Ban", "250.000.000")
		checkPage(f, front, "GET", "/viec-den-han", nil, 200, "Thông báo kế hoạch giám sát, thành phần Ban")

		// A visit submitted at once, a photo-less one, by the board's member.
		st, loc, body := f.post(watch, project+"/giam-sat/moi", url.Values{"visited_on": {"07/12/2026"}, "place": {"Đầu xóm"},
			"check_materials": {"problem"}, "findings": {"Đá dăm không đúng chủng loại"}, "action": {"submit"}})
		if st != http.StatusSeeOther {
			t.Fatalf("visit: %d %s", st, errorText(body))
		}
		checkPage(f, front, "GET", strings.TrimSuffix(loc, "?da-luu=1"), nil, 200, "Đá dăm không đúng chủng loại")

		rec := url.Values{"rec_title": {"Thay vật tư đúng thiết kế"}, "rec_text": {"Đề nghị tạm dừng rải đá cho đến khi thay đúng chủng loại."},
			"rec_to": {"investor"}, "rec_sent_on": {"07/12/2026"}, "rec_suspend": {"1"}}
		st, first, body := f.post(watch, project+"/kien-nghi", rec)
		if st != http.StatusSeeOther || !strings.HasPrefix(first, "/kien-nghi/") {
			t.Fatalf("recommend: %d %s %s", st, first, errorText(body))
		}
		rec.Set("rec_title", "Công khai dự toán")
		rec.Set("rec_to", "committee")
		rec.Del("rec_suspend")
		if st, _, body := f.post(watch, project+"/kien-nghi", rec); st != http.StatusSeeOther {
			t.Fatalf("second recommendation: %d %s", st, errorText(body))
		}
		// The investor answers and reports what it did (typed in by the board), on the lead's pages.
		clk.set(vnAt(2026, 12, 10, 9, 0))
		if st, _, body := f.post(watch, first+"/tra-loi", url.Values{"on": {"10/12/2026"}, "text": {"Đã dừng rải đá, thay vật tư."}}); st != http.StatusSeeOther {
			t.Fatalf("answer: %d %s", st, errorText(body))
		}
		if st, _, body := f.post(watch, first+"/thuc-hien", url.Values{"on": {"10/12/2026"}, "text": {"Đã thay toàn bộ đá dăm."}}); st != http.StatusSeeOther {
			t.Fatalf("acted: %d %s", st, errorText(body))
		}
		// 23 December: the committee's answer is overdue (due 22 December), in public.
		clk.set(vnAt(2026, 12, 23, 9, 0))
		checkPage(f, anon, "GET", "/giam-sat-dau-tu/"+pid, nil, 200, "Bê tông hóa đường liên xóm", "Lò Văn Sáng: Phó Trưởng ban",
			"Đá dăm không đúng chủng loại", "Đã trả lời ngày", "Đã thay toàn bộ đá dăm.", "trễ 1 ngày")
		checkPage(f, anon, "GET", "/kien-nghi-giam-sat", nil, 200, "Công khai dự toán", "Quá hạn trả lời 1 ngày")
		checkPage(f, anon, "GET", "/giam-sat-dau-tu", nil, 200, "Bê tông hóa đường liên xóm")
		if st, ct, pdf := f.getBytes(front, project+"/ban/bao-cao.pdf?ky=quy&nam=2026&so=4"); st != 200 || ct != "application/pdf" || !strings.HasPrefix(string(pdf), "%PDF") {
			t.Fatalf("report: %d %s", st, ct)
		}
	})
}

// invCount runs a COUNT query.
func (f *fixture) invCount(q string, args ...any) int {
	f.t.Helper()
	var n int
	if err := f.d.QueryRow(f.t.Context(), q, args...).Scan(&n); err != nil {
		f.t.Fatal(err)
	}
	return n
}
