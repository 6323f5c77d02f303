package reception

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"xaso/internal/audit"
	"xaso/internal/calendar"
	"xaso/internal/db"
	"xaso/internal/duty"
	"xaso/internal/errs"
	"xaso/internal/events"
	"xaso/internal/secret"
)

// The reply duty in the register (internal/duty): from the visit, the commune owes the citizen
// a reply within 10 working days (Art. 28): accepted, more time needed, refused with the reason,
// or forwarded. It closes when the reply is recorded.
const (
	DutyReply = "reception.duty.reply"
	dutyRoom  = "reception"
	// redactedMark stands where a denouncer's name was in the logbook's copy of the account.
	redactedMark = "[đã che]"
	dutyBasis    = "Điều 28 Luật Tiếp công dân 2013"
	ReplyDays    = 10
	secretMark   = "(giữ bí mật)"
)

// MatterKind is what the citizen brings (Art. 2 of the Law): a complaint, a denunciation, a
// recommendation or a report.
type MatterKind string

const (
	Complaint      MatterKind = "complaint"      // khiếu nại
	Denunciation   MatterKind = "denunciation"   // tố cáo
	Recommendation MatterKind = "recommendation" // kiến nghị
	Reflection     MatterKind = "reflection"     // phản ánh
)

// MatterKinds lists the kinds in the form's order.
var MatterKinds = []MatterKind{Complaint, Denunciation, Recommendation, Reflection}

// Outcome is the reply to a visit (Art. 28).
type Outcome string

const (
	Accepted  Outcome = "accepted"  // thụ lý
	MoreTime  Outcome = "more_time" // cần thêm thời gian
	Refused   Outcome = "refused"   // không thụ lý, nêu lý do
	Forwarded Outcome = "forwarded" // chuyển đến cơ quan có thẩm quyền
)

// Outcomes lists the outcomes in the form's order.
var Outcomes = []Outcome{Accepted, MoreTime, Refused, Forwarded}

// Visit is one line of the logbook (sổ tiếp công dân, Art. 25.2) with its reply.
type Visit struct {
	ID        string
	Year      int
	Serial    int // số thứ tự, from 1 each year
	Day       calendar.Date
	SessionID string
	// Name and Address are the citizen's; for a denunciation they are secret (Art. 9 of the Law
	// on Denunciation): lists carry them empty with Secret set.
	Name, Address string
	IDNumber      string
	People        int // more than 1: a group (đoàn đông người)
	Kind          MatterKind
	Matter        string // nội dung vụ việc
	History       string // quá trình giải quyết trước đó
	Request       string // yêu cầu, đề nghị
	Handling      string // việc tiếp nhận, thụ lý hoặc hướng dẫn
	Mode          Mode
	OfficerID     string
	OfficerName   string
	ReplyDueAt    time.Time
	Reply         Reply
	PetitionAt    time.Time
	PetitionNo    string
	PetitionURL   string
	CreatedAt     time.Time
	// Secret is set when the identity was withheld from this copy.
	Secret bool
}

// Reply is what the commune answered, once recorded.
type Reply struct {
	Outcome     Outcome // "" while owed
	Text        string
	ForwardedTo string
	Day         calendar.Date
	At          time.Time
	By          string
}

// Replied reports whether the reply was recorded.
func (v Visit) Replied() bool { return v.Reply.Outcome != "" }

// Number is "3/2026", the serial in its year.
func (v Visit) Number() string { return strconv.Itoa(v.Serial) + "/" + strconv.Itoa(v.Year) }

// URL is the visit's staff page.
func (v Visit) URL() string { return "/tiep-cong-dan/luot/" + v.ID }

// Confidential reports whether the visit's identity is kept secret (a denunciation).
func (v Visit) Confidential() bool { return v.Kind == Denunciation }

// Masked is the visit without the identity when it is secret.
func (v Visit) Masked() Visit {
	if v.Confidential() {
		v.Name, v.Address, v.IDNumber, v.Secret = "", "", "", true
	}
	return v
}

// VisitInput is a visit as the logbook form sends it. Day is dd/mm/yyyy (today if empty) and
// People a number (1 if empty).
type VisitInput struct {
	Day       string
	SessionID string
	Name      string
	Address   string
	IDNumber  string
	People    string
	Kind      MatterKind
	Matter    string
	History   string
	Request   string
	Handling  string
	Mode      Mode
}

