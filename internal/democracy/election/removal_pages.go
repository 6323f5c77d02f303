package election

import (
	"net/http"
	"net/url"

	"xaso/internal/errs"
	"xaso/internal/web"
)

// The removal pages (Decree 59 Art. 9): the petitions, the meeting, the interim head, the new
// election.

func (p *pages) removalsPage(w http.ResponseWriter, r *http.Request, status int, form url.Values, fe errs.FieldErrors) error {
	web.NoStore(w)
	t := web.TenantOf(r)
	scope, err := p.scope(r)
	if err != nil {
		return err
	}
	pager := web.NewPager(r, perPage)
	list, total, err := p.svc.Removals(r.Context(), t.ID, scope, pager.PerPage, pager.Offset())
	if err != nil {
		return err
	}
	pager.Total = total
	hamlets, err := p.svc.Hamlets(r.Context(), t.ID)
	if err != nil {
		return err
	}
	if form == nil {
		form = url.Values{"received_on": {p.svc.Today().String()}}
	}
	return p.s.RenderForm(w, r, status, p.pRemovals, "election.removal.title", map[string]any{"Rows": list, "Total": total, "Pager": pager,
		"Hamlets": hamlets}, form, fe)
}

func (p *pages) removals(w http.ResponseWriter, r *http.Request) error {
	return p.removalsPage(w, r, http.StatusOK, nil, nil)
}

func (p *pages) fileRemoval(w http.ResponseWriter, r *http.Request) error {
	f, err := readForm(w, r)
	if err != nil {
		return err
	}
	rm, err := p.svc.FileRemoval(r.Context(), web.TenantOf(r).ID, web.UserOf(r).Actor(), RemovalInput{HamletID: f.Get("hamlet_id"),
		HeadName: f.Get("head_name"), ReceivedOn: f.Get("received_on"), Supporters: f.Get("supporters"), Reason: f.Get("reason"),
		FrontHeadIsHead: f.Get("front_head_is_head") == "1"})
	if fe, ok := errs.Fields(err); ok {
		return p.removalsPage(w, r, http.StatusUnprocessableEntity, f, fe)
	}
	if err != nil {
		return err
	}
	p.s.Flash(w, r, "election.flash.removal")
	return web.Redirect(w, r, rm.URL())
}

func (p *pages) getRemoval(r *http.Request) (Removal, error) {
	scope, err := p.scope(r)
	if err != nil {
		return Removal{}, err
	}
	return p.svc.Removal(r.Context(), web.TenantOf(r).ID, r.PathValue("id"), scope)
}

func (p *pages) removalPage(w http.ResponseWriter, r *http.Request, status int, rm Removal, form url.Values, fe errs.FieldErrors) error {
	web.NoStore(w)
	st, err := p.svc.Settings(r.Context(), web.TenantOf(r).ID)
	if err != nil {
		return err
	}
	if form == nil {
		form = url.Values{}
	}
	today := p.svc.Today()
	return p.s.RenderForm(w, r, status, p.pRemoval, "election.removal.title", map[string]any{"R": rm, "Settings": st, "Today": today,
		"InterimEnds": TermEnd(rm.InterimSince, st.InterimLimitMonths), "InterimOver": InterimOver(rm.InterimSince, today, st.InterimLimitMonths),
		"NewElectionLate": rm.Status == RemovedHead && rm.NewElectionID == "" && today.After(rm.NewElectionBy())}, form, fe)
}

func (p *pages) removal(w http.ResponseWriter, r *http.Request) error {
	rm, err := p.getRemoval(r)
	if err != nil {
		return err
	}
	return p.removalPage(w, r, http.StatusOK, rm, nil, nil)
}

func (p *pages) removalAct(w http.ResponseWriter, r *http.Request, flash string, fn func(rm Removal, f url.Values) (string, error)) error {
	rm, err := p.getRemoval(r)
	if err != nil {
		return err
	}
	f, err := readForm(w, r)
	if err != nil {
		return err
	}
	to, err := fn(rm, f)
	if fe, ok := errs.Fields(err); ok {
		return p.removalPage(w, r, http.StatusUnprocessableEntity, rm, f, fe)
	}
	if err != nil {
		return err
	}
	p.s.Flash(w, r, flash)
	if to == "" {
		to = rm.URL()
	}
	return web.Redirect(w, r, to)
}

func (p *pages) meeting(w http.ResponseWriter, r *http.Request) error {
	return p.removalAct(w, r, "election.flash.meeting", func(rm Removal, f url.Values) (string, error) {
		_, err := p.svc.RecordMeeting(r.Context(), web.TenantOf(r).ID, rm.ID, web.UserOf(r).Actor(), f.Get("on"), f.Get("votes_for"))
		return "", err
	})
}

func (p *pages) interim(w http.ResponseWriter, r *http.Request) error {
	return p.removalAct(w, r, "election.flash.interim", func(rm Removal, f url.Values) (string, error) {
		_, err := p.svc.RecordInterim(r.Context(), web.TenantOf(r).ID, rm.ID, web.UserOf(r).Actor(), f.Get("interim_name"), f.Get("interim_since"))
		return "", err
	})
}

func (p *pages) afterRemoval(w http.ResponseWriter, r *http.Request) error {
	return p.removalAct(w, r, "election.flash.created", func(rm Removal, f url.Values) (string, error) {
		e, err := p.svc.NewElectionAfterRemoval(r.Context(), web.TenantOf(r).ID, rm.ID, web.UserOf(r).Actor(), f.Get("day"), f.Get("place"))
		return e.URL(), err
	})
}
