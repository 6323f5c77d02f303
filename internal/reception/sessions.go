package reception

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/google/uuid"

	"xaso/internal/audit"
	"xaso/internal/calendar"
	"xaso/internal/db"
	"xaso/internal/errs"
	"xaso/internal/events"
)

// Event topics of the room; payloads carry ids and numbers, never a citizen's identity.
const (
	TopicSessionPublished = "reception.session.published"
	TopicVisitRecorded    = "reception.visit.recorded"
	TopicVisitReplied     = "reception.visit.replied"
)

// SessionKind is whether a session is a regular one (định kỳ, at least one day a week, Art.
// 15.2.d) or ad hoc (đột xuất).
type SessionKind string

const (
	Regular SessionKind = "regular"
	AdHoc   SessionKind = "adhoc"
)

// Mode is how a session or a visit takes place: in person or online (Law 136/2025).
type Mode string

const (
	InPerson Mode = "in_person"
	Online   Mode = "online"
)

// NoticeDays is how many working days before a regular session its schedule is published
// (Art. 24.4, as amended).
const NoticeDays = 5

// DefaultHostTitle is who receives citizens unless the form says otherwise: the chairman,
// who from 1 July 2026 receives in person at the periodic sessions.
const DefaultHostTitle = "Chủ tịch Ủy ban nhân dân xã"

// chairmanInPersonFrom is when Law 136/2025 takes effect: periodic reception by the chairman
// in person, no delegation.
var chairmanInPersonFrom = calendar.NewDate(2026, time.July, 1)

// Session is one reception session of the schedule (lịch tiếp công dân).
type Session struct {
	ID          string
	Day         calendar.Date
	Start, End  calendar.Clock
	Place       string // the room at the HQ, or the online platform
	HostName    string
	HostTitle   string
	Attendees   string // who attends with the host (departments, officers)
	Topics      string // planned topics
	Kind        SessionKind
	Mode        Mode
	PublishedAt time.Time // zero while a draft
	CreatedAt   time.Time
	CreatedBy   string
}

// Published reports whether the session is on the public schedule.
func (s Session) Published() bool { return !s.PublishedAt.IsZero() }

// Host is "Nguyễn Văn A, Chủ tịch Ủy ban nhân dân xã", or the title alone.
func (s Session) Host() string {
	if s.HostName == "" {
		return s.HostTitle
	}
	return s.HostName + ", " + s.HostTitle
}

// SessionInput is a new session as a form sends it: the day dd/mm/yyyy, the times HH:MM.
type SessionInput struct {
	Day, Start, End string
	Place           string
	HostName        string
	HostTitle       string // DefaultHostTitle if empty
	Attendees       string
	Topics          string
	Kind            SessionKind
	Mode            Mode
}

// validate reads in into a session; the field errors are catalogue keys.
func (in SessionInput) validate(today calendar.Date) (Session, errs.FieldErrors) {
	fe := errs.FieldErrors{}
	var ss Session
	var ok bool
	if strings.TrimSpace(in.Day) == "" {
		fe["day"] = "reception.session.day_required"
	} else if ss.Day, ok = parseDay(in.Day); !ok {
		fe["day"] = "reception.date_invalid"
	} else if ss.Day.Before(today) {
		fe["day"] = "reception.session.day_past"
	}
	if ss.Start, ok = parseClock(in.Start); !ok {
		fe["start"] = "reception.time_invalid"
	}
	if ss.End, ok = parseClock(in.End); !ok {
		fe["end"] = "reception.time_invalid"
	} else if fe["start"] == "" && ss.End <= ss.Start {
		fe["end"] = "reception.session.end_before_start"
	}
	if ss.Place, ok = clean(in.Place, 300); !ok {
		fe["place"] = "reception.too_long"
	} else if ss.Place == "" {
		fe["place"] = "reception.session.place_required"
	}
	if ss.HostName, ok = clean(in.HostName, 120); !ok {
		fe["host_name"] = "reception.too_long"
	}
	if ss.HostTitle, ok = clean(in.HostTitle, 160); !ok {
		fe["host_title"] = "reception.too_long"
	} else if ss.HostTitle == "" {
		ss.HostTitle = DefaultHostTitle
	}
	if ss.Attendees, ok = clean(in.Attendees, 2000); !ok {
		fe["attendees"] = "reception.too_long"
	}
	if ss.Topics, ok = clean(in.Topics, 4000); !ok {
		fe["topics"] = "reception.too_long"
	}
	switch in.Kind {
	case Regular, AdHoc:
		ss.Kind = in.Kind
	default:
		fe["kind"] = "reception.session.kind_required"
	}
	switch in.Mode {
	case InPerson, Online:
		ss.Mode = in.Mode
	default:
		fe["mode"] = "reception.mode_required"
	}
	// Law 136/2025: the chairman receives in person at the periodic sessions; no deputy.
	if ss.Kind == Regular && fe["day"] == "" && !ss.Day.Before(chairmanInPersonFrom) && fe["host_title"] == "" &&
		!strings.HasPrefix(strings.ToLower(ss.HostTitle), "chủ tịch") {
		fe["host_title"] = "reception.session.host_chairman"
	}
	return ss, fe
}

