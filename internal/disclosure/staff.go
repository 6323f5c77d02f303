package disclosure

import (
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"xaso/internal/auth"
	"xaso/internal/blob"
	"xaso/internal/calendar"
	"xaso/internal/errs"
	"xaso/internal/web"
)

// The staff pages: the register of disclosures, writing and publishing them, the postings on
// each channel, the texts for the loudspeaker and Zalo, the printable notice. The compliance
// board, the quarterly list and the report are in board.go. Every rule is the Service's.

// Who may use which page.
var (
	canSee   = auth.Roles(auth.Desk, auth.Leader, auth.Specialist, auth.Admin)
	canWrite = auth.Roles(auth.Desk, auth.Leader, auth.Specialist)
	// canCheck: the board, the quarterly list and the report are also for the People's
	// Inspection Board and the Fatherland Front, who supervise disclosure (Art. 14).
	canCheck = auth.Roles(auth.Desk, auth.Leader, auth.Specialist, auth.Admin, auth.Inspection, auth.Front)
	canRules = auth.Roles(auth.Leader, auth.Admin)
)

const (
	staffPerPage = 50
	maxUploads   = 10       // files in one submission
	maxForm      = 60 << 20 // bytes of one submission with its files
	staffBase    = "/quan-ly-cong-khai"
)

// Files is the blob store the attachments go to (blob.Store).
type Files interface {
	Put(ctx context.Context, communeID, filename string, r io.Reader) (blob.Blob, error)
	// Describe is the metadata (name, type, size) of the blobs among shas, in one query.
	Describe(ctx context.Context, communeID string, shas []string) (map[string]blob.Blob, error)
	// Serve writes the blob as the response (types, ranges, caching); the caller has checked
	// the user may see it.
	Serve(w http.ResponseWriter, r *http.Request, communeID, sha string) error
}

// StaffURL is a disclosure's page in the staff register.
func StaffURL(id string) string { return staffBase + "/" + id }

func (p *pages) mountStaff(s *web.Server) {
	p.sList, p.sForm, p.sDetail = s.Page("disclosure/staff_list.html"), s.Page("disclosure/staff_form.html"), s.Page("disclosure/staff_detail.html")
	p.sArchive, p.sTexts, p.sCategories = s.Page("disclosure/staff_archive.html"), s.Page("disclosure/staff_texts.html"), s.Page("disclosure/staff_categories.html")
	s.Handle("GET "+staffBase, canSee, p.staffList)
	s.Handle("GET "+staffBase+"/moi", canWrite, p.newForm)
	s.Handle("POST "+staffBase+"/moi", canWrite, p.create)
	s.Handle("GET "+staffBase+"/noi-dung", canSee, p.categories)
	s.Handle("POST "+staffBase+"/noi-dung", canRules, p.saveCategory)
	s.Handle("GET "+staffBase+"/{id}", canSee, p.detail)
	s.Handle("GET "+staffBase+"/{id}/sua", canWrite, p.editForm)
	s.Handle("POST "+staffBase+"/{id}/sua", canWrite, p.save)
	s.Handle("POST "+staffBase+"/{id}/cong-bo", canWrite, p.publish)
	s.Handle("GET "+staffBase+"/{id}/ket-thuc", canWrite, p.archiveForm)
	s.Handle("POST "+staffBase+"/{id}/ket-thuc", canWrite, p.archive)
	s.Handle("POST "+staffBase+"/{id}/niem-yet", canWrite, p.addPosting)
	s.Handle("POST "+staffBase+"/{id}/niem-yet/{pid}/go", canWrite, p.takeDown)
	s.Handle("GET "+staffBase+"/{id}/van-ban", canSee, p.texts)
	s.Handle("GET "+staffBase+"/{id}/thong-bao.pdf", canSee, p.noticePDF)
	s.Handle("GET "+staffBase+"/{id}/tep/{sha}", canSee, p.staffFile)
	s.AddHomeCard(p.homeCard)
}

