package consult

import (
	"context"
	"embed"
	"html/template"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"slices"
	"time"

	"xaso/internal/auth"
	"xaso/internal/blob"
	"xaso/internal/errs"
	"xaso/internal/richtext"
	"xaso/internal/web"
)

// The room's pages: the public ones (this file: /y-kien, the comment form) and the staff ones
// under /lay-y-kien (staff.go), the printables (print.go). Each reads a form, calls the
// Service and draws the answer; every rule is the Service's. No page needs JavaScript.

//go:embed all:templates
var templateFS embed.FS

// Who may use which page: staff who run consultations change them; the Fatherland Front and
// the People's Inspection Board, who supervise, and the office read them; the chairman
// (leader) closes them, recording the decision (Art. 28).
var (
	canSee    = auth.Roles(auth.Leader, auth.Specialist, auth.Desk, auth.Admin, auth.Front, auth.Inspection)
	canChange = auth.Roles(auth.Leader, auth.Specialist)
	canClose  = auth.Roles(auth.Leader)
)

const (
	publicBase    = "/y-kien"
	staffBase     = "/lay-y-kien"
	publicPerPage = 20
	staffPerPage  = 20
	opinionsPage  = 50
	// A public opinion is a few kilobytes: the form is refused past this size.
	maxPublicForm = 32 << 10
	// The public form takes this many opinions per address in publicWindow.
	opinionsPerAddr = 20
	publicWindow    = 15 * time.Minute
)

// Files is the blob store the draft's attachments go to (blob.Store).
type Files interface {
	Put(ctx context.Context, communeID, filename string, r io.Reader) (blob.Blob, error)
	// Describe is the metadata of the blobs among shas, in one query.
	Describe(ctx context.Context, communeID string, shas []string) (map[string]blob.Blob, error)
	// Serve writes the blob as the response; the caller has checked the user may see it.
	Serve(w http.ResponseWriter, r *http.Request, communeID, sha string) error
}

// Options are what the pages need beyond the Service.
type Options struct {
	// Files stores and serves the attachments; without it no file can be attached.
	Files Files
}

type pages struct {
	s        *web.Server
	svc      *Service
	files    Files
	opinions *auth.Throttle

	pPublicList, pPublicItem                                      web.Page
	pList, pForm, pDetail, pOpinion, pSynthesis, pClose, pPublish web.Page
}

// Mount adds the room's pages:
//
//	GET       /y-kien                              public: consultations open and closed (?trang=)
//	GET, POST /y-kien/{id}                         public: the draft, the period, days left, the comment form; after the close, the summary and answers
//	GET       /y-kien/{id}/da-gui                  public: the same page, with the confirmation of an opinion sent
//	GET       /y-kien/{id}/tep/{sha}               public: an attachment of a published consultation
//	GET       /lay-y-kien                          staff who read: the list with counts by phase (?giai-doan=, ?trang=)
//	GET, POST /lay-y-kien/moi                      leader, specialist: a new consultation (a draft)
//	GET       /lay-y-kien/{id}                     staff who read: one consultation, its opinions (?xom=&nguon=&nhom=&trang=)
//	GET, POST /lay-y-kien/{id}/sua                 leader, specialist: edit the draft
//	GET, POST /lay-y-kien/{id}/cong-bo             leader, specialist: confirm, then publish (the period starts)
//	POST      /lay-y-kien/{id}/tep                 leader, specialist: attach a file to the draft
//	GET       /lay-y-kien/{id}/tep/{sha}           staff who read: an attachment
//	GET, POST /lay-y-kien/{id}/y-kien/moi          leader, specialist: type in an opinion received by another form
//	POST      /lay-y-kien/{id}/phan-nhom           leader, specialist: place the chosen opinions in a group
//	GET       /lay-y-kien/{id}/tong-hop            staff who read: the synthesis, groups and answers, counts
//	POST      /lay-y-kien/{id}/nhom                leader, specialist: a new group
//	POST      /lay-y-kien/{id}/nhom/{gid}          leader, specialist: a group's summary and answer
//	GET, POST /lay-y-kien/{id}/ket-thuc            leader: confirm, then close with the decision (publishes the summary)
//	GET       /lay-y-kien/{id}/phieu.pdf           staff who read: the household opinion form (Decree 30 layout)
//	GET       /lay-y-kien/{id}/tong-hop.pdf        staff who read: the synthesis report
func Mount(s *web.Server, svc *Service, o Options) {
	sub, _ := fs.Sub(templateFS, "templates")
	s.AddTemplates("consult", sub)
	p := &pages{s: s, svc: svc, files: o.Files, opinions: auth.NewThrottle(opinionsPerAddr, publicWindow, svc.now),
		pPublicList: s.Page("consult/public_list.html"), pPublicItem: s.Page("consult/public_item.html"),
		pList: s.Page("consult/list.html"), pForm: s.Page("consult/form.html"), pDetail: s.Page("consult/detail.html"),
		pOpinion: s.Page("consult/opinion_form.html"), pSynthesis: s.Page("consult/synthesis.html"),
		pClose: s.Page("consult/close.html"), pPublish: s.Page("consult/publish.html")}
	public := auth.Public()
	s.Handle("GET "+publicBase, public, p.publicList)
	s.Handle("GET "+publicBase+"/{id}", public, p.publicItem)
	s.Handle("POST "+publicBase+"/{id}", public, p.publicSubmit)
	s.Handle("GET "+publicBase+"/{id}/da-gui", public, p.publicSent)
	s.Handle("GET "+publicBase+"/{id}/tep/{sha}", public, p.publicFile)
	p.mountStaff(s)
}

