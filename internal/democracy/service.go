package democracy

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
	// Calendars gives a commune's working-day calendar (the 5-working-day duties); the default
	// calendar if nil.
	Calendars func(ctx context.Context, communeID string) (*calendar.Calendar, error)
	// Now is the clock of every business time; time.Now if nil.
	Now func() time.Time
	// Wake is called after a commit that published events; optional.
	Wake func()
}

// Service is the room of residents deciding. Safe for concurrent use.
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

// room is the room's name in the duties register and the audit log.
const room = "democracy"

// Event topics, one per change.
const (
	TopicMeetingPlanned     = "democracy.meeting.planned"
	TopicMeetingUpdated     = "democracy.meeting.updated"
	TopicMeetingNoticed     = "democracy.meeting.noticed"
	TopicMeetingHeld        = "democracy.meeting.held"
	TopicMeetingCancelled   = "democracy.meeting.cancelled"
	TopicHouseholdsInformed = "democracy.households.informed"
	TopicAttendance         = "democracy.attendance.changed"
	TopicDecisionOpened     = "democracy.decision.opened"
	TopicDecisionCounted    = "democracy.decision.counted"
	TopicDecisionDecided    = "democracy.decision.decided"
	TopicRecordSent         = "democracy.record.sent"
	TopicDecisionAnswered   = "democracy.decision.answered"
	TopicBallotsTracked     = "democracy.ballots.tracked"
)

// Duty kinds (catalogue keys) of the room in the duties register.
const (
	DutyNotice      = "democracy.duty.notice"      // the notice (Mẫu 01) before the meeting
	DutyPlanSent    = "democracy.duty.plan_sent"   // the household-ballot plan to the chairman and the Front
	DutyRecordSent  = "democracy.duty.record_sent" // the record to the committee and the Front
	DutyRecognition = "democracy.duty.recognition" // recognition or written refusal
)

// Today is the date in Vietnam.
func (s *Service) Today() calendar.Date { return calendar.DateOf(s.now()) }

// Now is the service's clock.
func (s *Service) Now() time.Time { return s.now() }

// stamp is the current moment as stored.
func (s *Service) stamp() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

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
		return errs.E(op, errs.NotFound, "democracy.err.not_found")
	}
	return errs.Wrap(op, err)
}

// clean trims s, drops NUL and invalid UTF-8, and reports whether it fits in max characters.
func clean(s string, max int) (string, bool) {
	s = strings.TrimSpace(strings.ToValidUTF8(strings.ReplaceAll(s, "\x00", ""), ""))
	return s, utf8.RuneCountInString(s) <= max
}

// limits bounds a page of a list.
func limits(limit, offset int) (int, int) {
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	return limit, max(offset, 0)
}

// dayText stores a day: ” when not set.
func dayText(d calendar.Date) string {
	if !d.Valid() {
		return ""
	}
	return d.String()
}

// parseStored reads a stored day (” is the zero Date).
func parseStored(s string) calendar.Date {
	if s == "" {
		return calendar.Date{}
	}
	d, err := calendar.ParseDate(s)
	if err != nil {
		return calendar.Date{}
	}
	return d
}

// ParseDay reads a day typed in a form (YYYY-MM-DD or d/m/yyyy).
func ParseDay(s string) (calendar.Date, bool) {
	d, err := calendar.ParseDay(strings.TrimSpace(s))
	return d, err == nil
}

// endOf is the close of office hours of day d, the moment a duty owed "by day d" falls due.
func endOf(cal *calendar.Calendar, d calendar.Date) time.Time {
	return d.At(cal.Hours().Closing()).UTC()
}

// zone is Vietnam's civil time.
func zone() *time.Location { return calendar.Zone }

// startOfDay is midnight, the start of a day's meetings.
const startOfDay = calendar.Clock(0)
