package privacy

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
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
	"xaso/internal/notify"
)

// Room, duty kinds and topic.
const (
	room         = "privacy"
	DutyAck      = "privacy.duty.ack"
	DutyAnswer   = "privacy.duty.answer"
	TopicChanged = "privacy.request.changed"
	numberPrefix = "DP"
)

// Deps is what the Service needs from the composition root.
type Deps struct {
	DB        *db.DB
	Calendars func(ctx context.Context, communeID string) (*calendar.Calendar, error)
	Now       func() time.Time
	Wake      func()
	// BaseURL makes the SMS link absolute ("" leaves it a path).
	BaseURL string
}

// Service is the personal data room. Safe for concurrent use.
type Service struct {
	d         *db.DB
	calendars func(ctx context.Context, communeID string) (*calendar.Calendar, error)
	now       func() time.Time
	wake      func()
	baseURL   string
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
	return &Service{d: d.DB, calendars: d.Calendars, now: d.Now, wake: d.Wake, baseURL: strings.TrimRight(d.BaseURL, "/")}
}

func (s *Service) nowUTC() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

// Request is one request of a person about their data.
type Request struct {
	ID, Number    string
	Kind          Kind
	Status        Status
	FullName      string
	IDNumber      string
	Phone         string
	Delivery      Delivery
	Wrong, Right  string // a correction: what is wrong, what it should be
	ReceivedAt    time.Time
	ReceivedBy    string
	AckDueAt      time.Time
	DueAt         time.Time
	Basis         string
	VerifiedAt    time.Time
	VerifiedBy    string
	AnsweredAt    time.Time
	AnsweredBy    string
	Answer        string
	Refusal       string
	LinkExpiresAt time.Time
	LinkUsedAt    time.Time
	linkHash      string
}

// URL is the request's staff page.
func (r Request) URL() string { return "/du-lieu-ca-nhan/yeu-cau/" + r.Number }

// Overdue reports whether the answer is late at t.
func (r Request) Overdue(t time.Time) bool { return r.Status.Open() && t.After(r.DueAt) }

// Verified reports whether the identity check is recorded.
func (r Request) Verified() bool { return !r.VerifiedAt.IsZero() }

// Input is a request as the public form sends it.
type Input struct {
	Kind     Kind
	FullName string
	IDNumber string
	Phone    string
	Delivery Delivery
	Wrong    string
	Right    string
}

// NormalizePhone keeps the digits of a Vietnamese phone number, "+84…" written as "0…"; it
// returns "" when what remains is not 10 or 11 digits starting with 0.
func NormalizePhone(p string) string {
	var b strings.Builder
	for i, r := range strings.TrimSpace(p) {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '+' && i == 0:
		case r == ' ' || r == '.' || r == '-' || r == '(' || r == ')':
		default:
			return ""
		}
	}
	d := b.String()
	if strings.HasPrefix(strings.TrimSpace(p), "+") {
		if !strings.HasPrefix(d, "84") {
			return ""
		}
		d = "0" + d[2:]
	}
	if (len(d) != 10 && len(d) != 11) || d[0] != '0' {
		return ""
	}
	return d
}

