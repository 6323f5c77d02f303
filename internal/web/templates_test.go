package web_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"xaso/internal/auth"
	"xaso/internal/web"
)

// A room's pages are put together with the layout and the room's partials on their first
// render: many first renders at once must each get the whole page, its own and no other.
func TestPagesAssembledOnFirstRenderAtOnce(t *testing.T) {
	room := fstest.MapFS{
		"_chung.html": {Data: []byte(`{{define "chung"}}<p class="chung">Phần chung của phòng</p>{{end}}`)},
		"mot.html":    {Data: []byte(`{{define "content"}}<h2>Trang một</h2>{{template "chung"}}{{end}}`)},
		"hai.html":    {Data: []byte(`{{define "content"}}<h2>Trang hai</h2>{{template "chung"}}{{end}}`)},
	}
	e := newEnv(t, func(s *web.Server) {
		s.AddTemplates("thu", room)
		for _, name := range []string{"mot", "hai"} {
			page := s.Page("thu/" + name + ".html")
			s.Handle("GET /thu/"+name, auth.Public(), func(w http.ResponseWriter, r *http.Request) error {
				return s.Render(w, r, http.StatusOK, page, "web.home.title", nil)
			})
		}
	})
	var wg sync.WaitGroup
	bodies := make([]string, 16)
	for i := range bodies {
		wg.Add(1)
		go func() {
			defer wg.Done()
			name := []string{"mot", "hai"}[i%2]
			resp, err := http.Get(e.srv.URL + "/thu/" + name)
			if err != nil {
				t.Error(err)
				return
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Errorf("/thu/%s: %d", name, resp.StatusCode)
			}
			bodies[i] = string(b)
		}()
	}
	wg.Wait()
	for i, b := range bodies {
		own, other := "Trang một", "Trang hai"
		if i%2 == 1 {
			own, other = other, own
		}
		if !strings.Contains(b, own) || strings.Contains(b, other) || !strings.Contains(b, "Phần chung của phòng") || !strings.Contains(b, "</html>") {
			t.Errorf("render %d is not its whole page:\n%s", i, b)
		}
	}
}

// A page whose text does not parse still stops the start, though it is put together later.
func TestStartFailsOnBrokenPage(t *testing.T) {
	cat, _ := web.NewCatalog(web.Messages)
	s, err := web.New(web.Config{Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Catalog: cat})
	if err != nil {
		t.Fatal(err)
	}
	s.AddTemplates("thu", fstest.MapFS{"hong.html": {Data: []byte(`{{define "content"}}{{if}}{{end}}`)}})
	if _, err := s.Start(); err == nil || !strings.Contains(err.Error(), "thu/hong.html") {
		t.Fatalf("Start with a broken page: %v", err)
	}
}

// A public page served again from the cache is counted in /metrics but not logged again: the
// render is logged once, the hits are not.
func TestCacheHitsCountedNotLogged(t *testing.T) {
	var logs lockedLog
	cat, _ := web.NewCatalog(web.Messages)
	s, err := web.New(web.Config{Log: slog.New(slog.NewTextHandler(&logs, nil)), Catalog: cat})
	if err != nil {
		t.Fatal(err)
	}
	s.Handle("GET /trang", auth.Public(), func(w http.ResponseWriter, r *http.Request) error {
		web.Cacheable(w)
		_, err := io.WriteString(w, "<p>Trang công khai</p>")
		return err
	})
	h, err := s.Start()
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	for range 5 {
		resp, err := http.Get(srv.URL + "/trang")
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	if n := strings.Count(logs.String(), "path=/trang"); n != 1 {
		t.Errorf("%d log lines for one render and four hits, want 1:\n%s", n, logs.String())
	}
	resp, err := http.Get(srv.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(b), `xaso_http_requests_total{route="GET /trang",code="200"} 5`) {
		t.Errorf("the hits are not counted:\n%s", b)
	}
}

type lockedLog struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
