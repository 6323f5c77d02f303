package petition

import (
	"context"
	"fmt"
	"time"

	"xaso/internal/calendar"
	"xaso/internal/db"
	"xaso/internal/errs"
)

// DemoStaff are the demo accounts that take the demo petitions through their steps.
type DemoStaff struct {
	Desk, Leader, Specialist Actor
}

// demoStep is one action on a demo petition, daysAgo before now (at 09:00 Vietnam time).
type demoStep struct {
	daysAgo int
	who     string // desk, leader or specialist
	act     Action
	in      Input
}

type demoPetition struct {
	daysAgo int
	in      Intake
	steps   []demoStep
}

// demoPetitions are a commune's usual mix: an answered and published report, a
// recommendation being verified, a fresh report not yet accepted, a complaint with its
// dialogue, a forwarded report and a refused complaint. No denunciation: the demo may run
// before a key is configured.
var demoPetitions = []demoPetition{
	{daysAgo: 20, in: Intake{Kind: Report, Channel: ChannelWeb, Topic: "dien-nuoc", Place: "Ngã ba xóm Đồng",
		Content:        "Đèn đường ở ngã ba xóm Đồng hỏng đã hai tuần, buổi tối học sinh đi học về rất tối. Đề nghị xã cho thay bóng đèn.",
		Sender:         Sender{Name: "Hà Thị Mai", Address: "Xóm Đồng", Phone: "0912345678"},
		PublishConsent: true},
		steps: []demoStep{
			{19, "desk", ActAccept, Input{}},
			{19, "leader", ActAssign, Input{}},
			{17, "specialist", ActNote, Input{Text: "Đã kiểm tra tại chỗ: hỏng bóng đèn và chấn lưu."}},
			{15, "specialist", ActAnswer, Input{Text: "Ngày 20 tháng 11, Ủy ban nhân dân xã đã thay bóng đèn và chấn lưu tại ngã ba xóm Đồng. Cảm ơn chị đã phản ánh.", Number: "41/TB-UBND"}},
			{14, "desk", ActClose, Input{}},
		}},
	{daysAgo: 12, in: Intake{Kind: Recommendation, Channel: ChannelHamlet, Topic: "giao-thong", Place: "Đường liên xóm Nà Cà – Bản Chang",
		Content:        "Các hộ xóm Nà Cà kiến nghị xã sửa đoạn đường liên xóm bị sạt lở sau mưa lớn, xe máy đi lại nguy hiểm.",
		Sender:         Sender{Name: "Nông Văn Khải", Address: "Xóm Nà Cà", Phone: "0987654321"},
		OnBehalf:       "Các hộ xóm Nà Cà",
		PublishConsent: true},
		steps: []demoStep{
			{11, "desk", ActAccept, Input{}},
			{10, "leader", ActAssign, Input{}},
			{6, "specialist", ActNote, Input{Text: "Đã khảo sát: sạt khoảng 15 m taluy dương, cần phương án khắc phục tạm thời."}},
		}},
	{daysAgo: 3, in: Intake{Kind: Report, Channel: ChannelWeb, Topic: "moi-truong", Place: "Bãi đất trống cạnh chợ xã",
		Content: "Rác thải bị đổ bừa bãi ở bãi đất trống cạnh chợ xã, bốc mùi, đề nghị xã thu gom.",
		Sender:  Sender{Name: "Lục Thị Hoa", Phone: "0334455667"}}},
	{daysAgo: 25, in: Intake{Kind: Complaint, Channel: ChannelLetter, Topic: "dat-dai",
		Content: "Khiếu nại việc Ủy ban nhân dân xã xác nhận sai ranh giới thửa đất số 112, tờ bản đồ số 7 của gia đình tôi.",
		Sender:  Sender{Name: "Triệu Văn Lâm", Address: "Xóm Bản Chang, xã Bình Yên", Phone: "0356789012", IDNumber: "008085001234"}},
		steps: []demoStep{
			{22, "desk", ActAccept, Input{}},
			{21, "leader", ActAssign, Input{}},
			{12, "specialist", ActMinutes, Input{Text: "Đối thoại ngày 25/11: ông Lâm trình bày; cán bộ địa chính giải thích hồ sơ đo đạc năm 2015; hai bên thống nhất đo đạc lại có sự chứng kiến của các hộ liền kề."}},
		}},
	{daysAgo: 9, in: Intake{Kind: Report, Channel: ChannelWeb, Topic: "dien-nuoc",
		Content: "Điện áp ở xóm Khuổi Nà rất yếu vào buổi tối, đề nghị kiểm tra trạm biến áp.",
		Sender:  Sender{Name: "Đàm Văn Tú", Phone: "0377123456"}},
		steps: []demoStep{
			{8, "desk", ActForward, Input{To: "Điện lực khu vực", Text: "Việc thuộc thẩm quyền của ngành điện."}},
		}},
	{daysAgo: 6, in: Intake{Kind: Complaint, Channel: ChannelVisit, Topic: "chinh-sach",
		Content:   "Khiếu nại việc không được xét hỗ trợ nhà ở năm 2024.",
		Sender:    Sender{Name: "Ma Thị Xuân", Address: "Xóm Pác Ngòi, xã Bình Yên", Phone: "0399888777"},
		LearnedOn: calendar.Date{}}, // set below: more than 90 days ago
		steps: []demoStep{
			{5, "desk", ActRefuse, Input{Text: "Quá thời hiệu 90 ngày kể từ ngày biết được quyết định (Điều 9 Luật Khiếu nại)."}},
		}},
}

