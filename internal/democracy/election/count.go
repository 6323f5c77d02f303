package election

import (
	"context"
	"errors"
	"strings"

	"xaso/internal/audit"
	"xaso/internal/auth"
	"xaso/internal/calendar"
	"xaso/internal/db"
	"xaso/internal/democracy/ballot"
	"xaso/internal/duty"
	"xaso/internal/errs"
	"xaso/internal/events"
)

// The count: the counting team types in the paper ballots of the election meeting through the
// ballot box of package ballot (one box per election, its options the candidates), then ends
// the count; the result applies Decide to the stored papers.

// boxOpened reports whether the election's ballot box exists (the count has begun).
func (e Election) boxOpened(ctx context.Context, q db.Q, communeID string) bool {
	_, err := ballot.BySubject(ctx, q, communeID, subjectType, e.ID)
	return err == nil
}

// CountState is what the counting page shows: the box once opened and the papers typed in so
// far (their number, never their marks before the end of the count).
type CountState struct {
	Opened  bool
	Box     ballot.Box
	Papers  int
	Missing []Step // steps not recorded: the count cannot begin
	Early   bool   // the election day has not come
}

// Ready reports whether the count may begin or go on.
func (c CountState) Ready() bool { return len(c.Missing) == 0 && !c.Early }

// CountState reads the count of an election.
func (s *Service) CountState(ctx context.Context, communeID string, e Election) (CountState, error) {
	c := CountState{Missing: Missing(e.Timeline(s.Today())), Early: s.Today().Before(e.Day)}
	b, err := ballot.BySubject(ctx, s.d, communeID, subjectType, e.ID)
	if errs.KindOf(err) == errs.NotFound {
		return c, nil
	}
	if err != nil {
		return c, err
	}
	c.Opened, c.Box = true, b
	c.Papers, err = ballot.PaperCount(ctx, s.d, communeID, b.ID)
	return c, err
}

// box returns the election's ballot box, opening it at the first paper. The count cannot
// begin before the election day, nor while a step of Decree 59 Art. 6 is not recorded, nor
// without a candidate.
func (s *Service) box(ctx context.Context, tx *db.Tx, communeID string, e Election, by audit.Actor) (ballot.Box, error) {
	const op = "election: ballot box"
	if !e.Editable() {
		return ballot.Box{}, errs.E(op, errs.Conflict, "election.err.counted")
	}
	b, err := ballot.BySubject(ctx, tx, communeID, subjectType, e.ID)
	if err == nil || errs.KindOf(err) != errs.NotFound {
		return b, err
	}
	if missing := Missing(e.Timeline(s.Today())); len(missing) > 0 {
		return ballot.Box{}, errs.E(op, errs.Conflict, "election.err.steps_missing")
	}
	if s.Today().Before(e.Day) {
		return ballot.Box{}, errs.E(op, errs.Conflict, "election.err.before_day")
	}
	if len(e.Candidates) == 0 {
		return ballot.Box{}, errs.E(op, errs.Conflict, "election.err.no_candidate")
	}
	names := make([]string, len(e.Candidates))
	for i, c := range e.Candidates {
		names[i] = c.Name
	}
	return ballot.OpenBox(ctx, tx, communeID, by, ballot.BoxInput{SubjectType: subjectType, SubjectID: e.ID, Title: e.Title, Day: e.Day,
		Mode: ballot.ModePaper, Seats: min(e.Seats, len(names)), Options: names, HamletIDs: []string{e.HamletID}})
}

