package web

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"xaso/internal/auth"
)

func TestPathValue(t *testing.T) {
	for _, c := range []struct{ pattern, path, name, want string }{
		{"GET /nhan-khau/{id}", "/nhan-khau/0196-ab", "id", "0196-ab"},
		{"GET /nhan-khau/{id}/xoa", "/nhan-khau/r1/xoa", "id", "r1"},
		{"GET /ho-so/{code}/tep/{sha}", "/ho-so/000.00.12.H55-260302-0001/tep/abc", "code", "000.00.12.H55-260302-0001"},
		{"GET /ho-so/{code}", "/ho-so/a%2Fb", "code", "a/b"},
		{"GET /tep/{rest...}", "/tep/a/b/c", "rest", "a/b/c"},
		{"GET /nhan-khau/{id}", "/ho-gia-dinh/r1", "id", ""},
		{"GET /nhan-khau/{id}", "/nhan-khau", "id", ""},
		{"GET /nhan-khau/{id}", "/nhan-khau/r1", "code", ""},
	} {
		if got := pathValue(c.pattern, c.path, c.name); got != c.want {
			t.Errorf("pathValue(%q, %q, %q) = %q, want %q", c.pattern, c.path, c.name, got, c.want)
		}
	}
}

func newReadServer(t *testing.T, now time.Time) *Server {
	t.Helper()
	cat, err := NewCatalog(Messages)
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(Config{Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Catalog: cat, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// Only a declared route served with 200 to a signed-in officer of a commune is recorded, with
// the subject named by the route's path value; the rest is not.
func TestAfterPersonalRead(t *testing.T) {
	now := time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)
	s := newReadServer(t, now)
	noop := func(w http.ResponseWriter, r *http.Request) error { return nil }
	s.Handle("GET /nhan-khau/{id}", auth.Roles(auth.Desk), noop)
	s.Handle("GET /ho-so/{code}", auth.Roles(auth.Desk), noop)
	var got []PersonalRead
	s.LogPersonalReads(map[string]PersonalRoute{
		"GET /nhan-khau/{id}": {Subject: "resident", PathValue: "id"},
		"GET /ho-so/{code}":   {Subject: "dossier", PathValue: "code"},
		"GET /khong-co/{id}":  {Subject: "resident", PathValue: "id"},
	}, func(ctx context.Context, r PersonalRead) error { got = append(got, r); return nil })
	if un := s.UnmountedPersonalRoutes(); len(un) != 1 || un[0] != "GET /khong-co/{id}" {
		t.Errorf("unmounted: %v", un)
	}
	officer := &auth.User{ID: "u1", FullName: "Lê Thị Hoa", Roles: []auth.Role{auth.Desk, auth.Specialist}}
	c := &Tenant{ID: "c1"}
	req := func(path string) *http.Request { return httptest.NewRequest("GET", path, nil) }
	s.AfterPersonalRead(req("/nhan-khau/r1"), "GET /nhan-khau/{id}", officer, c, 200)
	s.AfterPersonalRead(req("/ho-so/X-1"), "GET /ho-so/{code}", officer, c, 200)
	s.AfterPersonalRead(req("/nhan-khau/r2"), "GET /nhan-khau/{id}", nil, c, 200)       // anonymous
	s.AfterPersonalRead(req("/nhan-khau/r3"), "GET /nhan-khau/{id}", officer, c, 404)   // not found
	s.AfterPersonalRead(req("/nhan-khau/r4"), "GET /nhan-khau/{id}", officer, c, 303)   // redirected
	s.AfterPersonalRead(req("/nhan-khau/r5"), "GET /nhan-khau/{id}", officer, nil, 200) // no commune
	s.AfterPersonalRead(req("/xom/1"), "GET /xom/{id}", officer, c, 200)                // not declared
	want := []PersonalRead{
		{CommuneID: "c1", At: now, UserID: "u1", UserName: "Lê Thị Hoa", Role: "desk,specialist", SubjectType: "resident", SubjectID: "r1", Route: "GET /nhan-khau/{id}"},
		{CommuneID: "c1", At: now, UserID: "u1", UserName: "Lê Thị Hoa", Role: "desk,specialist", SubjectType: "dossier", SubjectID: "X-1", Route: "GET /ho-so/{code}"},
	}
	if len(got) != len(want) {
		t.Fatalf("recorded %d reads, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("read %d: %+v, want %+v", i, got[i], want[i])
		}
	}
}

// A read that cannot be stored is logged, without the subject's id, and the page is not hurt.
func TestAfterPersonalReadFailureIsLogged(t *testing.T) {
	s := newReadServer(t, time.Now())
	var logs strings.Builder
	s.log = slog.New(slog.NewTextHandler(&logs, nil))
	s.LogPersonalReads(map[string]PersonalRoute{"GET /nhan-khau/{id}": {Subject: "resident", PathValue: "id"}},
		func(ctx context.Context, r PersonalRead) error { return errors.New("disk full") })
	s.AfterPersonalRead(httptest.NewRequest("GET", "/nhan-khau/r-secret", nil), "GET /nhan-khau/{id}", &auth.User{ID: "u1"}, &Tenant{ID: "c1"}, 200)
	if !strings.Contains(logs.String(), "personal read not recorded") || strings.Contains(logs.String(), "r-secret") {
		t.Errorf("log: %s", logs.String())
	}
}
