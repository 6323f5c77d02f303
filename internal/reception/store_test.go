package reception_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"xaso/internal/audit"
	"xaso/internal/auth"
	"xaso/internal/calendar"
	"xaso/internal/commune"
	"xaso/internal/db"
	"xaso/internal/db/dbtest"
	"xaso/internal/errs"
	"xaso/internal/reception"
	"xaso/internal/web"
)

const password = "matkhau123"

// clock is a settable clock for the service.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

func at(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, calendar.Zone)
}

// env is a commune with the room's service, a fake petition room, and (when web is asked for)
// the web shell with accounts for a leader, two desk officers and a specialist.
type env struct {
	t   *testing.T
	ctx context.Context
	d   *db.DB
	svc *reception.Service
	clk *clock
	cid string

	mu         sync.Mutex
	petitions  int
	failNext   bool
	handedOver []reception.Visit

	srv   *httptest.Server
	users map[string]*auth.User
}

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	ctx := context.Background()
	var c commune.Commune
	err := d.Tx(ctx, func(tx *db.Tx) error {
		var err error
		c, err = commune.CreateCommune(ctx, tx, commune.Commune{Code: "BY", Name: "Bình Yên", Province: "Thái Nguyên", AgencyCode: "000.00.12.H55"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, ctx: ctx, d: d, clk: &clock{t: at(2026, time.August, 27, 9, 0)}, cid: c.ID}
	e.svc = reception.New(reception.Deps{DB: d, Now: e.clk.now,
		Calendars: func(context.Context, string) (*calendar.Calendar, error) { return calendar.Default(), nil },
		NewPetition: func(ctx context.Context, tx *db.Tx, communeID string, by audit.Actor, v reception.Visit) (string, string, error) {
			if tx == nil || communeID != c.ID || v.ID == "" {
				t.Errorf("NewPetition called outside the tx or without the visit: %v %q %+v", tx, communeID, v)
			}
			e.mu.Lock()
			defer e.mu.Unlock()
			if e.failNext {
				e.failNext = false
				return "", "", errors.New("petition room down")
			}
			e.petitions++
			e.handedOver = append(e.handedOver, v)
			return "PA-1", "/don-thu/PA-1", nil
		}})
	return e
}

var (
	desk   = audit.Actor{ID: "u-desk", Name: "Hoàng Thị Thu"}
	leader = audit.Actor{ID: "u-lead", Name: "Ma Văn Hùng"}
)

func session(day string, kind reception.SessionKind) reception.SessionInput {
	return reception.SessionInput{Day: day, Start: "07:30", End: "11:30", Place: "Phòng tiếp công dân", HostName: "Ma Văn Hùng",
		Topics: "Đất đai, giải phóng mặt bằng", Attendees: "Công chức địa chính", Kind: kind, Mode: reception.InPerson}
}

func visit(name string, kind reception.MatterKind) reception.VisitInput {
	return reception.VisitInput{Name: name, Address: "Xóm Trung Tâm", IDNumber: "019 090 001 234", People: "1", Kind: kind,
		Matter: "Tranh chấp ranh giới đất với hộ liền kề", History: "Đã hòa giải ở thôn, không thành", Request: "Đề nghị xã giải quyết",
		Handling: "Tiếp nhận đơn", Mode: reception.InPerson}
}

func (e *env) createSession(in reception.SessionInput) reception.Session {
	e.t.Helper()
	ss, err := e.svc.CreateSession(e.ctx, e.cid, leader, in)
	if err != nil {
		e.t.Fatalf("create session %s: %v", in.Day, err)
	}
	return ss
}

func (e *env) publish(in reception.SessionInput) reception.Session {
	e.t.Helper()
	ss := e.createSession(in)
	ss, err := e.svc.PublishSession(e.ctx, e.cid, leader, ss.ID)
	if err != nil {
		e.t.Fatalf("publish %s: %v", in.Day, err)
	}
	return ss
}

func (e *env) record(by audit.Actor, in reception.VisitInput) reception.Visit {
	e.t.Helper()
	v, err := e.svc.RecordVisit(e.ctx, e.cid, by, in)
	if err != nil {
		e.t.Fatalf("record visit: %v", err)
	}
	return v
}

func fieldErr(t *testing.T, err error, field, key string) {
	t.Helper()
	fe, ok := errs.Fields(err)
	if !ok || fe[field] != key {
		t.Fatalf("want field error %s=%s, got %v", field, key, err)
	}
}

// Published on Thursday 27 August 2026, a regular session needs 5 working days of notice:
// 1 and 2 September are the National Day holiday, so Friday 4 September (8 calendar days,
// 4 working days) is refused and Monday 7 September accepted.
func TestPublishNeedsFiveWorkingDays(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		early := e.createSession(session("04/09/2026", reception.Regular))
		_, err := e.svc.PublishSession(e.ctx, e.cid, leader, early.ID)
		fieldErr(t, err, "day", "reception.session.notice_too_short")
		if s, _ := e.svc.Session(e.ctx, e.cid, early.ID); s.Published() {
			t.Fatal("refused session was published")
		}
		ok := e.publish(session("7/9/2026", reception.Regular))
		if !ok.Published() || ok.Day != calendar.NewDate(2026, time.September, 7) {
			t.Fatalf("published %+v", ok)
		}
		if _, err := e.svc.PublishSession(e.ctx, e.cid, leader, ok.ID); errs.KindOf(err) != errs.Conflict {
			t.Fatalf("second publish: %v", err)
		}
		if d, _ := e.svc.EarliestPublishable(e.ctx, e.cid, calendar.DateOf(e.clk.now())); d != calendar.NewDate(2026, time.September, 7) {
			t.Fatalf("earliest %s", d)
		}
		var n int
		if err := d.QueryRow(e.ctx, `SELECT count(*) FROM outbox WHERE topic = 'reception.session.published'`).Scan(&n); err != nil || n != 1 {
			t.Fatalf("events %d %v", n, err)
		}
		if _, err := e.svc.PublishSession(e.ctx, e.cid, leader, "nope"); errs.KindOf(err) != errs.NotFound {
			t.Fatalf("unknown id: %v", err)
		}
	})
}

