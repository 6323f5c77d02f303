package democracy_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"xaso/internal/audit"
	"xaso/internal/calendar"
	"xaso/internal/commune"
	"xaso/internal/db"
	"xaso/internal/db/dbtest"
	"xaso/internal/democracy"
	"xaso/internal/duty"
	"xaso/internal/errs"
	"xaso/internal/fold"
)

var (
	leader = audit.Actor{ID: "u-leader", Name: "Ma Văn Hùng"}
	head   = audit.Actor{ID: "u-head", Name: "Hoàng Văn Tâm"}
	clerk  = audit.Actor{ID: "u-clerk", Name: "Nông Thị Lan"}
)

// env is a commune with hamlet A (5 households, headed by u-head) and hamlet B (3), on
// Monday 7 December 2026 at 8:00, with a clock the test moves.
type env struct {
	t     *testing.T
	ctx   context.Context
	d     *db.DB
	now   time.Time
	cid   string
	a, b  string
	homes map[string][]string // hamlet → household ids
	svc   *democracy.Service
}

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
	e := &env{t: t, ctx: ctx, d: d, now: time.Date(2026, 12, 7, 8, 0, 0, 0, calendar.Zone), cid: c.ID, homes: map[string][]string{}}
	st := commune.New(d)
	ha, err := st.CreateHamlet(ctx, c.ID, leader, commune.Hamlet{Name: "Đồng Tâm", HeadName: head.Name, HeadUserID: head.ID, SortOrder: 1})
	if err != nil {
		t.Fatal(err)
	}
	hb, err := st.CreateHamlet(ctx, c.ID, leader, commune.Hamlet{Name: "Nà Pồng", SortOrder: 2})
	if err != nil {
		t.Fatal(err)
	}
	e.a, e.b = ha.ID, hb.ID
	e.addHouseholds(e.a, "DT", 5)
	e.addHouseholds(e.b, "NP", 3)
	e.svc = democracy.New(democracy.Deps{DB: d, Now: func() time.Time { return e.now }})
	return e
}

// addHouseholds writes n households straight into the registry's table (the registry's own
// rules are tested in its room).
func (e *env) addHouseholds(hamlet, prefix string, n int) {
	e.t.Helper()
	err := e.d.Tx(e.ctx, func(tx *db.Tx) error {
		for i := range n {
			id := fmt.Sprintf("%s-%s-%05d", e.cid[:8], prefix, len(e.homes[hamlet])+i+1)
			name := fmt.Sprintf("Chủ hộ %s %d", prefix, len(e.homes[hamlet])+i+1)
			if _, err := tx.Exec(e.ctx, `INSERT INTO households (commune_id, id, code, hamlet_id, head_name, address, phone, search, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, '', '', $6, $7, $7)`, e.cid, id, id, hamlet, name, fold.Join(id, name), e.now.UTC()); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		e.t.Fatal(err)
	}
	rows, err := e.d.Query(e.ctx, `SELECT id FROM households WHERE commune_id = $1 AND hamlet_id = $2 ORDER BY code`, e.cid, hamlet)
	if err != nil {
		e.t.Fatal(err)
	}
	defer rows.Close()
	e.homes[hamlet] = nil
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			e.t.Fatal(err)
		}
		e.homes[hamlet] = append(e.homes[hamlet], id)
	}
}

func (e *env) duty(subject, kind string) duty.Duty {
	e.t.Helper()
	d, err := duty.NewStore(e.d).Get(e.ctx, e.cid, "democracy", subject, kind)
	if err != nil {
		e.t.Fatalf("duty %s of %s: %v", kind, subject, err)
	}
	return d
}

func fieldErr(t *testing.T, err error, field, key string) {
	t.Helper()
	var fe errs.FieldErrors
	var e *errs.Error
	if errors.As(err, &e) && errors.As(e.Err, &fe) {
		if fe[field] == key {
			return
		}
	}
	if errors.As(err, &fe) && fe[field] == key {
		return
	}
	t.Fatalf("want %s on %s, got %v", key, field, err)
}

