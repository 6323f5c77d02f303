package onestop_test

import (
	"testing"
	"time"

	"xaso/internal/auth"
	"xaso/internal/db"
	"xaso/internal/db/dbtest"
	"xaso/internal/duty"
	"xaso/internal/onestop"
)

// Issue 9 item 8: a dossier's deadlines live in the one register of duties, moved by the
// dossier's own changes (hand-over, supplement, approval) and closed when it is decided.
func TestDossierDutiesFollowTheDossier(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		reg := duty.NewStore(d)
		get := func(id, kind string) duty.Duty {
			t.Helper()
			got, err := reg.Get(e.ctx, e.cid, "onestop", id, kind)
			if err != nil {
				t.Fatalf("duty %s of %s: %v", kind, id, err)
			}
			return got
		}
		dd := e.intake("1.001193", at(2026, 3, 2, 9, 0))
		p := get(dd.ID, onestop.DutyProcess)
		if !p.Open || !p.DueAt.Equal(dd.DueAt) || p.Label != dd.Code || p.URL != "/ho-so/"+dd.Code || p.Owner.Role != string(auth.Desk) {
			t.Fatalf("after intake: %+v (dossier due %v)", p, dd.DueAt)
		}
		if !p.AtRiskFrom.Before(p.DueAt) {
			t.Errorf("at risk from %v, due %v", p.AtRiskFrom, p.DueAt)
		}
		e.do(dd.Code, at(2026, 3, 2, 10, 0), desk, onestop.ActHandover, onestop.ActionInput{ToRole: auth.Specialist})
		if p = get(dd.ID, onestop.DutyProcess); p.Owner.Role != string(auth.Specialist) || !p.Open {
			t.Fatalf("after the hand-over: %+v", p)
		}
		done := e.finish(dd.Code, at(2026, 3, 2, 11, 0))
		if p = get(dd.ID, onestop.DutyProcess); p.Open || p.Outcome != string(done.Status) {
			t.Fatalf("after approval (%s): %+v", done.Status, p)
		}
		// The page's counts agree with the board: nothing open for this commune now.
		if c, err := reg.Count(e.ctx, e.cid, duty.Filter{}, at(2026, 3, 2, 12, 0)); err != nil || c.Open != 0 {
			t.Fatalf("open duties: %+v %v", c, err)
		}

		// A supplement stops the commune's clock: the duty closes and comes back with the new date.
		d2 := e.intake("1.001193", at(2026, 3, 3, 9, 0))
		e.do(d2.Code, at(2026, 3, 3, 9, 30), desk, onestop.ActSupplementRequest, onestop.ActionInput{Documents: firstDoc(t, e, "1.001193")})
		if p = get(d2.ID, onestop.DutyProcess); p.Open {
			t.Fatalf("waiting on the applicant, the duty is open: %+v", p)
		}
		back := e.do(d2.Code, at(2026, 3, 4, 9, 0), desk, onestop.ActSupplementReceived, onestop.ActionInput{})
		if p = get(d2.ID, onestop.DutyProcess); !p.Open || !p.DueAt.Equal(back.DueAt) {
			t.Fatalf("after the supplement: %+v, dossier due %v", p, back.DueAt)
		}
		// Overdue in the register exactly when the dossier is overdue.
		late := back.DueAt.Add(time.Minute)
		if p.StateAt(late) != duty.Overdue || p.StateAt(back.DueAt.Add(-time.Minute)) == duty.Overdue {
			t.Errorf("states around the due time: %s / %s", p.StateAt(back.DueAt.Add(-time.Minute)), p.StateAt(late))
		}
	})
}

func firstDoc(t *testing.T, e *env, code string) []string {
	t.Helper()
	p, err := e.svc.Procedure(e.ctx, e.cid, code)
	if err != nil || len(p.Documents) == 0 {
		t.Fatalf("procedure %s: %v", code, err)
	}
	return []string{p.Documents[0].ID}
}
