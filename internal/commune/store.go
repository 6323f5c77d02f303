package commune

import (
	"strings"
	"time"

	"github.com/google/uuid"

	"xaso/internal/db"
	"xaso/internal/errs"
)

// vnZone is Vietnam's time (UTC+7, no daylight saving since 1975): ages and "not in the
// future" are judged on the Vietnamese calendar day.
var vnZone = time.FixedZone("ICT", 7*3600)

// Store reads and writes the registry of every commune, always scoped by commune id.
type Store struct {
	d *db.DB
	// Now is the clock used for ages (voter flag) and "date not in the future" checks.
	// Row timestamps come from the transaction (db.Tx.Now).
	Now func() time.Time
}

// New returns a Store on d using the system clock.
func New(d *db.DB) *Store { return &Store{d: d, Now: time.Now} }

// today is the current date in Vietnam, at midnight.
func (s *Store) today() time.Time { return dateOf(s.Now()) }

func dateOf(t time.Time) time.Time {
	y, m, d := t.In(vnZone).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Page selects a window of a list. A zero Limit means DefaultPageSize; Limit is capped at
// MaxPageSize.
type Page struct {
	Limit  int
	Offset int
}

// Page sizes.
const (
	DefaultPageSize = 50
	MaxPageSize     = 500
)

func (p Page) norm() Page {
	if p.Limit <= 0 {
		p.Limit = DefaultPageSize
	}
	p.Limit = min(p.Limit, MaxPageSize)
	p.Offset = max(p.Offset, 0)
	return p
}

func newID() string { return uuid.Must(uuid.NewV7()).String() }

// inChunk bounds the values of one IN list (see db.MaxParams for why).
const inChunk = db.MaxParams

// nullIfEmpty stores "" as NULL (for columns under a partial unique index).
func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// changed keeps only the keys whose values differ, for a compact audit summary.
func changed(before, after map[string]any) (map[string]any, map[string]any) {
	b, a := map[string]any{}, map[string]any{}
	for k, v := range after {
		if before[k] != v {
			b[k], a[k] = before[k], v
		}
	}
	for k, v := range before {
		if _, ok := after[k]; !ok {
			b[k] = v
		}
	}
	return b, a
}

// maskID hides all but the last three digits of an identifier for the audit log.
func maskID(s string) string {
	if len(s) <= 3 {
		return s
	}
	return strings.Repeat("*", len(s)-3) + s[len(s)-3:]
}

// dbErr classifies a database error: a unique key broken by a concurrent change (two clerks
// registering the same household number at once) is a conflict the user can resolve; anything
// else unclassified is internal.
func dbErr(op string, err error) error {
	if err == nil {
		return nil
	}
	if _, ok := errs.As(err); !ok && db.IsUniqueViolation(err) {
		return &errs.Error{Op: op, Kind: errs.Conflict, Key: "commune.conflict", Err: err}
	}
	return errs.Wrap(op, err)
}
