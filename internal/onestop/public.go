package onestop

import (
	"context"
	"crypto/subtle"
	"sync"
	"time"

	"xaso/internal/errs"
)

// errLookup is the one answer to a public look-up that finds nothing: an unknown code and
// wrong phone digits look the same, so that codes cannot be probed.
var errLookup = errs.E("onestop: public lookup", errs.NotFound, "onestop.lookup_not_found")

// PublicLookup returns a dossier for the public status page when phoneLast4 are the last four
// digits of the applicant's phone number. The caller must show only what a stranger holding
// the slip may see (see the API's public view): no staff names, no ID number.
func (s *Service) PublicLookup(ctx context.Context, communeID, code, phoneLast4 string) (Dossier, error) {
	if len(phoneLast4) != 4 || digitsOnly(phoneLast4) != phoneLast4 {
		return Dossier{}, errLookup
	}
	c, err := ParseCode(code)
	if err != nil {
		return Dossier{}, errLookup
	}
	// Wrong digits are counted per code as well as per address: from many addresses the
	// 10,000 possible endings of one code's phone would otherwise fall in minutes. Unknown codes
	// count the same, so that the lock tells nothing about which codes exist.
	key := communeID + "/" + c.String()
	if s.codeFails.locked(key) {
		return Dossier{}, errs.E("onestop: public lookup", errs.TooMany, "onestop.lookup_locked", int(lookupLock/time.Minute))
	}
	d, err := dossierByCode(ctx, s.d, communeID, c.String())
	if errs.KindOf(err) == errs.NotFound {
		s.codeFails.fail(key)
		return Dossier{}, errLookup
	}
	if err != nil {
		return Dossier{}, err
	}
	want := lastDigits(d.Applicant.Phone, 4)
	if want == "" || subtle.ConstantTimeCompare([]byte(want), []byte(phoneLast4)) != 1 {
		s.codeFails.fail(key)
		return Dossier{}, errLookup
	}
	return d, s.fill(ctx, s.d, communeID, &d)
}

const (
	// lookupTriesPerCode wrong tries lock a code's public look-up for lookupLock.
	lookupTriesPerCode = 5
	lookupLock         = 30 * time.Minute
)

// failCounter locks a key for a while after max failures within that while. In memory, like
// rateLimiter: a restart forgets it.
type failCounter struct {
	mu   sync.Mutex
	max  int
	lock time.Duration
	now  func() time.Time
	seen map[string]*windowCount // start = first failure of the current run
}

func newFailCounter(max int, lock time.Duration, now func() time.Time) *failCounter {
	return &failCounter{max: max, lock: lock, now: now, seen: map[string]*windowCount{}}
}

func (f *failCounter) locked(key string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	w, ok := f.seen[key]
	if !ok {
		return false
	}
	if now := f.now(); now.Sub(w.start) >= f.lock || now.Before(w.start) {
		delete(f.seen, key)
		return false
	}
	return w.n >= f.max
}

func (f *failCounter) fail(key string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	now := f.now()
	w, ok := f.seen[key]
	if ok && (now.Sub(w.start) >= f.lock || now.Before(w.start)) {
		ok = false
	}
	if !ok {
		if len(f.seen) > 100_000 {
			for k, v := range f.seen {
				if now.Sub(v.start) >= f.lock {
					delete(f.seen, k)
				}
			}
		}
		f.seen[key] = &windowCount{start: now}
		w = f.seen[key]
	}
	w.n++
	if w.n == f.max {
		// The lock lasts its full time from the last allowed try.
		w.start = now
	}
}

// AllowPublic reports whether a client (by IP address) may make another public look-up now.
func (s *Service) AllowPublic(client string) bool { return s.limiter.allow(client) }

// rateLimiter allows max events per key in each fixed window. It lives in memory: a restart
// forgets it, which is fine for a brake on guessing.
type rateLimiter struct {
	mu     sync.Mutex
	max    int
	window time.Duration
	now    func() time.Time
	seen   map[string]*windowCount
}

type windowCount struct {
	start time.Time
	n     int
}

func newRateLimiter(max int, window time.Duration, now func() time.Time) *rateLimiter {
	return &rateLimiter{max: max, window: window, now: now, seen: map[string]*windowCount{}}
}

func (l *rateLimiter) allow(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	w, ok := l.seen[key]
	if !ok || now.Sub(w.start) >= l.window || now.Before(w.start) {
		if len(l.seen) > 100_000 { // bound memory under a flood of distinct addresses
			for k, v := range l.seen {
				if now.Sub(v.start) >= l.window {
					delete(l.seen, k)
				}
			}
			if len(l.seen) > 100_000 {
				clear(l.seen)
			}
		}
		l.seen[key] = &windowCount{start: now, n: 1}
		return true
	}
	if w.n >= l.max {
		return false
	}
	w.n++
	return true
}
