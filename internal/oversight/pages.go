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

// The People's Inspection Board's pages: the staff pages under /ban-thanh-tra (the board and
// its members, plans and inspections in inspection_pages.go, cases in case_pages.go, the
// printables in inspection_print.go) and the public page /thanh-tra-nhan-dan. Each reads a
// form, calls the Service and draws the answer; every rule is the Service's. No page needs
// JavaScript. The recommendations' pages are mounted apart (MountRecommendations).

//go:embed all:templates
var inspectionTemplateFS embed.FS

// Who may use which page. The board's members (role inspection) work the board's plans and
// cases; the Front (which directs the board and recognises its election) and the committee's
// leader read; the Front, the board and the admin keep the board's term and membership. The
// person who raised a case is shown to the board only: the board supervises the commune's own
// officials (Art. 38), who must not learn from this software who complained about them.
var (
	canSeeBoard  = auth.Roles(auth.Inspection, auth.Front, auth.Leader, auth.Specialist, auth.Admin)
	canSeeCases  = auth.Roles(auth.Inspection, auth.Front, auth.Leader, auth.Admin)
	canKeepBoard = auth.Roles(auth.Inspection, auth.Front, auth.Admin)
	canDirect    = auth.Roles(auth.Front, auth.Admin) // the setting naming the body that directs the boards
	canWork      = auth.Roles(auth.Inspection)
)

const inspectionPerPage = 20

type pages struct {
	s   *web.Server
	svc *Service

	pOverview, pBoardForm, pMemberForm, pPlanForm, pPlan web.Page
	pCases, pCaseForm, pCase, pPublic                    web.Page
}

// Mount adds the room's pages:
//
//	GET       /ban-thanh-tra                               staff: the current board (?ban=: another term), its members with their flags, plans (?trang=)
//	GET, POST /ban-thanh-tra/nhiem-ky/moi                  Front, board, admin: a board for a new term
//	GET, POST /ban-thanh-tra/nhiem-ky/{id}                 a board's term and references
//	GET, POST /ban-thanh-tra/nhiem-ky/{id}/thanh-vien/moi  Front, board, admin: add a member
//	GET, POST /ban-thanh-tra/thanh-vien/{id}               a member; record that the member left
//	GET, POST /ban-thanh-tra/ke-hoach/moi                  board: a plan (?ban=)
//	GET, POST /ban-thanh-tra/ke-hoach/{id}                 a plan with its inspections and their 5-working-day sending
//	POST      /ban-thanh-tra/ke-hoach/{id}/kiem-tra        board: schedule an inspection
//	POST      /ban-thanh-tra/kiem-tra/{id}/gui             board: the day its plan reached the Front, the chairman or the subject
//	POST      /ban-thanh-tra/kiem-tra/{id}/ket-thuc        board: done (with the result) or cancelled
//	GET       /ban-thanh-tra/vu-viec                       the cases (?q=&tt=&trang=)
//	GET, POST /ban-thanh-tra/vu-viec/moi                   board: a case received
//	GET       /ban-thanh-tra/vu-viec/{id}                  a case, its notes, findings, result, recommendations
//	POST      /ban-thanh-tra/vu-viec/{id}/{step}           board: ghi-chu, xac-minh, tra-loi, kien-nghi, dong
//	GET       /ban-thanh-tra/vu-viec/{id}/tra-loi.pdf      the written result to the person who raised it
//	GET       /ban-thanh-tra/vu-viec/{id}/tep/{sha}        board: a file of the case
//	GET       /ban-thanh-tra/bao-cao.pdf                   the report to the Front (?ky=quy|6-thang|nam|nhiem-ky&nam=&phan=)
//	POST      /ban-thanh-tra/co-quan-chi-dao               Front, admin: the body that recognises and directs the boards
//	GET       /thanh-tra-nhan-dan                          public: the board, its members, the public results (?trang=)
func Mount(s *web.Server, svc *Service) {
	sub, _ := fs.Sub(inspectionTemplateFS, "templates")
	s.AddTemplates("inspection", sub)
	p := &pages{s: s, svc: svc,
		pOverview: s.Page("inspection/overview.html"), pBoardForm: s.Page("inspection/board_form.html"),
		pMemberForm: s.Page("inspection/member_form.html"), pPlanForm: s.Page("inspection/plan_form.html"),
		pPlan: s.Page("inspection/plan.html"), pCases: s.Page("inspection/cases.html"),
		pCaseForm: s.Page("inspection/case_form.html"), pCase: s.Page("inspection/case.html"),
		pPublic: s.Page("inspection/public.html")}
	p.mountBoard(s)
	p.mountCases(s)
	p.mountPrint(s)
	s.Handle("GET "+inspectionPublic, auth.Public(), p.public)
	s.AddHomeCard(p.homeCard)
}

