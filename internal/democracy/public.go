package democracy

import (
	"net/http"
	"net/url"
	"strings"

	"xaso/internal/docs"

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
	s.Handle("GET "+publicBase+"/ma.png", auth.Public(), p.doorQR)
}

// baseURL is where the pages live: the configured address, else the request's scheme and host.
func (p *pages) baseURL(r *http.Request) string {
	if b := strings.TrimRight(strings.TrimSpace(p.opts.BaseURL), "/"); b != "" {
		return b
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// doorCode is a household number as a resident types it for the door QR, or "".
func doorCode(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 40 || strings.ContainsAny(s, "<>\"\x00") {
		return ""
	}
	return s
}

// doorURL is the hamlet head's door list of the meeting, open at one household: the QR a
// resident shows at the door, which the hamlet head's phone camera opens (signed in).
func (p *pages) doorURL(r *http.Request, meetingID, code string) string {
	return p.baseURL(r) + staffBase + "/hop/" + url.PathEscape(meetingID) + "/diem-danh?" + url.Values{"q": {code}}.Encode()
}

func (p *pages) doorQR(w http.ResponseWriter, r *http.Request) error {
	t, err := publicTenant(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	code := doorCode(q.Get("ho"))
	m, err := p.svc.GetMeeting(r.Context(), t.ID, q.Get("hop"))
	if err != nil || code == "" {
		return errs.E("democracy: door QR", errs.NotFound, "democracy.err.not_found")
	}
	png, err := docs.QRPNG(p.doorURL(r, m.ID, code), 240)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	_, err = w.Write(png)
	return err
}

func publicTenant(r *http.Request) (*web.Tenant, error) {
	if t := web.TenantOf(r); t != nil {
		return t, nil
	}
	return nil, errs.E("democracy: public page", errs.NotFound, "democracy.err.not_found")
}

func (p *pages) public(w http.ResponseWriter, r *http.Request) error {
	web.Cacheable(w) // the same for every visitor not signed in
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
	rp := web.NewParamPager(r, "trang-kq", publicPerPage)
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
	web.Cacheable(w) // the same for every visitor not signed in
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
	code := doorCode(r.URL.Query().Get("ho"))
	w.Header().Set("Cache-Control", "public, max-age=60")
	return p.s.RenderForm(w, r, http.StatusOK, p.pPublicMeeting, "democracy.meeting.title", map[string]any{"M": m, "Results": decisions,
		"Code": code, "QR": publicBase + "/ma.png?" + url.Values{"hop": {m.ID}, "ho": {code}}.Encode()}, url.Values{"ho": {code}}, nil)
}

func (p *pages) publicResult(w http.ResponseWriter, r *http.Request) error {
	web.Cacheable(w) // the same for every visitor not signed in
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
