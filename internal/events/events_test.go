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
