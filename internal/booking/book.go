package booking

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"xaso/internal/audit"
	"xaso/internal/calendar"
	"xaso/internal/db"
	"xaso/internal/errs"
	"xaso/internal/events"
	"xaso/internal/notify"
)

// DayFree is a bookable day and how many places it has left for a field.
type DayFree struct {
	Date calendar.Date
	Free int
}

// SlotFree is a slot of a day and how many places it has left for a field.
type SlotFree struct {
	Slot
	Free int
}

// plan is what every booking decision is made on: the commune's settings, its calendar, the
// days it offers and the slots of a day.
type plan struct {
	st    Settings
	cal   *calendar.Calendar
	days  []calendar.Date
	slots []Slot
}

func (s *Service) plan(ctx context.Context, communeID string) (plan, error) {
	st, err := s.Settings(ctx, communeID)
	if err != nil {
		return plan{}, err
	}
	cal, err := s.calendar(ctx, communeID)
	if err != nil {
		return plan{}, err
	}
	return plan{st: st, cal: cal, days: BookableDays(cal, s.today(), st.DaysAhead),
		slots: DaySlots(cal.Hours(), st.SlotMinutes)}, nil
}

func (p plan) offers(d calendar.Date) bool { return slices.Contains(p.days, d) }

// slotKey names one slot row.
type slotKey struct {
	day     string
	start   int
	counter int
}

type slotRow struct{ capacity, booked int }

// loadSlots reads the slot rows of days from..to.
func loadSlots(ctx context.Context, q db.Q, communeID string, from, to calendar.Date) (map[slotKey]slotRow, error) {
	rows, err := q.Query(ctx, `SELECT day, start_minute, counter, capacity, booked FROM booking_slots
		WHERE commune_id = $1 AND day >= $2 AND day <= $3`, communeID, from.String(), to.String())
	if err != nil {
		return nil, errs.Wrap("booking: slots", err)
	}
	defer rows.Close()
	m := map[slotKey]slotRow{}
	for rows.Next() {
		var k slotKey
		var r slotRow
		if err := rows.Scan(&k.day, &k.start, &k.counter, &r.capacity, &r.booked); err != nil {
			return nil, errs.Wrap("booking: slots", err)
		}
		m[k] = r
	}
	return m, errs.Wrap("booking: slots", rows.Err())
}

// free is the places left in one slot for a field across the counters serving it.
func free(rows map[slotKey]slotRow, day calendar.Date, sl Slot, counters []Counter) int {
	n := 0
	for _, c := range counters {
		r, ok := rows[slotKey{day.String(), int(sl.Start), c.Number}]
		if !ok {
			r = slotRow{capacity: c.Capacity}
		}
		n += max(0, r.capacity-r.booked)
	}
	return n
}

// Days returns the days a procedure's field can be booked on, with the places each has left.
func (s *Service) Days(ctx context.Context, communeID, field string) ([]DayFree, error) {
	p, err := s.plan(ctx, communeID)
	if err != nil || len(p.days) == 0 {
		return nil, err
	}
	rows, err := loadSlots(ctx, s.d, communeID, p.days[0], p.days[len(p.days)-1])
	if err != nil {
		return nil, err
	}
	counters := p.st.serving(field)
	out := make([]DayFree, len(p.days))
	for i, d := range p.days {
		out[i].Date = d
		for _, sl := range p.slots {
			out[i].Free += free(rows, d, sl, counters)
		}
	}
	return out, nil
}

// Slots returns the slots of a bookable day with the places each has left for a field;
// NotFound when the day is not offered (a weekend, a holiday, past or too far ahead).
func (s *Service) Slots(ctx context.Context, communeID, field string, day calendar.Date) ([]SlotFree, error) {
	p, err := s.plan(ctx, communeID)
	if err != nil {
		return nil, err
	}
	if !p.offers(day) {
		return nil, errs.E("booking: slots", errs.NotFound, "booking.day_not_offered")
	}
	rows, err := loadSlots(ctx, s.d, communeID, day, day)
	if err != nil {
		return nil, err
	}
	counters := p.st.serving(field)
	out := make([]SlotFree, len(p.slots))
	for i, sl := range p.slots {
		out[i] = SlotFree{Slot: sl, Free: free(rows, day, sl, counters)}
	}
	return out, nil
}

