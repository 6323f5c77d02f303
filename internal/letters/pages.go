package letters

import (
	"embed"
	"io/fs"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"xaso/internal/auth"
	"xaso/internal/commune"
	"xaso/internal/errs"
	"xaso/internal/web"
)

// The room's pages, all for signed-in staff, under /thu: the letters (this file), the
// templates (pages_templates.go), the loudspeaker scripts (pages_loud.go). Each reads a form,
// calls the Service and draws the answer; every rule is the Service's. No page needs
// JavaScript.

//go:embed all:templates
var templateFS embed.FS

// Who may use which page: the desk, specialists and the chairman write, print and send the
// letters; the chairman and the administrator edit the templates; a hamlet head sees and
// hands over the letters of the hamlets they head.
var (
	canWork      = auth.Roles(auth.Desk, auth.Specialist, auth.Leader)
	canRead      = auth.Roles(auth.Desk, auth.Specialist, auth.Leader, auth.HamletHead)
	canTemplates = auth.Roles(auth.Leader, auth.Admin)
)

const (
	base    = "/thu"
	perPage = 20
	maxForm = 64 << 10
)

type pages struct {
	s   *web.Server
	svc *Service

	pList, pForm, pDetail, pQueue, pDeliver, pTemplates, pLoudList, pLoudForm, pScript web.Page
}

// Mount adds the room's pages:
//
//	GET       /thu                         desk, specialist, leader: the letters (?loai=&trang-thai=&trang=)
//	GET, POST /thu/moi                     desk, specialist, leader: a letter by hand (?dip=)
//	GET       /thu/{id}                    desk, specialist, leader; hamlet head (their hamlets): the letter, its deliveries, its history
//	GET       /thu/{id}/thu.pdf            the same: the letter in the Decree 30 layout
//	POST      /thu/{id}/xom                desk, specialist, leader: the hamlet it goes to
//	POST      /thu/{id}/giao               desk, specialist, leader; hamlet head (in person, their hamlets): a delivery
//	POST      /thu/{id}/huy                desk, specialist, leader: cancel, with the reason
//	GET, POST /thu/in                      desk, specialist, leader: the print queue (?trang=); mark the chosen printed
//	GET       /thu/in.pdf                  desk, specialist, leader: the queue's page (?trang=) or the chosen (?id=) as one PDF
//	GET       /thu/giao                    desk, specialist, leader; hamlet head: letters printed, to deliver (?xom=&trang=)
//	GET, POST /thu/mau                     leader, admin: the templates (?dip=), save or go back to the shipped text
//	GET       /thu/loa                     desk, specialist, leader: loudspeaker scripts (?trang=)
//	GET, POST /thu/loa/moi                 desk, specialist, leader: a script (?thu= a greeting to read)
//	GET       /thu/loa/{id}/ban-doc        desk, specialist, leader: the script as read, its hamlets, what was read
//	GET       /thu/loa/{id}/ban-doc.pdf    desk, specialist, leader: the script for the reader
//	POST      /thu/loa/{id}/da-doc         desk, specialist, leader: record a reading in a hamlet
func Mount(s *web.Server, svc *Service) {
	sub, _ := fs.Sub(templateFS, "templates")
	s.AddTemplates("letters", sub)
	p := &pages{s: s, svc: svc,
		pList: s.Page("letters/list.html"), pForm: s.Page("letters/form.html"), pDetail: s.Page("letters/detail.html"),
		pQueue: s.Page("letters/queue.html"), pDeliver: s.Page("letters/deliver.html"), pTemplates: s.Page("letters/templates.html"),
		pLoudList: s.Page("letters/loud_list.html"), pLoudForm: s.Page("letters/loud_form.html"), pScript: s.Page("letters/loud_script.html")}
	s.Handle("GET "+base, canWork, p.list)
	s.Handle("GET "+base+"/moi", canWork, p.newForm)
	s.Handle("POST "+base+"/moi", canWork, p.create)
	s.Handle("GET "+base+"/{id}", canRead, p.detail)
	s.Handle("GET "+base+"/{id}/thu.pdf", canRead, p.letterPDF)
	s.Handle("POST "+base+"/{id}/xom", canWork, p.setHamlet)
	s.Handle("POST "+base+"/{id}/giao", canRead, p.deliver)
	s.Handle("POST "+base+"/{id}/huy", canWork, p.cancel)
	s.Handle("GET "+base+"/in", canWork, p.queue)
	s.Handle("POST "+base+"/in", canWork, p.markPrinted)
	s.Handle("GET "+base+"/in.pdf", canWork, p.batchPDF)
	s.Handle("GET "+base+"/giao", canRead, p.toDeliver)
	s.Handle("GET "+base+"/mau", canTemplates, p.templates)
	s.Handle("POST "+base+"/mau", canTemplates, p.saveTemplate)
	p.mountLoud(s)
	s.AddHomeCard(p.homeCard)
}

