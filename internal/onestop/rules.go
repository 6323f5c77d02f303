package onestop

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"xaso/internal/auth"
	"xaso/internal/calendar"
	"xaso/internal/errs"
)

// State is where a dossier is.
type State string

// States of a dossier.
const (
	StateAwaiting    State = "awaiting"     // submitted online, waiting for the desk's check (Chờ tiếp nhận)
	StateReceived    State = "received"     // accepted, at the desk
	StateProcessing  State = "processing"   // with a specialist
	StateApproval    State = "approval"     // with a leader for signature
	StateSupplement  State = "supplement"   // waiting for the applicant's supplement
	StateProcessed   State = "processed"    // decided and signed; the result is not yet at the desk
	StateResultReady State = "result_ready" // the result is at the desk for the applicant
	StateReturned    State = "returned"     // result returned (end)
	StateRejected    State = "rejected"     // refused at intake or during processing (end)
	StateStopped     State = "stopped"      // processing stopped (end)
	StateWithdrawn   State = "withdrawn"    // withdrawn by the applicant (end)
)

// States lists every state in the order of a dossier's life.
var States = []State{StateAwaiting, StateReceived, StateProcessing, StateApproval, StateSupplement, StateProcessed,
	StateResultReady, StateReturned, StateRejected, StateStopped, StateWithdrawn}

// Terminal reports whether nothing more can happen to a dossier in s.
func (s State) Terminal() bool {
	return s == StateReturned || s == StateRejected || s == StateStopped || s == StateWithdrawn
}

// Open reports whether the processing time runs in s: the dossier is with the office and
// undecided. Only open dossiers can be at risk or overdue.
func (s State) Open() bool {
	return s == StateReceived || s == StateProcessing || s == StateApproval
}

// Finished reports whether processing has ended in s (the moment Decision 766 compares with
// the due date).
func (s State) Finished() bool {
	return s == StateProcessed || s == StateResultReady || s == StateReturned || s == StateRejected || s == StateStopped
}

// Label is the state's catalogue key ("onestop.state.received").
func (s State) Label() string { return "onestop.state." + string(s) }

// Action is something done to a dossier.
type Action string

// Actions on a dossier after intake.
const (
	ActIntake             Action = "intake"
	ActAccept             Action = "accept" // the desk checked an online dossier and accepts it
	ActSupplementRequest  Action = "supplement_request"
	ActSupplementReceived Action = "supplement_received"
	ActHandover           Action = "handover"
	ActApprove            Action = "approve"
	ActRefuse             Action = "refuse"
	ActResultReady        Action = "result_ready"
	ActReturn             Action = "return"
	ActWithdraw           Action = "withdraw"
	ActStop               Action = "stop"
	ActApology            Action = "apology"
)

// Actions lists the actions after intake, for the tables and tests.
var Actions = []Action{ActAccept, ActSupplementRequest, ActSupplementReceived, ActHandover, ActApprove, ActRefuse,
	ActResultReady, ActReturn, ActWithdraw, ActStop, ActApology}

// Label is the action's catalogue key ("onestop.action.approve").
func (a Action) Label() string { return "onestop.action." + string(a) }

// resume marks a transition back to the state the dossier was in before its supplement.
const resume State = "<resume>"

// transition is one row of the table: in From, Action (handing over To a role, for
// hand-overs) leads to Next.
type transition struct {
	From   State
	Action Action
	To     auth.Role
	Next   State
}

