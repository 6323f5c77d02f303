package petition

import (
	"embed"
	"encoding/csv"
	"errors"
	"io"
	"io/fs"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"xaso/internal/auth"
	"xaso/internal/blob"
	"xaso/internal/calendar"
	"xaso/internal/docs"
	"xaso/internal/errs"
	"xaso/internal/web"
)

// The room's HTML pages: each reads a form, calls the Service and draws the answer; every rule
// is the Service's.

//go:embed all:templates
var templateFS embed.FS

var (
	canFile      = auth.Roles(fileRoles...)
	canSee       = auth.Roles(seeRoles...)
	canReveal    = auth.Roles(auth.Leader, auth.Specialist)
	canExport    = auth.Roles(auth.Desk, auth.Leader)
	canConfigure = auth.Roles(auth.Leader, auth.Admin)
)

// Brakes on the public pages: submissions and failed look-ups per client address.
const (
	publicWindow   = 15 * time.Minute
	submitsPerAddr = 10
	lookupFailures = 20
	maxPublicBody  = 6*maxFileBytes + 1<<20
	perPage        = 50
)

type pages struct {
	s       *web.Server
	svc     *Service
	staff   func(r *http.Request, communeID string) ([]*auth.User, error)
	submits *auth.Throttle
	lookups *auth.Throttle

	pForm, pSent, pTrack, pAnswers, pAnswer, pList, pNew, pDetail, pSettings web.Page
}

// PageDeps are what the pages need beyond the Service.
type PageDeps struct {
	// Staff lists the commune's active accounts for the assignment menu.
	Staff func(r *http.Request, communeID string) ([]*auth.User, error)
	// Tokens checks the Open311 api_key (auth.Store.TokenUser); nil refuses every POST.
	Tokens TokenUser
}

// Mount adds the room's pages to the shell:
//
//	GET, POST /phan-anh                       public: file a report, recommendation, complaint or denunciation (with attachments)
//	GET       /phan-anh/da-gui/{number}       public: the number and the due date of a petition just filed
//	GET, POST /phan-anh/tra-cuu               public: a petition by number and the last 4 phone digits (POST)
//	GET       /xa-tra-loi                     public: the commune answers: published questions and answers, searchable
//	GET       /xa-tra-loi/{number}            public: one published answer
//	GET       /don-thu                        desk, specialist, leader: the petitions, filters, counts
//	GET       /don-thu/xuat.csv               desk, leader: the register as CSV (streamed; no denouncer's identity)
//	GET, POST /don-thu/moi                    desk, leader, specialist, hamlet head, inspection board: file for someone
//	GET       /don-thu/{number}               desk, specialist, leader: a petition, its history and the actions allowed
//	POST      /don-thu/{number}/xu-ly         desk, specialist, leader: take an action (the rules say who)
//	POST      /don-thu/{number}/danh-tinh     leader, specialist (the handler): show a denouncer's identity, audited
//	GET       /don-thu/{number}/tep/{seq}     desk, specialist, leader: an attachment (a denunciation's: leader or handler, audited)
//	GET       /don-thu/{number}/tra-loi.pdf   desk, specialist, leader: the written answer, Decree 30 layout
//	GET, POST /quan-tri/don-thu               leader, admin: the commune's settings (remote area, answer time of reports)
//	GET, POST /open311/v2/…                   public (POST with api_key): the Open311 GeoReport v2 API (open311.go)
func Mount(s *web.Server, svc *Service, deps PageDeps) {
	sub, _ := fs.Sub(templateFS, "templates")
	s.AddTemplates("petition", sub)
	p := &pages{s: s, svc: svc, staff: deps.Staff,
		submits: auth.NewThrottle(submitsPerAddr, publicWindow, svc.now),
		lookups: auth.NewThrottle(lookupFailures, publicWindow, svc.now),
		pForm:   s.Page("petition/form.html"), pSent: s.Page("petition/sent.html"), pTrack: s.Page("petition/track.html"),
		pAnswers: s.Page("petition/answers.html"), pAnswer: s.Page("petition/answer.html"), pList: s.Page("petition/list.html"),
		pNew: s.Page("petition/new.html"), pDetail: s.Page("petition/detail.html"), pSettings: s.Page("petition/settings.html")}
	public := auth.Public()
	s.Handle("GET /phan-anh", public, p.form)
	s.Handle("POST /phan-anh", public, p.submit)
	s.Handle("GET /phan-anh/da-gui/{number}", public, p.sent)
	s.Handle("GET /phan-anh/tra-cuu", public, p.trackForm)
	s.Handle("POST /phan-anh/tra-cuu", public, p.track)
	s.Handle("GET /xa-tra-loi", public, p.answers)
	s.Handle("GET /xa-tra-loi/{number}", public, p.answer)
	s.Handle("GET /don-thu", canSee, p.list)
	s.Handle("GET /don-thu/xuat.csv", canExport, p.export)
	s.Handle("GET /don-thu/moi", canFile, p.newForm)
	s.Handle("POST /don-thu/moi", canFile, p.newSubmit)
	s.Handle("GET /don-thu/{number}", canSee, p.detail)
	s.Handle("POST /don-thu/{number}/xu-ly", canSee, p.act)
	s.Handle("POST /don-thu/{number}/danh-tinh", canReveal, p.reveal)
	s.Handle("GET /don-thu/{number}/tep/{seq}", canSee, p.file)
	s.Handle("GET /don-thu/{number}/tra-loi.pdf", canSee, p.answerPDF)
	s.Handle("GET /quan-tri/don-thu", canConfigure, p.settings)
	s.Handle("POST /quan-tri/don-thu", canConfigure, p.saveSettings)
	mountOpen311(s, svc, deps.Tokens)
	s.AddHomeCard(p.homeCard)
}

