// Package events is the outbox: a feature room publishes an event in the same transaction as
// the change it announces, and the Dispatcher later delivers it at least once to every
// subscriber registered by the composition root, retrying with back-off and parking the event
// as "dead" (visible to admins) after MaxAttempts. Subscribers must therefore be idempotent.
package events

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"xaso/internal/db"
)

// Event states.
const (
	Pending = "pending"
	Done    = "done"
	Dead    = "dead"
)

// MaxAttempts is how many deliveries are tried before an event is parked as dead.
const MaxAttempts = 8

// Event is one announced change.
type Event struct {
	CommuneID string
	ID        string
	Topic     string
	Payload   json.RawMessage
	State     string
	Attempts  int
	LastError string
	CreatedAt time.Time
	NextAt    time.Time
}

// Decode unmarshals the payload into v.
func (e Event) Decode(v any) error { return json.Unmarshal(e.Payload, v) }

// Publish writes an event to the outbox inside tx.
func Publish(ctx context.Context, tx *db.Tx, communeID, topic string, payload any) error {
	b, err := json.Marshal(payload)
	if err != nil {
		return fmt.Errorf("events: encode %s: %w", topic, err)
	}
	// The event goes in with the transaction's other events at its end (db.DeferRows): one
	// statement for all of a grouped transaction's events, and nothing reads the outbox before
	// the commit anyway.
	db.DeferRows(tx, "outbox", outboxCols, "", []any{communeID, uuid.Must(uuid.NewV7()).String(), topic, string(b), "pending", 0, tx.Now, tx.Now})
	return nil
}

var outboxCols = []string{"commune_id", "id", "topic", "payload", "state", "attempts", "created_at", "next_at"}

// Handler receives an event; an error means "try again later".
type Handler func(ctx context.Context, e Event) error

// Dispatcher delivers pending events to subscribers.
type Dispatcher struct {
	db       *db.DB
	log      *slog.Logger
	now      func() time.Time
	mu       sync.RWMutex
	subs     map[string][]Handler
	wake     chan struct{}
	Interval time.Duration // how often to look for due events when not woken
}

// NewDispatcher makes a dispatcher; register subscribers before Run.
func NewDispatcher(d *db.DB, log *slog.Logger, now func() time.Time) *Dispatcher {
	if now == nil {
		now = time.Now
	}
	return &Dispatcher{db: d, log: log, now: now, subs: map[string][]Handler{}, wake: make(chan struct{}, 1), Interval: 2 * time.Second}
}

// Subscribe registers h for topic ("*" receives every topic).
func (p *Dispatcher) Subscribe(topic string, h Handler) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.subs[topic] = append(p.subs[topic], h)
}

// Wake asks the dispatcher to look for events now (call after a commit that published).
func (p *Dispatcher) Wake() {
	select {
	case p.wake <- struct{}{}:
	default:
	}
}

