package democracy

import (
	"context"
	"strings"

	"xaso/internal/audit"
	"xaso/internal/db"
	"xaso/internal/democracy/ballot"
	"xaso/internal/errs"
)

// Online voting (biểu quyết trực tuyến, Decree 59/2023 Art. 5): only on a hamlet's other
// self-managed matters (Art. 15.6), only once the hamlet head and the hamlet Front committee
// agreed a meeting or ballots are not needed, more than half of ALL the hamlet's households
// chose online voting in the poll of the hamlet's group, and the commune committee and Front
// were informed. Each household votes once, proving itself as for an initiative; who voted is
// kept apart from what was voted (package ballot), and the result carries the hash of the
// papers. The group's members are the registry's households with their heads and addresses.

// onlineOptions are the choices of an online vote, in the ballot's order.
var onlineOptions = []string{"Tán thành", "Không tán thành"}

// checkOnline checks an online vote's preconditions into fe.
func checkOnline(d *Decision, in DecisionInput, all []Hamlet, fe map[string]string) {
	if d.HamletID == "" {
		fe["hamlet"] = "democracy.err.online_hamlet"
		return
	}
	h, _ := hamletByID(all, d.HamletID)
	n, key := ParseCount(in.PollYes)
	switch {
	case key != "":
		fe["poll_yes"] = key
	case n > h.Households:
		fe["poll_yes"] = "democracy.err.present_over"
	case !MoreThanHalf(n, h.Households):
		fe["poll_yes"] = "democracy.err.online_poll"
	}
	d.PollYes = n
	for _, x := range []struct {
		field string
		on    bool
	}{{"agreed_on", d.AgreedOn.Valid() && d.BallotsFrom.Valid() && d.AgreedOn.After(d.BallotsFrom)},
		{"informed_on", d.InformedOn.Valid() && d.BallotsFrom.Valid() && d.InformedOn.After(d.BallotsFrom)}} {
		if x.on {
			fe[x.field] = "democracy.err.online_before"
		}
	}
}

// openBox opens the ballot box of an online vote in the decision's transaction.
func openBox(ctx context.Context, tx *db.Tx, communeID string, by audit.Actor, d Decision) error {
	_, err := ballot.OpenBox(ctx, tx, communeID, by, ballot.BoxInput{SubjectType: "decision", SubjectID: d.ID, Title: d.Title,
		Day: d.BallotsTo, Mode: ballot.ModeCast, Seats: 1, Options: onlineOptions, HamletIDs: []string{d.HamletID}})
	return err
}

// OnlineState is where an online vote stands: households that voted, and once closed the
// hash of its papers.
type OnlineState struct {
	Voted  int
	Closed bool
	Hash   string
}

// Online reads an online vote's box.
func (s *Service) Online(ctx context.Context, communeID string, d Decision) (OnlineState, error) {
	if d.Form != OnlineVote {
		return OnlineState{}, nil
	}
	b, err := ballot.BySubject(ctx, s.d, communeID, "decision", d.ID)
	if err != nil {
		return OnlineState{}, err
	}
	n, err := ballot.VotedCount(ctx, s.d, communeID, b.ID)
	return OnlineState{Voted: n, Closed: b.Status == ballot.Closed, Hash: b.Hash}, err
}

// VoteOpen reports whether households may vote online today.
func (s *Service) VoteOpen(d Decision) bool {
	today := s.Today()
	return d.Form == OnlineVote && d.Status == Counting && !today.Before(d.BallotsFrom) && !today.After(d.BallotsTo)
}

// Vote casts the online vote of the household a resident proves: yes or no.
func (s *Service) Vote(ctx context.Context, communeID, decisionID string, p Proof, yes bool) error {
	const op = "democracy: vote online"
	return s.tx(ctx, func(tx *db.Tx) error {
		d, err := getDecision(ctx, tx, communeID, decisionID)
		if err != nil {
			return err
		}
		if !s.VoteOpen(d) {
			return errs.E(op, errs.Conflict, "democracy.err.vote_closed")
		}
		household, hamlet, err := proven(ctx, tx, op, communeID, p)
		if err != nil {
			return err
		}
		if hamlet != d.HamletID {
			return errs.FieldErrors{"household_code": "democracy.err.proof_hamlet"}.Err(op)
		}
		b, err := ballot.BySubject(ctx, tx, communeID, "decision", d.ID)
		if err != nil {
			return err
		}
		choice := 2
		if yes {
			choice = 1
		}
		err = ballot.CastVote(ctx, tx, communeID, b.ID, household, portal, ballot.Marks{Choices: []int{choice}})
		if errs.KindOf(err) == errs.Conflict {
			return errs.E(op, errs.Conflict, "democracy.err.voted")
		}
		return err
	})
}

// CloseOnline ends an online vote once its last day is over: the box is closed and counted,
// its result becomes the hamlet's count (every household of the hamlet the denominator, those
// who voted the present), and the decision is final.
func (s *Service) CloseOnline(ctx context.Context, communeID string, by audit.Actor, sc Scope, decisionID string) (Decision, error) {
	const op = "democracy: close online vote"
	var d Decision
	err := s.tx(ctx, func(tx *db.Tx) error {
		var err error
		if d, err = s.changeable(ctx, tx, op, communeID, sc, decisionID); err != nil {
			return err
		}
		if d.Form != OnlineVote {
			return errs.E(op, errs.Conflict, "democracy.err.not_online")
		}
		if !s.Today().After(d.BallotsTo) {
			return errs.E(op, errs.Conflict, "democracy.err.vote_not_over")
		}
		b, err := ballot.BySubject(ctx, tx, communeID, "decision", d.ID)
		if err != nil {
			return err
		}
		res, err := ballot.Close(ctx, tx, communeID, b.ID, by)
		if err != nil {
			return err
		}
		all, err := hamletsOf(ctx, tx, communeID)
		if err != nil {
			return err
		}
		h, _ := hamletByID(all, d.HamletID)
		if _, err := tx.Exec(ctx, `INSERT INTO democracy_counts (commune_id, decision_id, hamlet_id, entry, households, present, yes, no, invalid, by_id, by_name, at)
			VALUES ($1, $2, $3, 1, $4, $5, $6, $7, $8, $9, $10, $11)`, communeID, d.ID, h.ID, h.Households, res.Voted,
			res.VotesFor(1), res.VotesFor(2), res.Blank+res.Invalid, "ballot:"+b.ID, by.Name, s.stamp()); err != nil {
			return errs.Wrap(op, err)
		}
		t, err := tallyOf(ctx, tx, communeID, d)
		if err != nil {
			return err
		}
		before := d.auditView()
		d.Status, d.VotedOn, d.Passed = Decided, d.BallotsTo, t.Result.Passed
		return s.saveDecision(ctx, tx, communeID, by, d, before, "democracy.decision.decide")
	})
	return d, err
}

// onlineChoice reads the choice of the public vote form.
func onlineChoice(s string) (yes bool, ok bool) {
	switch strings.TrimSpace(s) {
	case "yes":
		return true, true
	case "no":
		return false, true
	}
	return false, false
}
