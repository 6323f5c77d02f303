package campaign

import (
	"net/http"
	"net/url"
	"strconv"

	"xaso/internal/errs"
	"xaso/internal/web"
)

func (p *pages) mountStaff(s *web.Server) {
	s.Handle("GET "+staffBase, canSee, p.overview)
	s.Handle("GET "+staffBase+"/bai-viet/moi", canChange, p.newArticle)
	s.Handle("POST "+staffBase+"/bai-viet/moi", canChange, p.createArticle)
	s.Handle("GET "+staffBase+"/bai-viet/{id}", canSee, p.article)
	s.Handle("POST "+staffBase+"/bai-viet/{id}", canChange, p.saveArticle)
	s.Handle("POST "+staffBase+"/bai-viet/{id}/dang", canChange, p.publish)
	s.Handle("POST "+staffBase+"/bai-viet/{id}/go", canChange, p.withdraw)
	s.Handle("GET "+staffBase+"/hoi-nghi/moi", canChange, p.newSession)
	s.Handle("POST "+staffBase+"/hoi-nghi/moi", canChange, p.createSession)
	s.Handle("GET "+staffBase+"/hoi-nghi/{id}", canSee, p.session)
	s.Handle("POST "+staffBase+"/hoi-nghi/{id}", canChange, p.saveSession)
	s.Handle("GET "+staffBase+"/hoi-nghi/{id}/xoa", canChange, p.confirmDelete)
	s.Handle("POST "+staffBase+"/hoi-nghi/{id}/xoa", canChange, p.deleteSession)
	s.AddHomeCard(p.homeCard)
}

// homeCard shows staff how many hamlets held an awareness conference this year.
func (p *pages) homeCard(r *http.Request) (web.HomeCard, bool, error) {
	t := web.TenantOf(r)
	if t == nil || !canSee.Allows(web.UserOf(r)) {
		return web.HomeCard{}, false, nil
	}
	c, err := p.svc.Coverage(r.Context(), t.ID, YearOf(p.svc.Today()))
	if err != nil {
		return web.HomeCard{}, false, err
	}
	return web.HomeCard{Title: "campaign.title", URL: staffBase, Text: "campaign.home.card",
		Args: []any{c.Reached.N, c.Reached.D, c.Reached.Percent}}, true, nil
}

func (p *pages) overview(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	web.NoStore(w)
	q := r.URL.Query()
	period, bad := ParsePeriod(q.Get("tu"), q.Get("den"), p.svc.Today())
	status, fe := http.StatusOK, errs.FieldErrors(nil)
	if len(bad) > 0 {
		status, fe = http.StatusUnprocessableEntity, errs.FieldErrors(bad)
	}
	cov, err := p.svc.Coverage(r.Context(), t.ID, period)
	if err != nil {
		return err
	}
	sp := web.NewPager(r, staffPerPage)
	sessions, stotal, err := p.svc.Sessions(r.Context(), t.ID, period, sp.PerPage, sp.Offset())
	if err != nil {
		return err
	}
	sp.Total = stotal
	ap := web.NewParamPager(r, "trang-bai", staffPerPage)
	articles, atotal, err := p.svc.Articles(r.Context(), t.ID, ap.PerPage, ap.Offset())
	if err != nil {
		return err
	}
	ap.Total = atotal
	form := url.Values{"tu": {q.Get("tu")}, "den": {q.Get("den")}}
	if fe == nil {
		form = url.Values{"tu": {period.From.String()}, "den": {period.To.String()}}
	}
	return p.s.RenderForm(w, r, status, p.pOverview, "campaign.title", map[string]any{
		"Coverage": cov, "Sessions": sessions, "SessionTotal": stotal, "SessionPager": sp,
		"Articles": articles, "ArticleTotal": atotal, "ArticlePager": ap}, form, fe)
}

// Articles.

func readArticle(w http.ResponseWriter, r *http.Request) (ArticleInput, url.Values, error) {
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	if err := r.ParseForm(); err != nil {
		return ArticleInput{}, nil, errs.E("campaign: form", errs.Invalid, "error.bad_request")
	}
	f := r.PostForm
	return ArticleInput{Title: f.Get("title"), Summary: f.Get("summary"), Body: f.Get("body"), Author: f.Get("author")}, f, nil
}

func (p *pages) articlePage(w http.ResponseWriter, r *http.Request, status int, a *Article, form url.Values, fe errs.FieldErrors) error {
	web.NoStore(w)
	title, action := "campaign.article.new", staffBase+"/bai-viet/moi"
	if a != nil {
		title, action = "campaign.article.edit", a.URL()
	}
	data := map[string]any{"A": a, "Action": action, "Heading": title}
	if a != nil {
		data["Body"] = trustedBody(a.Body)
	}
	return p.s.RenderForm(w, r, status, p.pArticle, title, data, form, fe)
}

func (p *pages) newArticle(w http.ResponseWriter, r *http.Request) error {
	return p.articlePage(w, r, http.StatusOK, nil, url.Values{}, nil)
}

func (p *pages) createArticle(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	in, f, err := readArticle(w, r)
	if err != nil {
		return err
	}
	a, err := p.svc.CreateArticle(r.Context(), t.ID, web.UserOf(r).Actor(), in)
	if fe, ok := errs.Fields(err); ok {
		return p.articlePage(w, r, http.StatusUnprocessableEntity, nil, f, fe)
	}
	if err != nil {
		return err
	}
	p.s.Flash(w, r, "campaign.flash.article_saved")
	return web.Redirect(w, r, a.URL())
}

func articleForm(a Article) url.Values {
	return url.Values{"title": {a.Title}, "summary": {a.Summary}, "body": {a.Body}, "author": {a.Author}}
}

