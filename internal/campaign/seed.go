package campaign

import (
	"context"
	"time"

	"github.com/google/uuid"

	"xaso/internal/audit"
	"xaso/internal/calendar"
	"xaso/internal/db"
	"xaso/internal/errs"
)

// SeedDemo publishes two articles and records a few sessions of the current year, so that
// some hamlets of the commune (not all) have held an awareness conference, one had only a
// training, and one conference served the whole commune. It does nothing when the commune
// already has articles, and writes everything in one transaction.
func (s *Service) SeedDemo(ctx context.Context, communeID string, by audit.Actor) error {
	const op = "campaign: seed demo"
	return s.tx(ctx, func(tx *db.Tx) error {
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM campaign_articles WHERE commune_id = $1`, communeID).Scan(&n); err != nil {
			return errs.Wrap(op, err)
		}
		if n > 0 {
			return nil
		}
		hamlets, err := hamletsOf(ctx, tx, communeID)
		if err != nil {
			return err
		}
		now := s.stamp()
		for i, in := range demoArticles {
			in, _ := s.validateArticle(in)
			a := newArticle(in, by, now.Add(time.Duration(i)*time.Second))
			if err := insertArticle(ctx, tx, communeID, by, a); err != nil {
				return err
			}
			if _, err := s.publishIn(ctx, tx, communeID, a.ID, by); err != nil {
				return err
			}
		}
		today := s.Today()
		day := func(back int) calendar.Date {
			d := today.AddDays(-back)
			if d.Year != today.Year {
				return YearOf(today).From
			}
			return d
		}
		ids := func(hs []Hamlet) (out []string) {
			for _, h := range hs {
				out = append(out, h.ID)
			}
			return out
		}
		sessions := []Session{{Kind: Conference, Title: "Hội nghị quán triệt Kế hoạch xây dựng mô hình “Chính quyền thân thiện, Nhân dân phát huy quyền làm chủ”",
			HeldOn: day(40), Place: "Hội trường Ủy ban nhân dân xã", Attendance: 120, Note: "Cán bộ, công chức xã, Trưởng xóm, các đoàn thể."}}
		// Half the hamlets (rounded down), never all: the plan's target is not met yet.
		if reach := len(hamlets) / 2; reach > 0 {
			for i, h := range hamlets[:reach] {
				sessions = append(sessions, Session{Kind: Conference, Title: "Hội nghị tuyên truyền mô hình “Chính quyền thân thiện” tại " + h.Name,
					HeldOn: day(12 + i), Place: "Nhà văn hóa " + h.Name, HamletIDs: []string{h.ID}, Attendance: 45 + 5*i})
			}
			last := hamlets[len(hamlets)-1]
			sessions = append(sessions, Session{Kind: Training, Title: "Tập huấn kỹ năng tiếp công dân, giải quyết phản ánh cho Trưởng xóm",
				HeldOn: day(10), Place: "Nhà văn hóa " + last.Name, HamletIDs: ids(hamlets[len(hamlets)-1:]), Attendance: 25})
		}
		for i, ss := range sessions {
			ss.ID = uuid.Must(uuid.NewV7()).String()
			ss.CreatedAt, ss.CreatedBy = now.Add(time.Duration(i)*time.Second), by.Name
			ss.UpdatedAt, ss.UpdatedBy = ss.CreatedAt, by.Name
			if ss.HamletIDs == nil {
				ss.HamletIDs = []string{}
			}
			if err := insertSession(ctx, tx, communeID, by, ss); err != nil {
				return err
			}
		}
		return nil
	})
}

var demoArticles = []ArticleInput{
	{Title: "Xã triển khai mô hình “Chính quyền thân thiện, Nhân dân phát huy quyền làm chủ”",
		Summary: "Ủy ban nhân dân xã ban hành Kế hoạch xây dựng mô hình, với mục tiêu 100 % xóm được tuyên truyền, quán triệt.",
		Body: "<p>Thực hiện Luật Thực hiện dân chủ ở cơ sở năm 2022, Ủy ban nhân dân xã ban hành Kế hoạch xây dựng mô hình " +
			"<strong>“Chính quyền thân thiện, Nhân dân phát huy quyền làm chủ”</strong>.</p>" +
			"<p>Cán bộ, công chức thực hiện “4 xin, 4 luôn, 5 không”; mọi phản ánh, kiến nghị của Nhân dân được tiếp nhận và trả lời đúng hạn.</p>",
		Author: "Văn phòng HĐND và UBND xã"},
	{Title: "Người dân góp ý trực tuyến, theo dõi hồ sơ ngay trên cổng thông tin của xã",
		Summary: "Từ nay, người dân có thể gửi phản ánh, kiến nghị, tra cứu hồ sơ và đặt lịch hẹn qua cổng thông tin điện tử của xã.",
		Body: "<p>Người dân truy cập cổng thông tin của xã để <a href=\"/phan-anh\">gửi phản ánh, kiến nghị</a>, " +
			"<a href=\"/tra-cuu\">tra cứu hồ sơ</a> và <a href=\"/dat-lich\">đặt lịch hẹn</a> với Bộ phận Một cửa.</p>",
		Author: "Văn phòng HĐND và UBND xã"},
}

// publishIn publishes an article inside tx (the seed's transaction).
func (s *Service) publishIn(ctx context.Context, tx *db.Tx, communeID, id string, by audit.Actor) (Article, error) {
	return s.stepIn(ctx, tx, communeID, id, by, Published)
}
