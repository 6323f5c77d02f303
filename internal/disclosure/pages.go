package disclosure

import (
	"embed"
	"html/template"
	"io/fs"
	"net/http"
	"strconv"
	"strings"
	"time"

	"xaso/internal/atom"
	"xaso/internal/auth"
	"xaso/internal/errs"
	"xaso/internal/richtext"
	"xaso/internal/web"
)

// The public portal of disclosures (issue 10 item 4): by category, newest first, searched
// without diacritics, each with a stable, printable page, and Atom feeds overall and per
// category. No page needs JavaScript. The staff pages are in staff.go and board.go.

//go:embed all:templates
var templateFS embed.FS

const publicPerPage = 20

type pages struct {
	s     *web.Server
	svc   *Service
	base  string
	files Files
	pList web.Page
	pItem web.Page

	sList, sForm, sDetail, sArchive, sTexts, sCategories web.Page
	sBoard, sQuarter, sReport                            web.Page
}

// Options are what the pages need besides the Service.
type Options struct {
	// BaseURL is the public address (feeds, Zalo texts); the request's host if empty.
	BaseURL string
	// Files stores and serves the attachments; without it no file can be attached.
	Files Files
}

// Mount adds the public pages:
//
//	GET /cong-khai                      public: the list (?muc=N category, ?q= words, ?trang=)
//	GET /cong-khai/{id}                 public: one disclosure, printable (drafts and archived ones: 404)
//	GET /cong-khai/tin.atom             public: the Atom feed of the newest disclosures (?muc=N for a category)
//	GET /cong-khai/du-lieu.csv|.json    public: the open data (opendata.go)
//	GET /cong-khai/{id}/tep/{sha}       public: an attachment of a public disclosure
//
// and the staff pages under /quan-ly-cong-khai (staff.go, board.go).
func Mount(s *web.Server, svc *Service, o Options) {
	sub, _ := fs.Sub(templateFS, "templates")
	s.AddTemplates("disclosure", sub)
	p := &pages{s: s, svc: svc, base: strings.TrimRight(o.BaseURL, "/"), files: o.Files, pList: s.Page("disclosure/list.html"), pItem: s.Page("disclosure/item.html")}
	s.Handle("GET /cong-khai", auth.Public(), p.list)
	s.Handle("GET /cong-khai/tin.atom", auth.Public(), p.feed)
	s.Handle("GET /cong-khai/du-lieu.csv", auth.Public(), p.openCSV)
	s.Handle("GET /cong-khai/du-lieu.json", auth.Public(), p.openJSON)
	s.Handle("GET /cong-khai/{id}", auth.Public(), p.item)
	s.Handle("GET /cong-khai/{id}/tep/{sha}", auth.Public(), p.publicFile)
	p.mountStaff(s)
	p.mountBoard(s)
}

func tenant(r *http.Request) (*web.Tenant, error) {
	if t := web.TenantOf(r); t != nil {
		return t, nil
	}
	return nil, errs.E("disclosure: page", errs.NotFound, "disclosure.not_found")
}

// categoryParam reads ?muc=N (0 when absent or not an item of Art. 11).
func categoryParam(r *http.Request) int {
	n, err := strconv.Atoi(r.URL.Query().Get("muc"))
	if err != nil || n < 1 || n > len(LegalCategories) {
		return 0
	}
	return n
}

// row is a disclosure in the list with its category's name.
type row struct {
	D        Disclosure
	Category string
}

