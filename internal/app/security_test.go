package app_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"xaso/internal/audit"
	"xaso/internal/auth"
	"xaso/internal/db"
	"xaso/internal/db/dbtest"
)

// TestAdminUnlocksAndTokenPages: an account locked by wrong passwords is shown as such to the
// administrator, who lifts the lock with a button (audited); a staff member makes an API token
// on their page (its secret shown once), the administrator sees it among all tokens and revokes
// it. None of these pages existed on today's main.
func TestAdminUnlocksAndTokenPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		desk, err := f.a.Auth.UserByName(ctx, f.commune.ID, "u-"+string(auth.Desk))
		if err != nil {
			t.Fatal(err)
		}
		signIn := func(c *http.Client, pw string) int {
			t.Helper()
			resp, err := c.PostForm(f.srv.URL+"/dang-nhap", url.Values{"username": {desk.Username}, "password": {pw}})
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			return resp.StatusCode
		}
		anon := f.client("")
		for i := 0; i < 5; i++ {
			if st := signIn(anon, "sai"); st != http.StatusUnauthorized {
				t.Fatalf("guess %d: %d", i, st)
			}
		}
		if st := signIn(anon, testPassword); st != http.StatusTooManyRequests {
			t.Fatalf("locked account signed in: %d", st)
		}
		admin := f.client(auth.Admin)
		if st, body := f.do(admin, "GET", "/quan-tri/tai-khoan/"+desk.ID, nil); st != 200 || !strings.Contains(body, "Đang bị chặn đăng nhập") {
			t.Fatalf("edit page: %d, lock not shown", st)
		}
		if st, _ := f.do(admin, "POST", "/quan-tri/tai-khoan/"+desk.ID+"/mo-khoa", url.Values{}); st != http.StatusSeeOther {
			t.Fatalf("unlock: %d", st)
		}
		if st := signIn(anon, testPassword); st != http.StatusSeeOther {
			t.Fatalf("after unlock: %d", st)
		}
		es, err := audit.List(ctx, d, f.commune.ID, "user", desk.ID, 100, 0)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]int{}
		for _, e := range es {
			seen[e.Action]++
		}
		if seen["user.unlock"] != 1 || seen["user.sign_in_failed"] != 5 || seen["user.sign_in"] < 1 {
			t.Fatalf("audit of the account: %v", seen)
		}

		// Tokens: the desk officer's own page.
		staff := anon // now signed in as the desk officer
		if st, body := f.do(staff, "GET", "/tai-khoan/ma-truy-cap", nil); st != 200 || !strings.Contains(body, "Mã truy cập API của tôi") {
			t.Fatalf("own tokens page: %d", st)
		}
		if st, _ := f.do(staff, "POST", "/tai-khoan/ma-truy-cap", url.Values{"name": {""}, "days": {"30"}}); st != http.StatusUnprocessableEntity {
			t.Fatalf("nameless token: %d", st)
		}
		st, body := f.do(staff, "POST", "/tai-khoan/ma-truy-cap", url.Values{"name": {"phần mềm kế toán"}, "days": {"30"}})
		secret := regexp.MustCompile(`xaso_[A-Za-z0-9_-]{20,}`).FindString(body)
		if st != 200 || secret == "" {
			t.Fatalf("create token: %d, no secret shown", st)
		}
		me := func() int {
			req, _ := http.NewRequest("GET", f.srv.URL+"/api/v1/me", nil)
			req.Header.Set("Authorization", "Bearer "+secret)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			return resp.StatusCode
		}
		if st := me(); st != 200 {
			t.Fatalf("new token refused: %d", st)
		}
		if _, body := f.do(staff, "GET", "/tai-khoan/ma-truy-cap", nil); strings.Contains(body, secret) || !strings.Contains(body, "phần mềm kế toán") {
			t.Fatal("own page shows the secret again, or not the token")
		}
		list, err := f.a.Auth.Tokens(ctx, f.commune.ID, "")
		if err != nil || len(list) != 1 {
			t.Fatalf("tokens: %v %v", list, err)
		}
		// Another staff member cannot revoke it; the administrator can.
		if st, _ := f.do(f.client(auth.Leader), "POST", "/tai-khoan/ma-truy-cap/"+list[0].ID+"/thu-hoi", url.Values{}); st != http.StatusNotFound {
			t.Fatalf("someone else's revoke: %d", st)
		}
		if st, body := f.do(admin, "GET", "/quan-tri/ma-truy-cap", nil); st != 200 || !strings.Contains(body, desk.Username) {
			t.Fatalf("admin tokens page: %d", st)
		}
		if st, _ := f.do(admin, "POST", "/quan-tri/ma-truy-cap/"+list[0].ID+"/thu-hoi", url.Values{}); st != http.StatusSeeOther {
			t.Fatalf("admin revoke: %d", st)
		}
		if st := me(); st != http.StatusUnauthorized {
			t.Fatalf("revoked token: %d", st)
		}
	})
}

func TestSecurityTemplatesUseKnownKeys(t *testing.T) {
	f := newFixture(t, dbtest.SQLite(t))
	if n := f.checkTemplateKeys(t, "../admin/templates", "admin"); n < 20 {
		t.Fatalf("only %d keys found", n)
	}
}
