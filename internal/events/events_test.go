package events_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"xaso/internal/db"
	"xaso/internal/db/dbtest"
	"xaso/internal/events"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

func publish(t *testing.T, d *db.DB, topic string, payload any, rollback bool) {
	t.Helper()
	ctx := context.Background()
	err := d.Tx(ctx, func(tx *db.Tx) error {
		if err := events.Publish(ctx, tx, "c1", topic, payload); err != nil {
			return err
		}
		if rollback {
			return errors.New("rolled back")
		}
		return nil
	})
	if err != nil && !rollback {
		t.Fatal(err)
	}
}

func TestDeliverRetryDead(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		c := &clock{t: time.Now().Add(time.Minute)}
		p := events.NewDispatcher(d, slog.New(slog.NewTextHandler(io.Discard, nil)), c.now)
		var got []string
		p.Subscribe("dossier.accepted", func(ctx context.Context, e events.Event) error {
			var v struct{ Code string }
			if err := e.Decode(&v); err != nil {
				return err
			}
			got = append(got, v.Code)
			return nil
		})
		p.Subscribe("always.fails", func(ctx context.Context, e events.Event) error { return errors.New("gateway down") })
		p.Subscribe("panics", func(ctx context.Context, e events.Event) error { panic("bad handler") })

		publish(t, d, "dossier.accepted", map[string]string{"Code": "A-1"}, false)
		publish(t, d, "dossier.accepted", map[string]string{"Code": "ROLLED"}, true)
		publish(t, d, "always.fails", 1, false)
		publish(t, d, "panics", 1, false)

		n, err := p.DeliverDue(ctx)
		if err != nil || n != 3 {
			t.Fatalf("first pass delivered %d, err %v", n, err)
		}
		if len(got) != 1 || got[0] != "A-1" {
			t.Fatalf("subscriber got %v (a rolled-back event must never be seen)", got)
		}
		// Nothing is due again until the back-off has passed.
		if n, _ := p.DeliverDue(ctx); n != 0 {
			t.Fatalf("delivered %d before back-off", n)
		}
		for i := 0; i < events.MaxAttempts+2; i++ {
			c.add(2 * time.Hour)
			if _, err := p.DeliverDue(ctx); err != nil {
				t.Fatal(err)
			}
		}
		dead, err := events.List(ctx, d, "c1", events.Dead, 10, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(dead) != 2 || dead[0].Attempts != events.MaxAttempts || dead[0].LastError == "" {
			t.Fatalf("dead events: %+v", dead)
		}
		if len(got) != 1 {
			t.Fatalf("delivered event was delivered again: %v", got)
		}
		// An admin retries one dead event: it is pending again.
		if err := d.Tx(ctx, func(tx *db.Tx) error { return events.Retry(ctx, tx, "c1", dead[0].ID) }); err != nil {
			t.Fatal(err)
		}
		pending, _ := events.List(ctx, d, "c1", events.Pending, 10, 0)
		if len(pending) != 1 {
			t.Fatalf("pending after retry: %d", len(pending))
		}
	})
}

func TestBackoffGrowsAndCaps(t *testing.T) {
	if events.Backoff(1) >= events.Backoff(3) || events.Backoff(40) != time.Hour {
		t.Fatal("backoff does not grow or cap")
	}
}

// Two dispatchers on one database (two xaso processes on one PostgreSQL) deliver every event
// exactly once between them, whatever the interleaving; an event claimed by a dispatcher that
// died is taken over once its lease has run out.
func TestTwoDispatchersDeliverOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		c := &clock{t: time.Now().Add(time.Minute)}
		var mu sync.Mutex
		seen := map[string]int{}
		by := map[string]int{}
		newDispatcher := func(name string) *events.Dispatcher {
			p := events.NewDispatcher(d, slog.New(slog.NewTextHandler(io.Discard, nil)), c.now)
			p.Subscribe("x.done", func(ctx context.Context, e events.Event) error {
				mu.Lock()
				seen[e.ID]++
				by[name]++
				mu.Unlock()
				return nil
			})
			return p
		}
		a, b := newDispatcher("a"), newDispatcher("b")
		const n = 300
		for i := range n {
			publish(t, d, "x.done", map[string]int{"i": i}, false)
		}
		var wg sync.WaitGroup
		for _, p := range []*events.Dispatcher{a, b, a, b} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := p.DeliverDue(ctx); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		if len(seen) != n {
			t.Fatalf("%d events delivered, want %d", len(seen), n)
		}
		for id, k := range seen {
			if k != 1 {
				t.Fatalf("event %s delivered %d times", id, k)
			}
		}
		t.Logf("a delivered %d, b %d", by["a"], by["b"])

		// A claim that was never finished (its dispatcher died) is taken over after the lease.
		publish(t, d, "x.done", map[string]int{"i": -1}, false)
		if _, err := d.Exec(ctx, `UPDATE outbox SET next_at = $1 WHERE state = 'pending'`, c.now().Add(events.Lease)); err != nil {
			t.Fatal(err)
		}
		if k, err := b.DeliverDue(ctx); err != nil || k != 0 {
			t.Fatalf("delivered %d of a leased event (%v)", k, err)
		}
		c.add(events.Lease + time.Second)
		if k, err := b.DeliverDue(ctx); err != nil || k != 1 {
			t.Fatalf("after the lease: delivered %d (%v)", k, err)
		}
	})
}

// Of two processes ticking together, one takes a job's lock; nobody takes it again, the holder
// included, before it has run out; then another may.
func TestJobLock(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := time.Now()
		var mu sync.Mutex
		won := map[string]int{}
		var wg sync.WaitGroup
		for _, h := range []string{"p1", "p2", "p1", "p2", "p3"} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ok, err := events.JobLock(ctx, d, "onestop.flag_late", h, 4*time.Minute, now)
				if err != nil {
					t.Error(err)
				}
				if ok {
					mu.Lock()
					won[h]++
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		holders := 0
		var holder string
		for h := range won {
			holders++
			holder = h
		}
		if holders != 1 {
			t.Fatalf("the lock went to %v", won)
		}
		other := "p9"
		if ok, _ := events.JobLock(ctx, d, "onestop.flag_late", other, 4*time.Minute, now.Add(time.Minute)); ok {
			t.Fatal("another process took a held lock")
		}
		if ok, _ := events.JobLock(ctx, d, "onestop.flag_late", holder, 4*time.Minute, now.Add(time.Minute)); ok {
			t.Fatal("the holder ran the job twice in one period")
		}
		if ok, _ := events.JobLock(ctx, d, "onestop.flag_late", other, 4*time.Minute, now.Add(6*time.Minute)); !ok {
			t.Fatal("the lock did not pass on after it ran out")
		}
		if ok, _ := events.JobLock(ctx, d, "booking.reminders", other, time.Minute, now); !ok {
			t.Fatal("another job's lock is held by this one")
		}
	})
}