// validate checks and trims an input; the field errors are catalogue keys.
func (in *Input) validate() errs.FieldErrors {
	fe := errs.FieldErrors{}
	text := func(field string, p *string, max int, required bool) {
		*p = strings.TrimSpace(strings.ToValidUTF8(strings.ReplaceAll(*p, "\x00", ""), ""))
		switch {
		case required && *p == "":
			fe[field] = "privacy.err." + field + "_required"
		case utf8.RuneCountInString(*p) > max:
			fe[field] = "privacy.err.too_long"
		}
	}
	if in.Kind != KindCopy && in.Kind != KindCorrection {
		fe["kind"] = "privacy.err.kind"
	}
	text("full_name", &in.FullName, 120, true)
	correction := in.Kind == KindCorrection
	text("wrong", &in.Wrong, 2000, correction)
	text("right", &in.Right, 2000, correction)
	if !correction {
		in.Wrong, in.Right = "", ""
	}
	// Decree 13/2023 asks the controller to identify the data subject: the 12 digits of the
	// citizen ID (căn cước) name the person in every room of the commune.
	in.IDNumber = strings.Join(strings.Fields(in.IDNumber), "")
	if in.IDNumber == "" {
		fe["id_number"] = "privacy.err.id_number_required"
	} else if len(in.IDNumber) != 12 || strings.Trim(in.IDNumber, "0123456789") != "" {
		fe["id_number"] = "privacy.err.id_number_invalid"
	}
	if strings.TrimSpace(in.Phone) == "" {
		fe["phone"] = "privacy.err.phone_required"
	} else if p := NormalizePhone(in.Phone); p == "" {
		fe["phone"] = "privacy.err.phone_invalid"
	} else {
		in.Phone = p
	}
	if in.Delivery != AtOffice && in.Delivery != SMSLink {
		fe["delivery"] = "privacy.err.delivery"
	}
	return fe
}

func (s *Service) calendar(ctx context.Context, communeID string) (*calendar.Calendar, error) {
	cal, err := s.calendars(ctx, communeID)
	return cal, errs.Wrap("privacy: calendar", err)
}

// Settings returns the commune's times (the defaults where none is set).
func (s *Service) Settings(ctx context.Context, communeID string) (Settings, error) {
	st := Defaults()
	rows, err := s.d.Query(ctx, `SELECT key, value FROM settings WHERE commune_id = $1 AND key IN ($2, $3, $4)`,
		communeID, SettingAckDays, SettingAnswerHours, SettingLinkDays)
	if err != nil {
		return st, errs.Wrap("privacy: settings", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return st, errs.Wrap("privacy: settings", err)
		}
		switch k {
		case SettingAckDays:
			st.AckDays = parseSetting(v, DefaultAckDays, 0, 30)
		case SettingAnswerHours:
			st.AnswerHours = parseSetting(v, DefaultAnswerHours, 1, 24*90)
		case SettingLinkDays:
			st.LinkDays = parseSetting(v, DefaultLinkDays, 1, 90)
		}
	}
	return st, errs.Wrap("privacy: settings", rows.Err())
}

