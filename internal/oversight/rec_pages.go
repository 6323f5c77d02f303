package oversight

import (
	"embed"
	"errors"
	"io/fs"
	"net/http"
	"net/url"

	"xaso/internal/auth"
	"xaso/internal/errs"
	"xaso/internal/web"
)

//go:embed all:rec_templates
var recTemplateFS embed.FS

// Who follows the recommendations: the committee, both boards, the Front.
var (
	recSee  = auth.Roles(auth.Leader, auth.Specialist, auth.Inspection, auth.InvestmentWatch, auth.Front, auth.Admin)
	recStep = auth.Roles(auth.Leader, auth.Specialist, auth.Inspection, auth.InvestmentWatch)
)

type recPages struct {
	s                                 *web.Server
	svc                               *Recommendations
	pList, pItem, pPublic, pPublicOne web.Page
}

// MountRecommendations adds the recommendations' pages:
//
//	GET  /kien-nghi                      staff: every recommendation (?cho=1 waiting, ?tre=1 late, ?trang=)
//	GET  /kien-nghi/{id}                 staff: one, with its answer, what was done, the follow-up
//	POST /kien-nghi/{id}/{step}          tra-loi (the answer), thuc-hien (what was done), dong (the board closes)
//	GET  /kien-nghi-giam-sat             public: every recommendation and whether its answer came in time (?tre=1)
//	GET  /kien-nghi-giam-sat/{id}        public: one
func MountRecommendations(s *web.Server, svc *Recommendations) {
	sub, _ := fs.Sub(recTemplateFS, "rec_templates")
	s.AddTemplates("recommendation", sub)
	p := &recPages{s: s, svc: svc, pList: s.Page("recommendation/list.html"), pItem: s.Page("recommendation/item.html"),
		pPublic: s.Page("recommendation/public.html"), pPublicOne: s.Page("recommendation/public_item.html")}
	s.Handle("GET "+recommendationURL, recSee, p.list)
	s.Handle("GET "+recommendationURL+"/{id}", recSee, p.item)
	s.Handle("POST "+recommendationURL+"/{id}/{step}", recStep, p.step)
	s.Handle("GET "+publicRecURL, auth.Public(), p.public)
	s.Handle("GET "+publicRecURL+"/{id}", auth.Public(), p.publicOne)
}

func (p *recPages) filter(r *http.Request, pager *web.Pager) RecFilter {
	q := r.URL.Query()
	return RecFilter{Waiting: q.Get("cho") == "1", Late: q.Get("tre") == "1", Today: p.svc.Today(), Limit: pager.PerPage, Offset: pager.Offset()}
}

func (p *recPages) list(w http.ResponseWriter, r *http.Request) error {
	pager := web.NewPager(r, 20)
	rows, total, err := p.svc.List(r.Context(), web.TenantOf(r).ID, p.filter(r, pager))
	if err != nil {
		return err
	}
	pager.Total = total
	web.NoStore(w)
	q := r.URL.Query()
	return p.s.RenderForm(w, r, http.StatusOK, p.pList, "recommendation.title", map[string]any{"Rows": rows, "Total": total, "Pager": pager,
		"Today": p.svc.Today()}, url.Values{"cho": {q.Get("cho")}, "tre": {q.Get("tre")}}, nil)
}

// mayStep reports whether u may record step on r: the committee's leader answers for the
// committee; the investor's answer and report are typed in by the supervision board or the
// commune's specialist; each board closes its own.
func mayStep(u *auth.User, r Recommendation, step Step) bool {
	switch step {
	case StepAnswer, StepActed:
		if r.To == ToCommittee {
			return u.Has(auth.Leader) || (step == StepActed && u.Has(auth.Specialist))
		}
		return u.Has(auth.InvestmentWatch) || u.Has(auth.Specialist)
	case StepClose:
		if r.Board == BoardInspection {
			return u.Has(auth.Inspection)
		}
		return u.Has(auth.InvestmentWatch)
	}
	return false
}

