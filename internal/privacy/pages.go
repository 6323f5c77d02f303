package privacy

import (
	"embed"
	"io/fs"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"xaso/internal/audit"
	"xaso/internal/auth"
	"xaso/internal/errs"
	"xaso/internal/web"
)

// The room's pages: each reads a form, calls the Service and draws the answer; every rule is
// the Service's. No page needs JavaScript.

//go:embed all:templates
var templateFS embed.FS

// Who may use which page. The requests hold a name, an ID number and a phone: the offices that
// receive residents and the leaders handle them; the read log, which says what each officer
// looked at, is for the leaders and the administrator, as are the commune's times.
var (
	canHandle = auth.Roles(auth.Desk, auth.Specialist, auth.Leader, auth.Admin)
	canAudit  = auth.Roles(auth.Leader, auth.Admin)
)

const (
	perPage        = 50
	publicRate     = 10 // requests a quarter-hour per address
	lookupFailures = 20 // wrong tracking or link tries a quarter-hour per address
	publicWindow   = 15 * time.Minute
)

// portal is who files a request from the public form.
var portal = audit.Actor{Name: "Người dân qua cổng thông tin"}

type handlers struct {
	s       *web.Server
	svc     *Service
	submits *auth.Throttle
	lookups *auth.Throttle

	pForm, pReceived, pTrack, pLink, pList, pDetail, pReads, pSettings web.Page
}

// Mount adds the room's pages:
//
//	GET, POST /du-lieu-ca-nhan                          public: ask for a copy of one's data or its correction
//	GET       /du-lieu-ca-nhan/da-nhan/{number}         public: the number and the dates owed (no personal data)
//	GET, POST /du-lieu-ca-nhan/tra-cuu                  public: a request's state by number and the last 4 phone digits (POST)
//	GET, POST /du-lieu-ca-nhan/tai/{number}             public: the one-time link of a copy (?k=); POST with the digits downloads it
//	GET       /du-lieu-ca-nhan/yeu-cau                  desk, specialist, leader, admin: the requests (?tinh-trang=dang-xu-ly|qua-han, ?trang=)
//	GET       /du-lieu-ca-nhan/yeu-cau/{number}         desk, specialist, leader, admin: one request, the records found, who read them
//	POST      /du-lieu-ca-nhan/yeu-cau/{number}/xu-ly   desk, specialist, leader, admin: verify identity, answer, refuse
//	GET       /du-lieu-ca-nhan/yeu-cau/{number}/du-lieu.json   the same: the copy (after the identity check)
//	GET       /du-lieu-ca-nhan/nhat-ky                  leader, admin: the read log (?doi-tuong=type:id, ?can-bo=, ?trang=)
//	GET, POST /du-lieu-ca-nhan/cai-dat                  leader, admin: the commune's times
func Mount(s *web.Server, svc *Service) {
	sub, _ := fs.Sub(templateFS, "templates")
	s.AddTemplates("privacy", sub)
	h := &handlers{s: s, svc: svc,
		submits: auth.NewThrottle(publicRate, publicWindow, svc.now),
		lookups: auth.NewThrottle(lookupFailures, publicWindow, svc.now),
		pForm:   s.Page("privacy/form.html"), pReceived: s.Page("privacy/received.html"), pTrack: s.Page("privacy/track.html"),
		pLink: s.Page("privacy/link.html"), pList: s.Page("privacy/list.html"), pDetail: s.Page("privacy/detail.html"),
		pReads: s.Page("privacy/reads.html"), pSettings: s.Page("privacy/settings.html")}
	public := auth.Public()
	s.Handle("GET /du-lieu-ca-nhan", public, h.form)
	s.Handle("POST /du-lieu-ca-nhan", public, h.submit)
	s.Handle("GET /du-lieu-ca-nhan/da-nhan/{number}", public, h.received)
	s.Handle("GET /du-lieu-ca-nhan/tra-cuu", public, h.trackForm)
	s.Handle("POST /du-lieu-ca-nhan/tra-cuu", public, h.track)
	s.Handle("GET /du-lieu-ca-nhan/tai/{number}", public, h.linkPage)
	s.Handle("POST /du-lieu-ca-nhan/tai/{number}", public, h.linkDownload)
	s.Handle("GET /du-lieu-ca-nhan/yeu-cau", canHandle, h.list)
	s.Handle("GET /du-lieu-ca-nhan/yeu-cau/{number}", canHandle, h.detail)
	s.Handle("POST /du-lieu-ca-nhan/yeu-cau/{number}/xu-ly", canHandle, h.act)
	s.Handle("GET /du-lieu-ca-nhan/yeu-cau/{number}/du-lieu.json", canHandle, h.export)
	s.Handle("GET /du-lieu-ca-nhan/nhat-ky", canAudit, h.reads)
	s.Handle("GET /du-lieu-ca-nhan/cai-dat", canAudit, h.settings)
	s.Handle("POST /du-lieu-ca-nhan/cai-dat", canAudit, h.saveSettings)
	s.AddHomeCard(h.homeCard)
}

