package tasks

import (
	"context"
	"database/sql"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/google/uuid"

	"xaso/internal/audit"
	"xaso/internal/calendar"
	"xaso/internal/db"
	"xaso/internal/errs"
	"xaso/internal/events"
)

// Plan is a commune's plan (kế hoạch): what it implements, when it runs, who takes part, when
// it reports; its sections and its targets. Its tasks are read apart (Tasks).
type Plan struct {
	ID          string
	Title       string // "Kế hoạch triển khai mô hình …"
	Number      string // "05/KH-UBND"; may be blank ("/KH-UBND") before it is numbered
	IssuedOn    calendar.Date
	Basis       []string // the documents it implements (căn cứ), one each
	From, To    calendar.Date
	ReportOn    calendar.Date // when the results are reported; may be zero
	Units       []string      // the units involved
	SignerTitle string        // "Chủ tịch"
	SignerName  string
	Note        string
	Source      string // how it was made: form, json, csv, demo
	Sections    []Section
	Targets     []Target
	CreatedAt   time.Time
	CreatedBy   string
	UpdatedAt   time.Time
}

// Section is a part of a plan that tasks belong to ("III.1.2").
type Section struct {
	Code, Title string
}

// Target is a result a plan sets (chỉ tiêu), which tasks serve.
type Target struct {
	Code, Text string
}

// Sources of a plan.
const (
	SourceForm = "form"
	SourceJSON = "json"
	SourceCSV  = "csv"
	SourceDemo = "demo"
)

// URL is the plan's page.
func (p Plan) URL() string { return planBase + "/" + p.ID }

// LastDay is the last day a task of the plan may be due: the end of its period, or its
// report day when that is later.
func (p Plan) LastDay() calendar.Date {
	if p.ReportOn.Valid() && p.ReportOn.After(p.To) {
		return p.ReportOn
	}
	return p.To
}

// Section returns the plan's section with the code, or nil.
func (p Plan) Section(code string) *Section {
	for i := range p.Sections {
		if p.Sections[i].Code == code {
			return &p.Sections[i]
		}
	}
	return nil
}

// Target returns the plan's target with the code, or nil.
func (p Plan) Target(code string) *Target {
	for i := range p.Targets {
		if p.Targets[i].Code == code {
			return &p.Targets[i]
		}
	}
	return nil
}

// Numbered reports whether the plan's number has its number (not only "/KH-UBND").
func (p Plan) Numbered() bool { return strings.IndexFunc(p.Number, unicode.IsDigit) >= 0 }

// Reference names the plan in one line, for the duty register and the printed appendix: "Kế
// hoạch số 05/KH-UBND" when numbered, its title otherwise.
func (p Plan) Reference() string {
	if p.Numbered() {
		return vi("tasks.plan.reference") + " " + p.Number
	}
	return p.Title
}

// auditView is what the audit log keeps of a plan.
func (p Plan) auditView() map[string]any {
	codes := make([]string, len(p.Sections))
	for i, s := range p.Sections {
		codes[i] = s.Code
	}
	targets := make([]string, len(p.Targets))
	for i, t := range p.Targets {
		targets[i] = t.Code
	}
	return map[string]any{"title": p.Title, "number": p.Number, "issued_on": p.IssuedOn.String(), "basis": len(p.Basis),
		"from": p.From.String(), "to": p.To.String(), "report_on": p.ReportOn.String(), "units": p.Units,
		"sections": codes, "targets": targets, "source": p.Source}
}

// PlanInput is a plan as a form or a file gives it, cleaned, with its tasks (none from the
// form: they are added one by one).
type PlanInput struct {
	Title       string
	Number      string
	IssuedOn    calendar.Date
	Basis       []string
	From, To    calendar.Date
	ReportOn    calendar.Date
	Units       []string
	SignerTitle string
	SignerName  string
	Note        string
	Sections    []Section
	Targets     []Target
	Tasks       []TaskInput
	Source      string
	// SeedKey marks a plan the demo wrote (once per commune); "" otherwise.
	SeedKey string
}

