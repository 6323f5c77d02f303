package reception

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"xaso/internal/audit"
	"xaso/internal/calendar"
	"xaso/internal/db"
	"xaso/internal/errs"
)

// Deps is what the Service needs from the composition root.
type Deps struct {
	DB *db.DB
	// Calendars returns a commune's working-day calendar (calendarweb.Service.Calendar): the
	// 5 working days of notice before a session, the 10 working days of a reply.
	Calendars func(ctx context.Context, communeID string) (*calendar.Calendar, error)
	// Now is the clock of every business time; time.Now if nil.
	Now func() time.Time
	// Wake is called after a commit that published events; optional.
	Wake func()
	// NewPetition turns a visit into a petition (đơn) of the petition room, inside the visit's
	// transaction, and returns its number and the URL of its page. Optional: nil means the
	// "turn into a petition" action is unavailable.
	NewPetition func(ctx context.Context, tx *db.Tx, communeID string, by audit.Actor, v Visit) (number, url string, err error)
}

// Service is the citizen reception room. Safe for concurrent use.
type Service struct {
	d           *db.DB
	calendars   func(ctx context.Context, communeID string) (*calendar.Calendar, error)
	now         func() time.Time
	wake        func()
	newPetition func(ctx context.Context, tx *db.Tx, communeID string, by audit.Actor, v Visit) (string, string, error)
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
	return &Service{d: d.DB, calendars: d.Calendars, now: d.Now, wake: d.Wake, newPetition: d.NewPetition}
}

// CanPetition reports whether visits can be turned into petitions (Deps.NewPetition is set).
func (s *Service) CanPetition() bool { return s.newPetition != nil }

// today is the date in Vietnam.
func (s *Service) today() calendar.Date { return calendar.DateOf(s.now()) }

func (s *Service) calendar(ctx context.Context, communeID string) (*calendar.Calendar, error) {
	cal, err := s.calendars(ctx, communeID)
	if err != nil {
		return nil, errs.Wrap("reception: calendar", err)
	}
	return cal, nil
}

// tx runs fn in a transaction and wakes the dispatcher after a commit.
func (s *Service) tx(ctx context.Context, fn func(tx *db.Tx) error) error {
	if err := s.d.Tx(ctx, fn); err != nil {
		return err
	}
	s.wake()
	return nil
}

// notFound is the answer for an unknown id.
func notFound(op string, err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return errs.E(op, errs.NotFound, "reception.not_found")
	}
	return errs.Wrap(op, err)
}
