package onestop_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"xaso/internal/auth"
	"xaso/internal/calendar"
	"xaso/internal/errs"
	"xaso/internal/onestop"
)

var vn = calendar.Zone

// at is a moment in Vietnam's time.
func at(y int, m time.Month, d, hh, mm int) time.Time { return time.Date(y, m, d, hh, mm, 0, 0, vn) }

// The table as the law and the issue describe it, written out independently of rules.go:
// every pair listed here is allowed with that next state, every other pair is refused.
var wantTransitions = map[string]onestop.State{
	"awaiting/accept/":                onestop.StateReceived,
	"awaiting/supplement_request/":    onestop.StateSupplement,
	"awaiting/refuse/":                onestop.StateRejected,
	"awaiting/withdraw/":              onestop.StateWithdrawn,
	"received/handover/specialist":    onestop.StateProcessing,
	"received/handover/desk":          onestop.StateReceived,
	"received/supplement_request/":    onestop.StateSupplement,
	"received/refuse/":                onestop.StateRejected,
	"received/withdraw/":              onestop.StateWithdrawn,
	"received/stop/":                  onestop.StateStopped,
	"received/apology/":               onestop.StateReceived,
	"processing/handover/specialist":  onestop.StateProcessing,
	"processing/handover/leader":      onestop.StateApproval,
	"processing/supplement_request/":  onestop.StateSupplement,
	"processing/refuse/":              onestop.StateRejected,
	"processing/withdraw/":            onestop.StateWithdrawn,
	"processing/stop/":                onestop.StateStopped,
	"processing/apology/":             onestop.StateProcessing,
	"approval/approve/":               onestop.StateProcessed,
	"approval/handover/specialist":    onestop.StateProcessing,
	"approval/handover/leader":        onestop.StateApproval,
	"approval/supplement_request/":    onestop.StateSupplement,
	"approval/refuse/":                onestop.StateRejected,
	"approval/withdraw/":              onestop.StateWithdrawn,
	"approval/stop/":                  onestop.StateStopped,
	"approval/apology/":               onestop.StateApproval,
	"supplement/supplement_received/": onestop.StateProcessing, // resumes where it was (processing here)
	"supplement/refuse/":              onestop.StateRejected,
	"supplement/withdraw/":            onestop.StateWithdrawn,
	"supplement/stop/":                onestop.StateStopped,
	"processed/handover/desk":         onestop.StateResultReady,
	"processed/result_ready/":         onestop.StateResultReady,
	"result_ready/return/":            onestop.StateReturned,
}

// chair is a leader: leaders may act on any dossier, so the tables test the state alone.
var chair = onestop.Actor{ID: "u-chair", Name: "Chủ tịch", Roles: []auth.Role{auth.Leader}}

// goodInput is valid input for each action, so that only the state decides.
func goodInput(a onestop.Action, to auth.Role, due time.Time) onestop.Request {
	r := onestop.Request{Action: a, To: to, By: chair}
	switch a {
	case onestop.ActSupplementRequest:
		r.Documents = []string{"to-khai"}
	case onestop.ActRefuse:
		r.Reasons = "Không đủ điều kiện"
	case onestop.ActStop, onestop.ActApology:
		r.Reason = "Cần xác minh"
	case onestop.ActReturn:
		r.Method = "counter"
	}
	if a == onestop.ActApology {
		r.NewDueAt = due.Add(72 * time.Hour)
	}
	return r
}

