package conduct

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"xaso/internal/blob"
	"xaso/internal/calendar"
	"xaso/internal/commune"
	"xaso/internal/db"
	"xaso/internal/errs"
)

// Directory is what the room reads of the commune registry: the staff directory and the
// hamlets (commune.Store has these methods).
type Directory interface {
	GetStaff(ctx context.Context, communeID, id string) (commune.Staff, error)
	StaffByUserID(ctx context.Context, communeID, userID string) (commune.Staff, error)
	ListStaff(ctx context.Context, communeID string, f commune.StaffFilter) ([]commune.Staff, int, error)
	ListHamlets(ctx context.Context, communeID string) ([]commune.Hamlet, error)
	HamletsHeadedBy(ctx context.Context, communeID, userID string) ([]string, error)
}

// Photos reads the staff photos from the blob store (blob.Store).
type Photos interface {
	Open(ctx context.Context, communeID, sha string) (io.ReadSeekCloser, blob.Blob, error)
	Serve(w http.ResponseWriter, r *http.Request, communeID, sha string) error
}

// Deps is what the Service needs from the composition root.
type Deps struct {
	DB *db.DB
	// Calendars returns a commune's working-day calendar, for the review's due day;
	// calendar.Default if nil.
	Calendars func(ctx context.Context, communeID string) (*calendar.Calendar, error)
	// Now is the clock of every business time; time.Now if nil.
	Now func() time.Time
	// Wake is called after a commit that published events; optional.
	Wake func()
	// Directory is the staff directory and the hamlets (commune.Store).
	Directory Directory
	// Rand is the source of badge codes; crypto/rand if nil.
	Rand io.Reader
}

// Service is the conduct room. Safe for concurrent use.
type Service struct {
	d         *db.DB
	calendars func(ctx context.Context, communeID string) (*calendar.Calendar, error)
	now       func() time.Time
	wake      func()
	dir       Directory
	rand      io.Reader
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
	if d.Rand == nil {
		d.Rand = rand.Reader
	}
	return &Service{d: d.DB, calendars: d.Calendars, now: d.Now, wake: d.Wake, dir: d.Directory, rand: d.Rand}
}

// Event topics, one per change.
const (
	TopicCodePublished  = "conduct.code.published"
	TopicBadgeIssued    = "conduct.badge.issued"
	TopicReportReceived = "conduct.report.received"
	TopicReportReviewed = "conduct.report.reviewed"
	TopicSettings       = "conduct.settings.updated"
	// TopicRatingRecorded is the rating room's event the room listens to (a low rating opens a
	// report).
	TopicRatingRecorded = "rating.recorded"
)

// Audit actions.
const (
	actionCode     = "conduct.code.publish"
	actionBadge    = "conduct.badge.issue"
	actionReport   = "conduct.report.receive"
	actionReview   = "conduct.report.review"
	actionSettings = "conduct.settings.update"
)

// dutyRoom names the room in the duty register.
const dutyRoom = "conduct"

// Today is the date in Vietnam.
func (s *Service) Today() calendar.Date { return calendar.DateOf(s.now()) }

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
		return errs.E(op, errs.NotFound, "conduct.err.not_found")
	}
	return errs.Wrap(op, err)
}

// clean trims s, drops NUL and invalid UTF-8, unifies line ends, and reports whether it fits
// in max characters.
func clean(s string, max int) (string, bool) {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\x00", "")
	s = strings.TrimSpace(strings.ToValidUTF8(s, ""))
	return s, utf8.RuneCountInString(s) <= max
}

// limits bounds a page of a list.
func limits(limit, offset int) (int, int) {
	if limit <= 0 || limit > 200 {
		limit = 20
	}
	return limit, max(offset, 0)
}

// dateText is d as stored: YYYY-MM-DD, NULL for the zero date.
func dateText(d calendar.Date) any {
	if !d.Valid() {
		return nil
	}
	return d.String()
}

// scanDate reads a stored date; NULL or empty is the zero date.
func scanDate(ns sql.NullString) calendar.Date {
	if !ns.Valid || ns.String == "" {
		return calendar.Date{}
	}
	d, err := calendar.ParseDate(ns.String)
	if err != nil {
		return calendar.Date{}
	}
	return d
}

// formatDate writes d the Vietnamese way, dd/mm/yyyy.
func formatDate(d calendar.Date) string {
	if !d.Valid() {
		return ""
	}
	return twoDigits(d.Day) + "/" + twoDigits(int(d.Month)) + "/" + strconv.Itoa(d.Year)
}

func twoDigits(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// vi is a catalogue string in Vietnamese, for what is printed and sent by SMS.
func vi(key string) string { return Messages[key][0] }

// Settings are the commune's choices for the room.
type Settings struct {
	// ReviewDays is how many working days the chairman has to review a report: the commune's
	// own rule (no law sets it), DefaultReviewDays unless changed.
	ReviewDays int
}

// DefaultReviewDays is the review time when the commune has set none.
const DefaultReviewDays = 10

// Bounds of the review time a commune may set.
const (
	MinReviewDays = 1
	MaxReviewDays = 60
)

const settingReviewDays = "conduct.review_days"

// Settings reads the commune's settings.
func (s *Service) Settings(ctx context.Context, communeID string) (Settings, error) {
	return settingsOf(ctx, s.d, communeID)
}

func settingsOf(ctx context.Context, q db.Q, communeID string) (Settings, error) {
	st := Settings{ReviewDays: DefaultReviewDays}
	var v string
	err := q.QueryRow(ctx, `SELECT value FROM settings WHERE commune_id = $1 AND key = $2`, communeID, settingReviewDays).Scan(&v)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return st, nil
	case err != nil:
		return st, errs.Wrap("conduct: settings", err)
	}
	if n, err := strconv.Atoi(v); err == nil && n >= MinReviewDays && n <= MaxReviewDays {
		st.ReviewDays = n
	}
	return st, nil
}
