package app_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"xaso/internal/auth"
	"xaso/internal/db"
	"xaso/internal/db/dbtest"
	"xaso/internal/letters"
)

// lettersReturnBirth takes a birth registration through the desk's pages to its return, and
// runs the outbox; it returns the dossier code.
func lettersReturnBirth(t *testing.T, f *fixture) string {
	t.Helper()
	desk, spec, lead := f.client(auth.Desk), f.client(auth.Specialist), f.client(auth.Leader)
	code := osIntake(t, f, desk, letters.CodeBirth, "to-khai", "giay-chung-sinh", "giay-to-tuy-than")
	for _, step := range []struct {
		c    *http.Client
		path string
		form url.Values
	}{
		{desk, "/ho-so/" + code + "/chuyen", url.Values{"handover.to": {"specialist|u-specialist"}}},
		{spec, "/ho-so/" + code + "/chuyen", url.Values{"handover.to": {"leader|u-leader"}}},
		{lead, "/ho-so/" + code + "/phe-duyet", url.Values{"approve.note": {"Đồng ý"}}},
		{desk, "/ho-so/" + code + "/co-ket-qua", url.Values{}},
		{desk, "/ho-so/" + code + "/tra-ket-qua", url.Values{"return.method": {"counter"}, "confirm": {"1"}}},
	} {
		if st, loc := osPost(t, f, step.c, step.path, step.form); st != http.StatusSeeOther {
			t.Fatalf("%s: %d %s", step.path, st, loc)
		}
	}
	if _, err := f.a.Events.DeliverDue(context.Background()); err != nil {
		t.Fatal(err)
	}
	return code
}

// The letter of a returned birth registration, through the pages on both engines: the desk
// returns the result, the outbox runs, a congratulation waits in the print queue (and on the
// desk's home card) and prints with the applicant's name; a replay of the outbox writes no
// second letter; the desk marks it printed, chooses its hamlet, and that hamlet's head sees it
// and hands it over; each step is in the letter's history.
func TestLettersFromABirthRegistration(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		desk, head, lead := f.client(auth.Desk), f.client(auth.HamletHead), f.client(auth.Leader)
		code := lettersReturnBirth(t, f)

		body := checkPage(f, desk, "GET", "/thu/in", nil, 200, "Thư chờ in", "Chúc mừng đăng ký khai sinh", "Nông Thị Hoa", "/thu/in.pdf")
		checkPage(f, desk, "GET", "/", nil, 200, "1 thư chờ in")
		ls, total, err := f.a.Letters.List(ctx, f.commune.ID, letters.Filter{Status: letters.Waiting})
		if err != nil || total != 1 || ls[0].DossierCode != code || ls[0].Occasion != letters.OccBirth {
			t.Fatalf("queue: %d %+v %v", total, ls, err)
		}
		l := ls[0]
		if !strings.Contains(body, `value="`+l.ID+`"`) {
			t.Error("the queue offers no checkbox for the letter")
		}
		// The outbox delivers at least once: a replay of every event writes nothing more.
		if _, err := d.Exec(ctx, `UPDATE outbox SET state = 'pending' WHERE commune_id = $1 AND topic = 'onestop.dossier.returned'`, f.commune.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := f.a.Events.DeliverDue(ctx); err != nil {
			t.Fatal(err)
		}
		if _, total, _ := f.a.Letters.List(ctx, f.commune.ID, letters.Filter{}); total != 1 {
			t.Fatalf("after a replay: %d letters", total)
		}

		// The queue's batch and the letter itself print with the applicant's name.
		for _, path := range []string{"/thu/in.pdf", l.URL() + "/thu.pdf"} {
			st, ctype, pdf := f.getBytes(desk, path)
			if st != 200 || ctype != "application/pdf" {
				t.Fatalf("%s: %d %s", path, st, ctype)
			}
			text := osPDFText(t, pdf)
			for _, w := range []string{"Nông Thị Hoa", "THƯ CHÚC MỪNG", "UBND XÃ BÌNH YÊN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "TM. ỦY BAN NHÂN DÂN", "đăng ký khai sinh"} {
				if !strings.Contains(text, w) {
					t.Errorf("%s lacks %q:\n%s", path, w, text)
				}
			}
		}

		// Marked printed, it leaves the queue; its hamlet is chosen; the hamlet head delivers it.
		if st, loc, _ := f.post(desk, "/thu/in", url.Values{"id": {l.ID}}); st != 303 || loc != "/thu/in" {
			t.Fatalf("mark printed: %d %s", st, loc)
		}
		checkPage(f, desk, "GET", "/thu/in", nil, 200, "Không có thư nào chờ in")
		var hamletID, hamletName string
		if err := d.QueryRow(ctx, `SELECT id, name FROM hamlets WHERE commune_id = $1 ORDER BY sort_order LIMIT 1`, f.commune.ID).Scan(&hamletID, &hamletName); err != nil {
			t.Fatal(err)
		}
		// The hamlet head does not see a letter of no hamlet (the address names none of the commune's).
		checkPage(f, head, "GET", "/thu/giao", nil, 200, "Không có thư nào cần trao")
		checkPage(f, head, "GET", l.URL(), nil, 404)
		if st, _, _ := f.post(desk, l.URL()+"/xom", url.Values{"hamlet": {"khong-co"}}); st != 422 {
			t.Errorf("an unknown hamlet: %d", st)
		}
		if st, _, _ := f.post(desk, l.URL()+"/xom", url.Values{"hamlet": {hamletID}}); st != 303 {
			t.Fatalf("choose the hamlet: %d", st)
		}
		checkPage(f, head, "GET", "/thu/giao", nil, 200, "Tài khoản chưa được gán")
		if _, err := d.Exec(ctx, `UPDATE hamlets SET head_user_id = $1 WHERE commune_id = $2 AND id = $3`, f.userID("u-hamlethead"), f.commune.ID, hamletID); err != nil {
			t.Fatal(err)
		}
		checkPage(f, head, "GET", "/thu/giao", nil, 200, "Nông Thị Hoa", hamletName, "Đã trao tận tay")
		body = checkPage(f, head, "GET", l.URL(), nil, 200, "Nông Thị Hoa", "Trưởng xóm ghi nhận")
		if strings.Contains(body, "0912345678") || strings.Contains(body, "/xom") {
			t.Error("the hamlet head sees the phone number or the hamlet form")
		}
		checkPage(f, head, "POST", l.URL()+"/giao", url.Values{"method": {"sms"}}, 403)
		if st, loc, _ := f.post(head, l.URL()+"/giao", url.Values{"method": {"in_person"}, "back": {"/thu/giao"}}); st != 303 || loc != "/thu/giao" {
			t.Fatalf("hand over: %d %s", st, loc)
		}
		checkPage(f, desk, "GET", l.URL(), nil, 200, "Đã trao, gửi", "Trao tận tay", "Người thử hamlethead",
			"Lập thư", "Đánh dấu đã in", "Ghi xóm nhận thư", "Ghi nhận đã trao, gửi", "Hệ thống (thư tự động)")
		checkPage(f, lead, "GET", "/thu?trang-thai=delivered&loai=congratulation", nil, 200, "Nông Thị Hoa", "Có 1 thư.")
		checkPage(f, lead, "GET", "/thu?trang-thai=waiting", nil, 200, "Có 0 thư.")
	})
}

