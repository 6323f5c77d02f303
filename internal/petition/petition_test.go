package petition_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"xaso/internal/auth"
	"xaso/internal/calendar"
	"xaso/internal/commune"
	"xaso/internal/db"
	"xaso/internal/db/dbtest"
	"xaso/internal/errs"
	"xaso/internal/petition"
	"xaso/internal/secret"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

var (
	desk    = petition.Actor{ID: "u-desk", Name: "Hoàng Thị Thu", Roles: []auth.Role{auth.Desk}}
	spec    = petition.Actor{ID: "u-spec", Name: "Lương Văn Tuấn", Roles: []auth.Role{auth.Specialist}}
	spec2   = petition.Actor{ID: "u-spec2", Name: "Đặng Văn Hải", Roles: []auth.Role{auth.Specialist}}
	leader  = petition.Actor{ID: "u-lead", Name: "Ma Văn Hùng", Roles: []auth.Role{auth.Leader}}
	outside = petition.Actor{ID: "web", Name: "Cổng thông tin"}
)

func at(y int, m time.Month, d, h, mi int) time.Time {
	return time.Date(y, m, d, h, mi, 0, 0, calendar.Zone)
}

type env struct {
	t    *testing.T
	ctx  context.Context
	d    *db.DB
	svc  *petition.Service
	clk  *clock
	cid  string
	keys *secret.Keyring
}

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	ctx := context.Background()
	var c commune.Commune
	if err := d.Tx(ctx, func(tx *db.Tx) error {
		var err error
		c, err = commune.CreateCommune(ctx, tx, commune.Commune{Code: "THU", Name: "Thử Nghiệm", Province: "Thái Nguyên", AgencyCode: "000.00.12.H55"})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	keys, err := secret.Create(filepath.Join(t.TempDir(), "keys"))
	if err != nil {
		t.Fatal(err)
	}
	clk := &clock{t: at(2026, 3, 2, 9, 0)}
	d.Clock = clk.now
	svc := petition.New(petition.Deps{DB: d, Now: clk.now, Keys: keys})
	return &env{t: t, ctx: ctx, d: d, svc: svc, clk: clk, cid: c.ID, keys: keys}
}

func (e *env) file(in petition.Intake) petition.Petition {
	e.t.Helper()
	if in.Channel == "" {
		in.Channel = petition.ChannelWeb
	}
	if in.Topic == "" {
		in.Topic = "moi-truong"
	}
	p, err := e.svc.File(e.ctx, e.cid, outside, in)
	if err != nil {
		e.t.Fatalf("file: %v", err)
	}
	return p
}

func (e *env) do(number string, when time.Time, by petition.Actor, a petition.Action, in petition.Input) petition.Petition {
	e.t.Helper()
	e.clk.set(when)
	p, err := e.svc.Do(e.ctx, e.cid, number, by, a, in)
	if err != nil {
		e.t.Fatalf("%s %s: %v", a, number, err)
	}
	return p
}

func (e *env) duty(p petition.Petition) (kind string, due time.Time, open bool) {
	e.t.Helper()
	err := e.d.QueryRow(e.ctx, `SELECT kind, due_at, is_open FROM duties WHERE commune_id = $1 AND room = 'petition' AND subject_id = $2
		ORDER BY is_open DESC, opened_at DESC LIMIT 1`, e.cid, p.ID).Scan(&kind, &due, &open)
	if err != nil {
		e.t.Fatal(err)
	}
	return kind, due.In(calendar.Zone), open
}

func report(content string) petition.Intake {
	return petition.Intake{Kind: petition.Report, Content: content, PublishConsent: true,
		Sender: petition.Sender{Name: "Trần Thị Mai", Phone: "0912 345 678", Address: "Xóm Đồng"}}
}

// A report, from the public form to the commune's public answers, with its duty in the
// register from filing to the answer.
func TestReportFromFilingToPublicAnswer(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		p := e.file(report("Đèn đường ở ngã ba xóm Đồng hỏng đã hai tuần, chị Mai gọi 0912345678 nhiều lần."))
		if !strings.HasPrefix(p.Number, "DT-2026-") || p.Status != petition.StatusReceived {
			t.Fatalf("filed: %+v", p)
		}
		// Monday 2 March 2026 + 10 working days = Monday 16 March, 17:00.
		kind, due, open := e.duty(p)
		if kind != petition.DutyAnswer || !open || !due.Equal(at(2026, 3, 16, 17, 0)) {
			t.Fatalf("duty %s %s %v", kind, due, open)
		}
		if _, err := e.svc.Do(e.ctx, e.cid, p.Number, spec, petition.ActAccept, petition.Input{}); errs.KindOf(err) != errs.Forbidden {
			t.Fatalf("a specialist accepted: %v", err)
		}
		e.do(p.Number, at(2026, 3, 3, 9, 0), desk, petition.ActClassify, petition.Input{Kind: petition.Report, Topic: "dien-nuoc"})
		e.do(p.Number, at(2026, 3, 3, 9, 5), desk, petition.ActAccept, petition.Input{})
		e.do(p.Number, at(2026, 3, 3, 10, 0), leader, petition.ActAssign, petition.Input{HandlerID: spec.ID, HandlerName: spec.Name})
		if _, err := e.svc.Do(e.ctx, e.cid, p.Number, spec2, petition.ActAnswer, petition.Input{Text: "x"}); errs.KindOf(err) != errs.Forbidden {
			t.Fatalf("another specialist answered: %v", err)
		}
		e.do(p.Number, at(2026, 3, 4, 9, 0), spec, petition.ActNote, petition.Input{Text: "Đã kiểm tra: hỏng bóng đèn."})
		a := e.do(p.Number, at(2026, 3, 5, 9, 0), spec, petition.ActAnswer, petition.Input{Text: "Đã thay bóng đèn ngày 05/3/2026.", Number: "12/TB-UBND"})
		if a.Status != petition.StatusAnswered || !a.Published {
			t.Fatalf("answered: %+v", a)
		}
		if _, _, open := e.duty(p); open {
			t.Fatal("the answer duty is still open after the answer")
		}
		e.do(p.Number, at(2026, 3, 5, 10, 0), desk, petition.ActClose, petition.Input{})
		list, total, err := e.svc.Answers(e.ctx, e.cid, "den duong", 10, 0)
		if err != nil || total != 1 || len(list) != 1 {
			t.Fatalf("answers: %v %d %v", list, total, err)
		}
		q := list[0].Question
		if strings.Contains(q, "Mai") || strings.Contains(q, "0912345678") || !strings.Contains(q, "Đèn đường") {
			t.Fatalf("the published question keeps personal data or lost the matter: %q", q)
		}
		if n := countMessages(e); n != 1 {
			t.Fatalf("%d messages to the sender, want 1 (the answer)", n)
		}
		got, err := e.svc.Track(e.ctx, e.cid, strings.ToLower(p.Number), "5678")
		if err != nil || got.Answer == "" {
			t.Fatalf("track: %v %+v", err, got)
		}
		if _, err := e.svc.Track(e.ctx, e.cid, p.Number, "5679"); errs.KindOf(err) != errs.NotFound {
			t.Fatalf("wrong digits found it: %v", err)
		}
		// The sender disagrees within 30 days: reopened, a new answer duty.
		r := e.do(p.Number, at(2026, 3, 20, 9, 0), desk, petition.ActReopen, petition.Input{Text: "Đèn lại hỏng."})
		if r.Status != petition.StatusVerifying || r.Published {
			t.Fatalf("reopened: %+v", r)
		}
		if kind, due, open := e.duty(p); !open || kind != petition.DutyAnswer || !due.Equal(at(2026, 4, 3, 17, 0)) {
			t.Fatalf("reopened duty %s %s %v", kind, due, open)
		}
	})
}