func tenant(r *http.Request) (*web.Tenant, error) {
	if t := web.TenantOf(r); t != nil {
		return t, nil
	}
	return nil, errs.E("petition: page", errs.NotFound, "error.not_found")
}

// homeCard shows the open and overdue petitions on the staff home page.
func (p *pages) homeCard(r *http.Request) (web.HomeCard, bool, error) {
	u := web.UserOf(r)
	t := web.TenantOf(r)
	if t == nil || !canSee.Allows(u) {
		return web.HomeCard{}, false, nil
	}
	c, err := p.svc.CountsOf(r.Context(), p.svc.d, t.ID)
	if err != nil {
		return web.HomeCard{}, false, err
	}
	return web.HomeCard{Title: "petition.list.title", URL: "/don-thu", Text: "petition.home.card", Args: []any{c.Open, c.Overdue},
		Alert: c.Overdue > 0}, true, nil
}

// ---- public pages ----

func (p *pages) form(w http.ResponseWriter, r *http.Request) error {
	web.Cacheable(w) // the same for every visitor not signed in
	if _, err := tenant(r); err != nil {
		return err
	}
	return p.renderForm(w, r, http.StatusOK, p.pForm, url.Values{"kind": {string(Report)}, "topic": {"khac"}}, nil)
}

func (p *pages) renderForm(w http.ResponseWriter, r *http.Request, status int, page web.Page, form url.Values, fe errs.FieldErrors) error {
	title := "petition.form.title"
	if page == p.pNew {
		title = "petition.new.title"
	}
	return p.s.RenderForm(w, r, status, page, title, map[string]any{"Kinds": Kinds, "Topics": Topics, "Channels": Channels,
		"HasKey": p.svc.HasKey(), "MaxFiles": maxFiles, "MaxMB": maxFileBytes >> 20}, form, fe)
}

