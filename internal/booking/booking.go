package booking

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"

	"xaso/internal/calendar"
	"xaso/internal/db"
	"xaso/internal/errs"
)

// Status of a booking. A booking still Booked once its slot has ended is a no-show.
type Status string

const (
	Booked    Status = "booked"
	CheckedIn Status = "checked_in"
	Cancelled Status = "cancelled"
)

// Event topics of the room (payloads carry codes and times, never personal data).
const (
	TopicBooked       = "booking.booked"
	TopicMoved        = "booking.moved"
	TopicCancelled    = "booking.cancelled"
	TopicCheckedIn    = "booking.checked_in"
	TopicTicketServed = "booking.ticket_served" // a ticket was served: the rating room's cue
	TopicTicketNoShow = "booking.ticket_no_show"
)

const (
	maxActivePerPhone  = 3 // upcoming bookings one phone number may hold in a commune
	maxNameRunes       = 100
	codeAttempts       = 4 // a new code is drawn when one is taken (about one chance in a billion)
	statusNoShow       = "no_show"
	statusTicketServed = "served"
)

// Booking is one appointment.
type Booking struct {
	ID, Code                            string
	ProcedureCode, ProcedureName, Field string
	Day                                 calendar.Date
	Slot                                Slot
	Counter                             int
	StartsAt, EndsAt                    time.Time
	Name, Phone, IDNumber               string
	Status                              Status
	Moves                               int
	RemindedAt, CheckedInAt             time.Time
	CancelledAt, CreatedAt, UpdatedAt   time.Time
	// Ticket and TicketStatus are the queue ticket given at check-in ("HT-012", "called"),
	// read with the day's list.
	Ticket, TicketStatus string
}

// NoShow reports whether the booking was not checked in by the end of its slot.
func (b Booking) NoShow(now time.Time) bool { return b.Status == Booked && !now.Before(b.EndsAt) }

// State is the booking's state for people: booked, checked_in, cancelled or no_show.
func (b Booking) State(now time.Time) string {
	if b.NoShow(now) {
		return statusNoShow
	}
	return string(b.Status)
}

// Changeable reports whether the resident may still cancel or move the booking.
func (b Booking) Changeable(now time.Time) bool { return b.Status == Booked && now.Before(b.StartsAt) }

// PhoneMasked shows the last four digits only ("•••• 6813"), as pages for the desk show it.
func (b Booking) PhoneMasked() string { return maskPhone(b.Phone) }

func maskPhone(p string) string {
	if len(p) < 4 {
		return ""
	}
	return "••••" + p[len(p)-4:]
}

func (b Booking) auditView() map[string]any {
	return map[string]any{"code": b.Code, "procedure": b.ProcedureCode, "day": b.Day.String(), "slot": b.Slot.String(),
		"counter": b.Counter, "status": string(b.Status), "name": b.Name, "phone": maskPhone(b.Phone), "id_number": maskID(b.IDNumber)}
}

func maskID(s string) string {
	if len(s) <= 4 {
		return strings.Repeat("•", len(s))
	}
	return strings.Repeat("•", len(s)-4) + s[len(s)-4:]
}

// eventView is what the room's events say of a booking.
func (b Booking) eventView() map[string]any {
	return map[string]any{"code": b.Code, "procedure": b.ProcedureCode, "field": b.Field, "day": b.Day.String(),
		"start": b.Slot.Start.String(), "counter": b.Counter, "status": string(b.Status)}
}

const bookingCols = `id, code, procedure_code, procedure_name, field, day, start_minute, end_minute, counter, starts_at, ends_at,
	name, phone, id_number, status, moves, reminded_at, checked_in_at, cancelled_at, created_at, updated_at`

func scanBooking(sc interface{ Scan(...any) error }, extra ...any) (Booking, error) {
	var b Booking
	var day, status string
	var start, end int
	var reminded, checked, cancelled sql.NullTime
	dest := append([]any{&b.ID, &b.Code, &b.ProcedureCode, &b.ProcedureName, &b.Field, &day, &start, &end, &b.Counter,
		&b.StartsAt, &b.EndsAt, &b.Name, &b.Phone, &b.IDNumber, &status, &b.Moves, &reminded, &checked, &cancelled,
		&b.CreatedAt, &b.UpdatedAt}, extra...)
	if err := sc.Scan(dest...); err != nil {
		return b, err
	}
	d, err := calendar.ParseDate(day)
	if err != nil {
		return b, err
	}
	b.Day, b.Slot, b.Status = d, Slot{Start: calendar.Clock(start), End: calendar.Clock(end)}, Status(status)
	b.RemindedAt, b.CheckedInAt, b.CancelledAt = reminded.Time, checked.Time, cancelled.Time
	return b, nil
}

