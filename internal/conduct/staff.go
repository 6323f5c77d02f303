package conduct

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"xaso/internal/auth"
	"xaso/internal/commune"
	"xaso/internal/errs"
	"xaso/internal/web"
)

func (p *pages) mountStaff(s *web.Server) {
	s.Handle("GET "+staffBase, canRead, p.list)
	s.Handle("GET "+staffBase+"/{id}", canRead, p.detail)
	s.Handle("POST "+staffBase+"/{id}/xem-xet", canReview, p.review)
	s.Handle("GET "+staffBase+"/the", canBadges, p.badges)
	s.Handle("POST "+staffBase+"/the/cap-ma", canBadges, p.issueMissing)
	s.Handle("POST "+staffBase+"/the/{staff}/cap-lai", canBadges, p.reissue)
	s.Handle("GET "+staffBase+"/the/{staff}/the.pdf", canBadges, p.badgePDF)
	s.Handle("GET "+staffBase+"/the/in.pdf", canBadges, p.sheetPDF)
	s.Handle("GET "+staffBase+"/quy-tac", canCode, p.codeForm)
	s.Handle("POST "+staffBase+"/quy-tac", canCode, p.publishCode)
	s.Handle("POST "+staffBase+"/cai-dat", canCode, p.settings)
	s.Handle("GET "+staffBase+"/gop-y", canHamlet, p.hamletForm)
	s.Handle("POST "+staffBase+"/gop-y", canHamlet, p.hamletSubmit)
	s.Handle("GET "+staffBase+"/bao-cao.pdf", canSummary, p.summaryPDF)
	s.AddHomeCard(p.homeCard)
}

// homeCard shows the chairman the reports waiting for a review.
func (p *pages) homeCard(r *http.Request) (web.HomeCard, bool, error) {
	t := web.TenantOf(r)
	if t == nil || !canReview.Allows(web.UserOf(r)) {
		return web.HomeCard{}, false, nil
	}
	open, overdue, err := p.svc.Waiting(r.Context(), t.ID)
	if err != nil {
		return web.HomeCard{}, false, err
	}
	return web.HomeCard{Title: "conduct.title", URL: staffBase + "?trang-thai=open", Text: "conduct.home.card",
		Args: []any{open, overdue}, Alert: overdue > 0}, true, nil
}

// viewer is the signed-in account as a reader of reports.
func (p *pages) viewer(r *http.Request) (Viewer, error) {
	u := web.UserOf(r)
	return p.svc.ViewerOf(r.Context(), web.TenantOf(r).ID, u.ID, u.Has(auth.Leader))
}

// yearParam reads ?nam=, this year by default.
func (p *pages) yearParam(r *http.Request) int {
	y := p.svc.Today().Year
	if n, err := strconv.Atoi(r.URL.Query().Get("nam")); err == nil && n >= 2000 && n <= 2100 {
		y = n
	}
	return y
}

// filterOf reads the list's filters from the query.
func filterOf(q url.Values, year int) Filter {
	f := Filter{Year: year, OfficerID: q.Get("can-bo"), Violation: q.Get("vi-pham") == "1"}
	if s := Source(q.Get("nguon")); s.Valid() {
		f.Source = s
	}
	if _, ok := OutcomeOf(q.Get("ket-qua")); ok {
		f.Outcome = q.Get("ket-qua")
	}
	switch q.Get("trang-thai") {
	case string(Open):
		f.Status = Open
	case string(Reviewed):
		f.Status = Reviewed
	case "overdue":
		f.Overdue = true
	}
	if q.Get("nam") == "" && (f.Status == Open || f.Overdue) {
		f.Year = 0 // what waits, whenever it came
	}
	if len(f.OfficerID) > 64 {
		f.OfficerID = ""
	}
	return f
}

func (p *pages) list(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	ctx := r.Context()
	web.NoStore(w)
	v, err := p.viewer(r)
	if err != nil {
		return err
	}
	year := p.yearParam(r)
	f := filterOf(r.URL.Query(), year)
	pager := web.NewPager(r, listPerPage)
	f.Limit, f.Offset = pager.PerPage, pager.Offset()
	rows, total, err := p.svc.List(ctx, t.ID, v, f)
	if err != nil {
		return err
	}
	pager.Total = total
	data := map[string]any{"Rows": rows, "Total": total, "Pager": pager, "F": f, "Year": year, "Today": p.svc.Today(),
		"Sources": Sources, "Outcomes": Outcomes, "Leader": v.All, "Linked": v.StaffID != ""}
	if v.All {
		target, err := p.svc.YearTarget(ctx, t.ID, year)
		if err != nil {
			return err
		}
		set, err := p.svc.Settings(ctx, t.ID)
		if err != nil {
			return err
		}
		data["Target"], data["Settings"] = target, set
		data["PrevYear"], data["NextYear"] = year-1, year+1
		data["ThisYear"] = p.svc.Today().Year
	}
	return p.s.Render(w, r, http.StatusOK, p.pList, "conduct.title", data)
}

