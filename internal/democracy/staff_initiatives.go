package democracy

import (
	"net/http"
	"net/url"

	"xaso/internal/auth"
	"xaso/internal/errs"
	"xaso/internal/web"
)

func (p *pages) mountInitiatives(s *web.Server) {
	s.Handle("GET "+staffBase+"/sang-kien", canSee, p.initiatives)
	s.Handle("GET "+staffBase+"/sang-kien/moi", canChange, p.newInitiative)
	s.Handle("POST "+staffBase+"/sang-kien/moi", canChange, p.createInitiative)
	s.Handle("GET "+staffBase+"/sang-kien/{id}", canSee, p.initiative)
	s.Handle("POST "+staffBase+"/sang-kien/{id}/ung-ho", canChange, p.support)
	s.Handle("POST "+staffBase+"/sang-kien/{id}/dua-ra", canChange, p.schedule)
	s.Handle("GET "+publicBase+"/sang-kien", auth.Public(), p.publicInitiatives)
	s.Handle("GET "+publicBase+"/sang-kien/moi", auth.Public(), p.proposeForm)
	s.Handle("POST "+publicBase+"/sang-kien/moi", auth.Public(), p.propose)
	s.Handle("GET "+publicBase+"/sang-kien/{id}", auth.Public(), p.publicInitiative)
	s.Handle("POST "+publicBase+"/sang-kien/{id}", auth.Public(), p.supportOnline)
}

func (p *pages) initiatives(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	pager := web.NewPager(r, staffPerPage)
	list, total, err := p.svc.Initiatives(r.Context(), t.ID, InitiativeFilter{Scope: scopeOf(r), Limit: pager.PerPage, Offset: pager.Offset()})
	if err != nil {
		return err
	}
	pager.Total = total
	web.NoStore(w)
	return p.s.Render(w, r, http.StatusOK, p.pInitiatives, "democracy.initiative.title", map[string]any{"Rows": list, "Total": total,
		"Pager": pager, "Today": p.svc.Today()})
}

func (p *pages) initiativeFormPage(w http.ResponseWriter, r *http.Request, status int, form url.Values, fe errs.FieldErrors) error {
	hamlets, err := p.svc.Hamlets(r.Context(), web.TenantOf(r).ID)
	if err != nil {
		return err
	}
	sc := scopeOf(r)
	var mine []Hamlet
	for _, h := range hamlets {
		if sc.Covers(h) {
			mine = append(mine, h)
		}
	}
	web.NoStore(w)
	return p.s.RenderForm(w, r, status, p.pInitiativeForm, "democracy.initiative.new", map[string]any{"Hamlets": mine}, form, fe)
}

func (p *pages) newInitiative(w http.ResponseWriter, r *http.Request) error {
	return p.initiativeFormPage(w, r, http.StatusOK, url.Values{}, nil)
}

func (p *pages) createInitiative(w http.ResponseWriter, r *http.Request) error {
	f, err := readForm(w, r)
	if err != nil {
		return err
	}
	i, err := p.svc.ProposeInitiative(r.Context(), web.TenantOf(r).ID, web.UserOf(r).Actor(), scopeOf(r),
		InitiativeInput{HamletID: f.Get("hamlet"), Title: f.Get("title"), Content: f.Get("content"), Proposer: f.Get("proposer")})
	if fe, ok := errs.Fields(err); ok {
		return p.initiativeFormPage(w, r, http.StatusUnprocessableEntity, f, fe)
	}
	if err != nil {
		return err
	}
	p.s.Flash(w, r, "democracy.flash.initiative_saved")
	return web.Redirect(w, r, i.URL())
}

// scopedInitiative reads the initiative of the path within the user's scope.
func (p *pages) scopedInitiative(r *http.Request) (Initiative, error) {
	t := web.TenantOf(r)
	i, err := p.svc.GetInitiative(r.Context(), t.ID, r.PathValue("id"))
	if err != nil {
		return Initiative{}, err
	}
	hamlets, err := p.svc.Hamlets(r.Context(), t.ID)
	if err != nil {
		return Initiative{}, err
	}
	if h, _ := hamletByID(hamlets, i.HamletID); !scopeOf(r).Covers(h) {
		return Initiative{}, errs.E("democracy: initiative page", errs.Forbidden, "democracy.err.hamlet_scope")
	}
	return i, nil
}

func (p *pages) initiativePage(w http.ResponseWriter, r *http.Request, i Initiative, status int, form url.Values, fe errs.FieldErrors) error {
	t := web.TenantOf(r)
	pager := web.NewPager(r, listPerPage)
	f := householdFilter(r, pager)
	rows, total, err := p.svc.Supports(r.Context(), t.ID, i, f)
	if err != nil {
		return err
	}
	pager.Total = total
	meetings, _, err := p.svc.Meetings(r.Context(), t.ID, MeetingFilter{HamletID: i.HamletID, Upcoming: true, From: p.svc.Today().At(startOfDay).UTC(), Limit: 50})
	if err != nil {
		return err
	}
	var planned []Meeting
	for _, m := range meetings {
		if m.Kind == DecisionMeeting {
			planned = append(planned, m)
		}
	}
	if form == nil {
		form = url.Values{}
	}
	q := r.URL.Query()
	for _, k := range []string{"q", "chua"} {
		form.Set(k, q.Get(k))
	}
	web.NoStore(w)
	today := p.svc.Today()
	return p.s.RenderForm(w, r, status, p.pInitiative, "democracy.initiative.title", map[string]any{"I": i, "Rows": rows, "Total": total,
		"Pager": pager, "Meetings": planned, "Open": i.Open(today), "Expired": i.Expired(today), "Back": r.URL.RequestURI()}, form, fe)
}

