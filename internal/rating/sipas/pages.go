package sipas

import (
	"embed"
	"io/fs"
	"net/http"
	"net/url"
	"time"

	"xaso/internal/auth"
	"xaso/internal/errs"
	"xaso/internal/web"
)

// The room's pages: the public questionnaire (/khao-sat/{token}) and the public result
// (/chi-so-hai-long/ket-qua) in this file, the staff pages under /chi-so-hai-long (staff.go),
// the printable questionnaire and the CSV (print.go). Each reads a form, calls the Service and
// draws the answer; every rule is the Service's. No page needs JavaScript.

//go:embed all:templates
var templateFS embed.FS

// Who may use which page: the chairman and the specialists run surveys; the desk officers,
// who meet the applicants, read them and type in paper questionnaires; the chairman sets the
// year's target.
var (
	canSee    = auth.Roles(auth.Leader, auth.Specialist, auth.Desk)
	canManage = auth.Roles(auth.Leader, auth.Specialist)
	canType   = auth.Roles(auth.Leader, auth.Specialist, auth.Desk)
	canTarget = auth.Roles(auth.Leader)
	canCard   = auth.Roles(auth.Leader)
)

const (
	staffBase   = "/chi-so-hai-long"
	publicBase  = "/khao-sat"
	resultsPath = staffBase + "/ket-qua"
	perPage     = 20
	samplePage  = 50
	commentPage = 20
	resultsPage = 10
	// A questionnaire is a few kilobytes: the form is refused past this size.
	maxAnswerForm = 32 << 10
	// The public form takes this many posts per address in answerWindow.
	answersPerAddr = 30
	answerWindow   = 15 * time.Minute
)

// Options are what the pages need beyond the Service.
type Options struct {
	// BaseURL is the site's address, printed on the paper questionnaire with its link
	// ("https://xa-binhyen.gov.vn"); "" prints the path only.
	BaseURL string
}

type pages struct {
	s       *web.Server
	svc     *Service
	base    string
	answers *auth.Throttle

	pAnswer, pResults                                 web.Page
	pList, pForm, pDetail, pPaper, pMethods, pTargets web.Page
}

// Mount adds the room's pages:
//
//	GET, POST /khao-sat/{token}                       public: the questionnaire of an invitation; once sent, the thanks
//	GET       /chi-so-hai-long/ket-qua                public: the index of closed surveys, no personal data (?khao-sat=&trang=)
//	GET       /chi-so-hai-long                        leader, specialist, desk: surveys, the years against their targets (?trang=)
//	GET, POST /chi-so-hai-long/moi                    leader, specialist: a new survey and its sample
//	GET       /chi-so-hai-long/phuong-phap            leader, specialist, desk: the methods; POST leader, specialist: load one (JSON)
//	GET       /chi-so-hai-long/muc-tieu               leader, specialist, desk: the targets; POST leader: set a year's
//	GET       /chi-so-hai-long/{id}                   leader, specialist, desk: the survey, its index and sample (?tra-loi=&ma=&trang=&y-kien=)
//	GET, POST /chi-so-hai-long/{id}/phieu-giay        leader, specialist, desk: type in a paper questionnaire (?moi=)
//	GET       /chi-so-hai-long/{id}/phieu/{inv}/phieu.pdf  leader, specialist, desk: the paper questionnaire of an invitation (Decree 30 layout)
//	GET       /chi-so-hai-long/{id}/tra-loi.csv       leader, specialist, desk: the answers, without personal data
//	POST      /chi-so-hai-long/{id}/ket-thuc          leader, specialist: close the survey (its index becomes public)
func Mount(s *web.Server, svc *Service, o Options) {
	sub, _ := fs.Sub(templateFS, "templates")
	s.AddTemplates("sipas", sub)
	p := &pages{s: s, svc: svc, base: o.BaseURL, answers: auth.NewThrottle(answersPerAddr, answerWindow, svc.now),
		pAnswer: s.Page("sipas/answer.html"), pResults: s.Page("sipas/results.html"),
		pList: s.Page("sipas/list.html"), pForm: s.Page("sipas/form.html"), pDetail: s.Page("sipas/detail.html"),
		pPaper: s.Page("sipas/paper.html"), pMethods: s.Page("sipas/methods.html"), pTargets: s.Page("sipas/targets.html")}
	public := auth.Public()
	s.Handle("GET "+publicBase+"/{token}", public, p.answerPage)
	s.Handle("POST "+publicBase+"/{token}", public, p.answerSubmit)
	s.Handle("GET "+resultsPath, public, p.results)
	p.mountStaff(s)
}

