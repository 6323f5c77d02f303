package consult

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/google/uuid"

	"xaso/internal/audit"
	"xaso/internal/db"
	"xaso/internal/errs"
	"xaso/internal/events"
)

// Limits of the synthesis.
const (
	maxGroupTitle = 300
	maxAnswer     = 8000
	maxAssign     = 200 // opinions placed in one step (a page of the list)
)

// Group is a group of like opinions in the synthesis, with its answer.
type Group struct {
	ID             string
	ConsultationID string
	Title          string
	Summary        string
	AnswerKind     AnswerKind // "" until answered
	Answer         string
	AnsweredAt     time.Time
	AnsweredBy     string
	Opinions       int // how many opinions it holds
	CreatedAt      time.Time
	CreatedBy      string
}

// Answered reports whether the group has its answer.
func (g Group) Answered() bool { return g.AnswerKind.Valid() }

// GroupInput is a group as the synthesis form sends it; AnswerKind "" leaves it unanswered.
type GroupInput struct {
	Title      string
	Summary    string
	AnswerKind AnswerKind
	Answer     string
}

func validateGroup(in GroupInput) (Group, errs.FieldErrors) {
	fe := errs.FieldErrors{}
	var g Group
	var ok bool
	if g.Title, ok = clean(in.Title, maxGroupTitle); !ok {
		fe["title"] = "consult.err.too_long"
	} else if g.Title == "" {
		fe["title"] = "consult.err.group_title_required"
	}
	if g.Summary, ok = clean(in.Summary, maxAnswer); !ok {
		fe["summary"] = "consult.err.too_long"
	}
	g.AnswerKind = in.AnswerKind
	if g.AnswerKind != "" && !g.AnswerKind.Valid() {
		fe["answer_kind"] = "consult.err.answer_kind"
	}
	if g.Answer, ok = clean(in.Answer, maxAnswer); !ok {
		fe["answer"] = "consult.err.too_long"
	} else if g.AnswerKind.Valid() && g.Answer == "" {
		fe["answer"] = "consult.err.answer_required"
	}
	return g, fe
}

func (g Group) auditView() map[string]any {
	return map[string]any{"consultation": g.ConsultationID, "title": g.Title, "answer_kind": g.AnswerKind, "answer": g.Answer}
}

// openFor locks the consultation for a change of its synthesis: it must be open.
func (s *Service) openFor(ctx context.Context, tx *db.Tx, op, communeID, id string) (Consultation, error) {
	c, err := get(ctx, tx, s.d.Engine, communeID, id, true)
	if err != nil {
		return c, err
	}
	switch c.Status {
	case Draft:
		return c, errs.E(op, errs.Conflict, "consult.err.not_open")
	case Closed:
		return c, errs.E(op, errs.Conflict, "consult.err.closed")
	}
	return c, nil
}

