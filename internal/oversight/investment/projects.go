package investment

import (
	"context"
	"slices"
	"time"

	"xaso/internal/audit"
	"xaso/internal/calendar"
	"xaso/internal/db"
	"xaso/internal/errs"
	"xaso/internal/events"
	"xaso/internal/fold"
)

// The registry of programmes and projects in the commune (plan III.2.3, issue 12 item 4).

const (
	staffBase  = "/du-an"
	publicBase = "/giam-sat-dau-tu"
	maxName    = 300
	maxText    = 8000
)

// Project is a programme or project in the commune.
type Project struct {
	ID                    string
	Kind                  Kind
	Name                  string
	Investor              string // chủ đầu tư
	DecisionMaker         string // người quyết định đầu tư
	DecisionRef           string // the investment decision (number, date)
	StartOn, EndOn        calendar.Date
	Status                Status
	Progress              int // whole per cent
	Note                  string
	HamletIDs             []string
	Hamlets               []string // their names, in the registry's order
	Budget                int64    // the sum of the sources, đồng
	ResidentsContribution int64    // the residents' part of it
	BoardID               string   // "" without a board
	BoardDissolved        bool
	Seats                 SeatCounts
	CreatedAt, UpdatedAt  time.Time
	CreatedBy, UpdatedBy  string
}

// URL is the project's staff page; PublicURL the residents'.
func (p Project) URL() string       { return staffBase + "/" + p.ID }
func (p Project) PublicURL() string { return publicBase + "/" + p.ID }

// HasBoard reports whether the project has a board that is not dissolved.
func (p Project) HasBoard() bool { return p.BoardID != "" && !p.BoardDissolved }

// ActiveBoard reports whether the project has a board that is not dissolved and breaks no
// rule of size: what the coverage counts.
func (p Project) ActiveBoard() bool { return p.HasBoard() && len(p.Seats.Problems()) == 0 }

// NeedsBoard reports whether the project needs a board now.
func (p Project) NeedsBoard() bool { return NeedsBoard[p.Kind] && p.Status != Done }

// ProjectInput is the registry's form.
type ProjectInput struct {
	Kind                                  Kind
	Name, Investor, DecisionMaker, DecRef string
	StartOn, EndOn                        string
	Status                                Status
	Progress                              string
	Note                                  string
	HamletIDs                             []string
}

func (s *Service) readProject(ctx context.Context, q db.Q, communeID string, in ProjectInput) (Project, error) {
	const op = "investment: project"
	fe := errs.FieldErrors{}
	p := Project{Kind: in.Kind, Status: in.Status}
	if !slices.Contains(Kinds, p.Kind) {
		fe["kind"] = "investment.err.kind"
	}
	if !slices.Contains(Statuses, p.Status) {
		fe["status"] = "investment.err.status"
	}
	p.Name = text(fe, "name", in.Name, maxName, true)
	p.Investor = text(fe, "investor", in.Investor, maxName, true)
	p.DecisionMaker = text(fe, "decision_maker", in.DecisionMaker, maxName, false)
	p.DecisionRef = text(fe, "decision_ref", in.DecRef, maxName, false)
	p.Note = text(fe, "note", in.Note, maxText, false)
	var ok bool
	if p.StartOn, ok = ParseDay(in.StartOn); !ok {
		fe["start_on"] = "investment.err.day"
	}
	if p.EndOn, ok = ParseDay(in.EndOn); !ok {
		fe["end_on"] = "investment.err.day"
	}
	if p.StartOn.Valid() && p.EndOn.Valid() && p.EndOn.Before(p.StartOn) {
		fe["end_on"] = "investment.err.end_before_start"
	}
	if in.Progress == "" {
		p.Progress = 0
	} else if p.Progress, ok = ParsePercent(in.Progress); !ok {
		fe["progress"] = "investment.err.percent"
	}
	if p.Status == Done && in.Progress == "" {
		p.Progress = 100
	}
	hs, err := hamletsOf(ctx, q, communeID)
	if err != nil {
		return Project{}, err
	}
	for _, h := range hs {
		if slices.Contains(in.HamletIDs, h.ID) {
			p.HamletIDs = append(p.HamletIDs, h.ID)
			p.Hamlets = append(p.Hamlets, h.Name)
		}
	}
	if len(p.HamletIDs) != len(slices.Compact(slices.Sorted(slices.Values(in.HamletIDs)))) {
		fe["hamlets"] = "investment.err.hamlet"
	}
	if len(fe) > 0 {
		return Project{}, fe.Err(op)
	}
	return p, nil
}

