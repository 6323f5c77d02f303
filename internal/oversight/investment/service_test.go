package investment_test

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
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"xaso/internal/audit"
	"xaso/internal/auth"
	"xaso/internal/blob"
	"xaso/internal/calendar"
	"xaso/internal/commune"
	"xaso/internal/db"
	"xaso/internal/db/dbtest"
	"xaso/internal/duty"
	"xaso/internal/errs"
	"xaso/internal/oversight"
	"xaso/internal/oversight/investment"
	"xaso/internal/web"
)

const password = "matkhau123"

var leader = audit.Actor{ID: "u-leader", Name: "Ma Văn Hùng"}

// env is a commune with two hamlets on Monday 7 December 2026 at 9:00, the room's pages on a
// web shell with the shared recommendations, and accounts: leader, specialist, front, desk,
// and two board members' accounts (member, outsider) with the investmentwatch role.
type env struct {
	t       *testing.T
	ctx     context.Context
	d       *db.DB
	now     time.Time
	cid     string
	hamlets []string
	svc     *investment.Service
	store   *auth.Store
	srv     *httptest.Server
}

func newEnv(t *testing.T, d *db.DB) *env {
	e := &env{t: t, ctx: context.Background(), d: d, now: time.Date(2026, 12, 7, 9, 0, 0, 0, calendar.Zone)}
	d.Clock = func() time.Time { return e.now }
	var c commune.Commune
	if err := d.Tx(e.ctx, func(tx *db.Tx) error {
		var err error
		c, err = commune.CreateCommune(e.ctx, tx, commune.Commune{Code: "BY", Name: "Bình Yên", Province: "Thái Nguyên", AgencyCode: "000.00.12.H55"})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	e.cid = c.ID
	st := commune.New(d)
	for i, n := range []string{"Đồng Tâm", "Nà Pồng"} {
		h, err := st.CreateHamlet(e.ctx, c.ID, leader, commune.Hamlet{Name: n, SortOrder: i})
		if err != nil {
			t.Fatal(err)
		}
		e.hamlets = append(e.hamlets, h.ID)
	}
	e.store = auth.NewStore(d, auth.Hasher{Time: 1, Memory: 1024, Threads: 1})
	for name, r := range map[string]auth.Role{"leader": auth.Leader, "specialist": auth.Specialist, "front": auth.Front, "desk": auth.Desk,
		"member": auth.InvestmentWatch, "outsider": auth.InvestmentWatch} {
		if _, err := e.store.CreateUser(e.ctx, e.cid, audit.System, auth.NewUser{Username: name, FullName: "Người thử " + name, Password: password, Roles: []auth.Role{r}}); err != nil {
			t.Fatal(err)
		}
	}
	files, err := blob.NewLocal(filepath.Join(t.TempDir(), "blobs"), d, blob.Options{})
	if err != nil {
		t.Fatal(err)
	}
	clock := func() time.Time { return e.now }
	e.svc = investment.New(investment.Deps{DB: d, Accounts: e.store, Files: files, Now: clock})
	cat, err := web.NewCatalog(web.Messages, duty.Messages, oversight.RecMessages, investment.Messages)
	if err != nil {
		t.Fatal(err)
	}
	s, err := web.New(web.Config{Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Catalog: cat, Auth: e.store, Now: clock,
		Tenant: func(ctx context.Context, host string) (*web.Tenant, error) {
			return &web.Tenant{ID: e.cid, Code: "BY", Name: "Bình Yên"}, nil
		}})
	if err != nil {
		t.Fatal(err)
	}
	investment.Mount(s, e.svc)
	oversight.MountRecommendations(s, oversight.NewRecommendations(oversight.RecDeps{DB: d, Now: clock}))
	h, err := s.Start()
	if err != nil {
		t.Fatal(err)
	}
	e.srv = httptest.NewServer(h)
	t.Cleanup(e.srv.Close)
	return e
}

func (e *env) client(user string) *http.Client {
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	if user == "" {
		return c
	}
	resp, err := c.PostForm(e.srv.URL+"/dang-nhap", url.Values{"username": {user}, "password": {password}})
	if err != nil {
		e.t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		e.t.Fatalf("sign in %s: %d", user, resp.StatusCode)
	}
	return c
}

func (e *env) get(c *http.Client, path string) (int, string, string) {
	e.t.Helper()
	resp, err := c.Get(e.srv.URL + path)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Content-Type"), string(b)
}

func (e *env) post(c *http.Client, path string, form url.Values) (int, string, string) {
	e.t.Helper()
	resp, err := c.PostForm(e.srv.URL+path, form)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Location"), string(b)
}

// pngBytes is the smallest file the store sniffs as a PNG.
var pngBytes = append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), bytes.Repeat([]byte{0}, 64)...)