// homeCard shows the drafts waiting for publication on the staff home page.
func (p *pages) homeCard(r *http.Request) (web.HomeCard, bool, error) {
	t := web.TenantOf(r)
	if t == nil || !canSee.Allows(web.UserOf(r)) {
		return web.HomeCard{}, false, nil
	}
	c, err := p.svc.StatusCounts(r.Context(), t.ID)
	if err != nil {
		return web.HomeCard{}, false, err
	}
	return web.HomeCard{Title: "disclosure.staff.title", URL: staffBase, Text: "disclosure.home.card",
		Args: []any{c[Published] + c[Updated], c[Draft]}}, true, nil
}

// names maps category numbers to their names in the page's language.
func (p *pages) names(r *http.Request, communeID string) ([]Category, map[int]string, error) {
	cats, err := p.svc.Categories(r.Context(), communeID)
	if err != nil {
		return nil, nil, err
	}
	return cats, categoryNames(cats, web.LangOf(r)), nil
}

func (p *pages) staffList(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	web.NoStore(w)
	q := r.URL.Query()
	cats, names, err := p.names(r, t.ID)
	if err != nil {
		return err
	}
	f := StaffFilter{Category: categoryParam(r), Q: strings.TrimSpace(q.Get("q"))}
	if st := Status(q.Get("tinh-trang")); slices.Contains(Statuses, st) {
		f.Status = st
	}
	pager := web.NewPager(r, staffPerPage)
	f.Limit, f.Offset = pager.PerPage, pager.Offset()
	list, total, err := p.svc.List(r.Context(), t.ID, f)
	if err != nil {
		return err
	}
	pager.Total = total
	counts, err := p.svc.StatusCounts(r.Context(), t.ID)
	if err != nil {
		return err
	}
	rows := make([]row, len(list))
	for i, d := range list {
		rows[i] = row{D: d, Category: names[d.CategoryNo]}
	}
	return p.s.RenderForm(w, r, http.StatusOK, p.sList, "disclosure.staff.title", map[string]any{
		"Rows": rows, "Total": total, "Pager": pager, "Categories": cats, "Statuses": Statuses, "Counts": counts,
		"Status": string(f.Status), "Category": f.Category}, q, nil)
}

// formData is what the writing form needs.
func (p *pages) formPage(w http.ResponseWriter, r *http.Request, status int, d *Disclosure, form url.Values, fe errs.FieldErrors) error {
	t := web.TenantOf(r)
	web.NoStore(w)
	cats, _, err := p.names(r, t.ID)
	if err != nil {
		return err
	}
	hamlets, err := p.svc.Hamlets(r.Context(), t.ID)
	if err != nil {
		return err
	}
	action, title := staffBase+"/moi", "disclosure.staff.new"
	if d != nil {
		action, title = StaffURL(d.ID)+"/sua", "disclosure.staff.edit"
		if d.Status.Public() {
			title = "disclosure.staff.republish"
		}
	}
	// The files kept so far, those uploaded with a form that came back with errors included.
	keep, _ := ids(form["keep"], maxAttachments)
	files, err := p.fileLinks(r.Context(), t.ID, Disclosure{Attachments: keep}, "")
	if err != nil {
		return err
	}
	chosen := map[string]bool{}
	for _, id := range form["hamlets"] {
		chosen[id] = true
	}
	return p.s.RenderForm(w, r, status, p.sForm, title, map[string]any{"D": d, "Action": action, "Categories": cats,
		"Hamlets": hamlets, "Chosen": chosen, "Files": files, "Heading": title}, form, fe)
}

func (p *pages) newForm(w http.ResponseWriter, r *http.Request) error {
	return p.formPage(w, r, http.StatusOK, nil, url.Values{}, nil)
}

