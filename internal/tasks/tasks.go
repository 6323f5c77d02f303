package tasks

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"xaso/internal/audit"
	"xaso/internal/auth"
	"xaso/internal/calendar"
	"xaso/internal/db"
	"xaso/internal/duty"
	"xaso/internal/errs"
	"xaso/internal/events"
	"xaso/internal/fold"
)

// Task is one task of a plan with its five clears: who (Owner…), what (Body), the
// responsibility (Lead and Cooperating), by when (DueOn) and the expected result (Result).
type Task struct {
	ID      string
	PlanID  string
	Seq     int    // its place in the plan
	Section string // the plan's section code
	Body    string // rõ việc
	// rõ người: a staff directory entry (OwnerStaffID, with its account OwnerUserID when one is
	// linked) or a unit (OwnerStaffID ""); OwnerRole owes it when no account is named.
	OwnerStaffID string
	OwnerUserID  string
	OwnerName    string
	OwnerTitle   string
	OwnerRole    string
	// rõ trách nhiệm: the unit that leads and those that cooperate.
	Lead        string
	Cooperating []string
	// rõ tiến độ: the deadline; DueRule says how it was given when in working days.
	DueOn   calendar.Date
	DueRule string
	// rõ kết quả.
	Result string
	Target string // the code of the plan's target it serves; may be empty

	Status       Status
	Percent      int
	CancelReason string
	DoneOn       calendar.Date
	CreatedAt    time.Time
	CreatedBy    string
	UpdatedAt    time.Time

	// State is the register's: on time, at risk, overdue (open duty past due), or closed.
	State duty.State

	ownerUnit string // the owner's unit in the directory, while the task is resolved
}

// URL is the task's page.
func (t Task) URL() string { return planBase + "/" + t.PlanID + "/nhiem-vu/" + t.ID }

// Overdue reports whether the register holds the task's duty past its deadline.
func (t Task) Overdue() bool { return t.State == duty.Overdue }

// AtRisk reports whether the register holds the task's duty close to its deadline.
func (t Task) AtRisk() bool { return t.State == duty.AtRisk }

// OwnedByStaff reports whether the owner is a directory entry (not a unit).
func (t Task) OwnedByStaff() bool { return t.OwnerStaffID != "" }

// Label is how the duty register lists the task: its section and the start of its text.
func (t Task) Label() string {
	body := strings.Join(strings.Fields(t.Body), " ")
	if utf8.RuneCountInString(body) > 90 {
		r := []rune(body)
		body = strings.TrimSpace(string(r[:88])) + "…"
	}
	return t.Section + " " + body
}

// auditView is what the audit log keeps of a task: its clears, without the owner's name when
// the owner is a person (the directory entry's id says who).
func (t Task) auditView() map[string]any {
	v := map[string]any{"plan": t.PlanID, "section": t.Section, "chars": utf8.RuneCountInString(t.Body), "owner_staff": t.OwnerStaffID,
		"owner_role": t.OwnerRole, "lead": t.Lead, "cooperating": t.Cooperating, "due_on": t.DueOn.String(), "target": t.Target,
		"status": t.Status, "percent": t.Percent}
	if !t.OwnedByStaff() {
		v["owner_unit"] = t.OwnerName
	}
	return v
}

// event is the task's change as published: ids, codes, status and days, no person.
func (t Task) event(change string) map[string]any {
	return map[string]any{"plan_id": t.PlanID, "task_id": t.ID, "section": t.Section, "change": change, "status": t.Status,
		"percent": t.Percent, "due_on": t.DueOn.String(), "owner_role": t.OwnerRole, "target": t.Target}
}

// TaskInput is a task as a form or a file gives it, cleaned.
type TaskInput struct {
	Line    int // its line in a loaded file; 0 from a form
	Section string
	Body    string
	// The owner: a directory entry by id (a form's menu); or, from a file, OwnerText, a name or
	// title looked up in the directory and taken for a unit when nobody matches; or, from a
	// form, a unit typed in OwnerName.
	OwnerStaffID string
	OwnerText    string
	OwnerName    string
	OwnerRole    string // "" derives it from the unit (OwnerRoleOf)
	Lead         string
	Cooperating  []string
	DueOn        calendar.Date
	// DueWorkingDays, when positive, gives the deadline as so many working days after the
	// plan's first day (that day not counted), by the commune's calendar.
	DueWorkingDays int
	Result         string
	Target         string
}

