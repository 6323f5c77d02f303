package app_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"xaso/internal/audit"
	"xaso/internal/auth"
	"xaso/internal/db"
	"xaso/internal/db/dbtest"
	"xaso/internal/onestop"
)

// osSubmittedDocs reads the documents handed in with a dossier, straight from the table.
func osSubmittedDocs(t *testing.T, f *fixture, code string) map[string][3]string {
	t.Helper()
	rows, err := f.d.Query(context.Background(), `SELECT dd.document_id, dd.kind, dd.quantity, dd.sha256 FROM dossier_documents dd
		JOIN dossiers d ON d.commune_id = dd.commune_id AND d.id = dd.dossier_id WHERE d.commune_id = $1 AND d.code = $2`, f.commune.ID, code)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string][3]string{}
	for rows.Next() {
		var id, kind, sha string
		var qty int
		if err := rows.Scan(&id, &kind, &qty, &sha); err != nil {
			t.Fatal(err)
		}
		out[id] = [3]string{kind, strings.Repeat("I", qty), sha}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestOnestopDeskIntakeDocuments: the desk ticks each document received with its form and
// quantity (starting from the procedure's); the dossier keeps them, its page and the JSON API
// show them, and the receipt (form 01) lists them instead of the procedure's list.
func TestOnestopDeskIntakeDocuments(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		desk := f.client(auth.Desk)
		// The form offers each document's form and quantity, preset from the procedure.
		osPage(t, f, desk, "GET", "/ho-so/moi?thu-tuc=1.001193", nil, 200, `name="kind.giay-chung-sinh"`, `name="quantity.giay-chung-sinh"`,
			`<option value="original" selected>Bản chính</option>`, `<option value="present" selected>Xuất trình để đối chiếu</option>`, "Hình thức")

		form := osApplicant()
		form.Set("procedure_code", "1.001193")
		form.Set("channel", "1")
		form.Set("outcome", "accept")
		form["documents"] = []string{"to-khai", "giay-chung-sinh", "giay-to-tuy-than"}
		form.Set("kind.to-khai", "original")
		form.Set("quantity.to-khai", "1")
		form.Set("kind.giay-chung-sinh", "certified_copy")
		form.Set("quantity.giay-chung-sinh", "3")
		form.Set("kind.giay-to-tuy-than", "present")
		// A quantity that is not a number is refused on its document's line, the form kept.
		bad := url.Values{}
		for k, v := range form {
			bad[k] = v
		}
		bad.Set("quantity.giay-chung-sinh", "ba")
		osPage(t, f, desk, "POST", "/ho-so/moi", bad, 422, "Số lượng giấy tờ không hợp lệ", `value="ba"`)
		bad.Set("quantity.giay-chung-sinh", "3")
		bad.Set("kind.giay-chung-sinh", "scan")
		osPage(t, f, desk, "POST", "/ho-so/moi", bad, 422, "Loại giấy tờ phải là")

		st, loc := osPost(t, f, desk, "/ho-so/moi", form)
		code, _ := strings.CutPrefix(loc, "/ho-so/")
		if st != http.StatusSeeOther || code == "" {
			t.Fatalf("intake: %d %s", st, loc)
		}
		got := osSubmittedDocs(t, f, code)
		want := map[string][3]string{"to-khai": {"original", "I", ""}, "giay-chung-sinh": {"certified_copy", "III", ""},
			"giay-to-tuy-than": {"present", "I", ""}}
		if len(got) != len(want) {
			t.Fatalf("dossier_documents: %v", got)
		}
		for id, w := range want {
			if got[id] != w {
				t.Errorf("%s: %v, want %v", id, got[id], w)
			}
		}

		// The dossier page shows the form as received; paper has no scan link.
		body := osPage(t, f, desk, "GET", "/ho-so/"+code, nil, 200, "Bản sao có chứng thực", "Bản quét")
		if strings.Contains(body, "/tep/") {
			t.Error("a paper dossier offers a scan")
		}

		// The receipt lists the documents as received: certified copy, 3 copies.
		text := osPDF(t, f, desk, "/dossiers/"+code+"/forms/receipt.pdf")
		if !regexp.MustCompile(`Giấy chứng sinh Bản sao chứng thực 3\b`).MatchString(text) ||
			!regexp.MustCompile(`Tờ khai đăng ký khai sinh theo mẫu Bản chính 1\b`).MatchString(text) || !strings.Contains(text, "Xuất trình") {
			t.Errorf("receipt.pdf does not list the documents as received:\n%s", text)
		}
		if strings.Contains(text, "Văn bản ủy quyền") {
			t.Error("receipt.pdf lists a document of the procedure that was not handed in")
		}

		// The JSON API gives the same documents.
		st, m, raw := f.apiAs(auth.Desk).call("GET", "/api/v1/dossiers/"+code, nil)
		docs, _ := m["documents"].([]any)
		if st != 200 || len(docs) != 3 || !strings.Contains(raw, `"id":"giay-chung-sinh","name":"Giấy chứng sinh","kind":"certified_copy","quantity":3`) {
			t.Errorf("API dossier documents: %d %s", st, raw)
		}
		// The API's intake still takes names and ids; forms and quantities come from the procedure.
		st, m, raw = f.apiAs(auth.Desk).call("POST", "/api/v1/dossiers", birth("to-khai", "Giấy chứng sinh", "giay-to-tuy-than"))
		if st != 201 {
			t.Fatalf("API intake: %d %s", st, raw)
		}
		if got := osSubmittedDocs(t, f, str(m, "code")); got["giay-chung-sinh"] != [3]string{"original", "I", ""} || len(got) != 3 {
			t.Errorf("API intake documents: %v", got)
		}
	})
}

