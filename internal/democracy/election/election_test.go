package election_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"xaso/internal/audit"
	"xaso/internal/auth"
	"xaso/internal/calendar"
	"xaso/internal/commune"
	"xaso/internal/db"
	"xaso/internal/db/dbtest"
	"xaso/internal/democracy/election"
	"xaso/internal/duty"
	"xaso/internal/errs"
)

var (
	leader = audit.Actor{ID: "u-leader", Name: "Ma Văn Hùng"}
	front  = audit.Actor{ID: "u-front", Name: "Hoàng Thị Mai"}
)

type env struct {
	t   *testing.T
	ctx context.Context
	d   *db.DB
	now time.Time
	cid string
	h1  string
	svc *election.Service
}

// newEnv is a commune with a hamlet of n households, on Monday 2 March 2026.
func newEnv(t *testing.T, d *db.DB, n int) *env {
	t.Helper()
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
	h, err := commune.New(d).CreateHamlet(ctx, c.ID, leader, commune.Hamlet{Name: "Đồng Tâm", SortOrder: 1})
	if err != nil {
		t.Fatal(err)
	}
	e.h1 = h.ID
	rows := make([][]any, n)
	for i := range rows {
		rows[i] = []any{c.ID, fmt.Sprintf("hh-%04d", i), fmt.Sprintf("DT%04d", i), h.ID, "Chủ hộ", "", "", "", e.now, e.now}
	}
	if err := d.Tx(ctx, func(tx *db.Tx) error {
		return db.InsertRows(ctx, tx, "households", []string{"commune_id", "id", "code", "hamlet_id", "head_name", "address", "phone", "search", "created_at", "updated_at"}, rows)
	}); err != nil {
		t.Fatal(err)
	}
	d.Clock = func() time.Time { return e.now }
	e.svc = election.New(election.Deps{DB: d, Now: func() time.Time { return e.now }})
	return e
}

func (e *env) day(offset int) string { return calendar.DateOf(e.now).AddDays(offset).String() }

func (e *env) dutyOf(subject, kind string) (duty.Duty, error) {
	return duty.NewStore(e.d).Get(e.ctx, e.cid, "election", subject, kind)
}

func kind(t *testing.T, err error, k errs.Kind) {
	t.Helper()
	if errs.KindOf(err) != k {
		t.Fatalf("want %v, got %v", k, err)
	}
}

