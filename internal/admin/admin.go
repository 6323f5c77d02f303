// Package admin holds the administrator's pages: staff accounts and roles, the outbox (with its
// dead letters), the record of messages sent, and the audit log. It owns no tables; it works
// through the platform packages that do.
package admin

import (
	"net/http"
	"slices"

	"xaso/internal/audit"
	"xaso/internal/auth"
	"xaso/internal/db"
	"xaso/internal/errs"
	"xaso/internal/events"
	"xaso/internal/notify"
	"xaso/internal/web"
)

// Deps are what the admin pages need.
type Deps struct {
	DB   *db.DB
	Auth *auth.Store
	Wake func() // wake the outbox dispatcher after a retry
}

const perPage = 50

// Mount adds the admin routes to the shell.
func Mount(s *web.Server, d Deps) {
	h := &handlers{s: s, d: d}
	s.AddTemplates("admin", templates)
	admin := auth.Roles(auth.Admin)
	h.pHome = s.Page("admin/home.html")
	h.pUsers = s.Page("admin/users.html")
	h.pUser = s.Page("admin/user.html")
	h.pEvents = s.Page("admin/events.html")
	h.pNotes = s.Page("admin/notifications.html")
	h.pAudit = s.Page("admin/audit.html")
	s.Handle("GET /quan-tri", admin, h.home)
	s.Handle("GET /quan-tri/tai-khoan", admin, h.users)
	s.Handle("GET /quan-tri/tai-khoan/moi", admin, h.newUser)
	s.Handle("POST /quan-tri/tai-khoan/moi", admin, h.createUser)
	s.Handle("GET /quan-tri/tai-khoan/{id}", admin, h.editUser)
	s.Handle("POST /quan-tri/tai-khoan/{id}", admin, h.updateUser)
	s.Handle("POST /quan-tri/tai-khoan/{id}/mat-khau", admin, h.resetPassword)
	s.Handle("GET /quan-tri/su-kien", admin, h.events)
	s.Handle("POST /quan-tri/su-kien/{id}/gui-lai", admin, h.retryEvent)
	s.Handle("GET /quan-tri/thong-bao", admin, h.notifications)
	s.Handle("GET /quan-tri/nhat-ky", admin, h.audit)
	mountTokens(s, d)
}

type handlers struct {
	s                                             *web.Server
	d                                             Deps
	pHome, pUsers, pUser, pEvents, pNotes, pAudit web.Page
}

func (h *handlers) home(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	counts, err := notify.Counts(r.Context(), h.d.DB, t.ID)
	if err != nil {
		return err
	}
	dead, err := events.List(r.Context(), h.d.DB, t.ID, events.Dead, 1, 0)
	if err != nil {
		return err
	}
	return h.s.Render(w, r, http.StatusOK, h.pHome, "admin.title", map[string]any{"Notifications": counts, "HasDead": len(dead) > 0})
}

func (h *handlers) users(w http.ResponseWriter, r *http.Request) error {
	p := web.NewPager(r, perPage)
	users, total, err := h.d.Auth.Users(r.Context(), web.TenantOf(r).ID, p.PerPage, p.Offset())
	if err != nil {
		return err
	}
	p.Total = total
	return h.s.Render(w, r, http.StatusOK, h.pUsers, "admin.users", map[string]any{"Users": users, "Pager": p})
}

func (h *handlers) newUser(w http.ResponseWriter, r *http.Request) error {
	return h.s.Render(w, r, http.StatusOK, h.pUser, "admin.user_new", map[string]any{"New": true})
}

func rolesFrom(r *http.Request) []auth.Role {
	var out []auth.Role
	for _, v := range r.PostForm["roles"] {
		out = append(out, auth.ParseRoles(v)...)
	}
	return out
}

func (h *handlers) createUser(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return errs.E("admin: create user", errs.Invalid, "error.form_invalid")
	}
	u := web.UserOf(r)
	_, err := h.d.Auth.CreateUser(r.Context(), web.TenantOf(r).ID, u.Actor(), auth.NewUser{
		Username: r.PostFormValue("username"), FullName: r.PostFormValue("full_name"),
		Password: r.PostFormValue("password"), Roles: rolesFrom(r)})
	if fe, ok := errs.Fields(err); ok {
		return h.s.RenderForm(w, r, http.StatusUnprocessableEntity, h.pUser, "admin.user_new",
			map[string]any{"New": true, "Roles": rolesFrom(r)}, r.PostForm, fe)
	}
	if err != nil {
		return err
	}
	h.s.Flash(w, r, "admin.user_created")
	return web.Redirect(w, r, "/quan-tri/tai-khoan")
}

