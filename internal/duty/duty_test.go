package duty_test

import (
	"context"
	"testing"
	"time"

	"xaso/internal/db"
	"xaso/internal/db/dbtest"
	"xaso/internal/duty"
)

func TestRegisterOpensMovesListsAndCloses(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		for _, c := range []string{"c1", "c2"} {
			if _, err := d.Exec(ctx, `INSERT INTO communes (id, code, name, province, created_at) VALUES ($1, $1, $1, 'P', $2)`, c, time.Now()); err != nil {
				t.Fatal(err)
			}
		}
		now := time.Date(2026, 12, 7, 2, 0, 0, 0, time.UTC) // Monday 09:00 in Vietnam
		set := func(dd duty.Duty) {
			t.Helper()
			if err := d.Tx(ctx, func(tx *db.Tx) error { return duty.Set(ctx, tx, dd) }); err != nil {
				t.Fatal(err)
			}
		}
		mk := func(commune, subject string, due time.Duration, owner duty.Owner) duty.Duty {
			return duty.Duty{CommuneID: commune, Room: "onestop", Kind: "onestop.duty.process", SubjectType: "dossier",
				SubjectID: subject, Label: subject, URL: "/ho-so/" + subject, LegalBasis: "Nghị định 118/2025/NĐ-CP",
				Owner: owner, DueAt: now.Add(due), AtRiskFrom: now.Add(due - 8*time.Hour)}
		}
		an := duty.Owner{ID: "u-an", Name: "Nguyễn Văn An", Role: "specialist"}
		desk := duty.Owner{Role: "desk"}
		set(mk("c1", "A", -2*time.Hour, an))  // overdue
		set(mk("c1", "B", 4*time.Hour, desk)) // at risk
		set(mk("c1", "C", 72*time.Hour, an))  // on time
		set(mk("c2", "Z", -time.Hour, an))    // another commune

		s := duty.NewStore(d)
		list, total, err := s.List(ctx, "c1", duty.Filter{}, now)
		if err != nil || total != 3 || len(list) != 3 || list[0].SubjectID != "A" || list[2].SubjectID != "C" {
			t.Fatalf("all open: %d %+v %v", total, list, err)
		}
		wantStates := []duty.State{duty.Overdue, duty.AtRisk, duty.OnTime}
		for i, dd := range list {
			if got := dd.StateAt(now); got != wantStates[i] {
				t.Errorf("%s: %s, want %s", dd.SubjectID, got, wantStates[i])
			}
		}
		for _, tc := range []struct {
			f    duty.Filter
			want int
		}{
			{duty.Filter{State: duty.Overdue}, 1}, {duty.Filter{State: duty.AtRisk}, 1}, {duty.Filter{State: duty.OnTime}, 1},
			{duty.Filter{OwnerID: "u-an"}, 2}, {duty.Filter{OwnerID: "u-binh", Roles: []string{"desk"}}, 1},
			{duty.Filter{Room: "petition"}, 0},
		} {
			if _, n, err := s.List(ctx, "c1", tc.f, now); err != nil || n != tc.want {
				t.Errorf("%+v: %d, want %d (%v)", tc.f, n, tc.want, err)
			}
		}
		if c, err := s.Count(ctx, "c1", duty.Filter{}, now); err != nil || c != (duty.Counts{Open: 3, AtRisk: 1, Overdue: 1}) {
			t.Fatalf("counts: %+v %v", c, err)
		}

		// Moving a duty (an apology's new date, a hand-over) keeps one row per subject and kind.
		moved := mk("c1", "A", 48*time.Hour, desk)
		set(moved)
		if _, n, _ := s.List(ctx, "c1", duty.Filter{State: duty.Overdue}, now); n != 0 {
			t.Fatalf("after the move %d overdue", n)
		}
		got, err := s.Get(ctx, "c1", "onestop", "A", "onestop.duty.process")
		if err != nil || !got.DueAt.Equal(moved.DueAt) || got.Owner.Role != "desk" || !got.Open {
			t.Fatalf("moved duty: %+v %v", got, err)
		}
		if err := d.Tx(ctx, func(tx *db.Tx) error { return duty.Close(ctx, tx, "c1", "onestop", "A", "", "done") }); err != nil {
			t.Fatal(err)
		}
		got, _ = s.Get(ctx, "c1", "onestop", "A", "onestop.duty.process")
		if got.Open || got.Outcome != "done" || got.ClosedAt.IsZero() || got.StateAt(now) != duty.Closed {
			t.Fatalf("closed duty: %+v", got)
		}
		if _, n, _ := s.List(ctx, "c1", duty.Filter{}, now); n != 2 {
			t.Fatalf("open after closing one: %d", n)
		}
		// A closed duty set again is open again (a petition reopened).
		set(mk("c1", "A", 24*time.Hour, an))
		if c, _ := s.Count(ctx, "c1", duty.Filter{}, now); c.Open != 3 {
			t.Fatalf("reopened: %+v", c)
		}
	})
}

func TestSetRefusesAnIncompleteDuty(t *testing.T) {
	d := dbtest.SQLite(t)
	ctx := context.Background()
	err := d.Tx(ctx, func(tx *db.Tx) error {
		return duty.Set(ctx, tx, duty.Duty{CommuneID: "c1", Room: "onestop", Kind: "k", SubjectID: "x"})
	})
	if err == nil {
		t.Fatal("a duty without a due time was accepted")
	}
}
