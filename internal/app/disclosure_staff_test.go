package app_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"xaso/internal/calendar"
	"xaso/internal/db"
	"xaso/internal/db/dbtest"
	"xaso/internal/disclosure"
)

// pdfBytes is the smallest file the store takes as a PDF.
var pdfBytes = []byte("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")

// The staff write a subsidy list (item 7) from a decision, with a PDF; a bad form comes back
// with the values; the duty links to the staff page; published late, posted at the
// headquarters for too few days and never broadcast, it shows on the compliance board with
// exactly those three gaps; the loudspeaker script, the Zalo text and the notice print;
// the quarterly list and the report count it; republished, the public sees the new title
// and the history keeps both; archived only with confirmation.
func TestDisclosureStaffPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		leader := f.client("leader")
		today := calendar.DateOf(time.Now())
		decision := today.AddDays(-40)

		status, body := f.do(leader, "GET", "/quan-ly-cong-khai/moi", nil)
		if status != 200 || !strings.Contains(body, `name="decision_date"`) || !strings.Contains(body, `enctype="multipart/form-data"`) {
			t.Fatalf("form: %d", status)
		}
		form := url.Values{"category": {"7"}, "summary": {"Danh sách 12 hộ được hỗ trợ tiền điện quý IV."},
			"decision_date": {decision.String()}}
		status, _, body = f.postMultipart(leader, "/quan-ly-cong-khai/moi", form, nil)
		if status != http.StatusUnprocessableEntity || !strings.Contains(body, "Chưa nhập tiêu đề") || !strings.Contains(body, "12 hộ được hỗ trợ") {
			t.Fatalf("bad form: %d %s", status, errorText(body))
		}
		form.Set("title", "Danh sách hộ nghèo được hỗ trợ tiền điện")
		form.Set("body", `<p>Kèm theo danh sách.</p><script>alert(1)</script>`)
		status, loc, body := f.postMultipart(leader, "/quan-ly-cong-khai/moi", form, pdfBytes)
		if status != http.StatusSeeOther || !strings.HasPrefix(loc, "/quan-ly-cong-khai/") {
			t.Fatalf("create: %d %s", status, errorText(body))
		}
		id := strings.TrimPrefix(loc, "/quan-ly-cong-khai/")
		status, body = f.do(leader, "GET", loc, nil)
		if status != 200 || !strings.Contains(body, "Đã quá hạn công khai") || !strings.Contains(body, "/tep/") {
			t.Fatalf("draft page: %d", status)
		}
		if _, body := f.do(leader, "GET", "/viec-den-han", nil); !strings.Contains(body, loc) {
			t.Fatal("the publication duty does not link to the staff page")
		}
		anon := f.client("")
		if status, _ := f.do(anon, "GET", "/cong-khai/"+id, nil); status != 404 {
			t.Fatalf("draft public: %d", status)
		}
		if status, _ := f.do(leader, "GET", "/cong-khai/"+id, nil); status != http.StatusSeeOther {
			t.Fatalf("draft public page for staff: %d, want a redirect to the register", status)
		}

		// Published 20 days after the decision: late.
		published := decision.AddDays(20)
		if status, _, body := f.post(leader, loc+"/cong-bo", url.Values{"published_on": {"32/13/2026"}}); status != http.StatusUnprocessableEntity || !strings.Contains(body, "Ngày không hợp lệ") {
			t.Fatalf("bad date: %d", status)
		}
		if status, _, body := f.post(leader, loc+"/cong-bo", url.Values{"published_on": {disclosure.FormatDate(published)}}); status != http.StatusSeeOther {
			t.Fatalf("publish: %d %s", status, errorText(body))
		}
		status, body = f.do(anon, "GET", "/cong-khai/"+id, nil)
		if status != 200 || !strings.Contains(body, "Danh sách hộ nghèo") || strings.Contains(body, "alert(1)") || !strings.Contains(body, "/cong-khai/"+id+"/tep/") {
			t.Fatalf("public: %d", status)
		}
		i := strings.Index(body, "/cong-khai/"+id+"/tep/")
		file := body[i : i+len("/cong-khai/"+id+"/tep/")+64]
		if status, got := f.do(anon, "GET", file, nil); status != 200 || !strings.HasPrefix(got, "%PDF") {
			t.Fatalf("attachment: %d", status)
		}
		// The headquarters notice up 10 days; a cultural house with a bad hamlet; no loudspeaker.
		if status, _, body := f.post(leader, loc+"/niem-yet", url.Values{"channel": {"hq_board"}, "put_up": {published.String()},
			"taken_down": {published.AddDays(9).String()}}); status != http.StatusSeeOther {
			t.Fatalf("posting: %d %s", status, errorText(body))
		}
		if status, _, body := f.post(leader, loc+"/niem-yet", url.Values{"channel": {"cultural_house"}, "put_up": {published.String()}}); status != http.StatusUnprocessableEntity ||
			!strings.Contains(body, "Xin chọn thôn, xóm") {
			t.Fatalf("posting without hamlet: %d %s", status, errorText(body))
		}
		status, body = f.do(leader, "GET", loc, nil)
		if status != 200 || !strings.Contains(body, "chưa đủ thời gian") || strings.Contains(body, "Đã quá hạn công khai") {
			t.Fatalf("postings: %d", status)
		}

		// The board: the commune scope shows exactly this late publication, this short posting
		// and this missing broadcast (other categories are empty in this commune).
		status, body = f.do(f.client("inspection"), "GET", "/quan-ly-cong-khai/kiem-tra", nil)
		if status != 200 {
			t.Fatalf("board for the inspection board: %d", status)
		}
		commune := section(body, `id="scope-xa"`)
		for _, want := range []string{"Công khai chậm quá 05 ngày làm việc", "Niêm yết 10 ngày, phải ít nhất 30 ngày liên tục",
			"Chưa thông báo đủ 03 ngày liên tục", "Đã phát 0 ngày liên tục"} {
			if !strings.Contains(commune, want) {
				t.Errorf("board: %q missing", want)
			}
		}
		if strings.Contains(commune, "7. ") && strings.Contains(section(commune, "Nội dung phải công khai nhưng hiện chưa có"), ">7. ") {
			t.Error("item 7 is reported missing although it has a current disclosure")
		}
		if n := strings.Count(commune, `href="/quan-ly-cong-khai/`+id+`"`); n != 3 {
			t.Errorf("the disclosure is named %d times on the commune's board, want 3 (late, short, loudspeaker)", n)
		}

		status, body = f.do(leader, "GET", loc+"/van-ban", nil)
		if status != 200 || !strings.Contains(body, "Kính thưa toàn thể bà con") || !strings.Contains(body, "[CÔNG KHAI] Danh sách hộ nghèo") {
			t.Fatalf("texts: %d", status)
		}
		for _, path := range []string{loc + "/thong-bao.pdf", "/quan-ly-cong-khai/danh-muc-quy.pdf?nam=" + strconv.Itoa(published.Year) + "&quy=" + strconv.Itoa((int(published.Month)-1)/3+1),
			"/quan-ly-cong-khai/bao-cao.pdf?nam=" + strconv.Itoa(published.Year)} {
			if status, got := f.do(leader, "GET", path, nil); status != 200 || !strings.HasPrefix(got, "%PDF") {
				t.Fatalf("%s: %d", path, status)
			}
		}
		status, body = f.do(leader, "GET", "/quan-ly-cong-khai/danh-muc-quy?nam="+strconv.Itoa(published.Year)+"&quy="+strconv.Itoa((int(published.Month)-1)/3+1), nil)
		if status != 200 || !strings.Contains(body, "Danh sách hộ nghèo") || !strings.Contains(body, "Niêm yết tại trụ sở Ủy ban nhân dân xã: "+disclosure.FormatDate(published)) {
			t.Fatalf("quarterly: %d", status)
		}
		if status, _ := f.do(leader, "GET", "/quan-ly-cong-khai/danh-muc-quy?quy=5", nil); status != http.StatusBadRequest && status != http.StatusUnprocessableEntity {
			t.Fatalf("bad quarter: %d", status)
		}
		if published.Year == today.Year {
			status, body = f.do(leader, "GET", "/quan-ly-cong-khai/bao-cao", nil)
			if status != 200 || !strings.Contains(section(body, `id="report-totals"`), "0/1 quyết định công khai đúng hạn, 1 chậm") {
				t.Fatalf("report: %d %s", status, section(body, `id="report-totals"`))
			}
		}

		// Republished with a new title: the public sees it, the history keeps both.
		status, body = f.do(leader, "GET", loc+"/sua", nil)
		if status != 200 || !strings.Contains(body, `name="published_on"`) || !strings.Contains(body, `name="keep"`) {
			t.Fatalf("republish form: %d", status)
		}
		form.Set("title", "Danh sách hộ nghèo được hỗ trợ tiền điện (bổ sung)")
		form.Set("published_on", today.String())
		form["keep"] = []string{file[len(file)-64:]}
		if status, _, body := f.postMultipart(leader, loc+"/sua", form, nil); status != http.StatusSeeOther {
			t.Fatalf("republish: %d %s", status, errorText(body))
		}
		if _, body := f.do(anon, "GET", "/cong-khai/"+id, nil); !strings.Contains(body, "(bổ sung)") || !strings.Contains(body, "/tep/") {
			t.Fatal("the public page does not show the republished version with its file")
		}
		if _, body := f.do(leader, "GET", loc, nil); strings.Count(section(body, "Các lần công khai"), "<li>") != 2 {
			t.Fatal("the history does not keep both versions")
		}

		// Archived only with the box ticked.
		if status, body := f.do(leader, "GET", loc+"/ket-thuc", nil); status != 200 || !strings.Contains(body, `name="confirm"`) {
			t.Fatalf("archive page: %d", status)
		}
		if status, _, _ := f.post(leader, loc+"/ket-thuc", url.Values{"archived_on": {today.String()}}); status != http.StatusUnprocessableEntity {
			t.Fatalf("archive without confirmation: %d", status)
		}
		if status, _, _ := f.post(leader, loc+"/ket-thuc", url.Values{"archived_on": {today.String()}, "confirm": {"1"}}); status != http.StatusSeeOther {
			t.Fatalf("archive: %d", status)
		}
		if status, _ := f.do(anon, "GET", "/cong-khai/"+id, nil); status != 404 {
			t.Fatalf("archived public: %d", status)
		}
		if status, _ := f.do(anon, "GET", file, nil); status != 404 {
			t.Fatalf("archived attachment public: %d", status)
		}
	})
}

