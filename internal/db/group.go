package db

import (
	"context"
	"fmt"
	"sync"
)

// maxGroup bounds how many calls one grouped transaction carries, so that a burst does not make
// one transaction (and its locks) arbitrarily long.
const maxGroup = 32

// txGroups queues the calls of TxGroup per key.
type txGroups struct {
	mu     sync.Mutex
	queues map[string]*txQueue
}

// txQueue is one key's calls waiting while a group of that key is running.
type txQueue struct{ waiting []*groupCall }

type groupCall struct {
	ctx  context.Context
	fn   func(tx *Tx) error
	done chan groupOutcome
}

// groupOutcome tells a waiting call its result, or that it now leads the next group.
type groupOutcome struct {
	err  error
	lead bool
}

// TxGroup runs fn in a write transaction like Tx, but calls with the same key that arrive while
// one of theirs is running wait and then share one transaction: one commit, one fsync, one wait
// for the rows every write of that key locks (a commune's counters and audit-chain head), for up
// to 32 of them. The calls run one after another in the order they came. If the shared
// transaction fails, each of its calls runs again alone, so that a call's error is its own and
// never another's; fn must therefore do nothing outside the transaction that it cannot do twice.
func (d *DB) TxGroup(ctx context.Context, key string, fn func(tx *Tx) error) error {
	c := &groupCall{ctx: ctx, fn: fn, done: make(chan groupOutcome, 1)}
	g := &d.groups
	g.mu.Lock()
	if g.queues == nil {
		g.queues = map[string]*txQueue{}
	}
	q, busy := g.queues[key]
	if busy {
		q.waiting = append(q.waiting, c)
	} else {
		q = &txQueue{}
		g.queues[key] = q
	}
	g.mu.Unlock()
	if busy {
		if o := <-c.done; !o.lead {
			return o.err
		}
	}
	// c leads: it takes whatever waits now into its transaction.
	g.mu.Lock()
	n := min(len(q.waiting), maxGroup-1)
	batch := append([]*groupCall{c}, q.waiting[:n]...)
	q.waiting = q.waiting[n:]
	g.mu.Unlock()

	defer func() {
		// A call that panicked (a bug) must not leave the others waiting, nor the key's queue
		// without a leader: they get an error, the next group starts, the panic goes on.
		if p := recover(); p != nil {
			for _, other := range batch[1:] {
				other.done <- groupOutcome{err: fmt.Errorf("db: a call grouped with this one panicked: %v", p)}
			}
			g.handOff(key, q)
			panic(p)
		}
	}()
	results := d.runGroup(ctx, batch)
	for i, other := range batch[1:] {
		other.done <- groupOutcome{err: results[i+1]}
	}
	g.handOff(key, q)
	return results[0]
}

// handOff gives the lead of key to the first call that came meanwhile, or closes the queue.
func (g *txGroups) handOff(key string, q *txQueue) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if len(q.waiting) == 0 {
		delete(g.queues, key)
		return
	}
	next := q.waiting[0]
	q.waiting = q.waiting[1:]
	next.done <- groupOutcome{lead: true}
}

// runGroup runs the calls in one transaction; alone, or when that fails, each in its own.
func (d *DB) runGroup(ctx context.Context, batch []*groupCall) []error {
	results := make([]error, len(batch))
	if len(batch) > 1 {
		err := d.Tx(ctx, func(tx *Tx) error {
			for _, c := range batch {
				if err := c.fn(tx); err != nil {
					return err
				}
			}
			return nil
		})
		if err == nil {
			return results
		}
	}
	for i, c := range batch {
		results[i] = d.Tx(c.ctx, c.fn)
	}
	return results
}
