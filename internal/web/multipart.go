package web

import "net/http"

// ParseMultipartForm parses an upload form like r.ParseMultipartForm, and removes the temporary
// files it spills to disk (every file part over maxMemory) when the request ends. The server
// removes them only for the request it made, and handlers hold a copy (every middleware that
// adds to the context copies the request), so without this each upload of more than maxMemory
// left a "multipart-…" copy of a resident's ID scan in the temporary folder for good.
// Handlers must parse uploads with this, never with r.ParseMultipartForm (a test checks).
func ParseMultipartForm(r *http.Request, maxMemory int64) error {
	had := r.MultipartForm != nil
	err := r.ParseMultipartForm(maxMemory)
	if !had && r.MultipartForm != nil {
		// Outside the server's middleware (a test calling a handler directly) there is no
		// request record, and the caller cleans up.
		if info := infoOf(r); info != nil {
			info.forms = append(info.forms, r.MultipartForm)
		}
	}
	return err
}
