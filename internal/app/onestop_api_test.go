package app_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"xaso/internal/auth"
	"xaso/internal/db"
	"xaso/internal/db/dbtest"
)

// apiClient calls the JSON API with a bearer token ("" = anonymous).
type apiClient struct {
	f     *fixture
	token string
}

func (f *fixture) apiAs(role auth.Role) apiClient {
	f.t.Helper()
	if role == "" {
		return apiClient{f: f}
	}
	u, err := f.a.Auth.UserByName(context.Background(), f.commune.ID, "u-"+string(role))
	if err != nil {
		f.t.Fatal(err)
	}
	tok, err := f.a.Auth.CreateToken(context.Background(), u, "onestop test")
	if err != nil {
		f.t.Fatal(err)
	}
	return apiClient{f: f, token: tok}
}

// call sends a JSON body (nil = none) and returns the status, the decoded object and the raw body.
func (c apiClient) call(method, path string, body any) (int, map[string]any, string) {
	c.f.t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			c.f.t.Fatal(err)
		}
		rd = strings.NewReader(string(b))
	}
	req, _ := http.NewRequest(method, c.f.srv.URL+path, rd)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.f.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var m map[string]any
	_ = json.Unmarshal(raw, &m)
	return resp.StatusCode, m, string(raw)
}

func str(m map[string]any, path ...string) string {
	var v any = m
	for _, p := range path {
		mm, ok := v.(map[string]any)
		if !ok {
			return ""
		}
		v = mm[p]
	}
	s, _ := v.(string)
	return s
}

var codeRE = regexp.MustCompile(`^000\.00\.12\.H55-\d{6}-\d{4}$`)

func birth(docs ...string) map[string]any {
	return map[string]any{"procedure_code": "1.001193", "channel": 1, "documents": docs,
		"applicant": map[string]any{"name": "Nguyễn Thị Hoa", "id_number": "019190004321", "phone": "0912 345 678", "address": "Xóm Na Mạt"}}
}

