package democracy

import (
	"strings"
	"testing"

	"xaso/internal/calendar"
)

// The boundaries are worked by hand: two thirds of 301 is 200.67, so 201 passes and 200 does
// not; more than half of 300 is 151.
func TestThresholdBoundaries(t *testing.T) {
	cases := []struct {
		name      string
		pass      func(int, int) bool
		yes, all  int
		want      bool
		wantLeast int
	}{
		{"2/3 of 301: 201", AtLeastTwoThirds, 201, 301, true, 201},
		{"2/3 of 301: 200", AtLeastTwoThirds, 200, 301, false, 201},
		{"2/3 of 300: 200", AtLeastTwoThirds, 200, 300, true, 200},
		{"2/3 of 300: 199", AtLeastTwoThirds, 199, 300, false, 200},
		{"2/3 of 3: 2", AtLeastTwoThirds, 2, 3, true, 2},
		{"2/3 of 1: 1", AtLeastTwoThirds, 1, 1, true, 1},
		{"2/3 of 1: 0", AtLeastTwoThirds, 0, 1, false, 1},
		{">1/2 of 300: 151", MoreThanHalf, 151, 300, true, 151},
		{">1/2 of 300: 150", MoreThanHalf, 150, 300, false, 151},
		{">1/2 of 301: 151", MoreThanHalf, 151, 301, true, 151},
		{">1/2 of 301: 150", MoreThanHalf, 150, 301, false, 151},
		{">1/2 of 2: 1", MoreThanHalf, 1, 2, false, 2},
		{">1/2 of 20000: 10001", MoreThanHalf, 10001, 20000, true, 10001},
		{">=1/2 of 301: 151", AtLeastHalf, 151, 301, true, 151},
		{">=1/2 of 300: 150", AtLeastHalf, 150, 300, true, 150},
		{">=1/2 of 300: 149", AtLeastHalf, 149, 300, false, 150},
		{">=1/10 of 301: 31", AtLeastTenth, 31, 301, true, 31},
		{">=1/10 of 301: 30", AtLeastTenth, 30, 301, false, 31},
		{">=1/10 of 300: 30", AtLeastTenth, 30, 300, true, 30},
		{"nobody: never passes", MoreThanHalf, 0, 0, false, 1},
		{"negative yes", AtLeastTwoThirds, -1, 0, false, 1},
	}
	for _, c := range cases {
		if got := c.pass(c.yes, c.all); got != c.want {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
		if got := Needed(c.pass, c.all); got != c.wantLeast {
			t.Errorf("%s: needed %d, want %d", c.name, got, c.wantLeast)
		}
	}
}

// Needed agrees with its test everywhere, not only at the worked boundaries.
func TestNeededIsTheLeastThatPasses(t *testing.T) {
	for _, pass := range []func(int, int) bool{AtLeastTwoThirds, MoreThanHalf, AtLeastHalf, AtLeastTenth} {
		for all := 1; all <= 700; all++ {
			n := Needed(pass, all)
			if !pass(n, all) || (n > 0 && pass(n-1, all)) {
				t.Fatalf("all=%d: needed %d is not the least that passes", all, n)
			}
		}
	}
}

func TestEvaluateCommuneWide(t *testing.T) {
	// Matter 1 across three hamlets: two pass at two thirds, the third does not. The households
	// reach two thirds overall (204 of 300), and 2 of 3 hamlets is two thirds: it passes.
	counts := []Count{
		{HamletID: "a", Households: 100, Present: 90, Yes: 70},
		{HamletID: "b", Households: 100, Present: 80, Yes: 67},
		{HamletID: "c", Households: 100, Present: 70, Yes: 67},
	}
	r := Evaluate(MatterInfrastructure, true, counts, 3)
	if r.Households != 300 || r.Yes != 204 || r.Needed != 200 || !r.HouseholdsPassed {
		t.Fatalf("households %d yes %d needed %d passed %v", r.Households, r.Yes, r.Needed, r.HouseholdsPassed)
	}
	if r.HamletsPassed != 3 || !r.HamletsOK || !r.Passed {
		t.Fatalf("hamlets %d/%d ok %v passed %v", r.HamletsPassed, r.HamletsAll, r.HamletsOK, r.Passed)
	}
	counts[1].Yes, counts[2].Yes = 66, 66 // 2/3 of 100 is 66.67: 66 fails; overall 202 ≥ 200
	r = Evaluate(MatterInfrastructure, true, counts, 3)
	if !r.HouseholdsPassed || r.HamletsPassed != 1 || r.HamletsNeeded != 2 || r.HamletsOK || r.Passed {
		t.Fatalf("one hamlet of three must fail the hamlets rule: %+v", r)
	}
	// Missing a hamlet: never final.
	r = Evaluate(MatterOther, true, counts[:2], 3)
	if r.Complete || r.Passed {
		t.Fatalf("an incomplete count passed: %+v", r)
	}
	// Matter 6 counts households only (more than half), no hamlets rule.
	r = Evaluate(MatterOther, true, counts, 3)
	if r.HamletsRule || !r.Passed {
		t.Fatalf("matter 6: %+v", r)
	}
}

// Art. 21.1: a meeting where every present household said yes still fails when those present
// are not enough of all the households.
func TestEvaluateCountsAllHouseholdsNotThosePresent(t *testing.T) {
	r := Evaluate(MatterRules, false, []Count{{HamletID: "a", Households: 301, Present: 150, Yes: 150}}, 1)
	if r.Passed || r.Needed != 151 || r.Hamlets[0].Absent() != 151 {
		t.Fatalf("%+v", r)
	}
}

func TestCheckForm(t *testing.T) {
	cases := []struct {
		m                 Matter
		f                 Form
		meeting, fallback bool
		want              string
	}{
		{MatterRules, ShowOfHands, true, false, ""},
		{MatterRules, HouseholdBallot, false, false, "democracy.err.meeting_only"},
		{MatterRules, HouseholdBallot, false, true, ""},
		{MatterHamletHead, HouseholdBallot, false, false, "democracy.err.meeting_only"},
		{MatterBoards, SecretBallot, true, false, ""},
		{MatterInfrastructure, HouseholdBallot, false, false, ""},
		{MatterOther, ShowOfHands, false, false, "democracy.err.form_needs_meeting"},
		{MatterOther, OnlineVote, false, false, ""},
		{MatterInfrastructure, OnlineVote, false, false, "democracy.err.online_matter"},
		{MatterRules, OnlineVote, false, true, "democracy.err.online_matter"},
		{MatterOther, Form("sms"), false, false, "democracy.err.form"},
		{Matter(7), ShowOfHands, true, false, "democracy.err.matter"},
	}
	for _, c := range cases {
		if got := CheckForm(c.m, c.f, c.meeting, c.fallback); got != c.want {
			t.Errorf("matter %d form %s meeting %v fallback %v: %q, want %q", c.m, c.f, c.meeting, c.fallback, got, c.want)
		}
	}
}

func TestCommitteeAndNotice(t *testing.T) {
	if k := CheckCommittee(3, 51, 100); k != "" {
		t.Errorf("3 members approved by 51 of 100: %s", k)
	}
	if k := CheckCommittee(3, 50, 100); k != "democracy.err.committee_approval" {
		t.Errorf("50 of 100 is not more than half: %q", k)
	}
	if k := CheckCommittee(6, 90, 100); k != "democracy.err.committee_size" {
		t.Errorf("6 members: %q", k)
	}
	held := mustDay(t, "2026-12-20")
	if !DecisionMeeting.NoticeInTime(mustDay(t, "2026-12-18"), held) || DecisionMeeting.NoticeInTime(mustDay(t, "2026-12-19"), held) {
		t.Error("a decision meeting needs the notice 2 days before")
	}
	if !YearEndMeeting.NoticeInTime(mustDay(t, "2026-12-15"), held) || YearEndMeeting.NoticeInTime(mustDay(t, "2026-12-16"), held) {
		t.Error("the year-end meeting needs the notice 5 days before")
	}
}

func mustDay(t *testing.T, s string) calendar.Date {
	t.Helper()
	d, err := calendar.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// A period in months ends on the corresponding day, or the last day of a shorter month.
func TestAddMonths(t *testing.T) {
	for _, c := range []struct {
		from string
		n    int
		want string
	}{
		{"2026-12-07", 3, "2027-03-07"}, {"2026-11-30", 3, "2027-02-28"}, {"2027-11-30", 3, "2028-02-29"},
		{"2026-12-31", 3, "2027-03-31"}, {"2026-05-31", -3, "2026-02-28"}, {"2026-01-15", -3, "2025-10-15"}, {"2026-10-31", 1, "2026-11-30"},
	} {
		if got := addMonths(mustDay(t, c.from), c.n); got != mustDay(t, c.want) {
			t.Errorf("%s %+d months: %s, want %s", c.from, c.n, got, c.want)
		}
	}
}

// A meeting starts within its day: "24:00" is refused, not moved to the next day.
func TestMeetingTimeWithinTheDay(t *testing.T) {
	in := MeetingInput{Kind: DecisionMeeting, Title: "Họp", HamletID: "a", Place: "Nhà văn hóa", Day: "2026-12-10", Agenda: "Làm đường"}
	hs := []Hamlet{{ID: "a", Name: "Đồng Tâm", Households: 10}}
	for clock, ok := range map[string]bool{"24:00": false, "23:59": true, "00:00": true, "19:30": true, "25:00": false} {
		in.Time = clock
		m, fe := validateMeeting(in, hs, Scope{})
		if ok != (fe["time"] == "") {
			t.Errorf("%s: time error %q", clock, fe["time"])
		}
		if ok && m.Day() != mustDay(t, "2026-12-10") {
			t.Errorf("%s: starts on %s", clock, m.Day())
		}
	}
}

// The year-end meeting carries its three reports first, once, whatever was typed.
func TestYearEndAgenda(t *testing.T) {
	in := MeetingInput{Kind: YearEndMeeting, Title: "Hội nghị cuối năm", HamletID: "a", Place: "Nhà văn hóa", Day: "2026-12-28", Time: "19:30", Agenda: "Bình xét gia đình văn hóa"}
	hs := []Hamlet{{ID: "a", Name: "Đồng Tâm", Households: 10}}
	m, fe := validateMeeting(in, hs, Scope{})
	if len(fe) > 0 || len(m.Agenda) != 4 || m.Agenda[0] != YearEndReports[0] || m.Agenda[3] != "Bình xét gia đình văn hóa" {
		t.Fatalf("%v %q", fe, m.Agenda)
	}
	in.Agenda = strings.Join(m.Agenda, "\n")
	if again, _ := validateMeeting(in, hs, Scope{}); len(again.Agenda) != 4 {
		t.Fatalf("saved again: %q", again.Agenda)
	}
}
