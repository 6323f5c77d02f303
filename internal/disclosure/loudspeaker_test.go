package disclosure_test

import (
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"xaso/internal/calendar"
	"xaso/internal/commune"
	"xaso/internal/db"
	"xaso/internal/db/dbtest"
	"xaso/internal/disclosure"
)

// hasDigit reports whether s holds a digit of any script.
func hasDigit(s string) bool { return strings.IndexFunc(s, unicode.IsNumber) >= 0 }

func joined(lines []string) string { return strings.Join(lines, "\n") }

// A subsidy list of one hamlet (item 7): its script greets that hamlet, reads the amount and
// the dates as words, says where the full text is up; the hamlet must hear it 3 consecutive
// days, and a commune-wide run joined to the hamlet's own runs day after day makes them.
func TestBroadcastOfAHamletSubsidyList(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		dd := e.publish(disclosure.Input{CategoryNo: 7, Title: "Danh sách hộ được hỗ trợ tiền điện quý IV",
			Summary: "Mức hỗ trợ 1.500.000 đồng/hộ, chi trả từ ngày 15/12/2026 tại nhà văn hóa.", DecisionDate: day(11, 27),
			HamletIDs: []string{e.h1}}, day(11, 30))
		b, err := e.svc.Broadcast(e.ctx, e.cid, dd.ID)
		if err != nil {
			t.Fatal(err)
		}
		script := joined(b.Script)
		for _, want := range []string{
			"Kính thưa bà con nhân dân Xóm Đồng Kệu!",
			"Sau đây là thông báo của Ủy ban nhân dân xã Bình Yên.",
			"Danh sách hộ được hỗ trợ tiền điện quý IV.",
			"một triệu năm trăm nghìn đồng",
			"ngày mười lăm tháng mười hai năm hai nghìn không trăm hai mươi sáu",
			"Văn bản được ban hành ngày hai mươi bảy tháng mười một năm hai nghìn không trăm hai mươi sáu.",
			"Trang thông tin điện tử của xã", // the website posting Publish adds
			"Xin trân trọng thông báo!",
		} {
			if !strings.Contains(script, want) {
				t.Errorf("the script lacks %q:\n%s", want, script)
			}
		}
		if hasDigit(script) {
			t.Errorf("a digit in the script:\n%s", script)
		}
		if strings.Contains(script, "Xóm Trung Tâm") || strings.Contains(script, "toàn thể") {
			t.Errorf("the script speaks to more than the hamlet concerned:\n%s", script)
		}
		if !b.Required() || len(b.Scopes) != 1 || b.Scopes[0].HamletID != e.h1 || b.Scopes[0].Done || b.Complete() {
			t.Fatalf("scopes: %+v", b.Scopes)
		}
		if want := []calendar.Date{day(11, 30), day(12, 1), day(12, 2)}; !equalDates(b.Suggested, want) {
			t.Errorf("suggested %v, want %v", b.Suggested, want)
		}

		// Read on the commune's system on 30/11, then in the hamlet 1–2/12; the notice board
		// at the committee's office.
		e.post(dd, disclosure.Loudspeaker, "", day(11, 30), day(11, 30))
		e.post(dd, disclosure.HQBoard, "", day(11, 30), calendar.Date{})
		e.clk.set(at(time.December, 2, 18))
		b, err = e.svc.Broadcast(e.ctx, e.cid, dd.ID)
		if err != nil {
			t.Fatal(err)
		}
		if b.Scopes[0].Days != 1 || b.Complete() || len(b.Suggested) != 3 || b.Suggested[0] != day(12, 2) {
			t.Fatalf("one day read: %+v, suggested %v", b.Scopes, b.Suggested)
		}
		if !strings.Contains(joined(b.Script), "niêm yết tại trụ sở Ủy ban nhân dân xã và Trang thông tin điện tử của xã") {
			t.Errorf("the places:\n%s", joined(b.Script))
		}
		e.post(dd, disclosure.Loudspeaker, e.h1, day(12, 1), day(12, 2))
		b, err = e.svc.Broadcast(e.ctx, e.cid, dd.ID)
		if err != nil {
			t.Fatal(err)
		}
		if s := b.Scopes[0]; s.Days != 3 || !s.Done || !b.Complete() || b.Suggested != nil {
			t.Fatalf("three days read: %+v, suggested %v", b.Scopes, b.Suggested)
		}
		if len(b.Runs) != 2 || b.Runs[0].Hamlet != "" || b.Runs[0].Days != 1 || b.Runs[1].Hamlet != "Xóm Đồng Kệu" || b.Runs[1].Days != 2 {
			t.Errorf("runs: %+v", b.Runs)
		}
		if _, err := e.svc.Broadcast(e.ctx, e.cid, "khong-co"); err == nil {
			t.Error("an unknown disclosure has a script")
		}
	})
}