func (h *handlers) editUser(w http.ResponseWriter, r *http.Request) error {
	u, err := h.d.Auth.User(r.Context(), web.TenantOf(r).ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	form := map[string][]string{"full_name": {u.FullName}}
	return h.s.RenderForm(w, r, http.StatusOK, h.pUser, "admin.user_edit", map[string]any{"Account": u, "Roles": u.Roles,
		"SignInLocked": h.d.Auth.SignInLocked(u.CommuneID, u.Username)}, form, nil)
}

func (h *handlers) updateUser(w http.ResponseWriter, r *http.Request) error {
	t, me := web.TenantOf(r), web.UserOf(r)
	u, err := h.d.Auth.User(r.Context(), t.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return errs.E("admin: update user", errs.Invalid, "error.form_invalid")
	}
	roles := rolesFrom(r)
	disabled := r.PostFormValue("disabled") == "1"
	// An administrator cannot lock themselves out by mistake.
	if u.ID == me.ID && (disabled || !slices.Contains(roles, auth.Admin)) {
		return h.s.RenderForm(w, r, http.StatusUnprocessableEntity, h.pUser, "admin.user_edit",
			map[string]any{"Account": u, "Roles": roles}, r.PostForm, errs.FieldErrors{"roles": "admin.cannot_demote_self"})
	}
	err = h.d.Auth.UpdateUser(r.Context(), t.ID, me.Actor(), u.ID, r.PostFormValue("full_name"), roles, disabled)
	if fe, ok := errs.Fields(err); ok {
		return h.s.RenderForm(w, r, http.StatusUnprocessableEntity, h.pUser, "admin.user_edit",
			map[string]any{"Account": u, "Roles": roles}, r.PostForm, fe)
	}
	if err != nil {
		return err
	}
	h.s.Flash(w, r, "admin.user_saved")
	return web.Redirect(w, r, "/quan-tri/tai-khoan")
}

func (h *handlers) resetPassword(w http.ResponseWriter, r *http.Request) error {
	t, me := web.TenantOf(r), web.UserOf(r)
	u, err := h.d.Auth.User(r.Context(), t.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	err = h.d.Auth.SetPassword(r.Context(), t.ID, me.Actor(), u.ID, r.PostFormValue("password"))
	if fe, ok := errs.Fields(err); ok {
		return h.s.RenderForm(w, r, http.StatusUnprocessableEntity, h.pUser, "admin.user_edit",
			map[string]any{"Account": u, "Roles": u.Roles}, map[string][]string{"full_name": {u.FullName}}, fe)
	}
	if err != nil {
		return err
	}
	h.s.Flash(w, r, "admin.password_reset")
	return web.Redirect(w, r, "/quan-tri/tai-khoan")
}

func (h *handlers) events(w http.ResponseWriter, r *http.Request) error {
	state := r.URL.Query().Get("trang-thai")
	if !slices.Contains([]string{"", events.Pending, events.Done, events.Dead}, state) {
		state = ""
	}
	p := web.NewPager(r, perPage)
	list, err := events.List(r.Context(), h.d.DB, web.TenantOf(r).ID, state, p.PerPage+1, p.Offset())
	if err != nil {
		return err
	}
	more := len(list) > p.PerPage
	if more {
		list = list[:p.PerPage]
	}
	// The outbox is a queue: show "next page" when there is more, without counting it all.
	p.Total = p.Offset() + len(list)
	if more {
		p.Total++
	}
	return h.s.Render(w, r, http.StatusOK, h.pEvents, "admin.events", map[string]any{"Events": list, "State": state, "Pager": p})
}

func (h *handlers) retryEvent(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	err := h.d.DB.Tx(r.Context(), func(tx *db.Tx) error {
		if err := events.Retry(r.Context(), tx, t.ID, r.PathValue("id")); err != nil {
			return errs.E("admin: retry event", errs.Conflict, "admin.not_dead")
		}
		return audit.Record(r.Context(), tx, t.ID, web.UserOf(r).Actor(), "event.retry", "event", r.PathValue("id"), audit.Change{})
	})
	if err != nil {
		return err
	}
	if h.d.Wake != nil {
		h.d.Wake()
	}
	h.s.Flash(w, r, "admin.event_requeued")
	return web.Redirect(w, r, "/quan-tri/su-kien?trang-thai=dead")
}

func (h *handlers) notifications(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	state := r.URL.Query().Get("trang-thai")
	p := web.NewPager(r, perPage)
	counts, err := notify.Counts(r.Context(), h.d.DB, t.ID)
	if err != nil {
		return err
	}
	for k, n := range counts {
		if state == "" || state == k {
			p.Total += n
		}
	}
	list, err := notify.List(r.Context(), h.d.DB, t.ID, state, p.PerPage, p.Offset())
	if err != nil {
		return err
	}
	return h.s.Render(w, r, http.StatusOK, h.pNotes, "admin.notifications", map[string]any{"Items": list, "Counts": counts, "State": state, "Pager": p})
}

func (h *handlers) audit(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	p := web.NewPager(r, perPage)
	list, err := audit.List(r.Context(), h.d.DB, t.ID, "", "", p.PerPage, p.Offset())
	if err != nil {
		return err
	}
	if len(list) > 0 {
		p.Total = int(list[0].Seq) + p.Offset() // entries are numbered 1…n, newest first
	}
	return h.s.Render(w, r, http.StatusOK, h.pAudit, "admin.audit", map[string]any{"Entries": list, "Pager": p})
}
