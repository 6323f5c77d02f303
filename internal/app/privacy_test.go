package app_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"xaso/internal/auth"
	"xaso/internal/db"
	"xaso/internal/db/dbtest"
	"xaso/internal/privacy"
)

// A renamed or removed route would silently stop its reads being logged: every declared
// pattern must be a mounted route.
func TestPersonalRoutesAreMounted(t *testing.T) {
	f := newFixture(t, dbtest.SQLite(t))
	if len(f.a.Web.PersonalRoutes()) != len(privacy.Routes) {
		t.Fatalf("declared %d routes, the room lists %d", len(f.a.Web.PersonalRoutes()), len(privacy.Routes))
	}
	if un := f.a.Web.UnmountedPersonalRoutes(); len(un) > 0 {
		t.Errorf("declared personal routes not mounted: %v", un)
	}
}

type demoResident struct{ id, household, name, idNumber, phone string }

// aResident is a demo resident with an ID number and a phone of their own.
func (f *fixture) aResident(t *testing.T) demoResident {
	t.Helper()
	var r demoResident
	if err := f.d.QueryRow(context.Background(), `SELECT id, household_id, full_name, id_number, phone FROM residents
		WHERE commune_id = $1 AND id_number IS NOT NULL AND phone <> '' ORDER BY id LIMIT 1`, f.commune.ID).
		Scan(&r.id, &r.household, &r.name, &r.idNumber, &r.phone); err != nil {
		t.Fatal(err)
	}
	return r
}

var privacyNumber = regexp.MustCompile(`^/du-lieu-ca-nhan/da-nhan/(DP-\d{4}-\d{5})$`)

func (f *fixture) askPrivacy(t *testing.T, form url.Values) string {
	t.Helper()
	st, loc, body := f.post(f.client(""), "/du-lieu-ca-nhan", form)
	m := privacyNumber.FindStringSubmatch(loc)
	if st != http.StatusSeeOther || m == nil {
		t.Fatalf("submit: %d %s\n%.600s", st, loc, body)
	}
	return m[1]
}