// CheckPlan checks a plan's own fields: a title, a period that ends after it starts and lasts
// at most five years, a report day within reach of it, dates of issue not after it ends, at
// least one section, unique valid section and target codes, and the caps of each list. It
// returns the field errors (catalogue keys).
func CheckPlan(in PlanInput) map[string]string {
	fe := map[string]string{}
	if in.Title == "" {
		fe["title"] = "tasks.err.title_required"
	}
	switch {
	case !in.From.Valid():
		fe["from"] = "tasks.err.date_invalid"
	case !in.To.Valid():
		fe["to"] = "tasks.err.date_invalid"
	case in.To.Before(in.From):
		fe["to"] = "tasks.err.period_order"
	case in.To.Sub(in.From) > MaxPeriodDays:
		fe["to"] = "tasks.err.period_long"
	}
	if in.ReportOn.Valid() && in.From.Valid() && (in.ReportOn.Before(in.From) || in.ReportOn.Sub(in.From) > MaxPeriodDays+366) {
		fe["report_on"] = "tasks.err.report_outside"
	}
	if len(in.Basis) > MaxBasis {
		fe["basis"] = "tasks.err.too_many"
	}
	if len(in.Units) > MaxUnits {
		fe["units"] = "tasks.err.too_many"
	}
	if key := checkSections(in.Sections); key != "" {
		fe["sections"] = key
	}
	if key := checkTargets(in.Targets); key != "" {
		fe["targets"] = key
	}
	if len(in.Tasks) > MaxTasks {
		fe["tasks"] = "tasks.err.too_many_tasks"
	}
	return fe
}

func checkSections(ss []Section) string {
	if len(ss) == 0 {
		return "tasks.err.sections_required"
	}
	if len(ss) > MaxSections {
		return "tasks.err.too_many"
	}
	seen := map[string]bool{}
	for _, s := range ss {
		if !ValidSectionCode(s.Code) {
			return "tasks.err.section_code"
		}
		if seen[s.Code] {
			return "tasks.err.section_repeated"
		}
		seen[s.Code] = true
	}
	return ""
}

func checkTargets(ts []Target) string {
	if len(ts) > MaxTargets {
		return "tasks.err.too_many"
	}
	seen := map[string]bool{}
	for _, t := range ts {
		if !ValidTargetCode(t.Code) || t.Text == "" {
			return "tasks.err.target_code"
		}
		if seen[t.Code] {
			return "tasks.err.target_repeated"
		}
		seen[t.Code] = true
	}
	return ""
}

// planOf is the plan an input describes.
func planOf(in PlanInput) Plan {
	return Plan{Title: in.Title, Number: in.Number, IssuedOn: in.IssuedOn, Basis: in.Basis, From: in.From, To: in.To,
		ReportOn: in.ReportOn, Units: in.Units, SignerTitle: in.SignerTitle, SignerName: in.SignerName, Note: in.Note,
		Source: in.Source, Sections: in.Sections, Targets: in.Targets}
}

// CreatePlan writes a plan with its sections, targets and tasks in one transaction: each
// task's audit entry, event and duty with it. Every task is checked first (the five clears,
// its owner resolved against the staff directory); a task's error is reported as the field
// "tasks.N.<field>" (N from 1), or by its file line when it has one (LoadFile).
func (s *Service) CreatePlan(ctx context.Context, communeID string, by audit.Actor, in PlanInput) (Plan, error) {
	var staff []StaffRef
	if len(in.Tasks) > 0 {
		var err error
		if staff, err = s.staff(ctx, communeID); err != nil {
			return Plan{}, err
		}
	}
	return s.createPlan(ctx, communeID, by, in, staff)
}

