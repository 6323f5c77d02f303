package sipas

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base32"
	"encoding/binary"
	"errors"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"xaso/internal/calendar"
	"xaso/internal/db"
	"xaso/internal/errs"
)

// ReturnedFunc streams the commune's dossiers returned from day from to day to (both
// included) to fn: onestop.Service.Returned, adapted by app.
type ReturnedFunc func(ctx context.Context, communeID string, from, to calendar.Date, fn func(Dossier) error) error

// Deps is what the Service needs from the composition root.
type Deps struct {
	DB *db.DB
	// Now is the clock of every business time; time.Now if nil.
	Now func() time.Time
	// Wake is called after a commit that published events; optional.
	Wake func()
	// Returned lists the dossiers a survey samples; nil: no survey can be created.
	Returned ReturnedFunc
	// Random is the source of invitation tokens and of the seeds of samples drawn without
	// one; crypto/rand if nil.
	Random io.Reader
}

// Service is the SIPAS room. Safe for concurrent use.
type Service struct {
	d        *db.DB
	now      func() time.Time
	wake     func()
	returned ReturnedFunc
	random   io.Reader
}

// New builds the Service.
func New(d Deps) *Service {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Wake == nil {
		d.Wake = func() {}
	}
	if d.Random == nil {
		d.Random = rand.Reader
	}
	return &Service{d: d.DB, now: d.Now, wake: d.Wake, returned: d.Returned, random: d.Random}
}

// Event topics, one per change. Payloads carry no personal data.
const (
	// TopicMethodLoaded: {"id", "code", "version", "verified"}.
	TopicMethodLoaded = "sipas.method.loaded"
	// TopicSurveyCreated: {"id", "year", "period_from", "period_to", "population", "sample"}.
	TopicSurveyCreated = "sipas.survey.created"
	// TopicResponse: {"survey_id", "invitation_id", "channel"}.
	TopicResponse = "sipas.response.recorded"
	// TopicSurveyClosed: {"id", "year", "responses", "overall_hundredths" (null when no answer)}.
	TopicSurveyClosed = "sipas.survey.closed"
	// TopicTargetSet: {"year", "target_hundredths"}.
	TopicTargetSet = "sipas.target.set"
)

// Audit actions.
const (
	actionMethodLoad = "sipas.method.load"
	actionCreate     = "sipas.survey.create"
	actionAnswer     = "sipas.response.record"
	actionClose      = "sipas.survey.close"
	actionTarget     = "sipas.target.set"
)

// Today is the date in Vietnam.
func (s *Service) Today() calendar.Date { return calendar.DateOf(s.now()) }

// Now is the Service's clock.
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
		return errs.E(op, errs.NotFound, "sipas.err.not_found")
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

// tokenEncoding writes tokens in lower-case base32 without padding: 32 characters for 160
// random bits, easy to read back from a printed form.
var tokenEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// newToken is an invitation's secret: 160 bits from the random source.
func (s *Service) newToken() (string, error) {
	var b [20]byte
	if _, err := io.ReadFull(s.random, b[:]); err != nil {
		return "", err
	}
	return tokenEncoding.EncodeToString(b[:]), nil
}

// newSeed is a sample's seed when staff give none.
func (s *Service) newSeed() (int64, error) {
	var b [8]byte
	if _, err := io.ReadFull(s.random, b[:]); err != nil {
		return 0, err
	}
	return int64(binary.BigEndian.Uint64(b[:]) >> 12), nil // 52 bits: exact in a form and in JSON
}

// ValidToken reports whether s has the shape of an invitation token (checked before any query).
func ValidToken(s string) bool {
	if len(s) != 32 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '2' && r <= '7') {
			return false
		}
	}
	return true
}

// vnDay formats d as Vietnamese documents write it.
func vnDay(d calendar.Date) string {
	if !d.Valid() {
		return ""
	}
	return d.Time().Format("02/01/2006")
}

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }
