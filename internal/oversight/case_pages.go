package oversight

import (
	"net/http"
	"net/url"
	"slices"

	"xaso/internal/auth"
	"xaso/internal/errs"
	"xaso/internal/web"
)

// maxUpload bounds one note with its file: a phone photo or a scanned page or two.
const maxUpload = 20 << 20

func (p *pages) mountCases(s *web.Server) {
	s.Handle("GET "+inspectionBase+"/vu-viec", canSeeCases, p.cases)
	s.Handle("GET "+inspectionBase+"/vu-viec/moi", canWork, p.newCase)
	s.Handle("POST "+inspectionBase+"/vu-viec/moi", canWork, p.createCase)
	s.Handle("GET "+inspectionBase+"/vu-viec/{id}", canSeeCases, p.oneCase)
	s.Handle("POST "+inspectionBase+"/vu-viec/{id}/{step}", canWork, p.caseStep)
	s.Handle("GET "+inspectionBase+"/vu-viec/{id}/tep/{sha}", canWork, p.caseFile)
}

func (p *pages) cases(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	web.NoStore(w)
	q := r.URL.Query()
	pager := web.NewPager(r, inspectionPerPage)
	f := CaseFilter{Query: q.Get("q"), Limit: pager.PerPage, Offset: pager.Offset()}
	if st := CaseStatus(q.Get("tt")); slices.Contains(CaseStatuses, st) {
		f.Status = st
	}
	rows, total, err := p.svc.Cases(r.Context(), t.ID, f)
	if err != nil {
		return err
	}
	pager.Total = total
	return p.s.RenderForm(w, r, http.StatusOK, p.pCases, "inspection.case.list", map[string]any{"Rows": rows, "Total": total, "Pager": pager,
		"Statuses": CaseStatuses}, url.Values{"q": {q.Get("q")}, "tt": {q.Get("tt")}}, nil)
}

func (p *pages) caseFormPage(w http.ResponseWriter, r *http.Request, status int, b InspectionBoard, form url.Values, fe errs.FieldErrors) error {
	web.NoStore(w)
	if form == nil {
		form = url.Values{"source": {string(SourceDirect)}, "received_on": {dayOrEmpty(p.svc.Today())}}
	}
	return p.s.RenderForm(w, r, status, p.pCaseForm, "inspection.case.new", map[string]any{"B": b, "Sources": Sources}, form, fe)
}

func (p *pages) currentBoard(r *http.Request) (InspectionBoard, error) {
	b, ok, err := p.svc.CurrentBoard(r.Context(), web.TenantOf(r).ID)
	if err == nil && !ok {
		err = errs.E("oversight: case", errs.Conflict, "inspection.err.no_board")
	}
	return b, err
}

func (p *pages) newCase(w http.ResponseWriter, r *http.Request) error {
	b, err := p.currentBoard(r)
	if key, ok := refusal(err); ok {
		p.s.Flash(w, r, key)
		return web.Redirect(w, r, inspectionBase)
	}
	if err != nil {
		return err
	}
	return p.caseFormPage(w, r, http.StatusOK, b, nil, nil)
}

func (p *pages) createCase(w http.ResponseWriter, r *http.Request) error {
	b, err := p.currentBoard(r)
	if err != nil {
		return p.after(w, r, err, "", inspectionBase, nil)
	}
	f, err := readForm(w, r)
	if err != nil {
		return err
	}
	c, err := p.svc.OpenCase(r.Context(), web.TenantOf(r).ID, b.ID, web.UserOf(r).Actor(), CaseInput{Source: f.Get("source"),
		PetitionRef: f.Get("petition_ref"), ReceivedOn: f.Get("received_on"), RaisedBy: f.Get("raised_by"), RaisedAddress: f.Get("raised_address"),
		RaisedPhone: f.Get("raised_phone"), Title: f.Get("title"), Content: f.Get("content")})
	return p.after(w, r, err, "inspection.flash.case", c.URL(), func(fe errs.FieldErrors) error {
		return p.caseFormPage(w, r, http.StatusUnprocessableEntity, b, f, fe)
	})
}

