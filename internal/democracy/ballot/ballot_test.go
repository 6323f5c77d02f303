package ballot_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"sync"
	"testing"

	"xaso/internal/db"
	"xaso/internal/db/dbtest"
	"xaso/internal/democracy/ballot"
	"xaso/internal/errs"
)

// One vote per household, also when two arrive at once; only the electorate votes; a paper
// marks known options, at most as many as the seats.
func TestOneVotePerHousehold(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, 3)
		box := e.open(ballot.ModeCast, 1, "Đồng ý", "Không đồng ý", "Không biểu quyết")
		var wg sync.WaitGroup
		results := make([]error, 4)
		for i := range results {
			wg.Add(1)
			go func() { defer wg.Done(); results[i] = e.cast(box.ID, e.households[0], ballot.Marks{Choices: []int{1}}) }()
		}
		wg.Wait()
		ok := 0
		for _, err := range results {
			switch {
			case err == nil:
				ok++
			case errs.KindOf(err) != errs.Conflict:
				t.Fatalf("a racing vote: %v", err)
			}
		}
		if ok != 1 {
			t.Fatalf("%d votes of one household taken", ok)
		}
		if n, _ := ballot.PaperCount(e.ctx, d, e.cid, box.ID); n != 1 {
			t.Fatalf("%d papers after one vote", n)
		}
		if err := e.cast(box.ID, e.outsider, ballot.Marks{Choices: []int{1}}); errs.KindOf(err) != errs.Invalid {
			t.Fatalf("a household of another hamlet voted: %v", err)
		}
		if err := e.cast(box.ID, "no-such", ballot.Marks{Choices: []int{1}}); errs.KindOf(err) != errs.Invalid {
			t.Fatalf("an unknown household voted: %v", err)
		}
		for _, m := range []ballot.Marks{{Choices: []int{1, 2}}, {Choices: []int{4}}, {Choices: []int{0}}} {
			if err := e.cast(box.ID, e.households[1], m); errs.KindOf(err) != errs.Invalid {
				t.Fatalf("paper %v: %v", m, err)
			}
		}
		if voted, _ := ballot.HasVoted(e.ctx, d, e.cid, box.ID, e.households[1]); voted {
			t.Fatal("a refused paper counted the household as voted")
		}
		if err := e.enter(box.ID, ballot.Marks{Choices: []int{1}}, 1); errs.KindOf(err) != errs.Conflict {
			t.Fatalf("papers typed into a cast box: %v", err)
		}
		if _, err := e.close(box.ID); err != nil {
			t.Fatal(err)
		}
		if err := e.cast(box.ID, e.households[2], ballot.Marks{Choices: []int{2}}); errs.KindOf(err) != errs.Conflict {
			t.Fatalf("voted in a closed box: %v", err)
		}
		if _, err := e.close(box.ID); errs.KindOf(err) != errs.Conflict {
			t.Fatalf("closed twice: %v", err)
		}
	})
}