// EnterPapers types in a batch of paper ballots of the same marking: the candidates' numbers
// kept on the paper, or invalid papers.
func (s *Service) EnterPapers(ctx context.Context, communeID, id string, by audit.Actor, kept []string, invalid bool, count string) error {
	const op = "election: enter papers"
	return s.tx(ctx, func(tx *db.Tx) error {
		e, err := lockElection(ctx, tx, communeID, id)
		if err != nil {
			return err
		}
		fe := errs.FieldErrors{}
		choices, invalid, key := ParseMarks(kept, invalid, len(e.Candidates))
		if key != "" {
			fe["cand"] = key
		}
		n, key := ParseCount(count, ballot.MaxBatch)
		if key == "" && n < 1 {
			key = "election.err.count_invalid"
		}
		if key != "" {
			fe["papers"] = key
		}
		if err := fe.Err(op); err != nil {
			return err
		}
		b, err := s.box(ctx, tx, communeID, e, by)
		if err != nil {
			return err
		}
		err = ballot.EnterPapers(ctx, tx, communeID, b.ID, by, ballot.Marks{Choices: choices, Invalid: invalid}, n)
		if errs.KindOf(err) == errs.Invalid {
			return errs.FieldErrors{"cand": errKey(err)}.Err(op)
		}
		return err
	})
}

// errKey is the catalogue key of an errs.Error.
func errKey(err error) string {
	var e *errs.Error
	if errors.As(err, &e) {
		return e.Key
	}
	return "election.err.marks"
}

// RecordReturns records the ballots issued and returned.
func (s *Service) RecordReturns(ctx context.Context, communeID, id string, by audit.Actor, issued, returned string) error {
	const op = "election: returns"
	return s.tx(ctx, func(tx *db.Tx) error {
		e, err := lockElection(ctx, tx, communeID, id)
		if err != nil {
			return err
		}
		fe := errs.FieldErrors{}
		i, key := ParseCount(issued, ballot.MaxBatch)
		if key != "" {
			fe["issued"] = key
		}
		r, key := ParseCount(returned, ballot.MaxBatch)
		if key != "" {
			fe["returned"] = key
		} else if fe["issued"] == "" && r > i {
			fe["returned"] = "election.err.returned_more"
		}
		if err := fe.Err(op); err != nil {
			return err
		}
		b, err := s.box(ctx, tx, communeID, e, by)
		if err != nil {
			return err
		}
		return ballot.RecordReturns(ctx, tx, communeID, b.ID, by, i, r)
	})
}

// DiscardPapers removes the papers typed in, for the team to type them again.
func (s *Service) DiscardPapers(ctx context.Context, communeID, id string, by audit.Actor) error {
	return s.tx(ctx, func(tx *db.Tx) error {
		e, err := lockElection(ctx, tx, communeID, id)
		if err != nil {
			return err
		}
		if !e.Editable() {
			return errs.E("election: discard", errs.Conflict, "election.err.counted")
		}
		b, err := ballot.BySubject(ctx, tx, communeID, subjectType, e.ID)
		if err != nil {
			return err
		}
		return ballot.DiscardPapers(ctx, tx, communeID, b.ID, by)
	})
}

// FinishCount ends the count: the box is closed and its hash stored, the threshold is applied
// against all the households of the hamlet as the registry holds them now (kept with the
// election, so that the arithmetic shown stays that of the day), and either the recognition
// is owed within 5 working days or, nobody elected, the minutes say why. note is what the
// team adds to the minutes.
func (s *Service) FinishCount(ctx context.Context, communeID, id string, by audit.Actor, note string) (Election, error) {
	const op = "election: finish count"
	cal, err := s.calendars(ctx, communeID)
	if err != nil {
		return Election{}, err
	}
	var e Election
	err = s.tx(ctx, func(tx *db.Tx) error {
		if e, err = lockElection(ctx, tx, communeID, id); err != nil {
			return err
		}
		if !e.Editable() {
			return errs.E(op, errs.Conflict, "election.err.counted")
		}
		n, ok := clean(note, maxLong)
		if !ok {
			return errs.FieldErrors{"note": "election.err.too_long"}.Err(op)
		}
		b, err := ballot.BySubject(ctx, tx, communeID, subjectType, e.ID)
		if errs.KindOf(err) == errs.NotFound {
			return errs.E(op, errs.Conflict, "election.err.no_papers")
		}
		if err != nil {
			return err
		}
		res, err := ballot.Close(ctx, tx, communeID, b.ID, by)
		if err != nil {
			return err
		}
		if e.Households, err = households(ctx, tx, communeID, e.HamletID); err != nil {
			return err
		}
		o := Decide(b.Seats, e.Households, optionNames(b), res.Votes)
		e.CountedOn, e.ResultNote, e.Status = s.Today(), n, Counted
		if o.NoWinner() {
			e.Status = Failed
		}
		if _, err := tx.Exec(ctx, `UPDATE elections SET status = $3, households = $4, counted_on = $5, result_note = $6, updated_at = $7,
			updated_by = $8 WHERE commune_id = $1 AND id = $2`, communeID, id, string(e.Status), e.Households, e.CountedOn.String(),
			e.ResultNote, tx.Now, by.Name); err != nil {
			return errs.Wrap(op, err)
		}
		if err := audit.Record(ctx, tx, communeID, by, "election.count", "election", id, audit.Change{After: map[string]any{
			"households": e.Households, "needed": o.Needed, "elected": o.Elected, "status": e.Status, "hash": res.Hash}}); err != nil {
			return err
		}
		if err := events.Publish(ctx, tx, communeID, TopicCounted, map[string]any{"id": id, "status": e.Status, "hash": res.Hash}); err != nil {
			return err
		}
		if e.Status == Counted {
			if err := recognitionDuty(ctx, tx, communeID, e, cal); err != nil {
				return err
			}
		}
		if e.Kind == HamletHead {
			return closeNewElectionDuties(ctx, tx, communeID, e)
		}
		return nil
	})
	if err != nil {
		return Election{}, err
	}
	return e, nil
}

