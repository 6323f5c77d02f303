package election

import (
	"slices"
	"time"

	"xaso/internal/auth"
	"xaso/internal/calendar"
	"xaso/internal/democracy"
)

// The rules of the room, pure: no database, no clock but the dates given.

// Kind is what an election fills.
type Kind string

const (
	// HamletHead is the election of a hamlet head (bầu trưởng thôn, tổ dân phố; Law 10/2022
	// Art. 15.4, Decree 59/2023 Art. 6–8).
	HamletHead Kind = "hamlet_head"
	// Inspection is the election of the hamlet's member of the People's Inspection Board (Ban
	// Thanh tra nhân dân; Law 10/2022 Art. 36: one member per hamlet).
	Inspection Kind = "inspection"
	// Investment is the election of residents' seats of a Community Investment Supervision
	// Board (Ban Giám sát đầu tư của cộng đồng; Decree 59 Art. 17: at most 5 residents).
	Investment Kind = "investment"
)

// Kinds in the form's order.
var Kinds = []Kind{HamletHead, Inspection, Investment}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return slices.Contains(Kinds, k) }

// MaxSeats is the most seats one election of the kind fills: one hamlet head; one inspection
// board member per hamlet (Law 10/2022 Art. 36.1); at most 5 residents on an investment
// supervision board (Decree 59 Art. 17), the seats of the board's hamlets taken together.
func (k Kind) MaxSeats() int {
	if k == Investment {
		return 5
	}
	return 1
}

// Recogniser is the role that recognises the result: the commune chairman for a hamlet head
// (Decree 59 Art. 8; Law 10/2022 Art. 21.2), the Fatherland Front for board members (Law
// 10/2022 Art. 21.2, matter 5).
func (k Kind) Recogniser() auth.Role {
	if k == HamletHead {
		return auth.Leader
	}
	return auth.Front
}

// Step is a step of the preparation (Decree 59 Art. 6), counted back from the election day.
type Step string

const (
	StepPlan       Step = "plan"       // the decision and plan of the election: ≥ 20 days before
	StepCandidates Step = "candidates" // the candidate list from the hamlet Front committee (Mẫu 05): ≥ 15 days
	StepTeam       Step = "team"       // the election team set up by the commune chairman: ≥ 10 days
	StepAnnounce   Step = "announce"   // the public announcement of the election: ≥ 7 days
)

// Steps in the order of the law.
var Steps = []Step{StepPlan, StepCandidates, StepTeam, StepAnnounce}

// DaysBefore is how many days before the election day the step must be done at the latest
// (Decree 59 Art. 6). Calendar days: the article counts days, not working days.
func (s Step) DaysBefore() int {
	switch s {
	case StepPlan:
		return 20
	case StepCandidates:
		return 15
	case StepTeam:
		return 10
	case StepAnnounce:
		return 7
	}
	return 0
}

// Latest is the last day the step may be done for an election on day: the step is on time
// when at least DaysBefore days lie between it and the election day (day − step ≥ N).
func (s Step) Latest(day calendar.Date) calendar.Date { return day.AddDays(-s.DaysBefore()) }

// StepState is how a step stands.
type StepState struct {
	Step     Step
	Days     int           // DaysBefore
	Latest   calendar.Date // the last day it may be done
	On       calendar.Date // the day it was done; zero when not recorded
	Recorded bool
	Late     bool // done, but fewer than Days days before the election
	Overdue  bool // not done and its last day has passed
	Before   int  // days between the step and the election day, when recorded
}

// Warn reports whether the page must warn about the step.
func (s StepState) Warn() bool { return s.Late || s.Overdue }

// Timeline is the steps of an election on day, with the days recorded and today.
func Timeline(day calendar.Date, on map[Step]calendar.Date, today calendar.Date) []StepState {
	out := make([]StepState, len(Steps))
	for i, s := range Steps {
		st := StepState{Step: s, Days: s.DaysBefore(), Latest: s.Latest(day)}
		if d, ok := on[s]; ok && d.Valid() {
			st.On, st.Recorded, st.Before = d, true, day.Sub(d)
			st.Late = d.After(st.Latest)
		} else {
			st.Overdue = today.After(st.Latest)
		}
		out[i] = st
	}
	return out
}

// Missing lists the steps not recorded: the count cannot start while any is. A late step does
// not block the count (the law names no consequence), but the page and the count minutes say
// it was late.
func Missing(tl []StepState) []Step {
	var out []Step
	for _, s := range tl {
		if !s.Recorded {
			out = append(out, s.Step)
		}
	}
	return out
}

// Late lists the steps done late.
func Late(tl []StepState) []Step {
	var out []Step
	for _, s := range tl {
		if s.Late {
			out = append(out, s.Step)
		}
	}
	return out
}

// Standing is a candidate's place in the count.
type Standing struct {
	No      int // the candidate's number on the list
	Name    string
	Votes   int
	Passed  bool // more than half of all the households of the hamlet
	Elected bool
	Tied    bool // passed, but tied for the last seat with another
}

