package blob

import (
	"mime"
	"net/http"
	"strings"
)

// Serve writes the commune's blob sha as the response, with range and conditional requests
// handled by http.ServeContent. Images and PDFs open in the browser; everything else downloads.
// The content never changes at its address, so it may be cached for a year, but only by the
// user's own browser (private).
//
// Serve checks only that the commune holds the blob. Whether the user may see it (a resident
// their own dossier's scans, staff their commune's) is the caller's check, made before Serve.
// Errors are those of Open; nothing has been written to w when Serve returns one.
func (s *Store) Serve(w http.ResponseWriter, r *http.Request, communeID, sha string) error {
	f, b, err := s.Open(r.Context(), communeID, sha)
	if err != nil {
		return err
	}
	defer f.Close()
	h := w.Header()
	h.Set("Content-Type", b.ContentType)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Disposition", contentDisposition(disposition(b.ContentType), b.Filename))
	h.Set("ETag", `"`+b.SHA256+`"`)
	h.Set("Cache-Control", "private, max-age=31536000, immutable")
	// The name is "" so that ServeContent keeps our Content-Type and does not guess one.
	http.ServeContent(w, r, "", b.CreatedAt, f)
	return nil
}

// disposition is "inline" for the types a browser shows safely by itself, "attachment" for the
// rest (a CSV or spreadsheet is for a program, not for the browser to render).
func disposition(contentType string) string {
	media, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return "attachment"
	}
	if media == TypePDF || strings.HasPrefix(media, "image/") && media != "image/svg+xml" {
		return "inline"
	}
	return "attachment"
}
