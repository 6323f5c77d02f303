package booking

import (
	"context"
	"crypto/rand"
	"io"
	"time"

	"xaso/internal/calendar"
	"xaso/internal/commune"
	"xaso/internal/db"
	"xaso/internal/errs"
)

// Deps is what the Service needs from the composition root.
type Deps struct {
	DB *db.DB
	// Calendars returns a commune's working-day calendar (calendarweb.Service.Calendar): the
	// days offered and the office sessions split into slots.
	Calendars func(ctx context.Context, communeID string) (*calendar.Calendar, error)
	// Catalogue lists the procedures that can be booked (OnestopCatalogue).
	Catalogue Catalogue
	// Now is the clock of every business time; time.Now if nil.
	Now func() time.Time
	// Rand is where booking codes come from; crypto/rand if nil (tests pass a seeded source).
	Rand io.Reader
	// Wake is called after a commit that published events or messages; optional.
	Wake func()
	// SMSConfigured reports whether SMS messages are really sent (notify.Service.Configured
	// with notify.SMS); nil means no: the confirmation page then tells the resident to keep
	// the code instead of promising a text that is only recorded.
	SMSConfigured func() bool
	// ReminderLead is how long before its slot a booking is reminded by SMS; 24 hours if zero.
	ReminderLead time.Duration
}

// Service is the appointment and queue room. Safe for concurrent use.
type Service struct {
	d         *db.DB
	calendars func(ctx context.Context, communeID string) (*calendar.Calendar, error)
	catalogue Catalogue
	now       func() time.Time
	rand      io.Reader
	wake      func()
	lead      time.Duration
	smsOn     func() bool
}

// New builds the Service.
func New(d Deps) *Service {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Rand == nil {
		d.Rand = rand.Reader
	}
	if d.Wake == nil {
		d.Wake = func() {}
	}
	if d.Calendars == nil {
		d.Calendars = func(context.Context, string) (*calendar.Calendar, error) { return calendar.Default(), nil }
	}
	if d.SMSConfigured == nil {
		d.SMSConfigured = func() bool { return false }
	}
	if d.ReminderLead <= 0 {
		d.ReminderLead = 24 * time.Hour
	}
	return &Service{d: d.DB, calendars: d.Calendars, catalogue: d.Catalogue, now: d.Now, rand: d.Rand, wake: d.Wake, lead: d.ReminderLead, smsOn: d.SMSConfigured}
}

// nowUTC is the business time, truncated as the database keeps it.
func (s *Service) nowUTC() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

// today is the date in Vietnam.
func (s *Service) today() calendar.Date { return calendar.DateOf(s.now()) }

func (s *Service) calendar(ctx context.Context, communeID string) (*calendar.Calendar, error) {
	cal, err := s.calendars(ctx, communeID)
	if err != nil {
		return nil, errs.Wrap("booking: calendar", err)
	}
	return cal, nil
}

// communeName is "xã Bình Yên", as messages to residents name the committee.
func (s *Service) communeName(ctx context.Context, q db.Q, communeID string) (string, error) {
	c, err := commune.GetCommune(ctx, q, communeID)
	if err != nil {
		return "", errs.Wrap("booking: commune", err)
	}
	return "xã " + c.Name, nil
}
