package inforequest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"xaso/internal/audit"
	"xaso/internal/calendar"
	"xaso/internal/db"
	"xaso/internal/duty"
	"xaso/internal/errs"
	"xaso/internal/events"
)

// Room, duty kinds and topics.
const (
	room          = "inforequest"
	DutyNotice    = "inforequest.duty.notice"
	DutyAnswer    = "inforequest.duty.answer"
	TopicReceived = "inforequest.received"
	TopicChanged  = "inforequest.changed"
	numberPrefix  = "TT"
)

// Deps is what the Service needs from the composition root.
type Deps struct {
	DB        *db.DB
	Calendars func(ctx context.Context, communeID string) (*calendar.Calendar, error)
	Now       func() time.Time
	Wake      func()
}

// Service is the information requests room. Safe for concurrent use.
type Service struct {
	d         *db.DB
	calendars func(ctx context.Context, communeID string) (*calendar.Calendar, error)
	now       func() time.Time
	wake      func()
}

// New builds the Service.
func New(d Deps) *Service {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Wake == nil {
		d.Wake = func() {}
	}
	if d.Calendars == nil {
		d.Calendars = func(context.Context, string) (*calendar.Calendar, error) { return calendar.Default(), nil }
	}
	return &Service{d: d.DB, calendars: d.Calendars, now: d.Now, wake: d.Wake}
}

// Requester is who asks (Art. 24.2).
type Requester struct {
	Name, Address, IDNumber, Phone, Email string
}

// Request is one line of the register.
type Request struct {
	ID, Number  string
	Kind        Kind
	Channel     Channel
	Complex     bool
	Status      Status
	Requester   Requester
	Information string // what is asked, or what to correct
	Delivery    string // one of Deliveries
	Purpose     string
	ReceivedAt  time.Time
	ReceivedBy  string
	NoticeDueAt time.Time // zero when no notice is owed
	NoticedAt   time.Time
	DueAt       time.Time
	Extended    bool
	ExtendWhy   string
	AnsweredAt  time.Time
	Answer      string
	CostNote    string // the actual cost of copying and sending, if any (Art. 12)
	Refusal     string
	HandledBy   string
}

// Plan is the request's time under the law.
func (r Request) Plan() Plan { return PlanFor(r.Kind, r.Channel, r.Complex) }

// Overdue reports whether the answer is late at t.
func (r Request) Overdue(t time.Time) bool { return r.Status.Open() && t.After(r.DueAt) }

// Input is a request as the form or the desk sends it.
type Input struct {
	Kind        Kind
	Channel     Channel
	Requester   Requester
	Information string
	Delivery    string
	Purpose     string
}

// validate checks and trims an input; the field errors are catalogue keys.
func (in *Input) validate() errs.FieldErrors {
	fe := errs.FieldErrors{}
	text := func(field string, p *string, max int, required bool) {
		*p = strings.TrimSpace(strings.ToValidUTF8(strings.ReplaceAll(*p, "\x00", ""), ""))
		switch {
		case required && *p == "":
			fe[field] = "inforequest.err." + field + "_required"
		case utf8.RuneCountInString(*p) > max:
			fe[field] = "inforequest.err.too_long"
		}
	}
	if in.Kind == "" {
		in.Kind = KindRequest
	}
	if in.Kind != KindRequest && in.Kind != KindCorrection {
		fe["kind"] = "inforequest.err.kind"
	}
	if !in.Channel.Valid() {
		fe["channel"] = "inforequest.err.channel"
	}
	rq := &in.Requester
	text("name", &rq.Name, 120, true)
	text("address", &rq.Address, 300, true)
	text("phone", &rq.Phone, 30, false)
	text("email", &rq.Email, 200, false)
	text("information", &in.Information, 4000, true)
	text("purpose", &in.Purpose, 2000, false)
	rq.IDNumber = strings.Join(strings.Fields(rq.IDNumber), "")
	if n := len(rq.IDNumber); rq.IDNumber == "" {
		fe["id_number"] = "inforequest.err.id_number_required"
	} else if (n != 9 && n != 12) || strings.Trim(rq.IDNumber, "0123456789") != "" {
		fe["id_number"] = "inforequest.err.id_number_invalid"
	}
	if rq.Email != "" && (!strings.Contains(rq.Email, "@") || strings.ContainsAny(rq.Email, " <>")) {
		fe["email"] = "inforequest.err.email_invalid"
	}
	if in.Channel == Electronic && rq.Email == "" && rq.Phone == "" {
		fe["email"] = "inforequest.err.contact_required"
	}
	valid := false
	for _, d := range Deliveries {
		valid = valid || in.Delivery == d
	}
	if !valid {
		fe["delivery"] = "inforequest.err.delivery"
	}
	return fe
}

