package tasks

import (
	"context"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"xaso/internal/audit"
	"xaso/internal/calendar"
	"xaso/internal/db"
	"xaso/internal/duty"
	"xaso/internal/errs"
	"xaso/internal/events"
)

// Note is a dated progress note of a task: the status and percent it reported.
type Note struct {
	ID          string
	TaskID      string
	On          calendar.Date
	Status      Status
	Percent     int
	Body        string
	CreatedAt   time.Time
	CreatedBy   string
	CreatedByID string
}

// forbidden is the answer to a member who does not owe the task.
func forbidden(op string) error { return errs.E(op, errs.Forbidden, "tasks.err.not_owner") }

// countEvidence counts a task's evidence.
func countEvidence(ctx context.Context, q db.Q, communeID, taskID string) (int, error) {
	var n int
	err := q.QueryRow(ctx, `SELECT COUNT(*) FROM task_evidence WHERE commune_id = $1 AND task_id = $2`, communeID, taskID).Scan(&n)
	return n, errs.Wrap("tasks: count evidence", err)
}

// insertNote writes a progress note.
func insertNote(ctx context.Context, tx *db.Tx, communeID string, by audit.Actor, n *Note) error {
	n.ID, n.CreatedAt, n.CreatedBy, n.CreatedByID = uuid.Must(uuid.NewV7()).String(), tx.Now, by.Name, by.ID
	_, err := tx.Exec(ctx, `INSERT INTO task_notes (commune_id, id, task_id, on_day, status, percent, body, created_at, created_by, created_by_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, communeID, n.ID, n.TaskID, n.On.String(), string(n.Status), n.Percent,
		n.Body, n.CreatedAt, n.CreatedBy, n.CreatedByID)
	return errs.Wrap("tasks: note", err)
}

// setStatus writes a task's status and percent.
func setStatus(ctx context.Context, tx *db.Tx, communeID string, t Task) error {
	_, err := tx.Exec(ctx, `UPDATE task_items SET status = $3, percent = $4, cancel_reason = $5, done_on = $6, updated_at = $7
		WHERE commune_id = $1 AND id = $2`, communeID, t.ID, string(t.Status), t.Percent, t.CancelReason, dateText(t.DoneOn), tx.Now)
	return errs.Wrap("tasks: status", err)
}

// Report records a progress report on an open task by its owner (or a leader or the office):
// a dated note with the status reached and the percent. Done needs a piece of evidence and
// closes the task's duty in the same transaction.
func (s *Service) Report(ctx context.Context, communeID, taskID string, m Member, in ProgressInput, fe map[string]string) (Task, error) {
	const op = "tasks: report progress"
	bad := errs.FieldErrors{}
	for k, v := range fe {
		bad[k] = v
	}
	today := s.Today()
	var t Task
	err := s.tx(ctx, func(tx *db.Tx) error {
		var err error
		if t, err = getTask(ctx, tx, communeID, taskID, s.now()); err != nil {
			return err
		}
		if !t.ReportableBy(m) {
			return forbidden(op)
		}
		n, err := countEvidence(ctx, tx, communeID, taskID)
		if err != nil {
			return err
		}
		for k, v := range CheckProgress(t, in, n, today) {
			if bad[k] == "" {
				bad[k] = v
			}
		}
		if err := bad.Err(op); err != nil {
			return err
		}
		before := t.auditView()
		t.Status, t.Percent = in.Status, in.Percent
		if t.Status == Done {
			t.DoneOn = in.On
		}
		note := Note{TaskID: t.ID, On: in.On, Status: in.Status, Percent: in.Percent, Body: in.Note}
		if err := insertNote(ctx, tx, communeID, m.Actor, &note); err != nil {
			return err
		}
		if err := setStatus(ctx, tx, communeID, t); err != nil {
			return err
		}
		after := t.auditView()
		after["note_on"], after["note_chars"] = in.On.String(), utf8.RuneCountInString(in.Note)
		if err := audit.Record(ctx, tx, communeID, m.Actor, actionProgress, "plan_task", t.ID, audit.Change{Before: before, After: after}); err != nil {
			return err
		}
		change := "progress"
		if t.Status == Done {
			change = "done"
		}
		if err := events.Publish(ctx, tx, communeID, TopicTaskChanged, t.event(change)); err != nil {
			return err
		}
		if t.Status == Done {
			return duty.Close(ctx, tx, communeID, dutyRoom, t.ID, DutyTask, "done")
		}
		return nil
	})
	if err != nil {
		return Task{}, err
	}
	return s.Task(ctx, communeID, taskID)
}

// Cancel cancels an open task with its reason (a leader's or the office's decision: the route
// says who), closing its duty in the same transaction.
func (s *Service) Cancel(ctx context.Context, communeID, taskID string, by audit.Actor, reason string) (Task, error) {
	const op = "tasks: cancel"
	reason, ok := clean(reason, MaxReason)
	var t Task
	err := s.tx(ctx, func(tx *db.Tx) error {
		var err error
		if t, err = getTask(ctx, tx, communeID, taskID, s.now()); err != nil {
			return err
		}
		fe := errs.FieldErrors(CheckCancel(t, reason))
		if !ok {
			fe["reason"] = "tasks.err.too_long"
		}
		if err := fe.Err(op); err != nil {
			return err
		}
		before := t.auditView()
		t.Status, t.CancelReason = Cancelled, reason
		note := Note{TaskID: t.ID, On: s.Today(), Status: Cancelled, Percent: t.Percent, Body: reason}
		if err := insertNote(ctx, tx, communeID, by, &note); err != nil {
			return err
		}
		if err := setStatus(ctx, tx, communeID, t); err != nil {
			return err
		}
		after := t.auditView()
		after["reason_chars"] = utf8.RuneCountInString(reason)
		if err := audit.Record(ctx, tx, communeID, by, actionCancel, "plan_task", t.ID, audit.Change{Before: before, After: after}); err != nil {
			return err
		}
		if err := events.Publish(ctx, tx, communeID, TopicTaskChanged, t.event("cancelled")); err != nil {
			return err
		}
		return duty.Close(ctx, tx, communeID, dutyRoom, t.ID, DutyTask, "cancelled")
	})
	if err != nil {
		return Task{}, err
	}
	return s.Task(ctx, communeID, taskID)
}

// Reopen takes a done or cancelled task back to "in progress" with the reason, reopening its
// duty at its deadline (overdue at once if that has passed).
func (s *Service) Reopen(ctx context.Context, communeID, taskID string, by audit.Actor, reason string) (Task, error) {
	const op = "tasks: reopen"
	reason, ok := clean(reason, MaxReason)
	cal, err := s.calendars(ctx, communeID)
	if err != nil {
		return Task{}, err
	}
	var t Task
	err = s.tx(ctx, func(tx *db.Tx) error {
		var err error
		if t, err = getTask(ctx, tx, communeID, taskID, s.now()); err != nil {
			return err
		}
		if t.Status.Open() {
			return errs.E(op, errs.Conflict, "tasks.err.open")
		}
		fe := errs.FieldErrors{}
		if reason == "" {
			fe["reason"] = "tasks.err.reason_required"
		} else if !ok {
			fe["reason"] = "tasks.err.too_long"
		}
		if err := fe.Err(op); err != nil {
			return err
		}
		p, err := getPlan(ctx, tx, communeID, t.PlanID)
		if err != nil {
			return err
		}
		before := t.auditView()
		t.Status, t.CancelReason, t.DoneOn = InProgress, "", calendar.Date{}
		if t.Percent == 100 {
			t.Percent = 99 // not done any more
		}
		note := Note{TaskID: t.ID, On: s.Today(), Status: InProgress, Percent: t.Percent, Body: reason}
		if err := insertNote(ctx, tx, communeID, by, &note); err != nil {
			return err
		}
		if err := setStatus(ctx, tx, communeID, t); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, communeID, by, actionReopen, "plan_task", t.ID, audit.Change{Before: before, After: t.auditView()}); err != nil {
			return err
		}
		if err := events.Publish(ctx, tx, communeID, TopicTaskChanged, t.event("reopened")); err != nil {
			return err
		}
		return setDuty(ctx, tx, communeID, cal, p, t)
	})
	if err != nil {
		return Task{}, err
	}
	return s.Task(ctx, communeID, taskID)
}

// Notes returns a page of a task's progress notes, latest first, and how many.
func (s *Service) Notes(ctx context.Context, communeID, taskID string, limit, offset int) ([]Note, int, error) {
	const op = "tasks: notes"
	limit, offset = limits(limit, offset)
	var total int
	if err := s.d.QueryRow(ctx, `SELECT COUNT(*) FROM task_notes WHERE commune_id = $1 AND task_id = $2`, communeID, taskID).Scan(&total); err != nil {
		return nil, 0, errs.Wrap(op, err)
	}
	if total == 0 {
		return nil, 0, nil
	}
	rows, err := s.d.Query(ctx, `SELECT id, task_id, on_day, status, percent, body, created_at, created_by, created_by_id FROM task_notes
		WHERE commune_id = $1 AND task_id = $2 ORDER BY on_day DESC, id DESC LIMIT `+strconv.Itoa(limit)+` OFFSET `+strconv.Itoa(offset),
		communeID, taskID)
	if err != nil {
		return nil, 0, errs.Wrap(op, err)
	}
	defer rows.Close()
	var out []Note
	for rows.Next() {
		var n Note
		var on, status string
		if err := rows.Scan(&n.ID, &n.TaskID, &on, &status, &n.Percent, &n.Body, &n.CreatedAt, &n.CreatedBy, &n.CreatedByID); err != nil {
			return nil, 0, errs.Wrap(op, err)
		}
		n.On, n.Status, n.CreatedAt = mustDate(on), Status(status), n.CreatedAt.UTC()
		out = append(out, n)
	}
	return out, total, errs.Wrap(op, rows.Err())
}
