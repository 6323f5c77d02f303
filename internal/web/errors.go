package web

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"xaso/internal/errs"
)

// statusOf is the one table from error kinds to HTTP status.
var statusOf = map[errs.Kind]int{
	errs.Internal:         http.StatusInternalServerError,
	errs.Invalid:          http.StatusUnprocessableEntity,
	errs.NotFound:         http.StatusNotFound,
	errs.Forbidden:        http.StatusForbidden,
	errs.Unauthorized:     http.StatusUnauthorized,
	errs.Conflict:         http.StatusConflict,
	errs.TooMany:          http.StatusTooManyRequests,
	errs.TooLarge:         http.StatusRequestEntityTooLarge,
	errs.MethodNotAllowed: http.StatusMethodNotAllowed,
}

// genericKey is the message shown for a kind when the error names none.
var genericKey = map[errs.Kind]string{
	errs.Internal:         "error.internal",
	errs.Invalid:          "error.form_invalid",
	errs.NotFound:         "error.not_found",
	errs.Forbidden:        "error.forbidden",
	errs.Unauthorized:     "error.unauthorized",
	errs.Conflict:         "error.conflict",
	errs.TooMany:          "error.too_many",
	errs.TooLarge:         "error.too_large",
	errs.MethodNotAllowed: "error.method_not_allowed",
}

// IsAPI reports whether the request wants JSON.
func IsAPI(r *http.Request) bool {
	return strings.HasPrefix(r.URL.Path, "/api/") || strings.Contains(r.Header.Get("Accept"), "application/json")
}

// Error answers with the status of err's kind and a message the user can read; only internal
// errors are logged with their cause.
func (s *Server) Error(w http.ResponseWriter, r *http.Request, err error) {
	kind := errs.KindOf(err)
	status := statusOf[kind]
	key := genericKey[kind]
	var args []any
	if e, ok := errs.As(err); ok && e.Key != "" && kind != errs.Internal {
		key, args = e.Key, e.Args
	}
	if kind == errs.Internal {
		s.log.Error("web: internal error", "path", r.URL.Path, "err", err)
	}
	msg := s.T(r, key, args...)
	if IsAPI(r) {
		body := map[string]any{"error": map[string]any{"kind": kind.String(), "message": msg}}
		var fe errs.FieldErrors
		if errors.As(err, &fe) {
			fields := map[string]string{}
			for k, v := range fe {
				fields[k] = s.T(r, v)
			}
			body["error"].(map[string]any)["fields"] = fields
		}
		WriteJSON(w, status, body)
		return
	}
	if kind == errs.Unauthorized && r.Method == http.MethodGet {
		http.Redirect(w, r, "/dang-nhap?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	if kind == errs.TooMany {
		w.Header().Set("Retry-After", "60")
	}
	if rerr := s.Render(w, r, status, "web/error.html", "error.title", map[string]any{"Message": msg, "Status": status}); rerr != nil {
		s.log.Error("web: render error page", "err", rerr)
		http.Error(w, msg, status)
	}
}

// WriteJSON writes v as JSON with the status.
func WriteJSON(w http.ResponseWriter, status int, v any) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	return enc.Encode(v)
}

// DecodeJSON reads a JSON body of at most 1 MiB into v, refusing unknown fields.
func DecodeJSON(r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(nil, r.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return JSONBodyError("web: decode json", err)
	}
	if dec.More() {
		return errs.E("web: decode json", errs.Invalid, "error.json_trailing")
	}
	return nil
}
