package democracy

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

// The room's pages: the staff pages under /dan-chu (staff_meetings.go, staff_decisions.go),
// the printables (print.go) and the public pages under /hop-thon (public.go). Each reads a
// form, calls the Service and draws the answer; every rule is the Service's. No page needs
// JavaScript.

//go:embed all:templates
var templateFS embed.FS

const (
	staffBase    = "/dan-chu"
	publicBase   = "/hop-thon"
	staffPerPage = 20
	listPerPage  = 50
)

// Who may use which page. Hamlet heads act on their own hamlets only (Scope); the Front and
// the inspection board follow the votes; the Front recognises matter 5, the committee's leader
// matters 3–4 (Art. 21.2).
var (
	canSee    = auth.Roles(auth.Leader, auth.Specialist, auth.Desk, auth.HamletHead, auth.Front, auth.Inspection, auth.Admin)
	canChange = auth.Roles(auth.Leader, auth.Specialist, auth.HamletHead)
	canAnswer = auth.Roles(auth.Leader, auth.Front)
	// communeWide are the roles that act for the whole commune, not one hamlet.
	communeWide = auth.Roles(auth.Leader, auth.Specialist, auth.Desk, auth.Admin)
)

// Options are what the pages need besides the Service.
type Options struct {
	// BaseURL is the public address of the portal (https://xa-binhyen.gov.vn), for the QR code a
	// household shows at the door; the request's own scheme and host when empty.
	BaseURL string
}

type pages struct {
	s    *web.Server
	svc  *Service
	opts Options

	pOverview, pMeetingForm, pMeeting, pNotices, pAttendance, pCancel web.Page
	pDecisionForm, pDecision, pBallots                                web.Page
	pPublic, pPublicMeeting, pPublicResult                            web.Page
	pInitiatives, pInitiativeForm, pInitiative                        web.Page
	pPublicInitiatives, pPropose, pPublicInitiative                   web.Page
	pVote                                                             web.Page
}

