package petition

import (
	"slices"
	"time"

	"xaso/internal/auth"
	"xaso/internal/calendar"
	"xaso/internal/errs"
)

// The room's rules, pure: the deadline table (rows of petition_rules, data with the date from
// which each applies) and the workflow (which action a status allows, and to whom).

// Steps of the deadline table.
const (
	StepFiling  = "filing"  // complaints: how long after learning of the act one may complain
	StepAccept  = "accept"  // classify and accept (thụ lý) or refuse
	StepAnswer  = "answer"  // reports and recommendations: the commune's own answer time
	StepResolve = "resolve" // from acceptance to the decision or conclusion
	StepExtend  = "extend"  // one extension of a denunciation's resolution
	StepForward = "forward" // sending on what the commune is not competent for
	StepReopen  = "reopen"  // how long after the answer the sender may disagree
)

// Units of a rule.
const (
	WorkingDays  = "wd"
	CalendarDays = "d"
)

// Rule is one row of the deadline table.
type Rule struct {
	CommuneID string // "" for the national rule
	Kind      Kind
	Step      string
	Variant   string // "", "complex", "remote", "remote_complex", "several_sites"
	From      calendar.Date
	Amount    int
	Unit      string
	Times     int // how many times a repeated step may be taken (extensions)
	Basis     string
}

// Rules is a deadline table.
type Rules []Rule

// Find returns the rule for a kind, step and variant that applies on a day: a commune's own
// row before the national one, the latest start date not after the day. A variant with no row
// of its own falls back to the plain rule.
func (rs Rules) Find(kind Kind, step, variant string, on calendar.Date) (Rule, bool) {
	for _, v := range []string{variant, ""} {
		var best Rule
		found := false
		for _, r := range rs {
			if r.Kind != kind || r.Step != step || r.Variant != v || r.From.After(on) {
				continue
			}
			better := !found ||
				(r.CommuneID != "" && best.CommuneID == "") ||
				((r.CommuneID == "") == (best.CommuneID == "") && r.From.After(best.From))
			if better {
				best, found = r, true
			}
		}
		if found {
			return best, true
		}
		if v == "" {
			break
		}
	}
	return Rule{}, false
}

// String is the limit in Vietnamese: "10 ngày làm việc", "30 ngày".
func (r Rule) String() string {
	if r.Unit == WorkingDays {
		return itoa(r.Amount) + " ngày làm việc"
	}
	return itoa(r.Amount) + " ngày"
}

// DueFrom is when a period under r that starts at start ends: at closing time of the N-th
// working day after the start's day (that day not counted, Civil Code 2015 Art. 147), or of
// the N-th calendar day, moved to the next working day when it falls on a day off (Civil
// Code 2015 Art. 148.5).
func (r Rule) DueFrom(cal *calendar.Calendar, start time.Time) time.Time {
	day := calendar.DateOf(start)
	if r.Unit == WorkingDays {
		day = cal.AddWorkingDays(day, r.Amount)
	} else {
		day = day.AddDays(r.Amount)
		for i := 0; i < 60 && !cal.IsWorkingDay(day); i++ {
			day = day.AddDays(1)
		}
	}
	return day.At(cal.Hours().Closing()).UTC()
}

// AtRiskFrom is when a duty under r due at due turns "due soon": the working day before for
// short limits, three working days before for a month or more.
func (r Rule) AtRiskFrom(cal *calendar.Calendar, due time.Time) time.Time {
	back := 1
	if r.Amount >= 20 {
		back = 3
	}
	return cal.AddWorkingDays(calendar.DateOf(due), -back).At(cal.Hours().Opening()).UTC()
}

// resolveVariant is the variant of the resolution rule for a petition: complex cases and
// remote communes have longer complaint limits (Law 02/2011 Art. 28).
func resolveVariant(p Petition, remote bool) string {
	switch {
	case p.Kind == Complaint && remote && p.Complex:
		return "remote_complex"
	case p.Kind == Complaint && remote:
		return "remote"
	case p.Complex:
		return "complex"
	}
	return ""
}

// acceptStep is the first duty of a petition: to classify and accept a complaint or a
// denunciation, or to answer a report or recommendation.
func acceptStep(k Kind) string {
	if k == Complaint || k == Denunciation {
		return StepAccept
	}
	return StepAnswer
}

// acceptVariant is the variant of the first step: a denunciation to be checked at several
// places has 10 working days instead of 7 (Law 25/2018 Art. 24).
func acceptVariant(p Petition) string {
	if p.Kind == Denunciation && p.SeveralSites {
		return "several_sites"
	}
	return ""
}

// Action is a step staff take on a petition.
type Action string

const (
	ActClassify Action = "classify" // correct the kind, topic and flags
	ActAccept   Action = "accept"   // thụ lý
	ActRefuse   Action = "refuse"   // không thụ lý, with the reason
	ActForward  Action = "forward"  // chuyển đơn, to whom
	ActAssign   Action = "assign"   // giao xác minh
	ActNote     Action = "note"     // a verification note
	ActMinutes  Action = "minutes"  // minutes of the dialogue (complaints, Law 02/2011 Art. 30)
	ActExtend   Action = "extend"   // gia hạn (denunciations, Law 25/2018 Art. 30)
	ActDecide   Action = "decide"   // decision or conclusion
	ActAnswer   Action = "answer"   // the written answer, sent to the sender
	ActClose    Action = "close"
	ActReopen   Action = "reopen" // the sender disagrees
	ActPublish  Action = "publish"
	ActHide     Action = "hide"
	ActNotified Action = "notified" // how the sender was told, where no message could be sent
	ActFile     Action = "file"     // received (the first line of every history)
)