func optionNames(b ballot.Box) []string {
	names := make([]string, len(b.Options))
	for i, o := range b.Options {
		names[i] = o.Label
	}
	return names
}

// recognitionDuty owes the recognition, or its written refusal, within 5 working days.
func recognitionDuty(ctx context.Context, tx *db.Tx, communeID string, e Election, cal *calendar.Calendar) error {
	due := cal.AddWorkingDays(e.CountedOn, RecognitionWorkingDays).At(cal.Hours().Closing()).UTC()
	atRisk := cal.AddWorkingDays(e.CountedOn, RecognitionWorkingDays-1).At(cal.Hours().Opening()).UTC()
	basis := "Điều 8 Nghị định 59/2023/NĐ-CP; khoản 2 Điều 21 Luật Thực hiện dân chủ ở cơ sở"
	if e.Kind != HamletHead {
		basis = "Khoản 2 Điều 21 Luật Thực hiện dân chủ ở cơ sở"
	}
	return duty.Set(ctx, tx, duty.Duty{CommuneID: communeID, Room: room, Kind: DutyRecognition, SubjectType: subjectType, SubjectID: e.ID,
		Label: e.Title, URL: e.URL(), LegalBasis: basis, Owner: duty.Owner{Role: string(e.Kind.Recogniser())}, DueAt: due, AtRiskFrom: atRisk})
}

// Result is the count of a finished election: the outcome of the threshold and the ballot
// count it came from, recounted from the stored papers.
type Result struct {
	Outcome  Outcome
	Count    ballot.Result
	Verified bool // the papers stored still give the hash published at the count
	Late     []Step
}

// Result recounts a finished election.
func (s *Service) Result(ctx context.Context, communeID string, e Election) (Result, error) {
	if !e.Done() {
		return Result{}, errs.E("election: result", errs.Conflict, "election.err.not_counted")
	}
	b, err := ballot.BySubject(ctx, s.d, communeID, subjectType, e.ID)
	if err != nil {
		return Result{}, err
	}
	res, ok, err := ballot.Count(ctx, s.d, communeID, b.ID)
	if err != nil {
		return Result{}, err
	}
	return Result{Outcome: Decide(b.Seats, e.Households, optionNames(b), res.Votes), Count: res, Verified: ok, Late: Late(e.Timeline(e.Day))}, nil
}

// Papers writes the canonical list of a finished election's papers (what the hash is of).
func (s *Service) Papers(ctx context.Context, communeID string, e Election, w interface{ Write([]byte) (int, error) }) error {
	if !e.Done() {
		return errs.E("election: papers", errs.NotFound, "election.err.not_found")
	}
	b, err := ballot.BySubject(ctx, s.d, communeID, subjectType, e.ID)
	if err != nil {
		return err
	}
	return ballot.WritePapers(ctx, s.d, communeID, b.ID, w)
}

