package consult

import (
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"

	"xaso/internal/calendar"
	"xaso/internal/errs"
	"xaso/internal/web"
)

// Limits of the staff forms.
const (
	maxStaffForm = 1 << 20  // a consultation with its draft
	maxUpload    = 20 << 20 // one attachment
)

func (p *pages) mountStaff(s *web.Server) {
	s.Handle("GET "+staffBase, canSee, p.list)
	s.Handle("GET "+staffBase+"/moi", canChange, p.newForm)
	s.Handle("POST "+staffBase+"/moi", canChange, p.create)
	s.Handle("GET "+staffBase+"/{id}", canSee, p.detail)
	s.Handle("GET "+staffBase+"/{id}/sua", canChange, p.editForm)
	s.Handle("POST "+staffBase+"/{id}/sua", canChange, p.update)
	s.Handle("GET "+staffBase+"/{id}/cong-bo", canChange, p.publishForm)
	s.Handle("POST "+staffBase+"/{id}/cong-bo", canChange, p.publish)
	s.Handle("POST "+staffBase+"/{id}/tep", canChange, p.attach)
	s.Handle("GET "+staffBase+"/{id}/tep/{sha}", canSee, p.staffFile)
	s.Handle("GET "+staffBase+"/{id}/y-kien/moi", canChange, p.opinionForm)
	s.Handle("POST "+staffBase+"/{id}/y-kien/moi", canChange, p.addOpinion)
	s.Handle("POST "+staffBase+"/{id}/phan-nhom", canChange, p.assign)
	s.Handle("GET "+staffBase+"/{id}/tong-hop", canSee, p.synthesis)
	s.Handle("POST "+staffBase+"/{id}/nhom", canChange, p.createGroup)
	s.Handle("POST "+staffBase+"/{id}/nhom/{gid}", canChange, p.saveGroup)
	s.Handle("GET "+staffBase+"/{id}/ket-thuc", canClose, p.closeForm)
	s.Handle("POST "+staffBase+"/{id}/ket-thuc", canClose, p.close)
	s.Handle("GET "+staffBase+"/{id}/phieu.pdf", canSee, p.householdPDF)
	s.Handle("GET "+staffBase+"/{id}/tong-hop.pdf", canSee, p.reportPDF)
	s.AddHomeCard(p.homeCard)
}

// homeCard shows staff the consultations taking opinions and those waiting for their answers.
func (p *pages) homeCard(r *http.Request) (web.HomeCard, bool, error) {
	t := web.TenantOf(r)
	if t == nil || !canSee.Allows(web.UserOf(r)) {
		return web.HomeCard{}, false, nil
	}
	n, err := p.svc.PhaseCounts(r.Context(), t.ID)
	if err != nil {
		return web.HomeCard{}, false, err
	}
	return web.HomeCard{Title: "consult.title", URL: staffBase, Text: "consult.home.card",
		Args: []any{n[PhaseCollecting], n[PhaseSynthesis]}}, true, nil
}

// phaseParam reads ?giai-doan=.
func phaseParam(s string) Phase {
	for _, ph := range Phases {
		if string(ph) == s {
			return ph
		}
	}
	return ""
}

func (p *pages) list(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	web.NoStore(w)
	phase := phaseParam(r.URL.Query().Get("giai-doan"))
	pager := web.NewPager(r, staffPerPage)
	rows, total, err := p.svc.List(r.Context(), t.ID, Filter{Phase: phase, Limit: pager.PerPage, Offset: pager.Offset()})
	if err != nil {
		return err
	}
	pager.Total = total
	counts, err := p.svc.PhaseCounts(r.Context(), t.ID)
	if err != nil {
		return err
	}
	all := 0
	for _, n := range counts {
		all += n
	}
	return p.s.Render(w, r, http.StatusOK, p.pList, "consult.title", map[string]any{"Rows": rows, "Total": total, "Pager": pager,
		"Counts": counts, "All": all, "Phase": phase, "Phases": Phases, "Today": p.svc.Today()})
}

