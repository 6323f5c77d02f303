package onestop_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
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
	"xaso/internal/onestop"
)

// clock is a settable clock for the service.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

var (
	desk       = onestop.Actor{ID: "u-desk", Name: "Hoàng Thị Thu", Roles: []auth.Role{auth.Desk}}
	specialist = onestop.Actor{ID: "u-spec", Name: "Lương Văn Tuấn", Roles: []auth.Role{auth.Specialist}}
	leader     = onestop.Actor{ID: "u-lead", Name: "Ma Văn Hùng", Roles: []auth.Role{auth.Leader}}
)

type env struct {
	t   *testing.T
	ctx context.Context
	d   *db.DB
	svc *onestop.Service
	clk *clock
	cid string
}

// newEnv makes a commune with agency code 000.00.12.H55 and its seeded catalogue.
func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	ctx := context.Background()
	var c commune.Commune
	err := d.Tx(ctx, func(tx *db.Tx) error {
		var err error
		c, err = commune.CreateCommune(ctx, tx, commune.Commune{Code: "THU", Name: "Thử Nghiệm", Province: "Thái Nguyên", AgencyCode: "000.00.12.H55"})
		if err != nil {
			return err
		}
		_, err = onestop.SeedCatalogue(ctx, tx, c.ID)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	clk := &clock{t: at(2026, 3, 2, 9, 0)}
	svc := onestop.New(onestop.Deps{DB: d, Now: clk.now, Calendars: func(context.Context, string) (*calendar.Calendar, error) { return calendar.Default(), nil }})
	return &env{t: t, ctx: ctx, d: d, svc: svc, clk: clk, cid: c.ID}
}

func (e *env) intake(code string, when time.Time, docs ...string) onestop.Dossier {
	e.t.Helper()
	e.clk.set(when)
	p, err := e.svc.Procedure(e.ctx, e.cid, code)
	if err != nil {
		e.t.Fatal(err)
	}
	if docs == nil {
		for _, d := range p.Documents {
			if d.Required {
				docs = append(docs, d.ID)
			}
		}
	}
	d, err := e.svc.Intake(e.ctx, e.cid, desk, onestop.IntakeRequest{ProcedureCode: code, Channel: 1, Documents: docs,
		Applicant: onestop.Applicant{Name: "Nguyễn Văn An", IDNumber: "019090001234", Phone: "0912 345 678", Address: "Xóm Trung Tâm"}})
	if err != nil {
		e.t.Fatalf("intake %s: %v", code, err)
	}
	return d
}

func (e *env) do(code string, when time.Time, by onestop.Actor, a onestop.Action, in onestop.ActionInput) onestop.Dossier {
	e.t.Helper()
	e.clk.set(when)
	d, err := e.svc.Do(e.ctx, e.cid, code, by, a, in)
	if err != nil {
		e.t.Fatalf("%s %s at %s: %v", a, code, when, err)
	}
	return d
}

// finish takes a dossier to the specialist, the leader and approves it, all at `when`.
func (e *env) finish(code string, when time.Time) onestop.Dossier {
	e.t.Helper()
	d, err := e.svc.Dossier(e.ctx, e.cid, code)
	if err != nil {
		e.t.Fatal(err)
	}
	if d.Status == onestop.StateReceived {
		e.do(code, when, desk, onestop.ActHandover, onestop.ActionInput{ToRole: auth.Specialist})
	}
	e.do(code, when, specialist, onestop.ActHandover, onestop.ActionInput{ToRole: auth.Leader})
	return e.do(code, when, leader, onestop.ActApprove, onestop.ActionInput{})
}

func (e *env) count(query string, args ...any) int {
	e.t.Helper()
	var n int
	if err := e.d.QueryRow(e.ctx, query, args...).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}

func TestIntakeCodesAndDueDates(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		a := e.intake("1.001193", at(2026, 3, 2, 9, 0))
		b := e.intake("1.004873", at(2026, 3, 2, 15, 30))
		c := e.intake("2.000815", at(2026, 3, 3, 8, 0))
		cases := []struct {
			d        onestop.Dossier
			code     string
			due      time.Time
			register int
		}{
			// Immediate: due at closing time the same day.
			{a, "000.00.12.H55-260302-0001", at(2026, 3, 2, 17, 0), 1},
			// Three working days, received at 15:30: the 15:00 cut-off is certification's rule
			// only (issue 8 item 4), so Monday counts as the day of receipt; due Thursday 17:00.
			{b, "000.00.12.H55-260302-0002", at(2026, 3, 5, 17, 0), 2},
			// The sequence restarts the next day; the register number runs on through the year.
			{c, "000.00.12.H55-260303-0001", at(2026, 3, 3, 17, 0), 3},
		}
		for _, c := range cases {
			if c.d.Code != c.code || !c.d.DueAt.Equal(c.due) || c.d.RegisterNumber != c.register || c.d.RegisterYear != 2026 {
				t.Errorf("%s: code %s due %s register %d/%d, want %s due %s register %d", c.d.ProcedureCode, c.d.Code,
					c.d.DueAt.In(vn), c.d.RegisterNumber, c.d.RegisterYear, c.code, c.due, c.register)
			}
			if c.d.Status != onestop.StateReceived || c.d.HolderRole != auth.Desk {
				t.Errorf("%s: status %s holder %s", c.d.Code, c.d.Status, c.d.HolderRole)
			}
		}
		// Birth registration is done immediately on a complete dossier (Civil Status Law Art.
		// 16): received Friday 15:01, due Friday 17:00. Certification keeps the cut-off (Decree
		// 23/2015 Art. 7): received after 15:00, due the next working day.
		late := e.intake("1.001193", at(2026, 3, 6, 15, 1)) // Friday
		if want := at(2026, 3, 6, 17, 0); !late.DueAt.Equal(want) {
			t.Errorf("Friday 15:01 birth due %s, want Friday 17:00", late.DueAt.In(vn))
		}
		if late := e.intake("2.000815", at(2026, 3, 6, 15, 1)); !late.DueAt.Equal(at(2026, 3, 9, 17, 0)) {
			t.Errorf("Friday 15:01 certification due %s, want Monday 17:00", late.DueAt.In(vn))
		}
		// Half a working day (4 hours): the commune sets it on a procedure; received Monday
		// 14:00, due Tuesday 08:30. An intake before the change must not leave the old limit
		// in use (intake keeps the procedures it read for a few seconds).
		e.intake("2.000884", at(2026, 3, 9, 9, 0))
		p, err := e.svc.Procedure(e.ctx, e.cid, "2.000884")
		if err != nil {
			t.Fatal(err)
		}
		p.Processing = onestop.Processing{Minutes: 240}
		if _, err := e.svc.UpdateProcedure(e.ctx, e.cid, leader, p); err != nil {
			t.Fatal(err)
		}
		half := e.intake("2.000884", at(2026, 3, 9, 14, 0))
		if want := at(2026, 3, 10, 8, 30); !half.DueAt.Equal(want) {
			t.Errorf("4 hours from Monday 14:00 due %s, want Tuesday 08:30", half.DueAt.In(vn))
		}
		// A new year restarts the register at 1.
		ny := e.intake("1.001193", at(2027, 1, 4, 9, 0))
		if ny.RegisterYear != 2027 || ny.RegisterNumber != 1 || !strings.HasSuffix(ny.Code, "-270104-0001") {
			t.Errorf("new year: %s register %d/%d", ny.Code, ny.RegisterNumber, ny.RegisterYear)
		}
		// Every intake: one audit entry, one accepted event, one control-slip row.
		n := e.count(`SELECT count(*) FROM dossiers WHERE commune_id = $1`, e.cid)
		if got := e.count(`SELECT count(*) FROM audit_log WHERE commune_id = $1 AND action = 'dossier.intake'`, e.cid); got != n {
			t.Errorf("%d intake audit entries for %d dossiers", got, n)
		}
		if got := e.count(`SELECT count(*) FROM outbox WHERE commune_id = $1 AND topic = $2`, e.cid, onestop.TopicAccepted); got != n {
			t.Errorf("%d accepted events for %d dossiers", got, n)
		}
		full, err := e.svc.Dossier(e.ctx, e.cid, a.Code)
		if err != nil || len(full.History) != 1 || full.History[0].Action != onestop.ActIntake || full.History[0].ToName != desk.Name {
			t.Errorf("history %+v %v", full.History, err)
		}
		// The audit log keeps the ID number masked.
		if got := e.count(`SELECT count(*) FROM audit_log WHERE commune_id = $1 AND summary LIKE '%019090001234%'`, e.cid); got != 0 {
			t.Error("an ID number reached the audit log in clear")
		}
	})
}