func tenant(r *http.Request) (*web.Tenant, error) {
	if t := web.TenantOf(r); t != nil {
		return t, nil
	}
	return nil, errs.E("sipas: page", errs.NotFound, "sipas.err.not_found")
}

// answerView draws the questionnaire of an invitation: the form while the survey is open and
// the invitation unanswered, else the thanks or the notice that the survey is over.
func (p *pages) answerView(w http.ResponseWriter, r *http.Request, status int, i Invitation, v Survey, form url.Values, fe errs.FieldErrors) error {
	web.NoStore(w)
	w.Header().Set("Referrer-Policy", "no-referrer") // the token is in the address
	data := map[string]any{"I": i, "S": v, "Open": v.Status == Open && !i.Answered()}
	if v.Status == Open && !i.Answered() {
		m, err := p.svc.Method(r.Context(), web.TenantOf(r).ID, v.MethodID)
		if err != nil {
			return err
		}
		data["Method"] = m
	}
	if form == nil {
		form = url.Values{}
	}
	return p.s.RenderForm(w, r, status, p.pAnswer, "sipas.answer.title", data, form, fe)
}

func (p *pages) answerPage(w http.ResponseWriter, r *http.Request) error {
	t, err := tenant(r)
	if err != nil {
		return err
	}
	i, v, err := p.svc.ByToken(r.Context(), t.ID, r.PathValue("token"))
	if err != nil {
		return err
	}
	return p.answerView(w, r, http.StatusOK, i, v, nil, nil)
}

// answerSubmit takes the questionnaire sent by the link. Cross-origin posts are refused by
// the shell; here, the size of the form and the rate per address. The answer is the page
// itself, redirected, so that reloading it sends nothing twice.
func (p *pages) answerSubmit(w http.ResponseWriter, r *http.Request) error {
	const op = "sipas: public answer"
	t, err := tenant(r)
	if err != nil {
		return err
	}
	web.NoStore(w)
	r.Body = http.MaxBytesReader(w, r.Body, maxAnswerForm)
	if err := r.ParseForm(); err != nil {
		return errs.E(op, errs.TooLarge, "sipas.err.form_too_large")
	}
	if !p.answers.Take(web.ClientIP(r)) {
		return errs.E(op, errs.TooMany, "sipas.err.too_many")
	}
	token := r.PathValue("token")
	err = p.svc.AnswerOnline(r.Context(), t.ID, token, r.PostForm)
	if fe, ok := errs.Fields(err); ok {
		i, v, err := p.svc.ByToken(r.Context(), t.ID, token)
		if err != nil {
			return err
		}
		return p.answerView(w, r, http.StatusUnprocessableEntity, i, v, r.PostForm, fe)
	}
	if err != nil {
		return err
	}
	p.s.Flash(w, r, "sipas.flash.answered")
	return web.Redirect(w, r, publicBase+"/"+url.PathEscape(token))
}

// results is the public index of the closed surveys: the chosen one (?khao-sat=, the latest
// by default) in full, the others listed. No name, phone or dossier code is on it.
func (p *pages) results(w http.ResponseWriter, r *http.Request) error {
	web.Cacheable(w) // the same for every visitor not signed in
	t, err := tenant(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	pager := web.NewPager(r, resultsPage)
	list, total, err := p.svc.List(ctx, t.ID, Filter{Status: Closed, Limit: pager.PerPage, Offset: pager.Offset()})
	if err != nil {
		return err
	}
	pager.Total = total
	indexes, err := p.svc.Indexes(ctx, t.ID, list)
	if err != nil {
		return err
	}
	data := map[string]any{"Rows": list, "Indexes": indexes, "Pager": pager, "Total": total}
	var chosen *Survey
	if id := r.URL.Query().Get("khao-sat"); id != "" && len(id) <= 64 {
		v, err := p.svc.Get(ctx, t.ID, id)
		if err != nil && errs.KindOf(err) != errs.NotFound {
			return err
		}
		if err == nil && v.Status == Closed {
			chosen = &v
		}
	} else if len(list) > 0 && pager.Page == 1 {
		chosen = &list[0]
	}
	if chosen != nil {
		idx, err := p.svc.Index(ctx, t.ID, *chosen)
		if err != nil {
			return err
		}
		data["S"], data["Index"] = *chosen, idx
		target, ok, err := p.svc.TargetOf(ctx, t.ID, chosen.Year)
		if err != nil {
			return err
		}
		if ok {
			data["Target"] = target
		}
	}
	w.Header().Set("Cache-Control", "public, max-age=60")
	return p.s.Render(w, r, http.StatusOK, p.pResults, "sipas.results.title", data)
}