func (f *fixture) count(t *testing.T, q string, args ...any) int {
	t.Helper()
	var n int
	if err := f.d.QueryRow(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// A resident asks for a copy from the public form, follows it by number and phone digits;
// the desk cannot answer before checking the identity papers, checks them, downloads the JSON
// copy (their record, household, nothing of a sealed identity) and answers; every step is
// audited, published and in the duties register.
func TestPrivacyCopyThroughPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		res := f.aResident(t)
		checkPage(f, f.client(""), "GET", "/du-lieu-ca-nhan", nil, 200, "Yêu cầu về dữ liệu cá nhân", "Số định danh cá nhân")
		checkPage(f, f.client(""), "POST", "/du-lieu-ca-nhan", url.Values{"kind": {"copy"}, "full_name": {res.name}, "id_number": {"12345"},
			"phone": {"12"}, "delivery": {"office"}}, 422, "gồm đúng 12 chữ số", "Số điện thoại không đúng")
		checkPage(f, f.client(""), "POST", "/du-lieu-ca-nhan", url.Values{"kind": {"correction"}, "full_name": {res.name}, "id_number": {res.idNumber},
			"phone": {res.phone}, "delivery": {"office"}}, 422, "Xin ghi thông tin đang sai.")
		number := f.askPrivacy(t, url.Values{"kind": {"copy"}, "full_name": {res.name}, "id_number": {res.idNumber}, "phone": {res.phone}, "delivery": {"office"}})
		body := checkPage(f, f.client(""), "GET", "/du-lieu-ca-nhan/da-nhan/"+number, nil, 200, number, "Hạn giải quyết", "Nghị định 356/2025")
		if strings.Contains(body, res.idNumber) || strings.Contains(body, res.name) {
			t.Error("the receipt shows personal data")
		}
		digits := res.phone[len(res.phone)-4:]
		checkPage(f, f.client(""), "POST", "/du-lieu-ca-nhan/tra-cuu", url.Values{"number": {number}, "digits": {"0000"}}, 404, "Không tìm thấy yêu cầu")
		checkPage(f, f.client(""), "POST", "/du-lieu-ca-nhan/tra-cuu", url.Values{"number": {number}, "digits": {digits}}, 200, "Đã tiếp nhận, chờ đối chiếu giấy tờ")

		desk := f.client(auth.Desk)
		checkPage(f, desk, "GET", "/du-lieu-ca-nhan/yeu-cau", nil, 200, number, res.name)
		checkPage(f, desk, "GET", "/du-lieu-ca-nhan/yeu-cau/"+number, nil, 200, res.idNumber, "Đối chiếu giấy tờ tùy thân", "/nhan-khau/"+res.id)
		checkPage(f, desk, "POST", "/du-lieu-ca-nhan/yeu-cau/"+number+"/xu-ly", url.Values{"action": {"answer"}}, 409)
		if st, _ := f.do(desk, "GET", "/du-lieu-ca-nhan/yeu-cau/"+number+"/du-lieu.json", nil); st != 409 {
			t.Errorf("copy before the identity check: %d", st)
		}
		checkPage(f, desk, "POST", "/du-lieu-ca-nhan/yeu-cau/"+number+"/xu-ly", url.Values{"action": {"verify"}}, 422, "Xin đánh dấu đã đối chiếu")
		if st, loc, _ := f.post(desk, "/du-lieu-ca-nhan/yeu-cau/"+number+"/xu-ly", url.Values{"action": {"verify"}, "confirmed": {"1"}}); st != 303 || loc != "/du-lieu-ca-nhan/yeu-cau/"+number {
			t.Fatalf("verify: %d %s", st, loc)
		}
		checkPage(f, desk, "GET", "/du-lieu-ca-nhan/yeu-cau/"+number, nil, 200, "Đã đối chiếu: Người thử desk", "Tải bản dữ liệu (JSON)")

		st, raw := f.do(desk, "GET", "/du-lieu-ca-nhan/yeu-cau/"+number+"/du-lieu.json", nil)
		if st != 200 {
			t.Fatalf("copy: %d %s", st, raw)
		}
		var doc struct {
			Schema   string                      `json:"schema"`
			Sections map[string][]map[string]any `json:"-"`
			Raw      map[string]json.RawMessage  `json:"sections"`
			Withheld map[string]int              `json:"withheld"`
			Request  map[string]any              `json:"request"`
			Commune  map[string]any              `json:"commune"`
		}
		if err := json.Unmarshal([]byte(raw), &doc); err != nil {
			t.Fatalf("copy is not JSON: %v\n%.500s", err, raw)
		}
		if doc.Schema != privacy.Schema || doc.Request["number"] != number || doc.Commune["code"] != f.commune.Code {
			t.Errorf("copy header: %s %v %v", doc.Schema, doc.Request, doc.Commune)
		}
		var residents []map[string]any
		json.Unmarshal(doc.Raw["residents"], &residents)
		if len(residents) != 1 || residents[0]["id"] != res.id || residents[0]["id_number"] != res.idNumber {
			t.Errorf("residents section: %v", residents)
		}
		var households []map[string]any
		json.Unmarshal(doc.Raw["households"], &households)
		if len(households) != 1 || households[0]["id"] != res.household {
			t.Errorf("households section: %v", households)
		}
		for _, sec := range []string{"dossiers", "bookings", "petitions", "information_requests", "reception_visits", "personal_data_requests", "reads"} {
			if _, ok := doc.Raw[sec]; !ok {
				t.Errorf("section %s missing", sec)
			}
		}
		// Another member of the household is not in the copy.
		var other string
		f.d.QueryRow(context.Background(), `SELECT full_name FROM residents WHERE commune_id = $1 AND household_id = $2 AND id <> $3 LIMIT 1`,
			f.commune.ID, res.household, res.id).Scan(&other)
		if other != "" && other != res.name && strings.Contains(raw, other) {
			// The head's name is theirs to see only if they are the head.
			var head string
			f.d.QueryRow(context.Background(), `SELECT head_name FROM households WHERE commune_id = $1 AND id = $2`, f.commune.ID, res.household).Scan(&head)
			if other != head || head == res.name {
				t.Errorf("another member's name %q is in the copy", other)
			}
		}

		if st, _, _ := f.post(desk, "/du-lieu-ca-nhan/yeu-cau/"+number+"/xu-ly", url.Values{"action": {"answer"}, "text": {"Đã trao bản sao tại trụ sở."}}); st != 303 {
			t.Fatalf("answer: %d", st)
		}
		checkPage(f, f.client(""), "POST", "/du-lieu-ca-nhan/tra-cuu", url.Values{"number": {number}, "digits": {digits}}, 200, "Đã giải quyết", "Đã trao bản sao tại trụ sở.")
		checkPage(f, desk, "POST", "/du-lieu-ca-nhan/yeu-cau/"+number+"/xu-ly", url.Values{"action": {"refuse"}, "text": {"x"}}, 409)

		ctx := context.Background()
		var id string
		if err := f.d.QueryRow(ctx, `SELECT id FROM privacy_requests WHERE commune_id = $1 AND number = $2`, f.commune.ID, number).Scan(&id); err != nil {
			t.Fatal(err)
		}
		for _, action := range []string{"privacy.receive", "privacy.verify", "privacy.answer"} {
			if n := f.count(t, `SELECT COUNT(*) FROM audit_log WHERE commune_id = $1 AND action = $2 AND object_id = $3`, f.commune.ID, action, id); n != 1 {
				t.Errorf("audit %s: %d entries", action, n)
			}
		}
		if n := f.count(t, `SELECT COUNT(*) FROM audit_log WHERE commune_id = $1 AND summary LIKE $2`, f.commune.ID, "%"+res.idNumber+"%"); n != 0 {
			t.Error("the audit log holds the ID number")
		}
		if n := f.count(t, `SELECT COUNT(*) FROM outbox WHERE commune_id = $1 AND topic = $2`, f.commune.ID, privacy.TopicChanged); n != 3 {
			t.Errorf("%d events %s, want 3", n, privacy.TopicChanged)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM duties WHERE commune_id = $1 AND subject_id = $2`, f.commune.ID, id); n != 2 {
			t.Errorf("%d duties, want the acknowledgement and the answer", n)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM duties WHERE commune_id = $1 AND subject_id = $2 AND is_open`, f.commune.ID, id); n != 0 {
			t.Errorf("%d duties still open", n)
		}
	})
}

