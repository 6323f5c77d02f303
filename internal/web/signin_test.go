package web_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"xaso/internal/audit"
	"xaso/internal/auth"
	"xaso/internal/db/dbtest"
	"xaso/internal/web"
)

// secEnv is a shell with the sign-in catalogue, optional trusted proxies, a desk account
// ("motcua") and a resident account ("dan"), and routes that echo what the shell resolved.
type secEnv struct {
	srv     *httptest.Server
	handler http.Handler
	store   *auth.Store
}

func newSecEnv(t testing.TB, h auth.Hasher, proxies string) *secEnv {
	t.Helper()
	d := dbtest.SQLite(t)
	ctx := context.Background()
	if _, err := d.Exec(ctx, `INSERT INTO communes (id, code, name, province, created_at) VALUES ('c1', 'BY', 'xã Bình Yên', 'Thái Nguyên', $1)`, time.Now()); err != nil {
		t.Fatal(err)
	}
	store := auth.NewStore(d, h)
	for _, u := range []auth.NewUser{
		{Username: "motcua", FullName: "Lê Thị Hoa", Password: "matkhau123", Roles: []auth.Role{auth.Desk}},
		{Username: "dan", FullName: "Người dân", Password: "matkhau123", Roles: []auth.Role{auth.Resident}},
	} {
		if _, err := store.CreateUser(ctx, "c1", audit.System, u); err != nil {
			t.Fatal(err)
		}
	}
	cat, err := web.NewCatalog(web.Messages, web.AuthMessages)
	if err != nil {
		t.Fatal(err)
	}
	trusted, err := web.ParseTrustedProxies(proxies)
	if err != nil {
		t.Fatal(err)
	}
	s, err := web.New(web.Config{
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Catalog: cat, Auth: store, TrustedProxies: trusted,
		Tenant: func(ctx context.Context, host string) (*web.Tenant, error) {
			return &web.Tenant{ID: "c1", Code: "BY", Name: "xã Bình Yên"}, nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	s.Handle("GET /ip", auth.Public(), func(w http.ResponseWriter, r *http.Request) error {
		_, err := fmt.Fprintf(w, "%s %v", web.ClientIP(r), web.IsLocal(r))
		return err
	})
	s.Handle("POST /api/v1/echo", auth.AnyStaff(), func(w http.ResponseWriter, r *http.Request) error {
		var v map[string]any
		if r.ContentLength != 0 {
			if err := web.DecodeJSON(r, &v); err != nil {
				return err
			}
		}
		return web.WriteJSON(w, http.StatusOK, v)
	})
	handler, err := s.Start()
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(handler)
	t.Cleanup(srv.Close)
	return &secEnv{srv: srv, handler: handler, store: store}
}

func (e *secEnv) signIn(t *testing.T, c *http.Client, user, pw, forwardedFor string) int {
	t.Helper()
	req, _ := http.NewRequest("POST", e.srv.URL+"/dang-nhap", strings.NewReader(url.Values{"username": {user}, "password": {pw}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if forwardedFor != "" {
		req.Header.Set("X-Forwarded-For", forwardedFor)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

var cheap = auth.Hasher{Time: 1, Memory: 1024, Threads: 1}

// TestSignInFloodIsBoundedByTheGate: 40 sign-ins posted at once run at most the gate's running
// slots of hashes at the same time; those beyond the slots and the queue get 429 with the
// Vietnamese page at once. On today's main all 40 hashed together (2.6 GB).
func TestSignInFloodIsBoundedByTheGate(t *testing.T) {
	e := newSecEnv(t, cheap, "127.0.0.1")
	const running, waiting = 2, 2
	e.store.Gate = auth.NewHashGate(running, waiting)
	release := make(chan struct{})
	e.store.Gate.During = func() { <-release }
	statuses := make(chan int, 40)
	bodies := make(chan string, 40)
	var wg sync.WaitGroup
	for i := 0; i < 40; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Distinct clients behind the proxy and distinct usernames: only the gate refuses.
			req, _ := http.NewRequest("POST", e.srv.URL+"/dang-nhap", strings.NewReader(url.Values{"username": {fmt.Sprintf("u%d", i)}, "password": {"x"}}.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("X-Forwarded-For", fmt.Sprintf("198.51.100.%d", i))
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			statuses <- resp.StatusCode
			bodies <- string(b)
		}()
	}
	for i := 0; i < 40-running-waiting; i++ {
		if st := <-statuses; st != http.StatusTooManyRequests {
			t.Fatalf("refusal %d: status %d", i, st)
		}
		if b := <-bodies; !strings.Contains(b, "Hệ thống đang bận") {
			t.Fatalf("429 page not in Vietnamese:\n%s", b)
		}
	}
	close(release)
	wg.Wait()
	close(statuses)
	for st := range statuses {
		if st != http.StatusUnauthorized {
			t.Fatalf("admitted attempt: status %d", st)
		}
	}
	if p := e.store.Gate.Peak(); p > running {
		t.Fatalf("%d hashes ran at once, gate allows %d", p, running)
	}
}

// TestSignInFloodMemory measures the process's memory over a flood of 40 simultaneous
// sign-ins with the production hasher (argon2id, 64 MiB) and the default gate, and logs the
// figures. It fails only on a growth that means the gate did not hold (on today's main: about
// 2.4 GB); the figure itself is reported, not asserted tightly.
func TestSignInFloodMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the production hasher takes 64 MiB a hash")
	}
	e := newSecEnv(t, auth.DefaultHasher, "127.0.0.1")
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	hwmBefore := vmHWM()
	codes := map[int]int{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for i := 0; i < 40; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			st := e.signIn(t, http.DefaultClient, "motcua", "sai-"+strconv.Itoa(i), fmt.Sprintf("198.51.100.%d", i))
			mu.Lock()
			codes[st]++
			mu.Unlock()
		}()
	}
	wg.Wait()
	runtime.ReadMemStats(&after)
	grown := (int64(after.Sys) - int64(before.Sys)) >> 20
	t.Logf("40 simultaneous sign-ins, gate %d cores: statuses %v; Go Sys %d → %d MiB (+%d MiB); peak RSS (VmHWM) %d → %d MiB",
		runtime.NumCPU(), codes, before.Sys>>20, after.Sys>>20, grown, hwmBefore>>10, vmHWM()>>10)
	if grown > 1024 {
		t.Fatalf("memory grew by %d MiB over the flood", grown)
	}
	if codes[http.StatusTooManyRequests] == 0 {
		t.Fatal("no attempt was refused")
	}
}

// vmHWM is the process's peak resident set in KiB (0 where /proc is missing).
func vmHWM() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			n, _ := strconv.ParseInt(strings.Fields(v)[0], 10, 64)
			return n
		}
	}
	return 0
}

// TestClientAddressThroughTrustedProxies: X-Forwarded-For is believed only from a trusted
// proxy, and then its right-most untrusted address is the client's.
func TestClientAddressThroughTrustedProxies(t *testing.T) {
	e := newSecEnv(t, cheap, "10.0.0.0/8, 192.168.1.1")
	cases := []struct {
		peer, xff, want string
	}{
		{"203.0.113.5:4000", "", "203.0.113.5 false"},
		{"203.0.113.5:4000", "1.2.3.4", "203.0.113.5 false"},       // not a trusted proxy: header ignored
		{"10.0.0.2:4000", "1.2.3.4", "1.2.3.4 false"},              // trusted proxy
		{"10.0.0.2:4000", "6.6.6.6, 1.2.3.4", "1.2.3.4 false"},     // the client forged a left part
		{"10.0.0.2:4000", "1.2.3.4, 10.9.9.9", "1.2.3.4 false"},    // two trusted hops
		{"192.168.1.1:80", "10.1.1.1, 10.2.2.2", "10.1.1.1 false"}, // all trusted: the left-most
		{"10.0.0.2:4000", "garbage, 1.2.3.4", "1.2.3.4 false"},
		{"10.0.0.2:4000", "1.2.3.4, garbage", "10.0.0.2 false"}, // a trusted hop vouches for nothing readable
		{"10.0.0.2:4000", "[2001:db8::1]:443", "2001:db8::1 false"},
		{"10.0.0.2:4000", "::ffff:1.2.3.4", "1.2.3.4 false"},
		{"127.0.0.1:5000", "", "127.0.0.1 true"},
		{"127.0.0.1:5000", "1.2.3.4", "127.0.0.1 false"}, // passed a proxy: not local
		{"[::1]:5000", "", "::1 true"},
	}
	for _, c := range cases {
		req := httptest.NewRequest("GET", "/ip", nil)
		req.RemoteAddr = c.peer
		if c.xff != "" {
			req.Header.Set("X-Forwarded-For", c.xff)
		}
		rec := httptest.NewRecorder()
		e.handler.ServeHTTP(rec, req)
		if got := rec.Body.String(); got != c.want {
			t.Errorf("peer %s, X-Forwarded-For %q: got %q, want %q", c.peer, c.xff, got, c.want)
		}
	}
	// Two header lines are one list.
	req := httptest.NewRequest("GET", "/ip", nil)
	req.RemoteAddr = "10.0.0.2:1"
	req.Header.Add("X-Forwarded-For", "1.2.3.4")
	req.Header.Add("X-Forwarded-For", "5.6.7.8")
	rec := httptest.NewRecorder()
	e.handler.ServeHTTP(rec, req)
	if rec.Body.String() != "5.6.7.8 false" {
		t.Errorf("two header lines: %q", rec.Body.String())
	}
}

// TestBehindProxyMetricsAndSignInLimits: with the proxy on the same machine (the usual nginx
// set-up) and declared trusted, /metrics is no longer public and one client's failed sign-ins
// do not lock out everyone behind the proxy. On today's main both were broken.
func TestBehindProxyMetricsAndSignInLimits(t *testing.T) {
	e := newSecEnv(t, cheap, "127.0.0.1/32")
	get := func(xff string) int {
		req, _ := http.NewRequest("GET", e.srv.URL+"/metrics", nil)
		if xff != "" {
			req.Header.Set("X-Forwarded-For", xff)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if st := get(""); st != 200 {
		t.Fatalf("local scrape: %d", st)
	}
	if st := get("203.0.113.9"); st != 403 {
		t.Fatalf("metrics through the proxy: %d", st)
	}
	// An untrusted peer's header cannot make it local either: an unconfigured proxy is not trusted.
	plain := newSecEnv(t, cheap, "")
	req, _ := http.NewRequest("GET", plain.srv.URL+"/metrics", nil)
	req.Header.Set("X-Forwarded-For", "203.0.113.9")
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != 403 {
		t.Fatalf("metrics through an unconfigured proxy: %v %v", resp.StatusCode, err)
	}
	// 30 failures from one client behind the proxy (spread over accounts) block that client ...
	for i := 0; i < 30; i++ {
		if st := e.signIn(t, client(), fmt.Sprintf("khach%d", i), "sai", "203.0.113.66"); st != 401 {
			t.Fatalf("failure %d: %d", i, st)
		}
	}
	if st := e.signIn(t, client(), "motcua", "matkhau123", "203.0.113.66"); st != 429 {
		t.Fatalf("the guessing client is not blocked: %d", st)
	}
	// ... and nobody else.
	if st := e.signIn(t, client(), "motcua", "matkhau123", "198.51.100.20"); st != 303 {
		t.Fatalf("another client behind the proxy is blocked: %d", st)
	}
}

func TestParseTrustedProxies(t *testing.T) {
	got, err := web.ParseTrustedProxies("10.0.0.0/8,192.168.1.7  ::1, ::ffff:172.16.0.0/108")
	if err != nil {
		t.Fatal(err)
	}
	want := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("192.168.1.7/32"),
		netip.MustParsePrefix("::1/128"), netip.MustParsePrefix("172.16.0.0/12")}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for _, bad := range []string{"10.0.0.0/33", "proxy.local", "1.2.3"} {
		if _, err := web.ParseTrustedProxies(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func FuzzParseTrustedProxies(f *testing.F) {
	for _, s := range []string{"10.0.0.0/8", "127.0.0.1, ::1", "::ffff:1.2.3.4/120", "", ",,"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ps, err := web.ParseTrustedProxies(s)
		if err != nil {
			return
		}
		for _, p := range ps {
			if !p.IsValid() || p != p.Masked() || p.Addr().Is4In6() {
				t.Fatalf("%q gave %v", s, p)
			}
		}
	})
}

// FuzzForwardedFor: whatever a trusted proxy passes on, the client address is a valid address
// and the request is never local.
func FuzzForwardedFor(f *testing.F) {
	for _, s := range []string{"1.2.3.4", "6.6.6.6, 10.0.0.1", "[::1]:80, x", ",", "::ffff:10.0.0.1"} {
		f.Add(s)
	}
	e := newSecEnv(f, cheap, "10.0.0.0/8")
	f.Fuzz(func(t *testing.T, xff string) {
		req := httptest.NewRequest("GET", "/ip", nil)
		req.RemoteAddr = "10.0.0.2:1"
		req.Header.Set("X-Forwarded-For", xff)
		rec := httptest.NewRecorder()
		e.handler.ServeHTTP(rec, req)
		ip, local, _ := strings.Cut(rec.Body.String(), " ")
		if _, err := netip.ParseAddr(ip); err != nil || local != "false" {
			t.Fatalf("%q → %q", xff, rec.Body.String())
		}
	})
}

// TestResidentSignsOut: a resident-role account can sign out (403 on today's main).
func TestResidentSignsOut(t *testing.T) {
	e := newSecEnv(t, cheap, "")
	c := client()
	if st := e.signIn(t, c, "dan", "matkhau123", ""); st != 303 {
		t.Fatalf("sign in: %d", st)
	}
	resp, err := c.PostForm(e.srv.URL+"/dang-xuat", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 303 {
		t.Fatalf("resident sign-out: %d", resp.StatusCode)
	}
	for _, ck := range resp.Cookies() {
		if ck.Name == "xaso_session" && ck.MaxAge >= 0 {
			t.Fatalf("session cookie not cleared: %+v", ck)
		}
	}
}

// TestAPIBodiesMustBeJSON: with the session cookie, a text/plain or form body is refused with
// 415 (a cross-site form can send those without a preflight); JSON and empty bodies pass.
func TestAPIBodiesMustBeJSON(t *testing.T) {
	e := newSecEnv(t, cheap, "")
	c := client()
	if st := e.signIn(t, c, "motcua", "matkhau123", ""); st != 303 {
		t.Fatalf("sign in: %d", st)
	}
	cases := []struct {
		ctype, body string
		want        int
	}{
		{"text/plain", `{"a":1}`, 415},
		{"application/x-www-form-urlencoded", "a=1", 415},
		{"", `{"a":1}`, 415},
		{"application/json", `{"a":1}`, 200},
		{"application/json; charset=utf-8", `{"a":1}`, 200},
		{"text/plain", "", 200},
	}
	for _, cs := range cases {
		req, _ := http.NewRequest("POST", e.srv.URL+"/api/v1/echo", strings.NewReader(cs.body))
		if cs.ctype != "" {
			req.Header.Set("Content-Type", cs.ctype)
		}
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != cs.want {
			t.Errorf("%q body %q: %d %s", cs.ctype, cs.body, resp.StatusCode, b)
		}
		if cs.want == 415 && !strings.Contains(string(b), "JSON") {
			t.Errorf("415 without a message: %s", b)
		}
	}
}

// TestPasswordChangeThrottled: guesses at the current password get 429 after five, and the
// change page answers through the same gate.
func TestPasswordChangeThrottled(t *testing.T) {
	e := newSecEnv(t, cheap, "")
	c := client()
	if st := e.signIn(t, c, "motcua", "matkhau123", ""); st != 303 {
		t.Fatalf("sign in: %d", st)
	}
	change := func(cur string) int {
		resp, err := c.PostForm(e.srv.URL+"/tai-khoan/mat-khau", url.Values{"current": {cur}, "new": {"mat-khau-moi"}, "again": {"mat-khau-moi"}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	for i := 0; i < 5; i++ {
		if st := change("doan-sai"); st != 422 {
			t.Fatalf("guess %d: %d", i, st)
		}
	}
	if st := change("matkhau123"); st != 429 {
		t.Fatalf("sixth guess: %d", st)
	}
}
