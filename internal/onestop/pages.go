package onestop

import (
	"context"
	"embed"
	"html/template"
	"io/fs"
	"net/http"
	"strings"
	"time"

	"xaso/internal/auth"
	"xaso/internal/blob"
	"xaso/internal/calendar"
	"xaso/internal/calendarweb"
	"xaso/internal/commune"
	"xaso/internal/errs"
	"xaso/internal/web"
)

// The HTML pages of the one-stop room and the PDF forms 01–07 (pages*.go, forms*.go,
// register*.go, templates/). They sit on the Service like the JSON API does: every rule is the
// Service's; a page only reads a form, calls the Service and draws the answer.

//go:embed all:templates
var pageTemplates embed.FS

// StaffDirectory lists a commune's accounts, for the "hand over to" choice (*auth.Store is one).
type StaffDirectory interface {
	Users(ctx context.Context, communeID string, limit, offset int) ([]*auth.User, int, error)
}

// PageDeps is what the pages need beyond the Service.
type PageDeps struct {
	// Blobs keeps the scans uploaded with online dossiers. Without it the online form is not offered.
	Blobs *blob.Store
	// BaseURL is the public address of the portal (https://xa-binhyen.gov.vn), used in the QR
	// code of the receipt; the request's own host when empty.
	BaseURL string
	// Staff lists the officers a dossier can be handed over to by name; without it, hand-overs
	// go to offices only.
	Staff StaffDirectory
}

// Who may use the desk's pages. The people's boards and hamlet heads see dossiers through
// their own rooms' reports, not here: a dossier carries personal data (Decree 13/2023/NĐ-CP).
var (
	canDesk   = auth.Roles(auth.Desk, auth.Specialist, auth.Leader, auth.Admin)
	canIntake = auth.Roles(auth.Desk)
	// The catalogue is what the commune publicly commits to: the only documents it may ask
	// for (Decree 61/2018 Art. 5.1), its time limits and fees. Publishing it is the committee's
	// decision, so its leaders edit it and the administrator keeps the data; specialists and
	// the desk propose changes to them rather than change the public list themselves.
	canEditProcedures = auth.Roles(auth.Leader, auth.Admin)
)

type pages struct {
	s    *web.Server
	svc  *Service
	deps PageDeps

	procedures, procedure, procedureEdit, online, onlineDone, track web.Page
	dossiers, intake, dossier, confirm, board, statList, intakeFor  web.Page
	indicators, indicatorList                                       web.Page
}

// MountPages mounts the one-stop pages and forms on the shell:
//
//	GET       /thu-tuc                               public: procedures, searched without diacritics, by field
//	GET       /thu-tuc/{code}                        public: one procedure
//	GET, POST /thu-tuc/{code}/sua                    leader, admin: edit the procedure (audited, version-checked)
//	GET, POST /thu-tuc/{code}/nop                    public: online submission with one upload per document
//	GET       /thu-tuc/{code}/da-nop                 public: the submitted page (?ma=&het=&ky=, a signed, short-lived link)
//	GET, POST /tra-cuu                               public: status by dossier code and last 4 phone digits (?ma= from the QR)
//	GET       /ho-so                                 staff: dossiers with filters
//	GET, POST /ho-so/moi                             desk: intake at the counter
//	GET       /ho-so/bang                            staff: the desk board and the month's on-time rate
//	GET       /ho-so/bang/thang                      staff: the dossiers behind the on-time rate
//	GET       /ho-so/so-theo-doi                     staff: register 07 (?nam=2026, &dinh-dang=xlsx)
//	GET       /ho-so/{code}                          staff: one dossier with the actions its state allows
//	GET       /ho-so/{code}/tep/{sha}                staff: a scan handed in with that dossier
//	POST      /ho-so/{code}/{action}                 per action: the roles of the JSON API
//	GET       /dossiers/{code}/forms/{form}.pdf      staff: forms 01–06 (receipt … stop, controlslip)
//	GET       /ho-so/chi-so                          leader, admin: Decision 766 indicators (&dinh-dang=xlsx)
//	GET       /ho-so/chi-so/ho-so                    leader, admin: the dossiers behind one indicator
//	POST      /ho-so/{code}/dinh-kem-ket-qua         desk, specialist: attach the result's scan
func MountPages(s *web.Server, svc *Service, deps PageDeps) {
	sub, _ := fs.Sub(pageTemplates, "templates")
	s.AddTemplates("onestop", sub)
	p := &pages{s: s, svc: svc, deps: deps,
		procedures: s.Page("onestop/procedures.html"), procedure: s.Page("onestop/procedure.html"),
		procedureEdit: s.Page("onestop/procedure_edit.html"),
		online:        s.Page("onestop/online.html"), onlineDone: s.Page("onestop/online_done.html"),
		track: s.Page("onestop/track.html"), dossiers: s.Page("onestop/dossiers.html"),
		intake: s.Page("onestop/intake.html"), intakeFor: s.Page("onestop/intake_choose.html"),
		dossier: s.Page("onestop/dossier.html"), confirm: s.Page("onestop/confirm.html"),
		board: s.Page("onestop/board.html"), statList: s.Page("onestop/stat_list.html")}

	s.Handle("GET /thu-tuc", auth.Public(), p.listProcedures)
	s.Handle("GET /thu-tuc/{code}", auth.Public(), p.showProcedure)
	s.Handle("GET /thu-tuc/{code}/sua", canEditProcedures, p.editProcedureForm)
	s.Handle("POST /thu-tuc/{code}/sua", canEditProcedures, p.editProcedureSubmit)
	s.Handle("GET /thu-tuc/{code}/nop", auth.Public(), p.onlineForm)
	s.Handle("POST /thu-tuc/{code}/nop", auth.Public(), p.onlineSubmit)
	s.Handle("GET /thu-tuc/{code}/da-nop", auth.Public(), p.submittedPage)
	s.Handle("GET /tra-cuu", auth.Public(), p.trackForm)
	s.Handle("POST /tra-cuu", auth.Public(), p.trackLookup)

	s.Handle("GET /ho-so", canDesk, p.listDossiers)
	s.Handle("GET /ho-so/moi", canIntake, p.intakeForm)
	s.Handle("POST /ho-so/moi", canIntake, p.intakeSubmit)
	s.Handle("GET /ho-so/bang", canDesk, p.showBoard)
	s.Handle("GET /ho-so/bang/thang", canDesk, p.showStatList)
	s.Handle("GET /ho-so/so-theo-doi", canDesk, p.register)
	s.Handle("GET /ho-so/{code}", canDesk, p.showDossier)
	s.Handle("GET /ho-so/{code}/tep/{sha}", canDesk, p.dossierFile)
	for _, a := range pageActions {
		s.Handle("POST /ho-so/{code}/"+a.slug, auth.Roles(actionRoles(a.action)...), p.act(a))
	}
	s.Handle("GET /dossiers/{code}/forms/{form}", canDesk, p.form)
	p.mountIndicators()
	p.mountDigitisation()
}

