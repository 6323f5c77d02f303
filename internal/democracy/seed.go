package democracy

import (
	"context"
	"time"

	"xaso/internal/audit"
	"xaso/internal/calendar"
	"xaso/internal/errs"
)

// Demo is what SeedDemo made, for the tests that walk its pages.
type Demo struct {
	Upcoming, Past       Meeting
	Recognised, Fallback Decision
	Initiative           Initiative
	Online               Decision
}

// SeedDemo fills the room with a commune's first meetings through the Service's own rules, so
// that every page has something to show: in the first hamlet, a meeting held a week ago where
// the conventions passed by show of hands and were recognised, and the hamlet head's election
// failed and went to household ballots (now being delivered); and a meeting in three days,
// with its notice out and half of the households told. It does nothing when the commune
// already has meetings. by acts for the commune (a leader), whose scope is the whole commune.
func (s *Service) SeedDemo(ctx context.Context, communeID string, by audit.Actor) (Demo, error) {
	const op = "democracy: seed demo"
	var demo Demo
	var n int
	if err := s.d.QueryRow(ctx, `SELECT COUNT(*) FROM democracy_meetings WHERE commune_id = $1`, communeID).Scan(&n); err != nil {
		return demo, errs.Wrap(op, err)
	}
	if n > 0 {
		return demo, nil
	}
	hamlets, err := s.Hamlets(ctx, communeID)
	if err != nil || len(hamlets) == 0 {
		return demo, err
	}
	h := hamlets[0]
	all := Scope{}
	today := s.Today()
	past := today.AddDays(-7)
	demo.Past, err = s.PlanMeeting(ctx, communeID, by, all, MeetingInput{Kind: DecisionMeeting, Title: "Họp xóm bàn sửa đổi hương ước và bầu trưởng xóm",
		HamletID: h.ID, Place: "Nhà văn hóa xóm " + h.Name, Day: past.String(), Time: "19:30", Chair: h.HeadName, Secretary: "Hoàng Thị Hoa",
		NoticeOn: past.AddDays(-3).String(), Agenda: "Thông qua hương ước sửa đổi của xóm\nBầu trưởng xóm nhiệm kỳ mới\nÝ kiến của các hộ gia đình"})
	if err != nil {
		return demo, err
	}
	rows, _, err := s.Households(ctx, communeID, demo.Past, AttendanceList, HouseholdFilter{Limit: 200})
	if err != nil {
		return demo, err
	}
	if len(rows) < 4 {
		return demo, nil
	}
	var ids []string
	for _, r := range rows {
		ids = append(ids, r.ID)
	}
	at := past.AddDays(-2).At(calendar.NewClock(18, 0)).UTC()
	if _, err := s.Inform(ctx, communeID, by, all, demo.Past.ID, InformInput{HouseholdIDs: ids, Channel: ByVisit, Papers: true, At: at}); err != nil {
		return demo, err
	}
	present := ids[:len(ids)*3/4]
	for i, id := range present {
		if err := s.CheckIn(ctx, communeID, by, all, demo.Past.ID, id, "", i%10 == 9); err != nil {
			return demo, err
		}
	}
	p := len(present)
	rules, err := s.OpenDecision(ctx, communeID, by, all, DecisionInput{MeetingID: demo.Past.ID, Matter: "3", Form: ShowOfHands,
		Title: "Thông qua hương ước sửa đổi của xóm " + h.Name, Question: "Các hộ gia đình có tán thành hương ước sửa đổi đã gửi kèm thông báo không?"})
	if err != nil {
		return demo, err
	}
	yes := Needed(MatterRules.Pass, len(ids)) + 2
	if _, err := s.EnterCount(ctx, communeID, by, by.ID, all, rules.ID, CountInput{HamletID: h.ID, Present: itoa(p), Yes: itoa(min(yes, p)), No: itoa(p - min(yes, p))}); err != nil {
		return demo, err
	}
	if _, _, err := s.Finalise(ctx, communeID, by, all, rules.ID); err != nil {
		return demo, err
	}
	if _, err := s.SetSigners(ctx, communeID, by, all, rules.ID, SignersInput{FrontHead: "Lò Thị Mai", Signer1: rows[0].HeadName, Signer2: rows[1].HeadName}); err != nil {
		return demo, err
	}
	if _, err := s.MarkSent(ctx, communeID, by, all, rules.ID, past.AddDays(1).String()); err != nil {
		return demo, err
	}
	if demo.Recognised, err = s.Answer(ctx, communeID, by, "committee", rules.ID, AnswerInput{Recognise: true, On: past.AddDays(3).String()}); err != nil {
		return demo, err
	}
	head, err := s.OpenDecision(ctx, communeID, by, all, DecisionInput{MeetingID: demo.Past.ID, Matter: "4", Form: ShowOfHands,
		Title: "Bầu trưởng xóm " + h.Name, Question: "Bầu ông " + h.HeadName + " làm trưởng xóm"})
	if err != nil {
		return demo, err
	}
	low := Needed(MatterHamletHead.Pass, len(ids)) - 1
	if _, err := s.EnterCount(ctx, communeID, by, by.ID, all, head.ID, CountInput{HamletID: h.ID, Present: itoa(p), Yes: itoa(min(low, p)), No: itoa(p - min(low, p))}); err != nil {
		return demo, err
	}
	if head, _, err = s.Finalise(ctx, communeID, by, all, head.ID); err != nil {
		return demo, err
	}
	demo.Fallback, err = s.OpenDecision(ctx, communeID, by, all, DecisionInput{FallbackOf: head.ID, Matter: "4", Form: HouseholdBallot,
		Title: "Bầu trưởng xóm " + h.Name + " bằng phiếu lấy ý kiến hộ gia đình", Question: head.Question,
		Team: "Lò Thị Mai\nHoàng Văn Dũng\nNông Thị Thu", PlanOn: past.AddDays(1).String(), BallotsFrom: past.AddDays(3).String(), BallotsTo: today.AddDays(2).String()})
	if err != nil {
		return demo, err
	}
	if _, err := s.RecordPlanSent(ctx, communeID, by, all, demo.Fallback.ID, past.AddDays(2).String()); err != nil {
		return demo, err
	}
	if _, err := s.TrackBallots(ctx, communeID, by, all, demo.Fallback.ID, Delivered, ids); err != nil {
		return demo, err
	}
	if _, err := s.TrackBallots(ctx, communeID, by, all, demo.Fallback.ID, Returned, ids[:len(ids)/2]); err != nil {
		return demo, err
	}
	if _, err := s.SetStatus(ctx, communeID, by, all, demo.Past.ID, Held, ""); err != nil {
		return demo, err
	}

	next := today.AddDays(3)
	demo.Upcoming, err = s.PlanMeeting(ctx, communeID, by, all, MeetingInput{Kind: DecisionMeeting, Title: "Họp xóm bàn đóng góp làm đường bê tông liên xóm",
		HamletID: h.ID, Place: "Nhà văn hóa xóm " + h.Name, Day: next.String(), Time: "19:30", Chair: h.HeadName, Secretary: "Hoàng Thị Hoa",
		NoticeOn: today.String(), Agenda: "Chủ trương làm đường bê tông liên xóm\nMức đóng góp của mỗi hộ gia đình\nThành lập ban giám sát thi công"})
	if err != nil {
		return demo, err
	}
	if _, err := s.Inform(ctx, communeID, by, all, demo.Upcoming.ID, InformInput{HouseholdIDs: ids[:len(ids)/2], Channel: ByZalo, Papers: true,
		At: s.now().Add(-time.Hour)}); err != nil {
		return demo, err
	}
	demo.Initiative, err = s.ProposeInitiative(ctx, communeID, by, all, InitiativeInput{HamletID: h.ID, Title: "Lắp đèn chiếu sáng đường trục xóm",
		Content: "Các hộ gia đình đề nghị lắp 12 bóng đèn năng lượng mặt trời dọc đường trục xóm, kinh phí do Nhân dân đóng góp.", Proposer: rows[2].HeadName})
	if err != nil {
		return demo, err
	}
	if demo.Initiative, err = s.Support(ctx, communeID, by, all, demo.Initiative.ID, ids[:max(1, len(ids)/20)]); err != nil {
		return demo, err
	}
	demo.Online, err = s.OpenDecision(ctx, communeID, by, all, DecisionInput{HamletID: h.ID, Matter: "6", Form: OnlineVote,
		Title: "Giờ mở cửa nhà văn hóa xóm " + h.Name + " vào mùa hè", Question: "Nhà văn hóa mở cửa đến 21 giờ từ tháng 5 đến tháng 8.",
		Team: "Lò Thị Mai\nHoàng Văn Dũng\nNông Thị Thu", BallotsFrom: today.AddDays(-1).String(), BallotsTo: today.AddDays(3).String(),
		AgreedOn: today.AddDays(-5).String(), InformedOn: today.AddDays(-4).String(), PollYes: itoa(Needed(MoreThanHalf, len(ids)))})
	return demo, err
}
