package onestop

import (
	"context"
	"fmt"
	"strings"
	"time"

	"xaso/internal/audit"
	"xaso/internal/auth"
	"xaso/internal/commune"
	"xaso/internal/db"
	"xaso/internal/errs"
	"xaso/internal/notify"
)

// ActionInput is the input of an action on a dossier (the bodies of the /api/v1/dossiers/{code}/…
// routes share it).
type ActionInput struct {
	Documents      []string  `json:"documents,omitempty"`       // supplement request
	Reason         string    `json:"reason,omitempty"`          // supplement, apology, stop, withdraw
	Reasons        string    `json:"reasons,omitempty"`         // refusal
	ToUsername     string    `json:"to_username,omitempty"`     // hand-over to a person
	ToRole         auth.Role `json:"to_role,omitempty"`         // hand-over to an office
	Note           string    `json:"note,omitempty"`            // control-slip note
	NewDueAt       time.Time `json:"new_due_at,omitzero"`       // apology
	Method         string    `json:"method,omitempty"`          // return: counter or post
	TrackingNumber string    `json:"tracking_number,omitempty"` // return by post
}

// maxNote bounds control-slip notes.
const maxNote = 1000

// Accept records that the desk checked an online (or postal) submission and accepts it: the
// processing time starts now, on the commune's working calendar.
func (s *Service) Accept(ctx context.Context, communeID, code string, by Actor, in ActionInput) (Dossier, error) {
	return s.act(ctx, communeID, code, by, ActAccept, in)
}

// SupplementRequest asks the applicant for documents of the procedure's list, all at once
// (form 02). A second request in the same round is ErrSupplementAlreadyRequested.
func (s *Service) RequestSupplement(ctx context.Context, communeID, code string, by Actor, in ActionInput) (Dossier, error) {
	return s.act(ctx, communeID, code, by, ActSupplementRequest, in)
}

// SupplementReceived records that the applicant completed the dossier: the processing time
// restarts from zero (Decree 61/2018 Art. 19.4).
func (s *Service) SupplementReceived(ctx context.Context, communeID, code string, by Actor, in ActionInput) (Dossier, error) {
	return s.act(ctx, communeID, code, by, ActSupplementReceived, in)
}

// Handover passes the dossier to a person (ToUsername) or an office (ToRole), one row of the
// control slip (form 05).
func (s *Service) Handover(ctx context.Context, communeID, code string, by Actor, in ActionInput) (Dossier, error) {
	return s.act(ctx, communeID, code, by, ActHandover, in)
}

// Approve records the leader's decision and signature: processing ends.
func (s *Service) Approve(ctx context.Context, communeID, code string, by Actor, in ActionInput) (Dossier, error) {
	return s.act(ctx, communeID, code, by, ActApprove, in)
}

// Refuse refuses the dossier with reasons (form 03; Decree 61/2018 Art. 19.8).
func (s *Service) Refuse(ctx context.Context, communeID, code string, by Actor, in ActionInput) (Dossier, error) {
	return s.act(ctx, communeID, code, by, ActRefuse, in)
}

// ResultReady records that the result reached the desk; the applicant is told to collect it.
func (s *Service) ResultReady(ctx context.Context, communeID, code string, by Actor, in ActionInput) (Dossier, error) {
	return s.act(ctx, communeID, code, by, ActResultReady, in)
}

// Return records the result handed to the applicant at the counter or sent by post.
func (s *Service) Return(ctx context.Context, communeID, code string, by Actor, in ActionInput) (Dossier, error) {
	return s.act(ctx, communeID, code, by, ActReturn, in)
}

// Withdraw records that the applicant withdrew the dossier.
func (s *Service) Withdraw(ctx context.Context, communeID, code string, by Actor, in ActionInput) (Dossier, error) {
	return s.act(ctx, communeID, code, by, ActWithdraw, in)
}

// Stop stops the processing with a reason (Circular 03/2025's notice of stopping).
func (s *Service) Stop(ctx context.Context, communeID, code string, by Actor, in ActionInput) (Dossier, error) {
	return s.act(ctx, communeID, code, by, ActStop, in)
}

// Apologise issues the apology with a reason and a new date (form 04): at least one working
// day before the due date, once per dossier (Decree 61/2018 Art. 19.9). The applicant is told
// by SMS.
func (s *Service) Apologise(ctx context.Context, communeID, code string, by Actor, in ActionInput) (Dossier, error) {
	return s.act(ctx, communeID, code, by, ActApology, in)
}

