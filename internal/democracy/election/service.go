package election

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"xaso/internal/audit"
	"xaso/internal/calendar"
	"xaso/internal/db"
	"xaso/internal/errs"
	"xaso/internal/events"
)

// Room, duty kinds and topics.
const (
	room              = "election"
	DutyRecognition   = "election.duty.recognition"
	DutyNewElection   = "election.duty.new_election"
	TopicCreated      = "election.created"
	TopicStep         = "election.step"
	TopicCounted      = "election.counted"
	TopicDecided      = "election.decided"
	TopicRemoval      = "election.removal"
	subjectType       = "election"
	maxText           = 300
	maxLong           = 4000
	maxCandidates     = 30
	maxPerPage        = 200
	defaultPerPage    = 20
	dutyRemovalPrefix = "removal:"
)

// Deps is what the Service needs from the composition root.
type Deps struct {
	DB        *db.DB
	Calendars func(ctx context.Context, communeID string) (*calendar.Calendar, error)
	Now       func() time.Time
	Wake      func()
}

// Service is the elections room. Safe for concurrent use.
type Service struct {
	d         *db.DB
	calendars func(ctx context.Context, communeID string) (*calendar.Calendar, error)
	now       func() time.Time
	wake      func()
}

// New builds the Service.
func New(d Deps) *Service {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Wake == nil {
		d.Wake = func() {}
	}
	if d.Calendars == nil {
		d.Calendars = func(context.Context, string) (*calendar.Calendar, error) { return calendar.Default(), nil }
	}
	return &Service{d: d.DB, calendars: d.Calendars, now: d.Now, wake: d.Wake}
}

// Today is the date in Vietnam.
func (s *Service) Today() calendar.Date { return calendar.DateOf(s.now()) }

func (s *Service) tx(ctx context.Context, fn func(tx *db.Tx) error) error {
	if err := s.d.Tx(ctx, fn); err != nil {
		return err
	}
	s.wake()
	return nil
}

// Status is where an election stands.
type Status string

const (
	Preparing  Status = "preparing"  // steps, candidates, ballots being counted
	Counted    Status = "counted"    // elected, awaiting recognition (5 working days)
	Recognised Status = "recognised" // recognised by the chairman or the Front
	Refused    Status = "refused"    // recognition refused in writing
	Failed     Status = "failed"     // nobody elected: a new election is to be decided
)

// Statuses in the order of the list's filter.
var Statuses = []Status{Preparing, Counted, Recognised, Refused, Failed}

// Candidate is a line of the candidate list (Mẫu 05).
type Candidate struct {
	No                       int
	Name, BirthYear, Address string
	Note                     string
	Votes                    int  // filled once counted
	Elected, Passed, Tied    bool // filled once counted
}

// Election is one election for one hamlet.
type Election struct {
	ID               string
	Kind             Kind
	HamletID, Hamlet string
	Title, Project   string
	Seats            int
	Day              calendar.Date
	Place            string
	Status           Status
	Steps            map[Step]calendar.Date
	PlanRef          string // number of the decision and plan
	CandidatesRef    string // the minutes of the hamlet Front committee (Mẫu 05)
	TeamRef          string // the chairman's decision setting up the election team
	TeamLeader       string // the team's head, who chairs the election meeting
	TeamMembers      string
	AnnounceHow      string
	Households       int // all the households of the hamlet when counted
	CountedOn        calendar.Date
	ResultNote       string
	DecidedOn        calendar.Date
	DecisionRef      string
	Refusal          string
	DecidedBy        string
	PreviousID       string // the election this one repeats
	RemovalID        string // the removal that called it
	NextID           string // the new election decided after this one
	Candidates       []Candidate
	CreatedAt        time.Time
	CreatedBy        string
	UpdatedAt        time.Time
	UpdatedBy        string
}

// URL is the election's staff page; PublicURL its public page.
func (e Election) URL() string       { return "/bau-cu/" + e.ID }
func (e Election) PublicURL() string { return "/bau-cu-thon/" + e.ID }

// Timeline is the election's steps as of today.
func (e Election) Timeline(today calendar.Date) []StepState { return Timeline(e.Day, e.Steps, today) }

