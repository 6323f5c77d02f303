package app_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"xaso/internal/audit"
	"xaso/internal/auth"
	"xaso/internal/db"
	"xaso/internal/db/dbtest"
	"xaso/internal/democracy"
)

// seedDemocracy fills the residents-deciding room with its demo (a meeting held with a
// recognised decision and a failed one gone to household ballots, a meeting coming), so that a
// walk of the site reaches every one of its pages.
func (f *fixture) seedDemocracy() democracy.Demo {
	f.t.Helper()
	by := audit.Actor{ID: f.userID("u-leader"), Name: "Người thử leader"}
	demo, err := f.a.Democracy.SeedDemo(context.Background(), f.commune.ID, by)
	if err != nil {
		f.t.Fatal(err)
	}
	return demo
}

// getBytes reads a page as bytes (a PDF).
func (f *fixture) getBytes(c *http.Client, path string) (int, string, []byte) {
	f.t.Helper()
	resp, err := c.Get(f.srv.URL + path)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Content-Type"), b
}

var decisionLoc = regexp.MustCompile(`^/dan-chu/bieu-quyet/[0-9a-f-]{36}$`)

// A hamlet head announces a meeting of its hamlet (a bad form first comes back with its
// values), gives the notice in time, tracks every household to 100 %, checks the households in
// at the door, and the show-of-hands vote on the conventions is counted against all households
// (the count must match the door list), made final, signed, sent and recognised by the
// committee; the public sees the result with its arithmetic, and every printable is a PDF with
// the law's contents. A hamlet head never reaches another hamlet's meeting, and the Front
// cannot recognise what the committee must.
func TestDemocracyThroughPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f, clk := newClockFixture(t, d, vnAt(2026, 12, 7, 8, 0))
		ctx := context.Background()
		hamlets, err := f.a.Democracy.Hamlets(ctx, f.commune.ID)
		if err != nil || len(hamlets) < 2 {
			t.Fatalf("demo hamlets: %v %v", hamlets, err)
		}
		own, other := hamlets[0], hamlets[1]
		if _, err := d.Exec(ctx, `UPDATE hamlets SET head_user_id = $3 WHERE commune_id = $1 AND id = $2`, f.commune.ID, own.ID, f.userID("u-hamlethead")); err != nil {
			t.Fatal(err)
		}
		anon, hh, leader, front := f.client(""), f.client(auth.HamletHead), f.client(auth.Leader), f.client(auth.Front)
		if st, _ := f.do(anon, "GET", "/dan-chu", nil); st == http.StatusOK {
			t.Fatal("/dan-chu is public")
		}

		form := url.Values{"kind": {"decision"}, "title": {"Họp xóm bàn hương ước"}, "hamlet": {own.ID}, "place": {""},
			"day": {"10/12/2026"}, "time": {"19:30"}, "chair": {own.HeadName}, "agenda": {"Sửa đổi hương ước\nÝ kiến của các hộ"}}
		st, _, body := f.post(hh, "/dan-chu/hop/moi", form)
		if st != http.StatusUnprocessableEntity || !strings.Contains(body, "Xin ghi địa điểm") || !strings.Contains(body, "Họp xóm bàn hương ước") {
			t.Fatalf("bad meeting: %d %s", st, errorText(body))
		}
		form.Set("hamlet", other.ID)
		form.Set("place", "Nhà văn hóa xóm "+own.Name)
		if st, _, body = f.post(hh, "/dan-chu/hop/moi", form); st != http.StatusUnprocessableEntity || !strings.Contains(body, "xóm mình phụ trách") {
			t.Fatalf("a hamlet head planned another hamlet's meeting: %d %s", st, errorText(body))
		}
		form.Set("hamlet", own.ID)
		st, loc, body := f.post(hh, "/dan-chu/hop/moi", form)
		if st != http.StatusSeeOther || !strings.HasPrefix(loc, "/dan-chu/hop/") {
			t.Fatalf("plan: %d %s", st, errorText(body))
		}
		meeting := loc
		checkPage(f, hh, "GET", meeting, nil, 200, "Chưa phát; hạn cuối ngày 08/12/2026", "0/"+strconv.Itoa(own.Households))
		form.Set("notice_on", "08/12/2026")
		if st, _, body = f.post(hh, meeting+"/sua", form); st != http.StatusSeeOther {
			t.Fatalf("notice day: %d %s", st, errorText(body))
		}
		// Another hamlet's meeting is not this hamlet head's.
		otherForm := url.Values{"kind": {"decision"}, "title": {"Họp xóm khác"}, "hamlet": {other.ID}, "place": {"Nhà văn hóa"},
			"day": {"11/12/2026"}, "time": {"08:00"}, "agenda": {"Làm đường"}}
		_, otherMeeting, _ := f.post(leader, "/dan-chu/hop/moi", otherForm)
		if st, _ := f.do(hh, "GET", otherMeeting, nil); st != http.StatusForbidden {
			t.Fatalf("a hamlet head read another hamlet's meeting: %d", st)
		}

		// Three households by visit, with the papers; the loudspeaker reaches the rest.
		rows, err := d.Query(ctx, `SELECT id, code FROM households WHERE commune_id = $1 AND hamlet_id = $2 ORDER BY code`, f.commune.ID, own.ID)
		if err != nil {
			t.Fatal(err)
		}
		var ids, codes []string
		for rows.Next() {
			var id, code string
			if err := rows.Scan(&id, &code); err != nil {
				t.Fatal(err)
			}
			ids, codes = append(ids, id), append(codes, code)
		}
		rows.Close()
		n := len(ids)
		checkPage(f, hh, "GET", meeting+"/thong-bao?chua=1", nil, 200, "Có "+strconv.Itoa(n)+" hộ.", codes[0])
		if st, loc, _ := f.post(hh, meeting+"/thong-bao", url.Values{"household": ids[:3], "channel": {"visit"}, "papers": {"1"}, "back": {meeting + "/thong-bao?chua=1"}}); st != http.StatusSeeOther || loc != meeting+"/thong-bao?chua=1" {
			t.Fatalf("inform: %d %s", st, loc)
		}
		checkPage(f, hh, "GET", meeting+"/thong-bao?chua=1", nil, 200, "Có "+strconv.Itoa(n-3)+" hộ.")
		if st, _, body := f.post(hh, meeting+"/thong-bao", url.Values{"household": ids[:1], "channel": {"pigeon"}}); st != http.StatusUnprocessableEntity || !strings.Contains(body, "Xin chọn hình thức thông báo") {
			t.Fatalf("a bad channel: %d %s", st, errorText(body))
		}
		if st, _, _ := f.post(hh, meeting+"/thong-bao/ca-xom", url.Values{"hamlet": {own.ID}, "channel": {"loudspeaker"}}); st != http.StatusSeeOther {
			t.Fatalf("inform the hamlet: %d", st)
		}
		total := strconv.Itoa(n)
		checkPage(f, hh, "GET", meeting, nil, 200, total+"/"+total+"</strong> hộ đã được thông báo (100 %)", "Đạt 100 % hộ được thông báo")

		// At the door: every household but the last, one by a proxy.
		clk.set(vnAt(2026, 12, 10, 19, 40))
		for i, id := range ids[:n-1] {
			proxy := ""
			if i == 0 {
				proxy = "1"
			}
			if st, _, body := f.post(hh, meeting+"/diem-danh", url.Values{"household": {id}, "proxy": {proxy}}); st != http.StatusSeeOther {
				t.Fatalf("check in %s: %d %s", id, st, errorText(body))
			}
		}
		checkPage(f, hh, "GET", meeting+"/diem-danh?chua=1", nil, 200, "Có 1 hộ.", codes[n-1])

		// The conventions by show of hands: the least that passes is more than half of all.
		st, dec, body := f.post(hh, "/dan-chu/bieu-quyet/moi", url.Values{"meeting": {strings.TrimPrefix(meeting, "/dan-chu/hop/")}, "matter": {"3"},
			"form": {"hands"}, "title": {"Thông qua hương ước sửa đổi"}})
		if st != http.StatusSeeOther || !decisionLoc.MatchString(dec) {
			t.Fatalf("open decision: %d %q %s", st, dec, errorText(body))
		}
		need := democracy.Needed(democracy.MoreThanHalf, n)
		present := strconv.Itoa(n - 1)
		if st, _, body := f.post(hh, dec+"/kiem-phieu", url.Values{"hamlet": {own.ID}, "present": {total}, "yes": {"1"}, "no": {"0"}}); st != http.StatusUnprocessableEntity ||
			!strings.Contains(body, "bằng số hộ đã điểm danh") {
			t.Fatalf("a count not matching the door list: %d %s", st, errorText(body))
		}
		if st, _, _ := f.post(hh, dec+"/kiem-phieu", url.Values{"hamlet": {own.ID}, "present": {present}, "yes": {strconv.Itoa(need)}, "no": {strconv.Itoa(n - 1 - need)}}); st != http.StatusSeeOther {
			t.Fatalf("count: %d", st)
		}
		arith := "Tán thành " + strconv.Itoa(need) + " trên tổng số " + total + " hộ gia đình; cần hơn một nửa tổng số hộ, tức ít nhất " + strconv.Itoa(need) + " hộ."
		checkPage(f, hh, "GET", dec, nil, 200, arith, "Đạt.")
		if st, _, _ := f.post(hh, dec+"/gui", url.Values{}); st != http.StatusSeeOther {
			t.Fatalf("send before final: %d", st)
		}
		if st, _, _ := f.post(hh, dec+"/chot", url.Values{}); st != http.StatusSeeOther {
			t.Fatalf("finalise: %d", st)
		}
		checkPage(f, hh, "GET", dec, nil, 200, "Đã có kết quả, chờ gửi biên bản", "Thông qua")
		if st, _, body := f.post(hh, dec+"/ky", url.Values{"front_head": {"Lò Thị Mai"}, "signer1": {"Hoàng Văn A"}, "signer2": {"Hoàng Văn A"}}); st != http.StatusUnprocessableEntity || !strings.Contains(body, "hai người khác nhau") {
			t.Fatalf("the same signer twice: %d %s", st, errorText(body))
		}
		if st, _, _ := f.post(hh, dec+"/ky", url.Values{"front_head": {"Lò Thị Mai"}, "signer1": {"Hoàng Văn A"}, "signer2": {"Nông Thị B"}}); st != http.StatusSeeOther {
			t.Fatalf("signers: %d", st)
		}
		clk.set(vnAt(2026, 12, 11, 9, 0))
		if st, _, _ := f.post(hh, dec+"/gui", url.Values{}); st != http.StatusSeeOther {
			t.Fatalf("sent: %d", st)
		}
		// Matter 3 is the committee's to recognise, not the Front's.
		if st, _, _ := f.post(front, dec+"/tra-loi", url.Values{"outcome": {"recognise"}}); st != http.StatusForbidden {
			t.Fatalf("the Front recognised matter 3: %d", st)
		}
		if st, _, body := f.post(leader, dec+"/tra-loi", url.Values{"outcome": {"refuse"}}); st != http.StatusUnprocessableEntity || !strings.Contains(body, "phải nêu rõ lý do") {
			t.Fatalf("a refusal without reasons: %d %s", st, errorText(body))
		}
		if st, _, _ := f.post(leader, dec+"/tra-loi", url.Values{"outcome": {"recognise"}}); st != http.StatusSeeOther {
			t.Fatalf("recognise: %d", st)
		}
		id := strings.TrimPrefix(dec, "/dan-chu/bieu-quyet/")
		checkPage(f, anon, "GET", "/hop-thon/ket-qua/"+id, nil, 200, "Nội dung được thông qua", arith, "Ủy ban nhân dân xã đã công nhận kết quả ngày 11/12/2026")
		checkPage(f, anon, "GET", "/hop-thon", nil, 200, "Thông qua hương ước sửa đổi")

		// The printables.
		for _, c := range []struct {
			path string
			want []string
		}{
			{meeting + "/thong-bao.pdf", []string{"Mẫu 01", "THÔNG BÁO", "Nhà văn hóa xóm " + own.Name, "Sửa đổi hương ước", "01 người đại diện"}},
			{meeting + "/danh-sach.pdf", []string{"DANH SÁCH ĐẠI DIỆN HỘ GIA ĐÌNH DỰ HỌP", codes[0], codes[n-1]}},
			{dec + "/bien-ban.pdf", []string{"Mẫu 03", "BIÊN BẢN CUỘC HỌP CỘNG ĐỒNG DÂN CƯ", "Lò Thị Mai", "Nông Thị B", "Nội dung được thông qua",
				"tán thành " + strconv.Itoa(need) + " trên tổng số " + total + " hộ gia đình"}},
		} {
			st, ct, b := f.getBytes(hh, c.path)
			if st != 200 || ct != "application/pdf" {
				t.Fatalf("%s: %d %s", c.path, st, ct)
			}
			text := strings.Join(strings.Fields(osPDFText(t, b)), " ")
			for _, w := range c.want {
				if !strings.Contains(text, w) {
					t.Errorf("%s lacks %q:\n%s", c.path, w, text)
				}
			}
		}
		// A count under way is nobody's business but the counters'.
		_, dec2, _ := f.post(hh, "/dan-chu/bieu-quyet/moi", url.Values{"meeting": {strings.TrimPrefix(meeting, "/dan-chu/hop/")}, "matter": {"6"},
			"form": {"hands"}, "title": {"Giờ mở cửa nhà văn hóa"}})
		if st, _ := f.do(anon, "GET", "/hop-thon/ket-qua/"+strings.TrimPrefix(dec2, "/dan-chu/bieu-quyet/"), nil); st != http.StatusNotFound {
			t.Fatalf("a count under way is public: %d", st)
		}
	})
}

