package tasks

import (
	"context"
	"database/sql"
	"strconv"

	"xaso/internal/calendar"
	"xaso/internal/db"
	"xaso/internal/duty"
	"xaso/internal/errs"
)

// Counts are a set of tasks by where they stand. Overdue and AtRisk count open tasks (not
// started or in progress) by their duty's state in the register, so they overlap NotStarted
// and InProgress; DoneOnTime counts the done tasks whose day of completion is not after their
// deadline ("hoàn thành đúng tiến độ"). Percent is the mean percent of the tasks not
// cancelled (0 when none).
type Counts struct {
	Total      int
	NotStarted int
	InProgress int
	Done       int
	DoneOnTime int
	Cancelled  int
	Overdue    int
	AtRisk     int
	Percent    int
	sum        int
}

// Open is how many tasks are still owed.
func (c Counts) Open() int { return c.NotStarted + c.InProgress }

// taskState is what the counts read of a task.
type taskState struct {
	planID, section string
	status          Status
	percent         int
	dueOn, doneOn   calendar.Date
	state           duty.State
}

// add counts one task.
func (c *Counts) add(t taskState) {
	status, percent, state := t.status, t.percent, t.state
	c.Total++
	switch status {
	case NotStarted:
		c.NotStarted++
	case InProgress:
		c.InProgress++
	case Done:
		c.Done++
		percent = 100
		if t.doneOn.Valid() && !t.doneOn.After(t.dueOn) {
			c.DoneOnTime++
		}
	case Cancelled:
		c.Cancelled++
	}
	if status.Open() {
		switch state {
		case duty.Overdue:
			c.Overdue++
		case duty.AtRisk:
			c.AtRisk++
		}
	}
	if status != Cancelled {
		c.sum += percent
		c.Percent = c.sum / (c.Total - c.Cancelled)
	}
}

// SectionProgress is one section's counts.
type SectionProgress struct {
	Code, Title string
	Counts
}

// PlanProgress is a plan's counts, overall and by section in the plan's order.
type PlanProgress struct {
	PlanID string
	Counts
	Sections []SectionProgress
}

// PlanSummary is a plan with its counts, for lists and the dashboard.
type PlanSummary struct {
	Plan
	Counts
}

// taskStates reads the status, percent and register state of the tasks of the plans in
// where (a condition on t with args), calling fn for each: one query.
func (s *Service) taskStates(ctx context.Context, where string, args []any, fn func(taskState)) error {
	now := s.now()
	rows, err := s.d.Query(ctx, `SELECT t.plan_id, t.section_code, t.status, t.percent, t.due_on, t.done_on, d.is_open, d.due_at,
		d.at_risk_from`+taskFrom+where, args...)
	if err != nil {
		return errs.Wrap("tasks: counts", err)
	}
	defer rows.Close()
	for rows.Next() {
		var t taskState
		var status, due string
		var done sql.NullString
		var open sql.NullBool
		var dueAt, atRisk sql.NullTime
		if err := rows.Scan(&t.planID, &t.section, &status, &t.percent, &due, &done, &open, &dueAt, &atRisk); err != nil {
			return errs.Wrap("tasks: counts", err)
		}
		t.status, t.dueOn, t.doneOn, t.state = Status(status), mustDate(due), scanDate(done), dutyState(open, dueAt, atRisk, now)
		fn(t)
	}
	return errs.Wrap("tasks: counts", rows.Err())
}

// Progress counts a plan's tasks (total, done, in progress, not started, cancelled, overdue
// and at risk by the register) overall and by section: two queries, for the plan's page and
// the KPI dashboard.
func (s *Service) Progress(ctx context.Context, communeID, planID string) (PlanProgress, error) {
	const op = "tasks: progress"
	pp := PlanProgress{PlanID: planID}
	var n int
	if err := s.d.QueryRow(ctx, `SELECT COUNT(*) FROM task_plans WHERE commune_id = $1 AND id = $2`, communeID, planID).Scan(&n); err != nil {
		return pp, errs.Wrap(op, err)
	} else if n == 0 {
		return pp, errs.E(op, errs.NotFound, "tasks.err.not_found")
	}
	rows, err := s.d.Query(ctx, `SELECT code, title FROM task_sections WHERE commune_id = $1 AND plan_id = $2 ORDER BY sort_order`, communeID, planID)
	if err != nil {
		return pp, errs.Wrap(op, err)
	}
	index := map[string]int{}
	for rows.Next() {
		var sp SectionProgress
		if err := rows.Scan(&sp.Code, &sp.Title); err != nil {
			rows.Close()
			return pp, errs.Wrap(op, err)
		}
		index[sp.Code] = len(pp.Sections)
		pp.Sections = append(pp.Sections, sp)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return pp, errs.Wrap(op, err)
	}
	err = s.taskStates(ctx, ` WHERE t.commune_id = $1 AND t.plan_id = $2`, []any{communeID, planID},
		func(t taskState) {
			pp.Counts.add(t)
			i, ok := index[t.section]
			if !ok {
				i, index[t.section] = len(pp.Sections), len(pp.Sections)
				pp.Sections = append(pp.Sections, SectionProgress{Code: t.section})
			}
			pp.Sections[i].Counts.add(t)
		})
	return pp, err
}

// MaxPlansListed bounds Plans: the dashboard's plans of the most recent periods.
const MaxPlansListed = 100

// Plans returns the commune's plans, latest period first (at most MaxPlansListed), each with
// its counts: two queries, for the KPI dashboard.
func (s *Service) Plans(ctx context.Context, communeID string) ([]PlanSummary, error) {
	list, _, err := s.ListPlans(ctx, communeID, MaxPlansListed, 0)
	return list, err
}

// ListPlans returns a page of the commune's plans, latest period first, each with its counts,
// and how many plans there are.
func (s *Service) ListPlans(ctx context.Context, communeID string, limit, offset int) ([]PlanSummary, int, error) {
	const op = "tasks: plans"
	if limit <= 0 || limit > MaxPlansListed {
		limit = 20
	}
	offset = max(offset, 0)
	var total int
	if err := s.d.QueryRow(ctx, `SELECT COUNT(*) FROM task_plans WHERE commune_id = $1`, communeID).Scan(&total); err != nil {
		return nil, 0, errs.Wrap(op, err)
	}
	if total == 0 {
		return nil, 0, nil
	}
	rows, err := s.d.Query(ctx, `SELECT `+planCols+` FROM task_plans WHERE commune_id = $1 ORDER BY period_from DESC, id DESC
		LIMIT `+strconv.Itoa(limit)+` OFFSET `+strconv.Itoa(offset), communeID)
	if err != nil {
		return nil, 0, errs.Wrap(op, err)
	}
	var out []PlanSummary
	index := map[string]int{}
	for rows.Next() {
		p, err := scanPlan(rows)
		if err != nil {
			rows.Close()
			return nil, 0, errs.Wrap(op, err)
		}
		index[p.ID] = len(out)
		out = append(out, PlanSummary{Plan: p})
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, total, errs.Wrap(op, err)
	}
	args := []any{communeID}
	for _, p := range out {
		args = append(args, p.ID)
	}
	err = s.taskStates(ctx, ` WHERE t.commune_id = $1 AND t.plan_id IN (`+db.Placeholders(2, len(out))+`)`, args,
		func(t taskState) { out[index[t.planID]].Counts.add(t) })
	return out, total, err
}
