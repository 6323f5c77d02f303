package onestop_test

import (
	"testing"

	"xaso/internal/auth"
	"xaso/internal/calendar"
	"xaso/internal/db"
	"xaso/internal/db/dbtest"
	"xaso/internal/errs"
	"xaso/internal/onestop"
)

// TestOnlyTheHolderActs (issue 8 item 5): the desk cannot refuse a dossier the specialists
// hold; the holder's refusal is signed by the commune's chairman, recorded with it; a finished
// dossier has no holder.
func TestOnlyTheHolderActs(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		if _, err := d.Exec(e.ctx, `UPDATE communes SET chairman = 'Ma Văn Hùng' WHERE id = $1`, e.cid); err != nil {
			t.Fatal(err)
		}
		dd := e.intake("1.004873", at(2026, 3, 2, 9, 0))
		e.do(dd.Code, at(2026, 3, 2, 10, 0), desk, onestop.ActHandover, onestop.ActionInput{ToRole: auth.Specialist})
		_, err := e.svc.Refuse(e.ctx, e.cid, dd.Code, desk, onestop.ActionInput{Reasons: "Không đủ điều kiện"})
		if e, ok := errs.As(err); !ok || e.Kind != errs.Forbidden || e.Key != "onestop.not_holder" || len(e.Args) != 1 || e.Args[0] != "Công chức chuyên môn" {
			t.Fatalf("desk refuses the specialists' dossier: %v", err)
		}
		if _, err := e.svc.Stop(e.ctx, e.cid, dd.Code, desk, onestop.ActionInput{Reason: "x"}); errs.KindOf(err) != errs.Forbidden {
			t.Fatalf("desk stops the specialists' dossier: %v", err)
		}
		got := e.do(dd.Code, at(2026, 3, 3, 9, 0), specialist, onestop.ActRefuse, onestop.ActionInput{Reasons: "Không đủ điều kiện"})
		if got.HolderName != "" || got.HolderID != "" || got.HolderRole != "" {
			t.Errorf("refused dossier held by %q %q %q", got.HolderID, got.HolderName, got.HolderRole)
		}
		full, err := e.svc.Dossier(e.ctx, e.cid, dd.Code)
		if err != nil {
			t.Fatal(err)
		}
		last := full.History[len(full.History)-1]
		if last.Action != onestop.ActRefuse || last.SignerName != "Ma Văn Hùng" || last.SignerRole != auth.Leader {
			t.Errorf("refusal signed by %q (%s), want the chairman", last.SignerName, last.SignerRole)
		}
		if full.HolderName != "" {
			t.Errorf("stored holder %q", full.HolderName)
		}
		// A refusal at the desk is the desk officer's own.
		other := e.intake("1.004873", at(2026, 3, 3, 9, 0))
		e.do(other.Code, at(2026, 3, 3, 9, 5), desk, onestop.ActRefuse, onestop.ActionInput{Reasons: "Sai thủ tục"})
		full, err = e.svc.Dossier(e.ctx, e.cid, other.Code)
		if err != nil {
			t.Fatal(err)
		}
		if last := full.History[len(full.History)-1]; last.SignerName != desk.Name {
			t.Errorf("refusal at the desk signed by %q", last.SignerName)
		}
	})
}

// TestOnlineWaitsForTheDesk (issue 8 item 6): a submission nobody checked waits in "Chờ
// tiếp nhận" without a due date; a Saturday-night submission accepted on Monday counts from
// Monday; TopicAccepted goes out at acceptance.
func TestOnlineWaitsForTheDesk(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		cal := calendar.Default()
		p, err := e.svc.Procedure(e.ctx, e.cid, "1.004873")
		if err != nil {
			t.Fatal(err)
		}
		var docs []string
		for _, x := range p.Documents {
			if x.Required {
				docs = append(docs, x.ID)
			}
		}
		sat := at(2026, 3, 7, 22, 30)
		e.clk.set(sat)
		online := onestop.Actor{ID: "online", Name: "Cổng trực tuyến", Roles: []auth.Role{auth.Desk}}
		dd, err := e.svc.Intake(e.ctx, e.cid, online, onestop.IntakeRequest{ProcedureCode: "1.004873", Channel: onestop.ChannelOnline,
			Documents: docs, AwaitCheck: true, Applicant: onestop.Applicant{Name: "Nguyễn Văn An", Phone: "0912345678"}})
		if err != nil {
			t.Fatal(err)
		}
		if dd.Status != onestop.StateAwaiting || !dd.DueAt.IsZero() || !dd.ClockStartAt.IsZero() {
			t.Fatalf("online intake: %s due %v clock %v", dd.Status, dd.DueAt, dd.ClockStartAt)
		}
		// The desk has one working day (the default) from Monday's opening.
		if want := cal.DueAt(sat, calendar.Processing{Days: onestop.DefaultOnlineCheckDays}).At; !dd.AcceptBy.Equal(want) || dd.AcceptBy.Before(at(2026, 3, 9, 7, 30)) {
			t.Errorf("accept by %s, want %s", dd.AcceptBy.In(vn), want.In(vn))
		}
		if n := e.count(`SELECT count(*) FROM outbox WHERE commune_id = $1 AND topic = $2`, e.cid, onestop.TopicAccepted); n != 0 {
			t.Errorf("%d accepted events before the check", n)
		}
		if _, err := e.svc.Accept(e.ctx, e.cid, dd.Code, specialist, onestop.ActionInput{}); errs.KindOf(err) != errs.Forbidden {
			t.Errorf("a specialist accepts at the desk: %v", err)
		}
		mon := at(2026, 3, 9, 9, 0)
		got := e.do(dd.Code, mon, desk, onestop.ActAccept, onestop.ActionInput{})
		if got.Status != onestop.StateReceived || !got.ClockStartAt.Equal(mon) || !got.DueAt.Equal(cal.DueAt(mon, p.Processing.Calendar()).At) || !got.AcceptBy.IsZero() {
			t.Errorf("accepted: %s clock %v due %v accept by %v", got.Status, got.ClockStartAt, got.DueAt.In(vn), got.AcceptBy)
		}
		if got.HolderID != desk.ID {
			t.Errorf("held by %q after acceptance", got.HolderID)
		}
		if n := e.count(`SELECT count(*) FROM outbox WHERE commune_id = $1 AND topic = $2`, e.cid, onestop.TopicAccepted); n != 1 {
			t.Errorf("%d accepted events after the check", n)
		}
		// Another one is sent back for a supplement: the clock starts when it is complete.
		e.clk.set(sat)
		dd2, err := e.svc.Intake(e.ctx, e.cid, online, onestop.IntakeRequest{ProcedureCode: "1.004873", Channel: onestop.ChannelOnline,
			Documents: docs, AwaitCheck: true, Applicant: onestop.Applicant{Name: "Trần Thị Bích", Phone: "0912345679"}})
		if err != nil {
			t.Fatal(err)
		}
		s := e.do(dd2.Code, mon, desk, onestop.ActSupplementRequest, onestop.ActionInput{Documents: docs[:1]})
		if s.Status != onestop.StateSupplement || !s.DueAt.IsZero() {
			t.Fatalf("supplement: %s %v", s.Status, s.DueAt)
		}
		tue := at(2026, 3, 10, 10, 0)
		r := e.do(dd2.Code, tue, desk, onestop.ActSupplementReceived, onestop.ActionInput{})
		if r.Status != onestop.StateReceived || !r.ClockStartAt.Equal(tue) {
			t.Errorf("supplement received: %s clock %v", r.Status, r.ClockStartAt)
		}
	})
}
