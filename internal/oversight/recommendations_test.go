package oversight_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"xaso/internal/audit"
	"xaso/internal/calendar"
	"xaso/internal/commune"
	"xaso/internal/db"
	"xaso/internal/db/dbtest"
	"xaso/internal/duty"
	"xaso/internal/errs"
	"xaso/internal/oversight"
)

var boardActor = audit.Actor{ID: "u-inspection", Name: "Lò Văn Sáng"}

func recEnv(t *testing.T, d *db.DB, now *time.Time) (string, *oversight.Recommendations) {
	ctx := context.Background()
	var c commune.Commune
	if err := d.Tx(ctx, func(tx *db.Tx) error {
		var err error
		c, err = commune.CreateCommune(ctx, tx, commune.Commune{Code: "BY", Name: "Bình Yên", Province: "Thái Nguyên", AgencyCode: "000.00.12.H55"})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return c.ID, oversight.NewRecommendations(oversight.RecDeps{DB: d, Now: func() time.Time { return *now }})
}

func recDay(t *testing.T, s string) calendar.Date {
	t.Helper()
	d, err := calendar.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// A recommendation to the committee is due 15 days after it was sent; an answer after that is
// late and stays marked late; the follow-up then closes. The investor answers only an
// investment board.
func TestRecommendationAnswerDue(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := time.Date(2026, 12, 7, 9, 0, 0, 0, calendar.Zone)
		cid, svc := recEnv(t, d, &now)
		var r oversight.Recommendation
		in := oversight.RecommendInput{Board: oversight.BoardInspection, SubjectType: "case", SubjectID: "case-1",
			Title: "Công khai danh sách hộ nghèo", Text: "Đề nghị niêm yết lại danh sách hộ nghèo tại nhà văn hóa xóm.",
			To: oversight.ToInvestor, SentOn: recDay(t, "2026-12-07")}
		err := d.Tx(ctx, func(tx *db.Tx) error {
			_, err := oversight.Recommend(ctx, tx, calendar.Default(), cid, boardActor, in)
			return err
		})
		if fe, ok := errs.Fields(err); !ok || fe["rec_to"] != "recommendation.err.to" {
			t.Fatalf("an inspection board's recommendation to an investor: %v", err)
		}
		in.To = oversight.ToCommittee
		if err := d.Tx(ctx, func(tx *db.Tx) error {
			var err error
			r, err = oversight.Recommend(ctx, tx, calendar.Default(), cid, boardActor, in)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if r.DueOn != recDay(t, "2026-12-22") {
			t.Fatalf("due %s, want 22/12 (15 days after 7/12)", r.DueOn)
		}
		dd, err := duty.NewStore(d).Get(ctx, cid, "recommendation", r.ID, oversight.DutyAnswer)
		if err != nil || !dd.Open || calendar.DateOf(dd.DueAt) != r.DueOn || dd.Owner.Role != "leader" {
			t.Fatalf("duty %+v %v", dd, err)
		}
		if r.Overdue(recDay(t, "2026-12-22")) || !r.Overdue(recDay(t, "2026-12-23")) {
			t.Fatal("overdue from the day after the due day")
		}
		// Closing before the answer is not possible.
		_, err = svc.Record(ctx, cid, boardActor, r.ID, oversight.StepClose, oversight.StepInput{})
		var e *errs.Error
		if !errors.As(err, &e) || e.Key != "recommendation.err.not_now" {
			t.Fatalf("close before the answer: %v", err)
		}
		now = time.Date(2026, 12, 28, 9, 0, 0, 0, calendar.Zone)
		late, total, err := svc.List(ctx, cid, oversight.RecFilter{Late: true, Waiting: true, Today: svc.Today()})
		if err != nil || total != 1 || late[0].DaysLate(svc.Today()) != 6 {
			t.Fatalf("late waiting %d %v", total, err)
		}
		leader := audit.Actor{ID: "u-leader", Name: "Ma Văn Hùng"}
		if _, err := svc.Record(ctx, cid, leader, r.ID, oversight.StepAnswer, oversight.StepInput{}); err == nil {
			t.Fatal("an empty answer")
		}
		if r, err = svc.Record(ctx, cid, leader, r.ID, oversight.StepAnswer, oversight.StepInput{Text: "UBND xã đã chỉ đạo niêm yết lại."}); err != nil {
			t.Fatal(err)
		}
		if !r.Overdue(recDay(t, "2027-01-30")) || r.DaysLate(recDay(t, "2027-01-30")) != 6 {
			t.Fatalf("an answer 6 days late stays late: %+v", r)
		}
		if dd, _ = duty.NewStore(d).Get(ctx, cid, "recommendation", r.ID, oversight.DutyAnswer); dd.Open {
			t.Fatal("the duty stays open after the answer")
		}
		if r, err = svc.Record(ctx, cid, boardActor, r.ID, oversight.StepClose, oversight.StepInput{Text: "Đã niêm yết."}); err != nil || r.Status != oversight.RecClosed {
			t.Fatalf("close %+v %v", r, err)
		}
		if _, total, _ = svc.List(ctx, cid, oversight.RecFilter{Late: true, Today: svc.Today()}); total != 1 {
			t.Fatalf("late answered: %d", total)
		}
	})
}
