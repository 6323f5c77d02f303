package rating

import (
	"context"
	"math"
	"strconv"
	"time"

	"xaso/internal/calendar"
	"xaso/internal/db"
	"xaso/internal/errs"
)

// The figures: counts, averages and shares of ratings per officer, per procedure and per month,
// and the lists of ratings behind each figure. Sums and counts are integers from SQL; the
// average and the share are computed from them here, once.

// Figure is one line of the figures: the ratings of one officer, procedure or month.
type Figure struct {
	Key         string // officer id, procedure code or month (YYYY-MM)
	Name        string // officer's name, procedure's name, or the month
	Count       int
	Sum         int // of the levels
	Satisfied   int // levels 4–5
	Unsatisfied int // levels 1–2
}

// Average is the mean level, to two decimals; 0 without ratings.
func (f Figure) Average() float64 {
	if f.Count == 0 {
		return 0
	}
	return math.Round(float64(f.Sum)*100/float64(f.Count)) / 100
}

// SatisfiedPercent is the share of ratings at levels 4–5, in percent to one decimal; 0
// without ratings.
func (f Figure) SatisfiedPercent() float64 {
	if f.Count == 0 {
		return 0
	}
	return math.Round(float64(f.Satisfied)*1000/float64(f.Count)) / 10
}

// Scope limits the figures: one month or a range of months, one officer ("" all of them: a
// leader's view), one procedure (for a petition, "petition:" and its kind), one type of
// subject ("" dossiers and petitions).
type Scope struct {
	FromMonth, ToMonth string // YYYY-MM, both included
	OfficerID          string
	Procedure          string
	Subject            SubjectType
}

// Level filters a list of ratings.
type Level string

// Level filters.
const (
	AllLevels        Level = ""
	LevelSatisfied   Level = "satisfied"   // 4–5
	LevelUnsatisfied Level = "unsatisfied" // 1–2
)

// levelBounds is the filter's range of levels.
func (l Level) bounds() (int, int) {
	switch l {
	case LevelSatisfied:
		return 4, MaxLevel
	case LevelUnsatisfied:
		return MinLevel, 2
	}
	if n, err := strconv.Atoi(string(l)); err == nil && n >= MinLevel && n <= MaxLevel {
		return n, n
	}
	return MinLevel, MaxLevel
}

// where is the scope's condition from parameter $2 on ($1 is the commune).
const scopeWhere = `commune_id = $1 AND month >= $2 AND month <= $3 AND ($4 = '' OR officer_id = $4) AND ($5 = '' OR procedure_code = $5)
	AND ($6 = '' OR subject_type = $6)`

func (sc Scope) args(communeID string) []any {
	return []any{communeID, sc.FromMonth, sc.ToMonth, sc.OfficerID, sc.Procedure, string(sc.Subject)}
}

const figureCols = `COUNT(*), COALESCE(SUM(level), 0), COALESCE(SUM(CASE WHEN level >= 4 THEN 1 ELSE 0 END), 0),
	COALESCE(SUM(CASE WHEN level <= 2 THEN 1 ELSE 0 END), 0)`

func queryFigures(ctx context.Context, q db.Q, query string, args ...any) ([]Figure, error) {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, errs.Wrap("rating: figures", err)
	}
	defer rows.Close()
	var out []Figure
	for rows.Next() {
		var f Figure
		if err := rows.Scan(&f.Key, &f.Name, &f.Count, &f.Sum, &f.Satisfied, &f.Unsatisfied); err != nil {
			return nil, errs.Wrap("rating: figures", err)
		}
		out = append(out, f)
	}
	return out, errs.Wrap("rating: figures", rows.Err())
}

// Total is the figure of the whole scope.
func (s *Service) Total(ctx context.Context, communeID string, sc Scope) (Figure, error) {
	f := Figure{Key: sc.FromMonth, Name: sc.FromMonth}
	err := s.d.QueryRow(ctx, `SELECT `+figureCols+` FROM ratings WHERE `+scopeWhere, sc.args(communeID)...).
		Scan(&f.Count, &f.Sum, &f.Satisfied, &f.Unsatisfied)
	return f, errs.Wrap("rating: total", err)
}

// ByOfficer is the scope's figures per officer, by name; limit and offset page them, total
// counts them all.
func (s *Service) ByOfficer(ctx context.Context, communeID string, sc Scope, limit, offset int) ([]Figure, int, error) {
	return s.grouped(ctx, communeID, sc, "officer_id", "MAX(officer_name)", "2, 1", limit, offset)
}

// ByProcedure is the scope's figures per procedure, by code.
func (s *Service) ByProcedure(ctx context.Context, communeID string, sc Scope, limit, offset int) ([]Figure, int, error) {
	return s.grouped(ctx, communeID, sc, "procedure_code", "MAX(procedure_name)", "1", limit, offset)
}

// ByMonth is the scope's figures per month, newest first.
func (s *Service) ByMonth(ctx context.Context, communeID string, sc Scope, limit, offset int) ([]Figure, int, error) {
	return s.grouped(ctx, communeID, sc, "month", "month", "1 DESC", limit, offset)
}