// TestDecideEveryPair walks every state × action (× office for hand-overs): allowed pairs give
// the table's next state, all others a 409 (a Conflict) naming the action and the state.
func TestDecideEveryPair(t *testing.T) {
	cal := calendar.Default()
	now := at(2026, 3, 2, 9, 0)  // Monday
	due := at(2026, 3, 5, 17, 0) // Thursday: three working days ahead
	allowed := 0
	for _, st := range onestop.States {
		for _, a := range onestop.Actions {
			tos := []auth.Role{""}
			if a == onestop.ActHandover {
				tos = []auth.Role{auth.Desk, auth.Specialist, auth.Leader, auth.Admin, ""}
			}
			for _, to := range tos {
				key := fmt.Sprintf("%s/%s/%s", st, a, to)
				snap := onestop.Snapshot{State: st, ResumeState: onestop.StateProcessing, DueAt: due, ListDocs: []string{"to-khai", "giay-chung-sinh"}}
				if st == onestop.StateSupplement {
					snap.DueAt = time.Time{}
				}
				next, err := onestop.Decide(snap, goodInput(a, to, due), now, cal)
				want, ok := wantTransitions[key]
				switch {
				case ok && err != nil:
					t.Errorf("%s: refused (%v), want %s", key, err, want)
				case ok && next != want:
					t.Errorf("%s: next %s, want %s", key, next, want)
				case !ok && err == nil:
					t.Errorf("%s: allowed (→ %s), want refused", key, next)
				case !ok && errs.KindOf(err) != errs.Conflict:
					t.Errorf("%s: refused with %v, want a conflict", key, err)
				}
				if ok {
					allowed++
				}
			}
		}
	}
	if allowed != len(wantTransitions) {
		t.Errorf("checked %d allowed pairs, the table of the test has %d", allowed, len(wantTransitions))
	}
}