// transitions is the state machine. A pair not listed is refused with 409.
var transitions = []transition{
	// An online or postal submission is checked before it counts as received: accepted (the
	// clock starts), sent back for a supplement (form 02) or refused (form 03).
	{StateAwaiting, ActAccept, "", StateReceived},
	{StateAwaiting, ActSupplementRequest, "", StateSupplement},
	{StateAwaiting, ActRefuse, "", StateRejected},
	{StateAwaiting, ActWithdraw, "", StateWithdrawn},

	{StateReceived, ActHandover, auth.Specialist, StateProcessing},
	{StateReceived, ActHandover, auth.Desk, StateReceived}, // another desk officer takes it
	{StateReceived, ActSupplementRequest, "", StateSupplement},
	{StateReceived, ActRefuse, "", StateRejected},
	{StateReceived, ActWithdraw, "", StateWithdrawn},
	{StateReceived, ActStop, "", StateStopped},
	{StateReceived, ActApology, "", StateReceived},

	{StateProcessing, ActHandover, auth.Specialist, StateProcessing},
	{StateProcessing, ActHandover, auth.Leader, StateApproval},
	{StateProcessing, ActSupplementRequest, "", StateSupplement},
	{StateProcessing, ActRefuse, "", StateRejected},
	{StateProcessing, ActWithdraw, "", StateWithdrawn},
	{StateProcessing, ActStop, "", StateStopped},
	{StateProcessing, ActApology, "", StateProcessing},

	{StateApproval, ActApprove, "", StateProcessed},
	{StateApproval, ActHandover, auth.Specialist, StateProcessing}, // sent back for rework
	{StateApproval, ActHandover, auth.Leader, StateApproval},
	{StateApproval, ActSupplementRequest, "", StateSupplement},
	{StateApproval, ActRefuse, "", StateRejected},
	{StateApproval, ActWithdraw, "", StateWithdrawn},
	{StateApproval, ActStop, "", StateStopped},
	{StateApproval, ActApology, "", StateApproval},

	{StateSupplement, ActSupplementReceived, "", resume},
	{StateSupplement, ActRefuse, "", StateRejected}, // not completed: refusal with reasons
	{StateSupplement, ActWithdraw, "", StateWithdrawn},
	{StateSupplement, ActStop, "", StateStopped},

	{StateProcessed, ActHandover, auth.Desk, StateResultReady},
	{StateProcessed, ActResultReady, "", StateResultReady},

	{StateResultReady, ActReturn, "", StateReturned},
}

// HandoverRoles are the offices a dossier can be handed to.
var HandoverRoles = []auth.Role{auth.Desk, auth.Specialist, auth.Leader}

// Snapshot is what the rules need to know of a dossier.
type Snapshot struct {
	State       State
	ResumeState State     // the state a supplement returns to
	DueAt       time.Time // zero while the clock has not started
	Apologies   int
	ListDocs    []string // ids of the procedure's documents
	// Who holds the dossier: a person (HolderID) of an office (HolderRole), or the office
	// alone when HolderID is "".
	HolderID   string
	HolderName string
	HolderRole auth.Role
}

// Request is one action with its input, as the rules see it.
type Request struct {
	Action    Action
	By        Actor     // who acts: only the holder, the desk at its stage, or a leader
	To        auth.Role // hand-over target office
	Documents []string  // supplement request: ids from the procedure's list
	Reason    string    // supplement, apology, stop, withdraw
	Reasons   string    // refusal
	NewDueAt  time.Time // apology
	Method    string    // return: "counter" or "post"
	Tracking  string    // return by post
}

// Errors the rules answer with; compare with errors.Is.
var (
	ErrSupplementAlreadyRequested = errs.E("onestop: supplement", errs.Conflict, "onestop.supplement_already_requested")
	ErrApologyAlreadyIssued       = errs.E("onestop: apology", errs.Conflict, "onestop.apology_already_issued")
	ErrApologyTooLate             = errs.E("onestop: apology", errs.Conflict, "onestop.apology_too_late")
)

