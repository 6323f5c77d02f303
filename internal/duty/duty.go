// Package duty is the one register of legal duties: who owes what, to whom, by when, under which
// rule. Every room that has a statutory deadline (a dossier's processing time, a petition's
// answer, a reception reply, a board's 15-day answer) records it here, in the same transaction
// as the change that creates, moves or ends it; no room keeps its own overdue logic. The
// register knows nothing of what the duties mean: a room gives the kind (a catalogue key), a
// label, a link and the times, computed from its own calendar.
package duty

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"xaso/internal/db"
	"xaso/internal/errs"
)

// Duty is one thing a commune owes by a time.
type Duty struct {
	CommuneID string
	ID        string
	// Room, Kind and SubjectID name the duty: a room has at most one duty of a kind per
	// subject (a dossier has one processing duty, moved as the dossier moves).
	Room        string // "onestop"
	Kind        string // catalogue key of what is owed: "onestop.duty.process"
	SubjectType string // "dossier"
	SubjectID   string
	Label       string // what the list shows of the subject: a dossier code, a petition number
	URL         string // where staff act on it
	LegalBasis  string // "Nghị định 118/2025/NĐ-CP"
	Owner       Owner
	DueAt       time.Time
	// AtRiskFrom is when the duty turns "sắp đến hạn", from the room's own calendar (for
	// example one working day before DueAt). Zero means a day before DueAt.
	AtRiskFrom time.Time
	Open       bool
	OpenedAt   time.Time
	ClosedAt   time.Time
	Outcome    string
}

// Owner is who owes the duty: a person, or an office (a role) when nobody is named yet.
type Owner struct {
	ID, Name, Role string
}

// State is how a duty stands at a moment.
type State string

const (
	OnTime  State = "on_time"
	AtRisk  State = "at_risk"
	Overdue State = "overdue"
	Closed  State = "closed"
)

// StateAt says how the duty stands at now.
func (d Duty) StateAt(now time.Time) State {
	switch {
	case !d.Open:
		return Closed
	case now.After(d.DueAt):
		return Overdue
	case !now.Before(d.AtRiskFrom):
		return AtRisk
	}
	return OnTime
}

// Set opens the duty, or moves it if the subject already has one of that kind (a new due date
// after a supplement or an apology, a new owner after a hand-over, a reopened petition). It
// runs inside the room's transaction.
func Set(ctx context.Context, tx *db.Tx, d Duty) error {
	row, err := setRow(tx, d)
	if err != nil {
		return err
	}
	return errs.Wrap("duty: set", db.InsertRowsThen(ctx, tx, "duties", dutyCols, [][]any{row}, setConflict))
}

// SetAtCommit is Set with the row written at the end of the transaction, with the other duties
// set that way (db.DeferRows): for a new subject, whose duty nothing in the transaction closes
// or reads after.
func SetAtCommit(tx *db.Tx, d Duty) error {
	row, err := setRow(tx, d)
	if err != nil {
		return err
	}
	db.DeferRows(tx, "duties", dutyCols, setConflict, row)
	return nil
}

var dutyCols = []string{"commune_id", "id", "room", "kind", "subject_type", "subject_id", "label", "url", "legal_basis",
	"owner_id", "owner_name", "owner_role", "due_at", "at_risk_from", "is_open", "opened_at", "closed_at", "outcome"}

// setConflict makes a duty set again open, with its new terms.
const setConflict = ` ON CONFLICT (commune_id, room, subject_id, kind) DO UPDATE SET subject_type = excluded.subject_type,
	label = excluded.label, url = excluded.url, legal_basis = excluded.legal_basis, owner_id = excluded.owner_id,
	owner_name = excluded.owner_name, owner_role = excluded.owner_role, due_at = excluded.due_at,
	at_risk_from = excluded.at_risk_from, is_open = TRUE, closed_at = NULL, outcome = ''`

func setRow(tx *db.Tx, d Duty) ([]any, error) {
	if d.CommuneID == "" || d.Room == "" || d.Kind == "" || d.SubjectID == "" || d.DueAt.IsZero() {
		return nil, errs.Wrap("duty: set", fmt.Errorf("incomplete duty %s/%s/%s", d.Room, d.Kind, d.SubjectID))
	}
	if d.AtRiskFrom.IsZero() || d.AtRiskFrom.After(d.DueAt) {
		d.AtRiskFrom = d.DueAt.Add(-24 * time.Hour)
	}
	return []any{d.CommuneID, uuid.Must(uuid.NewV7()).String(), d.Room, d.Kind, d.SubjectType, d.SubjectID, d.Label, d.URL, d.LegalBasis,
		d.Owner.ID, d.Owner.Name, d.Owner.Role, d.DueAt, d.AtRiskFrom, true, tx.Now, nil, ""}, nil
}

// Close ends a subject's duty of a kind (or every duty of the subject when kind is "") with an
// outcome ("done", "refused", "paused" while waiting on the applicant…). Closing what is not
// open does nothing.
func Close(ctx context.Context, tx *db.Tx, communeID, room, subjectID, kind, outcome string) error {
	_, err := tx.Exec(ctx, `UPDATE duties SET is_open = FALSE, closed_at = $5, outcome = $6
		WHERE commune_id = $1 AND room = $2 AND subject_id = $3 AND ($4 = '' OR kind = $4) AND is_open`,
		communeID, room, subjectID, kind, tx.Now, outcome)
	return errs.Wrap("duty: close", err)
}