// A whole-commune disclosure is heard on the commune's system and in every hamlet; a category
// not broadcast, or a draft, gets no days to suggest.
func TestBroadcastScopesAndSuggestions(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		all := e.publish(disclosure.Input{CategoryNo: 8, Title: "Kế hoạch làm đường liên xóm", Summary: "Tổng mức đầu tư 2,5 tỷ đồng."}, day(11, 30))
		b, err := e.svc.Broadcast(e.ctx, e.cid, all.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(b.Scopes) != 3 || b.Scopes[0].HamletID != "" || b.Scopes[1].HamletID != e.h1 || b.Scopes[2].HamletID != e.h2 {
			t.Fatalf("scopes: %+v", b.Scopes)
		}
		if s := joined(b.Script); !strings.Contains(s, "Kính thưa toàn thể bà con nhân dân trong xã!") || !strings.Contains(s, "hai phẩy năm tỷ đồng") {
			t.Errorf("script:\n%s", s)
		}
		e.post(all, disclosure.Loudspeaker, "", day(11, 30), calendar.Date{}) // still on air
		if b, _ = e.svc.Broadcast(e.ctx, e.cid, all.ID); b.Suggested != nil || !b.Scopes[0].OnAir || b.Scopes[0].Done {
			t.Errorf("on air: %+v, suggested %v", b.Scopes, b.Suggested)
		}

		budget := e.publish(disclosure.Input{CategoryNo: 2, Title: "Dự toán ngân sách xã năm 2026", Summary: "Tổng chi 12 tỷ đồng."}, day(11, 30))
		if b, _ := e.svc.Broadcast(e.ctx, e.cid, budget.ID); b.Required() || b.Suggested != nil || len(b.Script) == 0 {
			t.Errorf("item 2: required %v, suggested %v", b.Required(), b.Suggested)
		}
		draft := e.create(disclosure.Input{CategoryNo: 9, Title: "Danh sách đối tượng được hỗ trợ", Summary: "Gồm 20 hộ."})
		if b, _ := e.svc.Broadcast(e.ctx, e.cid, draft.ID); b.Suggested != nil || !b.Required() {
			t.Errorf("a draft: suggested %v", b.Suggested)
		}
	})
}

func equalDates(a, b []calendar.Date) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// The script reads the committee's telephone digit by digit, reads a shortened body when
// there is no summary, and the text file opens in an old Notepad.
func TestSpokenScriptPhoneBodyAndFile(t *testing.T) {
	lines := disclosure.SpokenScript(disclosure.ScriptInput{Commune: "Bình Yên", Phone: "0208 3878 123", Category: "Danh sách hộ nghèo",
		Title: "Danh sách hộ nghèo năm 2026", Body: strings.Repeat("Hộ ông A được hỗ trợ 200.000 đồng. ", 100),
		Hamlets: []string{"Xóm Đồng Kệu", "Xóm 3"}, Places: []string{"trụ sở Ủy ban nhân dân xã"}})
	s := joined(lines)
	for _, want := range []string{"số điện thoại không hai không tám ba tám bảy tám một hai ba,", "Kính thưa bà con nhân dân Xóm Đồng Kệu và Xóm ba!",
		"thông báo công khai về danh sách hộ nghèo.\nDanh sách hộ nghèo năm hai nghìn không trăm hai mươi sáu.", "hai trăm nghìn đồng"} {
		if !strings.Contains(s, want) {
			t.Errorf("lacks %q:\n%s", want, s)
		}
	}
	if hasDigit(s) || utf8.RuneCountInString(s) > 2500 {
		t.Errorf("%d runes, digits %v", utf8.RuneCountInString(s), hasDigit(s))
	}
	file := string(disclosure.ScriptText(lines))
	if !strings.HasPrefix(file, "\ufeffKính thưa") || !strings.Contains(file, "!\r\n\r\nSau đây") || !strings.HasSuffix(file, "thông báo!\r\n") {
		t.Errorf("file: %q", file[:80])
	}
}