// Editable reports whether the steps and the candidates may still change: before the count.
func (e Election) Editable() bool { return e.Status == Preparing }

// Public reports whether the election is on the public page: once announced.
func (e Election) Public() bool { return e.Steps[StepAnnounce].Valid() }

// Done reports whether the count is over.
func (e Election) Done() bool { return e.Status != Preparing }

func clean(s string, max int) (string, bool) {
	s = strings.TrimSpace(strings.ToValidUTF8(strings.ReplaceAll(s, "\x00", ""), ""))
	return s, utf8.RuneCountInString(s) <= max
}

func notFound(op string, err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return errs.E(op, errs.NotFound, "election.err.not_found")
	}
	return errs.Wrap(op, err)
}

func limits(limit, offset int) (int, int) {
	if limit <= 0 || limit > maxPerPage {
		limit = defaultPerPage
	}
	return limit, max(offset, 0)
}

// Hamlet is a hamlet as the forms name it.
type Hamlet struct{ ID, Name string }

// Hamlets lists the commune's hamlets in the registry's order.
func (s *Service) Hamlets(ctx context.Context, communeID string) ([]Hamlet, error) {
	const op = "election: hamlets"
	rows, err := s.d.Query(ctx, `SELECT id, name FROM hamlets WHERE commune_id = $1 ORDER BY sort_order, name, id`, communeID)
	if err != nil {
		return nil, errs.Wrap(op, err)
	}
	defer rows.Close()
	var out []Hamlet
	for rows.Next() {
		var h Hamlet
		if err := rows.Scan(&h.ID, &h.Name); err != nil {
			return nil, errs.Wrap(op, err)
		}
		out = append(out, h)
	}
	return out, errs.Wrap(op, rows.Err())
}

// HamletsHeadedBy lists the hamlets whose head's account is userID (a hamlet head sees those).
func (s *Service) HamletsHeadedBy(ctx context.Context, communeID, userID string) ([]string, error) {
	const op = "election: hamlets headed"
	rows, err := s.d.Query(ctx, `SELECT id FROM hamlets WHERE commune_id = $1 AND head_user_id = $2 AND head_user_id <> '' ORDER BY id`, communeID, userID)
	if err != nil {
		return nil, errs.Wrap(op, err)
	}
	defer rows.Close()
	out := []string{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, errs.Wrap(op, err)
		}
		out = append(out, id)
	}
	return out, errs.Wrap(op, rows.Err())
}

func hamletName(ctx context.Context, q db.Q, communeID, id string) (string, error) {
	var name string
	err := q.QueryRow(ctx, `SELECT name FROM hamlets WHERE commune_id = $1 AND id = $2`, communeID, id).Scan(&name)
	return name, err
}

func households(ctx context.Context, q db.Q, communeID, hamletID string) (int, error) {
	var n int
	err := q.QueryRow(ctx, `SELECT COUNT(*) FROM households WHERE commune_id = $1 AND hamlet_id = $2`, communeID, hamletID).Scan(&n)
	return n, errs.Wrap("election: households", err)
}

// Settings reads the commune's settings, or the defaults.
func (s *Service) Settings(ctx context.Context, communeID string) (Settings, error) {
	st := Settings{}
	err := s.d.QueryRow(ctx, `SELECT term_months, interim_limit_months FROM election_settings WHERE commune_id = $1`, communeID).
		Scan(&st.TermMonths, &st.InterimLimitMonths)
	if errors.Is(err, sql.ErrNoRows) {
		return DefaultSettings, nil
	}
	return st, errs.Wrap("election: settings", err)
}

