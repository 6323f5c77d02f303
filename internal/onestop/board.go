package onestop

import (
	"context"
	"time"

	"xaso/internal/auth"
	"xaso/internal/calendar"
	"xaso/internal/db"
	"xaso/internal/errs"
)

// Board is the desk board: dossiers by state, due today, at risk, overdue, per officer.
type Board struct {
	At       time.Time
	ByState  map[State]int
	DueToday []Dossier // open, due before the end of today
	AtRisk   []Dossier // open, not yet due, due within 1 working day
	Overdue  []Dossier // open and past due
	Officers []OfficerLoad
}

// OfficerLoad is what one person (or an office, when HolderID is "") holds.
type OfficerLoad struct {
	HolderID   string
	HolderName string
	HolderRole auth.Role
	Open       int
	Overdue    int
	AtRisk     int
}

// boardListLimit bounds each list of the board; the counts are exact.
const boardListLimit = 200

// openStates are the states in which the processing time runs (State.Open).
var openStates = []any{string(StateReceived), string(StateProcessing), string(StateApproval)}

// RiskThreshold is the end of the at-risk window: closing time of the next working day after
// now's day (a dossier due up to then is within one working day).
func RiskThreshold(cal *calendar.Calendar, now time.Time) time.Time {
	return cal.AddWorkingDays(calendar.DateOf(now), 1).At(cal.Hours().Closing()).UTC()
}

// AtRisk reports whether an open dossier is due within one working day and not yet overdue.
func AtRisk(d Dossier, cal *calendar.Calendar, now time.Time) bool {
	return d.Status.Open() && !d.DueAt.IsZero() && !now.After(d.DueAt) && !d.DueAt.After(RiskThreshold(cal, now))
}

// Board reads the desk board in five queries, whatever the number of dossiers (every list is
// one indexed range query on (commune_id, status, due_at)).
func (s *Service) Board(ctx context.Context, communeID string) (Board, error) {
	const op = "onestop: board"
	cal, err := s.calendar(ctx, communeID)
	if err != nil {
		return Board{}, err
	}
	now := s.nowUTC()
	b := Board{At: now, ByState: map[State]int{}}
	rows, err := s.d.Query(ctx, `SELECT status, count(*) FROM dossiers WHERE commune_id = $1 GROUP BY status`, communeID)
	if err != nil {
		return b, errs.Wrap(op, err)
	}
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			rows.Close()
			return b, errs.Wrap(op, err)
		}
		b.ByState[State(st)] = n
	}
	rows.Close()
	endOfDay := calendar.DateOf(now).AddDays(1).Time().UTC()
	risk := RiskThreshold(cal, now)
	list := func(from, to time.Time) ([]Dossier, error) {
		return queryDossiers(ctx, s.d, `SELECT `+dossierCols+` FROM dossiers WHERE commune_id = $1 AND status IN ($2, $3, $4)
			AND due_at > $5 AND due_at <= $6 ORDER BY due_at, code LIMIT $7`,
			communeID, openStates[0], openStates[1], openStates[2], from, to, boardListLimit)
	}
	if b.Overdue, err = list(time.Unix(0, 0).UTC(), now.Add(-time.Microsecond)); err != nil {
		return b, err
	}
	if b.DueToday, err = list(now.Add(-time.Microsecond), endOfDay); err != nil {
		return b, err
	}
	if b.AtRisk, err = list(now.Add(-time.Microsecond), risk); err != nil {
		return b, err
	}
	rows, err = s.d.Query(ctx, `SELECT holder_id, holder_name, holder_role, count(*),
		SUM(CASE WHEN due_at < $5 THEN 1 ELSE 0 END), SUM(CASE WHEN due_at >= $5 AND due_at <= $6 THEN 1 ELSE 0 END)
		FROM dossiers WHERE commune_id = $1 AND status IN ($2, $3, $4)
		GROUP BY holder_id, holder_name, holder_role ORDER BY holder_role, holder_name`,
		communeID, openStates[0], openStates[1], openStates[2], now, risk)
	if err != nil {
		return b, errs.Wrap(op, err)
	}
	defer rows.Close()
	for rows.Next() {
		var o OfficerLoad
		var role string
		if err := rows.Scan(&o.HolderID, &o.HolderName, &role, &o.Open, &o.Overdue, &o.AtRisk); err != nil {
			return b, errs.Wrap(op, err)
		}
		o.HolderRole = auth.Role(role)
		b.Officers = append(b.Officers, o)
	}
	return b, errs.Wrap(op, rows.Err())
}

func queryDossiers(ctx context.Context, q db.Q, query string, args ...any) ([]Dossier, error) {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, errs.Wrap("onestop: dossiers", err)
	}
	defer rows.Close()
	var out []Dossier
	for rows.Next() {
		d, err := scanDossier(rows)
		if err != nil {
			return nil, errs.Wrap("onestop: dossiers", err)
		}
		out = append(out, d)
	}
	return out, errs.Wrap("onestop: dossiers", rows.Err())
}

// FlagLate marks every undecided dossier of every commune that passed its due time and was not
// flagged yet, publishing TopicLate once for each, and returns how many it flagged. The
// composition root runs it periodically (it reads through the late_flagged index).
func (s *Service) FlagLate(ctx context.Context) (int, error) {
	const op = "onestop: flag late"
	now := s.nowUTC()
	type key struct{ commune, id string }
	rows, err := s.d.Query(ctx, `SELECT commune_id, id FROM dossiers WHERE late_flagged = $1 AND status IN ($2, $3, $4)
		AND due_at < $5 ORDER BY due_at LIMIT 1000`, false, openStates[0], openStates[1], openStates[2], now)
	if err != nil {
		return 0, errs.Wrap(op, err)
	}
	var keys []key
	for rows.Next() {
		var k key
		if err := rows.Scan(&k.commune, &k.id); err != nil {
			rows.Close()
			return 0, errs.Wrap(op, err)
		}
		keys = append(keys, k)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, errs.Wrap(op, err)
	}
	n := 0
	for _, k := range keys {
		err := s.d.Tx(ctx, func(tx *db.Tx) error {
			d, err := scanDossier(tx.QueryRow(ctx, `SELECT `+dossierCols+` FROM dossiers WHERE commune_id = $1 AND id = $2`, k.commune, k.id))
			if err != nil {
				return errs.Wrap(op, err)
			}
			if d.LateFlagged || !d.Overdue(now) {
				return nil
			}
			res, err := tx.Exec(ctx, `UPDATE dossiers SET late_flagged = $3 WHERE commune_id = $1 AND id = $2 AND late_flagged = $4`,
				k.commune, k.id, true, false)
			if err != nil {
				return errs.Wrap(op, err)
			}
			if c, _ := res.RowsAffected(); c != 1 {
				return nil
			}
			n++
			return publish(ctx, tx, TopicLate, eventOf(k.commune, d, "", "", now))
		})
		if err != nil {
			return n, err
		}
	}
	if n > 0 {
		s.wake()
	}
	return n, nil
}
