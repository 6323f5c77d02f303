package investment

import (
	"embed"
	"errors"
	"io/fs"
	"maps"
	"net/http"
	"net/url"
	"slices"

	"xaso/internal/auth"
	"xaso/internal/errs"
	"xaso/internal/web"
)

// The room's pages: the staff pages under /du-an (the registry and a project: staff.go; its
// board: staff_board.go; its site visits: staff_visits.go; the report PDF: print.go) and the
// public pages under /giam-sat-dau-tu (public.go). Each reads a form, calls the Service and
// draws the answer; every rule is the Service's. No page needs JavaScript; the site-visit
// form uses draft.js, when it runs, to keep what was typed through a dropped link.

//go:embed all:templates
var templateFS embed.FS

const perPage = 20

// Who may use which page: the boards' members, the Front, the committee's leader and
// specialists read; the leader and specialists keep the registry; the Front sets up the
// boards; a board's serving members (checked by the Service) change its visits and recommend.
var (
	canSee      = auth.Roles(auth.InvestmentWatch, auth.Front, auth.Leader, auth.Specialist, auth.Admin)
	canRegistry = auth.Roles(auth.Leader, auth.Specialist)
	canBoard    = auth.Roles(auth.Front)
	canVisit    = auth.Roles(auth.InvestmentWatch)
	// seeAll are the roles that read every board's visits; a member alone reads its boards'.
	seeAll = auth.Roles(auth.Front, auth.Leader, auth.Specialist, auth.Admin)
)

type pages struct {
	s   *web.Server
	svc *Service

	pRegistry, pProjectForm, pProject, pBoard, pVisitForm, pVisit, pReports web.Page
	pPublic, pPublicProject                                                 web.Page
}

// Mount adds the room's pages:
//
//	GET       /du-an                               staff: the registry (?trang=&q=&tt=&chua-co-ban=1) and the coverage
//	GET, POST /du-an/moi                           leader, specialist: add a project
//	GET       /du-an/{id}                          staff: a project, its sources, parties, disclosures, visits, recommendations
//	GET, POST /du-an/{id}/sua                      leader, specialist: change it (done dissolves its board)
//	POST      /du-an/{id}/nguon[/{part}/xoa]       add or remove a budget source
//	POST      /du-an/{id}/ben[/{part}/xoa]         add or remove a party
//	POST      /du-an/{id}/cong-khai[/{part}]       add a disclosure item, or record the day it was disclosed
//	GET       /du-an/{id}/ban                      staff: the board, its members and their flags
//	POST      /du-an/{id}/ban                      Front: set up the board
//	POST      /du-an/{id}/ban/sua                  Front: change its decision, start day and plan
//	POST      /du-an/{id}/ban/thong-bao            Front: the day the investor was notified
//	POST      /du-an/{id}/ban/thanh-vien[/{mid}]   Front: add a member, or change one (declaration)
//	POST      /du-an/{id}/ban/thanh-vien/{mid}/roi Front: a member leaves
//	GET       /du-an/{id}/ban/bao-cao              staff: choose a report period
//	GET       /du-an/{id}/ban/bao-cao.pdf          the board's report to the Front (?ky=quy|nua-nam|nhiem-ky&nam=&so=)
//	GET, POST /du-an/{id}/giam-sat/moi             board member: a site visit (draft or submit)
//	GET, POST /du-an/{id}/giam-sat/{vid}           a visit; its member goes on with a draft
//	GET       /du-an/{id}/giam-sat/{vid}/anh/{sha} a photo of a visit
//	POST      /du-an/{id}/kien-nghi                board member: a recommendation (or a request to suspend)
//	GET       /du-an/ban-nhap.js                   the draft-keeping script of the visit form
//	GET       /giam-sat-dau-tu                     public: projects, progress, budget, boards
//	GET       /giam-sat-dau-tu/{id}                public: a project, its board, findings, recommendations
func Mount(s *web.Server, svc *Service) {
	sub, _ := fs.Sub(templateFS, "templates")
	s.AddTemplates("investment", sub)
	p := &pages{s: s, svc: svc,
		pRegistry: s.Page("investment/registry.html"), pProjectForm: s.Page("investment/project_form.html"),
		pProject: s.Page("investment/project.html"), pBoard: s.Page("investment/board.html"),
		pVisitForm: s.Page("investment/visit_form.html"), pVisit: s.Page("investment/visit.html"),
		pReports: s.Page("investment/reports.html"), pPublic: s.Page("investment/public.html"),
		pPublicProject: s.Page("investment/public_project.html")}
	p.mountRegistry(s)
	p.mountBoard(s)
	p.mountVisits(s)
	p.mountPrint(s)
	p.mountPublic(s)
	s.Handle("GET "+staffBase+"/ban-nhap.js", auth.Public(), serveScript)
	s.AddHomeCard(p.homeCard)
}

// homeCard shows staff the coverage of the projects by supervision boards.
func (p *pages) homeCard(r *http.Request) (web.HomeCard, bool, error) {
	t := web.TenantOf(r)
	if t == nil || !canSee.Allows(web.UserOf(r)) {
		return web.HomeCard{}, false, nil
	}
	c, err := p.svc.Coverage(r.Context(), t.ID)
	if err != nil {
		return web.HomeCard{}, false, err
	}
	return web.HomeCard{Title: "investment.title", URL: staffBase, Text: "investment.home.card", Args: []any{c.With, c.Need},
		Alert: !c.Complete()}, true, nil
}

// readForm parses a small form.
func readForm(w http.ResponseWriter, r *http.Request) (url.Values, error) {
	r.Body = http.MaxBytesReader(w, r.Body, 256<<10)
	if err := r.ParseForm(); err != nil {
		return nil, errs.E("investment: form", errs.Invalid, "error.bad_request")
	}
	return r.PostForm, nil
}

// refused reports a refusal the page can show as a flash on the page it came from.
func refused(err error) (string, bool) {
	var e *errs.Error
	if errors.As(err, &e) && e.Key != "" && (e.Kind == errs.Conflict || (e.Kind == errs.Invalid && e.Key != "error.form_invalid")) {
		return e.Key, true
	}
	return "", false
}

// after answers an action: the flash and the redirect on success; field errors drawn again by
// redraw (or flashed when the page has no form to redraw); a refusal flashed back.
func (p *pages) after(w http.ResponseWriter, r *http.Request, err error, okKey, back string, redraw func(errs.FieldErrors) error) error {
	if err == nil {
		p.s.Flash(w, r, okKey)
		return web.Redirect(w, r, back)
	}
	if fe, ok := errs.Fields(err); ok {
		if redraw != nil {
			return redraw(fe)
		}
		if keys := slices.Sorted(maps.Keys(fe)); len(keys) > 0 {
			p.s.Flash(w, r, fe[keys[0]])
		}
		return web.Redirect(w, r, back)
	}
	if key, ok := refused(err); ok {
		p.s.Flash(w, r, key)
		return web.Redirect(w, r, back)
	}
	return err
}

func actor(r *http.Request) (string, *auth.User) {
	return web.TenantOf(r).ID, web.UserOf(r)
}
