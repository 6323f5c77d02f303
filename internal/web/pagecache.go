package web

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The public page cache. Many of residents' pages are the same for every visitor who is not
// signed in: the commune, the language and the address decide them. Such a page says so by
// calling Cacheable before it writes; no other page is ever kept (a page that checks the
// client's address, or shows what it sent, must not be). Serving a render a second time
// within a short while (PageCacheTTL) spares the template work and the database reads that
// every such request repeats (profiled on the home page and the procedure list: about a third
// of the time in html/template, a sixth in SQLite reads). A page is kept only when it is a
// public GET of a visitor without a session or a flash message, answered 200 without a cookie
// and without "no-store" (NoStore marks the pages that must never be kept: the rating links,
// tracking answers). What a page shows is at most PageCacheTTL old.

const (
	// DefaultPageCacheTTL is how long a public page is served from the cache.
	DefaultPageCacheTTL = 2 * time.Second
	pageCacheEntries    = 4096
	pageCacheMaxBody    = 512 << 10
)

type cachedPage struct {
	status int
	header http.Header
	body   []byte
	// gz is body gzipped once when kept (nil when compress would not gzip it): a page served
	// again is not compressed again for every visitor.
	gz      []byte
	expires time.Time // by the wall clock
	// until is the expiry by the business clock (Config.Now) too: a clock moved on by a test,
	// or set by an operator, ends the page's life as the wall clock does.
	until time.Time
}

// pageCache holds renders by commune, language and address.
type pageCache struct {
	ttl time.Duration
	now func() time.Time
	biz func() time.Time
	mu  sync.Mutex
	m   map[string]*cachedPage
	// routes are the route patterns known to render cacheable pages: only their misses wait
	// for a render in progress.
	routes map[string]bool
	// filling lets one request render a missing page while the others wait for it.
	filling map[string]chan struct{}
}

func newPageCache(ttl time.Duration, now, biz func() time.Time) *pageCache {
	return &pageCache{ttl: ttl, now: now, biz: biz, m: map[string]*cachedPage{}, filling: map[string]chan struct{}{}, routes: map[string]bool{}}
}

// key is the cache key of a request, ok false when it must not be cached.
func (c *pageCache) key(r *http.Request, info *reqInfo) (string, bool) {
	if c == nil || c.ttl <= 0 || (r.Method != http.MethodGet && r.Method != http.MethodHead) || info.user != nil {
		return "", false
	}
	if _, err := r.Cookie("xaso_flash"); err == nil {
		return "", false
	}
	if r.Header.Get("Authorization") != "" {
		return "", false
	}
	tenant := ""
	if info.tenant != nil {
		tenant = info.tenant.ID
	}
	return tenant + "\x00" + info.lang + "\x00" + r.Method + "\x00" + r.URL.RequestURI(), true
}

// serve writes the cached page of key, reporting whether there was a fresh one; when there is
// none and another request is rendering it, it waits for that render first.
// With gzipOK (the client accepts gzip), a page kept gzipped is sent as it is: the compress
// middleware passes a response that already has its Content-Encoding.
func (c *pageCache) serve(w http.ResponseWriter, key, route string, gzipOK bool) (bool, func()) {
	for {
		c.mu.Lock()
		p, ok := c.m[key]
		if ok && c.now().Before(p.expires) && c.biz().Before(p.until) {
			c.mu.Unlock()
			h := w.Header()
			for k, v := range p.header {
				h[k] = v
			}
			body := p.body
			if gzipOK && p.gz != nil {
				body = p.gz
				h.Set("Content-Encoding", "gzip")
			}
			// The length is known: the page goes out in one piece rather than chunked.
			h.Set("Content-Length", strconv.Itoa(len(body)))
			w.WriteHeader(p.status)
			_, _ = w.Write(body)
			return true, nil
		}
		if !c.routes[route] {
			c.mu.Unlock()
			return false, func() {}
		}
		if wait, busy := c.filling[key]; busy {
			c.mu.Unlock()
			<-wait
			continue
		}
		done := make(chan struct{})
		c.filling[key] = done
		c.mu.Unlock()
		return false, func() {
			c.mu.Lock()
			delete(c.filling, key)
			c.mu.Unlock()
			close(done)
		}
	}
}

