// Package web is xaso's shell: the router (stdlib ServeMux with method patterns), the
// middleware every request passes (security headers, logging, tenant, session, permission,
// cross-origin protection), the shared layout and its templates parsed once at start, the
// embedded fingerprinted assets, the message catalogue and the error page. Feature rooms mount
// their handlers through Handle, declaring the permission of each route.
package web

import (
	"context"
	"fmt"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"xaso/internal/auth"
	"xaso/internal/errs"
)

// Tenant is the commune a request is about, as the shell needs it.
type Tenant struct {
	ID, Code, Name, Province, Address, Phone, Email, Hours string
}

// Config is what the shell needs from the composition root.
type Config struct {
	Log     *slog.Logger
	Catalog *Catalog
	Auth    *auth.Store
	// Tenant resolves the commune of a request from its host; nil, nil when none exists yet.
	Tenant func(ctx context.Context, host string) (*Tenant, error)
	// Ready reports whether the server can take traffic (database reachable, schema current).
	Ready       func(ctx context.Context) error
	DefaultLang string // "vi" unless set
	BaseURL     string // e.g. https://xa-binhyen.gov.vn; Secure cookies when it is https
	Now         func() time.Time
	// TrustedProxies are the reverse proxies whose X-Forwarded-For is believed (none: the
	// connection's address is the client's).
	TrustedProxies []netip.Prefix
	// PageCacheTTL is how long a public page rendered for a visitor who is not signed in is
	// served again from memory (pagecache.go); zero is DefaultPageCacheTTL, negative turns it off.
	PageCacheTTL time.Duration
}

// HandlerFunc is a handler that may fail; the shell turns the error into the right page.
type HandlerFunc func(w http.ResponseWriter, r *http.Request) error

// Route is a mounted route and its declared permission.
type Route struct {
	Pattern string // "GET /ho-gia-dinh/{id}"
	Perm    auth.Perm
}

// Server is the web shell.
type Server struct {
	cfg     Config
	log     *slog.Logger
	cat     *Catalog
	mux     *http.ServeMux
	routes  []Route
	assets  *assets
	tpl     *templates
	metrics *metrics
	handler http.Handler
	once    sync.Once
	cards   []func(r *http.Request) (HomeCard, bool, error)
	pages   *pageCache
	// reads are the routes that show a person and where their reads are logged (readlog.go).
	reads atomic.Pointer[readLog]
}

// New builds the shell. Rooms then add templates and routes; Start finishes it.
func New(cfg Config) (*Server, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	cfg.DefaultLang = langOrDefault(cfg.DefaultLang)
	a, err := loadAssets()
	if err != nil {
		return nil, err
	}
	s := &Server{
		cfg: cfg, log: cfg.Log, cat: cfg.Catalog, mux: http.NewServeMux(), assets: a,
		tpl: newTemplates(), metrics: newMetrics(),
	}
	s.AddTemplates("web", shellTemplates)
	s.mountShell()
	if cfg.PageCacheTTL == 0 {
		cfg.PageCacheTTL = DefaultPageCacheTTL
	}
	s.cfg.PageCacheTTL = cfg.PageCacheTTL
	// By the wall clock and the business clock (Config.Now, which tests stop or move on): a
	// page ends when either has run its TTL.
	s.pages = newPageCache(cfg.PageCacheTTL, time.Now, cfg.Now)
	return s, nil
}

// PurgePages empties the public page cache: after a change the next visitor sees it at once.
// The shell empties the request's commune's pages after every request that is not a GET or
// HEAD; a change from elsewhere (the outbox, a worker, another process, or a desk receiving
// for another commune) is seen within PageCacheTTL.
func (s *Server) PurgePages() { s.pages.purge() }

// Catalog returns the message catalogue.
func (s *Server) Catalog() *Catalog { return s.cat }