// SaveSettings records the province's choices.
func (s *Service) SaveSettings(ctx context.Context, communeID string, by audit.Actor, term, interim string) (Settings, error) {
	const op = "election: save settings"
	fe := errs.FieldErrors{}
	st := Settings{}
	var key string
	if st.TermMonths, key = ParseCount(term, 120); key != "" || (st.TermMonths != 30 && st.TermMonths != 60) {
		fe["term_months"] = "election.err.term"
	}
	if st.InterimLimitMonths, key = ParseCount(interim, 60); key != "" || st.InterimLimitMonths < 1 {
		fe["interim_limit_months"] = "election.err.interim_limit"
	}
	if err := fe.Err(op); err != nil {
		return Settings{}, err
	}
	before, err := s.Settings(ctx, communeID)
	if err != nil {
		return Settings{}, err
	}
	return st, s.tx(ctx, func(tx *db.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO election_settings (commune_id, term_months, interim_limit_months, updated_at, updated_by)
			VALUES ($1, $2, $3, $4, $5) ON CONFLICT (commune_id) DO UPDATE SET term_months = excluded.term_months,
			interim_limit_months = excluded.interim_limit_months, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
			communeID, st.TermMonths, st.InterimLimitMonths, tx.Now, by.Name); err != nil {
			return errs.Wrap(op, err)
		}
		if err := audit.Record(ctx, tx, communeID, by, "election.settings", "election_settings", communeID, audit.Change{
			Before: map[string]any{"term_months": before.TermMonths, "interim_limit_months": before.InterimLimitMonths},
			After:  map[string]any{"term_months": st.TermMonths, "interim_limit_months": st.InterimLimitMonths}}); err != nil {
			return err
		}
		return events.Publish(ctx, tx, communeID, "election.settings", map[string]any{"term_months": st.TermMonths})
	})
}

// Input is a new election as the form sends it.
type Input struct {
	Kind     Kind
	HamletID string
	Title    string
	Project  string
	Seats    string
	Day      string
	Place    string
}

func (s *Service) validate(ctx context.Context, q db.Q, communeID string, in Input) (Election, errs.FieldErrors, error) {
	fe := errs.FieldErrors{}
	e := Election{Kind: in.Kind, HamletID: strings.TrimSpace(in.HamletID), Status: Preparing, Steps: map[Step]calendar.Date{}}
	var ok bool
	if !e.Kind.Valid() {
		fe["kind"] = "election.err.kind"
	}
	if e.HamletID == "" {
		fe["hamlet_id"] = "election.err.hamlet"
	} else if name, err := hamletName(ctx, q, communeID, e.HamletID); errors.Is(err, sql.ErrNoRows) {
		fe["hamlet_id"] = "election.err.hamlet"
	} else if err != nil {
		return e, nil, errs.Wrap("election: hamlet", err)
	} else {
		e.Hamlet = name
	}
	if e.Title, ok = clean(in.Title, maxText); !ok {
		fe["title"] = "election.err.too_long"
	}
	if e.Project, ok = clean(in.Project, maxText); !ok {
		fe["project"] = "election.err.too_long"
	} else if e.Kind == Investment && e.Project == "" {
		fe["project"] = "election.err.project_required"
	}
	if e.Place, ok = clean(in.Place, maxText); !ok {
		fe["place"] = "election.err.too_long"
	}
	e.Seats = 1
	if e.Kind == Investment {
		var key string
		if e.Seats, key = ParseCount(in.Seats, Investment.MaxSeats()); key != "" || e.Seats < 1 {
			fe["seats"] = "election.err.seats"
		}
	}
	var key string
	if e.Day, key = ParseDay(in.Day); key != "" {
		fe["day"] = key
	}
	if e.Title == "" && fe["title"] == "" && fe["kind"] == "" && e.Hamlet != "" {
		e.Title = defaultTitle(e.Kind, e.Hamlet, e.Project)
	}
	return e, fe, nil
}

// defaultTitle names an election from its kind and hamlet.
func defaultTitle(k Kind, hamlet, project string) string {
	switch k {
	case Inspection:
		return "Bầu thành viên Ban Thanh tra nhân dân, thôn " + hamlet
	case Investment:
		return "Bầu đại diện cộng đồng vào Ban Giám sát đầu tư của cộng đồng (" + project + "), thôn " + hamlet
	}
	return "Bầu trưởng thôn " + hamlet
}

func (e Election) auditView() map[string]any {
	steps := map[string]string{}
	for k, v := range e.Steps {
		steps[string(k)] = v.String()
	}
	return map[string]any{"kind": e.Kind, "hamlet": e.HamletID, "title": e.Title, "project": e.Project, "seats": e.Seats,
		"day": e.Day.String(), "place": e.Place, "status": e.Status, "steps": steps}
}