func TestIntakeIncomplete(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		req := onestop.IntakeRequest{ProcedureCode: "1.001193", Applicant: onestop.Applicant{Name: "Trần Thị Bình", Phone: "0987654321"},
			Documents: []string{"Tờ khai đăng ký khai sinh theo mẫu"}}
		_, err := e.svc.Intake(e.ctx, e.cid, desk, req)
		fe, ok := errs.Fields(err)
		if !ok || fe["documents.giay-chung-sinh"] == "" || fe["documents.giay-to-tuy-than"] == "" || len(fe) != 2 {
			t.Fatalf("incomplete intake: %v %v", err, fe)
		}
		if n := e.count(`SELECT count(*) FROM dossiers WHERE commune_id = $1`, e.cid); n != 0 {
			t.Fatalf("a refused intake stored %d dossiers", n)
		}
		// A document not on the list.
		req2 := req
		req2.Documents = []string{"to-khai", "Sổ hộ khẩu"}
		if _, err := e.svc.Intake(e.ctx, e.cid, desk, req2); !hasField(err, "documents.1") {
			t.Errorf("off-list document: %v", err)
		}
		// Inactive procedure (handled by the police).
		req3 := req
		req3.ProcedureCode = "1.004222"
		if _, err := e.svc.Intake(e.ctx, e.cid, desk, req3); !hasField(err, "procedure_code") {
			t.Errorf("inactive procedure: %v", err)
		}
		// Kept with a supplement request: code, no due date, the request names exactly the missing.
		req.IfIncomplete = onestop.IncompleteSupplement
		dd, err := e.svc.Intake(e.ctx, e.cid, desk, req)
		if err != nil {
			t.Fatal(err)
		}
		if dd.Status != onestop.StateSupplement || !dd.DueAt.IsZero() || dd.Code == "" || dd.SupplementRequests != 1 {
			t.Fatalf("kept incomplete: %+v", dd)
		}
		full, _ := e.svc.Dossier(e.ctx, e.cid, dd.Code)
		if len(full.Supplements) != 1 || !slices.Equal(full.Supplements[0].Documents, []string{"giay-chung-sinh", "giay-to-tuy-than"}) {
			t.Fatalf("supplement %+v", full.Supplements)
		}
		// The applicant gets one SMS listing both.
		if n := e.count(`SELECT count(*) FROM outbox WHERE commune_id = $1 AND topic = 'notify.send' AND payload LIKE '%Giấy chứng sinh%'`, e.cid); n != 1 {
			t.Errorf("%d supplement messages", n)
		}
		// Completed three days later: the clock starts then.
		got := e.do(dd.Code, at(2026, 3, 5, 10, 0), desk, onestop.ActSupplementReceived, onestop.ActionInput{})
		if got.Status != onestop.StateReceived || !got.DueAt.Equal(at(2026, 3, 5, 17, 0)) {
			t.Errorf("after supplement: %s due %s", got.Status, got.DueAt.In(vn))
		}
	})
}

