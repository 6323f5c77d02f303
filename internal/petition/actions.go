package petition

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"xaso/internal/audit"
	"xaso/internal/calendar"
	"xaso/internal/db"
	"xaso/internal/errs"
	"xaso/internal/events"
	"xaso/internal/fold"
	"xaso/internal/notify"
	"xaso/internal/secret"
)

// Input is what an action carries; each action reads the fields it needs.
type Input struct {
	Text         string // reason, note, minutes, decision, answer
	To           string // forward: the competent authority
	HandlerID    string // assign
	HandlerName  string
	Kind         Kind   // classify
	Topic        string // classify
	Complex      bool   // classify
	SeveralSites bool   // classify
	Content      string // classify: a denunciation's working copy, redacted further
	Number       string // answer: the number of the written answer
	Question     string // publish: the question as it will read in public
}

// Do takes an action on a petition: the rules, then one transaction with the change, its
// history line, the audit entry, the outbox event and the duties.
func (s *Service) Do(ctx context.Context, communeID, number string, by Actor, a Action, in Input) (Petition, error) {
	op := "petition: " + string(a)
	in.Text = strings.TrimSpace(in.Text)
	in.To = strings.TrimSpace(in.To)
	in.Number = strings.TrimSpace(in.Number)
	in.Question = strings.TrimSpace(in.Question)
	if utf8.RuneCountInString(in.Text) > maxContent || utf8.RuneCountInString(in.Question) > maxContent || utf8.RuneCountInString(in.Content) > maxContent ||
		utf8.RuneCountInString(in.To) > maxShort || utf8.RuneCountInString(in.Number) > 50 {
		return Petition{}, errs.FieldErrors{"text": "petition.err.too_long"}.Err(op)
	}
	var out Petition
	var notifyMsg *notify.Message
	// The answer's rating link is made before the transaction: the rating room may have to
	// create its commune's key in a transaction of its own, which would wait for this one on
	// SQLite's single writer.
	var rateLink string
	if a == ActAnswer && s.rateURL != nil {
		rateLink = s.rateURL(communeID, number)
	}
	err := s.d.Tx(ctx, func(tx *db.Tx) error {
		p, err := s.get(ctx, tx, communeID, number, true)
		if err != nil {
			return err
		}
		now := tx.Now
		if err := Allowed(p, a, by, now); err != nil {
			return err
		}
		cal, err := s.calendar(ctx, communeID)
		if err != nil {
			return err
		}
		rules, err := s.Rules(ctx, tx, communeID)
		if err != nil {
			return err
		}
		remote := s.remoteOr(ctx, tx, communeID)
		before := p
		note := in.Text
		on := calendar.DateOf(p.ReceivedAt)
		switch a {
		case ActClassify:
			if !in.Kind.Valid() || !ValidTopic(in.Topic) {
				return errs.FieldErrors{"kind": "petition.err.kind"}.Err(op)
			}
			if in.Kind != p.Kind && (in.Kind == Denunciation) != (p.Kind == Denunciation) {
				// A sealed identity cannot become plain, nor the other way, by a click: the
				// desk files it again under the right kind.
				return errs.E(op, errs.Conflict, "petition.err.kind_sealed")
			}
			if in.Kind == Complaint && (p.Sender.Name == "" || p.Sender.Address == "") {
				return errs.FieldErrors{"kind": "petition.err.complaint_name"}.Err(op)
			}
			p.Kind, p.Topic, p.Complex, p.SeveralSites = in.Kind, in.Topic, in.Complex, in.SeveralSites
			if p.Kind == Denunciation && strings.TrimSpace(in.Content) != "" {
				p.Content = strings.TrimSpace(in.Content)
			}
			if p.Status == StatusReceived {
				if err := p.scheduleFirst(cal, rules); err != nil {
					return err
				}
			} else if !p.DueAt.IsZero() && acceptStep(p.Kind) == StepAccept {
				if r, ok := rules.Find(p.Kind, StepResolve, resolveVariant(p, remote), on); ok {
					p.DueAt = r.DueFrom(cal, p.AcceptedAt)
					p.DueAt = p.addExtensions(cal, rules, on)
				}
			}
			note = describeClass(p)
		case ActAccept:
			p.Status, p.AcceptedAt = StatusAccepted, now
			if acceptStep(p.Kind) == StepAccept {
				r, ok := rules.Find(p.Kind, StepResolve, resolveVariant(p, remote), on)
				if !ok {
					return errs.E(op, errs.Internal, "petition.err.no_rule")
				}
				p.DueAt = r.DueFrom(cal, now)
			} else {
				p.DueAt = p.StepDueAt
			}
		case ActRefuse:
			if in.Text == "" {
				return errs.FieldErrors{"text": "petition.err.reason"}.Err(op)
			}
			p.Status, p.OutcomeNote, p.ClosedAt = StatusRefused, in.Text, now
		case ActForward:
			if in.To == "" {
				return errs.FieldErrors{"to": "petition.err.forward_to"}.Err(op)
			}
			p.Status, p.ForwardedTo, p.OutcomeNote, p.ClosedAt = StatusForwarded, in.To, in.Text, now
			note = "Chuyển đến: " + in.To
			if in.Text != "" {
				note += ". " + in.Text
			}
			if !p.ForwardBy.IsZero() && now.After(p.ForwardBy) {
				note += " (chuyển sau thời hạn 5 ngày làm việc)"
			}
		case ActAssign:
			if in.HandlerID == "" || in.HandlerName == "" {
				return errs.FieldErrors{"handler": "petition.err.handler"}.Err(op)
			}
			p.Status, p.HandlerID, p.HandlerName = StatusVerifying, in.HandlerID, in.HandlerName
			note = "Giao cho: " + in.HandlerName
		case ActNote, ActMinutes:
			if in.Text == "" {
				return errs.FieldErrors{"text": "petition.err.text"}.Err(op)
			}
			if p.Status == StatusAccepted && by.handles(p) {
				p.Status = StatusVerifying
			}
		case ActExtend:
			variant := ""
			if p.Complex {
				variant = "complex"
			}
			r, ok := rules.Find(p.Kind, StepExtend, variant, on)
			if !ok || p.Extensions >= r.Times {
				return errs.E(op, errs.Conflict, "petition.err.no_more_extensions")
			}
			if in.Text == "" {
				return errs.FieldErrors{"text": "petition.err.reason"}.Err(op)
			}
			p.Extensions++
			p.DueAt = r.DueFrom(cal, p.DueAt)
		case ActDecide:
			if in.Text == "" {
				return errs.FieldErrors{"text": "petition.err.text"}.Err(op)
			}
			p.Status, p.Decision = StatusDecided, in.Text
		case ActAnswer:
			if in.Text == "" {
				return errs.FieldErrors{"text": "petition.err.text"}.Err(op)
			}
			p.Status, p.Answer, p.AnsweredAt = StatusAnswered, in.Text, now
			p.AnswerNumber = in.Number
			if p.PublishConsent && p.Kind != Denunciation {
				p.Published = true
				p.PublicQuestion = Redact(p.Content, p.Sender, "")
			}
			notifyMsg = s.answerMessage(ctx, tx, p, rateLink)
			note = ""
		case ActNotified:
			if in.Text == "" {
				return errs.FieldErrors{"text": "petition.err.text"}.Err(op)
			}
		case ActClose:
			p.Status, p.ClosedAt = StatusClosed, now
		case ActReopen:
			if in.Text == "" {
				return errs.FieldErrors{"text": "petition.err.reason"}.Err(op)
			}
			from := p.AnsweredAt
			if from.IsZero() {
				from = p.ClosedAt
			}
			if r, ok := rules.Find(p.Kind, StepReopen, "", on); ok && !from.IsZero() && now.After(r.DueFrom(cal, from)) {
				return errs.E(op, errs.Conflict, "petition.err.reopen_late", r.String())
			}
			p.Status, p.ClosedAt, p.OutcomeNote = StatusAccepted, time.Time{}, in.Text
			if p.HandlerID != "" {
				p.Status = StatusVerifying
			}
			step := StepResolve
			variant := resolveVariant(p, remote)
			if acceptStep(p.Kind) == StepAnswer {
				step, variant = StepAnswer, ""
			}
			r, ok := rules.Find(p.Kind, step, variant, calendar.DateOf(now))
			if !ok {
				return errs.E(op, errs.Internal, "petition.err.no_rule")
			}
			p.DueAt = r.DueFrom(cal, now)
			p.Published = false
		case ActPublish:
			q := in.Question
			if q == "" {
				q = p.PublicQuestion
			}
			if q == "" {
				q = Redact(p.Content, p.Sender, "")
			}
			p.Published, p.PublicQuestion = true, q
			note = ""
		case ActHide:
			p.Published = false
		}
		p.UpdatedAt = now
		if err := s.update(ctx, tx, p); err != nil {
			return err
		}
		if err := s.step(ctx, tx, p, a, by, stepNote(p, a, note)); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, communeID, audit.Actor{ID: by.ID, Name: by.Name}, "petition."+string(a), "petition", p.ID,
			audit.Change{Before: summary(before), After: summary(p)}); err != nil {
			return err
		}
		if err := events.Publish(ctx, tx, communeID, TopicChanged, eventOf(p)); err != nil {
			return err
		}
		if notifyMsg != nil {
			if err := notify.Request(ctx, tx, *notifyMsg); err != nil {
				return err
			}
		}
		out = p
		return syncDuties(ctx, tx, p, cal, rules, remote)
	})
	if err != nil {
		return Petition{}, errs.Wrap(op, err)
	}
	s.wake()
	return out, nil
}

