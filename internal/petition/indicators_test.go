package petition_test

import (
	"strings"
	"testing"

	"xaso/internal/db"
	"xaso/internal/db/dbtest"
	"xaso/internal/petition"
)

// Decision 766's first satisfaction rate: the month's reports and recommendations whose
// handling ended (answered, refused, forwarded), on time or late; complaints, denunciations and
// petitions still open do not count, nor those ended in another month.
func TestHandledOnTime(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		file := func(content string) petition.Petition {
			e.clk.set(at(2026, 3, 2, 9, 0))
			return e.file(report(content))
		}
		accept := func(p petition.Petition, kind petition.Kind) {
			e.do(p.Number, at(2026, 3, 2, 10, 0), desk, petition.ActClassify, petition.Input{Kind: kind, Topic: "dien-nuoc"})
			e.do(p.Number, at(2026, 3, 2, 10, 5), desk, petition.ActAccept, petition.Input{})
			e.do(p.Number, at(2026, 3, 2, 11, 0), leader, petition.ActAssign, petition.Input{HandlerID: spec.ID, HandlerName: spec.Name})
		}
		// Filed Monday 2 March 2026: the answer is due Monday 16 March, 17:00.
		onTime := file("Đèn đường hỏng ở xóm Đồng.")
		accept(onTime, petition.Report)
		e.do(onTime.Number, at(2026, 3, 16, 16, 0), spec, petition.ActAnswer, petition.Input{Text: "Đã sửa."})
		late := file("Cống thoát nước tắc ở chợ xã.")
		accept(late, petition.Recommendation)
		e.do(late.Number, at(2026, 3, 18, 9, 0), spec, petition.ActAnswer, petition.Input{Text: "Đã thông cống."})
		refused := file("Xin làm đường vào nhà riêng.")
		e.do(refused.Number, at(2026, 3, 3, 9, 0), desk, petition.ActRefuse, petition.Input{Text: "Không thuộc thẩm quyền xã, đã hướng dẫn."})
		open := file("Rác thải bên đường liên xóm.")
		accept(open, petition.Report)
		complaint := file("Khiếu nại quyết định thu hồi đất.")
		accept(complaint, petition.Complaint)
		e.do(complaint.Number, at(2026, 3, 10, 9, 0), leader, petition.ActDecide, petition.Input{Text: "Giữ nguyên quyết định."})
		e.do(complaint.Number, at(2026, 3, 10, 10, 0), leader, petition.ActAnswer, petition.Input{Text: "Quyết định giải quyết khiếu nại số 3."})
		april := file("Biển báo bị đổ.")
		accept(april, petition.Report)
		e.do(april.Number, at(2026, 4, 1, 9, 0), spec, petition.ActAnswer, petition.Input{Text: "Đã dựng lại."})

		yes, no, err := e.svc.Handled(e.ctx, e.cid, at(2026, 3, 20, 0, 0))
		if err != nil {
			t.Fatal(err)
		}
		if got, want := strings.Join(yes, ","), onTime.Number+","+refused.Number; got != want {
			t.Errorf("on time %s, want %s", got, want)
		}
		if got := strings.Join(no, ","); got != late.Number {
			t.Errorf("late %s, want %s", got, late.Number)
		}
		yes, no, err = e.svc.Handled(e.ctx, e.cid, at(2026, 4, 30, 23, 0))
		// Filed on 2 March, due on 16 March, answered on 1 April: late.
		if err != nil || len(yes) != 0 || strings.Join(no, ",") != april.Number {
			t.Errorf("April: %v %v %v", yes, no, err)
		}
	})
}

// The rating link is offered for an answered report, recommendation or complaint once the
// rating room is connected, never for a denunciation, and the answer's SMS carries it.
func TestRatingLinkOfAnswer(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		p := e.file(report("Đèn đường hỏng ở xóm Đồng."))
		if u := e.svc.RateURL(p); u != "" {
			t.Fatalf("a link before any rating room: %q", u)
		}
		e.svc.UseRatingLink(func(communeID, number string) string {
			return "https://xa.example/danh-gia/phan-anh/" + number + "?k=abc"
		})
		if u := e.svc.RateURL(p); u != "" {
			t.Fatalf("a link before the answer: %q", u)
		}
		e.do(p.Number, at(2026, 3, 2, 10, 0), desk, petition.ActClassify, petition.Input{Kind: petition.Report, Topic: "dien-nuoc"})
		e.do(p.Number, at(2026, 3, 2, 10, 5), desk, petition.ActAccept, petition.Input{})
		e.do(p.Number, at(2026, 3, 2, 11, 0), leader, petition.ActAssign, petition.Input{HandlerID: spec.ID, HandlerName: spec.Name})
		a := e.do(p.Number, at(2026, 3, 3, 9, 0), spec, petition.ActAnswer, petition.Input{Text: "Đã sửa."})
		if u := e.svc.RateURL(a); u != "https://xa.example/danh-gia/phan-anh/"+p.Number+"?k=abc" {
			t.Fatalf("link %q", u)
		}
		var body string
		if err := e.d.QueryRow(e.ctx, `SELECT payload FROM outbox WHERE commune_id = $1 AND topic = 'notify.send'`, e.cid).Scan(&body); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(body, "/danh-gia/phan-anh/"+p.Number) {
			t.Fatalf("the answer's SMS has no rating link: %q", body)
		}
		if petition.Rateable(petition.Denunciation) || !petition.Rateable(petition.Complaint) {
			t.Fatal("Rateable")
		}
	})
}