func (s *Service) calendar(ctx context.Context, communeID string) (*calendar.Calendar, error) {
	cal, err := s.calendars(ctx, communeID)
	return cal, errs.Wrap("inforequest: calendar", err)
}

func (s *Service) nowUTC() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

// Receive writes a request in the register with the next number of its year and opens its
// duties: the answer, and for a complex request the notice (a request is simple until the
// officer marks it complex).
func (s *Service) Receive(ctx context.Context, communeID string, by audit.Actor, in Input) (Request, error) {
	const op = "inforequest: receive"
	if err := in.validate().Err(op); err != nil {
		return Request{}, err
	}
	cal, err := s.calendar(ctx, communeID)
	if err != nil {
		return Request{}, err
	}
	r := Request{ID: uuid.Must(uuid.NewV7()).String(), Kind: in.Kind, Channel: in.Channel, Status: StatusReceived,
		Requester: in.Requester, Information: in.Information, Delivery: in.Delivery, Purpose: in.Purpose,
		ReceivedAt: s.nowUTC(), ReceivedBy: by.Name}
	r.NoticeDueAt, r.DueAt = r.Plan().Due(cal, r.ReceivedAt)
	err = s.d.Tx(ctx, func(tx *db.Tx) error {
		year := calendar.DateOf(r.ReceivedAt.In(calendar.Zone)).Year
		var n int
		if err := tx.QueryRow(ctx, `INSERT INTO inforequest_counters (commune_id, year, last) VALUES ($1, $2, 1)
			ON CONFLICT (commune_id, year) DO UPDATE SET last = inforequest_counters.last + 1 RETURNING last`,
			communeID, year).Scan(&n); err != nil {
			return errs.Wrap(op, err)
		}
		r.Number = fmt.Sprintf("%s-%d-%05d", numberPrefix, year, n)
		if _, err := tx.Exec(ctx, `INSERT INTO inforequests (commune_id, id, number, kind, channel, complex, status,
			requester_name, requester_address, requester_id_number, requester_phone, requester_email, information, delivery,
			purpose, received_at, received_by, notice_due_at, due_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)`,
			communeID, r.ID, r.Number, string(r.Kind), string(r.Channel), r.Complex, string(r.Status), r.Requester.Name,
			r.Requester.Address, r.Requester.IDNumber, r.Requester.Phone, r.Requester.Email, r.Information, r.Delivery,
			r.Purpose, r.ReceivedAt, r.ReceivedBy, db.NullableTime(r.NoticeDueAt), r.DueAt); err != nil {
			return errs.Wrap(op, err)
		}
		return s.record(ctx, tx, communeID, by, "inforequest.receive", TopicReceived, r, cal)
	})
	if err != nil {
		return Request{}, err
	}
	s.wake()
	return r, nil
}

// record writes the audit entry (no personal data), the event and the duties of r.
func (s *Service) record(ctx context.Context, tx *db.Tx, communeID string, by audit.Actor, action, topic string, r Request, cal *calendar.Calendar) error {
	sum := map[string]any{"number": r.Number, "kind": r.Kind, "channel": r.Channel, "complex": r.Complex, "status": r.Status, "due_at": r.DueAt}
	if err := audit.Record(ctx, tx, communeID, by, action, "inforequest", r.ID, audit.Change{After: sum}); err != nil {
		return err
	}
	if err := events.Publish(ctx, tx, communeID, topic, map[string]any{"id": r.ID, "number": r.Number, "status": r.Status}); err != nil {
		return err
	}
	return syncDuties(ctx, tx, communeID, r, cal)
}

