package app_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"xaso/internal/app"
	"xaso/internal/audit"
	"xaso/internal/auth"
	"xaso/internal/calendar"
	"xaso/internal/commune"
	"xaso/internal/db"
	"xaso/internal/db/dbtest"
	"xaso/internal/events"
	"xaso/internal/notify"
	"xaso/internal/rating"
	"xaso/internal/secret"
)

// ratingBase is the portal's address in the rating tests: the SMS carries absolute links only.
const ratingBase = "https://xa-binhyen.example.vn"

// newRatingFixture is newFixture with the portal's address configured.
func newRatingFixture(t *testing.T, d *db.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	res, err := commune.SeedDemo(ctx, d, rand.New(rand.NewPCG(1, 2)), commune.DemoOptions{})
	if err != nil {
		t.Fatal(err)
	}
	c, err := commune.GetCommune(ctx, d, res.CommuneID)
	if err != nil {
		t.Fatal(err)
	}
	keys, err := secret.Create(filepath.Join(t.TempDir(), "secret.keys"))
	if err != nil {
		t.Fatal(err)
	}
	a, err := app.New(ctx, app.Options{DB: d, DataDir: t.TempDir(), BaseURL: ratingBase, Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Hasher: testHasher, SecretKeys: keys})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range auth.AllRoles {
		if _, err := a.Auth.CreateUser(ctx, c.ID, audit.System, auth.NewUser{Username: "u-" + string(r), FullName: "Người thử " + string(r), Password: testPassword, Roles: []auth.Role{r}}); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewServer(a.Handler)
	t.Cleanup(srv.Close)
	return &fixture{t: t, d: d, a: a, srv: srv, commune: c}
}

// ratingReturn takes a dossier received at the desk through the desk's pages to its return
// at the counter by the desk officer, and delivers the outbox (the rating room learns of the
// return from it).
func ratingReturn(t *testing.T, f *fixture, code string) {
	t.Helper()
	desk, spec, lead := f.client(auth.Desk), f.client(auth.Specialist), f.client(auth.Leader)
	for _, step := range []struct {
		c    *http.Client
		path string
		form url.Values
	}{
		{desk, "/chuyen", url.Values{"handover.to": {"specialist|u-specialist"}}},
		{spec, "/chuyen", url.Values{"handover.to": {"leader|u-leader"}}},
		{lead, "/phe-duyet", url.Values{}},
		{desk, "/co-ket-qua", url.Values{}},
		{desk, "/tra-ket-qua", url.Values{"return.method": {"counter"}, "confirm": {"1"}}},
	} {
		if st, loc := osPost(t, f, step.c, "/ho-so/"+code+step.path, step.form); st != http.StatusSeeOther {
			t.Fatalf("%s: %d %s", step.path, st, loc)
		}
	}
	ratingDeliver(t, f)
}

// ratingDeliver delivers every due event of the outbox.
func ratingDeliver(t *testing.T, f *fixture) {
	t.Helper()
	for range 10 {
		n, err := f.a.Events.DeliverDue(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return
		}
	}
}

// pdfPages counts the pages of a PDF by pdftotext's form feeds.
func pdfPages(t *testing.T, pdf []byte) int {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		dbtest.Require(t, "PDF checks need pdftotext (Debian's poppler-utils)")
	}
	in := filepath.Join(t.TempDir(), "p.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, in, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	return strings.Count(string(out), "\f")
}

// The whole path through the pages: a birth registration (1.001193) received at the desk,
// its receipt carrying the rating link and QR code; the link says "not returned yet"; the
// result-ready SMS carries the link; the return at the counter; the tablet offers the dossier;
// the resident taps 2, says why, and sees the thank-you page; a second tap is told politely
// it was rated; the link shows the rating; the figures, their lists, the CSV, the index of
// Decision 766 and the home card show it.
func TestRatingThroughPages(t *testing.T) {
	f := newRatingFixture(t, dbtest.SQLite(t))
	ctx := context.Background()
	desk, spec, lead, anon := f.client(auth.Desk), f.client(auth.Specialist), f.client(auth.Leader), f.client("")
	code := osIntake(t, f, desk, "1.001193", "to-khai", "giay-chung-sinh", "giay-to-tuy-than")
	tok, err := f.a.Rating.Token(ctx, f.commune.ID, code)
	if err != nil {
		t.Fatal(err)
	}
	link := "/danh-gia/ho-so/" + code + "?k=" + tok

	// The receipt (form 01): its QR code is the rating link (the page leads to the tracking
	// page before the return), still on one A5 page. The code's payload is not decoded here
	// (no QR decoder on the machine): its caption is printed only for the rating link, and
	// the link is the room's RateURL with the QR channel.
	st, ctype, pdf := osFetch(t, f, desk, "/dossiers/"+code+"/forms/receipt.pdf")
	if st != 200 || ctype != "application/pdf" {
		t.Fatalf("receipt: %d %s", st, ctype)
	}
	if os.Getenv("RATING_PDF") != "" {
		os.WriteFile(os.Getenv("RATING_PDF"), pdf, 0o600)
	}
	if text := osPDFText(t, pdf); !strings.Contains(text, "Quét mã để tra cứu hồ sơ, đánh giá sự hài lòng") || strings.Contains(text, "Quét mã để tra cứu hồ sơ ") {
		t.Errorf("the receipt's QR code is not the rating link:\n%s", text)
	}
	if u := f.a.Rating.RateURL(f.commune.ID, code); u != ratingBase+link {
		t.Errorf("RateURL %q, want %q", u, ratingBase+link)
	}
	if n := pdfPages(t, pdf); n != 1 {
		t.Errorf("the receipt has %d pages, want one A5 page", n)
	}

	// Before the return: the link opens, and says so; a wrong token or code is not found.
	checkPage(f, anon, "GET", link, nil, 200, "Hồ sơ chưa trả kết quả", code, `href="/tra-cuu?ma=`+code+`"`, "Tra cứu tình trạng hồ sơ")
	checkPage(f, anon, "POST", link, url.Values{"level": {"5"}}, 404, "Hồ sơ này chưa trả kết quả")
	bad := []byte(tok)
	bad[0] = map[bool]byte{true: 'b', false: 'a'}[bad[0] == 'a']
	checkPage(f, anon, "GET", "/danh-gia/ho-so/"+code+"?k="+string(bad), nil, 404)
	checkPage(f, anon, "GET", "/danh-gia/ho-so/"+code, nil, 404)
	checkPage(f, anon, "GET", "/danh-gia/ho-so/"+code+"-X?k="+tok, nil, 404)

	// The tablet waits: nothing returned yet.
	checkPage(f, desk, "GET", "/danh-gia/quay", nil, 200, "Xin chào ông/bà", `class="kiosk rating-kiosk"`,
		`<noscript><meta http-equiv="refresh" content="12;url=/danh-gia/quay"></noscript>`)

	ratingReturn(t, f, code)
	// The result-ready SMS carried the link (the SMS channel).
	msgs, err := notify.List(ctx, f.d, f.commune.ID, "", 50, 0)
	if err != nil {
		t.Fatal(err)
	}
	var sms string
	for _, m := range msgs {
		if m.Channel == notify.SMS && strings.Contains(m.Body, "đã có kết quả") && strings.Contains(m.Body, code) {
			sms = m.Body
		}
	}
	if !strings.Contains(sms, "Mời đánh giá sự hài lòng sau khi nhận: "+ratingBase+link+"&qua=sms Xin cảm ơn.") {
		t.Errorf("result-ready SMS %q", sms)
	}

	// The tablet offers the dossier with five big buttons; the specialist's tablet does not.
	body := checkPage(f, desk, "GET", "/danh-gia/quay", nil, 200, code, "Đăng ký khai sinh", "Nông Thị H.",
		`name="level" value="5"`, "Rất hài lòng", "Hài lòng", "Bình thường", "Không hài lòng", "Rất không hài lòng", `name="dossier" value="`+code+`"`)
	if strings.Contains(body, "Nông Thị Hoa") {
		t.Error("the tablet shows the applicant's full name")
	}
	checkPage(f, spec, "GET", "/danh-gia/quay", nil, 200, "Xin chào ông/bà")
	// A low rating asks why first: nothing is stored yet.
	checkPage(f, desk, "POST", "/danh-gia/quay", url.Values{"dossier": {code}, "level": {"2"}}, 200, "Xin ông/bà cho biết lý do",
		`value="long_wait"`, "Thái độ của cán bộ chưa tốt", `name="step" value="why"`)
	if _, rated, _ := f.a.Rating.RatingOf(ctx, f.commune.ID, code); rated {
		t.Fatal("a low tap was stored before its reasons")
	}
	checkPage(f, desk, "POST", "/danh-gia/quay", url.Values{"dossier": {code}, "level": {"2"}, "step": {"why"}, "reason": {"bribe"}}, 422,
		"Lý do đã chọn không có trong danh sách")
	st, loc, _ := f.post(desk, "/danh-gia/quay", url.Values{"dossier": {code}, "level": {"2"}, "step": {"why"},
		"reason": {"long_wait", "attitude"}, "comment": {"Chờ lâu, cán bộ nghe điện thoại."}})
	if st != http.StatusSeeOther || loc != "/danh-gia/quay/cam-on" {
		t.Fatalf("rate on the tablet: %d %s", st, loc)
	}
	checkPage(f, desk, "GET", loc, nil, 200, "Xin cảm ơn ông/bà", `<meta http-equiv="refresh" content="30;url=/danh-gia/quay">`,
		`href="/danh-gia/quay" id="rating-done">Xong</a>`)
	// A second tap on the same dossier, and the tablet waits again.
	checkPage(f, desk, "POST", "/danh-gia/quay", url.Values{"dossier": {code}, "level": {"5"}}, 409, "Hồ sơ này đã được đánh giá rồi")
	checkPage(f, desk, "GET", "/danh-gia/quay", nil, 200, "Xin chào ông/bà")
	r, rated, err := f.a.Rating.RatingOf(ctx, f.commune.ID, code)
	if err != nil || !rated || r.Level != 2 || r.Channel != rating.ChannelCounter || len(r.Reasons) != 2 || r.OfficerName != "Người thử desk" ||
		r.ProcedureCode != "1.001193" {
		t.Fatalf("stored rating %+v %v %v", r, rated, err)
	}
	// The event for the conduct room.
	evs, _ := events.List(ctx, f.d, f.commune.ID, "", 200, 0)
	found := false
	for _, e := range evs {
		var p rating.RecordedEvent
		if e.Topic == rating.TopicRecorded && e.Decode(&p) == nil && p.DossierCode == code && p.Level == 2 && p.OfficerID == f.userID("u-desk") {
			found = true
		}
	}
	if !found {
		t.Error("no rating.recorded event for the dossier")
	}
	// The link now shows the rating given, and a second rating by it is refused politely.
	checkPage(f, anon, "GET", link, nil, 200, "Đánh giá đã gửi", "Không hài lòng", "Phải chờ đợi lâu", "Chờ lâu, cán bộ nghe điện thoại.")
	checkPage(f, anon, "POST", link+"&qua=qr", url.Values{"level": {"5"}}, 409, "Hồ sơ này đã được đánh giá rồi")

	// The figures: the leader sees the desk officer's line; the desk its own; the specialist none.
	month := time.Now().In(calendar.Zone).Format("2006-01")
	checkPage(f, lead, "GET", "/danh-gia", nil, 200, "Kết quả đánh giá sự hài lòng", "Người thử desk", "1.001193 – Đăng ký khai sinh",
		"Đánh giá về tất cả cán bộ", "/danh-gia/danh-sach?can-bo="+f.userID("u-desk")+"&amp;muc=chua-hai-long&amp;thang="+month)
	checkPage(f, desk, "GET", "/danh-gia", nil, 200, "Đánh giá về các hồ sơ do ông/bà trả kết quả", "Người thử desk")
	if body := checkPage(f, spec, "GET", "/danh-gia", nil, 200, "Chưa có đánh giá"); strings.Contains(body, "Người thử desk") {
		t.Error("the specialist sees the desk officer's ratings")
	}
	checkPage(f, lead, "GET", "/danh-gia/danh-sach?thang="+month+"&muc=chua-hai-long", nil, 200, code, "Không hài lòng", "Máy đánh giá tại quầy")
	if body := checkPage(f, lead, "GET", "/danh-gia/danh-sach?thang="+month+"&muc=hai-long", nil, 200, "Có 0 lượt đánh giá"); strings.Contains(body, code) {
		t.Error("the satisfied list holds the dissatisfied rating")
	}
	if body := checkPage(f, spec, "GET", "/danh-gia/danh-sach?thang="+month+"&can-bo="+f.userID("u-desk"), nil, 200); strings.Contains(body, code) {
		t.Error("a specialist read another officer's list by its address")
	}
	checkPage(f, lead, "GET", "/danh-gia?thang=2026-13", nil, 404)
	st, _, csvBody := f.getBytes(lead, "/danh-gia/xuat.csv?thang="+month)
	if st != 200 || !strings.Contains(string(csvBody), code) || !strings.Contains(string(csvBody), "Không hài lòng") ||
		!strings.Contains(string(csvBody), "Phải chờ đợi lâu; Thái độ của cán bộ chưa tốt") {
		t.Errorf("csv: %d\n%s", st, csvBody)
	}

	// Decision 766: the third satisfaction rate, computed from the ratings: 0 of 1 satisfied.
	body = checkPage(f, lead, "GET", "/ho-so/chi-so", nil, 200, "Mức độ hài lòng trong giải quyết thủ tục hành chính",
		"Tỷ lệ phản ánh, kiến nghị được xử lý đúng hạn", "Mức độ hài lòng trong tiếp nhận, xử lý phản ánh, kiến nghị")
	if i := strings.Index(body, `id="ind-satisfaction"`); i < 0 || !strings.Contains(body[i:min(len(body), i+1500)], "0 / 1") {
		t.Errorf("the satisfaction line is not 0 / 1")
	}
	checkPage(f, lead, "GET", "/ho-so/chi-so/ho-so?thang="+month+"&chi-so=satisfaction", nil, 200, code)
	raw := checkPage(f, lead, "GET", "/api/v1/indicators?month="+month, nil, 200)
	var ind struct {
		Indicators []struct {
			Key                    string
			Numerator, Denominator int
			MaxPoints              float64 `json:"max_points"`
		}
	}
	if err := json.Unmarshal([]byte(raw), &ind); err != nil {
		t.Fatal(err)
	}
	ok := false
	for _, it := range ind.Indicators {
		ok = ok || (it.Key == "satisfaction" && it.Numerator == 0 && it.Denominator == 1 && it.MaxPoints == 6)
	}
	if !ok {
		t.Errorf("the API's index lacks the satisfaction rate: %s", raw)
	}

	// The home card: today's ratings and the ones not satisfied.
	checkPage(f, lead, "GET", "/", nil, 200, "Hôm nay có 1 lượt đánh giá, 1 lượt chưa hài lòng")
	checkPage(f, spec, "GET", "/", nil, 200, "Hôm nay có 0 lượt đánh giá, 0 lượt chưa hài lòng")
}

// A dossier rated later from its link (the receipt's QR code): the form's errors come back on
// the page, then the rating is stored with its channel and the page shows it, with thanks.
func TestRatingByLink(t *testing.T) {
	f := newRatingFixture(t, dbtest.SQLite(t))
	ctx := context.Background()
	desk, anon := f.client(auth.Desk), f.client("")
	code := osIntake(t, f, desk, "1.001193", "to-khai", "giay-chung-sinh", "giay-to-tuy-than")
	ratingReturn(t, f, code)
	path, err := f.a.Rating.RatePath(ctx, f.commune.ID, code)
	if err != nil {
		t.Fatal(err)
	}
	link := path + "&qua=qr"
	checkPage(f, anon, "GET", link, nil, 200, "Mức độ hài lòng của ông/bà", `action="/danh-gia/ho-so/`+code+`?k=`, "Người thử desk")
	checkPage(f, anon, "POST", link, url.Values{"level": {"9"}}, 422, "Xin chọn một mức độ hài lòng")
	checkPage(f, anon, "POST", link, url.Values{"level": {"1"}, "comment": {strings.Repeat("a", 1001)}}, 422, "Ý kiến dài quá 1000 ký tự")
	st, loc, _ := f.post(anon, link, url.Values{"level": {"4"}, "reason": {"long_wait"}, "comment": {"Nhanh."}})
	if st != http.StatusSeeOther || !strings.HasPrefix(loc, "/danh-gia/ho-so/"+code+"?") || !strings.Contains(loc, "qua=qr") {
		t.Fatalf("rate by link: %d %s", st, loc)
	}
	checkPage(f, anon, "GET", loc, nil, 200, "Xin cảm ơn ông/bà đã đánh giá", "Đánh giá đã gửi", "Hài lòng", "Nhanh.")
	r, rated, _ := f.a.Rating.RatingOf(ctx, f.commune.ID, code)
	if !rated || r.Level != 4 || r.Channel != rating.ChannelQR || len(r.Reasons) != 0 {
		t.Fatalf("stored %+v", r)
	}
	// The tablet does not offer a dossier rated already.
	checkPage(f, desk, "GET", "/danh-gia/quay", nil, 200, "Xin chào ông/bà")
}

// Who may open the room's pages: the tablet and the figures are the officers' (desk,
// specialist, leader), the link's page is public, the room's files are public.
func TestRatingPermissions(t *testing.T) {
	f := newFixture(t, dbtest.SQLite(t))
	for _, c := range []struct {
		path   string
		role   auth.Role
		status int
	}{
		{"/danh-gia/quay", auth.Desk, 200}, {"/danh-gia/quay", auth.Specialist, 200}, {"/danh-gia/quay", auth.Leader, 200},
		{"/danh-gia/quay", auth.Front, 403}, {"/danh-gia/quay", auth.Admin, 403}, {"/danh-gia/quay", auth.Resident, 403}, {"/danh-gia/quay", "", 303},
		{"/danh-gia/quay/cam-on", auth.Desk, 200}, {"/danh-gia/quay/cam-on", auth.Inspection, 403},
		{"/danh-gia", auth.Leader, 200}, {"/danh-gia", auth.Desk, 200}, {"/danh-gia", auth.Specialist, 200},
		{"/danh-gia", auth.HamletHead, 403}, {"/danh-gia", auth.Front, 403}, {"/danh-gia", "", 303},
		{"/danh-gia/danh-sach", auth.Leader, 200}, {"/danh-gia/danh-sach", auth.InvestmentWatch, 403},
		{"/danh-gia/xuat.csv", auth.Specialist, 200}, {"/danh-gia/xuat.csv", auth.Resident, 403},
		{"/danh-gia/ho-so/khong-co?k=abcdefghijklmnop", "", 404},
		{"/danh-gia/tep/danh-gia.css", "", 200}, {"/danh-gia/tep/quay.js", "", 200},
	} {
		if st, _ := f.do(f.client(c.role), "GET", c.path, nil); st != c.status {
			t.Errorf("GET %s as %q: %d, want %d", c.path, c.role, st, c.status)
		}
	}
	if st, _ := f.do(f.client(auth.Front), "POST", "/danh-gia/quay", url.Values{"dossier": {"x"}, "level": {"5"}}); st != 403 {
		t.Errorf("POST /danh-gia/quay as the Front: %d", st)
	}
}