// Request is a resident's booking (or the new time of a move), as the form sends it.
type Request struct {
	Procedure string // procedure code
	Day       string // YYYY-MM-DD
	Slot      string // start of the slot, HH:MM
	Name      string
	Phone     string
	IDNumber  string // số CCCD / định danh cá nhân, optional
}

// when checks the day and slot of a request against the plan; the keys name the form fields.
func (p plan) when(day, slot string, fe errs.FieldErrors) (calendar.Date, Slot) {
	d, err := calendar.ParseDate(strings.TrimSpace(day))
	if err != nil || !p.offers(d) {
		fe["day"] = "booking.day_not_offered"
		return d, Slot{}
	}
	c, err := calendar.ParseClock(strings.TrimSpace(slot))
	sl, ok := slotAt(p.slots, c)
	if err != nil || !ok {
		fe["slot"] = "booking.slot_required"
	}
	return d, sl
}

// Book books a slot: it checks the request, takes a place at a counter serving the
// procedure's field (race-free), stores the booking with a fresh code and, in the same
// transaction, asks notify for the confirmation SMS and records the audit entry and event.
func (s *Service) Book(ctx context.Context, communeID string, req Request, by audit.Actor) (Booking, error) {
	const op = "booking: book"
	fe := errs.FieldErrors{}
	proc, err := s.procedure(ctx, communeID, req.Procedure)
	if errs.KindOf(err) == errs.NotFound {
		fe["procedure"] = "booking.procedure_not_found"
	} else if err != nil {
		return Booking{}, err
	}
	p, err := s.plan(ctx, communeID)
	if err != nil {
		return Booking{}, err
	}
	day, sl := p.when(req.Day, req.Slot, fe)
	name := strings.Join(strings.Fields(req.Name), " ")
	switch n := utf8.RuneCountInString(name); {
	case n == 0:
		fe["name"] = "booking.name_required"
	case n > maxNameRunes:
		fe["name"] = "booking.name_too_long"
	}
	phone, err := notify.NormalizePhone(req.Phone)
	if err != nil {
		fe["phone"] = "booking.phone_invalid"
	}
	idNumber := strings.Join(strings.Fields(req.IDNumber), "")
	if idNumber != "" && !validIDNumber(idNumber) {
		fe["id_number"] = "booking.id_number_invalid"
	}
	if len(fe) > 0 {
		return Booking{}, fe.Err(op)
	}
	now := s.nowUTC()
	b := Booking{ProcedureCode: proc.Code, ProcedureName: proc.Name, Field: proc.Field, Day: day, Slot: sl,
		StartsAt: day.At(sl.Start).UTC(), EndsAt: day.At(sl.End).UTC(), Name: name, Phone: phone, IDNumber: idNumber,
		Status: Booked, CreatedAt: now, UpdatedAt: now}
	if b.StartsAt.Sub(now) <= s.lead {
		b.RemindedAt = now // the confirmation is the reminder
	}
	for attempt := 1; ; attempt++ {
		b.ID = uuid.Must(uuid.NewV7()).String()
		if b.Code, err = newCode(s.rand); err != nil {
			return Booking{}, errs.Wrap(op, err)
		}
		err = s.d.Tx(ctx, func(tx *db.Tx) error {
			var active int
			if err := tx.QueryRow(ctx, `SELECT count(*) FROM bookings WHERE commune_id = $1 AND phone = $2 AND status = $3 AND starts_at > $4`,
				communeID, phone, string(Booked), now).Scan(&active); err != nil {
				return errs.Wrap(op, err)
			}
			if active >= maxActivePerPhone {
				return errs.E(op, errs.Conflict, "booking.too_many_for_phone")
			}
			if err := phoneFree(ctx, tx, communeID, phone, day, sl, ""); err != nil {
				return err
			}
			counter, err := takePlace(ctx, tx, communeID, day, sl, p.st.serving(proc.Field))
			if err != nil {
				return err
			}
			b.Counter = counter
			if _, err := tx.Exec(ctx, `INSERT INTO bookings (commune_id, id, code, procedure_code, procedure_name, field, day, start_minute,
				end_minute, counter, starts_at, ends_at, name, phone, phone_last4, id_number, status, moves, reminded_at, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, 0, $18, $19, $19)`,
				communeID, b.ID, b.Code, b.ProcedureCode, b.ProcedureName, b.Field, day.String(), int(sl.Start), int(sl.End), counter,
				b.StartsAt, b.EndsAt, b.Name, b.Phone, phone[len(phone)-4:], b.IDNumber, string(b.Status), b.RemindedAt, now); err != nil {
				return err // a taken code is retried below; anything else is internal
			}
			if err := s.sms(ctx, tx, communeID, p.st, b, "booking.sms.booked"); err != nil {
				return err
			}
			if err := audit.Record(ctx, tx, communeID, by, "booking.book", "booking", b.ID, audit.Change{After: b.auditView()}); err != nil {
				return err
			}
			return events.Publish(ctx, tx, communeID, TopicBooked, b.eventView())
		})
		if db.IsUniqueViolation(err) {
			// Either the code was taken (drawn again below) or a concurrent booking of the same
			// phone for the same slot committed first: the index bookings_phone_slot refused ours.
			if ferr := phoneFree(ctx, s.d, communeID, phone, day, sl, ""); ferr != nil {
				return Booking{}, ferr
			}
			if attempt < codeAttempts {
				continue
			}
		}
		if err != nil {
			return Booking{}, errs.Wrap(op, err)
		}
		s.wake()
		return b, nil
	}
}