// homeCard shows the board and the Front the current term's open cases and the committee's
// answers still owed, flagged when one is past its 15 days.
func (p *pages) homeCard(r *http.Request) (web.HomeCard, bool, error) {
	t := web.TenantOf(r)
	if t == nil || !canSeeCases.Allows(web.UserOf(r)) {
		return web.HomeCard{}, false, nil
	}
	b, ok, err := p.svc.CurrentBoard(r.Context(), t.ID)
	if err != nil || !ok {
		return web.HomeCard{}, false, err
	}
	_, open, err := p.svc.Cases(r.Context(), t.ID, CaseFilter{BoardID: b.ID, Status: CaseOpen, Limit: 1})
	if err != nil {
		return web.HomeCard{}, false, err
	}
	f := RecFilter{Board: BoardInspection, BoardID: b.ID, Waiting: true, Today: p.svc.Today(), Limit: 1}
	_, waiting, err := ListRecommendations(r.Context(), p.svc.d, t.ID, f)
	if err != nil {
		return web.HomeCard{}, false, err
	}
	f.Late = true
	_, late, err := ListRecommendations(r.Context(), p.svc.d, t.ID, f)
	if err != nil {
		return web.HomeCard{}, false, err
	}
	return web.HomeCard{Title: "inspection.title", URL: inspectionBase, Text: "inspection.home.card", Args: []any{open, waiting, late},
		Alert: late > 0}, true, nil
}

// readForm parses a small form.
func readForm(w http.ResponseWriter, r *http.Request) (url.Values, error) {
	r.Body = http.MaxBytesReader(w, r.Body, 256<<10)
	if err := r.ParseForm(); err != nil {
		return nil, errs.E("oversight: form", errs.Invalid, "error.bad_request")
	}
	return r.PostForm, nil
}

// refusal is a refusal the page shows as a flash on the page it came from: its key.
func refusal(err error) (string, bool) {
	var e *errs.Error
	if errors.As(err, &e) && e.Key != "" && (e.Kind == errs.Conflict || (e.Kind == errs.Invalid && e.Key != "error.form_invalid")) {
		return e.Key, true
	}
	return "", false
}

// after answers an action: on success the flash and the redirect; a refusal flashed back;
// field errors drawn again by redraw (flashed when redraw is nil); anything else an error page.
func (p *pages) after(w http.ResponseWriter, r *http.Request, err error, okKey, back string, redraw func(errs.FieldErrors) error) error {
	if err == nil {
		p.s.Flash(w, r, okKey)
		return web.Redirect(w, r, back)
	}
	if fe, ok := errs.Fields(err); ok {
		if redraw != nil {
			return redraw(fe)
		}
		for _, k := range fe {
			p.s.Flash(w, r, k)
			break
		}
		return web.Redirect(w, r, back)
	}
	if key, ok := refusal(err); ok {
		p.s.Flash(w, r, key)
		return web.Redirect(w, r, back)
	}
	return err
}

func (p *pages) public(w http.ResponseWriter, r *http.Request) error {
	web.Cacheable(w) // the same for every visitor not signed in
	t := web.TenantOf(r)
	if t == nil {
		return errs.E("oversight: public", errs.NotFound, "inspection.err.not_found")
	}
	data := map[string]any{}
	b, ok, err := p.svc.CurrentBoard(r.Context(), t.ID)
	if err != nil {
		return err
	}
	pager := web.NewPager(r, inspectionPerPage)
	if ok {
		v, err := p.svc.View(r.Context(), t.ID, b.ID)
		if err != nil {
			return err
		}
		// Residents see names, hamlets and positions: not phones, nor the staff flags.
		type seat struct{ Name, Hamlet, Position string }
		var seats []seat
		for _, m := range v.Serving {
			seats = append(seats, seat{m.FullName, m.Hamlet, string(m.Position)})
		}
		cases, total, err := p.svc.Cases(r.Context(), t.ID, CaseFilter{PublicOnly: true, Limit: pager.PerPage, Offset: pager.Offset()})
		if err != nil {
			return err
		}
		pager.Total = total
		type result struct{ Code, Title, Summary, Status, On string }
		var results []result
		for _, c := range cases {
			results = append(results, result{c.Code(), c.Title, c.PublicSummary, string(c.Status), dayOrEmpty(c.ResultOn)})
		}
		data["Board"], data["Seats"], data["Results"], data["Total"] = b, seats, results, total
		// Law 10/2022 Art. 40: the committee answers within 15 days; its late answers are public.
		_, late, err := ListRecommendations(r.Context(), p.svc.d, t.ID, RecFilter{Board: BoardInspection, BoardID: b.ID, Late: true, Waiting: true,
			Today: p.svc.Today(), Limit: 1})
		if err != nil {
			return err
		}
		data["LateRecs"] = late
	}
	data["Pager"] = pager
	w.Header().Set("Cache-Control", "public, max-age=60")
	return p.s.Render(w, r, http.StatusOK, p.pPublic, "inspection.public.title", data)
}
