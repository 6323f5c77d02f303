package conduct_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"xaso/internal/audit"
	"xaso/internal/calendar"
	"xaso/internal/commune"
	"xaso/internal/conduct"
	"xaso/internal/db"
	"xaso/internal/db/dbtest"
	"xaso/internal/errs"
	"xaso/internal/events"
)

// env is a commune with two hamlets and three officers, the room's service on the registry's
// Store, on Monday 2 March 2026 at 9:00.
type env struct {
	t                 *testing.T
	ctx               context.Context
	d                 *db.DB
	now               time.Time
	cid               string
	h1, h2            string
	desk, spec, clerk commune.Staff
	svc               *conduct.Service
}

var chairman = audit.Actor{ID: "u-leader", Name: "Hoàng Văn Thắng"}

func newEnv(t *testing.T, d *db.DB) *env {
	ctx := context.Background()
	var c commune.Commune
	if err := d.Tx(ctx, func(tx *db.Tx) error {
		var err error
		c, err = commune.CreateCommune(ctx, tx, commune.Commune{Code: "BY", Name: "Bình Yên", Province: "Thái Nguyên", AgencyCode: "000.00.12.H55"})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, ctx: ctx, d: d, now: time.Date(2026, 3, 2, 9, 0, 0, 0, calendar.Zone), cid: c.ID}
	d.Clock = func() time.Time { return e.now }
	st := commune.New(d)
	for i, name := range []string{"Đồng Tâm", "Nà Pồng"} {
		h, err := st.CreateHamlet(ctx, c.ID, chairman, commune.Hamlet{Name: name, SortOrder: i + 1})
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			e.h1 = h.ID
		} else {
			e.h2 = h.ID
		}
	}
	for i, s := range []commune.Staff{
		{FullName: "Hà Thị Mai", Title: "Công chức tiếp nhận và trả kết quả", Unit: "Bộ phận Một cửa", UserID: "u-desk"},
		{FullName: "Đặng Văn Long", Title: "Công chức Tư pháp - Hộ tịch", Unit: "Tư pháp - Hộ tịch"},
		{FullName: "Nguyễn Văn Tuấn", Title: "Công chức Địa chính - Xây dựng", Unit: "Địa chính - Xây dựng"},
	} {
		got, err := st.CreateStaff(ctx, c.ID, chairman, s)
		if err != nil {
			t.Fatal(err)
		}
		switch i {
		case 0:
			e.desk = got
		case 1:
			e.spec = got
		default:
			e.clerk = got
		}
	}
	e.svc = conduct.New(conduct.Deps{DB: d, Now: func() time.Time { return e.now }, Directory: st})
	return e
}

func (e *env) count(query string, args ...any) int {
	e.t.Helper()
	var n int
	if err := e.d.QueryRow(e.ctx, query, args...).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}

// publishRating puts a rating.recorded event in the outbox, as the rating room does.
func (e *env) publishRating(payload map[string]any) {
	e.t.Helper()
	if err := e.d.Tx(e.ctx, func(tx *db.Tx) error {
		return events.Publish(e.ctx, tx, e.cid, conduct.TopicRatingRecorded, payload)
	}); err != nil {
		e.t.Fatal(err)
	}
}

func rating(id string, level int, officer string) map[string]any {
	return map[string]any{"commune_id": "ignored", "rating_id": id, "subject_type": "dossier", "subject_id": "d1",
		"dossier_code": "000.00.12.H55-260302-0001", "procedure_code": "1.001193", "procedure_name": "Đăng ký khai sinh",
		"officer_id": officer, "officer_name": "Hà Thị Mai", "level": level, "reasons": []string{"Thái độ chưa niềm nở", "Phải chờ lâu"},
		"comment": "Cán bộ nói trống không.", "channel": "kiosk", "at": "2026-02-27T08:15:00+07:00"}
}