func bookingByCode(ctx context.Context, q db.Q, communeID, code string) (Booking, error) {
	const op = "booking: by code"
	b, err := scanBooking(q.QueryRow(ctx, `SELECT `+bookingCols+` FROM bookings WHERE commune_id = $1 AND code = $2`, communeID, code))
	if errors.Is(err, sql.ErrNoRows) {
		return b, errs.E(op, errs.NotFound, "booking.not_found")
	}
	return b, errs.Wrap(op, err)
}

// Booking returns a booking by its code, for the desk and the confirmation page.
func (s *Service) Booking(ctx context.Context, communeID, code string) (Booking, error) {
	c, ok := NormalizeCode(code)
	if !ok {
		return Booking{}, errs.E("booking: get", errs.NotFound, "booking.not_found")
	}
	return bookingByCode(ctx, s.d, communeID, c)
}

// Find returns the booking with that code whose phone number ends with last4: how a resident
// reaches a booking. An unknown code and wrong digits give the same NotFound.
func (s *Service) Find(ctx context.Context, communeID, code, last4 string) (Booking, error) {
	notFound := errs.E("booking: find", errs.NotFound, "booking.not_found")
	last4 = strings.TrimSpace(last4)
	if len(last4) != 4 {
		return Booking{}, notFound
	}
	b, err := s.Booking(ctx, communeID, code)
	if err != nil {
		return b, err
	}
	if !strings.HasSuffix(b.Phone, last4) {
		return Booking{}, notFound
	}
	return b, nil
}

// DayCounts sums up a day's bookings for the desk.
type DayCounts struct {
	Total, Waiting, CheckedIn, Cancelled, NoShows int
}

// DayBookings lists a day's bookings by slot and counter, with the ticket each checked-in
// booking got, and their counts (no-shows among them, as of now).
func (s *Service) DayBookings(ctx context.Context, communeID string, day calendar.Date) ([]Booking, DayCounts, error) {
	const op = "booking: day"
	var c DayCounts
	rows, err := s.d.Query(ctx, `SELECT `+prefixed("b.", bookingCols)+`, COALESCE(t.prefix, ''), COALESCE(t.number, 0), COALESCE(t.status, '')
		FROM bookings b LEFT JOIN queue_tickets t ON t.commune_id = b.commune_id AND t.booking_id = b.id
		WHERE b.commune_id = $1 AND b.day = $2 ORDER BY b.start_minute, b.counter, b.created_at`, communeID, day.String())
	if err != nil {
		return nil, c, errs.Wrap(op, err)
	}
	defer rows.Close()
	now := s.now()
	var out []Booking
	for rows.Next() {
		var prefix string
		var number int
		var tstatus string
		b, err := scanBooking(rows, &prefix, &number, &tstatus)
		if err != nil {
			return nil, c, errs.Wrap(op, err)
		}
		if prefix != "" {
			b.Ticket, b.TicketStatus = ticketLabel(prefix, number), tstatus
		}
		c.Total++
		switch {
		case b.Status == Cancelled:
			c.Cancelled++
		case b.Status == CheckedIn:
			c.CheckedIn++
		case b.NoShow(now):
			c.NoShows++
		default:
			c.Waiting++
		}
		out = append(out, b)
	}
	return out, c, errs.Wrap(op, rows.Err())
}

// NoShows counts the bookings of days from..to (inclusive) not checked in by the end of their
// slot, as of now.
func (s *Service) NoShows(ctx context.Context, communeID string, from, to calendar.Date) (int, error) {
	var n int
	err := s.d.QueryRow(ctx, `SELECT count(*) FROM bookings WHERE commune_id = $1 AND day >= $2 AND day <= $3
		AND status = $4 AND ends_at <= $5`, communeID, from.String(), to.String(), string(Booked), s.nowUTC()).Scan(&n)
	return n, errs.Wrap("booking: no-shows", err)
}

// prefixed qualifies a column list with a table alias.
func prefixed(alias, cols string) string {
	parts := strings.Split(cols, ",")
	for i, p := range parts {
		parts[i] = alias + strings.TrimSpace(p)
	}
	return strings.Join(parts, ", ")
}

func ticketLabel(prefix string, number int) string {
	n := strconv.Itoa(number)
	for len(n) < 3 {
		n = "0" + n
	}
	return prefix + "-" + n
}
