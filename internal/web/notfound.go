package web

import (
	"net/http"
	"strings"

	"xaso/internal/errs"
)

// route serves r from the mux, except where the mux has no route for it: an address with a
// trailing slash whose slash-less form is a route is redirected there, and every other unknown
// address or method gets the layout's error page (or JSON under /api/) instead of the mux's
// bare English "404 page not found".
func (s *Server) route(w http.ResponseWriter, r *http.Request) {
	h, pattern := s.mux.Handler(r)
	if pattern != "" {
		// ServeHTTP, not h: the mux fills the request's pattern and path values as it serves.
		s.mux.ServeHTTP(w, r)
		return
	}
	if p := r.URL.Path; len(p) > 1 && strings.HasSuffix(p, "/") {
		trimmed := strings.TrimRight(p, "/")
		if trimmed == "" {
			trimmed = "/"
		}
		probe := r.Clone(r.Context())
		probe.URL.Path, probe.URL.RawPath = trimmed, ""
		if _, pat := s.mux.Handler(probe); pat != "" {
			to := trimmed
			if r.URL.RawQuery != "" {
				to += "?" + r.URL.RawQuery
			}
			// 308 keeps the method and body, so a form posted to "/x/" still reaches "/x".
			http.Redirect(w, r, to, http.StatusPermanentRedirect)
			return
		}
	}
	// The mux tells 404 from 405 (and sets Allow) only through the handler it returns: let it
	// write the status and headers, and put the layout's page in place of its body.
	h.ServeHTTP(&statusOnly{w: w, s: s, r: r}, r)
}

// statusOnly catches the mux's 404/405 answer: it keeps the headers the mux set (Allow) and
// writes the layout's error page instead of the mux's text. Any other status (a redirect the
// mux makes to clean a path) passes through untouched.
type statusOnly struct {
	w          http.ResponseWriter
	s          *Server
	r          *http.Request
	done, pass bool
}

func (x *statusOnly) Header() http.Header { return x.w.Header() }

func (x *statusOnly) WriteHeader(code int) {
	if x.done || x.pass {
		return
	}
	switch code {
	case http.StatusNotFound, http.StatusMethodNotAllowed:
		x.done = true
		x.w.Header().Del("Content-Type") // the mux's text/plain
		kind, key := errs.NotFound, "error.not_found"
		if code == http.StatusMethodNotAllowed {
			kind, key = errs.MethodNotAllowed, "error.method_not_allowed"
		}
		x.s.Error(x.w, x.r, errs.E("web: "+x.r.Method+" "+x.r.URL.Path, kind, key))
	default:
		x.pass = true
		x.w.WriteHeader(code)
	}
}

func (x *statusOnly) Write(b []byte) (int, error) {
	if !x.done && !x.pass {
		x.WriteHeader(http.StatusOK)
	}
	if x.pass {
		return x.w.Write(b)
	}
	return len(b), nil
}
