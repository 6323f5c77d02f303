// Package calendarweb gives each commune its working-day calendar and shows it: the public
// month view with lunar dates and days off (/lich), the "compute a due date" page
// (/lich/han), and the admin pages where a commune keeps the yearly holiday notices and its
// own closures (/quan-tri/lich).
//
// Service.Calendar is how every other room gets a commune's calendar to compute a deadline:
// the notices shipped with xaso, replaced year by year by the ones the commune saved, plus
// the commune's closures. ExplainHTML and StepsHTML draw the "how was this date computed?"
// disclosure for any page that shows a due date.
//
// It owns the settings keys "calendar.notice.YYYY" and "calendar.closures" (JSON of
// calendar.Notice and []calendar.Holiday) and nothing else; the rules themselves stay in the
// pure package calendar.
package calendarweb

import (
	"context"
	"sync"
	"time"

	"xaso/internal/calendar"
	"xaso/internal/db"
	"xaso/internal/errs"
)

// cacheTTL bounds how long a commune's calendar is kept. A save in this process drops it at
// once; the TTL is for the other processes of a multi-server deployment, which learn of the
// save only by reading the settings again.
const cacheTTL = time.Minute

// Service builds and caches each commune's calendar and stores its notices and closures.
// It is safe for concurrent use.
type Service struct {
	d   *db.DB
	now func() time.Time

	mu    sync.Mutex
	cache map[string]cached
	gen   map[string]uint64 // bumped by each save, so that a load racing a save is not kept
}

type cached struct {
	cal *calendar.Calendar
	at  time.Time
}

// New returns a Service on the database.
func New(d *db.DB) *Service {
	return &Service{d: d, now: time.Now, cache: map[string]cached{}, gen: map[string]uint64{}}
}

// Calendar returns the commune's calendar: the shipped notices, each replaced by the notice
// the commune saved for that year, the commune's local closures and the default office hours.
// Every deadline of xaso is computed on it.
func (s *Service) Calendar(ctx context.Context, communeID string) (*calendar.Calendar, error) {
	s.mu.Lock()
	c, ok := s.cache[communeID]
	gen := s.gen[communeID]
	s.mu.Unlock()
	if ok && s.now().Sub(c.at) < cacheTTL {
		return c.cal, nil
	}
	st, err := s.load(ctx, s.d, communeID)
	if err != nil {
		return nil, err
	}
	cal, err := calendar.New(calendar.Options{Notices: st.effective(), LocalClosures: st.closures})
	if err != nil {
		// Only data that bypassed the admin pages' checks can get here.
		return nil, errs.Wrap("calendarweb: calendar", err)
	}
	s.mu.Lock()
	if s.gen[communeID] == gen {
		if len(s.cache) > 10000 { // a bound, not a policy: communes are far fewer per process
			clear(s.cache)
		}
		s.cache[communeID] = cached{cal: cal, at: s.now()}
	}
	s.mu.Unlock()
	return cal, nil
}

// forget drops a commune's cached calendar after a save.
func (s *Service) forget(communeID string) {
	s.mu.Lock()
	delete(s.cache, communeID)
	s.gen[communeID]++
	s.mu.Unlock()
}

// Origin tells where the notice a calendar follows for a year comes from.
type Origin string

const (
	// Statutory: no notice; the Labour Code's rules with the default Tết days.
	Statutory Origin = "statutory"
	// Shipped: the notice shipped with xaso.
	Shipped Origin = "shipped"
	// Edited: the notice the commune's admin saved (it replaces a shipped one).
	Edited Origin = "edited"
)

// YearNotice is the notice a commune follows for one year and where it comes from. Notice
// is the zero value when Origin is Statutory.
type YearNotice struct {
	Year   int
	Origin Origin
	Notice calendar.Notice
	// HasShipped reports whether xaso ships a notice for the year (the one Reset returns to).
	HasShipped bool
}

// shippedByYear indexes the shipped notices; they are part of the binary.
var shippedByYear = func() map[int]calendar.Notice {
	m := map[int]calendar.Notice{}
	for _, n := range calendar.ShippedNotices() {
		m[n.Year] = n
	}
	return m
}()

// stored is what a commune keeps in the settings.
type stored struct {
	notices  map[int]calendar.Notice
	closures []calendar.Holiday
}

// effective merges the shipped notices with the commune's.
func (st stored) effective() []calendar.Notice {
	var out []calendar.Notice
	for y, n := range shippedByYear {
		if _, ok := st.notices[y]; !ok {
			out = append(out, n)
		}
	}
	for _, n := range st.notices {
		out = append(out, n)
	}
	return out
}

// yearNotice is the notice followed for year y.
func (st stored) yearNotice(y int) YearNotice {
	ship, hasShip := shippedByYear[y]
	if n, ok := st.notices[y]; ok {
		return YearNotice{Year: y, Origin: Edited, Notice: n, HasShipped: hasShip}
	}
	if hasShip {
		return YearNotice{Year: y, Origin: Shipped, Notice: ship, HasShipped: true}
	}
	return YearNotice{Year: y, Origin: Statutory}
}