// Paper ballots typed in: the count of ballots returned must be recorded and match the papers
// before the count ends; the tally and its hash are reproducible from the stored papers, the
// hash is the SHA-256 of the published list, and it changes when a paper changes.
func TestTallyReproducible(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, 10)
		box := e.open(ballot.ModePaper, 2, "Lò Văn Sáng", "Hoàng Thị Mai", "Nông Văn Dũng")
		for _, batch := range []struct {
			m ballot.Marks
			n int
		}{{ballot.Marks{Choices: []int{1, 2}}, 120}, {ballot.Marks{Choices: []int{3}}, 31}, {ballot.Marks{Choices: []int{}}, 4}, {ballot.Marks{Invalid: true}, 5}} {
			if err := e.enter(box.ID, batch.m, batch.n); err != nil {
				t.Fatal(err)
			}
		}
		if err := e.enter(box.ID, ballot.Marks{Choices: []int{1, 2, 3}}, 1); errs.KindOf(err) != errs.Invalid {
			t.Fatalf("three names kept on a paper for two seats: %v", err)
		}
		if _, err := e.close(box.ID); errs.KindOf(err) != errs.Conflict {
			t.Fatalf("closed without the returns: %v", err)
		}
		returns := func(issued, returned int) error {
			return d.Tx(e.ctx, func(tx *db.Tx) error { return ballot.RecordReturns(e.ctx, tx, e.cid, box.ID, team, issued, returned) })
		}
		if err := returns(170, 171); errs.KindOf(err) != errs.Invalid {
			t.Fatalf("more returned than issued: %v", err)
		}
		if err := returns(170, 161); err != nil {
			t.Fatal(err)
		}
		if _, err := e.close(box.ID); errs.KindOf(err) != errs.Conflict {
			t.Fatalf("closed with 160 papers for 161 returned: %v", err)
		}
		if err := returns(170, 160); err != nil {
			t.Fatal(err)
		}
		res, err := e.close(box.ID)
		if err != nil {
			t.Fatal(err)
		}
		if res.Papers != 160 || res.Valid != 155 || res.Blank != 4 || res.Invalid != 5 || res.VotesFor(1) != 120 || res.VotesFor(2) != 120 ||
			res.VotesFor(3) != 31 || res.Issued != 170 || res.Returned != 160 {
			t.Fatalf("result %+v", res)
		}
		again, ok, err := ballot.Count(e.ctx, d, e.cid, box.ID)
		if err != nil || !ok || again.Hash != res.Hash || again.VotesFor(3) != 31 {
			t.Fatalf("recount %+v %v %v", again, ok, err)
		}
		var list bytes.Buffer
		if err := ballot.WritePapers(e.ctx, d, e.cid, box.ID, &list); err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(list.Bytes())
		if hex.EncodeToString(sum[:]) != res.Hash {
			t.Fatal("the hash is not the SHA-256 of the published list")
		}
		// A paper altered in the database: the recount differs and no longer verifies.
		var id string
		if err := d.QueryRow(e.ctx, `SELECT id FROM ballot_papers WHERE commune_id = $1 AND box_id = $2 AND choices = '3' ORDER BY id LIMIT 1`, e.cid, box.ID).Scan(&id); err != nil {
			t.Fatal(err)
		}
		if _, err := d.Exec(e.ctx, `UPDATE ballot_papers SET choices = '1' WHERE commune_id = $1 AND box_id = $2 AND id = $3`, e.cid, box.ID, id); err != nil {
			t.Fatal(err)
		}
		changed, ok, err := ballot.Count(e.ctx, d, e.cid, box.ID)
		if err != nil || ok || changed.Hash == res.Hash || changed.VotesFor(3) != 30 {
			t.Fatalf("altered paper: %+v verified=%v %v", changed, ok, err)
		}
		if _, err := d.Exec(e.ctx, `UPDATE ballot_papers SET choices = '3' WHERE commune_id = $1 AND box_id = $2 AND id = $3`, e.cid, box.ID, id); err != nil {
			t.Fatal(err)
		}
		if back, ok, _ := ballot.Count(e.ctx, d, e.cid, box.ID); !ok || back.Hash != res.Hash {
			t.Fatal("restored paper does not verify")
		}
	})
}

// Papers typed in by mistake are discarded before the count ends, and the box of a subject is
// one.
func TestDiscardAndOneBox(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, 2)
		box := e.open(ballot.ModePaper, 1, "Lò Văn Sáng")
		if err := e.enter(box.ID, ballot.Marks{Choices: []int{1}}, 7); err != nil {
			t.Fatal(err)
		}
		if err := d.Tx(e.ctx, func(tx *db.Tx) error { return ballot.DiscardPapers(e.ctx, tx, e.cid, box.ID, team) }); err != nil {
			t.Fatal(err)
		}
		if n, _ := ballot.PaperCount(e.ctx, d, e.cid, box.ID); n != 0 {
			t.Fatalf("%d papers after discarding", n)
		}
		err := d.Tx(e.ctx, func(tx *db.Tx) error {
			_, err := ballot.OpenBox(e.ctx, tx, e.cid, team, ballot.BoxInput{SubjectType: box.SubjectType, SubjectID: box.SubjectID, Title: "x",
				Day: box.Day, Mode: ballot.ModePaper, Seats: 1, Options: []string{"a"}, HamletIDs: []string{e.h1}})
			return err
		})
		if errs.KindOf(err) != errs.Conflict {
			t.Fatalf("a second box for a subject: %v", err)
		}
		if b, err := ballot.BySubject(e.ctx, d, e.cid, box.SubjectType, box.SubjectID); err != nil || b.ID != box.ID || len(b.Options) != 1 {
			t.Fatalf("by subject %+v %v", b, err)
		}
	})
}