// createPlan is CreatePlan with the staff directory the owners are looked up in.
func (s *Service) createPlan(ctx context.Context, communeID string, by audit.Actor, in PlanInput, staff []StaffRef) (Plan, error) {
	const op = "tasks: create plan"
	if in.Source == "" {
		in.Source = SourceForm
	}
	fe := errs.FieldErrors(CheckPlan(in))
	if err := fe.Err(op); err != nil {
		return Plan{}, err
	}
	p := planOf(in)
	tasks, err := s.prepareTasks(ctx, communeID, p, in.Tasks, staff)
	if err != nil {
		return Plan{}, err
	}
	cal, err := s.calendars(ctx, communeID)
	if err != nil {
		return Plan{}, err
	}
	p.ID, p.CreatedBy = uuid.Must(uuid.NewV7()).String(), by.Name
	p.CreatedAt, p.UpdatedAt = s.stamp(), s.stamp()
	var seed any
	if in.SeedKey != "" {
		seed = in.SeedKey
	}
	err = s.tx(ctx, func(tx *db.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO task_plans (commune_id, id, title, number, issued_on, basis, period_from, period_to,
			report_on, units, signer_title, signer_name, note, source, seed_key, created_at, created_by, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $16)`,
			communeID, p.ID, p.Title, p.Number, dateText(p.IssuedOn), strings.Join(p.Basis, "\n"), p.From.String(), p.To.String(),
			dateText(p.ReportOn), strings.Join(p.Units, "\n"), p.SignerTitle, p.SignerName, p.Note, p.Source, seed, p.CreatedAt,
			p.CreatedBy); err != nil {
			if db.IsUniqueViolation(err) {
				return errs.E(op, errs.Conflict, "tasks.err.seeded")
			}
			return errs.Wrap(op, err)
		}
		if err := writeParts(ctx, tx, communeID, p); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, communeID, by, actionPlanCreate, "task_plan", p.ID, audit.Change{After: p.auditView()}); err != nil {
			return err
		}
		if err := events.Publish(ctx, tx, communeID, TopicPlanChanged, map[string]any{"plan_id": p.ID, "change": "created",
			"tasks": len(tasks), "from": p.From.String(), "to": p.To.String()}); err != nil {
			return err
		}
		for i := range tasks {
			t := &tasks[i]
			t.PlanID, t.Seq = p.ID, i+1
			if err := s.insertTask(ctx, tx, communeID, by, cal, p, t); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return Plan{}, err
	}
	return p, nil
}

// writeParts writes a plan's sections and targets.
func writeParts(ctx context.Context, tx *db.Tx, communeID string, p Plan) error {
	const op = "tasks: plan parts"
	for i, sec := range p.Sections {
		if _, err := tx.Exec(ctx, `INSERT INTO task_sections (commune_id, plan_id, code, title, sort_order) VALUES ($1, $2, $3, $4, $5)`,
			communeID, p.ID, sec.Code, sec.Title, i+1); err != nil {
			return errs.Wrap(op, err)
		}
	}
	for i, t := range p.Targets {
		if _, err := tx.Exec(ctx, `INSERT INTO task_targets (commune_id, plan_id, code, text, sort_order) VALUES ($1, $2, $3, $4, $5)`,
			communeID, p.ID, t.Code, t.Text, i+1); err != nil {
			return errs.Wrap(op, err)
		}
	}
	return nil
}

// prepareTasks resolves and checks the tasks of a new plan, collecting every error.
func (s *Service) prepareTasks(ctx context.Context, communeID string, p Plan, ins []TaskInput, staff []StaffRef) ([]Task, error) {
	const op = "tasks: check tasks"
	if len(ins) == 0 {
		return nil, nil
	}
	cal, err := s.calendars(ctx, communeID)
	if err != nil {
		return nil, err
	}
	var lineErrs FileErrors
	fe := errs.FieldErrors{}
	out := make([]Task, 0, len(ins))
	for i, in := range ins {
		t, bad := resolveTask(in, p, staff, cal)
		for _, f := range sortedKeys(bad) {
			if in.Line > 0 {
				lineErrs = append(lineErrs, FileError{Line: in.Line, Field: f, Key: bad[f]})
			} else {
				fe["tasks."+strconv.Itoa(i+1)+"."+f] = bad[f]
			}
		}
		out = append(out, t)
	}
	if len(lineErrs) > 0 {
		return nil, lineErrs.Err(op)
	}
	if err := fe.Err(op); err != nil {
		return nil, err
	}
	return out, nil
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int { return fieldOrder(a) - fieldOrder(b) })
	return keys
}

// fieldOrder sorts a task's errors in the order of its columns.
func fieldOrder(f string) int {
	for i, name := range []string{"section", "body", "owner", "owner_role", "lead", "cooperating", "due_on", "result", "target"} {
		if f == name {
			return i
		}
	}
	return 100
}

const planCols = `id, title, number, issued_on, basis, period_from, period_to, report_on, units, signer_title, signer_name,
	note, source, created_at, created_by, updated_at`

func scanPlan(row interface{ Scan(...any) error }) (Plan, error) {
	var p Plan
	var issued, report sql.NullString
	var basis, from, to, units string
	if err := row.Scan(&p.ID, &p.Title, &p.Number, &issued, &basis, &from, &to, &report, &units, &p.SignerTitle, &p.SignerName,
		&p.Note, &p.Source, &p.CreatedAt, &p.CreatedBy, &p.UpdatedAt); err != nil {
		return p, err
	}
	p.IssuedOn, p.ReportOn = scanDate(issued), scanDate(report)
	p.From, p.To = mustDate(from), mustDate(to)
	p.Basis, p.Units = lines(basis), lines(units)
	p.CreatedAt, p.UpdatedAt = p.CreatedAt.UTC(), p.UpdatedAt.UTC()
	return p, nil
}

// Plan returns a plan with its sections and targets.
func (s *Service) Plan(ctx context.Context, communeID, id string) (Plan, error) {
	return getPlan(ctx, s.d, communeID, id)
}

func getPlan(ctx context.Context, q db.Q, communeID, id string) (Plan, error) {
	const op = "tasks: plan"
	p, err := scanPlan(q.QueryRow(ctx, `SELECT `+planCols+` FROM task_plans WHERE commune_id = $1 AND id = $2`, communeID, id))
	if err != nil {
		return p, notFound(op, err)
	}
	rows, err := q.Query(ctx, `SELECT code, title FROM task_sections WHERE commune_id = $1 AND plan_id = $2 ORDER BY sort_order`, communeID, id)
	if err != nil {
		return p, errs.Wrap(op, err)
	}
	for rows.Next() {
		var sec Section
		if err := rows.Scan(&sec.Code, &sec.Title); err != nil {
			rows.Close()
			return p, errs.Wrap(op, err)
		}
		p.Sections = append(p.Sections, sec)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return p, errs.Wrap(op, err)
	}
	rows, err = q.Query(ctx, `SELECT code, text FROM task_targets WHERE commune_id = $1 AND plan_id = $2 ORDER BY sort_order`, communeID, id)
	if err != nil {
		return p, errs.Wrap(op, err)
	}
	defer rows.Close()
	for rows.Next() {
		var t Target
		if err := rows.Scan(&t.Code, &t.Text); err != nil {
			return p, errs.Wrap(op, err)
		}
		p.Targets = append(p.Targets, t)
	}
	return p, errs.Wrap(op, rows.Err())
}

// UpdatePlan changes a plan's own fields, sections and targets (its tasks are changed one by
// one). A section or target a task belongs to cannot be taken out, and the period cannot
// leave out a task's deadline.
func (s *Service) UpdatePlan(ctx context.Context, communeID, id string, by audit.Actor, in PlanInput) (Plan, error) {
	const op = "tasks: update plan"
	fe := errs.FieldErrors(CheckPlan(in))
	var p Plan
	err := s.tx(ctx, func(tx *db.Tx) error {
		before, err := getPlan(ctx, tx, communeID, id)
		if err != nil {
			return err
		}
		p = planOf(in)
		p.ID, p.Source, p.CreatedAt, p.CreatedBy, p.UpdatedAt = before.ID, before.Source, before.CreatedAt, before.CreatedBy, tx.Now
		if len(fe) == 0 {
			if err := checkPlanKeepsTasks(ctx, tx, communeID, p, fe); err != nil {
				return err
			}
		}
		if err := fe.Err(op); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE task_plans SET title = $3, number = $4, issued_on = $5, basis = $6, period_from = $7,
			period_to = $8, report_on = $9, units = $10, signer_title = $11, signer_name = $12, note = $13, updated_at = $14
			WHERE commune_id = $1 AND id = $2`, communeID, id, p.Title, p.Number, dateText(p.IssuedOn), strings.Join(p.Basis, "\n"),
			p.From.String(), p.To.String(), dateText(p.ReportOn), strings.Join(p.Units, "\n"), p.SignerTitle, p.SignerName, p.Note,
			p.UpdatedAt); err != nil {
			return errs.Wrap(op, err)
		}
		for _, table := range []string{"task_sections", "task_targets"} {
			if _, err := tx.Exec(ctx, `DELETE FROM `+table+` WHERE commune_id = $1 AND plan_id = $2`, communeID, id); err != nil {
				return errs.Wrap(op, err)
			}
		}
		if err := writeParts(ctx, tx, communeID, p); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, communeID, by, actionPlanUpdate, "task_plan", id,
			audit.Change{Before: before.auditView(), After: p.auditView()}); err != nil {
			return err
		}
		return events.Publish(ctx, tx, communeID, TopicPlanChanged, map[string]any{"plan_id": id, "change": "updated",
			"from": p.From.String(), "to": p.To.String()})
	})
	if err != nil {
		return Plan{}, err
	}
	return p, nil
}