// osOnline posts the online form of the birth registration with one file per document, as a
// client that does not follow redirects.
func osOnline(t *testing.T, f *fixture, c *http.Client, fields url.Values, files map[string][]byte) *http.Response {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range fields {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	for name, b := range files {
		w, _ := mw.CreateFormFile(name, strings.TrimPrefix(name, "file.")+".png")
		w.Write(b)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", f.srv.URL+"/thu-tuc/1.001193/nop", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp
}

// hostClient is a client of the server as another commune's host would reach it.
type hostTransport struct{ host string }

func (h hostTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Host = h.host
	return http.DefaultTransport.RoundTrip(r)
}

// signInAt signs username in on host and returns the client (redirects not followed).
func signInAt(t *testing.T, f *fixture, host, username string) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Transport: hostTransport{host}, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.PostForm(f.srv.URL+"/dang-nhap", url.Values{"username": {username}, "password": {testPassword}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in as %s at %s: %d", username, host, resp.StatusCode)
	}
	return c
}

// TestOnestopOnlineDocumentsAndScans: an online submission stores one document row per upload
// with its scan, answers 303 to a signed "submitted" page that a refresh shows again without a
// second dossier, and staff download the scans from the dossier page; the scan is reached only
// through its dossier, in its commune, by staff.
func TestOnestopOnlineDocumentsAndScans(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		anon, desk := f.client(""), f.client(auth.Desk)
		scans := map[string][]byte{}
		for i, id := range []string{"to-khai", "giay-chung-sinh", "giay-to-tuy-than"} {
			scans["file."+id] = append(append([]byte{}, osPNG...), byte('a'+i)) // three different files
		}
		resp := osOnline(t, f, anon, url.Values{"applicant.name": {"Hà Văn Nam"}, "applicant.phone": {"0987 654 321"}}, scans)
		loc := resp.Header.Get("Location")
		if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/thu-tuc/1.001193/da-nop?") {
			t.Fatalf("online submission: %d → %q", resp.StatusCode, loc)
		}
		u, _ := url.Parse(loc)
		code := u.Query().Get("ma")
		if code == "" || u.Query().Get("ky") == "" || u.Query().Get("het") == "" {
			t.Fatalf("submitted link %s", loc)
		}
		dos := osDossier(t, f, code)
		if dos.Channel != onestop.ChannelOnline || dos.Applicant.Name != "Hà Văn Nam" {
			t.Fatalf("online dossier %+v", dos)
		}

		// The submitted page, twice (a refresh): the code, the due date explained, the tracking
		// link; still one dossier.
		for range 2 {
			body := osPage(t, f, anon, "GET", loc, nil, 200, code, "Chờ tiếp nhận", "/tra-cuu?ma="+code, "Đã nộp hồ sơ trực tuyến")
			if strings.Contains(body, "0987") || strings.Contains(body, "Người thử") {
				t.Error("the submitted page shows the phone or staff names")
			}
		}
		var n int
		if err := d.QueryRow(ctx, `SELECT count(*) FROM dossiers WHERE commune_id = $1 AND channel = 2`, f.commune.ID).Scan(&n); err != nil || n != 1 {
			t.Fatalf("%d online dossiers after refreshing, %v", n, err)
		}
		// Without its signature, or with another code, the page is not shown: the tracking
		// form (which asks for the phone digits) is.
		q := u.Query()
		other := strings.Replace(code, code[len(code)-4:], "0099", 1)
		for _, v := range []url.Values{{"ma": {code}}, {"ma": {code}, "het": q["het"], "ky": {"x" + q.Get("ky")}},
			{"ma": {other}, "het": q["het"], "ky": q["ky"]}, {"ma": {"rác"}}} {
			st, _ := f.do(anon, "GET", "/thu-tuc/1.001193/da-nop?"+v.Encode(), nil)
			if st != http.StatusSeeOther {
				t.Errorf("submitted page with %v: %d, want 303 to the tracking form", v, st)
			}
		}
		if st, _ := f.do(anon, "GET", "/thu-tuc/2.000884/da-nop?"+q.Encode(), nil); st != http.StatusSeeOther {
			t.Errorf("the link under another procedure: %d", st)
		}

		// One row per upload, each with its scan's sha256.
		docs := osSubmittedDocs(t, f, code)
		if len(docs) != 3 {
			t.Fatalf("online documents: %v", docs)
		}
		for name, b := range scans {
			sum := sha256.Sum256(b)
			if got := docs[strings.TrimPrefix(name, "file.")][2]; got != hex.EncodeToString(sum[:]) {
				t.Errorf("%s: sha %q", name, got)
			}
		}
		sha := docs["giay-chung-sinh"][2]
		file := "/ho-so/" + code + "/tep/" + sha
		// The unalterable log says which scan is which document.
		if err := d.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE commune_id = $1 AND action = 'dossier.intake' AND summary LIKE $2`,
			f.commune.ID, "%giay-chung-sinh:"+sha+"%").Scan(&n); err != nil || n != 1 {
			t.Errorf("%d intake audit entries name the scan, %v", n, err)
		}

		// Staff see the scans on the dossier page and download them.
		osPage(t, f, desk, "GET", "/ho-so/"+code, nil, 200, `href="`+file+`"`, "Xem bản quét")
		st, ctype, b := osFetch(t, f, desk, file)
		if st != 200 || ctype != "image/png" || !bytes.Equal(b, scans["file.giay-chung-sinh"]) {
			t.Fatalf("download the scan: %d %s %d bytes", st, ctype, len(b))
		}
		for _, role := range []auth.Role{auth.Specialist, auth.Leader, auth.Admin} {
			if st, _, _ := osFetch(t, f, f.client(role), file); st != 200 {
				t.Errorf("scan as %s: %d", role, st)
			}
		}
		// Not for the public nor for the other boards: sign-in first, or 403.
		if st, _, _ := osFetch(t, f, anon, file); st != http.StatusSeeOther {
			t.Errorf("scan anonymously: %d, want a redirect to sign in", st)
		}
		if resp, err := anon.Get(f.srv.URL + file); err == nil {
			if l := resp.Header.Get("Location"); !strings.HasPrefix(l, "/dang-nhap") {
				t.Errorf("anonymous scan redirects to %q", l)
			}
			resp.Body.Close()
		}
		for _, role := range []auth.Role{auth.Front, auth.HamletHead, auth.Resident} {
			if st, _, _ := osFetch(t, f, f.client(role), file); st != http.StatusForbidden {
				t.Errorf("scan as %s: %d, want 403", role, st)
			}
		}

		// The scan belongs to that dossier only: another dossier's code, a blob the commune
		// holds for something else, a made-up sha: 404.
		paper := osIntake(t, f, desk, "1.001193", "to-khai", "giay-chung-sinh", "giay-to-tuy-than")
		own, err := f.a.Blobs.Put(ctx, f.commune.ID, "anh-xom.png", bytes.NewReader(append(append([]byte{}, osPNG...), 'z')))
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range []string{"/ho-so/" + paper + "/tep/" + sha, "/ho-so/" + code + "/tep/" + own.SHA256,
			"/ho-so/" + code + "/tep/" + strings.Repeat("0", 64), "/ho-so/" + code + "/tep/..%2F..%2Fetc", "/ho-so/000.00.12.H55-200101-0001/tep/" + sha} {
			if st, _, _ := osFetch(t, f, desk, p); st != http.StatusNotFound {
				t.Errorf("GET %s: %d, want 404", p, st)
			}
		}

		// Another commune's staff, on their own host, even holding the same bytes: 404.
		other2 := f.otherCommune(t)
		if _, err := f.a.Auth.CreateUser(ctx, other2.ID, audit.System, auth.NewUser{Username: "khac-desk", FullName: "Cán bộ xã khác",
			Password: testPassword, Roles: []auth.Role{auth.Desk, auth.Leader, auth.Admin}}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.a.Blobs.Put(ctx, other2.ID, "cung-noi-dung.png", bytes.NewReader(scans["file.giay-chung-sinh"])); err != nil {
			t.Fatal(err)
		}
		otherStaff := signInAt(t, f, "xa-khac.example", "khac-desk")
		if st, _, _ := osFetch(t, f, otherStaff, file); st != http.StatusNotFound {
			t.Errorf("scan as another commune's staff: %d, want 404", st)
		}
		if st, _, _ := osFetch(t, f, otherStaff, "/ho-so/"+code); st != http.StatusNotFound {
			t.Errorf("dossier as another commune's staff: %d, want 404", st)
		}

		// The JSON API lists the scans with their download address.
		st, _, raw := f.apiAs(auth.Specialist).call("GET", "/api/v1/dossiers/"+code, nil)
		if st != 200 || !strings.Contains(raw, `"sha256":"`+sha+`"`) || !strings.Contains(raw, `"file_url":"`+file+`"`) {
			t.Errorf("API dossier with scans: %d %s", st, raw)
		}
	})
}

// TestOnestopProcedureEdit: a leader edits a procedure (time limit, fee, documents: one
// changed, one removed, one added); the change is audited and published; a stale form gets
// the Vietnamese conflict message and changes nothing; the desk may not edit.
func TestOnestopProcedureEdit(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		anon, desk, lead := f.client(""), f.client(auth.Desk), f.client(auth.Leader)
		const path = "/thu-tuc/1.004873/sua"
		before, err := f.a.Onestop.Procedure(ctx, f.commune.ID, "1.004873")
		if err != nil {
			t.Fatal(err)
		}

		// Who may: leaders and the administrator; the desk and specialists are refused.
		for role, want := range map[auth.Role]int{auth.Desk: 403, auth.Specialist: 403, auth.Front: 403, auth.Leader: 200, auth.Admin: 200} {
			if st, _ := f.do(f.client(role), "GET", path, nil); st != want {
				t.Errorf("GET %s as %s: %d, want %d", path, role, st, want)
			}
		}
		if st, _ := f.do(desk, "POST", path, url.Values{"version": {"1"}, "name": {"Sửa trộm"}}); st != 403 {
			t.Errorf("POST %s as the desk: %d", path, st)
		}
		if st, _ := f.do(anon, "GET", path, nil); st != http.StatusSeeOther {
			t.Errorf("GET %s anonymously: %d", path, st)
		}
		// The public page links to the form for those who may use it only.
		osPage(t, f, lead, "GET", "/thu-tuc/1.004873", nil, 200, `href="`+path+`"`, "Sửa thủ tục")
		for _, c := range []*http.Client{anon, desk} {
			if _, body := f.do(c, "GET", "/thu-tuc/1.004873", nil); strings.Contains(body, path) {
				t.Error("the edit link is offered to someone who may not edit")
			}
		}

		// The form, filled from the procedure: its documents, three blank lines.
		n := len(before.Documents)
		osPage(t, f, lead, "GET", path, nil, 200, `name="version" value="1"`, `value="`+before.Name+`"`, `name="documents.0.name"`,
			`name="documents.`+itoa(n+2)+`.name"`, `name="rows" value="`+itoa(n+3)+`"`, "Bỏ khỏi danh sách")

		form := url.Values{"version": {"1"}, "rows": {itoa(n + 3)}, "name": {before.Name + " (bản của xã)"}, "field": {before.Field},
			"level": {before.Level}, "processing_unit": {"days"}, "processing": {"2"}, "fee_amount": {"5.000"}, "fee_text": {"5.000 đồng/bản"},
			"fee_exemptions": {"Hộ nghèo"}, "legal_basis": {before.LegalBasis}, "result": {before.Result},
			"channels": {"counter", "post"}, "active": {"1"}}
		for i, doc := range before.Documents {
			p := "documents." + itoa(i) + "."
			form.Set(p+"id", doc.ID)
			form.Set(p+"name", doc.Name)
			form.Set(p+"kind", doc.Kind)
			form.Set(p+"quantity", itoa(doc.Quantity))
			form.Set(p+"note", doc.Note)
			if doc.Required {
				form.Set(p+"required", "1")
			}
		}
		form.Set("documents.0.quantity", "2")
		form.Set("documents.0.kind", "certified_copy")
		form.Set("documents.1.remove", "1")
		newLine := "documents." + itoa(n+1) + "."
		form.Set(newLine+"name", "Giấy xác nhận nơi cư trú")
		form.Set(newLine+"kind", "original")
		form.Set(newLine+"quantity", "1")
		form.Set(newLine+"required", "1")

		// Bad input comes back on its field or line, nothing saved.
		bad := url.Values{}
		for k, v := range form {
			bad[k] = v
		}
		bad.Set("processing", "hai")
		bad.Set("documents.0.name", "")
		osPage(t, f, lead, "POST", path, bad, 422, "Thời hạn giải quyết không hợp lệ", "Chưa nhập tên thành phần hồ sơ", `value="Giấy xác nhận nơi cư trú"`)

		if st, loc := osPost(t, f, lead, path, form); st != http.StatusSeeOther || loc != "/thu-tuc/1.004873" {
			t.Fatalf("save: %d %s", st, loc)
		}
		got, err := f.a.Onestop.Procedure(ctx, f.commune.ID, "1.004873")
		if err != nil {
			t.Fatal(err)
		}
		if got.Version != 2 || got.Name != before.Name+" (bản của xã)" || got.Processing != (onestop.Processing{Days: 2}) ||
			got.FeeAmount != 5000 || got.OnlineAllowed || strings.Join(got.Channels, " ") != "counter post" || len(got.Documents) != n {
			t.Fatalf("saved procedure: %+v", got)
		}
		if doc := got.Documents[0]; doc.ID != before.Documents[0].ID || doc.Kind != onestop.KindCertifiedCopy || doc.Quantity != 2 {
			t.Errorf("changed document: %+v", doc)
		}
		if _, ok := got.Document(before.Documents[1].ID); ok {
			t.Errorf("removed document %s is still listed", before.Documents[1].ID)
		}
		if doc, ok := got.Document("giay-xac-nhan-noi-cu-tru"); !ok || !doc.Required || got.Documents[n-1].ID != doc.ID {
			t.Errorf("added document: %+v", got.Documents)
		}
		var audited int
		if err := d.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE commune_id = $1 AND action = 'procedure.update' AND object_id = $2`,
			f.commune.ID, "1.004873").Scan(&audited); err != nil || audited != 1 {
			t.Errorf("%d audit entries for the edit, %v", audited, err)
		}
		osPage(t, f, anon, "GET", "/thu-tuc/1.004873", nil, 200, "(bản của xã)", "Giấy xác nhận nơi cư trú", "2 ngày làm việc")

		// The same form again is stale (version 1): the conflict message, the typed values kept, nothing saved.
		form.Set("name", "Bản cũ ghi đè")
		osPage(t, f, lead, "POST", path, form, 409, "Thủ tục này vừa được người khác sửa", `value="Bản cũ ghi đè"`, `href="`+path+`"`)
		if again, _ := f.a.Onestop.Procedure(ctx, f.commune.ID, "1.004873"); again.Version != 2 || again.Name == "Bản cũ ghi đè" {
			t.Errorf("a stale form was saved: %+v", again)
		}

		// Taken off the public list, it stays reachable for its editors, to take it up again.
		off := procForm(t, f, lead, path)
		off.Del("active")
		if st, _ := osPost(t, f, lead, path, off); st != http.StatusSeeOther {
			t.Fatalf("deactivate: %d", st)
		}
		if st, _ := f.do(anon, "GET", "/thu-tuc/1.004873", nil); st != 404 {
			t.Errorf("an inactive procedure's page: %d", st)
		}
		osPage(t, f, lead, "GET", "/thu-tuc/1.004873", nil, 200, "không tiếp nhận thủ tục này")
		osPage(t, f, lead, "GET", "/thu-tuc?q=1.004873", nil, 200, "không tiếp nhận")
	})
}