// Each refusal of the rules, with the kind and the key (and field) it answers with.
func TestDecideRefusals(t *testing.T) {
	cal := calendar.Default()
	mon9 := at(2026, 3, 2, 9, 0)
	thu17 := at(2026, 3, 5, 17, 0)
	list := []string{"to-khai", "giay-chung-sinh", "uy-quyen"}
	open := onestop.Snapshot{State: onestop.StateProcessing, DueAt: thu17, ListDocs: list}
	cases := []struct {
		name  string
		snap  onestop.Snapshot
		req   onestop.Request
		now   time.Time
		kind  errs.Kind
		key   string
		field string
		is    error
	}{
		{"second supplement in the round", onestop.Snapshot{State: onestop.StateSupplement, ListDocs: list},
			onestop.Request{Action: onestop.ActSupplementRequest, Documents: []string{"to-khai"}}, mon9, errs.Conflict, "onestop.supplement_already_requested", "", onestop.ErrSupplementAlreadyRequested},
		{"supplement naming a document off the list", open,
			onestop.Request{Action: onestop.ActSupplementRequest, Documents: []string{"to-khai", "so-ho-khau"}}, mon9, errs.Invalid, "", "documents.1", nil},
		{"supplement naming nothing", open, onestop.Request{Action: onestop.ActSupplementRequest}, mon9, errs.Invalid, "", "documents", nil},
		{"supplement naming a document twice", open,
			onestop.Request{Action: onestop.ActSupplementRequest, Documents: []string{"uy-quyen", "uy-quyen"}}, mon9, errs.Invalid, "", "documents.1", nil},
		{"refusal without reasons", open, onestop.Request{Action: onestop.ActRefuse, Reasons: "  "}, mon9, errs.Invalid, "", "reasons", nil},
		{"stop without reason", open, onestop.Request{Action: onestop.ActStop}, mon9, errs.Invalid, "", "reason", nil},
		{"second apology", onestop.Snapshot{State: onestop.StateProcessing, DueAt: thu17, Apologies: 1, ListDocs: list},
			onestop.Request{Action: onestop.ActApology, Reason: "x", NewDueAt: thu17.Add(96 * time.Hour)}, mon9, errs.Conflict, "onestop.apology_already_issued", "", onestop.ErrApologyAlreadyIssued},
		{"apology on the due day", open,
			onestop.Request{Action: onestop.ActApology, Reason: "x", NewDueAt: thu17.Add(96 * time.Hour)}, at(2026, 3, 5, 8, 0), errs.Conflict, "onestop.apology_too_late", "", onestop.ErrApologyTooLate},
		{"apology after the due time", open,
			onestop.Request{Action: onestop.ActApology, Reason: "x", NewDueAt: thu17.Add(96 * time.Hour)}, at(2026, 3, 6, 8, 0), errs.Conflict, "onestop.apology_too_late", "", onestop.ErrApologyTooLate},
		{"apology without reason", open, onestop.Request{Action: onestop.ActApology, NewDueAt: thu17.Add(96 * time.Hour)}, mon9, errs.Invalid, "", "reason", nil},
		{"apology with an earlier date", open, onestop.Request{Action: onestop.ActApology, Reason: "x", NewDueAt: thu17.Add(-time.Hour)}, mon9, errs.Invalid, "", "new_due_at", nil},
		{"apology without date", open, onestop.Request{Action: onestop.ActApology, Reason: "x"}, mon9, errs.Invalid, "", "new_due_at", nil},
		{"apology while waiting for a supplement", onestop.Snapshot{State: onestop.StateSupplement, ListDocs: list},
			onestop.Request{Action: onestop.ActApology, Reason: "x", NewDueAt: thu17}, mon9, errs.Conflict, "onestop.illegal_transition", "", nil},
		{"return by post without tracking", onestop.Snapshot{State: onestop.StateResultReady},
			onestop.Request{Action: onestop.ActReturn, Method: "post"}, mon9, errs.Invalid, "", "tracking_number", nil},
		{"return by pigeon", onestop.Snapshot{State: onestop.StateResultReady},
			onestop.Request{Action: onestop.ActReturn, Method: "pigeon"}, mon9, errs.Invalid, "", "method", nil},
		{"approve at the desk", onestop.Snapshot{State: onestop.StateReceived}, onestop.Request{Action: onestop.ActApprove}, mon9, errs.Conflict, "onestop.illegal_transition", "", nil},
		{"return before the result", open, onestop.Request{Action: onestop.ActReturn, Method: "counter"}, mon9, errs.Conflict, "onestop.illegal_transition", "", nil},
		{"anything after return", onestop.Snapshot{State: onestop.StateReturned}, onestop.Request{Action: onestop.ActWithdraw}, mon9, errs.Conflict, "onestop.illegal_transition", "", nil},
		{"hand-over to admin", open, onestop.Request{Action: onestop.ActHandover, To: auth.Admin}, mon9, errs.Conflict, "onestop.illegal_transition", "", nil},
	}
	for _, c := range cases {
		c.req.By = chair
		_, err := onestop.Decide(c.snap, c.req, c.now, cal)
		e, ok := errs.As(err)
		if !ok || e.Kind != c.kind {
			t.Errorf("%s: %v, want kind %v", c.name, err, c.kind)
			continue
		}
		if c.key != "" && e.Key != c.key {
			t.Errorf("%s: key %s, want %s", c.name, e.Key, c.key)
		}
		if c.field != "" {
			if fe, ok := errs.Fields(err); !ok || fe[c.field] == "" {
				t.Errorf("%s: fields %v, want %s", c.name, fe, c.field)
			}
		}
		if c.is != nil && !errors.Is(err, c.is) {
			t.Errorf("%s: %v is not %v", c.name, err, c.is)
		}
	}
	// The apology the day before the due date is in time (at least one working day before).
	if _, err := onestop.Decide(open, onestop.Request{By: chair, Action: onestop.ActApology, Reason: "x", NewDueAt: thu17.Add(96 * time.Hour)},
		at(2026, 3, 4, 16, 0), cal); err != nil {
		t.Errorf("apology on Wednesday for Thursday: %v", err)
	}
	// Friday before a Monday due date: the weekend does not count, Monday is one working day away.
	mon := at(2026, 3, 9, 17, 0)
	if _, err := onestop.Decide(onestop.Snapshot{State: onestop.StateProcessing, DueAt: mon}, onestop.Request{By: chair, Action: onestop.ActApology,
		Reason: "x", NewDueAt: mon.Add(48 * time.Hour)}, at(2026, 3, 6, 10, 0), cal); err != nil {
		t.Errorf("apology on Friday for Monday: %v", err)
	}
}