// addExtensions moves a recomputed resolution date by the extensions already granted.
func (p Petition) addExtensions(cal *calendar.Calendar, rules Rules, on calendar.Date) time.Time {
	due := p.DueAt
	variant := ""
	if p.Complex {
		variant = "complex"
	}
	if r, ok := rules.Find(p.Kind, StepExtend, variant, on); ok {
		for i := 0; i < p.Extensions; i++ {
			due = r.DueFrom(cal, due)
		}
	}
	return due
}

// stepNote is what the history keeps of an action: never a denunciation's decision or answer
// text in full (they are on the petition itself, which only its handlers open).
func stepNote(p Petition, a Action, note string) string {
	if a == ActFile {
		return note
	}
	return note
}

func describeClass(p Petition) string {
	var b strings.Builder
	b.WriteString("Loại: " + string(p.Kind) + "; lĩnh vực: " + p.Topic)
	if p.Complex {
		b.WriteString("; phức tạp")
	}
	if p.SeveralSites {
		b.WriteString("; xác minh nhiều nơi")
	}
	return b.String()
}

// summary is what the audit log keeps of a petition: its state, never who sent it or what
// they wrote.
func summary(p Petition) map[string]any {
	m := map[string]any{"number": p.Number, "kind": p.Kind, "status": p.Status, "topic": p.Topic, "handler": p.HandlerName,
		"published": p.Published, "extensions": p.Extensions}
	if !p.DueAt.IsZero() {
		m["due_at"] = p.DueAt.Format(time.RFC3339)
	}
	if p.ForwardedTo != "" {
		m["forwarded_to"] = p.ForwardedTo
	}
	return m
}

