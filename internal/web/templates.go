package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"maps"
	"net/http"
	"net/url"
	"path"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"xaso/internal/auth"
	"xaso/internal/errs"
)

//go:embed all:templates
var shellFS embed.FS

var shellTemplates, _ = fs.Sub(shellFS, "templates")

// Page names a template ("room/file.html"). Rooms obtain pages with Server.Page while mounting,
// so that Start can refuse to run when one of them does not exist.
type Page string

type templateSource struct {
	room string
	fsys fs.FS
}

type templates struct {
	sources []templateSource
	wanted  []Page
	byName  map[Page]*pageTemplate
	// rendered, when a test asks for it (TrackRenders), counts the renders of each page.
	rendered *sync.Map
}

func newTemplates() *templates { return &templates{byName: map[Page]*pageTemplate{}} }

// pageTemplate is one page: its own text parsed at start (so that a broken page stops the
// start), put together with the layout and its room's partials when it is first rendered.
// Copying the layout for every page was most of a start-up's time (issue 15: a province's
// server restarts in under half a second).
type pageTemplate struct {
	room *template.Template // the layout and the room's partials; never executed, only cloned
	own  *template.Template // the page's text alone
	once sync.Once
	t    *template.Template
	err  error
}

// get returns the page's whole template, made on the first call.
func (p *pageTemplate) get() (*template.Template, error) {
	p.once.Do(func() {
		t, err := p.room.Clone()
		for _, part := range p.own.Templates() {
			if err != nil {
				break
			}
			if part.Tree != nil {
				_, err = t.AddParseTree(part.Name(), part.Tree)
			}
		}
		p.t, p.err = t, err
	})
	return p.t, p.err
}

// AddTemplates adds a room's templates: every *.html file at the root of fsys is a page named
// "room/file.html"; files starting with "_" are partials available to that room's pages.
func (s *Server) AddTemplates(room string, fsys fs.FS) {
	s.tpl.sources = append(s.tpl.sources, templateSource{room: room, fsys: fsys})
}

// TrackRenders starts counting which pages are rendered, for the tests that must see every
// template (the numbers' formats, issue 8 item 8). Call it before serving.
func (s *Server) TrackRenders() { s.tpl.rendered = &sync.Map{} }

// Pages lists the pages the rooms declared and, with TrackRenders, whether each was rendered.
func (s *Server) Pages() map[Page]bool {
	out := map[Page]bool{}
	for _, p := range s.tpl.wanted {
		out[p] = false
		if s.tpl.rendered != nil {
			_, out[p] = s.tpl.rendered.Load(p)
		}
	}
	return out
}

// Page declares that a handler renders the named template.
func (s *Server) Page(name string) Page {
	p := Page(name)
	s.tpl.wanted = append(s.tpl.wanted, p)
	return p
}

// ict is Vietnam's time zone (UTC+7, no daylight saving).
var ict = time.FixedZone("ICT", 7*3600)

var funcs = template.FuncMap{
	"date": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(ict).Format("02/01/2006")
	},
	"datetime": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(ict).Format("15:04 02/01/2006")
	},
	"add": func(a, b int) int { return a + b },
	// fid is the element id of a form field: "f-" and the name with dots made dashes, so that
	// it is also a plain CSS selector.
	"fid": fieldID,
	// dmy writes a stored YYYY-MM-DD date the Vietnamese way, dd/mm/yyyy.
	"dmy": func(s string) string {
		t, err := time.Parse(time.DateOnly, s)
		if err != nil {
			return s
		}
		return t.Format("02/01/2006")
	},
}

func (t *templates) parse(s *Server) error {
	layoutText, err := fs.ReadFile(shellTemplates, "layout.html")
	if err != nil {
		return fmt.Errorf("web: layout: %w", err)
	}
	base, err := template.New("layout").Funcs(funcs).Parse(string(layoutText))
	if err != nil {
		return fmt.Errorf("web: layout: %w", err)
	}
	// Each room starts from its own copy of the layout, made here one after another; the rooms'
	// texts are then parsed side by side.
	rooms := make([]*template.Template, len(t.sources))
	for i := range t.sources {
		if rooms[i], err = base.Clone(); err != nil {
			return err
		}
	}
	pages := make([]map[Page]*pageTemplate, len(t.sources))
	failed := make([]error, len(t.sources))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(t.sources)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				pages[i], failed[i] = parseRoom(rooms[i], t.sources[i])
			}
		}()
	}
	for i := range t.sources {
		next <- i
	}
	close(next)
	wg.Wait()
	for i := range t.sources {
		if failed[i] != nil {
			return failed[i]
		}
		maps.Copy(t.byName, pages[i])
	}
	for _, p := range t.wanted {
		if _, ok := t.byName[p]; !ok {
			return fmt.Errorf("web: template %s is used by a handler but does not exist", p)
		}
	}
	return nil
}