func (p Project) auditView() map[string]any {
	return map[string]any{"kind": p.Kind, "name": p.Name, "investor": p.Investor, "decision_maker": p.DecisionMaker,
		"decision_ref": p.DecisionRef, "start_on": dayText(p.StartOn), "end_on": dayText(p.EndOn), "status": p.Status,
		"progress": p.Progress, "hamlets": p.HamletIDs}
}

// CreateProject adds a project to the registry.
func (s *Service) CreateProject(ctx context.Context, communeID string, by audit.Actor, in ProjectInput) (Project, error) {
	const op = "investment: create project"
	var p Project
	err := s.tx(ctx, func(tx *db.Tx) error {
		var err error
		if p, err = s.readProject(ctx, tx, communeID, in); err != nil {
			return err
		}
		now := stamp(tx)
		p.ID, p.CreatedAt, p.CreatedBy, p.UpdatedAt, p.UpdatedBy = newID(), now, by.Name, now, by.Name
		if _, err := tx.Exec(ctx, `INSERT INTO investment_projects (commune_id, id, kind, name, search, investor, decision_maker, decision_ref,
			start_on, end_on, status, progress, note, created_at, created_by, updated_at, updated_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $14, $15)`,
			communeID, p.ID, string(p.Kind), p.Name, fold.Join(p.Name, p.Investor), p.Investor, p.DecisionMaker, p.DecisionRef,
			dayText(p.StartOn), dayText(p.EndOn), string(p.Status), p.Progress, p.Note, now, by.Name); err != nil {
			return errs.Wrap(op, err)
		}
		if err := writeHamlets(ctx, tx, communeID, p.ID, p.HamletIDs); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, communeID, by, "investment.project.create", "investment_project", p.ID, audit.Change{After: p.auditView()}); err != nil {
			return err
		}
		return events.Publish(ctx, tx, communeID, TopicProjectCreated, map[string]any{"id": p.ID, "kind": p.Kind})
	})
	return p, err
}

func writeHamlets(ctx context.Context, tx *db.Tx, communeID, projectID string, ids []string) error {
	if _, err := tx.Exec(ctx, `DELETE FROM investment_project_hamlets WHERE commune_id = $1 AND project_id = $2`, communeID, projectID); err != nil {
		return errs.Wrap("investment: hamlets", err)
	}
	if len(ids) == 0 {
		return nil
	}
	rows := make([][]any, len(ids))
	for i, id := range ids {
		rows[i] = []any{communeID, projectID, id}
	}
	return errs.Wrap("investment: hamlets", db.InsertRows(ctx, tx, "investment_project_hamlets", []string{"commune_id", "project_id", "hamlet_id"}, rows))
}

// UpdateProject changes a project. A project marked done dissolves its board in the same
// transaction (Art. 41: the board is dissolved when the project is done).
func (s *Service) UpdateProject(ctx context.Context, communeID string, by audit.Actor, id string, in ProjectInput) (Project, error) {
	const op = "investment: update project"
	var p Project
	err := s.tx(ctx, func(tx *db.Tx) error {
		old, err := getProject(ctx, tx, communeID, id)
		if err != nil {
			return err
		}
		if p, err = s.readProject(ctx, tx, communeID, in); err != nil {
			return err
		}
		now := stamp(tx)
		p.ID, p.CreatedAt, p.CreatedBy, p.UpdatedAt, p.UpdatedBy = old.ID, old.CreatedAt, old.CreatedBy, now, by.Name
		p.BoardID, p.BoardDissolved, p.Seats, p.Budget, p.ResidentsContribution = old.BoardID, old.BoardDissolved, old.Seats, old.Budget, old.ResidentsContribution
		if _, err := tx.Exec(ctx, `UPDATE investment_projects SET kind = $3, name = $4, search = $5, investor = $6, decision_maker = $7,
			decision_ref = $8, start_on = $9, end_on = $10, status = $11, progress = $12, note = $13, updated_at = $14, updated_by = $15
			WHERE commune_id = $1 AND id = $2`,
			communeID, p.ID, string(p.Kind), p.Name, fold.Join(p.Name, p.Investor), p.Investor, p.DecisionMaker, p.DecisionRef,
			dayText(p.StartOn), dayText(p.EndOn), string(p.Status), p.Progress, p.Note, now, by.Name); err != nil {
			return errs.Wrap(op, err)
		}
		if err := writeHamlets(ctx, tx, communeID, p.ID, p.HamletIDs); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, communeID, by, "investment.project.update", "investment_project", p.ID,
			audit.Change{Before: old.auditView(), After: p.auditView()}); err != nil {
			return err
		}
		if p.Status == Done && old.HasBoard() {
			if err := dissolve(ctx, tx, communeID, by, old.BoardID, calendar.DateOf(tx.Now)); err != nil {
				return err
			}
			p.BoardDissolved = true
		}
		return events.Publish(ctx, tx, communeID, TopicProjectUpdated, map[string]any{"id": p.ID, "status": p.Status})
	})
	return p, err
}