func (p *pages) list(w http.ResponseWriter, r *http.Request) error {
	web.Cacheable(w) // the same for every visitor not signed in
	t, err := tenant(r)
	if err != nil {
		return err
	}
	cats, names, err := p.names(r, t.ID)
	if err != nil {
		return err
	}
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if len([]rune(q)) > 200 {
		q = string([]rune(q)[:200])
	}
	hamlets, err := p.svc.Hamlets(r.Context(), t.ID)
	if err != nil {
		return err
	}
	hamlet, hamletName := r.URL.Query().Get("thon"), ""
	for _, h := range hamlets {
		if h.ID == hamlet {
			hamletName = h.Name
		}
	}
	if hamletName == "" {
		hamlet = ""
	}
	pager := web.NewPager(r, publicPerPage)
	list, total, err := p.svc.Public(r.Context(), t.ID, Filter{Category: categoryParam(r), HamletID: hamlet, Q: q, Limit: pager.PerPage, Offset: pager.Offset()})
	if err != nil {
		return err
	}
	pager.Total = total
	rows := make([]row, len(list))
	for i, d := range list {
		rows[i] = row{D: d, Category: names[d.CategoryNo]}
	}
	w.Header().Set("Cache-Control", "public, max-age=60")
	return p.s.RenderForm(w, r, http.StatusOK, p.pList, "disclosure.title", map[string]any{
		"Rows": rows, "Total": total, "Pager": pager, "Categories": cats, "Category": categoryParam(r), "Q": q,
		"CategoryName": names[categoryParam(r)], "Hamlets": hamlets, "Hamlet": hamlet, "HamletName": hamletName}, r.URL.Query(), nil)
}

func (p *pages) item(w http.ResponseWriter, r *http.Request) error {
	web.Cacheable(w) // the same for every visitor not signed in
	t, err := tenant(r)
	if err != nil {
		return err
	}
	d, err := p.svc.Get(r.Context(), t.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	if !d.Status.Public() {
		// A duty or an old link may lead staff here to a draft: their page is the register's.
		if canSee.Allows(web.UserOf(r)) {
			return web.Redirect(w, r, StaffURL(d.ID))
		}
		return errs.E("disclosure: page", errs.NotFound, "disclosure.not_found")
	}
	cat, hamlets, err := p.context(r, d)
	if err != nil {
		return err
	}
	files, err := p.fileLinks(r.Context(), t.ID, d, "/cong-khai/"+d.ID)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "public, max-age=60")
	return p.s.Render(w, r, http.StatusOK, p.pItem, "disclosure.title", map[string]any{"D": d, "Category": cat.Name(web.LangOf(r)),
		"Hamlets": hamlets, "Files": files, "Body": trustedBody(d.Body)})
}

func (p *pages) feed(w http.ResponseWriter, r *http.Request) error {
	web.Cacheable(w) // the same for every visitor not signed in
	t, err := tenant(r)
	if err != nil {
		return err
	}
	cat := categoryParam(r)
	list, _, err := p.svc.Public(r.Context(), t.ID, Filter{Category: cat, Limit: 50})
	if err != nil {
		return err
	}
	base := p.base
	if base == "" {
		base = "http://" + r.Host
	}
	self := base + "/cong-khai/tin.atom"
	alt := base + "/cong-khai"
	if cat > 0 {
		self += "?muc=" + strconv.Itoa(cat)
		alt += "?muc=" + strconv.Itoa(cat)
	}
	authority := strings.ToLower(r.Host)
	if i := strings.LastIndex(authority, ":"); i > 0 {
		authority = authority[:i]
	}
	f := atom.Feed{ID: atom.TagURI(authority, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), "cong-khai/"+t.ID+"/"+strconv.Itoa(cat)),
		Title: "Công khai thông tin – " + t.Name, SelfURL: self, AltURL: alt, Author: "Ủy ban nhân dân " + t.Name}
	for _, d := range list {
		f.Entries = append(f.Entries, atom.Entry{ID: atom.TagURI(authority, d.CreatedAt, "cong-khai/"+d.ID), Title: d.Title,
			Summary: d.Summary, ContentHTML: d.Body, Updated: d.PublishedAt, Published: d.CreatedAt, URL: base + "/cong-khai/" + d.ID})
	}
	if len(f.Entries) == 0 {
		f.Updated = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=300")
	return atom.Write(w, f)
}

// trustedBody is the body as HTML for the page: sanitised again at rendering (Sanitize is
// idempotent), so that nothing stored before a sanitiser was configured can run script.
func trustedBody(body string) template.HTML { return template.HTML(richtext.Sanitize(body)) }
