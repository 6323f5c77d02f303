package app_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"xaso/internal/audit"
	"xaso/internal/auth"
	"xaso/internal/commune"
	"xaso/internal/conduct"
	"xaso/internal/db"
	"xaso/internal/db/dbtest"
	"xaso/internal/events"
)

// seedConduct fills the conduct room with its demo (the code, badge codes, two reports) and
// returns a badge issued.
func (f *fixture) seedConduct() conduct.Badge {
	f.t.Helper()
	ctx := context.Background()
	by := audit.Actor{ID: f.userID("u-leader"), Name: "Người thử leader"}
	if err := f.a.Conduct.SeedDemo(ctx, f.commune.ID, by); err != nil {
		f.t.Fatal(err)
	}
	list, _, err := f.a.Conduct.Badges(ctx, f.commune.ID, 5, 0)
	if err != nil || len(list) == 0 || list[0].Code == "" {
		f.t.Fatalf("demo badges: %v %v", list, err)
	}
	return list[0]
}

// linkStaff ties the directory entry to the account, so that the officer signs in as it.
func (f *fixture) linkStaff(staffID, username string) {
	f.t.Helper()
	ctx := context.Background()
	st, err := f.a.Communes.GetStaff(ctx, f.commune.ID, staffID)
	if err != nil {
		f.t.Fatal(err)
	}
	st.UserID = f.userID(username)
	if _, err := f.a.Communes.UpdateStaff(ctx, f.commune.ID, audit.System, st); err != nil {
		f.t.Fatal(err)
	}
}

var reportLoc = regexp.MustCompile(`^/ung-xu/[0-9a-f-]{36}$`)

