package conduct

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"strings"

	"xaso/internal/audit"
	"xaso/internal/commune"
	"xaso/internal/db"
	"xaso/internal/errs"
	"xaso/internal/events"
)

// codeAlphabet has no letters read alike on a printed badge (0/O, 1/I/L) nor vowels that would
// spell words: 8 characters of it are 28^8 ≈ 3.8 × 10^11 codes, so that a badge cannot be
// found by trying codes, and nothing of the staff id is in it.
const codeAlphabet = "23456789BCDFGHJKMNPQRSTVWXYZ"

// CodeLen is the length of a badge code.
const CodeLen = 8

// newCode draws a code from r without bias (bytes at or above the largest multiple of the
// alphabet's size are drawn again).
func newCode(r io.Reader) (string, error) {
	n := len(codeAlphabet)
	limit := 256 - 256%n
	out := make([]byte, 0, CodeLen)
	buf := make([]byte, 16)
	for len(out) < CodeLen {
		if _, err := io.ReadFull(r, buf); err != nil {
			return "", fmt.Errorf("conduct: badge code: %w", err)
		}
		for _, b := range buf {
			if int(b) < limit && len(out) < CodeLen {
				out = append(out, codeAlphabet[int(b)%n])
			}
		}
	}
	return string(out), nil
}

// NormalizeCode reads a badge code as typed or scanned: case and spaces do not matter. It
// reports false for anything that cannot be a code.
func NormalizeCode(s string) (string, bool) {
	s = strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(s), " ", ""))
	if len(s) != CodeLen {
		return "", false
	}
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(codeAlphabet, s[i]) < 0 {
			return "", false
		}
	}
	return s, true
}

// Badge is a staff directory entry with its badge code ("" before one is issued).
type Badge struct {
	Staff commune.Staff
	Code  string
}

// PublicPath is the officer's public page the badge's QR leads to.
func (b Badge) PublicPath() string { return "/the-can-bo/" + b.Code }

