package web

import (
	"mime"
	"net/http"
	"strings"
)

// requireJSON refuses a JSON API request whose body is not declared application/json (415).
// A browser sends a cross-site text/plain or form body with the session cookie and without a
// preflight; application/json needs one, so demanding it closes that door even where the
// cross-origin check cannot tell (issue 16). Requests without a body (most actions) pass.
// Bearer-token callers are held to the same rule: a JSON API takes JSON.
func (s *Server) requireJSON(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/api/") && r.ContentLength != 0 &&
			r.Method != http.MethodGet && r.Method != http.MethodHead && r.Method != http.MethodOptions {
			mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
			if err != nil || mt != "application/json" {
				WriteJSON(w, http.StatusUnsupportedMediaType, map[string]any{"error": map[string]any{
					"kind": "unsupported_media_type", "message": s.T(r, "error.json_required")}})
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}