// readIntake parses the petition form (multipart, with up to maxFiles scans).
func readIntake(r *http.Request, w http.ResponseWriter) (Intake, url.Values, errs.FieldErrors, error) {
	r.Body = http.MaxBytesReader(w, r.Body, maxPublicBody)
	fe := errs.FieldErrors{}
	if err := web.ParseMultipartForm(r, 2<<20); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return Intake{}, nil, nil, errs.E("petition: form", errs.Invalid, "petition.err.file_large")
		}
		return Intake{}, nil, nil, errs.E("petition: form", errs.Invalid, "error.bad_request")
	}
	if r.MultipartForm != nil {
		defer r.MultipartForm.RemoveAll()
	}
	f := r.Form
	in := Intake{Kind: Kind(f.Get("kind")), Channel: Channel(f.Get("channel")), Topic: f.Get("topic"), Place: f.Get("place"),
		Content: f.Get("content"), Relatives: f.Get("relatives"), OnBehalf: f.Get("on_behalf"), PublishConsent: f.Get("publish") == "1",
		SeveralSites: f.Get("several_sites") == "1",
		Sender:       Sender{Name: f.Get("name"), Address: f.Get("address"), Phone: f.Get("phone"), Email: f.Get("email"), IDNumber: f.Get("id_number")}}
	if s := strings.TrimSpace(f.Get("learned_on")); s != "" {
		d, err := calendar.ParseDate(s)
		if err != nil {
			fe["learned_on"] = "petition.err.date"
		}
		in.LearnedOn = d
	}
	if lat, lon := strings.TrimSpace(f.Get("lat")), strings.TrimSpace(f.Get("lon")); lat != "" || lon != "" {
		a, err1 := strconv.ParseFloat(lat, 64)
		b, err2 := strconv.ParseFloat(lon, 64)
		if err1 != nil || err2 != nil {
			fe["place"] = "petition.err.point"
		} else {
			in.Lat, in.Lon = &a, &b
		}
	}
	if r.MultipartForm != nil {
		files := r.MultipartForm.File["files"]
		if len(files) > maxFiles {
			fe["files"] = "petition.err.files_many"
			files = nil
		}
		for _, fh := range files {
			if fh.Size == 0 && fh.Filename == "" {
				continue
			}
			data, err := readUpload(fh)
			if err != nil {
				fe["files"] = "petition.err.file_type"
				continue
			}
			if blob.SniffScan(data) == "" {
				fe["files"] = "petition.err.file_type"
				continue
			}
			in.Files = append(in.Files, FileIn{Filename: fh.Filename, Data: data})
		}
	}
	return in, f, fe, nil
}

func readUpload(fh *multipart.FileHeader) ([]byte, error) {
	if fh.Size > maxFileBytes {
		return nil, errors.New("too large")
	}
	f, err := fh.Open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, maxFileBytes+1))
}

func (p *pages) submit(w http.ResponseWriter, r *http.Request) error {
	const op = "petition: submit"
	t, err := tenant(r)
	if err != nil {
		return err
	}
	web.NoStore(w)
	if !p.submits.Take(web.ClientIP(r)) {
		return errs.E(op, errs.TooMany, "error.too_many")
	}
	in, form, fe, err := readIntake(r, w)
	if err != nil {
		return err
	}
	in.Channel = ChannelWeb
	in.OnBehalf = ""
	if in.Kind == Denunciation && !p.svc.HasKey() {
		fe["kind"] = "petition.err.no_key"
	}
	if len(fe) == 0 {
		if vfe := in.Validate(p.svc.now()); len(vfe) > 0 {
			fe = vfe
		}
	}
	if len(fe) > 0 {
		return p.renderForm(w, r, http.StatusUnprocessableEntity, p.pForm, form, fe)
	}
	pt, err := p.svc.File(r.Context(), t.ID, Actor{ID: "web", Name: Messages["petition.channel.web"][0]}, in)
	if fe, ok := errs.Fields(err); ok {
		return p.renderForm(w, r, http.StatusUnprocessableEntity, p.pForm, form, fe)
	}
	if err != nil {
		return err
	}
	return web.Redirect(w, r, "/phan-anh/da-gui/"+pt.Number)
}

func (p *pages) sent(w http.ResponseWriter, r *http.Request) error {
	t, err := tenant(r)
	if err != nil {
		return err
	}
	pt, err := p.svc.Get(r.Context(), t.ID, r.PathValue("number"))
	if err != nil {
		return err
	}
	web.NoStore(w)
	// Only what the number already says: when it came and when it is due.
	return p.s.Render(w, r, http.StatusOK, p.pSent, "petition.sent.title", map[string]any{"Number": pt.Number, "Kind": pt.Kind,
		"Received": pt.ReceivedAt, "Due": pt.StepDueAt, "Anonymous": pt.Anonymous})
}

func (p *pages) trackForm(w http.ResponseWriter, r *http.Request) error {
	web.Cacheable(w) // the same for every visitor not signed in
	if _, err := tenant(r); err != nil {
		return err
	}
	return p.s.RenderForm(w, r, http.StatusOK, p.pTrack, "petition.track.title", map[string]any{}, url.Values{"number": {r.URL.Query().Get("so")}}, nil)
}