// checkPlanKeepsTasks adds the errors of a changed plan that would strand its tasks.
func checkPlanKeepsTasks(ctx context.Context, tx *db.Tx, communeID string, p Plan, fe errs.FieldErrors) error {
	rows, err := tx.Query(ctx, `SELECT section_code, target_code, due_on FROM task_items WHERE commune_id = $1 AND plan_id = $2`, communeID, p.ID)
	if err != nil {
		return errs.Wrap("tasks: update plan", err)
	}
	defer rows.Close()
	for rows.Next() {
		var sec, target, due string
		if err := rows.Scan(&sec, &target, &due); err != nil {
			return errs.Wrap("tasks: update plan", err)
		}
		if p.Section(sec) == nil {
			fe["sections"] = "tasks.err.section_in_use"
		}
		if target != "" && p.Target(target) == nil {
			fe["targets"] = "tasks.err.target_in_use"
		}
		if d := mustDate(due); d.Before(p.From) || d.After(p.LastDay()) {
			fe["to"] = "tasks.err.period_excludes_tasks"
		}
	}
	return errs.Wrap("tasks: update plan", rows.Err())
}

// CheckPlanMeta checks a plan's own fields alone (the load form of a CSV file, whose sections
// and tasks come from the file).
func CheckPlanMeta(in PlanInput) map[string]string {
	fe := CheckPlan(in)
	delete(fe, "sections")
	delete(fe, "targets")
	delete(fe, "tasks")
	return fe
}

// LoadFile reads a plan file (ParsePlanFile) and creates the plan (CreatePlan): nothing is
// written when a line is wrong; the mistakes come back by line (FileErrorsOf). For a CSV,
// meta gives the plan's own fields.
func (s *Service) LoadFile(ctx context.Context, communeID string, by audit.Actor, filename string, r io.Reader, meta PlanInput) (Plan, error) {
	in, err := ParsePlanFile(filename, r, meta)
	if err != nil {
		return Plan{}, err
	}
	return s.CreatePlan(ctx, communeID, by, in)
}