func tenant(r *http.Request) (*web.Tenant, error) {
	if t := web.TenantOf(r); t != nil {
		return t, nil
	}
	return nil, errs.E("privacy: page", errs.NotFound, "error.not_found")
}

// homeCard shows the open requests to the staff who handle them.
func (h *handlers) homeCard(r *http.Request) (web.HomeCard, bool, error) {
	t := web.TenantOf(r)
	if t == nil || !canHandle.Allows(web.UserOf(r)) {
		return web.HomeCard{}, false, nil
	}
	_, open, err := h.svc.List(r.Context(), t.ID, Filter{OpenOnly: true, Limit: 1})
	if err != nil {
		return web.HomeCard{}, false, err
	}
	_, late, err := h.svc.List(r.Context(), t.ID, Filter{Overdue: true, Limit: 1})
	if err != nil {
		return web.HomeCard{}, false, err
	}
	return web.HomeCard{Title: "privacy.card.title", Text: "privacy.card.text", Args: []any{open, late},
		URL: "/du-lieu-ca-nhan/yeu-cau", Alert: late > 0}, true, nil
}

func (h *handlers) formPage(w http.ResponseWriter, r *http.Request, status int, form url.Values, fe errs.FieldErrors) error {
	web.NoStore(w)
	return h.s.RenderForm(w, r, status, h.pForm, "privacy.form.title", map[string]any{"Kinds": Kinds, "Deliveries": Deliveries}, form, fe)
}

func (h *handlers) form(w http.ResponseWriter, r *http.Request) error {
	if _, err := tenant(r); err != nil {
		return err
	}
	return h.formPage(w, r, http.StatusOK, url.Values{"kind": {string(KindCopy)}, "delivery": {string(AtOffice)}}, nil)
}

func (h *handlers) submit(w http.ResponseWriter, r *http.Request) error {
	t, err := tenant(r)
	if err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		return errs.E("privacy: form", errs.Invalid, "error.bad_request")
	}
	f := r.PostForm
	in := Input{Kind: Kind(f.Get("kind")), FullName: f.Get("full_name"), IDNumber: f.Get("id_number"), Phone: f.Get("phone"),
		Delivery: Delivery(f.Get("delivery")), Wrong: f.Get("wrong"), Right: f.Get("right")}
	if !h.submits.Take(web.ClientIP(r)) {
		return errs.E("privacy: submit", errs.TooMany, "privacy.err.too_many")
	}
	req, err := h.svc.Receive(r.Context(), t.ID, portal, in)
	if fe, ok := errs.Fields(err); ok {
		h.submits.Refund(web.ClientIP(r))
		return h.formPage(w, r, http.StatusUnprocessableEntity, f, fe)
	}
	if err != nil {
		return err
	}
	return web.Redirect(w, r, "/du-lieu-ca-nhan/da-nhan/"+req.Number)
}

func (h *handlers) received(w http.ResponseWriter, r *http.Request) error {
	t, err := tenant(r)
	if err != nil {
		return err
	}
	req, err := h.svc.Get(r.Context(), t.ID, r.PathValue("number"))
	if err != nil {
		return err
	}
	web.NoStore(w)
	return h.s.Render(w, r, http.StatusOK, h.pReceived, "privacy.received.title", map[string]any{
		"Number": req.Number, "Kind": req.Kind, "AckDueAt": req.AckDueAt, "DueAt": req.DueAt, "Basis": req.Basis, "Delivery": req.Delivery})
}

func (h *handlers) trackForm(w http.ResponseWriter, r *http.Request) error {
	if _, err := tenant(r); err != nil {
		return err
	}
	web.NoStore(w)
	return h.s.RenderForm(w, r, http.StatusOK, h.pTrack, "privacy.track.title", map[string]any{}, r.URL.Query(), nil)
}

