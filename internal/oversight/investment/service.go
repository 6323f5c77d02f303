package investment

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"xaso/internal/auth"
	"xaso/internal/calendar"
	"xaso/internal/db"
	"xaso/internal/errs"
	"xaso/internal/oversight"
)

// DefaultSetUpBy is who sets up a board when the commune has not said otherwise. Law 10/2022
// Art. 41 gives it to the commune Fatherland Front committee (Ủy ban Mặt trận Tổ quốc Việt Nam
// xã); Law 97/2025/QH15 reorganised the Front from 1 July 2025 and the team could not read the
// amended articles, so the body is a setting (Deps.SetUpBy), recorded on each board as it
// was when the board was set up.
const DefaultSetUpBy = "Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam xã"

// Accounts finds a staff account by its user name (the member's account on a board).
type Accounts interface {
	UserByName(ctx context.Context, communeID, username string) (*auth.User, error)
}

// Deps is what the Service needs from the composition root.
type Deps struct {
	DB *db.DB
	// Calendars gives a commune's calendar (office hours of the duties); the default if nil.
	Calendars func(ctx context.Context, communeID string) (*calendar.Calendar, error)
	// Accounts resolves a board member's account; members then have none if nil.
	Accounts Accounts
	// Files keeps the photos of the site visits; photos are refused if nil.
	Files Files
	// SetUpBy is the body that sets up and directs the boards (DefaultSetUpBy if empty).
	SetUpBy string
	// Now is the clock of every business time; time.Now if nil.
	Now func() time.Time
	// Wake is called after a commit that published events; optional.
	Wake func()
	// Elections lists the recognised elections of residents' representatives (the elections
	// room, through the app); without it members are not linked to elections.
	Elections func(ctx context.Context, communeID string) ([]oversight.ElectionRef, error)
}

// Service is the room of investment projects and their supervision boards. Safe for
// concurrent use.
type Service struct {
	d         *db.DB
	calendars func(ctx context.Context, communeID string) (*calendar.Calendar, error)
	accounts  Accounts
	files     Files
	setUpBy   string
	now       func() time.Time
	wake      func()
	elections func(ctx context.Context, communeID string) ([]oversight.ElectionRef, error)
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
	if strings.TrimSpace(d.SetUpBy) == "" {
		d.SetUpBy = DefaultSetUpBy
	}
	return &Service{d: d.DB, calendars: d.Calendars, accounts: d.Accounts, files: d.Files, setUpBy: d.SetUpBy, now: d.Now, wake: d.Wake, elections: d.Elections}
}

// room is the room's name in the duties register and the audit log.
const room = "investment"

// Event topics, one per change.
const (
	TopicProjectCreated     = "investment.project.created"
	TopicProjectUpdated     = "investment.project.updated"
	TopicProjectPartChanged = "investment.project.part_changed" // a source, a party or a disclosure item
	TopicBoardSetUp         = "investment.board.set_up"
	TopicBoardUpdated       = "investment.board.updated"
	TopicBoardNotified      = "investment.board.notified"
	TopicBoardDissolved     = "investment.board.dissolved"
	TopicMemberChanged      = "investment.member.changed"
	TopicVisitSaved         = "investment.visit.saved"
	TopicVisitSubmitted     = "investment.visit.submitted"
)

// DutyNotice is the duty to notify the investor of the plan and membership ≥ 45 days before.
const DutyNotice = "investment.duty.notice"

// SetUpBy is the body that sets up the boards now.
func (s *Service) SetUpBy() string { return s.setUpBy }

// Today is the date in Vietnam.
func (s *Service) Today() calendar.Date { return calendar.DateOf(s.now()) }

// Now is the service's clock.
func (s *Service) Now() time.Time { return s.now() }

// DB is the database the room reads (for the recommendations it lists).
func (s *Service) DB() *db.DB { return s.d }

// tx runs fn in a transaction and wakes the dispatcher after a commit.
func (s *Service) tx(ctx context.Context, fn func(tx *db.Tx) error) error {
	if err := s.d.Tx(ctx, fn); err != nil {
		return err
	}
	s.wake()
	return nil
}

func newID() string { return uuid.Must(uuid.NewV7()).String() }

func stamp(tx *db.Tx) time.Time { return tx.Now.UTC().Truncate(time.Microsecond) }

// notFound is the answer for an unknown id.
func notFound(op string, err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return errs.E(op, errs.NotFound, "investment.err.not_found")
	}
	return errs.Wrap(op, err)
}

// clean trims s, drops NUL and invalid UTF-8, and reports whether it fits in max characters.
func clean(s string, max int) (string, bool) {
	s = strings.TrimSpace(strings.ToValidUTF8(strings.ReplaceAll(s, "\x00", ""), ""))
	return s, utf8.RuneCountInString(s) <= max
}

// text cleans a field into fe: required fields must not be empty.
func text(fe errs.FieldErrors, field, s string, max int, required bool) string {
	v, ok := clean(s, max)
	switch {
	case !ok:
		fe[field] = "investment.err.too_long"
	case required && v == "":
		fe[field] = "investment.err.required"
	}
	return v
}

// limits bounds a page of a list.
func limits(limit, offset int) (int, int) {
	if limit <= 0 || limit > 200 {
		limit = 20
	}
	return limit, max(offset, 0)
}

// dayText stores a day: "" when not set.
func dayText(d calendar.Date) string {
	if !d.Valid() {
		return ""
	}
	return d.String()
}

// storedDay reads a stored day ("" is the zero Date).
func storedDay(s string) calendar.Date {
	if s == "" {
		return calendar.Date{}
	}
	d, err := calendar.ParseDate(s)
	if err != nil {
		return calendar.Date{}
	}
	return d
}

// Hamlet is a hamlet of the commune.
type Hamlet struct{ ID, Name string }

// Hamlets lists the commune's hamlets in the registry's order.
func (s *Service) Hamlets(ctx context.Context, communeID string) ([]Hamlet, error) {
	return hamletsOf(ctx, s.d, communeID)
}

func hamletsOf(ctx context.Context, q db.Q, communeID string) ([]Hamlet, error) {
	const op = "investment: hamlets"
	rows, err := q.Query(ctx, `SELECT id, name FROM hamlets WHERE commune_id = $1 ORDER BY sort_order, name, id`, communeID)
	if err != nil {
		return nil, errs.Wrap(op, err)
	}
	defer rows.Close()
	var out []Hamlet
	for rows.Next() {
		var h Hamlet
		if err := rows.Scan(&h.ID, &h.Name); err != nil {
			return nil, errs.Wrap(op, err)
		}
		out = append(out, h)
	}
	return out, errs.Wrap(op, rows.Err())
}

func hamletName(hs []Hamlet, id string) string {
	for _, h := range hs {
		if h.ID == id {
			return h.Name
		}
	}
	return ""
}

// inList is "$from, $from+1, …" for n arguments.
func inList(from, n int) string { return db.Placeholders(from, n) }

func itoa(n int) string { return strconv.Itoa(n) }
