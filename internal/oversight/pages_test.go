package oversight_test

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
	"xaso/internal/db"
	"xaso/internal/db/dbtest"
	"xaso/internal/duty"
	"xaso/internal/oversight"
	"xaso/internal/web"
)

const pagePassword = "matkhau123"

type pageEnv struct {
	*inspEnv
	t   *testing.T
	srv *httptest.Server
}

// newPageEnv mounts the room's pages on a web shell over newInspEnv's commune, with one
// account per role (username = the role).
func newPageEnv(t *testing.T, d *db.DB) *pageEnv {
	e := newInspEnv(t, d)
	store := auth.NewStore(d, auth.Hasher{Time: 1, Memory: 1024, Threads: 1})
	for _, r := range []auth.Role{auth.Inspection, auth.Front, auth.Leader, auth.Desk} {
		if _, err := store.CreateUser(e.ctx, e.cid, audit.System, auth.NewUser{Username: string(r), FullName: "Người thử " + string(r), Password: pagePassword, Roles: []auth.Role{r}}); err != nil {
			t.Fatal(err)
		}
	}
	cat, err := web.NewCatalog(web.Messages, duty.Messages, oversight.RecMessages, oversight.Messages)
	if err != nil {
		t.Fatal(err)
	}
	s, err := web.New(web.Config{Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Catalog: cat, Auth: store, Now: func() time.Time { return e.now },
		Tenant: func(ctx context.Context, host string) (*web.Tenant, error) {
			return &web.Tenant{ID: e.cid, Code: "BY", Name: "Bình Yên"}, nil
		}})
	if err != nil {
		t.Fatal(err)
	}
	oversight.Mount(s, e.svc)
	oversight.MountRecommendations(s, e.recs)
	h, err := s.Start()
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &pageEnv{inspEnv: e, t: t, srv: srv}
}

func (e *pageEnv) client(role string) *http.Client {
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	if role == "" {
		return c
	}
	resp, err := c.PostForm(e.srv.URL+"/dang-nhap", url.Values{"username": {role}, "password": {pagePassword}})
	if err != nil {
		e.t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		e.t.Fatalf("sign in %s: %d", role, resp.StatusCode)
	}
	return c
}

func (e *pageEnv) get(c *http.Client, path string) (int, string, string) {
	e.t.Helper()
	resp, err := c.Get(e.srv.URL + path)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Content-Type"), string(b)
}

func (e *pageEnv) post(c *http.Client, path string, form url.Values) (int, string, string) {
	e.t.Helper()
	resp, err := c.PostForm(e.srv.URL+path, form)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Location"), string(b)
}