// A hamlet-head election from plan to recognition: the steps counted back from the day (one
// late, warned), the count refused before the steps and before the day, paper ballots typed
// in, the threshold against all 301 households (151 needed), the recognition owed within 5
// working days and closed by the chairman, not the Front.
func TestHamletHeadElection(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, 301)
		el, err := e.svc.Create(e.ctx, e.cid, leader, election.Input{Kind: election.HamletHead, HamletID: e.h1, Day: e.day(21), Place: "Nhà văn hóa"})
		if err != nil || el.Title != "Bầu trưởng thôn Đồng Tâm" || el.Seats != 1 {
			t.Fatalf("create %+v %v", el, err)
		}
		if _, err := e.svc.Create(e.ctx, e.cid, leader, election.Input{Kind: election.HamletHead, HamletID: e.h1, Day: e.day(-1)}); errs.KindOf(err) != errs.Invalid {
			t.Fatalf("an election in the past: %v", err)
		}
		if _, err := e.svc.RecordStep(e.ctx, e.cid, el.ID, election.StepPlan, leader, election.StepInput{On: e.day(0), Ref: "15/QĐ-UBND"}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.RecordStep(e.ctx, e.cid, el.ID, election.StepCandidates, front, election.StepInput{On: e.day(0)}); errs.KindOf(err) != errs.Invalid {
			t.Fatalf("a candidate list without a candidate: %v", err)
		}
		for _, name := range []string{"Lò Văn Sáng", "Nông Thị Hoa"} {
			if _, err := e.svc.AddCandidate(e.ctx, e.cid, el.ID, front, election.CandidateInput{Name: name, BirthYear: "1975"}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := e.svc.RecordStep(e.ctx, e.cid, el.ID, election.StepTeam, leader, election.StepInput{On: e.day(0)}); errs.KindOf(err) != errs.Invalid {
			t.Fatalf("a team without its head: %v", err)
		}
		e.now = e.now.AddDate(0, 0, 7) // 14 days before: the candidate list is a day late
		steps := map[election.Step]election.StepInput{election.StepCandidates: {On: e.day(0)}, election.StepTeam: {On: e.day(0), Leader: "Hoàng Văn Nam"},
			election.StepAnnounce: {On: e.day(0), How: "Loa truyền thanh, bảng tin nhà văn hóa"}}
		for _, st := range []election.Step{election.StepCandidates, election.StepTeam} {
			if _, err := e.svc.RecordStep(e.ctx, e.cid, el.ID, st, leader, steps[st]); err != nil {
				t.Fatal(err)
			}
		}
		if err := e.svc.EnterPapers(e.ctx, e.cid, el.ID, front, []string{"1"}, false, "10"); errs.KindOf(err) != errs.Conflict {
			t.Fatalf("counted with a step missing: %v", err)
		}
		if _, err := e.svc.RecordStep(e.ctx, e.cid, el.ID, election.StepAnnounce, leader, steps[election.StepAnnounce]); err != nil {
			t.Fatal(err)
		}
		el, _ = e.svc.Get(e.ctx, e.cid, el.ID, nil)
		if late := election.Late(el.Timeline(e.svc.Today())); len(late) != 1 || late[0] != election.StepCandidates {
			t.Fatalf("late steps %v", late)
		}
		if err := e.svc.EnterPapers(e.ctx, e.cid, el.ID, front, []string{"1"}, false, "10"); errs.KindOf(err) != errs.Conflict {
			t.Fatalf("counted before the day: %v", err)
		}
		e.now = e.now.AddDate(0, 0, 14) // the election day
		for _, b := range []struct {
			kept    []string
			invalid bool
			n       string
		}{{[]string{"1"}, false, "151"}, {[]string{"2"}, false, "100"}, {nil, false, "9"}, {nil, true, "5"}} {
			if err := e.svc.EnterPapers(e.ctx, e.cid, el.ID, front, b.kept, b.invalid, b.n); err != nil {
				t.Fatal(err)
			}
		}
		if err := e.svc.EnterPapers(e.ctx, e.cid, el.ID, front, []string{"1", "2"}, false, "1"); errs.KindOf(err) != errs.Invalid {
			t.Fatalf("two names kept for one seat: %v", err)
		}
		if _, err := e.svc.AddCandidate(e.ctx, e.cid, el.ID, front, election.CandidateInput{Name: "Muộn"}); errs.KindOf(err) != errs.Conflict {
			t.Fatalf("a candidate added during the count: %v", err)
		}
		if err := e.svc.RecordReturns(e.ctx, e.cid, el.ID, front, "270", "265"); err != nil {
			t.Fatal(err)
		}
		el, err = e.svc.FinishCount(e.ctx, e.cid, el.ID, front, "")
		if err != nil || el.Status != election.Counted || el.Households != 301 {
			t.Fatalf("finish %+v %v", el, err)
		}
		res, err := e.svc.Result(e.ctx, e.cid, el)
		if err != nil || !res.Verified || res.Outcome.Needed != 151 || !res.Outcome.Standings[0].Elected || res.Outcome.Standings[1].Elected ||
			res.Count.Blank != 9 || res.Count.Invalid != 5 || len(res.Count.Hash) != 64 || len(res.Late) != 1 {
			t.Fatalf("result %+v %v", res, err)
		}
		du, err := e.dutyOf(el.ID, election.DutyRecognition)
		// Monday 23 March + 5 working days = Monday 30 March.
		if err != nil || !du.Open || calendar.DateOf(du.DueAt) != calendar.NewDate(2026, 3, 30) || du.Owner.Role != "leader" {
			t.Fatalf("recognition duty %+v %v", du, err)
		}
		if _, err := e.svc.Resolve(e.ctx, e.cid, el.ID, front, []auth.Role{auth.Front}, true, election.DecisionInput{On: e.day(0)}); errs.KindOf(err) != errs.Forbidden {
			t.Fatalf("the Front recognised a hamlet head: %v", err)
		}
		el, err = e.svc.Resolve(e.ctx, e.cid, el.ID, leader, []auth.Role{auth.Leader}, true, election.DecisionInput{On: e.day(1 - 1), Ref: "20/QĐ-UBND"})
		if err != nil || el.Status != election.Recognised {
			t.Fatalf("recognise %+v %v", el, err)
		}
		if du, _ := e.dutyOf(el.ID, election.DutyRecognition); du.Open || du.Outcome != "recognised" {
			t.Fatalf("duty after recognition %+v", du)
		}
		if _, err := e.svc.Repeat(e.ctx, e.cid, el.ID, leader, e.day(30)); errs.KindOf(err) != errs.Conflict {
			t.Fatalf("a recognised election repeated: %v", err)
		}
	})
}