// lookupPost starts a resident's POST that names a request and proves it with the phone's
// digits: the commune, the address's brake on guessing, the form read. It returns the commune
// and the address, whose failed guesses the caller counts.
func (h *handlers) lookupPost(w http.ResponseWriter, r *http.Request, op string) (*web.Tenant, string, error) {
	t, err := tenant(r)
	if err != nil {
		return nil, "", err
	}
	web.NoStore(w)
	ip := web.ClientIP(r)
	if !h.lookups.Allowed(ip) {
		return nil, "", errs.E(op, errs.TooMany, "error.too_many")
	}
	if err := r.ParseForm(); err != nil {
		return nil, "", errs.E(op, errs.Invalid, "error.bad_request")
	}
	return t, ip, nil
}

func (h *handlers) track(w http.ResponseWriter, r *http.Request) error {
	t, ip, err := h.lookupPost(w, r, "privacy: track")
	if err != nil {
		return err
	}
	req, err := h.svc.Track(r.Context(), t.ID, r.PostForm.Get("number"), r.PostForm.Get("digits"))
	if errs.KindOf(err) == errs.NotFound {
		h.lookups.Fail(ip)
		return h.s.RenderForm(w, r, http.StatusNotFound, h.pTrack, "privacy.track.title", map[string]any{"NotFound": true}, url.Values{"number": {r.PostForm.Get("number")}}, nil)
	}
	if err != nil {
		return err
	}
	return h.s.RenderForm(w, r, http.StatusOK, h.pTrack, "privacy.track.title", map[string]any{"R": req}, url.Values{"number": {req.Number}}, nil)
}

// linkPage asks for the phone digits before the download: a GET never spends the link, since
// messaging apps open links to preview them.
func (h *handlers) linkPage(w http.ResponseWriter, r *http.Request) error {
	if _, err := tenant(r); err != nil {
		return err
	}
	web.NoStore(w)
	return h.s.RenderForm(w, r, http.StatusOK, h.pLink, "privacy.link.title", map[string]any{"Number": r.PathValue("number")},
		url.Values{"k": {r.URL.Query().Get("k")}}, nil)
}

func (h *handlers) linkDownload(w http.ResponseWriter, r *http.Request) error {
	t, ip, err := h.lookupPost(w, r, "privacy: link")
	if err != nil {
		return err
	}
	req, err := h.svc.UseLink(r.Context(), t.ID, r.PathValue("number"), r.PostForm.Get("k"), r.PostForm.Get("digits"))
	if k := errs.KindOf(err); k == errs.NotFound || k == errs.Conflict {
		h.lookups.Fail(ip)
		return h.s.RenderForm(w, r, http.StatusNotFound, h.pLink, "privacy.link.title", map[string]any{"Number": r.PathValue("number"),
			"Problem": keyOf(err)}, url.Values{"k": {r.PostForm.Get("k")}}, nil)
	}
	if err != nil {
		return err
	}
	return h.writeExport(w, r, t, req)
}