var idIn = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f-]{27}`)

// The Front records the board and its members (a staff match is flagged with the staff row);
// the board plans an inspection (its 5-working-day deadline shown), receives a case, verifies
// it, sends the result (a PDF) and recommends; the leader reads the case without the person's
// name and may not change it; residents see the board and the public result, never the person.
func TestInspectionPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newPageEnv(t, d)
		anon, board, front, leader, desk := e.client(""), e.client("inspection"), e.client("front"), e.client("leader"), e.client("desk")
		if st, _, body := e.get(anon, "/thanh-tra-nhan-dan"); st != http.StatusOK || !strings.Contains(body, "Chưa có thông tin") {
			t.Fatalf("public before a board: %d", st)
		}
		if st, _, _ := e.get(desk, "/ban-thanh-tra"); st != http.StatusForbidden {
			t.Fatalf("desk reached the board: %d", st)
		}
		st, _, body := e.post(front, "/ban-thanh-tra/nhiem-ky/moi", url.Values{"term_start": {"01/07/2025"}, "term_end": {"01/01/2025"}})
		if st != http.StatusUnprocessableEntity || !strings.Contains(body, "Ngày kết thúc phải sau") {
			t.Fatalf("bad term: %d", st)
		}
		st, loc, _ := e.post(front, "/ban-thanh-tra/nhiem-ky/moi", url.Values{"term_start": {"01/07/2025"}, "term_end": {"30/06/2027"}, "recognised_by": {""}})
		if st != http.StatusSeeOther {
			t.Fatalf("board: %d", st)
		}
		bid := idIn.FindString(loc)
		for i, m := range [][3]string{{"Lò Văn Sáng", "head", ""}, {"Nguyễn Văn Bình", "deputy", "0912 345 678"}, {"Hoàng Thị Thu", "member", ""}} {
			st, _, body := e.post(front, "/ban-thanh-tra/nhiem-ky/"+bid+"/thanh-vien/moi", url.Values{"full_name": {m[0]}, "hamlet": {e.hamlets[i]},
				"position": {m[1]}, "phone": {m[2]}, "elected_on": {"05/07/2025"}})
			if st != http.StatusSeeOther {
				t.Fatalf("member %s: %d %s", m[0], st, body)
			}
		}
		st, _, body = e.post(front, "/ban-thanh-tra/nhiem-ky/"+bid+"/thanh-vien/moi", url.Values{"full_name": {"Vi Văn Khánh"}, "hamlet": {e.hamlets[3]},
			"position": {"head"}, "elected_on": {"05/07/2025"}})
		if st != http.StatusUnprocessableEntity || !strings.Contains(body, "Ban đã có Trưởng ban") || !strings.Contains(body, "Vi Văn Khánh") {
			t.Fatalf("second head: %d", st)
		}
		_, _, body = e.get(leader, "/ban-thanh-tra")
		for _, want := range []string{"Nguyễn Văn Bình", "Trùng họ tên và số điện thoại", "Công chức Địa chính", "không được ít hơn 5", "Xóm Bản Cái chưa có thành viên"} {
			if !strings.Contains(body, want) {
				t.Errorf("overview lacks %q", want)
			}
		}
		// A plan and an inspection starting Monday 14 December 2026: send by Monday 7 December.
		st, loc, body = e.post(board, "/ban-thanh-tra/ke-hoach/moi?ban="+bid, url.Values{"period": {"quarter"}, "year": {"2026"}, "part": {"4"}, "content": {"Giám sát thu chi quỹ"}})
		if st != http.StatusSeeOther {
			t.Fatalf("plan: %d %s", st, body)
		}
		plan := loc
		if st, _, _ = e.post(leader, plan+"/kiem-tra", url.Values{"subject": {"x"}}); st != http.StatusForbidden {
			t.Fatalf("leader added an inspection: %d", st)
		}
		if st, _, body = e.post(board, plan+"/kiem-tra", url.Values{"subject": {"Bộ phận Một cửa"}, "check_content": {""}, "starts_on": {"14/12/2026"}}); st != http.StatusUnprocessableEntity || !strings.Contains(body, "Bộ phận Một cửa") {
			t.Fatalf("bad inspection: %d", st)
		}
		if st, _, _ = e.post(board, plan+"/kiem-tra", url.Values{"subject": {"Bộ phận Một cửa"}, "check_content": {"Niêm yết thủ tục"}, "starts_on": {"14/12/2026"}}); st != http.StatusSeeOther {
			t.Fatalf("inspection: %d", st)
		}
		_, _, body = e.get(board, plan)
		if !strings.Contains(body, "hạn gửi 07/12/2026") || !strings.Contains(body, "Chưa gửi đủ") {
			t.Fatalf("plan page lacks the deadline")
		}
		// A case.
		st, loc, body = e.post(board, "/ban-thanh-tra/vu-viec/moi", url.Values{"source": {"box"}, "received_on": {"01/12/2026"}, "raised_by": {"Nông Văn Dũng"},
			"title": {"Đường bê tông nứt"}, "content": {"Mặt đường nứt nhiều đoạn."}})
		if st != http.StatusSeeOther {
			t.Fatalf("case: %d %s", st, body)
		}
		kase := loc
		for step, form := range map[string]url.Values{
			"ghi-chu":  {"kind": {"verification"}, "on": {"03/12/2026"}, "text": {"Đã xem hiện trường"}},
			"xac-minh": {"findings": {"Có 4 đoạn nứt."}},
		} {
			if st, _, body := e.post(board, kase+"/"+step, form); st != http.StatusSeeOther {
				t.Fatalf("%s: %d %s", step, st, body)
			}
		}
		if st, _, body = e.post(board, kase+"/kien-nghi", url.Values{"rec_title": {""}, "rec_text": {"x"}, "rec_sent_on": {"05/12/2026"}}); st != http.StatusUnprocessableEntity {
			t.Fatalf("empty recommendation: %d", st)
		}
		if st, _, _ = e.post(board, kase+"/kien-nghi", url.Values{"rec_title": {"Sửa đường"}, "rec_text": {"Đề nghị sửa chữa."}, "rec_sent_on": {"05/12/2026"}}); st != http.StatusSeeOther {
			t.Fatalf("recommendation: %d", st)
		}
		if st, _, _ = e.post(board, kase+"/tra-loi", url.Values{"result": {"Ban đã kiến nghị UBND xã."}, "result_on": {"06/12/2026"}, "public": {"1"},
			"public_summary": {"Ban đã kiến nghị sửa chữa đường."}}); st != http.StatusSeeOther {
			t.Fatalf("result: %d", st)
		}
		if st, ct, pdf := e.get(board, kase+"/tra-loi.pdf"); st != http.StatusOK || ct != "application/pdf" || !strings.HasPrefix(pdf, "%PDF") {
			t.Fatalf("result pdf: %d %s", st, ct)
		}
		if st, ct, _ := e.get(front, "/ban-thanh-tra/bao-cao.pdf?nam=2026&quy=4"); st != http.StatusOK || ct != "application/pdf" {
			t.Fatalf("quarter report: %d %s", st, ct)
		}
		if st, ct, _ := e.get(front, "/ban-thanh-tra/bao-cao.pdf?ky=nhiem-ky"); st != http.StatusOK || ct != "application/pdf" {
			t.Fatalf("report pdf: %d %s", st, ct)
		}
		_, _, body = e.get(leader, kase)
		if strings.Contains(body, "Nông Văn Dũng") || !strings.Contains(body, "Sửa đường") || !strings.Contains(body, "chưa trả lời") {
			t.Fatalf("leader's view of the case")
		}
		if st, _, _ = e.post(leader, kase+"/dong", url.Values{"closed_on": {"07/12/2026"}}); st != http.StatusForbidden {
			t.Fatalf("leader closed: %d", st)
		}
		_, _, body = e.get(board, kase)
		if !strings.Contains(body, "Nông Văn Dũng") {
			t.Fatal("the board does not see who raised the case")
		}
		if st, _, _ = e.post(board, kase+"/dong", url.Values{"closed_on": {"07/12/2026"}}); st != http.StatusSeeOther {
			t.Fatalf("close refused: %d", st)
		}
		if _, _, body = e.get(board, kase); !strings.Contains(body, "chưa được trả lời") {
			t.Fatal("closing with a waiting recommendation was not refused")
		}
		_, _, body = e.get(board, "/ban-thanh-tra/vu-viec?q=duong")
		if !strings.Contains(body, "Đường bê tông nứt") {
			t.Fatal("case list search")
		}
		_, _, body = e.get(anon, "/thanh-tra-nhan-dan")
		if !strings.Contains(body, "Lò Văn Sáng") || !strings.Contains(body, "Ban đã kiến nghị sửa chữa đường.") || strings.Contains(body, "Nông Văn Dũng") || strings.Contains(body, "0912") {
			t.Fatalf("public page: %s", body)
		}
	})
}
