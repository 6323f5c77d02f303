package auth

import (
	"context"
	"runtime"
	"sync"

	"xaso/internal/errs"
)

// ErrBusy refuses a sign-in or password change when every hashing slot and every place in the
// queue is taken; the web shell answers 429 and the person tries again a moment later.
var ErrBusy = errs.E("auth: hash", errs.TooMany, "auth.busy")

// HashGate bounds the password hashes that run at once. Each argon2id hash holds its whole
// memory cost (64 MiB) while it runs: 40 sign-ins posted at once took the server from 242 MB to
// 2.6 GB (issue 16). A few callers beyond the running slots wait their turn, holding no hash
// memory while they wait; the rest are refused at once with ErrBusy.
type HashGate struct {
	run   chan struct{} // one token per hash running
	admit chan struct{} // one token per caller running or waiting

	// During, when set, runs while a slot is held, before the hash. Tests use it to hold
	// hashes open and to count them; production leaves it nil.
	During func()

	mu            sync.Mutex
	running, peak int
}

// NewHashGate lets running hashes run at once and waiting more callers queue for a slot.
func NewHashGate(running, waiting int) *HashGate {
	running = max(running, 1)
	return &HashGate{run: make(chan struct{}, running), admit: make(chan struct{}, running+max(waiting, 0))}
}

// DefaultHashGate is sized to the machine: one hash per core (each uses the hasher's threads,
// so more would only queue inside the scheduler while holding their memory), and a short queue.
func DefaultHashGate() *HashGate {
	n := runtime.NumCPU()
	return NewHashGate(n, 2*n)
}

// Do runs f in a hashing slot, or returns ErrBusy when the gate is full (or ctx ends while
// waiting).
func (g *HashGate) Do(ctx context.Context, f func()) error {
	select {
	case g.admit <- struct{}{}:
	default:
		return ErrBusy
	}
	defer func() { <-g.admit }()
	select {
	case g.run <- struct{}{}:
	case <-ctx.Done():
		return ErrBusy
	}
	defer func() { <-g.run }()
	g.mu.Lock()
	g.running++
	g.peak = max(g.peak, g.running)
	g.mu.Unlock()
	defer func() {
		g.mu.Lock()
		g.running--
		g.mu.Unlock()
	}()
	if g.During != nil {
		g.During()
	}
	f()
	return nil
}

// Peak is the largest number of hashes that ran at the same time.
func (g *HashGate) Peak() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.peak
}