func countMessages(e *env) int {
	var n int
	if err := e.d.QueryRow(e.ctx, `SELECT COUNT(*) FROM outbox WHERE commune_id = $1 AND topic = 'notify.send'`, e.cid).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}

// Complaint limits: accepted within 10 working days, resolved within 30 days (45 if complex,
// 45 and 60 in a remote commune), the calendar day moved off a weekend.
func TestComplaintDeadlines(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		in := petition.Intake{Kind: petition.Complaint, Content: "Khiếu nại quyết định thu hồi đất số 15/QĐ-UBND.", Topic: "dat-dai",
			Sender: petition.Sender{Name: "Nguyễn Văn An", Address: "Xóm Trung Tâm", Phone: "0987654321"}, LearnedOn: calendar.NewDate(2025, 11, 1)}
		p := e.file(in)
		if kind, due, _ := e.duty(p); kind != petition.DutyAccept || !due.Equal(at(2026, 3, 16, 17, 0)) {
			t.Fatalf("acceptance duty %s %s", kind, due)
		}
		// Accepted on Tuesday 3 March: 30 days → Thursday 2 April 2026, 17:00.
		a := e.do(p.Number, at(2026, 3, 3, 9, 0), desk, petition.ActAccept, petition.Input{})
		if !a.DueAt.Equal(at(2026, 4, 2, 17, 0)) {
			t.Fatalf("resolution due %s", a.DueAt.In(calendar.Zone))
		}
		c := e.do(p.Number, at(2026, 3, 3, 9, 5), desk, petition.ActClassify, petition.Input{Kind: petition.Complaint, Topic: "dat-dai", Complex: true})
		// 45 days from 3 March = Friday 17 April.
		if !c.DueAt.Equal(at(2026, 4, 17, 17, 0)) {
			t.Fatalf("complex due %s", c.DueAt.In(calendar.Zone))
		}
		if kind, due, _ := e.duty(p); kind != petition.DutyResolve || !due.Equal(c.DueAt) {
			t.Fatalf("resolve duty %s %s", kind, due)
		}
		if _, err := e.svc.Do(e.ctx, e.cid, p.Number, leader, petition.ActExtend, petition.Input{Text: "x"}); errs.KindOf(err) != errs.Conflict {
			t.Fatalf("a complaint was extended: %v", err)
		}
		if err := e.svc.SetRemote(e.ctx, e.cid, leader, true); err != nil {
			t.Fatal(err)
		}
		p2 := e.file(in)
		e.clk.set(at(2026, 3, 3, 9, 0))
		r := e.do(p2.Number, at(2026, 3, 3, 9, 0), desk, petition.ActAccept, petition.Input{})
		// Remote, plain: 45 days → 17 April; remote and complex: 60 days → Saturday 2 May, moved to Monday 4 May.
		if !r.DueAt.Equal(at(2026, 4, 17, 17, 0)) {
			t.Fatalf("remote due %s", r.DueAt.In(calendar.Zone))
		}
		rc := e.do(p2.Number, at(2026, 3, 3, 9, 5), desk, petition.ActClassify, petition.Input{Kind: petition.Complaint, Topic: "dat-dai", Complex: true})
		if !rc.DueAt.Equal(at(2026, 5, 4, 17, 0)) {
			t.Fatalf("remote complex due %s", rc.DueAt.In(calendar.Zone))
		}
		// A complaint needs the complainant's name and address (Law 02/2011 Art. 8).
		bad := in
		bad.Sender.Address = ""
		_, err := e.svc.File(e.ctx, e.cid, outside, bad)
		if fe, ok := errs.Fields(err); !ok || fe["address"] == "" {
			t.Fatalf("complaint without address: %v", err)
		}
	})
}

