package sipas

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"xaso/internal/calendar"
	"xaso/internal/errs"
	"xaso/internal/web"
)

// Limits of the staff forms.
const (
	maxStaffForm  = 64 << 10
	maxMethodForm = MaxMethodBytes + 64<<10
)

func (p *pages) mountStaff(s *web.Server) {
	s.Handle("GET "+staffBase, canSee, p.list)
	s.Handle("GET "+staffBase+"/moi", canManage, p.newForm)
	s.Handle("POST "+staffBase+"/moi", canManage, p.create)
	s.Handle("GET "+staffBase+"/phuong-phap", canSee, p.methods)
	s.Handle("POST "+staffBase+"/phuong-phap", canManage, p.loadMethod)
	s.Handle("GET "+staffBase+"/muc-tieu", canSee, p.targets)
	s.Handle("POST "+staffBase+"/muc-tieu", canTarget, p.setTarget)
	s.Handle("GET "+staffBase+"/{id}", canSee, p.detail)
	s.Handle("GET "+staffBase+"/{id}/phieu-giay", canType, p.paperForm)
	s.Handle("POST "+staffBase+"/{id}/phieu-giay", canType, p.paperSubmit)
	s.Handle("GET "+staffBase+"/{id}/phieu/{inv}/phieu.pdf", canType, p.questionnairePDF)
	s.Handle("GET "+staffBase+"/{id}/tra-loi.csv", canSee, p.answersCSV)
	s.Handle("POST "+staffBase+"/{id}/ket-thuc", canManage, p.close)
	s.AddHomeCard(p.homeCard)
}

// homeCard shows the chairman the latest index against the year's target.
func (p *pages) homeCard(r *http.Request) (web.HomeCard, bool, error) {
	t := web.TenantOf(r)
	if t == nil || !canCard.Allows(web.UserOf(r)) {
		return web.HomeCard{}, false, nil
	}
	ctx := r.Context()
	lang := web.LangOf(r)
	v, ok, err := p.svc.LatestClosed(ctx, t.ID)
	if err != nil {
		return web.HomeCard{}, false, err
	}
	if !ok {
		return web.HomeCard{Title: "sipas.title", URL: staffBase, Text: "sipas.home.none"}, true, nil
	}
	idx, err := p.svc.Index(ctx, t.ID, v)
	if err != nil {
		return web.HomeCard{}, false, err
	}
	target, has, err := p.svc.TargetOf(ctx, t.ID, v.Year)
	if err != nil {
		return web.HomeCard{}, false, err
	}
	if !has {
		return web.HomeCard{Title: "sipas.title", URL: v.URL(), Text: "sipas.home.no_target",
			Args: []any{strconv.Itoa(v.Year), idx.Overall.Text(lang)}}, true, nil
	}
	below := idx.Overall.Known() && idx.Overall.Hundredths() < target.Hundredths
	return web.HomeCard{Title: "sipas.title", URL: v.URL(), Text: "sipas.home.card", Alert: below,
		Args: []any{strconv.Itoa(v.Year), idx.Overall.Text(lang), target.Text(lang)}}, true, nil
}

func (p *pages) list(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	ctx := r.Context()
	web.NoStore(w)
	pager := web.NewPager(r, perPage)
	rows, total, err := p.svc.List(ctx, t.ID, Filter{Limit: pager.PerPage, Offset: pager.Offset()})
	if err != nil {
		return err
	}
	pager.Total = total
	indexes, err := p.svc.Indexes(ctx, t.ID, rows)
	if err != nil {
		return err
	}
	years, err := p.svc.Years(ctx, t.ID)
	if err != nil {
		return err
	}
	return p.s.Render(w, r, http.StatusOK, p.pList, "sipas.title", map[string]any{"Rows": rows, "Total": total, "Pager": pager,
		"Indexes": indexes, "Years": years})
}

// Surveys.

func (p *pages) formPage(w http.ResponseWriter, r *http.Request, status int, form url.Values, fe errs.FieldErrors) error {
	web.NoStore(w)
	methods, err := p.svc.Methods(r.Context(), web.TenantOf(r).ID)
	if err != nil {
		return err
	}
	if form.Get("method") == "" && len(methods) > 0 {
		form.Set("method", methods[0].ID)
	}
	return p.s.RenderForm(w, r, status, p.pForm, "sipas.new", map[string]any{"Methods": methods, "Max": MaxSample}, form, fe)
}

func (p *pages) newForm(w http.ResponseWriter, r *http.Request) error {
	today := p.svc.Today()
	from := calendar.NewDate(today.Year, time.January, 1)
	return p.formPage(w, r, http.StatusOK, url.Values{
		"title":       {p.s.T(r, "sipas.new.default_title", strconv.Itoa(today.Year))},
		"period_from": {from.String()}, "period_to": {today.String()}, "sample_size": {"100"}}, nil)
}