func TestAdHocSessionIsExempt(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		s := e.publish(session("28/08/2026", reception.AdHoc))
		if !s.Published() {
			t.Fatal("not published")
		}
	})
}

func TestSessionValidation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		in := session("31/02/2026", reception.Regular)
		in.Start, in.End, in.Place = "25:00", "7h", ""
		_, err := e.svc.CreateSession(e.ctx, e.cid, leader, in)
		fe, ok := errs.Fields(err)
		if !ok || fe["day"] != "reception.date_invalid" || fe["start"] != "reception.time_invalid" || fe["place"] != "reception.session.place_required" {
			t.Fatalf("got %v", err)
		}
		in = session("07/09/2026", reception.Regular)
		in.HostTitle = "Phó Chủ tịch Ủy ban nhân dân xã"
		_, err = e.svc.CreateSession(e.ctx, e.cid, leader, in)
		fieldErr(t, err, "host_title", "reception.session.host_chairman")
		in.Kind = reception.AdHoc
		if _, err := e.svc.CreateSession(e.ctx, e.cid, leader, in); err != nil {
			t.Fatalf("ad hoc by a deputy: %v", err)
		}
		in = session("07/09/2026", reception.Regular)
		in.Start, in.End = "14:00", "13:30"
		_, err = e.svc.CreateSession(e.ctx, e.cid, leader, in)
		fieldErr(t, err, "end", "reception.session.end_before_start")
	})
}

