package campaign

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
	// Now is the clock of every business time; time.Now if nil.
	Now func() time.Time
	// Wake is called after a commit that published events; optional.
	Wake func()
	// Sanitize cleans an article's HTML body before it is stored (package richtext); the
	// identity if nil, the body then stored as given (and still cleaned when drawn).
	Sanitize func(html string) string
}

// Service is the news and campaigns room. Safe for concurrent use.
type Service struct {
	d        *db.DB
	now      func() time.Time
	wake     func()
	sanitize func(string) string
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
	return &Service{d: d.DB, now: d.Now, wake: d.Wake, sanitize: d.Sanitize}
}

// Event topics, one per change.
const (
	TopicArticleCreated   = "campaign.article.created"
	TopicArticleUpdated   = "campaign.article.updated"
	TopicArticlePublished = "campaign.article.published"
	TopicArticleWithdrawn = "campaign.article.withdrawn"
	TopicSessionRecorded  = "campaign.session.recorded"
	TopicSessionUpdated   = "campaign.session.updated"
	TopicSessionDeleted   = "campaign.session.deleted"
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
		return errs.E(op, errs.NotFound, "campaign.err.not_found")
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

// Hamlet is a hamlet of the commune as the forms and the coverage name it.
type Hamlet struct {
	ID, Name string
}

// Hamlets lists the commune's hamlets in the registry's order.
func (s *Service) Hamlets(ctx context.Context, communeID string) ([]Hamlet, error) {
	return hamletsOf(ctx, s.d, communeID)
}