// The categories are data: the leader renames one, the desk may not.
func TestDisclosureCategoriesEditable(t *testing.T) {
	f := newFixture(t, dbtest.SQLite(t))
	form := url.Values{"no": {"12"}, "name_vi": {"Phí, lệ phí xã thu trực tiếp"}, "name_en": {"Fees"}, "posting": {"30_days"}, "loudspeaker": {"1"}, "required": {"1"}}
	if status, _, _ := f.post(f.client("desk"), "/quan-ly-cong-khai/noi-dung", form); status != http.StatusForbidden {
		t.Fatalf("desk: %d", status)
	}
	form.Set("name_vi", "")
	if status, _, body := f.post(f.client("leader"), "/quan-ly-cong-khai/noi-dung", form); status != http.StatusUnprocessableEntity || !strings.Contains(body, "Chưa nhập tên") {
		t.Fatalf("empty name: %d", status)
	}
	form.Set("name_vi", "Phí, lệ phí xã thu trực tiếp")
	if status, _, _ := f.post(f.client("leader"), "/quan-ly-cong-khai/noi-dung", form); status != http.StatusSeeOther {
		t.Fatalf("save: %d", status)
	}
	if _, body := f.do(f.client(""), "GET", "/cong-khai", nil); !strings.Contains(body, "12. Phí, lệ phí xã thu trực tiếp") {
		t.Fatal("the portal does not use the new name")
	}
}

// section is the part of body from the first marker to the end of its element's section
// (the next "<section" or the end).
func section(body, marker string) string {
	i := strings.Index(body, marker)
	if i < 0 {
		return ""
	}
	rest := body[i:]
	if j := strings.Index(rest[1:], "<section"); j >= 0 {
		return rest[:j+1]
	}
	return rest
}
