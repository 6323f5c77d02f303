package onestop_test

import (
	"context"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"xaso/internal/auth"
	"xaso/internal/db"
	"xaso/internal/db/dbtest"
	"xaso/internal/onestop"
)

// TestOnTimeStats works out March 2026 by hand (Decision 766: finished no later than the due
// date with supplement time deducted; more than one supplement request is late).
//
//	A  birth, received Mon 2/3 09:00, due 2/3 17:00, approved 2/3 11:00            → on time
//	B  1.004873, received 2/3 09:00, due Thu 5/3 17:00, approved Fri 6/3 09:00      → late (past due)
//	C  1.004873, received 2/3 10:00, supplement 3/3, completed Mon 9/3 09:00 → due
//	   Thu 12/3 17:00, approved 11/3: on time although past the first due date       → on time
//	D  1.004873, two supplement rounds, approved before its due date                → late (supplements)
//	E  1.004873, due 5/3, apology on 3/3 → new date 10/3, approved 9/3               → late, with apology
//	F  birth received 3/3 09:00, refused 3/3 10:00                                   → on time
//	G  withdrawn on 4/3                                                              → not counted
//	H  1.004873 received 2/3 14:00, due 5/3, still with the specialist               → overdue, open
//	I  received 30/3, approved 1/4                                                   → April, not counted
//
// Finished 6 (A–F), on time 3 (A, C, F), late 3 (B, D, E), rate 50 %, one late with an
// apology, one overdue open (H).
func TestOnTimeStats(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		A := e.intake("1.001193", at(2026, 3, 2, 9, 0))
		e.finish(A.Code, at(2026, 3, 2, 11, 0))

		B := e.intake("1.004873", at(2026, 3, 2, 9, 0))
		e.finish(B.Code, at(2026, 3, 6, 9, 0))

		C := e.intake("1.004873", at(2026, 3, 2, 10, 0))
		e.do(C.Code, at(2026, 3, 3, 9, 0), desk, onestop.ActSupplementRequest, onestop.ActionInput{Documents: []string{"chung-minh-ly-hon"}})
		if c := e.do(C.Code, at(2026, 3, 9, 9, 0), desk, onestop.ActSupplementReceived, onestop.ActionInput{}); !c.DueAt.Equal(at(2026, 3, 12, 17, 0)) {
			t.Fatalf("C due %s", c.DueAt.In(vn))
		}
		e.finish(C.Code, at(2026, 3, 11, 15, 0))

		D := e.intake("1.004873", at(2026, 3, 2, 11, 0))
		e.do(D.Code, at(2026, 3, 3, 9, 0), desk, onestop.ActSupplementRequest, onestop.ActionInput{Documents: []string{"to-khai"}})
		e.do(D.Code, at(2026, 3, 4, 9, 0), desk, onestop.ActSupplementReceived, onestop.ActionInput{})
		e.do(D.Code, at(2026, 3, 5, 9, 0), desk, onestop.ActSupplementRequest, onestop.ActionInput{Documents: []string{"giay-xn-cu"}})
		e.do(D.Code, at(2026, 3, 6, 9, 0), desk, onestop.ActSupplementReceived, onestop.ActionInput{})
		e.finish(D.Code, at(2026, 3, 9, 9, 0))

		E := e.intake("1.004873", at(2026, 3, 2, 13, 0))
		e.do(E.Code, at(2026, 3, 3, 9, 0), desk, onestop.ActApology, onestop.ActionInput{Reason: "Chờ xác minh", NewDueAt: at(2026, 3, 10, 17, 0)})
		e.finish(E.Code, at(2026, 3, 9, 16, 0))

		F := e.intake("1.001193", at(2026, 3, 3, 9, 0))
		e.do(F.Code, at(2026, 3, 3, 10, 0), desk, onestop.ActRefuse, onestop.ActionInput{Reasons: "Trẻ đã được đăng ký khai sinh tại nơi khác"})

		G := e.intake("1.004873", at(2026, 3, 3, 9, 0))
		e.do(G.Code, at(2026, 3, 4, 9, 0), desk, onestop.ActWithdraw, onestop.ActionInput{Reason: "Công dân đề nghị"})

		H := e.intake("1.004873", at(2026, 3, 2, 14, 0))
		e.do(H.Code, at(2026, 3, 2, 15, 0), desk, onestop.ActHandover, onestop.ActionInput{ToRole: auth.Specialist})

		I := e.intake("1.004873", at(2026, 3, 30, 9, 0))
		e.finish(I.Code, at(2026, 4, 1, 9, 0))

		e.clk.set(at(2026, 4, 10, 9, 0))
		st, err := e.svc.OnTimeStats(context.Background(), e.cid, at(2026, 3, 15, 0, 0))
		if err != nil {
			t.Fatal(err)
		}
		codes := func(ds []onestop.StatDossier) []string {
			var out []string
			for _, d := range ds {
				out = append(out, d.Code)
			}
			slices.Sort(out)
			return out
		}
		sorted := func(xs ...string) []string { slices.Sort(xs); return xs }
		if st.Finished != 6 || st.OnTime != 3 || st.Late != 3 || st.Rate != 50 || st.LateWithApology != 1 || st.OverdueOpen != 1 {
			t.Errorf("stats %+v", st)
		}
		if got, want := codes(st.OnTimeDossiers), sorted(A.Code, C.Code, F.Code); !slices.Equal(got, want) {
			t.Errorf("on time %v, want %v", got, want)
		}
		if got, want := codes(st.LateDossiers), sorted(B.Code, D.Code, E.Code); !slices.Equal(got, want) {
			t.Errorf("late %v, want %v", got, want)
		}
		if got := codes(st.OverdueDossiers); !slices.Equal(got, []string{H.Code}) {
			t.Errorf("overdue open %v", got)
		}
		why := map[string]string{}
		for _, l := range st.LateDossiers {
			why[l.Code] = l.Why
		}
		if why[B.Code] != onestop.WhyPastDue || why[D.Code] != onestop.WhySupplements || why[E.Code] != onestop.WhyPastDue {
			t.Errorf("why %v", why)
		}
		if !st.Month.Equal(at(2026, 3, 1, 0, 0)) {
			t.Errorf("month %s", st.Month)
		}
		// April: only I, on time.
		apr, _ := e.svc.OnTimeStats(context.Background(), e.cid, at(2026, 4, 2, 0, 0))
		if apr.Finished != 1 || apr.OnTime != 1 {
			t.Errorf("april %+v", apr)
		}
	})
}

