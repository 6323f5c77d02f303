package election

import (
	"embed"
	"io/fs"
	"net/http"
	"net/url"
	"strconv"

	"xaso/internal/auth"
	"xaso/internal/errs"
	"xaso/internal/web"
)

// The room's pages: the staff pages under /bau-cu and /mien-nhiem-truong-thon, the public
// page /bau-cu-thon. Each reads a form, calls the Service and draws the answer; every rule is
// the Service's. No page needs JavaScript.

//go:embed all:templates
var templateFS embed.FS

// Who may use which page: the chairman and the Front change; a hamlet head reads its
// hamlets' elections; the admin reads.
var (
	canSee    = auth.Roles(auth.Leader, auth.Front, auth.HamletHead, auth.Admin)
	canChange = auth.Roles(auth.Leader, auth.Front)
	canSet    = auth.Roles(auth.Leader)
)

const (
	perPage     = 20
	staffBase   = "/bau-cu"
	removalBase = "/mien-nhiem-truong-thon"
	publicBase  = "/bau-cu-thon"
)

type pages struct {
	s   *web.Server
	svc *Service

	pList, pNew, pElection, pCount, pRemovals, pRemoval, pSettings, pPublicList, pPublicItem web.Page
}

// Mount adds the room's pages:
//
//	GET       /bau-cu                                 leader, front, hamlet head (its hamlets), admin: elections (?trang=)
//	GET, POST /bau-cu/moi                             leader, front: a new election
//	GET       /bau-cu/cai-dat                         leader, front, hamlet head, admin: term and interim settings; POST: leader
//	GET       /bau-cu/{id}                            as the list: the election, its timeline and warnings, candidates, result
//	POST      /bau-cu/{id}/buoc/{step}                leader, front: record a step (plan, candidates, team, announce)
//	POST      /bau-cu/{id}/ung-cu-vien[/{no}/xoa]     leader, front: add or remove a candidate
//	GET       /bau-cu/{id}/kiem-phieu                 leader, front: the count; POST …/phieu, …/so-phieu, …/nhap-lai, …/ket-thuc
//	POST      /bau-cu/{id}/cong-nhan, /tu-choi        leader (hamlet head), front (boards): recognise or refuse in writing
//	POST      /bau-cu/{id}/bau-lai                    leader, front: decide a new election
//	GET       /bau-cu/{id}/phieu-bau.pdf, /danh-sach-ung-cu-vien.pdf, /bien-ban-kiem-phieu.pdf   as the list
//	GET, POST /mien-nhiem-truong-thon                 removal petitions (GET as the list; POST leader, front)
//	GET       /mien-nhiem-truong-thon/{id}            as the list; POST …/hop, …/tam-thoi, …/bau-cu-moi (leader, front)
//	GET       /bau-cu-thon, /bau-cu-thon/{id}, /bau-cu-thon/{id}/phieu.txt   public: elections, results, the papers
func Mount(s *web.Server, svc *Service) {
	sub, _ := fs.Sub(templateFS, "templates")
	s.AddTemplates("election", sub)
	p := &pages{s: s, svc: svc,
		pList: s.Page("election/list.html"), pNew: s.Page("election/new.html"), pElection: s.Page("election/election.html"),
		pCount: s.Page("election/count.html"), pRemovals: s.Page("election/removals.html"), pRemoval: s.Page("election/removal.html"),
		pSettings: s.Page("election/settings.html"), pPublicList: s.Page("election/public_list.html"), pPublicItem: s.Page("election/public_item.html")}
	s.Handle("GET "+staffBase, canSee, p.list)
	s.Handle("GET "+staffBase+"/moi", canChange, p.newForm)
	s.Handle("POST "+staffBase+"/moi", canChange, p.create)
	s.Handle("GET "+staffBase+"/cai-dat", canSee, p.settings)
	s.Handle("POST "+staffBase+"/cai-dat", canSet, p.saveSettings)
	s.Handle("GET "+staffBase+"/{id}", canSee, p.election)
	s.Handle("POST "+staffBase+"/{id}/buoc/{step}", canChange, p.step)
	s.Handle("POST "+staffBase+"/{id}/ung-cu-vien", canChange, p.addCandidate)
	s.Handle("POST "+staffBase+"/{id}/ung-cu-vien/{no}/xoa", canChange, p.removeCandidate)
	s.Handle("GET "+staffBase+"/{id}/kiem-phieu", canChange, p.count)
	s.Handle("POST "+staffBase+"/{id}/kiem-phieu/phieu", canChange, p.enterPapers)
	s.Handle("POST "+staffBase+"/{id}/kiem-phieu/so-phieu", canChange, p.returns)
	s.Handle("POST "+staffBase+"/{id}/kiem-phieu/nhap-lai", canChange, p.discard)
	s.Handle("POST "+staffBase+"/{id}/kiem-phieu/ket-thuc", canChange, p.finish)
	s.Handle("POST "+staffBase+"/{id}/cong-nhan", canChange, p.resolve(true))
	s.Handle("POST "+staffBase+"/{id}/tu-choi", canChange, p.resolve(false))
	s.Handle("POST "+staffBase+"/{id}/bau-lai", canChange, p.repeat)
	s.Handle("GET "+staffBase+"/{id}/phieu-bau.pdf", canSee, p.ballotPDF)
	s.Handle("GET "+staffBase+"/{id}/danh-sach-ung-cu-vien.pdf", canSee, p.candidatesPDF)
	s.Handle("GET "+staffBase+"/{id}/bien-ban-kiem-phieu.pdf", canSee, p.countPDF)
	s.Handle("GET "+removalBase, canSee, p.removals)
	s.Handle("POST "+removalBase, canChange, p.fileRemoval)
	s.Handle("GET "+removalBase+"/{id}", canSee, p.removal)
	s.Handle("POST "+removalBase+"/{id}/hop", canChange, p.meeting)
	s.Handle("POST "+removalBase+"/{id}/tam-thoi", canChange, p.interim)
	s.Handle("POST "+removalBase+"/{id}/bau-cu-moi", canChange, p.afterRemoval)
	s.Handle("GET "+publicBase, auth.Public(), p.publicList)
	s.Handle("GET "+publicBase+"/{id}", auth.Public(), p.publicItem)
	s.Handle("GET "+publicBase+"/{id}/phieu.txt", auth.Public(), p.publicPapers)
	s.AddHomeCard(p.homeCard)
}