// codesOf returns the badge codes of the staff ids, in one query.
func codesOf(ctx context.Context, q db.Q, communeID string, ids []string) (map[string]string, error) {
	out := map[string]string{}
	if len(ids) == 0 {
		return out, nil
	}
	args := []any{communeID}
	ph := make([]string, len(ids))
	for i, id := range ids {
		args = append(args, id)
		ph[i] = fmt.Sprintf("$%d", i+2)
	}
	rows, err := q.Query(ctx, `SELECT staff_id, code FROM conduct_badges WHERE commune_id = $1 AND staff_id IN (`+strings.Join(ph, ", ")+`)`, args...)
	if err != nil {
		return nil, errs.Wrap("conduct: badge codes", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, code string
		if err := rows.Scan(&id, &code); err != nil {
			return nil, errs.Wrap("conduct: badge codes", err)
		}
		out[id] = code
	}
	return out, errs.Wrap("conduct: badge codes", rows.Err())
}

// Badges returns a page of the staff directory (its order) with their badge codes, and how
// many entries there are: two queries.
func (s *Service) Badges(ctx context.Context, communeID string, limit, offset int) ([]Badge, int, error) {
	staff, total, err := s.dir.ListStaff(ctx, communeID, commune.StaffFilter{Page: commune.Page{Limit: limit, Offset: offset}})
	if err != nil {
		return nil, 0, err
	}
	ids := make([]string, len(staff))
	for i, st := range staff {
		ids[i] = st.ID
	}
	codes, err := codesOf(ctx, s.d, communeID, ids)
	if err != nil {
		return nil, 0, err
	}
	out := make([]Badge, len(staff))
	for i, st := range staff {
		out[i] = Badge{Staff: st, Code: codes[st.ID]}
	}
	return out, total, nil
}

// AllBadges is every entry of the directory with its code, for the sheet of badges.
func (s *Service) AllBadges(ctx context.Context, communeID string) ([]Badge, error) {
	var out []Badge
	for offset := 0; ; offset += commune.MaxPageSize {
		page, total, err := s.Badges(ctx, communeID, commune.MaxPageSize, offset)
		if err != nil {
			return nil, err
		}
		out = append(out, page...)
		if offset+commune.MaxPageSize >= total || len(page) == 0 {
			return out, nil
		}
	}
}

// Badge returns one officer with the badge code.
func (s *Service) Badge(ctx context.Context, communeID, staffID string) (Badge, error) {
	st, err := s.dir.GetStaff(ctx, communeID, staffID)
	if err != nil {
		return Badge{}, err
	}
	codes, err := codesOf(ctx, s.d, communeID, []string{st.ID})
	if err != nil {
		return Badge{}, err
	}
	return Badge{Staff: st, Code: codes[st.ID]}, nil
}

// BadgeByCode returns the officer whose badge has the code (the public page).
func (s *Service) BadgeByCode(ctx context.Context, communeID, code string) (Badge, error) {
	const op = "conduct: badge by code"
	c, ok := NormalizeCode(code)
	if !ok {
		return Badge{}, errs.E(op, errs.NotFound, "conduct.err.badge_not_found")
	}
	var staffID string
	err := s.d.QueryRow(ctx, `SELECT staff_id FROM conduct_badges WHERE commune_id = $1 AND code = $2`, communeID, c).Scan(&staffID)
	if errors.Is(err, sql.ErrNoRows) {
		return Badge{}, errs.E(op, errs.NotFound, "conduct.err.badge_not_found")
	}
	if err != nil {
		return Badge{}, errs.Wrap(op, err)
	}
	st, err := s.dir.GetStaff(ctx, communeID, staffID)
	if errs.KindOf(err) == errs.NotFound {
		// The entry left the directory: its badge no longer leads anywhere.
		return Badge{}, errs.E(op, errs.NotFound, "conduct.err.badge_not_found")
	}
	if err != nil {
		return Badge{}, err
	}
	return Badge{Staff: st, Code: c}, nil
}

// IssueBadge gives the officer a new badge code, replacing any earlier one (a lost badge: the
// old QR stops leading to the officer).
func (s *Service) IssueBadge(ctx context.Context, communeID string, by audit.Actor, staffID string) (Badge, error) {
	st, err := s.dir.GetStaff(ctx, communeID, staffID)
	if err != nil {
		return Badge{}, err
	}
	var code string
	err = s.tx(ctx, func(tx *db.Tx) error {
		var err error
		code, err = s.issue(ctx, tx, communeID, by, st.ID, true)
		return err
	})
	return Badge{Staff: st, Code: code}, err
}

// IssueMissing gives a badge code to every directory entry that has none, in one transaction,
// and returns how many it issued.
func (s *Service) IssueMissing(ctx context.Context, communeID string, by audit.Actor) (int, error) {
	all, err := s.AllBadges(ctx, communeID)
	if err != nil {
		return 0, err
	}
	n := 0
	err = s.tx(ctx, func(tx *db.Tx) error {
		n = 0
		for _, b := range all {
			if b.Code != "" {
				continue
			}
			if _, err := s.issue(ctx, tx, communeID, by, b.Staff.ID, false); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}

// issue writes a code for the staff id in tx. With replace, an existing code is replaced;
// without, an existing code is kept (another request issued it meanwhile). A code drawn twice
// (once in 10^11 draws) is drawn again.
func (s *Service) issue(ctx context.Context, tx *db.Tx, communeID string, by audit.Actor, staffID string, replace bool) (string, error) {
	const op = "conduct: issue badge"
	var old string
	err := tx.QueryRow(ctx, `SELECT code FROM conduct_badges WHERE commune_id = $1 AND staff_id = $2`, communeID, staffID).Scan(&old)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", errs.Wrap(op, err)
	}
	if old != "" && !replace {
		return old, nil
	}
	for try := 0; ; try++ {
		code, err := newCode(s.rand)
		if err != nil {
			return "", errs.Wrap(op, err)
		}
		var taken int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM conduct_badges WHERE commune_id = $1 AND code = $2`, communeID, code).Scan(&taken); err != nil {
			return "", errs.Wrap(op, err)
		}
		if taken > 0 {
			if try > 5 {
				return "", errs.Wrap(op, errors.New("no free badge code"))
			}
			continue
		}
		if _, err := tx.Exec(ctx, `INSERT INTO conduct_badges (commune_id, staff_id, code, issued_at, issued_by) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (commune_id, staff_id) DO UPDATE SET code = excluded.code, issued_at = excluded.issued_at, issued_by = excluded.issued_by`,
			communeID, staffID, code, tx.Now, by.Name); err != nil {
			return "", errs.Wrap(op, err)
		}
		// The code is the address of a public page, not a secret: it may be in the log.
		if err := audit.Record(ctx, tx, communeID, by, actionBadge, "staff", staffID, audit.Change{
			Before: map[string]any{"code": old}, After: map[string]any{"code": code}}); err != nil {
			return "", err
		}
		return code, events.Publish(ctx, tx, communeID, TopicBadgeIssued, map[string]any{"staff_id": staffID, "reissued": old != ""})
	}
}
