package app_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"xaso/internal/audit"
	"xaso/internal/auth"
	"xaso/internal/calendar"
	"xaso/internal/db"
	"xaso/internal/db/dbtest"
)

// seedConsult fills the consultations room with its demo (a draft, one taking opinions, one
// closed with its result published), so that a walk of the site reaches every one of its pages.
func (f *fixture) seedConsult() {
	f.t.Helper()
	by := audit.Actor{ID: f.userID("u-leader"), Name: "Người thử leader"}
	if err := f.a.Consult.SeedDemo(context.Background(), f.commune.ID, by); err != nil {
		f.t.Fatal(err)
	}
}

// A resident comments on a consultation on the public page; the specialist sees the opinion,
// groups and answers it; once the period is over the chairman closes it (refused first
// against the majority without explanation); the public page shows the answers and a
// disclosure of category 11 is on /cong-khai. The Front reads, the public never reaches
// the staff pages.
func TestConsultThroughPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		hamlets, err := f.a.Consult.Hamlets(ctx, f.commune.ID)
		if err != nil || len(hamlets) < 2 {
			t.Fatalf("demo hamlets: %d %v", len(hamlets), err)
		}
		anon, leader, specialist, front := f.client(""), f.client(auth.Leader), f.client(auth.Specialist), f.client(auth.Front)
		for _, path := range []string{"/lay-y-kien", "/lay-y-kien/moi"} {
			if status, _ := f.do(anon, "GET", path, nil); status == http.StatusOK {
				t.Fatalf("%s is public", path)
			}
		}
		today := calendar.DateOf(time.Now())
		form := url.Values{"topic": {"construction_planning"}, "title": {"Lấy ý kiến về quy hoạch nhà văn hóa"},
			"draft": {"<p>Dự thảo <strong>quy hoạch</strong></p><script>alert(1)</script>"}, "forms": {"website", "household_form"},
			"hamlets": {hamlets[0].ID}, "plan": {"Kế hoạch số 7/KH-UBND"}, "plan_council_on": {today.String()}, "plan_front_on": {today.String()},
			"opens_on": {today.String()}, "closes_on": {today.AddDays(19).String()}}
		status, _, body := f.post(specialist, "/lay-y-kien/moi", form)
		if status != http.StatusUnprocessableEntity || !strings.Contains(body, "ít nhất 20 ngày") || !strings.Contains(body, "Kế hoạch số 7/KH-UBND") {
			t.Fatalf("19 days: %d %s", status, errorText(body))
		}
		form.Set("closes_on", today.AddDays(20).String())
		status, loc, body := f.post(specialist, "/lay-y-kien/moi", form)
		if status != http.StatusSeeOther || !strings.HasPrefix(loc, "/lay-y-kien/") {
			t.Fatalf("create: %d %s", status, errorText(body))
		}
		id := strings.TrimPrefix(loc, "/lay-y-kien/")
		if status, _ := f.do(anon, "GET", "/y-kien/"+id, nil); status != http.StatusNotFound {
			t.Fatalf("a draft is public: %d", status)
		}
		if status, body := f.do(specialist, "GET", loc+"/cong-bo", nil); status != 200 || !strings.Contains(body, `action="`+loc+`/cong-bo"`) {
			t.Fatalf("publish page: %d", status)
		}
		if status, l, body := f.post(specialist, loc+"/cong-bo", url.Values{"published_on": {today.String()}}); status != http.StatusSeeOther || l != loc {
			t.Fatalf("publish: %d %s", status, errorText(body))
		}
		if status, body := f.do(anon, "GET", "/y-kien", nil); status != 200 || !strings.Contains(body, "/y-kien/"+id) {
			t.Fatalf("public list: %d", status)
		}
		status, body = f.do(anon, "GET", "/y-kien/"+id, nil)
		if status != 200 || !strings.Contains(body, "Còn 20 ngày") || !strings.Contains(body, "<strong>quy hoạch</strong>") ||
			strings.Contains(body, "alert(1)") || !strings.Contains(body, `name="body"`) {
			t.Fatalf("public page: %d %s", status, errorText(body))
		}
		if status, _, body := f.post(anon, "/y-kien/"+id, url.Values{"hamlet": {hamlets[0].ID}, "body": {""}}); status != http.StatusUnprocessableEntity ||
			!strings.Contains(body, "Xin ghi nội dung ý kiến") {
			t.Fatalf("empty opinion: %d", status)
		}
		if status, l, _ := f.post(anon, "/y-kien/"+id, url.Values{"body": {"robot"}, "website": {"http://spam.example"}}); status != http.StatusSeeOther || l != "/y-kien/"+id+"/da-gui" {
			t.Fatalf("honeypot: %d %s", status, l)
		}
		opinion := "Đề nghị giữ lại sân bóng của xóm, đặt nhà văn hóa ở khu đất phía đông."
		status, l, body := f.post(anon, "/y-kien/"+id, url.Values{"hamlet": {hamlets[0].ID}, "body": {opinion}, "name": {""}})
		if status != http.StatusSeeOther || l != "/y-kien/"+id+"/da-gui" {
			t.Fatalf("comment: %d %s", status, errorText(body))
		}
		if status, body := f.do(anon, "GET", l, nil); status != 200 || !strings.Contains(body, "Đã nhận ý kiến") {
			t.Fatalf("confirmation: %d", status)
		}
		var n int
		if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM consultation_opinions WHERE commune_id = $1`, f.commune.ID).Scan(&n); err != nil || n != 1 {
			t.Fatalf("%d opinions stored (the robot's dropped): %v", n, err)
		}
		if status, body := f.do(front, "GET", loc, nil); status != 200 || !strings.Contains(body, opinion) {
			t.Fatalf("the Front reads: %d", status)
		}
		if status, _, _ := f.post(front, loc+"/nhom", url.Values{"title": {"x"}}); status != http.StatusForbidden {
			t.Fatalf("the Front made a group: %d", status)
		}
		if status, body := f.do(specialist, "GET", loc+"?xom="+hamlets[0].ID, nil); status != 200 || !strings.Contains(body, opinion) {
			t.Fatalf("filtered by hamlet: %d", status)
		}
		if status, body := f.do(specialist, "GET", loc+"?xom="+hamlets[1].ID, nil); status != 200 || strings.Contains(body, opinion) {
			t.Fatalf("filtered by another hamlet: %d", status)
		}
		if status, _, body := f.post(specialist, loc+"/nhom", url.Values{"title": {"Giữ sân bóng"}}); status != http.StatusSeeOther {
			t.Fatalf("group: %d %s", status, errorText(body))
		}
		var gid, oid string
		if err := d.QueryRow(ctx, `SELECT id FROM consultation_groups WHERE commune_id = $1`, f.commune.ID).Scan(&gid); err != nil {
			t.Fatal(err)
		}
		if err := d.QueryRow(ctx, `SELECT id FROM consultation_opinions WHERE commune_id = $1`, f.commune.ID).Scan(&oid); err != nil {
			t.Fatal(err)
		}
		if status, _, body := f.post(specialist, loc+"/phan-nhom", url.Values{"group": {gid}, "opinions": {oid}, "back": {loc}}); status != http.StatusSeeOther {
			t.Fatalf("assign: %d %s", status, errorText(body))
		}
		answer := "Tiếp thu: giữ nguyên sân bóng, nhà văn hóa chuyển sang khu đất phía đông."
		if status, _, body := f.post(specialist, loc+"/nhom/"+gid, url.Values{"title": {"Giữ sân bóng"}, "answer_kind": {"accepted"}, "answer": {answer}}); status != http.StatusSeeOther {
			t.Fatalf("answer: %d %s", status, errorText(body))
		}
		if status, body := f.do(specialist, "GET", loc+"/tong-hop", nil); status != 200 || !strings.Contains(body, answer) {
			t.Fatalf("synthesis: %d", status)
		}
		if status, _ := f.do(specialist, "GET", loc+"/ket-thuc", nil); status != http.StatusForbidden {
			t.Fatalf("a specialist reached the closing: %d", status)
		}
		if status, body := f.do(leader, "GET", loc+"/ket-thuc", nil); status != 200 || !strings.Contains(body, "Chưa hết thời gian") {
			t.Fatalf("closing page during the period: %d", status)
		}
		// The period passes.
		if _, err := d.Exec(ctx, `UPDATE consultations SET opens_on = $3, closes_on = $4 WHERE commune_id = $1 AND id = $2`,
			f.commune.ID, id, today.AddDays(-22).String(), today.AddDays(-1).String()); err != nil {
			t.Fatal(err)
		}
		if status, _, _ := f.post(anon, "/y-kien/"+id, url.Values{"body": {"Muộn"}}); status != http.StatusConflict {
			t.Fatalf("an opinion after the period: %d", status)
		}
		closing := url.Values{"summary": {"Đa số ý kiến đề nghị giữ sân bóng."}, "decision": {"Quyết định số 15/QĐ-UBND phê duyệt quy hoạch."},
			"decision_on": {today.String()}, "majority": {"no"}, "explanation": {""}, "confirm": {"yes"}}
		if status, _, body := f.post(leader, loc+"/ket-thuc", closing); status != http.StatusUnprocessableEntity || !strings.Contains(body, "phải nêu rõ lý do") {
			t.Fatalf("against the majority unexplained: %d %s", status, errorText(body))
		}
		closing.Set("majority", "yes")
		if status, l, body := f.post(leader, loc+"/ket-thuc", closing); status != http.StatusSeeOther || l != loc {
			t.Fatalf("close: %d %s", status, errorText(body))
		}
		status, body = f.do(anon, "GET", "/y-kien/"+id, nil)
		if status != 200 || !strings.Contains(body, answer) || !strings.Contains(body, "Quyết định số 15/QĐ-UBND") || strings.Contains(body, `name="body"`) {
			t.Fatalf("public result: %d %s", status, errorText(body))
		}
		var did string
		if err := d.QueryRow(ctx, `SELECT id FROM disclosures WHERE commune_id = $1 AND category_no = 11`, f.commune.ID).Scan(&did); err != nil {
			t.Fatalf("no disclosure of category 11: %v", err)
		}
		if status, body := f.do(anon, "GET", "/cong-khai", nil); status != 200 || !strings.Contains(body, "/cong-khai/"+did) {
			t.Fatalf("disclosure list: %d", status)
		}
		if status, body := f.do(anon, "GET", "/cong-khai/"+did, nil); status != 200 || !strings.Contains(body, "giữ nguyên sân bóng") {
			t.Fatalf("disclosure page: %d", status)
		}
		for _, pdf := range []string{loc + "/phieu.pdf", loc + "/tong-hop.pdf"} {
			resp, err := front.Get(f.srv.URL + pdf)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/pdf" {
				t.Fatalf("%s: %d %s", pdf, resp.StatusCode, resp.Header.Get("Content-Type"))
			}
		}
	})
}

// The seeded room: every staff and public page renders for a leader, the PDFs are PDFs, and
// the keys of its templates are known.
func TestConsultSeededPages(t *testing.T) {
	f := newFixture(t, dbtest.SQLite(t))
	f.seedConsult()
	f.seedConsult() // idempotent
	leader := f.client(auth.Leader)
	status, body := f.do(leader, "GET", "/lay-y-kien", nil)
	if status != 200 || strings.Count(body, `href="/lay-y-kien/0`) < 3 {
		t.Fatalf("list: %d %s", status, errorText(body))
	}
	ids := []string{}
	rows, err := f.d.Query(context.Background(), `SELECT id FROM consultations WHERE commune_id = $1 ORDER BY id`, f.commune.ID)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id string
		rows.Scan(&id)
		ids = append(ids, id)
	}
	rows.Close()
	for _, id := range ids {
		for _, path := range []string{"/lay-y-kien/" + id, "/lay-y-kien/" + id + "/tong-hop", "/lay-y-kien/" + id + "/phieu.pdf",
			"/lay-y-kien/" + id + "/tong-hop.pdf"} {
			if status, _ := f.do(leader, "GET", path, nil); status != 200 {
				t.Errorf("%s: %d", path, status)
			}
		}
	}
	for _, path := range []string{"/lay-y-kien?giai-doan=closed", "/lay-y-kien?giai-doan=draft", "/y-kien"} {
		if status, _ := f.do(leader, "GET", path, nil); status != 200 {
			t.Errorf("%s: %d", path, status)
		}
	}
	if n := f.checkTemplateKeys(t, "../democracy/consult/templates", "consult"); n < 100 {
		t.Errorf("only %d keys in the templates", n)
	}
}
