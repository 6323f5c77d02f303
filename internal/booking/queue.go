package booking

import (
	"context"
	"database/sql"
	"slices"
	"time"

	"github.com/google/uuid"

	"xaso/internal/audit"
	"xaso/internal/calendar"
	"xaso/internal/db"
	"xaso/internal/errs"
	"xaso/internal/events"
)

// Ticket states.
const (
	TicketWaiting = "waiting"
	TicketCalled  = "called"
	TicketServed  = statusTicketServed
	TicketNoShow  = statusNoShow
)

// Ticket is one number of the day's queue.
type Ticket struct {
	ID     string
	Day    calendar.Date
	Seq    int    // the day's order of all tickets
	Prefix string // the field's prefix, "HT"
	Number int    // the field's number of the day, 12
	Field  string
	// BookingID is set on the ticket of a checked-in booking; SlotStart is then the start of
	// its slot.
	BookingID  string
	SlotStart  time.Time
	Status     string
	Counter    int
	Calls      int
	CallSeq    int // the day's order of the ticket's last call
	CalledAt   time.Time
	FinishedAt time.Time
	CreatedAt  time.Time
}

// Label is how the ticket is written and called: "HT-012".
func (t Ticket) Label() string { return ticketLabel(t.Prefix, t.Number) }

// Booked reports whether the ticket belongs to a checked-in booking.
func (t Ticket) Booked() bool { return t.BookingID != "" }

// priority reports whether a ticket goes before walk-ins at now: a checked-in booking whose
// slot has begun.
func (t Ticket) priority(now time.Time) bool { return t.Booked() && !now.Before(t.SlotStart) }

// NextTicket picks the ticket a counter calls next among the waiting tickets of its fields:
// first the checked-in bookings whose slot has begun, earliest slot first (then the order they
// were taken), then every other ticket in the order taken. A booking checked in before its slot
// waits in the common line like anyone else until the slot begins, so that an early arrival is
// served early when the desk is free but never pushes a walk-in back before its time.
func NextTicket(waiting []Ticket, now time.Time) (Ticket, bool) {
	if len(waiting) == 0 {
		return Ticket{}, false
	}
	best := waiting[0]
	for _, t := range waiting[1:] {
		if before(t, best, now) {
			best = t
		}
	}
	return best, true
}

// QueueOrder sorts waiting tickets in the order NextTicket would call them at now.
func QueueOrder(waiting []Ticket, now time.Time) []Ticket {
	out := slices.Clone(waiting)
	slices.SortStableFunc(out, func(a, b Ticket) int {
		switch {
		case before(a, b, now):
			return -1
		case before(b, a, now):
			return 1
		}
		return 0
	})
	return out
}

func before(a, b Ticket, now time.Time) bool {
	pa, pb := a.priority(now), b.priority(now)
	switch {
	case pa != pb:
		return pa
	case pa && !a.SlotStart.Equal(b.SlotStart):
		return a.SlotStart.Before(b.SlotStart)
	}
	return a.Seq < b.Seq
}

const ticketCols = `id, day, seq, prefix, number, field, booking_id, slot_start, status, counter, calls, call_seq, called_at, finished_at, created_at`

func scanTicket(sc interface{ Scan(...any) error }) (Ticket, error) {
	var t Ticket
	var day string
	var slot, called, finished sql.NullTime
	if err := sc.Scan(&t.ID, &day, &t.Seq, &t.Prefix, &t.Number, &t.Field, &t.BookingID, &slot, &t.Status, &t.Counter,
		&t.Calls, &t.CallSeq, &called, &finished, &t.CreatedAt); err != nil {
		return t, err
	}
	d, err := calendar.ParseDate(day)
	t.Day, t.SlotStart, t.CalledAt, t.FinishedAt = d, slot.Time, called.Time, finished.Time
	return t, err
}

func queryTickets(ctx context.Context, q db.Q, query string, args ...any) ([]Ticket, error) {
	rows, err := q.Query(ctx, `SELECT `+ticketCols+` FROM queue_tickets WHERE `+query, args...)
	if err != nil {
		return nil, errs.Wrap("booking: tickets", err)
	}
	defer rows.Close()
	var out []Ticket
	for rows.Next() {
		t, err := scanTicket(rows)
		if err != nil {
			return nil, errs.Wrap("booking: tickets", err)
		}
		out = append(out, t)
	}
	return out, errs.Wrap("booking: tickets", rows.Err())
}

