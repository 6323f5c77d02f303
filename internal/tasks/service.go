package tasks

import (
	"context"
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
	"xaso/internal/db"
	"xaso/internal/docs"
	"xaso/internal/errs"
)

// StaffRef is a staff directory entry as the room needs it: to name a task's owner, and to
// know which account is theirs.
type StaffRef struct {
	ID     string // the directory entry
	Name   string // "Hà Thị Mai"
	Title  string // "Công chức tiếp nhận và trả kết quả"
	Unit   string // "Bộ phận Một cửa"; may be empty
	UserID string // the linked account, "" when none
}

// Files stores and serves the uploaded evidence (blob.Store has these methods).
type Files interface {
	Put(ctx context.Context, communeID, filename string, r io.Reader) (blob.Blob, error)
	Serve(w http.ResponseWriter, r *http.Request, communeID, sha string) error
}

// Deps is what the Service needs from the composition root.
type Deps struct {
	DB *db.DB
	// Calendars returns a commune's working-day calendar (deadlines given in working days,
	// the duty's at-risk day); calendar.Default if nil.
	Calendars func(ctx context.Context, communeID string) (*calendar.Calendar, error)
	// Now is the clock of every business time; time.Now if nil.
	Now func() time.Time
	// Wake is called after a commit that published events; optional.
	Wake func()
	// Staff lists the commune's staff directory (a few dozen people); nil: no directory, every
	// owner is a unit.
	Staff func(ctx context.Context, communeID string) ([]StaffRef, error)
	// Files stores uploaded evidence; nil: uploads are refused, links still work.
	Files Files
	// Letterhead is the commune's letterhead for the printed plan; nil: made from the
	// commune's name and province.
	Letterhead func(ctx context.Context, communeID string) (docs.Letterhead, error)
	// MaxFileBytes caps one uploaded file; DefaultMaxFileBytes if zero.
	MaxFileBytes int64
}

// DefaultMaxFileBytes is the size cap of an uploaded piece of evidence.
const DefaultMaxFileBytes = 10 << 20

// Service is the plans-and-tasks room. Safe for concurrent use.
type Service struct {
	d          *db.DB
	calendars  func(ctx context.Context, communeID string) (*calendar.Calendar, error)
	now        func() time.Time
	wake       func()
	staff      func(ctx context.Context, communeID string) ([]StaffRef, error)
	files      Files
	letterhead func(ctx context.Context, communeID string) (docs.Letterhead, error)
	maxFile    int64
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
	if d.Staff == nil {
		d.Staff = func(context.Context, string) ([]StaffRef, error) { return nil, nil }
	}
	if d.MaxFileBytes <= 0 {
		d.MaxFileBytes = DefaultMaxFileBytes
	}
	return &Service{d: d.DB, calendars: d.Calendars, now: d.Now, wake: d.Wake, staff: d.Staff, files: d.Files,
		letterhead: d.Letterhead, maxFile: d.MaxFileBytes}
}

// Event topics. The payloads name ids, codes, statuses and days, never a person.
const (
	TopicTaskChanged = "tasks.task.changed"
	TopicPlanChanged = "tasks.plan.changed"
)

// Audit actions.
const (
	actionPlanCreate = "tasks.plan.create"
	actionPlanUpdate = "tasks.plan.update"
	actionTaskCreate = "tasks.task.create"
	actionTaskUpdate = "tasks.task.update"
	actionProgress   = "tasks.task.progress"
	actionEvidence   = "tasks.task.evidence"
	actionCancel     = "tasks.task.cancel"
	actionReopen     = "tasks.task.reopen"
)

// The register's names for the room and its one kind of duty (DutyTask is a catalogue key).
const (
	dutyRoom = "tasks"
	DutyTask = "tasks.duty.task"
)

// AtRiskDays is how many working days before its deadline a task turns "sắp đến hạn".
const AtRiskDays = 3

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
		return errs.E(op, errs.NotFound, "tasks.err.not_found")
	}
	return errs.Wrap(op, err)
}

// clean trims s, drops NUL and invalid UTF-8, unifies line ends, and reports whether it fits
// in max characters.
func clean(s string, max int) (string, bool) {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	s = strings.TrimSpace(strings.ToValidUTF8(strings.ReplaceAll(s, "\x00", ""), ""))
	return s, utf8.RuneCountInString(s) <= max
}

// oneLine is clean for a name or a title: line breaks become spaces, runs of spaces one.
func oneLine(s string, max int) (string, bool) {
	s, _ = clean(s, max)
	s = strings.Join(strings.Fields(s), " ")
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

// mustDate reads a stored NOT NULL date.
func mustDate(s string) calendar.Date { return scanDate(sql.NullString{String: s, Valid: true}) }

// FormatDate writes d the Vietnamese way, dd/mm/yyyy ("" for the zero date).
func FormatDate(d calendar.Date) string {
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

// lines splits a stored list (one item per line).
func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// vi is a catalogue string in Vietnamese, for what is printed and exported.
func vi(key string) string { return Messages[key][0] }
