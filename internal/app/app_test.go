package app_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"xaso/internal/app"
	"xaso/internal/audit"
	"xaso/internal/auth"
	"xaso/internal/commune"
	"xaso/internal/db"
	"xaso/internal/db/dbtest"
	"xaso/internal/secret"
)

// testHasher keeps sign-ins fast in tests; production uses auth.DefaultHasher.
var testHasher = auth.Hasher{Time: 1, Memory: 1024, Threads: 1}

const testPassword = "matkhau-thu-nghiem"

// fixture is a running xaso on a database holding the demo commune and one account per role.
type fixture struct {
	t       *testing.T
	d       *db.DB
	a       *app.App
	srv     *httptest.Server
	commune commune.Commune
	// logs holds everything the server logged, at every level, for tests that check what
	// never reaches a log.
	logs *lockedBuffer
}

// lockedBuffer is a bytes.Buffer safe for the server's goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func newFixture(t *testing.T, d *db.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	res, err := commune.SeedDemo(ctx, d, rand.New(rand.NewPCG(1, 2)), commune.DemoOptions{})
	if err != nil {
		t.Fatal(err)
	}
	c, err := commune.GetCommune(ctx, d, res.CommuneID)
	if err != nil {
		t.Fatal(err)
	}
	keys, err := secret.Create(filepath.Join(t.TempDir(), "secret.keys"))
	if err != nil {
		t.Fatal(err)
	}
	logs := &lockedBuffer{}
	a, err := app.New(ctx, app.Options{DB: d, DataDir: t.TempDir(), Log: slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})), Hasher: testHasher, SecretKeys: keys})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range auth.AllRoles {
		if _, err := a.Auth.CreateUser(ctx, c.ID, audit.System, auth.NewUser{Username: "u-" + string(r), FullName: "Người thử " + string(r), Password: testPassword, Roles: []auth.Role{r}}); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewServer(a.Handler)
	t.Cleanup(srv.Close)
	return &fixture{t: t, d: d, a: a, srv: srv, commune: c, logs: logs}
}

// client returns an HTTP client that does not follow redirects, signed in as role ("" = anonymous).
func (f *fixture) client(role auth.Role) *http.Client {
	f.t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(req *http.Request, via []*http.Request) error { return http.ErrUseLastResponse }}
	if role == "" {
		return c
	}
	resp, err := c.PostForm(f.srv.URL+"/dang-nhap", url.Values{"username": {"u-" + string(role)}, "password": {testPassword}})
	if err != nil {
		f.t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		f.t.Fatalf("sign in as %s: status %d", role, resp.StatusCode)
	}
	return c
}

func (f *fixture) do(c *http.Client, method, path string, form url.Values) (int, string) {
	f.t.Helper()
	var resp *http.Response
	var err error
	if method == http.MethodGet {
		resp, err = c.Get(f.srv.URL + path)
	} else {
		req, _ := http.NewRequest(method, f.srv.URL+path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp, err = c.Do(req)
	}
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

var pathVar = regexp.MustCompile(`\{[^}]+\}`)

// TestEveryRouteEveryRole walks every mounted route with every role (and anonymously): a role
// the route does not allow is refused (401/redirect to sign-in, or 403), an allowed one is not.
// A route mounted without a declared permission cannot even be mounted (web.Handle panics).
func TestEveryRouteEveryRole(t *testing.T) {
	f := newFixture(t, dbtest.SQLite(t))
	routes := f.a.Web.Routes()
	if len(routes) < 20 {
		t.Fatalf("only %d routes mounted", len(routes))
	}
	clients := map[auth.Role]*http.Client{"": f.client("")}
	for _, r := range auth.AllRoles {
		clients[r] = f.client(r)
	}
	for _, rt := range routes {
		method, pattern, _ := strings.Cut(rt.Pattern, " ")
		path := pathVar.ReplaceAllString(strings.TrimSuffix(pattern, "{$}"), "khong-co")
		if strings.HasSuffix(path, "/") && path != "/" {
			path += "x"
		}
		if method == "POST" && (path == "/dang-xuat" || path == "/dang-nhap" || path == "/tai-khoan/mat-khau") {
			continue // sign-in/out and password change: tested in package web; they would end the shared sessions
		}
		for role, c := range clients {
			var u *auth.User
			if role != "" {
				u = &auth.User{Roles: []auth.Role{role}}
			}
			status, _ := f.do(c, method, path, url.Values{})
			allowed := rt.Perm.Allows(u)
			refused := status == http.StatusUnauthorized || status == http.StatusForbidden ||
				(status == http.StatusSeeOther && role == "" && !allowed)
			if allowed && (status == http.StatusUnauthorized || status == http.StatusForbidden) {
				t.Errorf("%s %s as %q: %d, but the route allows %s", method, path, role, status, rt.Perm)
			}
			if !allowed && !refused {
				t.Errorf("%s %s as %q: %d, but only %s may", method, path, role, status, rt.Perm)
			}
		}
	}
}

// otherCommune creates a second commune of the same province, served on xa-khac.example, for
// the tests that check one commune cannot see another's records.
func (f *fixture) otherCommune(t *testing.T) commune.Commune {
	t.Helper()
	ctx := context.Background()
	var other commune.Commune
	if err := f.d.Tx(ctx, func(tx *db.Tx) error {
		var err error
		other, err = commune.CreateCommune(ctx, tx, commune.Commune{Code: "KHAC", Name: "Khác", Province: "Thái Nguyên",
			Host: "xa-khac.example", AgencyCode: "000.00.12.H99"})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return other
}

// checkTemplateKeys fails on any catalogue key written in the templates of dir (keys of the
// room prefix, or of the shared app., error. and calendar. messages) that the catalogue lacks,
// and returns how many keys it found.
func (f *fixture) checkTemplateKeys(t *testing.T, dir, room string) int {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.html"))
	if err != nil || len(files) < 8 {
		t.Fatalf("templates in %s: %v %v", dir, files, err)
	}
	cat := f.a.Web.Catalog()
	keyRe := regexp.MustCompile(`"((?:` + room + `|app|error|calendar)\.[a-z0-9_.]+[a-z0-9_])"`)
	n := 0
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range keyRe.FindAllStringSubmatch(string(b), -1) {
			n++
			if !cat.Has(m[1]) {
				t.Errorf("%s: key %s is not in the catalogue", filepath.Base(file), m[1])
			}
		}
	}
	return n
}
