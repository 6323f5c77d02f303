package web

import (
	"net/http"
	"slices"
	"time"

	"xaso/internal/auth"
	"xaso/internal/errs"
)

// mountShell mounts the routes the shell owns: health, metrics, assets, language, sign-in and
// sign-out, password change and the portal home.
func (s *Server) mountShell() {
	s.Handle("GET /healthz", auth.Public(), func(w http.ResponseWriter, r *http.Request) error {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, err := w.Write([]byte("ok\n"))
		return err
	})
	s.Handle("GET /readyz", auth.Public(), func(w http.ResponseWriter, r *http.Request) error {
		if s.cfg.Ready != nil {
			if err := s.cfg.Ready(r.Context()); err != nil {
				s.log.Warn("web: not ready", "err", err)
				http.Error(w, "not ready\n", http.StatusServiceUnavailable)
				return nil
			}
		}
		_, err := w.Write([]byte("ready\n"))
		return err
	})
	s.Handle("GET /metrics", auth.Public(), func(w http.ResponseWriter, r *http.Request) error {
		// Operators scrape from the machine itself; elsewhere only an admin may look. A request
		// that passed a proxy is never local, even when the proxy runs on this machine.
		if !IsLocal(r) && !UserOf(r).Has(auth.Admin) {
			return errs.E("web: metrics", errs.Forbidden, "error.forbidden")
		}
		s.serveMetrics(w, r)
		return nil
	})
	s.Handle("GET /static/", auth.Public(), func(w http.ResponseWriter, r *http.Request) error {
		s.assets.serve(w, r)
		return nil
	})
	s.Handle("GET /ngon-ngu/{lang}", auth.Public(), func(w http.ResponseWriter, r *http.Request) error {
		lang := r.PathValue("lang")
		if !slices.Contains(Languages, lang) {
			return errs.E("web: language", errs.NotFound, "error.not_found")
		}
		s.setCookie(w, r, langCookie, lang, 365*24*time.Hour)
		http.Redirect(w, r, LocalPath(r.URL.Query().Get("next"), "/"), http.StatusSeeOther)
		return nil
	})

	// The JSON API's "who am I": lets an integration check its bearer token.
	s.Handle("GET /api/v1/me", auth.AnyStaff(), func(w http.ResponseWriter, r *http.Request) error {
		u, t := UserOf(r), TenantOf(r)
		return WriteJSON(w, http.StatusOK, map[string]any{"username": u.Username, "full_name": u.FullName,
			"roles": u.Roles, "commune": map[string]string{"code": t.Code, "name": t.Name}})
	})

	home := s.Page("web/home.html")
	s.Handle("GET /{$}", auth.Public(), func(w http.ResponseWriter, r *http.Request) error {
		if TenantOf(r) == nil {
			return s.Render(w, r, http.StatusServiceUnavailable, "web/error.html", "error.title",
				map[string]any{"Message": s.T(r, "error.no_commune"), "Status": 503})
		}
		if UserOf(r) == nil {
			Cacheable(w)
			// Anonymous visitors may keep the page a minute; it depends on the language cookie.
			w.Header().Set("Cache-Control", "public, max-age=60")
			w.Header().Set("Vary", "Cookie")
		}
		cards, err := s.homeCards(r)
		if err != nil {
			return err
		}
		return s.Render(w, r, http.StatusOK, home, "home.title", map[string]any{"Cards": cards})
	})

	login := s.Page("web/login.html")
	s.Handle("GET /dang-nhap", auth.Public(), func(w http.ResponseWriter, r *http.Request) error {
		return s.Render(w, r, http.StatusOK, login, "login.title", map[string]string{"Next": LocalPath(r.URL.Query().Get("next"), "/")})
	})
	s.Handle("POST /dang-nhap", auth.Public(), s.handleLogin(login))
	s.Handle("POST /dang-xuat", auth.SignedIn(), func(w http.ResponseWriter, r *http.Request) error {
		if c, err := r.Cookie(sessionCookie); err == nil {
			if err := s.cfg.Auth.DeleteSession(r.Context(), TenantOf(r).ID, c.Value); err != nil {
				return err
			}
		}
		s.setCookie(w, r, sessionCookie, "", -1)
		s.Flash(w, r, "login.signed_out")
		return Redirect(w, r, "/")
	})

	pw := s.Page("web/password.html")
	s.Handle("GET /tai-khoan/mat-khau", auth.AnyStaff(), func(w http.ResponseWriter, r *http.Request) error {
		return s.Render(w, r, http.StatusOK, pw, "password.title", nil)
	})
	s.Handle("POST /tai-khoan/mat-khau", auth.AnyStaff(), s.handlePassword(pw))
}