// The seeded room: every staff and public page renders for a leader and a hamlet head, the
// household-ballot PDFs are PDFs, and every key the templates use is in the catalogue.
func TestDemocracySeededPages(t *testing.T) {
	f := newFixture(t, dbtest.SQLite(t))
	demo := f.seedDemocracy()
	if again := f.seedDemocracy(); again.Past.ID != "" {
		t.Fatal("the demo seeded twice")
	}
	leader := f.client(auth.Leader)
	for _, p := range []string{"/dan-chu", "/dan-chu/hop/moi", demo.Past.URL(), demo.Upcoming.URL(), demo.Upcoming.URL() + "/sua",
		demo.Upcoming.URL() + "/huy", demo.Upcoming.URL() + "/thong-bao", demo.Past.URL() + "/diem-danh", demo.Recognised.URL(),
		demo.Fallback.URL(), demo.Fallback.URL() + "/phieu", "/dan-chu/bieu-quyet/moi?hop=" + demo.Upcoming.ID,
		"/dan-chu/bieu-quyet/moi?thay-the=" + demo.Fallback.FallbackOf, "/hop-thon", demo.Upcoming.PublicURL(), demo.Recognised.PublicURL()} {
		if st, body := f.do(leader, "GET", p, nil); st != 200 {
			t.Errorf("%s: %d %s", p, st, errorText(body))
		}
	}
	for _, p := range []string{demo.Fallback.URL() + "/phieu.pdf", demo.Recognised.URL() + "/bien-ban.pdf", demo.Past.URL() + "/thong-bao.pdf"} {
		if st, ct, b := f.getBytes(leader, p); st != 200 || ct != "application/pdf" || len(b) < 1000 {
			t.Errorf("%s: %d %s %d bytes", p, st, ct, len(b))
		}
	}
	// A resident shows the door QR of the household; it opens the door list at that household.
	var code string
	if err := f.d.QueryRow(context.Background(), `SELECT code FROM households WHERE commune_id = $1 AND hamlet_id = $2 ORDER BY code LIMIT 1`,
		f.commune.ID, demo.Upcoming.HamletID).Scan(&code); err != nil {
		t.Fatal(err)
	}
	checkPage(f, f.client(""), "GET", demo.Upcoming.PublicURL()+"?ho="+url.QueryEscape(code), nil, 200, `<img src="/hop-thon/ma.png?`, "hộ số "+code)
	if st, ct, png := f.getBytes(f.client(""), "/hop-thon/ma.png?"+url.Values{"hop": {demo.Upcoming.ID}, "ho": {code}}.Encode()); st != 200 || ct != "image/png" || !strings.HasPrefix(string(png), "\x89PNG") {
		t.Errorf("door QR: %d %s", st, ct)
	}
	checkPage(f, f.client(auth.HamletHead), "GET", demo.Upcoming.URL()+"/diem-danh?q="+url.QueryEscape(code), nil, 403)
	checkPage(f, leader, "GET", demo.Upcoming.URL()+"/diem-danh?q="+url.QueryEscape(code), nil, 200, "Có 1 hộ.", code)
	// The household ballots are still out: there is no record of their result yet.
	if st, _, _ := f.getBytes(leader, demo.Fallback.URL()+"/bien-ban.pdf"); st != http.StatusConflict {
		t.Errorf("the record of a count under way: %d", st)
	}
	checkPage(f, leader, "GET", demo.Fallback.URL()+"/phieu", nil, 200, "Đã phát")
	// The duties register names the room of the duties it lists (the notice of a meeting not given).
	if st, _, body := f.post(leader, "/dan-chu/hop/moi", url.Values{"kind": {"decision"}, "title": {"Họp xóm bàn làm đường"}, "hamlet": {demo.Past.HamletID},
		"place": {"Nhà văn hóa"}, "day": {demo.Upcoming.Day().AddDays(7).String()}, "time": {"19:30"}, "agenda": {"Làm đường"}}); st != http.StatusSeeOther {
		t.Fatalf("plan: %d %s", st, errorText(body))
	}
	if _, body := f.do(leader, "GET", "/viec-den-han", nil); !strings.Contains(body, `value="democracy">Nhân dân bàn và quyết định</option>`) ||
		!strings.Contains(body, "Phát thông báo họp cộng đồng dân cư") || strings.Contains(body, "duty.room.") {
		t.Errorf("the duties page does not name the democracy room:\n%s", errorText(body))
	}
	if n := f.checkTemplateKeys(t, "../democracy/templates", "democracy"); n < 150 {
		t.Fatalf("only %d keys in the templates", n)
	}
}