func (s *Service) update(ctx context.Context, tx *db.Tx, p Petition) error {
	pf := ""
	if p.Published {
		pf = fold.Join(p.PublicQuestion, p.Answer, p.Topic)
	}
	_, err := tx.Exec(ctx, `UPDATE petitions SET kind = $3, topic = $4, content = $5, status = $6, complex = $7, several_sites = $8,
		extensions = $9, handler_id = $10, handler_name = $11, step_due_at = $12, accepted_at = $13, due_at = $14, forward_by = $15,
		closed_at = $16, outcome_note = $17, forwarded_to = $18, decision = $19, answer = $20, answer_number = $21, answered_at = $22,
		published = $23, public_question = $24, public_fold = $25, updated_at = $26
		WHERE commune_id = $1 AND id = $2`,
		p.CommuneID, p.ID, string(p.Kind), p.Topic, p.Content, string(p.Status), p.Complex, p.SeveralSites, p.Extensions, p.HandlerID,
		p.HandlerName, db.NullableTime(p.StepDueAt), db.NullableTime(p.AcceptedAt), db.NullableTime(p.DueAt), db.NullableTime(p.ForwardBy), db.NullableTime(p.ClosedAt),
		p.OutcomeNote, p.ForwardedTo, p.Decision, p.Answer, p.AnswerNumber, db.NullableTime(p.AnsweredAt), p.Published, p.PublicQuestion, pf, p.UpdatedAt)
	return err
}