// Consultations.

func readInput(w http.ResponseWriter, r *http.Request) (Input, url.Values, error) {
	r.Body = http.MaxBytesReader(w, r.Body, maxStaffForm)
	if err := r.ParseForm(); err != nil {
		return Input{}, nil, errs.E("consult: form", errs.Invalid, "error.bad_request")
	}
	f := r.PostForm
	return Input{Topic: Topic(f.Get("topic")), Title: f.Get("title"), Draft: f.Get("draft"), Forms: f["forms"], Plan: f.Get("plan"),
		PlanCouncilOn: f.Get("plan_council_on"), PlanFrontOn: f.Get("plan_front_on"), OpensOn: f.Get("opens_on"),
		ClosesOn: f.Get("closes_on"), HamletIDs: f["hamlets"]}, f, nil
}

func (p *pages) formPage(w http.ResponseWriter, r *http.Request, status int, c *Consultation, form url.Values, fe errs.FieldErrors) error {
	web.NoStore(w)
	hamlets, err := p.svc.Hamlets(r.Context(), web.TenantOf(r).ID)
	if err != nil {
		return err
	}
	set := func(name string) map[string]bool {
		m := map[string]bool{}
		for _, v := range form[name] {
			m[v] = true
		}
		return m
	}
	title, action := "consult.new", staffBase+"/moi"
	if c != nil {
		title, action = "consult.edit", c.URL()+"/sua"
	}
	return p.s.RenderForm(w, r, status, p.pForm, title, map[string]any{"C": c, "Action": action, "Heading": title,
		"Topics": Topics, "Forms": Forms, "Hamlets": hamlets, "ChosenHamlets": set("hamlets"), "ChosenForms": set("forms"),
		"Min": MinPeriodDays}, form, fe)
}

func (p *pages) newForm(w http.ResponseWriter, r *http.Request) error {
	today := p.svc.Today()
	return p.formPage(w, r, http.StatusOK, nil, url.Values{"topic": {string(TopicCommitteeDecision)},
		"opens_on": {today.String()}, "closes_on": {today.AddDays(30).String()},
		"forms": {string(FormWebsite), string(FormHouseholdForm), string(FormMeeting)}}, nil)
}

func (p *pages) create(w http.ResponseWriter, r *http.Request) error {
	in, f, err := readInput(w, r)
	if err != nil {
		return err
	}
	c, err := p.svc.Create(r.Context(), web.TenantOf(r).ID, web.UserOf(r).Actor(), in)
	if fe, ok := errs.Fields(err); ok {
		return p.formPage(w, r, http.StatusUnprocessableEntity, nil, f, fe)
	}
	if err != nil {
		return err
	}
	p.s.Flash(w, r, "consult.flash.saved")
	return web.Redirect(w, r, c.URL())
}

func inputForm(c Consultation) url.Values {
	forms := make([]string, len(c.Forms))
	for i, f := range c.Forms {
		forms[i] = string(f)
	}
	day := func(d calendar.Date) string {
		if !d.Valid() {
			return ""
		}
		return d.String()
	}
	return url.Values{"topic": {string(c.Topic)}, "title": {c.Title}, "draft": {c.Draft}, "forms": forms, "plan": {c.Plan},
		"plan_council_on": {day(c.PlanCouncilOn)}, "plan_front_on": {day(c.PlanFrontOn)}, "opens_on": {day(c.OpensOn)},
		"closes_on": {day(c.ClosesOn)}, "hamlets": c.HamletIDs}
}

// consultation reads the consultation of the path.
func (p *pages) consultation(r *http.Request) (Consultation, error) {
	return p.svc.Get(r.Context(), web.TenantOf(r).ID, r.PathValue("id"))
}

