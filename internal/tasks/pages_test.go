package tasks_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"mime/multipart"
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
	"xaso/internal/blob"
	"xaso/internal/calendar"
	"xaso/internal/db"
	"xaso/internal/db/dbtest"
	"xaso/internal/duty"
	"xaso/internal/tasks"
	"xaso/internal/web"
)

const pagePassword = "matkhau123"

// pageEnv is the room mounted on a web shell over a commune with one account per role
// (username = the role); the desk officer's account is the directory's Hà Thị Mai.
type pageEnv struct {
	t   *testing.T
	d   *db.DB
	srv *httptest.Server
	now time.Time
}

func newPageEnv(t *testing.T, d *db.DB) *pageEnv {
	t.Helper()
	ctx := context.Background()
	e := &pageEnv{t: t, d: d, now: time.Date(2025, 9, 15, 9, 0, 0, 0, calendar.Zone)}
	if _, err := d.Exec(ctx, `INSERT INTO communes (id, code, name, province, address, created_at) VALUES ('c1', 'BY', 'Bình Yên', 'Thái Nguyên', '', $1)`, time.Now()); err != nil {
		t.Fatal(err)
	}
	store := auth.NewStore(d, auth.Hasher{Time: 1, Memory: 1024, Threads: 1})
	ids := map[string]string{}
	for _, r := range []auth.Role{auth.Leader, auth.Admin, auth.Desk, auth.Specialist} {
		u, err := store.CreateUser(ctx, "c1", audit.System, auth.NewUser{Username: string(r), FullName: "Người thử " + string(r), Password: pagePassword, Roles: []auth.Role{r}})
		if err != nil {
			t.Fatal(err)
		}
		ids[string(r)] = u.ID
	}
	staff := []tasks.StaffRef{{ID: "s-mai", Name: "Hà Thị Mai", Title: "Công chức tiếp nhận và trả kết quả", Unit: "Bộ phận Một cửa", UserID: ids["desk"]}}
	files, err := blob.NewLocal(t.TempDir(), d, blob.Options{})
	if err != nil {
		t.Fatal(err)
	}
	svc := tasks.New(tasks.Deps{DB: d, Now: func() time.Time { return e.now }, Files: files,
		Staff: func(context.Context, string) ([]tasks.StaffRef, error) { return staff, nil }})
	cat, err := web.NewCatalog(web.Messages, duty.Messages, tasks.Messages)
	if err != nil {
		t.Fatal(err)
	}
	s, err := web.New(web.Config{Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Catalog: cat, Auth: store, Now: func() time.Time { return e.now },
		Tenant: func(ctx context.Context, host string) (*web.Tenant, error) {
			return &web.Tenant{ID: "c1", Code: "BY", Name: "Bình Yên", Province: "Thái Nguyên"}, nil
		}})
	if err != nil {
		t.Fatal(err)
	}
	s.TrackRenders()
	tasks.Mount(s, svc)
	h, err := s.Start()
	if err != nil {
		t.Fatal(err)
	}
	e.srv = httptest.NewServer(h)
	t.Cleanup(e.srv.Close)
	t.Cleanup(func() {
		if t.Failed() {
			return
		}
		for p, seen := range s.Pages() {
			if !seen && strings.HasPrefix(string(p), "tasks/") {
				t.Errorf("page %s never rendered", p)
			}
		}
	})
	return e
}

func (e *pageEnv) client(role string) *http.Client {
	e.t.Helper()
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

func (e *pageEnv) do(c *http.Client, req *http.Request) (int, string, string, string) {
	e.t.Helper()
	resp, err := c.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Location"), resp.Header.Get("Content-Type"), string(b)
}

func (e *pageEnv) get(c *http.Client, path string) (int, string, string) {
	e.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, e.srv.URL+path, nil)
	st, _, ct, body := e.do(c, req)
	e.checkHTML(path, ct, body)
	return st, ct, body
}

// rawKey is a catalogue key shown as itself: a message missing from the catalogue.
var rawKey = regexp.MustCompile(`[>" (]tasks\.[a-z_]+\.[a-z_.]+[<" )]`)

// checkHTML fails on a page that shows a raw key or a formatting mistake.
func (e *pageEnv) checkHTML(path, ct, body string) {
	e.t.Helper()
	if !strings.HasPrefix(ct, "text/html") {
		return
	}
	if strings.Contains(body, "%!") || rawKey.MatchString(body) {
		e.t.Errorf("%s shows %q", path, rawKey.FindString(body)+" "+body[max(0, strings.Index(body, "%!")-40):][:min(80, len(body))])
	}
}