// parseRoom adds the room's partials ("_*.html") to roomBase (its copy of the layout) and
// parses each of its pages' own text.
func parseRoom(roomBase *template.Template, src templateSource) (map[Page]*pageTemplate, error) {
	names, err := fs.Glob(src.fsys, "*.html")
	if err != nil {
		return nil, err
	}
	for _, n := range names {
		if strings.HasPrefix(n, "_") {
			b, _ := fs.ReadFile(src.fsys, n)
			if _, err := roomBase.New(src.room + "/" + n).Parse(string(b)); err != nil {
				return nil, fmt.Errorf("web: partial %s/%s: %w", src.room, n, err)
			}
		}
	}
	out := map[Page]*pageTemplate{}
	for _, n := range names {
		if strings.HasPrefix(n, "_") || (src.room == "web" && n == "layout.html") {
			continue
		}
		b, err := fs.ReadFile(src.fsys, n)
		if err != nil {
			return nil, err
		}
		own, err := template.New(path.Join(src.room, n)).Funcs(funcs).Parse(string(b))
		if err != nil {
			return nil, fmt.Errorf("web: template %s/%s: %w", src.room, n, err)
		}
		if own.Lookup("content") == nil {
			return nil, fmt.Errorf("web: template %s/%s defines no \"content\"", src.room, n)
		}
		out[Page(src.room+"/"+n)] = &pageTemplate{room: roomBase, own: own}
	}
	return out, nil
}

// View is what every template receives as its dot.
type View struct {
	s      *Server
	r      *http.Request
	Lang   string
	Tenant *Tenant
	User   *auth.User
	Flash  string
	Path   string
	Title  string // already translated
	Data   any
	Errors errs.FieldErrors
	Form   url.Values
}

// T translates a key in the page's language.
func (v *View) T(key string, args ...any) string { return v.s.cat.T(v.Lang, key, args...) }

// Num formats a number the way the page's language writes it.
func (v *View) Num(n any) string { return v.s.cat.Number(v.Lang, n) }

// Dec formats a decimal (a rate, points) the way the page's language writes it: "76,5" in
// Vietnamese, "76.5" in English.
func (v *View) Dec(x float64) string { return v.s.cat.Decimal(v.Lang, x) }

// Asset is the fingerprinted URL of a static file.
func (v *View) Asset(name string) (string, error) { return v.s.assets.URL(name) }

// Can reports whether the signed-in account holds one of the roles.
func (v *View) Can(roles ...string) bool {
	for _, r := range roles {
		if v.User.Has(auth.Role(r)) {
			return true
		}
	}
	return false
}

// FieldError is the translated message for a form field, or "".
func (v *View) FieldError(name string) string {
	if k, ok := v.Errors[name]; ok {
		return v.T(k)
	}
	return ""
}

// Value is the submitted value of a form field (to refill a form after an error).
func (v *View) Value(name string) string { return v.Form.Get(name) }

// OtherLang is the language the switcher offers.
func (v *View) OtherLang() string {
	if v.Lang == "en" {
		return "vi"
	}
	return "en"
}

// RolesAll lists every role, for forms.
func (v *View) RolesAll() []auth.Role { return auth.AllRoles }

// Render writes a page in the shared layout. title is a catalogue key.
func (s *Server) Render(w http.ResponseWriter, r *http.Request, status int, page Page, title string, data any) error {
	return s.RenderForm(w, r, status, page, title, data, nil, nil)
}