func TestSerialNumbersRestartEachYear(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.clk.set(at(2026, time.December, 30, 9, 0))
		for want := 1; want <= 3; want++ {
			if v := e.record(desk, visit("Nguyễn Văn An", reception.Complaint)); v.Serial != want || v.Year != 2026 || v.Number() != strconv.Itoa(want)+"/2026" {
				t.Fatalf("serial %d/%d, want %d", v.Serial, v.Year, want)
			}
		}
		e.clk.set(at(2027, time.January, 4, 9, 0))
		if v := e.record(desk, visit("Trần Thị Bình", reception.Reflection)); v.Serial != 1 || v.Year != 2027 {
			t.Fatalf("new year: %d/%d", v.Serial, v.Year)
		}
		late := visit("Lò Văn Cường", reception.Recommendation)
		late.Day = "31/12/2026"
		if v := e.record(desk, late); v.Serial != 4 || v.Year != 2026 {
			t.Fatalf("late entry of 2026: %d/%d", v.Serial, v.Year)
		}
		list, total, err := e.svc.Logbook(e.ctx, e.cid, 2026, 50, 0)
		if err != nil || total != 4 || len(list) != 4 || list[0].Serial != 1 || list[3].Serial != 4 {
			t.Fatalf("logbook: %d %v", total, err)
		}
		future := visit("A", reception.Complaint)
		future.Day = "05/01/2027"
		_, err = e.svc.RecordVisit(e.ctx, e.cid, desk, future)
		fieldErr(t, err, "day", "reception.visit.day_future")
		bad := visit("", "")
		bad.IDNumber, bad.People = "12345", "0"
		_, err = e.svc.RecordVisit(e.ctx, e.cid, desk, bad)
		fe, _ := errs.Fields(err)
		if fe["name"] != "reception.visit.name_required" || fe["kind"] != "reception.visit.kind_required" ||
			fe["id_number"] != "reception.visit.id_number_invalid" || fe["people"] != "reception.visit.people_invalid" {
			t.Fatalf("got %v", fe)
		}
	})
}

// A visit on Thursday 27 August 2026 is answered by the 10th working day after it, past the
// National Day holiday: Monday 14 September, at the close of office (17:00, 10:00 UTC).
func TestReplyDuty(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		v := e.record(desk, visit("Nguyễn Văn An", reception.Complaint))
		want := time.Date(2026, time.September, 14, 10, 0, 0, 0, time.UTC)
		if !v.ReplyDueAt.Equal(want) {
			t.Fatalf("due %s", v.ReplyDueAt)
		}
		duty := func() (time.Time, bool) {
			t.Helper()
			var due time.Time
			var open bool
			if err := d.QueryRow(e.ctx, `SELECT due_at, is_open FROM duties WHERE room='reception'`).Scan(&due, &open); err != nil {
				t.Fatal(err)
			}
			return due.UTC(), open
		}
		if due, open := duty(); !due.Equal(want) || !open {
			t.Fatalf("duty %s open=%v", due, open)
		}
		e.clk.set(at(2026, time.September, 3, 10, 0))
		_, err := e.svc.RecordReply(e.ctx, e.cid, desk, v.ID, reception.ReplyInput{Outcome: reception.Refused})
		fieldErr(t, err, "text", "reception.reply.reason_required")
		_, err = e.svc.RecordReply(e.ctx, e.cid, desk, v.ID, reception.ReplyInput{Outcome: reception.Forwarded})
		fieldErr(t, err, "forwarded_to", "reception.reply.forwarded_to_required")
		if _, open := duty(); !open {
			t.Fatal("a refused reply closed the duty")
		}
		r, err := e.svc.RecordReply(e.ctx, e.cid, desk, v.ID, reception.ReplyInput{Outcome: reception.Forwarded,
			ForwardedTo: "Phòng Tài nguyên và Môi trường", Text: "Thuộc thẩm quyền cấp trên"})
		if err != nil || r.Reply.Day != calendar.NewDate(2026, time.September, 3) {
			t.Fatalf("reply %+v %v", r.Reply, err)
		}
		if _, open := duty(); open {
			t.Fatal("the duty is still open after the reply")
		}
		if _, err := e.svc.RecordReply(e.ctx, e.cid, desk, v.ID, reception.ReplyInput{Outcome: reception.Accepted}); errs.KindOf(err) != errs.Conflict {
			t.Fatalf("second reply: %v", err)
		}
		got, _ := e.svc.Visit(e.ctx, e.cid, v.ID)
		if got.Reply.Outcome != reception.Forwarded || got.Reply.ForwardedTo != "Phòng Tài nguyên và Môi trường" {
			t.Fatalf("stored %+v", got.Reply)
		}
		var n int
		if err := d.QueryRow(e.ctx, `SELECT count(*) FROM audit_log WHERE object_id = $1`, v.ID).Scan(&n); err != nil || n != 2 {
			t.Fatalf("audit entries %d %v", n, err)
		}
	})
}

func TestToPetitionOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		v := e.record(desk, visit("Nguyễn Văn An", reception.Complaint))
		e.failNext = true
		if _, err := e.svc.ToPetition(e.ctx, e.cid, desk, v.ID); err == nil {
			t.Fatal("a failing petition room went unnoticed")
		}
		got, err := e.svc.ToPetition(e.ctx, e.cid, desk, v.ID)
		if err != nil || got.PetitionNo != "PA-1" || got.PetitionURL != "/don-thu/PA-1" {
			t.Fatalf("to petition: %+v %v", got, err)
		}
		if _, err := e.svc.ToPetition(e.ctx, e.cid, desk, v.ID); errs.KindOf(err) != errs.Conflict {
			t.Fatalf("second call: %v", err)
		}
		if e.petitions != 1 {
			t.Fatalf("NewPetition succeeded %d times", e.petitions)
		}
		stored, _ := e.svc.Visit(e.ctx, e.cid, v.ID)
		if stored.PetitionNo != "PA-1" || stored.PetitionAt.IsZero() {
			t.Fatalf("stored %+v", stored)
		}
		if _, err := e.svc.ToPetition(e.ctx, e.cid, desk, "nope"); errs.KindOf(err) != errs.NotFound {
			t.Fatalf("unknown: %v", err)
		}
		none := reception.New(reception.Deps{DB: d, Now: e.clk.now})
		if none.CanPetition() {
			t.Fatal("CanPetition without NewPetition")
		}
		if _, err := none.ToPetition(e.ctx, e.cid, desk, v.ID); errs.KindOf(err) != errs.Conflict {
			t.Fatalf("without NewPetition: %v", err)
		}
	})
}

func TestWeeksWithoutSession(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.clk.set(at(2026, time.August, 3, 9, 0))
		e.publish(session("19/08/2026", reception.Regular))       // week of 17 August
		e.publish(session("26/08/2026", reception.AdHoc))         // ad hoc: does not count
		e.publish(session("03/09/2026", reception.Regular))       // week of 31 August
		e.createSession(session("10/09/2026", reception.Regular)) // a draft: does not count
		gaps, err := e.svc.WeeksWithoutSession(e.ctx, e.cid, calendar.NewDate(2026, time.August, 19), calendar.NewDate(2026, time.September, 13))
		if err != nil {
			t.Fatal(err)
		}
		want := []calendar.Date{calendar.NewDate(2026, time.August, 24), calendar.NewDate(2026, time.September, 7)}
		if len(gaps) != len(want) || gaps[0] != want[0] || gaps[1] != want[1] {
			t.Fatalf("gaps %v, want %v", gaps, want)
		}
	})
}