// Denunciations: 7 working days to accept (10 at several sites), 30 days to resolve, one
// extension (two if especially complex); dialogue minutes only for complaints.
func TestDenunciationDeadlinesAndExtensions(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		in := petition.Intake{Kind: petition.Denunciation, Topic: "can-bo", Content: "Tố cáo cán bộ địa chính nhận tiền khi làm hồ sơ đất.",
			Sender: petition.Sender{Name: "Lê Văn Bình", Address: "Xóm Nà Rẻo", Phone: "0911222333"}}
		p := e.file(in)
		if kind, due, _ := e.duty(p); kind != petition.DutyAccept || !due.Equal(at(2026, 3, 11, 17, 0)) {
			t.Fatalf("7 WD: %s %s", kind, due)
		}
		c := e.do(p.Number, at(2026, 3, 2, 10, 0), desk, petition.ActClassify, petition.Input{Kind: petition.Denunciation, Topic: "can-bo", SeveralSites: true})
		if !c.StepDueAt.Equal(at(2026, 3, 16, 17, 0)) {
			t.Fatalf("10 WD: %s", c.StepDueAt.In(calendar.Zone))
		}
		a := e.do(p.Number, at(2026, 3, 3, 9, 0), desk, petition.ActAccept, petition.Input{})
		if !a.DueAt.Equal(at(2026, 4, 2, 17, 0)) {
			t.Fatalf("30 days: %s", a.DueAt.In(calendar.Zone))
		}
		x := e.do(p.Number, at(2026, 3, 30, 9, 0), leader, petition.ActExtend, petition.Input{Text: "Cần xác minh thêm."})
		if !x.DueAt.Equal(at(2026, 5, 4, 17, 0)) || x.Extensions != 1 { // 2 April + 30 = Saturday 2 May → Monday 4 May
			t.Fatalf("extended: %s %d", x.DueAt.In(calendar.Zone), x.Extensions)
		}
		if _, err := e.svc.Do(e.ctx, e.cid, p.Number, leader, petition.ActExtend, petition.Input{Text: "Lần hai."}); errs.KindOf(err) != errs.Conflict {
			t.Fatalf("a second extension without 'especially complex': %v", err)
		}
		e.do(p.Number, at(2026, 3, 30, 9, 5), desk, petition.ActClassify, petition.Input{Kind: petition.Denunciation, Topic: "can-bo", Complex: true, SeveralSites: true})
		e.do(p.Number, at(2026, 3, 30, 9, 6), leader, petition.ActExtend, petition.Input{Text: "Lần hai."})
		if _, err := e.svc.Do(e.ctx, e.cid, p.Number, leader, petition.ActExtend, petition.Input{Text: "Lần ba."}); errs.KindOf(err) != errs.Conflict {
			t.Fatalf("a third extension: %v", err)
		}
		if _, err := e.svc.Do(e.ctx, e.cid, p.Number, leader, petition.ActMinutes, petition.Input{Text: "x"}); errs.KindOf(err) != errs.Conflict {
			t.Fatalf("minutes on a denunciation: %v", err)
		}
		e.do(p.Number, at(2026, 4, 1, 9, 0), leader, petition.ActAssign, petition.Input{HandlerID: spec.ID, HandlerName: spec.Name})
		e.do(p.Number, at(2026, 4, 2, 9, 0), leader, petition.ActDecide, petition.Input{Text: "Kết luận: tố cáo đúng một phần."})
		ans := e.do(p.Number, at(2026, 4, 3, 9, 0), spec, petition.ActAnswer, petition.Input{Text: "Thông báo kết quả giải quyết tố cáo."})
		if ans.Published {
			t.Fatal("a denunciation's answer was published")
		}
		if n := countMessages(e); n != 0 {
			t.Fatalf("%d messages sent to a denouncer; their phone must not enter the message log", n)
		}
	})
}

