package oversight

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"xaso/internal/audit"
	"xaso/internal/calendar"
	"xaso/internal/db"
	"xaso/internal/duty"
	"xaso/internal/errs"
	"xaso/internal/events"
)

// Period is the span a plan covers (Law 10/2022 Art. 39: quarterly, half-yearly, yearly plans).
type Period string

const (
	PeriodQuarter Period = "quarter"
	PeriodHalf    Period = "half"
	PeriodYear    Period = "year"
)

// Periods in the form's order.
var Periods = []Period{PeriodQuarter, PeriodHalf, PeriodYear}

// Span is the first and last day of part (a quarter 1–4, a half 1–2, 0 for the year) of year.
func (p Period) Span(year, part int) (calendar.Date, calendar.Date) {
	switch p {
	case PeriodQuarter:
		from := calendar.NewDate(year, time.Month(3*(part-1)+1), 1)
		return from, calendar.NewDate(year, time.Month(3*part+1), 0)
	case PeriodHalf:
		from := calendar.NewDate(year, time.Month(6*(part-1)+1), 1)
		return from, calendar.NewDate(year, time.Month(6*part+1), 0)
	}
	return calendar.NewDate(year, time.January, 1), calendar.NewDate(year, time.December, 31)
}

// parts is how many parts a year has in the period.
func (p Period) parts() int {
	switch p {
	case PeriodQuarter:
		return 4
	case PeriodHalf:
		return 2
	}
	return 0
}

// Plan is the board's plan of one period, with the inspections it schedules.
type Plan struct {
	ID, BoardID string
	Period      Period
	Year, Part  int
	Content     string
	Subjects    string
	CreatedAt   time.Time
	CreatedBy   string
	UpdatedAt   time.Time
	UpdatedBy   string
	Inspections []Inspection
}

// URL is the plan's staff page.
func (p Plan) URL() string { return inspectionBase + "/ke-hoach/" + p.ID }

// PeriodKey is the catalogue key naming its period ("inspection.period.quarter": "Quý %d năm %d").
func (p Plan) PeriodKey() string { return "inspection.period." + string(p.Period) }

// PlanInput is a plan as the form sends it.
type PlanInput struct {
	Period, Year, Part, Content, Subjects string
}

func validatePlan(in PlanInput) (Plan, errs.FieldErrors) {
	fe := errs.FieldErrors{}
	var p Plan
	if p.Period = Period(in.Period); !slices.Contains(Periods, p.Period) {
		fe["period"] = "inspection.err.period"
	}
	y, err := strconv.Atoi(strings.TrimSpace(in.Year))
	if err != nil || y < 2000 || y > 2200 {
		fe["year"] = "inspection.err.year"
	}
	p.Year = y
	if n := p.Period.parts(); n > 0 {
		part, err := strconv.Atoi(strings.TrimSpace(in.Part))
		if err != nil || part < 1 || part > n {
			fe["part"] = "inspection.err.part"
		}
		p.Part = part
	}
	p.Content = readText(fe, "content", in.Content, maxBody, true)
	p.Subjects = readText(fe, "subjects", in.Subjects, maxBody, false)
	return p, fe
}

func (p Plan) auditView() map[string]any {
	return map[string]any{"period": p.Period, "year": p.Year, "part": p.Part, "content": p.Content, "subjects": p.Subjects}
}