func (p *pages) track(w http.ResponseWriter, r *http.Request) error {
	t, err := tenant(r)
	if err != nil {
		return err
	}
	web.NoStore(w)
	ip := web.ClientIP(r)
	if !p.lookups.Allowed(ip) {
		return errs.E("petition: track", errs.TooMany, "error.too_many")
	}
	if err := r.ParseForm(); err != nil {
		return errs.E("petition: track", errs.Invalid, "error.bad_request")
	}
	pt, err := p.svc.Track(r.Context(), t.ID, r.PostForm.Get("number"), r.PostForm.Get("digits"))
	if errs.KindOf(err) == errs.NotFound {
		p.lookups.Fail(ip)
		return p.s.RenderForm(w, r, http.StatusNotFound, p.pTrack, "petition.track.title", map[string]any{"NotFound": true}, r.PostForm, nil)
	}
	if err != nil {
		return err
	}
	return p.s.RenderForm(w, r, http.StatusOK, p.pTrack, "petition.track.title", map[string]any{"P": pt, "RateURL": p.svc.RateURL(pt)}, url.Values{"number": {pt.Number}}, nil)
}

func (p *pages) answers(w http.ResponseWriter, r *http.Request) error {
	web.Cacheable(w) // the same for every visitor not signed in
	t, err := tenant(r)
	if err != nil {
		return err
	}
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if len(q) > 200 {
		q = q[:200]
	}
	pager := web.NewPager(r, 20)
	list, total, err := p.svc.Answers(r.Context(), t.ID, q, pager.PerPage, pager.Offset())
	if err != nil {
		return err
	}
	pager.Total = total
	w.Header().Set("Cache-Control", "public, max-age=60")
	return p.s.RenderForm(w, r, http.StatusOK, p.pAnswers, "petition.answers.title", map[string]any{"List": list, "Total": total, "Pager": pager, "Q": q},
		url.Values{"q": {q}}, nil)
}

func (p *pages) answer(w http.ResponseWriter, r *http.Request) error {
	web.Cacheable(w) // the same for every visitor not signed in
	t, err := tenant(r)
	if err != nil {
		return err
	}
	pt, err := p.svc.Get(r.Context(), t.ID, r.PathValue("number"))
	if err != nil || !pt.Published {
		return errs.E("petition: answer", errs.NotFound, "petition.not_found")
	}
	w.Header().Set("Cache-Control", "public, max-age=60")
	return p.s.Render(w, r, http.StatusOK, p.pAnswer, "petition.answers.title", map[string]any{"A": PublicAnswer{Number: pt.Number, Kind: pt.Kind,
		Topic: pt.Topic, Question: pt.PublicQuestion, Answer: pt.Answer, ReceivedAt: pt.ReceivedAt, AnsweredAt: pt.AnsweredAt}})
}

// ---- staff pages ----

func (p *pages) list(w http.ResponseWriter, r *http.Request) error {
	t, err := tenant(r)
	if err != nil {
		return err
	}
	web.NoStore(w)
	q := r.URL.Query()
	f := Filter{Status: Status(q.Get("tinh-trang")), Kind: Kind(q.Get("loai")), Number: q.Get("so")}
	switch q.Get("tinh-trang") {
	case "dang-xu-ly":
		f.Status, f.OpenOnly = "", true
	case "qua-han":
		f.Status, f.Overdue = "", true
	}
	if f.Status != "" && !validStatus(f.Status) {
		f.Status = ""
	}
	if f.Kind != "" && !f.Kind.Valid() {
		f.Kind = ""
	}
	pager := web.NewPager(r, perPage)
	f.Limit, f.Offset = pager.PerPage, pager.Offset()
	counts, err := p.svc.CountsOf(r.Context(), p.svc.d, t.ID)
	if err != nil {
		return err
	}
	// Unfiltered, the list's length is the counts' total: one count fewer over the table.
	f.KnownTotal = -1
	if f == (Filter{Limit: f.Limit, Offset: f.Offset, KnownTotal: -1}) {
		f.KnownTotal = counts.Total
	}
	rows, total, err := p.svc.List(r.Context(), t.ID, f)
	if err != nil {
		return err
	}
	pager.Total = total
	return p.s.RenderForm(w, r, http.StatusOK, p.pList, "petition.list.title", map[string]any{"Rows": rows, "Total": total, "Pager": pager,
		"Counts": counts, "Now": p.svc.nowUTC(), "Kinds": Kinds, "Statuses": Statuses}, q, nil)
}