func hasField(err error, field string) bool {
	fe, ok := errs.Fields(err)
	return ok && fe[field] != ""
}

// TestSupplementRestartsTheClock: Decree 61/2018 Art. 19.4.
func TestSupplementRestartsTheClock(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		dd := e.intake("1.004873", at(2026, 3, 2, 9, 0)) // due Thursday 5 March 17:00
		if !dd.DueAt.Equal(at(2026, 3, 5, 17, 0)) {
			t.Fatalf("due %s", dd.DueAt.In(vn))
		}
		e.do(dd.Code, at(2026, 3, 2, 10, 0), desk, onestop.ActHandover, onestop.ActionInput{ToRole: auth.Specialist})
		// Off the list: 422, nothing changes.
		e.clk.set(at(2026, 3, 3, 10, 0))
		_, err := e.svc.RequestSupplement(e.ctx, e.cid, dd.Code, specialist, onestop.ActionInput{Documents: []string{"so-ho-khau"}})
		if !hasField(err, "documents.0") {
			t.Fatalf("off-list supplement: %v", err)
		}
		s := e.do(dd.Code, at(2026, 3, 3, 10, 0), specialist, onestop.ActSupplementRequest,
			onestop.ActionInput{Documents: []string{"Giấy tờ chứng minh việc ly hôn hoặc việc vợ, chồng đã chết"}, Reason: "Đã từng kết hôn"})
		if s.Status != onestop.StateSupplement || !s.DueAt.IsZero() {
			t.Fatalf("supplement: %s due %v", s.Status, s.DueAt)
		}
		// A second request in the same round.
		_, err = e.svc.RequestSupplement(e.ctx, e.cid, dd.Code, specialist, onestop.ActionInput{Documents: []string{"to-khai"}})
		if !errors.Is(err, onestop.ErrSupplementAlreadyRequested) {
			t.Fatalf("second supplement: %v", err)
		}
		// Completed on Monday 9 March: three working days from then, due Thursday 12 March.
		r := e.do(dd.Code, at(2026, 3, 9, 9, 0), desk, onestop.ActSupplementReceived, onestop.ActionInput{})
		if r.Status != onestop.StateProcessing || !r.DueAt.Equal(at(2026, 3, 12, 17, 0)) {
			t.Errorf("after supplement: %s due %s", r.Status, r.DueAt.In(vn))
		}
		if want := 6*24*time.Hour - time.Hour; r.SupplementTime != want || r.Round != 2 || !slices.Contains(r.Documents, "chung-minh-ly-hon") {
			t.Errorf("supplement time %s round %d documents %v", r.SupplementTime, r.Round, r.Documents)
		}
		// A new round allows a new request (which Decision 766 will count against the office).
		e.do(dd.Code, at(2026, 3, 10, 9, 0), specialist, onestop.ActSupplementRequest, onestop.ActionInput{Documents: []string{"to-khai"}})
		if n := e.count(`SELECT count(*) FROM dossier_supplements WHERE commune_id = $1`, e.cid); n != 2 {
			t.Errorf("%d supplement rows", n)
		}
	})
}