// An anonymous denunciation is kept as a report (Law 25/2018 Art. 25).
func TestAnonymousDenunciationIsAReport(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	p := e.file(petition.Intake{Kind: petition.Denunciation, Content: "Có người đổ trộm rác thải xuống suối đầu xóm mỗi đêm."})
	if p.Kind != petition.Report || !p.Anonymous || p.Sealed {
		t.Fatalf("anonymous denunciation kept as %+v", p)
	}
}

// The deadline table is data: a row with a later start date changes the rule from that day
// only, and a commune's own row wins over the national one.
func TestRulesAreDataWithEffectiveDates(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		if _, err := d.Exec(e.ctx, `INSERT INTO petition_rules (commune_id, kind, step, variant, effective_from, amount, unit, times, basis)
			VALUES ('', 'complaint', 'accept', '', '2026-07-01', 7, 'wd', 0, 'thử nghiệm')`); err != nil {
			t.Fatal(err)
		}
		rules, err := e.svc.Rules(e.ctx, d, e.cid)
		if err != nil {
			t.Fatal(err)
		}
		before, _ := rules.Find(petition.Complaint, petition.StepAccept, "", calendar.NewDate(2026, 6, 30))
		after, _ := rules.Find(petition.Complaint, petition.StepAccept, "", calendar.NewDate(2026, 7, 1))
		if before.Amount != 10 || after.Amount != 7 {
			t.Fatalf("before %v after %v", before, after)
		}
		if err := e.svc.SetCommuneRule(e.ctx, e.cid, leader, petition.Report, petition.StepAnswer, calendar.NewDate(2026, 1, 1), 5); err != nil {
			t.Fatal(err)
		}
		p := e.file(report("Mương thoát nước trước nhà văn hóa bị tắc."))
		if _, due, _ := e.duty(p); !due.Equal(at(2026, 3, 9, 17, 0)) {
			t.Fatalf("commune's 5 WD: %s", due)
		}
		if err := e.svc.SetCommuneRule(e.ctx, e.cid, leader, petition.Complaint, petition.StepAccept, calendar.NewDate(2026, 1, 1), 5); errs.KindOf(err) != errs.Invalid {
			t.Fatalf("a commune changed a legal limit: %v", err)
		}
	})
}