func validStatus(s Status) bool {
	for _, x := range Statuses {
		if s == x {
			return true
		}
	}
	return false
}

func (p *pages) newForm(w http.ResponseWriter, r *http.Request) error {
	if _, err := tenant(r); err != nil {
		return err
	}
	return p.renderForm(w, r, http.StatusOK, p.pNew, url.Values{"kind": {string(Report)}, "topic": {"khac"}, "channel": {string(defaultChannel(web.UserOf(r)))}}, nil)
}

// defaultChannel is the channel a staff member usually files through.
func defaultChannel(u *auth.User) Channel {
	switch {
	case u.Has(auth.HamletHead):
		return ChannelHamlet
	case u.Has(auth.Inspection):
		return ChannelInspection
	}
	return ChannelLetter
}

func (p *pages) newSubmit(w http.ResponseWriter, r *http.Request) error {
	t, err := tenant(r)
	if err != nil {
		return err
	}
	web.NoStore(w)
	in, form, fe, err := readIntake(r, w)
	if err != nil {
		return err
	}
	u := web.UserOf(r)
	if !u.Has(auth.Desk) && !u.Has(auth.Leader) && !u.Has(auth.Specialist) {
		in.Channel = defaultChannel(u) // a hamlet head or the board files as themselves
	}
	if (in.Channel == ChannelHamlet || in.Channel == ChannelInspection) && in.OnBehalf == "" {
		in.OnBehalf = u.FullName
	}
	if in.Channel == ChannelWeb || in.Channel == ChannelOpen311 {
		fe["channel"] = "petition.err.channel"
	}
	if len(fe) == 0 {
		if vfe := in.Validate(p.svc.now()); len(vfe) > 0 {
			fe = vfe
		}
	}
	if len(fe) > 0 {
		return p.renderForm(w, r, http.StatusUnprocessableEntity, p.pNew, form, fe)
	}
	pt, err := p.svc.File(r.Context(), t.ID, ActorOf(u), in)
	if fe, ok := errs.Fields(err); ok {
		return p.renderForm(w, r, http.StatusUnprocessableEntity, p.pNew, form, fe)
	}
	if err != nil {
		return err
	}
	if canSee.Allows(u) {
		p.s.Flash(w, r, "petition.flash.filed")
		return web.Redirect(w, r, "/don-thu/"+pt.Number)
	}
	return web.Redirect(w, r, "/phan-anh/da-gui/"+pt.Number)
}

func (p *pages) detail(w http.ResponseWriter, r *http.Request) error {
	return p.renderDetail(w, r, http.StatusOK, nil, nil, nil)
}

func (p *pages) renderDetail(w http.ResponseWriter, r *http.Request, status int, form url.Values, fe errs.FieldErrors, id *Identity) error {
	t, err := tenant(r)
	if err != nil {
		return err
	}
	web.NoStore(w)
	pt, err := p.svc.Get(r.Context(), t.ID, r.PathValue("number"))
	if err != nil {
		return err
	}
	steps, err := p.svc.Steps(r.Context(), t.ID, pt.ID)
	if err != nil {
		return err
	}
	files, err := p.svc.Files(r.Context(), t.ID, pt.ID)
	if err != nil {
		return err
	}
	rules, err := p.svc.Rules(r.Context(), p.svc.d, t.ID)
	if err != nil {
		return err
	}
	by := ActorOf(web.UserOf(r))
	var staff []*auth.User
	if Allowed(pt, ActAssign, by, p.svc.now()) == nil && p.staff != nil {
		if staff, err = p.staff(r, t.ID); err != nil {
			return err
		}
	}
	data := map[string]any{"P": pt, "Steps": steps, "Files": files, "Actions": Available(pt, by, p.svc.now()), "Now": p.svc.nowUTC(),
		"MayReveal": pt.Sealed && by.MayReveal(pt), "Identity": id, "Staff": staff, "Kinds": Kinds, "Topics": Topics, "Late": p.lateFiling(pt, rules)}
	if r, ok := rules.Find(pt.Kind, StepFiling, "", calendar.DateOf(pt.ReceivedAt)); ok && pt.Kind == Complaint {
		data["FilingRule"] = r
	}
	if form == nil {
		form = url.Values{"kind": {string(pt.Kind)}, "topic": {pt.Topic}, "content": {pt.Content}}
		if pt.Complex {
			form.Set("complex", "1")
		}
		if pt.SeveralSites {
			form.Set("several_sites", "1")
		}
	}
	return p.s.RenderForm(w, r, status, p.pDetail, "petition.detail.title", data, form, fe)
}