// homeCard shows the desk the letters waiting to be printed and those waiting to be delivered.
func (p *pages) homeCard(r *http.Request) (web.HomeCard, bool, error) {
	t := web.TenantOf(r)
	if t == nil || !canWork.Allows(web.UserOf(r)) {
		return web.HomeCard{}, false, nil
	}
	n, err := p.svc.Counts(r.Context(), t.ID)
	if err != nil {
		return web.HomeCard{}, false, err
	}
	return web.HomeCard{Title: "letters.title", URL: base + "/in", Text: "letters.home.card", Args: []any{n[Waiting], n[Printed]}}, true, nil
}

// onlyHamletHead reports whether the user reads as a hamlet head only (not as office staff):
// such a user sees the letters of the hamlets they head, and nothing else.
func onlyHamletHead(u *auth.User) bool { return u.Has(auth.HamletHead) && !canWork.Allows(u) }

// scope is the hamlets whose letters the user may see: nil for office staff.
func (p *pages) scope(r *http.Request) ([]string, error) {
	u := web.UserOf(r)
	if !onlyHamletHead(u) {
		return nil, nil
	}
	hs, err := p.svc.HamletsHeadedBy(r.Context(), web.TenantOf(r).ID, u.ID)
	if err != nil {
		return nil, err
	}
	out := []string{}
	for _, h := range hs {
		out = append(out, h.ID)
	}
	return out, nil
}

// letter reads the letter of the path, as the user may see it.
func (p *pages) letter(r *http.Request) (Letter, []string, error) {
	l, err := p.svc.Get(r.Context(), web.TenantOf(r).ID, r.PathValue("id"))
	if err != nil {
		return Letter{}, nil, err
	}
	scope, err := p.scope(r)
	if err != nil {
		return Letter{}, nil, err
	}
	if scope != nil && (l.HamletID == "" || !slices.Contains(scope, l.HamletID)) {
		return Letter{}, nil, errs.E("letters: page", errs.NotFound, "letters.err.not_found")
	}
	return l, scope, nil
}

func kindParam(s string) Kind {
	for _, k := range Kinds {
		if string(k) == s {
			return k
		}
	}
	return ""
}

func statusParam(s string) Status {
	for _, st := range Statuses {
		if string(st) == s {
			return st
		}
	}
	return ""
}

func (p *pages) list(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	web.NoStore(w)
	q := r.URL.Query()
	kind, status := kindParam(q.Get("loai")), statusParam(q.Get("trang-thai"))
	pager := web.NewPager(r, perPage)
	rows, total, err := p.svc.List(r.Context(), t.ID, Filter{Kind: kind, Status: status, Limit: pager.PerPage, Offset: pager.Offset()})
	if err != nil {
		return err
	}
	pager.Total = total
	counts, err := p.svc.Counts(r.Context(), t.ID)
	if err != nil {
		return err
	}
	return p.s.RenderForm(w, r, http.StatusOK, p.pList, "letters.title", map[string]any{"Rows": rows, "Total": total, "Pager": pager,
		"Kinds": Kinds, "Statuses": Statuses, "Counts": counts}, q, nil)
}

// Letters by hand.

func (p *pages) formPage(w http.ResponseWriter, r *http.Request, status int, form url.Values, fe errs.FieldErrors) error {
	web.NoStore(w)
	t := web.TenantOf(r)
	hamlets, err := p.svc.Hamlets(r.Context(), t.ID)
	if err != nil {
		return err
	}
	holidays, err := p.svc.Holidays(r.Context(), t.ID)
	if err != nil {
		return err
	}
	return p.s.RenderForm(w, r, status, p.pForm, "letters.new", map[string]any{"Occasions": ByHand, "Hamlets": hamlets,
		"Holidays": holidays}, form, fe)
}

func (p *pages) newForm(w http.ResponseWriter, r *http.Request) error {
	occ := r.URL.Query().Get("dip")
	if !Occasion(occ).Valid() {
		occ = string(OccContribution)
	}
	return p.formPage(w, r, http.StatusOK, url.Values{"occasion": {occ}, "day": {p.svc.Today().String()}}, nil)
}

