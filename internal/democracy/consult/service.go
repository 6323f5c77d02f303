package consult

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"xaso/internal/audit"
	"xaso/internal/calendar"
	"xaso/internal/db"
	"xaso/internal/errs"
)

// Disclosure is what the closing publishes as a disclosure of category 11 (Art. 11.11:
// consultation material, the summary of opinions, the explanations and the changes).
type Disclosure struct {
	ConsultationID string
	Title          string
	Summary        string // plain text
	Body           string // sanitised HTML: the answers per group and the decision
	DecisionDate   calendar.Date
	HamletIDs      []string // none: the whole commune
	Attachments    []string // blob sha256s of the draft's attachments
}

// DiscloseFunc publishes d as a public disclosure inside tx (the closing's transaction) and
// returns its public page.
type DiscloseFunc func(ctx context.Context, tx *db.Tx, communeID string, by audit.Actor, d Disclosure) (publicURL string, err error)

// Deps is what the Service needs from the composition root.
type Deps struct {
	DB *db.DB
	// Calendars returns a commune's working-day calendar (calendarweb.Service.Calendar), for
	// the office hours of the duty's due time; calendar.Default if nil.
	Calendars func(ctx context.Context, communeID string) (*calendar.Calendar, error)
	// Now is the clock of every business time; time.Now if nil.
	Now func() time.Time
	// Wake is called after a commit that published events; optional.
	Wake func()
	// Sanitize cleans the draft's HTML before it is stored (package richtext); the identity
	// if nil (the draft is still cleaned when drawn).
	Sanitize func(html string) string
	// Disclose publishes the closing's summary as a disclosure of category 11; nil: a
	// consultation cannot be closed (the law asks the summary be published).
	Disclose DiscloseFunc
}

// Service is the consultations room. Safe for concurrent use.
type Service struct {
	d         *db.DB
	calendars func(ctx context.Context, communeID string) (*calendar.Calendar, error)
	now       func() time.Time
	wake      func()
	sanitize  func(string) string
	disclose  DiscloseFunc
}

// New builds the Service.
func New(d Deps) *Service {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Wake == nil {
		d.Wake = func() {}
	}
	if d.Sanitize == nil {
		d.Sanitize = func(s string) string { return s }
	}
	if d.Calendars == nil {
		d.Calendars = func(context.Context, string) (*calendar.Calendar, error) { return calendar.Default(), nil }
	}
	return &Service{d: d.DB, calendars: d.Calendars, now: d.Now, wake: d.Wake, sanitize: d.Sanitize, disclose: d.Disclose}
}

// Event topics, one per change.
const (
	TopicCreated   = "consult.created"
	TopicUpdated   = "consult.updated"
	TopicPublished = "consult.published"
	TopicOpinion   = "consult.opinion.received"
	TopicGrouped   = "consult.opinion.grouped"
	TopicGroup     = "consult.group.saved"
	TopicAttached  = "consult.attachment.added"
	TopicClosed    = "consult.closed"
)

// Audit actions.
const (
	actionCreate  = "consult.create"
	actionUpdate  = "consult.update"
	actionPublish = "consult.publish"
	actionOpinion = "consult.opinion.add"
	actionGroupOp = "consult.opinion.group"
	actionGroup   = "consult.group.save"
	actionAttach  = "consult.attachment.add"
	actionClose   = "consult.close"
)

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
		return errs.E(op, errs.NotFound, "consult.err.not_found")
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
		limit = 20
	}
	return limit, max(offset, 0)
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

// Hamlet is a hamlet of the commune.
type Hamlet struct {
	ID, Name string
}

// Hamlets lists the commune's hamlets in the registry's order.
func (s *Service) Hamlets(ctx context.Context, communeID string) ([]Hamlet, error) {
	return hamletsOf(ctx, s.d, communeID)
}

// hamletsOf lists the commune's hamlets through q.
func hamletsOf(ctx context.Context, q db.Q, communeID string) ([]Hamlet, error) {
	const op = "consult: hamlets"
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

// label is a title short enough for the duties list.
func label(title string) string {
	r := []rune(title)
	if len(r) > 120 {
		return string(r[:119]) + "…"
	}
	return title
}