// A board election nobody wins: no recognition is owed, and a new election is decided, linked.
func TestNoWinnerAndRepeat(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, 300)
		el, err := e.svc.Create(e.ctx, e.cid, front, election.Input{Kind: election.Investment, HamletID: e.h1, Project: "Đường bê tông xóm Đồng Tâm", Seats: "2", Day: e.day(20)})
		if err != nil || el.Seats != 2 {
			t.Fatalf("create %+v %v", el, err)
		}
		for _, n := range []string{"A", "B", "C"} {
			if _, err := e.svc.AddCandidate(e.ctx, e.cid, el.ID, front, election.CandidateInput{Name: n}); err != nil {
				t.Fatal(err)
			}
		}
		for _, st := range election.Steps {
			if _, err := e.svc.RecordStep(e.ctx, e.cid, el.ID, st, front, election.StepInput{On: e.day(0), Leader: "Tổ trưởng"}); err != nil {
				t.Fatal(err)
			}
		}
		e.now = e.now.AddDate(0, 0, 20)
		if err := e.svc.EnterPapers(e.ctx, e.cid, el.ID, front, []string{"1", "2"}, false, "150"); err != nil {
			t.Fatal(err)
		}
		if err := e.svc.RecordReturns(e.ctx, e.cid, el.ID, front, "150", "150"); err != nil {
			t.Fatal(err)
		}
		el, err = e.svc.FinishCount(e.ctx, e.cid, el.ID, front, "Không người nào đạt quá một nửa tổng số hộ.")
		if err != nil || el.Status != election.Failed {
			t.Fatalf("150 of 300 elected someone: %+v %v", el, err)
		}
		if _, err := e.dutyOf(el.ID, election.DutyRecognition); errs.KindOf(err) != errs.NotFound {
			t.Fatalf("a recognition owed for nobody: %v", err)
		}
		next, err := e.svc.Repeat(e.ctx, e.cid, el.ID, front, e.day(25))
		if err != nil || next.PreviousID != el.ID || next.Seats != 2 {
			t.Fatalf("repeat %+v %v", next, err)
		}
		if again, _ := e.svc.Get(e.ctx, e.cid, el.ID, nil); again.NextID != next.ID {
			t.Fatalf("not linked: %+v", again)
		}
		if _, err := e.svc.Get(e.ctx, e.cid, el.ID, []string{"other"}); errs.KindOf(err) != errs.NotFound {
			t.Fatalf("another hamlet's head read it: %v", err)
		}
	})
}