func (p *pages) article(w http.ResponseWriter, r *http.Request) error {
	a, err := p.svc.Article(r.Context(), web.TenantOf(r).ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	return p.articlePage(w, r, http.StatusOK, &a, articleForm(a), nil)
}

func (p *pages) saveArticle(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	a, err := p.svc.Article(r.Context(), t.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	in, f, err := readArticle(w, r)
	if err != nil {
		return err
	}
	if _, err = p.svc.UpdateArticle(r.Context(), t.ID, a.ID, web.UserOf(r).Actor(), in); err != nil {
		if fe, ok := errs.Fields(err); ok {
			return p.articlePage(w, r, http.StatusUnprocessableEntity, &a, f, fe)
		}
		return err
	}
	p.s.Flash(w, r, "campaign.flash.article_saved")
	return web.Redirect(w, r, a.URL())
}

func (p *pages) publish(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	a, err := p.svc.PublishArticle(r.Context(), t.ID, r.PathValue("id"), web.UserOf(r).Actor())
	if err != nil {
		return err
	}
	p.s.Flash(w, r, "campaign.flash.article_published")
	return web.Redirect(w, r, a.URL())
}

func (p *pages) withdraw(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	a, err := p.svc.WithdrawArticle(r.Context(), t.ID, r.PathValue("id"), web.UserOf(r).Actor())
	if err != nil {
		return err
	}
	p.s.Flash(w, r, "campaign.flash.article_withdrawn")
	return web.Redirect(w, r, a.URL())
}

// Sessions.

func readSession(w http.ResponseWriter, r *http.Request) (SessionInput, url.Values, error) {
	r.Body = http.MaxBytesReader(w, r.Body, 256<<10)
	if err := r.ParseForm(); err != nil {
		return SessionInput{}, nil, errs.E("campaign: form", errs.Invalid, "error.bad_request")
	}
	f := r.PostForm
	return SessionInput{Kind: Kind(f.Get("kind")), Title: f.Get("title"), HeldOn: f.Get("held_on"), Place: f.Get("place"),
		HamletIDs: f["hamlets"], Attendance: f.Get("attendance"), Note: f.Get("note")}, f, nil
}

func (p *pages) sessionPage(w http.ResponseWriter, r *http.Request, status int, ss *Session, form url.Values, fe errs.FieldErrors) error {
	web.NoStore(w)
	hamlets, err := p.svc.Hamlets(r.Context(), web.TenantOf(r).ID)
	if err != nil {
		return err
	}
	chosen := map[string]bool{}
	for _, id := range form["hamlets"] {
		chosen[id] = true
	}
	title, action := "campaign.session.new", staffBase+"/hoi-nghi/moi"
	if ss != nil {
		title, action = "campaign.session.edit", ss.URL()
	}
	return p.s.RenderForm(w, r, status, p.pSession, title, map[string]any{"S": ss, "Action": action, "Heading": title,
		"Kinds": Kinds, "Hamlets": hamlets, "Chosen": chosen, "Today": p.svc.Today().String()}, form, fe)
}

func (p *pages) newSession(w http.ResponseWriter, r *http.Request) error {
	return p.sessionPage(w, r, http.StatusOK, nil, url.Values{"kind": {string(Conference)}, "held_on": {p.svc.Today().String()}}, nil)
}

func (p *pages) createSession(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	in, f, err := readSession(w, r)
	if err != nil {
		return err
	}
	_, err = p.svc.RecordSession(r.Context(), t.ID, web.UserOf(r).Actor(), in)
	if fe, ok := errs.Fields(err); ok {
		return p.sessionPage(w, r, http.StatusUnprocessableEntity, nil, f, fe)
	}
	if err != nil {
		return err
	}
	p.s.Flash(w, r, "campaign.flash.session_saved")
	return web.Redirect(w, r, staffBase)
}

func sessionForm(ss Session) url.Values {
	return url.Values{"kind": {string(ss.Kind)}, "title": {ss.Title}, "held_on": {ss.HeldOn.String()}, "place": {ss.Place},
		"hamlets": ss.HamletIDs, "attendance": {strconv.Itoa(ss.Attendance)}, "note": {ss.Note}}
}

func (p *pages) session(w http.ResponseWriter, r *http.Request) error {
	ss, err := p.svc.Session(r.Context(), web.TenantOf(r).ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	return p.sessionPage(w, r, http.StatusOK, &ss, sessionForm(ss), nil)
}

func (p *pages) saveSession(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	ss, err := p.svc.Session(r.Context(), t.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	in, f, err := readSession(w, r)
	if err != nil {
		return err
	}
	if _, err = p.svc.UpdateSession(r.Context(), t.ID, ss.ID, web.UserOf(r).Actor(), in); err != nil {
		if fe, ok := errs.Fields(err); ok {
			return p.sessionPage(w, r, http.StatusUnprocessableEntity, &ss, f, fe)
		}
		return err
	}
	p.s.Flash(w, r, "campaign.flash.session_saved")
	return web.Redirect(w, r, staffBase)
}

func (p *pages) confirmDelete(w http.ResponseWriter, r *http.Request) error {
	ss, err := p.svc.Session(r.Context(), web.TenantOf(r).ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	web.NoStore(w)
	return p.s.Render(w, r, http.StatusOK, p.pSessionDelete, "campaign.session.delete", map[string]any{"S": ss})
}

func (p *pages) deleteSession(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	if err := p.svc.DeleteSession(r.Context(), t.ID, r.PathValue("id"), web.UserOf(r).Actor()); err != nil {
		return err
	}
	p.s.Flash(w, r, "campaign.flash.session_deleted")
	return web.Redirect(w, r, staffBase)
}