func (p *pages) create(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxStaffForm)
	if err := r.ParseForm(); err != nil {
		return errs.E("sipas: form", errs.Invalid, "error.bad_request")
	}
	f := r.PostForm
	v, err := p.svc.Create(r.Context(), web.TenantOf(r).ID, web.UserOf(r).Actor(), Input{Title: f.Get("title"),
		PeriodFrom: f.Get("period_from"), PeriodTo: f.Get("period_to"), MethodID: f.Get("method"), SampleSize: f.Get("sample_size"),
		Seed: f.Get("seed")})
	if fe, ok := errs.Fields(err); ok {
		return p.formPage(w, r, http.StatusUnprocessableEntity, f, fe)
	}
	if err != nil {
		return err
	}
	p.s.Flash(w, r, "sipas.flash.created")
	return web.Redirect(w, r, v.URL())
}

// survey reads the survey of the path.
func (p *pages) survey(r *http.Request) (Survey, error) {
	return p.svc.Get(r.Context(), web.TenantOf(r).ID, r.PathValue("id"))
}

func (p *pages) detail(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	ctx := r.Context()
	v, err := p.survey(r)
	if err != nil {
		return err
	}
	web.NoStore(w)
	q := r.URL.Query()
	f := InvitationFilter{Answered: q.Get("tra-loi"), Code: q.Get("ma")}
	if f.Answered != "yes" && f.Answered != "no" {
		f.Answered = ""
	}
	if len(f.Code) > 64 {
		f.Code = ""
	}
	pager := web.NewPager(r, samplePage)
	f.Limit, f.Offset = pager.PerPage, pager.Offset()
	sample, total, err := p.svc.Invitations(ctx, t.ID, v.ID, f)
	if err != nil {
		return err
	}
	pager.Total = total
	idx, err := p.svc.Index(ctx, t.ID, v)
	if err != nil {
		return err
	}
	channels, err := p.svc.ChannelCounts(ctx, t.ID, v.ID)
	if err != nil {
		return err
	}
	cp := web.NewParamPager(r, "y-kien", commentPage)
	comments, ctotal, err := p.svc.Comments(ctx, t.ID, v.ID, cp.PerPage, cp.Offset())
	if err != nil {
		return err
	}
	cp.Total = ctotal
	target, hasTarget, err := p.svc.TargetOf(ctx, t.ID, v.Year)
	if err != nil {
		return err
	}
	data := map[string]any{"S": v, "Index": idx, "Sample": sample, "SampleTotal": total, "Pager": pager, "Filter": f,
		"Channels": channels, "Comments": comments, "CommentPager": cp, "Base": p.base}
	if hasTarget {
		data["Target"] = target
	}
	return p.s.Render(w, r, http.StatusOK, p.pDetail, "sipas.survey.title", data)
}

func (p *pages) close(w http.ResponseWriter, r *http.Request) error {
	v, err := p.survey(r)
	if err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxStaffForm)
	if err := r.ParseForm(); err != nil {
		return errs.E("sipas: form", errs.Invalid, "error.bad_request")
	}
	if r.PostForm.Get("confirm") != "1" {
		return errs.E("sipas: close", errs.Invalid, "sipas.err.confirm")
	}
	if _, err := p.svc.Close(r.Context(), web.TenantOf(r).ID, v.ID, web.UserOf(r).Actor()); err != nil {
		return err
	}
	p.s.Flash(w, r, "sipas.flash.closed")
	return web.Redirect(w, r, v.URL())
}

// Paper questionnaires.

func (p *pages) paperPage(w http.ResponseWriter, r *http.Request, status int, v Survey, inv *Invitation, form url.Values, fe errs.FieldErrors) error {
	web.NoStore(w)
	m, err := p.svc.Method(r.Context(), web.TenantOf(r).ID, v.MethodID)
	if err != nil {
		return err
	}
	if form == nil {
		form = url.Values{}
	}
	data := map[string]any{"S": v, "Method": m}
	if inv != nil {
		data["I"] = *inv
	}
	return p.s.RenderForm(w, r, status, p.pPaper, "sipas.paper.title", data, form, fe)
}

// paperForm is the form of a paper questionnaire: for the invitation of ?moi=, or a box for
// the dossier code printed on the form.
func (p *pages) paperForm(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	v, err := p.survey(r)
	if err != nil {
		return err
	}
	if v.Status != Open {
		return errs.E("sipas: paper", errs.Conflict, "sipas.err.closed")
	}
	q := r.URL.Query()
	form := url.Values{}
	var inv *Invitation
	switch id, code := q.Get("moi"), strings.TrimSpace(q.Get("ma")); {
	case id != "" && len(id) <= 64:
		i, err := p.svc.Invitation(r.Context(), t.ID, v.ID, id)
		if err != nil {
			return err
		}
		inv = &i
	case code != "" && len(code) <= 64:
		form.Set("ma", code)
		list, _, err := p.svc.Invitations(r.Context(), t.ID, v.ID, InvitationFilter{Code: code, Limit: 1})
		if err != nil {
			return err
		}
		if len(list) == 0 {
			return p.paperPage(w, r, http.StatusNotFound, v, nil, form, errs.FieldErrors{"ma": "sipas.err.code_unknown"})
		}
		inv = &list[0]
	}
	if inv != nil && inv.Answered() {
		return p.paperPage(w, r, http.StatusConflict, v, inv, form, errs.FieldErrors{"answers": "sipas.err.already_answered"})
	}
	return p.paperPage(w, r, http.StatusOK, v, inv, form, nil)
}