// lateFiling reports a complaint filed after its 90 days (Law 02/2011 Art. 9): shown, the
// desk decides (the limit runs longer for illness, natural disasters and the like).
func (p *pages) lateFiling(pt Petition, rules Rules) bool {
	if pt.Kind != Complaint || !pt.LearnedOn.Valid() {
		return false
	}
	r, ok := rules.Find(Complaint, StepFiling, "", calendar.DateOf(pt.ReceivedAt))
	return ok && calendar.DateOf(pt.ReceivedAt).Sub(pt.LearnedOn) > r.Amount
}

func (p *pages) act(w http.ResponseWriter, r *http.Request) error {
	t, err := tenant(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return errs.E("petition: act", errs.Invalid, "error.bad_request")
	}
	f := r.PostForm
	a := Action(f.Get("action"))
	in := Input{Text: f.Get("text"), To: f.Get("to"), Kind: Kind(f.Get("kind")), Topic: f.Get("topic"), Complex: f.Get("complex") == "1",
		SeveralSites: f.Get("several_sites") == "1", Content: f.Get("content"), Number: f.Get("answer_number"), Question: f.Get("question")}
	if a == ActAssign {
		in.HandlerID = f.Get("handler")
		if p.staff != nil {
			users, err := p.staff(r, t.ID)
			if err != nil {
				return err
			}
			for _, u := range users {
				if u.ID == in.HandlerID && (u.Has(auth.Specialist) || u.Has(auth.Leader)) {
					in.HandlerName = u.FullName
				}
			}
		}
	}
	_, err = p.svc.Do(r.Context(), t.ID, r.PathValue("number"), ActorOf(web.UserOf(r)), a, in)
	if fe, ok := errs.Fields(err); ok {
		return p.renderDetail(w, r, http.StatusUnprocessableEntity, f, fe, nil)
	}
	if err != nil {
		return err
	}
	p.s.Flash(w, r, "petition.flash.done")
	return web.Redirect(w, r, "/don-thu/"+r.PathValue("number"))
}

func (p *pages) reveal(w http.ResponseWriter, r *http.Request) error {
	t, err := tenant(r)
	if err != nil {
		return err
	}
	id, err := p.svc.Reveal(r.Context(), t.ID, r.PathValue("number"), ActorOf(web.UserOf(r)))
	if err != nil {
		return err
	}
	return p.renderDetail(w, r, http.StatusOK, nil, nil, &id)
}

func (p *pages) file(w http.ResponseWriter, r *http.Request) error {
	t, err := tenant(r)
	if err != nil {
		return err
	}
	seq, err := strconv.Atoi(r.PathValue("seq"))
	if err != nil {
		return errs.E("petition: file", errs.NotFound, "petition.not_found")
	}
	pt, err := p.svc.Get(r.Context(), t.ID, r.PathValue("number"))
	if err != nil {
		return err
	}
	web.NoStore(w)
	if pt.Sealed {
		name, data, err := p.svc.SealedFile(r.Context(), t.ID, pt.Number, seq, ActorOf(web.UserOf(r)))
		if err != nil {
			return err
		}
		w.Header().Set("Content-Type", blob.SniffScan(data))
		w.Header().Set("Content-Disposition", `attachment; filename="`+asciiName(name)+`"`)
		w.Header().Set("X-Content-Type-Options", "nosniff")
		_, err = w.Write(data)
		return err
	}
	files, err := p.svc.Files(r.Context(), t.ID, pt.ID)
	if err != nil {
		return err
	}
	for _, f := range files {
		if f.Seq == seq && !f.Sealed && p.svc.blobs != nil {
			return p.svc.blobs.Serve(w, r, t.ID, f.SHA)
		}
	}
	return errs.E("petition: file", errs.NotFound, "petition.not_found")
}

func asciiName(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e || r == '"' || r == '\\' {
			return '_'
		}
		return r
	}, s)
}

