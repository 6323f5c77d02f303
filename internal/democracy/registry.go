package democracy

import (
	"context"
	"strconv"
	"strings"

	"xaso/internal/db"
	"xaso/internal/errs"
	"xaso/internal/fold"
)

// Hamlet is a hamlet of the commune with the number of its households today.
type Hamlet struct {
	ID, Name   string
	HeadName   string // the hamlet head (trưởng thôn), who calls and chairs its meetings
	HeadUserID string // the hamlet head's account, if any
	Households int
}

// Household is a household as the notice, attendance and ballot lists show it.
type Household struct {
	ID, Code, HamletID, HeadName, Address, Phone string
}

// Hamlets lists the commune's hamlets in the registry's order with their household counts, in
// one query.
func (s *Service) Hamlets(ctx context.Context, communeID string) ([]Hamlet, error) {
	return hamletsOf(ctx, s.d, communeID)
}

func hamletsOf(ctx context.Context, q db.Q, communeID string) ([]Hamlet, error) {
	const op = "democracy: hamlets"
	rows, err := q.Query(ctx, `SELECT h.id, h.name, h.head_name, h.head_user_id,
		(SELECT COUNT(*) FROM households x WHERE x.commune_id = h.commune_id AND x.hamlet_id = h.id)
		FROM hamlets h WHERE h.commune_id = $1 ORDER BY h.sort_order, h.name, h.id`, communeID)
	if err != nil {
		return nil, errs.Wrap(op, err)
	}
	defer rows.Close()
	var out []Hamlet
	for rows.Next() {
		var h Hamlet
		if err := rows.Scan(&h.ID, &h.Name, &h.HeadName, &h.HeadUserID, &h.Households); err != nil {
			return nil, errs.Wrap(op, err)
		}
		out = append(out, h)
	}
	return out, errs.Wrap(op, rows.Err())
}

// hamletByID finds id among hs.
func hamletByID(hs []Hamlet, id string) (Hamlet, bool) {
	for _, h := range hs {
		if h.ID == id {
			return h, true
		}
	}
	return Hamlet{}, false
}

// Scope limits what a user acts on: a hamlet head only the hamlets it heads ("" HeadedBy: the
// whole commune).
type Scope struct{ HeadedBy string }

// Covers reports whether the scope includes hamlet h.
func (sc Scope) Covers(h Hamlet) bool { return sc.HeadedBy == "" || h.HeadUserID == sc.HeadedBy }

// HouseholdFilter selects the households of a meeting's list.
type HouseholdFilter struct {
	HamletID string // one hamlet of the meeting, or "" for all of them
	Query    string // words of the code, the head's name or the address, without diacritics
	// Missing keeps the households not yet informed (notices) or not present (attendance).
	Missing bool
	Limit   int
	Offset  int
}

// householdWhere is the condition selecting the households of hamlets (all the commune's when
// hamlets is nil) and the filter's words; args start with the commune.
func householdWhere(f HouseholdFilter, hamlets []string) (string, []any) {
	args := []any{}
	arg := func(v any) string { args = append(args, v); return "$" + itoa(len(args)+1) }
	var b strings.Builder
	b.WriteString(`h.commune_id = $1`)
	if f.HamletID != "" {
		b.WriteString(` AND h.hamlet_id = ` + arg(f.HamletID))
	} else if hamlets != nil {
		b.WriteString(` AND h.hamlet_id IN (`)
		for i, id := range hamlets {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(arg(id))
		}
		b.WriteString(`)`)
	}
	for i, w := range strings.Fields(f.Query) {
		if i == 8 {
			break
		}
		b.WriteString(` AND h.search LIKE ` + arg(fold.LikePattern(w)))
	}
	return b.String(), args
}

func itoa(n int) string { return strconv.Itoa(n) }
