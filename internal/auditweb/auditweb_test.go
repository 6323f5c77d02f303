package auditweb_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"xaso/internal/audit"
	"xaso/internal/auditweb"
	"xaso/internal/auth"
	"xaso/internal/calendar"
	"xaso/internal/db"
	"xaso/internal/db/dbtest"
	"xaso/internal/web"
)

var key = bytes.Repeat([]byte{3}, 32)

// first is the first day a head is signed; the ticks run daily for 35 days, and the page is
// read an hour after the last.
var first = time.Date(2026, 10, 27, 0, 30, 0, 0, calendar.Zone)

type env struct {
	srv  *httptest.Server
	path string
	last audit.Anchor
}

// newEnv signs commune c1's head on 35 days (entries added in between) and serves the page
// with the anchors of a DailyAnchorer; without anchors when signed is false.
func newEnv(t *testing.T, signed bool) *env {
	t.Helper()
	ctx := context.Background()
	d := dbtest.SQLite(t)
	d.ChainKey = key
	if _, err := d.Exec(ctx, `INSERT INTO communes (id, code, name, province, created_at) VALUES ('c1', 'BY', 'xã Bình Yên', 'Thái Nguyên', $1)`, time.Now()); err != nil {
		t.Fatal(err)
	}
	e := &env{path: filepath.Join(t.TempDir(), audit.AnchorFileName)}
	an := audit.NewDailyAnchorer(d, e.path, key)
	for i := range 35 {
		if err := d.Tx(ctx, func(tx *db.Tx) error {
			return audit.Record(ctx, tx, "c1", audit.System, "household.update", "household", "h1", audit.Change{After: i})
		}); err != nil {
			t.Fatal(err)
		}
		as, err := an.Tick(ctx, first.AddDate(0, 0, i))
		if err != nil || len(as) != 1 {
			t.Fatalf("tick %d: %v %v", i, as, err)
		}
		e.last = as[0]
	}
	cat, err := web.NewCatalog(web.Messages, auditweb.Messages)
	if err != nil {
		t.Fatal(err)
	}
	s, err := web.New(web.Config{Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Catalog: cat,
		Auth: auth.NewStore(d, auth.Hasher{Time: 1, Memory: 1024, Threads: 1}), PageCacheTTL: -1,
		Tenant: func(ctx context.Context, host string) (*web.Tenant, error) {
			if strings.HasPrefix(host, "none.") {
				return nil, nil
			}
			return &web.Tenant{ID: "c1", Code: "BY", Name: "xã Bình Yên"}, nil
		}})
	if err != nil {
		t.Fatal(err)
	}
	deps := auditweb.Deps{Now: func() time.Time { return first.AddDate(0, 0, 34).Add(time.Hour) }}
	if signed {
		deps.Anchors = an.Recent
	}
	auditweb.Mount(s, deps)
	h, err := s.Start()
	if err != nil {
		t.Fatal(err)
	}
	e.srv = httptest.NewServer(h)
	t.Cleanup(e.srv.Close)
	return e
}

func (e *env) get(t *testing.T, path string) (int, string) {
	t.Helper()
	resp, err := http.Get(e.srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func (e *env) getJSON(t *testing.T) map[string]any {
	t.Helper()
	code, body := e.get(t, auditweb.PathJSON)
	if code != http.StatusOK {
		t.Fatalf("json: %d %s", code, body)
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(body), &m); err != nil {
		t.Fatalf("json: %v\n%s", err, body)
	}
	return m
}

var rowRE = regexp.MustCompile(`<tr><th scope="row">`)

func grouped(h string) string {
	var parts []string
	for i := 0; i < len(h); i += 8 {
		parts = append(parts, h[i:i+8])
	}
	return strings.Join(parts, " ")
}

// The page shows the latest signed head whole, in groups of 8, with its day, number and "đã
// ký", lists the last 30 days only, and explains how to check; the JSON says the same.
func TestPageShowsTheSignedHeads(t *testing.T) {
	e := newEnv(t, true)
	code, body := e.get(t, auditweb.Path)
	if code != http.StatusOK {
		t.Fatalf("page: %d\n%s", code, body)
	}
	last := first.AddDate(0, 0, 34)
	for _, want := range []string{
		"<h1>Mã xác thực nhật ký kiểm toán</h1>",
		`<time datetime="` + last.Format(time.DateOnly) + `">` + last.Format("02/01/2006") + `</time> lúc 00:30`,
		"<dd>35</dd>",
		`<code translate="no">` + grouped(e.last.Hash) + `</code>`,
		`<span class="badge ok">Đã ký, chữ ký hợp lệ</span>`,
		"xaso audit verify",
		`href="/nhat-ky-kiem-toan.json"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if strings.Count(grouped(e.last.Hash), " ") != 7 {
		t.Fatalf("a hash is 8 groups: %q", grouped(e.last.Hash))
	}
	if n := len(rowRE.FindAllString(body, -1)); n != auditweb.Days {
		t.Errorf("%d rows, want the last %d days", n, auditweb.Days)
	}
	if strings.Contains(body, first.Format("02/01/2006")) {
		t.Error("a head older than 30 days is listed")
	}

	m := e.getJSON(t)
	latest, _ := m["latest"].(map[string]any)
	if m["signed"] != true || m["commune"] != "BY" || latest["seq"] != 35.0 || latest["hash"] != e.last.Hash || latest["day"] != last.Format(time.DateOnly) {
		t.Fatalf("json: %v", m)
	}
	if hs, _ := m["heads"].([]any); len(hs) != auditweb.Days {
		t.Fatalf("json heads: %d", len(hs))
	}
}

// A damaged file is shown as such, with its line; what verified before it is still listed.
func TestPageShowsABrokenFile(t *testing.T) {
	e := newEnv(t, true)
	f, err := os.OpenFile(e.path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("{}\n")
	f.Close()
	_, body := e.get(t, auditweb.Path)
	for _, want := range []string{"không còn nguyên vẹn từ dòng 36", `<span class="badge bad">`} {
		if !strings.Contains(body, want) {
			t.Errorf("the page of a broken file lacks %q", want)
		}
	}
	if strings.Contains(body, "Đã ký, chữ ký hợp lệ") {
		t.Error("a broken file is shown as validly signed")
	}
	m := e.getJSON(t)
	if m["signed"] != false || m["broken_line"] != 36.0 || m["latest"] == nil {
		t.Fatalf("json of a broken file: %v", m)
	}
}

// Without signed heads the page says none is; without a commune it is not found.
func TestPageWithoutHeads(t *testing.T) {
	e := newEnv(t, false)
	_, body := e.get(t, auditweb.Path)
	if !strings.Contains(body, "Chưa có mã nào được ký") || rowRE.MatchString(body) {
		t.Fatalf("page without heads:\n%s", body)
	}
	if m := e.getJSON(t); m["signed"] != false || m["latest"] != nil {
		t.Fatalf("json without heads: %v", m)
	}
	req, _ := http.NewRequest("GET", e.srv.URL+auditweb.Path, nil)
	req.Host = "none.example"
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Fatalf("without a commune: %d", resp.StatusCode)
	}
}
