package investment

import (
	"slices"
	"strings"

	"xaso/internal/calendar"
	"xaso/internal/fold"
)

// The room's rules, pure: no database, no clock. Every figure comes from Law 10/2022 Art.
// 41–45 and Decree 59/2023 Art. 16–19 as checked in ../shared/domain/law-check-2026.md.

// Kind is what a programme or project is funded by (Art. 41.1).
type Kind string

const (
	KindPublic    Kind = "public"    // đầu tư công
	KindPPP       Kind = "ppp"       // đầu tư theo phương thức đối tác công tư
	KindResidents Kind = "residents" // bằng vốn, công sức của cộng đồng dân cư
	KindSponsored Kind = "sponsored" // bằng nguồn tài trợ trực tiếp cho xã
)

// Kinds lists the kinds in the order the forms show them.
var Kinds = []Kind{KindPublic, KindPPP, KindResidents, KindSponsored}

// NeedsBoard says which kinds need a supervision board: as data, because the law may change.
// Law 10/2022 Art. 41.1: one board for each programme or project of these four kinds in the
// commune.
var NeedsBoard = map[Kind]bool{KindPublic: true, KindPPP: true, KindResidents: true, KindSponsored: true}

// ExtraChecks says which kinds the board also checks for technical standards, material norms
// and types, acceptance and final accounts (Art. 43: projects funded by the state budget, by
// the residents' money or labour, or by direct sponsorship; a PPP project is not among them).
var ExtraChecks = map[Kind]bool{KindPublic: true, KindResidents: true, KindSponsored: true}

// Status is where a project stands.
type Status string

const (
	Preparing Status = "preparing" // chuẩn bị đầu tư
	Building  Status = "building"  // đang thi công
	Done      Status = "done"      // đã hoàn thành
)

// Statuses lists them in order.
var Statuses = []Status{Preparing, Building, Done}

// PartyRole is a party of a project other than its investor and decision-maker (Art. 42:
// a member may have no relative among "người quyết định đầu tư, chủ đầu tư, … tư vấn, nhà
// thầu, giám sát, ban quản lý dự án").
type PartyRole string

const (
	Contractor PartyRole = "contractor" // nhà thầu thi công
	Consultant PartyRole = "consultant" // đơn vị tư vấn
	Supervisor PartyRole = "supervisor" // đơn vị giám sát thi công
	Manager    PartyRole = "manager"    // ban quản lý dự án
)

// PartyRoles lists them in order.
var PartyRoles = []PartyRole{Contractor, Consultant, Supervisor, Manager}

// Origin is where a board member comes from (Art. 41.2).
type Origin string

const (
	FromFront      Origin = "front"      // Mặt trận Tổ quốc
	FromInspection Origin = "inspection" // Ban Thanh tra nhân dân
	FromResidents  Origin = "resident"   // đại diện Nhân dân ở địa bàn có dự án
)

// Origins lists them in order.
var Origins = []Origin{FromFront, FromInspection, FromResidents}

// Position is a member's place on the board.
type Position string

const (
	Head   Position = "head"   // Trưởng ban
	Deputy Position = "deputy" // Phó Trưởng ban
	Member Position = "member" // Thành viên
)

// Positions lists them in order.
var Positions = []Position{Head, Deputy, Member}

// The board's size (Law 10/2022 Art. 41.2; Decree 59/2023 Art. 17).
const (
	MinMembers   = 5 // at least 5 members
	MaxResidents = 5 // at most 5 residents' representatives
	MaxDeputies  = 2 // at most 2 deputies
	MaxHeads     = 1
)

// NoticeDays: the Front notifies the investor of the plan and the membership at least 45 days
// before supervision starts (Art. 45), counted in calendar days.
const NoticeDays = 45

// Seat is what the size rules need of a serving member.
type Seat struct {
	Origin   Origin
	Position Position
}

// Problem is a rule the board breaks, as a catalogue key with its numbers.
type Problem struct {
	Key  string
	Args []any
}

// CheckBoard lists what a board of these serving members breaks: fewer than 5 members, more
// than 5 residents' representatives, more than 2 deputies, no head or more than one. A board
// with problems is drawn with them and does not count as active.
func CheckBoard(seats []Seat) []Problem {
	c := SeatCounts{Total: len(seats)}
	for _, s := range seats {
		if s.Origin == FromResidents {
			c.Residents++
		}
		switch s.Position {
		case Deputy:
			c.Deputies++
		case Head:
			c.Heads++
		}
	}
	return checkCounts(c)
}

// SeatCounts are a board's serving members, counted.
type SeatCounts struct{ Total, Residents, Deputies, Heads int }

// Problems are what the board of these seats breaks (see CheckBoard).
func (c SeatCounts) Problems() []Problem { return checkCounts(c) }

func checkCounts(c SeatCounts) []Problem {
	var out []Problem
	if c.Total < MinMembers {
		out = append(out, Problem{"investment.rule.too_few", []any{c.Total, MinMembers}})
	}
	if c.Residents > MaxResidents {
		out = append(out, Problem{"investment.rule.too_many_residents", []any{c.Residents, MaxResidents}})
	}
	if c.Deputies > MaxDeputies {
		out = append(out, Problem{"investment.rule.too_many_deputies", []any{c.Deputies, MaxDeputies}})
	}
	if c.Heads == 0 {
		out = append(out, Problem{"investment.rule.no_head", nil})
	} else if c.Heads > MaxHeads {
		out = append(out, Problem{"investment.rule.two_heads", []any{c.Heads}})
	}
	return out
}

