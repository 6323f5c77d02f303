package oversight

import (
	"context"
	"database/sql"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"xaso/internal/blob"
	"xaso/internal/calendar"
	"xaso/internal/db"
	"xaso/internal/errs"
)

// Files is the blob store a case's evidence goes to (blob.Store), the narrow part the room uses.
type Files interface {
	Put(ctx context.Context, communeID, filename string, r io.Reader) (blob.Blob, error)
	// Describe is the metadata (name, type, size) of the blobs among shas, in one query.
	Describe(ctx context.Context, communeID string, shas []string) (map[string]blob.Blob, error)
	// Serve writes the blob as the response; the caller has checked the user may see it.
	Serve(w http.ResponseWriter, r *http.Request, communeID, sha string) error
}

// Deps is what the People's Inspection Board's Service needs from the composition root.
type Deps struct {
	DB *db.DB
	// Calendars gives a commune's working-day calendar (the 5 working days before an
	// inspection); the default calendar if nil.
	Calendars func(ctx context.Context, communeID string) (*calendar.Calendar, error)
	// Now is the clock of every business time; time.Now if nil.
	Now func() time.Time
	// Wake is called after a commit that published events; optional.
	Wake func()
	// Files keeps the evidence of cases; without it a case's notes carry no file.
	Files Files
	// Elections lists the recognised elections of the board's members (the elections room,
	// through the app); without it members are not linked to elections.
	Elections func(ctx context.Context, communeID string) ([]ElectionRef, error)
}

// Service is the People's Inspection Board's room: the board per term and its members, its
// plans and inspections, and the cases residents raise. Safe for concurrent use.
type Service struct {
	d         *db.DB
	calendars func(ctx context.Context, communeID string) (*calendar.Calendar, error)
	now       func() time.Time
	wake      func()
	files     Files
	elections func(ctx context.Context, communeID string) ([]ElectionRef, error)
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
	return &Service{d: d.DB, calendars: d.Calendars, now: d.Now, wake: d.Wake, files: d.Files, elections: d.Elections}
}

// inspectionRoom is the room's name in the duties register ("duty.room.oversight").
const inspectionRoom = "oversight"

// Event topics, one per change.
const (
	TopicBoardSaved       = "oversight.board.saved"
	TopicMemberSaved      = "oversight.member.saved"
	TopicPlanSaved        = "oversight.plan.saved"
	TopicInspectionSaved  = "oversight.inspection.saved"
	TopicInspectionSent   = "oversight.inspection.sent"
	TopicInspectionDone   = "oversight.inspection.finished"
	TopicCaseOpened       = "oversight.case.opened"
	TopicCaseNoted        = "oversight.case.noted"
	TopicCaseConcluded    = "oversight.case.concluded"
	TopicCaseRecommended  = "oversight.case.recommended"
	TopicCaseClosed       = "oversight.case.closed"
	DutyInspectionNotice  = "inspection.duty.notice" // send the plan 5 working days before
	inspectionNoticeBasis = "Nghị định 59/2023/NĐ-CP, Điều 14"
	inspectionCaseSubject = "case"
)

// Today is the date in Vietnam.
func (s *Service) Today() calendar.Date { return calendar.DateOf(s.now()) }

// Now is the service's clock.
func (s *Service) Now() time.Time { return s.now() }

// HasFiles reports whether evidence files can be kept.
func (s *Service) HasFiles() bool { return s.files != nil }

// tx runs fn in a transaction and wakes the dispatcher after a commit.
func (s *Service) tx(ctx context.Context, fn func(tx *db.Tx) error) error {
	if err := s.d.Tx(ctx, fn); err != nil {
		return err
	}
	s.wake()
	return nil
}

// missing is the answer for an unknown id.
func missing(op string, err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return errs.E(op, errs.NotFound, "inspection.err.not_found")
	}
	return errs.Wrap(op, err)
}

// pageBounds bounds a page of a list.
func pageBounds(limit, offset int) (int, int) {
	if limit <= 0 || limit > 200 {
		limit = 20
	}
	return limit, max(offset, 0)
}

// ParseDay reads a day typed in a form (YYYY-MM-DD or d/m/yyyy).
func ParseDay(s string) (calendar.Date, bool) {
	d, err := calendar.ParseDay(strings.TrimSpace(s))
	return d, err == nil
}

// readDay reads a required or optional day of a form into fe under field; today bounds it
// when notFuture.
func readDay(fe errs.FieldErrors, field, text string, required, notFuture bool, today calendar.Date) calendar.Date {
	if strings.TrimSpace(text) == "" {
		if required {
			fe[field] = "inspection.err.day_required"
		}
		return calendar.Date{}
	}
	d, ok := ParseDay(text)
	switch {
	case !ok || d.Year < 2000 || d.Year > 2200:
		fe[field] = "inspection.err.day"
		return calendar.Date{}
	case notFuture && d.After(today):
		fe[field] = "inspection.err.future"
	}
	return d
}

// readText cleans a text field into fe under field.
func readText(fe errs.FieldErrors, field, text string, max int, required bool) string {
	t, ok := cleanText(text, max)
	switch {
	case !ok:
		fe[field] = "inspection.err.too_long"
	case required && t == "":
		fe[field] = "inspection.err.required"
	}
	return t
}

func itoa(n int) string { return strconv.Itoa(n) }

// Hamlets lists the commune's hamlets in the registry's order.
func (s *Service) Hamlets(ctx context.Context, communeID string) ([]HamletRef, error) {
	return inspectionHamlets(ctx, s.d, communeID)
}

func inspectionHamlets(ctx context.Context, q db.Q, communeID string) ([]HamletRef, error) {
	const op = "oversight: hamlets"
	rows, err := q.Query(ctx, `SELECT id, name FROM hamlets WHERE commune_id = $1 ORDER BY sort_order, name, id`, communeID)
	if err != nil {
		return nil, errs.Wrap(op, err)
	}
	defer rows.Close()
	var out []HamletRef
	for rows.Next() {
		var h HamletRef
		if err := rows.Scan(&h.ID, &h.Name); err != nil {
			return nil, errs.Wrap(op, err)
		}
		out = append(out, h)
	}
	return out, errs.Wrap(op, rows.Err())
}

func hamletName(hs []HamletRef, id string) (string, bool) {
	for _, h := range hs {
		if h.ID == id {
			return h.Name, true
		}
	}
	return "", false
}

// Where the room's staff and public pages live.
const (
	inspectionBase   = "/ban-thanh-tra"
	inspectionPublic = "/thanh-tra-nhan-dan"
)