// SaveSettings stores the commune's times, audited; requests already received keep theirs.
func (s *Service) SaveSettings(ctx context.Context, communeID string, by audit.Actor, ack, hours, link string) (Settings, error) {
	const op = "privacy: save settings"
	fe := errs.FieldErrors{}
	num := func(field, v string, min, max int) int {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || n < min || n > max {
			fe[field] = "privacy.err.setting_" + field
		}
		return n
	}
	st := Settings{AckDays: num("ack_days", ack, 0, 30), AnswerHours: num("answer_hours", hours, 1, 24*90), LinkDays: num("link_days", link, 1, 90)}
	if err := fe.Err(op); err != nil {
		return Settings{}, err
	}
	before, err := s.Settings(ctx, communeID)
	if err != nil {
		return Settings{}, err
	}
	err = s.d.Tx(ctx, func(tx *db.Tx) error {
		for k, v := range map[string]int{SettingAckDays: st.AckDays, SettingAnswerHours: st.AnswerHours, SettingLinkDays: st.LinkDays} {
			if _, err := tx.Exec(ctx, `INSERT INTO settings (commune_id, key, value, updated_at) VALUES ($1, $2, $3, $4)
				ON CONFLICT (commune_id, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
				communeID, k, strconv.Itoa(v), s.nowUTC()); err != nil {
				return errs.Wrap(op, err)
			}
		}
		return audit.Record(ctx, tx, communeID, by, "privacy.settings", "settings", "privacy", audit.Change{Before: before, After: st})
	})
	if err != nil {
		return Settings{}, err
	}
	return st, nil
}

// Receive registers a request from the public form with the next number of its year and opens
// its duties (acknowledge, answer).
func (s *Service) Receive(ctx context.Context, communeID string, by audit.Actor, in Input) (Request, error) {
	const op = "privacy: receive"
	if err := in.validate().Err(op); err != nil {
		return Request{}, err
	}
	cal, err := s.calendar(ctx, communeID)
	if err != nil {
		return Request{}, err
	}
	st, err := s.Settings(ctx, communeID)
	if err != nil {
		return Request{}, err
	}
	r := Request{ID: uuid.Must(uuid.NewV7()).String(), Kind: in.Kind, Status: StatusReceived, FullName: in.FullName,
		IDNumber: in.IDNumber, Phone: in.Phone, Delivery: in.Delivery, Wrong: in.Wrong, Right: in.Right,
		ReceivedAt: s.nowUTC(), ReceivedBy: by.Name, Basis: Basis}
	r.AckDueAt, r.DueAt = st.Due(cal, r.ReceivedAt)
	err = s.d.Tx(ctx, func(tx *db.Tx) error {
		year := calendar.DateOf(r.ReceivedAt.In(calendar.Zone)).Year
		var n int
		if err := tx.QueryRow(ctx, `INSERT INTO privacy_counters (commune_id, year, last) VALUES ($1, $2, 1)
			ON CONFLICT (commune_id, year) DO UPDATE SET last = privacy_counters.last + 1 RETURNING last`,
			communeID, year).Scan(&n); err != nil {
			return errs.Wrap(op, err)
		}
		r.Number = fmt.Sprintf("%s-%d-%05d", numberPrefix, year, n)
		if _, err := tx.Exec(ctx, `INSERT INTO privacy_requests (commune_id, id, number, kind, status, full_name, id_number,
			phone, phone_last4, delivery, wrong_text, right_text, received_at, received_by, ack_due_at, due_at, basis)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
			communeID, r.ID, r.Number, string(r.Kind), string(r.Status), r.FullName, r.IDNumber, r.Phone, last4(r.Phone),
			string(r.Delivery), r.Wrong, r.Right, r.ReceivedAt, r.ReceivedBy, r.AckDueAt, r.DueAt, r.Basis); err != nil {
			return errs.Wrap(op, err)
		}
		return s.record(ctx, tx, communeID, by, "privacy.receive", r, cal)
	})
	if err != nil {
		return Request{}, err
	}
	s.wake()
	return r, nil
}

func last4(p string) string {
	if len(p) < 4 {
		return p
	}
	return p[len(p)-4:]
}

// record writes the audit entry (no personal data: the number, kind and status), the event and
// the duties of r.
func (s *Service) record(ctx context.Context, tx *db.Tx, communeID string, by audit.Actor, action string, r Request, cal *calendar.Calendar) error {
	sum := map[string]any{"number": r.Number, "kind": r.Kind, "status": r.Status, "delivery": r.Delivery, "due_at": r.DueAt}
	if err := audit.Record(ctx, tx, communeID, by, action, "privacy_request", r.ID, audit.Change{After: sum}); err != nil {
		return err
	}
	if err := events.Publish(ctx, tx, communeID, TopicChanged, map[string]any{"id": r.ID, "number": r.Number, "kind": r.Kind, "status": r.Status}); err != nil {
		return err
	}
	return syncDuties(ctx, tx, communeID, r, cal)
}

// syncDuties opens and closes the request's duties: the acknowledgement until the identity
// check (or the answer), the answer until the request is answered or refused.
func syncDuties(ctx context.Context, tx *db.Tx, communeID string, r Request, cal *calendar.Calendar) error {
	base := duty.Duty{CommuneID: communeID, Room: room, SubjectType: "privacy_request", SubjectID: r.ID,
		Label: "Yêu cầu về dữ liệu cá nhân " + r.Number, URL: r.URL(), LegalBasis: r.Basis, Owner: duty.Owner{Role: "desk"}}
	atRisk := func(due time.Time) time.Time {
		return cal.AddWorkingDays(calendar.DateOf(due.In(calendar.Zone)), -1).At(cal.Hours().Opening()).UTC()
	}
	if r.Status == StatusReceived {
		d := base
		d.Kind, d.DueAt, d.AtRiskFrom = DutyAck, r.AckDueAt, atRisk(r.AckDueAt)
		if err := duty.Set(ctx, tx, d); err != nil {
			return err
		}
	} else if err := duty.Close(ctx, tx, communeID, room, r.ID, DutyAck, string(r.Status)); err != nil {
		return err
	}
	if r.Status.Open() {
		d := base
		d.Kind, d.DueAt, d.AtRiskFrom = DutyAnswer, r.DueAt, atRisk(r.DueAt)
		return duty.Set(ctx, tx, d)
	}
	return duty.Close(ctx, tx, communeID, room, r.ID, DutyAnswer, string(r.Status))
}

// Action is a step an officer takes on a request.
type Action string

const (
	ActVerify Action = "verify" // the identity papers checked against the request ("đã đối chiếu giấy tờ tùy thân")
	ActAnswer Action = "answer" // the copy given (or its link sent), or the correction recorded
	ActRefuse Action = "refuse" // refused, with the reason
)

// Actions in the page's order.
var Actions = []Action{ActVerify, ActAnswer, ActRefuse}

// Step is what an action carries.
type Step struct {
	Confirmed bool   // the verify checkbox
	Text      string // the answer's note (for a correction: what was changed, and where), the refusal's reason
}

// Available reports whether a may be taken on r now (the page offers only these).
func Available(r Request, a Action) bool {
	if !r.Status.Open() {
		return false
	}
	switch a {
	case ActVerify:
		return !r.Verified()
	case ActAnswer:
		return r.Verified()
	case ActRefuse:
		return true
	}
	return false
}

// Done is what an action produced: for a copy sent by SMS, the link's path (its token appears
// nowhere else but in the message).
type Done struct {
	Request  Request
	LinkPath string
}

// Do takes an action: the rules, then one transaction with the change, the audit entry, the
// event, the duties and, for a copy sent by link, the SMS.
func (s *Service) Do(ctx context.Context, communeID, number string, by audit.Actor, a Action, st Step) (Done, error) {
	op := "privacy: " + string(a)
	st.Text = strings.TrimSpace(strings.ToValidUTF8(st.Text, ""))
	if utf8.RuneCountInString(st.Text) > 4000 {
		return Done{}, errs.FieldErrors{"text": "privacy.err.too_long"}.Err(op)
	}
	cal, err := s.calendar(ctx, communeID)
	if err != nil {
		return Done{}, err
	}
	settings, err := s.Settings(ctx, communeID)
	if err != nil {
		return Done{}, err
	}
	var out Done
	err = s.d.Tx(ctx, func(tx *db.Tx) error {
		r, err := get(ctx, tx, s.d.Engine, communeID, number, true)
		if err != nil {
			return err
		}
		if !Available(r, a) {
			if a == ActAnswer && r.Status.Open() {
				return errs.E(op, errs.Conflict, "privacy.err.verify_first")
			}
			return errs.E(op, errs.Conflict, "privacy.err.not_now")
		}
		now := s.nowUTC()
		token := ""
		switch a {
		case ActVerify:
			if !st.Confirmed {
				return errs.FieldErrors{"confirmed": "privacy.err.confirm_required"}.Err(op)
			}
			r.VerifiedAt, r.VerifiedBy, r.Status = now, by.Name, StatusVerified
		case ActAnswer:
			if r.Kind == KindCorrection && st.Text == "" {
				return errs.FieldErrors{"text": "privacy.err.changed_required"}.Err(op)
			}
			r.Answer, r.AnsweredAt, r.AnsweredBy, r.Status = st.Text, now, by.Name, StatusAnswered
			if r.Kind == KindCopy && r.Delivery == SMSLink {
				if token, err = newToken(); err != nil {
					return errs.Wrap(op, err)
				}
				r.linkHash, r.LinkExpiresAt = hashToken(token), now.Add(time.Duration(settings.LinkDays)*24*time.Hour)
			}
		case ActRefuse:
			if st.Text == "" {
				return errs.FieldErrors{"text": "privacy.err.reason_required"}.Err(op)
			}
			r.Refusal, r.AnsweredAt, r.AnsweredBy, r.Status = st.Text, now, by.Name, StatusRefused
		}
		if _, err := tx.Exec(ctx, `UPDATE privacy_requests SET status = $3, verified_at = $4, verified_by = $5, answered_at = $6,
			answered_by = $7, answer = $8, refusal_reason = $9, link_hash = $10, link_expires_at = $11
			WHERE commune_id = $1 AND id = $2`,
			communeID, r.ID, string(r.Status), db.NullableTime(r.VerifiedAt), r.VerifiedBy, db.NullableTime(r.AnsweredAt),
			r.AnsweredBy, r.Answer, r.Refusal, r.linkHash, db.NullableTime(r.LinkExpiresAt)); err != nil {
			return errs.Wrap(op, err)
		}
		if err := s.record(ctx, tx, communeID, by, "privacy."+string(a), r, cal); err != nil {
			return err
		}
		out.Request = r
		if token != "" {
			out.LinkPath = LinkPath(r.Number, token)
			body := fmt.Sprintf(Messages["privacy.sms.link"][0], r.Number, s.baseURL+out.LinkPath)
			if err := notify.Request(ctx, tx, notify.Message{CommuneID: communeID, Channel: notify.SMS, Recipient: r.Phone, Body: body}); err != nil {
				return errs.Wrap(op, err)
			}
		}
		return nil
	})
	if err != nil {
		return Done{}, err
	}
	s.wake()
	return out, nil
}

// LinkPath is the public page of a copy's one-time link.
func LinkPath(number, token string) string { return "/du-lieu-ca-nhan/tai/" + number + "?k=" + token }

// The link's token is 32 random bytes in hex; only its SHA-256 is stored, so a copy of the
// database does not open the link; its use is recorded once. A signature (as the rating
// links have) would need no row, but a one-time link needs one anyway to remember its use.
func newToken() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}

