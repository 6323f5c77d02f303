package democracy

import (
	"context"

	"xaso/internal/audit"
	"xaso/internal/calendar"
	"xaso/internal/db"
	"xaso/internal/errs"
)

// SignersInput names the signatories of the record besides the hamlet head (Art. 20.2).
type SignersInput struct {
	FrontHead, Signer1, Signer2 string
}

// SetSigners names the head of the hamlet Front committee and the two household
// representatives who sign the record with the hamlet head.
func (s *Service) SetSigners(ctx context.Context, communeID string, by audit.Actor, sc Scope, decisionID string, in SignersInput) (Decision, error) {
	const op = "democracy: record signers"
	var d Decision
	err := s.tx(ctx, func(tx *db.Tx) error {
		var err error
		if d, err = getDecision(ctx, tx, communeID, decisionID); err != nil {
			return err
		}
		if err := s.inScope(ctx, tx, op, communeID, sc, d); err != nil {
			return err
		}
		if d.Status != Decided {
			return errs.E(op, errs.Conflict, "democracy.err.not_decided")
		}
		before := d.auditView()
		fe := errs.FieldErrors{}
		var ok bool
		for _, f := range []struct {
			name, text string
			to         *string
		}{{"front_head", in.FrontHead, &d.FrontHead}, {"signer1", in.Signer1, &d.Signer1}, {"signer2", in.Signer2, &d.Signer2}} {
			if *f.to, ok = clean(f.text, maxName); !ok {
				fe[f.name] = "democracy.err.too_long"
			} else if *f.to == "" {
				fe[f.name] = "democracy.err.name_required"
			}
		}
		if len(fe) == 0 && d.Signer1 == d.Signer2 {
			fe["signer2"] = "democracy.err.signers_same"
		}
		if len(fe) > 0 {
			return fe.Err(op)
		}
		return s.saveDecision(ctx, tx, communeID, by, d, before, "democracy.decision.signers")
	})
	return d, err
}

// MarkSent records the day the signed record went to the commune committee and the Fatherland
// Front (Art. 20.3). A decision that passed and needs recognition then waits for it; one that
// takes effect on the vote (matters 1, 2, 6 of a hamlet) is in effect from the day voted.
func (s *Service) MarkSent(ctx context.Context, communeID string, by audit.Actor, sc Scope, decisionID, on string) (Decision, error) {
	const op = "democracy: record sent"
	var d Decision
	err := s.tx(ctx, func(tx *db.Tx) error {
		var err error
		if d, err = getDecision(ctx, tx, communeID, decisionID); err != nil {
			return err
		}
		if err := s.inScope(ctx, tx, op, communeID, sc, d); err != nil {
			return err
		}
		if d.Status != Decided {
			return errs.E(op, errs.Conflict, "democracy.err.not_decided")
		}
		if !d.Signed() {
			return errs.E(op, errs.Conflict, "democracy.err.signers_first")
		}
		day, key := s.pastDay(on)
		if key == "" && day.Before(d.VotedOn) {
			key = "democracy.err.sent_before_vote"
		}
		if key != "" {
			return errs.FieldErrors{"sent_on": key}.Err(op)
		}
		before := d.auditView()
		d.Status, d.SentOn = Sent, day
		if d.Passed && d.Recogniser() == "" {
			d.EffectOn = d.VotedOn // Art. 21.2.a: in effect once voted
		}
		return s.saveDecision(ctx, tx, communeID, by, d, before, "democracy.decision.sent")
	})
	return d, err
}

// AnswerInput is the committee's or the Front's answer to a decision that needs recognition.
type AnswerInput struct {
	Recognise bool
	On        string // the day of the answer; today if empty
	EffectOn  string // commune-wide matters 1–2: the day the committee sets; the answer's day if empty
	Text      string // the refusal's reasons (required), or a note
}

// Answer records the recognition, or the written refusal with its reasons, of a decision
// (Art. 21.2): the committee for matters 3–4 and commune-wide 1–2, the Front for matter 5.
// answerer is "committee" or "front", the office the user acts for.
func (s *Service) Answer(ctx context.Context, communeID string, by audit.Actor, answerer, decisionID string, in AnswerInput) (Decision, error) {
	const op = "democracy: answer"
	var d Decision
	err := s.tx(ctx, func(tx *db.Tx) error {
		var err error
		if d, err = getDecision(ctx, tx, communeID, decisionID); err != nil {
			return err
		}
		if d.Status != Sent || !d.Passed || d.Recogniser() == "" {
			return errs.E(op, errs.Conflict, "democracy.err.not_awaiting")
		}
		if d.Recogniser() != answerer {
			return errs.E(op, errs.Forbidden, "democracy.err.not_recogniser")
		}
		fe := errs.FieldErrors{}
		day, key := s.pastDay(in.On)
		if key == "" && day.Before(d.SentOn) {
			key = "democracy.err.answer_before_sent"
		}
		if key != "" {
			fe["on"] = key
		}
		text, ok := clean(in.Text, maxNote)
		if !ok {
			fe["text"] = "democracy.err.too_long"
		} else if !in.Recognise && text == "" {
			fe["text"] = "democracy.err.refusal_reason"
		}
		effect := day
		if in.Recognise && in.EffectOn != "" {
			var ok bool
			if effect, ok = ParseDay(in.EffectOn); !ok {
				fe["effect_on"] = "democracy.err.date_invalid"
			} else if effect.Before(day) {
				fe["effect_on"] = "democracy.err.effect_before"
			}
		}
		if len(fe) > 0 {
			return fe.Err(op)
		}
		before := d.auditView()
		d.AnsweredOn, d.Answer, d.AnswerBy = day, text, by.Name
		if in.Recognise {
			d.Status, d.EffectOn = Recognised, effect
		} else {
			d.Status, d.EffectOn = Refused, calendar.Date{}
		}
		return s.saveDecision(ctx, tx, communeID, by, d, before, "democracy.decision."+string(d.Status))
	})
	return d, err
}
