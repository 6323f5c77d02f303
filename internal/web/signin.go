package web

import (
	"net/http"

	"xaso/internal/auth"
	"xaso/internal/errs"
)

// handleLogin signs a person in. The limits, the hash gate and the audit live in auth.SignIn;
// here the attempt gets the client's resolved address and the answer its page: 401 for wrong
// credentials, 429 with Retry-After when a limit or the gate refuses.
func (s *Server) handleLogin(page Page) HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		t := TenantOf(r)
		next := LocalPath(r.PostFormValue("next"), "/")
		data := map[string]string{"Next": next}
		_, tok, err := s.cfg.Auth.SignIn(r.Context(), auth.Attempt{
			CommuneID: t.ID, Username: r.PostFormValue("username"), Password: r.PostFormValue("password"),
			IP: ClientIP(r), Local: IsLocal(r)})
		if err != nil && errs.KindOf(err) != errs.Internal {
			// The audit log keeps failures of existing accounts; this line keeps every refusal,
			// unknown usernames included (never the username or password typed).
			s.log.Info("web: sign-in refused", "ip", ClientIP(r), "reason", errs.KindOf(err).String())
		}
		switch {
		case err == auth.ErrBusy:
			w.Header().Set("Retry-After", "5")
			return s.RenderForm(w, r, http.StatusTooManyRequests, page, "login.title", data, r.PostForm,
				errs.FieldErrors{"username": "auth.busy"})
		case errs.KindOf(err) == errs.TooMany:
			w.Header().Set("Retry-After", "900")
			return s.RenderForm(w, r, http.StatusTooManyRequests, page, "login.title", data, r.PostForm,
				errs.FieldErrors{"username": "login.throttled"})
		case errs.KindOf(err) == errs.Unauthorized:
			return s.RenderForm(w, r, http.StatusUnauthorized, page, "login.title", data, r.PostForm,
				errs.FieldErrors{"password": "auth.bad_credentials"})
		case err != nil:
			return err
		}
		s.setCookie(w, r, sessionCookie, tok, 0)
		return Redirect(w, r, next)
	}
}

// handlePassword changes the signed-in person's own password. The cheap checks come first, so
// that a mistyped repeat costs no hash.
func (s *Server) handlePassword(page Page) HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		u := UserOf(r)
		cur, next, again := r.PostFormValue("current"), r.PostFormValue("new"), r.PostFormValue("again")
		if next != again {
			return s.RenderForm(w, r, http.StatusUnprocessableEntity, page, "password.title", nil, nil, errs.FieldErrors{"again": "password.mismatch"})
		}
		err := s.cfg.Auth.ChangePassword(r.Context(), u, cur, next)
		if fe, ok := errs.Fields(err); ok {
			return s.RenderForm(w, r, http.StatusUnprocessableEntity, page, "password.title", nil, nil, fe)
		}
		if errs.KindOf(err) == errs.TooMany {
			key, retry := "login.throttled", "900"
			if err == auth.ErrBusy {
				key, retry = "auth.busy", "5"
			}
			w.Header().Set("Retry-After", retry)
			return s.RenderForm(w, r, http.StatusTooManyRequests, page, "password.title", nil, nil, errs.FieldErrors{"current": key})
		}
		if err != nil {
			return err
		}
		// Changing the password ended every session; start a fresh one for this browser.
		tok, err := s.cfg.Auth.CreateSession(r.Context(), u)
		if err != nil {
			return err
		}
		s.setCookie(w, r, sessionCookie, tok, 0)
		s.Flash(w, r, "password.changed")
		return Redirect(w, r, "/")
	}
}