// CreateSession adds a session to the schedule, as a draft: the public sees it once
// published.
func (s *Service) CreateSession(ctx context.Context, communeID string, by audit.Actor, in SessionInput) (Session, error) {
	const op = "reception: create session"
	ss, fe := in.validate(s.today())
	if err := fe.Err(op); err != nil {
		return Session{}, err
	}
	ss.ID = uuid.Must(uuid.NewV7()).String()
	ss.CreatedAt = s.now().UTC().Truncate(time.Microsecond)
	ss.CreatedBy = by.Name
	err := s.tx(ctx, func(tx *db.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO reception_sessions (commune_id, id, day, start_minute, end_minute, place,
			host_name, host_title, attendees, topics, kind, mode, published_at, created_at, created_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, NULL, $13, $14)`,
			communeID, ss.ID, ss.Day.String(), int(ss.Start), int(ss.End), ss.Place, ss.HostName, ss.HostTitle,
			ss.Attendees, ss.Topics, string(ss.Kind), string(ss.Mode), ss.CreatedAt, ss.CreatedBy); err != nil {
			return errs.Wrap(op, err)
		}
		return audit.Record(ctx, tx, communeID, by, "reception.session.create", "reception_session", ss.ID,
			audit.Change{After: sessionSummary(ss)})
	})
	return ss, err
}

// EarliestPublishable is the first day a regular session published on day may fall on: 5
// working days after it (Art. 24.4).
func (s *Service) EarliestPublishable(ctx context.Context, communeID string, day calendar.Date) (calendar.Date, error) {
	cal, err := s.calendar(ctx, communeID)
	if err != nil {
		return calendar.Date{}, err
	}
	return cal.AddWorkingDays(day, NoticeDays), nil
}

// PublishSession puts a session on the public schedule. A regular session must be published
// at least 5 working days before its day (Art. 24.4); an ad-hoc one is exempt.
func (s *Service) PublishSession(ctx context.Context, communeID string, by audit.Actor, id string) (Session, error) {
	const op = "reception: publish session"
	today := s.today()
	earliest, err := s.EarliestPublishable(ctx, communeID, today)
	if err != nil {
		return Session{}, err
	}
	var ss Session
	err = s.tx(ctx, func(tx *db.Tx) error {
		var err error
		if ss, err = getSession(ctx, tx, communeID, id); err != nil {
			return err
		}
		if ss.Published() {
			return errs.E(op, errs.Conflict, "reception.session.already_published")
		}
		if ss.Kind == Regular && ss.Day.Before(earliest) {
			return errs.FieldErrors{"day": "reception.session.notice_too_short"}.Err(op)
		}
		if ss.Day.Before(today) {
			return errs.FieldErrors{"day": "reception.session.day_past"}.Err(op)
		}
		ss.PublishedAt = s.now().UTC().Truncate(time.Microsecond)
		res, err := tx.Exec(ctx, `UPDATE reception_sessions SET published_at = $3 WHERE commune_id = $1 AND id = $2 AND published_at IS NULL`,
			communeID, id, ss.PublishedAt)
		if err != nil {
			return errs.Wrap(op, err)
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return errs.E(op, errs.Conflict, "reception.session.already_published")
		}
		if err := audit.Record(ctx, tx, communeID, by, "reception.session.publish", "reception_session", id,
			audit.Change{After: sessionSummary(ss)}); err != nil {
			return err
		}
		return events.Publish(ctx, tx, communeID, TopicSessionPublished, map[string]any{
			"id": ss.ID, "day": ss.Day.String(), "start": ss.Start.String(), "end": ss.End.String(), "kind": ss.Kind})
	})
	if err != nil {
		return Session{}, err
	}
	return ss, nil
}

func sessionSummary(ss Session) map[string]any {
	return map[string]any{"day": ss.Day.String(), "start": ss.Start.String(), "end": ss.End.String(), "place": ss.Place,
		"host": ss.Host(), "kind": ss.Kind, "mode": ss.Mode, "published": ss.Published()}
}

// Session returns one session, draft or published.
func (s *Service) Session(ctx context.Context, communeID, id string) (Session, error) {
	return getSession(ctx, s.d, communeID, id)
}

const sessionCols = `id, day, start_minute, end_minute, place, host_name, host_title, attendees, topics, kind, mode,
	published_at, created_at, created_by`

func getSession(ctx context.Context, q db.Q, communeID, id string) (Session, error) {
	ss, err := scanSession(q.QueryRow(ctx, `SELECT `+sessionCols+` FROM reception_sessions WHERE commune_id = $1 AND id = $2`, communeID, id))
	if err != nil {
		return Session{}, notFound("reception: session", err)
	}
	return ss, nil
}

func scanSession(row interface{ Scan(...any) error }) (Session, error) {
	var ss Session
	var day, kind, mode string
	var start, end int
	var published sql.NullTime
	if err := row.Scan(&ss.ID, &day, &start, &end, &ss.Place, &ss.HostName, &ss.HostTitle, &ss.Attendees, &ss.Topics,
		&kind, &mode, &published, &ss.CreatedAt, &ss.CreatedBy); err != nil {
		return ss, err
	}
	d, err := calendar.ParseDate(day)
	if err != nil {
		return ss, err
	}
	ss.Day, ss.Start, ss.End, ss.Kind, ss.Mode = d, calendar.Clock(start), calendar.Clock(end), SessionKind(kind), Mode(mode)
	if published.Valid {
		ss.PublishedAt = published.Time.UTC()
	}
	ss.CreatedAt = ss.CreatedAt.UTC()
	return ss, nil
}

// Sessions lists the sessions whose day is in [from, to], by day and time; publishedOnly keeps
// those on the public schedule. At most 500.
func (s *Service) Sessions(ctx context.Context, communeID string, from, to calendar.Date, publishedOnly bool) ([]Session, error) {
	const op = "reception: sessions"
	q := `SELECT ` + sessionCols + ` FROM reception_sessions WHERE commune_id = $1 AND day >= $2 AND day <= $3`
	if publishedOnly {
		q += ` AND published_at IS NOT NULL`
	}
	rows, err := s.d.Query(ctx, q+` ORDER BY day, start_minute, id LIMIT 500`, communeID, from.String(), to.String())
	if err != nil {
		return nil, errs.Wrap(op, err)
	}
	defer rows.Close()
	var out []Session
	for rows.Next() {
		ss, err := scanSession(rows)
		if err != nil {
			return nil, errs.Wrap(op, err)
		}
		out = append(out, ss)
	}
	return out, errs.Wrap(op, rows.Err())
}

// WeeksWithoutSession returns the Monday of every week from the week of from to the week of to
// that has working days but no published regular session: the chairman receives citizens at
// least one day a week (Art. 15.2.d). Weeks with no working day at all (a long Tết break) are
// not counted.
func (s *Service) WeeksWithoutSession(ctx context.Context, communeID string, from, to calendar.Date) ([]calendar.Date, error) {
	cal, err := s.calendar(ctx, communeID)
	if err != nil {
		return nil, err
	}
	first := monday(from)
	last := monday(to).AddDays(6)
	if last.Sub(first) > 7*60 {
		return nil, errs.E("reception: weeks", errs.Invalid, "reception.range_too_long")
	}
	list, err := s.Sessions(ctx, communeID, first, last, true)
	if err != nil {
		return nil, err
	}
	covered := map[calendar.Date]bool{}
	for _, ss := range list {
		if ss.Kind == Regular {
			covered[monday(ss.Day)] = true
		}
	}
	var out []calendar.Date
	for m := first; !m.After(last); m = m.AddDays(7) {
		if covered[m] {
			continue
		}
		working := false
		for i := 0; i < 7 && !working; i++ {
			working = cal.IsWorkingDay(m.AddDays(i))
		}
		if working {
			out = append(out, m)
		}
	}
	return out, nil
}

// monday is the Monday of d's week.
func monday(d calendar.Date) calendar.Date {
	return d.AddDays(-((int(d.Weekday()) + 6) % 7))
}