// resolveTask turns an input into a task of the plan: the owner looked up, the deadline
// counted, the five clears checked. It returns the field errors (catalogue keys).
func resolveTask(in TaskInput, p Plan, staff []StaffRef, cal *calendar.Calendar) (Task, map[string]string) {
	t := Task{Section: in.Section, Body: in.Body, Lead: in.Lead, Cooperating: in.Cooperating, DueOn: in.DueOn, Result: in.Result,
		Target: in.Target, Status: NotStarted}
	ownerErr := ownerOf(&t, in, staff)
	if in.DueWorkingDays > 0 && p.From.Valid() {
		t.DueOn = cal.AddWorkingDays(p.From, in.DueWorkingDays)
		t.DueRule = fmt.Sprintf(vi("tasks.due.rule"), in.DueWorkingDays, FormatDate(p.From))
	}
	check := in
	check.OwnerName, check.DueOn, check.OwnerRole = t.OwnerName, t.DueOn, in.OwnerRole
	fe := CheckTask(check, p)
	if ownerErr != "" {
		fe["owner"] = ownerErr
	}
	if t.Lead == "" {
		// The unit that does the task, or the owner's unit, leads it unless told otherwise.
		switch {
		case !t.OwnedByStaff() && t.OwnerName != "":
			t.Lead = t.OwnerName
		case t.OwnedByStaff():
			t.Lead = t.ownerUnit
		}
		if t.Lead != "" || fe["owner"] != "" {
			delete(fe, "lead") // told once, at the owner
		}
	}
	if len(t.Cooperating) > MaxCooperating {
		fe["cooperating"] = "tasks.err.too_many"
	}
	return t, fe
}

// ownerOf fills the task's owner from the input and the directory; it returns an error key.
func ownerOf(t *Task, in TaskInput, staff []StaffRef) string {
	var st *StaffRef
	switch {
	case in.OwnerStaffID != "":
		for i := range staff {
			if staff[i].ID == in.OwnerStaffID {
				st = &staff[i]
			}
		}
		if st == nil {
			return "tasks.err.owner_unknown"
		}
	case in.OwnerText != "":
		matches := matchStaff(in.OwnerText, staff)
		switch {
		case len(matches) > 1:
			t.OwnerName = in.OwnerText
			return "tasks.err.owner_ambiguous"
		case len(matches) == 1:
			st = &matches[0]
		default:
			t.OwnerName = in.OwnerText
		}
	default:
		t.OwnerName = in.OwnerName
	}
	if st != nil {
		t.OwnerStaffID, t.OwnerUserID, t.OwnerName, t.OwnerTitle, t.ownerUnit = st.ID, st.UserID, st.Name, st.Title, st.Unit
	}
	t.OwnerRole = in.OwnerRole
	if t.OwnerRole == "" {
		t.OwnerRole = OwnerRoleOf(t.OwnerTitle + " " + t.OwnerName)
		if st != nil {
			t.OwnerRole = OwnerRoleOf(st.Title + " " + st.Unit)
		}
	}
	return ""
}

// matchStaff finds the directory entries whose full name or title is text (letters compared
// without their marks and case).
func matchStaff(text string, staff []StaffRef) []StaffRef {
	want := fold.String(text)
	var out []StaffRef
	for _, st := range staff {
		if fold.String(st.Name) == want || fold.String(st.Title) == want {
			out = append(out, st)
		}
	}
	return out
}