// Ticket returns one ticket of the commune.
func (s *Service) Ticket(ctx context.Context, communeID, id string) (Ticket, error) {
	if _, err := uuid.Parse(id); err != nil {
		return Ticket{}, errs.E("booking: ticket", errs.NotFound, "booking.ticket_not_found")
	}
	ts, err := queryTickets(ctx, s.d, `commune_id = $1 AND id = $2`, communeID, id)
	if err != nil {
		return Ticket{}, err
	}
	if len(ts) == 0 {
		return Ticket{}, errs.E("booking: ticket", errs.NotFound, "booking.ticket_not_found")
	}
	return ts[0], nil
}

// next advances one of the day's sequences and returns its new value.
func next(ctx context.Context, tx *db.Tx, communeID, day, name string) (int, error) {
	if _, err := tx.Exec(ctx, `INSERT INTO queue_sequences (commune_id, day, name, last) VALUES ($1, $2, $3, 0)
		ON CONFLICT (commune_id, day, name) DO NOTHING`, communeID, day, name); err != nil {
		return 0, errs.Wrap("booking: sequence", err)
	}
	var n int
	err := tx.QueryRow(ctx, `UPDATE queue_sequences SET last = last + 1 WHERE commune_id = $1 AND day = $2 AND name = $3 RETURNING last`,
		communeID, day, name).Scan(&n)
	return n, errs.Wrap("booking: sequence", err)
}

