package investment

import (
	"slices"
	"testing"

	"xaso/internal/calendar"
)

func seats(front, inspection, residents, deputies int, heads int) []Seat {
	var out []Seat
	add := func(o Origin, n int) {
		for range n {
			out = append(out, Seat{Origin: o, Position: Member})
		}
	}
	add(FromFront, front)
	add(FromInspection, inspection)
	add(FromResidents, residents)
	for i := 0; i < deputies && i < len(out); i++ {
		out[i].Position = Deputy
	}
	for i := 0; i < heads && deputies+i < len(out); i++ {
		out[deputies+i].Position = Head
	}
	return out
}

func keys(ps []Problem) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Key)
	}
	return out
}

// Law 10/2022 Art. 41.2 and Decree 59/2023 Art. 17: at least 5 members, at most 5 residents'
// representatives, at most 2 deputies; one head.
func TestCheckBoard(t *testing.T) {
	for _, c := range []struct {
		name string
		s    []Seat
		want []string
	}{
		{"empty", nil, []string{"investment.rule.too_few", "investment.rule.no_head"}},
		{"4 members", seats(1, 1, 2, 0, 1), []string{"investment.rule.too_few"}},
		{"5 members", seats(1, 1, 3, 0, 1), nil},
		{"6 members", seats(1, 1, 4, 2, 1), nil},
		{"5 residents", seats(1, 1, 5, 2, 1), nil},
		{"6 residents", seats(1, 1, 6, 2, 1), []string{"investment.rule.too_many_residents"}},
		{"2 deputies", seats(2, 1, 2, 2, 1), nil},
		{"3 deputies", seats(2, 1, 2, 3, 1), []string{"investment.rule.too_many_deputies"}},
		{"no head", seats(2, 1, 2, 1, 0), []string{"investment.rule.no_head"}},
		{"two heads", seats(2, 1, 2, 1, 2), []string{"investment.rule.two_heads"}},
		{"only residents, 5", seats(0, 0, 5, 0, 1), nil},
	} {
		if got := keys(CheckBoard(c.s)); !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
	if p := CheckBoard(seats(1, 1, 2, 0, 1)); len(p) != 1 || p[0].Args[0] != 4 || p[0].Args[1] != 5 {
		t.Errorf("too few carries the counts: %+v", p)
	}
}

func TestCanSeat(t *testing.T) {
	five := seats(1, 1, 5, 2, 1)
	for _, c := range []struct {
		name string
		s    []Seat
		add  Seat
		want string
	}{
		{"a 6th resident", five, Seat{FromResidents, Member}, "investment.err.cap_residents"},
		{"a Front member after 5 residents", five, Seat{FromFront, Member}, ""},
		{"a 3rd deputy", five, Seat{FromFront, Deputy}, "investment.err.cap_deputies"},
		{"a 2nd head", five, Seat{FromFront, Head}, "investment.err.cap_heads"},
		{"the first member, below 5", nil, Seat{FromFront, Head}, ""},
		{"a 5th resident", seats(1, 0, 4, 0, 1), Seat{FromResidents, Member}, ""},
	} {
		key, ok := CanSeat(c.s, c.add)
		if key != c.want || ok != (c.want == "") {
			t.Errorf("%s: %q %v, want %q", c.name, key, ok, c.want)
		}
	}
}

// Art. 45: the Front notifies the investor at least 45 days before supervision starts.
func TestNotice45Days(t *testing.T) {
	from := calendar.NewDate(2027, 3, 1)
	if got := NoticeDue(from); got != calendar.NewDate(2027, 1, 15) {
		t.Fatalf("due %v", got)
	}
	for _, c := range []struct {
		on   calendar.Date
		late bool
	}{
		{calendar.NewDate(2027, 1, 14), false}, // 46 days before
		{calendar.NewDate(2027, 1, 15), false}, // exactly 45
		{calendar.NewDate(2027, 1, 16), true},  // 44
		{calendar.NewDate(2027, 3, 1), true},
		{calendar.Date{}, false},
	} {
		if got := NoticeLate(from, c.on); got != c.late {
			t.Errorf("notified %v: late %v, want %v", c.on, got, c.late)
		}
	}
	if NoticeLate(calendar.Date{}, calendar.NewDate(2027, 1, 1)) {
		t.Error("late without a start day")
	}
	// Across a leap day: 45 calendar days, counted on the calendar.
	if got := NoticeDue(calendar.NewDate(2028, 4, 1)); got != calendar.NewDate(2028, 2, 16) {
		t.Errorf("leap year: %v", got)
	}
	b := Board{SupervisionFrom: from}
	if b.NoticeLate(calendar.NewDate(2027, 1, 15)) || !b.NoticeLate(calendar.NewDate(2027, 1, 16)) {
		t.Error("a board not yet notified is late from the day after the due day")
	}
}

func TestCoverage(t *testing.T) {
	ps := []ProjectState{
		{KindPublic, Building, true},
		{KindPPP, Preparing, false},
		{KindResidents, Building, true},
		{KindSponsored, Done, false}, // done: needs none
		{KindPublic, Preparing, false},
	}
	c := CoverageOf(ps)
	if c.Need != 4 || c.With != 2 {
		t.Fatalf("coverage %+v", c)
	}
	if pct, ok := c.Percent(); !ok || pct != 50 {
		t.Errorf("percent %d %v", pct, ok)
	}
	// Rounded down: 2/3 is 66 %, and 99.x % is not 100 %.
	if pct, _ := (Coverage{Need: 3, With: 2}).Percent(); pct != 66 {
		t.Errorf("2/3 = %d", pct)
	}
	if pct, _ := (Coverage{Need: 1000, With: 999}).Percent(); pct != 99 {
		t.Errorf("999/1000 = %d", pct)
	}
	if _, ok := (Coverage{}).Percent(); ok {
		t.Error("no project: no percent")
	}
	if !(Coverage{Need: 2, With: 2}).Complete() || (Coverage{Need: 2, With: 1}).Complete() {
		t.Error("complete")
	}
	// The kinds needing a board are data: a kind taken out stops counting.
	NeedsBoard[KindPPP] = false
	defer func() { NeedsBoard[KindPPP] = true }()
	if c := CoverageOf(ps); c.Need != 3 {
		t.Errorf("without PPP: %+v", c)
	}
}

func TestNameMatches(t *testing.T) {
	parties := []string{"Công ty TNHH Xây dựng Nguyễn Văn An", "Lò Thị Hoa", "UBND xã Bình Yên", "Hà"}
	for _, c := range []struct {
		member string
		want   []string
	}{
		{"Nguyễn Văn An", []string{"Công ty TNHH Xây dựng Nguyễn Văn An"}},
		{"nguyen van an", []string{"Công ty TNHH Xây dựng Nguyễn Văn An"}},
		{"LÒ THỊ HOA", []string{"Lò Thị Hoa"}},
		{"Lo  Thi   Hoa", []string{"Lò Thị Hoa"}},
		{"Lò Thị Hoà Bình", []string{"Lò Thị Hoa"}}, // the party's whole name within the member's: flagged for a look
		{"Lò Thị Hoạt", nil},                        // whole words only
		{"Nguyễn Văn Anh", nil},
		{"Hà", nil}, // one word matches too much
		{"Hà Văn Tú", nil},
	} {
		if got := NameMatches(c.member, parties); !slices.Equal(got, c.want) {
			t.Errorf("%q: %v, want %v", c.member, got, c.want)
		}
	}
	if got := NameMatches("Đặng Văn Đức", []string{"Dang Van Duc"}); len(got) != 1 {
		t.Errorf("đ folds to d: %v", got)
	}
}

func TestChecklist(t *testing.T) {
	if got := Checklist(KindPPP); len(got) != 7 || slices.Contains(got, CheckAcceptance) {
		t.Errorf("PPP: %v", got)
	}
	for _, k := range []Kind{KindPublic, KindResidents, KindSponsored} {
		got := Checklist(k)
		if len(got) != 11 || !slices.Contains(got, CheckStandards) || !slices.Contains(got, CheckMaterials) || !slices.Contains(got, CheckAccounts) {
			t.Errorf("%s: %v", k, got)
		}
	}
}

func TestParseVND(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int64
		ok   bool
	}{
		{"1.200.000.000", 1_200_000_000, true},
		{"1 200 000 000", 1_200_000_000, true},
		{"1200000000", 1_200_000_000, true},
		{"1.200.000.000 đồng", 1_200_000_000, true},
		{"500.000đ", 500_000, true},
		{"750 VND", 750, true},
		{"12.000", 12_000, true},
		{"1.20.000", 0, false},
		{"1,200,000", 0, false},
		{"1,5", 0, false},
		{"-1000", 0, false},
		{"0", 0, false},
		{"", 0, false},
		{"1..000", 0, false},
		{".100", 0, false},
		{"100.", 0, false},
		{"1000.000", 0, false},
		{"abc", 0, false},
		{"1.000.000.000.000.001", 0, false},
		{"1.000.000.000.000.000", 1_000_000_000_000_000, true},
		{"99999999999999999999", 0, false},
	} {
		got, ok := ParseVND(c.in)
		if got != c.want || ok != c.ok {
			t.Errorf("ParseVND(%q) = %d %v, want %d %v", c.in, got, ok, c.want, c.ok)
		}
	}
	for _, n := range []int64{1, 999, 1000, 1_200_000_000, 1_000_000_000_000_000} {
		if got, ok := ParseVND(FormatVND(n)); !ok || got != n {
			t.Errorf("round trip %d: %s → %d", n, FormatVND(n), got)
		}
	}
}

