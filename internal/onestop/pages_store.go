package onestop

import (
	"context"
	"fmt"
	"strings"
	"time"

	"xaso/internal/audit"
	"xaso/internal/auth"
	"xaso/internal/calendar"
	"xaso/internal/db"
	"xaso/internal/errs"
	"xaso/internal/fold"
)

// Reads and one change the pages need beyond the Service's own API. They follow the Service's
// rules (same columns, same scoping by commune, same transaction shape).

// Due-date filters of the dossier list.
const (
	DueToday   = "today"   // open, due before the end of today (not yet past)
	DueRisk    = "risk"    // open, not yet past, due within one working day (AtRisk)
	DueOverdue = "overdue" // open and past due
)

// StateOpen is the list filter for every state in which the processing time runs.
const StateOpen State = "open"

// DossierFilter selects dossiers for the desk's list.
type DossierFilter struct {
	State     State  // "" every state; StateOpen the open ones
	Due       string // DueToday, DueRisk, DueOverdue or ""
	Procedure string // national code
	// Holder restricts to what one person holds (HolderID) or, with HolderID "-", to what an
	// office (HolderRole) holds without a named person.
	HolderID   string
	HolderRole auth.Role
	Query      string // code or applicant, without diacritics
	// ReceivedFor lists instead the dossiers the commune's centre received on behalf of other
	// communes of the province (province mode); they belong to those communes.
	ReceivedFor bool
	Limit       int
	Offset      int
}

// ListDossiers returns a page of the commune's dossiers and how many match (two queries on
// the indexed columns). Due filters order by due time, the rest newest first.
func (s *Service) ListDossiers(ctx context.Context, communeID string, f DossierFilter) ([]Dossier, int, error) {
	const op = "onestop: list dossiers"
	if f.Limit <= 0 {
		f.Limit = DefaultPageSize
	}
	f.Limit, f.Offset = min(f.Limit, MaxPageSize), max(f.Offset, 0)
	where := []string{"commune_id = $1"}
	if f.ReceivedFor {
		where[0] = "received_by = $1"
	}
	args := []any{communeID}
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	open := func() {
		where = append(where, "status IN ("+arg(string(StateReceived))+", "+arg(string(StateProcessing))+", "+arg(string(StateApproval))+")")
	}
	switch {
	case f.State == StateOpen:
		open()
	case f.State != "":
		where = append(where, "status = "+arg(string(f.State)))
	}
	order := "received_at DESC, code DESC"
	if f.Due != "" {
		cal, err := s.calendar(ctx, communeID)
		if err != nil {
			return nil, 0, err
		}
		now := s.nowUTC()
		if f.State != StateOpen {
			open()
		}
		switch f.Due {
		case DueToday:
			where = append(where, "due_at >= "+arg(now), "due_at <= "+arg(calendar.DateOf(now).AddDays(1).Time().UTC()))
		case DueRisk:
			where = append(where, "due_at >= "+arg(now), "due_at <= "+arg(RiskThreshold(cal, now)))
		case DueOverdue:
			where = append(where, "due_at < "+arg(now))
		default:
			return nil, 0, errs.E(op, errs.NotFound, "error.not_found")
		}
		order = "due_at, code"
	}
	if f.Procedure != "" {
		where = append(where, "procedure_code = "+arg(f.Procedure))
	}
	if f.HolderID != "" {
		// Nobody holds a finished dossier, whatever an older row says.
		where = append(where, "status NOT IN ("+arg(string(StateReturned))+", "+arg(string(StateRejected))+", "+
			arg(string(StateStopped))+", "+arg(string(StateWithdrawn))+")")
	}
	switch {
	case f.HolderID == "-":
		where = append(where, "holder_id = "+arg(""), "holder_role = "+arg(string(f.HolderRole)))
	case f.HolderID != "":
		where = append(where, "holder_id = "+arg(f.HolderID))
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		where = append(where, "search LIKE "+arg(fold.LikePattern(q)))
	}
	cond := strings.Join(where, " AND ")
	var total int
	if err := s.d.QueryRow(ctx, `SELECT count(*) FROM dossiers WHERE `+cond, args...).Scan(&total); err != nil {
		return nil, 0, errs.Wrap(op, err)
	}
	if total == 0 || f.Offset >= total {
		return nil, total, nil
	}
	list, err := queryDossiers(ctx, s.d, `SELECT `+dossierCols+` FROM dossiers WHERE `+cond+` ORDER BY `+order+
		` LIMIT `+arg(f.Limit)+` OFFSET `+arg(f.Offset), args...)
	return list, total, err
}