func (p *pages) initiative(w http.ResponseWriter, r *http.Request) error {
	i, err := p.scopedInitiative(r)
	if err != nil {
		return err
	}
	return p.initiativePage(w, r, i, http.StatusOK, nil, nil)
}

func (p *pages) support(w http.ResponseWriter, r *http.Request) error {
	i, err := p.scopedInitiative(r)
	if err != nil {
		return err
	}
	f, err := readForm(w, r)
	if err != nil {
		return err
	}
	_, err = p.svc.Support(r.Context(), web.TenantOf(r).ID, web.UserOf(r).Actor(), scopeOf(r), i.ID, f["household"])
	return p.after(w, r, err, "democracy.flash.supported", back(f, i.URL()), func(fe errs.FieldErrors) error {
		return p.initiativePage(w, r, i, http.StatusUnprocessableEntity, f, fe)
	})
}

func (p *pages) schedule(w http.ResponseWriter, r *http.Request) error {
	i, err := p.scopedInitiative(r)
	if err != nil {
		return err
	}
	f, err := readForm(w, r)
	if err != nil {
		return err
	}
	_, err = p.svc.Schedule(r.Context(), web.TenantOf(r).ID, web.UserOf(r).Actor(), scopeOf(r), i.ID, f.Get("meeting"))
	return p.after(w, r, err, "democracy.flash.scheduled", i.URL(), func(fe errs.FieldErrors) error {
		return p.initiativePage(w, r, i, http.StatusUnprocessableEntity, f, fe)
	})
}

// The public side: the initiatives gathering support, a proposal, support with a proof.

func (p *pages) publicInitiatives(w http.ResponseWriter, r *http.Request) error {
	web.Cacheable(w) // the same for every visitor not signed in
	t, err := publicTenant(r)
	if err != nil {
		return err
	}
	pager := web.NewPager(r, publicPerPage)
	list, total, err := p.svc.Initiatives(r.Context(), t.ID, InitiativeFilter{Open: true, Today: p.svc.Today(), Limit: pager.PerPage, Offset: pager.Offset()})
	if err != nil {
		return err
	}
	pager.Total = total
	w.Header().Set("Cache-Control", "public, max-age=60")
	return p.s.Render(w, r, http.StatusOK, p.pPublicInitiatives, "democracy.initiative.public_title", map[string]any{"Rows": list, "Total": total, "Pager": pager})
}

func (p *pages) proposeForm(w http.ResponseWriter, r *http.Request) error {
	web.NoStore(w)
	return p.s.RenderForm(w, r, http.StatusOK, p.pPropose, "democracy.initiative.propose", nil, url.Values{}, nil)
}

// readPublic parses a small public form; the identity-card number is dropped from what is
// drawn again.
func readPublic(w http.ResponseWriter, r *http.Request) (url.Values, Proof, error) {
	r.Body = http.MaxBytesReader(w, r.Body, 32<<10)
	if err := r.ParseForm(); err != nil {
		return nil, Proof{}, errs.E("democracy: form", errs.Invalid, "error.bad_request")
	}
	f := r.PostForm
	proof := Proof{HouseholdCode: f.Get("household_code"), IDNumber: f.Get("id_number")}
	f.Del("id_number")
	return f, proof, nil
}

func (p *pages) propose(w http.ResponseWriter, r *http.Request) error {
	t, err := publicTenant(r)
	if err != nil {
		return err
	}
	f, proof, err := readPublic(w, r)
	if err != nil {
		return err
	}
	i, err := p.svc.ProposeOnline(r.Context(), t.ID, proof, InitiativeInput{Title: f.Get("title"), Content: f.Get("content"), Proposer: f.Get("proposer")})
	if fe, ok := errs.Fields(err); ok {
		web.NoStore(w)
		return p.s.RenderForm(w, r, http.StatusUnprocessableEntity, p.pPropose, "democracy.initiative.propose", nil, f, fe)
	}
	if err != nil {
		return err
	}
	p.s.Flash(w, r, "democracy.flash.proposed")
	return web.Redirect(w, r, i.PublicURL())
}

func (p *pages) publicInitiativePage(w http.ResponseWriter, r *http.Request, i Initiative, status int, form url.Values, fe errs.FieldErrors) error {
	today := p.svc.Today()
	if fe == nil {
		w.Header().Set("Cache-Control", "no-cache")
	} else {
		web.NoStore(w)
	}
	return p.s.RenderForm(w, r, status, p.pPublicInitiative, "democracy.initiative.title", map[string]any{"I": i,
		"Open": i.Open(today), "Expired": i.Expired(today)}, form, fe)
}

func (p *pages) publicInitiative(w http.ResponseWriter, r *http.Request) error {
	web.Cacheable(w) // the same for every visitor not signed in
	t, err := publicTenant(r)
	if err != nil {
		return err
	}
	i, err := p.svc.GetInitiative(r.Context(), t.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	return p.publicInitiativePage(w, r, i, http.StatusOK, url.Values{}, nil)
}

func (p *pages) supportOnline(w http.ResponseWriter, r *http.Request) error {
	t, err := publicTenant(r)
	if err != nil {
		return err
	}
	i, err := p.svc.GetInitiative(r.Context(), t.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	f, proof, err := readPublic(w, r)
	if err != nil {
		return err
	}
	_, err = p.svc.SupportOnline(r.Context(), t.ID, i.ID, proof)
	return p.after(w, r, err, "democracy.flash.supported", i.PublicURL(), func(fe errs.FieldErrors) error {
		return p.publicInitiativePage(w, r, i, http.StatusUnprocessableEntity, f, fe)
	})
}
