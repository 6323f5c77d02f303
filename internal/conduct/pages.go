package conduct

import (
	"embed"
	"io/fs"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"xaso/internal/auth"
	"xaso/internal/errs"
	"xaso/internal/web"
)

// The room's pages: the public ones (this file: the code of conduct, the officer's page a
// badge's QR leads to, with its report form), the staff ones under /ung-xu (staff.go) and the
// printables (print.go). Each reads a form, calls the Service and draws the answer; every rule
// is the Service's. No page needs JavaScript.

//go:embed all:templates
var templateFS embed.FS

// Who may use which page. Any staff member reads /ung-xu: the chairman sees every report, an
// officer the reports about them once reviewed, a hamlet head those it sent. The chairman
// (leader) reviews and reads the yearly target; the chairman and the office (admin) keep the
// code of conduct and print the badges; hamlet heads send their feedback.
var (
	canRead    = auth.AnyStaff()
	canReview  = auth.Roles(auth.Leader)
	canBadges  = auth.Roles(auth.Leader, auth.Admin)
	canCode    = auth.Roles(auth.Leader, auth.Admin)
	canHamlet  = auth.Roles(auth.HamletHead)
	canSummary = auth.Roles(auth.Leader)
)

const (
	codePath     = "/quy-tac-ung-xu"
	officerBase  = "/the-can-bo"
	staffBase    = "/ung-xu"
	ratingPath   = "/danh-gia" // the rating room's page: linked, not served here
	listPerPage  = 20
	badgePerPage = 50
	codesPerPage = 10
	// A report is a few kilobytes: the public form is refused past this size.
	maxPublicForm = 32 << 10
	maxStaffForm  = 256 << 10
	// The public form takes this many reports per address in publicWindow (as the other
	// public forms of the portal do).
	reportsPerAddr = 10
	publicWindow   = 15 * time.Minute
)

// Options are what the pages need beyond the Service.
type Options struct {
	// Photos reads the staff photos; nil: badges and pages show the placeholder.
	Photos Photos
	// BaseURL is the site's address for the QR codes; "" takes the request's host.
	BaseURL string
}

type pages struct {
	s       *web.Server
	svc     *Service
	photos  Photos
	baseURL string
	reports *auth.Throttle

	pCode, pOfficer                                 web.Page
	pList, pDetail, pBadges, pCodeEdit, pHamletForm web.Page
}

// Mount adds the room's pages:
//
//	GET       /quy-tac-ung-xu                      public: the code of conduct in force (?phien-ban= an earlier one)
//	GET, POST /the-can-bo/{code}                   public: the officer of a badge; the form to report on their attitude
//	GET       /the-can-bo/{code}/da-gui            public: the same page, with the confirmation of a report sent
//	GET       /the-can-bo/{code}/anh               public: the officer's photo (a placeholder when none)
//	GET       /ung-xu                              staff: reports (?nam=&nguon=&ket-qua=&trang-thai=&can-bo=&vi-pham=&trang=); the chairman's yearly target
//	GET       /ung-xu/{id}                         staff who may read it: one report; the chairman's review form
//	POST      /ung-xu/{id}/xem-xet                 leader: review a report
//	GET       /ung-xu/the                          leader, admin: the badges of the staff directory (?trang=)
//	POST      /ung-xu/the/cap-ma                   leader, admin: issue a code to every officer without one
//	POST      /ung-xu/the/{staff}/cap-lai          leader, admin: issue a new code (a lost badge)
//	GET       /ung-xu/the/{staff}/the.pdf          leader, admin: one officer's badge
//	GET       /ung-xu/the/in.pdf                   leader, admin: the sheet of every badge issued
//	GET, POST /ung-xu/quy-tac                      leader, admin: publish a new version of the code of conduct
//	POST      /ung-xu/cai-dat                      leader, admin: the review time in working days
//	GET, POST /ung-xu/gop-y                        hamlet head: feedback on an officer's attitude
//	GET       /ung-xu/bao-cao.pdf                  leader: the year's summary (?nam=)
func Mount(s *web.Server, svc *Service, o Options) {
	sub, _ := fs.Sub(templateFS, "templates")
	s.AddTemplates("conduct", sub)
	p := &pages{s: s, svc: svc, photos: o.Photos, baseURL: strings.TrimRight(o.BaseURL, "/"),
		reports: auth.NewThrottle(reportsPerAddr, publicWindow, svc.now),
		pCode:   s.Page("conduct/code.html"), pOfficer: s.Page("conduct/officer.html"),
		pList: s.Page("conduct/list.html"), pDetail: s.Page("conduct/detail.html"), pBadges: s.Page("conduct/badges.html"),
		pCodeEdit: s.Page("conduct/code_edit.html"), pHamletForm: s.Page("conduct/hamlet_form.html")}
	public := auth.Public()
	s.Handle("GET "+codePath, public, p.code)
	s.Handle("GET "+officerBase+"/{code}", public, p.officer)
	s.Handle("POST "+officerBase+"/{code}", public, p.officerSubmit)
	s.Handle("GET "+officerBase+"/{code}/da-gui", public, p.officerSent)
	s.Handle("GET "+officerBase+"/{code}/anh", public, p.officerPhoto)
	p.mountStaff(s)
}

