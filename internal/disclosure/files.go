package disclosure

import (
	"context"
	"net/http"
	"slices"

	"xaso/internal/blob"
	"xaso/internal/errs"
	"xaso/internal/web"
)

// A disclosure's attachments (PDF, images, spreadsheets) are blobs in the commune's store,
// listed by their sha256 in the disclosure. The public page links those of a public
// disclosure; the staff page those of any.

// fileLink is an attachment as a page links it.
type fileLink struct {
	SHA, Name, Type, URL string
	Size                 int64
}

// fileLinks are the disclosure's attachments with their names, under base ("/cong-khai/{id}"
// or the staff page). A missing blob is shown by its id rather than failing the page.
func (p *pages) fileLinks(ctx context.Context, communeID string, d Disclosure, base string) ([]fileLink, error) {
	out := make([]fileLink, 0, len(d.Attachments))
	if len(d.Attachments) == 0 {
		return out, nil
	}
	var known map[string]blob.Blob
	if p.files != nil {
		var err error
		if known, err = p.files.Describe(ctx, communeID, d.Attachments); err != nil {
			return nil, err
		}
	}
	for _, sha := range d.Attachments {
		l := fileLink{SHA: sha, Name: sha[:min(12, len(sha))], URL: base + "/tep/" + sha}
		if b, ok := known[sha]; ok {
			l.Name, l.Type, l.Size = b.Filename, b.ContentType, b.Size
		}
		out = append(out, l)
	}
	return out, nil
}

// serveFile sends one attachment of d, which must list it.
func (p *pages) serveFile(w http.ResponseWriter, r *http.Request, communeID string, d Disclosure) error {
	sha := r.PathValue("sha")
	if p.files == nil || !slices.Contains(d.Attachments, sha) {
		return errs.E("disclosure: file", errs.NotFound, "disclosure.not_found")
	}
	return p.files.Serve(w, r, communeID, sha)
}

// publicFile serves an attachment of a public disclosure.
func (p *pages) publicFile(w http.ResponseWriter, r *http.Request) error {
	t, err := tenant(r)
	if err != nil {
		return err
	}
	d, err := p.svc.Get(r.Context(), t.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	if !d.Status.Public() {
		return errs.E("disclosure: file", errs.NotFound, "disclosure.not_found")
	}
	return p.serveFile(w, r, t.ID, d)
}

// staffFile serves an attachment of any disclosure to staff.
func (p *pages) staffFile(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	d, err := p.svc.Get(r.Context(), t.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	web.NoStore(w)
	return p.serveFile(w, r, t.ID, d)
}