// TestApologyOnce: Decree 61/2018 Art. 19.9.
func TestApologyOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		dd := e.intake("1.004873", at(2026, 3, 2, 9, 0)) // due Thursday 17:00
		e.do(dd.Code, at(2026, 3, 2, 10, 0), desk, onestop.ActHandover, onestop.ActionInput{ToRole: auth.Specialist})
		newDue := at(2026, 3, 10, 17, 0)
		a := e.do(dd.Code, at(2026, 3, 4, 9, 0), specialist, onestop.ActApology, onestop.ActionInput{Reason: "Cần xác minh tại xã khác", NewDueAt: newDue})
		if !a.DueAt.Equal(newDue) || !a.OriginalDueAt.Equal(at(2026, 3, 5, 17, 0)) || a.Apologies != 1 {
			t.Fatalf("after apology: due %s original %s apologies %d", a.DueAt.In(vn), a.OriginalDueAt.In(vn), a.Apologies)
		}
		e.clk.set(at(2026, 3, 5, 9, 0))
		_, err := e.svc.Apologise(e.ctx, e.cid, dd.Code, specialist, onestop.ActionInput{Reason: "Lần nữa", NewDueAt: at(2026, 3, 20, 17, 0)})
		if !errors.Is(err, onestop.ErrApologyAlreadyIssued) || errs.KindOf(err) != errs.Conflict {
			t.Fatalf("second apology: %v", err)
		}
		// Too late for another dossier: its due date is today.
		late := e.intake("1.004873", at(2026, 3, 2, 9, 30))
		e.clk.set(at(2026, 3, 5, 8, 0))
		if _, err := e.svc.Apologise(e.ctx, e.cid, late.Code, desk, onestop.ActionInput{Reason: "x", NewDueAt: at(2026, 3, 9, 17, 0)}); !errors.Is(err, onestop.ErrApologyTooLate) {
			t.Fatalf("apology on the due day: %v", err)
		}
		// The applicant was told by SMS and the event went out.
		if n := e.count(`SELECT count(*) FROM outbox WHERE commune_id = $1 AND topic = 'notify.send' AND payload LIKE '%xin lỗi%'`, e.cid); n != 1 {
			t.Errorf("%d apology messages", n)
		}
		if n := e.count(`SELECT count(*) FROM outbox WHERE commune_id = $1 AND topic = $2`, e.cid, onestop.TopicApologised); n != 1 {
			t.Errorf("%d apologised events", n)
		}
		full, _ := e.svc.Dossier(e.ctx, e.cid, dd.Code)
		if full.Apology == nil || full.Apology.Reason != "Cần xác minh tại xã khác" {
			t.Errorf("apology %+v", full.Apology)
		}
	})
}

