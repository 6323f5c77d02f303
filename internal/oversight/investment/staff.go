package investment

import (
	"net/http"
	"net/url"
	"strconv"

	"xaso/internal/errs"
	"xaso/internal/oversight"
	"xaso/internal/web"
)

func (p *pages) mountRegistry(s *web.Server) {
	s.Handle("GET "+staffBase, canSee, p.registry)
	s.Handle("GET "+staffBase+"/moi", canRegistry, p.newProject)
	s.Handle("POST "+staffBase+"/moi", canRegistry, p.createProject)
	s.Handle("GET "+staffBase+"/{id}", canSee, p.project)
	s.Handle("GET "+staffBase+"/{id}/sua", canRegistry, p.editProject)
	s.Handle("POST "+staffBase+"/{id}/sua", canRegistry, p.saveProject)
	s.Handle("POST "+staffBase+"/{id}/nguon", canRegistry, p.addSource)
	s.Handle("POST "+staffBase+"/{id}/nguon/{part}/xoa", canRegistry, p.removeSource)
	s.Handle("POST "+staffBase+"/{id}/ben", canRegistry, p.addParty)
	s.Handle("POST "+staffBase+"/{id}/ben/{part}/xoa", canRegistry, p.removeParty)
	s.Handle("POST "+staffBase+"/{id}/cong-khai", canRegistry, p.addDisclosure)
	s.Handle("POST "+staffBase+"/{id}/cong-khai/{part}", canRegistry, p.markDisclosed)
}

func (p *pages) registry(w http.ResponseWriter, r *http.Request) error {
	cid, _ := actor(r)
	web.NoStore(w)
	q := r.URL.Query()
	pager := web.NewPager(r, perPage)
	f := ProjectFilter{Status: Status(q.Get("tt")), Words: q.Get("q"), NoBoard: q.Get("chua-co-ban") == "1", Limit: pager.PerPage, Offset: pager.Offset()}
	if f.Status != "" && !validStatus(f.Status) {
		f.Status = ""
	}
	rows, total, err := p.svc.Projects(r.Context(), cid, f)
	if err != nil {
		return err
	}
	pager.Total = total
	cov, err := p.svc.Coverage(r.Context(), cid)
	if err != nil {
		return err
	}
	pct, ok := cov.Percent()
	return p.s.RenderForm(w, r, http.StatusOK, p.pRegistry, "investment.title", map[string]any{"Rows": rows, "Total": total, "Pager": pager,
		"Coverage": cov, "Percent": pct, "HasPercent": ok, "Statuses": Statuses},
		url.Values{"q": {q.Get("q")}, "tt": {string(f.Status)}, "chua-co-ban": {q.Get("chua-co-ban")}}, nil)
}

func validStatus(s Status) bool {
	for _, x := range Statuses {
		if x == s {
			return true
		}
	}
	return false
}

func readProjectForm(f url.Values) ProjectInput {
	return ProjectInput{Kind: Kind(f.Get("kind")), Name: f.Get("name"), Investor: f.Get("investor"), DecisionMaker: f.Get("decision_maker"),
		DecRef: f.Get("decision_ref"), StartOn: f.Get("start_on"), EndOn: f.Get("end_on"), Status: Status(f.Get("status")),
		Progress: f.Get("progress"), Note: f.Get("note"), HamletIDs: f["hamlets"]}
}

func projectForm(x Project) url.Values {
	return url.Values{"kind": {string(x.Kind)}, "name": {x.Name}, "investor": {x.Investor}, "decision_maker": {x.DecisionMaker},
		"decision_ref": {x.DecisionRef}, "start_on": {dayText(x.StartOn)}, "end_on": {dayText(x.EndOn)}, "status": {string(x.Status)},
		"progress": {strconv.Itoa(x.Progress)}, "note": {x.Note}, "hamlets": x.HamletIDs}
}

func (p *pages) projectFormPage(w http.ResponseWriter, r *http.Request, status int, x *Project, form url.Values, fe errs.FieldErrors) error {
	web.NoStore(w)
	cid, _ := actor(r)
	hs, err := p.svc.Hamlets(r.Context(), cid)
	if err != nil {
		return err
	}
	title, action := "investment.project.new", staffBase+"/moi"
	if x != nil {
		title, action = "investment.project.edit", x.URL()+"/sua"
	}
	chosen := map[string]bool{}
	for _, id := range form["hamlets"] {
		chosen[id] = true
	}
	return p.s.RenderForm(w, r, status, p.pProjectForm, title, map[string]any{"P": x, "Action": action, "Heading": title,
		"Kinds": Kinds, "Statuses": Statuses, "Hamlets": hs, "Chosen": chosen}, form, fe)
}

func (p *pages) newProject(w http.ResponseWriter, r *http.Request) error {
	return p.projectFormPage(w, r, http.StatusOK, nil, url.Values{"status": {string(Preparing)}, "kind": {string(KindPublic)}}, nil)
}

func (p *pages) createProject(w http.ResponseWriter, r *http.Request) error {
	cid, u := actor(r)
	f, err := readForm(w, r)
	if err != nil {
		return err
	}
	x, err := p.svc.CreateProject(r.Context(), cid, u.Actor(), readProjectForm(f))
	return p.after(w, r, err, "investment.project.created", x.URL(), func(fe errs.FieldErrors) error {
		return p.projectFormPage(w, r, http.StatusUnprocessableEntity, nil, f, fe)
	})
}

func (p *pages) editProject(w http.ResponseWriter, r *http.Request) error {
	cid, _ := actor(r)
	x, err := p.svc.Project(r.Context(), cid, r.PathValue("id"))
	if err != nil {
		return err
	}
	return p.projectFormPage(w, r, http.StatusOK, &x, projectForm(x), nil)
}