func (in VisitInput) validate(today calendar.Date) (Visit, errs.FieldErrors) {
	fe := errs.FieldErrors{}
	var v Visit
	var ok bool
	if strings.TrimSpace(in.Day) == "" {
		v.Day = today
	} else if v.Day, ok = parseDay(in.Day); !ok {
		fe["day"] = "reception.date_invalid"
	} else if v.Day.After(today) {
		fe["day"] = "reception.visit.day_future"
	}
	v.SessionID = strings.TrimSpace(in.SessionID)
	text := func(field string, dst *string, max int, required bool) {
		s, ok := clean(*dst, max)
		switch {
		case !ok:
			fe[field] = "reception.too_long"
		case required && s == "":
			fe[field] = "reception.visit." + field + "_required"
		}
		*dst = s
	}
	v.Name, v.Address, v.IDNumber = in.Name, in.Address, in.IDNumber
	v.Matter, v.History, v.Request, v.Handling = in.Matter, in.History, in.Request, in.Handling
	text("name", &v.Name, 120, true)
	text("address", &v.Address, 300, true)
	text("matter", &v.Matter, 8000, true)
	text("history", &v.History, 8000, false)
	text("request", &v.Request, 4000, true)
	text("handling", &v.Handling, 4000, true)
	v.IDNumber = strings.Join(strings.Fields(v.IDNumber), "")
	if v.IDNumber != "" {
		if _, ok := number(v.IDNumber, 9, 12); !ok || len(v.IDNumber) == 10 || len(v.IDNumber) == 11 {
			fe["id_number"] = "reception.visit.id_number_invalid"
		}
	}
	v.People = 1
	if p := strings.TrimSpace(in.People); p != "" {
		n, ok := number(p, 1, 4)
		if !ok || n < 1 {
			fe["people"] = "reception.visit.people_invalid"
		}
		v.People = n
	}
	switch in.Kind {
	case Complaint, Denunciation, Recommendation, Reflection:
		v.Kind = in.Kind
	default:
		fe["kind"] = "reception.visit.kind_required"
	}
	switch in.Mode {
	case InPerson, Online:
		v.Mode = in.Mode
	case "":
		v.Mode = InPerson
	default:
		fe["mode"] = "reception.mode_required"
	}
	return v, fe
}