// projectCols are a project's columns with its budget, its board and the board's seats, each
// a correlated subquery on an indexed key, so that a page of projects is one query.
const projectCols = `p.id, p.kind, p.name, p.investor, p.decision_maker, p.decision_ref, p.start_on, p.end_on, p.status, p.progress,
	p.note, p.created_at, p.created_by, p.updated_at, p.updated_by,
	COALESCE((SELECT SUM(x.amount) FROM investment_sources x WHERE x.commune_id = p.commune_id AND x.project_id = p.id), 0),
	COALESCE((SELECT SUM(x.amount) FROM investment_sources x WHERE x.commune_id = p.commune_id AND x.project_id = p.id AND x.residents), 0),
	COALESCE(b.id, ''), COALESCE(b.dissolved_on, ''),
	(SELECT COUNT(*) FROM investment_members m WHERE m.commune_id = p.commune_id AND m.board_id = b.id AND m.left_on = ''),
	(SELECT COUNT(*) FROM investment_members m WHERE m.commune_id = p.commune_id AND m.board_id = b.id AND m.left_on = '' AND m.origin = 'resident'),
	(SELECT COUNT(*) FROM investment_members m WHERE m.commune_id = p.commune_id AND m.board_id = b.id AND m.left_on = '' AND m.position = 'deputy'),
	(SELECT COUNT(*) FROM investment_members m WHERE m.commune_id = p.commune_id AND m.board_id = b.id AND m.left_on = '' AND m.position = 'head')`

const projectFrom = ` FROM investment_projects p LEFT JOIN investment_boards b ON b.commune_id = p.commune_id AND b.project_id = p.id`

func scanProject(row interface{ Scan(...any) error }) (Project, error) {
	var p Project
	var kind, status, start, end, dissolved string
	if err := row.Scan(&p.ID, &kind, &p.Name, &p.Investor, &p.DecisionMaker, &p.DecisionRef, &start, &end, &status, &p.Progress,
		&p.Note, &p.CreatedAt, &p.CreatedBy, &p.UpdatedAt, &p.UpdatedBy, &p.Budget, &p.ResidentsContribution, &p.BoardID, &dissolved,
		&p.Seats.Total, &p.Seats.Residents, &p.Seats.Deputies, &p.Seats.Heads); err != nil {
		return Project{}, err
	}
	p.Kind, p.Status, p.StartOn, p.EndOn, p.BoardDissolved = Kind(kind), Status(status), storedDay(start), storedDay(end), dissolved != ""
	return p, nil
}

func getProject(ctx context.Context, q db.Q, communeID, id string) (Project, error) {
	const op = "investment: get project"
	p, err := scanProject(q.QueryRow(ctx, `SELECT `+projectCols+projectFrom+` WHERE p.commune_id = $1 AND p.id = $2`, communeID, id))
	if err != nil {
		return Project{}, notFound(op, err)
	}
	ps := []Project{p}
	if err := addHamlets(ctx, q, communeID, ps); err != nil {
		return Project{}, err
	}
	return ps[0], nil
}

// Project reads one project.
func (s *Service) Project(ctx context.Context, communeID, id string) (Project, error) {
	return getProject(ctx, s.d, communeID, id)
}

