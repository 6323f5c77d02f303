package democracy_test

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
	"xaso/internal/democracy"
)

func hasDigit(s string) bool { return strings.IndexFunc(s, unicode.IsNumber) >= 0 }

// A hamlet meeting's notice, as read on the loudspeaker: the hamlet, the hamlet head who gives
// it, the day and the time in words with the lunar day, the place, the agenda item by item,
// one representative per household, the papers of matter 1 (not of matter 6), and the time and
// place once more; no digit anywhere. A meeting across the commune is the committee's notice.
func TestNoticeScriptOfAHamletMeeting(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx, svc := e.ctx, e.svc
		own := democracy.Scope{HeadedBy: head.ID}
		m, err := svc.PlanMeeting(ctx, e.cid, head, own, democracy.MeetingInput{Kind: democracy.DecisionMeeting, Title: "Họp xóm bàn làm đường bê tông",
			HamletID: e.a, Place: "Nhà văn hóa xóm Đồng Tâm", Day: "10/12/2026", Time: "19:30",
			Agenda: "Mức đóng góp 200.000 đồng/hộ làm 1,2 km đường\nBầu tổ giám sát 5 người"})
		if err != nil {
			t.Fatal(err)
		}
		for _, in := range []democracy.DecisionInput{
			{MeetingID: m.ID, Matter: "1", Form: democracy.ShowOfHands, Title: "Mức đóng góp làm đường bê tông"},
			{MeetingID: m.ID, Matter: "6", Form: democracy.ShowOfHands, Title: "Ngày ra quân dọn vệ sinh"},
		} {
			if _, err := svc.OpenDecision(ctx, e.cid, head, own, in); err != nil {
				t.Fatal(err)
			}
		}
		n, err := svc.NoticeScript(ctx, e.cid, m)
		if err != nil {
			t.Fatal(err)
		}
		script := strings.Join(n.Script, "\n")
		lunar := calendar.SolarToLunar(calendar.NewDate(2026, time.December, 10))
		if lunar.Month != 11 || lunar.Day != 2 {
			t.Fatalf("lunar day of 10/12/2026: %+v", lunar)
		}
		for _, want := range []string{
			"Kính thưa bà con nhân dân xóm Đồng Tâm!",
			"Sau đây là thông báo của trưởng xóm Đồng Tâm, Hoàng Văn Tâm.",
			"xóm Đồng Tâm tổ chức cuộc họp bàn và quyết định.",
			"Thời gian: vào lúc mười chín giờ ba mươi phút, thứ Năm, ngày mười tháng mười hai năm hai nghìn không trăm hai mươi sáu, tức ngày mồng hai tháng mười một âm lịch.",
			"Địa điểm: Nhà văn hóa xóm Đồng Tâm.",
			"mỗi hộ gia đình cử một người đại diện dự họp",
			"Thứ nhất: Mức đóng góp hai trăm nghìn đồng mỗi hộ làm một phẩy hai ki-lô-mét đường.",
			"Thứ hai: Bầu tổ giám sát năm người.",
			"Tài liệu về các nội dung cần quyết định: Mức đóng góp làm đường bê tông, được gửi đến từng hộ gia đình",
			"Xin nhắc lại: Họp xóm bàn làm đường bê tông, vào lúc mười chín giờ",
			"Xin trân trọng thông báo!",
		} {
			if !strings.Contains(script, want) {
				t.Errorf("the script lacks %q:\n%s", want, script)
			}
		}
		if hasDigit(script) || strings.Contains(script, "Ngày ra quân") {
			t.Errorf("a digit, or the papers of matter 6:\n%s", script)
		}
		if len(n.Papers) != 1 || n.Head != head.Name || n.DueOn != calendar.NewDate(2026, time.December, 8) {
			t.Errorf("papers %v, head %q, due %s", n.Papers, n.Head, n.DueOn)
		}

		wide, err := svc.PlanMeeting(ctx, e.cid, leader, democracy.Scope{}, democracy.MeetingInput{Kind: democracy.DialogueMeeting,
			Title: "Hội nghị đối thoại năm 2026", Place: "Hội trường Ủy ban nhân dân xã", Day: "2026-12-21", Time: "08:00", Agenda: "Đối thoại với Nhân dân"})
		if err != nil {
			t.Fatal(err)
		}
		n, err = svc.NoticeScript(ctx, e.cid, wide)
		if err != nil {
			t.Fatal(err)
		}
		script = strings.Join(n.Script, "\n")
		for _, want := range []string{"Kính thưa toàn thể bà con nhân dân trong xã!", "Sau đây là thông báo của Ủy ban nhân dân xã Bình Yên.",
			"xã tổ chức hội nghị đối thoại với Nhân dân.", "vào lúc tám giờ, thứ Hai, ngày hai mươi mốt tháng mười hai"} {
			if !strings.Contains(script, want) {
				t.Errorf("commune-wide: lacks %q:\n%s", want, script)
			}
		}
		if hasDigit(script) || strings.Contains(script, "Tài liệu") || strings.Contains(script, "trưởng xóm Đồng Tâm") {
			t.Errorf("commune-wide:\n%s", script)
		}
	})
}