// TestRandomWalksKeepTheLaw: random walks through the state machine (random actions, random
// documents, random times) never produce a second apology for a dossier, a second supplement
// request within a round, or a supplement naming a document off the list.
func TestRandomWalksKeepTheLaw(t *testing.T) {
	cal := calendar.Default()
	list := []string{"to-khai", "giay-chung-sinh", "uy-quyen"}
	pool := append(slices.Clone(list), "so-ho-khau", "giay-ket-hon", "")
	rng := rand.New(rand.NewPCG(7, 11))
	offices := []auth.Role{auth.Desk, auth.Specialist, auth.Leader, auth.Admin}
	for walk := 0; walk < 3000; walk++ {
		now := at(2026, 3, 2, 8, 0).Add(time.Duration(rng.IntN(600)) * time.Minute)
		s := onestop.Snapshot{State: onestop.StateReceived, DueAt: cal.DueAt(now, calendar.Processing{Days: 1 + rng.IntN(5)}).At, ListDocs: list}
		apologies, supplementsThisRound := 0, 0
		for step := 0; step < 40 && !s.State.Terminal(); step++ {
			now = now.Add(time.Duration(rng.IntN(36*60)) * time.Minute)
			a := onestop.Actions[rng.IntN(len(onestop.Actions))]
			r := onestop.Request{By: chair, Action: a, To: offices[rng.IntN(len(offices))], Reason: "lý do", Reasons: "lý do", Method: "counter"}
			for range rng.IntN(4) {
				r.Documents = append(r.Documents, pool[rng.IntN(len(pool))])
			}
			r.NewDueAt = s.DueAt.Add(time.Duration(rng.IntN(200)-50) * time.Hour)
			next, err := onestop.Decide(s, r, now, cal)
			if err != nil {
				continue
			}
			switch a {
			case onestop.ActApology:
				apologies++
				if apologies > 1 {
					t.Fatalf("walk %d: a second apology was allowed", walk)
				}
				if !r.NewDueAt.After(s.DueAt) {
					t.Fatalf("walk %d: apology moved the date back", walk)
				}
				s.DueAt, s.Apologies = r.NewDueAt, apologies
			case onestop.ActSupplementRequest:
				supplementsThisRound++
				if supplementsThisRound > 1 {
					t.Fatalf("walk %d: a second supplement request in one round", walk)
				}
				for _, d := range r.Documents {
					if !slices.Contains(list, d) {
						t.Fatalf("walk %d: supplement named %q, not on the list", walk, d)
					}
				}
				s.ResumeState, s.DueAt = s.State, time.Time{}
			case onestop.ActSupplementReceived:
				supplementsThisRound = 0
				s.DueAt = cal.DueAt(now, calendar.Processing{Days: 3}).At
			}
			s.State = next
		}
	}
}

