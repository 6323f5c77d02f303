package app_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"xaso/internal/audit"
	"xaso/internal/auth"
	"xaso/internal/calendar"
	"xaso/internal/db"
	"xaso/internal/db/dbtest"
	"xaso/internal/oversight"
)

// seedRecommendation records an inspection board's recommendation to the committee, sent on
// day, so that the walk and the tests reach its pages.
func (f *fixture) seedRecommendation(day calendar.Date) oversight.Recommendation {
	f.t.Helper()
	ctx := context.Background()
	var r oversight.Recommendation
	by := audit.Actor{ID: f.userID("u-inspection"), Name: "Người thử inspection"}
	if err := f.d.Tx(ctx, func(tx *db.Tx) error {
		var err error
		r, err = oversight.Recommend(ctx, tx, calendar.Default(), f.commune.ID, by, oversight.RecommendInput{Board: oversight.BoardInspection,
			SubjectType: "case", SubjectID: "demo", Title: "Niêm yết lại danh sách hộ nghèo", Text: "Đề nghị niêm yết lại danh sách tại nhà văn hóa xóm.",
			To: oversight.ToCommittee, SentOn: day})
		return err
	}); err != nil {
		f.t.Fatal(err)
	}
	return r
}

// A recommendation the committee has not answered in 15 days shows overdue in public; the
// Front may read it but not answer; the leader answers (late, and it stays marked late); the
// board closes its follow-up.
func TestRecommendationOverdueInPublic(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f, clk := newClockFixture(t, d, vnAt(2026, 12, 7, 9, 0))
		r := f.seedRecommendation(calendar.NewDate(2026, 12, 7))
		anon, leader, front, inspection := f.client(""), f.client(auth.Leader), f.client(auth.Front), f.client(auth.Inspection)
		checkPage(f, anon, "GET", "/kien-nghi-giam-sat", nil, 200, "Niêm yết lại danh sách hộ nghèo", "Hạn trả lời 22/12/2026")
		clk.set(vnAt(2026, 12, 23, 9, 0))
		checkPage(f, anon, "GET", "/kien-nghi-giam-sat?tre=1", nil, 200, "Quá hạn trả lời 1 ngày", `<strong class="big">1</strong>`)
		if st, _ := f.do(anon, "GET", "/kien-nghi", nil); st == http.StatusOK {
			t.Fatal("/kien-nghi is public")
		}
		if st, _, _ := f.post(front, r.URL()+"/tra-loi", url.Values{"text": {"Đã xem xét"}}); st != http.StatusForbidden {
			t.Fatalf("the Front answered for the committee: %d", st)
		}
		if st, _, body := f.post(leader, r.URL()+"/tra-loi", url.Values{"text": {""}}); st != http.StatusUnprocessableEntity || !strings.Contains(body, "Xin ghi nội dung trả lời") {
			t.Fatalf("empty answer: %d %s", st, errorText(body))
		}
		if st, _, _ := f.post(leader, r.URL()+"/tra-loi", url.Values{"text": {"UBND xã đã chỉ đạo niêm yết lại."}}); st != http.StatusSeeOther {
			t.Fatalf("answer: %d", st)
		}
		checkPage(f, anon, "GET", r.PublicURL(), nil, 200, "Trả lời chậm 1 ngày", "UBND xã đã chỉ đạo niêm yết lại.")
		if st, _, _ := f.post(leader, r.URL()+"/dong", url.Values{}); st != http.StatusForbidden {
			t.Fatalf("the committee closed the board's follow-up: %d", st)
		}
		if st, _, _ := f.post(inspection, r.URL()+"/dong", url.Values{"text": {"Đã niêm yết."}}); st != http.StatusSeeOther {
			t.Fatalf("close: %d", st)
		}
		checkPage(f, inspection, "GET", r.URL(), nil, 200, "Đã niêm yết.")
	})
}
