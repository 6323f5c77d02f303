package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"xaso/internal/audit"
	"xaso/internal/auth"
	"xaso/internal/db/dbtest"
	"xaso/internal/web"
)

type env struct {
	srv   *httptest.Server
	store *auth.Store
}

func newEnv(t *testing.T, extra func(s *web.Server)) *env {
	t.Helper()
	d := dbtest.SQLite(t)
	ctx := context.Background()
	if _, err := d.Exec(ctx, `INSERT INTO communes (id, code, name, province, address, created_at) VALUES ('c1', 'BY', 'xã Bình Yên', 'Thái Nguyên', 'Xóm Trung Tâm', $1)`, time.Now()); err != nil {
		t.Fatal(err)
	}
	store := auth.NewStore(d, auth.Hasher{Time: 1, Memory: 1024, Threads: 1})
	if _, err := store.CreateUser(ctx, "c1", audit.System, auth.NewUser{Username: "motcua", FullName: "Lê Thị Hoa", Password: "matkhau123", Roles: []auth.Role{auth.Desk}}); err != nil {
		t.Fatal(err)
	}
	cat, err := web.NewCatalog(web.Messages)
	if err != nil {
		t.Fatal(err)
	}
	s, err := web.New(web.Config{
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Catalog: cat, Auth: store,
		Tenant: func(ctx context.Context, host string) (*web.Tenant, error) {
			return &web.Tenant{ID: "c1", Code: "BY", Name: "xã Bình Yên", Address: "Xóm Trung Tâm", Hours: "7:30–17:00"}, nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if extra != nil {
		extra(s)
	}
	h, err := s.Start()
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &env{srv: srv, store: store}
}

func client() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(req *http.Request, via []*http.Request) error { return http.ErrUseLastResponse }}
}

func get(t *testing.T, c *http.Client, u string) (*http.Response, string) {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp, string(b)
}

func TestHomeHeadersAndAssets(t *testing.T) {
	e := newEnv(t, nil)
	resp, body := get(t, client(), e.srv.URL+"/")
	if resp.StatusCode != 200 || !strings.Contains(body, "Cổng thông tin điện tử xã Bình Yên") || !strings.Contains(body, `lang="vi"`) {
		t.Fatalf("home: %d\n%s", resp.StatusCode, body)
	}
	// Search engines and link previews show what the portal is, in the page's language.
	if !strings.Contains(body, `<meta name="description" content="Cổng thông tin của Ủy ban nhân dân xã Bình Yên: thủ tục hành chính`) {
		t.Error("home page has no Vietnamese meta description")
	}
	for h, want := range map[string]string{
		"Content-Security-Policy": "frame-ancestors 'none'",
		"X-Content-Type-Options":  "nosniff",
		"Referrer-Policy":         "strict-origin-when-cross-origin",
	} {
		if !strings.Contains(resp.Header.Get(h), want) {
			t.Errorf("header %s = %q", h, resp.Header.Get(h))
		}
	}
	css := regexp.MustCompile(`/static/app\.[0-9a-f]{12}\.css`).FindString(body)
	if css == "" {
		t.Fatal("no fingerprinted stylesheet link")
	}
	r2, _ := get(t, client(), e.srv.URL+css)
	if r2.StatusCode != 200 || !strings.Contains(r2.Header.Get("Cache-Control"), "immutable") || r2.Header.Get("Content-Type") != "text/css; charset=utf-8" {
		t.Fatalf("asset: %d %v", r2.StatusCode, r2.Header)
	}
	if r3, _ := get(t, client(), e.srv.URL+"/static/app.css"); r3.StatusCode != 404 {
		t.Fatalf("unfingerprinted asset served: %d", r3.StatusCode)
	}
	if strings.Contains(body, "http://") || strings.Contains(body, "https://") {
		t.Fatal("page references an absolute URL: everything must be served by us")
	}
}

func TestLanguageSwitch(t *testing.T) {
	e := newEnv(t, nil)
	c := client()
	resp, _ := get(t, c, e.srv.URL+"/ngon-ngu/en?next=/dang-nhap")
	if resp.StatusCode != 303 || resp.Header.Get("Location") != "/dang-nhap" {
		t.Fatalf("switch: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	_, body := get(t, c, e.srv.URL+"/dang-nhap")
	if !strings.Contains(body, "Sign in") || !strings.Contains(body, `lang="en"`) {
		t.Fatalf("not English:\n%s", body)
	}
	// An open redirect through next= is refused.
	resp, _ = get(t, c, e.srv.URL+"/ngon-ngu/vi?next=//evil.example")
	if resp.Header.Get("Location") != "/" {
		t.Fatalf("open redirect to %s", resp.Header.Get("Location"))
	}
}

func TestLoginLogoutAndThrottle(t *testing.T) {
	e := newEnv(t, func(s *web.Server) {
		s.Handle("GET /bi-mat", auth.Roles(auth.Desk), func(w http.ResponseWriter, r *http.Request) error {
			_, err := io.WriteString(w, "xin chào "+web.UserOf(r).FullName)
			return err
		})
		s.Handle("GET /quan-tri-thu", auth.Roles(auth.Admin), func(w http.ResponseWriter, r *http.Request) error { return nil })
	})
	c := client()
	resp, _ := get(t, c, e.srv.URL+"/bi-mat")
	if resp.StatusCode != 303 || !strings.HasPrefix(resp.Header.Get("Location"), "/dang-nhap?next=") {
		t.Fatalf("anonymous: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	post := func(user, pw string) *http.Response {
		resp, err := c.PostForm(e.srv.URL+"/dang-nhap", url.Values{"username": {user}, "password": {pw}, "next": {"/bi-mat"}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	if r := post("motcua", "sai"); r.StatusCode != 401 {
		t.Fatalf("wrong password: %d", r.StatusCode)
	}
	r := post("motcua", "matkhau123")
	if r.StatusCode != 303 || r.Header.Get("Location") != "/bi-mat" {
		t.Fatalf("login: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	for _, ck := range r.Cookies() {
		if ck.Name == "xaso_session" && (!ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode) {
			t.Fatalf("session cookie flags: %+v", ck)
		}
	}
	resp, body := get(t, c, e.srv.URL+"/bi-mat")
	if resp.StatusCode != 200 || body != "xin chào Lê Thị Hoa" || resp.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("after login: %d %q", resp.StatusCode, body)
	}
	if resp, _ := get(t, c, e.srv.URL+"/quan-tri-thu"); resp.StatusCode != 403 {
		t.Fatalf("desk on admin route: %d", resp.StatusCode)
	}
	out, err := c.PostForm(e.srv.URL+"/dang-xuat", nil)
	if err != nil {
		t.Fatal(err)
	}
	out.Body.Close()
	if resp, _ := get(t, c, e.srv.URL+"/bi-mat"); resp.StatusCode != 303 {
		t.Fatalf("after logout: %d", resp.StatusCode)
	}
	// Five failures lock the account out for a while, even with the right password after.
	for i := 0; i < 5; i++ {
		post("motcua", "sai nữa")
	}
	if r := post("motcua", "matkhau123"); r.StatusCode != 429 {
		t.Fatalf("throttle: %d", r.StatusCode)
	}
}

func TestCrossOriginPostRefused(t *testing.T) {
	e := newEnv(t, nil)
	req, _ := http.NewRequest("POST", e.srv.URL+"/dang-nhap", strings.NewReader("username=a&password=b"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	req.Header.Set("Origin", "https://evil.example")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 403 {
		t.Fatalf("cross-site POST: %d", resp.StatusCode)
	}
}

func TestNotFoundPageAndAPIErrors(t *testing.T) {
	e := newEnv(t, func(s *web.Server) {
		s.Handle("GET /api/v1/thu", auth.AnyStaff(), func(w http.ResponseWriter, r *http.Request) error { return nil })
	})
	resp, body := get(t, client(), e.srv.URL+"/khong-co")
	if resp.StatusCode != 404 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	_ = body
	resp, body = get(t, client(), e.srv.URL+"/api/v1/thu")
	if resp.StatusCode != 401 || !strings.Contains(body, `"kind":"unauthorized"`) {
		t.Fatalf("api: %d %s", resp.StatusCode, body)
	}
	req, _ := http.NewRequest("GET", e.srv.URL+"/api/v1/thu", nil)
	req.Header.Set("Authorization", "Bearer xaso_wrong")
	r2, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	r2.Body.Close()
	if r2.StatusCode != 401 {
		t.Fatalf("bad token: %d", r2.StatusCode)
	}
}

func TestStartFailsOnMissingTemplate(t *testing.T) {
	cat, _ := web.NewCatalog(web.Messages)
	s, err := web.New(web.Config{Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Catalog: cat})
	if err != nil {
		t.Fatal(err)
	}
	s.Page("web/does-not-exist.html")
	if _, err := s.Start(); err == nil {
		t.Fatal("Start accepted a missing template")
	}
}

func TestUndeclaredPermissionPanics(t *testing.T) {
	cat, _ := web.NewCatalog(web.Messages)
	s, _ := web.New(web.Config{Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Catalog: cat})
	defer func() {
		if recover() == nil {
			t.Fatal("a route without a permission was mounted")
		}
	}()
	s.Handle("GET /x", auth.Perm{}, func(w http.ResponseWriter, r *http.Request) error { return nil })
}

func TestLocalPath(t *testing.T) {
	for in, want := range map[string]string{"/a?b=1": "/a?b=1", "//evil": "/", "https://evil": "/", "/\\evil": "/", "": "/"} {
		if got := web.LocalPath(in, "/"); got != want {
			t.Errorf("LocalPath(%q) = %q", in, got)
		}
	}
}

// Unknown addresses and methods get the layout's page in the visitor's language with a way
// home, JSON under /api/, and a trailing slash is redirected to the route without it (issue 8,
// item 9).
func TestUnknownAddressesGetTheLayoutPage(t *testing.T) {
	e := newEnv(t, func(s *web.Server) {
		s.Handle("GET /thu-tuc", auth.Public(), func(w http.ResponseWriter, r *http.Request) error { return nil })
		s.Handle("GET /thu-tuc/{code}", auth.Public(), func(w http.ResponseWriter, r *http.Request) error { return nil })
		s.Handle("GET /ho-so", auth.AnyStaff(), func(w http.ResponseWriter, r *http.Request) error { return nil })
	})
	c := client()
	for _, path := range []string{"/khong-co", "/thu-tuc/", "/thu-tuc/a/b", "/ho-so/x/y"} {
		resp, body := get(t, c, e.srv.URL+path)
		if path == "/thu-tuc/" {
			if resp.StatusCode != http.StatusPermanentRedirect || resp.Header.Get("Location") != "/thu-tuc" {
				t.Errorf("%s: %d to %q, want 308 to /thu-tuc", path, resp.StatusCode, resp.Header.Get("Location"))
			}
			continue
		}
		if resp.StatusCode != 404 || strings.Contains(body, "404 page not found") || !strings.Contains(body, "Không tìm thấy trang") ||
			!strings.Contains(body, `href="/"`) || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
			t.Errorf("%s: %d %q\n%.300s", path, resp.StatusCode, resp.Header.Get("Content-Type"), body)
		}
	}
	resp, body := get(t, c, e.srv.URL+"/ho-so/?trang=2")
	if resp.StatusCode != http.StatusPermanentRedirect || resp.Header.Get("Location") != "/ho-so?trang=2" {
		t.Errorf("/ho-so/?trang=2: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	// A method the address does not take: 405 with Allow, the layout's page.
	r, err := c.Post(e.srv.URL+"/thu-tuc", "application/x-www-form-urlencoded", strings.NewReader(""))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(r.Body)
	r.Body.Close()
	if r.StatusCode != 405 || !strings.Contains(r.Header.Get("Allow"), "GET") || !strings.Contains(string(b), "không nhận thao tác") {
		t.Errorf("POST /thu-tuc: %d Allow=%q\n%.300s", r.StatusCode, r.Header.Get("Allow"), b)
	}
	// English visitors read it in English.
	req, _ := http.NewRequest("GET", e.srv.URL+"/khong-co", nil)
	req.AddCookie(&http.Cookie{Name: "xaso_lang", Value: "en"})
	r, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ = io.ReadAll(r.Body)
	r.Body.Close()
	if r.StatusCode != 404 || !strings.Contains(string(b), "was not found") {
		t.Errorf("English 404: %d\n%.300s", r.StatusCode, b)
	}
	// Under /api/ the answer is JSON.
	resp, body = get(t, c, e.srv.URL+"/api/v1/khong-co")
	if resp.StatusCode != 404 || !strings.Contains(body, `"kind":"not_found"`) {
		t.Errorf("api 404: %d %s", resp.StatusCode, body)
	}
}

// Years, entry and page numbers are never grouped; decimals take a comma in Vietnamese and a
// point in English (issue 8, item 8).
func TestNumbersTheVietnameseWay(t *testing.T) {
	cat, err := web.NewCatalog(web.Messages, map[string][2]string{
		"t.year": {"Năm %d, số thứ tự %d", "Year %d, entry %d"},
		"t.rate": {"Tỉ lệ %.1f %%", "Rate %.1f %%"},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ got, want string }{
		{cat.T("vi", "t.year", 2026, 12345), "Năm 2026, số thứ tự 12345"},
		{cat.T("en", "t.year", int64(2026), 7), "Year 2026, entry 7"},
		{cat.T("vi", "app.page_of", 99999, 2), "Trang 99999 / 2"},
		{cat.T("vi", "t.rate", 76.5), "Tỉ lệ 76,5 %"},
		{cat.T("en", "t.rate", 76.5), "Rate 76.5 %"},
		{cat.Decimal("vi", 76.5), "76,5"},
		{cat.Decimal("en", 21.3), "21.3"},
		{cat.Decimal("vi", 1234.567), "1.234,57"},
		{cat.Decimal("en", 1234.5), "1,234.5"},
		{cat.Decimal("vi", 48), "48"},
		{cat.Decimal("vi", -0.5), "-0,5"},
		{cat.Number("vi", 1234567), "1.234.567"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

// /metrics reports the process's resident memory (what a soak watches for a leak), not only the
// Go heap.
func TestMetricsReportResidentMemory(t *testing.T) {
	e := newEnv(t, nil)
	_, body := get(t, client(), e.srv.URL+"/metrics")
	m := regexp.MustCompile(`(?m)^process_resident_memory_bytes (\d+)$`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no resident memory in /metrics:\n%s", body)
	}
	if n, _ := strconv.ParseInt(m[1], 10, 64); n < 1<<20 {
		t.Fatalf("resident memory %s bytes: not read", m[1])
	}
}