// authorise: only the holder acts on a dossier, or a leader, who may act on any. The desk is
// one office (Bộ phận Một cửa): any desk officer acts on what the desk holds. Two steps are
// the desk's whoever holds the dossier, because they happen at the counter: the applicant's
// supplement or withdrawal handed in, and the result arriving from the deciding office.
func authorise(s Snapshot, r Request) error {
	by := r.By
	if by.has(auth.Leader) {
		return nil
	}
	switch r.Action {
	case ActSupplementReceived, ActWithdraw, ActResultReady:
		if by.has(auth.Desk) {
			return nil
		}
	}
	switch {
	case s.HolderRole == auth.Desk && by.has(auth.Desk):
		return nil
	case s.HolderRole != auth.Desk && s.HolderID != "" && by.ID == s.HolderID:
		return nil
	case s.HolderRole != auth.Desk && s.HolderID == "" && s.HolderRole != "" && by.has(s.HolderRole):
		return nil
	}
	holder := s.HolderName
	if holder == "" {
		holder = officeName[s.HolderRole]
	}
	if holder == "" {
		holder = "—"
	}
	return errs.E("onestop: "+string(r.Action), errs.Forbidden, "onestop.not_holder", holder)
}

// illegal is the 409 for a pair the table does not have.
func illegal(a Action, s State) error {
	return errs.E("onestop: "+string(a), errs.Conflict, "onestop.illegal_transition", actionVI[a], stateVI[s])
}

// Vietnamese words for the 409 message arguments (the message itself is in the catalogue;
// these are the law's words for the action and the state).
var actionVI = map[Action]string{
	ActAccept: "tiếp nhận hồ sơ", ActSupplementRequest: "yêu cầu bổ sung hồ sơ", ActSupplementReceived: "nhận hồ sơ bổ sung",
	ActHandover: "chuyển hồ sơ", ActApprove: "phê duyệt", ActRefuse: "từ chối giải quyết",
	ActResultReady: "nhận kết quả về Bộ phận Một cửa", ActReturn: "trả kết quả", ActWithdraw: "rút hồ sơ",
	ActStop: "dừng giải quyết", ActApology: "xin lỗi và hẹn lại ngày trả kết quả",
}

var stateVI = map[State]string{
	StateAwaiting: "Chờ tiếp nhận", StateReceived: "Đã tiếp nhận", StateProcessing: "Đang giải quyết", StateApproval: "Chờ lãnh đạo phê duyệt",
	StateSupplement: "Chờ bổ sung hồ sơ", StateProcessed: "Đã giải quyết xong", StateResultReady: "Chờ trả kết quả",
	StateReturned: "Đã trả kết quả", StateRejected: "Từ chối giải quyết", StateStopped: "Dừng giải quyết",
	StateWithdrawn: "Công dân rút hồ sơ",
}

// Limits of free text in requests.
const maxReason = 2000

// Decide applies r to a dossier in s at now and returns its next state, or the refusal:
// Conflict (409) when the state does not allow the action, Invalid (422, with fields) when
// the input is wrong. It is pure; cal is the commune's calendar for the apology's one
// working day.
func Decide(s Snapshot, r Request, now time.Time, cal *calendar.Calendar) (State, error) {
	op := "onestop: " + string(r.Action)
	if r.Action == ActSupplementRequest && s.State == StateSupplement {
		return "", ErrSupplementAlreadyRequested
	}
	if r.Action == ActApology && s.Apologies > 0 && s.State.Open() {
		return "", ErrApologyAlreadyIssued
	}
	next, ok := nextState(s, r)
	if !ok {
		return "", illegal(r.Action, s.State)
	}
	if err := authorise(s, r); err != nil {
		return "", err
	}
	fe := errs.FieldErrors{}
	switch r.Action {
	case ActHandover:
		// nextState found a row, so To is an office.
	case ActSupplementRequest:
		checkSupplementDocs(r.Documents, s.ListDocs, fe)
		if runeLen(r.Reason) > maxReason {
			fe["reason"] = "onestop.too_long"
		}
	case ActRefuse:
		checkReason(r.Reasons, "reasons", "onestop.reasons_required", fe)
	case ActStop:
		checkReason(r.Reason, "reason", "onestop.reason_required", fe)
	case ActWithdraw:
		if runeLen(r.Reason) > maxReason {
			fe["reason"] = "onestop.too_long"
		}
	case ActReturn:
		switch r.Method {
		case "counter":
		case "post":
			if strings.TrimSpace(r.Tracking) == "" {
				fe["tracking_number"] = "onestop.tracking_required"
			} else if runeLen(r.Tracking) > 64 {
				fe["tracking_number"] = "onestop.too_long"
			}
		default:
			fe["method"] = "onestop.return_method_invalid"
		}
	case ActApology:
		if s.DueAt.IsZero() {
			return "", illegal(r.Action, s.State)
		}
		checkReason(r.Reason, "reason", "onestop.reason_required", fe)
		switch {
		case r.NewDueAt.IsZero():
			fe["new_due_at"] = "onestop.new_due_required"
		case !r.NewDueAt.After(s.DueAt):
			fe["new_due_at"] = "onestop.new_due_not_later"
		case r.NewDueAt.Sub(s.DueAt) > 366*24*time.Hour:
			fe["new_due_at"] = "onestop.new_due_too_far"
		}
		if len(fe) == 0 && !apologyInTime(now, s.DueAt, cal) {
			return "", ErrApologyTooLate
		}
	}
	if err := fe.Err(op); err != nil {
		return "", err
	}
	return next, nil
}