// RenderForm renders a page with a form's submitted values and its field errors.
func (s *Server) RenderForm(w http.ResponseWriter, r *http.Request, status int, page Page, title string, data any, form url.Values, fe errs.FieldErrors) error {
	pt, ok := s.tpl.byName[page]
	if !ok {
		return fmt.Errorf("web: no template %s", page)
	}
	t, err := pt.get()
	if err != nil {
		return fmt.Errorf("web: template %s: %w", page, err)
	}
	info := infoOf(r)
	v := &View{s: s, r: r, Lang: info.lang, Tenant: info.tenant, User: info.user, Path: r.URL.Path,
		Title: s.cat.T(info.lang, title), Data: data, Form: form, Errors: fe}
	v.Flash = s.takeFlash(w, r)
	if s.tpl.rendered != nil {
		s.tpl.rendered.Store(page, true)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", v); err != nil {
		return fmt.Errorf("web: render %s: %w", page, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Language", info.lang)
	w.WriteHeader(status)
	_, err = w.Write(buf.Bytes())
	return err
}

// Pager describes one page of a list and builds the links to its neighbours.
type Pager struct {
	Page, PerPage, Total int
	base                 url.Values
	path                 string
}

// NewPager reads ?trang= from the request (1-based, bounded) with perPage items a page.
func NewPager(r *http.Request, perPage int) *Pager {
	p := &Pager{Page: 1, PerPage: perPage, base: r.URL.Query(), path: r.URL.Path}
	if n, err := fmt.Sscan(r.URL.Query().Get("trang"), &p.Page); n != 1 || err != nil || p.Page < 1 {
		p.Page = 1
	}
	p.Page = min(p.Page, 100000)
	return p
}

// Offset is the number of items before this page.
func (p *Pager) Offset() int { return (p.Page - 1) * p.PerPage }

// Pages is the number of pages.
func (p *Pager) Pages() int { return max(1, (p.Total+p.PerPage-1)/p.PerPage) }

// PrevURL and NextURL link to the neighbouring pages ("" when there is none).
func (p *Pager) PrevURL() string {
	if p.Page <= 1 {
		return ""
	}
	return p.url(p.Page - 1)
}

func (p *Pager) NextURL() string {
	if p.Page >= p.Pages() {
		return ""
	}
	return p.url(p.Page + 1)
}

func (p *Pager) url(n int) string {
	q := url.Values{}
	for k, v := range p.base {
		q[k] = slices.Clone(v)
	}
	q.Set("trang", fmt.Sprint(n))
	return p.path + "?" + q.Encode()
}

// FormField is what the shared "field" template needs to draw one labelled input.
type FormField struct {
	Name, Label, Type, Value, Error, Autocomplete, Hint string
	Required                                            bool
}

// Field describes an input for the shared "field" template; typ "textarea" draws a text area.
// autocomplete may be "" ; a trailing "!" on typ marks the field required ("text!").
func (v *View) Field(name, labelKey, typ, autocomplete string) FormField {
	req := strings.HasSuffix(typ, "!")
	typ = strings.TrimSuffix(typ, "!")
	f := FormField{Name: name, Label: v.T(labelKey), Type: typ, Value: v.Form.Get(name), Error: v.FieldError(name), Autocomplete: autocomplete, Required: req}
	if typ == "password" {
		f.Value = ""
	}
	return f
}

// PagerView pairs a pager with the view, for the shared "pager" template:
// {{template "pager" (.PagerOf .Data.Pager)}}.
type PagerView struct {
	View  *View
	Pager *Pager
}

// PagerOf wraps p for the "pager" template.
func (v *View) PagerOf(p *Pager) PagerView { return PagerView{View: v, Pager: p} }

// HasRole reports whether roles contains r (for checkbox lists).
func (v *View) HasRole(roles []auth.Role, r auth.Role) bool { return slices.Contains(roles, r) }

// With bundles key/value pairs and the view itself (as "View") for a partial template:
// {{template "hamlet-select" (.With "Name" "xom" "Hamlets" .Data.Hamlets)}}.
func (v *View) With(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, fmt.Errorf("web: With wants key/value pairs")
	}
	m := map[string]any{"View": v}
	for i := 0; i < len(kv); i += 2 {
		k, ok := kv[i].(string)
		if !ok {
			return nil, fmt.Errorf("web: With key %v is not a string", kv[i])
		}
		m[k] = kv[i+1]
	}
	return m, nil
}

// TA translates a key with an argument list held in a slice (as errors carry them).
func (v *View) TA(key string, args []any) string { return v.s.cat.T(v.Lang, key, args...) }

func fieldID(name string) string { return "f-" + strings.ReplaceAll(name, ".", "-") }

// ParamPager pages a second list of a page on its own query parameter (Pager owns ?trang=);
// the shared "pager" template draws it: {{template "pager" (.With "Pager" .Data.OtherPager)}}.
type ParamPager struct {
	Page, PerPage, Total int
	param, path          string
	base                 url.Values
}

// NewParamPager reads the page number of param from r.
func NewParamPager(r *http.Request, param string, perPage int) *ParamPager {
	p := &ParamPager{Page: 1, PerPage: perPage, param: param, path: r.URL.Path, base: r.URL.Query()}
	if n, err := strconv.Atoi(r.URL.Query().Get(param)); err == nil && n >= 1 {
		p.Page = min(n, 100000)
	}
	return p
}

// Offset is the number of items before this page.
func (p *ParamPager) Offset() int { return (p.Page - 1) * p.PerPage }

// Pages is the number of pages.
func (p *ParamPager) Pages() int { return max(1, (p.Total+p.PerPage-1)/p.PerPage) }

// PrevURL is the previous page, or "" on the first.
func (p *ParamPager) PrevURL() string {
	if p.Page <= 1 {
		return ""
	}
	return p.url(p.Page - 1)
}

// NextURL is the next page, or "" on the last.
func (p *ParamPager) NextURL() string {
	if p.Page >= p.Pages() {
		return ""
	}
	return p.url(p.Page + 1)
}

func (p *ParamPager) url(n int) string {
	q := url.Values{}
	for k, v := range p.base {
		q[k] = slices.Clone(v)
	}
	q.Set(p.param, strconv.Itoa(n))
	return p.path + "?" + q.Encode()
}