func hashToken(t string) string { s := sha256.Sum256([]byte(t)); return hex.EncodeToString(s[:]) }

// UseLink opens the copy behind a one-time link: the token and the last 4 phone digits must
// match, the link must be unused and unexpired. It marks the link used in the same transaction
// (audited) and returns the request; the caller then streams the copy.
func (s *Service) UseLink(ctx context.Context, communeID, number, token, digits string) (Request, error) {
	const op = "privacy: use link"
	var r Request
	err := s.d.Tx(ctx, func(tx *db.Tx) error {
		var err error
		r, err = get(ctx, tx, s.d.Engine, communeID, number, true)
		if err != nil {
			return errs.E(op, errs.NotFound, "privacy.err.link_invalid")
		}
		ok := r.linkHash != "" && subtle.ConstantTimeCompare([]byte(hashToken(strings.TrimSpace(token))), []byte(r.linkHash)) == 1 &&
			subtle.ConstantTimeCompare([]byte(strings.TrimSpace(digits)), []byte(last4(r.Phone))) == 1
		if !ok {
			return errs.E(op, errs.NotFound, "privacy.err.link_invalid")
		}
		now := s.nowUTC()
		if !r.LinkUsedAt.IsZero() || now.After(r.LinkExpiresAt) {
			return errs.E(op, errs.Conflict, "privacy.err.link_used")
		}
		r.LinkUsedAt = now
		if _, err := tx.Exec(ctx, `UPDATE privacy_requests SET link_used_at = $3 WHERE commune_id = $1 AND id = $2`,
			communeID, r.ID, now); err != nil {
			return errs.Wrap(op, err)
		}
		if err := audit.Record(ctx, tx, communeID, audit.Actor{Name: "Người dân qua đường liên kết"}, "privacy.link.used", "privacy_request", r.ID,
			audit.Change{After: map[string]any{"number": r.Number}}); err != nil {
			return err
		}
		return events.Publish(ctx, tx, communeID, TopicChanged, map[string]any{"id": r.ID, "number": r.Number, "kind": r.Kind, "status": r.Status, "link_used": true})
	})
	if err != nil {
		return Request{}, err
	}
	s.wake()
	return r, nil
}