func nextState(s Snapshot, r Request) (State, bool) {
	for _, t := range transitions {
		if t.From == s.State && t.Action == r.Action && t.To == r.To {
			if t.Next == resume {
				if !s.ResumeState.Open() {
					return StateReceived, true
				}
				return s.ResumeState, true
			}
			return t.Next, true
		}
	}
	return "", false
}

// Allowed lists the actions the table allows in s's state and that by may do on it (hand-overs
// once, whatever the office).
func Allowed(s Snapshot, by Actor) []Action {
	out := []Action{}
	for _, t := range transitions {
		if t.From == s.State && !slices.Contains(out, t.Action) && authorise(s, Request{Action: t.Action, By: by}) == nil {
			out = append(out, t.Action)
		}
	}
	return out
}

// apologyInTime: Decree 61/2018 Art. 19.9, "at least 1 day before the due date": there must be
// at least one working day after today up to the due date.
func apologyInTime(now, due time.Time, cal *calendar.Calendar) bool {
	if !due.After(now) {
		return false
	}
	return cal.WorkingDaysBetween(calendar.DateOf(now), calendar.DateOf(due)) >= 1
}

// checkSupplementDocs: Decree 61/2018 Art. 5.1 and 15.3: only documents of the procedure's
// list, at least one, each once.
func checkSupplementDocs(docs, list []string, fe errs.FieldErrors) {
	if len(docs) == 0 {
		fe["documents"] = "onestop.supplement_documents_required"
		return
	}
	if len(docs) > maxDocs {
		fe["documents"] = "onestop.procedure.too_many_documents"
		return
	}
	seen := map[string]bool{}
	for i, d := range docs {
		key := fmt.Sprintf("documents.%d", i)
		switch {
		case !slices.Contains(list, d):
			fe[key] = "onestop.document_not_in_list"
		case seen[d]:
			fe[key] = "onestop.document_repeated"
		}
		seen[d] = true
	}
}

func checkReason(s, field, key string, fe errs.FieldErrors) {
	switch {
	case strings.TrimSpace(s) == "":
		fe[field] = key
	case runeLen(s) > maxReason:
		fe[field] = "onestop.too_long"
	}
}

// IntakeCheck compares the documents handed in with a procedure's list: which list entries
// they are (by id or name), which required ones are missing, and which given names are not on
// the list at all.
func IntakeCheck(p Procedure, given []string) (have []string, missing []Document, unknown []int) {
	got := map[string]bool{}
	for i, g := range given {
		d, ok := p.Document(g)
		if !ok {
			unknown = append(unknown, i)
			continue
		}
		if !got[d.ID] {
			have = append(have, d.ID)
			got[d.ID] = true
		}
	}
	for _, d := range p.Documents {
		if d.Required && !got[d.ID] {
			missing = append(missing, d)
		}
	}
	return have, missing, unknown
}