// A correction is answered with what was changed, or refused with a reason; a copy chosen by
// SMS goes out as a one-time link that asks for the phone digits and opens once.
func TestPrivacyCorrectionRefusalAndLink(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		res := f.aResident(t)
		lead := f.client(auth.Leader)
		corr := f.askPrivacy(t, url.Values{"kind": {"correction"}, "full_name": {res.name}, "id_number": {res.idNumber}, "phone": {res.phone},
			"delivery": {"office"}, "wrong": {"Ngày sinh ghi sai"}, "right": {"Ngày sinh đúng là 02/03/1990"}})
		checkPage(f, lead, "POST", "/du-lieu-ca-nhan/yeu-cau/"+corr+"/xu-ly", url.Values{"action": {"refuse"}}, 422, "Xin ghi lý do từ chối.")
		f.post(lead, "/du-lieu-ca-nhan/yeu-cau/"+corr+"/xu-ly", url.Values{"action": {"verify"}, "confirmed": {"1"}})
		checkPage(f, lead, "POST", "/du-lieu-ca-nhan/yeu-cau/"+corr+"/xu-ly", url.Values{"action": {"answer"}}, 422, "Xin ghi đã chỉnh sửa thông tin gì")
		if st, _ := f.do(lead, "GET", "/du-lieu-ca-nhan/yeu-cau/"+corr+"/du-lieu.json", nil); st != 409 {
			t.Errorf("a correction's copy: %d", st)
		}
		if st, _, _ := f.post(lead, "/du-lieu-ca-nhan/yeu-cau/"+corr+"/xu-ly", url.Values{"action": {"answer"}, "text": {"Đã sửa ngày sinh tại trang nhân khẩu."}}); st != 303 {
			t.Fatalf("answer the correction: %d", st)
		}
		refused := f.askPrivacy(t, url.Values{"kind": {"copy"}, "full_name": {"Người khác"}, "id_number": {"019000000000"}, "phone": {"0912000009"}, "delivery": {"office"}})
		if st, _, _ := f.post(lead, "/du-lieu-ca-nhan/yeu-cau/"+refused+"/xu-ly", url.Values{"action": {"refuse"}, "text": {"Không đến đối chiếu giấy tờ."}}); st != 303 {
			t.Fatalf("refuse: %d", st)
		}
		checkPage(f, lead, "GET", "/du-lieu-ca-nhan/yeu-cau/"+refused, nil, 200, "Từ chối (có lý do)", "Không đến đối chiếu giấy tờ.")

		sms := f.askPrivacy(t, url.Values{"kind": {"copy"}, "full_name": {res.name}, "id_number": {res.idNumber}, "phone": {res.phone}, "delivery": {"sms_link"}})
		f.post(lead, "/du-lieu-ca-nhan/yeu-cau/"+sms+"/xu-ly", url.Values{"action": {"verify"}, "confirmed": {"1"}})
		f.post(lead, "/du-lieu-ca-nhan/yeu-cau/"+sms+"/xu-ly", url.Values{"action": {"answer"}})
		var payload string
		if err := f.d.QueryRow(context.Background(), `SELECT payload FROM outbox WHERE commune_id = $1 AND topic = 'notify.send' AND payload LIKE $2`,
			f.commune.ID, "%"+sms+"%").Scan(&payload); err != nil {
			t.Fatalf("no SMS with the link: %v", err)
		}
		link := regexp.MustCompile(`/du-lieu-ca-nhan/tai/` + sms + `\?k=[0-9a-f]{64}`).FindString(payload)
		if link == "" {
			t.Fatalf("SMS without a link: %s", payload)
		}
		k := link[strings.Index(link, "=")+1:]
		anon := f.client("")
		// Opening the link (a messaging app's preview) does not spend it.
		checkPage(f, anon, "GET", link, nil, 200, "4 số cuối điện thoại")
		checkPage(f, anon, "GET", link, nil, 200, "Tải về (JSON)")
		checkPage(f, anon, "POST", "/du-lieu-ca-nhan/tai/"+sms, url.Values{"k": {k}, "digits": {"0000"}}, 404, "không đúng")
		st, raw := f.do(anon, "POST", "/du-lieu-ca-nhan/tai/"+sms, url.Values{"k": {k}, "digits": {res.phone[len(res.phone)-4:]}})
		if st != 200 || !strings.Contains(raw, `"schema":"xaso.personal.v1"`) || !strings.Contains(raw, res.id) {
			t.Fatalf("download: %d %.300s", st, raw)
		}
		checkPage(f, anon, "POST", "/du-lieu-ca-nhan/tai/"+sms, url.Values{"k": {k}, "digits": {res.phone[len(res.phone)-4:]}}, 404, "đã được dùng")
		checkPage(f, lead, "GET", "/du-lieu-ca-nhan/yeu-cau/"+sms, nil, 200, "Đã dùng lúc")
		if n := f.count(t, `SELECT COUNT(*) FROM privacy_requests WHERE commune_id = $1 AND link_hash LIKE $2`, f.commune.ID, "%"+k+"%"); n != 0 {
			t.Error("the token is stored")
		}
	})
}