func (p *pages) editForm(w http.ResponseWriter, r *http.Request) error {
	c, err := p.consultation(r)
	if err != nil {
		return err
	}
	if c.Status != Draft {
		return errs.E("consult: edit", errs.Conflict, "consult.err.not_draft")
	}
	return p.formPage(w, r, http.StatusOK, &c, inputForm(c), nil)
}

func (p *pages) update(w http.ResponseWriter, r *http.Request) error {
	c, err := p.consultation(r)
	if err != nil {
		return err
	}
	in, f, err := readInput(w, r)
	if err != nil {
		return err
	}
	if _, err := p.svc.Update(r.Context(), web.TenantOf(r).ID, c.ID, web.UserOf(r).Actor(), in); err != nil {
		if fe, ok := errs.Fields(err); ok {
			return p.formPage(w, r, http.StatusUnprocessableEntity, &c, f, fe)
		}
		return err
	}
	p.s.Flash(w, r, "consult.flash.saved")
	return web.Redirect(w, r, c.URL())
}

// opinionFilter reads ?xom=&nguon=&nhom= of the opinion list.
func opinionFilter(q url.Values) OpinionFilter {
	f := OpinionFilter{HamletID: strings.TrimSpace(q.Get("xom")), GroupID: strings.TrimSpace(q.Get("nhom"))}
	if src := Form(q.Get("nguon")); src.Valid() {
		f.Source = src
	}
	if len(f.HamletID) > 64 {
		f.HamletID = ""
	}
	if len(f.GroupID) > 64 {
		f.GroupID = ""
	}
	return f
}

func (p *pages) detail(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	ctx := r.Context()
	c, err := p.consultation(r)
	if err != nil {
		return err
	}
	web.NoStore(w)
	q := r.URL.Query()
	f := opinionFilter(q)
	pager := web.NewPager(r, opinionsPage)
	f.Limit, f.Offset = pager.PerPage, pager.Offset()
	opinions, total, err := p.svc.Opinions(ctx, t.ID, c.ID, f)
	if err != nil {
		return err
	}
	pager.Total = total
	tally, err := p.svc.Tally(ctx, t.ID, c.ID)
	if err != nil {
		return err
	}
	gs, err := p.svc.Groups(ctx, t.ID, c.ID)
	if err != nil {
		return err
	}
	hamlets, err := p.svc.Hamlets(ctx, t.ID)
	if err != nil {
		return err
	}
	files, err := p.fileLinks(ctx, t.ID, c, c.URL())
	if err != nil {
		return err
	}
	groupTitle := map[string]string{}
	for _, g := range gs {
		groupTitle[g.ID] = g.Title
	}
	today := p.svc.Today()
	return p.s.RenderForm(w, r, http.StatusOK, p.pDetail, "consult.detail.title", map[string]any{"C": c, "Draft": trustedDraft(c.Draft),
		"Opinions": opinions, "Total": total, "Pager": pager, "Tally": tally, "Groups": gs, "GroupTitle": groupTitle,
		"Hamlets": hamlets, "Files": files, "Forms": Forms, "Today": today, "Phase": c.PhaseOn(today), "DaysLeft": c.DaysLeft(today),
		"CanAttach": p.files != nil && c.Status != Closed, "Open": c.Status == Open},
		url.Values{"xom": {q.Get("xom")}, "nguon": {q.Get("nguon")}, "nhom": {q.Get("nhom")}}, nil)
}

func (p *pages) publishPage(w http.ResponseWriter, r *http.Request, status int, c Consultation, form url.Values, fe errs.FieldErrors) error {
	web.NoStore(w)
	return p.s.RenderForm(w, r, status, p.pPublish, "consult.publish.title", map[string]any{"C": c, "Min": MinPeriodDays,
		"Today": p.svc.Today()}, form, fe)
}