func (p *pages) casePage(w http.ResponseWriter, r *http.Request, status int, c Case, form url.Values, fe errs.FieldErrors) error {
	t := web.TenantOf(r)
	web.NoStore(w)
	notes, err := p.svc.Notes(r.Context(), t.ID, c.ID)
	if err != nil {
		return err
	}
	recs, err := p.svc.CaseRecommendations(r.Context(), t.ID, c.ID)
	if err != nil {
		return err
	}
	u := web.UserOf(r)
	if !u.Has(auth.Inspection) {
		// Only the board sees who raised the case.
		c.RaisedBy, c.RaisedAddress, c.RaisedPhone = "", "", ""
	}
	if form == nil {
		form = url.Values{}
	}
	today := dayOrEmpty(p.svc.Today())
	for _, k := range []string{"on", "result_on", "rec_sent_on", "closed_on"} {
		if form.Get(k) == "" {
			form.Set(k, today)
		}
	}
	if form.Get("findings") == "" {
		form.Set("findings", c.Findings)
	}
	if form.Get("kind") == "" {
		form.Set("kind", string(NoteVerification))
	}
	return p.s.RenderForm(w, r, status, p.pCase, "inspection.case.title", map[string]any{"C": c, "Notes": notes, "Recs": recs,
		"NoteKinds": NoteKinds, "Files": p.svc.HasFiles(), "Work": u.Has(auth.Inspection), "Today": p.svc.Today()}, form, fe)
}

func (p *pages) oneCase(w http.ResponseWriter, r *http.Request) error {
	c, err := p.svc.GetCase(r.Context(), web.TenantOf(r).ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	return p.casePage(w, r, http.StatusOK, c, nil, nil)
}

// caseStep is one action on a case: ghi-chu (a dated note, with a file), xac-minh (the
// findings), tra-loi (the written result), kien-nghi (a recommendation to the committee), dong.
func (p *pages) caseStep(w http.ResponseWriter, r *http.Request) error {
	const op = "oversight: case page"
	t := web.TenantOf(r)
	by := web.UserOf(r).Actor()
	c, err := p.svc.GetCase(r.Context(), t.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	step := r.PathValue("step")
	var f url.Values
	if step == "ghi-chu" && p.svc.HasFiles() {
		r.Body = http.MaxBytesReader(w, r.Body, maxUpload)
		if err := web.ParseMultipartForm(r, 4<<20); err != nil {
			if err := r.ParseForm(); err != nil {
				return errs.E(op, errs.Invalid, "error.bad_request")
			}
		}
		f = r.PostForm
	} else if f, err = readForm(w, r); err != nil {
		return err
	}
	redraw := func(fe errs.FieldErrors) error { return p.casePage(w, r, http.StatusUnprocessableEntity, c, f, fe) }
	switch step {
	case "ghi-chu":
		sha := ""
		if r.MultipartForm != nil && p.svc.HasFiles() {
			if file, hdr, err := r.FormFile("file"); err == nil {
				b, err := p.svc.files.Put(r.Context(), t.ID, hdr.Filename, file)
				file.Close()
				if err != nil {
					if fe, ok := errs.Fields(err); ok {
						return redraw(fe)
					}
					if key, ok := refusal(err); ok {
						return redraw(errs.FieldErrors{"file": key})
					}
					return err
				}
				sha = b.SHA256
			}
		}
		_, err = p.svc.AddNote(r.Context(), t.ID, c.ID, by, NoteInput{Kind: f.Get("kind"), On: f.Get("on"), Text: f.Get("text"), FileSHA: sha})
		return p.after(w, r, err, "inspection.flash.note", c.URL(), redraw)
	case "xac-minh":
		_, err = p.svc.SaveFindings(r.Context(), t.ID, c.ID, by, f.Get("findings"))
		return p.after(w, r, err, "inspection.flash.findings", c.URL(), redraw)
	case "tra-loi":
		_, err = p.svc.SendResult(r.Context(), t.ID, c.ID, by, ResultInput{Text: f.Get("result"), On: f.Get("result_on"),
			Public: f.Get("public") == "1", PublicSummary: f.Get("public_summary")})
		return p.after(w, r, err, "inspection.flash.result", c.URL(), redraw)
	case "kien-nghi":
		_, err = p.svc.RecommendOnCase(r.Context(), t.ID, c.ID, by, CaseRecInput{Title: f.Get("rec_title"), Text: f.Get("rec_text"), SentOn: f.Get("rec_sent_on")})
		return p.after(w, r, err, "inspection.flash.recommended", c.URL(), redraw)
	case "dong":
		_, err = p.svc.CloseCase(r.Context(), t.ID, c.ID, by, f.Get("closed_on"))
		return p.after(w, r, err, "inspection.flash.closed", c.URL(), redraw)
	}
	return errs.E(op, errs.NotFound, "inspection.err.not_found")
}

func (p *pages) caseFile(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	if !p.svc.HasFiles() {
		return errs.E("oversight: case file", errs.NotFound, "inspection.err.not_found")
	}
	id, sha := r.PathValue("id"), r.PathValue("sha")
	ok, err := p.svc.HasFile(r.Context(), t.ID, id, sha)
	if err != nil {
		return err
	}
	if !ok {
		return errs.E("oversight: case file", errs.NotFound, "inspection.err.not_found")
	}
	web.NoStore(w)
	return p.svc.files.Serve(w, r, t.ID, sha)
}