func (p *pages) paperSubmit(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	v, err := p.survey(r)
	if err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxStaffForm)
	if err := r.ParseForm(); err != nil {
		return errs.E("sipas: form", errs.Invalid, "error.bad_request")
	}
	f := r.PostForm
	id := f.Get("invitation")
	err = p.svc.AnswerPaper(r.Context(), t.ID, v.ID, id, web.UserOf(r).Actor(), f)
	if fe, ok := errs.Fields(err); ok {
		var inv *Invitation
		if i, err := p.svc.Invitation(r.Context(), t.ID, v.ID, id); err == nil {
			inv = &i
		}
		return p.paperPage(w, r, http.StatusUnprocessableEntity, v, inv, f, fe)
	}
	if err != nil {
		return err
	}
	p.s.Flash(w, r, "sipas.flash.paper_saved")
	if f.Get("again") == "1" {
		return web.Redirect(w, r, v.URL()+"/phieu-giay")
	}
	return web.Redirect(w, r, v.URL()+"?tra-loi=no")
}

// Methods and targets.

func (p *pages) methodsPage(w http.ResponseWriter, r *http.Request, status int, problem string) error {
	web.NoStore(w)
	methods, err := p.svc.Methods(r.Context(), web.TenantOf(r).ID)
	if err != nil {
		return err
	}
	return p.s.Render(w, r, status, p.pMethods, "sipas.methods.title", map[string]any{"Methods": methods, "Problem": problem,
		"MaxKB": MaxMethodBytes >> 10})
}

func (p *pages) methods(w http.ResponseWriter, r *http.Request) error {
	return p.methodsPage(w, r, http.StatusOK, "")
}

// loadMethod stores a method sent as a JSON file; a problem is shown on the page in words a
// commune can act on.
func (p *pages) loadMethod(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxMethodForm)
	if err := web.ParseMultipartForm(r, maxMethodForm); err != nil {
		return p.methodsPage(w, r, http.StatusUnprocessableEntity, p.s.T(r, "sipas.err.method.too_large"))
	}
	file, _, err := r.FormFile("file")
	if err != nil {
		return p.methodsPage(w, r, http.StatusUnprocessableEntity, p.s.T(r, "sipas.err.method.no_file"))
	}
	defer file.Close()
	m, err := p.svc.LoadMethod(r.Context(), web.TenantOf(r).ID, web.UserOf(r).Actor(), file)
	if e, ok := errs.As(err); ok && (e.Kind == errs.Invalid || e.Kind == errs.Conflict) {
		return p.methodsPage(w, r, http.StatusUnprocessableEntity, p.s.T(r, e.Key, e.Args...))
	}
	if err != nil {
		return err
	}
	p.s.Flash(w, r, "sipas.flash.method_loaded")
	return web.Redirect(w, r, staffBase+"/phuong-phap#m-"+m.ID)
}

func (p *pages) targetsPage(w http.ResponseWriter, r *http.Request, status int, form url.Values, fe errs.FieldErrors) error {
	web.NoStore(w)
	t := web.TenantOf(r)
	targets, err := p.svc.Targets(r.Context(), t.ID)
	if err != nil {
		return err
	}
	years, err := p.svc.Years(r.Context(), t.ID)
	if err != nil {
		return err
	}
	return p.s.RenderForm(w, r, status, p.pTargets, "sipas.targets.title", map[string]any{"Targets": targets, "Years": years}, form, fe)
}

func (p *pages) targets(w http.ResponseWriter, r *http.Request) error {
	return p.targetsPage(w, r, http.StatusOK, url.Values{"year": {strconv.Itoa(p.svc.Today().Year)}}, nil)
}

func (p *pages) setTarget(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxStaffForm)
	if err := r.ParseForm(); err != nil {
		return errs.E("sipas: form", errs.Invalid, "error.bad_request")
	}
	f := r.PostForm
	_, err := p.svc.SetTarget(r.Context(), web.TenantOf(r).ID, web.UserOf(r).Actor(), f.Get("year"), f.Get("target"))
	if fe, ok := errs.Fields(err); ok {
		return p.targetsPage(w, r, http.StatusUnprocessableEntity, f, fe)
	}
	if err != nil {
		return err
	}
	p.s.Flash(w, r, "sipas.flash.target_saved")
	return web.Redirect(w, r, staffBase+"/muc-tieu")
}
