package onestop

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"xaso/internal/auth"
	"xaso/internal/blob"
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

// keptField is the hidden field naming a document's upload kept from an earlier try.
func keptField(docID string) string { return "kept." + docID }

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
	return p.renderOnline(w, r, http.StatusOK, pr, nil, nil, nil, nil)
}

func (p *pages) renderOnline(w http.ResponseWriter, r *http.Request, status int, pr Procedure, form map[string][]string, fe errs.FieldErrors,
	fileErr map[string]string, kept map[string]blob.Pending) error {
	type upload struct {
		Doc       Document
		Field     string
		KeptField string
		Kept      *blob.Pending // already uploaded and kept: the input is then optional
		Error     string
	}
	ups := make([]upload, len(pr.Documents))
	for i, d := range pr.Documents {
		ups[i] = upload{Doc: d, Field: fileField(d.ID), KeptField: keptField(d.ID), Error: fileErr[d.ID]}
		if pd, ok := kept[d.ID]; ok {
			ups[i].Kept = &pd
		}
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
	if err := web.ParseMultipartForm(r, 1<<20); err != nil {
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
	// Every file sent is checked by its content and kept (blob.Stage), so that a form sent back
	// with errors keeps the files already uploaded: the page carries their ids in hidden fields.
	ctx := r.Context()
	fileErr := map[string]string{}
	kept := map[string]blob.Pending{}
	for _, d := range pr.Documents {
		prev := r.PostFormValue(keptField(d.ID))
		if f, hdr, err := r.FormFile(fileField(d.ID)); err == nil {
			pd, err := p.deps.Blobs.Stage(ctx, t.ID, hdr.Filename, f)
			f.Close()
			if e, ok := errs.As(err); ok && (e.Kind == errs.Invalid || e.Kind == errs.TooLarge) {
				fileErr[d.ID] = p.s.T(r, e.Key, e.Args...)
				continue
			}
			if err != nil {
				return err
			}
			if prev != "" {
				p.deps.Blobs.Discard(ctx, t.ID, prev) // replaced by the new file
			}
			kept[d.ID] = pd
			continue
		}
		if prev != "" {
			pd, err := p.deps.Blobs.GetPending(ctx, t.ID, prev)
			if e, ok := errs.As(err); ok && e.Kind == errs.NotFound {
				fileErr[d.ID] = p.s.T(r, e.Key)
				continue
			}
			if err != nil {
				return err
			}
			kept[d.ID] = pd
			continue
		}
		if d.Required {
			fileErr[d.ID] = p.s.T(r, "onestop.page.online.file_required")
		}
	}
	if len(fe) > 0 || len(fileErr) > 0 {
		return p.renderOnline(w, r, http.StatusUnprocessableEntity, pr, r.PostForm, fe, fileErr, kept)
	}
	req.AwaitCheck = true
	req.Details = map[string]DocumentDetail{}
	for _, d := range pr.Documents {
		pd, ok := kept[d.ID]
		if !ok {
			continue
		}
		b, err := p.deps.Blobs.Commit(ctx, t.ID, pd.ID)
		if e, ok := errs.As(err); ok && (e.Kind == errs.Invalid || e.Kind == errs.NotFound || e.Kind == errs.TooLarge) {
			fileErr[d.ID] = p.s.T(r, e.Key, e.Args...)
			delete(kept, d.ID)
			continue
		}
		if err != nil {
			return err
		}
		req.Documents = append(req.Documents, d.ID)
		req.Details[d.ID] = DocumentDetail{SHA256: b.SHA256}
	}
	if len(fileErr) > 0 {
		return p.renderOnline(w, r, http.StatusUnprocessableEntity, pr, r.PostForm, nil, fileErr, kept)
	}
	by := onlineActor()
	dos, err := p.svc.Intake(ctx, t.ID, by, req)
	if fe, ok := errs.Fields(err); ok {
		for k := range fe {
			if id, ok := strings.CutPrefix(k, "documents."); ok {
				fileErr[id] = p.s.T(r, "onestop.page.online.file_required")
			}
		}
		return p.renderOnline(w, r, http.StatusUnprocessableEntity, pr, r.PostForm, fe, fileErr, kept)
	}
	if err != nil {
		return err
	}
	for _, pd := range kept {
		p.deps.Blobs.Discard(ctx, t.ID, pd.ID)
	}
	// POST, then 303: a refresh of the answer shows it again instead of submitting again.
	exp, sig, err := p.svc.submittedLink(r.Context(), t.ID, dos.Code)
	if err != nil {
		return err
	}
	q := url.Values{"ma": {dos.Code}, "het": {strconv.FormatInt(exp, 10)}, "ky": {sig}}
	return web.Redirect(w, r, "/thu-tuc/"+pr.Code+"/da-nop?"+q.Encode())
}

// submittedPage is the answer to an online submission: the code, the due date with its
// explanation, the pick-up place and the tracking link. It opens only with the signed link the
// submission redirected to (see submitted_link.go); an expired or altered link leads to the
// tracking form with the code filled in, where the phone digits are asked.
func (p *pages) submittedPage(w http.ResponseWriter, r *http.Request) error {
	t, err := tenant(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	code := strings.TrimSpace(q.Get("ma"))
	c, err := ParseCode(code)
	if err != nil {
		return web.Redirect(w, r, "/tra-cuu")
	}
	exp, _ := strconv.ParseInt(q.Get("het"), 10, 64)
	ok, err := p.svc.checkSubmittedLink(r.Context(), t.ID, c.String(), exp, q.Get("ky"))
	if err != nil {
		return err
	}
	track := "/tra-cuu?" + url.Values{"ma": {c.String()}}.Encode()
	if !ok {
		return web.Redirect(w, r, track)
	}
	dos, err := p.svc.Dossier(r.Context(), t.ID, c.String())
	if err != nil {
		return err
	}
	if dos.ProcedureCode != r.PathValue("code") {
		return web.Redirect(w, r, track)
	}
	cal, err := p.svc.calendar(r.Context(), t.ID)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	// The signed link stays out of the Referer of the links on this page.
	h.Set("Referrer-Policy", "no-referrer")
	return p.s.Render(w, r, http.StatusOK, p.onlineDone, "onestop.page.online.done_title",
		map[string]any{"D": dos, "DueHelp": p.dueHelp(r, cal, dos), "TrackURL": track,
			"PickUp": p.s.T(r, "onestop.pickup", t.Name, t.Address, t.Hours)})
}