func (p *pages) publishForm(w http.ResponseWriter, r *http.Request) error {
	c, err := p.consultation(r)
	if err != nil {
		return err
	}
	if c.Status != Draft {
		return errs.E("consult: publish", errs.Conflict, "consult.err.not_draft")
	}
	return p.publishPage(w, r, http.StatusOK, c, url.Values{"published_on": {p.svc.Today().String()}}, nil)
}

func (p *pages) publish(w http.ResponseWriter, r *http.Request) error {
	c, err := p.consultation(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return errs.E("consult: publish", errs.Invalid, "error.bad_request")
	}
	f := r.PostForm
	var on calendar.Date
	if s := strings.TrimSpace(f.Get("published_on")); s != "" {
		var ok bool
		if on, ok = ParseDay(s); !ok {
			return p.publishPage(w, r, http.StatusUnprocessableEntity, c, f, errs.FieldErrors{"published_on": "consult.err.date_invalid"})
		}
	}
	if _, err := p.svc.Publish(r.Context(), web.TenantOf(r).ID, c.ID, web.UserOf(r).Actor(), on); err != nil {
		if fe, ok := errs.Fields(err); ok {
			return p.publishPage(w, r, http.StatusUnprocessableEntity, c, f, fe)
		}
		return err
	}
	p.s.Flash(w, r, "consult.flash.published")
	return web.Redirect(w, r, c.URL())
}

func (p *pages) attach(w http.ResponseWriter, r *http.Request) error {
	const op = "consult: attach"
	t := web.TenantOf(r)
	c, err := p.consultation(r)
	if err != nil {
		return err
	}
	if p.files == nil {
		return errs.E(op, errs.Conflict, "consult.err.upload_refused")
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxUpload+1<<20)
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") || web.ParseMultipartForm(r, 8<<20) != nil {
		return errs.E(op, errs.Invalid, "consult.err.upload_refused")
	}
	fhs := r.MultipartForm.File["file"]
	if len(fhs) != 1 || fhs[0].Size == 0 {
		return errs.E(op, errs.Invalid, "consult.err.upload_refused")
	}
	sha, err := p.store(r, t.ID, fhs[0])
	if err != nil {
		return err
	}
	if _, err := p.svc.AddAttachment(r.Context(), t.ID, c.ID, web.UserOf(r).Actor(), sha); err != nil {
		return err
	}
	p.s.Flash(w, r, "consult.flash.attached")
	return web.Redirect(w, r, c.URL())
}

func (p *pages) store(r *http.Request, communeID string, fh *multipart.FileHeader) (string, error) {
	file, err := fh.Open()
	if err != nil {
		return "", errs.E("consult: upload", errs.Invalid, "consult.err.upload_refused")
	}
	defer file.Close()
	b, err := p.files.Put(r.Context(), communeID, fh.Filename, file)
	if err != nil {
		return "", err
	}
	return b.SHA256, nil
}

func (p *pages) staffFile(w http.ResponseWriter, r *http.Request) error {
	c, err := p.consultation(r)
	if err != nil {
		return err
	}
	web.NoStore(w)
	return p.serveFile(w, r, web.TenantOf(r).ID, c)
}

// Opinions typed in.

func (p *pages) opinionPage(w http.ResponseWriter, r *http.Request, status int, c Consultation, form url.Values, fe errs.FieldErrors) error {
	web.NoStore(w)
	hamlets, err := p.svc.Hamlets(r.Context(), web.TenantOf(r).ID)
	if err != nil {
		return err
	}
	return p.s.RenderForm(w, r, status, p.pOpinion, "consult.opinion.new", map[string]any{"C": c, "Sources": StaffSources,
		"Hamlets": hamlets, "Max": MaxOpinion}, form, fe)
}

func (p *pages) opinionForm(w http.ResponseWriter, r *http.Request) error {
	c, err := p.consultation(r)
	if err != nil {
		return err
	}
	day := p.svc.Today()
	if day.After(c.ClosesOn) {
		day = c.ClosesOn
	}
	return p.opinionPage(w, r, http.StatusOK, c, url.Values{"source": {string(FormHouseholdForm)}, "received_on": {day.String()}}, nil)
}