// RecordVisit writes a visit in the logbook with the next serial number of its year, and opens
// the reply duty due 10 working days after the visit, at the end of that working day.
func (s *Service) RecordVisit(ctx context.Context, communeID string, by audit.Actor, in VisitInput) (Visit, error) {
	const op = "reception: record visit"
	v, fe := in.validate(s.today())
	if v.SessionID != "" && fe["session"] == "" {
		if _, err := getSession(ctx, s.d, communeID, v.SessionID); err != nil {
			if errs.KindOf(err) != errs.NotFound {
				return Visit{}, err
			}
			fe["session"] = "reception.visit.session_unknown"
		}
	}
	if v.Kind == Denunciation && s.newPetition == nil && fe["kind"] == "" {
		fe["kind"] = "reception.visit.denunciation_unavailable"
	}
	if err := fe.Err(op); err != nil {
		return Visit{}, err
	}
	cal, err := s.calendar(ctx, communeID)
	if err != nil {
		return Visit{}, err
	}
	dueDay := cal.AddWorkingDays(v.Day, ReplyDays)
	v.ReplyDueAt = dueDay.At(cal.Hours().Closing()).UTC()
	v.ID = uuid.Must(uuid.NewV7()).String()
	v.Year = v.Day.Year
	v.OfficerID, v.OfficerName = by.ID, by.Name
	v.CreatedAt = s.now().UTC().Truncate(time.Microsecond)
	// A denouncer's identity never goes into the logbook's table: the visit becomes a petition
	// at once, and the petitions room seals the name, address, ID number and the full account
	// (Law 25/2018 Art. 9, 47); the logbook keeps the account with the identity struck out.
	full := v
	row := v
	if v.Confidential() {
		row = v.Masked()
		row.Matter = secret.Redact(v.Matter, redactedMark, v.Name, v.Address, v.IDNumber)
		row.History = secret.Redact(v.History, redactedMark, v.Name, v.Address, v.IDNumber)
		row.Request = secret.Redact(v.Request, redactedMark, v.Name, v.Address, v.IDNumber)
		row.PetitionAt = v.CreatedAt
	}
	err = s.tx(ctx, func(tx *db.Tx) error {
		if err := tx.QueryRow(ctx, `INSERT INTO reception_counters (commune_id, year, last) VALUES ($1, $2, 1)
			ON CONFLICT (commune_id, year) DO UPDATE SET last = reception_counters.last + 1 RETURNING last`,
			communeID, v.Year).Scan(&v.Serial); err != nil {
			return errs.Wrap(op, err)
		}
		row.Serial, full.Serial = v.Serial, v.Serial
		if _, err := tx.Exec(ctx, `INSERT INTO reception_visits (commune_id, id, year, serial, day, session_id, citizen_name,
			citizen_address, id_number, group_size, matter_kind, matter, history, request, handling, mode, officer_id,
			officer_name, reply_due_at, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)`,
			communeID, row.ID, row.Year, row.Serial, row.Day.String(), row.SessionID, row.Name, row.Address, row.IDNumber, row.People,
			string(row.Kind), row.Matter, row.History, row.Request, row.Handling, string(row.Mode), row.OfficerID, row.OfficerName,
			row.ReplyDueAt, row.CreatedAt); err != nil {
			return errs.Wrap(op, err)
		}
		if v.Confidential() {
			number, url, err := s.newPetition(ctx, tx, communeID, by, full)
			if err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `UPDATE reception_visits SET petition_at = $3, petition_number = $4, petition_url = $5
				WHERE commune_id = $1 AND id = $2`, communeID, row.ID, row.PetitionAt, number, url); err != nil {
				return errs.Wrap(op, err)
			}
			row.PetitionNo, row.PetitionURL = number, url
		}
		v = row
		if err := audit.Record(ctx, tx, communeID, by, "reception.visit.record", "reception_visit", v.ID,
			audit.Change{After: visitSummary(v)}); err != nil {
			return err
		}
		if err := events.Publish(ctx, tx, communeID, TopicVisitRecorded, map[string]any{
			"id": v.ID, "number": v.Number(), "kind": v.Kind, "people": v.People, "reply_due_at": v.ReplyDueAt}); err != nil {
			return err
		}
		return duty.Set(ctx, tx, duty.Duty{CommuneID: communeID, Room: dutyRoom, Kind: DutyReply, SubjectType: "reception_visit",
			SubjectID: v.ID, Label: "Sổ tiếp công dân số " + v.Number(), URL: v.URL(), LegalBasis: dutyBasis,
			Owner: duty.Owner{ID: by.ID, Name: by.Name}, DueAt: v.ReplyDueAt,
			AtRiskFrom: cal.AddWorkingDays(dueDay, -1).At(cal.Hours().Opening()).UTC()})
	})
	if err != nil {
		return Visit{}, err
	}
	return v, nil
}

// visitSummary is what the audit log keeps of a visit: no name, address or ID number (a
// denouncer's identity is secret, and the logbook holds them for everyone else).
func visitSummary(v Visit) map[string]any {
	m := map[string]any{"number": v.Number(), "day": v.Day.String(), "kind": v.Kind, "people": v.People, "mode": v.Mode,
		"session": v.SessionID, "officer": v.OfficerName}
	if v.Replied() {
		m["reply"] = map[string]any{"outcome": v.Reply.Outcome, "day": v.Reply.Day.String(), "forwarded_to": v.Reply.ForwardedTo}
	}
	if v.PetitionNo != "" {
		m["petition"] = v.PetitionNo
	}
	return m
}

// ReplyInput is the reply as the form sends it; Day is dd/mm/yyyy (today if empty).
type ReplyInput struct {
	Outcome     Outcome
	Text        string
	ForwardedTo string
	Day         string
}

