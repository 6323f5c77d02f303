package oversight

import (
	"net/url"
	"slices"
	"testing"

	"xaso/internal/calendar"
)

func hamletsN(n int) []HamletRef {
	var hs []HamletRef
	for i := range n {
		hs = append(hs, HamletRef{ID: string(rune('a' + i)), Name: "Xóm " + string(rune('A'+i))})
	}
	return hs
}

func keys(ws []Warning) []string {
	var out []string
	for _, w := range ws {
		out = append(out, w.Key)
	}
	return out
}

// The count rules at the boundaries: fewer than 5 hamlets caps the board at 5 (and lets a
// hamlet have two members); 5 hamlets or more want one member per hamlet; never fewer than 5.
func TestCheckComposition(t *testing.T) {
	seat := func(h string, p Position) Seat { return Seat{HamletID: h, Position: p} }
	five := []Seat{seat("a", PosHead), seat("b", PosDeputy), seat("c", PosMember), seat("d", PosMember), seat("a", PosMember)}
	cases := []struct {
		name    string
		seats   []Seat
		hamlets int
		want    []string
	}{
		{"4 hamlets, 5 members, one hamlet twice", five, 4, nil},
		{"4 hamlets, 6 members", append(slices.Clone(five), seat("b", PosMember)), 4, []string{"inspection.warn.small_commune_cap"}},
		{"4 hamlets, 4 members", five[:4], 4, []string{"inspection.warn.too_few"}},
		{"5 hamlets, 5 members, one twice", five, 5, []string{"inspection.warn.hamlet_twice", "inspection.warn.hamlet_missing"}},
		{"5 hamlets, one each", []Seat{seat("a", PosHead), seat("b", PosDeputy), seat("c", PosDeputy), seat("d", PosMember), seat("e", PosMember)}, 5, nil},
		{"6 hamlets, 6 members may exceed 5", []Seat{seat("a", PosHead), seat("b", PosMember), seat("c", PosMember), seat("d", PosMember), seat("e", PosMember), seat("f", PosMember)}, 6, nil},
		{"no head, three deputies", []Seat{seat("a", PosDeputy), seat("b", PosDeputy), seat("c", PosDeputy), seat("d", PosMember), seat("e", PosMember)}, 5,
			[]string{"inspection.warn.no_head", "inspection.warn.deputies"}},
	}
	for _, c := range cases {
		if got := keys(CheckComposition(c.seats, hamletsN(c.hamlets))); !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

// One head and at most two deputies are hard rules on entry.
func TestPositionAllowed(t *testing.T) {
	head, dep := Seat{Position: PosHead}, Seat{Position: PosDeputy}
	cases := []struct {
		others []Seat
		p      Position
		want   string
	}{
		{nil, PosHead, ""},
		{[]Seat{head}, PosHead, "inspection.err.second_head"},
		{[]Seat{head, dep}, PosDeputy, ""},
		{[]Seat{head, dep, dep}, PosDeputy, "inspection.err.third_deputy"},
		{[]Seat{head, dep, dep}, PosMember, ""},
		{nil, "chair", "inspection.err.position"},
	}
	for _, c := range cases {
		if got := PositionAllowed(c.others, c.p); got != c.want {
			t.Errorf("%v + %s: %q, want %q", c.others, c.p, got, c.want)
		}
	}
}

// A member is flagged against the staff directory by folded name and, when both have one,
// phone; a namesake with another phone is still flagged (weaker), a phone alone too.
func TestEligibilityMatches(t *testing.T) {
	staff := []StaffRow{
		{ID: "s1", FullName: "Nguyễn Thị Hoà", Phone: "0912 345 678", Source: "staff"},
		{ID: "s2", FullName: "Lò Văn Đức", Source: "hamlet_head"},
		{ID: "s3", FullName: "Hà Văn Minh", Phone: "0987654321", Source: "staff"},
	}
	cases := []struct {
		name, phone string
		want        []string // staff id:kind
	}{
		{"nguyen thi hoa", "+84 912.345.678", []string{"s1:name_phone"}},
		{"Nguyễn  Thị Hoà", "", []string{"s1:name"}},
		{"NGUYỄN THỊ HOÀ", "0900000000", []string{"s1:name_other_phone"}},
		{"Lo Van Duc", "0911111111", []string{"s2:name"}},
		{"Hoàng Văn An", "0987 654 321", []string{"s3:phone"}},
		{"Hoàng Văn An", "", nil},
	}
	for _, c := range cases {
		var got []string
		for _, m := range EligibilityMatches(c.name, c.phone, staff) {
			got = append(got, m.Staff.ID+":"+m.Kind)
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%q %q: %v, want %v", c.name, c.phone, got, c.want)
		}
	}
}

// A by-election is due only when at least 6 months of the term remain: exactly 6 months is
// enough, a day less is not; a month without the day ends on its last day.
func TestByElectionDue(t *testing.T) {
	d := calendar.NewDate
	cases := []struct {
		vacated, end calendar.Date
		want         bool
	}{
		{d(2026, 3, 15), d(2026, 9, 15), true},
		{d(2026, 3, 15), d(2026, 9, 14), false},
		{d(2026, 8, 31), d(2027, 2, 28), true},
		{d(2026, 8, 31), d(2027, 2, 27), false},
		{d(2027, 8, 31), d(2028, 2, 29), true}, // leap year
		{d(2026, 11, 1), d(2027, 5, 1), true},
		{d(2026, 11, 2), d(2027, 5, 1), false},
	}
	for _, c := range cases {
		if got := ByElectionDue(c.vacated, c.end); got != c.want {
			t.Errorf("vacated %s, term ends %s: %v", c.vacated, c.end, got)
		}
	}
}

// The plan is sent at the latest 5 working days before the start: weekends and holidays are
// skipped counting back.
func TestNoticeDeadline(t *testing.T) {
	cal := calendar.Default()
	d := calendar.NewDate
	cases := []struct{ start, want calendar.Date }{
		{d(2026, 12, 14), d(2026, 12, 7)}, // Monday → the Monday before
		{d(2026, 12, 11), d(2026, 12, 4)}, // Friday → the Friday before
		{d(2026, 9, 7), d(2026, 8, 27)},   // after the National Day holiday (1–2 September): Thursday 27 August
		{d(2027, 1, 4), d(2026, 12, 25)},  // New Year's Day (Friday 1 January 2027) not counted: Friday 25 December
	}
	for _, c := range cases {
		if got := NoticeDeadline(cal, c.start); got != c.want {
			t.Errorf("start %s (%s): deadline %s, want %s", c.start, c.start.Weekday(), got, c.want)
		}
	}
	sent := map[Recipient]calendar.Date{ToFront: d(2026, 12, 7), ToChairman: d(2026, 12, 7)}
	if s := NoticeStateOf(sent, d(2026, 12, 7), d(2026, 12, 7)); s != NoticePending {
		t.Errorf("two of three on the deadline: %s", s)
	}
	if s := NoticeStateOf(sent, d(2026, 12, 7), d(2026, 12, 8)); s != NoticeOverdue {
		t.Errorf("two of three after the deadline: %s", s)
	}
	sent[ToSubject] = d(2026, 12, 7)
	if s := NoticeStateOf(sent, d(2026, 12, 7), d(2026, 12, 9)); s != NoticeOnTime {
		t.Errorf("all on the deadline: %s", s)
	}
	sent[ToSubject] = d(2026, 12, 8)
	if s := NoticeStateOf(sent, d(2026, 12, 7), d(2026, 12, 9)); s != NoticeLate {
		t.Errorf("one a day late: %s", s)
	}
}

func TestNormalPhone(t *testing.T) {
	for in, want := range map[string]string{"+84 912 345 678": "0912345678", "0912.345.678": "0912345678", "84912345678": "0912345678", "": ""} {
		if got := NormalPhone(in); got != want {
			t.Errorf("%q: %q", in, got)
		}
	}
}

func TestParseReportSpan(t *testing.T) {
	today := calendar.NewDate(2026, 8, 14) // quarter 3, half 2
	for _, c := range []struct {
		query string
		want  ReportSpan
		text  string
	}{
		{"", ReportSpan{Period: PeriodQuarter, Year: 2026, Part: 3}, "quý 3 năm 2026"},
		{"nam=2025&quy=4", ReportSpan{Period: PeriodQuarter, Year: 2025, Part: 4}, "quý 4 năm 2025"},
		{"ky=quy&phan=9", ReportSpan{Period: PeriodQuarter, Year: 2026, Part: 3}, "quý 3 năm 2026"},
		{"ky=6-thang", ReportSpan{Period: PeriodHalf, Year: 2026, Part: 2}, "6 tháng lần 2 năm 2026"},
		{"ky=6-thang&phan=1&nam=2027", ReportSpan{Period: PeriodHalf, Year: 2027, Part: 1}, "6 tháng lần 1 năm 2027"},
		{"ky=6-thang&phan=3", ReportSpan{Period: PeriodHalf, Year: 2026, Part: 2}, "6 tháng lần 2 năm 2026"},
		{"ky=nam&phan=2&nam=1999", ReportSpan{Period: PeriodYear, Year: 2026}, "năm 2026"},
		{"ky=nhiem-ky", ReportSpan{Period: PeriodTerm, Year: 2026}, "nhiệm kỳ"},
	} {
		q, _ := url.ParseQuery(c.query)
		got := ParseReportSpan(q, today)
		if got != c.want || got.Text() != c.text {
			t.Errorf("%q: %+v %q, want %+v %q", c.query, got, got.Text(), c.want, c.text)
		}
		// The link a span writes reads back as the same span.
		back, _ := url.ParseQuery(got.Query())
		if again := ParseReportSpan(back, today); again != got {
			t.Errorf("%q: link %q reads %+v", c.query, got.Query(), again)
		}
	}
}