// A denouncer's identity is sealed: neither the database file, nor the audit log, the outbox
// or the duties hold it; verifiers see a redacted working copy; only the handler and the
// leaders open it, and each view is audited. Key rotation reseals it in one transaction.
func TestDenouncerIdentityIsSealed(t *testing.T) {
	dir := t.TempDir()
	d, err := db.Open(context.Background(), db.DefaultDSN(dir))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	if _, err := d.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, d)
	const name, phone, relative = "Vũ Thị Hồng Nhung", "0977 111 222", "Phạm Văn Quyết"
	in := petition.Intake{Kind: petition.Denunciation, Topic: "can-bo", Relatives: "chồng: " + relative,
		Content: "Tôi là Vũ Thị Hồng Nhung, số điện thoại 0977111222, tố cáo ông trưởng xóm thu tiền sai quy định. Nhung xin giữ bí mật.",
		Sender:  petition.Sender{Name: name, Address: "Số 7 xóm Khuôn Thuống", Phone: phone, IDNumber: "019190004321"},
		Files:   []petition.FileIn{{Filename: "thu-tay.pdf", Data: []byte("%PDF-1.4 chữ ký Vũ Thị Hồng Nhung")}}}
	p := e.file(in)
	if !p.Sealed || p.Sender.Name != "" {
		t.Fatalf("not sealed: %+v", p)
	}
	got, err := e.svc.Get(e.ctx, e.cid, p.Number)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"Nhung", "0977111222", "Hồng"} {
		if strings.Contains(got.Content, s) {
			t.Fatalf("working copy keeps %q: %q", s, got.Content)
		}
	}
	if !strings.Contains(got.Content, "thu tiền sai quy định") {
		t.Fatalf("working copy lost the matter: %q", got.Content)
	}
	if _, err := e.svc.Reveal(e.ctx, e.cid, p.Number, spec); errs.KindOf(err) != errs.Forbidden {
		t.Fatalf("an unassigned specialist saw the identity: %v", err)
	}
	e.do(p.Number, at(2026, 3, 3, 9, 0), desk, petition.ActAccept, petition.Input{})
	e.do(p.Number, at(2026, 3, 3, 9, 5), leader, petition.ActAssign, petition.Input{HandlerID: spec.ID, HandlerName: spec.Name})
	id, err := e.svc.Reveal(e.ctx, e.cid, p.Number, spec)
	if err != nil || id.Sender.Name != name || !strings.Contains(id.Relatives, relative) || !strings.Contains(id.Letter, "Tôi là") {
		t.Fatalf("handler reveal: %v %+v", err, id)
	}
	if _, data, err := e.svc.SealedFile(e.ctx, e.cid, p.Number, 1, leader); err != nil || !bytes.Contains(data, []byte("chữ ký")) {
		t.Fatalf("sealed file: %v", err)
	}
	var views int
	if err := d.QueryRow(e.ctx, `SELECT COUNT(*) FROM audit_log WHERE commune_id = $1 AND action IN ('petition.identity.view', 'petition.file.view')`, e.cid).Scan(&views); err != nil {
		t.Fatal(err)
	}
	if views != 2 {
		t.Fatalf("%d audited views, want 2", views)
	}
	d.Close()
	raw, err := os.ReadFile(filepath.Join(dir, "xaso.db"))
	if err != nil {
		t.Fatal(err)
	}
	wal, _ := os.ReadFile(filepath.Join(dir, "xaso.db-wal"))
	raw = append(raw, wal...)
	if !bytes.Contains(raw, []byte(p.Number)) || !bytes.Contains(raw, []byte("thu tiền sai quy định")) {
		t.Fatal("the scan of the database file does not even find the petition's number and working copy")
	}
	for _, s := range []string{name, "Nhung", "0977 111 222", "0977111222", "019190004321", relative, "Khuôn Thuống", "chữ ký"} {
		if bytes.Contains(raw, []byte(s)) {
			t.Errorf("the database file holds %q", s)
		}
	}
}