// A rating of level 2 or less opens one report on the officer (named by account id here), dated
// on the rating's day and due 10 working days later, with its duty; delivering the event again,
// or another event of the same rating, opens nothing more; a rating of 3 opens none.
func TestReportFromRatingOnceOnReplay(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		disp := events.NewDispatcher(d, slog.New(slog.NewTextHandler(io.Discard, nil)), func() time.Time { return e.now })
		disp.Subscribe(conduct.TopicRatingRecorded, e.svc.OnRatingRecorded)
		e.publishRating(rating("r-1", 2, "u-desk"))
		e.publishRating(rating("r-1", 2, "u-desk")) // the rating room sent it twice
		e.publishRating(rating("r-2", 3, "u-desk"))
		e.publishRating(rating("r-3", 1, "nobody"))
		if _, err := disp.DeliverDue(e.ctx); err != nil {
			t.Fatal(err)
		}
		// The outbox delivers the first event once more (a crash before it was marked done).
		var ev events.Event
		ev.CommuneID, ev.Topic = e.cid, conduct.TopicRatingRecorded
		ev.Payload = []byte(`{"rating_id":"r-1","level":2,"officer_id":"u-desk","at":"2026-02-27T08:15:00+07:00"}`)
		if err := e.svc.OnRatingRecorded(e.ctx, ev); err != nil {
			t.Fatal(err)
		}
		if n := e.count(`SELECT COUNT(*) FROM conduct_reports WHERE commune_id = $1`, e.cid); n != 2 {
			t.Fatalf("%d reports, want 2 (r-1 once, r-3)", n)
		}
		if n := e.count(`SELECT COUNT(*) FROM duties WHERE commune_id = $1 AND room = 'conduct' AND is_open = TRUE`, e.cid); n != 2 {
			t.Fatalf("%d open duties, want 2", n)
		}
		if n := e.count(`SELECT COUNT(*) FROM audit_log WHERE commune_id = $1 AND action = 'conduct.report.receive'`, e.cid); n != 2 {
			t.Fatalf("%d audit entries, want 2", n)
		}
		all := conduct.Viewer{All: true}
		list, total, err := e.svc.List(e.ctx, e.cid, all, conduct.Filter{Source: conduct.SourceRating})
		if err != nil || total != 2 {
			t.Fatalf("list: %d %v", total, err)
		}
		var r1 conduct.Report
		for _, r := range list {
			if r.RatingID == "r-1" {
				r1 = r
			} else if r.OfficerID != "" || r.OfficerName != "Hà Thị Mai" {
				t.Errorf("r-3 names no known officer: %q %q", r.OfficerID, r.OfficerName)
			}
		}
		if r1.OfficerID != e.desk.ID || r1.RatingLevel != 2 || r1.ProcedureName != "Đăng ký khai sinh" ||
			r1.RatingReasons != "Thái độ chưa niềm nở; Phải chờ lâu" || r1.Body != "Cán bộ nói trống không." {
			t.Fatalf("report of r-1: %+v", r1)
		}
		// Friday 27 February 2026 + 10 working days = Friday 13 March.
		if r1.ReceivedOn != calendar.NewDate(2026, 2, 27) || r1.DueOn != calendar.NewDate(2026, 3, 13) {
			t.Fatalf("received %s due %s", r1.ReceivedOn, r1.DueOn)
		}
		// A payload the room cannot read is dropped, not retried forever.
		ev.Payload = []byte(`not json`)
		if err := e.svc.OnRatingRecorded(e.ctx, ev); err != nil {
			t.Fatal(err)
		}
	})
}