func parseForm(w http.ResponseWriter, r *http.Request) (url.Values, error) {
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	if err := r.ParseForm(); err != nil {
		return nil, errs.E("letters: form", errs.TooLarge, "letters.err.form_too_large")
	}
	return r.PostForm, nil
}

func (p *pages) create(w http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	holiday := f.Get("holiday")
	if holiday == "" {
		holiday = f.Get("holiday_choice")
	}
	l, err := p.svc.Create(r.Context(), web.TenantOf(r).ID, web.UserOf(r).Actor(), HandInput{Occasion: Occasion(f.Get("occasion")),
		Name: f.Get("name"), Address: f.Get("address"), Phone: f.Get("phone"), HamletID: f.Get("hamlet"), Reason: f.Get("reason"),
		Holiday: holiday, Day: f.Get("day")})
	if fe, ok := errs.Fields(err); ok {
		return p.formPage(w, r, http.StatusUnprocessableEntity, f, fe)
	}
	if err != nil {
		return err
	}
	p.s.Flash(w, r, "letters.flash.created")
	return web.Redirect(w, r, l.URL())
}

// One letter.

func (p *pages) detailPage(w http.ResponseWriter, r *http.Request, status int, l Letter, scope []string, form url.Values, fe errs.FieldErrors) error {
	web.NoStore(w)
	t := web.TenantOf(r)
	ds, err := p.svc.Deliveries(r.Context(), t.ID, l.ID)
	if err != nil {
		return err
	}
	data := map[string]any{"L": l, "Deliveries": ds, "Methods": Methods, "HamletHead": scope != nil, "Phone": l.RecipientPhone}
	if scope != nil {
		data["Phone"] = maskPhone(l.RecipientPhone)
	} else {
		hist, err := p.svc.History(r.Context(), t.ID, l.ID)
		if err != nil {
			return err
		}
		hamlets, err := p.svc.Hamlets(r.Context(), t.ID)
		if err != nil {
			return err
		}
		data["History"], data["Hamlets"] = hist, hamlets
	}
	if form == nil {
		form = url.Values{"hamlet": {l.HamletID}, "method": {string(InPerson)}}
	}
	return p.s.RenderForm(w, r, status, p.pDetail, "letters.detail.title", data, form, fe)
}

func (p *pages) detail(w http.ResponseWriter, r *http.Request) error {
	l, scope, err := p.letter(r)
	if err != nil {
		return err
	}
	return p.detailPage(w, r, http.StatusOK, l, scope, nil, nil)
}

func (p *pages) letterPDF(w http.ResponseWriter, r *http.Request) error {
	l, _, err := p.letter(r)
	if err != nil {
		return err
	}
	c, err := commune.GetCommune(r.Context(), p.svc.d, web.TenantOf(r).ID)
	if err != nil {
		return err
	}
	pdfHeaders(w, "thu-"+string(l.Occasion)+".pdf")
	return WriteBatch(w, c, []Letter{l}, p.svc.now())
}

func pdfHeaders(w http.ResponseWriter, name string) {
	web.NoStore(w)
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `inline; filename="`+name+`"`)
}

// back is where a form asks to return to: a local path, else the letter's page.
func back(f url.Values, fallback string) string { return web.LocalPath(f.Get("back"), fallback) }

func (p *pages) setHamlet(w http.ResponseWriter, r *http.Request) error {
	l, scope, err := p.letter(r)
	if err != nil {
		return err
	}
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	if err := p.svc.SetHamlet(r.Context(), web.TenantOf(r).ID, web.UserOf(r).Actor(), l.ID, f.Get("hamlet")); err != nil {
		if fe, ok := errs.Fields(err); ok {
			return p.detailPage(w, r, http.StatusUnprocessableEntity, l, scope, f, fe)
		}
		return err
	}
	p.s.Flash(w, r, "letters.flash.hamlet")
	return web.Redirect(w, r, l.URL())
}

func (p *pages) deliver(w http.ResponseWriter, r *http.Request) error {
	l, scope, err := p.letter(r)
	if err != nil {
		return err
	}
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	in := DeliveryInput{Method: Method(f.Get("method")), Note: f.Get("note"), Hamlets: scope}
	if err := p.svc.Deliver(r.Context(), web.TenantOf(r).ID, web.UserOf(r).Actor(), l.ID, in); err != nil {
		if fe, ok := errs.Fields(err); ok {
			return p.detailPage(w, r, http.StatusUnprocessableEntity, l, scope, f, fe)
		}
		return err
	}
	p.s.Flash(w, r, "letters.flash.delivered")
	return web.Redirect(w, r, back(f, l.URL()))
}