// homeCard shows staff the elections awaiting recognition.
func (p *pages) homeCard(r *http.Request) (web.HomeCard, bool, error) {
	t := web.TenantOf(r)
	if t == nil || !canSee.Allows(web.UserOf(r)) {
		return web.HomeCard{}, false, nil
	}
	scope, err := p.scope(r)
	if err != nil {
		return web.HomeCard{}, false, err
	}
	_, total, err := p.svc.List(r.Context(), t.ID, Filter{Hamlets: scope}, 1, 0)
	if err != nil {
		return web.HomeCard{}, false, err
	}
	return web.HomeCard{Title: "election.title", URL: staffBase, Text: "election.home.card", Args: []any{total}}, true, nil
}

// scope is the hamlets the reader may see: nil for the commune's offices, the hamlets it
// heads for a hamlet head and nothing else.
func (p *pages) scope(r *http.Request) ([]string, error) {
	u := web.UserOf(r)
	if u == nil || u.Has(auth.Leader) || u.Has(auth.Front) || u.Has(auth.Admin) {
		return nil, nil
	}
	return p.svc.HamletsHeadedBy(r.Context(), web.TenantOf(r).ID, u.ID)
}

func readForm(w http.ResponseWriter, r *http.Request) (url.Values, error) {
	r.Body = http.MaxBytesReader(w, r.Body, 256<<10)
	if err := r.ParseForm(); err != nil {
		return nil, errs.E("election: form", errs.Invalid, "error.bad_request")
	}
	return r.PostForm, nil
}

func (p *pages) list(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	web.NoStore(w)
	scope, err := p.scope(r)
	if err != nil {
		return err
	}
	pager := web.NewPager(r, perPage)
	list, total, err := p.svc.List(r.Context(), t.ID, Filter{Hamlets: scope}, pager.PerPage, pager.Offset())
	if err != nil {
		return err
	}
	pager.Total = total
	return p.s.Render(w, r, http.StatusOK, p.pList, "election.title", map[string]any{"Rows": list, "Total": total, "Pager": pager, "Today": p.svc.Today()})
}

func (p *pages) newPage(w http.ResponseWriter, r *http.Request, status int, form url.Values, fe errs.FieldErrors) error {
	web.NoStore(w)
	hamlets, err := p.svc.Hamlets(r.Context(), web.TenantOf(r).ID)
	if err != nil {
		return err
	}
	return p.s.RenderForm(w, r, status, p.pNew, "election.new", map[string]any{"Kinds": Kinds, "Hamlets": hamlets}, form, fe)
}

func (p *pages) newForm(w http.ResponseWriter, r *http.Request) error {
	return p.newPage(w, r, http.StatusOK, url.Values{"kind": {string(HamletHead)}, "seats": {"1"}}, nil)
}

