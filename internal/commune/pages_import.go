package commune

import (
	"net/http"

	"xaso/internal/errs"
	"xaso/internal/web"
)

// The import is two steps and writes nothing until the second: the upload is parsed and checked
// against the database and the preview shown; the file is kept in the blob store, and only the
// confirmation (which checks it all again) writes it, in one transaction.

func (p *pages) importPage(w http.ResponseWriter, r *http.Request) error {
	return p.s.Render(w, r, http.StatusOK, p.importForm, "commune.import.title", nil)
}

func (p *pages) importUpload(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	r.Body = http.MaxBytesReader(w, r.Body, DefaultImportMaxBytes+1<<20)
	file, hdr, err := r.FormFile("file")
	if err != nil {
		if _, ok := err.(*http.MaxBytesError); ok {
			return errs.E("commune: import", errs.TooLarge, "error.too_large")
		}
		return p.s.RenderForm(w, r, http.StatusUnprocessableEntity, p.importForm, "commune.import.title", nil, nil,
			errs.FieldErrors{"file": "commune.import.file_required"})
	}
	defer file.Close()
	b, err := p.blobs.Put(r.Context(), t.ID, hdr.Filename, file)
	if err != nil {
		return err
	}
	return p.preview(w, r, b.SHA256, hdr.Filename, false)
}

func (p *pages) importConfirm(w http.ResponseWriter, r *http.Request) error {
	return p.preview(w, r, r.PostFormValue("blob"), r.PostFormValue("filename"), true)
}

// preview parses the stored file and checks it; with apply it writes it when it is valid.
func (p *pages) preview(w http.ResponseWriter, r *http.Request, sha, filename string, apply bool) error {
	t, u := web.TenantOf(r), web.UserOf(r)
	rc, _, err := p.blobs.Open(r.Context(), t.ID, sha)
	if err != nil {
		return err
	}
	defer rc.Close()
	prev, err := ParseImport(filename, rc, ImportOptions{Today: p.st.Now()})
	if err != nil {
		return err
	}
	if prev.OK() {
		if err := p.st.ValidateImport(r.Context(), t.ID, prev); err != nil && errs.KindOf(err) != errs.Invalid {
			return err
		}
	}
	if apply && prev.OK() {
		_, err := p.st.ApplyImport(r.Context(), t.ID, u.Actor(), prev)
		if err == nil {
			p.done()
			p.s.Flash(w, r, "commune.import.done")
			return web.Redirect(w, r, "/ho-gia-dinh")
		}
		if errs.KindOf(err) != errs.Invalid {
			return err
		}
	}
	status := http.StatusOK
	if !prev.OK() {
		status = http.StatusUnprocessableEntity
	}
	sample := prev.Households
	if len(sample) > 10 {
		sample = sample[:10]
	}
	return p.s.Render(w, r, status, p.importPreview, "commune.import.preview_title",
		map[string]any{"Preview": prev, "Sample": sample, "Blob": sha})
}