// A resident scans an officer's badge, reads who the officer is and reports on their attitude
// (an empty report comes back with its error; a robot's is dropped); the officer does not see
// it before the review; the chairman sees it waiting on the home page and on /ung-xu, reviews
// it (refused first without findings), the yearly figure turns to "not met" with the officer
// and the record behind it; the resident gets an SMS, the duty is closed, the officer reads
// the outcome without the resident's phone. Other offices never reach the review.
func TestConductThroughPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f, _ := newClockFixture(t, d, vnAt(2026, 3, 2, 9, 0))
		ctx := context.Background()
		anon, leader, specialist, desk := f.client(""), f.client(auth.Leader), f.client(auth.Specialist), f.client(auth.Desk)
		checkPage(f, anon, "GET", "/quy-tac-ung-xu", nil, 200, "4 xin", "Luôn lắng nghe", "Không cửa quyền, hách dịch, gây khó khăn, phiền hà", `href="/danh-gia"`)
		if st, _ := f.do(anon, "GET", "/ung-xu", nil); st == http.StatusOK {
			t.Fatal("/ung-xu is public")
		}
		checkPage(f, leader, "GET", "/ung-xu/the", nil, 200, "Chưa cấp mã")
		if st, loc, _ := f.post(leader, "/ung-xu/the/cap-ma", url.Values{}); st != http.StatusSeeOther || loc != "/ung-xu/the" {
			t.Fatalf("issue codes: %d %s", st, loc)
		}
		badges, err := f.a.Conduct.AllBadges(ctx, f.commune.ID)
		if err != nil || len(badges) == 0 {
			t.Fatal("no badges")
		}
		var b conduct.Badge
		for _, x := range badges {
			if x.Staff.Title == "Công chức Tư pháp - Hộ tịch" {
				b = x
			}
		}
		if b.Code == "" || strings.Contains(b.Staff.ID, b.Code) {
			t.Fatalf("badge %+v", b)
		}
		f.linkStaff(b.Staff.ID, "u-specialist")

		page := "/the-can-bo/" + b.Code
		checkPage(f, anon, "GET", page, nil, 200, b.Staff.FullName, "Công chức Tư pháp - Hộ tịch", `action="`+page+`"`, `href="/danh-gia"`)
		checkPage(f, anon, "GET", "/the-can-bo/BBBBBBBB", nil, 404)
		body := checkPage(f, anon, "POST", page, url.Values{"body": {""}, "happened_on": {"2026-03-02"}}, 422, "Xin ghi nội dung phản ánh")
		if !strings.Contains(body, `value="2026-03-02"`) {
			t.Error("the form lost its day")
		}
		if st, loc, _ := f.post(anon, page, url.Values{"body": {"robot"}, "happened_on": {"2026-03-02"}, "website": {"x"}}); st != http.StatusSeeOther || loc != page+"/da-gui" {
			t.Fatalf("honeypot: %d %s", st, loc)
		}
		what := "Tôi đến xin xác nhận, cán bộ nói trống không và bảo tôi về."
		st, loc, body := f.post(anon, page, url.Values{"body": {what}, "happened_on": {"02/03/2026"}, "name": {"Lò Văn Sáng"}, "phone": {"0912 345 678"}})
		if st != http.StatusSeeOther || loc != page+"/da-gui" {
			t.Fatalf("report: %d %s", st, errorText(body))
		}
		checkPage(f, anon, "GET", loc, nil, 200, "Đã nhận phản ánh")
		var id string
		if err := d.QueryRow(ctx, `SELECT id FROM conduct_reports WHERE commune_id = $1`, f.commune.ID).Scan(&id); err != nil {
			t.Fatalf("one report stored (the robot's dropped): %v", err)
		}

		// Before the review the officer sees nothing of it.
		if body := checkPage(f, specialist, "GET", "/ung-xu", nil, 200, "Có 0 phản ánh."); strings.Contains(body, what) {
			t.Fatal("the officer sees an open report")
		}
		checkPage(f, specialist, "GET", "/ung-xu/"+id, nil, 404)
		checkPage(f, desk, "GET", "/ung-xu/"+id, nil, 404)
		if st, _, _ := f.post(desk, "/ung-xu/"+id+"/xem-xet", url.Values{"outcome": {"no_violation"}, "findings": {"x"}}); st != http.StatusForbidden {
			t.Fatalf("the desk reviewed: %d", st)
		}
		checkPage(f, leader, "GET", "/", nil, 200, "1 phản ánh về thái độ phục vụ chờ xem xét, 0 quá hạn")
		checkPage(f, leader, "GET", "/ung-xu", nil, 200, "Đạt chỉ tiêu", "0 cán bộ, công chức vi phạm", `id="conduct-open-count">1<`)
		checkPage(f, leader, "GET", "/ung-xu/"+id, nil, 200, what, "Lò Văn Sáng", "912345678", `action="/ung-xu/`+id+`/xem-xet"`)

		checkPage(f, leader, "POST", "/ung-xu/"+id+"/xem-xet", url.Values{"outcome": {"reminder"}, "findings": {""}, "reviewed_on": {"2026-03-02"}}, 422,
			"Xin ghi kết quả xác minh, làm việc")
		st, loc, body = f.post(leader, "/ung-xu/"+id+"/xem-xet", url.Values{"outcome": {"reminder"}, "reviewed_on": {"2026-03-02"},
			"findings": {"Đã làm việc với công chức; công chức nhận khuyết điểm, xin lỗi người dân."}})
		if st != http.StatusSeeOther || loc != "/ung-xu/"+id {
			t.Fatalf("review: %d %s", st, errorText(body))
		}
		checkPage(f, leader, "GET", loc, nil, 200, "Đã ghi kết quả xem xét.", "Nhắc nhở, rút kinh nghiệm")
		checkPage(f, leader, "GET", "/ung-xu?nam=2026", nil, 200, "Chưa đạt chỉ tiêu", "1 cán bộ, công chức vi phạm", b.Staff.FullName)
		checkPage(f, leader, "GET", "/ung-xu?nam=2026&vi-pham=1", nil, 200, "Có 1 phản ánh.", `href="/ung-xu/`+id+`"`)
		checkPage(f, leader, "GET", "/ung-xu?nam=2025", nil, 200, "Đạt chỉ tiêu", "Có 0 phản ánh.")
		var sms string
		if err := d.QueryRow(ctx, `SELECT payload FROM outbox WHERE commune_id = $1 AND topic = 'notify.send'`, f.commune.ID).Scan(&sms); err != nil ||
			!strings.Contains(sms, "+84912345678") || !strings.Contains(sms, "Nhắc nhở") {
			t.Fatalf("sms %q %v", sms, err)
		}
		var open int
		if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM duties WHERE commune_id = $1 AND room = 'conduct' AND is_open = TRUE`, f.commune.ID).Scan(&open); err != nil || open != 0 {
			t.Fatalf("%d open duties %v", open, err)
		}
		body = checkPage(f, specialist, "GET", "/ung-xu/"+id, nil, 200, what, "Nhắc nhở, rút kinh nghiệm")
		if strings.Contains(body, "912345678") || strings.Contains(body, "Lò Văn Sáng") {
			t.Fatal("the officer sees who reported")
		}
		checkPage(f, specialist, "GET", "/ung-xu", nil, 200, "Có 1 phản ánh.")

		// The chairman's year summary and the officer's badge, printed.
		if st, ctype, pdf := f.getBytes(leader, "/ung-xu/bao-cao.pdf?nam=2026"); st != 200 || ctype != "application/pdf" {
			t.Fatalf("summary: %d %s", st, ctype)
		} else if txt := osPDFText(t, pdf); !strings.Contains(txt, b.Staff.FullName) || !strings.Contains(txt, "chưa đạt chỉ tiêu") {
			t.Fatalf("summary text: %.400s", txt)
		}
		if st, ctype, pdf := f.getBytes(leader, "/ung-xu/the/"+b.Staff.ID+"/the.pdf"); st != 200 || ctype != "application/pdf" {
			t.Fatalf("badge: %d %s", st, ctype)
		} else if txt := osPDFText(t, pdf); !strings.Contains(txt, strings.ToUpper(b.Staff.FullName)) || !strings.Contains(txt, b.Code) {
			t.Fatalf("badge text: %.400s", txt)
		}
		if st, _, _ := f.getBytes(specialist, "/ung-xu/the/in.pdf"); st != http.StatusForbidden {
			t.Fatalf("a specialist printed the badges: %d", st)
		}
	})
}

// A hamlet head sends residents' views on an officer (a month in the future is refused) and
// reads what it sent; a low rating from the rating room opens a report once; the chairman
// publishes a new version of the code, which the public page shows with the earlier one kept;
// the review time is a setting.
func TestConductHamletRatingAndCode(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f, _ := newClockFixture(t, d, vnAt(2026, 3, 2, 9, 0))
		ctx := context.Background()
		head, leader, admin := f.client(auth.HamletHead), f.client(auth.Leader), f.client(auth.Admin)
		hamlets, err := f.a.Communes.ListHamlets(ctx, f.commune.ID)
		if err != nil || len(hamlets) == 0 {
			t.Fatal(err)
		}
		staff, _, err := f.a.Communes.ListStaff(ctx, f.commune.ID, commune.StaffFilter{})
		if err != nil || len(staff) < 3 {
			t.Fatal(err)
		}
		checkPage(f, head, "GET", "/ung-xu/gop-y", nil, 200, `name="month"`, staff[2].FullName)
		checkPage(f, head, "POST", "/ung-xu/gop-y", url.Values{"hamlet": {hamlets[0].ID}, "month": {"2026-04"}, "body": {"x"}}, 422, "Tháng không đúng")
		st, loc, body := f.post(head, "/ung-xu/gop-y", url.Values{"hamlet": {hamlets[0].ID}, "month": {"2026-02"}, "officer": {staff[2].ID},
			"body": {"Nhiều hộ phản ánh cán bộ hẹn đến đo đạc nhưng không đến."}})
		if st != http.StatusSeeOther || !reportLoc.MatchString(loc) {
			t.Fatalf("hamlet report: %d %s %s", st, loc, errorText(body))
		}
		checkPage(f, head, "GET", loc, nil, 200, "Nhiều hộ phản ánh", hamlets[0].Name, "Chờ xem xét")
		if st, _ := f.do(head, "GET", "/ung-xu/the", nil); st != http.StatusForbidden {
			t.Fatalf("a hamlet head reads the badges: %d", st)
		}

		// A low rating, delivered twice by the outbox.
		payload := map[string]any{"commune_id": f.commune.ID, "rating_id": "rt-1", "subject_type": "dossier", "subject_id": "x",
			"dossier_code": "H55-260302-0001", "procedure_code": "1.001193", "procedure_name": "Đăng ký khai sinh",
			"officer_id": staff[3].ID, "officer_name": staff[3].FullName, "level": 1, "reasons": []string{"Thái độ không niềm nở"},
			"comment": "", "channel": "kiosk", "at": "2026-03-02T08:30:00+07:00"}
		for range 2 {
			if err := d.Tx(ctx, func(tx *db.Tx) error {
				return events.Publish(ctx, tx, f.commune.ID, conduct.TopicRatingRecorded, payload)
			}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := f.a.Events.DeliverDue(ctx); err != nil {
			t.Fatal(err)
		}
		checkPage(f, leader, "GET", "/ung-xu?nguon=rating", nil, 200, "Có 1 phản ánh.", staff[3].FullName)

		// A new version of the code.
		form := url.Values{"title": {"Quy tắc ứng xử của cán bộ, công chức xã"}, "xin": {"Xin chào\nXin lỗi\nXin cảm ơn\nXin phép"},
			"luon": {"Luôn mỉm cười\nLuôn nhẹ nhàng\nLuôn lắng nghe\nLuôn giúp đỡ"}, "khong": {""}, "effective_on": {"2026-03-02"}}
		checkPage(f, admin, "POST", "/ung-xu/quy-tac", form, 422, "Xin ghi ít nhất một nội dung", "Luôn nhẹ nhàng")
		form.Set("khong", "Không cửa quyền, hách dịch\nKhông làm việc riêng trong giờ hành chính")
		if st, loc, body := f.post(admin, "/ung-xu/quy-tac", form); st != http.StatusSeeOther || loc != "/quy-tac-ung-xu" {
			t.Fatalf("publish: %d %s", st, errorText(body))
		}
		anon := f.client("")
		checkPage(f, anon, "GET", "/quy-tac-ung-xu", nil, 200, "Không làm việc riêng trong giờ hành chính", "Phiên bản 1, áp dụng từ ngày 02/03/2026")
		form.Set("khong", "Không cửa quyền, hách dịch")
		form.Set("note", "Bỏ một điều")
		f.post(admin, "/ung-xu/quy-tac", form)
		checkPage(f, anon, "GET", "/quy-tac-ung-xu?phien-ban=1", nil, 200, "Đây là phiên bản 1, không còn áp dụng", "Không làm việc riêng")
		checkPage(f, anon, "GET", "/quy-tac-ung-xu?phien-ban=9", nil, 404)
		if st, _, _ := f.post(head, "/ung-xu/quy-tac", form); st != http.StatusForbidden {
			t.Fatalf("a hamlet head edited the code: %d", st)
		}
		checkPage(f, leader, "POST", "/ung-xu/cai-dat", url.Values{"review_days": {"90"}}, 422, "Thời hạn từ 1 đến 60 ngày làm việc")
		if st, _, _ := f.post(leader, "/ung-xu/cai-dat", url.Values{"review_days": {"7"}}); st != http.StatusSeeOther {
			t.Fatalf("settings: %d", st)
		}
		checkPage(f, leader, "GET", "/ung-xu", nil, 200, "7 ngày làm việc")
	})
}