func (p *pages) create(w http.ResponseWriter, r *http.Request) error {
	f, err := readForm(w, r)
	if err != nil {
		return err
	}
	e, err := p.svc.Create(r.Context(), web.TenantOf(r).ID, web.UserOf(r).Actor(), Input{Kind: Kind(f.Get("kind")), HamletID: f.Get("hamlet_id"),
		Title: f.Get("title"), Project: f.Get("project"), Seats: f.Get("seats"), Day: f.Get("day"), Place: f.Get("place")})
	if fe, ok := errs.Fields(err); ok {
		return p.newPage(w, r, http.StatusUnprocessableEntity, f, fe)
	}
	if err != nil {
		return err
	}
	p.s.Flash(w, r, "election.flash.created")
	return web.Redirect(w, r, e.URL())
}

func (p *pages) get(r *http.Request) (Election, error) {
	scope, err := p.scope(r)
	if err != nil {
		return Election{}, err
	}
	return p.svc.Get(r.Context(), web.TenantOf(r).ID, r.PathValue("id"), scope)
}

// electionPage draws the election with a form's values and errors (form names which).
func (p *pages) electionPage(w http.ResponseWriter, r *http.Request, status int, e Election, which string, form url.Values, fe errs.FieldErrors) error {
	web.NoStore(w)
	ctx := r.Context()
	t := web.TenantOf(r)
	data := map[string]any{"E": e, "Timeline": e.Timeline(p.svc.Today()), "Steps": Steps, "Today": p.svc.Today(), "Which": which}
	if e.Done() {
		res, err := p.svc.Result(ctx, t.ID, e)
		if err != nil {
			return err
		}
		data["Result"] = res
	}
	st, err := p.svc.Settings(ctx, t.ID)
	if err != nil {
		return err
	}
	data["Settings"] = st
	if e.Status == Recognised && e.Kind != Investment && e.DecidedOn.Valid() {
		data["TermEnd"] = TermEnd(e.DecidedOn, st.TermMonths)
	}
	u := web.UserOf(r)
	data["MayDecide"] = u != nil && u.Has(e.Kind.Recogniser())
	if form == nil {
		form = url.Values{}
	}
	return p.s.RenderForm(w, r, status, p.pElection, "election.title", data, form, fe)
}

func (p *pages) election(w http.ResponseWriter, r *http.Request) error {
	e, err := p.get(r)
	if err != nil {
		return err
	}
	return p.electionPage(w, r, http.StatusOK, e, "", nil, nil)
}

// act runs a change of an election from a form; field errors draw the election page again
// with the form (which) refilled.
func (p *pages) act(w http.ResponseWriter, r *http.Request, which, flash string, to func(Election) string, fn func(e Election, f url.Values) error) error {
	e, err := p.get(r)
	if err != nil {
		return err
	}
	f, err := readForm(w, r)
	if err != nil {
		return err
	}
	err = fn(e, f)
	if fe, ok := errs.Fields(err); ok {
		if which == "count" {
			return p.countPage(w, r, http.StatusUnprocessableEntity, e, f, fe)
		}
		return p.electionPage(w, r, http.StatusUnprocessableEntity, e, which, f, fe)
	}
	if err != nil {
		return err
	}
	p.s.Flash(w, r, flash)
	if to == nil {
		return web.Redirect(w, r, e.URL())
	}
	return web.Redirect(w, r, to(e))
}

func (p *pages) step(w http.ResponseWriter, r *http.Request) error {
	step := Step(r.PathValue("step"))
	return p.act(w, r, string(step), "election.flash.step", nil, func(e Election, f url.Values) error {
		_, err := p.svc.RecordStep(r.Context(), web.TenantOf(r).ID, e.ID, step, web.UserOf(r).Actor(),
			StepInput{On: f.Get("on"), Ref: f.Get("ref"), Leader: f.Get("leader"), Members: f.Get("members"), How: f.Get("how")})
		return err
	})
}

func (p *pages) addCandidate(w http.ResponseWriter, r *http.Request) error {
	return p.act(w, r, "candidate", "election.flash.candidate", nil, func(e Election, f url.Values) error {
		_, err := p.svc.AddCandidate(r.Context(), web.TenantOf(r).ID, e.ID, web.UserOf(r).Actor(),
			CandidateInput{Name: f.Get("name"), BirthYear: f.Get("birth_year"), Address: f.Get("address"), Note: f.Get("note")})
		return err
	})
}

func (p *pages) removeCandidate(w http.ResponseWriter, r *http.Request) error {
	no, _ := strconv.Atoi(r.PathValue("no"))
	return p.act(w, r, "", "election.flash.candidate_removed", nil, func(e Election, f url.Values) error {
		return p.svc.RemoveCandidate(r.Context(), web.TenantOf(r).ID, e.ID, no, web.UserOf(r).Actor())
	})
}