// Who may open the room's pages: office staff work the letters, the chairman and the
// administrator edit the templates, a hamlet head only the letters to deliver; the people's
// boards and residents nothing.
func TestLettersPermissions(t *testing.T) {
	f := newFixture(t, dbtest.SQLite(t))
	for _, c := range []struct {
		path   string
		role   auth.Role
		status int
	}{
		{"/thu", "", 303}, {"/thu", auth.Resident, 403}, {"/thu", auth.Front, 403}, {"/thu", auth.Inspection, 403},
		{"/thu", auth.HamletHead, 403}, {"/thu", auth.Admin, 403}, {"/thu", auth.Desk, 200}, {"/thu", auth.Specialist, 200}, {"/thu", auth.Leader, 200},
		{"/thu/in", auth.HamletHead, 403}, {"/thu/in", auth.Desk, 200}, {"/thu/giao", auth.HamletHead, 200}, {"/thu/giao", auth.Front, 403},
		{"/thu/mau", auth.Desk, 403}, {"/thu/mau", auth.Specialist, 403}, {"/thu/mau", auth.Leader, 200}, {"/thu/mau", auth.Admin, 200},
		{"/thu/loa", auth.HamletHead, 403}, {"/thu/loa", auth.Desk, 200}, {"/thu/moi", auth.Specialist, 200},
		{"/thu/in.pdf", auth.Desk, 404}, {"/thu/khong-co", auth.Desk, 404},
	} {
		if st, _ := f.do(f.client(c.role), "GET", c.path, nil); st != c.status {
			t.Errorf("GET %s as %q: %d, want %d", c.path, c.role, st, c.status)
		}
	}
}