// insertTask writes a new task, its audit entry, its event and its duty.
func (s *Service) insertTask(ctx context.Context, tx *db.Tx, communeID string, by audit.Actor, cal *calendar.Calendar, p Plan, t *Task) error {
	const op = "tasks: add task"
	t.ID, t.CreatedBy, t.CreatedAt, t.UpdatedAt = uuid.Must(uuid.NewV7()).String(), by.Name, tx.Now, tx.Now
	if t.Status == "" {
		t.Status = NotStarted
	}
	if _, err := tx.Exec(ctx, `INSERT INTO task_items (commune_id, id, plan_id, seq, section_code, body, owner_staff_id, owner_user_id,
		owner_name, owner_title, owner_role, lead_unit, cooperating, due_on, due_rule, result, target_code, status, percent,
		created_at, created_by, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $20)`,
		communeID, t.ID, t.PlanID, t.Seq, t.Section, t.Body, t.OwnerStaffID, t.OwnerUserID, t.OwnerName, t.OwnerTitle, t.OwnerRole,
		t.Lead, strings.Join(t.Cooperating, "\n"), t.DueOn.String(), t.DueRule, t.Result, t.Target, string(t.Status), t.Percent,
		t.CreatedAt, t.CreatedBy); err != nil {
		return errs.Wrap(op, err)
	}
	if err := audit.Record(ctx, tx, communeID, by, actionTaskCreate, "plan_task", t.ID, audit.Change{After: t.auditView()}); err != nil {
		return err
	}
	if err := events.Publish(ctx, tx, communeID, TopicTaskChanged, t.event("created")); err != nil {
		return err
	}
	return setDuty(ctx, tx, communeID, cal, p, *t)
}

// setDuty opens or moves the task's duty in the register: owed by its owner's account, or by
// its office when none is named; due at the close of its deadline; at risk AtRiskDays working
// days before.
func setDuty(ctx context.Context, tx *db.Tx, communeID string, cal *calendar.Calendar, p Plan, t Task) error {
	hours := cal.Hours()
	return duty.Set(ctx, tx, duty.Duty{CommuneID: communeID, Room: dutyRoom, Kind: DutyTask, SubjectType: "plan_task", SubjectID: t.ID,
		Label: t.Label(), URL: t.URL(), LegalBasis: p.Reference() + ", " + vi("tasks.plan.section") + " " + t.Section,
		Owner: duty.Owner{ID: t.OwnerUserID, Name: t.OwnerName, Role: t.OwnerRole}, DueAt: t.DueOn.At(hours.Closing()).UTC(),
		AtRiskFrom: cal.AddWorkingDays(t.DueOn, -AtRiskDays).At(hours.Opening()).UTC()})
}