// tenant is the request's commune, or 404 when none is set up (public routes run without one).
func tenant(r *http.Request) (*web.Tenant, error) {
	t := web.TenantOf(r)
	if t == nil {
		return nil, errs.E("onestop: page", errs.NotFound, "error.not_found")
	}
	return t, nil
}

// actionRoles are the roles the JSON API lets do an action; the pages follow the same table.
func actionRoles(a Action) []auth.Role {
	for _, r := range actionRoutes {
		if r.action == a {
			return r.roles
		}
	}
	return []auth.Role{auth.Admin}
}

// dueHelp draws the "Cách tính ngày hẹn?" disclosure of a dossier's legal due date: the
// calendar counted from the moment the processing time (last) started.
//
// Nothing is drawn when the calendar now gives another date than the one stored (the commune
// changed its holidays since): an explanation must never contradict the date it explains.
func (p *pages) dueHelp(r *http.Request, cal *calendar.Calendar, d Dossier) template.HTML {
	if d.ClockStartAt.IsZero() || d.LegalDueAt().IsZero() {
		return ""
	}
	due := cal.DueAt(d.ClockStartAt, d.Processing.Calendar())
	if !due.At.Equal(d.LegalDueAt()) {
		return ""
	}
	return calendarweb.ExplainHTML(p.s, r, due)
}

// communeOf reads the commune for letterheads and pick-up places.
func (p *pages) communeOf(ctx context.Context, communeID string) (commune.Commune, error) {
	return commune.GetCommune(ctx, p.svc.d, communeID)
}

// baseURL is where the public pages live, for QR codes: the configured address, else the
// request's own scheme and host.
func (p *pages) baseURL(r *http.Request) string {
	if b := strings.TrimRight(strings.TrimSpace(p.deps.BaseURL), "/"); b != "" {
		return b
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// dueState is the badge of a dossier's due date: "overdue", "at_risk" or "".
func dueState(d Dossier, cal *calendar.Calendar, now time.Time) string {
	switch {
	case d.Overdue(now):
		return "overdue"
	case AtRisk(d, cal, now):
		return "at_risk"
	}
	return ""
}

// row is a dossier as a list shows it, with its due badge.
type row struct {
	Dossier
	Due string // dueState
}

func rowsOf(ds []Dossier, cal *calendar.Calendar, now time.Time) []row {
	out := make([]row, len(ds))
	for i, d := range ds {
		out[i] = row{Dossier: d, Due: dueState(d, cal, now)}
	}
	return out
}