// RecordReply records the reply to a visit (Art. 28) and closes its duty. A visit has one reply.
func (s *Service) RecordReply(ctx context.Context, communeID string, by audit.Actor, visitID string, in ReplyInput) (Visit, error) {
	const op = "reception: reply"
	today := s.today()
	var v Visit
	err := s.tx(ctx, func(tx *db.Tx) error {
		var err error
		if v, err = getVisit(ctx, tx, communeID, visitID); err != nil {
			return err
		}
		if v.Replied() {
			return errs.E(op, errs.Conflict, "reception.visit.already_replied")
		}
		fe := errs.FieldErrors{}
		r := Reply{By: by.Name, At: s.now().UTC().Truncate(time.Microsecond)}
		switch in.Outcome {
		case Accepted, MoreTime, Refused, Forwarded:
			r.Outcome = in.Outcome
		default:
			fe["outcome"] = "reception.reply.outcome_required"
		}
		var ok bool
		if r.Text, ok = clean(in.Text, 8000); !ok {
			fe["text"] = "reception.too_long"
		} else if r.Text == "" && (r.Outcome == Refused || r.Outcome == MoreTime) {
			fe["text"] = "reception.reply.reason_required"
		}
		if r.ForwardedTo, ok = clean(in.ForwardedTo, 300); !ok {
			fe["forwarded_to"] = "reception.too_long"
		} else if r.ForwardedTo == "" && r.Outcome == Forwarded {
			fe["forwarded_to"] = "reception.reply.forwarded_to_required"
		} else if r.Outcome != Forwarded {
			r.ForwardedTo = ""
		}
		if strings.TrimSpace(in.Day) == "" {
			r.Day = today
		} else if r.Day, ok = parseDay(in.Day); !ok {
			fe["day"] = "reception.date_invalid"
		} else if r.Day.After(today) {
			fe["day"] = "reception.reply.day_future"
		} else if r.Day.Before(v.Day) {
			fe["day"] = "reception.reply.day_before_visit"
		}
		if err := fe.Err(op); err != nil {
			return err
		}
		res, err := tx.Exec(ctx, `UPDATE reception_visits SET reply_outcome = $3, reply_text = $4, reply_forwarded_to = $5,
			reply_day = $6, replied_at = $7, replied_by = $8 WHERE commune_id = $1 AND id = $2 AND reply_outcome = ''`,
			communeID, v.ID, string(r.Outcome), r.Text, r.ForwardedTo, r.Day.String(), r.At, r.By)
		if err != nil {
			return errs.Wrap(op, err)
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return errs.E(op, errs.Conflict, "reception.visit.already_replied")
		}
		v.Reply = r
		if err := audit.Record(ctx, tx, communeID, by, "reception.visit.reply", "reception_visit", v.ID,
			audit.Change{After: visitSummary(v)}); err != nil {
			return err
		}
		if err := events.Publish(ctx, tx, communeID, TopicVisitReplied, map[string]any{
			"id": v.ID, "number": v.Number(), "outcome": r.Outcome, "day": r.Day.String(), "on_time": !r.Day.After(calendar.DateOf(v.ReplyDueAt))}); err != nil {
			return err
		}
		return duty.Close(ctx, tx, communeID, dutyRoom, v.ID, DutyReply, string(r.Outcome))
	})
	if err != nil {
		return Visit{}, err
	}
	return v, nil
}