func (p *pages) saveProject(w http.ResponseWriter, r *http.Request) error {
	cid, u := actor(r)
	x, err := p.svc.Project(r.Context(), cid, r.PathValue("id"))
	if err != nil {
		return err
	}
	f, err := readForm(w, r)
	if err != nil {
		return err
	}
	_, err = p.svc.UpdateProject(r.Context(), cid, u.Actor(), x.ID, readProjectForm(f))
	return p.after(w, r, err, "investment.project.saved", x.URL(), func(fe errs.FieldErrors) error {
		return p.projectFormPage(w, r, http.StatusUnprocessableEntity, &x, f, fe)
	})
}

// project draws a project: its facts, sources, parties, disclosure checklist, its board in
// short, its visits and recommendations, and the forms its readers may use.
func (p *pages) project(w http.ResponseWriter, r *http.Request) error {
	return p.projectPage(w, r, http.StatusOK, nil, nil)
}

func (p *pages) projectPage(w http.ResponseWriter, r *http.Request, status int, form url.Values, fe errs.FieldErrors) error {
	cid, u := actor(r)
	ctx := r.Context()
	web.NoStore(w)
	x, err := p.svc.Project(ctx, cid, r.PathValue("id"))
	if err != nil {
		return err
	}
	parts, err := p.svc.Parts(ctx, cid, x.ID)
	if err != nil {
		return err
	}
	b, hasBoard, err := p.svc.BoardOf(ctx, cid, x.ID)
	if err != nil {
		return err
	}
	member := hasBoard && b.HasAccount(u.ID)
	vp := web.NewPager(r, perPage)
	var visits []Visit
	if seeAll.Allows(u) || member {
		var total int
		if visits, total, err = p.svc.Visits(ctx, cid, VisitFilter{ProjectID: x.ID, Limit: vp.PerPage, Offset: vp.Offset()}); err != nil {
			return err
		}
		vp.Total = total
	}
	recs, recTotal, err := p.svc.Recommendations(ctx, cid, x.ID, 50, 0)
	if err != nil {
		return err
	}
	if form == nil {
		form = url.Values{"rec_to": {string(oversight.ToInvestor)}, "rec_sent_on": {p.svc.Today().String()}}
	}
	today := p.svc.Today()
	return p.s.RenderForm(w, r, status, p.pProject, "investment.project.title", map[string]any{"P": x, "Parts": parts, "Board": b,
		"HasBoard": hasBoard, "Member": member, "Visits": visits, "VisitPager": vp, "Recs": recs, "RecTotal": recTotal, "Today": today,
		"PartyRoles": PartyRoles, "Suggested": SuggestedDisclosures, "Checklist": Checklist(x.Kind),
		"CanRegistry": canRegistry.Allows(u)}, form, fe)
}

// part runs a change of a project's part from the project page, redrawing the page with the
// form's errors.
func (p *pages) part(w http.ResponseWriter, r *http.Request, okKey, anchor string, do func(cid string, f url.Values) error) error {
	cid, _ := actor(r)
	f, err := readForm(w, r)
	if err != nil {
		return err
	}
	err = do(cid, f)
	return p.after(w, r, err, okKey, staffBase+"/"+r.PathValue("id")+anchor, func(fe errs.FieldErrors) error {
		return p.projectPage(w, r, http.StatusUnprocessableEntity, f, fe)
	})
}

func (p *pages) addSource(w http.ResponseWriter, r *http.Request) error {
	return p.part(w, r, "investment.source.added", "#nguon-von", func(cid string, f url.Values) error {
		return p.svc.AddSource(r.Context(), cid, web.UserOf(r).Actor(), r.PathValue("id"),
			SourceInput{Source: f.Get("source"), Amount: f.Get("amount"), Residents: f.Get("residents") == "1"})
	})
}

func (p *pages) removeSource(w http.ResponseWriter, r *http.Request) error {
	return p.part(w, r, "investment.removed", "#nguon-von", func(cid string, f url.Values) error {
		return p.svc.RemoveSource(r.Context(), cid, web.UserOf(r).Actor(), r.PathValue("id"), r.PathValue("part"))
	})
}

func (p *pages) addParty(w http.ResponseWriter, r *http.Request) error {
	return p.part(w, r, "investment.party.added", "#cac-ben", func(cid string, f url.Values) error {
		return p.svc.AddParty(r.Context(), cid, web.UserOf(r).Actor(), r.PathValue("id"), PartyInput{Role: PartyRole(f.Get("party_role")), Name: f.Get("party_name")})
	})
}

func (p *pages) removeParty(w http.ResponseWriter, r *http.Request) error {
	return p.part(w, r, "investment.removed", "#cac-ben", func(cid string, f url.Values) error {
		return p.svc.RemoveParty(r.Context(), cid, web.UserOf(r).Actor(), r.PathValue("id"), r.PathValue("part"))
	})
}

func (p *pages) addDisclosure(w http.ResponseWriter, r *http.Request) error {
	return p.part(w, r, "investment.disclosure.added", "#cong-khai", func(cid string, f url.Values) error {
		return p.svc.AddDisclosure(r.Context(), cid, web.UserOf(r).Actor(), r.PathValue("id"),
			DisclosureInput{Item: f.Get("item"), DueOn: f.Get("due_on"), DisclosedOn: f.Get("disclosed_on"), Note: f.Get("item_note")})
	})
}

func (p *pages) markDisclosed(w http.ResponseWriter, r *http.Request) error {
	return p.part(w, r, "investment.disclosure.marked", "#cong-khai", func(cid string, f url.Values) error {
		return p.svc.MarkDisclosed(r.Context(), cid, web.UserOf(r).Actor(), r.PathValue("id"), r.PathValue("part"), f.Get("disclosed_on"))
	})
}