// TestOnestopAPI drives the one-stop JSON API through the real HTTP stack with bearer tokens,
// on both engines: 201, 401/403, 404, 409, 422, the public view without staff names, and 429.
func TestOnestopAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		anon, desk, spec, lead, insp := f.apiAs(""), f.apiAs(auth.Desk), f.apiAs(auth.Specialist), f.apiAs(auth.Leader), f.apiAs(auth.Inspection)

		// The catalogue, public.
		st, m, raw := anon.call("GET", "/api/v1/procedures?q=dang%20ky%20khai%20sinh&per_page=50", nil)
		if st != 200 || m["total"].(float64) < 3 || !strings.Contains(raw, "Đăng ký khai sinh") {
			t.Fatalf("procedures: %d %.300s", st, raw)
		}
		st, m, _ = anon.call("GET", "/api/v1/procedures?page=2&per_page=5", nil)
		if st != 200 || len(m["procedures"].([]any)) != 5 {
			t.Errorf("page 2: %d %v", st, m)
		}
		st, m, raw = anon.call("GET", "/api/v1/procedures/1.001193", nil)
		if st != 200 || len(m["documents"].([]any)) < 3 || !strings.Contains(raw, `"id":"giay-chung-sinh"`) {
			t.Fatalf("procedure: %d %.300s", st, raw)
		}
		if st, _, _ := anon.call("GET", "/api/v1/procedures/9.999999", nil); st != 404 {
			t.Errorf("unknown procedure: %d", st)
		}

		// Intake: who may, and what is refused.
		complete := birth("to-khai", "Giấy chứng sinh", "giay-to-tuy-than")
		if st, _, _ := anon.call("POST", "/api/v1/dossiers", complete); st != 401 {
			t.Errorf("anonymous intake: %d", st)
		}
		if st, _, _ := insp.call("POST", "/api/v1/dossiers", complete); st != 403 {
			t.Errorf("inspection board intake: %d", st)
		}
		st, m, raw = desk.call("POST", "/api/v1/dossiers", birth("to-khai"))
		if st != 422 || str(m, "error", "fields", "documents.giay-chung-sinh") == "" || !strings.Contains(str(m, "error", "message"), "còn thiếu") {
			t.Errorf("incomplete intake: %d %s", st, raw)
		}
		st, m, raw = desk.call("POST", "/api/v1/dossiers", birth("to-khai", "giay-chung-sinh", "giay-to-tuy-than", "Sổ hộ khẩu"))
		if st != 422 || str(m, "error", "fields", "documents.3") == "" {
			t.Errorf("document off the list: %d %s", st, raw)
		}
		bad := birth("to-khai")
		bad["colour"] = "red"
		if st, _, _ := desk.call("POST", "/api/v1/dossiers", bad); st != 422 {
			t.Errorf("unknown field: %d", st)
		}
		st, m, raw = desk.call("POST", "/api/v1/dossiers", complete)
		code := str(m, "code")
		if st != 201 || !codeRE.MatchString(code) || str(m, "status") != "received" || !strings.HasSuffix(str(m, "received_at"), "+07:00") || !strings.HasSuffix(str(m, "due_at"), "+07:00") {
			t.Fatalf("intake: %d %s", st, raw)
		}
		due, err := time.Parse(time.RFC3339, str(m, "due_at"))
		if err != nil || !due.After(time.Now()) {
			t.Errorf("due_at %s: %v", str(m, "due_at"), err)
		}
		kept := birth("to-khai")
		kept["if_incomplete"] = "supplement"
		st, m, raw = desk.call("POST", "/api/v1/dossiers", kept)
		if st != 201 || str(m, "status") != "supplement" || m["due_at"] != nil || len(m["missing_documents"].([]any)) != 2 {
			t.Errorf("intake kept with a supplement: %d %s", st, raw)
		}

		// The journey, with the illegal steps in between.
		base := "/api/v1/dossiers/" + code
		st, m, raw = lead.call("POST", base+"/approve", nil)
		if st != 409 || !strings.Contains(str(m, "error", "message"), "Không thể phê duyệt") {
			t.Errorf("approve at the desk: %d %s", st, raw)
		}
		if st, _, _ := desk.call("POST", base+"/approve", nil); st != 403 {
			t.Errorf("desk approving: %d", st)
		}
		st, m, raw = desk.call("POST", base+"/handover", map[string]any{"to_username": "u-specialist", "note": "Chuyển xử lý"})
		if st != 200 || str(m, "status") != "processing" || str(m, "holder", "name") != "Người thử specialist" {
			t.Fatalf("handover: %d %s", st, raw)
		}
		st, m, raw = spec.call("POST", base+"/supplement-request", map[string]any{"documents": []string{"Sổ hộ khẩu"}, "reason": "x"})
		if st != 422 || str(m, "error", "fields", "documents.0") == "" {
			t.Errorf("supplement off the list: %d %s", st, raw)
		}
		st, m, raw = spec.call("POST", base+"/supplement-request", map[string]any{"documents": []string{"uy-quyen"}, "reason": "Người đi đăng ký là hàng xóm"})
		if st != 200 || str(m, "status") != "supplement" {
			t.Fatalf("supplement: %d %s", st, raw)
		}
		st, _, raw = spec.call("POST", base+"/supplement-request", map[string]any{"documents": []string{"to-khai"}})
		if st != 409 || !strings.Contains(raw, "một lần") {
			t.Errorf("second supplement: %d %s", st, raw)
		}
		st, m, raw = desk.call("POST", base+"/supplement-received", nil)
		if st != 200 || str(m, "status") != "processing" || str(m, "due_at") == "" {
			t.Fatalf("supplement received: %d %s", st, raw)
		}
		for _, step := range []struct {
			c      apiClient
			path   string
			body   any
			status string
		}{
			{spec, "/handover", map[string]any{"to_role": "leader"}, "approval"},
			{lead, "/approve", nil, "processed"},
			{lead, "/handover", map[string]any{"to_role": "desk"}, "result_ready"},
		} {
			st, m, raw = step.c.call("POST", base+step.path, step.body)
			if st != 200 || str(m, "status") != step.status {
				t.Fatalf("%s: %d %s", step.path, st, raw)
			}
		}
		st, m, raw = desk.call("POST", base+"/return", map[string]any{"method": "post"})
		if st != 422 || str(m, "error", "fields", "tracking_number") == "" {
			t.Errorf("return by post without tracking: %d %s", st, raw)
		}
		st, m, raw = desk.call("POST", base+"/return", map[string]any{"method": "post", "tracking_number": "EB123456789VN"})
		if st != 200 || str(m, "status") != "returned" {
			t.Fatalf("return: %d %s", st, raw)
		}
		st, m, raw = desk.call("GET", base, nil)
		if st != 200 || len(m["history"].([]any)) != 8 || !strings.Contains(raw, "Người thử leader") {
			t.Errorf("dossier: %d %.600s", st, raw)
		}
		if st, _, _ := desk.call("GET", "/api/v1/dossiers/000.00.12.H55-200101-0001", nil); st != 404 {
			t.Errorf("unknown dossier: %d", st)
		}

		// Apology: once, with a reason and a later date (5 working days leave time for it).
		st, m, raw = desk.call("POST", "/api/v1/dossiers", map[string]any{"procedure_code": "1.004884",
			"documents": []string{"to-khai", "giay-to-khai-sinh", "cam-doan", "giay-to-tuy-than"}, "applicant": map[string]any{"name": "Lê Văn Nam", "phone": "0987001122"}})
		if st != 201 {
			t.Fatalf("intake 1.004884: %d %s", st, raw)
		}
		code2, due2 := str(m, "code"), str(m, "due_at")
		d2, _ := time.Parse(time.RFC3339, due2)
		newDue := d2.AddDate(0, 0, 7).Format(time.RFC3339)
		path2 := "/api/v1/dossiers/" + code2 + "/apology"
		// The specialists apologise for what they hold (issue 8: only the holder acts).
		if st, _, raw := spec.call("POST", path2, map[string]any{"reason": "x", "new_due_at": newDue}); st != 403 || !strings.Contains(raw, "đang do") {
			t.Errorf("apology for the desk's dossier: %d %s", st, raw)
		}
		if st, _, raw := desk.call("POST", "/api/v1/dossiers/"+code2+"/handover", map[string]any{"to_role": "specialist"}); st != 200 {
			t.Fatalf("handover: %d %s", st, raw)
		}
		if st, _, raw := spec.call("POST", path2, map[string]any{"reason": "x", "new_due_at": due2}); st != 422 {
			t.Errorf("apology without a later date: %d %s", st, raw)
		}
		st, m, raw = spec.call("POST", path2, map[string]any{"reason": "Cần xác minh tại nơi đăng ký trước đây", "new_due_at": newDue})
		if st != 200 || str(m, "original_due_at") != due2 || m["apologies"].(float64) != 1 {
			t.Fatalf("apology: %d %s", st, raw)
		}
		st, _, raw = spec.call("POST", path2, map[string]any{"reason": "lần nữa", "new_due_at": d2.AddDate(0, 0, 14).Format(time.RFC3339)})
		if st != 409 || !strings.Contains(raw, "một lần") {
			t.Errorf("second apology: %d %s", st, raw)
		}

		// Public view: offices only, no staff names, no ID number; a wrong answer is a 404
		// that looks the same as an unknown code.
		st, m, raw = anon.call("GET", "/api/v1/public/dossiers/"+code+"?phone_last4=5678", nil)
		if st != 200 || str(m, "status_label") != "Đã trả kết quả" || !strings.Contains(raw, "Bộ phận Một cửa") {
			t.Fatalf("public: %d %s", st, raw)
		}
		for _, secret := range []string{"Người thử", "019190004321", "u-desk", "0912"} {
			if strings.Contains(raw, secret) {
				t.Errorf("public view shows %q: %s", secret, raw)
			}
		}
		if !strings.Contains(raw, "Lãnh đạo UBND xã") || !strings.Contains(raw, "Công chức chuyên môn") {
			t.Errorf("public history without offices: %s", raw)
		}
		st1, _, raw1 := anon.call("GET", "/api/v1/public/dossiers/"+code+"?phone_last4=0000", nil)
		st2, _, raw2 := anon.call("GET", "/api/v1/public/dossiers/000.00.12.H55-200101-0001?phone_last4=5678", nil)
		if st1 != 404 || st2 != 404 || raw1 != raw2 {
			t.Errorf("wrong digits %d %s / unknown code %d %s", st1, raw1, st2, raw2)
		}
		// Rate limit: 30 a minute per address; this test already made 3.
		limited := 0
		for i := 0; i < 40 && limited == 0; i++ {
			if st, _, _ := anon.call("GET", "/api/v1/public/dossiers/"+code+"?phone_last4=5678", nil); st == 429 {
				limited = i + 4
			}
		}
		if limited != 31 {
			t.Errorf("429 came at request %d, want 31", limited)
		}
	})
}