// syncDuties opens, moves and closes the request's duties to match it.
func syncDuties(ctx context.Context, tx *db.Tx, communeID string, r Request, cal *calendar.Calendar) error {
	base := duty.Duty{CommuneID: communeID, Room: room, SubjectType: "inforequest", SubjectID: r.ID,
		Label: "Yêu cầu cung cấp thông tin " + r.Number, URL: r.URL(), LegalBasis: r.Plan().Basis,
		Owner: duty.Owner{Role: "desk"}}
	atRisk := func(due time.Time) time.Time {
		return cal.AddWorkingDays(calendar.DateOf(due.In(calendar.Zone)), -1).At(cal.Hours().Opening()).UTC()
	}
	if r.Status.Open() {
		d := base
		d.Kind, d.DueAt, d.AtRiskFrom = DutyAnswer, r.DueAt, atRisk(r.DueAt)
		if err := duty.Set(ctx, tx, d); err != nil {
			return err
		}
	} else if err := duty.Close(ctx, tx, communeID, room, r.ID, DutyAnswer, string(r.Status)); err != nil {
		return err
	}
	if !r.NoticeDueAt.IsZero() && r.NoticedAt.IsZero() && r.Status.Open() {
		d := base
		d.Kind, d.DueAt, d.AtRiskFrom = DutyNotice, r.NoticeDueAt, atRisk(r.NoticeDueAt)
		return duty.Set(ctx, tx, d)
	}
	return duty.Close(ctx, tx, communeID, room, r.ID, DutyNotice, "done")
}

// URL is the request's staff page.
func (r Request) URL() string { return "/yeu-cau-thong-tin/" + r.Number }

// Action is a step an officer takes on a request.
type Action string

const (
	ActClassify Action = "classify" // mark complex or simple: the deadline follows
	ActNotify   Action = "notify"   // the notice of the time to a complex request (Art. 30, 31)
	ActExtend   Action = "extend"   // one extension, with the reason
	ActAnswer   Action = "answer"   // provided, with the cost note
	ActRefuse   Action = "refuse"   // refused in writing, with the reasons (Art. 28)
)

// Actions in the page's order.
var Actions = []Action{ActClassify, ActNotify, ActExtend, ActAnswer, ActRefuse}

// Step is what an action carries.
type Step struct {
	Complex bool
	Text    string // the extension's reason, the answer, the refusal's reasons
	Cost    string // the cost note of an answer
}

// Available reports whether a may be taken on r now (the page offers only these).
func Available(r Request, a Action) bool {
	if !r.Status.Open() {
		return false
	}
	p := r.Plan()
	switch a {
	case ActClassify:
		return r.Kind == KindRequest && r.Status == StatusReceived
	case ActNotify:
		return !r.NoticeDueAt.IsZero() && r.NoticedAt.IsZero()
	case ActExtend:
		return p.ExtendDays > 0 && !r.Extended
	case ActAnswer, ActRefuse:
		return true
	}
	return false
}

// Do takes an action: the rules, then one transaction with the change, the audit entry, the
// event and the duties.
func (s *Service) Do(ctx context.Context, communeID, number string, by audit.Actor, a Action, st Step) (Request, error) {
	op := "inforequest: " + string(a)
	st.Text, st.Cost = strings.TrimSpace(st.Text), strings.TrimSpace(st.Cost)
	if utf8.RuneCountInString(st.Text) > 8000 || utf8.RuneCountInString(st.Cost) > 500 {
		return Request{}, errs.FieldErrors{"text": "inforequest.err.too_long"}.Err(op)
	}
	cal, err := s.calendar(ctx, communeID)
	if err != nil {
		return Request{}, err
	}
	var r Request
	err = s.d.Tx(ctx, func(tx *db.Tx) error {
		var err error
		if r, err = get(ctx, tx, s.d.Engine, communeID, number, true); err != nil {
			return err
		}
		if !Available(r, a) {
			return errs.E(op, errs.Conflict, "inforequest.err.not_now")
		}
		now := s.nowUTC()
		switch a {
		case ActClassify:
			r.Complex = st.Complex
			r.NoticeDueAt, r.DueAt = r.Plan().Due(cal, r.ReceivedAt)
		case ActNotify:
			r.NoticedAt, r.Status = now, StatusNotified
		case ActExtend:
			if st.Text == "" {
				return errs.FieldErrors{"text": "inforequest.err.reason_required"}.Err(op)
			}
			r.Extended, r.ExtendWhy, r.Status = true, st.Text, StatusExtended
			r.DueAt = r.Plan().Extend(cal, r.DueAt)
		case ActAnswer:
			if st.Text == "" {
				return errs.FieldErrors{"text": "inforequest.err.answer_required"}.Err(op)
			}
			r.Answer, r.CostNote, r.AnsweredAt, r.Status = st.Text, st.Cost, now, StatusAnswered
		case ActRefuse:
			if st.Text == "" {
				return errs.FieldErrors{"text": "inforequest.err.reason_required"}.Err(op)
			}
			r.Refusal, r.AnsweredAt, r.Status = st.Text, now, StatusRefused
		}
		r.HandledBy = by.Name
		if _, err := tx.Exec(ctx, `UPDATE inforequests SET complex = $3, status = $4, notice_due_at = $5, noticed_at = $6,
			due_at = $7, extended = $8, extend_reason = $9, answered_at = $10, answer = $11, cost_note = $12,
			refusal_reason = $13, handled_by = $14 WHERE commune_id = $1 AND id = $2`,
			communeID, r.ID, r.Complex, string(r.Status), db.NullableTime(r.NoticeDueAt), db.NullableTime(r.NoticedAt), r.DueAt, r.Extended,
			r.ExtendWhy, db.NullableTime(r.AnsweredAt), r.Answer, r.CostNote, r.Refusal, r.HandledBy); err != nil {
			return errs.Wrap(op, err)
		}
		return s.record(ctx, tx, communeID, by, "inforequest."+string(a), TopicChanged, r, cal)
	})
	if err != nil {
		return Request{}, err
	}
	s.wake()
	return r, nil
}