func tenant(r *http.Request) (*web.Tenant, error) {
	if t := web.TenantOf(r); t != nil {
		return t, nil
	}
	return nil, errs.E("consult: page", errs.NotFound, "consult.err.not_found")
}

// trustedDraft is the draft as HTML for a page: sanitised again at rendering (Sanitize is
// idempotent), so that nothing stored before a sanitiser was configured can run script.
func trustedDraft(html string) template.HTML { return template.HTML(richtext.Sanitize(html)) }

func (p *pages) publicList(w http.ResponseWriter, r *http.Request) error {
	web.Cacheable(w) // the same for every visitor not signed in
	t, err := tenant(r)
	if err != nil {
		return err
	}
	pager := web.NewPager(r, publicPerPage)
	list, total, err := p.svc.List(r.Context(), t.ID, Filter{Public: true, Limit: pager.PerPage, Offset: pager.Offset()})
	if err != nil {
		return err
	}
	pager.Total = total
	w.Header().Set("Cache-Control", "public, max-age=60")
	return p.s.Render(w, r, http.StatusOK, p.pPublicList, "consult.public.title", map[string]any{"Rows": list, "Total": total,
		"Pager": pager, "Today": p.svc.Today()})
}

// fileLink is an attachment as a page links it.
type fileLink struct {
	Name, URL string
	Size      int64
}

// fileLinks are the consultation's attachments with their names, under base.
func (p *pages) fileLinks(ctx context.Context, communeID string, c Consultation, base string) ([]fileLink, error) {
	out := make([]fileLink, 0, len(c.Attachments))
	if len(c.Attachments) == 0 {
		return out, nil
	}
	var known map[string]blob.Blob
	if p.files != nil {
		var err error
		if known, err = p.files.Describe(ctx, communeID, c.Attachments); err != nil {
			return nil, err
		}
	}
	for _, sha := range c.Attachments {
		l := fileLink{Name: sha[:min(12, len(sha))], URL: base + "/tep/" + sha}
		if b, ok := known[sha]; ok {
			l.Name, l.Size = b.Filename, b.Size
		}
		out = append(out, l)
	}
	return out, nil
}

func (p *pages) serveFile(w http.ResponseWriter, r *http.Request, communeID string, c Consultation) error {
	sha := r.PathValue("sha")
	if p.files == nil || !slices.Contains(c.Attachments, sha) {
		return errs.E("consult: file", errs.NotFound, "consult.err.not_found")
	}
	return p.files.Serve(w, r, communeID, sha)
}

