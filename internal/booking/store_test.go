package booking_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"xaso/internal/audit"
	"xaso/internal/booking"
	"xaso/internal/calendar"
	"xaso/internal/commune"
	"xaso/internal/db"
	"xaso/internal/db/dbtest"
	"xaso/internal/errs"
	"xaso/internal/notify"
	"xaso/internal/onestop"
)

// clock is a settable clock for the Service.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

var desk = audit.Actor{ID: "u-desk", Name: "Cán bộ một cửa"}

// env is a migrated database with the demo commune and its catalogue, and a booking Service
// on a clock set to Monday 2 March 2026, 08:00 in Vietnam.
type env struct {
	d       *db.DB
	svc     *booking.Service
	clock   *clock
	commune string
}

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	ctx := context.Background()
	res, err := commune.SeedDemo(ctx, d, rand.New(rand.NewPCG(1, 2)), commune.DemoOptions{})
	if err != nil {
		t.Fatal(err)
	}
	os := onestop.New(onestop.Deps{DB: d})
	if err := os.EnsureAllCatalogues(ctx); err != nil {
		t.Fatal(err)
	}
	c := &clock{t: at(calendar.NewDate(2026, 3, 2), 8, 0)}
	svc := booking.New(booking.Deps{DB: d, Catalogue: booking.OnestopCatalogue(os), Now: c.now})
	return &env{d: d, svc: svc, clock: c, commune: res.CommuneID}
}

func at(d calendar.Date, h, m int) time.Time { return d.At(calendar.NewClock(h, m)) }

// counters replaces the commune's counters.
func (e *env) counters(t *testing.T, cs ...booking.Counter) {
	t.Helper()
	st, err := e.svc.Settings(context.Background(), e.commune)
	if err != nil {
		t.Fatal(err)
	}
	st.Counters = cs
	if err := e.svc.SaveSettings(context.Background(), e.commune, st, st.Version, desk); err != nil {
		t.Fatal(err)
	}
}

func (e *env) book(phone, day, slot string) (booking.Booking, error) {
	return e.svc.Book(context.Background(), e.commune, booking.Request{Procedure: onestop.CodeBirth, Day: day, Slot: slot,
		Name: "Người thử " + phone, Phone: phone}, audit.Actor{ID: "anonymous", Name: "Khách"})
}

func phone(i int) string { return fmt.Sprintf("0912%06d", i) }

func slotRow(t *testing.T, d *db.DB, communeID, day string, start, counter int) (capacity, booked int) {
	t.Helper()
	if err := d.QueryRow(context.Background(), `SELECT capacity, booked FROM booking_slots WHERE commune_id = $1 AND day = $2 AND start_minute = $3 AND counter = $4`,
		communeID, day, start, counter).Scan(&capacity, &booked); err != nil {
		t.Fatalf("slot row %s %d %d: %v", day, start, counter, err)
	}
	return
}

