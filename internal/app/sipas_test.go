package app_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"io"
	"math/rand/v2"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"xaso/internal/audit"
	"xaso/internal/auth"
	"xaso/internal/browsertest"
	"xaso/internal/calendar"
	"xaso/internal/db"
	"xaso/internal/db/dbtest"
	"xaso/internal/onestop"
	"xaso/internal/rating/sipas"
)

var sipasLoc = regexp.MustCompile(`^/chi-so-hai-long/[0-9a-f-]{36}$`)

// sipasAnswers is a questionnaire form: every criterion of the shipped method at level v.
func sipasAnswers(v string) url.Values {
	f := url.Values{}
	for _, c := range sipas.Builtin().Criteria() {
		f.Set(sipas.FieldName(c.Code), v)
	}
	return f
}

// postFile sends a multipart form with one file in the field "file".
func (f *fixture) postFile(c *http.Client, path, name string, content []byte) (int, string, string) {
	f.t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	fw, _ := w.CreateFormFile("file", name)
	fw.Write(content)
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

// A specialist draws a survey from the one-stop room's returned dossiers (only those of the
// period, every one counted); an applicant answers by the link, once; the desk types in a
// paper form, once, and prints a questionnaire; the CSV holds no personal data; the chairman
// closes the survey, sets the year's target and sees the index on the home page; the public
// result shows the index and nobody's name. Roles that may not are refused.
func TestSipasThroughPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		if _, err := onestop.SeedDemoDossiers(ctx, d, f.commune.ID, rand.New(rand.NewPCG(5, 6)), 40); err != nil {
			t.Fatal(err)
		}
		anon, leader, specialist, desk, head := f.client(""), f.client(auth.Leader), f.client(auth.Specialist), f.client(auth.Desk), f.client(auth.HamletHead)
		for _, path := range []string{"/chi-so-hai-long", "/chi-so-hai-long/moi", "/chi-so-hai-long/muc-tieu"} {
			if st, _ := f.do(anon, "GET", path, nil); st == http.StatusOK {
				t.Fatalf("%s is public", path)
			}
			if st, _ := f.do(head, "GET", path, nil); st != http.StatusForbidden {
				t.Fatalf("%s as a hamlet head: %d", path, st)
			}
		}
		if st, _ := f.do(desk, "GET", "/chi-so-hai-long/moi", nil); st != http.StatusForbidden {
			t.Fatalf("the desk reached the new survey: %d", st)
		}
		checkPage(f, specialist, "GET", "/chi-so-hai-long/moi", nil, 200, `name="sample_size"`, "Chưa đối chiếu văn bản")

		methodID, err := f.a.Sipas.EnsureBuiltin(ctx, f.commune.ID)
		if err != nil {
			t.Fatal(err)
		}
		today := calendar.DateOf(time.Now())
		from := today.AddDays(-30)
		form := url.Values{"title": {"Khảo sát tháng vừa qua"}, "period_from": {from.String()}, "period_to": {today.AddDays(1).String()},
			"method": {methodID}, "sample_size": {"8"}, "seed": {"77"}}
		if st, _, body := f.post(specialist, "/chi-so-hai-long/moi", form); st != http.StatusUnprocessableEntity || !strings.Contains(body, "không được sau hôm nay") ||
			!strings.Contains(body, "Khảo sát tháng vừa qua") {
			t.Fatalf("a period ending tomorrow: %d %s", st, errorText(body))
		}
		form.Set("period_to", today.String())
		st, loc, body := f.post(specialist, "/chi-so-hai-long/moi", form)
		if st != http.StatusSeeOther || !sipasLoc.MatchString(loc) {
			t.Fatalf("create: %d %s", st, errorText(body))
		}
		id := strings.TrimPrefix(loc, "/chi-so-hai-long/")
		v, err := f.a.Sipas.Get(ctx, f.commune.ID, id)
		if err != nil {
			t.Fatal(err)
		}
		// The population is every dossier returned in the period, and only those.
		var want int
		if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM dossiers WHERE commune_id = $1 AND status = 'returned' AND returned_at >= $2 AND returned_at < $3`,
			f.commune.ID, from.Time(), today.AddDays(1).Time()).Scan(&want); err != nil {
			t.Fatal(err)
		}
		if want == 0 || v.Population != want || v.Invited != min(8, want) {
			t.Fatalf("population %d (SQL says %d), invited %d", v.Population, want, v.Invited)
		}
		sample, _, err := f.a.Sipas.Invitations(ctx, f.commune.ID, id, sipas.InvitationFilter{Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		for _, i := range sample {
			if day := calendar.DateOf(i.ReturnedAt); day.Before(from) || day.After(today) {
				t.Fatalf("%s returned on %v, outside %v–%v", i.DossierCode, day, from, today)
			}
		}
		first, second := sample[0], sample[1]
		checkPage(f, desk, "GET", loc, nil, 200, first.DossierCode, first.ApplicantName, "Chưa đối chiếu văn bản", "2640/QĐ-BNV",
			"trung bình cộng", first.Link())

		// The applicant answers by the link: the form, a bad level, the answer, the thanks, no second answer.
		link := first.Link()
		body = checkPage(f, anon, "GET", link, nil, 200, `name="c_1.1"`, `value="5"`, "Rất hài lòng", first.ProcedureName)
		if strings.Contains(body, first.ApplicantName) || strings.Contains(body, first.DossierCode) {
			t.Fatal("the public questionnaire shows the applicant or the dossier code")
		}
		bad := sipasAnswers("5")
		bad.Set("c_2.2", "9")
		checkPage(f, anon, "POST", link, bad, http.StatusUnprocessableEntity, "Xin chọn một trong các mức")
		if st, l, body := f.post(anon, link, sipasAnswers("5")); st != http.StatusSeeOther || l != link {
			t.Fatalf("answer: %d %s %s", st, l, errorText(body))
		}
		checkPage(f, anon, "GET", link, nil, 200, "Cảm ơn ông/bà đã trả lời")
		checkPage(f, anon, "POST", link, sipasAnswers("1"), http.StatusConflict, "mỗi hồ sơ chỉ nhận một phiếu")
		checkPage(f, anon, "GET", "/khao-sat/"+strings.Repeat("b", 32), nil, http.StatusNotFound, "không đúng hoặc đã hết hiệu lực")

		// The desk types in a paper form for the second, and prints the third's questionnaire.
		paper := loc + "/phieu-giay"
		checkPage(f, desk, "GET", paper+"?ma="+url.QueryEscape(second.DossierCode), nil, 200, `name="invitation" value="`+second.ID+`"`)
		checkPage(f, desk, "GET", paper+"?ma=KHONG-CO", nil, http.StatusNotFound, "Không có hồ sơ mã này")
		checkPage(f, desk, "GET", paper+"?moi="+first.ID, nil, http.StatusConflict, "đã có phiếu")
		pf := sipasAnswers("4")
		pf.Set("c_1.1", "2")
		pf.Del("c_5.4")
		pf.Set("invitation", second.ID)
		pf.Set("comment", "Nên có thêm quạt ở phòng chờ.")
		if st, l, body := f.post(desk, paper, pf); st != http.StatusSeeOther || l != loc+"?tra-loi=no" {
			t.Fatalf("paper: %d %s %s", st, l, errorText(body))
		}
		checkPage(f, desk, "POST", paper, pf, http.StatusConflict, "mỗi hồ sơ chỉ nhận một phiếu")
		if st, _, _ := f.post(head, paper, pf); st != http.StatusForbidden {
			t.Fatalf("a hamlet head typed a form: %d", st)
		}
		if len(sample) > 2 {
			st, ctype, pdf := f.getBytes(desk, loc+"/phieu/"+sample[2].ID+"/phieu.pdf")
			if st != 200 || ctype != "application/pdf" {
				t.Fatalf("questionnaire PDF: %d %s", st, ctype)
			}
			text := osPDFText(t, pdf)
			for _, w := range []string{"PHIẾU KHẢO SÁT", sample[2].DossierCode, "Tiếp cận dịch vụ", "Rất hài lòng", "Đánh dấu X", sample[2].Token,
				"Chưa đối chiếu văn bản", strings.ToUpper("UBND xã " + f.commune.Name)} {
				if !strings.Contains(text, w) {
					t.Errorf("the questionnaire lacks %q:\n%s", w, text)
				}
			}
		}
		checkPage(f, desk, "GET", loc, nil, 200, "Nên có thêm quạt ở phòng chờ.", "Đã nhập phiếu giấy", "Đã trả lời trực tuyến")

		// The CSV: two questionnaires, levels per criterion, nothing personal.
		st, ctype, raw := f.getBytes(specialist, loc+"/tra-loi.csv")
		if st != 200 || !strings.HasPrefix(ctype, "text/csv") {
			t.Fatalf("CSV: %d %s", st, ctype)
		}
		for _, personal := range []string{first.ApplicantName, second.ApplicantName, first.DossierCode, second.DossierCode, "quạt", first.Token} {
			if personal != "" && bytes.Contains(raw, []byte(personal)) {
				t.Fatalf("the CSV holds %q", personal)
			}
		}
		records, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(raw, []byte("\ufeff")))).ReadAll()
		if err != nil || len(records) != 3 || len(records[0]) != 6+22 || records[0][6] != "1.1" {
			t.Fatalf("CSV: %d lines %v", len(records), err)
		}
		if records[1][6] != "5" || records[2][6] != "2" || records[2][len(records[2])-1] != "" || records[2][4] != "Phiếu giấy" {
			t.Fatalf("CSV rows: %v / %v", records[1], records[2])
		}

		// Closing: not the desk, not without the confirmation.
		if st, _, _ := f.post(desk, loc+"/ket-thuc", url.Values{"confirm": {"1"}}); st != http.StatusForbidden {
			t.Fatalf("the desk closed: %d", st)
		}
		checkPage(f, leader, "POST", loc+"/ket-thuc", url.Values{}, http.StatusUnprocessableEntity, "Xin đánh dấu ô xác nhận")
		checkPage(f, anon, "GET", "/chi-so-hai-long/ket-qua", nil, 200, "Chưa có cuộc khảo sát nào kết thúc")
		if st, l, _ := f.post(leader, loc+"/ket-thuc", url.Values{"confirm": {"1"}}); st != http.StatusSeeOther || l != loc {
			t.Fatalf("close: %d", st)
		}
		checkPage(f, anon, "POST", sample[len(sample)-1].Link(), sipasAnswers("5"), http.StatusConflict, "đã kết thúc")

		// The index by hand: questionnaire 1 all 5; questionnaire 2 all 4 but 1.1 at 2 and 5.4
		// blank. Element 1: 1.1 = 1/2, 1.2–1.4 = 1 → (1/2 + 3)/4 = 7/8; elements 2–4 = 1; element
		// 5: 5.1–5.3 = 1, 5.4 = 1/1 → 1. Overall (7/8 + 4)/5 = 39/40 = 97,50 %.
		idx, err := f.a.Sipas.Index(ctx, f.commune.ID, v)
		if err != nil || idx.Overall.Text("vi") != "97,50" || idx.Elements[0].Rate.Text("vi") != "87,50" {
			t.Fatalf("index %s, element 1 %s: %v", idx.Overall.Text("vi"), idx.Elements[0].Rate.Text("vi"), err)
		}
		body = checkPage(f, anon, "GET", "/chi-so-hai-long/ket-qua", nil, 200, "97,50 %", "87,50 %", "Khảo sát tháng vừa qua", "Cách tính")
		for _, personal := range []string{first.ApplicantName, second.ApplicantName, first.DossierCode, first.Token, "quạt"} {
			if strings.Contains(body, personal) {
				t.Fatalf("the public result shows %q", personal)
			}
		}

		// The target: the chairman sets it, a specialist may not; the home card compares.
		year := v.Year
		if st, _, _ := f.post(specialist, "/chi-so-hai-long/muc-tieu", url.Values{"year": {strconv.Itoa(year)}, "target": {"98"}}); st != http.StatusForbidden {
			t.Fatalf("a specialist set the target: %d", st)
		}
		checkPage(f, leader, "POST", "/chi-so-hai-long/muc-tieu", url.Values{"year": {strconv.Itoa(year)}, "target": {"98,5 phần trăm"}},
			http.StatusUnprocessableEntity, "tỷ lệ phần trăm từ 0 đến 100")
		if st, _, body := f.post(leader, "/chi-so-hai-long/muc-tieu", url.Values{"year": {strconv.Itoa(year)}, "target": {"98"}}); st != http.StatusSeeOther {
			t.Fatalf("target: %d %s", st, errorText(body))
		}
		checkPage(f, leader, "GET", "/", nil, 200, "Chỉ số hài lòng (SIPAS)", "chỉ số hài lòng 97,50 %, mục tiêu 98,00 %")
		if _, body := f.do(specialist, "GET", "/", nil); strings.Contains(body, "mục tiêu 98,00 %") {
			t.Fatal("the card is shown to a specialist")
		}
		checkPage(f, specialist, "GET", "/chi-so-hai-long", nil, 200, strconv.Itoa(year), "97,50 %", "98,00 %", "Chưa đạt mục tiêu")

		// A commune's method: a bad file is explained, a good one stored, the same one refused.
		checkPage(f, specialist, "GET", "/chi-so-hai-long/phuong-phap", nil, 200, "Tiếp cận dịch vụ", "2640/QĐ-BNV", `enctype="multipart/form-data"`)
		if st, _, body := f.postFile(specialist, "/chi-so-hai-long/phuong-phap", "pp.json", []byte(`{"code":"x","version":"1","elements":5}`)); st != http.StatusUnprocessableEntity ||
			!strings.Contains(body, "Trường «elements» có giá trị sai kiểu") {
			t.Fatalf("a bad method: %d %s", st, errorText(body))
		}
		good := `{"code":"xa-binh-yen","version":"2026","name":"Phiếu của xã","legal_basis":"Kế hoạch của UBND xã","effective_from":"2026-01-01","verified":true,
			"scale":[{"value":1,"label":"Không hài lòng"},{"value":2,"label":"Hài lòng"}],"satisfied_from":2,
			"elements":[{"code":"1","name":"Thái độ phục vụ","criteria":[{"code":"1.1","text":"Công chức niềm nở, tận tình"}]}]}`
		if st, _, body := f.postFile(desk, "/chi-so-hai-long/phuong-phap", "pp.json", []byte(good)); st != http.StatusForbidden {
			t.Fatalf("the desk loaded a method: %d %s", st, errorText(body))
		}
		if st, _, body := f.postFile(specialist, "/chi-so-hai-long/phuong-phap", "pp.json", []byte(good)); st != http.StatusSeeOther {
			t.Fatalf("a good method: %d %s", st, errorText(body))
		}
		checkPage(f, specialist, "POST", "/chi-so-hai-long/phuong-phap", nil, http.StatusUnprocessableEntity)
		if st, _, body := f.postFile(specialist, "/chi-so-hai-long/phuong-phap", "pp.json", []byte(good)); st != http.StatusUnprocessableEntity ||
			!strings.Contains(body, "phương pháp đã lưu không sửa được") {
			t.Fatalf("the same method twice: %d %s", st, errorText(body))
		}
		checkPage(f, desk, "GET", "/chi-so-hai-long/phuong-phap", nil, 200, "Công chức niềm nở, tận tình", "Đã đối chiếu văn bản")
	})
}

// The demo: one closed survey of the year with answers and a target, so that the chairman's
// page shows an index; seeding again adds nothing.
func TestSipasDemo(t *testing.T) {
	f := newFixture(t, dbtest.SQLite(t))
	ctx := context.Background()
	if _, err := onestop.SeedDemoDossiers(ctx, f.d, f.commune.ID, rand.New(rand.NewPCG(2025, 10)), 80); err != nil {
		t.Fatal(err)
	}
	by := audit.Actor{ID: f.userID("u-leader"), Name: "Người thử leader"}
	for range 2 {
		if err := f.a.SeedServiceDemo(ctx, f.commune.ID, by); err != nil {
			t.Fatal(err)
		}
	}
	list, total, err := f.a.Sipas.List(ctx, f.commune.ID, sipas.Filter{})
	if err != nil || total != 1 || list[0].Status != sipas.Closed || list[0].Answered == 0 {
		t.Fatalf("demo surveys: %d %v %+v", total, err, list)
	}
	idx, err := f.a.Sipas.Index(ctx, f.commune.ID, list[0])
	if err != nil || !idx.Overall.Known() {
		t.Fatalf("demo index: %v", err)
	}
	checkPage(f, f.client(auth.Leader), "GET", "/", nil, 200, "chỉ số hài lòng "+idx.Overall.Text("vi")+" %, mục tiêu 85,00 %")
}

// TestBrowserSipasOnAPhone: an applicant on a phone (375 × 740) opens the questionnaire by
// its link, sends it empty (the server's message comes back), answers by tapping the levels
// (each at least 44 px high) and sees the thanks; the staff pages and the public result
// follow. axe-core checks every page on the way, none scrolls sideways.
func TestBrowserSipasOnAPhone(t *testing.T) {
	ctx := browsertest.Start(t, 375, 740)
	f := newFixture(t, dbtest.SQLite(t))
	bg := context.Background()
	if _, err := onestop.SeedDemoDossiers(bg, f.d, f.commune.ID, rand.New(rand.NewPCG(5, 6)), 30); err != nil {
		t.Fatal(err)
	}
	by := audit.Actor{ID: f.userID("u-specialist"), Name: "Người thử specialist"}
	methodID, err := f.a.Sipas.EnsureBuiltin(bg, f.commune.ID)
	if err != nil {
		t.Fatal(err)
	}
	today := calendar.DateOf(time.Now())
	v, err := f.a.Sipas.Create(bg, f.commune.ID, by, sipas.Input{Title: "Khảo sát thử", PeriodFrom: today.AddDays(-40).String(),
		PeriodTo: today.String(), MethodID: methodID, SampleSize: "6"})
	if err != nil {
		t.Fatal(err)
	}
	inv, _, err := f.a.Sipas.Invitations(bg, f.commune.ID, v.ID, sipas.InvitationFilter{Limit: 10})
	if err != nil || len(inv) < 2 {
		t.Fatalf("sample: %d %v", len(inv), err)
	}
	u := f.srv.URL
	visit := func(name, path, wait string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Navigate(u+path), chromedp.WaitVisible(chromedp.CSS(wait))); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		checkAxe(t, ctx, name)
		overflow, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`))
		if err != nil || overflow {
			t.Errorf("%s scrolls sideways at 375 px (%v)", name, err)
		}
	}
	visit("sipas: questionnaire", inv[0].Link(), "#sipas-form")
	if h, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`(ls => ls.length === 110 ? Math.min(...ls.map(l => l.getBoundingClientRect().height)) : -ls.length)([...document.querySelectorAll('#sipas-form fieldset.checks label')])`)); err != nil || h < 44 {
		t.Errorf("a level is %v px high (negative: that many levels, not 22 × 5) (%v)", h, err)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#sipas-form button[type="submit"]`)), chromedp.WaitVisible(chromedp.ID("sipas-error"))); err != nil {
		t.Fatal(err)
	}
	if got := text(t, ctx, "#sipas-error"); !strings.Contains(got, "ít nhất một nội dung") {
		t.Fatalf("empty form: %q", got)
	}
	checkAxe(t, ctx, "sipas: questionnaire with an error")
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`input[name="c_1.1"][value="5"]`)),
		chromedp.Click(chromedp.CSS(`input[name="c_3.1"][value="4"]`)),
		chromedp.SendKeys(chromedp.ID("f-comment"), "Cán bộ hướng dẫn tận tình."),
		chromedp.Click(chromedp.CSS(`#sipas-form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.ID("sipas-thanks"))); err != nil {
		t.Fatal(err)
	}
	checkAxe(t, ctx, "sipas: thanks")

	osSignIn(t, ctx, u, "u-specialist")
	visit("sipas: list", "/chi-so-hai-long", "#sipas-total")
	visit("sipas: survey", v.URL(), "#sipas-overall")
	if body := text(t, ctx, "main"); !strings.Contains(body, "Cán bộ hướng dẫn tận tình.") || !strings.Contains(body, "100,00 %") {
		t.Fatal("the survey page lacks the comment or the rates")
	}
	visit("sipas: new", "/chi-so-hai-long/moi", "#f-method")
	visit("sipas: paper form", v.URL()+"/phieu-giay?moi="+inv[1].ID, "#sipas-paper")
	visit("sipas: paper by code", v.URL()+"/phieu-giay", "#f-ma")
	visit("sipas: methods", "/chi-so-hai-long/phuong-phap", "#sipas-methods")
	visit("sipas: targets", "/chi-so-hai-long/muc-tieu", "#sipas-targets")
	if _, err := f.a.Sipas.Close(bg, f.commune.ID, v.ID, by); err != nil {
		t.Fatal(err)
	}
	visit("sipas: public result", "/chi-so-hai-long/ket-qua", "#sipas-overall")
}