// The templates page refuses a template with an unknown or missing placeholder, naming it in
// Vietnamese and keeping what was typed; a good one is used by the next letter by hand, whose
// page then offers it to the loudspeakers, whose script reads the figures as words.
func TestLettersTemplatesAndLoudspeakerPages(t *testing.T) {
	f := newFixture(t, dbtest.SQLite(t))
	lead, desk := f.client(auth.Leader), f.client(auth.Desk)
	checkPage(f, lead, "GET", "/thu/mau?dip=holiday", nil, 200, "{{dip}}", "bắt buộc trong nội dung", "Lời chúc mừng của Chủ tịch")
	typed := "Kính gửi: Nhân dân xã {{xa}}\nNhân dịp {{dip}}, xin chúc {{ho_ten}} mạnh khỏe."
	body := checkPage(f, lead, "POST", "/thu/mau", url.Values{"occasion": {"holiday"}, "action": {"save"}, "title": {"Thư chúc Tết"},
		"body": {typed}, "short": {"Chúc mừng {{dip}}"}}, 422, "Chỗ trống {{ho_ten}} không dùng được trong loại thư này.")
	if !strings.Contains(html.UnescapeString(body), typed) {
		t.Error("the refused template's text is lost")
	}
	checkPage(f, lead, "POST", "/thu/mau", url.Values{"occasion": {"holiday"}, "action": {"save"}, "title": {"Thư chúc Tết"},
		"body": {"Kính gửi: Nhân dân xã {{xa}}"}, "short": {"Chúc mừng"}}, 422, "Nội dung thư phải có chỗ trống {{dip}}.")
	if st, loc, _ := f.post(lead, "/thu/mau", url.Values{"occasion": {"holiday"}, "action": {"save"}, "title": {"Thư chúc mừng {{dip}}"},
		"body": {"Kính gửi: Toàn thể Nhân dân xã {{xa}}\nNhân dịp {{dip}}, kính chúc bà con năm mới 2027 mạnh khỏe, nhận 1.500.000 đồng tiền thưởng."}, "short": {"Chúc mừng {{dip}}"}}); st != 303 || loc != "/thu/mau?dip=holiday" {
		t.Fatalf("save: %d %s", st, loc)
	}
	checkPage(f, lead, "GET", "/thu/mau?dip=holiday", nil, 200, "mẫu của xã", "Dùng lại mẫu gốc")

	checkPage(f, desk, "POST", "/thu/moi", url.Values{"occasion": {"holiday"}}, 422, "Chưa chọn hoặc ghi dịp lễ, Tết.")
	st, loc, _ := f.post(desk, "/thu/moi", url.Values{"occasion": {"holiday"}, "holiday_choice": {"Tết Nguyên đán Đinh Mùi 2027"}})
	if st != 303 || !strings.HasPrefix(loc, "/thu/") {
		t.Fatalf("greeting: %d %s", st, loc)
	}
	checkPage(f, desk, "GET", loc, nil, 200, "Thư chúc mừng Tết Nguyên đán Đinh Mùi 2027", "Toàn thể Nhân dân", "/thu/loa/moi?thu=")
	id := strings.TrimPrefix(loc, "/thu/")
	form := checkPage(f, desk, "GET", "/thu/loa/moi?thu="+id, nil, 200, "Nhân dịp Tết Nguyên đán Đinh Mùi 2027")
	_ = form
	checkPage(f, desk, "POST", "/thu/loa/moi", url.Values{"action": {"preview"}, "title": {"x"}, "body": {"Họp lúc 7 giờ 30 ngày 15/12/2026."}}, 200,
		"Họp lúc bảy giờ ba mươi phút ngày mười lăm tháng mười hai năm hai nghìn không trăm hai mươi sáu.")
	checkPage(f, desk, "POST", "/thu/loa/moi", url.Values{"action": {"save"}, "title": {""}, "body": {"a"}, "read_on": {"2026-12-30"}}, 422, "Chưa nhập tiêu đề.")
	st, loc, _ = f.post(desk, "/thu/loa/moi", url.Values{"action": {"save"}, "title": {"Thư chúc Tết"}, "letter": {id}, "read_on": {"2027-02-05"},
		"body": {"Nhân dịp Tết, UBND xã kính chúc bà con năm mới 2027 mạnh khỏe, nhận 1.500.000 đồng."}})
	if st != 303 || !strings.HasSuffix(loc, "/ban-doc") {
		t.Fatalf("script: %d %s", st, loc)
	}
	body = checkPage(f, desk, "GET", loc, nil, 200, "Ủy ban nhân dân xã kính chúc bà con năm mới hai nghìn không trăm hai mươi bảy mạnh khỏe, nhận một triệu năm trăm nghìn đồng.",
		"Đọc ngày 05/02/2027", "Đã đọc ở 0 trên 10 xóm")
	var hamletID string
	if err := f.d.QueryRow(context.Background(), `SELECT id FROM hamlets WHERE commune_id = $1 ORDER BY sort_order LIMIT 1`, f.commune.ID).Scan(&hamletID); err != nil {
		t.Fatal(err)
	}
	scriptID := strings.TrimSuffix(strings.TrimPrefix(loc, "/thu/loa/"), "/ban-doc")
	if st, _, _ := f.post(desk, "/thu/loa/"+scriptID+"/da-doc", url.Values{"hamlet": {hamletID}}); st != 303 {
		t.Fatalf("reading: %d", st)
	}
	checkPage(f, desk, "GET", loc, nil, 200, "Đã đọc ở 1 trên 10 xóm")
	st, ctype, pdf := f.getBytes(desk, "/thu/loa/"+scriptID+"/ban-doc.pdf")
	if st != 200 || ctype != "application/pdf" {
		t.Fatalf("script PDF: %d %s", st, ctype)
	}
	if text := osPDFText(t, pdf); !strings.Contains(text, "BẢN ĐỌC TRÊN LOA TRUYỀN THANH") || !strings.Contains(text, "một triệu năm trăm nghìn đồng") {
		t.Errorf("script PDF:\n%s", text)
	}
	checkPage(f, desk, "GET", "/thu/loa", nil, 200, "Thư chúc Tết", "Đã đọc ở 1 trên 10 xóm")
	_ = body
}
