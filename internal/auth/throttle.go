package auth

import (
	"strings"
	"sync"
	"time"
)

// Throttle limits failed sign-ins per key (an account, an IP address) within a window. It lives
// in memory: a restart forgets it, which is acceptable for a brake on password guessing.
type Throttle struct {
	mu     sync.Mutex
	max    int
	window time.Duration
	now    func() time.Time
	fails  map[string][]time.Time
}

// NewThrottle allows max failures per key within window.
func NewThrottle(max int, window time.Duration, now func() time.Time) *Throttle {
	if now == nil {
		now = time.Now
	}
	return &Throttle{max: max, window: window, now: now, fails: map[string][]time.Time{}}
}

// Allowed reports whether key may try again now.
func (t *Throttle) Allowed(key string) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.recent(key)) < t.max
}

// Fail records a failure for key.
func (t *Throttle) Fail(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.fails[key] = append(t.recent(key), t.now())
	if len(t.fails) > 100_000 { // bound memory under a flood of distinct keys
		clear(t.fails)
	}
}

// Take counts an attempt for key before the work it guards and reports whether it was allowed.
// Counting first matters when the work is slow (a password hash): checking before and counting
// after let 40 simultaneous attempts through a limit of 30. A refused attempt is not counted.
// An attempt that turns out to be no failure is given back with Refund.
func (t *Throttle) Take(key string) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	fs := t.recent(key)
	if len(fs) >= t.max {
		return false
	}
	t.fails[key] = append(fs, t.now())
	if len(t.fails) > 100_000 {
		clear(t.fails)
	}
	return true
}

// Refund gives back one attempt counted by Take.
func (t *Throttle) Refund(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if fs := t.recent(key); len(fs) > 0 {
		t.fails[key] = fs[:len(fs)-1]
		if len(fs) == 1 {
			delete(t.fails, key)
		}
	}
}

// ResetPrefix forgets the failures of every key starting with prefix (an administrator
// unlocking an account from every address at once).
func (t *Throttle) ResetPrefix(prefix string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for k := range t.fails {
		if strings.HasPrefix(k, prefix) {
			delete(t.fails, k)
		}
	}
}

// AnyAtLimit reports whether some key starting with prefix has reached the limit.
func (t *Throttle) AnyAtLimit(prefix string) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	for k := range t.fails {
		if strings.HasPrefix(k, prefix) && len(t.recent(k)) >= t.max {
			return true
		}
	}
	return false
}

// Reset forgets key's failures (after a successful sign-in).
func (t *Throttle) Reset(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.fails, key)
}

func (t *Throttle) recent(key string) []time.Time {
	cut := t.now().Add(-t.window)
	fs := t.fails[key]
	i := 0
	for i < len(fs) && !fs[i].After(cut) {
		i++
	}
	fs = fs[i:]
	if len(fs) == 0 {
		delete(t.fails, key)
		return nil
	}
	t.fails[key] = fs
	return fs
}