// newTicket puts a ticket for field at the end of today's queue, inside tx.
func (s *Service) newTicket(ctx context.Context, tx *db.Tx, communeID string, st Settings, field string, b *Booking) (Ticket, error) {
	prefix, err := s.prefixOf(ctx, communeID, st, field)
	if err != nil {
		return Ticket{}, err
	}
	now := s.nowUTC()
	t := Ticket{ID: uuid.Must(uuid.NewV7()).String(), Day: s.today(), Prefix: prefix, Field: field, Status: TicketWaiting, CreatedAt: now}
	if b != nil {
		t.BookingID, t.SlotStart = b.ID, b.StartsAt
	}
	day := t.Day.String()
	if t.Seq, err = next(ctx, tx, communeID, day, "*"); err != nil {
		return t, err
	}
	if t.Number, err = next(ctx, tx, communeID, day, prefix); err != nil {
		return t, err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO queue_tickets (commune_id, id, day, seq, prefix, number, field, booking_id, slot_start, status, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		communeID, t.ID, day, t.Seq, t.Prefix, t.Number, t.Field, t.BookingID, t.SlotStart, t.Status, now); err != nil {
		return t, errs.Wrap("booking: new ticket", err)
	}
	return t, nil
}

// TakeTicket gives a walk-in resident a ticket for a field of procedures (the kiosk); only a
// field some active counter serves.
func (s *Service) TakeTicket(ctx context.Context, communeID, field string) (Ticket, error) {
	const op = "booking: take ticket"
	// Outside office hours no ticket is given: nobody would call it (issue 8 item 11: the
	// kiosk gave tickets at 21:50 on a Saturday).
	if open, _, err := s.KioskOpen(ctx, communeID); err != nil {
		return Ticket{}, err
	} else if !open {
		return Ticket{}, errs.E(op, errs.Conflict, "booking.kiosk_closed")
	}
	st, err := s.Settings(ctx, communeID)
	if err != nil {
		return Ticket{}, err
	}
	fields, err := s.QueueFields(ctx, communeID, st)
	if err != nil {
		return Ticket{}, err
	}
	if !slices.Contains(fields, field) {
		return Ticket{}, errs.E(op, errs.Invalid, "booking.field_unknown")
	}
	var t Ticket
	err = s.d.Tx(ctx, func(tx *db.Tx) error {
		t, err = s.newTicket(ctx, tx, communeID, st, field, nil)
		return err
	})
	return t, errs.Wrap(op, err)
}

// KioskOpen reports whether the office is open now by the commune's calendar and, when it is
// not, when it opens next (the zero time when no working day comes within a year).
func (s *Service) KioskOpen(ctx context.Context, communeID string) (bool, time.Time, error) {
	cal, err := s.calendar(ctx, communeID)
	if err != nil {
		return false, time.Time{}, err
	}
	now := s.now()
	if cal.OpenAt(now) {
		return true, now, nil
	}
	return false, cal.NextOpening(now), nil
}

// CheckIn records that a booked resident has arrived (at the kiosk with the code, or at the
// desk) and gives a ticket that goes first once the slot has begun. Only on the booking's day
// and before its slot ends: after that it is a no-show and the resident takes a ticket.
func (s *Service) CheckIn(ctx context.Context, communeID, code string, by audit.Actor) (Booking, Ticket, error) {
	const op = "booking: check in"
	b, err := s.Booking(ctx, communeID, code)
	if err != nil {
		return b, Ticket{}, err
	}
	now := s.nowUTC()
	switch {
	case b.Status == Cancelled:
		return b, Ticket{}, errs.E(op, errs.Conflict, "booking.checkin_cancelled")
	case b.Status == CheckedIn:
		return b, Ticket{}, errs.E(op, errs.Conflict, "booking.checkin_already")
	case b.Day != s.today():
		return b, Ticket{}, errs.E(op, errs.Conflict, "booking.checkin_other_day")
	case b.NoShow(now):
		return b, Ticket{}, errs.E(op, errs.Conflict, "booking.checkin_too_late")
	}
	st, err := s.Settings(ctx, communeID)
	if err != nil {
		return b, Ticket{}, err
	}
	before := b
	b.Status, b.CheckedInAt, b.UpdatedAt = CheckedIn, now, now
	var t Ticket
	err = s.d.Tx(ctx, func(tx *db.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE bookings SET status = $1, checked_in_at = $2, updated_at = $2 WHERE commune_id = $3 AND id = $4 AND status = $5`,
			string(CheckedIn), now, communeID, b.ID, string(Booked))
		if err != nil {
			return errs.Wrap(op, err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errs.E(op, errs.Conflict, "booking.checkin_already")
		}
		if t, err = s.newTicket(ctx, tx, communeID, st, b.Field, &b); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, communeID, by, "booking.check_in", "booking", b.ID, audit.Change{Before: before.auditView(), After: b.auditView()}); err != nil {
			return err
		}
		ev := b.eventView()
		ev["ticket"] = t.Label()
		return events.Publish(ctx, tx, communeID, TopicCheckedIn, ev)
	})
	if err != nil {
		return before, Ticket{}, errs.Wrap(op, err)
	}
	b.Ticket, b.TicketStatus = t.Label(), t.Status
	s.wake()
	return b, t, nil
}

// Waiting returns today's waiting tickets for the fields a counter serves, in the order they
// will be called.
func (s *Service) Waiting(ctx context.Context, communeID string, c Counter) ([]Ticket, error) {
	ts, err := queryTickets(ctx, s.d, `commune_id = $1 AND day = $2 AND status = $3 ORDER BY seq`, communeID, s.today().String(), TicketWaiting)
	if err != nil {
		return nil, err
	}
	return QueueOrder(serving(ts, c), s.now()), nil
}

// Ahead counts the tickets called before t at a counter serving its field, were the queue
// called now: what the kiosk tells the resident.
func (s *Service) Ahead(ctx context.Context, communeID string, t Ticket) (int, error) {
	if t.Status != TicketWaiting {
		return 0, nil
	}
	ts, err := queryTickets(ctx, s.d, `commune_id = $1 AND day = $2 AND status = $3 AND field = $4`, communeID, t.Day.String(), TicketWaiting, t.Field)
	if err != nil {
		return 0, err
	}
	now, n := s.now(), 0
	for _, o := range ts {
		if o.ID != t.ID && before(o, t, now) {
			n++
		}
	}
	return n, nil
}

func serving(ts []Ticket, c Counter) []Ticket {
	var out []Ticket
	for _, t := range ts {
		if c.Serves(t.Field) {
			out = append(out, t)
		}
	}
	return out
}