// procForm reads the edit form's current values from the page (inputs, checked boxes,
// selected options and text areas), as a browser would post them.
func procForm(t *testing.T, f *fixture, c *http.Client, path string) url.Values {
	t.Helper()
	_, body := f.do(c, "GET", path, nil)
	out := url.Values{}
	for _, m := range regexp.MustCompile(`<input([^>]*)>`).FindAllStringSubmatch(body, -1) {
		attr := func(name string) (string, bool) {
			a := regexp.MustCompile(`\b` + name + `="([^"]*)"`).FindStringSubmatch(m[1])
			if a == nil {
				return "", false
			}
			return htmlUnescape(a[1]), true
		}
		name, ok := attr("name")
		if !ok {
			continue
		}
		typ, _ := attr("type")
		if (typ == "checkbox" || typ == "radio") && !strings.Contains(m[1], " checked") {
			continue
		}
		v, _ := attr("value")
		out.Add(name, v)
	}
	for _, m := range regexp.MustCompile(`(?s)<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>`).FindAllStringSubmatch(body, -1) {
		if s := regexp.MustCompile(`<option value="([^"]*)" selected>`).FindStringSubmatch(m[2]); s != nil {
			out.Set(m[1], htmlUnescape(s[1]))
		}
	}
	for _, m := range regexp.MustCompile(`(?s)<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>`).FindAllStringSubmatch(body, -1) {
		out.Set(m[1], htmlUnescape(m[2]))
	}
	return out
}

func htmlUnescape(s string) string { return html.UnescapeString(s) }

func itoa(n int) string { return strconv.Itoa(n) }
