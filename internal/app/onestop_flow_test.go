package app_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
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
	"xaso/internal/onestop"
)

// osOnlineFiles posts the birth registration's online form with files named as given
// (field → name → bytes) and returns the status, the Location and the body.
func osOnlineFiles(t *testing.T, f *fixture, c *http.Client, fields url.Values, files map[string][2]string) (int, string, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range fields {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	for field, nb := range files {
		w, _ := mw.CreateFormFile(field, nb[0])
		w.Write([]byte(nb[1]))
	}
	mw.Close()
	req, _ := http.NewRequest("POST", f.srv.URL+"/thu-tuc/1.001193/nop", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Location"), string(b)
}

// TestOnestopOnlineKeepsUploadsAndWaits (issue 8 item 6): a text file renamed .pdf is refused
// by name; the files already sent are kept after the error, so the second try sends only the
// one that was wrong; the dossier waits for the desk with no due date; only the desk (or a
// leader) accepts it, and the clock starts then.
func TestOnestopOnlineKeepsUploadsAndWaits(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		anon, desk, spec := f.client(""), f.client(auth.Desk), f.client(auth.Specialist)
		png1 := string(append(append([]byte{}, osPNG...), 'a'))
		png3 := string(append(append([]byte{}, osPNG...), 'c'))
		st, _, body := osOnlineFiles(t, f, anon, url.Values{"applicant.phone": {"0987 654 321"}}, map[string][2]string{
			"file.to-khai": {"to-khai.png", png1}, "file.giay-chung-sinh": {"khai-sinh.pdf", "Day la van ban, khong phai ban quet"},
			"file.giay-to-tuy-than": {"cccd.png", png3}})
		if st != 422 || !strings.Contains(body, "Tệp “khai-sinh.pdf” không phải bản chụp hoặc bản quét giấy tờ") {
			t.Fatalf("text renamed .pdf: %d\n%.3000s", st, body)
		}
		kept := url.Values{}
		for _, id := range []string{"to-khai", "giay-to-tuy-than"} {
			m := regexp.MustCompile(`name="kept\.` + id + `" value="([0-9a-f]{32})"`).FindStringSubmatch(body)
			if m == nil {
				t.Fatalf("%s not kept after the error:\n%.4000s", id, body)
			}
			kept.Set("kept."+id, m[1])
		}
		if !strings.Contains(body, "Đã tải lên: to-khai.png") || strings.Contains(body, `name="kept.giay-chung-sinh"`) {
			t.Errorf("kept files not shown, or the refused one kept")
		}
		var n int
		if err := d.QueryRow(ctx, `SELECT count(*) FROM blobs WHERE commune_id = $1`, f.commune.ID).Scan(&n); err != nil || n != 0 {
			t.Errorf("%d blobs stored by a refused form (%v)", n, err)
		}
		// Second try: the name, the kept ids, and a real PDF for the one refused.
		fields := url.Values{"applicant.name": {"Hà Văn Nam"}, "applicant.phone": {"0987 654 321"}}
		for k, v := range kept {
			fields[k] = v
		}
		pdf := "%PDF-1.4\n% giấy chứng sinh\n"
		st, loc, body := osOnlineFiles(t, f, anon, fields, map[string][2]string{"file.giay-chung-sinh": {"khai-sinh.pdf", pdf}})
		if st != http.StatusSeeOther {
			t.Fatalf("second try: %d\n%.3000s", st, body)
		}
		u, _ := url.Parse(loc)
		code := u.Query().Get("ma")
		dos := osDossier(t, f, code)
		if dos.Status != onestop.StateAwaiting || !dos.DueAt.IsZero() || dos.AcceptBy.IsZero() || len(dos.Submitted) != 3 {
			t.Fatalf("online dossier: %s due %v accept by %v, %d documents", dos.Status, dos.DueAt, dos.AcceptBy, len(dos.Submitted))
		}
		sum := sha256.Sum256([]byte(png1))
		for _, s := range dos.Submitted {
			if s.DocumentID == "to-khai" && s.SHA256 != hex.EncodeToString(sum[:]) {
				t.Errorf("kept scan %s, want the first upload", s.SHA256)
			}
		}
		if err := d.QueryRow(ctx, `SELECT count(*) FROM blob_pending`).Scan(&n); err != nil || n != 0 {
			t.Errorf("%d pending uploads left after the submission (%v)", n, err)
		}
		// The desk sees the check to do; a specialist may not accept.
		osPage(t, f, desk, "GET", "/ho-so/"+code, nil, 200, "Chờ tiếp nhận", "/ho-so/"+code+"/tiep-nhan", "Hạn kiểm tra, tiếp nhận")
		if st, _ := f.do(spec, "POST", "/ho-so/"+code+"/tiep-nhan", url.Values{}); st != http.StatusForbidden {
			t.Errorf("specialist accepts: %d", st)
		}
		osPage(t, f, desk, "GET", "/ho-so", nil, 200, code, "Kiểm tra trước")
		// No receipt (form 01) before it is accepted.
		if st, _, _ := osFetch(t, f, desk, "/dossiers/"+code+"/forms/receipt.pdf"); st != http.StatusNotFound {
			t.Errorf("receipt before acceptance: %d", st)
		}
		if st, _ := f.do(desk, "POST", "/ho-so/"+code+"/tiep-nhan", url.Values{}); st != http.StatusSeeOther {
			t.Fatalf("desk accepts: %d", st)
		}
		dos = osDossier(t, f, code)
		if dos.Status != onestop.StateReceived || dos.ClockStartAt.IsZero() || dos.DueAt.IsZero() || !dos.AcceptBy.IsZero() {
			t.Errorf("accepted: %s clock %v due %v", dos.Status, dos.ClockStartAt, dos.DueAt)
		}
		if st, ctype, _ := osFetch(t, f, desk, "/dossiers/"+code+"/forms/receipt.pdf"); st != 200 || ctype != "application/pdf" {
			t.Errorf("receipt after acceptance: %d %s", st, ctype)
		}
	})
}