// Run delivers events until ctx ends.
func (p *Dispatcher) Run(ctx context.Context) {
	t := time.NewTicker(p.Interval)
	defer t.Stop()
	for {
		if _, err := p.DeliverDue(ctx); err != nil && ctx.Err() == nil {
			p.log.Error("events: deliver", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-p.wake:
		}
	}
}

// DeliverDue makes one pass over the due events and returns how many were delivered.
func (p *Dispatcher) DeliverDue(ctx context.Context) (int, error) {
	delivered := 0
	for {
		batch, err := p.due(ctx, 100)
		if err != nil {
			return delivered, err
		}
		for _, e := range batch {
			if err := p.deliver(ctx, e); err != nil {
				return delivered, err
			}
			delivered++
		}
		if len(batch) < 100 {
			return delivered, nil
		}
	}
}

// Lease is how long a dispatcher holds the events it claimed: another process (two xaso
// serving one PostgreSQL) leaves them alone for that long, and takes them over after it if the
// first died while delivering (handlers are idempotent: delivery is at least once).
const Lease = 5 * time.Minute

// due claims up to limit due events for this dispatcher: their next_at moves Lease ahead in the
// same statement that selects them, so that another dispatcher's claim skips them (on
// PostgreSQL the rows being claimed are locked and skipped, FOR UPDATE SKIP LOCKED; SQLite
// has one writer, which serialises the claims).
func (p *Dispatcher) due(ctx context.Context, limit int) ([]Event, error) {
	now := p.now()
	lock := p.db.Engine.ForUpdateSkipLocked()
	rows, err := p.db.Query(ctx, `UPDATE outbox SET next_at = $3 WHERE (commune_id, id) IN (
		SELECT commune_id, id FROM outbox WHERE state = 'pending' AND next_at <= $1 ORDER BY next_at, id LIMIT $2`+lock+`)
		RETURNING commune_id, id, topic, payload, attempts, created_at, next_at`, now, limit, now.Add(Lease))
	if err != nil {
		return nil, fmt.Errorf("events: due: %w", err)
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		var e Event
		var payload string
		var lease time.Time
		if err := rows.Scan(&e.CommuneID, &e.ID, &e.Topic, &payload, &e.Attempts, &e.CreatedAt, &lease); err != nil {
			return nil, err
		}
		e.Payload = json.RawMessage(payload)
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// RETURNING gives the rows in no set order: deliver in the order they became due.
	slices.SortStableFunc(out, func(a, b Event) int {
		if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out, nil
}

func (p *Dispatcher) deliver(ctx context.Context, e Event) error {
	p.mu.RLock()
	hs := append(append([]Handler(nil), p.subs[e.Topic]...), p.subs["*"]...)
	p.mu.RUnlock()
	var errs []error
	for _, h := range hs {
		if err := safeCall(ctx, h, e); err != nil {
			errs = append(errs, err)
		}
	}
	now := p.now()
	if len(errs) == 0 {
		_, err := p.db.Exec(ctx, `UPDATE outbox SET state = 'done', attempts = attempts + 1, done_at = $1, last_error = ''
			WHERE commune_id = $2 AND id = $3`, now, e.CommuneID, e.ID)
		return err
	}
	attempts := e.Attempts + 1
	state := Pending
	if attempts >= MaxAttempts {
		state = Dead
	}
	msg := errors.Join(errs...).Error()
	p.log.Warn("events: delivery failed", "topic", e.Topic, "id", e.ID, "attempt", attempts, "state", state, "err", msg)
	_, err := p.db.Exec(ctx, `UPDATE outbox SET state = $1, attempts = $2, last_error = $3, next_at = $4
		WHERE commune_id = $5 AND id = $6`, state, attempts, msg, now.Add(Backoff(attempts)), e.CommuneID, e.ID)
	return err
}

func safeCall(ctx context.Context, h Handler, e Event) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	return h(ctx, e)
}

// Backoff is the wait before attempt n+1: 2^n seconds, at most one hour.
func Backoff(attempts int) time.Duration {
	if attempts > 12 {
		return time.Hour
	}
	d := time.Duration(1<<attempts) * time.Second
	return min(d, time.Hour)
}

// List returns a page of a commune's events in a state (all states when state is ""), newest first.
func List(ctx context.Context, q db.Q, communeID, state string, limit, offset int) ([]Event, error) {
	rows, err := q.Query(ctx, `SELECT commune_id, id, topic, payload, state, attempts, last_error, created_at, next_at FROM outbox
		WHERE commune_id = $1 AND ($2 = '' OR state = $2) ORDER BY created_at DESC, id DESC LIMIT $3 OFFSET $4`, communeID, state, limit, offset)
	if err != nil {
		return nil, fmt.Errorf("events: list: %w", err)
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		var e Event
		var payload string
		if err := rows.Scan(&e.CommuneID, &e.ID, &e.Topic, &payload, &e.State, &e.Attempts, &e.LastError, &e.CreatedAt, &e.NextAt); err != nil {
			return nil, err
		}
		e.Payload = json.RawMessage(payload)
		out = append(out, e)
	}
	return out, rows.Err()
}

// Retry puts a dead event back in the queue (an admin's action).
func Retry(ctx context.Context, tx *db.Tx, communeID, id string) error {
	res, err := tx.Exec(ctx, `UPDATE outbox SET state = 'pending', attempts = 0, next_at = $1 WHERE commune_id = $2 AND id = $3 AND state = 'dead'`,
		tx.Now, communeID, id)
	if err != nil {
		return fmt.Errorf("events: retry: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("events: retry %s: not a dead event", id)
	}
	return nil
}
