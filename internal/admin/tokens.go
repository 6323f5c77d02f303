package admin

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"xaso/internal/auth"
	"xaso/internal/errs"
	"xaso/internal/web"
)

// Token and lock pages (issue 16): a staff member lists, makes and revokes their own API
// tokens; an administrator sees and revokes everyone's and lifts an account's sign-in locks.

type tokenPages struct {
	s            *web.Server
	d            Deps
	pOwn, pAdmin web.Page
}

func mountTokens(s *web.Server, d Deps) {
	p := &tokenPages{s: s, d: d, pOwn: s.Page("admin/tokens_own.html"), pAdmin: s.Page("admin/tokens.html")}
	admin := auth.Roles(auth.Admin)
	s.Handle("GET /tai-khoan/ma-truy-cap", auth.AnyStaff(), p.own)
	s.Handle("POST /tai-khoan/ma-truy-cap", auth.AnyStaff(), p.create)
	s.Handle("POST /tai-khoan/ma-truy-cap/{id}/thu-hoi", auth.AnyStaff(), p.revokeOwn)
	s.Handle("GET /quan-tri/ma-truy-cap", admin, p.all)
	s.Handle("POST /quan-tri/ma-truy-cap/{id}/thu-hoi", admin, p.revokeAny)
	s.Handle("POST /quan-tri/tai-khoan/{id}/mo-khoa", admin, p.unlock)
}

func (p *tokenPages) renderOwn(w http.ResponseWriter, r *http.Request, status int, secret string, form map[string][]string, fe errs.FieldErrors) error {
	u := web.UserOf(r)
	list, err := p.d.Auth.Tokens(r.Context(), u.CommuneID, u.ID)
	if err != nil {
		return err
	}
	if form == nil {
		form = map[string][]string{"days": {strconv.Itoa(int(auth.DefaultTokenTTL / (24 * time.Hour)))}}
	}
	return p.s.RenderForm(w, r, status, p.pOwn, "admin.tokens_own", map[string]any{"Tokens": list, "Secret": secret}, form, fe)
}

func (p *tokenPages) own(w http.ResponseWriter, r *http.Request) error {
	return p.renderOwn(w, r, http.StatusOK, "", nil, nil)
}

// create answers with the page itself rather than a redirect: the secret is shown this once and
// kept nowhere (not in a cookie, not in the database).
func (p *tokenPages) create(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	days, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue("days")))
	if err != nil || days < 1 {
		return p.renderOwn(w, r, http.StatusUnprocessableEntity, "", r.PostForm, errs.FieldErrors{"days": "auth.token_ttl_invalid"})
	}
	_, secret, err := p.d.Auth.IssueToken(r.Context(), u.Actor(), u, r.PostFormValue("name"), time.Duration(min(days, 100_000))*24*time.Hour)
	if fe, ok := errs.Fields(err); ok {
		return p.renderOwn(w, r, http.StatusUnprocessableEntity, "", r.PostForm, fe)
	}
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	return p.renderOwn(w, r, http.StatusOK, secret, nil, nil)
}

func (p *tokenPages) revokeOwn(w http.ResponseWriter, r *http.Request) error {
	u := web.UserOf(r)
	if err := p.d.Auth.RevokeToken(r.Context(), u.CommuneID, u.Actor(), u.ID, r.PathValue("id")); err != nil {
		return err
	}
	p.s.Flash(w, r, "admin.token_revoked")
	return web.Redirect(w, r, "/tai-khoan/ma-truy-cap")
}

func (p *tokenPages) all(w http.ResponseWriter, r *http.Request) error {
	list, err := p.d.Auth.Tokens(r.Context(), web.TenantOf(r).ID, "")
	if err != nil {
		return err
	}
	return p.s.Render(w, r, http.StatusOK, p.pAdmin, "admin.tokens", map[string]any{"Tokens": list})
}

func (p *tokenPages) revokeAny(w http.ResponseWriter, r *http.Request) error {
	if err := p.d.Auth.RevokeToken(r.Context(), web.TenantOf(r).ID, web.UserOf(r).Actor(), "", r.PathValue("id")); err != nil {
		return err
	}
	p.s.Flash(w, r, "admin.token_revoked")
	return web.Redirect(w, r, "/quan-tri/ma-truy-cap")
}

func (p *tokenPages) unlock(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	if err := p.d.Auth.Unlock(r.Context(), web.TenantOf(r).ID, web.UserOf(r).Actor(), id); err != nil {
		return err
	}
	p.s.Flash(w, r, "admin.user_unlocked")
	return web.Redirect(w, r, "/quan-tri/tai-khoan/"+id)
}