// DecisionInput is a recognition or a refusal as its form sends it.
type DecisionInput struct {
	On, Ref, Reason string
}

// Resolve records the recognition (recognise) or the written refusal of a result, by the
// authority of the kind: the commune chairman for a hamlet head, the Fatherland Front for
// board members. The recognition duty closes either way.
func (s *Service) Resolve(ctx context.Context, communeID, id string, by audit.Actor, roles []auth.Role, recognise bool, in DecisionInput) (Election, error) {
	const op = "election: decide"
	var e Election
	err := s.tx(ctx, func(tx *db.Tx) error {
		var err error
		if e, err = lockElection(ctx, tx, communeID, id); err != nil {
			return err
		}
		if e.Status != Counted {
			return errs.E(op, errs.Conflict, "election.err.not_awaiting")
		}
		if !hasRole(roles, e.Kind.Recogniser()) {
			return errs.E(op, errs.Forbidden, "election.err.recogniser")
		}
		fe := errs.FieldErrors{}
		on, key := ParseDay(in.On)
		if key != "" {
			fe["on"] = key
		} else if on.Before(e.CountedOn) || on.After(s.Today()) {
			fe["on"] = "election.err.decided_on"
		}
		ref, ok := clean(in.Ref, maxText)
		if !ok {
			fe["ref"] = "election.err.too_long"
		}
		reason, ok := clean(in.Reason, maxLong)
		if !ok {
			fe["reason"] = "election.err.too_long"
		} else if !recognise && reason == "" {
			fe["reason"] = "election.err.reason_required"
		}
		if err := fe.Err(op); err != nil {
			return err
		}
		before := e.auditView()
		e.Status, e.DecidedOn, e.DecisionRef, e.DecidedBy = Recognised, on, ref, by.Name
		outcome := "recognised"
		if !recognise {
			e.Status, e.Refusal, outcome = Refused, reason, "refused"
		}
		if _, err := tx.Exec(ctx, `UPDATE elections SET status = $3, decided_on = $4, decision_ref = $5, refusal = $6, decided_by = $7,
			updated_at = $8, updated_by = $9 WHERE commune_id = $1 AND id = $2`, communeID, id, string(e.Status), on.String(), ref, e.Refusal,
			by.Name, tx.Now, by.Name); err != nil {
			return errs.Wrap(op, err)
		}
		if err := audit.Record(ctx, tx, communeID, by, "election."+outcome, "election", id, audit.Change{Before: before,
			After: map[string]any{"status": e.Status, "on": on.String(), "ref": ref, "reason": e.Refusal}}); err != nil {
			return err
		}
		if err := events.Publish(ctx, tx, communeID, TopicDecided, map[string]any{"id": id, "status": e.Status}); err != nil {
			return err
		}
		return duty.Close(ctx, tx, communeID, room, id, DutyRecognition, outcome)
	})
	if err != nil {
		return Election{}, err
	}
	return e, nil
}

func hasRole(roles []auth.Role, r auth.Role) bool {
	for _, x := range roles {
		if x == r {
			return true
		}
	}
	return false
}

// Repeat decides a new election after one that elected nobody or whose result was refused:
// the same kind, hamlet and seats, on a new day; the two are linked.
func (s *Service) Repeat(ctx context.Context, communeID, id string, by audit.Actor, day string) (Election, error) {
	const op = "election: repeat"
	e, err := s.Get(ctx, communeID, id, nil)
	if err != nil {
		return Election{}, err
	}
	if (e.Status != Failed && e.Status != Refused) || e.NextID != "" {
		return Election{}, errs.E(op, errs.Conflict, "election.err.no_repeat")
	}
	title := e.Title
	if !strings.Contains(title, "(bầu lại)") {
		title += " (bầu lại)"
	}
	return s.create(ctx, communeID, by, Input{Kind: e.Kind, HamletID: e.HamletID, Title: title, Project: e.Project,
		Seats: itoa(e.Seats), Day: day, Place: e.Place}, e.ID, e.RemovalID)
}