// grouped runs the figures grouped by one column (a fixed name, never a value).
func (s *Service) grouped(ctx context.Context, communeID string, sc Scope, key, name, order string, limit, offset int) ([]Figure, int, error) {
	limit, offset = limits(limit, offset)
	var total int
	if err := s.d.QueryRow(ctx, `SELECT COUNT(DISTINCT `+key+`) FROM ratings WHERE `+scopeWhere, sc.args(communeID)...).Scan(&total); err != nil {
		return nil, 0, errs.Wrap("rating: figures", err)
	}
	args := append(sc.args(communeID), limit, offset)
	out, err := queryFigures(ctx, s.d, `SELECT `+key+`, `+name+`, `+figureCols+` FROM ratings WHERE `+scopeWhere+`
		GROUP BY `+key+` ORDER BY `+order+` LIMIT $7 OFFSET $8`, args...)
	return out, total, err
}

// limits bounds a page of a list.
func limits(limit, offset int) (int, int) {
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	return limit, max(offset, 0)
}

// List is a page of the scope's ratings at the levels asked, newest first, and their number.
func (s *Service) List(ctx context.Context, communeID string, sc Scope, lv Level, limit, offset int) ([]Rating, int, error) {
	const op = "rating: list"
	limit, offset = limits(limit, offset)
	lo, hi := lv.bounds()
	args := append(sc.args(communeID), lo, hi)
	var total int
	if err := s.d.QueryRow(ctx, `SELECT COUNT(*) FROM ratings WHERE `+scopeWhere+` AND level >= $7 AND level <= $8`, args...).Scan(&total); err != nil {
		return nil, 0, errs.Wrap(op, err)
	}
	var out []Rating
	err := s.each(ctx, `SELECT `+ratingCols+` FROM ratings WHERE `+scopeWhere+` AND level >= $7 AND level <= $8
		ORDER BY rated_at DESC, id DESC LIMIT $9 OFFSET $10`, append(args, limit, offset), func(r Rating) error {
		out = append(out, r)
		return nil
	})
	return out, total, err
}

// Each calls fn for every rating of the scope at the levels asked, oldest first, as they are
// read (for the streamed CSV).
func (s *Service) Each(ctx context.Context, communeID string, sc Scope, lv Level, fn func(Rating) error) error {
	lo, hi := lv.bounds()
	return s.each(ctx, `SELECT `+ratingCols+` FROM ratings WHERE `+scopeWhere+` AND level >= $7 AND level <= $8
		ORDER BY rated_at, id`, append(sc.args(communeID), lo, hi), fn)
}

func (s *Service) each(ctx context.Context, query string, args []any, fn func(Rating) error) error {
	const op = "rating: ratings"
	rows, err := s.d.Query(ctx, query, args...)
	if err != nil {
		return errs.Wrap(op, err)
	}
	defer rows.Close()
	for rows.Next() {
		r, err := scanRating(rows)
		if err != nil {
			return errs.Wrap(op, err)
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return errs.Wrap(op, rows.Err())
}

// Satisfaction is the month's satisfaction with the handling of procedures as Decision
// 766/QĐ-TTg's satisfaction group counts it here: the dossiers rated in the month (month: any
// moment in it, in Vietnam) at levels 4–5 (satisfied) and the others, by code; procedure ""
// for all. The one-stop room's index shows it (through the composition root).
func (s *Service) Satisfaction(ctx context.Context, communeID string, month time.Time, procedure string) (satisfied, others []string, err error) {
	m := monthOf(month)
	return s.satisfaction(ctx, communeID, Scope{FromMonth: m, ToMonth: m, Procedure: procedure, Subject: SubjectDossier})
}

// PetitionSatisfaction is the month's satisfaction with the handling of reports and
// recommendations (phản ánh, kiến nghị), Decision 766's second rate of the group: those rated
// in the month at levels 4–5 and the others, by petition number. Complaints may be rated too
// but do not count here.
func (s *Service) PetitionSatisfaction(ctx context.Context, communeID string, month time.Time) (satisfied, others []string, err error) {
	m := monthOf(month)
	for _, k := range []string{"report", "recommendation"} {
		yes, no, err := s.satisfaction(ctx, communeID, Scope{FromMonth: m, ToMonth: m, Procedure: petitionProcedure(k), Subject: SubjectPetition})
		if err != nil {
			return nil, nil, err
		}
		satisfied, others = append(satisfied, yes...), append(others, no...)
	}
	return satisfied, others, nil
}

func (s *Service) satisfaction(ctx context.Context, communeID string, sc Scope) (satisfied, others []string, err error) {
	err = s.Each(ctx, communeID, sc, AllLevels, func(r Rating) error {
		if r.Satisfied() {
			satisfied = append(satisfied, r.Code)
		} else {
			others = append(others, r.Code)
		}
		return nil
	})
	return satisfied, others, err
}

// Today is the figure of the ratings given today (in Vietnam) to one officer, or to all ("").
func (s *Service) Today(ctx context.Context, communeID, officerID string) (Figure, error) {
	now := s.now()
	y, mo, d := now.In(calendar.Zone).Date()
	start := time.Date(y, mo, d, 0, 0, 0, 0, calendar.Zone)
	f := Figure{}
	err := s.d.QueryRow(ctx, `SELECT `+figureCols+` FROM ratings WHERE commune_id = $1 AND rated_at >= $2 AND rated_at < $3
		AND ($4 = '' OR officer_id = $4)`, communeID, start, start.AddDate(0, 0, 1), officerID).Scan(&f.Count, &f.Sum, &f.Satisfied, &f.Unsatisfied)
	return f, errs.Wrap("rating: today", err)
}