// TestDecideAuthority (issue 8 item 5): only the holder acts on a dossier, or a leader; the
// desk acts on what the desk holds and on the steps at the counter; the refusal names the holder.
func TestDecideAuthority(t *testing.T) {
	cal := calendar.Default()
	now := at(2026, 3, 2, 9, 0)
	due := at(2026, 3, 5, 17, 0)
	desk := onestop.Actor{ID: "u-desk", Name: "Hoàng Thị Thu", Roles: []auth.Role{auth.Desk}}
	desk2 := onestop.Actor{ID: "u-desk2", Name: "Nông Văn Bình", Roles: []auth.Role{auth.Desk}}
	spec := onestop.Actor{ID: "u-spec", Name: "Lương Văn Tuấn", Roles: []auth.Role{auth.Specialist}}
	spec2 := onestop.Actor{ID: "u-spec2", Name: "Đàm Thị Lan", Roles: []auth.Role{auth.Specialist}}
	withSpec := onestop.Snapshot{State: onestop.StateProcessing, DueAt: due, ListDocs: []string{"to-khai"},
		HolderID: spec.ID, HolderName: spec.Name, HolderRole: auth.Specialist}
	atDesk := onestop.Snapshot{State: onestop.StateReceived, DueAt: due, ListDocs: []string{"to-khai"},
		HolderID: desk.ID, HolderName: desk.Name, HolderRole: auth.Desk}
	specOffice := withSpec
	specOffice.HolderID, specOffice.HolderName = "", "Công chức chuyên môn"
	cases := []struct {
		name string
		snap onestop.Snapshot
		a    onestop.Action
		by   onestop.Actor
		ok   bool
	}{
		{"desk refuses what the specialist holds", withSpec, onestop.ActRefuse, desk, false},
		{"desk stops what the specialist holds", withSpec, onestop.ActStop, desk, false},
		{"desk hands on what the specialist holds", withSpec, onestop.ActHandover, desk, false},
		{"desk asks a supplement of what the specialist holds", withSpec, onestop.ActSupplementRequest, desk, false},
		{"another specialist refuses", withSpec, onestop.ActRefuse, spec2, false},
		{"the holder refuses", withSpec, onestop.ActRefuse, spec, true},
		{"a leader refuses", withSpec, onestop.ActRefuse, chair, true},
		{"desk records a withdrawal at the counter", withSpec, onestop.ActWithdraw, desk, true},
		{"any specialist acts on the office's dossier", specOffice, onestop.ActHandover, spec2, true},
		{"desk acts on the office's dossier", specOffice, onestop.ActRefuse, desk, false},
		{"the desk acts on what the desk holds", atDesk, onestop.ActRefuse, desk2, true},
		{"a specialist acts on what the desk holds", atDesk, onestop.ActRefuse, spec, false},
	}
	for _, c := range cases {
		to := auth.Role("")
		if c.a == onestop.ActHandover {
			to = auth.Leader
		}
		r := goodInput(c.a, to, due)
		r.By = c.by
		_, err := onestop.Decide(c.snap, r, now, cal)
		switch {
		case c.ok && err != nil:
			t.Errorf("%s: refused: %v", c.name, err)
		case !c.ok && errs.KindOf(err) != errs.Forbidden:
			t.Errorf("%s: %v, want forbidden", c.name, err)
		case !c.ok:
			e, _ := errs.As(err)
			if e.Key != "onestop.not_holder" || len(e.Args) != 1 || e.Args[0] != c.snap.HolderName {
				t.Errorf("%s: %s %v, want onestop.not_holder naming %q", c.name, e.Key, e.Args, c.snap.HolderName)
			}
		}
		got := onestop.Allowed(c.snap, c.by)
		if slices.Contains(got, c.a) != c.ok {
			t.Errorf("%s: Allowed %v", c.name, got)
		}
	}
}

func TestIntakeCheck(t *testing.T) {
	ps, err := onestop.ShippedProcedures()
	if err != nil {
		t.Fatal(err)
	}
	var birth onestop.Procedure
	for _, p := range ps {
		if p.Code == onestop.CodeBirth {
			birth = p
		}
	}
	have, missing, unknown := onestop.IntakeCheck(birth, []string{"to-khai", "GIAY CHUNG SINH", "Sổ hộ khẩu", "to-khai"})
	if !slices.Equal(have, []string{"to-khai", "giay-chung-sinh"}) {
		t.Errorf("have %v", have)
	}
	if len(missing) != 1 || missing[0].ID != "giay-to-tuy-than" {
		t.Errorf("missing %v", missing)
	}
	if !slices.Equal(unknown, []int{2}) {
		t.Errorf("unknown %v", unknown)
	}
}