func (p *pages) addOpinion(w http.ResponseWriter, r *http.Request) error {
	c, err := p.consultation(r)
	if err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxPublicForm*2)
	if err := r.ParseForm(); err != nil {
		return errs.E("consult: opinion", errs.Invalid, "error.bad_request")
	}
	f := r.PostForm
	in := OpinionInput{HamletID: f.Get("hamlet"), Name: f.Get("name"), Phone: f.Get("phone"), Body: f.Get("body"),
		Source: Form(f.Get("source")), ReceivedOn: f.Get("received_on")}
	if _, err := p.svc.AddOpinion(r.Context(), web.TenantOf(r).ID, c.ID, web.UserOf(r).Actor(), in); err != nil {
		if fe, ok := errs.Fields(err); ok {
			return p.opinionPage(w, r, http.StatusUnprocessableEntity, c, f, fe)
		}
		return err
	}
	p.s.Flash(w, r, "consult.flash.opinion_added")
	if f.Get("again") != "" {
		return web.Redirect(w, r, c.URL()+"/y-kien/moi")
	}
	return web.Redirect(w, r, c.URL())
}

// The synthesis.

func (p *pages) assign(w http.ResponseWriter, r *http.Request) error {
	c, err := p.consultation(r)
	if err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, 256<<10)
	if err := r.ParseForm(); err != nil {
		return errs.E("consult: group opinions", errs.Invalid, "error.bad_request")
	}
	f := r.PostForm
	if _, err := p.svc.AssignOpinions(r.Context(), web.TenantOf(r).ID, c.ID, web.UserOf(r).Actor(), f.Get("group"), f["opinions"]); err != nil {
		if fe, ok := errs.Fields(err); ok {
			for _, k := range fe {
				p.s.Flash(w, r, k)
			}
			return web.Redirect(w, r, web.LocalPath(f.Get("back"), c.URL()))
		}
		return err
	}
	p.s.Flash(w, r, "consult.flash.grouped")
	return web.Redirect(w, r, web.LocalPath(f.Get("back"), c.URL()))
}

func (p *pages) synthesisPage(w http.ResponseWriter, r *http.Request, status int, c Consultation, form url.Values, fe errs.FieldErrors, failed string) error {
	t := web.TenantOf(r)
	web.NoStore(w)
	gs, err := p.svc.Groups(r.Context(), t.ID, c.ID)
	if err != nil {
		return err
	}
	tally, err := p.svc.Tally(r.Context(), t.ID, c.ID)
	if err != nil {
		return err
	}
	return p.s.RenderForm(w, r, status, p.pSynthesis, "consult.synthesis.title", map[string]any{"C": c, "Groups": gs, "Tally": tally,
		"AnswerKinds": AnswerKinds, "Failed": failed, "Open": c.Status == Open}, form, fe)
}

func (p *pages) synthesis(w http.ResponseWriter, r *http.Request) error {
	c, err := p.consultation(r)
	if err != nil {
		return err
	}
	return p.synthesisPage(w, r, http.StatusOK, c, url.Values{}, nil, "")
}

func readGroup(w http.ResponseWriter, r *http.Request) (GroupInput, url.Values, error) {
	r.Body = http.MaxBytesReader(w, r.Body, 128<<10)
	if err := r.ParseForm(); err != nil {
		return GroupInput{}, nil, errs.E("consult: group", errs.Invalid, "error.bad_request")
	}
	f := r.PostForm
	return GroupInput{Title: f.Get("title"), Summary: f.Get("summary"), AnswerKind: AnswerKind(f.Get("answer_kind")), Answer: f.Get("answer")}, f, nil
}

