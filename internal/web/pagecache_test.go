package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// The page cache keeps only what a page marks Cacheable, for visitors without a session or a
// flash message, per language and address, for the TTL; a page that sets a cookie or says
// no-store is never kept; misses of a cacheable route render once while the others wait.
func TestPageCache(t *testing.T) {
	var renders atomic.Int32
	c := newPageCache(time.Hour, time.Now, time.Now)
	page := func(cacheable bool, body string, extra func(http.ResponseWriter)) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			renders.Add(1)
			if cacheable {
				Cacheable(w)
			}
			if extra != nil {
				extra(w)
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			_, _ = w.Write([]byte(body))
		}
	}
	get := func(route string, h http.HandlerFunc, info *reqInfo, url string, cookies ...*http.Cookie) string {
		r := httptest.NewRequest("GET", url, nil)
		for _, ck := range cookies {
			r.AddCookie(ck)
		}
		w := httptest.NewRecorder()
		key, ok := c.key(r, info)
		if !ok {
			h(w, r)
			return w.Body.String()
		}
		served, done := c.serve(w, key, route, false)
		if served {
			return w.Body.String()
		}
		rec := &pageRecorder{w: w}
		h(rec, r)
		c.store(key, route, rec)
		done()
		return w.Body.String()
	}
	anon := &reqInfo{tenant: &Tenant{ID: "c1"}, lang: "vi"}
	count := func(want int32, what string) {
		t.Helper()
		if got := renders.Swap(0); got != want {
			t.Errorf("%s: %d renders, want %d", what, got, want)
		}
	}
	home := page(true, "home", nil)
	for range 3 {
		if b := get("GET /{$}", home, anon, "/"); b != "home" {
			t.Fatalf("body %q", b)
		}
	}
	count(1, "three visits of a cacheable page")
	get("GET /{$}", home, &reqInfo{tenant: &Tenant{ID: "c1"}, lang: "en"}, "/")
	get("GET /{$}", home, &reqInfo{tenant: &Tenant{ID: "c2"}, lang: "vi"}, "/")
	get("GET /{$}", home, anon, "/?trang=2")
	count(3, "another language, commune, address")
	get("GET /{$}", home, &reqInfo{tenant: &Tenant{ID: "c1"}, lang: "vi", user: nil}, "/", &http.Cookie{Name: "xaso_flash", Value: "k"})
	count(1, "a visitor with a flash message")
	plain := page(false, "ip", nil)
	get("GET /ip", plain, anon, "/ip")
	get("GET /ip", plain, anon, "/ip")
	count(2, "a page not marked cacheable")
	cookie := page(true, "c", func(w http.ResponseWriter) { http.SetCookie(w, &http.Cookie{Name: "x", Value: "y"}) })
	get("GET /c", cookie, anon, "/c")
	get("GET /c", cookie, anon, "/c")
	count(2, "a page that sets a cookie")
	nostore := page(true, "n", func(w http.ResponseWriter) { NoStore(w) })
	get("GET /n", nostore, anon, "/n")
	get("GET /n", nostore, anon, "/n")
	count(2, "a no-store page")
	c.purge()
	get("GET /{$}", home, anon, "/")
	count(1, "after a purge")
	other := &reqInfo{tenant: &Tenant{ID: "c2"}, lang: "vi"}
	get("GET /{$}", home, other, "/")
	count(1, "another commune's home")
	c.purgeCommune("c1")
	get("GET /{$}", home, other, "/")
	count(0, "another commune's page after c1's purge")
	get("GET /{$}", home, anon, "/")
	count(1, "c1's page after its purge")

	// Expiry by the clock.
	now := time.Now()
	c = newPageCache(time.Second, func() time.Time { return now }, time.Now)
	get("GET /{$}", home, anon, "/")
	get("GET /{$}", home, anon, "/")
	now = now.Add(2 * time.Second)
	get("GET /{$}", home, anon, "/")
	count(2, "a page past its TTL by the wall clock")
	biz := time.Now()
	c = newPageCache(time.Hour, time.Now, func() time.Time { return biz })
	get("GET /{$}", home, anon, "/")
	biz = biz.Add(2 * time.Hour)
	get("GET /{$}", home, anon, "/")
	count(2, "a page past its TTL by the business clock")

	// Concurrent misses of a known cacheable route: one render.
	slow := page(true, "slow", func(http.ResponseWriter) { time.Sleep(50 * time.Millisecond) })
	get("GET /s", slow, anon, "/s?warm")
	renders.Store(0)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if b := get("GET /s", slow, anon, "/s"); !strings.Contains(b, "slow") {
				t.Errorf("body %q", b)
			}
		}()
	}
	wg.Wait()
	count(1, "eight concurrent first visits")
}
