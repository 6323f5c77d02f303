package booking

import (
	"context"
	"time"

	"xaso/internal/db"
	"xaso/internal/errs"
)

// remindBatch bounds one pass of SendReminders; the next pass takes the rest.
const remindBatch = 500

// SendReminders asks notify for the reminder SMS of every booking, in every commune, whose slot
// begins within the reminder lead (24 hours by default) and that has not been reminded yet. A
// booking made or moved inside the lead is not reminded again: its confirmation said when to
// come. Each reminder is its own transaction (the mark and the message together), so a
// reminder is never sent twice, even by two servers. It returns how many were asked for.
//
// The composition root calls it from its worker every few minutes:
//
//	if _, err := a.Booking.SendReminders(ctx, time.Now()); err != nil { … }
func (s *Service) SendReminders(ctx context.Context, now time.Time) (int, error) {
	const op = "booking: reminders"
	now = now.UTC().Truncate(time.Microsecond)
	type due struct{ communeID, code string }
	rows, err := s.d.Query(ctx, `SELECT commune_id, code FROM bookings WHERE status = $1 AND starts_at > $2 AND starts_at <= $3
		AND reminded_at IS NULL ORDER BY starts_at LIMIT $4`, string(Booked), now, now.Add(s.lead), remindBatch)
	if err != nil {
		return 0, errs.Wrap(op, err)
	}
	var list []due
	for rows.Next() {
		var d due
		if err := rows.Scan(&d.communeID, &d.code); err != nil {
			rows.Close()
			return 0, errs.Wrap(op, err)
		}
		list = append(list, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, errs.Wrap(op, err)
	}
	settings := map[string]Settings{}
	sent := 0
	for _, d := range list {
		if err := ctx.Err(); err != nil {
			return sent, err
		}
		st, ok := settings[d.communeID]
		if !ok {
			if st, err = s.Settings(ctx, d.communeID); err != nil {
				return sent, err
			}
			settings[d.communeID] = st
		}
		reminded := false
		err := s.d.Tx(ctx, func(tx *db.Tx) error {
			reminded = false
			b, err := bookingByCode(ctx, tx, d.communeID, d.code)
			if err != nil {
				return err
			}
			res, err := tx.Exec(ctx, `UPDATE bookings SET reminded_at = $1 WHERE commune_id = $2 AND id = $3 AND status = $4 AND reminded_at IS NULL`,
				now, d.communeID, b.ID, string(Booked))
			if err != nil {
				return errs.Wrap(op, err)
			}
			if n, _ := res.RowsAffected(); n != 1 {
				return nil // reminded, cancelled or checked in meanwhile
			}
			reminded = true
			return s.sms(ctx, tx, d.communeID, st, b, "booking.sms.reminder")
		})
		if err != nil {
			return sent, errs.Wrap(op, err)
		}
		if reminded {
			sent++
		}
	}
	if sent > 0 {
		s.wake()
	}
	return sent, nil
}
