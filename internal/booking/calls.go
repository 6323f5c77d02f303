package booking

// The counters' side of the queue: calling the next ticket, calling again, ending a ticket,
// and the display's board.

import (
	"context"
	"strconv"
	"time"

	"xaso/internal/audit"
	"xaso/internal/calendar"
	"xaso/internal/db"
	"xaso/internal/errs"
	"xaso/internal/events"
)

// activeCounter is an active counter of the commune, NotFound otherwise.
func (s *Service) activeCounter(ctx context.Context, communeID string, number int) (Settings, Counter, error) {
	st, err := s.Settings(ctx, communeID)
	if err != nil {
		return st, Counter{}, err
	}
	c, ok := st.Counter(number)
	if !ok || !c.Active {
		return st, c, errs.E("booking: counter", errs.NotFound, "booking.counter_not_found")
	}
	return st, c, nil
}

// Current returns the ticket a counter is serving now (the last it called), if any.
func (s *Service) Current(ctx context.Context, communeID string, number int) (Ticket, bool, error) {
	ts, err := queryTickets(ctx, s.d, `commune_id = $1 AND day = $2 AND counter = $3 AND status = $4 ORDER BY call_seq DESC`,
		communeID, s.today().String(), number, TicketCalled)
	if err != nil || len(ts) == 0 {
		return Ticket{}, false, err
	}
	return ts[0], true, nil
}

// CallNext ends the counter's current ticket as served and calls the next one for its fields
// (NextTicket's order). Two counters calling at once never get the same ticket: each claim is
// a guarded UPDATE (status still waiting), and a counter that loses a ticket to another takes
// the next in line within the same transaction. Every ticket row is locked before the audit
// log's head (audit.Record comes last), so that two counters' transactions cannot wait on each
// other in a circle on PostgreSQL. When nobody waits, the current ticket is still ended and
// the answer is Conflict "booking.queue_empty".
func (s *Service) CallNext(ctx context.Context, communeID string, number int, by audit.Actor) (Ticket, error) {
	const op = "booking: call next"
	_, c, err := s.activeCounter(ctx, communeID, number)
	if err != nil {
		return Ticket{}, err
	}
	var t Ticket
	now := s.nowUTC()
	err = s.d.Tx(ctx, func(tx *db.Tx) error {
		t = Ticket{}
		done, err := endCurrent(ctx, tx, communeID, s.today(), number, TicketServed, now)
		if err != nil {
			return err
		}
		ts, err := queryTickets(ctx, tx, `commune_id = $1 AND day = $2 AND status = $3`, communeID, s.today().String(), TicketWaiting)
		if err != nil {
			return err
		}
		for _, cand := range QueueOrder(serving(ts, c), now) {
			res, err := tx.Exec(ctx, `UPDATE queue_tickets SET status = $1, counter = $2, calls = calls + 1, called_at = $3, called_by = $4
				WHERE commune_id = $5 AND id = $6 AND status = $7`, TicketCalled, number, now, by.ID, communeID, cand.ID, TicketWaiting)
			if err != nil {
				return errs.Wrap(op, err)
			}
			if n, _ := res.RowsAffected(); n == 1 {
				t = cand
				t.Status, t.Counter, t.Calls, t.CalledAt = TicketCalled, number, cand.Calls+1, now
				if t.CallSeq, err = markCall(ctx, tx, communeID, t); err != nil {
					return err
				}
				break
			}
		}
		if err := recordEnd(ctx, tx, communeID, done, TicketServed, by); err != nil {
			return err
		}
		if t.ID == "" {
			return nil
		}
		return audit.Record(ctx, tx, communeID, by, "queue.call", "ticket", t.ID,
			audit.Change{After: map[string]any{"ticket": t.Label(), "counter": number, "booked": t.Booked()}})
	})
	if err != nil {
		return Ticket{}, errs.Wrap(op, err)
	}
	s.wake()
	if t.ID == "" {
		return Ticket{}, errs.E(op, errs.Conflict, "booking.queue_empty")
	}
	return t, nil
}

// markCall gives a call of ticket t (just claimed or recalled in tx) its place in the day's
// order of calls. The sequence row is locked after the ticket's, like every transaction here.
func markCall(ctx context.Context, tx *db.Tx, communeID string, t Ticket) (int, error) {
	n, err := next(ctx, tx, communeID, t.Day.String(), "call")
	if err != nil {
		return 0, err
	}
	_, err = tx.Exec(ctx, `UPDATE queue_tickets SET call_seq = $1 WHERE commune_id = $2 AND id = $3`, n, communeID, t.ID)
	return n, errs.Wrap("booking: mark call", err)
}