// TestOnestopDeskCannotRefuseTheSpecialists (issue 8 item 5), over HTTP: the desk's refusal of
// a dossier the specialists hold is a 403 naming them; the specialists' refusal is signed by
// the chairman, whoever prints it; the refused dossier shows no holder.
func TestOnestopDeskCannotRefuseTheSpecialists(t *testing.T) {
	f := newFixture(t, dbtest.SQLite(t))
	desk, spec := f.client(auth.Desk), f.client(auth.Specialist)
	code := osIntake(t, f, desk, "1.001193", "to-khai", "giay-chung-sinh", "giay-to-tuy-than")
	if st, _ := f.do(desk, "POST", "/ho-so/"+code+"/chuyen", url.Values{"handover.to": {"specialist"}}); st != http.StatusSeeOther {
		t.Fatalf("handover: %d", st)
	}
	st, body := f.do(desk, "POST", "/ho-so/"+code+"/tu-choi", url.Values{"refuse.reasons": {"Không đủ điều kiện"}, "confirm": {"1"}})
	if st != http.StatusForbidden || !strings.Contains(body, "Hồ sơ đang do Công chức chuyên môn giữ") {
		t.Fatalf("desk refuses the specialists' dossier: %d\n%.2000s", st, body)
	}
	page := osPage(t, f, desk, "GET", "/ho-so/"+code, nil, 200)
	if strings.Contains(page, "/ho-so/"+code+"/tu-choi") {
		t.Error("the desk is offered the refusal of the specialists' dossier")
	}
	if st, _ := f.do(spec, "POST", "/ho-so/"+code+"/tu-choi", url.Values{"refuse.reasons": {"Không đủ điều kiện"}, "confirm": {"1"}}); st != http.StatusSeeOther {
		t.Fatalf("specialist refuses: %d", st)
	}
	d := osDossier(t, f, code)
	if d.HolderName != "" || d.Status != onestop.StateRejected {
		t.Errorf("refused dossier: %s held by %q", d.Status, d.HolderName)
	}
	if f.commune.Chairman == "" {
		t.Fatal("the demo commune has no chairman")
	}
	text := osPDF(t, f, desk, "/dossiers/"+code+"/forms/refusal.pdf")
	if !strings.Contains(text, f.commune.Chairman) || strings.Contains(text, "Người thử desk") {
		t.Errorf("refusal signed:\n%s", text)
	}
}