func (p *pages) editForm(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	d, err := p.svc.Get(r.Context(), t.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	if d.Status == Archived {
		return errs.E("disclosure: edit", errs.Conflict, "disclosure.already_archived")
	}
	form := url.Values{"category": {strconv.Itoa(d.CategoryNo)}, "title": {d.Title}, "summary": {d.Summary}, "body": {d.Body},
		"decision_date": {isoOrEmpty(d.DecisionDate)}, "hamlets": d.HamletIDs, "keep": d.Attachments}
	if d.Status.Public() {
		form.Set("published_on", p.svc.today().String())
	}
	return p.formPage(w, r, http.StatusOK, &d, form, nil)
}

// readForm reads the writing form with its files, storing the files first (a file the
// transaction then refuses stays in the store unreferenced: content-addressed, it costs
// nothing to keep and may be uploaded again).
func (p *pages) readForm(w http.ResponseWriter, r *http.Request, communeID string) (Input, calendar.Date, url.Values, errs.FieldErrors, error) {
	const op = "disclosure: form"
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	fe := errs.FieldErrors{}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
		if err := web.ParseMultipartForm(r, 8<<20); err != nil {
			return Input{}, calendar.Date{}, nil, nil, errs.E(op, errs.Invalid, "disclosure.upload_too_large")
		}
	} else if err := r.ParseForm(); err != nil {
		return Input{}, calendar.Date{}, nil, nil, errs.E(op, errs.Invalid, "error.bad_request")
	}
	f := r.PostForm
	in := Input{Title: f.Get("title"), Summary: f.Get("summary"), Body: f.Get("body"), HamletIDs: f["hamlets"]}
	in.CategoryNo, _ = strconv.Atoi(f.Get("category"))
	var ok bool
	if in.DecisionDate, ok = parseDay(f.Get("decision_date")); !ok {
		fe["decision_date"] = "disclosure.date_invalid"
	}
	on, ok := parseDay(f.Get("published_on"))
	if !ok {
		fe["published_on"] = "disclosure.date_invalid"
	}
	in.Attachments = append(in.Attachments, f["keep"]...)
	if r.MultipartForm != nil {
		uploads := r.MultipartForm.File["files"]
		if len(uploads) > maxUploads {
			fe["files"] = "disclosure.upload_too_many"
			uploads = nil
		}
		for _, fh := range uploads {
			if fh.Size == 0 {
				continue
			}
			b, err := p.store(r.Context(), communeID, fh)
			if err != nil {
				if errs.KindOf(err) == errs.Internal {
					return Input{}, calendar.Date{}, nil, nil, err
				}
				fe["files"] = "disclosure.upload_refused"
				continue
			}
			in.Attachments = append(in.Attachments, b.SHA256)
			f.Add("keep", b.SHA256)
		}
	}
	return in, on, f, fe, nil
}

func (p *pages) store(ctx context.Context, communeID string, fh *multipart.FileHeader) (blob.Blob, error) {
	if p.files == nil {
		return blob.Blob{}, errs.E("disclosure: upload", errs.Invalid, "disclosure.upload_refused")
	}
	file, err := fh.Open()
	if err != nil {
		return blob.Blob{}, errs.E("disclosure: upload", errs.Invalid, "disclosure.upload_refused")
	}
	defer file.Close()
	return p.files.Put(ctx, communeID, fh.Filename, file)
}

// merge adds the form's own errors to the service's.
func merge(err error, fe errs.FieldErrors) (errs.FieldErrors, bool) {
	got, ok := errs.Fields(err)
	if !ok && len(fe) == 0 {
		return nil, false
	}
	out := errs.FieldErrors{}
	for k, v := range got {
		out[k] = v
	}
	for k, v := range fe {
		out[k] = v
	}
	return out, true
}