// The web shell, with accounts.
func (e *env) web() {
	t := e.t
	store := auth.NewStore(e.d, auth.Hasher{Time: 1, Memory: 1024, Threads: 1})
	e.users = map[string]*auth.User{}
	for _, u := range []auth.NewUser{
		{Username: "chutich", FullName: "Ma Văn Hùng", Password: password, Roles: []auth.Role{auth.Leader}},
		{Username: "motcua", FullName: "Hoàng Thị Thu", Password: password, Roles: []auth.Role{auth.Desk}},
		{Username: "motcua2", FullName: "Lê Thị Hoa", Password: password, Roles: []auth.Role{auth.Desk}},
		{Username: "quantri", FullName: "Nguyễn Văn Quản", Password: password, Roles: []auth.Role{auth.Admin}},
	} {
		made, err := store.CreateUser(e.ctx, e.cid, audit.System, u)
		if err != nil {
			t.Fatal(err)
		}
		e.users[u.Username] = made
	}
	cat, err := web.NewCatalog(web.Messages, reception.Messages)
	if err != nil {
		t.Fatal(err)
	}
	s, err := web.New(web.Config{Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Catalog: cat, Auth: store,
		Tenant: func(ctx context.Context, host string) (*web.Tenant, error) {
			return &web.Tenant{ID: e.cid, Code: "BY", Name: "xã Bình Yên"}, nil
		}})
	if err != nil {
		t.Fatal(err)
	}
	reception.Mount(s, e.svc)
	h, err := s.Start()
	if err != nil {
		t.Fatal(err)
	}
	e.srv = httptest.NewServer(h)
	t.Cleanup(e.srv.Close)
}

func (e *env) actor(username string) audit.Actor { return e.users[username].Actor() }

func (e *env) client(username string) *http.Client {
	e.t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	if username == "" {
		return c
	}
	resp, err := c.PostForm(e.srv.URL+"/dang-nhap", url.Values{"username": {username}, "password": {password}})
	if err != nil {
		e.t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		e.t.Fatalf("sign in as %s: %d", username, resp.StatusCode)
	}
	return c
}

