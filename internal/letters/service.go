package letters

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
	"xaso/internal/fold"
)

// Deps is what the Service needs from the composition root.
type Deps struct {
	DB *db.DB
	// Calendars returns a commune's calendar (calendarweb.Service.Calendar), for the holidays
	// a greeting is for; calendar.Default if nil.
	Calendars func(ctx context.Context, communeID string) (*calendar.Calendar, error)
	// Now is the clock of every business time; time.Now if nil.
	Now func() time.Time
	// Wake is called after a commit that published events; optional.
	Wake func()
}

// Service is the letters room. Safe for concurrent use.
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

// Event topics, one per change. Payloads: LetterEvent for letters, TemplateEvent, ScriptEvent.
const (
	TopicCreated   = "letters.letter.created"
	TopicPrinted   = "letters.letter.printed"
	TopicDelivered = "letters.letter.delivered"
	TopicHamlet    = "letters.letter.hamlet_set"
	TopicCancelled = "letters.letter.cancelled"
	TopicTemplate  = "letters.template.saved"
	TopicScript    = "letters.script.created"
	TopicRead      = "letters.script.read"
)

// Audit actions (the letter's history shows them).
const (
	actionCreate   = "letters.create"
	actionPrint    = "letters.print"
	actionDeliver  = "letters.deliver"
	actionHamlet   = "letters.hamlet"
	actionCancel   = "letters.cancel"
	actionTemplate = "letters.template"
	actionScript   = "letters.script"
	actionRead     = "letters.read"
)

// Today is the date in Vietnam.
func (s *Service) Today() calendar.Date { return calendar.DateOf(s.now()) }

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
		return errs.E(op, errs.NotFound, "letters.err.not_found")
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

// dmy writes a moment's day in Vietnam, dd/mm/yyyy.
func dmy(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(calendar.Zone).Format("02/01/2006")
}

// Hamlet is a hamlet of the commune.
type Hamlet struct {
	ID, Name string
}

// Hamlets lists the commune's hamlets in the registry's order.
func (s *Service) Hamlets(ctx context.Context, communeID string) ([]Hamlet, error) {
	return hamletsOf(ctx, s.d, communeID, "")
}

// HamletsHeadedBy lists the hamlets whose head is the account userID.
func (s *Service) HamletsHeadedBy(ctx context.Context, communeID, userID string) ([]Hamlet, error) {
	if userID == "" {
		return nil, nil
	}
	return hamletsOf(ctx, s.d, communeID, userID)
}

func hamletsOf(ctx context.Context, q db.Q, communeID, headUserID string) ([]Hamlet, error) {
	const op = "letters: hamlets"
	query := `SELECT id, name FROM hamlets WHERE commune_id = $1 ORDER BY sort_order, name, id`
	args := []any{communeID}
	if headUserID != "" {
		query = `SELECT id, name FROM hamlets WHERE commune_id = $1 AND head_user_id = $2 ORDER BY sort_order, name, id`
		args = append(args, headUserID)
	}
	rows, err := q.Query(ctx, query, args...)
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

// hamletOfAddress finds the hamlet an address names ("Xóm Na Mạt, xã Bình Yên"): the longest
// hamlet name found in it as whole words, folded; "" when none is.
func hamletOfAddress(hamlets []Hamlet, address string) string {
	a := " " + wordsOnly(fold.String(address)) + " "
	best, bestLen := "", 0
	for _, h := range hamlets {
		for _, name := range namesOf(h.Name) {
			if len(name) > bestLen && strings.Contains(a, " "+name+" ") {
				best, bestLen = h.ID, len(name)
			}
		}
	}
	return best
}

// namesOf are the folded names a hamlet is written with: its full name, and without the word
// for hamlet ("xóm", "thôn", "bản", "tổ dân phố") when two words or more are left, since an
// address may leave it out.
func namesOf(name string) []string {
	f := wordsOnly(fold.String(name))
	out := []string{f}
	for _, p := range []string{"xom ", "thon ", "ban ", "to dan pho ", "ap "} {
		if core, ok := strings.CutPrefix(f, p); ok && strings.Count(core, " ") >= 1 {
			out = append(out, core)
		}
	}
	return out
}

// wordsOnly keeps letters and digits, one space between words.
func wordsOnly(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127)
	}), " ")
}
