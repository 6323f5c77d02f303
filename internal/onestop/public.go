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
	d, err := dossierByCode(ctx, s.d, communeID, c.String())
	if errs.KindOf(err) == errs.NotFound {
		return Dossier{}, errLookup
	}
	if err != nil {
		return Dossier{}, err
	}
	want := lastDigits(d.Applicant.Phone, 4)
	if want == "" || subtle.ConstantTimeCompare([]byte(want), []byte(phoneLast4)) != 1 {
		return Dossier{}, errLookup
	}
	return d, s.fill(ctx, s.d, communeID, &d)
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
