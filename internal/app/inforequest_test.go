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

// A resident asks for information on the portal: a bad form comes back with the values and the
// errors; the receipt gives the number and the 3-working-day date; the desk finds it in the
// register, marks it complex, records the notice and answers with the cost note.
func TestInfoRequestFromPortalToAnswer(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		anon := f.client("")
		if status, body := f.do(anon, "GET", "/thong-tin/yeu-cau", nil); status != 200 || !strings.Contains(body, `name="information"`) {
			t.Fatalf("form: %d", status)
		}
		form := url.Values{"kind": {"request"}, "name": {"Nông Thị Hằng"}, "address": {"Xóm Đồng Tâm"}, "id_number": {"12"},
			"email": {"hang@example.vn"}, "delivery": {"electronic"}}
		status, _, body := f.post(anon, "/thong-tin/yeu-cau", form)
		if status != http.StatusUnprocessableEntity || !strings.Contains(body, "Nông Thị Hằng") || !strings.Contains(body, "12 chữ số") {
			t.Fatalf("bad form: %d %s", status, errorText(body))
		}
		form.Set("id_number", "019190001234")
		form.Set("information", "Dự toán ngân sách xã năm 2026")
		status, loc, _ := f.post(anon, "/thong-tin/yeu-cau", form)
		if status != http.StatusSeeOther || !strings.HasPrefix(loc, "/thong-tin/yeu-cau/da-nhan/TT-") {
			t.Fatalf("submit: %d %q", status, loc)
		}
		number := strings.TrimPrefix(loc, "/thong-tin/yeu-cau/da-nhan/")
		if status, body := f.do(anon, "GET", loc, nil); status != 200 || !strings.Contains(body, number) || strings.Contains(body, "Hằng") || !strings.Contains(body, "Điều 30") {
			t.Fatalf("receipt: %d", status)
		}
		if status, _ := f.do(anon, "GET", "/yeu-cau-thong-tin/"+number, nil); status == 200 {
			t.Fatal("the register's page is public")
		}
		desk := f.client(auth.Desk)
		if status, body := f.do(desk, "GET", "/yeu-cau-thong-tin", nil); status != 200 || !strings.Contains(body, number) || !strings.Contains(body, "Nông Thị Hằng") {
			t.Fatalf("register: %d", status)
		}
		if status, _ := f.do(desk, "GET", "/yeu-cau-thong-tin/"+number+"/tra-loi.pdf", nil); status != http.StatusConflict {
			t.Fatalf("answer paper before the answer: %d", status)
		}
		status, slip := f.do(desk, "GET", "/yeu-cau-thong-tin/"+number+"/phieu.pdf", nil)
		if text := osPDFText(t, []byte(slip)); status != 200 || !strings.Contains(text, number) || !strings.Contains(text, "Nông Thị Hằng") ||
			!strings.Contains(text, "Dự toán ngân sách xã năm 2026") {
			t.Fatalf("slip: %d %q", status, text)
		}
		for _, v := range []url.Values{
			{"action": {"classify"}, "complex": {"1"}},
			{"action": {"notify"}},
			{"action": {"answer"}, "text": {"Đã gửi bản dự toán qua thư điện tử."}, "cost": {"Không"}},
		} {
			if status, body := f.do(desk, "POST", "/yeu-cau-thong-tin/"+number+"/xu-ly", v); status != http.StatusSeeOther {
				t.Fatalf("%s: %d %s", v.Get("action"), status, errorText(body))
			}
		}
		if status, body := f.do(desk, "POST", "/yeu-cau-thong-tin/"+number+"/xu-ly", url.Values{"action": {"refuse"}, "text": {"x"}}); status != http.StatusConflict {
			t.Fatalf("refused after the answer: %d %s", status, errorText(body))
		}
		if status, body := f.do(desk, "GET", "/yeu-cau-thong-tin/"+number, nil); status != 200 || !strings.Contains(body, "Đã gửi bản dự toán") || !strings.Contains(body, "Đã cung cấp") {
			t.Fatalf("detail: %d", status)
		}
		status, answer := f.do(desk, "GET", "/yeu-cau-thong-tin/"+number+"/tra-loi.pdf", nil)
		if text := osPDFText(t, []byte(answer)); status != 200 || !strings.Contains(text, "Đã gửi bản dự toán") || !strings.Contains(text, "Luật Tiếp cận thông tin") {
			t.Fatalf("answer paper: %d %q", status, text)
		}
		var open int
		if err := d.QueryRow(t.Context(), `SELECT COUNT(*) FROM duties WHERE room = 'inforequest' AND is_open = TRUE`).Scan(&open); err != nil || open != 0 {
			t.Fatalf("open duties after the answer: %d %v", open, err)
		}
	})
}