func (e *env) postVisit(c *http.Client, path string, form url.Values, photo []byte) (int, string, string) {
	e.t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	for k, vs := range form {
		for _, v := range vs {
			w.WriteField(k, v)
		}
	}
	if photo != nil {
		fw, _ := w.CreateFormFile("photos", "hien-truong.png")
		fw.Write(photo)
	}
	w.Close()
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+path, &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	resp, err := c.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Location"), string(b)
}

func (e *env) count(q string, args ...any) int {
	e.t.Helper()
	var n int
	if err := e.d.QueryRow(e.ctx, q, args...).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}

func must(t *testing.T, got int, want int, what string) {
	t.Helper()
	if got != want {
		t.Fatalf("%s: %d, want %d", what, got, want)
	}
}

var idRe = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f-]{27}`)

// The whole room through its pages on both engines: the leader registers a project with its
// sources (money typed the Vietnamese way) and parties; the Front sets up its board (the
// 45-day duty opens), adds members within the caps (a 6th resident and a 3rd deputy are
// refused), sees a member whose name matches the contractor flagged, and notifies the
// investor (late, shown); the coverage reaches 100 %; a board member saves a visit as a draft
// with a photo, then submits it with a problem and its findings, and recommends a suspension
// through the shared recommendations (15 days, public); someone not on the board cannot;
// residents see the project, the board, the findings and the recommendation; the report
// prints; the project done dissolves the board.
func TestInvestmentThroughPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		anon, lead, front, member, outsider, desk := e.client(""), e.client("leader"), e.client("front"), e.client("member"), e.client("outsider"), e.client("desk")
		if st, _, _ := e.get(desk, "/du-an"); st != http.StatusForbidden {
			t.Fatalf("desk read the registry: %d", st)
		}
		if st, _, _ := e.post(front, "/du-an/moi", url.Values{}); st != http.StatusForbidden {
			t.Fatalf("the Front kept the registry: %d", st)
		}
		form := url.Values{"kind": {"residents"}, "name": {"Bê tông hóa đường xóm Đồng Tâm"}, "investor": {""}, "decision_maker": {"Ma Văn Hùng"},
			"status": {"building"}, "progress": {"30"}, "start_on": {"01/11/2026"}, "end_on": {"30/06/2027"}, "hamlets": {e.hamlets[0]}}
		st, _, body := e.post(lead, "/du-an/moi", form)
		if st != http.StatusUnprocessableEntity || !strings.Contains(body, "Xin điền mục này.") || !strings.Contains(body, "Bê tông hóa đường xóm Đồng Tâm") {
			t.Fatalf("project without investor: %d", st)
		}
		form.Set("investor", "UBND xã Bình Yên")
		st, loc, _ := e.post(lead, "/du-an/moi", form)
		if st != http.StatusSeeOther || !strings.HasPrefix(loc, "/du-an/") {
			t.Fatalf("create project: %d %s", st, loc)
		}
		project := loc
		pid := idRe.FindString(project)
		if st, _, body := e.post(lead, project+"/nguon", url.Values{"source": {"Ngân sách xã"}, "amount": {"1,2 tỷ"}}); st != http.StatusUnprocessableEntity || !strings.Contains(body, "Số tiền không hợp lệ") {
			t.Fatalf("bad amount: %d", st)
		}
		for _, f := range []url.Values{{"source": {"Ngân sách xã"}, "amount": {"1.200.000.000"}}, {"source": {"Nhân dân đóng góp"}, "amount": {"300 000 000 đồng"}, "residents": {"1"}}} {
			if st, _, _ := e.post(lead, project+"/nguon", f); st != http.StatusSeeOther {
				t.Fatalf("source: %d", st)
			}
		}
		if st, _, _ := e.post(lead, project+"/ben", url.Values{"party_role": {"contractor"}, "party_name": {"Công ty TNHH Xây dựng Nguyễn Văn An"}}); st != http.StatusSeeOther {
			t.Fatalf("party: %d", st)
		}
		if st, _, _ := e.post(lead, project+"/cong-khai", url.Values{"item": {"Phương án bồi thường, hỗ trợ, tái định cư"}, "due_on": {"01/12/2026"}}); st != http.StatusSeeOther {
			t.Fatalf("disclosure: %d", st)
		}
		_, _, body = e.get(lead, project)
		for _, want := range []string{"1.500.000.000", "300.000.000", "Nhà thầu thi công: Công ty TNHH Xây dựng Nguyễn Văn An", "Quá hạn", "Chưa có Ban giám sát"} {
			if !strings.Contains(body, want) {
				t.Errorf("project page lacks %q", want)
			}
		}
		if c, _ := e.svc.Coverage(e.ctx, e.cid); c.Need != 1 || c.With != 0 {
			t.Fatalf("coverage before a board: %+v", c)
		}

		// The Front sets up the board; supervision starts 1 February 2027: notice due 18 December.
		if st, _, _ := e.post(lead, project+"/ban", url.Values{"set_up_on": {"07/12/2026"}}); st != http.StatusForbidden {
			t.Fatalf("the leader set up a board: %d", st)
		}
		if st, _, _ := e.post(front, project+"/ban", url.Values{"set_up_on": {"07/12/2026"}, "supervision_from": {"01/02/2027"}, "plan": {"Giám sát chất lượng bê tông"}}); st != http.StatusSeeOther {
			t.Fatalf("set up: %d", st)
		}
		b, ok, err := e.svc.BoardOf(e.ctx, e.cid, pid)
		if err != nil || !ok || b.SetUpBy != investment.DefaultSetUpBy {
			t.Fatalf("board: %+v %v %v", b, ok, err)
		}
		dt, err := duty.NewStore(d).Get(e.ctx, e.cid, "investment", b.ID, investment.DutyNotice)
		if err != nil || !dt.Open || calendar.DateOf(dt.DueAt) != calendar.NewDate(2026, 12, 18) || dt.Owner.Role != "front" {
			t.Fatalf("notice duty: %+v %v", dt, err)
		}
		add := func(name, origin, position, username string) (int, string) {
			st, _, body := e.post(front, project+"/ban/thanh-vien", url.Values{"member_name": {name}, "origin": {origin}, "position": {position},
				"hamlet": {e.hamlets[0]}, "username": {username}, "declared": {"1"}})
			return st, body
		}
		for _, m := range [][4]string{{"Hà Thị Mai", "front", "head", ""}, {"Lò Văn Sáng", "inspection", "deputy", "member"},
			{"Nông Văn Bình", "resident", "deputy", ""}, {"Nguyễn Văn An", "resident", "member", ""}, {"Hoàng Thị Lan", "resident", "member", ""}} {
			if st, body := add(m[0], m[1], m[2], m[3]); st != http.StatusSeeOther {
				t.Fatalf("add %s: %d %s", m[0], st, body)
			}
		}
		if st, body := add("Triệu Văn Tài", "front", "deputy", ""); st != http.StatusUnprocessableEntity || !strings.Contains(body, "Ban đã có đủ 2 Phó Trưởng ban.") {
			t.Fatalf("a third deputy: %d", st)
		}
		if st, body := add("Bế Văn Năm", "front", "head", ""); st != http.StatusUnprocessableEntity || !strings.Contains(body, "Ban đã có Trưởng ban.") {
			t.Fatalf("a second head: %d", st)
		}
		if st, body := add("Ma Văn Tư", "resident", "member", "khong-co"); st != http.StatusUnprocessableEntity || !strings.Contains(body, "Không có tài khoản này.") {
			t.Fatalf("unknown account: %d", st)
		}
		for _, n := range []string{"Ma Thị Sáu", "Ma Văn Bảy"} {
			add(n, "resident", "member", "")
		}
		if st, body := add("Hà Văn Tám", "resident", "member", ""); st != http.StatusUnprocessableEntity || !strings.Contains(body, "Ban đã có đủ 5 đại diện Nhân dân.") {
			t.Fatalf("a sixth resident: %d", st)
		}
		_, _, body = e.get(front, project+"/ban")
		for _, want := range []string{"Trùng tên với: Công ty TNHH Xây dựng Nguyễn Văn An", "Đã có Ban đủ thành phần", "hạn cuối ngày 18/12/2026", "Có tài khoản"} {
			if !strings.Contains(body, want) {
				t.Errorf("board page lacks %q", want)
			}
		}
		if c, _ := e.svc.Coverage(e.ctx, e.cid); c.Need != 1 || c.With != 1 {
			t.Fatalf("coverage with a board: %+v", c)
		}
		// Notified on 21 December: three days late, shown; the duty closes.
		e.now = time.Date(2026, 12, 21, 9, 0, 0, 0, calendar.Zone)
		if st, _, body := e.post(front, project+"/ban/thong-bao", url.Values{"notified_on": {"21/12/2026"}}); st != http.StatusSeeOther {
			t.Fatalf("notice: %d %s", st, body)
		}
		if dt, _ := duty.NewStore(d).Get(e.ctx, e.cid, "investment", b.ID, investment.DutyNotice); dt.Open {
			t.Error("the notice duty stayed open")
		}
		if _, _, body := e.get(front, project+"/ban"); !strings.Contains(body, "Thông báo muộn so với thời hạn 45 ngày") {
			t.Error("a late notice is not shown")
		}

		// A visit: only the member with an account may record it.
		if st, _, _ := e.get(outsider, project+"/giam-sat/moi"); st != http.StatusForbidden {
			t.Fatalf("an outsider opened the visit form: %d", st)
		}
		st, _, body = e.get(member, project+"/giam-sat/moi")
		if st != http.StatusOK || !strings.Contains(body, `data-draft-key="xaso-giam-sat:`+pid+`:moi"`) || !strings.Contains(body, "Định mức vật tư, chủng loại vật tư") ||
			!strings.Contains(body, investment.ScriptURL()) {
			t.Fatalf("visit form: %d", st)
		}
		visit := url.Values{"visited_on": {"21/12/2026"}, "place": {"Đoạn đầu xóm"}, "check_materials": {"problem"}, "note_materials": {"Xi măng không đúng chủng loại"},
			"check_progress": {"ok"}, "notes": {"Ghi dở"}, "photo_time": {"2026-12-21T08:30"}, "photo_place": {"Km 0+200"}, "action": {"draft"}}
		st, loc, body = e.postVisit(member, project+"/giam-sat/moi", visit, pngBytes)
		if st != http.StatusSeeOther || !strings.HasSuffix(loc, "?da-luu=1") {
			t.Fatalf("draft: %d %s %s", st, loc, body)
		}
		vpage := strings.TrimSuffix(loc, "?da-luu=1")
		_, _, body = e.get(member, loc)
		if !strings.Contains(body, `data-draft-saved="1"`) || !strings.Contains(body, "Xi măng không đúng chủng loại") || !strings.Contains(body, "Đã có 1 ảnh.") {
			t.Fatalf("the draft page does not show the draft")
		}
		if st, _, _ := e.get(outsider, vpage); st != http.StatusNotFound {
			t.Fatalf("an outsider read the draft: %d", st)
		}
		visit.Set("action", "submit")
		if st, _, body := e.postVisit(member, vpage, visit, nil); st != http.StatusUnprocessableEntity || !strings.Contains(body, "Có nội dung có vấn đề: xin ghi kết quả, phát hiện.") {
			t.Fatalf("submit without findings: %d", st)
		}
		visit.Set("findings", "Vật tư không đúng hồ sơ thiết kế")
		if st, _, _ := e.postVisit(member, vpage, visit, nil); st != http.StatusSeeOther {
			t.Fatalf("submit: %d", st)
		}
		if st, _, _ := e.postVisit(member, vpage, visit, nil); st != http.StatusSeeOther {
			// a submitted visit is read only: the refusal is flashed back on its page
			t.Fatalf("second submit: %d", st)
		}
		_, _, body = e.get(front, vpage)
		if !strings.Contains(body, "Vật tư không đúng hồ sơ thiết kế") || !strings.Contains(body, "Đã gửi") || strings.Contains(body, "<form method=\"post\" action=\""+vpage) {
			t.Fatal("the Front does not see the submitted visit read only")
		}
		v, err := e.svc.Visit(e.ctx, e.cid, vpage[strings.LastIndex(vpage, "/")+1:])
		if err != nil || v.Status != investment.Submitted || v.Problems != 1 || len(v.Photos) != 1 || v.Photos[0].Place != "Km 0+200" {
			t.Fatalf("visit: %+v %v", v, err)
		}
		if st, ct, _ := e.get(front, vpage+"/anh/"+v.Photos[0].SHA256); st != http.StatusOK || ct != "image/png" {
			t.Fatalf("photo: %d %s", st, ct)
		}

		// A recommendation to suspend, through the shared recommendations.
		rec := url.Values{"rec_title": {"Tạm dừng đổ bê tông"}, "rec_text": {"Đề nghị tạm dừng cho đến khi thay vật tư đúng thiết kế."}, "rec_to": {"investor"},
			"rec_sent_on": {"21/12/2026"}, "rec_suspend": {"1"}}
		if st, _, _ := e.post(outsider, project+"/kien-nghi", rec); st != http.StatusForbidden {
			t.Fatalf("an outsider recommended: %d", st)
		}
		st, loc, _ = e.post(member, project+"/kien-nghi", rec)
		if st != http.StatusSeeOther || !strings.HasPrefix(loc, "/kien-nghi/") {
			t.Fatalf("recommend: %d %s", st, loc)
		}
		recs, n, err := e.svc.Recommendations(e.ctx, e.cid, pid, 10, 0)
		if err != nil || n != 1 || !recs[0].Suspend || recs[0].BoardID != b.ID || recs[0].DueOn != calendar.NewDate(2027, 1, 5) {
			t.Fatalf("recommendations: %+v %d %v", recs, n, err)
		}

		// Residents see the project, its board, findings and the recommendation's public page.
		_, _, body = e.get(anon, "/giam-sat-dau-tu")
		if !strings.Contains(body, "Bê tông hóa đường xóm Đồng Tâm") || !strings.Contains(body, "1/1 dự án") {
			t.Error("public list")
		}
		_, _, body = e.get(anon, "/giam-sat-dau-tu/"+pid)
		for _, want := range []string{"Hà Thị Mai: Trưởng ban", "Vật tư không đúng hồ sơ thiết kế", recs[0].PublicURL(), "Đề nghị tạm dừng"} {
			if !strings.Contains(body, want) {
				t.Errorf("public project lacks %q", want)
			}
		}
		if strings.Contains(body, "Ghi dở") && strings.Contains(body, "0912") {
			t.Error("the public page shows private notes")
		}

		// The report to the Front.
		if st, ct, pdf := e.get(front, project+"/ban/bao-cao.pdf?ky=quy&nam=2026&so=4"); st != http.StatusOK || ct != "application/pdf" || !strings.HasPrefix(pdf, "%PDF") {
			t.Fatalf("report: %d %s", st, ct)
		}
		if st, _, _ := e.get(front, project+"/ban/bao-cao.pdf?ky=quy&nam=2026&so=7"); st != http.StatusUnprocessableEntity && st != http.StatusBadRequest {
			t.Errorf("bad period: %d", st)
		}
		if st, _, _ := e.get(front, project+"/ban/bao-cao"); st != http.StatusOK {
			t.Errorf("report page: %d", st)
		}

		// Done: the board is dissolved in the same transaction.
		form.Set("status", "done")
		form.Set("progress", "100")
		if st, _, _ := e.post(lead, project+"/sua", form); st != http.StatusSeeOther {
			t.Fatalf("done: %d", st)
		}
		if b, _, _ := e.svc.BoardOf(e.ctx, e.cid, pid); !b.Dissolved() {
			t.Error("the board was not dissolved")
		}
		if c, _ := e.svc.Coverage(e.ctx, e.cid); c.Need != 0 {
			t.Errorf("a done project still needs a board: %+v", c)
		}
		if st, _, _ := e.postVisit(member, project+"/giam-sat/moi", visit, nil); st != http.StatusSeeOther {
			t.Errorf("a visit after dissolution: %d (refusal flashed)", st)
		}
		must(t, e.count(`SELECT COUNT(*) FROM investment_visits WHERE commune_id = $1`, e.cid), 1, "visits")
		must(t, e.count(`SELECT COUNT(*) FROM audit_log WHERE commune_id = $1 AND action = 'investment.board.dissolve'`, e.cid), 1, "dissolution audited")
		must(t, e.count(`SELECT COUNT(*) FROM outbox WHERE commune_id = $1 AND topic = $2`, e.cid, investment.TopicVisitSubmitted), 1, "submitted event")
	})
}

// The service refuses what the pages cannot send.
func TestServiceRules(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		p, err := e.svc.CreateProject(e.ctx, e.cid, leader, investment.ProjectInput{Kind: "ppp", Name: "Chợ xã", Investor: "Công ty CP Chợ", Status: "preparing"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.CreateProject(e.ctx, e.cid, leader, investment.ProjectInput{Kind: "other", Name: "X", Investor: "Y", Status: "preparing", Progress: "120"}); err == nil {
			t.Fatal("bad kind and progress accepted")
		} else if fe, _ := errs.Fields(err); fe["kind"] == "" || fe["progress"] == "" {
			t.Fatalf("field errors %v", fe)
		}
		if _, err := e.svc.RecordNotice(e.ctx, e.cid, leader, p.ID, "07/12/2026"); errs.KindOf(err) != errs.NotFound {
			t.Fatalf("notice without a board: %v", err)
		}
		if _, err := e.svc.SetUpBoard(e.ctx, e.cid, leader, p.ID, investment.BoardInput{SetUpOn: "07/12/2026"}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.SetUpBoard(e.ctx, e.cid, leader, p.ID, investment.BoardInput{SetUpOn: "07/12/2026"}); errs.KindOf(err) != errs.Conflict {
			t.Fatalf("a second board: %v", err)
		}
		if _, err := e.svc.RecordNotice(e.ctx, e.cid, leader, p.ID, "07/12/2026"); errs.KindOf(err) != errs.Conflict {
			t.Fatalf("notice without a start day: %v", err)
		}
		if _, err := e.svc.UpdateBoard(e.ctx, e.cid, leader, p.ID, investment.BoardInput{SetUpOn: "07/12/2026", SupervisionFrom: "01/03/2027"}); err != nil {
			t.Fatal(err)
		}
		// An incomplete board cannot be notified to the investor.
		if _, err := e.svc.RecordNotice(e.ctx, e.cid, leader, p.ID, "07/12/2026"); errs.KindOf(err) != errs.Conflict {
			t.Fatalf("notice of an incomplete board: %v", err)
		}
		if _, err := e.svc.AddMember(e.ctx, e.cid, leader, p.ID, investment.MemberInput{Name: "Lò Thị Hoa", Origin: "resident", Position: "member"}); err == nil {
			t.Fatal("a residents' representative without a hamlet")
		}
		// A residents' representative is elected in a hamlet of the project (Art. 41.2).
		if len(e.hamlets) < 2 {
			t.Fatalf("hamlets %v", e.hamlets)
		}
		road, err := e.svc.CreateProject(e.ctx, e.cid, leader, investment.ProjectInput{Kind: "residents", Name: "Đường xóm", Investor: "UBND xã",
			Status: "preparing", HamletIDs: []string{e.hamlets[0]}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.SetUpBoard(e.ctx, e.cid, leader, road.ID, investment.BoardInput{SetUpOn: "07/12/2026"}); err != nil {
			t.Fatal(err)
		}
		_, err = e.svc.AddMember(e.ctx, e.cid, leader, road.ID, investment.MemberInput{Name: "Lò Thị Hoa", Origin: "resident", Position: "member", HamletID: e.hamlets[1]})
		if fe, _ := errs.Fields(err); fe["hamlet"] != "investment.err.hamlet_outside" {
			t.Fatalf("a representative of a hamlet outside the project: %v", err)
		}
		if _, err := e.svc.AddMember(e.ctx, e.cid, leader, road.ID, investment.MemberInput{Name: "Lò Thị Hoa", Origin: "resident", Position: "member", HamletID: e.hamlets[0]}); err != nil {
			t.Fatalf("a representative of the project's hamlet: %v", err)
		}
		// An item the investor must disclose is a duty until it is disclosed.
		if err := e.svc.AddDisclosure(e.ctx, e.cid, leader, road.ID, investment.DisclosureInput{Item: "Dự toán công trình", DueOn: "15/12/2026"}); err != nil {
			t.Fatal(err)
		}
		open := func() []duty.Duty {
			all, _, err := duty.NewStore(d).List(e.ctx, e.cid, duty.Filter{Room: "investment", Limit: 500}, time.Now())
			if err != nil {
				t.Fatal(err)
			}
			var ds []duty.Duty
			for _, x := range all {
				if x.Kind == investment.DutyDisclose {
					ds = append(ds, x)
				}
			}
			return ds
		}
		ds := open()
		if len(ds) != 1 || !strings.Contains(ds[0].Label, "Dự toán công trình") || ds[0].Owner.Name != "UBND xã" ||
			calendar.DateOf(ds[0].DueAt) != calendar.NewDate(2026, 12, 15) {
			t.Fatalf("disclosure duties %+v", ds)
		}
		parts, err := e.svc.Parts(e.ctx, e.cid, road.ID)
		if err != nil || len(parts.Disclosures) != 1 {
			t.Fatalf("parts %+v %v", parts, err)
		}
		if err := e.svc.MarkDisclosed(e.ctx, e.cid, leader, road.ID, parts.Disclosures[0].ID, "07/12/2026"); err != nil {
			t.Fatal(err)
		}
		if ds := open(); len(ds) != 0 {
			t.Fatalf("a disclosed item still owed: %+v", ds)
		}
		// Another commune sees nothing of this one.
		if _, err := e.svc.Project(e.ctx, "khac", p.ID); errs.KindOf(err) != errs.NotFound {
			t.Fatalf("another commune: %v", err)
		}
		if _, err := e.svc.SaveVisit(e.ctx, e.cid, audit.Actor{ID: "nobody"}, p.ID, "", investment.VisitInput{}); errs.KindOf(err) != errs.Forbidden {
			t.Fatalf("a visit by a non-member: %v", err)
		}
	})
}