func (p *recPages) itemPage(w http.ResponseWriter, r *http.Request, rec Recommendation, status int, form url.Values, fe errs.FieldErrors) error {
	u := web.UserOf(r)
	web.NoStore(w)
	if form == nil {
		form = url.Values{}
	}
	return p.s.RenderForm(w, r, status, p.pItem, "recommendation.title", map[string]any{"R": rec, "Today": p.svc.Today(),
		"MayAnswer": rec.Status == RecOpen && mayStep(u, rec, StepAnswer), "MayAct": rec.Status == RecAnswered && mayStep(u, rec, StepActed),
		"MayClose": rec.Status == RecAnswered && mayStep(u, rec, StepClose)}, form, fe)
}

func (p *recPages) item(w http.ResponseWriter, r *http.Request) error {
	rec, err := p.svc.Get(r.Context(), web.TenantOf(r).ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	return p.itemPage(w, r, rec, http.StatusOK, nil, nil)
}

var steps = map[string]Step{"tra-loi": StepAnswer, "thuc-hien": StepActed, "dong": StepClose}

func (p *recPages) step(w http.ResponseWriter, r *http.Request) error {
	const op = "oversight: recommendation page"
	t := web.TenantOf(r)
	rec, err := p.svc.Get(r.Context(), t.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	step, ok := steps[r.PathValue("step")]
	if !ok {
		return errs.E(op, errs.NotFound, "recommendation.err.not_found")
	}
	if !mayStep(web.UserOf(r), rec, step) {
		return errs.E(op, errs.Forbidden, "recommendation.err.not_yours")
	}
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		return errs.E(op, errs.Invalid, "error.bad_request")
	}
	f := r.PostForm
	_, err = p.svc.Record(r.Context(), t.ID, web.UserOf(r).Actor(), rec.ID, step, StepInput{On: f.Get("on"), Text: f.Get("text")})
	if fe, ok := errs.Fields(err); ok {
		return p.itemPage(w, r, rec, http.StatusUnprocessableEntity, f, fe)
	}
	var e *errs.Error
	if errors.As(err, &e) && e.Kind == errs.Conflict {
		p.s.Flash(w, r, e.Key)
		return web.Redirect(w, r, rec.URL())
	}
	if err != nil {
		return err
	}
	p.s.Flash(w, r, "recommendation.flash."+string(step))
	return web.Redirect(w, r, rec.URL())
}

func (p *recPages) public(w http.ResponseWriter, r *http.Request) error {
	web.Cacheable(w) // the same for every visitor not signed in
	t := web.TenantOf(r)
	if t == nil {
		return errs.E("oversight: public recommendations", errs.NotFound, "recommendation.err.not_found")
	}
	pager := web.NewPager(r, 20)
	rows, total, err := p.svc.List(r.Context(), t.ID, p.filter(r, pager))
	if err != nil {
		return err
	}
	pager.Total = total
	_, lateTotal, err := p.svc.List(r.Context(), t.ID, RecFilter{Late: true, Waiting: true, Today: p.svc.Today(), Limit: 1})
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "public, max-age=60")
	q := r.URL.Query()
	return p.s.RenderForm(w, r, http.StatusOK, p.pPublic, "recommendation.public.title", map[string]any{"Rows": rows, "Total": total,
		"Pager": pager, "Today": p.svc.Today(), "LateWaiting": lateTotal}, url.Values{"tre": {q.Get("tre")}}, nil)
}

func (p *recPages) publicOne(w http.ResponseWriter, r *http.Request) error {
	web.Cacheable(w) // the same for every visitor not signed in
	t := web.TenantOf(r)
	if t == nil {
		return errs.E("oversight: public recommendation", errs.NotFound, "recommendation.err.not_found")
	}
	rec, err := p.svc.Get(r.Context(), t.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "public, max-age=60")
	return p.s.Render(w, r, http.StatusOK, p.pPublicOne, "recommendation.public.title", map[string]any{"R": rec, "Today": p.svc.Today()})
}
