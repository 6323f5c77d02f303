package tasks

import (
	"net/url"
	"regexp"
	"slices"
	"strings"

	"xaso/internal/auth"
	"xaso/internal/calendar"
	"xaso/internal/fold"
)

// Status is where a task stands.
type Status string

const (
	NotStarted Status = "not_started"
	InProgress Status = "in_progress"
	Done       Status = "done"
	Cancelled  Status = "cancelled" // with a reason; counts neither as done nor as owed
)

// Statuses in lifecycle order (labels: tasks.status.<status>).
var Statuses = []Status{NotStarted, InProgress, Done, Cancelled}

// Valid reports whether s is a known status.
func (s Status) Valid() bool { return slices.Contains(Statuses, s) }

// Open reports whether a task in this status is still owed (its duty is open).
func (s Status) Open() bool { return s == NotStarted || s == InProgress }

// EvidenceKind is what a piece of evidence is: a record of another room, or something else.
type EvidenceKind string

// EvidenceKinds in the order the forms offer them (labels: tasks.evidence.kind.<kind>).
var EvidenceKinds = []EvidenceKind{"dossier", "meeting", "disclosure", "consultation", "petition", "letter", "other"}

// Valid reports whether k is a known kind.
func (k EvidenceKind) Valid() bool { return slices.Contains(EvidenceKinds, k) }

// Limits of the texts and of a plan, in characters and items.
const (
	MaxTitle       = 500
	MaxNumber      = 60
	MaxBasisItem   = 600
	MaxBasis       = 30
	MaxUnit        = 200
	MaxUnits       = 60
	MaxName        = 200
	MaxSectionCode = 20
	MaxSectionName = 500
	MaxSections    = 120
	MaxTargetCode  = 20
	MaxTargetText  = 1000
	MaxTargets     = 100
	MaxTasks       = 500
	MaxBody        = 3000 // the task itself (rõ việc)
	MaxResult      = 1500 // the expected result (rõ kết quả)
	MaxCooperating = 20
	MaxNote        = 4000
	MaxReason      = 1000
	MaxCaption     = 300
	MaxURL         = 500
	MaxPlanNote    = 2000
	MaxEvidence    = 50 // pieces of evidence of one task
	// A plan runs at most this long; a longer period is taken for a typing error of a year.
	MaxPeriodDays = 5*366 + 1
	// The deadline given in working days is at most this many after the plan's start.
	MaxWorkingDays = 1000
)

// sectionCode is a plan's section number as plans write them: a Roman or Arabic number and
// dotted parts ("III.1.2", "III.2.3.b", "IV.5", "2").
var sectionCode = regexp.MustCompile(`^([IVXLC]+|[0-9]+)(\.[0-9A-Za-z]+)*$`)

// targetCodeRe is a target's short code ("CT1", "I.4").
var targetCodeRe = regexp.MustCompile(`^[0-9A-Za-z][0-9A-Za-z._-]*$`)

// ValidSectionCode reports whether s is a section number.
func ValidSectionCode(s string) bool { return len(s) <= MaxSectionCode && sectionCode.MatchString(s) }

// ValidTargetCode reports whether s is a target code.
func ValidTargetCode(s string) bool { return len(s) <= MaxTargetCode && targetCodeRe.MatchString(s) }

// unitRoles gives the office that owes a task of a unit when no account is named: the plan's
// units (Tổ chức thực hiện) and the commune's offices, by a folded part of their name. The
// order matters: the first match wins. A unit none matches is owed by the leaders.
var unitRoles = []struct{ part, role string }{
	{"thanh tra nhan dan", string(auth.Inspection)},
	{"giam sat dau tu", string(auth.InvestmentWatch)},
	{"mat tran", string(auth.Front)},
	{"mttq", string(auth.Front)},
	{"to chuc chinh tri - xa hoi", string(auth.Front)},
	{"phuc vu hanh chinh cong", string(auth.Desk)},
	{"mot cua", string(auth.Desk)},
	{"xom", string(auth.HamletHead)},
	{"thon", string(auth.HamletHead)},
	{"van hoa - xa hoi", string(auth.Specialist)},
	{"van hoa xa hoi", string(auth.Specialist)},
	{"tu phap", string(auth.Specialist)},
	{"dia chinh", string(auth.Specialist)},
	{"tai chinh", string(auth.Specialist)},
	{"van phong", string(auth.Admin)},
}

// OwnerRoleOf is the role that owes a task of the unit (or of a person with that title) when
// no account is named: "Ban Thanh tra nhân dân" → inspection, "Các xóm thuộc xã" → hamlet
// head, anything else → leader.
func OwnerRoleOf(unit string) string {
	// Whole words only: "thôn" is not in "Thống kê".
	f := " " + fold.String(unit) + " "
	for _, u := range unitRoles {
		if strings.Contains(f, " "+u.part+" ") {
			return u.role
		}
	}
	return string(auth.Leader)
}