func TestParsePeriod(t *testing.T) {
	p, ok := ParsePeriod("quy", "2026", "4")
	from, to := p.Bounds()
	if !ok || from != calendar.NewDate(2026, 10, 1) || to != calendar.NewDate(2026, 12, 31) {
		t.Errorf("Q4: %v %v %v", ok, from, to)
	}
	p, _ = ParsePeriod("quy", "2028", "1")
	if _, to := p.Bounds(); to != calendar.NewDate(2028, 3, 31) {
		t.Errorf("Q1 end %v", to)
	}
	p, _ = ParsePeriod("nua-nam", "2026", "1")
	if from, to := p.Bounds(); from != calendar.NewDate(2026, 1, 1) || to != calendar.NewDate(2026, 6, 30) {
		t.Errorf("H1: %v %v", from, to)
	}
	if p, ok := ParsePeriod("nhiem-ky", "", ""); !ok || p.Kind != "term" {
		t.Error("term")
	}
	for _, bad := range [][3]string{{"quy", "2026", "5"}, {"quy", "2026", "0"}, {"nua-nam", "2026", "3"}, {"nam", "2026", "1"}, {"quy", "x", "1"}} {
		if _, ok := ParsePeriod(bad[0], bad[1], bad[2]); ok {
			t.Errorf("%v accepted", bad)
		}
	}
}

func TestParsePercent(t *testing.T) {
	for in, want := range map[string]int{"0": 0, "45": 45, "45 %": 45, "100%": 100} {
		if got, ok := ParsePercent(in); !ok || got != want {
			t.Errorf("%q: %d %v", in, got, ok)
		}
	}
	for _, bad := range []string{"101", "-1", "+5", "4.5", "", "abc"} {
		if _, ok := ParsePercent(bad); ok {
			t.Errorf("%q accepted", bad)
		}
	}
}
