package investment

import (
	"net/http"

	"xaso/internal/auth"
	"xaso/internal/web"
)

// The residents' pages: every project with its progress, budget and board; a project with its
// board's members (names, positions, where they come from: no phone numbers), the findings of
// its submitted visits and its recommendations, each linked to the public page of its answer.
// Drafts never show.

func (p *pages) mountPublic(s *web.Server) {
	s.Handle("GET "+publicBase, auth.Public(), p.public)
	s.Handle("GET "+publicBase+"/{id}", auth.Public(), p.publicProject)
}

func (p *pages) public(w http.ResponseWriter, r *http.Request) error {
	web.Cacheable(w) // the same for every visitor not signed in
	t := web.TenantOf(r)
	if t == nil {
		return web.Redirect(w, r, "/")
	}
	pager := web.NewPager(r, perPage)
	rows, total, err := p.svc.Projects(r.Context(), t.ID, ProjectFilter{Words: r.URL.Query().Get("q"), Limit: pager.PerPage, Offset: pager.Offset()})
	if err != nil {
		return err
	}
	pager.Total = total
	cov, err := p.svc.Coverage(r.Context(), t.ID)
	if err != nil {
		return err
	}
	pct, ok := cov.Percent()
	return p.s.Render(w, r, http.StatusOK, p.pPublic, "investment.public.title", map[string]any{"Rows": rows, "Total": total, "Pager": pager,
		"Coverage": cov, "Percent": pct, "HasPercent": ok})
}

func (p *pages) publicProject(w http.ResponseWriter, r *http.Request) error {
	web.Cacheable(w) // the same for every visitor not signed in
	t := web.TenantOf(r)
	if t == nil {
		return web.Redirect(w, r, "/")
	}
	ctx := r.Context()
	x, err := p.svc.Project(ctx, t.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	parts, err := p.svc.Parts(ctx, t.ID, x.ID)
	if err != nil {
		return err
	}
	b, hasBoard, err := p.svc.BoardOf(ctx, t.ID, x.ID)
	if err != nil {
		return err
	}
	pager := web.NewPager(r, perPage)
	visits, total, err := p.svc.Visits(ctx, t.ID, VisitFilter{ProjectID: x.ID, SubmittedOnly: true, Limit: pager.PerPage, Offset: pager.Offset()})
	if err != nil {
		return err
	}
	pager.Total = total
	recs, recTotal, err := p.svc.Recommendations(ctx, t.ID, x.ID, 50, 0)
	if err != nil {
		return err
	}
	return p.s.Render(w, r, http.StatusOK, p.pPublicProject, "investment.project.title", map[string]any{"P": x, "Parts": parts,
		"Board": b, "HasBoard": hasBoard, "Visits": visits, "Pager": pager, "Recs": recs, "RecTotal": recTotal, "Today": p.svc.Today()})
}