// The demo dossiers go through the real rules and give a mix of states.
func TestSeedDemoDossiers(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		res, err := onestop.SeedDemoDossiers(e.ctx, d, e.cid, rand.New(rand.NewPCG(1, 2)), 150)
		if err != nil {
			t.Fatal(err)
		}
		if res.Created < 140 {
			t.Fatalf("created %d", res.Created)
		}
		for _, s := range []onestop.State{onestop.StateReturned, onestop.StateSupplement, onestop.StateRejected} {
			if res.ByState[s] == 0 {
				t.Errorf("no demo dossier %s: %v", s, res.ByState)
			}
		}
		if n := e.count(`SELECT count(*) FROM dossier_apologies WHERE commune_id = $1`, e.cid); n == 0 {
			t.Errorf("no apology in the demo")
		}
		again, err := onestop.SeedDemoDossiers(e.ctx, d, e.cid, rand.New(rand.NewPCG(1, 2)), 150)
		if err != nil || again.Created != 0 {
			t.Errorf("second seeding: %+v %v", again, err)
		}
		st, err := e.svc.OnTimeStats(e.ctx, e.cid, time.Now().AddDate(0, 0, -20))
		if err != nil || st.Finished == 0 || st.Late == 0 || st.OnTime == 0 {
			t.Errorf("demo month: %+v %v", st, err)
		}
		t.Logf("demo: %v; month of %s: %d finished, %.1f%% on time", res.ByState, st.Month.Format("2006-01"), st.Finished, st.Rate)
	})
}

// Counts over a span agrees with OnTimeStats month by month: the same rule, summed by the
// database instead of read row by row.
func TestCountsAgreeWithMonthlyStats(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		if _, err := onestop.SeedDemoDossiers(e.ctx, d, e.cid, rand.New(rand.NewPCG(3, 4)), 300); err != nil {
			t.Fatal(err)
		}
		var first, last time.Time
		for _, q := range []struct {
			order string
			to    *time.Time
		}{{"ASC", &first}, {"DESC", &last}} {
			if err := d.QueryRow(e.ctx, `SELECT finished_at FROM dossiers WHERE commune_id = $1 AND finished_at IS NOT NULL
				ORDER BY finished_at `+q.order+` LIMIT 1`, e.cid).Scan(q.to); err != nil {
				t.Fatal(err)
			}
		}
		start, _ := onestop.MonthOf(first)
		_, end := onestop.MonthOf(last)
		var want onestop.PeriodCounts
		for m := start; m.Before(end); m = m.AddDate(0, 1, 0) {
			st, err := e.svc.OnTimeStats(e.ctx, e.cid, m)
			if err != nil {
				t.Fatal(err)
			}
			want.Finished, want.OnTime, want.Late, want.LateWithApology = want.Finished+st.Finished, want.OnTime+st.OnTime,
				want.Late+st.Late, want.LateWithApology+st.LateWithApology
		}
		got, err := e.svc.Counts(e.ctx, e.cid, start, end)
		if err != nil {
			t.Fatal(err)
		}
		if want.Finished == 0 || want.Late == 0 || got.Finished != want.Finished || got.OnTime != want.OnTime || got.Late != want.Late ||
			got.LateWithApology != want.LateWithApology {
			t.Fatalf("counts %+v, months summed %+v", got, want)
		}
	})
}
