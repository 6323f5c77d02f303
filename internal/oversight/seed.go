package oversight

import (
	"context"
	"fmt"
	"time"

	"xaso/internal/audit"
	"xaso/internal/calendar"
)

// Demo is what SeedDemo made, for the demo's guides and the tests.
type Demo struct {
	Board      InspectionBoard
	Plan       Plan
	Inspection Inspection
	Case       Case // verified, with a recommendation the committee has not answered in time
	Box        Case // from the suggestion box, being verified
	Late       Recommendation
}

// demoMembers are the demo board's members, one per hamlet in the registry's order (Law
// 10/2022 Art. 36.1; Decree 59/2023 Art. 13.2: at least 5, at most 5 below 5 hamlets).
var demoMembers = []string{"Hoàng Văn Thụ", "Lục Thị Duyên", "Đàm Văn Khải", "Nông Thị Thắm", "Triệu Văn Sình", "Lương Thị Mến", "Hà Văn Quyết", "Vi Thị Lanh"}

// SeedDemo gives the demo commune a People's Inspection Board for the term around today, with
// its members, this year's and this quarter's plans, an inspection whose plan is still to reach
// the subject, a case verified with a recommendation now overdue (the public page shows it
// late), and a case from the suggestion box. It does nothing when the commune has a board.
func (s *Service) SeedDemo(ctx context.Context, communeID string, by audit.Actor) (Demo, error) {
	var demo Demo
	boards, err := s.Boards(ctx, communeID)
	if err != nil || len(boards) > 0 {
		return demo, err
	}
	hamlets, err := s.Hamlets(ctx, communeID)
	if err != nil {
		return demo, err
	}
	today := s.Today()
	day := func(d calendar.Date) string { return d.Time().Format("02/01/2006") }
	start := calendar.NewDate(today.Year-1, time.July, 1)
	demo.Board, err = s.CreateBoard(ctx, communeID, by, BoardInput{TermStart: day(start), TermEnd: day(calendar.NewDate(today.Year+1, time.June, 30)),
		ElectedRef: "Hội nghị nhân dân các thôn, tháng 7 năm " + fmt.Sprint(start.Year)})
	if err != nil {
		return demo, err
	}
	seats := min(len(hamlets), len(demoMembers))
	if len(hamlets) < 5 {
		seats = min(seats, 5)
	}
	for i := range seats {
		pos := PosMember
		switch i {
		case 0:
			pos = PosHead
		case 1:
			pos = PosDeputy
		}
		if _, err := s.AddMember(ctx, communeID, demo.Board.ID, by, MemberInput{FullName: demoMembers[i], HamletID: hamlets[i].ID,
			Position: string(pos), ElectedOn: day(start.AddDays(4)), ElectedRef: "Hội nghị nhân dân " + hamlets[i].Name}); err != nil {
			return demo, err
		}
	}
	if _, err := s.SavePlan(ctx, communeID, demo.Board.ID, "", by, PlanInput{Period: string(PeriodYear), Year: fmt.Sprint(today.Year),
		Content:  "Giám sát việc thực hiện các nội dung Nhân dân bàn và quyết định; việc thu, chi các khoản đóng góp của Nhân dân; việc giải quyết phản ánh, kiến nghị của Nhân dân.",
		Subjects: "Ủy ban nhân dân xã; các Ban phát triển thôn"}); err != nil {
		return demo, err
	}
	year, quarter := quarterOf(today)
	if demo.Plan, err = s.SavePlan(ctx, communeID, demo.Board.ID, "", by, PlanInput{Period: string(PeriodQuarter), Year: fmt.Sprint(year), Part: fmt.Sprint(quarter),
		Content: "Kiểm tra việc thu, chi quỹ làm đường bê tông thôn và việc niêm yết công khai các khoản đóng góp.", Subjects: "Ban phát triển thôn"}); err != nil {
		return demo, err
	}
	cal, err := s.calendar(ctx, communeID)
	if err != nil {
		return demo, err
	}
	startsOn := cal.AddWorkingDays(today, 10)
	if demo.Inspection, err = s.AddInspection(ctx, communeID, demo.Plan.ID, by, InspectionInput{Subject: "Ban phát triển thôn " + hamlets[0].Name,
		Content: "Kiểm tra sổ thu, chi quỹ làm đường và biên bản nghiệm thu.", StartsOn: day(startsOn), EndsOn: day(startsOn.AddDays(2))}); err != nil {
		return demo, err
	}
	for _, to := range []Recipient{ToFront, ToChairman} {
		if demo.Inspection, err = s.RecordSent(ctx, communeID, demo.Inspection.ID, by, to, day(today)); err != nil {
			return demo, err
		}
	}
	received := today.AddDays(-30)
	if demo.Case, err = s.OpenCase(ctx, communeID, demo.Board.ID, by, CaseInput{Source: string(SourceDirect), ReceivedOn: day(received),
		RaisedBy: "Hoàng Thị Nga", RaisedAddress: hamlets[0].Name, RaisedPhone: "0912345678",
		Title:   "Mặt đường bê tông mới làm đã nứt",
		Content: "Đoạn đường bê tông từ nhà văn hóa đến cầu treo mới nghiệm thu được hai tháng đã nứt nhiều chỗ."}); err != nil {
		return demo, err
	}
	if _, err := s.AddNote(ctx, communeID, demo.Case.ID, by, NoteInput{Kind: string(NoteVerification), On: day(received.AddDays(3)),
		Text: "Ban cùng đại diện thôn đo kiểm: 4 vết nứt ngang, dài từ 1,5 m đến 2,2 m."}); err != nil {
		return demo, err
	}
	if _, err := s.SaveFindings(ctx, communeID, demo.Case.ID, by, "Mặt đường nứt ở 4 vị trí; công trình còn trong thời gian bảo hành."); err != nil {
		return demo, err
	}
	if demo.Late, err = s.RecommendOnCase(ctx, communeID, demo.Case.ID, by, CaseRecInput{Title: "Yêu cầu nhà thầu sửa chữa đường bê tông trong thời gian bảo hành",
		Text: "Ban Thanh tra nhân dân kiến nghị Ủy ban nhân dân xã yêu cầu nhà thầu sửa chữa các vết nứt theo cam kết bảo hành.", SentOn: day(received.AddDays(5))}); err != nil {
		return demo, err
	}
	if demo.Box, err = s.OpenCase(ctx, communeID, demo.Board.ID, by, CaseInput{Source: string(SourceBox), ReceivedOn: day(today.AddDays(-4)),
		Title: "Niêm yết danh sách hộ nghèo chưa đủ 30 ngày", Content: "Thư trong hòm thư góp ý: danh sách hộ nghèo ở nhà văn hóa bị gỡ sau khoảng 10 ngày."}); err != nil {
		return demo, err
	}
	if demo.Case, err = s.GetCase(ctx, communeID, demo.Case.ID); err != nil {
		return demo, err
	}
	return demo, nil
}