// CanSeat reports whether one more member of this origin and position may join the serving
// members: the caps on residents, deputies and heads are never crossed by a change (the
// minimum of 5 is reached member by member, so it is shown, not refused). The key names the
// cap crossed, as a field error.
func CanSeat(seats []Seat, add Seat) (string, bool) {
	caps := map[string]string{"investment.rule.too_many_residents": "investment.err.cap_residents",
		"investment.rule.too_many_deputies": "investment.err.cap_deputies", "investment.rule.two_heads": "investment.err.cap_heads"}
	had := map[string]bool{}
	for _, p := range CheckBoard(seats) {
		had[p.Key] = true
	}
	for _, p := range CheckBoard(append(slices.Clone(seats), add)) {
		if key, ok := caps[p.Key]; ok && !had[p.Key] {
			return key, false
		}
	}
	return "", true
}

// NoticeDue is the last day the investor may be notified for supervision starting on from.
func NoticeDue(from calendar.Date) calendar.Date { return from.AddDays(-NoticeDays) }

// NoticeLate reports whether notifying on day on is later than the law allows for supervision
// starting on from (on after from − 45 days). An unset day is not late.
func NoticeLate(from, on calendar.Date) bool {
	return from.Valid() && on.Valid() && on.After(NoticeDue(from))
}

// Coverage is the share of projects needing a board that have an active one, in integers.
type Coverage struct {
	Need, With int
}

// ProjectState is what the coverage needs of one project.
type ProjectState struct {
	Kind        Kind
	Status      Status
	ActiveBoard bool // a board not dissolved and without problems
}

// CoverageOf counts the projects that need a board now (their kind needs one and they are not
// done: a board dissolves when its project is done, Art. 41) and those among them with an
// active board.
func CoverageOf(ps []ProjectState) Coverage {
	var c Coverage
	for _, p := range ps {
		if !NeedsBoard[p.Kind] || p.Status == Done {
			continue
		}
		c.Need++
		if p.ActiveBoard {
			c.With++
		}
	}
	return c
}

// Percent is the coverage in whole per cent, rounded down (99.9 % is not 100 %); ok is false
// when no project needs a board.
func (c Coverage) Percent() (int, bool) {
	if c.Need == 0 {
		return 0, false
	}
	return c.With * 100 / c.Need, true
}

// Complete reports the target: every project that needs a board has one.
func (c Coverage) Complete() bool { return c.With == c.Need }

// NameMatches lists the parties whose folded name is the member's folded name, or contains it
// as whole words or is contained in it (a party "Công ty TNHH Nguyễn Văn An" matches member
// "Nguyễn Văn An"). It flags, it does not decide: a match is shown next to the member for the
// Front to look at (Art. 42 bars relatives; a namesake is not a relative).
func NameMatches(member string, parties []string) []string {
	m := fold.String(member)
	if len(strings.Fields(m)) < 2 {
		return nil // a single word matches too much to be a useful flag
	}
	var out []string
	for _, p := range parties {
		f := fold.String(p)
		if f == "" {
			continue
		}
		if f == m || containsWords(f, m) || (len(strings.Fields(f)) >= 2 && containsWords(m, f)) {
			out = append(out, p)
		}
	}
	return out
}

// containsWords reports whether the words of small appear together in big.
func containsWords(big, small string) bool {
	return strings.Contains(" "+big+" ", " "+small+" ")
}

// CheckItem is one point of the site-visit checklist, from the board's duties (Art. 43).
type CheckItem string

const (
	CheckPlan         CheckItem = "plan"         // sự phù hợp với quy hoạch, kế hoạch
	CheckLand         CheckItem = "land"         // chỉ giới đất đai, sử dụng đất
	CheckSitePlan     CheckItem = "siteplan"     // quy hoạch mặt bằng chi tiết
	CheckEnvironment  CheckItem = "environment"  // bảo vệ môi trường
	CheckCompensation CheckItem = "compensation" // bồi thường, hỗ trợ, tái định cư
	CheckProgress     CheckItem = "progress"     // tiến độ
	CheckDisclosure   CheckItem = "disclosure"   // công khai thông tin dự án
	CheckStandards    CheckItem = "standards"    // tiêu chuẩn kỹ thuật
	CheckMaterials    CheckItem = "materials"    // định mức, chủng loại vật tư
	CheckAcceptance   CheckItem = "acceptance"   // nghiệm thu
	CheckAccounts     CheckItem = "accounts"     // quyết toán
)

var (
	commonChecks = []CheckItem{CheckPlan, CheckLand, CheckSitePlan, CheckEnvironment, CheckCompensation, CheckProgress, CheckDisclosure}
	extraChecks  = []CheckItem{CheckStandards, CheckMaterials, CheckAcceptance, CheckAccounts}
	// AllChecks is every item any project's checklist can hold.
	AllChecks = append(slices.Clone(commonChecks), extraChecks...)
)

// Checklist is the site-visit checklist of a project of kind k.
func Checklist(k Kind) []CheckItem {
	if ExtraChecks[k] {
		return AllChecks
	}
	return commonChecks
}

// Result is what a visit found on one item.
type Result string

const (
	Unchecked Result = "unchecked" // chưa kiểm tra
	OK        Result = "ok"        // đạt
	Issue     Result = "problem"   // có vấn đề
)

// Results lists them in the order the form offers them.
var Results = []Result{OK, Issue, Unchecked}

func validResult(r Result) bool { return slices.Contains(Results, r) }