// OwnerRoles are the roles a task may be owed by, in the order the form offers them.
var OwnerRoles = []auth.Role{auth.Leader, auth.Specialist, auth.Desk, auth.Admin, auth.HamletHead, auth.Front,
	auth.Inspection, auth.InvestmentWatch}

// validOwnerRole reports whether r is a staff role a task may be owed by.
func validOwnerRole(r string) bool { return slices.Contains(OwnerRoles, auth.Role(r)) }

// CheckTask checks the five clears of a task against its plan: who (an owner), what (the
// text), the responsibility (a lead unit), the deadline (within the plan) and the expected
// result; and that its section and target are the plan's. It returns the field errors
// (catalogue keys).
func CheckTask(in TaskInput, p Plan) map[string]string {
	fe := map[string]string{}
	if in.Body == "" {
		fe["body"] = "tasks.err.body_required"
	}
	if in.OwnerName == "" {
		fe["owner"] = "tasks.err.owner_required"
	}
	if in.OwnerRole != "" && !validOwnerRole(in.OwnerRole) {
		fe["owner_role"] = "tasks.err.role_unknown"
	}
	if in.Lead == "" {
		fe["lead"] = "tasks.err.lead_required"
	}
	if in.Result == "" {
		fe["result"] = "tasks.err.result_required"
	}
	switch {
	case !in.DueOn.Valid():
		fe["due_on"] = "tasks.err.due_required"
	case in.DueOn.Before(p.From):
		fe["due_on"] = "tasks.err.due_before_plan"
	case in.DueOn.After(p.LastDay()):
		fe["due_on"] = "tasks.err.due_after_plan"
	}
	switch {
	case in.Section == "":
		fe["section"] = "tasks.err.section_required"
	case p.Section(in.Section) == nil:
		fe["section"] = "tasks.err.section_unknown"
	}
	if in.Target != "" && p.Target(in.Target) == nil {
		fe["target"] = "tasks.err.target_unknown"
	}
	return fe
}

// ProgressInput is a progress report: the day, the status reached, the percent and the note.
type ProgressInput struct {
	On      calendar.Date
	Status  Status
	Percent int
	Note    string
}

// CheckProgress checks a progress report on a task that has evidence pieces of evidence:
// only an open task takes one; the status is in progress or done; the percent is 0 to 100
// (done is 100); done needs at least one piece of evidence; the day is not in the future;
// the note is written. It returns the field errors (catalogue keys); a closed task is
// "status" tasks.err.closed.
func CheckProgress(t Task, in ProgressInput, evidence int, today calendar.Date) map[string]string {
	fe := map[string]string{}
	if !t.Status.Open() {
		fe["status"] = "tasks.err.closed"
		return fe
	}
	switch in.Status {
	case InProgress:
	case Done:
		if evidence == 0 {
			fe["status"] = "tasks.err.done_needs_evidence"
		}
		if in.Percent != 100 {
			fe["percent"] = "tasks.err.done_is_100"
		}
	default:
		fe["status"] = "tasks.err.status_unknown"
	}
	if in.Percent < 0 || in.Percent > 100 {
		fe["percent"] = "tasks.err.percent_range"
	}
	switch {
	case !in.On.Valid():
		fe["on"] = "tasks.err.date_invalid"
	case in.On.After(today):
		fe["on"] = "tasks.err.date_future"
	}
	if in.Note == "" {
		fe["note"] = "tasks.err.note_required"
	}
	return fe
}

// CheckCancel checks a cancellation: only an open task, and a reason.
func CheckCancel(t Task, reason string) map[string]string {
	fe := map[string]string{}
	if !t.Status.Open() {
		fe["reason"] = "tasks.err.closed"
	} else if reason == "" {
		fe["reason"] = "tasks.err.reason_required"
	}
	return fe
}

// LocalPath cleans the address of a record of another room: a path on this site ("/ho-so/…",
// with a query if need be), never another site, a scheme, "//", a backslash, a space or a
// control character. It reports whether the address is one.
func LocalPath(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > MaxURL || !strings.HasPrefix(s, "/") || strings.HasPrefix(s, "//") {
		return "", false
	}
	for _, r := range s {
		if r <= ' ' || r == 0x7f || r == '\\' || r == '"' || r == '<' || r == '>' {
			return "", false
		}
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" || !strings.HasPrefix(u.Path, "/") {
		return "", false
	}
	// ".." would climb out of the path the caption names.
	for _, seg := range strings.Split(u.Path, "/") {
		if seg == ".." || seg == "." {
			return "", false
		}
	}
	return s, true
}