// TestFullJourney: desk → specialist → leader → desk, each hand-over on the control slip, and
// the returned event for the letters room.
func TestFullJourney(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		dd := e.intake("1.001193", at(2026, 3, 2, 8, 0))
		e.do(dd.Code, at(2026, 3, 2, 8, 10), desk, onestop.ActHandover, onestop.ActionInput{ToRole: auth.Specialist, Note: "Chuyển xử lý"})
		e.do(dd.Code, at(2026, 3, 2, 9, 0), specialist, onestop.ActHandover, onestop.ActionInput{ToRole: auth.Leader})
		// Illegal: the desk cannot return what is not decided.
		e.clk.set(at(2026, 3, 2, 9, 5))
		if _, err := e.svc.Return(e.ctx, e.cid, dd.Code, desk, onestop.ActionInput{Method: "counter"}); errs.KindOf(err) != errs.Conflict {
			t.Fatalf("early return: %v", err)
		}
		e.do(dd.Code, at(2026, 3, 2, 10, 0), leader, onestop.ActApprove, onestop.ActionInput{})
		e.do(dd.Code, at(2026, 3, 2, 10, 30), leader, onestop.ActHandover, onestop.ActionInput{ToRole: auth.Desk})
		r := e.do(dd.Code, at(2026, 3, 2, 14, 0), desk, onestop.ActReturn, onestop.ActionInput{Method: "post", TrackingNumber: "EB123456789VN"})
		if r.Status != onestop.StateReturned || !r.FinishedAt.Equal(at(2026, 3, 2, 10, 0)) || r.TrackingNumber != "EB123456789VN" {
			t.Fatalf("returned: %+v", r)
		}
		full, _ := e.svc.Dossier(e.ctx, e.cid, dd.Code)
		var steps []string
		for _, h := range full.History {
			steps = append(steps, fmt.Sprintf("%s:%s→%s:%s", h.Action, h.FromRole, h.ToRole, h.StatusAfter))
		}
		want := []string{"intake:→desk:received", "handover:desk→specialist:processing", "handover:specialist→leader:approval",
			"approve:leader→:processed", "handover:leader→desk:result_ready", "return:desk→:returned"}
		if !slices.Equal(steps, want) {
			t.Errorf("control slip\n got %v\nwant %v", steps, want)
		}
		var payload string
		if err := e.d.QueryRow(e.ctx, `SELECT payload FROM outbox WHERE commune_id = $1 AND topic = $2`, e.cid, onestop.TopicReturned).Scan(&payload); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(payload, `"procedure_code":"1.001193"`) || !strings.Contains(payload, "Nguyễn Văn An") || strings.Contains(payload, "019090001234") {
			t.Errorf("returned payload %s", payload)
		}
		if n := e.count(`SELECT count(*) FROM audit_log WHERE commune_id = $1 AND object_type = 'dossier'`, e.cid); n != 6 {
			t.Errorf("%d audit entries, want 6", n)
		}
	})
}

// TestConcurrentIntakeNumbers: codes and register numbers stay distinct and gap-free under
// concurrent intakes (a row lock on PostgreSQL, the single writer on SQLite).
func TestConcurrentIntakeNumbers(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.clk.set(at(2026, 3, 2, 9, 0))
		const n = 24
		codes := make([]string, n)
		var wg sync.WaitGroup
		errc := make(chan error, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				dd, err := e.svc.Intake(e.ctx, e.cid, desk, onestop.IntakeRequest{ProcedureCode: "2.000884",
					Applicant: onestop.Applicant{Name: "Người " + fmt.Sprint(i)}, Documents: []string{"giay-to-tuy-than", "van-ban-can-chung-thuc"}})
				if err != nil {
					errc <- err
					return
				}
				codes[i] = dd.Code
			}()
		}
		wg.Wait()
		close(errc)
		for err := range errc {
			t.Fatal(err)
		}
		slices.Sort(codes)
		for i, c := range codes {
			if want := fmt.Sprintf("000.00.12.H55-260302-%04d", i+1); c != want {
				t.Fatalf("code %d = %s, want %s", i, c, want)
			}
		}
	})
}

