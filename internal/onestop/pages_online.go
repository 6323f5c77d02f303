package onestop

import (
	"errors"
	"net/http"
	"strings"

	"xaso/internal/audit"
	"xaso/internal/auth"
	"xaso/internal/db"
	"xaso/internal/errs"
	"xaso/internal/web"
)

// The online submission form of a procedure (channel 2): the applicant, one upload per
// document of the procedure's list, then the dossier code, its due date and the way to follow it.

// maxOnlineBody bounds one submission, whatever the number of documents.
const maxOnlineBody = 100 << 20

// onlineActor is who receives an online dossier: the desk, through the portal. Its name is
// stored on the control slip, in Vietnamese whatever the page's language.
func onlineActor() Actor {
	return Actor{ID: "online", Name: PageMessages["onestop.page.online.actor"][0], Roles: []auth.Role{auth.Desk}}
}

// fileField is the form field of a document's upload.
func fileField(docID string) string { return "file." + docID }

func (p *pages) onlineProcedure(r *http.Request) (*web.Tenant, Procedure, error) {
	t, pr, err := p.activeProcedure(r)
	if err != nil {
		return nil, pr, err
	}
	if !p.onlineOpen(pr) {
		return nil, pr, errs.E("onestop: online", errs.NotFound, "onestop.page.online.not_offered")
	}
	return t, pr, nil
}

func (p *pages) onlineForm(w http.ResponseWriter, r *http.Request) error {
	_, pr, err := p.onlineProcedure(r)
	if err != nil {
		return err
	}
	return p.renderOnline(w, r, http.StatusOK, pr, nil, nil, nil)
}

func (p *pages) renderOnline(w http.ResponseWriter, r *http.Request, status int, pr Procedure, form map[string][]string, fe errs.FieldErrors, fileErr map[string]string) error {
	type upload struct {
		Doc   Document
		Field string
		Error string
	}
	ups := make([]upload, len(pr.Documents))
	for i, d := range pr.Documents {
		ups[i] = upload{Doc: d, Field: fileField(d.ID), Error: fileErr[d.ID]}
	}
	return p.s.RenderForm(w, r, status, p.online, "onestop.page.online.title",
		map[string]any{"P": pr, "Uploads": ups, "MaxMB": p.deps.Blobs.MaxSize() >> 20}, form, fe)
}

func (p *pages) onlineSubmit(w http.ResponseWriter, r *http.Request) error {
	const op = "onestop: online submission"
	t, pr, err := p.onlineProcedure(r)
	if err != nil {
		return err
	}
	if !p.svc.AllowPublic(web.ClientIP(r)) {
		return errs.E(op, errs.TooMany, "error.too_many")
	}
	r.Body = http.MaxBytesReader(w, r.Body, min(int64(len(pr.Documents)+1)*p.deps.Blobs.MaxSize(), maxOnlineBody))
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return errs.E(op, errs.TooLarge, "error.too_large")
		}
		return errs.E(op, errs.Invalid, "error.form_invalid")
	}
	req := IntakeRequest{ProcedureCode: pr.Code, Channel: ChannelOnline, Applicant: Applicant{
		Name: r.PostFormValue("applicant.name"), IDNumber: r.PostFormValue("applicant.id_number"),
		Phone: r.PostFormValue("applicant.phone"), Address: r.PostFormValue("applicant.address"),
		Email: r.PostFormValue("applicant.email")}}
	fe := req.Validate()
	// The phone is how the applicant follows the dossier (its last 4 digits open the status page).
	if strings.TrimSpace(req.Applicant.Phone) == "" {
		fe["applicant.phone"] = "onestop.page.online.phone_required"
	}
	fileErr := map[string]string{}
	for _, d := range pr.Documents {
		if _, _, err := r.FormFile(fileField(d.ID)); err != nil && d.Required {
			fileErr[d.ID] = p.s.T(r, "onestop.page.online.file_required")
		}
	}
	if len(fe) > 0 || len(fileErr) > 0 {
		return p.renderOnline(w, r, http.StatusUnprocessableEntity, pr, r.PostForm, fe, fileErr)
	}
	shas := map[string]any{}
	for _, d := range pr.Documents {
		f, hdr, err := r.FormFile(fileField(d.ID))
		if err != nil {
			continue
		}
		b, err := p.deps.Blobs.Put(r.Context(), t.ID, hdr.Filename, f)
		f.Close()
		if e, ok := errs.As(err); ok && (e.Kind == errs.Invalid || e.Kind == errs.TooLarge) {
			fileErr[d.ID] = p.s.T(r, e.Key, e.Args...)
			continue
		}
		if err != nil {
			return err
		}
		req.Documents = append(req.Documents, d.ID)
		shas[d.ID] = b.SHA256
	}
	if len(fileErr) > 0 {
		return p.renderOnline(w, r, http.StatusUnprocessableEntity, pr, r.PostForm, nil, fileErr)
	}
	by := onlineActor()
	dos, err := p.svc.Intake(r.Context(), t.ID, by, req)
	if fe, ok := errs.Fields(err); ok {
		for k := range fe {
			if id, ok := strings.CutPrefix(k, "documents."); ok {
				fileErr[id] = p.s.T(r, "onestop.page.online.file_required")
			}
		}
		return p.renderOnline(w, r, http.StatusUnprocessableEntity, pr, r.PostForm, fe, fileErr)
	}
	if err != nil {
		return err
	}
	// Which upload is which document: kept in the dossier's audit trail, tenant-scoped and
	// unalterable, until the dossier has a table of its files.
	if err := p.svc.d.Tx(r.Context(), func(tx *db.Tx) error {
		return audit.Record(r.Context(), tx, t.ID, by.audit(), "dossier.attachments", "dossier", dos.ID, audit.Change{After: shas})
	}); err != nil {
		return err
	}
	cal, err := p.svc.calendar(r.Context(), t.ID)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	return p.s.Render(w, r, http.StatusOK, p.onlineDone, "onestop.page.online.done_title",
		map[string]any{"D": dos, "DueHelp": p.dueHelp(r, cal, dos), "PickUp": p.s.T(r, "onestop.pickup", t.Name, t.Address, t.Hours)})
}