func (p *pages) report(r *http.Request) (Report, error) {
	v, err := p.viewer(r)
	if err != nil {
		return Report{}, err
	}
	return p.svc.Get(r.Context(), web.TenantOf(r).ID, r.PathValue("id"), v)
}

func (p *pages) detailPage(w http.ResponseWriter, r *http.Request, status int, rep Report, form url.Values, fe errs.FieldErrors) error {
	web.NoStore(w)
	data := map[string]any{"R": rep, "Today": p.svc.Today(), "Leader": web.UserOf(r).Has(auth.Leader), "Outcomes": Outcomes}
	if rep.Status == Open && web.UserOf(r).Has(auth.Leader) {
		officers, err := p.svc.Officers(r.Context(), web.TenantOf(r).ID)
		if err != nil {
			return err
		}
		data["Officers"] = officers
	}
	if form == nil {
		form = url.Values{"reviewed_on": {p.svc.Today().String()}}
	}
	return p.s.RenderForm(w, r, status, p.pDetail, "conduct.detail.title", data, form, fe)
}

func (p *pages) detail(w http.ResponseWriter, r *http.Request) error {
	rep, err := p.report(r)
	if err != nil {
		return err
	}
	return p.detailPage(w, r, http.StatusOK, rep, nil, nil)
}

func (p *pages) review(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	r.Body = http.MaxBytesReader(w, r.Body, maxStaffForm)
	if err := r.ParseForm(); err != nil {
		return errs.E("conduct: review", errs.Invalid, "error.bad_request")
	}
	rep, err := p.report(r)
	if err != nil {
		return err
	}
	in, bad := ParseReview(r.PostForm, p.svc.Today())
	_, err = p.svc.Review(r.Context(), t.ID, rep.ID, web.UserOf(r).Actor(), in, bad)
	if fe, ok := errs.Fields(err); ok {
		return p.detailPage(w, r, http.StatusUnprocessableEntity, rep, r.PostForm, fe)
	}
	if err != nil {
		return err
	}
	p.s.Flash(w, r, "conduct.flash.reviewed")
	return web.Redirect(w, r, rep.URL())
}

// Badges.

func (p *pages) badges(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	web.NoStore(w)
	pager := web.NewPager(r, badgePerPage)
	list, total, err := p.svc.Badges(r.Context(), t.ID, pager.PerPage, pager.Offset())
	if err != nil {
		return err
	}
	pager.Total = total
	return p.s.Render(w, r, http.StatusOK, p.pBadges, "conduct.badges.title", map[string]any{"Rows": list, "Total": total, "Pager": pager})
}

func (p *pages) issueMissing(w http.ResponseWriter, r *http.Request) error {
	n, err := p.svc.IssueMissing(r.Context(), web.TenantOf(r).ID, web.UserOf(r).Actor())
	if err != nil {
		return err
	}
	if n == 0 {
		p.s.Flash(w, r, "conduct.flash.none_missing")
	} else {
		p.s.Flash(w, r, "conduct.flash.issued")
	}
	return web.Redirect(w, r, staffBase+"/the")
}

func (p *pages) reissue(w http.ResponseWriter, r *http.Request) error {
	if _, err := p.svc.IssueBadge(r.Context(), web.TenantOf(r).ID, web.UserOf(r).Actor(), r.PathValue("staff")); err != nil {
		return err
	}
	p.s.Flash(w, r, "conduct.flash.reissued")
	return web.Redirect(w, r, staffBase+"/the")
}

// Code of conduct and settings.

func (p *pages) codePage(w http.ResponseWriter, r *http.Request, status int, form url.Values, fe errs.FieldErrors) error {
	t := web.TenantOf(r)
	web.NoStore(w)
	ctx := r.Context()
	current, err := p.svc.Code(ctx, t.ID)
	if err != nil {
		return err
	}
	pager := web.NewPager(r, codesPerPage)
	versions, total, err := p.svc.CodeVersions(ctx, t.ID, pager.PerPage, pager.Offset())
	if err != nil {
		return err
	}
	pager.Total = total
	set, err := p.svc.Settings(ctx, t.ID)
	if err != nil {
		return err
	}
	if form == nil {
		form = url.Values{"title": {current.Title}, "intro": {current.Intro}, "xin": {joinLines(current.Xin)},
			"luon": {joinLines(current.Luon)}, "khong": {joinLines(current.Khong)}, "basis": {current.Basis},
			"effective_on": {p.svc.Today().String()}, "review_days": {strconv.Itoa(set.ReviewDays)}}
	}
	return p.s.RenderForm(w, r, status, p.pCodeEdit, "conduct.code.edit", map[string]any{"Current": current, "Versions": versions,
		"Pager": pager, "Settings": set, "Min": MinReviewDays, "Max": MaxReviewDays}, form, fe)
}

