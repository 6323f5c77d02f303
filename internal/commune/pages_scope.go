package commune

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"unicode"

	"xaso/internal/audit"
	"xaso/internal/auth"
	"xaso/internal/db"
	"xaso/internal/errs"
	"xaso/internal/web"
)

// Who sees residents' identity-card numbers and phones in full: the staff who register
// residents and certify their papers. Leaders and hamlet heads see them masked (Decree 13/2023
// on personal data: access limited to what the task needs).
var canSeeIDs = auth.Roles(auth.Desk, auth.Specialist, auth.Admin)

// registryWide are the roles that see the whole commune's registry.
var registryWide = auth.Roles(auth.Desk, auth.Specialist, auth.Leader, auth.Admin)

// Account is a staff account that can be named a hamlet's head.
type Account struct{ ID, Name string }

// HeadAccounts lists the commune's accounts with the hamlet-head role (app injects it from auth).
type HeadAccounts func(ctx context.Context, communeID string) ([]Account, error)

// viewer is how much of the registry the signed-in user sees.
type viewer struct {
	headedBy string // a hamlet head's account id: only the hamlets it heads; "" for the whole commune
	fullIDs  bool
}

func viewerOf(r *http.Request) viewer {
	u := web.UserOf(r)
	v := viewer{fullIDs: canSeeIDs.Allows(u)}
	if u.Has(auth.HamletHead) && !registryWide.Allows(u) {
		v.headedBy = u.ID
	}
	return v
}

// query is what a viewer may search by: without full identity numbers, digits are dropped, so
// that a masked number cannot be found out by searching for it digit by digit.
func (v viewer) query(q string) string {
	if v.fullIDs {
		return q
	}
	return strings.Join(strings.Fields(strings.Map(func(r rune) rune {
		if unicode.IsDigit(r) {
			return ' '
		}
		return r
	}, q)), " ")
}

// sees reports whether the viewer may see a household of hamletID.
func (v viewer) sees(ctx context.Context, st *Store, communeID, hamletID string) (bool, error) {
	if v.headedBy == "" {
		return true, nil
	}
	ids, err := st.HamletsHeadedBy(ctx, communeID, v.headedBy)
	return slices.Contains(ids, hamletID), err
}

// hamlets filters the hamlet list of a page's selector to what the viewer sees.
func (v viewer) hamlets(list []Hamlet) []Hamlet {
	if v.headedBy == "" {
		return list
	}
	return slices.DeleteFunc(list, func(h Hamlet) bool { return h.HeadUserID != v.headedBy })
}

// mask hides identity numbers and phones of members the viewer may not see in full.
func (v viewer) mask(rs []Resident) []Resident {
	if v.fullIDs {
		return rs
	}
	out := slices.Clone(rs)
	for i := range out {
		out[i].IDNumber, out[i].Phone = maskID(out[i].IDNumber), maskID(out[i].Phone)
	}
	return out
}

// RecordView writes an audit entry for a staff member's read of a resident's or household's
// personal data (who looked, at what, when). Reads change nothing, so no event is published.
func (s *Store) RecordView(ctx context.Context, communeID string, actor audit.Actor, objectType, objectID string) error {
	return errs.Wrap("commune: record view", s.d.Tx(ctx, func(tx *db.Tx) error {
		return audit.Record(ctx, tx, communeID, actor, objectType+".view", objectType, objectID, audit.Change{})
	}))
}