// The script's words for the days: the lunar first month is Giêng and days up to the tenth
// are "mồng"; a hamlet named without its word is still a "xóm"; a cluster meets on its own.
func TestMeetingScriptWords(t *testing.T) {
	c := commune.Commune{Name: "Bình Yên", Chairman: "Ma Văn Hùng"}
	// 17 February 2026 is the lunar new year (1/1 Bính Ngọ), a Tuesday.
	m := democracy.Meeting{Kind: democracy.DecisionMeeting, Title: "Họp cụm", HamletID: "h", Hamlet: "Thôn Nà Pồng", Cluster: "Cụm Bắc",
		Place: "Nhà ông A", StartsAt: time.Date(2026, 2, 17, 14, 5, 0, 0, calendar.Zone), Agenda: []string{"a", "b", "c", "d"}}
	s := strings.Join(democracy.MeetingScript(c, m, "", nil), "\n")
	for _, want := range []string{"Kính thưa bà con nhân dân thôn Nà Pồng, Cụm Bắc!", "Sau đây là thông báo của trưởng thôn Nà Pồng.",
		"mười bốn giờ năm phút, thứ Ba, ngày mười bảy tháng hai năm hai nghìn không trăm hai mươi sáu, tức ngày mồng một tháng Giêng âm lịch",
		"mỗi hộ gia đình thuộc Cụm Bắc cử một người", "Thứ ba: c.", "Thứ tư: d."} {
		if !strings.Contains(s, want) {
			t.Errorf("lacks %q:\n%s", want, s)
		}
	}
	m.Hamlet, m.Cluster = "Đồng Tâm", ""
	if s := strings.Join(democracy.MeetingScript(c, m, "", nil), "\n"); !strings.Contains(s, "bà con nhân dân xóm Đồng Tâm!") {
		t.Errorf("a bare name:\n%s", s)
	}
	file := string(democracy.ScriptText([]string{"Một.", "Hai."}))
	if file != "\ufeffMột.\r\n\r\nHai.\r\n" {
		t.Errorf("file %q", file)
	}
	doc := democracy.NoticeScriptDoc(democracy.PlanNoticeScript(c, m, "", nil), time.Now())
	if doc.Title != "Bản đọc trên loa truyền thanh" || doc.Subtitle != "Họp cụm" {
		t.Errorf("doc %q %q", doc.Title, doc.Subtitle)
	}
}

// Whatever the staff typed in a meeting, its script holds no digit, is valid UTF-8 and has no
// empty line.
func FuzzMeetingScript(f *testing.F) {
	f.Add("Họp xóm 3", "Nhà văn hóa số 12/QĐ", "200.000đ/hộ\n1,5 km\n\n٣", "Xóm 5", "Cụm 2", int64(0))
	f.Add("", "", "", "", "", int64(-1e12))
	f.Add("\xff", "7h30", "31/02/2026 24:00", "Tổ dân phố 1", "", int64(4e12))
	c := commune.Commune{Name: "Bình Yên 2"}
	f.Fuzz(func(t *testing.T, title, place, agenda, hamlet, cluster string, unix int64) {
		m := democracy.Meeting{Kind: democracy.YearEndMeeting, Title: title, Place: place, Hamlet: hamlet, HamletID: hamlet, Cluster: cluster,
			StartsAt: time.Unix(unix%(1<<35), 0), Agenda: strings.Split(agenda, "\n")}
		papers := []democracy.Decision{{Matter: democracy.MatterRules, Title: agenda}}
		for _, l := range democracy.MeetingScript(c, m, title, papers) {
			if l == "" || !utf8.ValidString(l) || hasDigit(l) {
				t.Fatalf("line %q", l)
			}
		}
	})
}