func tenant(r *http.Request) (*web.Tenant, error) {
	if t := web.TenantOf(r); t != nil {
		return t, nil
	}
	return nil, errs.E("conduct: page", errs.NotFound, "conduct.err.not_found")
}

// code shows the code of conduct in force, or an earlier version.
func (p *pages) code(w http.ResponseWriter, r *http.Request) error {
	web.Cacheable(w) // the same for every visitor not signed in
	t, err := tenant(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	current, err := p.svc.Code(ctx, t.ID)
	if err != nil {
		return err
	}
	shown := current
	if s := r.URL.Query().Get("phien-ban"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return errs.E("conduct: code", errs.NotFound, "conduct.err.not_found")
		}
		if shown, err = p.svc.CodeVersionNo(ctx, t.ID, n); err != nil {
			return err
		}
	}
	pager := web.NewPager(r, codesPerPage)
	versions, total, err := p.svc.CodeVersions(ctx, t.ID, pager.PerPage, pager.Offset())
	if err != nil {
		return err
	}
	pager.Total = total
	w.Header().Set("Cache-Control", "public, max-age=300")
	return p.s.Render(w, r, http.StatusOK, p.pCode, "conduct.code.title", map[string]any{"Code": shown,
		"Current": shown.Version == current.Version, "CurrentVersion": current.Version, "Versions": versions, "Pager": pager,
		"Groups": Groups, "RatingURL": ratingPath})
}

// officerPage draws an officer's public page, with the report form.
func (p *pages) officerPage(w http.ResponseWriter, r *http.Request, status int, b Badge, form url.Values, fe errs.FieldErrors, sent bool) error {
	if form == nil {
		form = url.Values{}
	}
	return p.s.RenderForm(w, r, status, p.pOfficer, "conduct.officer.title", map[string]any{"B": b, "Sent": sent,
		"HasPhoto": b.Staff.PhotoSHA256 != "" && p.photos != nil, "RatingURL": ratingPath, "Today": p.svc.Today().String(),
		"Max": MaxBody}, form, fe)
}

func (p *pages) badge(r *http.Request) (Badge, error) {
	t, err := tenant(r)
	if err != nil {
		return Badge{}, err
	}
	return p.svc.BadgeByCode(r.Context(), t.ID, r.PathValue("code"))
}

func (p *pages) officer(w http.ResponseWriter, r *http.Request) error {
	b, err := p.badge(r)
	if err != nil {
		return err
	}
	web.NoStore(w)
	return p.officerPage(w, r, http.StatusOK, b, nil, nil, false)
}

func (p *pages) officerSent(w http.ResponseWriter, r *http.Request) error {
	b, err := p.badge(r)
	if err != nil {
		return err
	}
	web.NoStore(w)
	return p.officerPage(w, r, http.StatusOK, b, nil, nil, true)
}

// officerSubmit takes a report from an officer's page. Cross-origin posts are refused by the
// shell (http.CrossOriginProtection); here, the size of the form, the rate per address, and
// the hidden field robots fill (their post is answered as if taken, and dropped).
func (p *pages) officerSubmit(w http.ResponseWriter, r *http.Request) error {
	const op = "conduct: public report"
	t, err := tenant(r)
	if err != nil {
		return err
	}
	web.NoStore(w)
	r.Body = http.MaxBytesReader(w, r.Body, maxPublicForm)
	if err := r.ParseForm(); err != nil {
		return errs.E(op, errs.TooLarge, "conduct.err.form_too_large")
	}
	b, err := p.svc.BadgeByCode(r.Context(), t.ID, r.PathValue("code"))
	if err != nil {
		return err
	}
	in, bad, robot := ParsePublicReport(r.PostForm, p.svc.Today())
	if robot {
		return web.Redirect(w, r, b.PublicPath()+"/da-gui")
	}
	if !p.reports.Take(web.ClientIP(r)) {
		return errs.E(op, errs.TooMany, "conduct.err.too_many")
	}
	if len(bad) > 0 {
		return p.officerPage(w, r, http.StatusUnprocessableEntity, b, r.PostForm, errs.FieldErrors(bad), false)
	}
	if _, err := p.svc.FilePublic(r.Context(), t.ID, b, in); err != nil {
		return err
	}
	return web.Redirect(w, r, b.PublicPath()+"/da-gui")
}

// placeholder is drawn where an officer has no photo: a plain silhouette.
const placeholder = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 160" width="120" height="160"><rect width="120" height="160" fill="#e6e6e6"/><circle cx="60" cy="58" r="28" fill="#a8a8a8"/><path d="M14 160c4-40 24-58 46-58s42 18 46 58z" fill="#a8a8a8"/></svg>`

func (p *pages) officerPhoto(w http.ResponseWriter, r *http.Request) error {
	b, err := p.badge(r)
	if err != nil {
		return err
	}
	if b.Staff.PhotoSHA256 != "" && p.photos != nil {
		err := p.photos.Serve(w, r, web.TenantOf(r).ID, b.Staff.PhotoSHA256)
		if errs.KindOf(err) != errs.NotFound {
			return err
		}
	}
	w.Header().Set("Content-Type", "image/svg+xml")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	_, err = w.Write([]byte(placeholder))
	return err
}
