package onestop

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"xaso/internal/errs"
	"xaso/internal/web"
)

// The public pages: the procedure catalogue and the status page a resident reaches from the
// QR code of the receipt.

func (p *pages) listProcedures(w http.ResponseWriter, r *http.Request) error {
	web.Cacheable(w)
	t, err := tenant(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	pg := web.NewPager(r, DefaultPageSize)
	// Those who edit the catalogue also see the procedures the commune does not receive and
	// those not in force today, to take them up again or prepare a version before its date.
	editor := canEditProcedures.Allows(web.UserOf(r))
	inForce := p.svc.today()
	if editor {
		inForce = ""
	}
	list, total, err := p.svc.Procedures(r.Context(), t.ID, ProcedureFilter{Query: q.Get("q"), Field: q.Get("linh-vuc"),
		ActiveOnly: !editor, InForceOn: inForce, Limit: pg.PerPage, Offset: pg.Offset()})
	if err != nil {
		return err
	}
	pg.Total = total
	fields, err := p.svc.ProcedureFields(r.Context(), t.ID)
	if err != nil {
		return err
	}
	if web.UserOf(r) == nil {
		w.Header().Set("Cache-Control", "public, max-age=60")
		w.Header().Set("Vary", "Cookie")
	}
	return p.s.RenderForm(w, r, http.StatusOK, p.procedures, "onestop.page.procedures.title",
		map[string]any{"Procedures": list, "Fields": fields, "Pager": pg, "Total": total,
			// A page past the end (an old link, a hand-typed ?trang=) says so, with a way back,
			// rather than "found 30" above "no procedure matches".
			"PastEnd": total > 0 && len(list) == 0, "LastURL": lastPageURL(r, pg)}, q, nil)
}

// lastPageURL links to the pager's last page with the same query.
func lastPageURL(r *http.Request, pg *web.Pager) string {
	q := r.URL.Query()
	q.Set("trang", strconv.Itoa(pg.Pages()))
	return r.URL.Path + "?" + q.Encode()
}

// activeProcedure is the procedure of the path, 404 when the commune does not receive it.
func (p *pages) activeProcedure(r *http.Request) (*web.Tenant, Procedure, error) {
	t, err := tenant(r)
	if err != nil {
		return nil, Procedure{}, err
	}
	pr, err := p.svc.Procedure(r.Context(), t.ID, r.PathValue("code"))
	if err != nil {
		return nil, pr, err
	}
	if !pr.Active || !pr.InForce(p.svc.today()) {
		return nil, pr, errs.E("onestop: procedure", errs.NotFound, "onestop.procedure_not_found")
	}
	return t, pr, nil
}

// onlineOpen reports whether the procedure takes dossiers on this portal.
func (p *pages) onlineOpen(pr Procedure) bool {
	return p.deps.Blobs != nil && pr.OnlineAllowed && contains(pr.Channels, "online")
}

func (p *pages) showProcedure(w http.ResponseWriter, r *http.Request) error {
	web.Cacheable(w)
	editor := canEditProcedures.Allows(web.UserOf(r))
	var pr Procedure
	var err error
	if editor {
		// An editor also opens a procedure the commune does not receive, to take it up again.
		_, pr, err = p.editableProcedure(r)
	} else {
		_, pr, err = p.activeProcedure(r)
	}
	if err != nil {
		return err
	}
	if web.UserOf(r) == nil {
		w.Header().Set("Cache-Control", "public, max-age=60")
		w.Header().Set("Vary", "Cookie")
	}
	return p.s.Render(w, r, http.StatusOK, p.procedure, "onestop.page.procedure.title",
		map[string]any{"P": pr, "Online": pr.Active && p.onlineOpen(pr), "CanEdit": editor})
}

func (p *pages) trackForm(w http.ResponseWriter, r *http.Request) error {
	web.Cacheable(w)
	if _, err := tenant(r); err != nil {
		return err
	}
	form := url.Values{"ma": {strings.TrimSpace(r.URL.Query().Get("ma"))}}
	return p.s.RenderForm(w, r, http.StatusOK, p.track, "onestop.page.track.title", map[string]any{}, form, nil)
}

// publicStepView is one line of the public history: offices, never the names of staff
// (their personal data, Decree 13/2023/NĐ-CP).
type publicStepView struct {
	At                   time.Time
	Step, Office, Status string
}

// trackLookup answers the tracking form. The look-up is a POST so that the phone digits stay
// out of addresses, histories and logs; an unknown code and wrong digits give the same answer.
func (p *pages) trackLookup(w http.ResponseWriter, r *http.Request) error {
	t, err := tenant(r)
	if err != nil {
		return err
	}
	if !p.svc.AllowPublic(web.ClientIP(r)) {
		return errs.E("onestop: public lookup", errs.TooMany, "error.too_many")
	}
	w.Header().Set("Cache-Control", "no-store")
	code, last4 := strings.TrimSpace(r.PostFormValue("ma")), strings.TrimSpace(r.PostFormValue("so"))
	form := url.Values{"ma": {code}}
	d, err := p.svc.PublicLookup(r.Context(), t.ID, code, last4)
	if errs.KindOf(err) == errs.NotFound {
		return p.s.RenderForm(w, r, http.StatusNotFound, p.track, "onestop.page.track.title",
			map[string]any{"NotFound": true}, form, nil)
	}
	if err != nil {
		return err
	}
	cal, err := p.svc.calendar(r.Context(), t.ID)
	if err != nil {
		return err
	}
	steps := make([]publicStepView, 0, len(d.History))
	for _, e := range d.History {
		steps = append(steps, publicStepView{At: e.At, Step: p.s.T(r, e.Action.Label()),
			Office: p.s.T(r, officeKey(e)), Status: p.s.T(r, e.StatusAfter.Label())})
	}
	var requested []string
	if d.Status == StateSupplement && len(d.Supplements) > 0 {
		if pr, err := p.svc.Procedure(r.Context(), t.ID, d.ProcedureCode); err == nil {
			for _, id := range d.Supplements[len(d.Supplements)-1].Documents {
				if doc, ok := pr.Document(id); ok {
					requested = append(requested, doc.Name)
				}
			}
		}
	}
	now := p.svc.nowUTC()
	data := map[string]any{"D": d, "Steps": steps, "Requested": requested, "Due": dueState(d, cal, now),
		"DueHelp": p.dueHelp(r, cal, d), "PickUp": p.s.T(r, "onestop.pickup", t.Name, t.Address, t.Hours),
		"ShowReasons": d.Status == StateRejected || d.Status == StateStopped}
	return p.s.RenderForm(w, r, http.StatusOK, p.track, "onestop.page.track.title", data, form, nil)
}
