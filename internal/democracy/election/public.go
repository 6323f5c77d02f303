package election

import (
	"net/http"

	"xaso/internal/errs"
	"xaso/internal/web"
)

// The public page: elections once announced, and their results with the arithmetic of the
// threshold and the hash of the papers, which anyone may check against the list of papers.

func (p *pages) publicList(w http.ResponseWriter, r *http.Request) error {
	web.Cacheable(w) // the same for every visitor not signed in
	t := web.TenantOf(r)
	if t == nil {
		return errs.E("election: public", errs.NotFound, "election.err.not_found")
	}
	pager := web.NewPager(r, perPage)
	list, total, err := p.svc.List(r.Context(), t.ID, Filter{PublicOnly: true}, pager.PerPage, pager.Offset())
	if err != nil {
		return err
	}
	pager.Total = total
	w.Header().Set("Cache-Control", "public, max-age=60")
	return p.s.Render(w, r, http.StatusOK, p.pPublicList, "election.public.title", map[string]any{"Rows": list, "Total": total, "Pager": pager})
}

func (p *pages) public(r *http.Request) (Election, error) {
	t := web.TenantOf(r)
	if t == nil {
		return Election{}, errs.E("election: public", errs.NotFound, "election.err.not_found")
	}
	e, err := p.svc.Get(r.Context(), t.ID, r.PathValue("id"), nil)
	if err != nil {
		return Election{}, err
	}
	if !e.Public() {
		return Election{}, errs.E("election: public", errs.NotFound, "election.err.not_found")
	}
	return e, nil
}

func (p *pages) publicItem(w http.ResponseWriter, r *http.Request) error {
	web.Cacheable(w) // the same for every visitor not signed in
	e, err := p.public(r)
	if err != nil {
		return err
	}
	data := map[string]any{"E": e}
	if e.Done() {
		res, err := p.svc.Result(r.Context(), web.TenantOf(r).ID, e)
		if err != nil {
			return err
		}
		data["Result"] = res
	}
	w.Header().Set("Cache-Control", "public, max-age=60")
	return p.s.Render(w, r, http.StatusOK, p.pPublicItem, "election.public.title", data)
}

func (p *pages) publicPapers(w http.ResponseWriter, r *http.Request) error {
	e, err := p.public(r)
	if err != nil {
		return err
	}
	if !e.Done() {
		return errs.E("election: papers", errs.NotFound, "election.err.not_found")
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=60")
	return p.svc.Papers(r.Context(), web.TenantOf(r).ID, e, w)
}