func (e *pageEnv) post(c *http.Client, path string, form url.Values) (int, string, string) {
	e.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	st, loc, ct, body := e.do(c, req)
	e.checkHTML(path, ct, body)
	return st, loc, body
}

// upload posts a multipart form with one file.
func (e *pageEnv) upload(c *http.Client, path string, form url.Values, field, name string, content []byte) (int, string, string) {
	e.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range form {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	fw, _ := mw.CreateFormFile(field, name)
	fw.Write(content)
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	st, loc, ct, body := e.do(c, req)
	e.checkHTML(path, ct, body)
	return st, loc, body
}

var idIn = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)

// The whole path through the pages: the leader loads a CSV (a wrong one first, told line by
// line), reads the plan and its progress, prints it and exports it; the desk officer sees the
// task on the home page, reports progress, adds a link and a file, and marks it done; a
// specialist may read but not report; the admin cancels another task after the confirmation
// page; every page renders.
func TestPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newPageEnv(t, d)
		anon, ldr, adm, desk, sp := e.client(""), e.client("leader"), e.client("admin"), e.client("desk"), e.client("specialist")
		if st, _, _ := e.get(anon, "/ke-hoach"); st != http.StatusSeeOther && st != http.StatusUnauthorized {
			t.Fatalf("anonymous reached the plans: %d", st)
		}
		if st, _, _ := e.get(desk, "/ke-hoach/nap"); st != http.StatusForbidden {
			t.Fatalf("desk reached the load form: %d", st)
		}
		if st, _, body := e.get(ldr, "/ke-hoach/nap"); st != http.StatusOK || !strings.Contains(body, "Người/đơn vị thực hiện") {
			t.Fatalf("load form: %d", st)
		}
		meta := url.Values{"title": {"Kế hoạch triển khai mô hình chính quyền thân thiện"}, "number": {"05/KH-UBND"},
			"from": {"01/08/2025"}, "to": {"31/12/2025"}, "units": {"Trung tâm Phục vụ hành chính công\nCác xóm thuộc xã"}}
		st, _, body := e.upload(ldr, "/ke-hoach/nap", meta, "file", "nhiem-vu.csv", []byte(csvWithMistakes))
		if st != http.StatusUnprocessableEntity || !strings.Contains(body, "Dòng 3") || !strings.Contains(body, "Chưa ghi người hoặc đơn vị thực hiện") ||
			!strings.Contains(body, "Dòng 4") || !strings.Contains(body, "Chưa có dữ liệu nào được ghi") {
			t.Fatalf("wrong file: %d %s", st, body)
		}
		noTitle := url.Values{"from": {"01/08/2025"}, "to": {"31/12/2025"}}
		if st, _, body := e.upload(ldr, "/ke-hoach/nap", noTitle, "file", "nhiem-vu.csv", []byte(csvWithMistakes)); st != http.StatusUnprocessableEntity || !strings.Contains(body, "Chưa ghi tên kế hoạch") {
			t.Fatalf("no title: %d", st)
		}
		fixed := strings.Replace(strings.Replace(csvWithMistakes, ";;31/10/2025", ";Trung tâm Phục vụ hành chính công;31/10/2025", 1), "31/01/2026", "12/2025", 1)
		st, loc, _ := e.upload(ldr, "/ke-hoach/nap", meta, "file", "nhiem-vu.csv", []byte(fixed))
		if st != http.StatusSeeOther || !strings.HasPrefix(loc, "/ke-hoach/") {
			t.Fatalf("load: %d %s", st, loc)
		}
		plan := loc
		st, _, body = e.get(sp, plan)
		if st != http.StatusOK || !strings.Contains(body, "Niêm yết thủ tục") || !strings.Contains(body, "Hà Thị Mai") ||
			!strings.Contains(body, `<progress max="100" value="0"`) || !strings.Contains(body, "Chủ trì: Trung tâm Phục vụ hành chính công") {
			t.Fatalf("plan page: %d", st)
		}
		if strings.Contains(body, "/nhiem-vu/moi") {
			t.Fatal("a specialist is offered to add a task")
		}
		// The desk officer's home card and own list.
		if _, _, body := e.get(desk, "/"); !strings.Contains(body, "nhiệm vụ được giao chưa hoàn thành") {
			t.Fatal("no home card")
		}
		_, _, body = e.get(desk, "/ke-hoach/cua-toi")
		taskURL := ""
		for _, m := range regexp.MustCompile(`href="(/ke-hoach/[0-9a-f-]{36}/nhiem-vu/[0-9a-f-]{36})"`).FindAllStringSubmatch(body, -1) {
			taskURL = m[1]
			break
		}
		if taskURL == "" || !strings.Contains(body, "Niêm yết thủ tục") {
			t.Fatalf("my tasks: %s", body)
		}
		// A specialist reads the task, may not report on it.
		if st, _, body := e.get(sp, taskURL); st != http.StatusOK || strings.Contains(body, "tasks-report-form") {
			t.Fatalf("specialist's task page: %d", st)
		}
		if st, _, _ := e.post(sp, taskURL+"/tien-do", url.Values{"status": {"in_progress"}, "percent": {"10"}, "note": {"x"}}); st != http.StatusForbidden {
			t.Fatalf("specialist reported: %d", st)
		}
		// The owner reports, is refused done without evidence, adds a link and a file, then done.
		if st, _, _ := e.post(desk, taskURL+"/tien-do", url.Values{"status": {"in_progress"}, "percent": {"40"}, "note": {"Đã rà soát danh mục"}}); st != http.StatusSeeOther {
			t.Fatalf("report: %d", st)
		}
		if st, _, body := e.post(desk, taskURL+"/tien-do", url.Values{"status": {"in_progress"}, "percent": {"140"}, "note": {"x"}}); st != http.StatusUnprocessableEntity || !strings.Contains(body, "từ 0 đến 100") {
			t.Fatalf("percent 140: %d", st)
		}
		if st, _, body := e.post(desk, taskURL+"/tien-do", url.Values{"status": {"done"}, "note": {"Xong"}}); st != http.StatusUnprocessableEntity || !strings.Contains(body, "ít nhất một minh chứng") {
			t.Fatalf("done without evidence: %d", st)
		}
		if st, _, body := e.post(desk, taskURL+"/minh-chung", url.Values{"kind": {"disclosure"}, "caption": {"Bảng niêm yết"}, "url": {"https://x.example/"}}); st != http.StatusUnprocessableEntity || !strings.Contains(body, "bắt đầu bằng") {
			t.Fatalf("outside link: %d", st)
		}
		if st, _, _ := e.post(desk, taskURL+"/minh-chung", url.Values{"kind": {"disclosure"}, "caption": {"Bảng niêm yết"}, "url": {"/cong-khai"}}); st != http.StatusSeeOther {
			t.Fatalf("link: %d", st)
		}
		png := append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{7}, 100)...)
		if st, _, body := e.upload(desk, taskURL+"/minh-chung/tep", url.Values{"file_kind": {"other"}, "file_caption": {"Ảnh"}}, "file", "a.txt", []byte("chữ")); st != http.StatusUnprocessableEntity || !strings.Contains(body, "Chỉ nhận tệp PDF") {
			t.Fatalf("text file: %d", st)
		}
		if st, _, _ := e.upload(desk, taskURL+"/minh-chung/tep", url.Values{"file_kind": {"other"}, "file_caption": {"Ảnh bảng niêm yết"}}, "file", "bang.png", png); st != http.StatusSeeOther {
			t.Fatalf("file: %d", st)
		}
		_, _, body = e.get(sp, taskURL)
		fileURL := regexp.MustCompile(`href="(` + regexp.QuoteMeta(taskURL) + `/minh-chung/[^"]+)"`).FindStringSubmatch(body)
		if fileURL == nil || !strings.Contains(body, "Đã rà soát danh mục") || !strings.Contains(body, "/cong-khai") {
			t.Fatalf("task page lacks its evidence or notes")
		}
		if st, ct, got := e.get(sp, fileURL[1]); st != http.StatusOK || ct != "image/png" || got != string(png) {
			t.Fatalf("file: %d %s", st, ct)
		}
		if st, _, _ := e.post(desk, taskURL+"/tien-do", url.Values{"status": {"done"}, "note": {"Đã niêm yết đầy đủ"}}); st != http.StatusSeeOther {
			t.Fatalf("done: %d", st)
		}
		if _, _, body := e.get(desk, taskURL); !strings.Contains(body, "Đã hoàn thành ngày 15/09/2025") {
			t.Fatal("not shown done")
		}
		// The admin cancels the second task after the confirmation page.
		_, _, body = e.get(adm, plan)
		var second string
		for _, m := range regexp.MustCompile(`href="(/ke-hoach/[0-9a-f-]{36}/nhiem-vu/[0-9a-f-]{36})"`).FindAllStringSubmatch(body, -1) {
			if m[1] != taskURL {
				second = m[1]
				break
			}
		}
		if st, _, body := e.get(adm, second+"/huy"); st != http.StatusOK || !strings.Contains(body, "Xác nhận hủy nhiệm vụ") {
			t.Fatalf("confirmation: %d", st)
		}
		if st, _, body := e.post(adm, second+"/huy", url.Values{"confirm": {"1"}, "reason": {""}}); st != http.StatusUnprocessableEntity || !strings.Contains(body, "Chưa ghi lý do") {
			t.Fatalf("no reason: %d", st)
		}
		if st, _, _ := e.post(desk, second+"/huy", url.Values{"confirm": {"1"}, "reason": {"x"}}); st != http.StatusForbidden {
			t.Fatalf("desk cancelled: %d", st)
		}
		if st, _, _ := e.post(adm, second+"/huy", url.Values{"confirm": {"1"}, "reason": {"Gộp vào nhiệm vụ 1"}}); st != http.StatusSeeOther {
			t.Fatalf("cancel: %d", st)
		}
		if _, _, body := e.get(adm, second); !strings.Contains(body, "Gộp vào nhiệm vụ 1") || !strings.Contains(body, "tasks-cancelled") {
			t.Fatal("cancel not shown")
		}
		// The leader edits a task, moves its deadline, adds a task, edits the plan.
		st, _, body = e.get(ldr, plan+"/nhiem-vu/moi")
		if st != http.StatusOK || !strings.Contains(body, "Hà Thị Mai") {
			t.Fatalf("task form: %d", st)
		}
		if st, _, body := e.post(ldr, plan+"/nhiem-vu/moi", url.Values{"section": {"III.1.2"}, "body": {""}, "owner_staff": {"s-mai"}, "owner_unit": {"Bộ phận"}}); st != http.StatusUnprocessableEntity ||
			!strings.Contains(body, "Chưa ghi nội dung nhiệm vụ") || !strings.Contains(body, "không cả hai") {
			t.Fatalf("bad task: %d", st)
		}
		st, loc, _ = e.post(ldr, plan+"/nhiem-vu/moi", url.Values{"section": {"III.2.1"}, "body": {"Hội nghị đối thoại"}, "owner_unit": {"UBND xã"},
			"due_days": {"30"}, "result": {"Hội nghị được tổ chức"}})
		if st != http.StatusSeeOther {
			t.Fatalf("add task: %d", st)
		}
		third := loc
		if st, _, body := e.get(ldr, third+"/sua"); st != http.StatusOK || !strings.Contains(body, "Hội nghị đối thoại") {
			t.Fatalf("edit form: %d", st)
		}
		if st, _, _ := e.post(ldr, third+"/sua", url.Values{"section": {"III.2.1"}, "body": {"Hội nghị đối thoại với Nhân dân"}, "owner_unit": {"UBND xã"},
			"due_on": {"30/11/2025"}, "result": {"Hội nghị được tổ chức"}}); st != http.StatusSeeOther {
			t.Fatalf("edit: %d", st)
		}
		if _, _, body := e.get(ldr, third); !strings.Contains(body, "30/11/2025") {
			t.Fatal("deadline not moved")
		}
		if st, _, body := e.get(ldr, plan+"/sua"); st != http.StatusOK || !strings.Contains(body, "III.1.2") {
			t.Fatalf("plan form: %d", st)
		}
		if st, _, body := e.post(ldr, plan+"/sua", url.Values{"title": {"Kế hoạch mới tên"}, "from": {"01/08/2025"}, "to": {"31/12/2025"}, "sections": {"III.1.2 Thủ tục"}}); st != http.StatusUnprocessableEntity || !strings.Contains(body, "Không bỏ được mục đang có nhiệm vụ") {
			t.Fatalf("plan edit dropping a section: %d", st)
		}
		if st, _, _ := e.post(ldr, plan+"/sua", url.Values{"title": {"Kế hoạch mới tên"}, "number": {"05/KH-UBND"}, "from": {"01/08/2025"}, "to": {"31/12/2025"},
			"sections": {"III.1.2 Thủ tục hành chính\nIII.2.1 Tuyên truyền"}, "targets": {"CT1 Không có hồ sơ trễ hạn"}}); st != http.StatusSeeOther {
			t.Fatalf("plan edit: %d", st)
		}
		// A plan typed in the form.
		if st, _, _ := e.get(ldr, "/ke-hoach/moi"); st != http.StatusOK {
			t.Fatalf("new plan form: %d", st)
		}
		if st, _, body := e.post(ldr, "/ke-hoach/moi", url.Values{"title": {"Kế hoạch B"}, "from": {"01/01/2026"}, "to": {"01/01/2025"}, "sections": {"I Chung"}}); st != http.StatusUnprocessableEntity || !strings.Contains(body, "Ngày kết thúc") {
			t.Fatalf("bad plan: %d", st)
		}
		if st, _, _ := e.post(ldr, "/ke-hoach/moi", url.Values{"title": {"Kế hoạch B"}, "from": {"01/01/2026"}, "to": {"31/12/2026"}, "sections": {"I Chung"}}); st != http.StatusSeeOther {
			t.Fatalf("new plan: %d", st)
		}
		// The lists, the filters, the printable and the export.
		if st, _, body := e.get(sp, "/ke-hoach"); st != http.StatusOK || !strings.Contains(body, "Có 2 kế hoạch") || !strings.Contains(body, "Kế hoạch mới tên") {
			t.Fatalf("plans: %d", st)
		}
		if st, _, body := e.get(sp, plan+"?trang-thai=done"); st != http.StatusOK || !strings.Contains(body, "1 nhiệm vụ.") {
			t.Fatalf("filter: %d", st)
		}
		st, ct, pdf := e.get(sp, plan+"/in")
		if st != http.StatusOK || ct != "application/pdf" || !strings.HasPrefix(pdf, "%PDF") {
			t.Fatalf("pdf: %d %s", st, ct)
		}
		st, ct, csvBody := e.get(sp, plan+"/xuat.csv")
		if st != http.StatusOK || !strings.HasPrefix(ct, "text/csv") || !strings.HasPrefix(csvBody, "\ufeffSTT,Mục,Tên mục,Nhiệm vụ") ||
			!strings.Contains(csvBody, "Hoàn thành") || !strings.Contains(csvBody, "Đã hủy") || strings.Count(csvBody, "\n") != 5 {
			t.Fatalf("csv: %d %s\n%s", st, ct, csvBody)
		}
		// The export loads back as a new plan.
		if st, _, body := e.upload(ldr, "/ke-hoach/nap", meta, "file", "ke-hoach-nhiem-vu.csv", []byte(csvBody)); st != http.StatusSeeOther {
			t.Fatalf("export does not load back: %d %s", st, body)
		}
		st, _, sample := e.get(ldr, "/ke-hoach/nap/mau.csv")
		if st != http.StatusOK {
			t.Fatalf("sample: %d", st)
		}
		if st, _, body := e.upload(ldr, "/ke-hoach/nap", meta, "file", "mau-nhiem-vu.csv", []byte(sample)); st != http.StatusSeeOther {
			t.Fatalf("the sample does not load: %d %s", st, body)
		}
		// A JSON plan.
		if st, _, body := e.upload(ldr, "/ke-hoach/nap", nil, "file", "ke-hoach.json", []byte(strings.Replace(goodJSONPlan, "2026", "2025", -1))); st != http.StatusSeeOther {
			t.Fatalf("json: %d %s", st, body)
		}
		// Reopen from the task page.
		if st, _, _ := e.post(ldr, taskURL+"/mo-lai", url.Values{"reason": {"Thiếu thủ tục mới"}}); st != http.StatusSeeOther {
			t.Fatalf("reopen: %d", st)
		}
		// An unknown or another plan's task is not found.
		if st, _, _ := e.get(sp, plan+"/nhiem-vu/"+idIn.FindString(plan)); st != http.StatusNotFound {
			t.Fatalf("unknown task: %d", st)
		}
	})
}

const goodJSONPlan = `{
  "format": "xaso.plan/1",
  "title": "Kế hoạch cải cách hành chính năm 2026",
  "period": {"from": "2026-08-01", "to": "2026-12-31"},
  "sections": [{"code": "II.1", "title": "Cải cách thủ tục hành chính"}],
  "tasks": [{"section": "II.1", "task": "Niêm yết thủ tục", "owner": "Hà Thị Mai", "deadline": "12/2026", "result": "Niêm yết đủ"}]
}`