func (p *pages) cancel(w http.ResponseWriter, r *http.Request) error {
	l, scope, err := p.letter(r)
	if err != nil {
		return err
	}
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	if err := p.svc.Cancel(r.Context(), web.TenantOf(r).ID, web.UserOf(r).Actor(), l.ID, f.Get("reason")); err != nil {
		if fe, ok := errs.Fields(err); ok {
			return p.detailPage(w, r, http.StatusUnprocessableEntity, l, scope, f, fe)
		}
		return err
	}
	p.s.Flash(w, r, "letters.flash.cancelled")
	return web.Redirect(w, r, l.URL())
}

// The print queue.

func (p *pages) queue(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	web.NoStore(w)
	pager := web.NewPager(r, perPage)
	rows, total, err := p.svc.List(r.Context(), t.ID, Filter{Status: Waiting, Oldest: true, Limit: pager.PerPage, Offset: pager.Offset()})
	if err != nil {
		return err
	}
	pager.Total = total
	pdf := base + "/in.pdf"
	if pager.Page > 1 {
		pdf += "?trang=" + itoa(pager.Page)
	}
	return p.s.Render(w, r, http.StatusOK, p.pQueue, "letters.queue.title", map[string]any{"Rows": rows, "Total": total, "Pager": pager, "PDF": pdf})
}

func (p *pages) markPrinted(w http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(w, r)
	if err != nil {
		return err
	}
	n, err := p.svc.MarkPrinted(r.Context(), web.TenantOf(r).ID, web.UserOf(r).Actor(), f["id"])
	if err != nil {
		return err
	}
	if n > 0 {
		p.s.Flash(w, r, "letters.flash.printed")
	}
	return web.Redirect(w, r, back(f, base+"/in"))
}

func (p *pages) batchPDF(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	var ls []Letter
	if ids := r.URL.Query()["id"]; len(ids) > 0 {
		if len(ids) > MaxBatch {
			return errs.E("letters: batch", errs.Invalid, "letters.err.too_many_chosen", MaxBatch)
		}
		var err error
		if ls, err = p.svc.ByIDs(r.Context(), t.ID, ids); err != nil {
			return err
		}
	} else {
		pager := web.NewPager(r, perPage)
		var err error
		if ls, _, err = p.svc.List(r.Context(), t.ID, Filter{Status: Waiting, Oldest: true, Limit: pager.PerPage, Offset: pager.Offset()}); err != nil {
			return err
		}
	}
	if len(ls) == 0 {
		return errs.E("letters: batch", errs.NotFound, "letters.err.queue_empty")
	}
	c, err := commune.GetCommune(r.Context(), p.svc.d, t.ID)
	if err != nil {
		return err
	}
	pdfHeaders(w, "thu-cho-in.pdf")
	return WriteBatch(w, c, ls, p.svc.now())
}

// Deliveries to make.

func (p *pages) toDeliver(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	web.NoStore(w)
	scope, err := p.scope(r)
	if err != nil {
		return err
	}
	var hamlets []Hamlet
	if scope != nil {
		hamlets, err = p.svc.HamletsHeadedBy(r.Context(), t.ID, web.UserOf(r).ID)
	} else {
		hamlets, err = p.svc.Hamlets(r.Context(), t.ID)
	}
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := Filter{Status: Printed, Oldest: true, Hamlets: scope}
	if h := strings.TrimSpace(q.Get("xom")); h != "" {
		if scope != nil && !slices.Contains(scope, h) {
			f.Hamlets = []string{}
		} else {
			f.Hamlets = []string{h}
		}
	}
	pager := web.NewPager(r, perPage)
	f.Limit, f.Offset = pager.PerPage, pager.Offset()
	rows, total, err := p.svc.List(r.Context(), t.ID, f)
	if err != nil {
		return err
	}
	pager.Total = total
	return p.s.RenderForm(w, r, http.StatusOK, p.pDeliver, "letters.deliver.title", map[string]any{"Rows": rows, "Total": total,
		"Pager": pager, "Hamlets": hamlets, "HamletHead": scope != nil, "Back": r.URL.RequestURI()}, q, nil)
}