// addHamlets fills the hamlets of ps in one query.
func addHamlets(ctx context.Context, q db.Q, communeID string, ps []Project) error {
	if len(ps) == 0 {
		return nil
	}
	args := []any{communeID}
	at := map[string]int{}
	for i, p := range ps {
		args = append(args, p.ID)
		at[p.ID] = i
	}
	rows, err := q.Query(ctx, `SELECT x.project_id, h.id, h.name FROM investment_project_hamlets x
		JOIN hamlets h ON h.commune_id = x.commune_id AND h.id = x.hamlet_id
		WHERE x.commune_id = $1 AND x.project_id IN (`+inList(2, len(ps))+`) ORDER BY h.sort_order, h.name, h.id`, args...)
	if err != nil {
		return errs.Wrap("investment: project hamlets", err)
	}
	defer rows.Close()
	for rows.Next() {
		var pid, hid, name string
		if err := rows.Scan(&pid, &hid, &name); err != nil {
			return errs.Wrap("investment: project hamlets", err)
		}
		i := at[pid]
		ps[i].HamletIDs, ps[i].Hamlets = append(ps[i].HamletIDs, hid), append(ps[i].Hamlets, name)
	}
	return errs.Wrap("investment: project hamlets", rows.Err())
}

// ProjectFilter selects projects.
type ProjectFilter struct {
	Status  Status
	Words   string // folded search on the name and the investor
	NoBoard bool   // only those that need a board and have no active one
	Limit   int
	Offset  int
}

// Projects lists projects, the latest started first, and counts them.
func (s *Service) Projects(ctx context.Context, communeID string, f ProjectFilter) ([]Project, int, error) {
	const op = "investment: projects"
	where := ` WHERE p.commune_id = $1`
	args := []any{communeID}
	if f.Status != "" {
		args = append(args, string(f.Status))
		where += ` AND p.status = $2`
	}
	if w := fold.String(f.Words); w != "" {
		args = append(args, fold.LikePattern(w))
		where += ` AND p.search LIKE $` + itoa(len(args))
	}
	if f.NoBoard {
		where += ` AND p.status <> 'done' AND (b.id IS NULL OR b.dissolved_on <> '')`
	}
	var total int
	if err := s.d.QueryRow(ctx, `SELECT COUNT(*)`+projectFrom+where, args...).Scan(&total); err != nil {
		return nil, 0, errs.Wrap(op, err)
	}
	limit, offset := limits(f.Limit, f.Offset)
	rows, err := s.d.Query(ctx, `SELECT `+projectCols+projectFrom+where+` ORDER BY p.start_on DESC, p.id DESC LIMIT `+itoa(limit)+` OFFSET `+itoa(offset), args...)
	if err != nil {
		return nil, 0, errs.Wrap(op, err)
	}
	var out []Project
	for rows.Next() {
		p, err := scanProject(rows)
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
	return out, total, addHamlets(ctx, s.d, communeID, out)
}

// Coverage counts the projects that need a board and those with an active one, over the
// whole registry, in one query.
func (s *Service) Coverage(ctx context.Context, communeID string) (Coverage, error) {
	const op = "investment: coverage"
	rows, err := s.d.Query(ctx, `SELECT p.kind, p.status, COALESCE(b.id, ''), COALESCE(b.dissolved_on, ''),
		(SELECT COUNT(*) FROM investment_members m WHERE m.commune_id = p.commune_id AND m.board_id = b.id AND m.left_on = ''),
		(SELECT COUNT(*) FROM investment_members m WHERE m.commune_id = p.commune_id AND m.board_id = b.id AND m.left_on = '' AND m.origin = 'resident'),
		(SELECT COUNT(*) FROM investment_members m WHERE m.commune_id = p.commune_id AND m.board_id = b.id AND m.left_on = '' AND m.position = 'deputy'),
		(SELECT COUNT(*) FROM investment_members m WHERE m.commune_id = p.commune_id AND m.board_id = b.id AND m.left_on = '' AND m.position = 'head')`+
		projectFrom+` WHERE p.commune_id = $1`, communeID)
	if err != nil {
		return Coverage{}, errs.Wrap(op, err)
	}
	defer rows.Close()
	var states []ProjectState
	for rows.Next() {
		var p Project
		var kind, status, dissolved string
		if err := rows.Scan(&kind, &status, &p.BoardID, &dissolved, &p.Seats.Total, &p.Seats.Residents, &p.Seats.Deputies, &p.Seats.Heads); err != nil {
			return Coverage{}, errs.Wrap(op, err)
		}
		p.Kind, p.Status, p.BoardDissolved = Kind(kind), Status(status), dissolved != ""
		states = append(states, ProjectState{Kind: p.Kind, Status: p.Status, ActiveBoard: p.ActiveBoard()})
	}
	return CoverageOf(states), errs.Wrap(op, rows.Err())
}
