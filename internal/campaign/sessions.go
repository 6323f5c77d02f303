package campaign

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"xaso/internal/audit"
	"xaso/internal/calendar"
	"xaso/internal/db"
	"xaso/internal/errs"
	"xaso/internal/events"
)

// Kind is what a session was.
type Kind string

const (
	// Conference is an awareness conference (hội nghị tuyên truyền, quán triệt): the kind the
	// plan's "100 % of hamlets" counts.
	Conference Kind = "conference"
	// Training is a training session (tập huấn), of officials or of residents.
	Training Kind = "training"
)

// Kinds in the form's order.
var Kinds = []Kind{Conference, Training}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return slices.Contains(Kinds, k) }

// Limits of what a session holds.
const (
	maxSessionTitle = 300
	maxPlace        = 300
	maxNote         = 4000
	maxHamlets      = 500
)

// Session is one training session or awareness conference held.
type Session struct {
	ID         string
	Kind       Kind
	Title      string
	HeldOn     calendar.Date
	Place      string
	HamletIDs  []string // the hamlets served, in the registry's order; none: the whole commune
	Hamlets    []string // their names, for the pages
	Attendance int      // people present
	Note       string
	CreatedAt  time.Time
	CreatedBy  string
	UpdatedAt  time.Time
	UpdatedBy  string
}

// URL is the session's staff page.
func (s Session) URL() string { return "/tuyen-truyen/hoi-nghi/" + s.ID }

// CommuneWide reports whether the session served the whole commune rather than hamlets.
func (s Session) CommuneWide() bool { return len(s.HamletIDs) == 0 }

// SessionInput is a session as the form sends it: the day and the attendance as typed.
type SessionInput struct {
	Kind       Kind
	Title      string
	HeldOn     string // YYYY-MM-DD or dd/mm/yyyy
	Place      string
	HamletIDs  []string
	Attendance string
	Note       string
}

// validateSession checks in against the commune's hamlets; today bounds the day held.
func validateSession(in SessionInput, today calendar.Date, hamlets []Hamlet) (Session, errs.FieldErrors) {
	fe := errs.FieldErrors{}
	var ss Session
	var ok bool
	if ss.Kind = in.Kind; !ss.Kind.Valid() {
		fe["kind"] = "campaign.err.kind"
	}
	if ss.Title, ok = clean(in.Title, maxSessionTitle); !ok {
		fe["title"] = "campaign.err.too_long"
	} else if ss.Title == "" {
		fe["title"] = "campaign.err.session_title_required"
	}
	if strings.TrimSpace(in.HeldOn) == "" {
		fe["held_on"] = "campaign.err.held_on_required"
	} else if ss.HeldOn, ok = ParseDay(in.HeldOn); !ok {
		fe["held_on"] = "campaign.err.date_invalid"
	} else if ss.HeldOn.After(today) {
		fe["held_on"] = "campaign.err.held_on_future"
	}
	if ss.Place, ok = clean(in.Place, maxPlace); !ok {
		fe["place"] = "campaign.err.too_long"
	} else if ss.Place == "" {
		fe["place"] = "campaign.err.place_required"
	}
	var key string
	if ss.Attendance, key = ParseAttendance(in.Attendance); key != "" {
		fe["attendance"] = key
	}
	if ss.Note, ok = clean(in.Note, maxNote); !ok {
		fe["note"] = "campaign.err.too_long"
	}
	// The hamlets are kept in the registry's order, so that a set compares and reads the same.
	chosen := map[string]bool{}
	for _, id := range in.HamletIDs {
		if id = strings.TrimSpace(id); id != "" {
			chosen[id] = true
		}
	}
	if len(chosen) > maxHamlets {
		fe["hamlets"] = "campaign.err.hamlet_unknown"
	}
	ss.HamletIDs = []string{}
	for _, h := range hamlets {
		if chosen[h.ID] {
			ss.HamletIDs = append(ss.HamletIDs, h.ID)
			ss.Hamlets = append(ss.Hamlets, h.Name)
			delete(chosen, h.ID)
		}
	}
	if len(chosen) > 0 {
		fe["hamlets"] = "campaign.err.hamlet_unknown"
	}
	return ss, fe
}

// auditView is what the audit log keeps of a session.
func (ss Session) auditView() map[string]any {
	return map[string]any{"kind": ss.Kind, "title": ss.Title, "held_on": ss.HeldOn.String(), "place": ss.Place,
		"hamlets": ss.HamletIDs, "attendance": ss.Attendance}
}

func (ss Session) eventView() map[string]any {
	return map[string]any{"id": ss.ID, "kind": ss.Kind, "held_on": ss.HeldOn.String(), "hamlets": ss.HamletIDs, "attendance": ss.Attendance}
}

// checkSession validates in; the hamlets are read in the transaction that writes.
func (s *Service) checkSession(ctx context.Context, q db.Q, communeID string, in SessionInput) (Session, errs.FieldErrors, error) {
	hamlets, err := hamletsOf(ctx, q, communeID)
	if err != nil {
		return Session{}, nil, err
	}
	ss, fe := validateSession(in, s.Today(), hamlets)
	return ss, fe, nil
}