// Filter selects open duties for a list.
type Filter struct {
	Room string
	// Owner keeps the duties of one person, and those owed by an office they belong to with
	// nobody named (Roles).
	OwnerID string
	Roles   []string
	State   State // OnTime, AtRisk, Overdue or "" for all open duties
	Limit   int
	Offset  int
}

// Store reads the register.
type Store struct{ d *db.DB }

// NewStore reads the register in d.
func NewStore(d *db.DB) *Store { return &Store{d: d} }

const selectCols = `commune_id, id, room, kind, subject_type, subject_id, label, url, legal_basis, owner_id, owner_name,
	owner_role, due_at, at_risk_from, is_open, opened_at, closed_at, outcome`

// where builds the condition of an open-duty query; args start with the commune.
func (f Filter) where(communeID string, now time.Time) (string, []any) {
	var b strings.Builder
	args := []any{communeID}
	arg := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
	// is_open = TRUE, not a bare is_open: SQLite uses an index only for a comparison.
	b.WriteString(` WHERE commune_id = $1 AND is_open = TRUE`)
	if f.Room != "" {
		b.WriteString(` AND room = ` + arg(f.Room))
	}
	if f.OwnerID != "" {
		b.WriteString(` AND (owner_id = ` + arg(f.OwnerID))
		if len(f.Roles) > 0 {
			ph := make([]string, len(f.Roles))
			for i, r := range f.Roles {
				ph[i] = arg(r)
			}
			b.WriteString(` OR owner_id = '' AND owner_role IN (` + strings.Join(ph, ", ") + `)`)
		}
		b.WriteString(`)`)
	}
	switch f.State {
	case Overdue:
		b.WriteString(` AND due_at < ` + arg(now))
	case AtRisk:
		n := arg(now)
		b.WriteString(` AND due_at >= ` + n + ` AND at_risk_from <= ` + n)
	case OnTime:
		b.WriteString(` AND at_risk_from > ` + arg(now))
	}
	return b.String(), args
}

// List returns a page of the commune's open duties, soonest due first, and how many match.
func (s *Store) List(ctx context.Context, communeID string, f Filter, now time.Time) ([]Duty, int, error) {
	const op = "duty: list"
	where, args := f.where(communeID, now.UTC())
	var total int
	if err := s.d.QueryRow(ctx, `SELECT count(*) FROM duties`+where, args...).Scan(&total); err != nil {
		return nil, 0, errs.Wrap(op, err)
	}
	if total == 0 {
		return nil, 0, nil
	}
	limit := f.Limit
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	rows, err := s.d.Query(ctx, `SELECT `+selectCols+` FROM duties`+where+
		fmt.Sprintf(` ORDER BY due_at, id LIMIT %d OFFSET %d`, limit, max(f.Offset, 0)), args...)
	if err != nil {
		return nil, 0, errs.Wrap(op, err)
	}
	defer rows.Close()
	var out []Duty
	for rows.Next() {
		d, err := scan(rows)
		if err != nil {
			return nil, 0, errs.Wrap(op, err)
		}
		out = append(out, d)
	}
	return out, total, errs.Wrap(op, rows.Err())
}

// Get returns a subject's duty of a kind, open or closed.
func (s *Store) Get(ctx context.Context, communeID, room, subjectID, kind string) (Duty, error) {
	d, err := scan(s.d.QueryRow(ctx, `SELECT `+selectCols+` FROM duties WHERE commune_id = $1 AND room = $2 AND subject_id = $3 AND kind = $4`,
		communeID, room, subjectID, kind))
	if err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return d, errs.E("duty: get", errs.NotFound, "error.not_found")
		}
		return d, errs.Wrap("duty: get", err)
	}
	return d, nil
}

// Counts is how many open duties stand where.
type Counts struct{ Open, AtRisk, Overdue int }

// Count counts the open duties matching f (its State is ignored) by state, in one query.
func (s *Store) Count(ctx context.Context, communeID string, f Filter, now time.Time) (Counts, error) {
	f.State = ""
	where, args := f.where(communeID, now.UTC())
	args = append(args, now.UTC())
	n := fmt.Sprintf("$%d", len(args))
	var c Counts
	// Three counts over ranges of the index rather than one pass summing CASEs: a count of
	// index entries is several times cheaper than evaluating expressions on each (100,000 open
	// duties: issue 9's benchmark).
	err := s.d.QueryRow(ctx, `SELECT (SELECT count(*) FROM duties`+where+`),
		(SELECT count(*) FROM duties`+where+` AND due_at >= `+n+` AND at_risk_from <= `+n+`),
		(SELECT count(*) FROM duties`+where+` AND due_at < `+n+`)`, args...).Scan(&c.Open, &c.AtRisk, &c.Overdue)
	return c, errs.Wrap("duty: count", err)
}

func scan(row interface{ Scan(...any) error }) (Duty, error) {
	var d Duty
	var closed sql.NullTime
	err := row.Scan(&d.CommuneID, &d.ID, &d.Room, &d.Kind, &d.SubjectType, &d.SubjectID, &d.Label, &d.URL, &d.LegalBasis,
		&d.Owner.ID, &d.Owner.Name, &d.Owner.Role, &d.DueAt, &d.AtRiskFrom, &d.Open, &d.OpenedAt, &closed, &d.Outcome)
	d.ClosedAt = closed.Time
	d.DueAt, d.AtRiskFrom, d.OpenedAt = d.DueAt.UTC(), d.AtRiskFrom.UTC(), d.OpenedAt.UTC()
	return d, err
}
