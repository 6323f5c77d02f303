package app_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"xaso/internal/auth"
	"xaso/internal/calendar"
	"xaso/internal/db"
	"xaso/internal/db/dbtest"
)

// A report filed on the portal and answered by its handler: the answer's SMS and the tracking
// page carry the signed rating link, the sender rates the handling once, and the leader's
// Decision 766 index shows both rates of reports and recommendations with the petitions behind
// them. A denunciation is never offered a link.
func TestPetitionRatedBySender(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newRatingFixture(t, d)
		ctx := context.Background()
		anon := f.client("")
		form := url.Values{"kind": {"report"}, "topic": {"dien-nuoc"}, "name": {"Đinh Thị Lan"}, "phone": {"0913 456 789"},
			"content": {"Đèn đường đầu xóm Đồng Tâm hỏng đã hai tuần, buổi tối rất tối."}}
		status, loc, body := f.postMultipart(anon, "/phan-anh", form, nil)
		if status != http.StatusSeeOther {
			t.Fatalf("submit: %d %s", status, errorText(body))
		}
		number := strings.TrimPrefix(loc, "/phan-anh/da-gui/")
		desk, leader, spec := f.client(auth.Desk), f.client(auth.Leader), f.client(auth.Specialist)
		act := func(c *http.Client, v url.Values) {
			t.Helper()
			if status, body := f.do(c, "POST", "/don-thu/"+number+"/xu-ly", v); status != http.StatusSeeOther {
				t.Fatalf("%s: %d %s", v.Get("action"), status, errorText(body))
			}
		}
		act(desk, url.Values{"action": {"accept"}})
		act(leader, url.Values{"action": {"assign"}, "handler": {f.userID("u-specialist")}})
		// Before the answer: the tracking page offers no link.
		if _, body := f.do(anon, "POST", "/phan-anh/tra-cuu", url.Values{"number": {number}, "digits": {"6789"}}); strings.Contains(body, "/danh-gia/phan-anh/") {
			t.Fatal("a rating link before the answer")
		}
		act(spec, url.Values{"action": {"answer"}, "text": {"Ngày 7/12 xã đã thay bóng đèn đầu xóm Đồng Tâm."}})
		if _, err := f.a.Events.DeliverDue(ctx); err != nil {
			t.Fatal(err)
		}
		// The SMS carries the link.
		var payload string
		if err := d.QueryRow(ctx, `SELECT payload FROM outbox WHERE commune_id = $1 AND topic = 'notify.send' ORDER BY created_at DESC LIMIT 1`, f.commune.ID).Scan(&payload); err != nil {
			t.Fatal(err)
		}
		link := regexp.MustCompile(`/danh-gia/phan-anh/` + regexp.QuoteMeta(number) + `\?k=[a-z2-7]{16}`).FindString(payload)
		if link == "" {
			t.Fatalf("the answer's SMS has no rating link: %s", payload)
		}
		_, body = f.do(anon, "POST", "/phan-anh/tra-cuu", url.Values{"number": {number}, "digits": {"6789"}})
		if !strings.Contains(body, `id="track-rate"`) || !strings.Contains(body, link) {
			t.Fatal("the tracking page offers no rating link after the answer")
		}
		// A wrong token, or a dossier's address, is not found.
		checkPage(f, anon, "GET", "/danh-gia/phan-anh/"+number+"?k=aaaaaaaaaaaaaaaa", nil, 404)
		checkPage(f, anon, "GET", strings.Replace(link, "/phan-anh/", "/ho-so/", 1), nil, 404)
		page := strings.TrimPrefix(link, ratingBase)
		checkPage(f, anon, "GET", page, nil, 200, "Đánh giá sự hài lòng về giải quyết phản ánh, kiến nghị", number, "Người thử specialist")
		if status, body := f.do(anon, "POST", page, url.Values{"level": {"9"}}); status != http.StatusUnprocessableEntity || errorText(body) == "" {
			t.Fatalf("a level out of range: %d", status)
		}
		if status, body := f.do(anon, "POST", page, url.Values{"level": {"4"}, "comment": {"Sửa nhanh."}}); status != http.StatusSeeOther {
			t.Fatalf("rate: %d %s", status, errorText(body))
		}
		checkPage(f, anon, "GET", page, nil, 200, "Đánh giá đã gửi", "Mỗi đơn được đánh giá một lần")
		if status, _ := f.do(anon, "POST", page, url.Values{"level": {"1"}, "reason": {"attitude"}}); status != http.StatusConflict {
			t.Fatalf("a second rating: %d", status)
		}

		// The leader's index: 1 of 1 handled on time, 1 of 1 satisfied, the petition behind each.
		month := time.Now().In(calendar.Zone).Format("2006-01")
		raw := checkPage(f, leader, "GET", "/api/v1/indicators?month="+month, nil, 200)
		var ind struct {
			Indicators []struct {
				Key                    string
				Numerator, Denominator int
			}
		}
		if err := json.Unmarshal([]byte(raw), &ind); err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, it := range ind.Indicators {
			got[it.Key] = strings.Join([]string{itoa(it.Numerator), itoa(it.Denominator)}, "/")
		}
		if got["pakn_on_time"] != "1/1" || got["pakn_satisfaction"] != "1/1" {
			t.Fatalf("the index's petition rates: %v", got)
		}
		checkPage(f, leader, "GET", "/ho-so/chi-so?thang="+month, nil, 200, "Tỷ lệ phản ánh, kiến nghị được xử lý đúng hạn", "Mức độ hài lòng trong tiếp nhận, xử lý phản ánh, kiến nghị")
		checkPage(f, leader, "GET", "/ho-so/chi-so/ho-so?thang="+month+"&chi-so=pakn_satisfaction", nil, 200, `href="/don-thu/`+number+`"`)
		// A one-procedure index leaves the commune's petitions out.
		raw = checkPage(f, leader, "GET", "/api/v1/indicators?month="+month+"&procedure=1.001193", nil, 200)
		if strings.Contains(raw, "pakn_") {
			t.Fatal("a procedure's index counts the petitions")
		}
		// The officer's figures show the petition under its kind.
		checkPage(f, leader, "GET", "/danh-gia?thang="+month, nil, 200, "Phản ánh")
	})
}