func (p *pages) createGroup(w http.ResponseWriter, r *http.Request) error {
	c, err := p.consultation(r)
	if err != nil {
		return err
	}
	in, f, err := readGroup(w, r)
	if err != nil {
		return err
	}
	if _, err := p.svc.CreateGroup(r.Context(), web.TenantOf(r).ID, c.ID, web.UserOf(r).Actor(), in); err != nil {
		if fe, ok := errs.Fields(err); ok {
			return p.synthesisPage(w, r, http.StatusUnprocessableEntity, c, f, fe, "new")
		}
		return err
	}
	p.s.Flash(w, r, "consult.flash.group_saved")
	return web.Redirect(w, r, c.URL()+"/tong-hop")
}

func (p *pages) saveGroup(w http.ResponseWriter, r *http.Request) error {
	c, err := p.consultation(r)
	if err != nil {
		return err
	}
	in, f, err := readGroup(w, r)
	if err != nil {
		return err
	}
	gid := r.PathValue("gid")
	if _, err := p.svc.SaveGroup(r.Context(), web.TenantOf(r).ID, c.ID, gid, web.UserOf(r).Actor(), in); err != nil {
		if fe, ok := errs.Fields(err); ok {
			return p.synthesisPage(w, r, http.StatusUnprocessableEntity, c, f, fe, gid)
		}
		return err
	}
	p.s.Flash(w, r, "consult.flash.group_saved")
	return web.Redirect(w, r, c.URL()+"/tong-hop#g-"+gid)
}

// Closing.

func (p *pages) closePage(w http.ResponseWriter, r *http.Request, status int, c Consultation, form url.Values, fe errs.FieldErrors) error {
	t := web.TenantOf(r)
	web.NoStore(w)
	gs, err := p.svc.Groups(r.Context(), t.ID, c.ID)
	if err != nil {
		return err
	}
	tally, err := p.svc.Tally(r.Context(), t.ID, c.ID)
	if err != nil {
		return err
	}
	unanswered := 0
	for _, g := range gs {
		if !g.Answered() {
			unanswered++
		}
	}
	today := p.svc.Today()
	return p.s.RenderForm(w, r, status, p.pClose, "consult.close.title", map[string]any{"C": c, "Groups": gs, "Tally": tally,
		"Unanswered": unanswered, "Running": !today.After(c.ClosesOn), "Today": today}, form, fe)
}

func (p *pages) closeForm(w http.ResponseWriter, r *http.Request) error {
	c, err := p.consultation(r)
	if err != nil {
		return err
	}
	if c.Status != Open {
		return errs.E("consult: close", errs.Conflict, "consult.err.not_open")
	}
	return p.closePage(w, r, http.StatusOK, c, url.Values{"majority": {"yes"}, "decision_on": {p.svc.Today().String()}}, nil)
}

func (p *pages) close(w http.ResponseWriter, r *http.Request) error {
	c, err := p.consultation(r)
	if err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, 256<<10)
	if err := r.ParseForm(); err != nil {
		return errs.E("consult: close", errs.Invalid, "error.bad_request")
	}
	f := r.PostForm
	in := CloseInput{Summary: f.Get("summary"), Decision: f.Get("decision"), DecisionOn: f.Get("decision_on"),
		FollowsMajority: f.Get("majority") != "no", Explanation: f.Get("explanation")}
	if f.Get("confirm") != "yes" {
		return p.closePage(w, r, http.StatusUnprocessableEntity, c, f, errs.FieldErrors{"confirm": "consult.err.confirm"})
	}
	if _, err := p.svc.Close(r.Context(), web.TenantOf(r).ID, c.ID, web.UserOf(r).Actor(), in); err != nil {
		if fe, ok := errs.Fields(err); ok {
			return p.closePage(w, r, http.StatusUnprocessableEntity, c, f, fe)
		}
		return err
	}
	p.s.Flash(w, r, "consult.flash.closed")
	return web.Redirect(w, r, c.URL())
}