// A removal petition at exactly half the households calls the meeting; the meeting removes
// with more than half; a new election is owed within 60 days, closed once it is held.
func TestRemoval(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, 300)
		few, err := e.svc.FileRemoval(e.ctx, e.cid, leader, election.RemovalInput{HamletID: e.h1, HeadName: "Lò Văn Sáng", ReceivedOn: e.day(0), Supporters: "149"})
		if err != nil || few.Status != election.TooFew || few.Needed() != 150 {
			t.Fatalf("149 of 300: %+v %v", few, err)
		}
		r, err := e.svc.FileRemoval(e.ctx, e.cid, leader, election.RemovalInput{HamletID: e.h1, HeadName: "Lò Văn Sáng", ReceivedOn: e.day(0), Supporters: "150", FrontHeadIsHead: true})
		if err != nil || r.Status != election.MeetingDue || r.Chair() != "election.chair.commune_chairman" {
			t.Fatalf("150 of 300: %+v %v", r, err)
		}
		if _, err := e.svc.FileRemoval(e.ctx, e.cid, leader, election.RemovalInput{HamletID: e.h1, HeadName: "X", ReceivedOn: e.day(0), Supporters: "301"}); errs.KindOf(err) != errs.Invalid {
			t.Fatalf("more supporters than households: %v", err)
		}
		e.now = e.now.AddDate(0, 0, 10)
		r, err = e.svc.RecordMeeting(e.ctx, e.cid, r.ID, leader, e.day(0), "151")
		if err != nil || r.Status != election.RemovedHead {
			t.Fatalf("meeting %+v %v", r, err)
		}
		du, err := e.dutyOf(r.ID, election.DutyNewElection)
		if err != nil || !du.Open || calendar.DateOf(du.DueAt) != calendar.DateOf(e.now).AddDays(60) {
			t.Fatalf("new election duty %+v %v", du, err)
		}
		if _, err := e.svc.RecordInterim(e.ctx, e.cid, r.ID, leader, "Nông Văn Dũng", e.day(0)); err != nil {
			t.Fatal(err)
		}
		el, err := e.svc.NewElectionAfterRemoval(e.ctx, e.cid, r.ID, leader, e.day(30), "")
		if err != nil || el.RemovalID != r.ID {
			t.Fatalf("new election %+v %v", el, err)
		}
		if _, err := e.svc.AddCandidate(e.ctx, e.cid, el.ID, front, election.CandidateInput{Name: "Nông Văn Dũng"}); err != nil {
			t.Fatal(err)
		}
		for _, st := range election.Steps {
			if _, err := e.svc.RecordStep(e.ctx, e.cid, el.ID, st, leader, election.StepInput{On: e.day(0), Leader: "Tổ trưởng"}); err != nil {
				t.Fatal(err)
			}
		}
		e.now = e.now.AddDate(0, 0, 30)
		if err := e.svc.EnterPapers(e.ctx, e.cid, el.ID, front, []string{"1"}, false, "200"); err != nil {
			t.Fatal(err)
		}
		if err := e.svc.RecordReturns(e.ctx, e.cid, el.ID, front, "200", "200"); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.FinishCount(e.ctx, e.cid, el.ID, front, ""); err != nil {
			t.Fatal(err)
		}
		if du, _ := e.dutyOf(r.ID, election.DutyNewElection); du.Open || du.Outcome != "held" {
			t.Fatalf("new election duty after it was held %+v", du)
		}
	})
}

// Settings: the province's term and interim limit, 2.5 or 5 years only.
func TestSettings(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t), 1)
	st, err := e.svc.Settings(e.ctx, e.cid)
	if err != nil || !st.Default || st.TermMonths != 60 {
		t.Fatalf("defaults %+v %v", st, err)
	}
	if _, err := e.svc.SaveSettings(e.ctx, e.cid, leader, "36", "6"); errs.KindOf(err) != errs.Invalid {
		t.Fatalf("a 3-year term: %v", err)
	}
	if _, err := e.svc.SaveSettings(e.ctx, e.cid, leader, "30", "6"); err != nil {
		t.Fatal(err)
	}
	if st, _ := e.svc.Settings(e.ctx, e.cid); st.TermMonths != 30 || st.Default {
		t.Fatalf("saved %+v", st)
	}
}