// Key rotation reseals every identity under the new key in one transaction.
func TestKeyRotationReseals(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		path := filepath.Join(t.TempDir(), "keys")
		ring, err := secret.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		e.svc = petition.New(petition.Deps{DB: d, Now: e.clk.now, Keys: ring})
		p := e.file(petition.Intake{Kind: petition.Denunciation, Content: "Tố cáo việc lấn chiếm đất công.", Sender: petition.Sender{Name: "Hà Văn Cường"}})
		if err := petition.CheckKey(e.ctx, d, nil); err == nil {
			t.Fatal("no key accepted with denunciations stored")
		}
		other, _ := secret.Create(filepath.Join(t.TempDir(), "other"))
		if err := petition.CheckKey(e.ctx, d, other); err == nil {
			t.Fatal("a wrong key accepted")
		}
		rotated, err := secret.Rotate(path)
		if err != nil {
			t.Fatal(err)
		}
		n, err := petition.Reseal(e.ctx, d, rotated)
		if err != nil || n != 1 {
			t.Fatalf("resealed %d: %v", n, err)
		}
		if err := petition.CheckKey(e.ctx, d, rotated); err != nil {
			t.Fatal(err)
		}
		svc := petition.New(petition.Deps{DB: d, Now: e.clk.now, Keys: rotated})
		if id, err := svc.Reveal(e.ctx, e.cid, p.Number, leader); err != nil || id.Sender.Name != "Hà Văn Cường" {
			t.Fatalf("after rotation: %v %+v", err, id)
		}
		if n, err := petition.Reseal(e.ctx, d, rotated); err != nil || n != 0 {
			t.Fatalf("second reseal: %d %v", n, err)
		}
	})
}