func (h *handlers) writeExport(w http.ResponseWriter, r *http.Request, t *web.Tenant, req Request) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="du-lieu-ca-nhan-`+req.Number+`.json"`)
	web.NoStore(w)
	return h.svc.Export(r.Context(), t.ID, ExportCommune{Code: t.Code, Name: t.Name, Address: t.Address, Phone: t.Phone, Email: t.Email}, req, w)
}

func (h *handlers) list(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	web.NoStore(w)
	q := r.URL.Query()
	pager := web.NewPager(r, perPage)
	f := Filter{Limit: pager.PerPage, Offset: pager.Offset()}
	switch q.Get("tinh-trang") {
	case "dang-xu-ly":
		f.OpenOnly = true
	case "qua-han":
		f.Overdue = true
	}
	rows, total, err := h.svc.List(r.Context(), t.ID, f)
	if err != nil {
		return err
	}
	pager.Total = total
	return h.s.RenderForm(w, r, http.StatusOK, h.pList, "privacy.list.title", map[string]any{
		"Rows": rows, "Total": total, "Pager": pager, "Now": h.svc.nowUTC(), "CanAudit": canAudit.Allows(web.UserOf(r))}, q, nil)
}

func (h *handlers) detail(w http.ResponseWriter, r *http.Request) error {
	return h.detailPage(w, r, http.StatusOK, nil, nil)
}

func (h *handlers) detailPage(w http.ResponseWriter, r *http.Request, status int, form url.Values, fe errs.FieldErrors) error {
	t := web.TenantOf(r)
	web.NoStore(w)
	req, err := h.svc.Get(r.Context(), t.ID, r.PathValue("number"))
	if err != nil {
		return err
	}
	var avail []Action
	for _, a := range Actions {
		if Available(req, a) {
			avail = append(avail, a)
		}
	}
	held, err := h.svc.Holdings(r.Context(), t.ID, req)
	if err != nil {
		return err
	}
	return h.s.RenderForm(w, r, status, h.pDetail, "privacy.detail.title", map[string]any{
		"R": req, "Actions": avail, "Overdue": req.Overdue(h.svc.nowUTC()), "Held": held, "CanAudit": canAudit.Allows(web.UserOf(r))}, form, fe)
}

func (h *handlers) act(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	web.NoStore(w)
	if err := r.ParseForm(); err != nil {
		return errs.E("privacy: action", errs.Invalid, "error.bad_request")
	}
	f := r.PostForm
	done, err := h.svc.Do(r.Context(), t.ID, r.PathValue("number"), web.UserOf(r).Actor(), Action(f.Get("action")),
		Step{Confirmed: f.Get("confirmed") == "1", Text: f.Get("text")})
	if fe, ok := errs.Fields(err); ok {
		return h.detailPage(w, r, http.StatusUnprocessableEntity, f, fe)
	}
	if err != nil {
		return err
	}
	flash := "privacy.flash.done"
	if done.LinkPath != "" {
		flash = "privacy.flash.link_sent"
	}
	h.s.Flash(w, r, flash)
	return web.Redirect(w, r, done.Request.URL())
}

func (h *handlers) export(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	req, err := h.svc.Get(r.Context(), t.ID, r.PathValue("number"))
	if err != nil {
		return err
	}
	if !req.Verified() {
		return errs.E("privacy: export", errs.Conflict, "privacy.err.verify_first")
	}
	if req.Kind != KindCopy {
		return errs.E("privacy: export", errs.Conflict, "privacy.err.not_copy")
	}
	return h.writeExport(w, r, t, req)
}

func (h *handlers) reads(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	web.NoStore(w)
	q := r.URL.Query()
	pager := web.NewPager(r, perPage)
	f := ReadFilter{Limit: pager.PerPage, Offset: pager.Offset(), UserID: q.Get("can-bo")}
	if v := q.Get("doi-tuong"); v != "" {
		typ, id, ok := ParseSubject(v)
		if !ok {
			return errs.E("privacy: reads", errs.Invalid, "privacy.err.subject")
		}
		f.SubjectType, f.SubjectID = typ, id
	}
	list, total, err := h.svc.Reads(r.Context(), t.ID, f)
	if err != nil {
		return err
	}
	readers, err := h.svc.Readers(r.Context(), t.ID)
	if err != nil {
		return err
	}
	pager.Total = total
	type row struct {
		Read
		URL string
	}
	rows := make([]row, len(list))
	for i, rd := range list {
		rows[i] = row{rd, SubjectURL(rd.SubjectType, rd.SubjectID)}
	}
	return h.s.RenderForm(w, r, http.StatusOK, h.pReads, "privacy.reads.title", map[string]any{"Rows": rows, "Total": total,
		"Pager": pager, "Readers": readers, "Subject": f.SubjectType, "SubjectID": f.SubjectID}, q, nil)
}

func (h *handlers) settings(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	web.NoStore(w)
	st, err := h.svc.Settings(r.Context(), t.ID)
	if err != nil {
		return err
	}
	return h.settingsPage(w, r, http.StatusOK, st, nil)
}

func (h *handlers) settingsPage(w http.ResponseWriter, r *http.Request, status int, st Settings, fe errs.FieldErrors) error {
	form := url.Values{"ack_days": {itoa(st.AckDays)}, "answer_hours": {itoa(st.AnswerHours)}, "link_days": {itoa(st.LinkDays)}}
	if fe != nil {
		form = r.PostForm
	}
	return h.s.RenderForm(w, r, status, h.pSettings, "privacy.settings.title", map[string]any{"Defaults": Defaults(), "Basis": Basis}, form, fe)
}

func (h *handlers) saveSettings(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	web.NoStore(w)
	if err := r.ParseForm(); err != nil {
		return errs.E("privacy: settings", errs.Invalid, "error.bad_request")
	}
	f := r.PostForm
	st, err := h.svc.SaveSettings(r.Context(), t.ID, web.UserOf(r).Actor(), f.Get("ack_days"), f.Get("answer_hours"), f.Get("link_days"))
	if fe, ok := errs.Fields(err); ok {
		return h.settingsPage(w, r, http.StatusUnprocessableEntity, st, fe)
	}
	if err != nil {
		return err
	}
	h.s.Flash(w, r, "privacy.flash.saved")
	return web.Redirect(w, r, "/du-lieu-ca-nhan/cai-dat")
}

func keyOf(err error) string {
	if e, ok := errs.As(err); ok {
		return e.Key
	}
	return ""
}

func itoa(n int) string { return strconv.Itoa(n) }