// Track returns a request by its number and the last 4 digits of its phone, for the public
// tracking page; a wrong pair is NotFound, whichever part is wrong.
func (s *Service) Track(ctx context.Context, communeID, number, digits string) (Request, error) {
	r, err := s.Get(ctx, communeID, number)
	if err != nil || subtle.ConstantTimeCompare([]byte(strings.TrimSpace(digits)), []byte(last4(r.Phone))) != 1 {
		return Request{}, errs.E("privacy: track", errs.NotFound, "privacy.err.track_not_found")
	}
	return r, nil
}

const selectCols = `id, number, kind, status, full_name, id_number, phone, delivery, wrong_text, right_text, received_at,
	received_by, ack_due_at, due_at, basis, verified_at, verified_by, answered_at, answered_by, answer, refusal_reason,
	link_hash, link_expires_at, link_used_at`

func scan(row db.Scanner) (Request, error) {
	var r Request
	var kind, status, delivery string
	var verified, answered, expires, used sql.NullTime
	err := row.Scan(&r.ID, &r.Number, &kind, &status, &r.FullName, &r.IDNumber, &r.Phone, &delivery, &r.Wrong, &r.Right,
		&r.ReceivedAt, &r.ReceivedBy, &r.AckDueAt, &r.DueAt, &r.Basis, &verified, &r.VerifiedBy, &answered, &r.AnsweredBy,
		&r.Answer, &r.Refusal, &r.linkHash, &expires, &used)
	r.Kind, r.Status, r.Delivery = Kind(kind), Status(status), Delivery(delivery)
	r.VerifiedAt, r.AnsweredAt, r.LinkExpiresAt, r.LinkUsedAt = db.TimeOf(verified), db.TimeOf(answered), db.TimeOf(expires), db.TimeOf(used)
	r.ReceivedAt, r.AckDueAt, r.DueAt = r.ReceivedAt.UTC(), r.AckDueAt.UTC(), r.DueAt.UTC()
	return r, err
}

func get(ctx context.Context, q db.Q, engine db.Engine, communeID, number string, lock bool) (Request, error) {
	query := `SELECT ` + selectCols + ` FROM privacy_requests WHERE commune_id = $1 AND number = $2`
	if lock {
		query += engine.ForUpdate()
	}
	r, err := scan(q.QueryRow(ctx, query, communeID, strings.ToUpper(strings.TrimSpace(number))))
	if errors.Is(err, sql.ErrNoRows) {
		return r, errs.E("privacy: get", errs.NotFound, "error.not_found")
	}
	return r, errs.Wrap("privacy: get", err)
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
	const op = "privacy: list"
	where := ` WHERE commune_id = $1`
	args := []any{communeID}
	if f.OpenOnly || f.Overdue {
		where += ` AND status IN ('received', 'verified')`
	}
	if f.Overdue {
		args = append(args, s.nowUTC())
		where += ` AND due_at < $2`
	}
	out, total, err := db.Page(ctx, s.d, selectCols, `privacy_requests`+where, "received_at DESC, id DESC", args, f.Limit, f.Offset, scan)
	return out, total, errs.Wrap(op, err)
}