// SeedDemo files the demo petitions through the real rules, at past moments, once: it does
// nothing when the commune has petitions. It returns how many it filed.
func SeedDemo(ctx context.Context, d *db.DB, communeID string, staff DemoStaff) (int, error) {
	const op = "petition: seed demo"
	var have int
	if err := d.QueryRow(ctx, `SELECT count(*) FROM petitions WHERE commune_id = $1`, communeID).Scan(&have); err != nil {
		return 0, errs.Wrap(op, err)
	}
	if have > 0 {
		return 0, nil
	}
	var clock time.Time
	svc := New(Deps{DB: d, Now: func() time.Time { return clock }})
	vn := calendar.Zone
	now := time.Now().In(vn)
	at := func(daysAgo int) time.Time {
		t := now.AddDate(0, 0, -daysAgo)
		t = time.Date(t.Year(), t.Month(), t.Day(), 9, 0, 0, 0, vn)
		if t.After(now) {
			t = now.Add(-time.Hour)
		}
		return t
	}
	who := map[string]Actor{"desk": staff.Desk, "leader": staff.Leader, "specialist": staff.Specialist}
	n := 0
	for i, dp := range demoPetitions {
		clock = at(dp.daysAgo)
		in := dp.in
		if in.Kind == Complaint && len(dp.steps) > 0 && dp.steps[0].act == ActRefuse {
			in.LearnedOn = calendar.DateOf(clock.AddDate(0, -5, 0).In(vn))
		}
		p, err := svc.File(ctx, communeID, staff.Desk, in)
		if err != nil {
			return n, fmt.Errorf("%s: petition %d: %w", op, i, err)
		}
		n++
		for j, st := range dp.steps {
			clock = at(st.daysAgo).Add(time.Duration(j) * 10 * time.Minute)
			in := st.in
			if st.act == ActAssign {
				in.HandlerID, in.HandlerName = staff.Specialist.ID, staff.Specialist.Name
			}
			if _, err := svc.Do(ctx, communeID, p.Number, who[st.who], st.act, in); err != nil {
				return n, fmt.Errorf("%s: petition %d step %s: %w", op, i, st.act, err)
			}
		}
	}
	return n, nil
}
