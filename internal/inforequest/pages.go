package inforequest

import (
	"embed"
	"io/fs"
	"net/http"
	"net/url"
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

// Who may use which page: the register holds names, addresses and ID numbers.
var (
	canSee     = auth.Roles(auth.Desk, auth.Leader, auth.Specialist, auth.Admin)
	canHandle  = auth.Roles(auth.Desk, auth.Leader, auth.Specialist)
	perPage    = 50
	publicRate = 10 // requests a quarter-hour per address
)

// portal is who files a request from the public form.
var portal = audit.Actor{Name: "Người dân qua cổng thông tin"}

type handlers struct {
	s       *web.Server
	svc     *Service
	submits *auth.Throttle

	pForm, pReceived, pList, pDetail web.Page
}

// Mount adds the room's pages:
//
//	GET, POST /thong-tin/yeu-cau                    public: the request form (electronic channel)
//	GET       /thong-tin/yeu-cau/da-nhan/{number}   public: the receipt, number and due date (no personal data)
//	GET       /yeu-cau-thong-tin                    desk, leader, specialist, admin: the register (?tinh-trang=dang-xu-ly|qua-han, ?trang=)
//	GET, POST /yeu-cau-thong-tin/moi                desk, leader, specialist: a request received in person, by post or fax
//	GET       /yeu-cau-thong-tin/{number}           desk, leader, specialist, admin: one request and its steps
//	POST      /yeu-cau-thong-tin/{number}/xu-ly     desk, leader, specialist: classify, notify, extend, answer, refuse
//	GET       /yeu-cau-thong-tin/{number}/phieu.pdf, /tra-loi.pdf   desk, leader, specialist, admin: the papers (print.go)
func Mount(s *web.Server, svc *Service) {
	sub, _ := fs.Sub(templateFS, "templates")
	s.AddTemplates("inforequest", sub)
	h := &handlers{s: s, svc: svc, submits: auth.NewThrottle(publicRate, 15*time.Minute, svc.now),
		pForm: s.Page("inforequest/form.html"), pReceived: s.Page("inforequest/received.html"),
		pList: s.Page("inforequest/list.html"), pDetail: s.Page("inforequest/detail.html")}
	s.Handle("GET /thong-tin/yeu-cau", auth.Public(), h.publicForm)
	s.Handle("POST /thong-tin/yeu-cau", auth.Public(), h.publicSubmit)
	s.Handle("GET /thong-tin/yeu-cau/da-nhan/{number}", auth.Public(), h.received)
	s.Handle("GET /yeu-cau-thong-tin", canSee, h.list)
	s.Handle("GET /yeu-cau-thong-tin/moi", canHandle, h.staffForm)
	s.Handle("POST /yeu-cau-thong-tin/moi", canHandle, h.staffSubmit)
	s.Handle("GET /yeu-cau-thong-tin/{number}", canSee, h.detail)
	s.Handle("POST /yeu-cau-thong-tin/{number}/xu-ly", canHandle, h.act)
	s.Handle("GET /yeu-cau-thong-tin/{number}/phieu.pdf", canSee, h.slipPDF)
	s.Handle("GET /yeu-cau-thong-tin/{number}/tra-loi.pdf", canSee, h.answerPDF)
}

func tenant(r *http.Request) (*web.Tenant, error) {
	if t := web.TenantOf(r); t != nil {
		return t, nil
	}
	return nil, errs.E("inforequest: page", errs.NotFound, "error.not_found")
}

func (h *handlers) formPage(w http.ResponseWriter, r *http.Request, status int, staff bool, form url.Values, fe errs.FieldErrors) error {
	channels := []Channel{Electronic}
	action := "/thong-tin/yeu-cau"
	if staff {
		channels, action = []Channel{InPerson, Post, Fax, Electronic}, "/yeu-cau-thong-tin/moi"
	}
	return h.s.RenderForm(w, r, status, h.pForm, "inforequest.form.title", map[string]any{"Staff": staff, "Action": action,
		"Channels": channels, "Kinds": Kinds, "Deliveries": Deliveries}, form, fe)
}

func (h *handlers) publicForm(w http.ResponseWriter, r *http.Request) error {
	if _, err := tenant(r); err != nil {
		return err
	}
	return h.formPage(w, r, http.StatusOK, false, url.Values{"kind": {string(KindRequest)}, "delivery": {"electronic"}}, nil)
}

func (h *handlers) staffForm(w http.ResponseWriter, r *http.Request) error {
	web.NoStore(w)
	return h.formPage(w, r, http.StatusOK, true, url.Values{"kind": {string(KindRequest)}, "channel": {string(InPerson)}, "delivery": {"paper_copy"}}, nil)
}

func readInput(r *http.Request) (Input, url.Values, error) {
	if err := r.ParseForm(); err != nil {
		return Input{}, nil, errs.E("inforequest: form", errs.Invalid, "error.bad_request")
	}
	f := r.PostForm
	return Input{Kind: Kind(f.Get("kind")), Channel: Channel(f.Get("channel")), Information: f.Get("information"),
		Delivery: f.Get("delivery"), Purpose: f.Get("purpose"),
		Requester: Requester{Name: f.Get("name"), Address: f.Get("address"), IDNumber: f.Get("id_number"), Phone: f.Get("phone"), Email: f.Get("email")}}, f, nil
}

func (h *handlers) publicSubmit(w http.ResponseWriter, r *http.Request) error {
	t, err := tenant(r)
	if err != nil {
		return err
	}
	web.NoStore(w)
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	in, f, err := readInput(r)
	if err != nil {
		return err
	}
	in.Channel = Electronic
	if !h.submits.Take(web.ClientIP(r)) {
		return errs.E("inforequest: submit", errs.TooMany, "inforequest.err.too_many")
	}
	req, err := h.svc.Receive(r.Context(), t.ID, portal, in)
	if fe, ok := errs.Fields(err); ok {
		return h.formPage(w, r, http.StatusUnprocessableEntity, false, f, fe)
	}
	if err != nil {
		return err
	}
	return web.Redirect(w, r, "/thong-tin/yeu-cau/da-nhan/"+req.Number)
}

func (h *handlers) staffSubmit(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	web.NoStore(w)
	in, f, err := readInput(r)
	if err != nil {
		return err
	}
	req, err := h.svc.Receive(r.Context(), t.ID, web.UserOf(r).Actor(), in)
	if fe, ok := errs.Fields(err); ok {
		return h.formPage(w, r, http.StatusUnprocessableEntity, true, f, fe)
	}
	if err != nil {
		return err
	}
	h.s.Flash(w, r, "inforequest.flash.received")
	return web.Redirect(w, r, req.URL())
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
	return h.s.Render(w, r, http.StatusOK, h.pReceived, "inforequest.received.title", map[string]any{
		"Number": req.Number, "DueAt": req.DueAt, "NoticeDueAt": req.NoticeDueAt, "Basis": req.Plan().Basis})
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
	return h.s.RenderForm(w, r, http.StatusOK, h.pList, "inforequest.list.title", map[string]any{
		"Rows": rows, "Total": total, "Pager": pager, "Now": h.svc.nowUTC()}, q, nil)
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
	if canHandle.Allows(web.UserOf(r)) {
		for _, a := range Actions {
			if Available(req, a) {
				avail = append(avail, a)
			}
		}
	}
	return h.s.RenderForm(w, r, status, h.pDetail, "inforequest.detail.title", map[string]any{
		"R": req, "Actions": avail, "Overdue": req.Overdue(h.svc.nowUTC())}, form, fe)
}

func (h *handlers) act(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	web.NoStore(w)
	if err := r.ParseForm(); err != nil {
		return errs.E("inforequest: action", errs.Invalid, "error.bad_request")
	}
	f := r.PostForm
	_, err := h.svc.Do(r.Context(), t.ID, r.PathValue("number"), web.UserOf(r).Actor(), Action(f.Get("action")),
		Step{Complex: f.Get("complex") == "1", Text: f.Get("text"), Cost: f.Get("cost")})
	if fe, ok := errs.Fields(err); ok {
		return h.detailPage(w, r, http.StatusUnprocessableEntity, f, fe)
	}
	if err != nil {
		return err
	}
	h.s.Flash(w, r, "inforequest.flash.done")
	return web.Redirect(w, r, "/yeu-cau-thong-tin/"+r.PathValue("number"))
}