// store keeps a render if it may be kept.
func (c *pageCache) store(key, route string, rec *pageRecorder) {
	if !rec.cacheable || rec.status != http.StatusOK || rec.overflow || rec.header.Get("Set-Cookie") != "" ||
		strings.Contains(rec.header.Get("Cache-Control"), "no-store") {
		return
	}
	body := bytes.Clone(rec.buf.Bytes())
	var gz []byte
	if compressible(rec.header.Get("Content-Type")) && len(body) >= minCompress && rec.header.Get("Content-Encoding") == "" {
		var b bytes.Buffer
		zw := gzipPool.Get().(*gzip.Writer)
		zw.Reset(&b)
		if _, err := zw.Write(body); err == nil && zw.Close() == nil {
			gz = b.Bytes()
		}
		zw.Reset(nil)
		gzipPool.Put(zw)
	}
	now := c.now()
	c.mu.Lock()
	defer c.mu.Unlock()
	c.routes[route] = true
	if len(c.m) >= pageCacheEntries {
		for k, p := range c.m { // drop the expired; if none, any one (maps iterate at random)
			if !now.Before(p.expires) || len(c.m) >= pageCacheEntries {
				delete(c.m, k)
			}
			if len(c.m) < pageCacheEntries*3/4 {
				break
			}
		}
	}
	c.m[key] = &cachedPage{status: rec.status, header: rec.header.Clone(), body: body, gz: gz, expires: now.Add(c.ttl),
		until: c.biz().Add(c.ttl)}
}

// pageRecorder passes a response through while keeping a copy of it (up to pageCacheMaxBody).
type pageRecorder struct {
	w         http.ResponseWriter
	cacheable bool
	header    http.Header
	status    int
	buf       bytes.Buffer
	overflow  bool
	wrote     bool
}

func (p *pageRecorder) Header() http.Header { return p.w.Header() }

func (p *pageRecorder) WriteHeader(code int) {
	if p.wrote {
		return
	}
	p.wrote, p.status = true, code
	p.header = p.w.Header().Clone()
	p.w.WriteHeader(code)
}

func (p *pageRecorder) Write(b []byte) (int, error) {
	if !p.wrote {
		p.WriteHeader(http.StatusOK)
	}
	if !p.overflow {
		if p.buf.Len()+len(b) > pageCacheMaxBody {
			p.overflow = true
			p.buf = bytes.Buffer{}
		} else {
			p.buf.Write(b)
		}
	}
	return p.w.Write(b)
}

// Flush lets a streamed page (an export) reach the client as it is written; a flushed page is
// not kept.
func (p *pageRecorder) Flush() {
	p.overflow = true
	if f, ok := p.w.(http.Flusher); ok {
		f.Flush()
	}
}

// purge drops every kept page.
func (c *pageCache) purge() {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.m = map[string]*cachedPage{}
	c.mu.Unlock()
}

// purgeCommune drops the kept pages of one commune (tenant id, "" for none): a change in one
// commune of a province leaves the others' pages served.
func (c *pageCache) purgeCommune(tenant string) {
	if c == nil {
		return
	}
	prefix := tenant + "\x00"
	c.mu.Lock()
	for k := range c.m {
		if strings.HasPrefix(k, prefix) {
			delete(c.m, k)
		}
	}
	c.mu.Unlock()
}

// Cacheable marks the page being written as the same for every visitor who is not signed in
// (given the commune, the language and the address): the shell may serve it again for
// PageCacheTTL. Call it before writing, on pages that read nothing of the visitor.
func Cacheable(w http.ResponseWriter) {
	if p, ok := w.(*pageRecorder); ok {
		p.cacheable = true
	}
}
