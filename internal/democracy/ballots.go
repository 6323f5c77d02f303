package democracy

import (
	"context"
	"database/sql"
	"time"

	"xaso/internal/audit"
	"xaso/internal/db"
	"xaso/internal/errs"
	"xaso/internal/events"
)

// BallotRow is a household of a household-ballot decision with its ballot's way.
type BallotRow struct {
	Household
	Hamlet      string
	DeliveredAt time.Time // zero while not delivered
	ReturnedAt  time.Time // zero while not returned
}

// BallotStep is what the team records of ballots.
type BallotStep int

const (
	Delivered BallotStep = iota + 1
	Returned
)

// Ballots lists the households of a household-ballot decision with their ballots, paginated;
// Missing keeps those whose ballot is not back yet.
func (s *Service) Ballots(ctx context.Context, communeID string, d Decision, f HouseholdFilter) ([]BallotRow, int, error) {
	const op = "democracy: ballots"
	var hamlets []string
	if !d.CommuneWide() {
		hamlets = []string{d.HamletID}
	}
	cond, args := householdWhere(f, hamlets)
	args = append([]any{communeID}, args...)
	args = append(args, d.ID)
	from := ` FROM households h JOIN hamlets hm ON hm.commune_id = h.commune_id AND hm.id = h.hamlet_id
		LEFT JOIN democracy_deliveries b ON b.commune_id = h.commune_id AND b.decision_id = $` + itoa(len(args)) + ` AND b.household_id = h.id
		WHERE ` + cond
	if f.Missing {
		from += ` AND b.returned_at IS NULL`
	}
	var total int
	if err := s.d.QueryRow(ctx, `SELECT COUNT(*)`+from, args...).Scan(&total); err != nil {
		return nil, 0, errs.Wrap(op, err)
	}
	limit, offset := limits(f.Limit, f.Offset)
	rows, err := s.d.Query(ctx, `SELECT h.id, h.code, h.hamlet_id, h.head_name, h.address, h.phone, hm.name, b.delivered_at, b.returned_at`+
		from+` ORDER BY hm.sort_order, hm.name, h.code LIMIT `+itoa(limit)+` OFFSET `+itoa(offset), args...)
	if err != nil {
		return nil, 0, errs.Wrap(op, err)
	}
	defer rows.Close()
	var out []BallotRow
	for rows.Next() {
		var b BallotRow
		var delivered, returned sql.NullTime
		if err := rows.Scan(&b.ID, &b.Code, &b.HamletID, &b.HeadName, &b.Address, &b.Phone, &b.Hamlet, &delivered, &returned); err != nil {
			return nil, 0, errs.Wrap(op, err)
		}
		b.DeliveredAt, b.ReturnedAt = db.TimeOf(delivered), db.TimeOf(returned)
		out = append(out, b)
	}
	return out, total, errs.Wrap(op, rows.Err())
}

// BallotCounts are the ballots of a decision delivered and returned.
type BallotCounts struct{ Households, Delivered, Returned int }

// BallotCounts counts the ballots delivered and returned over the decision's households.
func (s *Service) BallotCounts(ctx context.Context, communeID string, d Decision) (BallotCounts, error) {
	const op = "democracy: ballot counts"
	all, err := hamletsOf(ctx, s.d, communeID)
	if err != nil {
		return BallotCounts{}, err
	}
	var c BallotCounts
	for _, h := range decisionHamlets(all, d) {
		c.Households += h.Households
	}
	err = s.d.QueryRow(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN returned_at IS NULL THEN 0 ELSE 1 END), 0)
		FROM democracy_deliveries WHERE commune_id = $1 AND decision_id = $2`, communeID, d.ID).Scan(&c.Delivered, &c.Returned)
	return c, errs.Wrap(op, err)
}

// TrackBallots records that the team delivered ballots to households, or collected them: one
// ballot per household (Decree 59 Art. 4.3); a ballot is returned only once delivered.
func (s *Service) TrackBallots(ctx context.Context, communeID string, by audit.Actor, sc Scope, decisionID string, step BallotStep, householdIDs []string) (int, error) {
	const op = "democracy: track ballots"
	ids := uniq(householdIDs)
	switch {
	case len(ids) == 0:
		return 0, errs.FieldErrors{"households": "democracy.err.households_none"}.Err(op)
	case len(ids) > maxBatch:
		return 0, errs.FieldErrors{"households": "democracy.err.households_many"}.Err(op)
	case step != Delivered && step != Returned:
		return 0, errs.E(op, errs.Invalid, "democracy.err.not_now")
	}
	var n int
	err := s.tx(ctx, func(tx *db.Tx) error {
		d, err := s.changeable(ctx, tx, op, communeID, sc, decisionID)
		if err != nil {
			return err
		}
		if d.Form != HouseholdBallot {
			return errs.E(op, errs.Conflict, "democracy.err.not_household")
		}
		all, err := hamletsOf(ctx, tx, communeID)
		if err != nil {
			return err
		}
		var hs []Hamlet
		for _, h := range decisionHamlets(all, d) {
			if sc.Covers(h) {
				hs = append(hs, h)
			}
		}
		if _, err := householdsIn(ctx, tx, communeID, hs, ids); err != nil {
			return err
		}
		now := s.stamp()
		for _, id := range ids {
			var res sql.Result
			if step == Delivered {
				res, err = tx.Exec(ctx, `INSERT INTO democracy_deliveries (commune_id, decision_id, household_id, delivered_at, by_name)
					VALUES ($1, $2, $3, $4, $5) ON CONFLICT (commune_id, decision_id, household_id) DO NOTHING`, communeID, d.ID, id, now, by.Name)
			} else {
				res, err = tx.Exec(ctx, `UPDATE democracy_deliveries SET returned_at = $4 WHERE commune_id = $1 AND decision_id = $2
					AND household_id = $3 AND returned_at IS NULL`, communeID, d.ID, id, now)
			}
			if err != nil {
				return errs.Wrap(op, err)
			}
			k, _ := res.RowsAffected()
			n += int(k)
		}
		stepName := "delivered"
		if step == Returned {
			stepName = "returned"
			if n == 0 {
				return errs.E(op, errs.Conflict, "democracy.err.not_delivered")
			}
		}
		view := map[string]any{"decision": d.ID, "step": stepName, "households": n}
		if err := audit.Record(ctx, tx, communeID, by, "democracy.ballots."+stepName, "democracy_decision", d.ID, audit.Change{After: view}); err != nil {
			return err
		}
		return events.Publish(ctx, tx, communeID, TopicBallotsTracked, view)
	})
	return n, err
}