// RecordSession writes a session held.
func (s *Service) RecordSession(ctx context.Context, communeID string, by audit.Actor, in SessionInput) (Session, error) {
	const op = "campaign: record session"
	var ss Session
	err := s.tx(ctx, func(tx *db.Tx) error {
		var fe errs.FieldErrors
		var err error
		if ss, fe, err = s.checkSession(ctx, tx, communeID, in); err != nil {
			return err
		}
		if err := fe.Err(op); err != nil {
			return err
		}
		now := s.stamp()
		ss.ID, ss.CreatedAt, ss.CreatedBy, ss.UpdatedAt, ss.UpdatedBy = uuid.Must(uuid.NewV7()).String(), now, by.Name, now, by.Name
		return insertSession(ctx, tx, communeID, by, ss)
	})
	if err != nil {
		return Session{}, err
	}
	return ss, nil
}

func insertSession(ctx context.Context, tx *db.Tx, communeID string, by audit.Actor, ss Session) error {
	const op = "campaign: record session"
	if _, err := tx.Exec(ctx, `INSERT INTO campaign_sessions (commune_id, id, kind, title, held_on, place, attendance, note,
		created_at, created_by, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
		communeID, ss.ID, string(ss.Kind), ss.Title, ss.HeldOn.String(), ss.Place, ss.Attendance, ss.Note,
		ss.CreatedAt, ss.CreatedBy, ss.UpdatedAt, ss.UpdatedBy); err != nil {
		return errs.Wrap(op, err)
	}
	if err := writeSessionHamlets(ctx, tx, communeID, ss.ID, ss.HamletIDs); err != nil {
		return err
	}
	if err := audit.Record(ctx, tx, communeID, by, "campaign.session.record", "campaign_session", ss.ID, audit.Change{After: ss.auditView()}); err != nil {
		return err
	}
	return events.Publish(ctx, tx, communeID, TopicSessionRecorded, ss.eventView())
}

func writeSessionHamlets(ctx context.Context, tx *db.Tx, communeID, id string, hamlets []string) error {
	const op = "campaign: session hamlets"
	if _, err := tx.Exec(ctx, `DELETE FROM campaign_session_hamlets WHERE commune_id = $1 AND session_id = $2`, communeID, id); err != nil {
		return errs.Wrap(op, err)
	}
	if len(hamlets) == 0 {
		return nil
	}
	rows := make([][]any, len(hamlets))
	for i, h := range hamlets {
		rows[i] = []any{communeID, id, h}
	}
	return errs.Wrap(op, db.InsertRows(ctx, tx, "campaign_session_hamlets", []string{"commune_id", "session_id", "hamlet_id"}, rows))
}

// UpdateSession corrects a session.
func (s *Service) UpdateSession(ctx context.Context, communeID, id string, by audit.Actor, in SessionInput) (Session, error) {
	const op = "campaign: update session"
	var ss Session
	err := s.tx(ctx, func(tx *db.Tx) error {
		before, err := getSession(ctx, tx, s.d.Engine, communeID, id, true)
		if err != nil {
			return err
		}
		var fe errs.FieldErrors
		if ss, fe, err = s.checkSession(ctx, tx, communeID, in); err != nil {
			return err
		}
		if err := fe.Err(op); err != nil {
			return err
		}
		ss.ID, ss.CreatedAt, ss.CreatedBy = before.ID, before.CreatedAt, before.CreatedBy
		ss.UpdatedAt, ss.UpdatedBy = s.stamp(), by.Name
		if _, err := tx.Exec(ctx, `UPDATE campaign_sessions SET kind = $3, title = $4, held_on = $5, place = $6, attendance = $7,
			note = $8, updated_at = $9, updated_by = $10 WHERE commune_id = $1 AND id = $2`,
			communeID, ss.ID, string(ss.Kind), ss.Title, ss.HeldOn.String(), ss.Place, ss.Attendance, ss.Note, ss.UpdatedAt, ss.UpdatedBy); err != nil {
			return errs.Wrap(op, err)
		}
		if err := writeSessionHamlets(ctx, tx, communeID, ss.ID, ss.HamletIDs); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, communeID, by, "campaign.session.update", "campaign_session", ss.ID,
			audit.Change{Before: before.auditView(), After: ss.auditView()}); err != nil {
			return err
		}
		return events.Publish(ctx, tx, communeID, TopicSessionUpdated, ss.eventView())
	})
	if err != nil {
		return Session{}, err
	}
	return ss, nil
}

// DeleteSession removes a session recorded by mistake; the audit log keeps what it was.
func (s *Service) DeleteSession(ctx context.Context, communeID, id string, by audit.Actor) error {
	const op = "campaign: delete session"
	return s.tx(ctx, func(tx *db.Tx) error {
		before, err := getSession(ctx, tx, s.d.Engine, communeID, id, true)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM campaign_session_hamlets WHERE commune_id = $1 AND session_id = $2`, communeID, id); err != nil {
			return errs.Wrap(op, err)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM campaign_sessions WHERE commune_id = $1 AND id = $2`, communeID, id); err != nil {
			return errs.Wrap(op, err)
		}
		if err := audit.Record(ctx, tx, communeID, by, "campaign.session.delete", "campaign_session", id, audit.Change{Before: before.auditView()}); err != nil {
			return err
		}
		return events.Publish(ctx, tx, communeID, TopicSessionDeleted, map[string]any{"id": id, "kind": before.Kind, "held_on": before.HeldOn.String()})
	})
}

const sessionCols = `id, kind, title, held_on, place, attendance, note, created_at, created_by, updated_at, updated_by`

func scanSession(row interface{ Scan(...any) error }) (Session, error) {
	var ss Session
	var kind, held string
	if err := row.Scan(&ss.ID, &kind, &ss.Title, &held, &ss.Place, &ss.Attendance, &ss.Note,
		&ss.CreatedAt, &ss.CreatedBy, &ss.UpdatedAt, &ss.UpdatedBy); err != nil {
		return ss, err
	}
	ss.Kind, ss.HamletIDs = Kind(kind), []string{}
	ss.CreatedAt, ss.UpdatedAt = ss.CreatedAt.UTC(), ss.UpdatedAt.UTC()
	var err error
	ss.HeldOn, err = calendar.ParseDate(held)
	return ss, err
}

func getSession(ctx context.Context, q db.Q, engine db.Engine, communeID, id string, lock bool) (Session, error) {
	const op = "campaign: get session"
	query := `SELECT ` + sessionCols + ` FROM campaign_sessions WHERE commune_id = $1 AND id = $2`
	if lock {
		query += engine.ForUpdate()
	}
	ss, err := scanSession(q.QueryRow(ctx, query, communeID, id))
	if err != nil {
		return ss, notFound(op, err)
	}
	list := []Session{ss}
	if err := loadSessionHamlets(ctx, q, communeID, list); err != nil {
		return ss, err
	}
	return list[0], nil
}

// Session returns one session with its hamlets.
func (s *Service) Session(ctx context.Context, communeID, id string) (Session, error) {
	return getSession(ctx, s.d, s.d.Engine, communeID, id, false)
}

// Sessions returns a page of the sessions held in the period, the latest first, with their
// hamlets, and how many there are.
func (s *Service) Sessions(ctx context.Context, communeID string, p Period, limit, offset int) ([]Session, int, error) {
	const op = "campaign: sessions"
	limit, offset = limits(limit, offset)
	where := ` WHERE commune_id = $1 AND held_on >= $2 AND held_on <= $3`
	args := []any{communeID, p.From.String(), p.To.String()}
	var total int
	if err := s.d.QueryRow(ctx, `SELECT COUNT(*) FROM campaign_sessions`+where, args...).Scan(&total); err != nil {
		return nil, 0, errs.Wrap(op, err)
	}
	rows, err := s.d.Query(ctx, `SELECT `+sessionCols+` FROM campaign_sessions`+where+` ORDER BY held_on DESC, id DESC LIMIT `+
		strconv.Itoa(limit)+` OFFSET `+strconv.Itoa(offset), args...)
	if err != nil {
		return nil, 0, errs.Wrap(op, err)
	}
	var out []Session
	for rows.Next() {
		ss, err := scanSession(rows)
		if err != nil {
			rows.Close()
			return nil, 0, errs.Wrap(op, err)
		}
		out = append(out, ss)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, errs.Wrap(op, err)
	}
	return out, total, loadSessionHamlets(ctx, s.d, communeID, out)
}

// loadSessionHamlets fills the hamlets of a page of sessions in one query.
func loadSessionHamlets(ctx context.Context, q db.Q, communeID string, list []Session) error {
	const op = "campaign: session hamlets"
	if len(list) == 0 {
		return nil
	}
	args := []any{communeID}
	index := map[string]int{}
	for i, ss := range list {
		args = append(args, ss.ID)
		index[ss.ID] = i
	}
	rows, err := q.Query(ctx, `SELECT sh.session_id, h.id, h.name FROM campaign_session_hamlets sh
		JOIN hamlets h ON h.commune_id = sh.commune_id AND h.id = sh.hamlet_id
		WHERE sh.commune_id = $1 AND sh.session_id IN (`+db.Placeholders(2, len(list))+`)
		ORDER BY h.sort_order, h.name, h.id`, args...)
	if err != nil {
		return errs.Wrap(op, err)
	}
	defer rows.Close()
	for rows.Next() {
		var sid, hid, name string
		if err := rows.Scan(&sid, &hid, &name); err != nil {
			return errs.Wrap(op, err)
		}
		ss := &list[index[sid]]
		ss.HamletIDs = append(ss.HamletIDs, hid)
		ss.Hamlets = append(ss.Hamlets, name)
	}
	return errs.Wrap(op, rows.Err())
}

// hamletsOf lists the commune's hamlets through q (a transaction when validating).
func hamletsOf(ctx context.Context, q db.Q, communeID string) ([]Hamlet, error) {
	const op = "campaign: hamlets"
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
