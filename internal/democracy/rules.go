package democracy

import (
	"slices"

	"xaso/internal/calendar"
)

// Matter is an item of Law 10/2022 Art. 15 that residents discuss and decide; 0 is an agenda
// item that is reported or discussed, not decided.
type Matter int

const (
	// MatterInfrastructure: the policy and level of residents' contributions to build local
	// infrastructure and public works (Art. 15.1).
	MatterInfrastructure Matter = 1
	// MatterCommunityFunds: collecting, spending and managing the community's money and assets
	// (Art. 15.2).
	MatterCommunityFunds Matter = 2
	// MatterRules: the hamlet's conventions (hương ước, quy ước) (Art. 15.3).
	MatterRules Matter = 3
	// MatterHamletHead: electing or removing the hamlet head (Art. 15.4).
	MatterHamletHead Matter = 4
	// MatterBoards: electing or removing members of the People's Inspection Board and of the
	// Community Investment Supervision Board (Art. 15.5).
	MatterBoards Matter = 5
	// MatterOther: other self-managed matters of the community (Art. 15.6).
	MatterOther Matter = 6
)

// Matters in the law's order.
var Matters = []Matter{MatterInfrastructure, MatterCommunityFunds, MatterRules, MatterHamletHead, MatterBoards, MatterOther}

// Valid reports whether m is one of the six matters.
func (m Matter) Valid() bool { return m >= MatterInfrastructure && m <= MatterOther }

// Key is the catalogue key of the matter's name.
func (m Matter) Key() string { return "democracy.matter." + string(rune('0'+int(m))) }

// TwoThirds reports whether the matter needs two thirds of all households (Art. 21.1.a)
// rather than more than half (Art. 21.1.b).
func (m Matter) TwoThirds() bool { return m == MatterInfrastructure || m == MatterCommunityFunds }

// AtMeetingOnly reports whether the matter must be decided at a meeting, household ballots being
// only the fallback when the meeting failed its threshold (Art. 17.2).
func (m Matter) AtMeetingOnly() bool { return m >= MatterRules && m <= MatterBoards }

// Recogniser is who must recognise a hamlet's decision before it takes effect (Art. 21.2):
// "committee" for matters 3–4, "front" for matter 5, "" when the vote itself gives effect
// (matters 1, 2, 6 of a hamlet). A commune-wide decision on matters 1–2 takes effect on the day
// the committee sets: it is "committee" too.
func (m Matter) Recogniser(communeWide bool) string {
	switch {
	case m == MatterRules || m == MatterHamletHead:
		return "committee"
	case m == MatterBoards:
		return "front"
	case communeWide && m.TwoThirds():
		return "committee"
	}
	return ""
}

// Pass is the test of the matter over all households.
func (m Matter) Pass(yes, all int) bool {
	if m.TwoThirds() {
		return AtLeastTwoThirds(yes, all)
	}
	return MoreThanHalf(yes, all)
}

// Form is how a decision is voted (Art. 17).
type Form string

const (
	// ShowOfHands at the meeting (biểu quyết bằng giơ tay).
	ShowOfHands Form = "hands"
	// SecretBallot at the meeting (bỏ phiếu kín), counted by a committee of 3–5.
	SecretBallot Form = "secret"
	// HouseholdBallot: a ballot delivered to each household (phát phiếu lấy ý kiến hộ gia đình).
	HouseholdBallot Form = "household"
	// OnlineVote: each household votes once online (biểu quyết trực tuyến, Decree 59 Art. 5),
	// only on matter 6 and only once its preconditions are recorded.
	OnlineVote Form = "online"
)

// Forms offered, in the form's order.
var Forms = []Form{ShowOfHands, SecretBallot, HouseholdBallot, OnlineVote}

// Valid reports whether f is an offered form.
func (f Form) Valid() bool { return slices.Contains(Forms, f) }

// AtMeeting reports whether the form is voted at a meeting.
func (f Form) AtMeeting() bool { return f == ShowOfHands || f == SecretBallot }

// CheckForm says whether matter m may be decided by form f: the catalogue key of the refusal,
// or "". atMeeting: the decision is tied to a meeting; fallbackFailed: it follows a meeting
// decision on the same matter that failed its threshold.
func CheckForm(m Matter, f Form, atMeeting, fallbackFailed bool) string {
	switch {
	case !m.Valid():
		return "democracy.err.matter"
	case !f.Valid():
		return "democracy.err.form"
	case f.AtMeeting() && !atMeeting:
		return "democracy.err.form_needs_meeting"
	case f == OnlineVote && m != MatterOther:
		// Art. 17.3 and Decree 59 Art. 5.1: online voting only on other self-managed matters.
		return "democracy.err.online_matter"
	case f == HouseholdBallot && m.AtMeetingOnly() && !fallbackFailed:
		// Art. 17.2: matters 3–5 at a meeting; household ballots only when it failed.
		return "democracy.err.meeting_only"
	}
	return ""
}

// Kind is what a meeting is for.
type Kind string

const (
	// DecisionMeeting decides matters of Art. 15.
	DecisionMeeting Kind = "decision"
	// YearEndMeeting is the periodic meeting at the end of the year with its three reports (Art.
	// 33; Decree 59 Art. 10–11).
	YearEndMeeting Kind = "yearend"
	// AwarenessMeeting is an awareness conference held as a community meeting.
	AwarenessMeeting Kind = "awareness"
	// DialogueMeeting is the dialogue conference of the committee with residents (Art. 32).
	DialogueMeeting Kind = "dialogue"
)

// Kinds in the form's order.
var Kinds = []Kind{DecisionMeeting, YearEndMeeting, AwarenessMeeting, DialogueMeeting}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return slices.Contains(Kinds, k) }

// NoticeDays is how many days before the meeting the notice must go out: 5 for the year-end
// meeting (Decree 59 Art. 10), 2 for the others (Decree 59 Art. 3.2).
func (k Kind) NoticeDays() int {
	if k == YearEndMeeting {
		return 5
	}
	return 2
}

// NoticeInTime reports whether a notice given on day on is in time for a meeting on day held:
// at least NoticeDays whole days before it.
func (k Kind) NoticeInTime(on, held calendar.Date) bool {
	return !on.AddDays(k.NoticeDays()).After(held)
}

// ClusterHouseholds is the size from which a hamlet may meet in clusters (Art. 18.3).
const ClusterHouseholds = 200

// Sizes the law fixes for the people around a vote.
const (
	minCommittee = 3 // the counting committee of a secret ballot (Decree 59 Art. 3.5)
	maxCommittee = 5
	minTeam      = 3 // the team delivering household ballots (Decree 59 Art. 4.1)
	maxTeam      = 5
	witnesses    = 2 // household representatives witnessing the count (Decree 59 Art. 4.4)
)

// CheckCommittee checks a secret ballot's counting committee: 3–5 people approved by more than
// half of the representatives present.
func CheckCommittee(members, approvals, present int) string {
	switch {
	case members < minCommittee || members > maxCommittee:
		return "democracy.err.committee_size"
	case !MoreThanHalf(approvals, present):
		return "democracy.err.committee_approval"
	}
	return ""
}

// CheckTeam checks a household-ballot team of 3–5 people and its 2 witnesses at the count.
func CheckTeam(members int) string {
	if members < minTeam || members > maxTeam {
		return "democracy.err.team_size"
	}
	return ""
}
