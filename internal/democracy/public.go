package democracy

import (
	"net/http"

	"xaso/internal/auth"
	"xaso/internal/errs"
	"xaso/internal/web"
)

// The public pages: residents see the meetings coming in their hamlet and the results of
// their votes with the arithmetic that decided them (Art. 23: the hamlet head makes the result
// known). No household, name or count of a person appears; pages are small and cacheable.

const publicPerPage = 20

func (p *pages) mountPublic(s *web.Server) {
	s.Handle("GET "+publicBase, auth.Public(), p.public)
	s.Handle("GET "+publicBase+"/{id}", auth.Public(), p.publicMeeting)
	s.Handle("GET "+publicBase+"/ket-qua/{id}", auth.Public(), p.publicResult)
}

func publicTenant(r *http.Request) (*web.Tenant, error) {
	if t := web.TenantOf(r); t != nil {
		return t, nil
	}
	return nil, errs.E("democracy: public page", errs.NotFound, "democracy.err.not_found")
}

func (p *pages) public(w http.ResponseWriter, r *http.Request) error {
	t, err := publicTenant(r)
	if err != nil {
		return err
	}
	hamlets, err := p.svc.Hamlets(r.Context(), t.ID)
	if err != nil {
		return err
	}
	hamlet := r.URL.Query().Get("thon")
	if _, ok := hamletByID(hamlets, hamlet); !ok {
		hamlet = ""
	}
	mp := web.NewPager(r, publicPerPage)
	meetings, mtotal, err := p.svc.Meetings(r.Context(), t.ID, MeetingFilter{HamletID: hamlet, Upcoming: true,
		From: p.svc.Today().At(startOfDay).UTC(), Limit: mp.PerPage, Offset: mp.Offset()})
	if err != nil {
		return err
	}
	mp.Total = mtotal
	rp := newListPager(r, "trang-kq", publicPerPage)
	results, rtotal, err := p.svc.Decisions(r.Context(), t.ID, DecisionFilter{HamletID: hamlet, Final: true, Limit: rp.PerPage, Offset: rp.Offset()})
	if err != nil {
		return err
	}
	rp.Total = rtotal
	votes, _, err := p.svc.Decisions(r.Context(), t.ID, DecisionFilter{HamletID: hamlet, Online: true, Limit: 20})
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "public, max-age=60")
	return p.s.Render(w, r, http.StatusOK, p.pPublic, "democracy.public.title", map[string]any{"Hamlets": hamlets, "Hamlet": hamlet,
		"Meetings": meetings, "MeetingTotal": mtotal, "MeetingPager": mp, "Results": results, "ResultTotal": rtotal, "ResultPager": rp, "Votes": votes})
}

func (p *pages) publicMeeting(w http.ResponseWriter, r *http.Request) error {
	t, err := publicTenant(r)
	if err != nil {
		return err
	}
	m, err := p.svc.GetMeeting(r.Context(), t.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	decisions, _, err := p.svc.Decisions(r.Context(), t.ID, DecisionFilter{MeetingID: m.ID, Final: true, Limit: 50})
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "public, max-age=60")
	return p.s.Render(w, r, http.StatusOK, p.pPublicMeeting, "democracy.meeting.title", map[string]any{"M": m, "Results": decisions})
}

func (p *pages) publicResult(w http.ResponseWriter, r *http.Request) error {
	t, err := publicTenant(r)
	if err != nil {
		return err
	}
	d, err := p.svc.GetDecision(r.Context(), t.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	if d.Status == Counting {
		// A count under way is not a result yet.
		return errs.E("democracy: public result", errs.NotFound, "democracy.err.not_found")
	}
	tally, err := p.svc.Tally(r.Context(), t.ID, d)
	if err != nil {
		return err
	}
	on, err := p.svc.Online(r.Context(), t.ID, d)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "public, max-age=60")
	return p.s.Render(w, r, http.StatusOK, p.pPublicResult, "democracy.result.title", map[string]any{"D": d, "R": tally.Result, "Hash": on.Hash})
}
