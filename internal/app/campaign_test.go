package app_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"xaso/internal/audit"
	"xaso/internal/auth"
	"xaso/internal/calendar"
	"xaso/internal/db"
	"xaso/internal/db/dbtest"
)

// seedCampaign fills the campaign room with its demo (two published articles, a few
// sessions), so that a walk of the site reaches every one of its pages.
func (f *fixture) seedCampaign() {
	f.t.Helper()
	by := audit.Actor{ID: f.userID("u-leader"), Name: "Người thử leader"}
	if err := f.a.Campaign.SeedDemo(context.Background(), f.commune.ID, by); err != nil {
		f.t.Fatal(err)
	}
}

// A leader records a conference for a hamlet (a bad form first comes back with its values and
// the errors), sees the hamlet counted, writes an article that stays off the portal while a
// draft, publishes it for the public to read (without its script), withdraws it, and deletes
// the session after confirming. The public never reaches the staff pages.
func TestCampaignThroughPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		hamlets, err := f.a.Campaign.Hamlets(ctx, f.commune.ID)
		if err != nil || len(hamlets) < 2 {
			t.Fatalf("demo hamlets: %d %v", len(hamlets), err)
		}
		anon, leader, admin := f.client(""), f.client(auth.Leader), f.client(auth.Admin)
		for _, path := range []string{"/tuyen-truyen", "/tuyen-truyen/hoi-nghi/moi", "/tuyen-truyen/bai-viet/moi"} {
			if status, _ := f.do(anon, "GET", path, nil); status == http.StatusOK {
				t.Fatalf("%s is public", path)
			}
		}
		if status, loc, _ := f.post(anon, "/tuyen-truyen/hoi-nghi/moi", url.Values{"kind": {"conference"}}); status == http.StatusOK || loc == "/tuyen-truyen" {
			t.Fatalf("the public posted a session: %d %q", status, loc)
		}

		today := calendar.DateOf(time.Now()).String()
		form := url.Values{"kind": {"conference"}, "title": {"Hội nghị tuyên truyền tại " + hamlets[0].Name}, "held_on": {today},
			"place": {"Nhà văn hóa " + hamlets[0].Name}, "hamlets": {hamlets[0].ID}, "attendance": {"bốn mươi"}, "note": {"Ghi chú giữ lại"}}
		status, _, body := f.post(leader, "/tuyen-truyen/hoi-nghi/moi", form)
		if status != http.StatusUnprocessableEntity || !strings.Contains(body, "Ghi chú giữ lại") || !strings.Contains(body, "bốn mươi") ||
			!strings.Contains(body, "số nguyên không âm") || !strings.Contains(body, `value="`+hamlets[0].ID+`" checked`) {
			t.Fatalf("bad session: %d %s", status, errorText(body))
		}
		form.Set("attendance", "45")
		if status, loc, body := f.post(leader, "/tuyen-truyen/hoi-nghi/moi", form); status != http.StatusSeeOther || loc != "/tuyen-truyen" {
			t.Fatalf("record: %d %q %s", status, loc, errorText(body))
		}
		status, body = f.do(leader, "GET", "/tuyen-truyen", nil)
		reached := "1/" + strconv.Itoa(len(hamlets))
		if status != 200 || !strings.Contains(body, "Đã lưu hội nghị") || !strings.Contains(body, reached) || !strings.Contains(body, "Hội nghị tuyên truyền tại") {
			t.Fatalf("overview: %d %s", status, errorText(body))
		}
		if status, body := f.do(leader, "GET", "/tuyen-truyen?tu=2026-13-01", nil); status != http.StatusUnprocessableEntity || !strings.Contains(body, "Ngày không đúng") {
			t.Fatalf("bad period: %d", status)
		}
		var sessionID string
		if err := d.QueryRow(ctx, `SELECT id FROM campaign_sessions WHERE commune_id = $1`, f.commune.ID).Scan(&sessionID); err != nil {
			t.Fatal(err)
		}

		art := url.Values{"title": {""}, "summary": {"Tóm tắt giữ lại"}, "body": {`<p>Nội dung <strong>mô hình</strong></p><script>alert(1)</script>`}}
		status, _, body = f.post(leader, "/tuyen-truyen/bai-viet/moi", art)
		if status != http.StatusUnprocessableEntity || !strings.Contains(body, "Tóm tắt giữ lại") || !strings.Contains(body, "Xin ghi tiêu đề") {
			t.Fatalf("bad article: %d %s", status, errorText(body))
		}
		art.Set("title", "Xã ra mắt mô hình Chính quyền thân thiện")
		status, loc, body := f.post(leader, "/tuyen-truyen/bai-viet/moi", art)
		if status != http.StatusSeeOther || !strings.HasPrefix(loc, "/tuyen-truyen/bai-viet/") {
			t.Fatalf("create article: %d %q %s", status, loc, errorText(body))
		}
		id := strings.TrimPrefix(loc, "/tuyen-truyen/bai-viet/")
		if status, _ := f.do(anon, "GET", "/tin-tuc/"+id, nil); status != http.StatusNotFound {
			t.Fatalf("a draft is public: %d", status)
		}
		if status, body := f.do(admin, "GET", loc, nil); status != 200 || strings.Contains(body, `action="`+loc+`/dang"`) {
			t.Fatalf("the admin's read-only view: %d", status)
		}
		if status, _, _ := f.post(admin, loc+"/dang", url.Values{}); status != http.StatusForbidden {
			t.Fatalf("the admin published: %d", status)
		}
		if status, loc2, body := f.post(leader, loc+"/dang", url.Values{}); status != http.StatusSeeOther || loc2 != loc {
			t.Fatalf("publish: %d %s", status, errorText(body))
		}
		resp, err := anon.Get(f.srv.URL + "/tin-tuc")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if cc := resp.Header.Get("Cache-Control"); cc != "public, max-age=60" {
			t.Fatalf("news list Cache-Control %q", cc)
		}
		if status, body := f.do(anon, "GET", "/tin-tuc", nil); status != 200 || !strings.Contains(body, "/tin-tuc/"+id) || !strings.Contains(body, "Tóm tắt giữ lại") {
			t.Fatalf("news list: %d", status)
		}
		status, body = f.do(anon, "GET", "/tin-tuc/"+id, nil)
		if status != 200 || !strings.Contains(body, "<strong>mô hình</strong>") || strings.Contains(body, "alert(1)</script>") {
			t.Fatalf("news item: %d %s", status, body)
		}
		if status, _, _ := f.post(leader, loc+"/dang", url.Values{}); status != http.StatusConflict {
			t.Fatalf("published twice: %d", status)
		}
		if status, _, body := f.post(leader, loc+"/go", url.Values{}); status != http.StatusSeeOther {
			t.Fatalf("withdraw: %d %s", status, errorText(body))
		}
		if status, _ := f.do(anon, "GET", "/tin-tuc/"+id, nil); status != http.StatusNotFound {
			t.Fatalf("a withdrawn article is public: %d", status)
		}

		del := "/tuyen-truyen/hoi-nghi/" + sessionID + "/xoa"
		if status, body := f.do(leader, "GET", del, nil); status != 200 || !strings.Contains(body, `action="`+del+`"`) {
			t.Fatalf("confirm page: %d", status)
		}
		if status, loc, _ := f.post(leader, del, url.Values{}); status != http.StatusSeeOther || loc != "/tuyen-truyen" {
			t.Fatalf("delete: %d %q", status, loc)
		}
		if status, _ := f.do(leader, "GET", "/tuyen-truyen/hoi-nghi/"+sessionID, nil); status != http.StatusNotFound {
			t.Fatalf("deleted session: %d", status)
		}
		var events int
		if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM outbox WHERE commune_id = $1 AND topic LIKE 'campaign.%'`, f.commune.ID).Scan(&events); err != nil || events != 5 {
			t.Fatalf("%d campaign events, want 5 (recorded, created, published, withdrawn, deleted): %v", events, err)
		}
	})
}

// The seeded room: every page renders for a leader and the keys of its templates are known.
func TestCampaignSeededPages(t *testing.T) {
	f := newFixture(t, dbtest.SQLite(t))
	f.seedCampaign()
	f.seedCampaign() // idempotent
	leader := f.client(auth.Leader)
	status, body := f.do(leader, "GET", "/tuyen-truyen", nil)
	if status != 200 || !strings.Contains(body, "/xoa") || !strings.Contains(body, "/tin-tuc/") {
		t.Fatalf("overview: %d", status)
	}
	if status, body := f.do(leader, "GET", "/", nil); status != 200 || !strings.Contains(body, `href="/tuyen-truyen"`) {
		t.Fatalf("no home card: %d", status)
	}
	if status, body := f.do(f.client(""), "GET", "/tin-tuc", nil); status != 200 || strings.Count(body, `<article class="card">`) != 2 {
		t.Fatalf("news: %d", status)
	}
}