func (e *env) get(c *http.Client, path string) (int, string) {
	e.t.Helper()
	resp, err := c.Get(e.srv.URL + path)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func (e *env) post(c *http.Client, path string, form url.Values) (*http.Response, string) {
	e.t.Helper()
	resp, err := c.PostForm(e.srv.URL+path, form)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// A denouncer's name and address never reach a list, the public page, or anyone but the leader
// and the receiving officer.
func TestDenouncerIdentityIsSecret(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.web()
		e.publish(session("07/09/2026", reception.Regular))
		const name, address = "Đinh Thị Tốcáo", "Xóm Bí Mật"
		in := visit(name, reception.Denunciation)
		in.Address = address
		v := e.record(e.actor("motcua"), in)
		plain := e.record(e.actor("motcua"), visit("Nguyễn Văn Công Khai", reception.Complaint))

		list, _, err := e.svc.Visits(e.ctx, e.cid, 50, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, row := range list {
			if row.ID == v.ID && (row.Name != "" || row.Address != "" || row.IDNumber != "" || !row.Secret) {
				t.Fatalf("list data carries the identity: %+v", row)
			}
		}
		for _, user := range []string{"chutich", "motcua", "motcua2", "quantri"} {
			code, body := e.get(e.client(user), "/tiep-cong-dan")
			if code != http.StatusOK || strings.Contains(body, name) || strings.Contains(body, address) || !strings.Contains(body, "(giữ bí mật)") {
				t.Fatalf("%s: staff page %d shows the denouncer or no mark", user, code)
			}
			if !strings.Contains(body, "Nguyễn Văn Công Khai") {
				t.Fatalf("%s: staff page lacks the plain visit", user)
			}
		}
		code, body := e.get(e.client(""), "/lich-tiep-cong-dan")
		if code != http.StatusOK || strings.Contains(body, name) || strings.Contains(body, "Công Khai") || !strings.Contains(body, "Phòng tiếp công dân") {
			t.Fatalf("public page %d:\n%s", code, body)
		}
		// The identity went to the petitions room, which seals it; the logbook's table never
		// held it, so nobody reads it here, the leader included.
		if len(e.handedOver) != 1 || e.handedOver[0].Name != name || e.handedOver[0].Address != address || e.handedOver[0].IDNumber == "" {
			t.Fatalf("the petitions room did not get the identity: %+v", e.handedOver)
		}
		if v.PetitionNo != "PA-1" {
			t.Fatalf("the denunciation did not become a petition: %+v", v)
		}
		var n int
		if err := d.QueryRow(e.ctx, `SELECT count(*) FROM reception_visits WHERE citizen_name LIKE $1 OR citizen_address LIKE $2
			OR matter LIKE $1 OR id_number <> '' AND matter_kind = 'denunciation'`, "%Tốcáo%", "%Bí Mật%").Scan(&n); err != nil || n != 0 {
			t.Fatalf("the logbook's table holds the denouncer: %d %v", n, err)
		}
		for _, user := range []string{"chutich", "motcua", "motcua2", "quantri"} {
			c := e.client(user)
			_, page := e.get(c, v.URL())
			_, book := e.get(c, "/tiep-cong-dan/so?nam=2026")
			if strings.Contains(page, name) || strings.Contains(book, name) || strings.Contains(book, address) {
				t.Errorf("%s: visit page %v, logbook %v", user, strings.Contains(page, name), strings.Contains(book, name))
			}
			if !strings.Contains(book, "Nguyễn Văn Công Khai") {
				t.Errorf("%s: logbook lacks the plain visit", user)
			}
		}
		if _, page := e.get(e.client("motcua2"), plain.URL()); !strings.Contains(page, "Nguyễn Văn Công Khai") {
			t.Error("a plain visit's name is hidden")
		}
		if err := d.QueryRow(e.ctx, `SELECT count(*) FROM audit_log WHERE summary LIKE $1`, "%Tốcáo%").Scan(&n); err != nil || n != 0 {
			t.Fatalf("audit log holds the name: %d %v", n, err)
		}
		if err := d.QueryRow(e.ctx, `SELECT count(*) FROM outbox WHERE payload LIKE $1`, "%Tốcáo%").Scan(&n); err != nil || n != 0 {
			t.Fatalf("events hold the name: %d %v", n, err)
		}
	})
}

func TestPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.web()
		lead, clerk := e.client("chutich"), e.client("motcua")
		for _, p := range []string{"/tiep-cong-dan", "/tiep-cong-dan/lich/moi", "/tiep-cong-dan/luot/moi", "/tiep-cong-dan/so"} {
			if code, body := e.get(lead, p); code != http.StatusOK {
				t.Fatalf("%s: %d\n%s", p, code, body)
			}
		}
		if code, _ := e.get(e.client(""), "/tiep-cong-dan"); code == http.StatusOK {
			t.Fatal("anonymous sees the staff page")
		}
		if code, _ := e.get(lead, "/tiep-cong-dan/luot/khong-co"); code != http.StatusNotFound {
			t.Fatalf("unknown visit: %d", code)
		}
		// A session form with errors keeps its values.
		f := url.Values{"day": {"32/09/2026"}, "start": {"07:30"}, "end": {"11:30"}, "place": {"Hội trường xã"}, "kind": {"regular"}, "mode": {"in_person"}, "topics": {"Chủ đề giữ lại"}}
		resp, body := e.post(lead, "/tiep-cong-dan/lich/moi", f)
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Chủ đề giữ lại") || !strings.Contains(body, "Ngày không hợp lệ") {
			t.Fatalf("form with errors: %d\n%s", resp.StatusCode, body)
		}
		// Too close: the publish button answers with the rule.
		f.Set("day", "04/09/2026")
		if resp, _ := e.post(lead, "/tiep-cong-dan/lich/moi", f); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("create: %d", resp.StatusCode)
		}
		list, _ := e.svc.Sessions(e.ctx, e.cid, calendar.NewDate(2026, 9, 1), calendar.NewDate(2026, 9, 30), false)
		if len(list) != 1 {
			t.Fatalf("sessions %d", len(list))
		}
		if resp, _ := e.post(clerk, "/tiep-cong-dan/lich/"+list[0].ID+"/cong-bo", nil); resp.StatusCode != http.StatusForbidden {
			t.Fatalf("desk publishes: %d", resp.StatusCode)
		}
		resp, body = e.post(lead, "/tiep-cong-dan/lich/"+list[0].ID+"/cong-bo", nil)
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "ít nhất 05 ngày làm việc") {
			t.Fatalf("publish too close: %d", resp.StatusCode)
		}
		// A visit, its reply and its petition through the forms.
		resp, body = e.post(clerk, "/tiep-cong-dan/luot/moi", url.Values{"name": {"Vi Văn Tài"}, "kind": {"complaint"}, "matter": {"Nội dung giữ lại"}})
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Nội dung giữ lại") || !strings.Contains(body, "Vi Văn Tài") {
			t.Fatalf("visit form with errors: %d", resp.StatusCode)
		}
		resp, _ = e.post(clerk, "/tiep-cong-dan/luot/moi", url.Values{"day": {"27/08/2026"}, "name": {"Vi Văn Tài"}, "address": {"Xóm Đồng"},
			"kind": {"complaint"}, "matter": {"Nội dung"}, "request": {"Đề nghị"}, "handling": {"Tiếp nhận đơn"}, "mode": {"in_person"}, "people": {"6"}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("record: %d", resp.StatusCode)
		}
		loc := resp.Header.Get("Location")
		if code, body := e.get(clerk, loc); code != http.StatusOK || !strings.Contains(body, "Vi Văn Tài") || !strings.Contains(body, "17:00, 14/09/2026") {
			t.Fatalf("visit page %d\n%s", code, body)
		}
		resp, body = e.post(clerk, loc+"/tra-loi", url.Values{"outcome": {"refused"}, "day": {"27/08/2026"}})
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Xin ghi lý do") {
			t.Fatalf("reply without reason: %d", resp.StatusCode)
		}
		if resp, _ = e.post(clerk, loc+"/tra-loi", url.Values{"outcome": {"accepted"}, "day": {"27/08/2026"}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("reply: %d", resp.StatusCode)
		}
		if resp, _ = e.post(clerk, loc+"/chuyen-don", nil); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/don-thu/PA-1" {
			t.Fatalf("to petition: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		if resp, _ = e.post(clerk, loc+"/chuyen-don", nil); resp.StatusCode != http.StatusConflict {
			t.Fatalf("to petition twice: %d", resp.StatusCode)
		}
		if _, body := e.get(clerk, "/tiep-cong-dan/so?nam=2026"); !strings.Contains(body, "Thụ lý giải quyết") || !strings.Contains(body, "PA-1") || !strings.Contains(body, "đoàn 6 người") {
			t.Fatalf("logbook\n%s", body)
		}
		if code, _ := e.get(clerk, "/tiep-cong-dan/so?nam=abc"); code != http.StatusNotFound {
			t.Fatalf("bad year: %d", code)
		}
	})
}

// The demo publishes two Thursdays at least 5 working days ahead, once.
func TestSeedDemo(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		n, err := e.svc.SeedDemo(e.ctx, e.cid, leader)
		if err != nil || n != 2 {
			t.Fatalf("seeded %d: %v", n, err)
		}
		earliest, _ := e.svc.EarliestPublishable(e.ctx, e.cid, calendar.DateOf(e.clk.now()))
		today := calendar.DateOf(e.clk.now())
		list, err := e.svc.Sessions(e.ctx, e.cid, today, today.AddDays(60), true)
		if err != nil || len(list) != 2 {
			t.Fatalf("public sessions: %v %v", list, err)
		}
		for _, ss := range list {
			if ss.Day.Weekday() != time.Thursday || ss.Day.Before(earliest) {
				t.Errorf("demo session on %s (earliest %s)", ss.Day, earliest)
			}
		}
		if again, err := e.svc.SeedDemo(e.ctx, e.cid, leader); err != nil || again != 0 {
			t.Errorf("second seeding: %d %v", again, err)
		}
	})
}
