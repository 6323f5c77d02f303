package democracy_test

import (
	"fmt"
	"testing"
	"time"

	"xaso/internal/calendar"
	"xaso/internal/db"
	"xaso/internal/db/dbtest"
	"xaso/internal/democracy"
)

// An online vote on a matter 6 of a hamlet of 3 households: refused until more than half
// chose online voting, open only over its days, one vote per proven household, counted from
// the ballot box against all 3 households, with the hash of its papers.
func TestOnlineVote(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		var codes []string
		for i, h := range e.homes[e.b] {
			if _, err := d.Exec(e.ctx, `INSERT INTO residents (commune_id, id, household_id, full_name, id_number, search, created_at, updated_at)
				VALUES ($1, $2, $3, 'Thành viên', $4, 'thanh vien', $5, $5)`, e.cid, fmt.Sprintf("r-%d", i), h, fmt.Sprintf("01909000%04d", i), e.now.UTC()); err != nil {
				t.Fatal(err)
			}
			var code string
			if err := d.QueryRow(e.ctx, `SELECT code FROM households WHERE commune_id = $1 AND id = $2`, e.cid, h).Scan(&code); err != nil {
				t.Fatal(err)
			}
			codes = append(codes, code)
		}
		proof := func(i int) democracy.Proof {
			return democracy.Proof{HouseholdCode: codes[i], IDNumber: fmt.Sprintf("01909000%04d", i)}
		}
		in := democracy.DecisionInput{HamletID: e.b, Matter: "6", Form: democracy.OnlineVote, Title: "Giờ mở cửa nhà văn hóa",
			Team: "A\nB\nC", BallotsFrom: "2026-12-10", BallotsTo: "2026-12-12", AgreedOn: "2026-12-07", InformedOn: "2026-12-08", PollYes: "1"}
		_, err := e.svc.OpenDecision(e.ctx, e.cid, leader, democracy.Scope{}, in)
		fieldErr(t, err, "poll_yes", "democracy.err.online_poll")
		bad := in
		bad.Matter = "1"
		_, err = e.svc.OpenDecision(e.ctx, e.cid, leader, democracy.Scope{}, bad)
		fieldErr(t, err, "form", "democracy.err.online_matter")
		in.PollYes = "2"
		dec, err := e.svc.OpenDecision(e.ctx, e.cid, leader, democracy.Scope{}, in)
		if err != nil {
			t.Fatal(err)
		}
		kindErr(t, e.svc.Vote(e.ctx, e.cid, dec.ID, proof(0), true), "democracy.err.vote_closed")
		e.now = time.Date(2026, 12, 11, 20, 0, 0, 0, calendar.Zone)
		if err := e.svc.Vote(e.ctx, e.cid, dec.ID, proof(0), true); err != nil {
			t.Fatal(err)
		}
		kindErr(t, e.svc.Vote(e.ctx, e.cid, dec.ID, proof(0), false), "democracy.err.voted")
		fieldErr(t, e.svc.Vote(e.ctx, e.cid, dec.ID, democracy.Proof{HouseholdCode: codes[1], IDNumber: "019090009999"}, true), "household_code", "democracy.err.proof")
		if err := e.svc.Vote(e.ctx, e.cid, dec.ID, proof(1), true); err != nil {
			t.Fatal(err)
		}
		_, err = e.svc.EnterCount(e.ctx, e.cid, leader, leader.ID, democracy.Scope{}, dec.ID, democracy.CountInput{HamletID: e.b, Present: "3", Yes: "3", No: "0"})
		kindErr(t, err, "democracy.err.online_count")
		_, err = e.svc.CloseOnline(e.ctx, e.cid, leader, democracy.Scope{}, dec.ID)
		kindErr(t, err, "democracy.err.vote_not_over")
		on, err := e.svc.Online(e.ctx, e.cid, dec)
		if err != nil || on.Voted != 2 || on.Closed {
			t.Fatalf("online state %+v %v", on, err)
		}
		e.now = time.Date(2026, 12, 13, 8, 0, 0, 0, calendar.Zone)
		kindErr(t, e.svc.Vote(e.ctx, e.cid, dec.ID, proof(2), false), "democracy.err.vote_closed")
		if dec, err = e.svc.CloseOnline(e.ctx, e.cid, leader, democracy.Scope{}, dec.ID); err != nil || dec.Status != democracy.Decided || !dec.Passed || dec.VotedOn != day(t, "2026-12-12") {
			t.Fatalf("closed %+v %v", dec, err)
		}
		tl, err := e.svc.Tally(e.ctx, e.cid, dec)
		if err != nil || tl.Result.Households != 3 || tl.Result.Yes != 2 || tl.Result.Present != 2 || tl.Result.Needed != 2 {
			t.Fatalf("tally %+v %v", tl.Result, err)
		}
		if on, _ = e.svc.Online(e.ctx, e.cid, dec); !on.Closed || len(on.Hash) != 64 {
			t.Fatalf("hash %+v", on)
		}
	})
}