// Mount adds the room's pages:
//
//	GET       /dan-chu                              staff: meetings (?trang=) and decisions (?trang-bq=)
//	GET, POST /dan-chu/hop/moi                      leader, specialist, hamlet head: plan a meeting
//	GET       /dan-chu/hop/{id}                     staff: a meeting, its reach, its decisions
//	GET, POST /dan-chu/hop/{id}/sua                 change a planned meeting (the notice day too)
//	POST      /dan-chu/hop/{id}/da-hop              record that it was held
//	GET, POST /dan-chu/hop/{id}/huy                 confirm, then cancel it with a reason
//	GET, POST /dan-chu/hop/{id}/thong-bao           households told (?thon=&q=&chua=1); mark them
//	POST      /dan-chu/hop/{id}/thong-bao/ca-xom    mark every household of a hamlet not yet told
//	GET, POST /dan-chu/hop/{id}/diem-danh           the door list (?q=&thon=&chua=1); check a household in
//	POST      /dan-chu/hop/{id}/diem-danh/bo        undo a check-in
//	GET       /dan-chu/hop/{id}/thong-bao.pdf       the notice (Mẫu 01)
//	GET       /dan-chu/hop/{id}/danh-sach.pdf       the sign-in sheet
//	GET, POST /dan-chu/bieu-quyet/moi               put a matter to the vote (?hop= or ?thay-the=)
//	GET       /dan-chu/bieu-quyet/{id}              a decision: counts, arithmetic, record, answer
//	POST      /dan-chu/bieu-quyet/{id}/{step}       kiem-phieu, to-kiem-phieu, chung-kien, ke-hoach, chot, ky, gui, tra-loi
//	GET, POST /dan-chu/bieu-quyet/{id}/phieu        household ballots delivered and returned
//	GET       /dan-chu/bieu-quyet/{id}/{doc}.pdf    phieu (ballot), bien-ban (Mẫu 03), kiem-phieu (Mẫu 02), ket-qua (Mẫu 04)
//	GET       /hop-thon                             public: upcoming meetings per hamlet (?thon=), results
//	GET       /hop-thon/{id}                        public: a meeting's time, place and agenda (?ho=: the household's door QR)
//	GET       /hop-thon/ma.png                      public: the door QR of a household (?hop=&ho=)
//	GET       /hop-thon/ket-qua/{id}                public: a decision's result with its arithmetic
//	GET       /dan-chu/sang-kien                    staff: citizens' initiatives and their support
//	GET, POST /dan-chu/sang-kien/moi                record a proposal brought by residents
//	GET       /dan-chu/sang-kien/{id}               an initiative: support, arithmetic, households (?q=&chua=1)
//	POST      /dan-chu/sang-kien/{id}/ung-ho        households the hamlet head collected
//	POST      /dan-chu/sang-kien/{id}/dua-ra        put a reached initiative on a planned meeting
//	POST      /dan-chu/bieu-quyet/{id}/ket-thuc     end an online vote after its last day and count its box
//	GET, POST /hop-thon/bieu-quyet/{id}             public: an online vote; a household votes once, proving itself
//	GET       /hop-thon/sang-kien                   public: initiatives gathering support
//	GET, POST /hop-thon/sang-kien/moi               public: propose, proving a household
//	GET, POST /hop-thon/sang-kien/{id}              public: an initiative; support it, proving a household
func Mount(s *web.Server, svc *Service, opts Options) {
	sub, _ := fs.Sub(templateFS, "templates")
	s.AddTemplates("democracy", sub)
	p := &pages{s: s, svc: svc, opts: opts,
		pOverview: s.Page("democracy/overview.html"), pMeetingForm: s.Page("democracy/meeting_form.html"),
		pMeeting: s.Page("democracy/meeting.html"), pNotices: s.Page("democracy/notices.html"),
		pAttendance: s.Page("democracy/attendance.html"), pCancel: s.Page("democracy/cancel.html"),
		pDecisionForm: s.Page("democracy/decision_form.html"), pDecision: s.Page("democracy/decision.html"),
		pBallots: s.Page("democracy/ballots.html"), pPublic: s.Page("democracy/public.html"),
		pPublicMeeting: s.Page("democracy/public_meeting.html"), pPublicResult: s.Page("democracy/public_result.html"),
		pInitiatives: s.Page("democracy/initiatives.html"), pInitiativeForm: s.Page("democracy/initiative_form.html"),
		pInitiative: s.Page("democracy/initiative.html"), pPublicInitiatives: s.Page("democracy/public_initiatives.html"),
		pPropose: s.Page("democracy/propose.html"), pPublicInitiative: s.Page("democracy/public_initiative.html"),
		pVote: s.Page("democracy/vote.html")}
	p.mountMeetings(s)
	p.mountDecisions(s)
	p.mountPrint(s)
	p.mountPublic(s)
	p.mountInitiatives(s)
}

// scopeOf is what the signed-in user acts on: a hamlet head without a commune-wide role, its
// own hamlets only.
func scopeOf(r *http.Request) Scope {
	u := web.UserOf(r)
	if u.Has(auth.HamletHead) && !communeWide.Allows(u) {
		return Scope{HeadedBy: u.ID}
	}
	return Scope{}
}

// readForm parses a small form.
func readForm(w http.ResponseWriter, r *http.Request) (url.Values, error) {
	r.Body = http.MaxBytesReader(w, r.Body, 256<<10)
	if err := r.ParseForm(); err != nil {
		return nil, errs.E("democracy: form", errs.Invalid, "error.bad_request")
	}
	return r.PostForm, nil
}

// refused reports a refusal the page can show on the page it came from (a step not possible
// now, a missing prerequisite) rather than as an error page: its catalogue key.
func refused(err error) (string, bool) {
	var e *errs.Error
	if errors.As(err, &e) && e.Key != "" && (e.Kind == errs.Conflict || (e.Kind == errs.Invalid && e.Key != "error.form_invalid")) {
		return e.Key, true
	}
	return "", false
}

// after answers an action: on success the flash and the redirect; a refusal flashed back to
// the page; field errors drawn again by redraw; anything else an error page.
func (p *pages) after(w http.ResponseWriter, r *http.Request, err error, okKey, back string, redraw func(errs.FieldErrors) error) error {
	if err == nil {
		p.s.Flash(w, r, okKey)
		return web.Redirect(w, r, back)
	}
	if fe, ok := errs.Fields(err); ok && redraw != nil {
		return redraw(fe)
	}
	if key, ok := refused(err); ok {
		p.s.Flash(w, r, key)
		return web.Redirect(w, r, back)
	}
	return err
}
