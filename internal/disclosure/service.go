package disclosure

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"xaso/internal/calendar"
	"xaso/internal/db"
	"xaso/internal/errs"
)

// Deps is what the Service needs from the composition root.
type Deps struct {
	DB *db.DB
	// Calendars returns a commune's working-day calendar (calendarweb.Service.Calendar): the
	// 5 working days within which a decision is published (Art. 12.3).
	Calendars func(ctx context.Context, communeID string) (*calendar.Calendar, error)
	// Now is the clock of every business time; time.Now if nil.
	Now func() time.Time
	// Wake is called after a commit that published events; optional.
	Wake func()
	// Sanitize cleans a disclosure's HTML body before it is stored (package richtext); the
	// identity if nil, the body then stored as given.
	Sanitize func(html string) string
}

// Service is the public disclosure room. Safe for concurrent use.
type Service struct {
	d         *db.DB
	calendars func(ctx context.Context, communeID string) (*calendar.Calendar, error)
	now       func() time.Time
	wake      func()
	sanitize  func(string) string
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
	if d.Sanitize == nil {
		d.Sanitize = func(s string) string { return s }
	}
	return &Service{d: d.DB, calendars: d.Calendars, now: d.Now, wake: d.Wake, sanitize: d.Sanitize}
}

// today is the date in Vietnam.
func (s *Service) today() calendar.Date { return calendar.DateOf(s.now()) }

// stamp is the current moment as stored.
func (s *Service) stamp() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

// Calendar is the commune's working-day calendar.
func (s *Service) Calendar(ctx context.Context, communeID string) (*calendar.Calendar, error) {
	cal, err := s.calendars(ctx, communeID)
	if err != nil {
		return nil, errs.Wrap("disclosure: calendar", err)
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
		return errs.E(op, errs.NotFound, "disclosure.not_found")
	}
	return errs.Wrap(op, err)
}

// clean trims s and reports whether it fits in max characters.
func clean(s string, max int) (string, bool) {
	s = strings.TrimSpace(s)
	return s, utf8.RuneCountInString(s) <= max
}

// dateText is d as stored: YYYY-MM-DD, NULL for the zero date.
func dateText(d calendar.Date) any {
	if d == (calendar.Date{}) {
		return nil
	}
	return d.String()
}

// scanDate reads a stored date; NULL or empty is the zero date.
func scanDate(ns sql.NullString) (calendar.Date, error) {
	if !ns.Valid || ns.String == "" {
		return calendar.Date{}, nil
	}
	return calendar.ParseDate(ns.String)
}