// A resident's report through a badge is due 10 working days later (the commune's setting,
// changed to 5 for a second report); the review is refused without findings and, for a breach,
// without an officer; the review records the outcome, closes the duty in its transaction and
// asks for the SMS; a second review is refused. The officer then sees it, another does not.
func TestReviewClosesTheDuty(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		b, err := e.svc.IssueBadge(e.ctx, e.cid, chairman, e.desk.ID)
		if err != nil {
			t.Fatal(err)
		}
		r, err := e.svc.FilePublic(e.ctx, e.cid, b, conduct.ReportInput{Body: "Cán bộ không hướng dẫn.", HappenedOn: calendar.NewDate(2026, 3, 2),
			Name: "Lò Văn Sáng", Phone: "+84912345678"})
		if err != nil {
			t.Fatal(err)
		}
		if r.DueOn != calendar.NewDate(2026, 3, 16) {
			t.Fatalf("due %s, want 16/03/2026", r.DueOn)
		}
		if n := e.count(`SELECT COUNT(*) FROM duties WHERE commune_id = $1 AND subject_id = $2 AND is_open = TRUE AND kind = $3`, e.cid, r.ID, conduct.DutyReview); n != 1 {
			t.Fatalf("%d open duties", n)
		}
		_, err = e.svc.Review(e.ctx, e.cid, r.ID, chairman, conduct.ReviewInput{Outcome: "reminder", On: calendar.NewDate(2026, 3, 5)}, nil)
		if fe, ok := errs.Fields(err); !ok || fe["findings"] != "conduct.err.findings_required" {
			t.Fatalf("no findings: %v", err)
		}
		_, err = e.svc.Review(e.ctx, e.cid, r.ID, chairman, conduct.ReviewInput{Findings: "x", Outcome: "reminder", On: calendar.NewDate(2026, 3, 3)}, nil)
		if fe, ok := errs.Fields(err); !ok || fe["reviewed_on"] != "conduct.err.date_future" {
			t.Fatalf("a review dated tomorrow: %v", err)
		}
		got, err := e.svc.Review(e.ctx, e.cid, r.ID, chairman, conduct.ReviewInput{Findings: "Đã làm việc, công chức nhận khuyết điểm.",
			Outcome: "reminder", On: calendar.NewDate(2026, 3, 2)}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != conduct.Reviewed || !got.Violation || got.Discipline {
			t.Fatalf("reviewed: %+v", got)
		}
		if n := e.count(`SELECT COUNT(*) FROM duties WHERE commune_id = $1 AND subject_id = $2 AND is_open = FALSE AND outcome = 'done'`, e.cid, r.ID); n != 1 {
			t.Fatalf("the duty is not closed: %d", n)
		}
		var payload string
		if err := d.QueryRow(e.ctx, `SELECT payload FROM outbox WHERE commune_id = $1 AND topic = 'notify.send'`, e.cid).Scan(&payload); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(payload, "+84912345678") || !strings.Contains(payload, "Nhắc nhở, rút kinh nghiệm") || !strings.Contains(payload, "02/03/2026") {
			t.Fatalf("sms %s", payload)
		}
		if _, err := e.svc.Review(e.ctx, e.cid, r.ID, chairman, conduct.ReviewInput{Findings: "y", Outcome: "no_violation", On: calendar.NewDate(2026, 3, 2)}, nil); errs.KindOf(err) != errs.Conflict {
			t.Fatalf("second review: %v", err)
		}
		// The officer concerned reads it once reviewed; another officer does not.
		mine, err := e.svc.ViewerOf(e.ctx, e.cid, "u-desk", false)
		if err != nil || mine.StaffID != e.desk.ID {
			t.Fatalf("viewer %+v %v", mine, err)
		}
		if _, err := e.svc.Get(e.ctx, e.cid, r.ID, mine); err != nil {
			t.Fatalf("the officer: %v", err)
		}
		if _, total, _ := e.svc.List(e.ctx, e.cid, mine, conduct.Filter{}); total != 1 {
			t.Fatalf("the officer's list: %d", total)
		}
		other := conduct.Viewer{UserID: "u-other"}
		if _, err := e.svc.Get(e.ctx, e.cid, r.ID, other); errs.KindOf(err) != errs.NotFound {
			t.Fatalf("another officer: %v", err)
		}
		// A breach must name the officer; a hamlet head's report may not.
		if _, err := e.svc.SetReviewDays(e.ctx, e.cid, chairman, "5"); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.SetReviewDays(e.ctx, e.cid, chairman, "0"); err == nil {
			t.Fatal("0 days taken")
		}
		h, err := e.svc.FileHamlet(e.ctx, e.cid, audit.Actor{ID: "u-hamlet", Name: "Trưởng xóm"}, conduct.ReportInput{Body: "Dân phản ánh chờ lâu.",
			HamletID: e.h1, Month: "2026-02"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if h.DueOn != calendar.NewDate(2026, 3, 9) || h.Hamlet != "Đồng Tâm" {
			t.Fatalf("hamlet report due %s (5 working days), hamlet %q", h.DueOn, h.Hamlet)
		}
		_, err = e.svc.Review(e.ctx, e.cid, h.ID, chairman, conduct.ReviewInput{Findings: "x", Outcome: "self_criticism", On: calendar.NewDate(2026, 3, 2)}, nil)
		if fe, ok := errs.Fields(err); !ok || fe["officer"] != "conduct.err.officer_required" {
			t.Fatalf("a breach without an officer: %v", err)
		}
		got, err = e.svc.Review(e.ctx, e.cid, h.ID, chairman, conduct.ReviewInput{Findings: "x", Outcome: "self_criticism",
			On: calendar.NewDate(2026, 3, 2), OfficerID: e.clerk.ID}, nil)
		if err != nil || got.OfficerName != "Nguyễn Văn Tuấn" {
			t.Fatalf("named at review: %+v %v", got, err)
		}
		if n := e.count(`SELECT COUNT(*) FROM outbox WHERE commune_id = $1 AND topic = 'notify.send'`, e.cid); n != 1 {
			t.Fatalf("%d SMS, want 1 (the hamlet report left no phone)", n)
		}
		// The hamlet head sees what it sent.
		if _, err := e.svc.Get(e.ctx, e.cid, h.ID, conduct.Viewer{UserID: "u-hamlet"}); err != nil {
			t.Fatalf("the hamlet head: %v", err)
		}
	})
}

// The yearly target counts the reports received in the year by source and outcome, those
// open and overdue, and the officers reviews of the year found in breach (one officer found
// twice counts once; a report of the year before reviewed this year counts its breach this
// year); a clean year is met.
func TestYearTargetArithmetic(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		badge := func(st commune.Staff) conduct.Badge {
			b, err := e.svc.IssueBadge(e.ctx, e.cid, chairman, st.ID)
			if err != nil {
				t.Fatal(err)
			}
			return b
		}
		bd, bs := badge(e.desk), badge(e.spec)
		file := func(b conduct.Badge) conduct.Report {
			r, err := e.svc.FilePublic(e.ctx, e.cid, b, conduct.ReportInput{Body: "Thái độ chưa đúng mực.", HappenedOn: calendar.DateOf(e.now)})
			if err != nil {
				t.Fatal(err)
			}
			return r
		}
		review := func(r conduct.Report, outcome string) {
			if _, err := e.svc.Review(e.ctx, e.cid, r.ID, chairman, conduct.ReviewInput{Findings: "Đã xác minh.", Outcome: outcome,
				On: calendar.DateOf(e.now)}, nil); err != nil {
				t.Fatal(err)
			}
		}
		// December 2025: one report on the desk officer, reviewed in January 2026.
		e.now = time.Date(2025, 12, 15, 9, 0, 0, 0, calendar.Zone)
		old := file(bd)
		e.now = time.Date(2026, 1, 12, 9, 0, 0, 0, calendar.Zone)
		review(old, "discipline_proposed")
		// March 2026: five reports.
		e.now = time.Date(2026, 3, 2, 9, 0, 0, 0, calendar.Zone)
		a, b, c := file(bd), file(bd), file(bs)
		if _, err := e.svc.FileHamlet(e.ctx, e.cid, chairman, conduct.ReportInput{Body: "Ý kiến của xóm.", HamletID: e.h2, Month: "2026-02"}, nil); err != nil {
			t.Fatal(err)
		}
		e.publishRating(rating("r-9", 1, e.spec.ID))
		disp := events.NewDispatcher(d, slog.New(slog.NewTextHandler(io.Discard, nil)), func() time.Time { return e.now })
		disp.Subscribe(conduct.TopicRatingRecorded, e.svc.OnRatingRecorded)
		if _, err := disp.DeliverDue(e.ctx); err != nil {
			t.Fatal(err)
		}
		review(a, "reminder")
		review(b, "self_criticism")
		review(c, "no_violation")
		// April: two reports remain open, past their due day (the rating's of 27 February and
		// the hamlet head's).
		e.now = time.Date(2026, 4, 1, 9, 0, 0, 0, calendar.Zone)
		t26, err := e.svc.YearTarget(e.ctx, e.cid, 2026)
		if err != nil {
			t.Fatal(err)
		}
		// The rating is of 27 February 2026: it is a report of 2026.
		want := map[string]int{"resident": 3, "hamlet": 1, "rating": 1}
		for _, s := range t26.BySource {
			if s.N != want[s.Key] {
				t.Errorf("2026 %s: %d, want %d", s.Key, s.N, want[s.Key])
			}
		}
		outcomes := map[string]int{"no_violation": 1, "reminder": 1, "self_criticism": 1, "discipline_proposed": 0}
		for _, o := range t26.ByOutcome {
			if o.N != outcomes[o.Key] {
				t.Errorf("2026 %s: %d, want %d", o.Key, o.N, outcomes[o.Key])
			}
		}
		if t26.Received != 5 || t26.Open != 2 || t26.Overdue != 2 {
			t.Errorf("2026 received %d open %d overdue %d, want 5 2 2", t26.Received, t26.Open, t26.Overdue)
		}
		// The desk officer: three breaches found in 2026 (one proposed for discipline).
		if len(t26.Officers) != 1 || t26.Officers[0].OfficerID != e.desk.ID || t26.Officers[0].Breaches != 3 ||
			t26.Officers[0].Discipline != 1 || t26.Disciplined != 1 || t26.Met() {
			t.Fatalf("2026 officers %+v disciplined %d", t26.Officers, t26.Disciplined)
		}
		breaches, total, err := e.svc.List(e.ctx, e.cid, conduct.Viewer{All: true}, conduct.Filter{Year: 2026, Violation: true})
		if err != nil || total != 3 || len(breaches) != 3 {
			t.Fatalf("the records behind the figure: %d %v", total, err)
		}
		t25, err := e.svc.YearTarget(e.ctx, e.cid, 2025)
		if err != nil {
			t.Fatal(err)
		}
		if t25.Received != 1 || t25.Open != 0 || len(t25.Officers) != 0 || !t25.Met() {
			t.Fatalf("2025: %+v", t25)
		}
		if _, total, _ := e.svc.List(e.ctx, e.cid, conduct.Viewer{All: true}, conduct.Filter{Overdue: true}); total != 2 {
			t.Fatalf("overdue list: %d", total)
		}
		if open, overdue, err := e.svc.Waiting(e.ctx, e.cid); err != nil || open != 2 || overdue != 2 {
			t.Fatalf("waiting %d %d %v", open, overdue, err)
		}
	})
}