// CreateGroup adds a group to the synthesis.
func (s *Service) CreateGroup(ctx context.Context, communeID, consultationID string, by audit.Actor, in GroupInput) (Group, error) {
	const op = "consult: create group"
	g, fe := validateGroup(in)
	if err := fe.Err(op); err != nil {
		return Group{}, err
	}
	err := s.tx(ctx, func(tx *db.Tx) error {
		if _, err := s.openFor(ctx, tx, op, communeID, consultationID); err != nil {
			return err
		}
		now := s.stamp()
		g.ID, g.ConsultationID, g.CreatedAt, g.CreatedBy = uuid.Must(uuid.NewV7()).String(), consultationID, now, by.Name
		if g.Answered() {
			g.AnsweredAt, g.AnsweredBy = now, by.Name
		}
		if _, err := tx.Exec(ctx, `INSERT INTO consultation_groups (commune_id, id, consultation_id, title, summary, answer_kind, answer,
			answered_at, answered_by, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
			communeID, g.ID, g.ConsultationID, g.Title, g.Summary, string(g.AnswerKind), g.Answer, db.NullableTime(g.AnsweredAt),
			g.AnsweredBy, g.CreatedAt, g.CreatedBy); err != nil {
			return errs.Wrap(op, err)
		}
		if err := audit.Record(ctx, tx, communeID, by, actionGroup, "consultation_group", g.ID, audit.Change{After: g.auditView()}); err != nil {
			return err
		}
		return events.Publish(ctx, tx, communeID, TopicGroup, map[string]any{"id": g.ID, "consultation": consultationID, "answer_kind": g.AnswerKind})
	})
	if err != nil {
		return Group{}, err
	}
	return g, nil
}

// SaveGroup changes a group's title and summary and records its answer.
func (s *Service) SaveGroup(ctx context.Context, communeID, consultationID, groupID string, by audit.Actor, in GroupInput) (Group, error) {
	const op = "consult: save group"
	ng, fe := validateGroup(in)
	if err := fe.Err(op); err != nil {
		return Group{}, err
	}
	var g Group
	err := s.tx(ctx, func(tx *db.Tx) error {
		if _, err := s.openFor(ctx, tx, op, communeID, consultationID); err != nil {
			return err
		}
		before, err := getGroup(ctx, tx, communeID, consultationID, groupID)
		if err != nil {
			return err
		}
		g = before
		g.Title, g.Summary, g.AnswerKind, g.Answer = ng.Title, ng.Summary, ng.AnswerKind, ng.Answer
		if g.AnswerKind != before.AnswerKind || g.Answer != before.Answer {
			g.AnsweredAt, g.AnsweredBy = s.stamp(), by.Name
			if !g.Answered() {
				g.AnsweredAt, g.AnsweredBy = time.Time{}, ""
			}
		}
		if _, err := tx.Exec(ctx, `UPDATE consultation_groups SET title = $3, summary = $4, answer_kind = $5, answer = $6,
			answered_at = $7, answered_by = $8 WHERE commune_id = $1 AND id = $2`,
			communeID, g.ID, g.Title, g.Summary, string(g.AnswerKind), g.Answer, db.NullableTime(g.AnsweredAt), g.AnsweredBy); err != nil {
			return errs.Wrap(op, err)
		}
		if err := audit.Record(ctx, tx, communeID, by, actionGroup, "consultation_group", g.ID,
			audit.Change{Before: before.auditView(), After: g.auditView()}); err != nil {
			return err
		}
		return events.Publish(ctx, tx, communeID, TopicGroup, map[string]any{"id": g.ID, "consultation": consultationID, "answer_kind": g.AnswerKind})
	})
	if err != nil {
		return Group{}, err
	}
	return g, nil
}

// AssignOpinions places the opinions in the group (groupID "" takes them out of any group).
// An opinion is in at most one group: placing it elsewhere moves it.
func (s *Service) AssignOpinions(ctx context.Context, communeID, consultationID string, by audit.Actor, groupID string, opinionIDs []string) (int, error) {
	const op = "consult: group opinions"
	ids := []string{}
	for _, id := range opinionIDs {
		if id = strings.TrimSpace(id); id != "" && !containsID(ids, id) {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return 0, errs.FieldErrors{"opinions": "consult.err.no_opinion_chosen"}.Err(op)
	}
	if len(ids) > maxAssign {
		return 0, errs.FieldErrors{"opinions": "consult.err.too_many_chosen"}.Err(op)
	}
	var n int64
	err := s.tx(ctx, func(tx *db.Tx) error {
		if _, err := s.openFor(ctx, tx, op, communeID, consultationID); err != nil {
			return err
		}
		groupID = strings.TrimSpace(groupID)
		if groupID != "" {
			if _, err := getGroup(ctx, tx, communeID, consultationID, groupID); err != nil {
				if errs.KindOf(err) == errs.NotFound {
					return errs.FieldErrors{"group": "consult.err.group_unknown"}.Err(op)
				}
				return err
			}
		}
		args := []any{communeID, consultationID, groupID}
		for _, id := range ids {
			args = append(args, id)
		}
		res, err := tx.Exec(ctx, `UPDATE consultation_opinions SET group_id = $3 WHERE commune_id = $1 AND consultation_id = $2
			AND id IN (`+db.Placeholders(4, len(ids))+`)`, args...)
		if err != nil {
			return errs.Wrap(op, err)
		}
		if n, err = res.RowsAffected(); err != nil {
			return errs.Wrap(op, err)
		}
		if err := audit.Record(ctx, tx, communeID, by, actionGroupOp, "consultation", consultationID,
			audit.Change{After: map[string]any{"group": groupID, "opinions": ids}}); err != nil {
			return err
		}
		return events.Publish(ctx, tx, communeID, TopicGrouped, map[string]any{"consultation": consultationID, "group": groupID, "count": n})
	})
	return int(n), err
}

const groupCols = `g.id, g.consultation_id, g.title, g.summary, g.answer_kind, g.answer, g.answered_at, g.answered_by, g.created_at, g.created_by`

func scanGroup(row interface{ Scan(...any) error }, extra ...any) (Group, error) {
	var g Group
	var kind string
	var answered sql.NullTime
	dst := append([]any{&g.ID, &g.ConsultationID, &g.Title, &g.Summary, &kind, &g.Answer, &answered, &g.AnsweredBy, &g.CreatedAt, &g.CreatedBy}, extra...)
	if err := row.Scan(dst...); err != nil {
		return g, err
	}
	g.AnswerKind, g.AnsweredAt, g.CreatedAt = AnswerKind(kind), db.TimeOf(answered), g.CreatedAt.UTC()
	return g, nil
}

func getGroup(ctx context.Context, q db.Q, communeID, consultationID, id string) (Group, error) {
	g, err := scanGroup(q.QueryRow(ctx, `SELECT `+groupCols+` FROM consultation_groups g
		WHERE g.commune_id = $1 AND g.consultation_id = $2 AND g.id = $3`, communeID, consultationID, id))
	if err != nil {
		return g, notFound("consult: group", err)
	}
	return g, nil
}

// Groups lists the consultation's groups in the order made, each with its number of opinions.
// A consultation has a few dozen groups at most: the list is not paged.
func (s *Service) Groups(ctx context.Context, communeID, consultationID string) ([]Group, error) {
	return groups(ctx, s.d, communeID, consultationID)
}

func groups(ctx context.Context, q db.Q, communeID, consultationID string) ([]Group, error) {
	const op = "consult: groups"
	rows, err := q.Query(ctx, `SELECT `+groupCols+`, COALESCE(n.n, 0) FROM consultation_groups g
		LEFT JOIN (SELECT group_id, COUNT(*) AS n FROM consultation_opinions WHERE commune_id = $1 AND consultation_id = $2
			AND group_id <> '' GROUP BY group_id) n ON n.group_id = g.id
		WHERE g.commune_id = $1 AND g.consultation_id = $2 ORDER BY g.id LIMIT 1000`, communeID, consultationID)
	if err != nil {
		return nil, errs.Wrap(op, err)
	}
	defer rows.Close()
	var out []Group
	for rows.Next() {
		var n int
		g, err := scanGroup(rows, &n)
		if err != nil {
			return nil, errs.Wrap(op, err)
		}
		g.Opinions = n
		out = append(out, g)
	}
	return out, errs.Wrap(op, rows.Err())
}