// The shell records a read of a declared page for an officer, and the leader reads the log by
// subject and by officer; nobody else may.
func TestPersonalReadsLog(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		res := f.aResident(t)
		desk := f.client(auth.Desk)
		checkPage(f, desk, "GET", "/nhan-khau/"+res.id, nil, 200)
		if n := f.count(t, `SELECT COUNT(*) FROM personal_reads WHERE commune_id = $1 AND subject_type = 'resident' AND subject_id = $2 AND route = $3`,
			f.commune.ID, res.id, "GET /nhan-khau/{id}"); n != 1 {
			t.Fatalf("%d reads of the resident, want 1 (does the request middleware call Server.AfterPersonalRead?)", n)
		}
		lead := f.client(auth.Leader)
		checkPage(f, lead, "GET", "/du-lieu-ca-nhan/nhat-ky", nil, 200, "Người thử desk", res.id, "Có 1 lượt xem.")
		checkPage(f, lead, "GET", "/du-lieu-ca-nhan/nhat-ky?doi-tuong=resident:"+res.id, nil, 200, "Có 1 lượt xem.", "Lượt xem của Nhân khẩu")
		checkPage(f, lead, "GET", "/du-lieu-ca-nhan/nhat-ky?doi-tuong=resident:khac", nil, 200, "Có 0 lượt xem.")
		checkPage(f, lead, "GET", "/du-lieu-ca-nhan/nhat-ky?can-bo="+f.userID("u-desk"), nil, 200, "Có 1 lượt xem.")
		checkPage(f, lead, "GET", "/du-lieu-ca-nhan/nhat-ky?doi-tuong=sai", nil, 422)
		// The person's own request shows who read their record.
		number := f.askPrivacy(t, url.Values{"kind": {"copy"}, "full_name": {res.name}, "id_number": {res.idNumber}, "phone": {res.phone}, "delivery": {"office"}})
		checkPage(f, lead, "GET", "/du-lieu-ca-nhan/yeu-cau/"+number, nil, 200, "Người thử desk")
	})
}