// AddTask adds a task at the end of a plan.
func (s *Service) AddTask(ctx context.Context, communeID, planID string, by audit.Actor, in TaskInput) (Task, error) {
	const op = "tasks: add task"
	p, err := s.Plan(ctx, communeID, planID)
	if err != nil {
		return Task{}, err
	}
	staff, err := s.staff(ctx, communeID)
	if err != nil {
		return Task{}, err
	}
	cal, err := s.calendars(ctx, communeID)
	if err != nil {
		return Task{}, err
	}
	t, bad := resolveTask(in, p, staff, cal)
	if err := errs.FieldErrors(bad).Err(op); err != nil {
		return Task{}, err
	}
	t.PlanID = p.ID
	err = s.tx(ctx, func(tx *db.Tx) error {
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*), COALESCE(MAX(seq), 0) FROM task_items WHERE commune_id = $1 AND plan_id = $2`,
			communeID, p.ID).Scan(&n, &t.Seq); err != nil {
			return errs.Wrap(op, err)
		}
		if n >= MaxTasks {
			return errs.E(op, errs.Conflict, "tasks.err.too_many_tasks")
		}
		t.Seq++
		return s.insertTask(ctx, tx, communeID, by, cal, p, &t)
	})
	if err != nil {
		return Task{}, err
	}
	return t, nil
}

// UpdateTask changes a task's five clears, section and target. An open task's duty moves
// with its deadline and owner in the same transaction; a closed task keeps its closed duty.
func (s *Service) UpdateTask(ctx context.Context, communeID, id string, by audit.Actor, in TaskInput) (Task, error) {
	const op = "tasks: update task"
	before, err := s.Task(ctx, communeID, id)
	if err != nil {
		return Task{}, err
	}
	p, err := s.Plan(ctx, communeID, before.PlanID)
	if err != nil {
		return Task{}, err
	}
	staff, err := s.staff(ctx, communeID)
	if err != nil {
		return Task{}, err
	}
	cal, err := s.calendars(ctx, communeID)
	if err != nil {
		return Task{}, err
	}
	t, bad := resolveTask(in, p, staff, cal)
	if err := errs.FieldErrors(bad).Err(op); err != nil {
		return Task{}, err
	}
	err = s.tx(ctx, func(tx *db.Tx) error {
		cur, err := getTask(ctx, tx, communeID, id, s.now())
		if err != nil {
			return err
		}
		t.ID, t.PlanID, t.Seq, t.Status, t.Percent, t.CancelReason, t.DoneOn = cur.ID, cur.PlanID, cur.Seq, cur.Status, cur.Percent, cur.CancelReason, cur.DoneOn
		t.CreatedAt, t.CreatedBy, t.UpdatedAt = cur.CreatedAt, cur.CreatedBy, tx.Now
		if t.DueRule == "" && t.DueOn == cur.DueOn {
			t.DueRule = cur.DueRule // the form shows the day; how it was counted stays
		}
		if _, err := tx.Exec(ctx, `UPDATE task_items SET section_code = $3, body = $4, owner_staff_id = $5, owner_user_id = $6,
			owner_name = $7, owner_title = $8, owner_role = $9, lead_unit = $10, cooperating = $11, due_on = $12, due_rule = $13,
			result = $14, target_code = $15, updated_at = $16 WHERE commune_id = $1 AND id = $2`,
			communeID, id, t.Section, t.Body, t.OwnerStaffID, t.OwnerUserID, t.OwnerName, t.OwnerTitle, t.OwnerRole, t.Lead,
			strings.Join(t.Cooperating, "\n"), t.DueOn.String(), t.DueRule, t.Result, t.Target, t.UpdatedAt); err != nil {
			return errs.Wrap(op, err)
		}
		if err := audit.Record(ctx, tx, communeID, by, actionTaskUpdate, "plan_task", id,
			audit.Change{Before: cur.auditView(), After: t.auditView()}); err != nil {
			return err
		}
		change := "updated"
		if cur.DueOn != t.DueOn {
			change = "deadline_moved"
		}
		if err := events.Publish(ctx, tx, communeID, TopicTaskChanged, t.event(change)); err != nil {
			return err
		}
		if !t.Status.Open() {
			return nil
		}
		return setDuty(ctx, tx, communeID, cal, p, t)
	})
	if err != nil {
		return Task{}, err
	}
	return s.Task(ctx, communeID, id)
}

const taskCols = `t.id, t.plan_id, t.seq, t.section_code, t.body, t.owner_staff_id, t.owner_user_id, t.owner_name, t.owner_title,
	t.owner_role, t.lead_unit, t.cooperating, t.due_on, t.due_rule, t.result, t.target_code, t.status, t.percent, t.cancel_reason,
	t.done_on, t.created_at, t.created_by, t.updated_at, d.is_open, d.due_at, d.at_risk_from`

// taskFrom joins each task to its duty in the register, whose state is the task's.
const taskFrom = ` FROM task_items t LEFT JOIN duties d ON d.commune_id = t.commune_id AND d.room = 'tasks'
	AND d.subject_id = t.id AND d.kind = 'tasks.duty.task'`

// dutyState is the register's state of a task's duty at now (closed when it has none).
func dutyState(open sql.NullBool, due, atRisk sql.NullTime, now time.Time) duty.State {
	if !open.Valid || !due.Valid {
		return duty.Closed
	}
	return duty.Duty{Open: open.Bool, DueAt: due.Time.UTC(), AtRiskFrom: db.TimeOf(atRisk)}.StateAt(now)
}

func scanTask(row interface{ Scan(...any) error }, now time.Time) (Task, error) {
	var t Task
	var coop, due, status string
	var done sql.NullString
	var open sql.NullBool
	var dueAt, atRisk sql.NullTime
	if err := row.Scan(&t.ID, &t.PlanID, &t.Seq, &t.Section, &t.Body, &t.OwnerStaffID, &t.OwnerUserID, &t.OwnerName, &t.OwnerTitle,
		&t.OwnerRole, &t.Lead, &coop, &due, &t.DueRule, &t.Result, &t.Target, &status, &t.Percent, &t.CancelReason, &done,
		&t.CreatedAt, &t.CreatedBy, &t.UpdatedAt, &open, &dueAt, &atRisk); err != nil {
		return t, err
	}
	t.Cooperating, t.DueOn, t.Status, t.DoneOn = lines(coop), mustDate(due), Status(status), scanDate(done)
	t.CreatedAt, t.UpdatedAt = t.CreatedAt.UTC(), t.UpdatedAt.UTC()
	t.State = dutyState(open, dueAt, atRisk, now)
	return t, nil
}

// Task returns one task.
func (s *Service) Task(ctx context.Context, communeID, id string) (Task, error) {
	return getTask(ctx, s.d, communeID, id, s.now())
}

func getTask(ctx context.Context, q db.Q, communeID, id string, now time.Time) (Task, error) {
	t, err := scanTask(q.QueryRow(ctx, `SELECT `+taskCols+taskFrom+` WHERE t.commune_id = $1 AND t.id = $2`, communeID, id), now)
	if err != nil {
		return t, notFound("tasks: task", err)
	}
	return t, nil
}

// TaskFilter selects a plan's tasks for its page.
type TaskFilter struct {
	Section string
	Status  Status
	Overdue bool // open and past its deadline in the register
	Limit   int
	Offset  int
}

// Tasks returns a page of a plan's tasks in the plan's order (by section, then by place) and
// how many match.
func (s *Service) Tasks(ctx context.Context, communeID, planID string, f TaskFilter) ([]Task, int, error) {
	const op = "tasks: tasks"
	limit, offset := limits(f.Limit, f.Offset)
	now := s.now()
	args := []any{communeID, planID}
	arg := func(x any) string { args = append(args, x); return "$" + strconv.Itoa(len(args)) }
	var b strings.Builder
	b.WriteString(` WHERE t.commune_id = $1 AND t.plan_id = $2`)
	if f.Section != "" {
		b.WriteString(` AND t.section_code = ` + arg(f.Section))
	}
	if f.Status != "" {
		b.WriteString(` AND t.status = ` + arg(string(f.Status)))
	}
	if f.Overdue {
		// The register's rule for "quá hạn" (duty.Filter with State Overdue): open, due before now.
		b.WriteString(` AND d.is_open = TRUE AND d.due_at < ` + arg(now.UTC()))
	}
	where := b.String()
	var total int
	if err := s.d.QueryRow(ctx, `SELECT COUNT(*)`+taskFrom+where, args...).Scan(&total); err != nil {
		return nil, 0, errs.Wrap(op, err)
	}
	if total == 0 {
		return nil, 0, nil
	}
	rows, err := s.d.Query(ctx, `SELECT `+taskCols+taskFrom+` LEFT JOIN task_sections s ON s.commune_id = t.commune_id
		AND s.plan_id = t.plan_id AND s.code = t.section_code`+where+` ORDER BY COALESCE(s.sort_order, 0), t.seq
		LIMIT `+strconv.Itoa(limit)+` OFFSET `+strconv.Itoa(offset), args...)
	if err != nil {
		return nil, 0, errs.Wrap(op, err)
	}
	defer rows.Close()
	var out []Task
	for rows.Next() {
		t, err := scanTask(rows, now)
		if err != nil {
			return nil, 0, errs.Wrap(op, err)
		}
		out = append(out, t)
	}
	return out, total, errs.Wrap(op, rows.Err())
}

// Member is a signed-in staff account as the room sees it: who acts, and the roles that say
// which tasks are theirs.
type Member struct {
	audit.Actor
	Roles []auth.Role
}

// has reports whether m holds the role.
func (m Member) has(r auth.Role) bool { return slices.Contains(m.Roles, r) }

// Manages reports whether m keeps the plans: a leader or the office (admin).
func (m Member) Manages() bool { return m.has(auth.Leader) || m.has(auth.Admin) }

// ReportableBy reports whether m may report the task's progress and evidence: its owner's
// account, or anyone of its office when no account is named, or a leader or the office.
func (t Task) ReportableBy(m Member) bool {
	if m.Manages() {
		return true
	}
	if t.OwnerUserID != "" {
		return m.ID != "" && t.OwnerUserID == m.ID
	}
	return m.has(auth.Role(t.OwnerRole))
}

// mineWhere is the condition of the tasks a member owes: named to their account, or owed by
// one of their roles with no account named. args start with the commune.
func mineWhere(m Member, args *[]any) string {
	arg := func(x any) string { *args = append(*args, x); return "$" + strconv.Itoa(len(*args)) }
	cond := ` AND (t.owner_user_id = ` + arg(m.ID)
	if len(m.Roles) > 0 {
		marks := make([]string, len(m.Roles))
		for i, r := range m.Roles {
			marks[i] = arg(string(r))
		}
		cond += ` OR t.owner_user_id = '' AND t.owner_role IN (` + strings.Join(marks, ", ") + `)`
	}
	return cond + `)`
}

// Mine returns a page of the open tasks a member owes, soonest due first, and how many.
func (s *Service) Mine(ctx context.Context, communeID string, m Member, limit, offset int) ([]Task, int, error) {
	const op = "tasks: mine"
	limit, offset = limits(limit, offset)
	args := []any{communeID}
	where := ` WHERE t.commune_id = $1 AND t.status IN ('not_started', 'in_progress')` + mineWhere(m, &args)
	var total int
	if err := s.d.QueryRow(ctx, `SELECT COUNT(*) FROM task_items t`+where, args...).Scan(&total); err != nil {
		return nil, 0, errs.Wrap(op, err)
	}
	if total == 0 {
		return nil, 0, nil
	}
	rows, err := s.d.Query(ctx, `SELECT `+taskCols+taskFrom+where+` ORDER BY t.due_on, t.plan_id, t.seq
		LIMIT `+strconv.Itoa(limit)+` OFFSET `+strconv.Itoa(offset), args...)
	if err != nil {
		return nil, 0, errs.Wrap(op, err)
	}
	defer rows.Close()
	now := s.now()
	var out []Task
	for rows.Next() {
		t, err := scanTask(rows, now)
		if err != nil {
			return nil, 0, errs.Wrap(op, err)
		}
		out = append(out, t)
	}
	return out, total, errs.Wrap(op, rows.Err())
}

// MineCounts counts the open tasks a member owes and those of them the register holds past
// their deadline (the home card), in one query.
func (s *Service) MineCounts(ctx context.Context, communeID string, m Member) (open, overdue int, err error) {
	args := []any{communeID}
	where := ` WHERE t.commune_id = $1 AND t.status IN ('not_started', 'in_progress')` + mineWhere(m, &args)
	args = append(args, s.now().UTC())
	err = s.d.QueryRow(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN d.is_open = TRUE AND d.due_at < $`+strconv.Itoa(len(args))+
		` THEN 1 ELSE 0 END), 0)`+taskFrom+where, args...).Scan(&open, &overdue)
	return open, overdue, errs.Wrap("tasks: mine counts", err)
}

// CheckInput checks a task for a plan as AddTask would, writing nothing: for a form that has
// mistakes of its own, so that every mistake is shown at once.
func (s *Service) CheckInput(ctx context.Context, communeID string, p Plan, in TaskInput) (map[string]string, error) {
	staff, err := s.staff(ctx, communeID)
	if err != nil {
		return nil, err
	}
	cal, err := s.calendars(ctx, communeID)
	if err != nil {
		return nil, err
	}
	_, fe := resolveTask(in, p, staff, cal)
	return fe, nil
}