// Outcome is the result of a count.
type Outcome struct {
	Households int // all the households of the hamlet: the base of the threshold
	Needed     int // the least votes that pass: more than half of Households
	Seats      int
	Standings  []Standing // in the list's order
	Elected    int
	Tie        bool // the last seat could not be filled: candidates tied for it
}

// NoWinner reports whether nobody was elected: a new election is to be decided.
func (o Outcome) NoWinner() bool { return o.Elected == 0 }

// Unfilled is the number of seats left empty.
func (o Outcome) Unfilled() int { return o.Seats - o.Elected }

// Decide applies the threshold to a count. Decree 59 Art. 8 (hamlet head) and Law 10/2022
// Art. 21.1.b (board members, matter 5): a candidate is elected with more than half of ALL the
// households of the hamlet, not of those who voted. With more seats than one, the seats go to
// those above the threshold with the most votes, in order; where candidates above it tie for
// the last seat, the law as summarised says nothing: the seat is left unfilled and the minutes
// say why (a decision for the election team and the Front, not the software).
func Decide(seats, households int, names []string, votes []int) Outcome {
	o := Outcome{Households: households, Needed: democracy.Needed(democracy.MoreThanHalf, households), Seats: seats}
	for i, n := range names {
		v := 0
		if i < len(votes) {
			v = votes[i]
		}
		o.Standings = append(o.Standings, Standing{No: i + 1, Name: n, Votes: v, Passed: democracy.MoreThanHalf(v, households)})
	}
	var passed []int
	for i, s := range o.Standings {
		if s.Passed {
			passed = append(passed, i)
		}
	}
	slices.SortStableFunc(passed, func(a, b int) int { return o.Standings[b].Votes - o.Standings[a].Votes })
	if len(passed) <= seats {
		for _, i := range passed {
			o.Standings[i].Elected = true
		}
		o.Elected = len(passed)
		return o
	}
	cut := o.Standings[passed[seats-1]].Votes
	if o.Standings[passed[seats]].Votes == cut {
		o.Tie = true
	}
	for _, i := range passed {
		s := &o.Standings[i]
		switch {
		case s.Votes > cut || (s.Votes == cut && !o.Tie):
			s.Elected = true
			o.Elected++
		case s.Votes == cut:
			s.Tied = true
		}
	}
	return o
}

// Settings are the province's choices as the commune applies them (Circular 04/2012/TT-BNV as
// amended by Circular 09/2017/TT-BNV; a 2026 decree on hamlets may change them): settings, not
// constants.
type Settings struct {
	TermMonths         int // the hamlet head's term: 30 (2.5 years) or 60 (5 years)
	InterimLimitMonths int // the longest an interim head may serve
	Default            bool
}

// DefaultSettings apply until the commune records the province's choice. 60 months and 6
// months are the figures reported for the 2026 decree on hamlets and Circular 04/2012 as
// amended; both are unverified here, hence a setting.
var DefaultSettings = Settings{TermMonths: 60, InterimLimitMonths: 6, Default: true}

// TermMonthsAllowed are the terms a province may choose.
var TermMonthsAllowed = []int{30, 60}

// TermEnd is the day a term begun on start ends (the same day, months later, less one).
func TermEnd(start calendar.Date, months int) calendar.Date {
	t := time.Date(start.Year, start.Month, start.Day, 12, 0, 0, 0, time.UTC).AddDate(0, months, -1)
	return calendar.NewDate(t.Year(), t.Month(), t.Day())
}

// RemovalDue reports whether a petition to remove the hamlet head carries enough households
// for a removal meeting: 50 % of the households of the hamlet or more (Decree 59 Art. 9).
func RemovalDue(supporters, households int) bool {
	return democracy.AtLeastHalf(supporters, households)
}

// Removed reports whether the removal meeting removed the head: matter 4 of Art. 15 needs more
// than half of all the households (Law 10/2022 Art. 21.1.b).
func Removed(votesFor, households int) bool { return democracy.MoreThanHalf(votesFor, households) }

// RemovalChair is the catalogue key of who chairs a removal meeting (Decree 59 Art. 3.1.c):
// the head of the hamlet Front committee, or the commune chairman when that person is the
// hamlet head to be removed.
func RemovalChair(frontHeadIsHamletHead bool) string {
	if frontHeadIsHamletHead {
		return "election.chair.commune_chairman"
	}
	return "election.chair.front_head"
}

// NewElectionDays is the time from a removal to the new election (Decree 59 Art. 9: within 60
// days), in calendar days.
const NewElectionDays = 60

// RecognitionWorkingDays is the time to recognise a result or refuse it in writing (Decree 59
// Art. 8; Law 10/2022 Art. 21.2): 5 working days, counted here from the day the count was
// recorded, when the minutes go to the commune (the law counts from their receipt).
const RecognitionWorkingDays = 5

// InterimOver reports whether an interim head serving since since has passed the limit.
func InterimOver(since, today calendar.Date, limitMonths int) bool {
	if !since.Valid() || limitMonths <= 0 {
		return false
	}
	return today.After(TermEnd(since, limitMonths))
}