func (p *pages) publicFile(w http.ResponseWriter, r *http.Request) error {
	t, err := tenant(r)
	if err != nil {
		return err
	}
	c, err := p.svc.Public(r.Context(), t.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	return p.serveFile(w, r, t.ID, c)
}

// publicPage draws a consultation for the public, with the comment form while it takes
// opinions and, once closed, the answers.
func (p *pages) publicPage(w http.ResponseWriter, r *http.Request, status int, c Consultation, form url.Values, fe errs.FieldErrors, sent bool) error {
	t := web.TenantOf(r)
	ctx := r.Context()
	today := p.svc.Today()
	data := map[string]any{"C": c, "Draft": trustedDraft(c.Draft), "Today": today, "Taking": c.Taking(today),
		"DaysLeft": c.DaysLeft(today), "Phase": c.PhaseOn(today), "Sent": sent}
	files, err := p.fileLinks(ctx, t.ID, c, c.PublicURL())
	if err != nil {
		return err
	}
	data["Files"] = files
	if c.Taking(today) {
		hamlets, err := p.svc.Hamlets(ctx, t.ID)
		if err != nil {
			return err
		}
		if !c.CommuneWide() {
			hamlets = slices.DeleteFunc(hamlets, func(h Hamlet) bool { return !containsID(c.HamletIDs, h.ID) })
		}
		data["Hamlets"] = hamlets
	}
	if c.Status == Closed {
		gs, err := p.svc.Groups(ctx, t.ID, c.ID)
		if err != nil {
			return err
		}
		tally, err := p.svc.Tally(ctx, t.ID, c.ID)
		if err != nil {
			return err
		}
		data["Groups"], data["Tally"] = gs, tally
	}
	if form == nil {
		form = url.Values{}
	}
	return p.s.RenderForm(w, r, status, p.pPublicItem, "consult.public.item_title", data, form, fe)
}

func (p *pages) publicItem(w http.ResponseWriter, r *http.Request) error {
	web.Cacheable(w) // the same for every visitor not signed in
	t, err := tenant(r)
	if err != nil {
		return err
	}
	c, err := p.svc.Public(r.Context(), t.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "public, max-age=60")
	return p.publicPage(w, r, http.StatusOK, c, nil, nil, false)
}

// publicSubmit takes an opinion from the comment form. Cross-origin posts are refused by the
// shell (http.CrossOriginProtection); here, the size of the form, the rate per address, and
// the hidden field robots fill (their post is answered as if taken, and dropped).
func (p *pages) publicSubmit(w http.ResponseWriter, r *http.Request) error {
	const op = "consult: public opinion"
	t, err := tenant(r)
	if err != nil {
		return err
	}
	web.NoStore(w)
	r.Body = http.MaxBytesReader(w, r.Body, maxPublicForm)
	if err := r.ParseForm(); err != nil {
		return errs.E(op, errs.TooLarge, "consult.err.form_too_large")
	}
	id := r.PathValue("id")
	in, bad, robot := ParsePublicOpinion(r.PostForm)
	if robot {
		return web.Redirect(w, r, publicBase+"/"+url.PathEscape(id)+"/da-gui")
	}
	if !p.opinions.Take(web.ClientIP(r)) {
		return errs.E(op, errs.TooMany, "consult.err.too_many")
	}
	c, err := p.svc.Public(r.Context(), t.ID, id)
	if err != nil {
		return err
	}
	if len(bad) > 0 {
		return p.publicPage(w, r, http.StatusUnprocessableEntity, c, r.PostForm, errs.FieldErrors(bad), false)
	}
	_, err = p.svc.submitTo(r.Context(), t.ID, c, in, nil)
	if fe, ok := errs.Fields(err); ok {
		return p.publicPage(w, r, http.StatusUnprocessableEntity, c, r.PostForm, fe, false)
	}
	if err != nil {
		return err
	}
	return web.Redirect(w, r, c.PublicURL()+"/da-gui")
}

// publicSent is the consultation's page with the confirmation of an opinion just sent (the
// page the form's POST redirects to, so that reloading it sends nothing twice).
func (p *pages) publicSent(w http.ResponseWriter, r *http.Request) error {
	t, err := tenant(r)
	if err != nil {
		return err
	}
	c, err := p.svc.Public(r.Context(), t.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	web.NoStore(w)
	return p.publicPage(w, r, http.StatusOK, c, nil, nil, true)
}
