package duty

import (
	"context"
	"embed"
	"io/fs"
	"net/http"
	"slices"
	"time"

	"xaso/internal/auth"
	"xaso/internal/errs"
	"xaso/internal/web"
)

//go:embed templates
var templateFS embed.FS

// seeAll are the roles whose list shows the whole commune by default (the chairman sees every
// duty; others start from their own).
var seeAll = auth.Roles(auth.Leader, auth.Admin)

// perPage is the length of a page of the list.
const perPage = 50

// Mount adds the page "Việc đến hạn" (GET /viec-den-han, any staff) and the count of open,
// at-risk and overdue duties on the home page of signed-in staff.
func Mount(s *web.Server, st *Store, now func() time.Time) {
	sub, _ := fs.Sub(templateFS, "templates")
	s.AddTemplates("duty", sub)
	page := s.Page("duty/duties.html")
	s.Handle("GET /viec-den-han", auth.AnyStaff(), func(w http.ResponseWriter, r *http.Request) error {
		return list(s, st, page, now, w, r)
	})
	s.AddHomeCard(func(r *http.Request) (web.HomeCard, bool, error) {
		u := web.UserOf(r)
		if !auth.AnyStaff().Allows(u) {
			return web.HomeCard{}, false, nil
		}
		f := Filter{}
		if !seeAll.Allows(u) {
			f = mine(u)
		}
		c, err := st.Count(r.Context(), web.TenantOf(r).ID, f, now())
		if err != nil {
			return web.HomeCard{}, false, err
		}
		return web.HomeCard{Title: "duty.home.title", Text: "duty.home.counts", Args: []any{c.Open, c.AtRisk, c.Overdue},
			URL: "/viec-den-han", Alert: c.Overdue > 0}, true, nil
	})
}

// mine is the filter of u's own duties: named to them, or owed by an office they hold.
func mine(u *auth.User) Filter {
	f := Filter{OwnerID: u.ID}
	for _, r := range u.Roles {
		f.Roles = append(f.Roles, string(r))
	}
	return f
}

// stateParams are the values of the list's state filter (?tinh-trang=).
var stateParams = map[string]State{"qua-han": Overdue, "sap-den-han": AtRisk, "trong-han": OnTime}

// row is one line of the list with its state at the moment the page was drawn.
type row struct {
	Duty
	State State
}

func list(s *web.Server, st *Store, page web.Page, now func() time.Time, w http.ResponseWriter, r *http.Request) error {
	t, u := web.TenantOf(r), web.UserOf(r)
	q := r.URL.Query()
	who := q.Get("nguoi") // "toi" (mine), "tat-ca" (all); empty: the role's default
	if who != "toi" && who != "tat-ca" {
		who = "tat-ca"
		if !seeAll.Allows(u) {
			who = "toi"
		}
	}
	f := Filter{Room: q.Get("phong"), State: stateParams[q.Get("tinh-trang")]}
	if who == "toi" {
		mf := mine(u)
		f.OwnerID, f.Roles = mf.OwnerID, mf.Roles
	}
	rooms, err := st.rooms(r.Context(), t.ID)
	if err != nil {
		return err
	}
	if f.Room != "" && !slices.Contains(rooms, f.Room) {
		f.Room = "" // a room with no duties: show the rest rather than an error
	}
	pg := web.NewPager(r, perPage)
	f.Limit, f.Offset = perPage, pg.Offset()
	at := now()
	duties, total, err := st.List(r.Context(), t.ID, f, at)
	if err != nil {
		return err
	}
	pg.Total = total
	counts, err := st.Count(r.Context(), t.ID, Filter{Room: f.Room, OwnerID: f.OwnerID, Roles: f.Roles}, at)
	if err != nil {
		return err
	}
	rows := make([]row, len(duties))
	for i, d := range duties {
		rows[i] = row{Duty: d, State: d.StateAt(at)}
	}
	return s.RenderForm(w, r, http.StatusOK, page, "duty.title", map[string]any{
		"Rows": rows, "Pager": pg, "Total": total, "Counts": counts, "Rooms": rooms, "At": at,
		"Who": who, "Room": f.Room, "StateParam": q.Get("tinh-trang"), "PastEnd": total > 0 && len(rows) == 0,
	}, q, nil)
}

// rooms lists the rooms that have open duties in the commune, for the filter.
func (s *Store) rooms(ctx context.Context, communeID string) ([]string, error) {
	// A loose index scan: one seek per room in duties_open_room, however many duties are open.
	rows, err := s.d.Query(ctx, `WITH RECURSIVE r(room) AS (
		SELECT MIN(room) FROM duties WHERE commune_id = $1 AND is_open = TRUE
		UNION ALL
		SELECT (SELECT MIN(room) FROM duties WHERE commune_id = $1 AND is_open = TRUE AND room > r.room) FROM r WHERE r.room IS NOT NULL)
		SELECT room FROM r WHERE room IS NOT NULL ORDER BY room`, communeID)
	if err != nil {
		return nil, errs.Wrap("duty: rooms", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var r string
		if err := rows.Scan(&r); err != nil {
			return nil, errs.Wrap("duty: rooms", err)
		}
		out = append(out, r)
	}
	return out, errs.Wrap("duty: rooms", rows.Err())
}
