package ballot_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"xaso/internal/audit"
	"xaso/internal/calendar"
	"xaso/internal/commune"
	"xaso/internal/db"
	"xaso/internal/democracy/ballot"
)

var team = audit.Actor{ID: "u-front", Name: "Hoàng Thị Mai"}

// env is a commune with two hamlets and n households in the first, one in the second.
type env struct {
	t          *testing.T
	ctx        context.Context
	d          *db.DB
	cid        string
	h1, h2     string
	households []string // of h1, in the order they were created
	outsider   string   // of h2
}

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
	e := &env{t: t, ctx: ctx, d: d, cid: c.ID}
	st := commune.New(d)
	for i, name := range []string{"Đồng Tâm", "Nà Pồng"} {
		h, err := st.CreateHamlet(ctx, c.ID, team, commune.Hamlet{Name: name, SortOrder: i + 1})
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			e.h1 = h.ID
		} else {
			e.h2 = h.ID
		}
	}
	e.households = addHouseholds(t, d, c.ID, e.h1, "DT", n)
	e.outsider = addHouseholds(t, d, c.ID, e.h2, "NP", 1)[0]
	return e
}

// addHouseholds writes n households of a hamlet straight into the registry (the test stands in
// for the registry's import).
func addHouseholds(t *testing.T, d *db.DB, communeID, hamletID, prefix string, n int) []string {
	t.Helper()
	ids := make([]string, n)
	rows := make([][]any, n)
	now := time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC)
	for i := range rows {
		ids[i] = fmt.Sprintf("hh-%s-%04d", prefix, i)
		rows[i] = []any{communeID, ids[i], fmt.Sprintf("%s%04d", prefix, i), hamletID, fmt.Sprintf("Chủ hộ %d", i), "", "", "", now, now}
	}
	if err := d.Tx(context.Background(), func(tx *db.Tx) error {
		return db.InsertRows(context.Background(), tx, "households",
			[]string{"commune_id", "id", "code", "hamlet_id", "head_name", "address", "phone", "search", "created_at", "updated_at"}, rows)
	}); err != nil {
		t.Fatal(err)
	}
	return ids
}

func (e *env) open(mode ballot.Mode, seats int, options ...string) ballot.Box {
	e.t.Helper()
	var b ballot.Box
	if err := e.d.Tx(e.ctx, func(tx *db.Tx) error {
		var err error
		b, err = ballot.OpenBox(e.ctx, tx, e.cid, team, ballot.BoxInput{SubjectType: "election", SubjectID: fmt.Sprint(time.Now().UnixNano()),
			Title: "Bầu trưởng thôn Đồng Tâm", Day: calendar.NewDate(2026, 3, 22), Mode: mode, Seats: seats, Options: options, HamletIDs: []string{e.h1}})
		return err
	}); err != nil {
		e.t.Fatal(err)
	}
	return b
}

func (e *env) cast(box, household string, m ballot.Marks) error {
	return e.d.Tx(e.ctx, func(tx *db.Tx) error { return ballot.CastVote(e.ctx, tx, e.cid, box, household, team, m) })
}

func (e *env) enter(box string, m ballot.Marks, n int) error {
	return e.d.Tx(e.ctx, func(tx *db.Tx) error { return ballot.EnterPapers(e.ctx, tx, e.cid, box, team, m, n) })
}

func (e *env) close(box string) (ballot.Result, error) {
	var r ballot.Result
	err := e.d.Tx(e.ctx, func(tx *db.Tx) error {
		var err error
		r, err = ballot.Close(e.ctx, tx, e.cid, box, team)
		return err
	})
	return r, err
}