// SavePlan creates a plan of the board (id "") or corrects one; a board has one plan a period.
func (s *Service) SavePlan(ctx context.Context, communeID, boardID, id string, by audit.Actor, in PlanInput) (Plan, error) {
	const op = "oversight: save plan"
	p, fe := validatePlan(in)
	if err := fe.Err(op); err != nil {
		return Plan{}, err
	}
	err := s.tx(ctx, func(tx *db.Tx) error {
		var before *Plan
		if id != "" {
			b, err := getPlan(ctx, tx, communeID, id)
			if err != nil {
				return err
			}
			before, boardID = &b, b.BoardID
		} else if _, err := getBoard(ctx, tx, communeID, boardID); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM inspection_plans WHERE commune_id = $1 AND board_id = $2 AND period = $3 AND year = $4
			AND part = $5 AND id <> $6`, communeID, boardID, string(p.Period), p.Year, p.Part, id).Scan(&n); err != nil {
			return errs.Wrap(op, err)
		}
		if n > 0 {
			return errs.FieldErrors{"period": "inspection.err.plan_exists"}.Err(op)
		}
		p.BoardID, p.UpdatedAt, p.UpdatedBy = boardID, tx.Now, by.Name
		var err error
		change := audit.Change{After: p.auditView()}
		if before == nil {
			p.ID, p.CreatedAt, p.CreatedBy = uuid.Must(uuid.NewV7()).String(), tx.Now, by.Name
			_, err = tx.Exec(ctx, `INSERT INTO inspection_plans (commune_id, id, board_id, period, year, part, content, subjects,
				created_at, created_by, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
				communeID, p.ID, boardID, string(p.Period), p.Year, p.Part, p.Content, p.Subjects, p.CreatedAt, by.Name, p.UpdatedAt, by.Name)
		} else {
			p.ID, p.CreatedAt, p.CreatedBy, change.Before = id, before.CreatedAt, before.CreatedBy, before.auditView()
			_, err = tx.Exec(ctx, `UPDATE inspection_plans SET period = $3, year = $4, part = $5, content = $6, subjects = $7, updated_at = $8,
				updated_by = $9 WHERE commune_id = $1 AND id = $2`,
				communeID, id, string(p.Period), p.Year, p.Part, p.Content, p.Subjects, p.UpdatedAt, by.Name)
		}
		if err != nil {
			return errs.Wrap(op, err)
		}
		if err := audit.Record(ctx, tx, communeID, by, "inspection.plan.save", "inspection_plan", p.ID, change); err != nil {
			return err
		}
		return events.Publish(ctx, tx, communeID, TopicPlanSaved, map[string]any{"id": p.ID, "board_id": boardID, "period": p.Period, "year": p.Year, "part": p.Part})
	})
	return p, err
}

const planCols = `id, board_id, period, year, part, content, subjects, created_at, created_by, updated_at, updated_by`

func scanPlan(row interface{ Scan(...any) error }) (Plan, error) {
	var p Plan
	var period string
	err := row.Scan(&p.ID, &p.BoardID, &period, &p.Year, &p.Part, &p.Content, &p.Subjects, &p.CreatedAt, &p.CreatedBy, &p.UpdatedAt, &p.UpdatedBy)
	p.Period = Period(period)
	return p, err
}

func getPlan(ctx context.Context, q db.Q, communeID, id string) (Plan, error) {
	p, err := scanPlan(q.QueryRow(ctx, `SELECT `+planCols+` FROM inspection_plans WHERE commune_id = $1 AND id = $2`, communeID, id))
	return p, missing("oversight: plan", err)
}

// GetPlan reads a plan with its inspections; cal and today give each its notice state.
func (s *Service) GetPlan(ctx context.Context, communeID, id string) (Plan, error) {
	p, err := getPlan(ctx, s.d, communeID, id)
	if err != nil {
		return p, err
	}
	list := []Plan{p}
	err = s.loadInspections(ctx, communeID, list)
	return list[0], err
}