// Concurrent bookings never exceed a slot's capacity, on either engine: 24 residents try the
// same slot at once, the counters serving the field take 3 + 2, exactly 5 get it.
func TestConcurrentBookingsNeverExceedCapacity(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.counters(t,
			booking.Counter{Number: 1, Name: "Quầy 1", Fields: []string{"Hộ tịch"}, Capacity: 3, Active: true},
			booking.Counter{Number: 2, Name: "Quầy 2", Capacity: 2, Active: true},
			booking.Counter{Number: 3, Name: "Quầy 3", Fields: []string{"Chứng thực"}, Capacity: 9, Active: true})
		const tries = 24
		var wg sync.WaitGroup
		var mu sync.Mutex
		ok, full := 0, 0
		var other []error
		start := make(chan struct{})
		for i := 0; i < tries; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				<-start
				_, err := e.book(phone(i), "2026-03-04", "09:00")
				mu.Lock()
				defer mu.Unlock()
				switch e, isE := errs.As(err); {
				case err == nil:
					ok++
				case isE && e.Key == "booking.slot_full":
					full++
				default:
					other = append(other, err)
				}
			}(i)
		}
		close(start)
		wg.Wait()
		if len(other) > 0 {
			t.Fatalf("unexpected errors: %v", other)
		}
		if ok != 5 || full != tries-5 {
			t.Fatalf("%d booked, %d refused as full; want 5 and %d", ok, full, tries-5)
		}
		for counter, want := range map[int]int{1: 3, 2: 2} {
			if capacity, booked := slotRow(t, d, e.commune, "2026-03-04", 9*60, counter); booked != want || booked > capacity {
				t.Errorf("counter %d: booked %d of %d, want %d", counter, booked, capacity, want)
			}
		}
		var n int
		if err := d.QueryRow(context.Background(), `SELECT count(*) FROM bookings WHERE commune_id = $1 AND day = '2026-03-04'`, e.commune).Scan(&n); err != nil || n != 5 {
			t.Fatalf("%d bookings stored (%v)", n, err)
		}
		slots, err := e.svc.Slots(context.Background(), e.commune, "Hộ tịch", calendar.NewDate(2026, 3, 4))
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range slots {
			want := 5
			if s.Start == calendar.NewClock(9, 0) {
				want = 0
			}
			if s.Free != want {
				t.Errorf("slot %s: %d free, want %d", s.Slot, s.Free, want)
			}
		}
	})
}

// Only working days and office hours are offered, and a request for anything else is refused.
func TestOnlyWorkingDaysAndOfficeHours(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		e.clock.set(at(calendar.NewDate(2026, 2, 12), 10, 0)) // Thursday before Tết
		days, err := e.svc.Days(ctx, e.commune, "Hộ tịch")
		if err != nil {
			t.Fatal(err)
		}
		if len(days) != booking.DefaultDaysAhead || days[0].Date != calendar.NewDate(2026, 2, 13) || days[1].Date != calendar.NewDate(2026, 2, 23) {
			t.Fatalf("days %v", days)
		}
		for _, dd := range days {
			if wd := dd.Date.Weekday(); wd == time.Saturday || wd == time.Sunday || dd.Date == calendar.NewDate(2026, 2, 17) {
				t.Errorf("%v offered", dd.Date)
			}
			if dd.Free != 15*2 { // 15 slots of 30 minutes, the default counter takes 2 each
				t.Errorf("%v: %d free", dd.Date, dd.Free)
			}
		}
		refused := []struct{ day, slot, field string }{
			{"2026-02-15", "08:00", "day"}, // Sunday
			{"2026-02-17", "08:00", "day"}, // Tết
			{"2026-02-12", "15:00", "day"}, // today: the queue's
			{"2026-02-11", "08:00", "day"}, // past
			{"2026-04-30", "08:00", "day"}, // beyond 14 working days
			{"2026-02-13", "12:00", "slot"},
			{"2026-02-13", "17:00", "slot"},
			{"2026-02-13", "07:00", "slot"},
			{"2026-02-13", "08:10", "slot"}, // not a slot start
		}
		for _, r := range refused {
			_, err := e.book(phone(1), r.day, r.slot)
			fe, ok := errs.Fields(err)
			if !ok || fe[r.field] == "" {
				t.Errorf("%s %s: %v, want a %s error", r.day, r.slot, err, r.field)
			}
		}
		if _, err := e.svc.Slots(ctx, e.commune, "Hộ tịch", calendar.NewDate(2026, 2, 17)); errs.KindOf(err) != errs.NotFound {
			t.Errorf("slots of Tết: %v", err)
		}
		b, err := e.book(phone(1), "2026-02-23", "16:30")
		if err != nil {
			t.Fatal(err)
		}
		if b.Slot.String() != "16:30–17:00" || !b.StartsAt.Equal(at(calendar.NewDate(2026, 2, 23), 16, 30)) || len(b.Code) != booking.CodeLength {
			t.Fatalf("booking %+v", b)
		}
	})
}

