package petition

import (
	"context"
	"fmt"
	"strings"
	"time"

	"xaso/internal/db"
	"xaso/internal/errs"
	"xaso/internal/fold"
)

// Filter selects petitions for the staff list.
type Filter struct {
	Status Status // "" all; "open" is not a status: see OpenOnly
	Kind   Kind
	// OpenOnly keeps the petitions the commune still owes a step; Overdue those past due.
	OpenOnly bool
	Overdue  bool
	Number   string
	Limit    int
	Offset   int
	// KnownTotal, when positive, is how many match, already counted (CountsOf): List does not
	// count again.
	KnownTotal int
}

var openStatuses = `('received', 'accepted', 'verifying', 'decided')`

func (f Filter) where(communeID string, now time.Time) (string, []any) {
	var b strings.Builder
	args := []any{communeID}
	arg := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
	b.WriteString(` WHERE commune_id = $1`)
	if f.Status != "" {
		b.WriteString(` AND status = ` + arg(string(f.Status)))
	}
	if f.Kind != "" {
		b.WriteString(` AND kind = ` + arg(string(f.Kind)))
	}
	if f.OpenOnly || f.Overdue {
		b.WriteString(` AND status IN ` + openStatuses)
	}
	if f.Overdue {
		b.WriteString(` AND COALESCE(due_at, step_due_at) < ` + arg(now))
	}
	if f.Number != "" {
		b.WriteString(` AND number = ` + arg(strings.ToUpper(strings.TrimSpace(f.Number))))
	}
	return b.String(), args
}

// List returns a page of petitions, newest first, and how many match.
func (s *Service) List(ctx context.Context, communeID string, f Filter) ([]Petition, int, error) {
	const op = "petition: list"
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	where, args := f.where(communeID, s.nowUTC())
	total := f.KnownTotal
	if total <= 0 {
		if err := s.d.QueryRow(ctx, `SELECT COUNT(*) FROM petitions`+where, args...).Scan(&total); err != nil {
			return nil, 0, errs.Wrap(op, err)
		}
	}
	args = append(args, f.Limit, f.Offset)
	rows, err := s.d.Query(ctx, `SELECT `+selectCols+` FROM petitions`+where+
		fmt.Sprintf(` ORDER BY received_at DESC, id DESC LIMIT $%d OFFSET $%d`, len(args)-1, len(args)), args...)
	if err != nil {
		return nil, 0, errs.Wrap(op, err)
	}
	defer rows.Close()
	var out []Petition
	for rows.Next() {
		p, err := scanPetition(rows)
		if err != nil {
			return nil, 0, errs.Wrap(op, err)
		}
		out = append(out, p)
	}
	return out, total, errs.Wrap(op, rows.Err())
}

// Each calls fn for every petition of the commune received in [from, to), oldest first, one
// row at a time (the register export streams).
func (s *Service) Each(ctx context.Context, communeID string, from, to time.Time, fn func(Petition) error) error {
	rows, err := s.d.Query(ctx, `SELECT `+selectCols+` FROM petitions WHERE commune_id = $1 AND received_at >= $2 AND received_at < $3
		ORDER BY received_at, id`, communeID, from, to)
	if err != nil {
		return errs.Wrap("petition: export", err)
	}
	defer rows.Close()
	for rows.Next() {
		p, err := scanPetition(rows)
		if err != nil {
			return errs.Wrap("petition: export", err)
		}
		if err := fn(p); err != nil {
			return err
		}
	}
	return errs.Wrap("petition: export", rows.Err())
}

// PublicAnswer is one line of "the commune answers": the question as published (no personal
// data) and the answer.
type PublicAnswer struct {
	Number     string
	Kind       Kind
	Topic      string
	Question   string
	Answer     string
	ReceivedAt time.Time
	AnsweredAt time.Time
}

// Answers returns a page of published answers, newest first, matching q without regard to
// diacritics, and how many match.
func (s *Service) Answers(ctx context.Context, communeID, q string, limit, offset int) ([]PublicAnswer, int, error) {
	const op = "petition: answers"
	where := ` WHERE commune_id = $1 AND published`
	args := []any{communeID}
	if strings.TrimSpace(q) != "" {
		for _, w := range strings.Fields(fold.String(q)) {
			args = append(args, fold.LikePattern(w))
			where += fmt.Sprintf(` AND public_fold LIKE $%d`, len(args))
		}
	}
	var total int
	if err := s.d.QueryRow(ctx, `SELECT COUNT(*) FROM petitions`+where, args...).Scan(&total); err != nil {
		return nil, 0, errs.Wrap(op, err)
	}
	args = append(args, limit, offset)
	rows, err := s.d.Query(ctx, `SELECT number, kind, topic, public_question, answer, received_at, answered_at FROM petitions`+where+
		fmt.Sprintf(` ORDER BY answered_at DESC, id DESC LIMIT $%d OFFSET $%d`, len(args)-1, len(args)), args...)
	if err != nil {
		return nil, 0, errs.Wrap(op, err)
	}
	defer rows.Close()
	var out []PublicAnswer
	for rows.Next() {
		var a PublicAnswer
		if err := rows.Scan(&a.Number, &a.Kind, &a.Topic, &a.Question, &a.Answer, &a.ReceivedAt, &a.AnsweredAt); err != nil {
			return nil, 0, errs.Wrap(op, err)
		}
		out = append(out, a)
	}
	return out, total, errs.Wrap(op, rows.Err())
}

// Counts are the figures of the staff list's head.
type Counts struct{ Open, Overdue, Total int }

// CountsOf counts a commune's petitions.
func (s *Service) CountsOf(ctx context.Context, q db.Q, communeID string) (Counts, error) {
	var c Counts
	// Counts of index ranges (petitions_received, petitions_state), not a pass summing CASEs.
	err := q.QueryRow(ctx, `SELECT (SELECT COUNT(*) FROM petitions WHERE commune_id = $1),
		(SELECT COUNT(*) FROM petitions WHERE commune_id = $1 AND status IN `+openStatuses+`),
		(SELECT COUNT(*) FROM petitions WHERE commune_id = $1 AND status IN `+openStatuses+` AND COALESCE(due_at, step_due_at) < $2)`,
		communeID, s.nowUTC()).Scan(&c.Total, &c.Open, &c.Overdue)
	return c, errs.Wrap("petition: counts", err)
}