// Plans lists a board's plans, the latest period first, with their inspections, and counts them.
func (s *Service) Plans(ctx context.Context, communeID, boardID string, limit, offset int) ([]Plan, int, error) {
	const op = "oversight: plans"
	limit, offset = pageBounds(limit, offset)
	var total int
	if err := s.d.QueryRow(ctx, `SELECT COUNT(*) FROM inspection_plans WHERE commune_id = $1 AND board_id = $2`, communeID, boardID).Scan(&total); err != nil {
		return nil, 0, errs.Wrap(op, err)
	}
	rows, err := s.d.Query(ctx, `SELECT `+planCols+` FROM inspection_plans WHERE commune_id = $1 AND board_id = $2
		ORDER BY year DESC, CASE period WHEN 'year' THEN 0 WHEN 'half' THEN 1 ELSE 2 END, part DESC, id DESC
		LIMIT `+itoa(limit)+` OFFSET `+itoa(offset), communeID, boardID)
	if err != nil {
		return nil, 0, errs.Wrap(op, err)
	}
	var out []Plan
	for rows.Next() {
		p, err := scanPlan(rows)
		if err != nil {
			rows.Close()
			return nil, 0, errs.Wrap(op, err)
		}
		out = append(out, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, errs.Wrap(op, err)
	}
	return out, total, s.loadInspections(ctx, communeID, out)
}

// InspectionStatus is where an inspection stands.
type InspectionStatus string

const (
	InspectionPlanned   InspectionStatus = "planned"
	InspectionDone      InspectionStatus = "done"
	InspectionCancelled InspectionStatus = "cancelled"
)

// Inspection is one check a plan schedules, with the days its plan reached each recipient.
type Inspection struct {
	ID, PlanID       string
	Subject, Content string
	StartsOn, EndsOn calendar.Date
	Sent             map[Recipient]calendar.Date
	Status           InspectionStatus
	Result           string
	DoneOn           calendar.Date
	// Deadline is the last day to send the plan (5 working days before StartsOn); Notice how
	// the sending stands today. Both are computed when read.
	Deadline  calendar.Date
	Notice    NoticeState
	UpdatedAt time.Time
	UpdatedBy string
}

// URL is the inspection's anchor on its plan's page.
func (i Inspection) URL() string { return inspectionBase + "/ke-hoach/" + i.PlanID + "#kt-" + i.ID }

// SentOn is the day recipient r had the plan ("" in templates when not yet).
func (i Inspection) SentOn(r string) calendar.Date { return i.Sent[Recipient(r)] }

// InspectionInput is an inspection as the form sends it.
type InspectionInput struct {
	Subject, Content, StartsOn, EndsOn string
}

func (s *Service) calendar(ctx context.Context, communeID string) (*calendar.Calendar, error) {
	cal, err := s.calendars(ctx, communeID)
	if err != nil {
		return nil, errs.Wrap("oversight: calendar", err)
	}
	return cal, nil
}

// AddInspection schedules an inspection of a plan and opens the duty to send its plan to the
// Front, the chairman and the subject by 5 working days before it starts. An inspection whose
// deadline has passed is recorded all the same: its sending then shows late.
func (s *Service) AddInspection(ctx context.Context, communeID, planID string, by audit.Actor, in InspectionInput) (Inspection, error) {
	const op = "oversight: add inspection"
	fe := errs.FieldErrors{}
	i := Inspection{PlanID: planID, Status: InspectionPlanned, Sent: map[Recipient]calendar.Date{}}
	i.Subject = readText(fe, "subject", in.Subject, maxLine, true)
	i.Content = readText(fe, "content", in.Content, maxBody, true)
	i.StartsOn = readDay(fe, "starts_on", in.StartsOn, true, false, s.Today())
	i.EndsOn = readDay(fe, "ends_on", in.EndsOn, false, false, s.Today())
	if i.EndsOn.Valid() && i.StartsOn.Valid() && i.EndsOn.Before(i.StartsOn) {
		fe["ends_on"] = "inspection.err.end_before_start"
	}
	if err := fe.Err(op); err != nil {
		return Inspection{}, err
	}
	cal, err := s.calendar(ctx, communeID)
	if err != nil {
		return Inspection{}, err
	}
	err = s.tx(ctx, func(tx *db.Tx) error {
		if _, err := getPlan(ctx, tx, communeID, planID); err != nil {
			return err
		}
		i.ID, i.UpdatedAt, i.UpdatedBy = uuid.Must(uuid.NewV7()).String(), tx.Now, by.Name
		if _, err := tx.Exec(ctx, `INSERT INTO inspection_checks (commune_id, id, plan_id, subject, content, starts_on, ends_on, status,
			created_at, created_by, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
			communeID, i.ID, planID, i.Subject, i.Content, i.StartsOn.String(), dayOrEmpty(i.EndsOn), string(i.Status), tx.Now, by.Name, tx.Now, by.Name); err != nil {
			return errs.Wrap(op, err)
		}
		if err := i.setNoticeDuty(ctx, tx, cal, communeID); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, communeID, by, "inspection.check.add", "inspection_check", i.ID, audit.Change{After: i.auditView()}); err != nil {
			return err
		}
		return events.Publish(ctx, tx, communeID, TopicInspectionSaved, map[string]any{"id": i.ID, "plan_id": planID, "starts_on": i.StartsOn.String()})
	})
	i.Deadline = NoticeDeadline(cal, i.StartsOn)
	i.Notice = NoticeStateOf(i.Sent, i.Deadline, s.Today())
	return i, err
}

// setNoticeDuty opens the duty, due at the close of the deadline day, at risk 2 working days
// before it. The owner is the board (role inspection).
func (i Inspection) setNoticeDuty(ctx context.Context, tx *db.Tx, cal *calendar.Calendar, communeID string) error {
	deadline := NoticeDeadline(cal, i.StartsOn)
	label := i.Subject
	if rs := []rune(label); len(rs) > 80 {
		label = string(rs[:79]) + "…"
	}
	return duty.Set(ctx, tx, duty.Duty{CommuneID: communeID, Room: inspectionRoom, Kind: DutyInspectionNotice, SubjectType: "inspection",
		SubjectID: i.ID, Label: "Gửi kế hoạch kiểm tra: " + label, URL: i.URL(), LegalBasis: inspectionNoticeBasis,
		Owner: duty.Owner{Role: "inspection"}, DueAt: deadline.At(cal.Hours().Closing()).UTC(),
		AtRiskFrom: cal.AddWorkingDays(deadline, -2).At(cal.Hours().Opening()).UTC()})
}

func (i Inspection) auditView() map[string]any {
	return map[string]any{"plan_id": i.PlanID, "subject": i.Subject, "starts_on": dayOrEmpty(i.StartsOn), "ends_on": dayOrEmpty(i.EndsOn),
		"sent_front_on": dayOrEmpty(i.Sent[ToFront]), "sent_chairman_on": dayOrEmpty(i.Sent[ToChairman]),
		"sent_subject_on": dayOrEmpty(i.Sent[ToSubject]), "status": i.Status, "done_on": dayOrEmpty(i.DoneOn)}
}

// RecordSent records the day the plan reached a recipient. When all three have it, the duty
// closes ("sent" in time, "sent_late" after the deadline).
func (s *Service) RecordSent(ctx context.Context, communeID, id string, by audit.Actor, to Recipient, on string) (Inspection, error) {
	const op = "oversight: inspection sent"
	fe := errs.FieldErrors{}
	if !slices.Contains(Recipients, to) {
		fe["to"] = "inspection.err.recipient"
	}
	day := readDay(fe, "sent_on", on, true, true, s.Today())
	if err := fe.Err(op); err != nil {
		return Inspection{}, err
	}
	cal, err := s.calendar(ctx, communeID)
	if err != nil {
		return Inspection{}, err
	}
	var i Inspection
	err = s.tx(ctx, func(tx *db.Tx) error {
		var err error
		if i, err = getInspection(ctx, tx, communeID, id); err != nil {
			return err
		}
		if i.Status != InspectionPlanned {
			return errs.E(op, errs.Conflict, "inspection.err.not_planned")
		}
		before := i.auditView()
		i.Sent[to], i.UpdatedAt, i.UpdatedBy = day, tx.Now, by.Name
		if _, err := tx.Exec(ctx, `UPDATE inspection_checks SET sent_front_on = $3, sent_chairman_on = $4, sent_subject_on = $5, updated_at = $6,
			updated_by = $7 WHERE commune_id = $1 AND id = $2`, communeID, id, dayOrEmpty(i.Sent[ToFront]), dayOrEmpty(i.Sent[ToChairman]),
			dayOrEmpty(i.Sent[ToSubject]), tx.Now, by.Name); err != nil {
			return errs.Wrap(op, err)
		}
		i.Deadline = NoticeDeadline(cal, i.StartsOn)
		i.Notice = NoticeStateOf(i.Sent, i.Deadline, s.Today())
		switch i.Notice {
		case NoticeOnTime:
			err = duty.Close(ctx, tx, communeID, inspectionRoom, id, DutyInspectionNotice, "sent")
		case NoticeLate:
			err = duty.Close(ctx, tx, communeID, inspectionRoom, id, DutyInspectionNotice, "sent_late")
		}
		if err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, communeID, by, "inspection.check.sent", "inspection_check", id, audit.Change{Before: before, After: i.auditView()}); err != nil {
			return err
		}
		return events.Publish(ctx, tx, communeID, TopicInspectionSent, map[string]any{"id": id, "to": to, "on": day.String(), "notice": i.Notice})
	})
	return i, err
}

// FinishInspection records an inspection done (with its result) or cancelled; an open duty to
// send its plan closes with it.
func (s *Service) FinishInspection(ctx context.Context, communeID, id string, by audit.Actor, done bool, result, on string) (Inspection, error) {
	const op = "oversight: finish inspection"
	fe := errs.FieldErrors{}
	day := readDay(fe, "done_on", on, true, true, s.Today())
	text := readText(fe, "result", result, maxBody, done)
	if err := fe.Err(op); err != nil {
		return Inspection{}, err
	}
	var i Inspection
	err := s.tx(ctx, func(tx *db.Tx) error {
		var err error
		if i, err = getInspection(ctx, tx, communeID, id); err != nil {
			return err
		}
		if i.Status != InspectionPlanned {
			return errs.E(op, errs.Conflict, "inspection.err.not_planned")
		}
		if done && day.Before(i.StartsOn) {
			return errs.FieldErrors{"done_on": "inspection.err.done_before_start"}.Err(op)
		}
		before := i.auditView()
		i.Status, i.Result, i.DoneOn, i.UpdatedAt, i.UpdatedBy = InspectionCancelled, text, day, tx.Now, by.Name
		if done {
			i.Status = InspectionDone
		}
		if _, err := tx.Exec(ctx, `UPDATE inspection_checks SET status = $3, result = $4, done_on = $5, updated_at = $6, updated_by = $7
			WHERE commune_id = $1 AND id = $2`, communeID, id, string(i.Status), i.Result, day.String(), tx.Now, by.Name); err != nil {
			return errs.Wrap(op, err)
		}
		if err := duty.Close(ctx, tx, communeID, inspectionRoom, id, DutyInspectionNotice, string(i.Status)); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, communeID, by, "inspection.check.finish", "inspection_check", id, audit.Change{Before: before, After: i.auditView()}); err != nil {
			return err
		}
		return events.Publish(ctx, tx, communeID, TopicInspectionDone, map[string]any{"id": id, "status": i.Status})
	})
	return i, err
}

const inspectionCols = `id, plan_id, subject, content, starts_on, ends_on, sent_front_on, sent_chairman_on, sent_subject_on, status, result,
	done_on, updated_at, updated_by`

func scanInspection(row interface{ Scan(...any) error }) (Inspection, error) {
	var i Inspection
	var starts, ends, front, chair, subj, status, done string
	err := row.Scan(&i.ID, &i.PlanID, &i.Subject, &i.Content, &starts, &ends, &front, &chair, &subj, &status, &i.Result, &done, &i.UpdatedAt, &i.UpdatedBy)
	i.StartsOn, i.EndsOn, i.DoneOn, i.Status = storedDay(starts), storedDay(ends), storedDay(done), InspectionStatus(status)
	i.Sent = map[Recipient]calendar.Date{}
	for r, d := range map[Recipient]string{ToFront: front, ToChairman: chair, ToSubject: subj} {
		if d != "" {
			i.Sent[r] = storedDay(d)
		}
	}
	return i, err
}

func getInspection(ctx context.Context, q db.Q, communeID, id string) (Inspection, error) {
	i, err := scanInspection(q.QueryRow(ctx, `SELECT `+inspectionCols+` FROM inspection_checks WHERE commune_id = $1 AND id = $2`, communeID, id))
	return i, missing("oversight: inspection", err)
}

// GetInspection reads one inspection with its notice state.
func (s *Service) GetInspection(ctx context.Context, communeID, id string) (Inspection, error) {
	i, err := getInspection(ctx, s.d, communeID, id)
	if err != nil {
		return i, err
	}
	cal, err := s.calendar(ctx, communeID)
	if err != nil {
		return i, err
	}
	i.Deadline = NoticeDeadline(cal, i.StartsOn)
	i.Notice = NoticeStateOf(i.Sent, i.Deadline, s.Today())
	return i, nil
}

// loadInspections fills the inspections of a page of plans in one query.
func (s *Service) loadInspections(ctx context.Context, communeID string, plans []Plan) error {
	const op = "oversight: inspections"
	if len(plans) == 0 {
		return nil
	}
	cal, err := s.calendar(ctx, communeID)
	if err != nil {
		return err
	}
	args := []any{communeID}
	index := map[string]int{}
	for k, p := range plans {
		args = append(args, p.ID)
		index[p.ID] = k
	}
	rows, err := s.d.Query(ctx, `SELECT `+inspectionCols+` FROM inspection_checks WHERE commune_id = $1 AND plan_id IN (`+
		db.Placeholders(2, len(plans))+`) ORDER BY starts_on, id`, args...)
	if err != nil {
		return errs.Wrap(op, err)
	}
	defer rows.Close()
	today := s.Today()
	for rows.Next() {
		i, err := scanInspection(rows)
		if err != nil {
			return errs.Wrap(op, err)
		}
		i.Deadline = NoticeDeadline(cal, i.StartsOn)
		i.Notice = NoticeStateOf(i.Sent, i.Deadline, today)
		p := &plans[index[i.PlanID]]
		p.Inspections = append(p.Inspections, i)
	}
	return errs.Wrap(op, rows.Err())
}