// ToPetition turns a visit into a petition of the petition room (Deps.NewPetition, in the same
// transaction) and keeps its number and link on the visit. A visit becomes one petition at most.
func (s *Service) ToPetition(ctx context.Context, communeID string, by audit.Actor, visitID string) (Visit, error) {
	const op = "reception: to petition"
	if s.newPetition == nil {
		return Visit{}, errs.E(op, errs.Conflict, "reception.petition.unavailable")
	}
	var v Visit
	err := s.tx(ctx, func(tx *db.Tx) error {
		// Claim the visit first: the UPDATE locks the row on PostgreSQL, so a concurrent
		// second call waits and then finds it claimed.
		at := s.now().UTC().Truncate(time.Microsecond)
		res, err := tx.Exec(ctx, `UPDATE reception_visits SET petition_at = $3 WHERE commune_id = $1 AND id = $2 AND petition_at IS NULL`,
			communeID, visitID, at)
		if err != nil {
			return errs.Wrap(op, err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return errs.Wrap(op, err)
		}
		if v, err = getVisit(ctx, tx, communeID, visitID); err != nil {
			return err
		}
		if n != 1 {
			return errs.E(op, errs.Conflict, "reception.petition.already")
		}
		number, url, err := s.newPetition(ctx, tx, communeID, by, v)
		if err != nil {
			return errs.Wrap(op, err)
		}
		if number == "" {
			return errs.Wrap(op, fmt.Errorf("the petition room returned no number"))
		}
		if _, err := tx.Exec(ctx, `UPDATE reception_visits SET petition_number = $3, petition_url = $4 WHERE commune_id = $1 AND id = $2`,
			communeID, visitID, number, url); err != nil {
			return errs.Wrap(op, err)
		}
		v.PetitionNo, v.PetitionURL = number, url
		return audit.Record(ctx, tx, communeID, by, "reception.visit.to_petition", "reception_visit", v.ID,
			audit.Change{After: visitSummary(v)})
	})
	if err != nil {
		return Visit{}, err
	}
	return v, nil
}

// Visit returns one visit in full, identity included: the pages decide who sees it.
func (s *Service) Visit(ctx context.Context, communeID, id string) (Visit, error) {
	return getVisit(ctx, s.d, communeID, id)
}

const visitCols = `id, year, serial, day, session_id, citizen_name, citizen_address, id_number, group_size, matter_kind,
	matter, history, request, handling, mode, officer_id, officer_name, reply_due_at, reply_outcome, reply_text,
	reply_forwarded_to, reply_day, replied_at, replied_by, petition_at, petition_number, petition_url, created_at`

func getVisit(ctx context.Context, q db.Q, communeID, id string) (Visit, error) {
	v, err := scanVisit(q.QueryRow(ctx, `SELECT `+visitCols+` FROM reception_visits WHERE commune_id = $1 AND id = $2`, communeID, id))
	if err != nil {
		return Visit{}, notFound("reception: visit", err)
	}
	return v, nil
}

func scanVisit(row interface{ Scan(...any) error }) (Visit, error) {
	var v Visit
	var day, kind, mode, outcome, replyDay string
	var replied, petition sql.NullTime
	if err := row.Scan(&v.ID, &v.Year, &v.Serial, &day, &v.SessionID, &v.Name, &v.Address, &v.IDNumber, &v.People, &kind,
		&v.Matter, &v.History, &v.Request, &v.Handling, &mode, &v.OfficerID, &v.OfficerName, &v.ReplyDueAt, &outcome,
		&v.Reply.Text, &v.Reply.ForwardedTo, &replyDay, &replied, &v.Reply.By, &petition, &v.PetitionNo, &v.PetitionURL,
		&v.CreatedAt); err != nil {
		return v, err
	}
	var err error
	if v.Day, err = calendar.ParseDate(day); err != nil {
		return v, err
	}
	if replyDay != "" {
		if v.Reply.Day, err = calendar.ParseDate(replyDay); err != nil {
			return v, err
		}
	}
	v.Kind, v.Mode, v.Reply.Outcome = MatterKind(kind), Mode(mode), Outcome(outcome)
	v.Secret = v.Confidential()
	v.Reply.At, v.PetitionAt = replied.Time.UTC(), petition.Time.UTC()
	if !replied.Valid {
		v.Reply.At = time.Time{}
	}
	if !petition.Valid {
		v.PetitionAt = time.Time{}
	}
	v.ReplyDueAt, v.CreatedAt = v.ReplyDueAt.UTC(), v.CreatedAt.UTC()
	return v, nil
}

func (s *Service) listVisits(ctx context.Context, op, where, order string, args []any, limit, offset int) ([]Visit, int, error) {
	var total int
	if err := s.d.QueryRow(ctx, `SELECT count(*) FROM reception_visits WHERE `+where, args...).Scan(&total); err != nil {
		return nil, 0, errs.Wrap(op, err)
	}
	if total == 0 {
		return nil, 0, nil
	}
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	rows, err := s.d.Query(ctx, `SELECT `+visitCols+` FROM reception_visits WHERE `+where+` ORDER BY `+order+
		fmt.Sprintf(` LIMIT %d OFFSET %d`, limit, max(offset, 0)), args...)
	if err != nil {
		return nil, 0, errs.Wrap(op, err)
	}
	defer rows.Close()
	var out []Visit
	for rows.Next() {
		v, err := scanVisit(rows)
		if err != nil {
			return nil, 0, errs.Wrap(op, err)
		}
		out = append(out, v)
	}
	return out, total, errs.Wrap(op, rows.Err())
}

// Visits returns a page of the latest visits, newest first, and how many there are. A
// denouncer's identity is withheld from every row (Masked): lists never show it.
func (s *Service) Visits(ctx context.Context, communeID string, limit, offset int) ([]Visit, int, error) {
	list, total, err := s.listVisits(ctx, "reception: visits", `commune_id = $1`, `year DESC, serial DESC`, []any{communeID}, limit, offset)
	for i := range list {
		list[i] = list[i].Masked()
	}
	return list, total, err
}

// Logbook returns a page of a year's logbook in serial order, identity included: the page
// withholds a denouncer's from all but the leader and the receiving officer.
func (s *Service) Logbook(ctx context.Context, communeID string, year, limit, offset int) ([]Visit, int, error) {
	return s.listVisits(ctx, "reception: logbook", `commune_id = $1 AND year = $2`, `serial`, []any{communeID, year}, limit, offset)
}
