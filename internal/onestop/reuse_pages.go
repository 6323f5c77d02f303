package onestop

import (
	"errors"
	"net/http"

	"xaso/internal/auth"
	"xaso/internal/errs"
	"xaso/internal/web"
)

// The desk's side of digitisation (reuse.go): the documents already held for the applicant on
// the intake form, and the result scan attached on the dossier page.

// canAttachResult: the officers who hold the result when it is signed and handed out.
var canAttachResult = auth.Roles(auth.Desk, auth.Specialist)

// mountDigitisation mounts:
//
//	POST /ho-so/{code}/dinh-kem-ket-qua   desk, specialist: attach the result's scan (multipart "result", "electronic")
func (p *pages) mountDigitisation() {
	if p.deps.Blobs == nil {
		return
	}
	p.s.Handle("POST /ho-so/{code}/dinh-kem-ket-qua", canAttachResult, p.attachResult)
}

// heldView is a document already held, ticked when the desk chose to reuse it.
type heldView struct {
	HeldDocument
	URL     string
	Checked bool
}

// heldFor lists what the commune holds for the ID number typed on the intake form, once the
// desk asked ("Tra cứu giấy tờ đã có") or ticked some of it; nil before. Every look-up is
// audited (LookUpHeld).
func (p *pages) heldFor(r *http.Request, idNumber string, chosen []string, asked bool) ([]heldView, bool, error) {
	if !asked && len(chosen) == 0 {
		return nil, false, nil
	}
	held, err := p.svc.LookUpHeld(r.Context(), web.TenantOf(r).ID, ActorOf(web.UserOf(r)), idNumber)
	if err != nil {
		return nil, true, err
	}
	out := make([]heldView, len(held))
	for i, h := range held {
		out[i] = heldView{HeldDocument: h, URL: fileURL(h.DossierCode, h.SHA256), Checked: contains(chosen, h.SHA256)}
	}
	return out, true, nil
}

// canAttach reports whether the dossier page offers the result upload to u.
func (p *pages) canAttach(d Dossier, u *auth.User) bool {
	return p.deps.Blobs != nil && canAttachResult.Allows(u) &&
		(d.Status == StateProcessed || d.Status == StateResultReady || d.Status == StateReturned)
}

func (p *pages) attachResult(w http.ResponseWriter, r *http.Request) error {
	const op = "onestop: attach result"
	t := web.TenantOf(r)
	r.Body = http.MaxBytesReader(w, r.Body, p.deps.Blobs.MaxSize()+1<<20)
	if err := web.ParseMultipartForm(r, 1<<20); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return errs.E(op, errs.TooLarge, "error.too_large")
		}
		return errs.E(op, errs.Invalid, "error.form_invalid")
	}
	f, hdr, err := r.FormFile("result")
	if err != nil {
		return p.renderDossier(w, r, http.StatusUnprocessableEntity, r.PostForm, errs.FieldErrors{"result": "onestop.file_invalid"})
	}
	b, err := p.deps.Blobs.PutScan(r.Context(), t.ID, hdr.Filename, f)
	f.Close()
	if e, ok := errs.As(err); ok && (e.Kind == errs.Invalid || e.Kind == errs.TooLarge) {
		return p.renderDossier(w, r, http.StatusUnprocessableEntity, r.PostForm, errs.FieldErrors{"result": e.Key})
	}
	if err != nil {
		return err
	}
	d, err := p.svc.AttachResult(r.Context(), t.ID, ActorOf(web.UserOf(r)), r.PathValue("code"), b.SHA256, r.PostFormValue("electronic") == "1")
	if err != nil {
		return err
	}
	p.s.Flash(w, r, "onestop.page.result.attached")
	return web.Redirect(w, r, "/ho-so/"+d.Code)
}

// resultURL is the link to the dossier's result scan, "" when none is attached.
func resultURL(d Dossier) string {
	if d.Digital.ResultSHA256 == "" {
		return ""
	}
	return fileURL(d.Code, d.Digital.ResultSHA256)
}