// The code of conduct is the plan's wording until the commune publishes a version; each new
// version is numbered and dated, the earlier ones kept; a bad form is refused field by field.
func TestCodeVersions(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		c, err := e.svc.Code(e.ctx, e.cid)
		if err != nil || !c.Default() || len(c.Xin) != 4 || len(c.Luon) != 4 || len(c.Khong) != 5 ||
			c.Khong[0] != "Không cửa quyền, hách dịch, gây khó khăn, phiền hà" {
			t.Fatalf("default: %+v %v", c, err)
		}
		_, err = e.svc.PublishCode(e.ctx, e.cid, chairman, conduct.CodeInput{Title: "", Xin: "", Luon: "Luôn mỉm cười", Khong: "Không", EffectiveOn: "31/02/2026"})
		fe, ok := errs.Fields(err)
		if !ok || fe["title"] == "" || fe["xin"] != "conduct.err.group_required" || fe["effective_on"] != "conduct.err.date_invalid" {
			t.Fatalf("bad form: %v", err)
		}
		in := conduct.CodeInput{Title: "Quy tắc ứng xử", Xin: "- Xin chào\n+ Xin lỗi\n\nXin cảm ơn\r\nXin phép", Luon: "Luôn mỉm cười",
			Khong: "Không hách dịch", EffectiveOn: "01/03/2026"}
		v1, err := e.svc.PublishCode(e.ctx, e.cid, chairman, in)
		if err != nil || v1.Version != 1 || len(v1.Xin) != 4 || v1.Xin[1] != "Xin lỗi" {
			t.Fatalf("v1: %+v %v", v1, err)
		}
		in.Khong, in.EffectiveOn, in.Note = "Không hách dịch\nKhông làm việc riêng trong giờ", "2026-03-02", "Thêm một điều"
		if _, err := e.svc.PublishCode(e.ctx, e.cid, chairman, in); err != nil {
			t.Fatal(err)
		}
		c, _ = e.svc.Code(e.ctx, e.cid)
		if c.Version != 2 || len(c.Khong) != 2 || c.EffectiveOn != calendar.NewDate(2026, 3, 2) {
			t.Fatalf("current: %+v", c)
		}
		old, err := e.svc.CodeVersionNo(e.ctx, e.cid, 1)
		if err != nil || len(old.Khong) != 1 {
			t.Fatalf("v1 kept: %+v %v", old, err)
		}
		vs, total, err := e.svc.CodeVersions(e.ctx, e.cid, 10, 0)
		if err != nil || total != 2 || vs[0].Version != 2 {
			t.Fatalf("versions %d %v", total, err)
		}
	})
}

