package onestop

import (
	"net/http"

	"xaso/internal/errs"
	"xaso/internal/web"
)

// The scans handed in with a dossier, for the staff who handle it.

// fileURL is where staff download a dossier's scan.
func fileURL(code, sha string) string { return "/ho-so/" + code + "/tep/" + sha }

// dossierFile serves GET /ho-so/{code}/tep/{sha}: the scan only when it belongs to that dossier
// of the request's commune (the blob store would serve any blob the commune holds, such as
// another room's upload or another dossier's scan), else 404.
func (p *pages) dossierFile(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	if p.deps.Blobs == nil {
		return errs.E("onestop: dossier file", errs.NotFound, "onestop.file_not_found")
	}
	f, err := p.svc.DossierFile(r.Context(), t.ID, r.PathValue("code"), r.PathValue("sha"))
	if err != nil {
		return err
	}
	return p.deps.Blobs.Serve(w, r, t.ID, f.SHA256)
}