// The board seats (matter 5) fail at the meeting and go to household ballots: the plan, the
// ballots delivered and returned per household, two witnesses, two counts by two people that
// must agree, the result against all households, the record (Mẫu 04) and the Front's
// recognition, which the committee's leader may not give.
func TestDemocracyHouseholdBallotsThroughPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f, clk := newClockFixture(t, d, vnAt(2026, 12, 7, 8, 0))
		ctx := context.Background()
		hamlets, err := f.a.Democracy.Hamlets(ctx, f.commune.ID)
		if err != nil || len(hamlets) < 1 {
			t.Fatalf("demo hamlets: %v %v", hamlets, err)
		}
		own := hamlets[0]
		if _, err := d.Exec(ctx, `UPDATE hamlets SET head_user_id = $3 WHERE commune_id = $1 AND id = $2`, f.commune.ID, own.ID, f.userID("u-hamlethead")); err != nil {
			t.Fatal(err)
		}
		hh, spec, leader, front, anon := f.client(auth.HamletHead), f.client(auth.Specialist), f.client(auth.Leader), f.client(auth.Front), f.client("")
		var ids []string
		rows, err := d.Query(ctx, `SELECT id FROM households WHERE commune_id = $1 AND hamlet_id = $2 ORDER BY code`, f.commune.ID, own.ID)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, id)
		}
		rows.Close()
		n := len(ids)
		if n < 6 {
			t.Fatalf("only %d households", n)
		}
		_, meeting, _ := f.post(hh, "/dan-chu/hop/moi", url.Values{"kind": {"decision"}, "title": {"Họp xóm bầu thành viên Ban Thanh tra nhân dân"},
			"hamlet": {own.ID}, "place": {"Nhà văn hóa"}, "day": {"07/12/2026"}, "time": {"19:30"}, "agenda": {"Bầu thành viên Ban Thanh tra nhân dân"}})
		clk.set(vnAt(2026, 12, 7, 19, 40))
		for _, id := range ids[:3] {
			if st, _, body := f.post(hh, meeting+"/diem-danh", url.Values{"household": {id}}); st != http.StatusSeeOther {
				t.Fatalf("check in: %d %s", st, errorText(body))
			}
		}
		_, failed, _ := f.post(hh, "/dan-chu/bieu-quyet/moi", url.Values{"meeting": {strings.TrimPrefix(meeting, "/dan-chu/hop/")}, "matter": {"5"},
			"form": {"hands"}, "title": {"Bầu ông Lò Văn Sáng vào Ban Thanh tra nhân dân"}})
		f.post(hh, failed+"/kiem-phieu", url.Values{"hamlet": {own.ID}, "present": {"3"}, "yes": {"3"}, "no": {"0"}})
		if st, _, _ := f.post(hh, failed+"/chot", url.Values{}); st != http.StatusSeeOther {
			t.Fatalf("finalise the meeting vote: %d", st)
		}
		failedID := strings.TrimPrefix(failed, "/dan-chu/bieu-quyet/")
		checkPage(f, hh, "GET", failed, nil, 200, "Không thông qua", "/dan-chu/bieu-quyet/moi?thay-the="+failedID)
		checkPage(f, hh, "GET", "/dan-chu/bieu-quyet/moi?thay-the="+failedID, nil, 200, "Phát phiếu lấy ý kiến hộ gia đình thay cho biểu quyết")

		clk.set(vnAt(2026, 12, 8, 9, 0))
		st, ballots, body := f.post(hh, "/dan-chu/bieu-quyet/moi", url.Values{"fallback_of": {failedID}, "matter": {"5"}, "form": {"household"},
			"title": {"Bầu ông Lò Văn Sáng vào Ban Thanh tra nhân dân"}, "team": {"Lò Thị Mai\nHoàng Văn Dũng\nNông Thị Thu"},
			"plan_on": {"08/12/2026"}, "ballots_from": {"08/12/2026"}, "ballots_to": {"09/12/2026"}})
		if st != http.StatusSeeOther || !decisionLoc.MatchString(ballots) {
			t.Fatalf("household ballots: %d %s", st, errorText(body))
		}
		checkPage(f, hh, "GET", ballots, nil, 200, "Ngày phát phiếu chưa bảo đảm sau ngày thông báo kế hoạch ít nhất 02 ngày")
		if st, _, _ := f.post(hh, ballots+"/ke-hoach", url.Values{"plan_sent_on": {"08/12/2026"}}); st != http.StatusSeeOther {
			t.Fatalf("plan sent: %d", st)
		}
		st, ct, pdf := f.getBytes(hh, ballots+"/phieu.pdf")
		if text := strings.Join(strings.Fields(osPDFText(t, pdf)), " "); st != 200 || ct != "application/pdf" ||
			!strings.Contains(text, "PHIẾU LẤY Ý KIẾN HỘ GIA ĐÌNH") || !strings.Contains(text, "Không tán thành") || !strings.Contains(text, "TRƯỞNG XÓM") {
			t.Fatalf("ballot PDF: %d %s\n%s", st, ct, text)
		}
		returned := n/2 + 2
		if st, _, _ := f.post(hh, ballots+"/phieu", url.Values{"step": {"delivered"}, "household": ids}); st != http.StatusSeeOther {
			t.Fatalf("delivered: %d", st)
		}
		if st, _, _ := f.post(hh, ballots+"/phieu", url.Values{"step": {"returned"}, "household": ids[:returned]}); st != http.StatusSeeOther {
			t.Fatalf("returned: %d", st)
		}
		checkPage(f, hh, "GET", ballots+"/phieu?chua=1", nil, 200, "Có "+strconv.Itoa(n-returned)+" hộ.")
		if st, _, _ := f.post(hh, ballots+"/chung-kien", url.Values{"witnesses": {"Hoàng Văn A\nNông Thị B"}}); st != http.StatusSeeOther {
			t.Fatalf("witnesses: %d", st)
		}
		clk.set(vnAt(2026, 12, 10, 9, 0))
		need := democracy.Needed(democracy.MoreThanHalf, n)
		count := func(c *http.Client, yes int) {
			t.Helper()
			if st, _, body := f.post(c, ballots+"/kiem-phieu", url.Values{"hamlet": {own.ID}, "present": {strconv.Itoa(returned)},
				"yes": {strconv.Itoa(yes)}, "no": {strconv.Itoa(returned - yes)}}); st != http.StatusSeeOther {
				t.Fatalf("count: %d %s", st, errorText(body))
			}
		}
		count(hh, need)
		count(spec, need-1)
		checkPage(f, hh, "GET", ballots, nil, 200, "Hai lần kiểm phiếu không khớp nhau")
		if st, loc, _ := f.post(hh, ballots+"/chot", url.Values{}); st != http.StatusSeeOther || loc != ballots {
			t.Fatalf("finalise with counts that differ: %d %s", st, loc)
		}
		checkPage(f, hh, "GET", ballots, nil, 200, "Đang biểu quyết, kiểm phiếu", "Hai lần kiểm phiếu không khớp nhau; xin kiểm lại.")
		count(spec, need)
		if st, _, _ := f.post(hh, ballots+"/chot", url.Values{}); st != http.StatusSeeOther {
			t.Fatalf("finalise: %d", st)
		}
		f.post(hh, ballots+"/ky", url.Values{"front_head": {"Lò Thị Mai"}, "signer1": {"Hoàng Văn A"}, "signer2": {"Nông Thị B"}})
		if st, _, _ := f.post(hh, ballots+"/gui", url.Values{}); st != http.StatusSeeOther {
			t.Fatalf("sent: %d", st)
		}
		// Matter 5 is the Front's to recognise.
		if st, _, _ := f.post(leader, ballots+"/tra-loi", url.Values{"outcome": {"recognise"}}); st != http.StatusForbidden {
			t.Fatalf("the committee recognised matter 5: %d", st)
		}
		if st, _, body := f.post(front, ballots+"/tra-loi", url.Values{"outcome": {"recognise"}}); st != http.StatusSeeOther {
			t.Fatalf("the Front's recognition: %d %s", st, errorText(body))
		}
		st, ct, pdf = f.getBytes(hh, ballots+"/bien-ban.pdf")
		text := strings.Join(strings.Fields(osPDFText(t, pdf)), " ")
		for _, w := range []string{"Mẫu 04", "BIÊN BẢN TỔNG HỢP KẾT QUẢ LẤY Ý KIẾN HỘ GIA ĐÌNH", "Lò Thị Mai, Hoàng Văn Dũng, Nông Thị Thu",
			"Hoàng Văn A, Nông Thị B", "tán thành " + strconv.Itoa(need) + " trên tổng số " + strconv.Itoa(n) + " hộ gia đình", "Nội dung được thông qua"} {
			if st != 200 || ct != "application/pdf" || !strings.Contains(text, w) {
				t.Errorf("Mẫu 04 lacks %q:\n%s", w, text)
			}
		}
		checkPage(f, anon, "GET", "/hop-thon/ket-qua/"+strings.TrimPrefix(ballots, "/dan-chu/bieu-quyet/"), nil, 200,
			"Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam xã đã công nhận kết quả ngày 10/12/2026")
	})
}
