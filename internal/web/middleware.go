package web

import (
	"context"
	"net"
	"net/http"
	"strings"
	"time"

	"xaso/internal/errs"
)

const sessionCookie = "xaso_session"

// csp allows nothing from elsewhere: every script, style, font and image is ours and embedded.
const csp = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
	"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; manifest-src 'self'"

// statusWriter remembers the status and size of a response.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// observe sets the security headers, recovers panics, logs the request and counts it.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		info := &reqInfo{lang: requestLang(r, s.cfg.DefaultLang), start: time.Now()}
		info.ip, info.local = s.resolveClient(r)
		r = r.WithContext(context.WithValue(r.Context(), infoKey{}, info))
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
		if s.secure(r) {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			for _, f := range info.forms {
				f.RemoveAll()
			}
			if p := recover(); p != nil {
				s.log.Error("web: panic", "path", r.URL.Path, "panic", p)
				if sw.status == 0 {
					s.Error(sw, r, errs.E("web: panic", errs.Internal, ""))
				}
			}
			d := time.Since(info.start)
			route := info.route
			if route == "" {
				route = "unmatched"
			}
			s.metrics.observe(route, sw.status, d)
			s.AfterPersonalRead(r, info.route, info.user, info.tenant, sw.status)
			// A public page served again from the cache is the render logged before it, for
			// another visitor who is not signed in: counted, not logged (the log line cost a tenth
			// of such a request's time under load).
			if info.cached || r.URL.Path == "/healthz" || r.URL.Path == "/metrics" || strings.HasPrefix(r.URL.Path, "/static/") {
				return
			}
			attrs := []any{"method", r.Method, "path", r.URL.Path, "route", route, "status", sw.status, "bytes", sw.bytes, "dur_ms", float64(d.Microseconds()) / 1000}
			if info.user != nil {
				attrs = append(attrs, "user", info.user.Username)
			}
			if info.tenant != nil {
				attrs = append(attrs, "commune", info.tenant.Code)
			}
			s.log.Info("http", attrs...)
		}()
		next.ServeHTTP(sw, r)
	})
}

// tenant resolves the commune from the host.
func (s *Server) tenant(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.cfg.Tenant != nil && !strings.HasPrefix(r.URL.Path, "/static/") && r.URL.Path != "/healthz" && r.URL.Path != "/metrics" {
			host, _, err := net.SplitHostPort(r.Host)
			if err != nil {
				host = r.Host
			}
			t, err := s.cfg.Tenant(r.Context(), strings.ToLower(host))
			if err != nil {
				s.Error(w, r, errs.Wrap("web: tenant", err))
				return
			}
			infoOf(r).tenant = t
		}
		next.ServeHTTP(w, r)
	})
}

// identify finds the account behind the session cookie or the bearer token.
func (s *Server) identify(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		info := infoOf(r)
		if info.tenant != nil && s.cfg.Auth != nil {
			if bearer, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
				u, err := s.cfg.Auth.TokenUser(r.Context(), info.tenant.ID, strings.TrimSpace(bearer))
				if err != nil {
					s.Error(w, r, err)
					return
				}
				info.user = u
			} else if c, err := r.Cookie(sessionCookie); err == nil {
				if u, err := s.cfg.Auth.SessionUser(r.Context(), info.tenant.ID, c.Value); err == nil {
					info.user = u
				} else if errs.KindOf(err) == errs.NotFound {
					s.setCookie(w, r, sessionCookie, "", -1)
				} else {
					s.Error(w, r, err)
					return
				}
			}
		}
		if info.user != nil {
			// Pages behind a login must not be kept by shared caches or the back button.
			w.Header().Set("Cache-Control", "no-store")
		}
		next.ServeHTTP(w, r)
	})
}