func TestProcedureListSearchAndUpdate(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ps, total, err := e.svc.Procedures(e.ctx, e.cid, onestop.ProcedureFilter{Query: "dang ky KHAI SINH"})
		if err != nil || total < 3 {
			t.Fatalf("search: %d %v", total, err)
		}
		for _, p := range ps {
			if !strings.Contains(strings.ToLower(p.Name), "khai sinh") {
				t.Errorf("search matched %s", p.Name)
			}
		}
		if _, total, _ := e.svc.Procedures(e.ctx, e.cid, onestop.ProcedureFilter{Query: "2.000815"}); total != 1 {
			t.Errorf("search by code: %d", total)
		}
		all, total, _ := e.svc.Procedures(e.ctx, e.cid, onestop.ProcedureFilter{Limit: 5, Offset: 5})
		if len(all) != 5 || total < 25 {
			t.Errorf("page: %d of %d", len(all), total)
		}
		// Seeding again adds nothing and keeps the commune's edits.
		p, _ := e.svc.Procedure(e.ctx, e.cid, "1.001193")
		p.Name = "Đăng ký khai sinh (bản của xã)"
		p.Documents = p.Documents[:2]
		up, err := e.svc.UpdateProcedure(e.ctx, e.cid, leader, p)
		if err != nil || up.Version != 2 {
			t.Fatalf("update: %v %d", err, up.Version)
		}
		if _, err := e.svc.UpdateProcedure(e.ctx, e.cid, leader, p); errs.KindOf(err) != errs.Conflict {
			t.Errorf("stale update: %v", err)
		}
		if n, err := e.svc.EnsureCatalogue(e.ctx, e.cid); err != nil || n != 0 {
			t.Errorf("reseed added %d, %v", n, err)
		}
		got, _ := e.svc.Procedure(e.ctx, e.cid, "1.001193")
		if got.Name != p.Name || len(got.Documents) != 2 || got.Version != 2 {
			t.Errorf("after reseed: %s, %d documents", got.Name, len(got.Documents))
		}
		if n := e.count(`SELECT count(*) FROM audit_log WHERE commune_id = $1 AND action = 'procedure.update'`, e.cid); n != 1 {
			t.Errorf("%d procedure audit entries", n)
		}
		bad := got
		bad.Documents = append(bad.Documents, onestop.Document{ID: "Bad ID", Name: "", Kind: "scan"})
		if _, err := e.svc.UpdateProcedure(e.ctx, e.cid, leader, bad); !hasField(err, "documents.2.id") || !hasField(err, "documents.2.kind") {
			t.Errorf("bad document: %v", err)
		}
	})
}

func TestPublicLookup(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		dd := e.intake("1.001193", at(2026, 3, 2, 9, 0))
		if _, err := e.svc.PublicLookup(e.ctx, e.cid, dd.Code, "5678"); err != nil {
			t.Fatalf("right digits: %v", err)
		}
		var keys []string
		for _, c := range []struct{ code, digits string }{{dd.Code, "5679"}, {dd.Code, ""}, {dd.Code, "67a8"}, {"000.00.12.H55-260302-0099", "5678"}, {"rác", "5678"}} {
			_, err := e.svc.PublicLookup(e.ctx, e.cid, c.code, c.digits)
			ee, _ := errs.As(err)
			if ee == nil || ee.Kind != errs.NotFound {
				t.Fatalf("%s/%s: %v", c.code, c.digits, err)
			}
			keys = append(keys, ee.Key)
		}
		for _, k := range keys {
			if k != keys[0] {
				t.Errorf("look-up failures differ: %v", keys)
			}
		}
	})
}

// Issue 16 item 9: the 10,000th dossier of a day gets a five-digit sequence, and can be
// looked up by it.
func TestTenThousandthDossierOfADay(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		first := e.intake("1.001193", at(2026, 3, 2, 9, 0))
		if _, err := d.Exec(e.ctx, `UPDATE onestop_counters SET last = 9999 WHERE commune_id = $1 AND name = 'day:260302'`, e.cid); err != nil {
			t.Fatal(err)
		}
		dd := e.intake("1.001193", at(2026, 3, 2, 9, 5))
		if want := strings.TrimSuffix(first.Code, "0001") + "10000"; dd.Code != want {
			t.Fatalf("code %q, want %q", dd.Code, want)
		}
		if _, err := e.svc.PublicLookup(e.ctx, e.cid, dd.Code, "5678"); err != nil {
			t.Fatalf("look-up of %s: %v", dd.Code, err)
		}
	})
}