// answerMessage is the text telling the sender an answer is ready: by SMS where a phone is
// known, never for a denunciation (a message log would tie the denouncer to it).
// rateLink is the petition's rating link, "" for none; it is sent only for a kind that may be
// rated (Rateable).
func (s *Service) answerMessage(ctx context.Context, q db.Q, p Petition, rateLink string) *notify.Message {
	if p.Kind == Denunciation || p.Sender.Phone == "" {
		return nil
	}
	var name string
	_ = q.QueryRow(ctx, `SELECT name FROM communes WHERE id = $1`, p.CommuneID).Scan(&name)
	body := "UBND xa " + name + " da tra loi don so " + p.Number + ". Xem tai " + s.base + "/phan-anh/tra-cuu"
	if rateLink != "" && Rateable(p.Kind) {
		body += ". Danh gia viec giai quyet: " + rateLink
	}
	return &notify.Message{CommuneID: p.CommuneID, Channel: notify.SMS, Recipient: p.Sender.Phone, Body: body}
}

// Reveal opens a denouncer's identity for one who may see it, and records the view.
func (s *Service) Reveal(ctx context.Context, communeID, number string, by Actor) (Identity, error) {
	const op = "petition: reveal"
	var id Identity
	err := s.d.Tx(ctx, func(tx *db.Tx) error {
		p, err := s.get(ctx, tx, communeID, number, false)
		if err != nil {
			return err
		}
		if !p.Sealed {
			return errs.E(op, errs.NotFound, "petition.not_found")
		}
		if !by.MayReveal(p) {
			return errs.E(op, errs.Forbidden, "petition.err.not_yours")
		}
		if s.keys == nil {
			return errs.E(op, errs.Conflict, "petition.err.no_key")
		}
		var sealed []byte
		if err := tx.QueryRow(ctx, `SELECT identity_sealed FROM petitions WHERE commune_id = $1 AND id = $2`, communeID, p.ID).Scan(&sealed); err != nil {
			return err
		}
		raw, err := s.keys.Open(sealed, aad(communeID, p.ID, "identity"))
		if err != nil {
			return err
		}
		if err := json.Unmarshal(raw, &id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, communeID, audit.Actor{ID: by.ID, Name: by.Name}, "petition.identity.view", "petition", p.ID,
			audit.Change{After: map[string]any{"number": p.Number}})
	})
	return id, errs.Wrap(op, err)
}

// SealedFile opens a denunciation's attachment for one who may see it, and records the view.
func (s *Service) SealedFile(ctx context.Context, communeID, number string, seq int, by Actor) (string, []byte, error) {
	const op = "petition: sealed file"
	var name string
	var plain []byte
	err := s.d.Tx(ctx, func(tx *db.Tx) error {
		p, err := s.get(ctx, tx, communeID, number, false)
		if err != nil {
			return err
		}
		if !by.MayReveal(p) {
			return errs.E(op, errs.Forbidden, "petition.err.not_yours")
		}
		if s.keys == nil {
			return errs.E(op, errs.Conflict, "petition.err.no_key")
		}
		var data []byte
		err = tx.QueryRow(ctx, `SELECT filename, data FROM petition_files WHERE commune_id = $1 AND petition_id = $2 AND seq = $3 AND sealed`,
			communeID, p.ID, seq).Scan(&name, &data)
		if err != nil {
			return errs.E(op, errs.NotFound, "petition.not_found")
		}
		if plain, err = s.keys.Open(data, aad(communeID, p.ID, "file")); err != nil {
			return err
		}
		return audit.Record(ctx, tx, communeID, audit.Actor{ID: by.ID, Name: by.Name}, "petition.file.view", "petition", p.ID,
			audit.Change{After: map[string]any{"number": p.Number, "file": seq}})
	})
	return name, plain, errs.Wrap(op, err)
}

// Redact removes from text what names the sender: their name, phone, e-mail, ID number and
// address, the relatives listed, and any run of digits that looks like a phone number. What
// it misses the desk removes by hand in the working copy (ActClassify).
func Redact(text string, s Sender, relatives string) string {
	others := []string{s.Email, s.IDNumber, s.Address, s.Phone}
	for _, part := range strings.FieldsFunc(relatives, func(r rune) bool { return r == ',' || r == ';' || r == '\n' || r == ':' }) {
		part = strings.TrimSpace(part)
		if utf8.RuneCountInString(part) >= 4 && strings.Contains(part, " ") {
			others = append(others, part)
		}
	}
	return secret.Redact(text, redactedMark, s.Name, others...)
}

// errNoKey is returned by CheckKey.
var errNoKey = errors.New("petition: denunciations are stored but no secret key is configured")