// The commune's times: leader and admin set them, with the defaults shown and labelled; a
// request received afterwards takes them.
func TestPrivacySettings(t *testing.T) {
	d := dbtest.SQLite(t)
	f, clk := newClockFixture(t, d, vnAt(2026, 3, 2, 8, 0)) // a Monday
	lead := f.client(auth.Leader)
	checkPage(f, lead, "GET", "/du-lieu-ca-nhan/cai-dat", nil, 200, "value=\"72\"", "value=\"2\"", "chưa đọc được văn bản Nghị định 356/2025")
	checkPage(f, lead, "POST", "/du-lieu-ca-nhan/cai-dat", url.Values{"ack_days": {"x"}, "answer_hours": {"0"}, "link_days": {"7"}}, 422, "phải từ 0 đến 30", "phải từ 1 đến 2160")
	if st, _, _ := f.post(lead, "/du-lieu-ca-nhan/cai-dat", url.Values{"ack_days": {"1"}, "answer_hours": {"240"}, "link_days": {"3"}}); st != 303 {
		t.Fatalf("save: %d", st)
	}
	res := f.aResident(t)
	number := f.askPrivacy(t, url.Values{"kind": {"copy"}, "full_name": {res.name}, "id_number": {res.idNumber}, "phone": {res.phone}, "delivery": {"office"}})
	r, err := f.a.Privacy.Get(context.Background(), f.commune.ID, number)
	if err != nil {
		t.Fatal(err)
	}
	// 240 hours from Monday 2 March 08:00 is Thursday 12 March 08:00, a working day; the
	// acknowledgement is owed by the end of Tuesday 3 March.
	if want := vnAt(2026, 3, 12, 8, 0).UTC(); !r.DueAt.Equal(want) {
		t.Errorf("due %v, want %v", r.DueAt, want)
	}
	if r.AckDueAt.In(vnAt(2026, 1, 1, 0, 0).Location()).Day() != 3 {
		t.Errorf("acknowledgement due %v, want Tuesday 3 March", r.AckDueAt)
	}
	_ = clk
}

