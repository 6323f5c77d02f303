package app_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"xaso/internal/audit"
	"xaso/internal/auth"
	"xaso/internal/commune"
	"xaso/internal/db"
	"xaso/internal/db/dbtest"
)

// TestScenarios drives pages as each kind of user would, on both engines: method, path, role →
// status and a piece of the content.
func TestScenarios(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		cases := []struct {
			method, path string
			role         auth.Role
			form         url.Values
			status       int
			contains     string
		}{
			{"GET", "/", "", nil, 200, "Cổng thông tin điện tử xã Bình Yên"},
			{"GET", "/healthz", "", nil, 200, "ok"},
			{"GET", "/readyz", "", nil, 200, "ready"},
			{"GET", "/metrics", "", nil, 200, "xaso_http_requests_total"},
			{"GET", "/dang-nhap", "", nil, 200, "Tên đăng nhập"},
			{"GET", "/can-bo", "", nil, 200, "Chủ tịch"},
			{"GET", "/ho-gia-dinh", "", nil, 303, ""},
			{"GET", "/ho-gia-dinh", auth.Inspection, nil, 403, "không có quyền"},
			{"GET", "/ho-gia-dinh", auth.Desk, nil, 200, "Tổng số"},
			{"GET", "/ho-gia-dinh?q=NGUYEN%20VAN", auth.Leader, nil, 200, "Nguyễn Văn"},
			{"GET", "/nhan-khau?q=nguyen%20van", auth.HamletHead, nil, 200, "chưa được gán cho xóm nào"}, // no hamlet assigned yet: nobody shown
			{"GET", "/ho-gia-dinh/khong-co", auth.Desk, nil, 404, "Không tìm thấy"},
			{"POST", "/ho-gia-dinh/moi", auth.Leader, url.Values{"code": {"X"}}, 403, ""},
			{"POST", "/ho-gia-dinh/moi", auth.Desk, url.Values{"code": {""}}, 422, "Thông tin chưa hợp lệ"},
			{"GET", "/quan-tri", auth.Desk, nil, 403, ""},
			{"GET", "/quan-tri", auth.Admin, nil, 200, "Tài khoản cán bộ"},
			{"GET", "/quan-tri/tai-khoan", auth.Admin, nil, 200, "u-desk"},
			{"POST", "/quan-tri/tai-khoan/moi", auth.Admin, url.Values{"username": {"Bad Name"}, "full_name": {""}, "password": {"1"}}, 422, "Tên đăng nhập gồm"},
			{"GET", "/quan-tri/nhat-ky", auth.Admin, nil, 200, "user.create"},
			{"GET", "/quan-tri/thong-bao", auth.Admin, nil, 200, "Tin nhắn"},
			{"GET", "/quan-tri/su-kien", auth.Admin, nil, 200, "Sự kiện"},
			{"GET", "/nhap-du-lieu", auth.Desk, nil, 403, ""},
			{"GET", "/nhap-du-lieu", auth.Specialist, nil, 200, "Nhập hộ gia đình"},
			{"GET", "/ngon-ngu/xx", "", nil, 404, ""},
		}
		clients := map[auth.Role]*http.Client{}
		for _, c := range cases {
			cl, ok := clients[c.role]
			if !ok {
				cl = f.client(c.role)
				clients[c.role] = cl
			}
			status, body := f.do(cl, c.method, c.path, c.form)
			if status != c.status || !strings.Contains(body, c.contains) {
				t.Errorf("%s %s as %q: %d, want %d with %q\n%.400s", c.method, c.path, c.role, status, c.status, c.contains, body)
			}
		}
	})
}

// TestAPIToken: a bearer token from `xaso token create` identifies its account on the JSON API.
func TestAPIToken(t *testing.T) {
	f := newFixture(t, dbtest.SQLite(t))
	ctx := context.Background()
	u, err := f.a.Auth.UserByName(ctx, f.commune.ID, "u-desk")
	if err != nil {
		t.Fatal(err)
	}
	tok, err := f.a.Auth.CreateToken(ctx, u, "test")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		token  string
		status int
		want   string
	}{{tok, 200, `"username":"u-desk"`}, {"xaso_sai", 401, `"kind":"unauthorized"`}, {"", 401, "unauthorized"}} {
		req, _ := http.NewRequest("GET", f.srv.URL+"/api/v1/me", nil)
		if c.token != "" {
			req.Header.Set("Authorization", "Bearer "+c.token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		_, _ = io.Copy(&b, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != c.status || !strings.Contains(b.String(), c.want) {
			t.Errorf("token %q: %d %s", c.token, resp.StatusCode, b.String())
		}
	}
}

// TestCrossCommuneIsNotFound: a record of another commune is invisible, not forbidden.
func TestCrossCommuneIsNotFound(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		other := f.otherCommune(t)
		st := commune.New(d)
		ham, err := st.CreateHamlet(ctx, other.ID, audit.System, commune.Hamlet{Name: "Xóm Một"})
		if err != nil {
			t.Fatal(err)
		}
		h, err := st.CreateHousehold(ctx, other.ID, audit.System, commune.Household{Code: "K-1", HamletID: ham.ID,
			Members: []commune.Resident{{FullName: "Vi Văn Khác", BirthDate: "1970-01-01", Gender: "Nam", Relation: commune.RelationHead}}})
		if err != nil {
			t.Fatal(err)
		}
		desk := f.client(auth.Desk)
		for _, p := range []struct{ method, path string }{
			{"GET", "/ho-gia-dinh/" + h.ID},
			{"POST", "/ho-gia-dinh/" + h.ID},
			{"POST", "/ho-gia-dinh/" + h.ID + "/nhan-khau"},
		} {
			status, _ := f.do(desk, p.method, p.path, url.Values{"code": {"K-2"}, "full_name": {"X"}})
			if status != http.StatusNotFound {
				t.Errorf("%s %s of another commune: %d, want 404", p.method, p.path, status)
			}
		}
		// And the other commune's household does not show in this commune's search.
		if _, body := f.do(desk, "GET", "/ho-gia-dinh?q=vi+van+khac", nil); strings.Contains(body, "Vi Văn Khác") {
			t.Error("another commune's household appears in the list")
		}
		// Nothing was changed in the other commune.
		got, err := st.GetHousehold(ctx, other.ID, h.ID)
		if err != nil || got.Code != "K-1" || len(got.Members) != 1 {
			t.Fatalf("other commune's household changed: %+v %v", got, err)
		}
	})
}
