package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"xaso/internal/auth"
	"xaso/internal/db"
	"xaso/internal/db/dbtest"
)

// pngBytes is the smallest file the scan check takes as a PNG.
var pngBytes = append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{0}, 64)...)

// postMultipart sends a petition form with an optional attachment.
func (f *fixture) postMultipart(c *http.Client, path string, form url.Values, file []byte) (int, string, string) {
	f.t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	for k, vs := range form {
		for _, v := range vs {
			w.WriteField(k, v)
		}
	}
	if file != nil {
		fw, _ := w.CreateFormFile("files", "anh-hien-truong.png")
		fw.Write(file)
	}
	w.Close()
	req, _ := http.NewRequest(http.MethodPost, f.srv.URL+path, &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	resp, err := c.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Location"), string(b)
}

func (f *fixture) userID(name string) string {
	f.t.Helper()
	u, err := f.a.Auth.UserByName(context.Background(), f.commune.ID, name)
	if err != nil {
		f.t.Fatal(err)
	}
	return u.ID
}

var numberRe = regexp.MustCompile(`DT-\d{4}-\d{5}`)

// A resident reports from the public form; the desk accepts, the leader assigns, the
// specialist answers and the desk closes; the answer is public, the resident finds it by
// number and phone digits, and the written answer prints.
func TestPetitionFromPortalToPublicAnswer(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		anon := f.client("")
		if status, body := f.do(anon, "GET", "/phan-anh", nil); status != 200 || !strings.Contains(body, `enctype="multipart/form-data"`) {
			t.Fatalf("form: %d", status)
		}
		form := url.Values{"kind": {"report"}, "topic": {"giao-thong"}, "content": {""}, "name": {"Đinh Thị Lan"}, "phone": {"0913 456 789"}, "publish": {"1"}}
		status, _, body := f.postMultipart(anon, "/phan-anh", form, nil)
		if status != http.StatusUnprocessableEntity || !strings.Contains(body, "Xin viết nội dung") || !strings.Contains(body, "Đinh Thị Lan") {
			t.Fatalf("empty content: %d, kept values and error shown? %v", status, strings.Contains(body, "Đinh Thị Lan"))
		}
		form.Set("content", "Cống thoát nước đầu xóm Đồng Tâm bị sập, xe máy đi qua rất nguy hiểm. Chị Lan, 0913456789.")
		status, loc, _ := f.postMultipart(anon, "/phan-anh", form, pngBytes)
		if status != http.StatusSeeOther || !strings.HasPrefix(loc, "/phan-anh/da-gui/DT-") {
			t.Fatalf("submit: %d %q", status, loc)
		}
		number := strings.TrimPrefix(loc, "/phan-anh/da-gui/")
		if status, body := f.do(anon, "GET", loc, nil); status != 200 || !strings.Contains(body, number) || strings.Contains(body, "Đinh Thị Lan") {
			t.Fatalf("sent page: %d", status)
		}
		desk, leader, spec := f.client(auth.Desk), f.client(auth.Leader), f.client(auth.Specialist)
		if status, body := f.do(desk, "GET", "/don-thu", nil); status != 200 || !strings.Contains(body, number) {
			t.Fatalf("staff list: %d", status)
		}
		if status, body := f.do(desk, "GET", "/don-thu/"+number, nil); status != 200 || !strings.Contains(body, "anh-hien-truong.png") {
			t.Fatalf("detail: %d", status)
		}
		if status, _ := f.do(desk, "GET", "/don-thu/"+number+"/tep/1", nil); status != 200 {
			t.Fatalf("attachment: %d", status)
		}
		act := func(c *http.Client, who string, v url.Values) {
			t.Helper()
			if status, body := f.do(c, "POST", "/don-thu/"+number+"/xu-ly", v); status != http.StatusSeeOther {
				t.Fatalf("%s %s: %d %s", who, v.Get("action"), status, errorText(body))
			}
		}
		act(desk, "desk", url.Values{"action": {"accept"}})
		act(leader, "leader", url.Values{"action": {"assign"}, "handler": {f.userID("u-specialist")}})
		if status, _ := f.do(desk, "POST", "/don-thu/"+number+"/xu-ly", url.Values{"action": {"answer"}, "text": {"x"}}); status != http.StatusForbidden {
			t.Fatalf("the desk answered for the handler: %d", status)
		}
		if status, body := f.do(spec, "POST", "/don-thu/"+number+"/xu-ly", url.Values{"action": {"answer"}, "text": {""}}); status != http.StatusUnprocessableEntity || !strings.Contains(body, "Xin ghi nội dung") {
			t.Fatalf("empty answer: %d", status)
		}
		act(spec, "specialist", url.Values{"action": {"answer"}, "text": {"Ngày 10/3/2026 xã đã cho sửa lại cống và đặt biển cảnh báo."}, "answer_number": {"25/TB-UBND"}})
		act(desk, "desk", url.Values{"action": {"close"}})
		status, body = f.do(anon, "GET", "/xa-tra-loi?q=cong+thoat+nuoc", nil)
		if status != 200 || !strings.Contains(body, "sửa lại cống") || strings.Contains(body, "Lan") || strings.Contains(body, "0913456789") {
			t.Fatalf("public answers: %d, personal data shown? %v", status, strings.Contains(body, "Lan"))
		}
		if status, body := f.do(anon, "GET", "/xa-tra-loi/"+number, nil); status != 200 || !strings.Contains(body, "sửa lại cống") {
			t.Fatalf("public answer: %d", status)
		}
		if status, body := f.do(anon, "POST", "/phan-anh/tra-cuu", url.Values{"number": {number}, "digits": {"6789"}}); status != 200 || !strings.Contains(body, "sửa lại cống") {
			t.Fatalf("track: %d", status)
		}
		if status, body := f.do(anon, "POST", "/phan-anh/tra-cuu", url.Values{"number": {number}, "digits": {"6780"}}); status != 404 || strings.Contains(body, "sửa lại cống") {
			t.Fatalf("track with wrong digits: %d", status)
		}
		resp, err := desk.Get(f.srv.URL + "/don-thu/" + number + "/tra-loi.pdf")
		if err != nil {
			t.Fatal(err)
		}
		pdf, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !bytes.HasPrefix(pdf, []byte("%PDF")) || resp.Header.Get("Content-Type") != "application/pdf" {
			t.Fatalf("answer pdf: %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		var open int
		if err := d.QueryRow(context.Background(), `SELECT COUNT(*) FROM duties WHERE room = 'petition' AND is_open`).Scan(&open); err != nil || open != 0 {
			t.Fatalf("open petition duties after close: %d %v", open, err)
		}
		if n := f.checkTemplateKeys(t, "../petition/templates", "petition"); n < 100 {
			t.Fatalf("only %d keys in the templates", n)
		}
	})
}

func errorText(body string) string {
	if i := strings.Index(body, `class="err"`); i >= 0 {
		return body[i:min(len(body), i+200)]
	}
	if i := strings.Index(body, "<main"); i >= 0 {
		return body[i:min(len(body), i+400)]
	}
	return ""
}

// A denunciation filed on the portal: its denouncer appears nowhere a verifier, an export, the
// audit log or the outbox could show them; the leader sees them, and the view is audited.
func TestDenunciationIdentityThroughPages(t *testing.T) {
	f := newFixture(t, dbtest.SQLite(t))
	anon := f.client("")
	const name = "Tạ Quang Vinh"
	form := url.Values{"kind": {"denunciation"}, "topic": {"can-bo"}, "name": {name}, "address": {"Xóm Bến Đò"}, "phone": {"0966 555 444"},
		"content": {"Tôi, Tạ Quang Vinh, tố cáo cán bộ thu phí chợ không có biên lai. Liên hệ 0966555444."}}
	status, loc, body := f.postMultipart(anon, "/phan-anh", form, nil)
	if status != http.StatusSeeOther {
		t.Fatalf("submit: %d %s", status, errorText(body))
	}
	number := strings.TrimPrefix(loc, "/phan-anh/da-gui/")
	desk, leader, spec := f.client(auth.Desk), f.client(auth.Leader), f.client(auth.Specialist)
	for _, c := range []*http.Client{desk, spec, leader} {
		if status, body := f.do(c, "GET", "/don-thu/"+number, nil); status != 200 || strings.Contains(body, "Vinh") || strings.Contains(body, "0966") {
			t.Fatalf("detail %d shows the denouncer", status)
		}
		if _, body := f.do(c, "GET", "/don-thu", nil); strings.Contains(body, "Vinh") {
			t.Fatal("the list shows the denouncer")
		}
	}
	if status, _ := f.do(spec, "POST", "/don-thu/"+number+"/danh-tinh", nil); status != http.StatusForbidden {
		t.Fatalf("an unassigned specialist opened the identity: %d", status)
	}
	if status, body := f.do(leader, "POST", "/don-thu/"+number+"/danh-tinh", nil); status != 200 || !strings.Contains(body, name) {
		t.Fatalf("leader reveal: %d", status)
	}
	if status, body := f.do(leader, "GET", "/don-thu/xuat.csv", nil); status != 200 || !strings.Contains(body, number) || strings.Contains(body, "Vinh") || strings.Contains(body, "0966") {
		t.Fatalf("export: %d, shows the denouncer? %v", status, strings.Contains(body, "Vinh"))
	}
	ctx := context.Background()
	for _, q := range []string{
		`SELECT COUNT(*) FROM petitions WHERE sender_name <> '' OR content LIKE '%Vinh%' OR content LIKE '%0966555444%'`,
		`SELECT COUNT(*) FROM audit_log WHERE summary LIKE '%Vinh%' OR summary LIKE '%0966%'`,
		`SELECT COUNT(*) FROM outbox WHERE payload LIKE '%Vinh%' OR payload LIKE '%0966%'`,
		`SELECT COUNT(*) FROM duties WHERE label LIKE '%Vinh%'`,
	} {
		var n int
		if err := f.d.QueryRow(ctx, q).Scan(&n); err != nil || n != 0 {
			t.Fatalf("%s: %d %v", q, n, err)
		}
	}
	var views int
	if err := f.d.QueryRow(ctx, `SELECT COUNT(*) FROM audit_log WHERE action = 'petition.identity.view'`).Scan(&views); err != nil || views != 1 {
		t.Fatalf("audited views %d %v", views, err)
	}
	// The server's log (every level) has the requests, never the denouncer.
	if logs := f.logs.String(); !strings.Contains(logs, "/phan-anh") || strings.Contains(logs, "Vinh") || strings.Contains(logs, "0966") || strings.Contains(logs, "Bến Đò") {
		t.Fatalf("the log shows the denouncer, or logged nothing:\n%.2000s", logs)
	}
}

// Open311 GeoReport v2: discovery, services and a definition; POST with a staff token as the
// api_key; the request listed and read back, in JSON and XML; the spec's error bodies.
func TestOpen311(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		u, err := f.a.Auth.UserByName(ctx, f.commune.ID, "u-desk")
		if err != nil {
			t.Fatal(err)
		}
		key, err := f.a.Auth.CreateToken(ctx, u, "ung-dung-311")
		if err != nil {
			t.Fatal(err)
		}
		anon := f.client("")
		get := func(path string) (int, string, string) {
			resp, err := anon.Get(f.srv.URL + "/open311/v2/" + path)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			return resp.StatusCode, resp.Header.Get("Content-Type"), string(b)
		}
		if status, ct, body := get("discovery.json"); status != 200 || !strings.Contains(ct, "json") || !strings.Contains(body, "endpoints") {
			t.Fatalf("discovery: %d %s %s", status, ct, body)
		}
		status, _, body := get("services.xml")
		var svcs struct {
			Services []struct {
				Code string `xml:"service_code"`
				Name string `xml:"service_name"`
			} `xml:"service"`
		}
		if status != 200 || xml.Unmarshal([]byte(body), &svcs) != nil || len(svcs.Services) < 5 || svcs.Services[0].Name == "" {
			t.Fatalf("services.xml: %d %s", status, body)
		}
		if status, _, _ := get("services/moi-truong.json"); status != 200 {
			t.Fatalf("definition: %d", status)
		}
		if status, _, body := get("services/khong-co.json"); status != 404 || !strings.Contains(body, `"description"`) {
			t.Fatalf("unknown service: %d %s", status, body)
		}
		post := func(v url.Values) (int, string) {
			resp, err := anon.PostForm(f.srv.URL+"/open311/v2/requests.json", v)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			return resp.StatusCode, string(b)
		}
		req := url.Values{"service_code": {"moi-truong"}, "lat": {"21.59"}, "long": {"105.84"}, "address_string": {"Cầu Đá, xóm Đồng Tâm"},
			"description": {"Bãi rác tự phát cạnh cầu Đá bốc mùi, xin xã cho thu gom."}, "first_name": {"Hùng"}, "phone": {"0988777666"}}
		if status, body := post(req); status != 403 || !strings.Contains(body, `"code":403`) {
			t.Fatalf("no key: %d %s", status, body)
		}
		req.Set("api_key", "xaso_sai")
		if status, _ := post(req); status != 403 {
			t.Fatalf("bad key: %d", status)
		}
		req.Set("api_key", key)
		status, body = post(req)
		var created []struct {
			ID    string `json:"service_request_id"`
			Token string `json:"token"`
		}
		if status != 200 && status != 201 || json.Unmarshal([]byte(body), &created) != nil || len(created) != 1 || !numberRe.MatchString(created[0].ID) {
			t.Fatalf("post: %d %s", status, body)
		}
		id := created[0].ID
		bad := url.Values{"api_key": {key}, "service_code": {"moi-truong"}, "address_string": {"x"}, "description": {"ngắn"}}
		if status, body := post(bad); status != 400 || !strings.Contains(body, "description") {
			t.Fatalf("short description: %d %s", status, body)
		}
		status, _, body = get("requests.json")
		var list []struct {
			ID       string  `json:"service_request_id"`
			Status   string  `json:"status"`
			Desc     string  `json:"description"`
			Expected string  `json:"expected_datetime"`
			Lat      float64 `json:"lat"`
		}
		if status != 200 || json.Unmarshal([]byte(body), &list) != nil || len(list) != 1 || list[0].ID != id || list[0].Status != "open" || list[0].Expected == "" || list[0].Lat != 21.59 {
			t.Fatalf("requests.json: %d %s", status, body)
		}
		if strings.Contains(body, "0988777666") {
			t.Fatal("the public list shows the sender's phone")
		}
		status, _, body = get("requests/" + id + ".xml")
		var one struct {
			Requests []struct {
				ID     string `xml:"service_request_id"`
				Status string `xml:"status"`
			} `xml:"request"`
		}
		if status != 200 || xml.Unmarshal([]byte(body), &one) != nil || len(one.Requests) != 1 || one.Requests[0].ID != id {
			t.Fatalf("requests/{id}.xml: %d %s", status, body)
		}
		if status, _, body := get("tokens/" + created[0].Token + ".json"); status != 200 || !strings.Contains(body, id) {
			t.Fatalf("token: %d %s", status, body)
		}
		if status, _, body := get("requests/DT-1999-00001.xml"); status != 404 || !strings.Contains(body, "<errors>") {
			t.Fatalf("unknown request: %d %s", status, body)
		}
		// Answered and closed, the request is closed with the answer as its notes.
		desk, spec := f.client(auth.Desk), f.client(auth.Specialist)
		f.do(desk, "POST", "/don-thu/"+id+"/xu-ly", url.Values{"action": {"accept"}})
		f.do(f.client(auth.Leader), "POST", "/don-thu/"+id+"/xu-ly", url.Values{"action": {"assign"}, "handler": {f.userID("u-specialist")}})
		f.do(spec, "POST", "/don-thu/"+id+"/xu-ly", url.Values{"action": {"answer"}, "text": {"Đã thu gom ngày 12/3."}})
		status, _, body = get("requests.json?status=closed")
		if status != 200 || !strings.Contains(body, `"status":"closed"`) || !strings.Contains(body, "Đã thu gom") {
			t.Fatalf("closed: %d %s", status, body)
		}
	})
}