// Create records a new election, with the day it is to be held.
func (s *Service) Create(ctx context.Context, communeID string, by audit.Actor, in Input) (Election, error) {
	return s.create(ctx, communeID, by, in, "", "")
}

func (s *Service) create(ctx context.Context, communeID string, by audit.Actor, in Input, previousID, removalID string) (Election, error) {
	const op = "election: create"
	var e Election
	err := s.tx(ctx, func(tx *db.Tx) error {
		var fe errs.FieldErrors
		var err error
		if e, fe, err = s.validate(ctx, tx, communeID, in); err != nil {
			return err
		}
		if e.Day.Valid() && e.Day.Before(s.Today()) {
			fe["day"] = "election.err.day_past"
		}
		if err := fe.Err(op); err != nil {
			return err
		}
		e.ID, e.PreviousID, e.RemovalID = uuid.Must(uuid.NewV7()).String(), previousID, removalID
		e.CreatedAt, e.CreatedBy, e.UpdatedAt, e.UpdatedBy = tx.Now, by.Name, tx.Now, by.Name
		if _, err := tx.Exec(ctx, `INSERT INTO elections (commune_id, id, kind, hamlet_id, title, project, seats, election_day, place, status,
			previous_id, removal_id, created_at, created_by, updated_at, updated_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
			communeID, e.ID, string(e.Kind), e.HamletID, e.Title, e.Project, e.Seats, e.Day.String(), e.Place, string(e.Status),
			e.PreviousID, e.RemovalID, e.CreatedAt, e.CreatedBy, e.UpdatedAt, e.UpdatedBy); err != nil {
			return errs.Wrap(op, err)
		}
		if previousID != "" {
			if _, err := tx.Exec(ctx, `UPDATE elections SET next_id = $3 WHERE commune_id = $1 AND id = $2`, communeID, previousID, e.ID); err != nil {
				return errs.Wrap(op, err)
			}
		}
		if removalID != "" {
			if _, err := tx.Exec(ctx, `UPDATE election_removals SET new_election_id = $3 WHERE commune_id = $1 AND id = $2`, communeID, removalID, e.ID); err != nil {
				return errs.Wrap(op, err)
			}
		}
		if err := audit.Record(ctx, tx, communeID, by, "election.create", "election", e.ID, audit.Change{After: e.auditView()}); err != nil {
			return err
		}
		return events.Publish(ctx, tx, communeID, TopicCreated, map[string]any{"id": e.ID, "kind": e.Kind, "hamlet": e.HamletID, "day": e.Day.String()})
	})
	if err != nil {
		return Election{}, err
	}
	return e, nil
}

// StepInput is a step as its form sends it: the day done and what the law asks to name.
type StepInput struct {
	On      string
	Ref     string // the number of the decision, the minutes
	Leader  string // the election team's head (team)
	Members string // the team's members (team)
	How     string // where and how it was announced (announce)
}

// RecordStep records (or corrects) a step of the preparation with its day. A day after the
// election day is refused; a late day is kept, and the page warns.
func (s *Service) RecordStep(ctx context.Context, communeID, id string, step Step, by audit.Actor, in StepInput) (Election, error) {
	const op = "election: record step"
	var e Election
	err := s.tx(ctx, func(tx *db.Tx) error {
		var err error
		if e, err = lockElection(ctx, tx, communeID, id); err != nil {
			return err
		}
		before := e.auditView()
		if !e.Editable() {
			return errs.E(op, errs.Conflict, "election.err.counted")
		}
		fe := errs.FieldErrors{}
		on, key := ParseDay(in.On)
		if key != "" {
			fe["on"] = key
		} else if on.After(e.Day) {
			fe["on"] = "election.err.step_after_day"
		} else if on.After(s.Today()) {
			fe["on"] = "election.err.step_future"
		}
		ref, ok := clean(in.Ref, maxText)
		if !ok {
			fe["ref"] = "election.err.too_long"
		}
		leader, ok1 := clean(in.Leader, maxText)
		members, ok2 := clean(in.Members, maxLong)
		how, ok3 := clean(in.How, maxLong)
		if !ok1 || !ok2 || !ok3 {
			fe["text"] = "election.err.too_long"
		}
		switch step {
		case StepPlan, StepCandidates:
		case StepTeam:
			// Decree 59 Art. 3.1.b: the election team chairs the election meeting; its head is named.
			if leader == "" {
				fe["leader"] = "election.err.leader_required"
			}
		case StepAnnounce:
		default:
			return errs.E(op, errs.NotFound, "election.err.not_found")
		}
		if step == StepCandidates && len(e.Candidates) == 0 {
			// Decree 59 Art. 6: the list holds at least one candidate.
			fe["on"] = "election.err.no_candidate"
		}
		if err := fe.Err(op); err != nil {
			return err
		}
		e.Steps[step] = on
		var set string
		args := []any{communeID, id, tx.Now, by.Name, on.String()}
		switch step {
		case StepPlan:
			e.PlanRef = ref
			set, args = "plan_on = $5, plan_ref = $6", append(args, ref)
		case StepCandidates:
			e.CandidatesRef = ref
			set, args = "candidates_on = $5, candidates_ref = $6", append(args, ref)
		case StepTeam:
			e.TeamRef, e.TeamLeader, e.TeamMembers = ref, leader, members
			set, args = "team_on = $5, team_ref = $6, team_leader = $7, team_members = $8", append(args, ref, leader, members)
		case StepAnnounce:
			e.AnnounceHow = how
			set, args = "announced_on = $5, announce_how = $6", append(args, how)
		}
		e.UpdatedAt, e.UpdatedBy = tx.Now, by.Name
		if _, err := tx.Exec(ctx, `UPDATE elections SET `+set+`, updated_at = $3, updated_by = $4 WHERE commune_id = $1 AND id = $2`, args...); err != nil {
			return errs.Wrap(op, err)
		}
		if err := audit.Record(ctx, tx, communeID, by, "election.step", "election", id, audit.Change{Before: before, After: e.auditView()}); err != nil {
			return err
		}
		return events.Publish(ctx, tx, communeID, TopicStep, map[string]any{"id": id, "step": step, "on": on.String()})
	})
	if err != nil {
		return Election{}, err
	}
	return e, nil
}

// CandidateInput is a candidate as the form sends it.
type CandidateInput struct {
	Name, BirthYear, Address, Note string
}

// AddCandidate adds a candidate at the end of the list, before the count.
func (s *Service) AddCandidate(ctx context.Context, communeID, id string, by audit.Actor, in CandidateInput) (Election, error) {
	const op = "election: add candidate"
	var e Election
	err := s.tx(ctx, func(tx *db.Tx) error {
		var err error
		if e, err = lockElection(ctx, tx, communeID, id); err != nil {
			return err
		}
		if !e.Editable() || e.boxOpened(ctx, tx, communeID) {
			return errs.E(op, errs.Conflict, "election.err.counting")
		}
		fe := errs.FieldErrors{}
		c := Candidate{No: len(e.Candidates) + 1}
		var ok bool
		if c.Name, ok = clean(in.Name, maxText); !ok {
			fe["name"] = "election.err.too_long"
		} else if c.Name == "" {
			fe["name"] = "election.err.name_required"
		}
		if c.BirthYear, ok = clean(in.BirthYear, 10); !ok {
			fe["birth_year"] = "election.err.too_long"
		}
		if c.Address, ok = clean(in.Address, maxText); !ok {
			fe["address"] = "election.err.too_long"
		}
		if c.Note, ok = clean(in.Note, maxText); !ok {
			fe["note"] = "election.err.too_long"
		}
		if len(e.Candidates) >= maxCandidates {
			fe["name"] = "election.err.too_many_candidates"
		}
		if err := fe.Err(op); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO election_candidates (commune_id, election_id, no, full_name, birth_year, address, note)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, communeID, id, c.No, c.Name, c.BirthYear, c.Address, c.Note); err != nil {
			return errs.Wrap(op, err)
		}
		e.Candidates = append(e.Candidates, c)
		if err := audit.Record(ctx, tx, communeID, by, "election.candidate.add", "election", id, audit.Change{After: map[string]any{"no": c.No, "name": c.Name}}); err != nil {
			return err
		}
		return events.Publish(ctx, tx, communeID, "election.candidate", map[string]any{"id": id, "candidates": len(e.Candidates)})
	})
	if err != nil {
		return Election{}, err
	}
	return e, nil
}

// RemoveCandidate takes a candidate off the list before the count; the others move up.
func (s *Service) RemoveCandidate(ctx context.Context, communeID, id string, no int, by audit.Actor) error {
	const op = "election: remove candidate"
	return s.tx(ctx, func(tx *db.Tx) error {
		e, err := lockElection(ctx, tx, communeID, id)
		if err != nil {
			return err
		}
		if !e.Editable() || e.boxOpened(ctx, tx, communeID) {
			return errs.E(op, errs.Conflict, "election.err.counting")
		}
		if no < 1 || no > len(e.Candidates) {
			return errs.E(op, errs.NotFound, "election.err.not_found")
		}
		if _, err := tx.Exec(ctx, `DELETE FROM election_candidates WHERE commune_id = $1 AND election_id = $2`, communeID, id); err != nil {
			return errs.Wrap(op, err)
		}
		var rows [][]any
		for _, c := range e.Candidates {
			if c.No != no {
				rows = append(rows, []any{communeID, id, len(rows) + 1, c.Name, c.BirthYear, c.Address, c.Note})
			}
		}
		if len(rows) > 0 {
			if err := db.InsertRows(ctx, tx, "election_candidates", []string{"commune_id", "election_id", "no", "full_name", "birth_year", "address", "note"}, rows); err != nil {
				return errs.Wrap(op, err)
			}
		}
		return audit.Record(ctx, tx, communeID, by, "election.candidate.remove", "election", id, audit.Change{Before: map[string]any{"no": no, "name": e.Candidates[no-1].Name}})
	})
}

const electionCols = `e.id, e.kind, e.hamlet_id, COALESCE(h.name, ''), e.title, e.project, e.seats, e.election_day, e.place, e.status,
	e.plan_on, e.plan_ref, e.candidates_on, e.candidates_ref, e.team_on, e.team_ref, e.team_leader, e.team_members, e.announced_on,
	e.announce_how, e.households, e.counted_on, e.result_note, e.decided_on, e.decision_ref, e.refusal, e.decided_by,
	e.previous_id, e.removal_id, e.next_id, e.created_at, e.created_by, e.updated_at, e.updated_by`

const electionFrom = ` FROM elections e LEFT JOIN hamlets h ON h.commune_id = e.commune_id AND h.id = e.hamlet_id`

func scanElection(row interface{ Scan(...any) error }) (Election, error) {
	var e Election
	var kind, day, status, plan, cands, team, ann, counted, decided string
	if err := row.Scan(&e.ID, &kind, &e.HamletID, &e.Hamlet, &e.Title, &e.Project, &e.Seats, &day, &e.Place, &status,
		&plan, &e.PlanRef, &cands, &e.CandidatesRef, &team, &e.TeamRef, &e.TeamLeader, &e.TeamMembers, &ann, &e.AnnounceHow,
		&e.Households, &counted, &e.ResultNote, &decided, &e.DecisionRef, &e.Refusal, &e.DecidedBy,
		&e.PreviousID, &e.RemovalID, &e.NextID, &e.CreatedAt, &e.CreatedBy, &e.UpdatedAt, &e.UpdatedBy); err != nil {
		return e, err
	}
	e.Kind, e.Status, e.Steps = Kind(kind), Status(status), map[Step]calendar.Date{}
	e.CreatedAt, e.UpdatedAt = e.CreatedAt.UTC(), e.UpdatedAt.UTC()
	e.Day, _ = calendar.ParseDate(day)
	for st, v := range map[Step]string{StepPlan: plan, StepCandidates: cands, StepTeam: team, StepAnnounce: ann} {
		if d, err := calendar.ParseDate(v); err == nil {
			e.Steps[st] = d
		}
	}
	e.CountedOn, _ = calendar.ParseDate(counted)
	e.DecidedOn, _ = calendar.ParseDate(decided)
	return e, nil
}

// lockElection reads an election in a transaction, holding its row (the touch takes the row
// lock on PostgreSQL; SQLite has one writer).
func lockElection(ctx context.Context, tx *db.Tx, communeID, id string) (Election, error) {
	if _, err := tx.Exec(ctx, `UPDATE elections SET status = status WHERE commune_id = $1 AND id = $2`, communeID, id); err != nil {
		return Election{}, errs.Wrap("election: lock", err)
	}
	return getElection(ctx, tx, communeID, id)
}

func getElection(ctx context.Context, q db.Q, communeID, id string) (Election, error) {
	const op = "election: get"
	e, err := scanElection(q.QueryRow(ctx, `SELECT `+electionCols+electionFrom+` WHERE e.commune_id = $1 AND e.id = $2`, communeID, id))
	if err != nil {
		return e, notFound(op, err)
	}
	list := []Election{e}
	if err := loadCandidates(ctx, q, communeID, list); err != nil {
		return e, err
	}
	return list[0], nil
}

// Get returns one election with its candidates. hamlets, when not nil, are the only hamlets the
// reader may see (a hamlet head's): another's election is not found.
func (s *Service) Get(ctx context.Context, communeID, id string, hamlets []string) (Election, error) {
	e, err := getElection(ctx, s.d, communeID, id)
	if err != nil {
		return e, err
	}
	if hamlets != nil && !contains(hamlets, e.HamletID) {
		return Election{}, errs.E("election: get", errs.NotFound, "election.err.not_found")
	}
	return e, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func loadCandidates(ctx context.Context, q db.Q, communeID string, list []Election) error {
	const op = "election: candidates"
	if len(list) == 0 {
		return nil
	}
	args := []any{communeID}
	index := map[string]int{}
	for i, e := range list {
		args = append(args, e.ID)
		index[e.ID] = i
	}
	rows, err := q.Query(ctx, `SELECT election_id, no, full_name, birth_year, address, note FROM election_candidates
		WHERE commune_id = $1 AND election_id IN (`+db.Placeholders(2, len(list))+`) ORDER BY election_id, no`, args...)
	if err != nil {
		return errs.Wrap(op, err)
	}
	defer rows.Close()
	for rows.Next() {
		var eid string
		var c Candidate
		if err := rows.Scan(&eid, &c.No, &c.Name, &c.BirthYear, &c.Address, &c.Note); err != nil {
			return errs.Wrap(op, err)
		}
		e := &list[index[eid]]
		e.Candidates = append(e.Candidates, c)
	}
	return errs.Wrap(op, rows.Err())
}

// Filter selects elections for a list.
type Filter struct {
	Hamlets    []string // nil: every hamlet; else only these (a hamlet head's)
	PublicOnly bool     // announced ones only
}

// List returns a page of elections, the latest election day first, with how many there are.
func (s *Service) List(ctx context.Context, communeID string, f Filter, limit, offset int) ([]Election, int, error) {
	const op = "election: list"
	limit, offset = limits(limit, offset)
	where := ` WHERE e.commune_id = $1`
	args := []any{communeID}
	if f.Hamlets != nil {
		if len(f.Hamlets) == 0 {
			return nil, 0, nil
		}
		where += ` AND e.hamlet_id IN (` + db.Placeholders(2, len(f.Hamlets)) + `)`
		for _, h := range f.Hamlets {
			args = append(args, h)
		}
	}
	if f.PublicOnly {
		where += ` AND e.announced_on <> ''`
	}
	var total int
	if err := s.d.QueryRow(ctx, `SELECT COUNT(*) FROM elections e`+where, args...).Scan(&total); err != nil {
		return nil, 0, errs.Wrap(op, err)
	}
	rows, err := s.d.Query(ctx, `SELECT `+electionCols+electionFrom+where+` ORDER BY e.election_day DESC, e.id DESC LIMIT `+
		strconv.Itoa(limit)+` OFFSET `+strconv.Itoa(offset), args...)
	if err != nil {
		return nil, 0, errs.Wrap(op, err)
	}
	var out []Election
	for rows.Next() {
		e, err := scanElection(rows)
		if err != nil {
			rows.Close()
			return nil, 0, errs.Wrap(op, err)
		}
		out = append(out, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, errs.Wrap(op, err)
	}
	return out, total, loadCandidates(ctx, s.d, communeID, out)
}
