package onestop

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"xaso/internal/audit"
	"xaso/internal/auth"
	"xaso/internal/calendar"
	"xaso/internal/commune"
	"xaso/internal/db"
	"xaso/internal/errs"
)

// UserDirectory finds staff accounts for hand-overs by username (*auth.Store is one).
type UserDirectory interface {
	UserByName(ctx context.Context, communeID, username string) (*auth.User, error)
}

// Deps is what the Service needs from the composition root.
type Deps struct {
	DB *db.DB
	// Calendars returns a commune's working-day calendar (calendarweb.Service.Calendar).
	Calendars func(ctx context.Context, communeID string) (*calendar.Calendar, error)
	// Users resolves "to_username" in hand-overs; nil means hand-overs go to offices only.
	Users UserDirectory
	// Now is the clock of business times (received, handed over, finished…); time.Now if nil.
	Now func() time.Time
	// Wake is called after a commit that published events (events.Dispatcher.Wake); optional.
	Wake func()
	// PublicPerMinute bounds public look-ups per client IP and minute; 30 if zero.
	PublicPerMinute int
}

// Service is the one-stop room: catalogue, dossiers, rules, statistics. Safe for concurrent use.
type Service struct {
	d         *db.DB
	calendars func(ctx context.Context, communeID string) (*calendar.Calendar, error)
	users     UserDirectory
	now       func() time.Time
	wake      func()
	limiter   *rateLimiter
	codeFails *failCounter // wrong phone digits per dossier code
	ratings   Ratings      // the rating room's link and satisfaction rate (UseRatings); zero: none

	mu       sync.Mutex
	agencies map[string]agencyInfo // commune id → agency code, cached
	keys     map[string][]byte     // commune id → key of signed links, cached
	procs    map[string]cachedProcedure
}

// cachedProcedure is a procedure as intake read it, and when.
type cachedProcedure struct {
	p  Procedure
	at time.Time
}

// procedureTTL is how long intake uses a procedure it read: every intake read it twice (the
// procedure and its documents), half of an intake's statements once grouped (db.TxGroup). An
// edit in this process is seen at once (UpdateProcedure forgets the commune's); another
// process sees it within this time.
const procedureTTL = 5 * time.Second

// intakeProcedure is Procedure for intake, through the cache.
func (s *Service) intakeProcedure(ctx context.Context, communeID, code string) (Procedure, error) {
	key := communeID + "\x00" + strings.TrimSpace(code)
	s.mu.Lock()
	c, ok := s.procs[key]
	s.mu.Unlock()
	if ok && time.Since(c.at) < procedureTTL {
		p := c.p
		p.Documents, p.Channels = slices.Clone(p.Documents), slices.Clone(p.Channels)
		return p, nil
	}
	p, err := s.Procedure(ctx, communeID, code)
	if err != nil {
		return p, err
	}
	s.mu.Lock()
	if s.procs == nil || len(s.procs) > 10000 {
		s.procs = map[string]cachedProcedure{}
	}
	s.procs[key] = cachedProcedure{p: p, at: time.Now()}
	s.mu.Unlock()
	p.Documents, p.Channels = slices.Clone(p.Documents), slices.Clone(p.Channels)
	return p, nil
}

// forgetProcedures drops the commune's procedures read for intake.
func (s *Service) forgetProcedures(communeID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for k := range s.procs {
		if strings.HasPrefix(k, communeID+"\x00") {
			delete(s.procs, k)
		}
	}
}

type agencyInfo struct {
	code, name string
	at         time.Time
}

// New builds the Service.
func New(d Deps) *Service {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Calendars == nil {
		d.Calendars = func(context.Context, string) (*calendar.Calendar, error) { return calendar.Default(), nil }
	}
	if d.Wake == nil {
		d.Wake = func() {}
	}
	if d.PublicPerMinute <= 0 {
		d.PublicPerMinute = 30
	}
	return &Service{d: d.DB, calendars: d.Calendars, users: d.Users, now: d.Now, wake: d.Wake,
		limiter:   newRateLimiter(d.PublicPerMinute, time.Minute, d.Now),
		codeFails: newFailCounter(lookupTriesPerCode, lookupLock, d.Now), agencies: map[string]agencyInfo{}, keys: map[string][]byte{}}
}

// Actor is the staff member acting, with the roles that decide which office they act for.
type Actor struct {
	ID    string
	Name  string
	Roles []auth.Role
}

// ActorOf turns a signed-in account into an Actor.
func ActorOf(u *auth.User) Actor {
	if u == nil {
		return Actor{ID: "anonymous", Name: "Khách"}
	}
	return Actor{ID: u.ID, Name: u.FullName, Roles: u.Roles}
}

func (a Actor) audit() audit.Actor { return audit.Actor{ID: a.ID, Name: a.Name} }

func (a Actor) has(r auth.Role) bool {
	for _, x := range a.Roles {
		if x == r {
			return true
		}
	}
	return false
}

// office is the office an actor acts for: the dossier's current office when they hold that
// role, else their first one-stop role.
func (a Actor) office(current auth.Role) auth.Role {
	if current != "" && a.has(current) {
		return current
	}
	for _, r := range []auth.Role{auth.Desk, auth.Specialist, auth.Leader, auth.Admin} {
		if a.has(r) {
			return r
		}
	}
	return ""
}

// today is the service clock's day in Asia/Ho_Chi_Minh ("YYYY-MM-DD"), the day the
// catalogue's effective dates are read against.
func (s *Service) today() string { return s.now().In(calendar.Zone).Format(time.DateOnly) }

// nowUTC is the service clock, as stored.
func (s *Service) nowUTC() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

func newID() string { return uuid.Must(uuid.NewV7()).String() }

// agency returns the commune's agency identifier for dossier codes (its code when none is
// set) and its name, cached for a minute.
func (s *Service) agency(ctx context.Context, q db.Q, communeID string) (string, string, error) {
	s.mu.Lock()
	a, ok := s.agencies[communeID]
	s.mu.Unlock()
	if ok && time.Since(a.at) < time.Minute {
		return a.code, a.name, nil
	}
	c, err := commune.GetCommune(ctx, q, communeID)
	if err != nil {
		return "", "", err
	}
	code := strings.ToUpper(strings.TrimSpace(c.AgencyCode))
	if !ValidAgency(code) {
		code = strings.ToUpper(c.Code)
	}
	if !ValidAgency(code) {
		code = "XA"
	}
	s.mu.Lock()
	if len(s.agencies) > 10000 {
		clear(s.agencies)
	}
	s.agencies[communeID] = agencyInfo{code: code, name: c.Name, at: time.Now()}
	s.mu.Unlock()
	return code, c.Name, nil
}

func (s *Service) calendar(ctx context.Context, communeID string) (*calendar.Calendar, error) {
	cal, err := s.calendars(ctx, communeID)
	if err != nil {
		return nil, errs.Wrap("onestop: calendar", err)
	}
	return cal, nil
}

// dbErr classifies a database error: a broken unique key under a race is a conflict the
// caller can retry; anything else unclassified is internal.
func dbErr(op string, err error) error {
	if err == nil {
		return nil
	}
	if _, ok := errs.As(err); !ok && db.IsUniqueViolation(err) {
		return &errs.Error{Op: op, Kind: errs.Conflict, Key: "onestop.conflict", Err: err}
	}
	return errs.Wrap(op, err)
}

var errStale = errors.New("onestop: dossier changed meanwhile")