// Badge codes are random (nothing of the staff id), unique, read back whatever the case; a
// reissued code replaces the old one, which no longer leads to the officer; IssueMissing gives a
// code to those without one, once.
func TestBadgeCodes(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		n, err := e.svc.IssueMissing(e.ctx, e.cid, chairman)
		if err != nil || n != 3 {
			t.Fatalf("issued %d %v", n, err)
		}
		if n, _ := e.svc.IssueMissing(e.ctx, e.cid, chairman); n != 0 {
			t.Fatalf("issued again: %d", n)
		}
		list, total, err := e.svc.Badges(e.ctx, e.cid, 50, 0)
		if err != nil || total != 3 {
			t.Fatal(total, err)
		}
		seen := map[string]bool{}
		for _, b := range list {
			if len(b.Code) != conduct.CodeLen || seen[b.Code] || strings.Contains(strings.ToLower(b.Staff.ID), strings.ToLower(b.Code[:4])) {
				t.Fatalf("code %q of %s", b.Code, b.Staff.ID)
			}
			seen[b.Code] = true
		}
		b := list[0]
		got, err := e.svc.BadgeByCode(e.ctx, e.cid, " "+strings.ToLower(b.Code)+" ")
		if err != nil || got.Staff.ID != b.Staff.ID {
			t.Fatalf("by code: %+v %v", got, err)
		}
		nb, err := e.svc.IssueBadge(e.ctx, e.cid, chairman, b.Staff.ID)
		if err != nil || nb.Code == b.Code {
			t.Fatalf("reissue: %q %v", nb.Code, err)
		}
		if _, err := e.svc.BadgeByCode(e.ctx, e.cid, b.Code); errs.KindOf(err) != errs.NotFound {
			t.Fatalf("the old code still works: %v", err)
		}
		if _, err := e.svc.BadgeByCode(e.ctx, e.cid, "IIIIIIII"); errs.KindOf(err) != errs.NotFound {
			t.Fatalf("an impossible code: %v", err)
		}
		// Another commune's code is not found here.
		if _, err := e.svc.BadgeByCode(e.ctx, "other-commune", nb.Code); errs.KindOf(err) != errs.NotFound {
			t.Fatalf("another commune: %v", err)
		}
	})
}