func TestCancelAndMove(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		e.counters(t, booking.Counter{Number: 1, Name: "Quầy 1", Capacity: 1, Active: true})
		b, err := e.book("0915 246 813", "2026-03-04", "09:00")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Find(ctx, e.commune, b.Code, "0000"); errs.KindOf(err) != errs.NotFound {
			t.Fatalf("wrong digits: %v", err)
		}
		if got, err := e.svc.Find(ctx, e.commune, strings.ToLower(b.Code), "6813"); err != nil || got.ID != b.ID {
			t.Fatalf("find: %v", err)
		}
		// Another resident fills 10:00; moving there is refused, nothing changes.
		if _, err := e.book(phone(2), "2026-03-04", "10:00"); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Move(ctx, e.commune, b.Code, "6813", "2026-03-04", "10:00", desk); errs.KindOf(err) != errs.Conflict {
			t.Fatalf("move into a full slot: %v", err)
		}
		if _, booked := slotRow(t, d, e.commune, "2026-03-04", 9*60, 1); booked != 1 {
			t.Fatalf("after a refused move the old slot holds %d", booked)
		}
		// Move to the next day, earlier in the day: the old place is freed, the new one taken.
		moved, err := e.svc.Move(ctx, e.commune, b.Code, "6813", "2026-03-05", "07:30", desk)
		if err != nil {
			t.Fatal(err)
		}
		if moved.Day != calendar.NewDate(2026, 3, 5) || moved.Slot.Start != calendar.NewClock(7, 30) || moved.Moves != 1 || moved.Code != b.Code {
			t.Fatalf("moved %+v", moved)
		}
		if _, booked := slotRow(t, d, e.commune, "2026-03-04", 9*60, 1); booked != 0 {
			t.Errorf("old slot still holds %d", booked)
		}
		if _, booked := slotRow(t, d, e.commune, "2026-03-05", 7*60+30, 1); booked != 1 {
			t.Errorf("new slot holds %d", booked)
		}
		// The freed place can be booked again.
		if _, err := e.book(phone(3), "2026-03-04", "09:00"); err != nil {
			t.Fatalf("the freed place: %v", err)
		}
		// Cancel, then nothing more can change.
		c, err := e.svc.Cancel(ctx, e.commune, b.Code, "6813", desk)
		if err != nil || c.Status != booking.Cancelled {
			t.Fatalf("cancel: %+v %v", c, err)
		}
		if _, booked := slotRow(t, d, e.commune, "2026-03-05", 7*60+30, 1); booked != 0 {
			t.Errorf("a cancelled booking still holds its place")
		}
		if _, err := e.svc.Cancel(ctx, e.commune, b.Code, "6813", desk); errs.KindOf(err) != errs.Conflict {
			t.Errorf("second cancel: %v", err)
		}
		if _, err := e.svc.Move(ctx, e.commune, b.Code, "6813", "2026-03-06", "08:00", desk); errs.KindOf(err) != errs.Conflict {
			t.Errorf("moving a cancelled booking: %v", err)
		}
		// A booking whose slot has begun cannot be changed any more.
		late, err := e.book(phone(4), "2026-03-06", "08:00")
		if err != nil {
			t.Fatal(err)
		}
		e.clock.set(at(calendar.NewDate(2026, 3, 6), 8, 0))
		if _, err := e.svc.Cancel(ctx, e.commune, late.Code, late.Phone[len(late.Phone)-4:], desk); errs.KindOf(err) != errs.Conflict {
			t.Errorf("cancel at the slot's start: %v", err)
		}
		// Every change asked for an SMS: 4 bookings, a move, a cancellation.
		if n := smsCount(t, d, e.commune); n != 6 {
			t.Errorf("%d SMS asked for, want 6", n)
		}
		var actions int
		if err := d.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE commune_id = $1 AND action LIKE 'booking.%'`, e.commune).Scan(&actions); err != nil || actions < 6 {
			t.Errorf("%d audit entries (%v)", actions, err)
		}
	})
}

// smsCount counts the SMS the room asked notify for (the outbox events of topic notify.send).
func smsCount(t *testing.T, d *db.DB, communeID string) int {
	t.Helper()
	rows, err := d.Query(context.Background(), `SELECT payload FROM outbox WHERE commune_id = $1 AND topic = $2`, communeID, notify.TopicSend)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			t.Fatal(err)
		}
		var m notify.Message
		if err := json.Unmarshal([]byte(p), &m); err != nil {
			t.Fatal(err)
		}
		if m.Channel == notify.SMS {
			n++
		}
	}
	return n
}

// A phone number may hold only a few upcoming bookings, so that one person cannot take a
// day's places.
func TestBookingsPerPhoneAreLimited(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	for i, slot := range []string{"08:00", "08:30", "09:00"} {
		if _, err := e.book("0987654321", "2026-03-04", slot); err != nil {
			t.Fatalf("booking %d: %v", i, err)
		}
	}
	if _, err := e.book("+84 987 654 321", "2026-03-05", "08:00"); errs.KindOf(err) != errs.Conflict {
		t.Fatalf("a fourth booking for the same phone: %v", err)
	}
	if _, err := e.book("0912 34", "2026-03-05", "08:00"); err == nil {
		t.Fatal("an invalid phone was accepted")
	}
}

// No-shows: a booking not checked in by the end of its slot is counted as one; a check-in
// after that is refused.
func TestNoShowCounting(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		e.counters(t, booking.Counter{Number: 1, Name: "Quầy 1", Capacity: 5, Active: true})
		day := calendar.NewDate(2026, 3, 4)
		comes, _ := e.book(phone(1), day.String(), "08:00")
		absent, _ := e.book(phone(2), day.String(), "08:00")
		later, _ := e.book(phone(3), day.String(), "09:00")
		cancelled, err := e.book(phone(4), day.String(), "08:00")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Cancel(ctx, e.commune, cancelled.Code, cancelled.Phone[len(cancelled.Phone)-4:], desk); err != nil {
			t.Fatal(err)
		}
		e.clock.set(at(day, 7, 50))
		if _, _, err := e.svc.CheckIn(ctx, e.commune, comes.Code, desk); err != nil {
			t.Fatal(err)
		}
		count := func(when time.Time) (int, booking.DayCounts) {
			e.clock.set(when)
			n, err := e.svc.NoShows(ctx, e.commune, day, day)
			if err != nil {
				t.Fatal(err)
			}
			_, c, err := e.svc.DayBookings(ctx, e.commune, day)
			if err != nil {
				t.Fatal(err)
			}
			return n, c
		}
		if n, c := count(at(day, 8, 29)); n != 0 || c.NoShows != 0 || c.Waiting != 2 {
			t.Errorf("during the slot: %d no-shows, counts %+v", n, c)
		}
		if n, c := count(at(day, 8, 30)); n != 1 || c != (booking.DayCounts{Total: 4, Waiting: 1, CheckedIn: 1, Cancelled: 1, NoShows: 1}) {
			t.Errorf("at the slot's end: %d no-shows, counts %+v", n, c)
		}
		if _, _, err := e.svc.CheckIn(ctx, e.commune, absent.Code, desk); !isKey(err, "booking.checkin_too_late") {
			t.Errorf("checking in a no-show: %v", err)
		}
		if n, _ := count(at(day, 17, 0)); n != 2 {
			t.Errorf("at closing: %d no-shows, want 2 (%s and %s)", n, absent.Code, later.Code)
		}
		if n, _ := count(at(day.AddDays(1), 8, 0)); n != 2 {
			t.Errorf("the next day: %d no-shows", n)
		}
	})
}

func isKey(err error, key string) bool {
	e, ok := errs.As(err)
	return ok && e.Key == key
}

// Check-in happens on the booking's day only and once; it gives a ticket with the field's
// prefix.
func TestCheckIn(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	ctx := context.Background()
	b, err := e.book(phone(1), "2026-03-04", "09:00")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := e.svc.CheckIn(ctx, e.commune, b.Code, desk); !isKey(err, "booking.checkin_other_day") {
		t.Fatalf("check-in two days early: %v", err)
	}
	e.clock.set(at(calendar.NewDate(2026, 3, 4), 7, 40))
	got, tk, err := e.svc.CheckIn(ctx, e.commune, " "+strings.ToLower(b.Code)+" ", desk)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != booking.CheckedIn || tk.Label() != "HT-001" || !tk.Booked() || !tk.SlotStart.Equal(b.StartsAt) {
		t.Fatalf("check-in: %+v, ticket %+v", got, tk)
	}
	if _, _, err := e.svc.CheckIn(ctx, e.commune, b.Code, desk); !isKey(err, "booking.checkin_already") {
		t.Fatalf("second check-in: %v", err)
	}
	if _, _, err := e.svc.CheckIn(ctx, e.commune, "ZZZZZZ", desk); errs.KindOf(err) != errs.NotFound {
		t.Fatalf("unknown code: %v", err)
	}
	list, _, err := e.svc.DayBookings(ctx, e.commune, calendar.NewDate(2026, 3, 4))
	if err != nil || len(list) != 1 || list[0].Ticket != "HT-001" || list[0].TicketStatus != booking.TicketWaiting {
		t.Fatalf("day list: %+v %v", list, err)
	}
}

// The queue: tickets numbered per field prefix and day, called in order by the counters
// serving their field, booked check-ins first within their slot, never the same ticket twice.
func TestQueueCallsInOrder(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		e.counters(t,
			booking.Counter{Number: 1, Name: "Quầy 1", Fields: []string{"Hộ tịch"}, Capacity: 1, Active: true},
			booking.Counter{Number: 2, Name: "Quầy 2", Fields: []string{"Chứng thực"}, Capacity: 0, Active: true})
		day := calendar.NewDate(2026, 3, 4)
		b, err := e.book(phone(1), day.String(), "09:00")
		if err != nil {
			t.Fatal(err)
		}
		e.clock.set(at(day, 7, 35))
		take := func(field string) booking.Ticket {
			t.Helper()
			tk, err := e.svc.TakeTicket(ctx, e.commune, field)
			if err != nil {
				t.Fatal(err)
			}
			return tk
		}
		h1, c1, h2 := take("Hộ tịch"), take("Chứng thực"), take("Hộ tịch")
		if h1.Label() != "HT-001" || c1.Label() != "CT-001" || h2.Label() != "HT-002" {
			t.Fatalf("labels %s %s %s", h1.Label(), c1.Label(), h2.Label())
		}
		for _, field := range []string{"Không có", "Cư trú"} { // no such field; no counter serves it
			if _, err := e.svc.TakeTicket(ctx, e.commune, field); errs.KindOf(err) != errs.Invalid {
				t.Fatalf("a ticket for %s: %v", field, err)
			}
		}
		_, bt, err := e.svc.CheckIn(ctx, e.commune, b.Code, desk) // early: waits in line
		if err != nil || bt.Label() != "HT-003" {
			t.Fatalf("check-in ticket %s %v", bt.Label(), err)
		}
		h4 := take("Hộ tịch")
		if n, _ := e.svc.Ahead(ctx, e.commune, h4); n != 3 {
			t.Errorf("%d ahead of HT-004", n)
		}
		call := func(counter int) string {
			t.Helper()
			tk, err := e.svc.CallNext(ctx, e.commune, counter, desk)
			if isKey(err, "booking.queue_empty") {
				return "-"
			}
			if err != nil {
				t.Fatal(err)
			}
			return tk.Label()
		}
		var got []string
		got = append(got, call(1)) // 07:35: HT-001
		e.clock.set(at(day, 9, 0))
		got = append(got, call(1)) // 09:00: the booking's slot began: HT-003 before HT-002
		got = append(got, call(2), call(2))
		got = append(got, call(1), call(1), call(1))
		if want := "HT-001 HT-003 CT-001 - HT-002 HT-004 -"; strings.Join(got, " ") != want {
			t.Fatalf("calls %v, want %s", got, want)
		}
		// Calling next ended each ticket as served, and so did calling when nobody waited.
		statuses := func() map[string]int {
			t.Helper()
			rows, err := d.Query(ctx, `SELECT status, count(*) FROM queue_tickets WHERE commune_id = $1 GROUP BY status`, e.commune)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			m := map[string]int{}
			for rows.Next() {
				var s string
				var n int
				rows.Scan(&s, &n)
				m[s] = n
			}
			return m
		}
		if got := statuses(); got[booking.TicketServed] != 5 || len(got) != 1 {
			t.Errorf("statuses %v, want 5 served", got)
		}
		if _, err := e.svc.Finish(ctx, e.commune, 1, booking.TicketServed, desk); !isKey(err, "booking.no_current_ticket") {
			t.Errorf("finish with nobody at the counter: %v", err)
		}
		take("Hộ tịch")
		if got := call(1); got != "HT-005" {
			t.Fatalf("called %s", got)
		}
		if _, err := e.svc.Recall(ctx, e.commune, 1, desk); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Finish(ctx, e.commune, 1, booking.TicketNoShow, desk); err != nil {
			t.Fatal(err)
		}
		if got := statuses(); got[booking.TicketNoShow] != 1 {
			t.Errorf("statuses %v, want one no-show", got)
		}
		if _, err := e.svc.Recall(ctx, e.commune, 1, desk); !isKey(err, "booking.no_current_ticket") {
			t.Errorf("recall with nobody at the counter: %v", err)
		}
		board, err := e.svc.Board(ctx, e.commune, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(board.Counters) != 2 || board.Counters[0].Ticket != "HT-005" || board.Counters[1].Ticket != "CT-001" ||
			len(board.Recent) != 6 || board.Recent[0].Ticket != "HT-005" || board.Recent[0].Key != "7" {
			t.Errorf("board %+v", board)
		}
		if _, err := e.svc.CallNext(ctx, e.commune, 9, desk); errs.KindOf(err) != errs.NotFound {
			t.Errorf("an unknown counter: %v", err)
		}
		// Numbers restart the next day.
		e.clock.set(at(day.AddDays(1), 7, 30))
		if tk := take("Hộ tịch"); tk.Label() != "HT-001" {
			t.Errorf("the next day's first ticket %s", tk.Label())
		}
	})
}

// Two counters calling at the same time never call the same ticket.
func TestConcurrentCallsNeverShareATicket(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		e.counters(t,
			booking.Counter{Number: 1, Name: "Quầy 1", Active: true},
			booking.Counter{Number: 2, Name: "Quầy 2", Active: true},
			booking.Counter{Number: 3, Name: "Quầy 3", Active: true})
		const tickets = 12
		for i := 0; i < tickets; i++ {
			if _, err := e.svc.TakeTicket(ctx, e.commune, "Hộ tịch"); err != nil {
				t.Fatal(err)
			}
		}
		var mu sync.Mutex
		called := map[string]int{}
		var wg sync.WaitGroup
		for c := 1; c <= 3; c++ {
			wg.Add(1)
			go func(c int) {
				defer wg.Done()
				for {
					tk, err := e.svc.CallNext(ctx, e.commune, c, desk)
					if isKey(err, "booking.queue_empty") {
						return
					}
					if err != nil {
						t.Error(err)
						return
					}
					mu.Lock()
					called[tk.Label()]++
					mu.Unlock()
				}
			}(c)
		}
		wg.Wait()
		if len(called) != tickets {
			t.Errorf("%d tickets called, want %d: %v", len(called), tickets, called)
		}
		for l, n := range called {
			if n != 1 {
				t.Errorf("%s called %d times", l, n)
			}
		}
	})
}

// The reminder goes once, about a day before, and not at all for a booking made inside that
// window (its confirmation said when to come) or cancelled.
func TestReminders(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		day := calendar.NewDate(2026, 3, 5)
		b, err := e.book(phone(1), day.String(), "09:00")
		if err != nil {
			t.Fatal(err)
		}
		gone, _ := e.book(phone(2), day.String(), "09:30")
		if _, err := e.svc.Cancel(ctx, e.commune, gone.Code, gone.Phone[len(gone.Phone)-4:], desk); err != nil {
			t.Fatal(err)
		}
		before := smsCount(t, d, e.commune)
		if n, err := e.svc.SendReminders(ctx, at(day.AddDays(-2), 8, 0)); err != nil || n != 0 {
			t.Fatalf("two days ahead: %d %v", n, err)
		}
		e.clock.set(at(day.AddDays(-1), 10, 0))
		soon, err := e.book(phone(3), day.String(), "08:00") // booked 22 h ahead: the confirmation is the reminder
		if err != nil {
			t.Fatal(err)
		}
		if n, err := e.svc.SendReminders(ctx, at(day.AddDays(-1), 10, 0)); err != nil || n != 1 {
			t.Fatalf("a day ahead: %d reminders (%v), want 1 for %s and none for %s", n, err, b.Code, soon.Code)
		}
		if n, _ := e.svc.SendReminders(ctx, at(day.AddDays(-1), 11, 0)); n != 0 {
			t.Fatalf("reminded twice")
		}
		if got := smsCount(t, d, e.commune) - before; got != 2 { // the reminder and soon's confirmation
			t.Errorf("%d SMS, want 2", got)
		}
		var body string
		rows, _ := d.Query(ctx, `SELECT payload FROM outbox WHERE commune_id = $1 AND topic = $2`, e.commune, notify.TopicSend)
		for rows.Next() {
			var p string
			rows.Scan(&p)
			if strings.Contains(p, "nhắc lịch") {
				body = p
			}
		}
		rows.Close()
		if !strings.Contains(body, b.Code) || !strings.Contains(body, "09:00") || !strings.Contains(body, "Bình Yên") {
			t.Errorf("reminder %s", body)
		}
	})
}

// Settings: saved, audited, version-checked; a capacity change reaches future slots already
// booked.
func TestSettings(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	ctx := context.Background()
	st, err := e.svc.Settings(ctx, e.commune)
	if err != nil || st.Version != 0 || st.SlotMinutes != 30 || len(st.Counters) != 1 {
		t.Fatalf("defaults %+v %v", st, err)
	}
	if _, err := e.book(phone(1), "2026-03-04", "09:00"); err != nil {
		t.Fatal(err)
	}
	st.SlotMinutes = 20
	st.Counters[0].Capacity = 5
	st.Prefixes = map[string]string{"Hộ tịch": "HOT"}
	if err := e.svc.SaveSettings(ctx, e.commune, st, 0, desk); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.SaveSettings(ctx, e.commune, st, 0, desk); errs.KindOf(err) != errs.Conflict {
		t.Fatalf("a stale save: %v", err)
	}
	got, _ := e.svc.Settings(ctx, e.commune)
	if got.Version != 1 || got.SlotMinutes != 20 || got.Counters[0].Capacity != 5 || got.Prefixes["Hộ tịch"] != "HOT" {
		t.Fatalf("saved %+v", got)
	}
	if capacity, booked := slotRow(t, e.d, e.commune, "2026-03-04", 9*60, 1); capacity != 5 || booked != 1 {
		t.Errorf("the booked slot: %d of %d", booked, capacity)
	}
	if tk, err := e.svc.TakeTicket(ctx, e.commune, "Hộ tịch"); err != nil || tk.Label() != "HOT-001" {
		t.Errorf("ticket with the new prefix: %s %v", tk.Label(), err)
	}
	slots, err := e.svc.Slots(ctx, e.commune, "Hộ tịch", calendar.NewDate(2026, 3, 4))
	if err != nil || len(slots) != 12+10 {
		t.Errorf("%d slots of 20 minutes (%v)", len(slots), err)
	}
	bad := got
	bad.Counters = append(bad.Counters, booking.Counter{Number: 1, Name: "Trùng", Active: true})
	if err := e.svc.SaveSettings(ctx, e.commune, bad, 1, desk); errs.KindOf(err) != errs.Invalid {
		t.Errorf("two counters numbered 1: %v", err)
	}
}

// A commune never sees another's bookings or tickets.
func TestTenantIsolation(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	ctx := context.Background()
	b, err := e.book(phone(1), "2026-03-04", "09:00")
	if err != nil {
		t.Fatal(err)
	}
	tk, err := e.svc.TakeTicket(ctx, e.commune, "Hộ tịch")
	if err != nil {
		t.Fatal(err)
	}
	other := "another-commune"
	if _, err := e.svc.Find(ctx, other, b.Code, b.Phone[len(b.Phone)-4:]); errs.KindOf(err) != errs.NotFound {
		t.Errorf("another commune finds the booking: %v", err)
	}
	if _, err := e.svc.Ticket(ctx, other, tk.ID); errs.KindOf(err) != errs.NotFound {
		t.Errorf("another commune sees the ticket: %v", err)
	}
	if list, _, _ := e.svc.DayBookings(ctx, other, calendar.NewDate(2026, 3, 4)); len(list) != 0 {
		t.Errorf("another commune lists %d bookings", len(list))
	}
}

// One phone number holds one place per slot (issue 8 item 11), on both engines: a second
// booking or a move of another booking into the slot is refused, two requests sent at once do
// not both pass (the unique index decides inside the transaction), and a cancelled booking
// frees the phone for the slot again.
func TestOnePlacePerPhoneAndSlot(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		e.counters(t, booking.Counter{Number: 1, Name: "Quầy 1", Capacity: 5, Active: true})
		first, err := e.book("0987654321", "2026-03-04", "09:00")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.book("+84 987 654 321", "2026-03-04", "09:00"); !isKey(err, "booking.phone_slot_taken") {
			t.Fatalf("the same phone twice in a slot: %v", err)
		}
		other, err := e.book("0987654321", "2026-03-04", "09:30")
		if err != nil {
			t.Fatalf("the same phone in the next slot: %v", err)
		}
		if _, err := e.svc.Move(ctx, e.commune, other.Code, "4321", "2026-03-04", "09:00", desk); !isKey(err, "booking.phone_slot_taken") {
			t.Fatalf("a move onto the phone's other booking: %v", err)
		}
		if _, booked := slotRow(t, d, e.commune, "2026-03-04", 9*60, 1); booked != 1 {
			t.Fatalf("09:00 holds %d places after the refusals, want 1", booked)
		}

		// Two requests at once for a fresh slot: one booking, one refusal, one place taken.
		var wg sync.WaitGroup
		results := make([]error, 2)
		start := make(chan struct{})
		for i := range results {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				<-start
				_, results[i] = e.book("0911222333", "2026-03-05", "10:00")
			}(i)
		}
		close(start)
		wg.Wait()
		okCount := 0
		for _, err := range results {
			switch {
			case err == nil:
				okCount++
			case isKey(err, "booking.phone_slot_taken"):
			default:
				t.Fatalf("concurrent booking: %v", err)
			}
		}
		if okCount != 1 {
			t.Fatalf("%d concurrent bookings of one phone passed, want 1", okCount)
		}
		if _, booked := slotRow(t, d, e.commune, "2026-03-05", 10*60, 1); booked != 1 {
			t.Fatalf("10:00 holds %d places, want 1", booked)
		}

		if _, err := e.svc.Cancel(ctx, e.commune, first.Code, "4321", desk); err != nil {
			t.Fatal(err)
		}
		if _, err := e.book("0987654321", "2026-03-04", "09:00"); err != nil {
			t.Fatalf("booking again after cancelling: %v", err)
		}
	})
}