// Do runs any action by name (the API's dispatcher).
func (s *Service) Do(ctx context.Context, communeID, code string, by Actor, a Action, in ActionInput) (Dossier, error) {
	if !contains(Actions, a) {
		return Dossier{}, errs.E("onestop: action", errs.NotFound, "error.not_found")
	}
	return s.act(ctx, communeID, code, by, a, in)
}

// act is every change after intake: read, rules (Decide), one transaction with the change,
// its control-slip row, the audit entry, the event and any message, then the answer.
func (s *Service) act(ctx context.Context, communeID, code string, by Actor, a Action, in ActionInput) (Dossier, error) {
	op := "onestop: " + string(a)
	pc, err := ParseCode(code)
	if err != nil {
		return Dossier{}, errs.E(op, errs.NotFound, "onestop.dossier_not_found")
	}
	in.Note, in.Reason, in.Reasons = cleanText(in.Note), cleanText(in.Reason), cleanText(in.Reasons)
	in.TrackingNumber, in.Method = cleanText(in.TrackingNumber), strings.TrimSpace(in.Method)
	if runeLen(in.Note) > maxNote {
		return Dossier{}, errs.FieldErrors{"note": "onestop.too_long"}.Err(op)
	}
	cal, err := s.calendar(ctx, communeID)
	if err != nil {
		return Dossier{}, err
	}
	agency, communeName, err := s.agency(ctx, s.d, communeID)
	if err != nil {
		return Dossier{}, err
	}
	chairman := ""
	if c, err := commune.GetCommune(ctx, s.d, communeID); err == nil {
		chairman = c.Chairman
	}
	// A hand-over to a person is resolved before the transaction (another room's table).
	var target *auth.User
	if a == ActHandover && strings.TrimSpace(in.ToUsername) != "" {
		if s.users == nil {
			return Dossier{}, errs.FieldErrors{"to_username": "onestop.handover_user_unknown"}.Err(op)
		}
		u, err := s.users.UserByName(ctx, communeID, in.ToUsername)
		if errs.KindOf(err) == errs.NotFound || (err == nil && u.Disabled) {
			return Dossier{}, errs.FieldErrors{"to_username": "onestop.handover_user_unknown"}.Err(op)
		}
		if err != nil {
			return Dossier{}, err
		}
		target = u
	}
	var out Dossier
	err = s.d.Tx(ctx, func(tx *db.Tx) error {
		d, err := dossierByCode(ctx, tx, communeID, pc.String())
		if errs.KindOf(err) == errs.NotFound {
			// Received here for another commune (province mode): visible, not ours to process.
			if _, rerr := receivedByCode(ctx, tx, communeID, pc.String()); rerr == nil {
				return errs.E(op, errs.Forbidden, "onestop.received_for_read_only")
			}
		}
		if err != nil {
			return err
		}
		var p Procedure
		if a == ActSupplementRequest || a == ActSupplementReceived {
			if p, err = getProcedure(ctx, tx, communeID, d.ProcedureCode); err != nil {
				return err
			}
		}
		now := s.nowUTC()
		req := Request{Action: a, By: by, Documents: in.Documents, Reason: in.Reason, Reasons: in.Reasons, NewDueAt: in.NewDueAt.UTC(),
			Method: in.Method, Tracking: in.TrackingNumber}
		if a == ActHandover {
			to, err := handoverRole(d.Status, in, target)
			if err != nil {
				return err
			}
			req.To = to
		}
		if a == ActSupplementRequest {
			req.Documents = resolveDocs(p, in.Documents)
		}
		next, err := Decide(d.snapshot(p), req, now, cal)
		if err != nil {
			return err
		}
		before, from, version := d.auditView(), d.Status, d.Version
		h := HistoryEntry{Action: a, At: now, FromID: by.ID, FromName: by.Name, FromRole: by.office(d.HolderRole), Note: in.Note}
		// The decision's signer is recorded with it (the form printed later names them, not
		// whoever prints): see signerOf.
		h.SignerName, h.SignerRole = signerOf(d, a, by, h.FromRole, chairman)
		topic := TopicChanged
		var msgKey string
		var msgArgs []any
		switch a {
		case ActHandover:
			h.ToRole = req.To
			if target != nil {
				h.ToID, h.ToName = target.ID, target.FullName
			} else {
				h.ToName = officeName[req.To]
			}
			d.HolderID, d.HolderName, d.HolderRole = h.ToID, h.ToName, h.ToRole
			if next == StateResultReady {
				msgKey, msgArgs = "onestop.sms.result_ready", []any{communeName, d.Code, s.rateSMS(communeID, d.Code)}
			}
		case ActSupplementRequest:
			sr := SupplementRequest{Round: d.Round, RequestedAt: now, ByID: by.ID, ByName: by.Name, Documents: req.Documents, Reason: in.Reason}
			if err := insertSupplement(ctx, tx, communeID, d.ID, sr); err != nil {
				return err
			}
			d.ResumeStatus, d.SupplementRequests = d.Status, d.SupplementRequests+1
			d.DueAt, d.ClockStartAt = time.Time{}, time.Time{} // the clock stops and will restart from zero
			h.Note = joinNote(docNames(p, req.Documents), in.Reason, in.Note)
			msgKey, msgArgs = "onestop.sms.supplement", []any{communeName, d.Code, docNames(p, req.Documents)}
		case ActSupplementReceived:
			var asked time.Time
			var docs string
			if err := tx.QueryRow(ctx, `SELECT requested_at, documents FROM dossier_supplements WHERE commune_id = $1 AND dossier_id = $2 AND round = $3`,
				communeID, d.ID, d.Round).Scan(&asked, &docs); err != nil {
				return errs.Wrap(op, err)
			}
			if _, err := tx.Exec(ctx, `UPDATE dossier_supplements SET received_at = $4 WHERE commune_id = $1 AND dossier_id = $2 AND round = $3`,
				communeID, d.ID, d.Round, now); err != nil {
				return errs.Wrap(op, err)
			}
			for _, id := range strings.Fields(docs) {
				if !contains(d.Documents, id) {
					d.Documents = append(d.Documents, id)
				}
			}
			// The documents asked for are now handed in, as the procedure's list describes them.
			if err := insertSubmitted(ctx, tx, communeID, d.ID, submittedOf(p, strings.Fields(docs), nil, d.Round, now)); err != nil {
				return err
			}
			d.SupplementTime += now.Sub(asked).Truncate(time.Second)
			d.Round++
			d.ResumeStatus = ""
			d.ClockStartAt = now
			d.DueAt = cal.DueAt(now, d.Processing.Calendar()).At.UTC()
		case ActAccept:
			// Decree 61/2018 Art. 17: the dossier counts as received when the desk accepts
			// it; the processing time runs from here, not from the online submission.
			d.ClockStartAt = now
			d.DueAt = cal.DueAt(now, d.Processing.Calendar()).At.UTC()
			d.AcceptBy = time.Time{}
			// Received now: the dossier takes its code and register entry of today; its
			// submission reference still finds it.
			if d.RegisterYear == 0 {
				if err := numberDossier(ctx, tx, op, communeID, agency, now, &d); err != nil {
					return err
				}
				if _, err := tx.Exec(ctx, `UPDATE dossiers SET code = $3, register_year = $4, register_number = $5 WHERE commune_id = $1 AND id = $2`,
					communeID, d.ID, d.Code, d.RegisterYear, d.RegisterNumber); err != nil {
					return dbErr(op, err)
				}
				h.Note = joinNote("Mã hồ sơ: "+d.Code, in.Note)
			}
			d.HolderID, d.HolderName, d.HolderRole = by.ID, by.Name, auth.Desk
			h.ToID, h.ToName, h.ToRole = by.ID, by.Name, auth.Desk
			topic = TopicAccepted
			msgKey, msgArgs = "onestop.sms.accepted", []any{communeName, d.Code, viTime(d.DueAt)}
		case ActApprove:
			d.FinishedAt = now
		case ActRefuse:
			d.FinishedAt, d.Reasons, d.ResumeStatus = now, in.Reasons, ""
			h.Note = joinNote(in.Reasons, in.Note)
			msgKey, msgArgs = "onestop.sms.refused", []any{communeName, d.Code, in.Reasons}
		case ActResultReady:
			d.HolderID, d.HolderName, d.HolderRole = by.ID, by.Name, auth.Desk
			h.ToID, h.ToName, h.ToRole = by.ID, by.Name, auth.Desk
			msgKey, msgArgs = "onestop.sms.result_ready", []any{communeName, d.Code, s.rateSMS(communeID, d.Code)}
		case ActReturn:
			d.ReturnedAt, d.ReturnMethod, d.TrackingNumber = now, in.Method, in.TrackingNumber
			if in.Method == "counter" {
				d.TrackingNumber = ""
			}
			h.ToName = d.Applicant.Name
			h.Note = joinNote(returnNote(d), in.Note)
			topic = TopicReturned
		case ActWithdraw:
			d.Reasons, d.ResumeStatus = in.Reason, ""
			h.Note = joinNote(in.Reason, in.Note)
		case ActStop:
			d.FinishedAt, d.Reasons, d.ResumeStatus = now, in.Reason, ""
			h.Note = joinNote(in.Reason, in.Note)
		case ActApology:
			old := d.DueAt
			if _, err := tx.Exec(ctx, `INSERT INTO dossier_apologies (commune_id, dossier_id, at, by_id, by_name, reason, old_due_at, new_due_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, communeID, d.ID, now, by.ID, by.Name, in.Reason, old, req.NewDueAt); err != nil {
				if db.IsUniqueViolation(err) {
					return ErrApologyAlreadyIssued
				}
				return errs.Wrap(op, err)
			}
			if d.OriginalDueAt.IsZero() {
				d.OriginalDueAt = old
			}
			d.DueAt, d.Apologies = req.NewDueAt, d.Apologies+1
			h.Note = joinNote(in.Reason, "Hẹn lại: "+viTime(req.NewDueAt), in.Note)
			topic = TopicApologised
			msgKey, msgArgs = "onestop.sms.apology", []any{communeName, d.Code, in.Reason, viTime(req.NewDueAt)}
		}
		if d.Status == StateAwaiting && next != StateReceived {
			d.AcceptBy = time.Time{} // the desk answered the submission in time or not: the check is over
		}
		d.Status, h.StatusAfter = next, next
		if next.Terminal() {
			// Nobody holds a finished dossier.
			d.HolderID, d.HolderName, d.HolderRole = "", "", ""
		}
		d.Version, d.UpdatedAt = version+1, tx.Now
		if err := saveDossier(ctx, tx, communeID, d, version); err != nil {
			return err
		}
		if err := syncDuties(ctx, tx, communeID, d, cal); err != nil {
			return err
		}
		if err := addHistory(ctx, tx, communeID, d.ID, h); err != nil {
			return errs.Wrap(op, err)
		}
		b, af := changed(before, d.auditView())
		if err := audit.Record(ctx, tx, communeID, by.audit(), "dossier."+string(a), "dossier", d.ID, audit.Change{Before: b, After: af}); err != nil {
			return err
		}
		e := eventOf(communeID, d, a, from, now)
		e.Officer = EventActor{ID: by.ID, Name: by.Name}
		if a == ActApology {
			e.Apology = &ApologyPayload{Reason: in.Reason, OldDueAt: d.LegalDueAt(), NewDueAt: d.DueAt}
		}
		if err := publish(ctx, tx, topic, e); err != nil {
			return err
		}
		if msgKey != "" {
			if err := s.sms(ctx, tx, communeID, d, msgKey, msgArgs...); err != nil {
				return err
			}
		}
		out = d
		return nil
	})
	if err != nil {
		return Dossier{}, err
	}
	s.wake()
	return out, nil
}

// signerOf is who signs the paper of a decision, recorded when it is taken. A refusal at the
// desk (at intake or at the online check) is signed by the desk officer who refused (Decree
// 61/2018 Art. 17); a refusal during processing, a stop and the apology (form 04) are the
// committee's and carry its chairman's signature, or the leader's who took them. Other steps
// sign nothing.
func signerOf(d Dossier, a Action, by Actor, office auth.Role, chairman string) (string, auth.Role) {
	switch a {
	case ActRefuse, ActStop, ActApology:
	default:
		return "", ""
	}
	if by.has(auth.Leader) {
		return by.Name, auth.Leader
	}
	if a == ActRefuse && atDesk(d) {
		return by.Name, office
	}
	return chairman, auth.Leader
}

// atDesk reports whether the dossier is still at the desk's stage: being checked, received and
// not yet handed on, or waiting for a supplement the desk asked for before handing it on.
func atDesk(d Dossier) bool {
	switch d.Status {
	case StateAwaiting, StateReceived:
		return true
	case StateSupplement:
		return d.ResumeStatus == StateReceived || d.ResumeStatus == StateAwaiting || d.ResumeStatus == ""
	}
	return false
}

// handoverRole decides the office a hand-over goes to: ToRole when given (the person, if any,
// must hold it), else the first office of the state's table rows that the person holds.
func handoverRole(st State, in ActionInput, target *auth.User) (auth.Role, error) {
	const op = "onestop: handover"
	if in.ToRole != "" {
		if !contains(HandoverRoles, in.ToRole) {
			return "", errs.FieldErrors{"to_role": "onestop.handover_role_invalid"}.Err(op)
		}
		if target != nil && !target.Has(in.ToRole) {
			return "", errs.FieldErrors{"to_username": "onestop.handover_user_lacks_role"}.Err(op)
		}
		return in.ToRole, nil
	}
	if target == nil {
		return "", errs.FieldErrors{"to_role": "onestop.handover_target_required"}.Err(op)
	}
	for _, t := range handoverPreference[st] {
		if target.Has(t) {
			return t, nil
		}
	}
	if len(handoverPreference[st]) == 0 {
		return "", illegal(ActHandover, st)
	}
	return "", errs.FieldErrors{"to_username": "onestop.handover_user_lacks_role"}.Err(op)
}

// handoverPreference is the office a person holding several roles receives a dossier as:
// onward first.
var handoverPreference = map[State][]auth.Role{
	StateReceived:   {auth.Specialist, auth.Desk},
	StateProcessing: {auth.Leader, auth.Specialist},
	StateApproval:   {auth.Leader, auth.Specialist},
	StateProcessed:  {auth.Desk},
}

// officeName names an office on the control slip when a dossier goes to the office rather
// than to a person.
var officeName = map[auth.Role]string{
	auth.Desk:       "Bộ phận Một cửa",
	auth.Specialist: "Công chức chuyên môn",
	auth.Leader:     "Lãnh đạo UBND xã",
}

// resolveDocs maps names to ids where they match the list; anything else is kept as given so
// that the rules refuse it by position.
func resolveDocs(p Procedure, given []string) []string {
	out := make([]string, len(given))
	for i, g := range given {
		g = cleanText(g)
		if d, ok := p.Document(g); ok {
			out[i] = d.ID
		} else {
			out[i] = g
		}
	}
	return out
}

func joinNote(parts ...string) string {
	var keep []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			keep = append(keep, p)
		}
	}
	return strings.Join(keep, " — ")
}

func returnNote(d Dossier) string {
	if d.ReturnMethod == "post" {
		return "Trả qua dịch vụ bưu chính, mã bưu gửi " + d.TrackingNumber
	}
	return "Trả trực tiếp tại Bộ phận Một cửa"
}

// saveDossier writes a dossier's mutable columns if nobody changed it since version.
func saveDossier(ctx context.Context, tx *db.Tx, communeID string, d Dossier, version int) error {
	res, err := tx.Exec(ctx, `UPDATE dossiers SET status = $3, resume_status = $4, documents = $5, clock_start_at = $6,
		due_at = $7, original_due_at = $8, finished_at = $9, returned_at = $10, round = $11, supplement_requests = $12,
		supplement_seconds = $13, apologies = $14, late_flagged = $15, reasons = $16, return_method = $17,
		tracking_number = $18, fee_paid = $19, paid_online = $20, holder_id = $21, holder_name = $22, holder_role = $23,
		search = $24, version = $25, updated_at = $26, accept_by = $28 WHERE commune_id = $1 AND id = $2 AND version = $27`,
		communeID, d.ID, string(d.Status), string(d.ResumeStatus), strings.Join(d.Documents, " "), db.NullableTime(d.ClockStartAt),
		db.NullableTime(d.DueAt), db.NullableTime(d.OriginalDueAt), db.NullableTime(d.FinishedAt), db.NullableTime(d.ReturnedAt), d.Round,
		d.SupplementRequests, int64(d.SupplementTime/time.Second), d.Apologies, d.LateFlagged, d.Reasons, d.ReturnMethod,
		d.TrackingNumber, d.Fee.Paid, d.Fee.PaidOnline, d.HolderID, d.HolderName, string(d.HolderRole), d.search(),
		d.Version, d.UpdatedAt, version, db.NullableTime(d.AcceptBy))
	if err != nil {
		return dbErr("onestop: save dossier", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return &errs.Error{Op: "onestop: save dossier", Kind: errs.Conflict, Key: "onestop.conflict", Err: errStale}
	}
	return nil
}

// sms asks notify to text the applicant, in Vietnamese; nothing when there is no phone.
// Without an SMS gateway configured, notify keeps the message as "recorded".
func (s *Service) sms(ctx context.Context, tx *db.Tx, communeID string, d Dossier, key string, args ...any) error {
	if strings.TrimSpace(d.Applicant.Phone) == "" {
		return nil
	}
	body := fmt.Sprintf(Messages[key][0], args...)
	return notify.Request(ctx, tx, notify.Message{CommuneID: communeID, Channel: notify.SMS, Recipient: d.Applicant.Phone, Body: body})
}