// phoneFree refuses a phone that already holds an active booking (not cancelled) for the
// slot, other than the booking except. Called inside the change's transaction for the message,
// and after a unique violation to tell it from a taken code; the unique index
// bookings_phone_slot (migration 0010) is what makes the rule hold against concurrent requests.
func phoneFree(ctx context.Context, q db.Q, communeID, phone string, day calendar.Date, sl Slot, except string) error {
	var n int
	if err := q.QueryRow(ctx, `SELECT count(*) FROM bookings WHERE commune_id = $1 AND phone = $2 AND day = $3
		AND start_minute = $4 AND status <> $5 AND id <> $6`,
		communeID, phone, day.String(), int(sl.Start), string(Cancelled), except).Scan(&n); err != nil {
		return errs.Wrap("booking: phone in slot", err)
	}
	if n > 0 {
		return errs.E("booking: phone in slot", errs.Conflict, "booking.phone_slot_taken")
	}
	return nil
}

// validIDNumber: a 12-digit personal identification number (CCCD) or a 9-digit old ID card.
func validIDNumber(s string) bool {
	if len(s) != 12 && len(s) != 9 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// takePlace takes one place in a slot at the least booked of the counters that has room and
// returns its number. The guarded UPDATE is what makes it race-free: on PostgreSQL a second
// transaction waits for the first's row lock and then re-checks booked < capacity on the new
// value; SQLite has one writer at a time.
func takePlace(ctx context.Context, tx *db.Tx, communeID string, day calendar.Date, sl Slot, counters []Counter) (int, error) {
	const op = "booking: take place"
	if len(counters) == 0 {
		return 0, errs.E(op, errs.Conflict, "booking.slot_full")
	}
	rows, err := loadSlots(ctx, tx, communeID, day, day)
	if err != nil {
		return 0, err
	}
	order := slices.Clone(counters)
	load := func(c Counter) int { return rows[slotKey{day.String(), int(sl.Start), c.Number}].booked }
	slices.SortStableFunc(order, func(a, b Counter) int { return load(a) - load(b) })
	for _, c := range order {
		if _, err := tx.Exec(ctx, `INSERT INTO booking_slots (commune_id, day, start_minute, counter, capacity, booked)
			VALUES ($1, $2, $3, $4, $5, 0) ON CONFLICT (commune_id, day, start_minute, counter) DO NOTHING`,
			communeID, day.String(), int(sl.Start), c.Number, c.Capacity); err != nil {
			return 0, errs.Wrap(op, err)
		}
		res, err := tx.Exec(ctx, `UPDATE booking_slots SET booked = booked + 1
			WHERE commune_id = $1 AND day = $2 AND start_minute = $3 AND counter = $4 AND booked < capacity`,
			communeID, day.String(), int(sl.Start), c.Number)
		if err != nil {
			return 0, errs.Wrap(op, err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return 0, errs.Wrap(op, err)
		} else if n == 1 {
			return c.Number, nil
		}
	}
	return 0, errs.E(op, errs.Conflict, "booking.slot_full")
}

// releasePlace gives a booking's place back.
func releasePlace(ctx context.Context, tx *db.Tx, communeID string, b Booking) error {
	_, err := tx.Exec(ctx, `UPDATE booking_slots SET booked = booked - 1
		WHERE commune_id = $1 AND day = $2 AND start_minute = $3 AND counter = $4 AND booked > 0`,
		communeID, b.Day.String(), int(b.Slot.Start), b.Counter)
	return errs.Wrap("booking: release place", err)
}

// claim locks a booking that is still as read (status booked, same slot) for a change; a
// concurrent change makes it Conflict.
func claim(ctx context.Context, tx *db.Tx, communeID string, b Booking, now time.Time) error {
	res, err := tx.Exec(ctx, `UPDATE bookings SET updated_at = $1 WHERE commune_id = $2 AND id = $3 AND status = $4
		AND day = $5 AND start_minute = $6 AND counter = $7`,
		now, communeID, b.ID, string(Booked), b.Day.String(), int(b.Slot.Start), b.Counter)
	if err != nil {
		return errs.Wrap("booking: claim", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return errs.E("booking: claim", errs.Conflict, "booking.changed_meanwhile")
	}
	return nil
}

// Cancel cancels a booking a resident reached with its code and phone digits, before its slot
// begins, and gives its place back.
func (s *Service) Cancel(ctx context.Context, communeID, code, last4 string, by audit.Actor) (Booking, error) {
	const op = "booking: cancel"
	b, err := s.Find(ctx, communeID, code, last4)
	if err != nil {
		return b, err
	}
	now := s.nowUTC()
	if !b.Changeable(now) {
		return b, errs.E(op, errs.Conflict, "booking.cannot_change")
	}
	st, err := s.Settings(ctx, communeID)
	if err != nil {
		return b, err
	}
	before := b
	b.Status, b.CancelledAt, b.UpdatedAt = Cancelled, now, now
	err = s.d.Tx(ctx, func(tx *db.Tx) error {
		if err := claim(ctx, tx, communeID, before, now); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE bookings SET status = $1, cancelled_at = $2 WHERE commune_id = $3 AND id = $4`,
			string(Cancelled), now, communeID, b.ID); err != nil {
			return errs.Wrap(op, err)
		}
		if err := releasePlace(ctx, tx, communeID, before); err != nil {
			return err
		}
		if err := s.sms(ctx, tx, communeID, st, b, "booking.sms.cancelled"); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, communeID, by, "booking.cancel", "booking", b.ID, audit.Change{Before: before.auditView(), After: b.auditView()}); err != nil {
			return err
		}
		return events.Publish(ctx, tx, communeID, TopicCancelled, b.eventView())
	})
	if err != nil {
		return before, errs.Wrap(op, err)
	}
	s.wake()
	return b, nil
}

// Move moves a booking a resident reached with its code and phone digits to another day or
// slot, before its slot begins: the new place is taken (or Conflict when full) and the old one
// given back, in one transaction, locking the two slot rows in a fixed order so that two moves
// crossing each other cannot deadlock.
func (s *Service) Move(ctx context.Context, communeID, code, last4, day, slot string, by audit.Actor) (Booking, error) {
	const op = "booking: move"
	b, err := s.Find(ctx, communeID, code, last4)
	if err != nil {
		return b, err
	}
	now := s.nowUTC()
	if !b.Changeable(now) {
		return b, errs.E(op, errs.Conflict, "booking.cannot_change")
	}
	p, err := s.plan(ctx, communeID)
	if err != nil {
		return b, err
	}
	fe := errs.FieldErrors{}
	d, sl := p.when(day, slot, fe)
	if len(fe) > 0 {
		return b, fe.Err(op)
	}
	if d == b.Day && sl == b.Slot {
		return b, nil
	}
	before := b
	b.Day, b.Slot, b.StartsAt, b.EndsAt, b.UpdatedAt = d, sl, d.At(sl.Start).UTC(), d.At(sl.End).UTC(), now
	b.Moves++
	b.RemindedAt = time.Time{}
	if b.StartsAt.Sub(now) <= s.lead {
		b.RemindedAt = now
	}
	newFirst := d.String() < before.Day.String() || (d == before.Day && sl.Start < before.Slot.Start)
	err = s.d.Tx(ctx, func(tx *db.Tx) error {
		if err := claim(ctx, tx, communeID, before, now); err != nil {
			return err
		}
		if err := phoneFree(ctx, tx, communeID, b.Phone, d, sl, b.ID); err != nil {
			return err
		}
		if !newFirst {
			if err := releasePlace(ctx, tx, communeID, before); err != nil {
				return err
			}
		}
		counter, err := takePlace(ctx, tx, communeID, d, sl, p.st.serving(b.Field))
		if err != nil {
			return err
		}
		b.Counter = counter
		if newFirst {
			if err := releasePlace(ctx, tx, communeID, before); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, `UPDATE bookings SET day = $1, start_minute = $2, end_minute = $3, counter = $4, starts_at = $5,
			ends_at = $6, moves = $7, reminded_at = $8, updated_at = $9 WHERE commune_id = $10 AND id = $11`,
			d.String(), int(sl.Start), int(sl.End), counter, b.StartsAt, b.EndsAt, b.Moves, b.RemindedAt, now, communeID, b.ID); err != nil {
			return errs.Wrap(op, err)
		}
		if err := s.sms(ctx, tx, communeID, p.st, b, "booking.sms.moved"); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, communeID, by, "booking.move", "booking", b.ID, audit.Change{Before: before.auditView(), After: b.auditView()}); err != nil {
			return err
		}
		return events.Publish(ctx, tx, communeID, TopicMoved, b.eventView())
	})
	if db.IsUniqueViolation(err) {
		// A booking of the same phone for the new slot committed meanwhile.
		err = errs.E(op, errs.Conflict, "booking.phone_slot_taken")
	}
	if err != nil {
		return before, errs.Wrap(op, err)
	}
	s.wake()
	return b, nil
}

// sms asks notify to text the resident about a booking, in Vietnamese. Without an SMS gateway
// configured, notify keeps the message as "recorded" for the admins.
func (s *Service) sms(ctx context.Context, tx *db.Tx, communeID string, st Settings, b Booking, key string) error {
	name, err := s.communeName(ctx, tx, communeID)
	if err != nil {
		return err
	}
	when := calendar.WeekdayName(b.Day) + " " + fmt.Sprintf("%02d/%02d/%d", b.Day.Day, int(b.Day.Month), b.Day.Year)
	body := fmt.Sprintf(Messages[key][0], name, b.ProcedureName, b.Slot.Start.String(), when, st.CounterName(b.Counter), b.Code)
	return notify.Request(ctx, tx, notify.Message{CommuneID: communeID, Channel: notify.SMS, Recipient: b.Phone, Body: body})
}