// export streams the register of a year as CSV: numbers, kinds, dates, status, the working
// copy, and the sender only for what is not a denunciation.
func (p *pages) export(w http.ResponseWriter, r *http.Request) error {
	t, err := tenant(r)
	if err != nil {
		return err
	}
	year := calendar.DateOf(p.svc.now()).Year
	if y, err := strconv.Atoi(r.URL.Query().Get("nam")); err == nil && y > 2000 && y < 2200 {
		year = y
	}
	from := calendar.NewDate(year, 1, 1).Time()
	to := calendar.NewDate(year+1, 1, 1).Time()
	web.NoStore(w)
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="so-don-thu-`+strconv.Itoa(year)+`.csv"`)
	w.Write([]byte("\ufeff"))
	cw := csv.NewWriter(w)
	T := func(k string) string { return p.s.T(r, k) }
	cw.Write([]string{T("petition.col.number"), T("petition.col.received"), T("petition.col.kind"), T("petition.col.channel"), T("petition.col.topic"),
		T("petition.col.sender"), T("petition.col.content"), T("petition.col.status"), T("petition.col.due"), T("petition.col.handler"), T("petition.col.answer")})
	n := 0
	err = p.svc.Each(r.Context(), t.ID, from, to, func(pt Petition) error {
		sender := pt.Sender.Name
		if pt.Sealed {
			sender = secretOmitted
		}
		due := ""
		if d := pt.Due(); !d.IsZero() {
			due = d.In(calendar.Zone).Format("02/01/2006 15:04")
		}
		cw.Write([]string{pt.Number, pt.ReceivedAt.In(calendar.Zone).Format("02/01/2006 15:04"), T("petition.kind." + string(pt.Kind)),
			T("petition.channel." + string(pt.Channel)), T("petition.topic." + pt.Topic), docs.SafeCell(sender), docs.SafeCell(pt.Content),
			T("petition.status." + string(pt.Status)), due, pt.HandlerName, docs.SafeCell(pt.Answer)})
		if n++; n%500 == 0 {
			cw.Flush()
			if fl, ok := w.(http.Flusher); ok {
				fl.Flush()
			}
		}
		return cw.Error()
	})
	cw.Flush()
	return err
}

func (p *pages) settings(w http.ResponseWriter, r *http.Request) error {
	return p.renderSettings(w, r, http.StatusOK, nil, nil)
}

func (p *pages) renderSettings(w http.ResponseWriter, r *http.Request, status int, form url.Values, fe errs.FieldErrors) error {
	t, err := tenant(r)
	if err != nil {
		return err
	}
	rules, err := p.svc.Rules(r.Context(), p.svc.d, t.ID)
	if err != nil {
		return err
	}
	remote, err := p.svc.Remote(r.Context(), p.svc.d, t.ID)
	if err != nil {
		return err
	}
	today := calendar.DateOf(p.svc.now())
	answer, _ := rules.Find(Report, StepAnswer, "", today)
	if form == nil {
		form = url.Values{"days": {strconv.Itoa(answer.Amount)}}
		if remote {
			form.Set("remote", "1")
		}
	}
	return p.s.RenderForm(w, r, status, p.pSettings, "petition.settings.title", map[string]any{"Rules": rules, "Today": today}, form, fe)
}

func (p *pages) saveSettings(w http.ResponseWriter, r *http.Request) error {
	t, err := tenant(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return errs.E("petition: settings", errs.Invalid, "error.bad_request")
	}
	by := ActorOf(web.UserOf(r))
	days, err := strconv.Atoi(strings.TrimSpace(r.PostForm.Get("days")))
	if err != nil {
		return p.renderSettings(w, r, http.StatusUnprocessableEntity, r.PostForm, errs.FieldErrors{"days": "petition.err.days"})
	}
	today := calendar.DateOf(p.svc.now())
	for _, k := range []Kind{Report, Recommendation} {
		err := p.svc.SetCommuneRule(r.Context(), t.ID, by, k, StepAnswer, today, days)
		if fe, ok := errs.Fields(err); ok {
			return p.renderSettings(w, r, http.StatusUnprocessableEntity, r.PostForm, fe)
		}
		if err != nil {
			return err
		}
	}
	if err := p.svc.SetRemote(r.Context(), t.ID, by, r.PostForm.Get("remote") == "1"); err != nil {
		return err
	}
	p.s.Flash(w, r, "petition.flash.saved")
	return web.Redirect(w, r, "/quan-tri/don-thu")
}
