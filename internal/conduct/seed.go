package conduct

import (
	"context"

	"xaso/internal/audit"
)

// SeedDemo fills the room for the demo commune, once (nothing when it has a code of conduct
// already): the code in the plan's words as version 1, a badge code for every officer of the
// directory, a resident's report on the one-stop desk officer reviewed by the chairman, and a
// hamlet head's feedback waiting for review.
func (s *Service) SeedDemo(ctx context.Context, communeID string, by audit.Actor) error {
	var n int
	if err := s.d.QueryRow(ctx, `SELECT COUNT(*) FROM conduct_codes WHERE commune_id = $1`, communeID).Scan(&n); err != nil || n > 0 {
		return err
	}
	def := DefaultCode()
	today := s.Today()
	if _, err := s.PublishCode(ctx, communeID, by, CodeInput{Title: def.Title, Intro: def.Intro, Xin: joinLines(def.Xin),
		Luon: joinLines(def.Luon), Khong: joinLines(def.Khong), Basis: def.Basis, EffectiveOn: today.String(),
		Note: "Ban hành theo Kế hoạch xây dựng chính quyền thân thiện."}); err != nil {
		return err
	}
	if _, err := s.IssueMissing(ctx, communeID, by); err != nil {
		return err
	}
	officers, err := s.Officers(ctx, communeID)
	if err != nil || len(officers) == 0 {
		return err
	}
	desk := officers[0]
	for _, st := range officers {
		if st.Roles == "desk" {
			desk = st
			break
		}
	}
	b, err := s.Badge(ctx, communeID, desk.ID)
	if err != nil {
		return err
	}
	r, err := s.FilePublic(ctx, communeID, b, ReportInput{Body: "Tôi đến nộp hồ sơ đăng ký khai sinh, cán bộ trả lời qua loa, không hướng dẫn tôi bổ sung giấy tờ, phải đi lại hai lần.",
		HappenedOn: today, Name: "Lò Văn Sáng"})
	if err != nil {
		return err
	}
	if _, err := s.Review(ctx, communeID, r.ID, by, ReviewInput{Findings: "Đã làm việc với công chức và người dân: công chức hướng dẫn chưa đầy đủ, chưa niềm nở. Công chức đã nhận khuyết điểm, xin lỗi người dân.",
		Outcome: "reminder", On: today}, nil); err != nil {
		return err
	}
	hamlets, err := s.dir.ListHamlets(ctx, communeID)
	if err != nil || len(hamlets) == 0 {
		return err
	}
	officer := ""
	if len(officers) > 5 {
		officer = officers[5].ID
	}
	_, err = s.FileHamlet(ctx, communeID, by, ReportInput{Body: "Nhiều hộ trong xóm phản ánh cán bộ địa chính hẹn đo đạc nhưng không đến, không báo lại.",
		HamletID: hamlets[0].ID, Month: today.String()[:7], OfficerID: officer}, nil)
	return err
}