// ProcedureFields lists the fields (lĩnh vực) of the commune's active procedures, in order.
func (s *Service) ProcedureFields(ctx context.Context, communeID string) ([]string, error) {
	const op = "onestop: procedure fields"
	rows, err := s.d.Query(ctx, `SELECT DISTINCT field FROM procedures WHERE commune_id = $1 AND active = $2 ORDER BY field`, communeID, true)
	if err != nil {
		return nil, errs.Wrap(op, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var f string
		if err := rows.Scan(&f); err != nil {
			return nil, errs.Wrap(op, err)
		}
		out = append(out, f)
	}
	return out, errs.Wrap(op, rows.Err())
}

// RegisterYears are the years a commune's register (form 06) has entries for, newest first.
func (s *Service) RegisterYears(ctx context.Context, communeID string) ([]int, error) {
	const op = "onestop: register years"
	rows, err := s.d.Query(ctx, `SELECT DISTINCT register_year FROM dossiers WHERE commune_id = $1 AND register_year > 0 ORDER BY register_year DESC`, communeID)
	if err != nil {
		return nil, errs.Wrap(op, err)
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var y int
		if err := rows.Scan(&y); err != nil {
			return nil, errs.Wrap(op, err)
		}
		out = append(out, y)
	}
	return out, errs.Wrap(op, rows.Err())
}

// EachRegisterEntry calls fn for every dossier of the year's register (form 06), in the order
// of its entry numbers, reading them as a stream so that a long year costs no memory.
func (s *Service) EachRegisterEntry(ctx context.Context, communeID string, year int, fn func(Dossier) error) error {
	const op = "onestop: register"
	rows, err := s.d.Query(ctx, `SELECT `+dossierCols+` FROM dossiers WHERE commune_id = $1 AND register_year = $2
		ORDER BY register_number`, communeID, year)
	if err != nil {
		return errs.Wrap(op, err)
	}
	defer rows.Close()
	for rows.Next() {
		d, err := scanDossier(rows)
		if err != nil {
			return errs.Wrap(op, err)
		}
		if err := fn(d); err != nil {
			return err
		}
	}
	return errs.Wrap(op, rows.Err())
}

// RefuseAtIntake records a dossier the desk refuses to receive (Decree 61/2018 Art. 17: not
// within the commune's competence, or not acceptable): it gets a code and a register entry, so
// that the refusal notice (form 03) can name it and the applicant can follow it, and ends at
// once in state rejected with the reasons, without a due date (it never entered processing, so
// it is not in the on-time rate). Missing documents are no ground for this: they are a
// supplement request. One transaction, like Intake: the dossier, its two control-slip rows, the
// audit entry, the event and the text message.
func (s *Service) RefuseAtIntake(ctx context.Context, communeID string, by Actor, r IntakeRequest, reasons string) (Dossier, error) {
	const op = "onestop: refuse at intake"
	fe := r.Validate()
	reasons = cleanText(reasons)
	checkReason(reasons, "reasons", "onestop.reasons_required", fe)
	if len(fe) > 0 {
		return Dossier{}, fe.Err(op)
	}
	p, err := s.Procedure(ctx, communeID, r.ProcedureCode)
	if errs.KindOf(err) == errs.NotFound {
		return Dossier{}, errs.FieldErrors{"procedure_code": "onestop.procedure_unknown"}.Err(op)
	}
	if err != nil {
		return Dossier{}, err
	}
	have, _, _ := IntakeCheck(p, r.Documents)
	agency, communeName, err := s.agency(ctx, s.d, communeID)
	if err != nil {
		return Dossier{}, err
	}
	now := s.nowUTC()
	// Refused at once: nobody holds it.
	office := by.office("")
	d := Dossier{ID: newID(), ProcedureCode: p.Code, ProcedureName: p.Name, Status: StateRejected, Channel: r.Channel,
		Applicant: r.Applicant, Documents: have, Processing: p.Processing, ReceivedAt: now, Round: 1, Version: 1}
	err = s.d.Tx(ctx, func(tx *db.Tx) error {
		if err := numberAndInsert(ctx, tx, op, communeID, agency, now, &d); err != nil {
			return err
		}
		// The insert does not carry the reasons; the first save does.
		d.Reasons, d.Version = reasons, 2
		if err := saveDossier(ctx, tx, communeID, d, 1); err != nil {
			return err
		}
		if err := addHistory(ctx, tx, communeID, d.ID, HistoryEntry{Action: ActIntake, At: now, FromName: d.Applicant.Name,
			ToID: by.ID, ToName: by.Name, ToRole: office, StatusAfter: StateReceived, Note: channelNote[d.Channel]}); err != nil {
			return dbErr(op, err)
		}
		if err := addHistory(ctx, tx, communeID, d.ID, HistoryEntry{Action: ActRefuse, At: now, FromID: by.ID, FromName: by.Name,
			FromRole: office, StatusAfter: StateRejected, Note: reasons, SignerName: by.Name, SignerRole: office}); err != nil {
			return dbErr(op, err)
		}
		if r.once != nil {
			if err := claimOnce(ctx, tx, communeID, r.once, d, p, now); err != nil {
				return err
			}
		}
		if err := audit.Record(ctx, tx, communeID, by.audit(), "dossier.refuse_at_intake", "dossier", d.ID, audit.Change{After: d.auditView()}); err != nil {
			return err
		}
		if err := publish(ctx, tx, TopicChanged, eventOf(communeID, d, ActRefuse, "", now)); err != nil {
			return err
		}
		return s.sms(ctx, tx, communeID, d, "onestop.sms.refused", communeName, d.Code, reasons)
	})
	if err != nil {
		return Dossier{}, err
	}
	s.wake()
	return d, nil
}

// refusedAtIntake reports whether the dossier was refused at the counter (RefuseAtIntake):
// its refusal is the step right after its intake, at the same moment; or, submitted online,
// refused at the desk's check.
func refusedAtIntake(d Dossier) bool {
	return d.Status == StateRejected && len(d.History) >= 2 && d.History[0].Action == ActIntake &&
		d.History[1].Action == ActRefuse && (d.History[1].At.Equal(d.History[0].At) || d.History[0].StatusAfter == StateAwaiting)
}

// acceptedAt is when the dossier was first complete and accepted with a due date (the moment
// form 01 speaks of): its receipt, or the receipt of the supplement asked for at intake; zero
// when it never was (refused at the counter, or still waiting for that first supplement).
func acceptedAt(d Dossier) time.Time {
	if refusedAtIntake(d) {
		return time.Time{}
	}
	if len(d.History) > 0 && d.History[0].StatusAfter == StateAwaiting {
		// Submitted online: accepted when the desk accepted it, or when the supplement it
		// asked for at its check came in.
		for _, h := range d.History {
			if h.Action == ActAccept || h.Action == ActSupplementReceived {
				return h.At
			}
		}
		return time.Time{}
	}
	if len(d.History) >= 2 && d.History[1].Action == ActSupplementRequest && d.History[1].At.Equal(d.History[0].At) {
		if len(d.Supplements) > 0 {
			return d.Supplements[0].ReceivedAt
		}
		return time.Time{}
	}
	return d.ReceivedAt
}