// Issue 16 item 10: wrong phone digits lock that code's look-up for a while, from whatever
// address they come; other codes and, after the lock, the right digits work again.
func TestPublicLookupLocksACodeAfterWrongTries(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		dd := e.intake("1.001193", at(2026, 3, 2, 9, 0))
		other := e.intake("1.001193", at(2026, 3, 2, 9, 5))
		for i, digits := range []string{"0000", "1111", "2222", "3333", "4444"} {
			if _, err := e.svc.PublicLookup(e.ctx, e.cid, dd.Code, digits); errs.KindOf(err) != errs.NotFound {
				t.Fatalf("wrong try %d: %v", i+1, err)
			}
		}
		_, err := e.svc.PublicLookup(e.ctx, e.cid, dd.Code, "5678")
		if ee, _ := errs.As(err); ee == nil || ee.Kind != errs.TooMany || ee.Key != "onestop.lookup_locked" {
			t.Fatalf("right digits after 5 wrong tries: %v, want the code locked", err)
		}
		if _, err := e.svc.PublicLookup(e.ctx, e.cid, other.Code, "5678"); err != nil {
			t.Fatalf("another code: %v", err)
		}
		// An unknown code locks the same way, so the lock does not tell which codes exist.
		ghost := "000.00.12.H55-260302-0099"
		for range 5 {
			e.svc.PublicLookup(e.ctx, e.cid, ghost, "1234")
		}
		if _, err := e.svc.PublicLookup(e.ctx, e.cid, ghost, "1234"); errs.KindOf(err) != errs.TooMany {
			t.Fatalf("unknown code after 5 tries: %v", err)
		}
		e.clk.set(at(2026, 3, 2, 9, 36))
		if _, err := e.svc.PublicLookup(e.ctx, e.cid, dd.Code, "5678"); err != nil {
			t.Fatalf("after the lock: %v", err)
		}
	})
}

// TestBoardAndLate: counts by state, due today, at risk, overdue, per officer; FlagLate
// publishes one late event per dossier.
func TestBoardAndLate(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		today := e.intake("1.001193", at(2026, 3, 2, 8, 0))    // due Mon 17:00
		risk := e.intake("1.004873", at(2026, 2, 26, 9, 0))    // due Tue 3 March 17:00
		overdue := e.intake("1.004873", at(2026, 2, 23, 9, 0)) // due Thu 26 Feb 17:00
		far := e.intake("1.001699", at(2026, 3, 2, 8, 30))     // 25 working days
		e.do(overdue.Code, at(2026, 3, 2, 8, 40), desk, onestop.ActHandover, onestop.ActionInput{ToRole: auth.Specialist})
		e.clk.set(at(2026, 3, 2, 10, 0))
		b, err := e.svc.Board(e.ctx, e.cid)
		if err != nil {
			t.Fatal(err)
		}
		codes := func(ds []onestop.Dossier) []string {
			var out []string
			for _, d := range ds {
				out = append(out, d.Code)
			}
			return out
		}
		if got := codes(b.Overdue); !slices.Equal(got, []string{overdue.Code}) {
			t.Errorf("overdue %v", got)
		}
		if got := codes(b.DueToday); !slices.Equal(got, []string{today.Code}) {
			t.Errorf("due today %v", got)
		}
		if got := codes(b.AtRisk); !slices.Equal(got, []string{today.Code, risk.Code}) {
			t.Errorf("at risk %v", got)
		}
		if b.ByState[onestop.StateReceived] != 3 || b.ByState[onestop.StateProcessing] != 1 {
			t.Errorf("by state %v", b.ByState)
		}
		loads := map[auth.Role]onestop.OfficerLoad{}
		for _, o := range b.Officers {
			loads[o.HolderRole] = o
		}
		if loads[auth.Desk].Open != 3 || loads[auth.Desk].AtRisk != 2 || loads[auth.Specialist].Overdue != 1 {
			t.Errorf("per officer %+v", b.Officers)
		}
		_ = far
		n, err := e.svc.FlagLate(e.ctx)
		if err != nil || n != 1 {
			t.Fatalf("flag late: %d %v", n, err)
		}
		if n, _ := e.svc.FlagLate(e.ctx); n != 0 {
			t.Errorf("flagged again: %d", n)
		}
		if got := e.count(`SELECT count(*) FROM outbox WHERE commune_id = $1 AND topic = $2`, e.cid, onestop.TopicLate); got != 1 {
			t.Errorf("%d late events", got)
		}
	})
}