func (p *pages) create(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	in, _, form, fe, err := p.readForm(w, r, t.ID)
	if err != nil {
		return err
	}
	var d Disclosure
	if len(fe) == 0 {
		d, err = p.svc.Create(r.Context(), t.ID, web.UserOf(r).Actor(), in)
	}
	if all, bad := merge(err, fe); bad {
		return p.formPage(w, r, http.StatusUnprocessableEntity, nil, form, all)
	}
	if err != nil {
		return err
	}
	p.s.Flash(w, r, "disclosure.flash.created")
	return web.Redirect(w, r, StaffURL(d.ID))
}

func (p *pages) save(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	d, err := p.svc.Get(r.Context(), t.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	in, on, form, fe, err := p.readForm(w, r, t.ID)
	if err != nil {
		return err
	}
	flash := "disclosure.flash.saved"
	if len(fe) == 0 {
		if d.Status.Public() {
			_, err = p.svc.Republish(r.Context(), t.ID, web.UserOf(r).Actor(), d.ID, in, on)
			flash = "disclosure.flash.republished"
		} else {
			_, err = p.svc.Edit(r.Context(), t.ID, web.UserOf(r).Actor(), d.ID, in)
		}
	}
	if all, bad := merge(err, fe); bad {
		return p.formPage(w, r, http.StatusUnprocessableEntity, &d, form, all)
	}
	if err != nil {
		return err
	}
	p.s.Flash(w, r, flash)
	return web.Redirect(w, r, StaffURL(d.ID))
}

// postingRow is a posting with the names the page shows.
type postingRow struct {
	P      Posting
	Hamlet string
	Days   int
	Short  bool
}

func (p *pages) detail(w http.ResponseWriter, r *http.Request) error {
	return p.detailPage(w, r, http.StatusOK, nil, nil)
}

func (p *pages) detailPage(w http.ResponseWriter, r *http.Request, status int, form url.Values, fe errs.FieldErrors) error {
	t := web.TenantOf(r)
	web.NoStore(w)
	ctx := r.Context()
	d, err := p.svc.Get(ctx, t.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	cats, names, err := p.names(r, t.ID)
	if err != nil {
		return err
	}
	cat := categoryOf(cats, d.CategoryNo)
	hamlets, err := p.svc.Hamlets(ctx, t.ID)
	if err != nil {
		return err
	}
	hname := nameMap(hamlets)
	var concerned []string
	for _, id := range d.HamletIDs {
		concerned = append(concerned, hname[id])
	}
	postings, err := p.svc.Postings(ctx, t.ID, d.ID)
	if err != nil {
		return err
	}
	today := p.svc.today()
	rows := make([]postingRow, len(postings))
	for i, x := range postings {
		rows[i] = postingRow{P: x, Hamlet: hname[x.HamletID], Days: PostedDays(x, today), Short: ShortOfMinimum(cat.Posting, x, d.ArchivedOn, today)}
	}
	versions, err := p.svc.Versions(ctx, t.ID, d.ID)
	if err != nil {
		return err
	}
	files, err := p.fileLinks(ctx, t.ID, d, StaffURL(d.ID))
	if err != nil {
		return err
	}
	var due calendar.Date
	if d.Status == Draft && d.DecisionDate.Valid() {
		cal, err := p.svc.Calendar(ctx, t.ID)
		if err != nil {
			return err
		}
		due = PublishDue(cal, d.DecisionDate)
	}
	if form == nil {
		form = url.Values{"put_up": {today.String()}, "published_on": {today.String()}, "archived_on": {today.String()}}
	}
	return p.s.RenderForm(w, r, status, p.sDetail, "disclosure.staff.title", map[string]any{
		"D": d, "Category": names[d.CategoryNo], "Rule": cat, "Hamlets": hamlets, "Concerned": concerned, "Postings": rows,
		"Versions": versions, "Files": files, "Due": due, "Overdue": due.Valid() && today.After(due), "Channels": Channels,
		"CanWrite": canWrite.Allows(web.UserOf(r)), "Today": today.String()}, form, fe)
}

// form is a page that draws the disclosure with a form's values and errors.
type form func(w http.ResponseWriter, r *http.Request, status int, form url.Values, fe errs.FieldErrors) error

// dated runs a step that takes a day from the form (publish, archive): a bad day or a
// refused step comes back on page with the error; a step done goes back to the disclosure.
func (p *pages) dated(w http.ResponseWriter, r *http.Request, field string, page form, do func(on calendar.Date) error, flash string) error {
	on, ok := parseDay(r.PostForm.Get(field))
	if !ok {
		return page(w, r, http.StatusUnprocessableEntity, r.PostForm, errs.FieldErrors{field: "disclosure.date_invalid"})
	}
	err := do(on)
	if fe, bad := errs.Fields(err); bad {
		return page(w, r, http.StatusUnprocessableEntity, r.PostForm, fe)
	}
	if err != nil {
		return err
	}
	p.s.Flash(w, r, flash)
	return web.Redirect(w, r, StaffURL(r.PathValue("id")))
}

func (p *pages) publish(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	if err := r.ParseForm(); err != nil {
		return errs.E("disclosure: publish", errs.Invalid, "error.bad_request")
	}
	return p.dated(w, r, "published_on", p.detailPage, func(on calendar.Date) error {
		_, err := p.svc.Publish(r.Context(), t.ID, web.UserOf(r).Actor(), r.PathValue("id"), on)
		return err
	}, "disclosure.flash.published")
}

func (p *pages) archiveForm(w http.ResponseWriter, r *http.Request) error {
	return p.archivePage(w, r, http.StatusOK, url.Values{"archived_on": {p.svc.today().String()}}, nil)
}

func (p *pages) archivePage(w http.ResponseWriter, r *http.Request, status int, form url.Values, fe errs.FieldErrors) error {
	t := web.TenantOf(r)
	web.NoStore(w)
	d, err := p.svc.Get(r.Context(), t.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	if d.Status == Archived {
		return errs.E("disclosure: archive", errs.Conflict, "disclosure.already_archived")
	}
	cats, _, err := p.names(r, t.ID)
	if err != nil {
		return err
	}
	cat := categoryOf(cats, d.CategoryNo)
	early := false
	if d.Status.Public() && cat.Posting == ThirtyDays {
		early = d.FirstPublishedOn.AddDays(MinPostingDays - 1).After(p.svc.today())
	}
	return p.s.RenderForm(w, r, status, p.sArchive, "disclosure.staff.archive", map[string]any{"D": d, "Early": early, "Permanent": cat.Posting == Permanent}, form, fe)
}

func (p *pages) archive(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	if err := r.ParseForm(); err != nil {
		return errs.E("disclosure: archive", errs.Invalid, "error.bad_request")
	}
	if r.PostForm.Get("confirm") != "1" {
		return p.archivePage(w, r, http.StatusUnprocessableEntity, r.PostForm, errs.FieldErrors{"confirm": "disclosure.confirm_required"})
	}
	return p.dated(w, r, "archived_on", p.archivePage, func(on calendar.Date) error {
		_, err := p.svc.Archive(r.Context(), t.ID, web.UserOf(r).Actor(), r.PathValue("id"), on)
		return err
	}, "disclosure.flash.archived")
}

func (p *pages) addPosting(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	if err := r.ParseForm(); err != nil {
		return errs.E("disclosure: posting", errs.Invalid, "error.bad_request")
	}
	f := r.PostForm
	in := PostingInput{Channel: Channel(f.Get("channel")), HamletID: f.Get("hamlet"), Note: f.Get("note")}
	fe := errs.FieldErrors{}
	var ok bool
	if in.PutUp, ok = parseDay(f.Get("put_up")); !ok {
		fe["put_up"] = "disclosure.date_invalid"
	}
	if in.TakenDown, ok = parseDay(f.Get("taken_down")); !ok {
		fe["taken_down"] = "disclosure.date_invalid"
	}
	var err error
	if len(fe) == 0 {
		_, err = p.svc.AddPosting(r.Context(), t.ID, web.UserOf(r).Actor(), r.PathValue("id"), in)
	}
	if all, bad := merge(err, fe); bad {
		return p.detailPage(w, r, http.StatusUnprocessableEntity, f, all)
	}
	if err != nil {
		return err
	}
	p.s.Flash(w, r, "disclosure.flash.posting_added")
	return web.Redirect(w, r, StaffURL(r.PathValue("id"))+"#postings")
}

func (p *pages) takeDown(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	if err := r.ParseForm(); err != nil {
		return errs.E("disclosure: take down", errs.Invalid, "error.bad_request")
	}
	on, ok := parseDay(r.PostForm.Get("taken_down"))
	if !ok {
		return p.detailPage(w, r, http.StatusUnprocessableEntity, r.PostForm, errs.FieldErrors{"down_" + r.PathValue("pid"): "disclosure.date_invalid"})
	}
	// The posting must belong to the disclosure of the URL.
	list, err := p.svc.Postings(r.Context(), t.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(list, func(x Posting) bool { return x.ID == r.PathValue("pid") }) {
		return errs.E("disclosure: take down", errs.NotFound, "disclosure.not_found")
	}
	_, err = p.svc.TakeDown(r.Context(), t.ID, web.UserOf(r).Actor(), r.PathValue("pid"), on)
	if fe, bad := errs.Fields(err); bad {
		out := errs.FieldErrors{}
		for _, v := range fe {
			out["down_"+r.PathValue("pid")] = v
		}
		return p.detailPage(w, r, http.StatusUnprocessableEntity, r.PostForm, out)
	}
	if err != nil {
		return err
	}
	p.s.Flash(w, r, "disclosure.flash.taken_down")
	return web.Redirect(w, r, StaffURL(r.PathValue("id"))+"#postings")
}

func (p *pages) categories(w http.ResponseWriter, r *http.Request) error {
	return p.categoriesPage(w, r, http.StatusOK, 0, nil, nil)
}

func (p *pages) categoriesPage(w http.ResponseWriter, r *http.Request, status, bad int, form url.Values, fe errs.FieldErrors) error {
	t := web.TenantOf(r)
	web.NoStore(w)
	cats, err := p.svc.Categories(r.Context(), t.ID)
	if err != nil {
		return err
	}
	return p.s.RenderForm(w, r, status, p.sCategories, "disclosure.categories.title", map[string]any{"Categories": cats,
		"Rules": PostingRules, "Bad": bad, "CanEdit": canRules.Allows(web.UserOf(r))}, form, fe)
}

func (p *pages) saveCategory(w http.ResponseWriter, r *http.Request) error {
	t := web.TenantOf(r)
	if err := r.ParseForm(); err != nil {
		return errs.E("disclosure: category", errs.Invalid, "error.bad_request")
	}
	f := r.PostForm
	no, err := strconv.Atoi(f.Get("no"))
	if err != nil || no < 1 || no > len(LegalCategories) {
		return errs.E("disclosure: category", errs.NotFound, "disclosure.not_found")
	}
	_, err = p.svc.UpdateCategory(r.Context(), t.ID, web.UserOf(r).Actor(), no, CategoryInput{NameVI: f.Get("name_vi"), NameEN: f.Get("name_en"),
		Posting: PostingRule(f.Get("posting")), Loudspeaker: f.Get("loudspeaker") == "1", Required: f.Get("required") == "1"})
	if fe, bad := errs.Fields(err); bad {
		return p.categoriesPage(w, r, http.StatusUnprocessableEntity, no, f, fe)
	}
	if err != nil {
		return err
	}
	p.s.Flash(w, r, "disclosure.flash.category_saved")
	return web.Redirect(w, r, staffBase+"/noi-dung#muc-"+strconv.Itoa(no))
}