const selectCols = `id, number, kind, channel, complex, status, requester_name, requester_address, requester_id_number,
	requester_phone, requester_email, information, delivery, purpose, received_at, received_by, notice_due_at, noticed_at,
	due_at, extended, extend_reason, answered_at, answer, cost_note, refusal_reason, handled_by`

func scan(row db.Scanner) (Request, error) {
	var r Request
	var kind, channel, status string
	var noticeDue, noticed, answered sql.NullTime
	err := row.Scan(&r.ID, &r.Number, &kind, &channel, &r.Complex, &status, &r.Requester.Name, &r.Requester.Address,
		&r.Requester.IDNumber, &r.Requester.Phone, &r.Requester.Email, &r.Information, &r.Delivery, &r.Purpose,
		&r.ReceivedAt, &r.ReceivedBy, &noticeDue, &noticed, &r.DueAt, &r.Extended, &r.ExtendWhy, &answered, &r.Answer,
		&r.CostNote, &r.Refusal, &r.HandledBy)
	r.Kind, r.Channel, r.Status = Kind(kind), Channel(channel), Status(status)
	r.NoticeDueAt, r.NoticedAt, r.AnsweredAt = db.TimeOf(noticeDue), db.TimeOf(noticed), db.TimeOf(answered)
	r.ReceivedAt, r.DueAt = r.ReceivedAt.UTC(), r.DueAt.UTC()
	return r, err
}

func get(ctx context.Context, q db.Q, engine db.Engine, communeID, number string, lock bool) (Request, error) {
	query := `SELECT ` + selectCols + ` FROM inforequests WHERE commune_id = $1 AND number = $2`
	if lock {
		query += engine.ForUpdate()
	}
	r, err := scan(q.QueryRow(ctx, query, communeID, strings.ToUpper(strings.TrimSpace(number))))
	if errors.Is(err, sql.ErrNoRows) {
		return r, errs.E("inforequest: get", errs.NotFound, "error.not_found")
	}
	return r, errs.Wrap("inforequest: get", err)
}

// Get returns one request by its number.
func (s *Service) Get(ctx context.Context, communeID, number string) (Request, error) {
	return get(ctx, s.d, s.d.Engine, communeID, number, false)
}

// Filter selects requests for the register.
type Filter struct {
	OpenOnly, Overdue bool
	Limit, Offset     int
}

// List returns a page of the register, newest first, and how many match.
func (s *Service) List(ctx context.Context, communeID string, f Filter) ([]Request, int, error) {
	const op = "inforequest: list"
	where := ` WHERE commune_id = $1`
	args := []any{communeID}
	if f.OpenOnly || f.Overdue {
		where += ` AND status IN ('received', 'notified', 'extended')`
	}
	if f.Overdue {
		args = append(args, s.nowUTC())
		where += ` AND due_at < $2`
	}
	out, total, err := db.Page(ctx, s.d, selectCols, `inforequests`+where, "received_at DESC, id DESC", args, f.Limit, f.Offset, scan)
	return out, total, errs.Wrap(op, err)
}