// Recall calls the counter's current ticket again (the resident did not come up yet): the
// display shows and announces it anew.
func (s *Service) Recall(ctx context.Context, communeID string, number int, by audit.Actor) (Ticket, error) {
	const op = "booking: recall"
	if _, _, err := s.activeCounter(ctx, communeID, number); err != nil {
		return Ticket{}, err
	}
	t, ok, err := s.Current(ctx, communeID, number)
	if err != nil {
		return t, err
	}
	if !ok {
		return t, errs.E(op, errs.Conflict, "booking.no_current_ticket")
	}
	now := s.nowUTC()
	err = s.d.Tx(ctx, func(tx *db.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE queue_tickets SET calls = calls + 1, called_at = $1 WHERE commune_id = $2 AND id = $3 AND status = $4 AND counter = $5`,
			now, communeID, t.ID, TicketCalled, number)
		if err != nil {
			return errs.Wrap(op, err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errs.E(op, errs.Conflict, "booking.no_current_ticket")
		}
		if t.CallSeq, err = markCall(ctx, tx, communeID, t); err != nil {
			return err
		}
		return audit.Record(ctx, tx, communeID, by, "queue.recall", "ticket", t.ID, audit.Change{After: map[string]any{"ticket": t.Label(), "counter": number}})
	})
	if err != nil {
		return t, errs.Wrap(op, err)
	}
	t.Calls++
	t.CalledAt = now
	return t, nil
}

// Finish ends the counter's current ticket as served or as a no-show (called, did not come).
func (s *Service) Finish(ctx context.Context, communeID string, number int, outcome string, by audit.Actor) (Ticket, error) {
	const op = "booking: finish"
	if outcome != TicketServed && outcome != TicketNoShow {
		return Ticket{}, errs.E(op, errs.Invalid, "error.form_invalid")
	}
	if _, _, err := s.activeCounter(ctx, communeID, number); err != nil {
		return Ticket{}, err
	}
	t, ok, err := s.Current(ctx, communeID, number)
	if err != nil {
		return t, err
	}
	if !ok {
		return t, errs.E(op, errs.Conflict, "booking.no_current_ticket")
	}
	err = s.d.Tx(ctx, func(tx *db.Tx) error {
		done, err := endCurrent(ctx, tx, communeID, s.today(), number, outcome, s.nowUTC())
		if err != nil {
			return err
		}
		return recordEnd(ctx, tx, communeID, done, outcome, by)
	})
	if err != nil {
		return t, errs.Wrap(op, err)
	}
	t.Status = outcome
	s.wake()
	return t, nil
}

// endCurrent ends whatever ticket the counter is serving, inside tx, and returns them.
func endCurrent(ctx context.Context, tx *db.Tx, communeID string, day calendar.Date, number int, outcome string, now time.Time) ([]Ticket, error) {
	ts, err := queryTickets(ctx, tx, `commune_id = $1 AND day = $2 AND counter = $3 AND status = $4`, communeID, day.String(), number, TicketCalled)
	if err != nil {
		return nil, err
	}
	var done []Ticket
	for _, t := range ts {
		res, err := tx.Exec(ctx, `UPDATE queue_tickets SET status = $1, finished_at = $2 WHERE commune_id = $3 AND id = $4 AND status = $5`,
			outcome, now, communeID, t.ID, TicketCalled)
		if err != nil {
			return nil, errs.Wrap("booking: end ticket", err)
		}
		if n, _ := res.RowsAffected(); n == 1 {
			done = append(done, t)
		}
	}
	return done, nil
}

// recordEnd writes the audit entries and events of ended tickets (the served event is the
// rating room's cue to ask the resident).
func recordEnd(ctx context.Context, tx *db.Tx, communeID string, done []Ticket, outcome string, by audit.Actor) error {
	topic := TopicTicketServed
	if outcome == TicketNoShow {
		topic = TopicTicketNoShow
	}
	for _, t := range done {
		if err := audit.Record(ctx, tx, communeID, by, "queue."+outcome, "ticket", t.ID,
			audit.Change{After: map[string]any{"ticket": t.Label(), "counter": t.Counter}}); err != nil {
			return err
		}
		if err := events.Publish(ctx, tx, communeID, topic, map[string]any{"ticket": t.Label(), "field": t.Field, "counter": t.Counter,
			"booked": t.Booked(), "waited_seconds": int(t.CalledAt.Sub(t.CreatedAt) / time.Second)}); err != nil {
			return err
		}
	}
	return nil
}

// Call is one call shown on the display.
type Call struct {
	Ticket      string    `json:"ticket"`
	Field       string    `json:"field"`
	Counter     int       `json:"counter"`
	CounterName string    `json:"counter_name"`
	CalledAt    time.Time `json:"called_at"`
	// Key is the call's place in the day's order (recalls take a new one), so that the
	// display announces each call once.
	Key string `json:"key"`
}

// Board is what the display shows: the last call of each counter and the latest calls.
type Board struct {
	Day      calendar.Date
	Counters []Call // one per active counter, by number; Ticket "" when it has called nobody today
	Recent   []Call // the latest calls, newest first
	Waiting  int    // tickets waiting, all fields
}

// Board returns today's display: the last call of each active counter and the recent calls.
func (s *Service) Board(ctx context.Context, communeID string, recent int) (Board, error) {
	st, err := s.Settings(ctx, communeID)
	if err != nil {
		return Board{}, err
	}
	b := Board{Day: s.today()}
	day := b.Day.String()
	called, err := queryTickets(ctx, s.d, `commune_id = $1 AND day = $2 AND call_seq > 0 ORDER BY call_seq DESC`, communeID, day)
	if err != nil {
		return b, err
	}
	last := map[int]Call{}
	for _, t := range called {
		c := Call{Ticket: t.Label(), Field: t.Field, Counter: t.Counter, CounterName: st.CounterName(t.Counter), CalledAt: t.CalledAt,
			Key: strconv.Itoa(t.CallSeq)}
		if _, ok := last[t.Counter]; !ok {
			last[t.Counter] = c
		}
		if len(b.Recent) < recent {
			b.Recent = append(b.Recent, c)
		}
	}
	for _, c := range st.Counters {
		if !c.Active {
			continue
		}
		call, ok := last[c.Number]
		if !ok {
			call = Call{Counter: c.Number, CounterName: c.Name}
		}
		b.Counters = append(b.Counters, call)
	}
	err = s.d.QueryRow(ctx, `SELECT count(*) FROM queue_tickets WHERE commune_id = $1 AND day = $2 AND status = $3`,
		communeID, day, TicketWaiting).Scan(&b.Waiting)
	return b, errs.Wrap("booking: board", err)
}