func kindErr(t *testing.T, err error, key string) {
	t.Helper()
	var e *errs.Error
	if !errors.As(err, &e) || e.Key != key {
		t.Fatalf("want %s, got %v", key, err)
	}
}

func day(t *testing.T, s string) calendar.Date {
	t.Helper()
	d, err := calendar.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// A hamlet meeting from plan to a recognised decision, and a failed decision decided again by
// household ballots, counted twice.
func TestMeetingToRecognition(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx, svc := e.ctx, e.svc
		own := democracy.Scope{HeadedBy: head.ID}
		in := democracy.MeetingInput{Kind: democracy.DecisionMeeting, Title: "Họp xóm bàn hương ước", HamletID: e.a,
			Place: "Nhà văn hóa xóm Đồng Tâm", Day: "10/12/2026", Time: "19:30", Chair: head.Name,
			Agenda: "Sửa đổi hương ước\nBầu trưởng xóm"}
		// A hamlet head plans only its own hamlet's meetings.
		bad := in
		bad.HamletID = e.b
		_, err := svc.PlanMeeting(ctx, e.cid, head, own, bad)
		fieldErr(t, err, "hamlet", "democracy.err.hamlet_scope")
		bad = in
		bad.Cluster = "Cụm 1"
		_, err = svc.PlanMeeting(ctx, e.cid, head, own, bad)
		fieldErr(t, err, "cluster", "democracy.err.cluster_small")

		m, err := svc.PlanMeeting(ctx, e.cid, head, own, in)
		if err != nil {
			t.Fatal(err)
		}
		if got := m.NoticeDueOn(); got != day(t, "2026-12-08") {
			t.Fatalf("notice due %s, want 2026-12-08 (2 days before the 10th)", got)
		}
		if dd := e.duty(m.ID, democracy.DutyNotice); !dd.Open || calendar.DateOf(dd.DueAt) != day(t, "2026-12-08") {
			t.Fatalf("notice duty %+v", dd)
		}
		// The notice goes out on the 8th: in time; the duty closes.
		in.NoticeOn = "2026-12-08"
		if m, err = svc.EditMeeting(ctx, e.cid, head, own, m.ID, in); err != nil {
			t.Fatal(err)
		}
		if m.NoticeLate(day(t, "2026-12-09")) || e.duty(m.ID, democracy.DutyNotice).Open {
			t.Fatal("a notice two days before is in time and ends the duty")
		}

		// Three households told by visit, then the loudspeaker reaches the rest.
		if n, err := svc.Inform(ctx, e.cid, head, own, m.ID, democracy.InformInput{HouseholdIDs: e.homes[e.a][:3], Channel: democracy.ByVisit, Papers: true}); err != nil || n != 3 {
			t.Fatalf("inform: %d %v", n, err)
		}
		r, err := svc.Reach(ctx, e.cid, m)
		if err != nil || r.Households != 5 || r.Informed != 3 || r.AllInformed() {
			t.Fatalf("reach %+v %v", r, err)
		}
		missing, total, err := svc.Households(ctx, e.cid, m, democracy.NoticeList, democracy.HouseholdFilter{Missing: true})
		if err != nil || total != 2 || len(missing) != 2 || missing[0].ID != e.homes[e.a][3] {
			t.Fatalf("not reached: %d %+v %v", total, missing, err)
		}
		if n, err := svc.Inform(ctx, e.cid, head, own, m.ID, democracy.InformInput{HamletID: e.a, Channel: democracy.ByLoudspeaker}); err != nil || n != 2 {
			t.Fatalf("inform the rest: %d %v", n, err)
		}
		// A household of another hamlet is not this meeting's.
		_, err = svc.Inform(ctx, e.cid, head, democracy.Scope{}, m.ID, democracy.InformInput{HouseholdIDs: e.homes[e.b][:1], Channel: democracy.BySMS})
		kindErr(t, err, "democracy.err.household_unknown")
		if r, _ = svc.Reach(ctx, e.cid, m); !r.AllInformed() || r.InformedPercent() != 100 || r.Papers != 3 {
			t.Fatalf("reach after the loudspeaker: %+v", r)
		}

		// The meeting: four households represented, one by proxy.
		e.now = time.Date(2026, 12, 10, 19, 40, 0, 0, calendar.Zone)
		for i, id := range e.homes[e.a][:4] {
			if err := svc.CheckIn(ctx, e.cid, head, own, m.ID, id, "", i == 3); err != nil {
				t.Fatal(err)
			}
		}
		if r, _ = svc.Reach(ctx, e.cid, m); r.Present != 4 || r.Proxies != 1 || r.Absent() != 1 {
			t.Fatalf("attendance %+v", r)
		}

		// Matter 3 by show of hands: 3 of all 5 households is more than half.
		dec, err := svc.OpenDecision(ctx, e.cid, head, own, democracy.DecisionInput{MeetingID: m.ID, Matter: "3", Form: democracy.ShowOfHands, Title: "Thông qua hương ước sửa đổi"})
		if err != nil {
			t.Fatal(err)
		}
		_, err = svc.EnterCount(ctx, e.cid, head, head.ID, own, dec.ID, democracy.CountInput{HamletID: e.a, Present: "5", Yes: "3", No: "1"})
		fieldErr(t, err, "present", "democracy.err.present_checked")
		tl, err := svc.EnterCount(ctx, e.cid, head, head.ID, own, dec.ID, democracy.CountInput{HamletID: e.a, Present: "4", Yes: "3", No: "1"})
		if err != nil {
			t.Fatal(err)
		}
		if res := tl.Result; !res.Complete || !res.Passed || res.Needed != 3 || res.Households != 5 {
			t.Fatalf("result %+v", res)
		}
		// Attendance is closed once a count rests on it.
		kindErr(t, svc.CheckIn(ctx, e.cid, head, own, m.ID, e.homes[e.a][4], "", false), "democracy.err.attendance_closed")
		if dec, _, err = svc.Finalise(ctx, e.cid, head, own, dec.ID); err != nil || dec.Status != democracy.Decided || !dec.Passed {
			t.Fatalf("finalise %+v %v", dec, err)
		}
		// Record sent within 5 working days of Thursday 10 December: Thursday 17 December.
		if dd := e.duty(dec.ID, democracy.DutyRecordSent); !dd.Open || calendar.DateOf(dd.DueAt) != day(t, "2026-12-17") {
			t.Fatalf("record duty due %s", calendar.DateOf(dd.DueAt))
		}
		_, err = svc.MarkSent(ctx, e.cid, head, own, dec.ID, "")
		kindErr(t, err, "democracy.err.signers_first")
		if _, err = svc.SetSigners(ctx, e.cid, head, own, dec.ID, democracy.SignersInput{FrontHead: "Lò Thị Mai", Signer1: "Chủ hộ DT 1", Signer2: "Chủ hộ DT 2"}); err != nil {
			t.Fatal(err)
		}
		e.now = time.Date(2026, 12, 11, 9, 0, 0, 0, calendar.Zone)
		if dec, err = svc.MarkSent(ctx, e.cid, head, own, dec.ID, ""); err != nil || dec.Status != democracy.Sent || dec.SentOn != day(t, "2026-12-11") {
			t.Fatalf("sent %+v %v", dec, err)
		}
		if e.duty(dec.ID, democracy.DutyRecordSent).Open {
			t.Fatal("the record duty stays open once sent")
		}
		// Recognition by the committee (matter 3) within 5 working days of Friday 11: Friday 18.
		if dd := e.duty(dec.ID, democracy.DutyRecognition); !dd.Open || calendar.DateOf(dd.DueAt) != day(t, "2026-12-18") || dd.Owner.Role != "leader" {
			t.Fatalf("recognition duty %+v", dd)
		}
		_, err = svc.Answer(ctx, e.cid, leader, "front", dec.ID, democracy.AnswerInput{Recognise: true})
		kindErr(t, err, "democracy.err.not_recogniser")
		_, err = svc.Answer(ctx, e.cid, leader, "committee", dec.ID, democracy.AnswerInput{})
		fieldErr(t, err, "text", "democracy.err.refusal_reason")
		if dec, err = svc.Answer(ctx, e.cid, leader, "committee", dec.ID, democracy.AnswerInput{Recognise: true}); err != nil || dec.Status != democracy.Recognised || dec.EffectOn != day(t, "2026-12-11") {
			t.Fatalf("recognised %+v %v", dec, err)
		}
		if e.duty(dec.ID, democracy.DutyRecognition).Open {
			t.Fatal("the recognition duty stays open")
		}

		// Matter 4 fails at the meeting (2 of 5); household ballots only as its fallback.
		e.now = time.Date(2026, 12, 10, 20, 30, 0, 0, calendar.Zone)
		failed, err := svc.OpenDecision(ctx, e.cid, head, own, democracy.DecisionInput{MeetingID: m.ID, Matter: "4", Form: democracy.ShowOfHands, Title: "Bầu trưởng xóm"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err = svc.EnterCount(ctx, e.cid, head, head.ID, own, failed.ID, democracy.CountInput{HamletID: e.a, Present: "4", Yes: "2", No: "2"}); err != nil {
			t.Fatal(err)
		}
		if failed, _, err = svc.Finalise(ctx, e.cid, head, own, failed.ID); err != nil || failed.Passed {
			t.Fatalf("2 of 5 passed: %+v %v", failed, err)
		}
		ballot := democracy.DecisionInput{HamletID: e.a, Matter: "4", Form: democracy.HouseholdBallot, Title: "Bầu trưởng xóm bằng phiếu",
			Team: "Hoàng Văn Tâm\nLò Thị Mai\nNông Văn Ba", PlanOn: "2026-12-11", BallotsFrom: "2026-12-14", BallotsTo: "2026-12-15"}
		_, err = svc.OpenDecision(ctx, e.cid, head, own, ballot)
		fieldErr(t, err, "form", "democracy.err.meeting_only")
		ballot.FallbackOf = failed.ID
		hb, err := svc.OpenDecision(ctx, e.cid, head, own, ballot)
		if err != nil {
			t.Fatal(err)
		}
		if dd := e.duty(hb.ID, democracy.DutyPlanSent); !dd.Open || calendar.DateOf(dd.DueAt) != day(t, "2026-12-13") {
			t.Fatalf("plan duty %+v", dd)
		}
		e.now = time.Date(2026, 12, 15, 16, 0, 0, 0, calendar.Zone)
		if _, err = svc.RecordPlanSent(ctx, e.cid, head, own, hb.ID, "2026-12-12"); err != nil {
			t.Fatal(err)
		}
		if n, err := svc.TrackBallots(ctx, e.cid, head, own, hb.ID, democracy.Delivered, e.homes[e.a]); err != nil || n != 5 {
			t.Fatalf("delivered %d %v", n, err)
		}
		if n, err := svc.TrackBallots(ctx, e.cid, head, own, hb.ID, democracy.Returned, e.homes[e.a][:4]); err != nil || n != 4 {
			t.Fatalf("returned %d %v", n, err)
		}
		_, err = svc.EnterCount(ctx, e.cid, head, head.ID, own, hb.ID, democracy.CountInput{HamletID: e.a, Present: "4", Yes: "3", No: "1"})
		kindErr(t, err, "democracy.err.witnesses_first")
		if _, err = svc.SetWitnesses(ctx, e.cid, head, own, hb.ID, "Chủ hộ DT 3\nChủ hộ DT 4"); err != nil {
			t.Fatal(err)
		}
		_, err = svc.EnterCount(ctx, e.cid, head, head.ID, own, hb.ID, democracy.CountInput{HamletID: e.a, Present: "5", Yes: "3", No: "1"})
		fieldErr(t, err, "present", "democracy.err.present_returned")
		if _, err = svc.EnterCount(ctx, e.cid, head, head.ID, own, hb.ID, democracy.CountInput{HamletID: e.a, Present: "4", Yes: "3", No: "1"}); err != nil {
			t.Fatal(err)
		}
		// One count is not enough; the same person twice is still one count.
		if _, err = svc.EnterCount(ctx, e.cid, head, head.ID, own, hb.ID, democracy.CountInput{HamletID: e.a, Present: "4", Yes: "3", No: "1"}); err != nil {
			t.Fatal(err)
		}
		_, _, err = svc.Finalise(ctx, e.cid, head, own, hb.ID)
		kindErr(t, err, "democracy.err.counts_missing")
		// A second person counts differently: the result is blocked.
		tl, err = svc.EnterCount(ctx, e.cid, clerk, clerk.ID, democracy.Scope{}, hb.ID, democracy.CountInput{HamletID: e.a, Present: "4", Yes: "2", No: "2"})
		if err != nil || len(tl.Differ) != 1 {
			t.Fatalf("differ %+v %v", tl, err)
		}
		_, _, err = svc.Finalise(ctx, e.cid, head, own, hb.ID)
		kindErr(t, err, "democracy.err.counts_differ")
		if _, err = svc.EnterCount(ctx, e.cid, clerk, clerk.ID, democracy.Scope{}, hb.ID, democracy.CountInput{HamletID: e.a, Present: "4", Yes: "3", No: "1"}); err != nil {
			t.Fatal(err)
		}
		hb, tl, err = svc.Finalise(ctx, e.cid, head, own, hb.ID)
		if err != nil || !hb.Passed || hb.VotedOn != day(t, "2026-12-15") || tl.Hamlets[0].First.ByID == tl.Hamlets[0].Second.ByID {
			t.Fatalf("household ballots %+v %+v %v", hb, tl, err)
		}
	})
}

// A hamlet head sees and acts on its own hamlet only; commune-wide meetings are the
// committee's.
func TestScope(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		in := democracy.MeetingInput{Kind: democracy.DecisionMeeting, Title: "Họp xóm Nà Pồng", HamletID: e.b,
			Place: "Nhà văn hóa", Day: "2026-12-12", Time: "08:00", Agenda: "Làm đường"}
		m, err := e.svc.PlanMeeting(e.ctx, e.cid, leader, democracy.Scope{}, in)
		if err != nil {
			t.Fatal(err)
		}
		own := democracy.Scope{HeadedBy: head.ID}
		_, err = e.svc.EditMeeting(e.ctx, e.cid, head, own, m.ID, in)
		kindErr(t, err, "democracy.err.hamlet_scope")
		list, total, err := e.svc.Meetings(e.ctx, e.cid, democracy.MeetingFilter{Scope: own})
		if err != nil || total != 0 || len(list) != 0 {
			t.Fatalf("a hamlet head sees another hamlet's meeting: %d %v", total, err)
		}
		in.HamletID = ""
		_, err = e.svc.PlanMeeting(e.ctx, e.cid, head, own, in)
		fieldErr(t, err, "hamlet", "democracy.err.hamlet_scope")
		all, err := e.svc.PlanMeeting(e.ctx, e.cid, leader, democracy.Scope{}, in)
		if err != nil {
			t.Fatal(err)
		}
		// In a commune-wide meeting a hamlet head checks in its own households only.
		e.now = time.Date(2026, 12, 12, 8, 10, 0, 0, calendar.Zone)
		if err := e.svc.CheckIn(e.ctx, e.cid, head, own, all.ID, e.homes[e.a][0], "Người được ủy quyền", true); err != nil {
			t.Fatal(err)
		}
		kindErr(t, e.svc.CheckIn(e.ctx, e.cid, head, own, all.ID, e.homes[e.b][0], "", false), "democracy.err.household_unknown")
		r, err := e.svc.Reach(e.ctx, e.cid, all)
		if err != nil || r.Households != 8 || r.Present != 1 || len(r.Hamlets) != 2 {
			t.Fatalf("commune-wide reach %+v %v", r, err)
		}
	})
}