func joinLines(l []string) string {
	out := ""
	for i, s := range l {
		if i > 0 {
			out += "\n"
		}
		out += s
	}
	return out
}

func (p *pages) codeForm(w http.ResponseWriter, r *http.Request) error {
	return p.codePage(w, r, http.StatusOK, nil, nil)
}

func (p *pages) publishCode(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxStaffForm)
	if err := r.ParseForm(); err != nil {
		return errs.E("conduct: code", errs.Invalid, "error.bad_request")
	}
	f := r.PostForm
	_, err := p.svc.PublishCode(r.Context(), web.TenantOf(r).ID, web.UserOf(r).Actor(), CodeInput{Title: f.Get("title"),
		Intro: f.Get("intro"), Xin: f.Get("xin"), Luon: f.Get("luon"), Khong: f.Get("khong"), Basis: f.Get("basis"),
		EffectiveOn: f.Get("effective_on"), Note: f.Get("note")})
	if fe, ok := errs.Fields(err); ok {
		return p.codePage(w, r, http.StatusUnprocessableEntity, f, fe)
	}
	if err != nil {
		return err
	}
	p.s.Flash(w, r, "conduct.flash.code_published")
	return web.Redirect(w, r, codePath)
}

func (p *pages) settings(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxStaffForm)
	if err := r.ParseForm(); err != nil {
		return errs.E("conduct: settings", errs.Invalid, "error.bad_request")
	}
	_, err := p.svc.SetReviewDays(r.Context(), web.TenantOf(r).ID, web.UserOf(r).Actor(), r.PostForm.Get("review_days"))
	if fe, ok := errs.Fields(err); ok {
		return p.codePage(w, r, http.StatusUnprocessableEntity, r.PostForm, fe)
	}
	if err != nil {
		return err
	}
	p.s.Flash(w, r, "conduct.flash.settings")
	return web.Redirect(w, r, staffBase+"/quy-tac")
}

// The hamlet head's feedback.

func (p *pages) hamletPage(w http.ResponseWriter, r *http.Request, status int, form url.Values, fe errs.FieldErrors) error {
	t := web.TenantOf(r)
	web.NoStore(w)
	ctx := r.Context()
	hamlets, err := p.svc.HamletsFor(ctx, t.ID, web.UserOf(r).ID)
	if err != nil {
		return err
	}
	officers, err := p.svc.Officers(ctx, t.ID)
	if err != nil {
		return err
	}
	// A hamlet head is in the directory too: it does not report on itself.
	if v, err := p.viewer(r); err == nil && v.StaffID != "" {
		officers = slices.DeleteFunc(officers, func(st commune.Staff) bool { return st.ID == v.StaffID })
	}
	today := p.svc.Today()
	if form == nil {
		form = url.Values{"month": {today.String()[:7]}}
		if len(hamlets) == 1 {
			form.Set("hamlet", hamlets[0].ID)
		}
	}
	return p.s.RenderForm(w, r, status, p.pHamletForm, "conduct.hamlet.title", map[string]any{"Hamlets": hamlets,
		"Officers": officers, "Today": today.String(), "Max": MaxBody}, form, fe)
}

func (p *pages) hamletForm(w http.ResponseWriter, r *http.Request) error {
	return p.hamletPage(w, r, http.StatusOK, nil, nil)
}

func (p *pages) hamletSubmit(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxStaffForm)
	if err := r.ParseForm(); err != nil {
		return errs.E("conduct: hamlet report", errs.Invalid, "error.bad_request")
	}
	in, bad := ParseHamletReport(r.PostForm, p.svc.Today())
	rep, err := p.svc.FileHamlet(r.Context(), web.TenantOf(r).ID, web.UserOf(r).Actor(), in, bad)
	if fe, ok := errs.Fields(err); ok {
		return p.hamletPage(w, r, http.StatusUnprocessableEntity, r.PostForm, fe)
	}
	if err != nil {
		return err
	}
	p.s.Flash(w, r, "conduct.flash.hamlet_sent")
	return web.Redirect(w, r, rep.URL())
}
