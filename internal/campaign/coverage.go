package campaign

import (
	"context"

	"xaso/internal/errs"
)

// HamletCoverage is what a hamlet received in a period. A session that served several
// hamlets counts, with its whole attendance, in each of them; a commune-wide session counts
// in none (it is in Coverage.CommuneWide).
type HamletCoverage struct {
	Hamlet
	Conferences int // awareness conferences that served the hamlet
	Trainings   int // training sessions that served the hamlet
	Attendance  int // people at those sessions
}

// Reached reports whether the hamlet held at least one awareness conference: the plan's
// measure.
func (h HamletCoverage) Reached() bool { return h.Conferences > 0 }

// Ratio is n out of d with its percentage floored, in integers only (never 66.67 rounded to
// 67 when the target is not met); Complete is exact.
type Ratio struct {
	N, D     int
	Percent  int  // floor(100·N/D); 0 when D is 0
	Complete bool // N == D and D > 0: every hamlet reached
}

// NewRatio builds the ratio n/d.
func NewRatio(n, d int) Ratio {
	r := Ratio{N: n, D: d}
	if d > 0 {
		r.Percent = 100 * n / d
		r.Complete = n == d
	}
	return r
}

// Totals are the sessions of a period counted once each, commune-wide ones included.
type Totals struct {
	Sessions, Conferences, Trainings, Attendance int
	CommuneWide                                  int // sessions that served no particular hamlet
}

// Coverage is the campaign's reach in a period (the plan's "100 % of hamlets" target).
type Coverage struct {
	Period  Period
	Hamlets []HamletCoverage // every hamlet of the commune, in the registry's order
	// Reached is the hamlets with at least one awareness conference over all the hamlets.
	Reached Ratio
	Totals  Totals
}

// Coverage counts the sessions of the period per hamlet, in two queries whatever the number
// of hamlets.
func (s *Service) Coverage(ctx context.Context, communeID string, p Period) (Coverage, error) {
	const op = "campaign: coverage"
	c := Coverage{Period: p}
	from, to := p.From.String(), p.To.String()
	// The period's filter sits in the join so that a hamlet with no session still has its row.
	rows, err := s.d.Query(ctx, `SELECT h.id, h.name,
			COUNT(CASE WHEN cs.kind = 'conference' THEN 1 END),
			COUNT(CASE WHEN cs.kind = 'training' THEN 1 END),
			COALESCE(SUM(cs.attendance), 0)
		FROM hamlets h
		LEFT JOIN campaign_session_hamlets sh ON sh.commune_id = h.commune_id AND sh.hamlet_id = h.id
		LEFT JOIN campaign_sessions cs ON cs.commune_id = sh.commune_id AND cs.id = sh.session_id
			AND cs.held_on >= $2 AND cs.held_on <= $3
		WHERE h.commune_id = $1
		GROUP BY h.id, h.name, h.sort_order
		ORDER BY h.sort_order, h.name, h.id`, communeID, from, to)
	if err != nil {
		return c, errs.Wrap(op, err)
	}
	reached := 0
	for rows.Next() {
		var h HamletCoverage
		var att int64
		if err := rows.Scan(&h.ID, &h.Name, &h.Conferences, &h.Trainings, &att); err != nil {
			rows.Close()
			return c, errs.Wrap(op, err)
		}
		h.Attendance = int(att)
		if h.Reached() {
			reached++
		}
		c.Hamlets = append(c.Hamlets, h)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return c, errs.Wrap(op, err)
	}
	c.Reached = NewRatio(reached, len(c.Hamlets))
	var att int64
	err = s.d.QueryRow(ctx, `SELECT COUNT(*),
			COUNT(CASE WHEN kind = 'conference' THEN 1 END),
			COUNT(CASE WHEN kind = 'training' THEN 1 END),
			COALESCE(SUM(attendance), 0),
			COUNT(CASE WHEN NOT EXISTS (SELECT 1 FROM campaign_session_hamlets sh
				WHERE sh.commune_id = cs.commune_id AND sh.session_id = cs.id) THEN 1 END)
		FROM campaign_sessions cs WHERE cs.commune_id = $1 AND cs.held_on >= $2 AND cs.held_on <= $3`, communeID, from, to).
		Scan(&c.Totals.Sessions, &c.Totals.Conferences, &c.Totals.Trainings, &att, &c.Totals.CommuneWide)
	c.Totals.Attendance = int(att)
	return c, errs.Wrap(op, err)
}
