package conduct

import (
	"slices"

	"xaso/internal/calendar"
)

// Source is where a report on an officer's attitude came from.
type Source string

const (
	SourceResident Source = "resident" // a resident, through the officer's badge page
	SourceHamlet   Source = "hamlet"   // a hamlet head's feedback on staff (plan III.6)
	SourceRating   Source = "rating"   // a low satisfaction rating (level ≤ LowRating)
)

// Sources in the order the pages list them.
var Sources = []Source{SourceResident, SourceHamlet, SourceRating}

// Valid reports whether s is a known source.
func (s Source) Valid() bool { return slices.Contains(Sources, s) }

// LowRating is the highest rating level that opens a report: levels 1 and 2.
const LowRating = 2

// Status is where a report stands.
type Status string

const (
	Open     Status = "open"     // waiting for the chairman's review
	Reviewed Status = "reviewed" // reviewed: findings and outcome recorded
)

// Statuses in lifecycle order.
var Statuses = []Status{Open, Reviewed}

// Outcome is the result of a review. The list is data: each outcome says whether it counts as
// a breach of the rules and whether discipline was proposed, for the yearly target of plan
// III.1.4 ("no officer disciplined, no officer breaking the rules"). The flags are copied onto
// the report when it is reviewed, so that a later change of this table does not rewrite past
// years. Discipline itself is decided under the law on disciplining civil servants, outside
// this room: "discipline_proposed" records only that the chairman proposed it.
type Outcome struct {
	Code       string
	Violation  bool // counts as an officer breaking the rules in the yearly target
	Discipline bool // discipline proposed
}

// Outcomes in the order the review form offers them (labels: conduct.outcome.<code>).
var Outcomes = []Outcome{
	{Code: "no_violation"},
	{Code: "reminder", Violation: true},       // nhắc nhở, rút kinh nghiệm
	{Code: "self_criticism", Violation: true}, // kiểm điểm
	{Code: "discipline_proposed", Violation: true, Discipline: true},
}

// OutcomeOf returns the outcome with the code.
func OutcomeOf(code string) (Outcome, bool) {
	for _, o := range Outcomes {
		if o.Code == code {
			return o, true
		}
	}
	return Outcome{}, false
}

// Limits of the texts.
const (
	MaxBody     = 4000 // characters of a report
	MaxFindings = 8000 // characters of the review's findings
	maxName     = 200
	maxItem     = 300 // characters of one line of the code of conduct
	maxItems    = 20  // lines of one group
	maxIntro    = 4000
	maxTitle    = 300
	// A report is about something that happened within this many days before it is sent
	// (a typing error of the year is caught, not a rule of law).
	maxAgeDays = 366
)

// DueOn is the review's due day: days working days after the day received, by the commune's
// calendar (the day received not counted).
func DueOn(cal *calendar.Calendar, received calendar.Date, days int) calendar.Date {
	return cal.AddWorkingDays(received, days)
}

// CheckReview checks a review against its report: a known outcome, findings written, a day not
// in the future nor before the report, and an officer named when the outcome is a breach (the
// yearly target counts officers). It returns the field errors (catalogue keys).
func CheckReview(r Report, in ReviewInput, today calendar.Date) map[string]string {
	fe := map[string]string{}
	o, ok := OutcomeOf(in.Outcome)
	if !ok {
		fe["outcome"] = "conduct.err.outcome"
	}
	if in.Findings == "" {
		fe["findings"] = "conduct.err.findings_required"
	}
	switch {
	case !in.On.Valid():
		fe["reviewed_on"] = "conduct.err.date_invalid"
	case in.On.After(today):
		fe["reviewed_on"] = "conduct.err.date_future"
	case in.On.Before(r.ReceivedOn):
		fe["reviewed_on"] = "conduct.err.review_before_report"
	}
	if ok && o.Violation && r.OfficerID == "" && in.OfficerID == "" {
		fe["officer"] = "conduct.err.officer_required"
	}
	return fe
}

// Code groups: the code of conduct of plan III.1.4 has three.
const (
	GroupXin   = "xin"
	GroupLuon  = "luon"
	GroupKhong = "khong"
)

// Groups in the order the code lists them.
var Groups = []string{GroupXin, GroupLuon, GroupKhong}

// DefaultCode is the code of conduct in the words of the commune's plan (Kế hoạch triển khai mô
// hình "Chính quyền thân thiện, Nhân dân phát huy quyền làm chủ" năm 2025, section III.1.4),
// shown until the commune publishes its own version. The text is the commune's to change; the
// basis names the Prime Minister's decision approving the public-service culture scheme as the
// plan writes it in section III.1.4 (its preamble writes 1874, a typing slip of the plan).
func DefaultCode() CodeVersion {
	return CodeVersion{
		Title: "Quy tắc ứng xử của cán bộ, công chức",
		Intro: "Mỗi cán bộ, công chức phải gương mẫu và thực hiện nghiêm các quy định, chuẩn mực về đạo đức, lối sống; có thái độ tôn trọng, phong cách làm việc dân chủ, gần gũi, nhã nhặn, lịch sự khi tiếp xúc với tổ chức, cá nhân đến làm việc và liên hệ công tác; thực hiện tốt quy tắc ứng xử \"4 xin\", \"4 luôn\" và \"5 không\".",
		Xin:   []string{"Xin chào", "Xin lỗi", "Xin cảm ơn", "Xin phép"},
		Luon:  []string{"Luôn mỉm cười", "Luôn nhẹ nhàng", "Luôn lắng nghe", "Luôn giúp đỡ"},
		Khong: []string{"Không cửa quyền, hách dịch, gây khó khăn, phiền hà", "Không quan liêu, vô cảm, vô trách nhiệm",
			"Không tham nhũng, lãng phí, lợi ích nhóm", "Không xu nịnh, chạy chọt, gian dối",
			"Không lợi dụng chức vụ, quyền hạn trong thực thi công vụ"},
		Basis: "Quyết định số 1847/QĐ-TTg ngày 27/12/2018 của Thủ tướng Chính phủ phê duyệt Đề án Văn hóa công vụ; Kế hoạch triển khai mô hình \"Chính quyền thân thiện, Nhân dân phát huy quyền làm chủ\" của UBND xã, mục III.1.4.",
	}
}
