package consult

import (
	"context"

	"xaso/internal/audit"
	"xaso/internal/calendar"
	"xaso/internal/errs"
)

// SeedDemo fills the room for a demonstration: a consultation being prepared, one taking
// opinions (a few from the website and from household forms, some grouped and answered) and,
// when the disclosure room is connected, one closed with its result published. It does
// nothing when the commune already has consultations.
func (s *Service) SeedDemo(ctx context.Context, communeID string, by audit.Actor) error {
	const op = "consult: seed demo"
	var n int
	if err := s.d.QueryRow(ctx, `SELECT COUNT(*) FROM consultations WHERE commune_id = $1`, communeID).Scan(&n); err != nil {
		return errs.Wrap(op, err)
	}
	if n > 0 {
		return nil
	}
	hamlets, err := s.Hamlets(ctx, communeID)
	if err != nil {
		return err
	}
	today := s.Today()
	sent := today.AddDays(-30).String()
	mk := func(topic Topic, title, draft string, opens, closes calendar.Date, hamletIDs []string) (Consultation, error) {
		return s.Create(ctx, communeID, by, Input{Topic: topic, Title: title, Draft: draft, HamletIDs: hamletIDs,
			Forms: []string{string(FormWebsite), string(FormHouseholdForm), string(FormMeeting), string(FormSuggestionBox)},
			Plan:  "Kế hoạch lấy ý kiến Nhân dân của Ủy ban nhân dân xã.", PlanCouncilOn: sent, PlanFrontOn: sent,
			OpensOn: opens.String(), ClosesOn: closes.String()})
	}
	if _, err := mk(TopicDemocracyRegulation, "Lấy ý kiến Nhân dân về dự thảo Quy chế thực hiện dân chủ ở xã (sửa đổi)",
		"<p>Dự thảo Quy chế thực hiện dân chủ ở xã, sửa đổi theo Luật Thực hiện dân chủ ở cơ sở năm 2022.</p>",
		today.AddDays(7), today.AddDays(37), nil); err != nil {
		return err
	}
	var some []string
	if len(hamlets) > 1 {
		some = []string{hamlets[0].ID, hamlets[1].ID}
	}
	open, err := mk(TopicConstructionPlanning, "Lấy ý kiến Nhân dân về quy hoạch khu dân cư và nhà văn hóa",
		"<p>Dự thảo quy hoạch chi tiết khu dân cư mới, vị trí nhà văn hóa và sân thể thao.</p><ul><li>Diện tích: khoảng 3 ha</li><li>Số lô đất ở: 48</li></ul>",
		today, today.AddDays(25), some)
	if err != nil {
		return err
	}
	if _, err := s.Publish(ctx, communeID, open.ID, by, today); err != nil {
		return err
	}
	hamlet := func(i int) string {
		if len(some) == 0 {
			return ""
		}
		return some[i%len(some)]
	}
	for i, body := range []string{"Đề nghị giữ lại sân bóng hiện có của xóm.", "Nhà văn hóa nên đặt gần đường liên xóm cho người già dễ đi.",
		"Đồng ý với dự thảo."} {
		if _, err := s.SubmitPublic(ctx, communeID, open.ID, OpinionInput{HamletID: hamlet(i), Body: body}); err != nil {
			return err
		}
	}
	if _, err := s.AddOpinion(ctx, communeID, open.ID, by, OpinionInput{Source: FormHouseholdForm, HamletID: hamlet(1),
		Name: "Hộ ông Lục Văn Sáng", Body: "Đề nghị làm rãnh thoát nước trước khi chia lô.", ReceivedOn: today.String()}); err != nil {
		return err
	}
	g, err := s.CreateGroup(ctx, communeID, open.ID, by, GroupInput{Title: "Giữ sân bóng của xóm", Summary: "Ý kiến đề nghị giữ sân bóng."})
	if err != nil {
		return err
	}
	list, _, err := s.Opinions(ctx, communeID, open.ID, OpinionFilter{Limit: 1})
	if err != nil {
		return err
	}
	if _, err := s.AssignOpinions(ctx, communeID, open.ID, by, g.ID, []string{list[0].ID}); err != nil {
		return err
	}
	if s.disclose == nil {
		return nil
	}
	done, err := mk(TopicCommitteeDecision, "Lấy ý kiến Nhân dân về dự thảo quyết định quy định giờ hoạt động chợ xã",
		"<p>Dự thảo quyết định quy định giờ mở cửa chợ xã từ 5 giờ đến 18 giờ hằng ngày.</p>", today.AddDays(-30), today.AddDays(-5), nil)
	if err != nil {
		return err
	}
	if _, err := s.Publish(ctx, communeID, done.ID, by, today.AddDays(-30)); err != nil {
		return err
	}
	o, err := s.AddOpinion(ctx, communeID, done.ID, by, OpinionInput{Source: FormMeeting, Body: "Đề nghị chợ mở cửa từ 4 giờ 30 vào mùa hè.",
		ReceivedOn: today.AddDays(-20).String()})
	if err != nil {
		return err
	}
	dg, err := s.CreateGroup(ctx, communeID, done.ID, by, GroupInput{Title: "Giờ mở cửa mùa hè", AnswerKind: Accepted,
		Answer: "Tiếp thu: từ tháng 5 đến tháng 8, chợ mở cửa từ 4 giờ 30."})
	if err != nil {
		return err
	}
	if _, err := s.AssignOpinions(ctx, communeID, done.ID, by, dg.ID, []string{o.ID}); err != nil {
		return err
	}
	_, err = s.Close(ctx, communeID, done.ID, by, CloseInput{Summary: "Các ý kiến đồng ý với dự thảo, đề nghị mở cửa sớm hơn vào mùa hè.",
		Decision: "Quyết định của Ủy ban nhân dân xã quy định giờ hoạt động chợ xã, có điều chỉnh giờ mở cửa mùa hè.", FollowsMajority: true})
	return err
}
