package calendarweb_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"xaso/internal/audit"
	"xaso/internal/auth"
	"xaso/internal/calendar"
	"xaso/internal/calendarweb"
	"xaso/internal/db"
	"xaso/internal/web"
)

const password = "matkhau123"

// now is the test's "today": Tuesday 10 February 2026, 09:00 in Vietnam.
var now = time.Date(2026, time.February, 10, 9, 0, 0, 0, calendar.Zone)

// env is a web shell with the calendar mounted, on a database holding commune c1 with an
// admin ("quantri") and a desk officer ("motcua").
type env struct {
	t   *testing.T
	d   *db.DB
	svc *calendarweb.Service
	srv *httptest.Server
}

// newEnv builds the env; extra may mount test-only routes (it gets the shell).
func newEnv(t *testing.T, d *db.DB, extra func(s *web.Server)) *env {
	t.Helper()
	ctx := context.Background()
	if _, err := d.Exec(ctx, `INSERT INTO communes (id, code, name, province, address, created_at) VALUES ('c1', 'BY', 'xã Bình Yên', 'Thái Nguyên', 'Xóm Trung Tâm', $1)`, time.Now()); err != nil {
		t.Fatal(err)
	}
	store := auth.NewStore(d, auth.Hasher{Time: 1, Memory: 1024, Threads: 1})
	for _, u := range []auth.NewUser{
		{Username: "quantri", FullName: "Nguyễn Văn Quản", Password: password, Roles: []auth.Role{auth.Admin}},
		{Username: "motcua", FullName: "Lê Thị Hoa", Password: password, Roles: []auth.Role{auth.Desk}},
	} {
		if _, err := store.CreateUser(ctx, "c1", audit.System, u); err != nil {
			t.Fatal(err)
		}
	}
	cat, err := web.NewCatalog(web.Messages, calendarweb.Messages)
	if err != nil {
		t.Fatal(err)
	}
	s, err := web.New(web.Config{
		Log: slog.New(slog.NewTextHandler(testLog{t}, &slog.HandlerOptions{Level: slog.LevelWarn})), Catalog: cat, Auth: store,
		Tenant: func(ctx context.Context, host string) (*web.Tenant, error) {
			return &web.Tenant{ID: "c1", Code: "BY", Name: "xã Bình Yên"}, nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	svc := calendarweb.New(d)
	calendarweb.Mount(s, svc, func() time.Time { return now })
	if extra != nil {
		extra(s)
	}
	h, err := s.Start()
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &env{t: t, d: d, svc: svc, srv: srv}
}

// client returns a client that does not follow redirects, signed in as username ("" for
// anonymous).
func (e *env) client(username string) *http.Client {
	e.t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	if username == "" {
		return c
	}
	resp, err := c.PostForm(e.srv.URL+"/dang-nhap", url.Values{"username": {username}, "password": {password}})
	if err != nil {
		e.t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		e.t.Fatalf("sign in as %s: %d", username, resp.StatusCode)
	}
	return c
}

func (e *env) get(c *http.Client, path string) (*http.Response, string) {
	e.t.Helper()
	resp, err := c.Get(e.srv.URL + path)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func (e *env) post(c *http.Client, path string, form url.Values) (*http.Response, string) {
	e.t.Helper()
	resp, err := c.PostForm(e.srv.URL+path, form)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// cellOf returns the month grid's cell of an ISO date.
func cellOf(t *testing.T, body, iso string) string {
	t.Helper()
	m := regexp.MustCompile(`(?s)<td class="cal-day[^"]*"[^>]*>\s*<time class="cal-solar" datetime="` + iso + `">.*?</td>`).FindString(body)
	if m == "" {
		t.Fatalf("no cell for %s in:\n%s", iso, body)
	}
	return m
}

// testLog shows the server's warnings and errors (an internal error's cause) in the test log.
type testLog struct{ t *testing.T }

func (l testLog) Write(b []byte) (int, error) {
	l.t.Log(strings.TrimSpace(string(b)))
	return len(b), nil
}

var tags = regexp.MustCompile(`<[^>]+>`)

// text strips the tags of an HTML fragment and folds its white space.
func text(s string) string {
	return strings.Join(strings.Fields(tags.ReplaceAllString(s, "")), " ")
}