// Whatever the staff typed, the script holds no digit, is valid UTF-8 and has no empty line.
func FuzzSpokenScript(f *testing.F) {
	f.Add("Danh sách 12 hộ", "Mức 1.500.000đ/hộ từ 15/12/2026 lúc 7h30, 12,5 %", "Xóm 3", "0912 345 678")
	f.Add("", "", "", "")
	f.Add("٣ QĐ-UBND số 12/2025/QĐ-UBND", "½ ha, 31/02/2026, 24:00, 99999999999999999999", "\xff", "+84 912")
	f.Fuzz(func(t *testing.T, title, summary, hamlet, phone string) {
		in := disclosure.ScriptInput{Commune: "Bình Yên", Phone: phone, Category: "Mục " + title, Title: title, Summary: summary, Body: summary,
			DecisionDate: calendar.NewDate(2026, 12, 7)}
		if hamlet != "" {
			in.Hamlets, in.Places = []string{hamlet}, []string{"nhà văn hóa " + hamlet}
		}
		for _, l := range disclosure.SpokenScript(in) {
			if l == "" || !utf8.ValidString(l) || hasDigit(l) {
				t.Fatalf("line %q", l)
			}
		}
	})
}

// The printed script has the letterhead's committee and the suggested days to sign.
func TestBroadcastDoc(t *testing.T) {
	c := commune.Commune{Name: "Bình Yên", Province: "Thái Nguyên"}
	d := disclosure.Disclosure{ID: "x", CategoryNo: 7, Title: "Danh sách", Status: disclosure.Published, PublishedOn: calendar.NewDate(2026, 12, 7)}
	b := disclosure.PlanBroadcast(c, d, disclosure.LegalCategories[6], nil, nil, calendar.NewDate(2026, 12, 7))
	doc := disclosure.BroadcastDoc(b, time.Date(2026, 12, 7, 9, 0, 0, 0, calendar.Zone))
	if doc.Title != "Bản đọc trên loa truyền thanh" || doc.Author != "UBND XÃ BÌNH YÊN" || len(b.Suggested) != 3 {
		t.Fatalf("doc: %q %q %v", doc.Title, doc.Author, b.Suggested)
	}
	if len(b.Scopes) != 1 || b.Scopes[0].HamletID != "" {
		t.Errorf("a commune without hamlets: %+v", b.Scopes)
	}
}

// An announcer reads a document by its number and year, and a rate with "mỗi".
func TestReadable(t *testing.T) {
	for in, want := range map[string]string{
		"theo Quyết định số 45/QĐ-UBND":        "theo Quyết định số bốn mươi lăm",
		"Nghị quyết số 12/2025/NQ-HĐND của xã": "Nghị quyết số mười hai năm hai nghìn không trăm hai mươi lăm của xã",
		"mức 1.500.000 đồng/hộ/tháng":          "mức một triệu năm trăm nghìn đồng mỗi hộ mỗi tháng",
		"200.000đ / người":                     "hai trăm nghìn đồng mỗi người",
		"xã/phường, 12/2026":                   "xã/phường, tháng mười hai năm hai nghìn không trăm hai mươi sáu",
		"Số 7/TB-UBND ngày 07/12/2026":         "Số bảy ngày bảy tháng mười hai năm hai nghìn không trăm hai mươi sáu",
	} {
		if got := disclosure.Readable(in); got != want {
			t.Errorf("Readable(%q) = %q, want %q", in, got, want)
		}
	}
}
