package election

import (
	"testing"

	"xaso/internal/calendar"
)

// Decree 59 Art. 6 at its exact boundaries: a step N days before the election day is on time,
// N − 1 days before is late; a step not recorded is overdue only once its last day has passed.
func TestTimelineBoundaries(t *testing.T) {
	day := calendar.NewDate(2026, 4, 26)
	for _, s := range Steps {
		n := s.DaysBefore()
		onTime := Timeline(day, map[Step]calendar.Date{s: day.AddDays(-n)}, day.AddDays(-30))
		late := Timeline(day, map[Step]calendar.Date{s: day.AddDays(-(n - 1))}, day.AddDays(-30))
		for _, st := range onTime {
			if st.Step == s && (st.Late || !st.Recorded || st.Before != n) {
				t.Errorf("%s %d days before: %+v", s, n, st)
			}
		}
		for _, st := range late {
			if st.Step == s && !st.Late {
				t.Errorf("%s %d days before is not late: %+v", s, n-1, st)
			}
		}
		// Not recorded: on its last day it is not overdue yet, the day after it is.
		for _, c := range []struct {
			today   calendar.Date
			overdue bool
		}{{day.AddDays(-n), false}, {day.AddDays(-n + 1), true}} {
			for _, st := range Timeline(day, nil, c.today) {
				if st.Step == s && st.Overdue != c.overdue {
					t.Errorf("%s missing on %v: overdue %v", s, c.today, st.Overdue)
				}
			}
		}
	}
	want := map[Step]int{StepPlan: 20, StepCandidates: 15, StepTeam: 10, StepAnnounce: 7}
	for s, n := range want {
		if s.DaysBefore() != n {
			t.Errorf("%s: %d days", s, s.DaysBefore())
		}
	}
	tl := Timeline(day, map[Step]calendar.Date{StepPlan: day.AddDays(-20), StepCandidates: day.AddDays(-14)}, day.AddDays(-12))
	if m := Missing(tl); len(m) != 2 || m[0] != StepTeam || m[1] != StepAnnounce {
		t.Errorf("missing %v", m)
	}
	if l := Late(tl); len(l) != 1 || l[0] != StepCandidates {
		t.Errorf("late %v", l)
	}
	if !tl[1].Warn() || tl[0].Warn() || tl[2].Warn() || tl[3].Warn() {
		t.Errorf("warnings %+v", tl)
	}
}

// More than half of ALL the households of the hamlet: 301 households need 151, 300 need 151,
// 1 needs 1; the votes of those present do not matter.
func TestDecideThreshold(t *testing.T) {
	for _, c := range []struct {
		households, votes int
		elected           bool
		needed            int
	}{
		{301, 151, true, 151}, {301, 150, false, 151}, {300, 151, true, 151}, {300, 150, false, 151},
		{1, 1, true, 1}, {2, 1, false, 2}, {2, 2, true, 2}, {0, 0, false, 1},
	} {
		o := Decide(1, c.households, []string{"Lò Văn Sáng"}, []int{c.votes})
		if o.Needed != c.needed || o.Standings[0].Elected != c.elected || o.NoWinner() == c.elected {
			t.Errorf("%d/%d: %+v", c.votes, c.households, o)
		}
	}
	// Two candidates for one seat: both cannot pass one half of all households... unless
	// households voted for both; the higher is elected.
	o := Decide(1, 100, []string{"A", "B"}, []int{40, 45})
	if !o.NoWinner() || o.Standings[1].Passed {
		t.Errorf("nobody above half: %+v", o)
	}
}

// Boards: the top N among those above the threshold; a tie for the last seat leaves it empty.
func TestDecideSeats(t *testing.T) {
	names := []string{"A", "B", "C", "D", "E", "F"}
	o := Decide(3, 200, names, []int{150, 101, 100, 180, 120, 99})
	got := ""
	for _, s := range o.Standings {
		if s.Elected {
			got += s.Name
		}
	}
	if got != "ADE" || o.Elected != 3 || o.Tie {
		t.Errorf("elected %s: %+v", got, o)
	}
	o = Decide(2, 200, names, []int{150, 120, 120, 10, 10, 10})
	if o.Elected != 1 || !o.Tie || !o.Standings[1].Tied || !o.Standings[2].Tied || o.Standings[1].Elected || o.Unfilled() != 1 {
		t.Errorf("tie for the last seat: %+v", o)
	}
	o = Decide(5, 200, names[:2], []int{150, 120})
	if o.Elected != 2 || o.Unfilled() != 3 {
		t.Errorf("fewer candidates than seats: %+v", o)
	}
}

// A removal petition: 50 % of households or more calls the meeting; removal needs more than half.
func TestRemoval(t *testing.T) {
	for _, c := range []struct {
		supporters, households int
		due                    bool
	}{{150, 300, true}, {149, 300, false}, {151, 301, true}, {150, 301, false}, {1, 1, true}, {0, 0, false}} {
		if RemovalDue(c.supporters, c.households) != c.due {
			t.Errorf("%d/%d: due %v", c.supporters, c.households, !c.due)
		}
	}
	if Removed(150, 300) || !Removed(151, 300) || !Removed(151, 301) || Removed(150, 301) {
		t.Error("removal threshold")
	}
	if RemovalChair(false) != "election.chair.front_head" || RemovalChair(true) != "election.chair.commune_chairman" {
		t.Error("removal chair")
	}
}

func TestTermAndInterim(t *testing.T) {
	start := calendar.NewDate(2026, 3, 22)
	if e := TermEnd(start, 30); e != calendar.NewDate(2028, 9, 21) {
		t.Errorf("30 months: %v", e)
	}
	if e := TermEnd(start, 60); e != calendar.NewDate(2031, 3, 21) {
		t.Errorf("60 months: %v", e)
	}
	since := calendar.NewDate(2026, 1, 31)
	if InterimOver(since, calendar.NewDate(2026, 7, 30), 6) || !InterimOver(since, calendar.NewDate(2026, 7, 31), 6) {
		t.Errorf("interim limit: ends %v", TermEnd(since, 6))
	}
}