// Actions staff may choose on the petition page, in order.
var Actions = []Action{ActClassify, ActAccept, ActRefuse, ActForward, ActAssign, ActNote, ActMinutes, ActExtend, ActDecide, ActAnswer, ActNotified, ActClose, ActReopen, ActPublish, ActHide}

// Actor is who acts.
type Actor struct {
	ID    string
	Name  string
	Roles []auth.Role
}

// ActorOf turns a signed-in account into an Actor.
func ActorOf(u *auth.User) Actor {
	if u == nil {
		return Actor{}
	}
	return Actor{ID: u.ID, Name: u.FullName, Roles: u.Roles}
}

func (a Actor) has(r auth.Role) bool { return slices.Contains(a.Roles, r) }

// handles reports whether a is the petition's assigned handler.
func (a Actor) handles(p Petition) bool { return a.ID != "" && a.ID == p.HandlerID }

// MayReveal reports whether a may see a denouncer's identity: the assigned handler and the
// committee's leaders (Law 25/2018 Art. 47–48: those who handle the denunciation).
func (a Actor) MayReveal(p Petition) bool { return a.has(auth.Leader) || a.handles(p) }

// Who may file a petition for someone, and who may see petitions.
var (
	fileRoles = []auth.Role{auth.Desk, auth.Leader, auth.Specialist, auth.HamletHead, auth.Inspection}
	seeRoles  = []auth.Role{auth.Desk, auth.Leader, auth.Specialist}
)

// Allowed checks an action against the petition's status and the actor's roles, before any
// input is read. It returns an errs.Error whose key says why not.
func Allowed(p Petition, a Action, by Actor, now time.Time) error {
	const op = "petition: action"
	st := p.Status
	desk := by.has(auth.Desk) || by.has(auth.Leader)
	lead := by.has(auth.Leader)
	worker := lead || by.handles(p)
	var okStatus, okRole bool
	switch a {
	case ActClassify:
		okStatus, okRole = st == StatusReceived || st == StatusAccepted || st == StatusVerifying, desk
	case ActAccept, ActRefuse:
		okStatus, okRole = st == StatusReceived, desk
	case ActForward:
		okStatus, okRole = st == StatusReceived || st == StatusAccepted, desk
	case ActAssign:
		okStatus, okRole = st == StatusAccepted || st == StatusVerifying, lead
	case ActNote:
		okStatus, okRole = st.Open(), worker || by.has(auth.Specialist)
	case ActMinutes:
		if p.Kind != Complaint {
			return errs.E(op, errs.Conflict, "petition.err.minutes_complaints")
		}
		okStatus, okRole = st == StatusVerifying || st == StatusDecided, worker
	case ActExtend:
		if p.Kind != Denunciation {
			return errs.E(op, errs.Conflict, "petition.err.extend_denunciations")
		}
		okStatus, okRole = st == StatusAccepted || st == StatusVerifying, lead
	case ActDecide:
		if p.Kind != Complaint && p.Kind != Denunciation {
			return errs.E(op, errs.Conflict, "petition.err.decide_kind")
		}
		okStatus, okRole = st == StatusVerifying, lead
	case ActAnswer:
		if p.Kind == Complaint || p.Kind == Denunciation {
			okStatus = st == StatusDecided
		} else {
			okStatus = st == StatusAccepted || st == StatusVerifying
		}
		okRole = worker
	case ActNotified:
		okStatus, okRole = st == StatusAnswered || st == StatusRefused || st == StatusForwarded, desk || worker
	case ActClose:
		okStatus, okRole = st == StatusAnswered || st == StatusRefused || st == StatusForwarded, desk || worker
	case ActReopen:
		okStatus, okRole = st == StatusAnswered || st == StatusClosed, desk
	case ActPublish:
		if !p.PublishConsent || p.Kind == Denunciation {
			return errs.E(op, errs.Conflict, "petition.err.no_consent")
		}
		okStatus, okRole = (st == StatusAnswered || st == StatusClosed) && !p.Published, desk
	case ActHide:
		okStatus, okRole = p.Published, desk
	default:
		return errs.E(op, errs.Invalid, "petition.err.unknown_action")
	}
	if !okRole {
		return errs.E(op, errs.Forbidden, "petition.err.not_yours")
	}
	if !okStatus {
		return errs.E(op, errs.Conflict, "petition.err.wrong_status")
	}
	return nil
}

// Available lists the actions by may take on p now (the page's buttons).
func Available(p Petition, by Actor, now time.Time) []Action {
	var out []Action
	for _, a := range Actions {
		if Allowed(p, a, by, now) == nil {
			out = append(out, a)
		}
	}
	return out
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}