func (p *pages) countPage(w http.ResponseWriter, r *http.Request, status int, e Election, form url.Values, fe errs.FieldErrors) error {
	web.NoStore(w)
	st, err := p.svc.CountState(r.Context(), web.TenantOf(r).ID, e)
	if err != nil {
		return err
	}
	if form == nil {
		form = url.Values{"papers": {"1"}}
	}
	return p.s.RenderForm(w, r, status, p.pCount, "election.count.title", map[string]any{"E": e, "C": st}, form, fe)
}

func (p *pages) count(w http.ResponseWriter, r *http.Request) error {
	e, err := p.get(r)
	if err != nil {
		return err
	}
	return p.countPage(w, r, http.StatusOK, e, nil, nil)
}

func countURL(e Election) string { return e.URL() + "/kiem-phieu" }

func (p *pages) enterPapers(w http.ResponseWriter, r *http.Request) error {
	return p.act(w, r, "count", "election.flash.papers", countURL, func(e Election, f url.Values) error {
		return p.svc.EnterPapers(r.Context(), web.TenantOf(r).ID, e.ID, web.UserOf(r).Actor(), f["cand"], f.Get("invalid") == "1", f.Get("papers"))
	})
}

func (p *pages) returns(w http.ResponseWriter, r *http.Request) error {
	return p.act(w, r, "count", "election.flash.returns", countURL, func(e Election, f url.Values) error {
		return p.svc.RecordReturns(r.Context(), web.TenantOf(r).ID, e.ID, web.UserOf(r).Actor(), f.Get("issued"), f.Get("returned"))
	})
}

func (p *pages) discard(w http.ResponseWriter, r *http.Request) error {
	return p.act(w, r, "count", "election.flash.discarded", countURL, func(e Election, f url.Values) error {
		return p.svc.DiscardPapers(r.Context(), web.TenantOf(r).ID, e.ID, web.UserOf(r).Actor())
	})
}

func (p *pages) finish(w http.ResponseWriter, r *http.Request) error {
	return p.act(w, r, "count", "election.flash.counted", nil, func(e Election, f url.Values) error {
		_, err := p.svc.FinishCount(r.Context(), web.TenantOf(r).ID, e.ID, web.UserOf(r).Actor(), f.Get("note"))
		return err
	})
}

func (p *pages) resolve(recognise bool) web.HandlerFunc {
	which, flash := "recognise", "election.flash.recognised"
	if !recognise {
		which, flash = "refuse", "election.flash.refused"
	}
	return func(w http.ResponseWriter, r *http.Request) error {
		return p.act(w, r, which, flash, nil, func(e Election, f url.Values) error {
			u := web.UserOf(r)
			_, err := p.svc.Resolve(r.Context(), web.TenantOf(r).ID, e.ID, u.Actor(), u.Roles, recognise,
				DecisionInput{On: f.Get("on"), Ref: f.Get("ref"), Reason: f.Get("reason")})
			return err
		})
	}
}

func (p *pages) repeat(w http.ResponseWriter, r *http.Request) error {
	var next Election
	return p.act(w, r, "repeat", "election.flash.created", func(Election) string { return next.URL() }, func(e Election, f url.Values) error {
		var err error
		next, err = p.svc.Repeat(r.Context(), web.TenantOf(r).ID, e.ID, web.UserOf(r).Actor(), f.Get("day"))
		return err
	})
}

// Settings.

func (p *pages) settingsPage(w http.ResponseWriter, r *http.Request, status int, form url.Values, fe errs.FieldErrors) error {
	web.NoStore(w)
	st, err := p.svc.Settings(r.Context(), web.TenantOf(r).ID)
	if err != nil {
		return err
	}
	if form == nil {
		form = url.Values{"term_months": {strconv.Itoa(st.TermMonths)}, "interim_limit_months": {strconv.Itoa(st.InterimLimitMonths)}}
	}
	return p.s.RenderForm(w, r, status, p.pSettings, "election.settings.title", map[string]any{"S": st, "Terms": TermMonthsAllowed}, form, fe)
}

func (p *pages) settings(w http.ResponseWriter, r *http.Request) error {
	return p.settingsPage(w, r, http.StatusOK, nil, nil)
}

func (p *pages) saveSettings(w http.ResponseWriter, r *http.Request) error {
	f, err := readForm(w, r)
	if err != nil {
		return err
	}
	_, err = p.svc.SaveSettings(r.Context(), web.TenantOf(r).ID, web.UserOf(r).Actor(), f.Get("term_months"), f.Get("interim_limit_months"))
	if fe, ok := errs.Fields(err); ok {
		return p.settingsPage(w, r, http.StatusUnprocessableEntity, f, fe)
	}
	if err != nil {
		return err
	}
	p.s.Flash(w, r, "election.flash.settings")
	return web.Redirect(w, r, staffBase+"/cai-dat")
}
