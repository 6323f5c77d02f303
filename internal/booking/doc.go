// Package booking is the appointment and queue room of the one-stop desk (plan III.1.2
// "time-slot appointments"; onestop-rules.md §7 "Rating at the desk and queueing"):
//
//   - Appointments. Each commune splits its office sessions (from its calendar) into slots of N
//     minutes (30 by default); each counter (quầy) serves some fields of procedures and takes a
//     number of bookings per slot. A resident books a procedure on one of the next working days
//     (14 by default; never a weekend, a holiday or a closure), gets a six-character booking
//     code, a confirmation page and an SMS, and an SMS reminder the day before
//     (SendReminders, run by the composition root's worker). With the code and the last four
//     digits of the phone number the resident cancels or moves the booking. The desk sees the
//     day's bookings and checks people in; a booking not checked in by the end of its slot is
//     a no-show (counted when read, never stored).
//   - Queue. At the kiosk a resident takes a ticket for a field ("HT-012": the field's prefix
//     and the day's number for it) or checks a booking in, which gives a ticket too. A desk
//     officer calls the next ticket for the counter's fields: checked-in bookings whose slot has
//     begun first, by slot, then every other ticket in the order taken (NextTicket). The
//     display shows the last calls of each counter; with JavaScript it polls a JSON feed and
//     announces new calls to screen readers, without it the page refreshes itself.
//
// Capacity is enforced in the database, race-free on both engines: one row per slot and counter
// is updated with "booked = booked + 1 WHERE booked < capacity" and the rows affected decide.
//
// # What this package owns and must not touch
//
// It owns the tables booking_settings, booking_counters, booking_fields, booking_slots,
// bookings, queue_sequences and queue_tickets (migration 0005_booking). It reads the procedure
// catalogue through a Catalogue (OnestopCatalogue adapts the one-stop room, read only), the
// working days and office hours through the injected Calendars function and the commune's
// name through package commune; it writes none of their tables. It sends no message itself:
// confirmations and reminders go through notify.Request in the change's transaction.
package booking