// Handle mounts h at pattern with a declared permission. A route without a declared permission
// is a programming error and stops the start-up.
func (s *Server) Handle(pattern string, perm auth.Perm, h HandlerFunc) {
	if !perm.Declared() {
		panic("web: route " + pattern + " has no declared permission")
	}
	if !strings.Contains(pattern, " ") {
		panic("web: route " + pattern + " must name its method")
	}
	s.routes = append(s.routes, Route{Pattern: pattern, Perm: perm})
	s.mux.Handle(pattern, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		info := infoOf(r)
		info.route = pattern
		if !perm.Allows(info.user) {
			if info.user == nil {
				s.Error(w, r, errs.E("web: "+pattern, errs.Unauthorized, "error.unauthorized"))
			} else {
				s.Error(w, r, errs.E("web: "+pattern, errs.Forbidden, "error.forbidden"))
			}
			return
		}
		if !perm.IsPublic() && info.tenant == nil {
			s.Error(w, r, errs.E("web: "+pattern, errs.NotFound, "error.not_found"))
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			tenant := ""
			if info.tenant != nil {
				tenant = info.tenant.ID
			}
			defer s.pages.purgeCommune(tenant)
		}
		key, cacheable := "", false
		if perm.IsPublic() {
			key, cacheable = s.pages.key(r, info)
		}
		if !cacheable {
			if err := h(w, r); err != nil {
				s.Error(w, r, err)
			}
			return
		}
		served, done := s.pages.serve(w, key, pattern, r.Method == http.MethodGet && r.Header.Get("Range") == "" && acceptsGzip(r))
		if served {
			info.cached = true
			return
		}
		defer done()
		rec := &pageRecorder{w: w}
		if err := h(rec, r); err != nil {
			s.Error(rec, r, err)
		}
		s.pages.store(key, pattern, rec)
	}))
}

// Routes lists every mounted route with its permission, for the route × role test.
func (s *Server) Routes() []Route { return slices.Clone(s.routes) }

// Start parses the templates (failing on any that is missing or broken) and returns the
// finished handler.
func (s *Server) Start() (http.Handler, error) {
	if err := s.tpl.parse(s); err != nil {
		return nil, err
	}
	var h http.Handler = http.HandlerFunc(s.route)
	h = s.requireJSON(h)
	h = s.identify(h)
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.Error(w, r, errs.E("web: cross-origin", errs.Forbidden, "error.cross_origin"))
	}))
	h = cop.Handler(h)
	h = s.tenant(h)
	h = s.compress(h)
	h = s.observe(h)
	s.handler = h
	return h, nil
}

// reqInfo is what the middleware learns about a request.
type reqInfo struct {
	tenant *Tenant
	user   *auth.User
	lang   string
	route  string
	start  time.Time
	ip     string // the client's address, through trusted proxies
	local  bool   // sent from the server itself, through no proxy
	forms  []*multipart.Form
	// cached: answered from the public page cache (counted in /metrics, not logged one by one).
	cached bool
}

type infoKey struct{}

func infoOf(r *http.Request) *reqInfo {
	if i, ok := r.Context().Value(infoKey{}).(*reqInfo); ok {
		return i
	}
	return &reqInfo{lang: Languages[0]}
}

// TenantOf returns the request's commune (nil when none is configured).
func TenantOf(r *http.Request) *Tenant { return infoOf(r).tenant }

// UserOf returns the signed-in account, or nil.
func UserOf(r *http.Request) *auth.User { return infoOf(r).user }

// LangOf returns the request's language.
func LangOf(r *http.Request) string { return infoOf(r).lang }

// T translates a key in the request's language.
func (s *Server) T(r *http.Request, key string, args ...any) string {
	return s.cat.T(LangOf(r), key, args...)
}

func (s *Server) secure(r *http.Request) bool {
	return r.TLS != nil || strings.HasPrefix(s.cfg.BaseURL, "https://")
}

func (s *Server) setCookie(w http.ResponseWriter, r *http.Request, name, value string, maxAge time.Duration) {
	c := &http.Cookie{Name: name, Value: value, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.secure(r)}
	if maxAge < 0 {
		c.MaxAge = -1
	} else if maxAge > 0 {
		c.MaxAge = int(maxAge / time.Second)
	}
	http.SetCookie(w, c)
}

// Redirect sends the browser to a local path after a POST (303 See Other).
func Redirect(w http.ResponseWriter, r *http.Request, to string) error {
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

// Flash stores a one-time message (a catalogue key) shown on the next page.
func (s *Server) Flash(w http.ResponseWriter, r *http.Request, key string) {
	s.setCookie(w, r, "xaso_flash", key, time.Minute)
}

func (s *Server) takeFlash(w http.ResponseWriter, r *http.Request) string {
	c, err := r.Cookie("xaso_flash")
	if err != nil || !s.cat.Has(c.Value) {
		return ""
	}
	s.setCookie(w, r, "xaso_flash", "", -1)
	return c.Value
}

// LocalPath keeps only same-site paths (no scheme, no host, no "//"), for "next" parameters.
func LocalPath(p, fallback string) string {
	if p == "" || !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "/\\") || strings.ContainsAny(p, "\r\n") {
		return fallback
	}
	return p
}

func (s *Server) String() string { return fmt.Sprintf("web.Server(%d routes)", len(s.routes)) }

// NoStore keeps a page with personal data out of every cache.
func NoStore(w http.ResponseWriter) { w.Header().Set("Cache-Control", "no-store") }