// Who may open the room's pages; every key its templates write is in the catalogue.
func TestPrivacyPermissions(t *testing.T) {
	f := newFixture(t, dbtest.SQLite(t))
	if n := f.checkTemplateKeys(t, "../privacy/templates", "privacy"); n < 80 {
		t.Errorf("only %d keys found in the templates", n)
	}
	for _, c := range []struct {
		path   string
		role   auth.Role
		status int
	}{
		{"/du-lieu-ca-nhan", "", 200}, {"/du-lieu-ca-nhan/tra-cuu", "", 200}, {"/du-lieu-ca-nhan/tai/DP-2026-00001?k=x", "", 200},
		{"/du-lieu-ca-nhan/yeu-cau", "", 303}, {"/du-lieu-ca-nhan/yeu-cau", auth.Resident, 403}, {"/du-lieu-ca-nhan/yeu-cau", auth.HamletHead, 403},
		{"/du-lieu-ca-nhan/yeu-cau", auth.Inspection, 403}, {"/du-lieu-ca-nhan/yeu-cau", auth.Front, 403},
		{"/du-lieu-ca-nhan/yeu-cau", auth.Desk, 200}, {"/du-lieu-ca-nhan/yeu-cau", auth.Specialist, 200},
		{"/du-lieu-ca-nhan/yeu-cau", auth.Leader, 200}, {"/du-lieu-ca-nhan/yeu-cau", auth.Admin, 200},
		{"/du-lieu-ca-nhan/nhat-ky", auth.Desk, 403}, {"/du-lieu-ca-nhan/nhat-ky", auth.Specialist, 403},
		{"/du-lieu-ca-nhan/nhat-ky", auth.Leader, 200}, {"/du-lieu-ca-nhan/nhat-ky", auth.Admin, 200},
		{"/du-lieu-ca-nhan/cai-dat", auth.Desk, 403}, {"/du-lieu-ca-nhan/cai-dat", auth.Admin, 200},
		{"/du-lieu-ca-nhan/yeu-cau/DP-2026-99999", auth.Desk, 404}, {"/du-lieu-ca-nhan/da-nhan/DP-2026-99999", "", 404},
	} {
		if st, _ := f.do(f.client(c.role), "GET", c.path, nil); st != c.status {
			t.Errorf("GET %s as %q: %d, want %d", c.path, c.role, st, c.status)
		}
	}
}

// The tracking forms take phone numbers; a phone in a query never reaches the request log,
// which records the path only, nor does a phone posted in a refused form.
func TestPhonesStayOutOfTheRequestLog(t *testing.T) {
	f := newFixture(t, dbtest.SQLite(t))
	anon := f.client("")
	f.do(anon, "GET", "/tra-cuu?ma=000.00.12.H55-260302-0001&phone=0912345671", nil)
	f.do(anon, "GET", "/du-lieu-ca-nhan/tra-cuu?number=DP-2026-00001&digits=0912345672", nil)
	f.post(anon, "/du-lieu-ca-nhan", url.Values{"kind": {"copy"}, "full_name": {"A"}, "id_number": {"019090009999"}, "phone": {"0912345673"}, "delivery": {"x"}})
	f.post(anon, "/phan-anh/tra-cuu", url.Values{"number": {"DT-2026-00001"}, "digits": {"0912345674"}})
	logs := f.logs.String()
	if !strings.Contains(logs, "/du-lieu-ca-nhan/tra-cuu") {
		t.Fatalf("the requests were not logged: %.500s", logs)
	}
	for _, v := range []string{"0912345671", "0912345672", "0912345673", "019090009999", "0912345674"} {
		if strings.Contains(logs, v) {
			t.Errorf("%s reached the log", v)
		}
	}
}
