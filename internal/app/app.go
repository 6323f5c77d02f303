// Package app is the composition root: it builds every room from the configuration, mounts their
// routes on the web shell, subscribes their event handlers to the outbox and runs the workers.
// It holds no rules of its own.
package app

import (
	"context"
	"errors"
	"fmt"
	"github.com/google/uuid"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"xaso/internal/admin"
	"xaso/internal/audit"
	"xaso/internal/auth"
	"xaso/internal/blob"
	"xaso/internal/booking"
	"xaso/internal/calendar"
	"xaso/internal/calendarweb"
	"xaso/internal/campaign"
	"xaso/internal/commune"
	"xaso/internal/db"
	"xaso/internal/democracy"
	"xaso/internal/democracy/ballot"
	"xaso/internal/democracy/consult"
	"xaso/internal/democracy/election"
	"xaso/internal/disclosure"
	"xaso/internal/duty"
	"xaso/internal/errs"
	"xaso/internal/events"
	"xaso/internal/inforequest"
	"xaso/internal/notify"
	"xaso/internal/onestop"
	"xaso/internal/oversight"
	"xaso/internal/oversight/investment"
	"xaso/internal/petition"
	"xaso/internal/reception"
	"xaso/internal/richtext"
	"xaso/internal/secret"
	"xaso/internal/web"
)

// Options configure an App. Read from flags and environment in cmd/, never here.
type Options struct {
	DB      *db.DB
	DataDir string
	BaseURL string
	Lang    string
	Log     *slog.Logger
	Hasher  auth.Hasher
	Notify  notify.Config
	Now     func() time.Time
	// TrustedProxies are the reverse proxies whose X-Forwarded-For names the client.
	TrustedProxies []netip.Prefix
	// SecretKeys seal denouncers' identities; nil: no denunciation can be filed.
	SecretKeys *secret.Keyring
}

// App is a running xaso.
type App struct {
	DB       *db.DB
	Log      *slog.Logger
	Auth     *auth.Store
	Web      *web.Server
	Handler  http.Handler
	Events   *events.Dispatcher
	Notify   *notify.Service
	Blobs    *blob.Store
	Communes *commune.Store
	Calendar *calendarweb.Service
	Onestop  *onestop.Service
	Booking  *booking.Service
	Petition *petition.Service
	// Disclosure is the disclosure room (its public portal so far).
	Disclosure *disclosure.Service
	// Campaign is the news and campaigns room (plan section III.3).
	Campaign *campaign.Service
	// Democracy is the room of residents deciding (Law 10/2022 Art. 15–24).
	Democracy *democracy.Service
	// Election is the elections room (hamlet heads and board members, Decree 59/2023 Art. 6–9).
	Election *election.Service
	// Recommendations are the watchdogs' recommendations and their 15-day answers (Law 10/2022 Art. 40, 45).
	Recommendations *oversight.Recommendations
	// Inspection is the People's Inspection Board room (Law 10/2022 Art. 36–40).
	Inspection *oversight.Service
	// Investment is the projects registry and the Community Investment Supervision Boards (Art. 41–45).
	Investment *investment.Service
	// Consult is the consultations room (Law 10/2022 Art. 25–28).
	Consult *consult.Service
	// Reception is the citizen reception room; its visits become petitions.
	Reception *reception.Service
	// The rooms of friendly service, measured (plan III.1.4–1.6): each is built by its own
	// wire_*.go file, which holds its fields, its messages, its mounting and its demo.
	ratingRoom
	reportRoom
	tasksRoom
	auditRoom
	privacyRoom
	sipasRoom
	lettersRoom
	conductRoom
	tenants *tenantCache
	// holder names this process in the periodic jobs' locks (RunJobs).
	holder string
}

// New builds every room on an open, migrated database.
func New(ctx context.Context, o Options) (*App, error) {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Hasher == (auth.Hasher{}) {
		o.Hasher = auth.DefaultHasher
	}
	o.DB.Clock = o.Now
	a := &App{DB: o.DB, Log: o.Log, holder: uuid.Must(uuid.NewV7()).String()}
	a.Auth = auth.NewStore(o.DB, o.Hasher)
	a.Communes = commune.New(o.DB)
	var err error
	a.Blobs, err = blob.NewLocal(filepath.Join(o.DataDir, "blobs"), o.DB, blob.Options{})
	if err != nil {
		return nil, fmt.Errorf("app: blob store: %w", err)
	}
	a.Notify = notify.New(o.DB, o.Notify, o.Log, o.Now)
	a.Events = events.NewDispatcher(o.DB, o.Log, o.Now)
	a.Events.Subscribe(notify.TopicSend, a.Notify.Handle)

	tables := []map[string][2]string{web.Messages, calendarweb.Messages, commune.Messages, commune.PageMessages, admin.Messages, admin.SecurityMessages, web.AuthMessages, blob.Messages, notify.Messages, onestop.Messages, onestop.PageMessages, booking.Messages, duty.Messages, petition.Messages, reception.Messages, inforequest.Messages, disclosure.Messages, campaign.Messages, democracy.Messages, consult.Messages, ballot.Messages, election.Messages, oversight.RecMessages, oversight.Messages, investment.Messages}
	tables = append(tables, slices.Concat(ratingMessages(), sipasMessages(), lettersMessages(), conductMessages(), tasksMessages(), reportMessages(), auditMessages(), privacyMessages())...)
	cat, err := web.NewCatalog(tables...)
	if err != nil {
		return nil, err
	}
	a.tenants = &tenantCache{db: o.DB, ttl: 30 * time.Second, now: o.Now}
	a.Web, err = web.New(web.Config{
		Log: o.Log, Catalog: cat, Auth: a.Auth, Tenant: a.tenants.resolve, BaseURL: o.BaseURL, Now: o.Now, DefaultLang: o.Lang,
		TrustedProxies: o.TrustedProxies,
		Ready: func(ctx context.Context) error {
			ok, pending, err := o.DB.UpToDate(ctx)
			if err != nil {
				return err
			}
			if !ok {
				return fmt.Errorf("%d migrations pending", pending)
			}
			return nil
		},
	})
	if err != nil {
		return nil, err
	}
	a.Calendar = calendarweb.New(o.DB)
	calendarweb.Mount(a.Web, a.Calendar, o.Now)
	a.Onestop = onestop.New(onestop.Deps{DB: o.DB, Calendars: a.Calendar.Calendar, Users: a.Auth, Now: o.Now, Wake: a.wake})
	if err := a.Onestop.EnsureAllCatalogues(ctx); err != nil {
		return nil, fmt.Errorf("app: one-stop catalogues: %w", err)
	}
	a.Events.Subscribe(commune.TopicCommuneCreated, a.Onestop.OnCommuneCreated)
	onestop.MountAPI(a.Web, a.Onestop)
	onestop.MountPages(a.Web, a.Onestop, onestop.PageDeps{Blobs: a.Blobs, BaseURL: o.BaseURL, Staff: a.Auth})
	a.Booking = booking.New(booking.Deps{DB: o.DB, Calendars: a.Calendar.Calendar, Catalogue: booking.OnestopCatalogue(a.Onestop), Now: o.Now, Wake: a.wake,
		SMSConfigured: func() bool { return a.Notify.Configured(notify.SMS) }})
	booking.Mount(a.Web, a.Booking)
	a.Petition = petition.New(petition.Deps{DB: o.DB, Calendars: a.Calendar.Calendar, Keys: o.SecretKeys, Blobs: a.Blobs, Now: o.Now,
		Wake: a.wake, BaseURL: o.BaseURL})
	petition.Mount(a.Web, a.Petition, petition.PageDeps{Staff: a.staffAccounts, Tokens: a.Auth.TokenUser})
	a.Reception = reception.New(reception.Deps{DB: o.DB, Calendars: a.Calendar.Calendar, Now: o.Now, Wake: a.wake,
		NewPetition: a.petitionOfVisit})
	reception.Mount(a.Web, a.Reception)
	a.Disclosure = disclosure.New(disclosure.Deps{DB: o.DB, Calendars: a.Calendar.Calendar, Now: o.Now, Wake: a.wake, Sanitize: richtext.Sanitize})
	disclosure.Mount(a.Web, a.Disclosure, disclosure.Options{BaseURL: o.BaseURL, Files: a.Blobs})
	disclosure.MountLoudspeaker(a.Web, a.Disclosure, disclosure.Options{BaseURL: o.BaseURL, Files: a.Blobs})
	inforequest.Mount(a.Web, inforequest.New(inforequest.Deps{DB: o.DB, Calendars: a.Calendar.Calendar, Now: o.Now, Wake: a.wake}))
	a.Campaign = campaign.New(campaign.Deps{DB: o.DB, Now: o.Now, Wake: a.wake, Sanitize: richtext.Sanitize})
	campaign.Mount(a.Web, a.Campaign)
	a.Democracy = democracy.New(democracy.Deps{DB: o.DB, Calendars: a.Calendar.Calendar, Now: o.Now, Wake: a.wake})
	democracy.Mount(a.Web, a.Democracy, democracy.Options{BaseURL: o.BaseURL})
	democracy.MountLoudspeaker(a.Web, a.Democracy, democracy.Options{BaseURL: o.BaseURL})
	a.Election = election.New(election.Deps{DB: o.DB, Calendars: a.Calendar.Calendar, Now: o.Now, Wake: a.wake})
	election.Mount(a.Web, a.Election)
	a.Recommendations = oversight.NewRecommendations(oversight.RecDeps{DB: o.DB, Calendars: a.Calendar.Calendar, Now: o.Now, Wake: a.wake})
	oversight.MountRecommendations(a.Web, a.Recommendations)
	a.Inspection = oversight.New(oversight.Deps{DB: o.DB, Calendars: a.Calendar.Calendar, Now: o.Now, Wake: a.wake, Files: a.Blobs,
		Elections: a.recognisedElections(election.Inspection)})
	oversight.Mount(a.Web, a.Inspection)
	a.Investment = investment.New(investment.Deps{DB: o.DB, Calendars: a.Calendar.Calendar, Accounts: a.Auth, Files: a.Blobs, Now: o.Now, Wake: a.wake,
		Elections: a.recognisedElections(election.Investment)})
	investment.Mount(a.Web, a.Investment)
	a.Consult = consult.New(consult.Deps{DB: o.DB, Calendars: a.Calendar.Calendar, Now: o.Now, Wake: a.wake,
		Sanitize: richtext.Sanitize, Disclose: a.discloseConsultation})
	consult.Mount(a.Web, a.Consult, consult.Options{Files: a.Blobs})
	for _, mount := range []func(context.Context, Options) error{a.mountRating, a.mountSipas, a.mountLetters, a.mountConduct, a.mountTasks, a.mountReport, a.mountAudit, a.mountPrivacy} {
		if err := mount(ctx, o); err != nil {
			return nil, err
		}
	}
	commune.Mount(a.Web, a.Communes, a.Blobs, a.wake, a.hamletHeadAccounts)
	duty.Mount(a.Web, duty.NewStore(o.DB), o.Now)
	admin.Mount(a.Web, admin.Deps{DB: o.DB, Auth: a.Auth, Wake: a.wake})
	a.Handler, err = a.Web.Start()
	if err != nil {
		return nil, err
	}
	return a, nil
}

// Serve listens on addr and serves until ctx ends, running the outbox dispatcher beside the
// HTTP server. started, if not nil, receives the bound address once listening.
func (a *App) Serve(ctx context.Context, addr string, started func(addr string)) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("app: listen %s: %w", addr, err)
	}
	srv := &http.Server{
		Handler:           a.Handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute, // uploads on slow links
		WriteTimeout:      5 * time.Minute, // streamed exports
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(a.Log.Handler(), slog.LevelWarn),
	}
	var wg sync.WaitGroup
	workCtx, stopWork := context.WithCancel(ctx)
	defer stopWork()
	wg.Add(2)
	go func() { defer wg.Done(); a.Events.Run(workCtx) }()
	go func() {
		defer wg.Done()
		t := time.NewTicker(time.Hour)
		defer t.Stop()
		late := time.NewTicker(5 * time.Minute)
		defer late.Stop()
		for {
			select {
			case <-workCtx.Done():
				return
			case <-late.C:
				a.RunJobs(workCtx, false)
			case <-t.C:
				a.RunJobs(workCtx, true)
			}
		}
	}()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	if started != nil {
		started(ln.Addr().String())
	}
	select {
	case err := <-errc:
		stopWork()
		wg.Wait()
		return err
	case <-ctx.Done():
	}
	shutCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err = srv.Shutdown(shutCtx)
	stopWork()
	wg.Wait()
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// tenantCache resolves the commune of a host, remembering answers briefly so that a page view
// does not cost a query for it.
type tenantCache struct {
	db  *db.DB
	ttl time.Duration
	now func() time.Time
	mu  sync.Mutex
	m   map[string]tenantEntry
}

type tenantEntry struct {
	t   *web.Tenant
	exp time.Time
}

// RunJobs runs the periodic jobs this process wins the lock of (two xaso processes on one
// database tick together, and each job runs in one of them per period): the late-dossier
// flagging and the booking reminders every five minutes, and with hourly the session purge.
// It returns the jobs it ran.
func (a *App) RunJobs(ctx context.Context, hourly bool) []string {
	type job struct {
		name string
		ttl  time.Duration
		run  func() error
	}
	jobs := []job{
		{"onestop.flag_late", 4 * time.Minute, func() error { _, err := a.Onestop.FlagLate(ctx); return err }},
		{"booking.reminders", 4 * time.Minute, func() error { _, err := a.Booking.SendReminders(ctx, time.Now()); return err }},
	}
	if hourly {
		jobs = []job{{"auth.purge_sessions", 50 * time.Minute, func() error { _, err := a.Auth.PurgeExpiredSessions(ctx); return err }},
			{"audit.anchor", 50 * time.Minute, func() error { return a.anchorHeads(ctx) }}}
	}
	var ran []string
	for _, j := range jobs {
		ok, err := events.JobLock(ctx, a.DB, j.name, a.holder, j.ttl, time.Now())
		if err != nil {
			if ctx.Err() == nil {
				a.Log.Warn("app: job lock", "job", j.name, "err", err)
			}
			continue
		}
		if !ok {
			continue
		}
		ran = append(ran, j.name)
		if err := j.run(); err != nil && ctx.Err() == nil {
			a.Log.Warn("app: job", "job", j.name, "err", err)
		}
	}
	return ran
}

// wake is what the rooms call after a commit that published events: the dispatcher looks at
// the outbox. The public pages kept in memory are not purged here: the shell purges the
// commune of every request that changes something, and a change from the outbox or a job shows
// within the cache's 2 s (purging every commune's pages on every commit emptied a province's
// cache at its write rate).
func (a *App) wake() { a.Events.Wake() }

func (c *tenantCache) resolve(ctx context.Context, host string) (*web.Tenant, error) {
	c.mu.Lock()
	if e, ok := c.m[host]; ok && c.now().Before(e.exp) {
		c.mu.Unlock()
		return e.t, nil
	}
	c.mu.Unlock()
	cm, err := commune.CommuneByHost(ctx, c.db, host)
	if err != nil && errs.KindOf(err) == errs.NotFound {
		cm, err = commune.FirstCommune(ctx, c.db)
	}
	var t *web.Tenant
	switch {
	case err == nil:
		t = &web.Tenant{ID: cm.ID, Code: cm.Code, Name: "xã " + cm.Name, Province: cm.Province, Address: cm.Address,
			Phone: cm.Phone, Email: cm.Email, Hours: cm.WorkingHours}
	case errs.KindOf(err) == errs.NotFound:
		return nil, nil // no commune yet: do not cache, one may be created any moment
	default:
		return nil, err
	}
	c.mu.Lock()
	if c.m == nil || len(c.m) > 10000 {
		c.m = map[string]tenantEntry{}
	}
	c.m[host] = tenantEntry{t: t, exp: c.now().Add(c.ttl)}
	c.mu.Unlock()
	return t, nil
}

// hamletHeadAccounts lists the commune's enabled accounts with the hamlet-head role, for the
// registry's hamlet form (the registry does not read accounts itself).
func (a *App) hamletHeadAccounts(ctx context.Context, communeID string) ([]commune.Account, error) {
	var out []commune.Account
	for offset := 0; ; offset += 500 {
		users, total, err := a.Auth.Users(ctx, communeID, 500, offset)
		if err != nil {
			return nil, err
		}
		for _, u := range users {
			if u.Has(auth.HamletHead) && !u.Disabled {
				out = append(out, commune.Account{ID: u.ID, Name: u.FullName + " (" + u.Username + ")"})
			}
		}
		if offset+500 >= total {
			return out, nil
		}
	}
}

// staffAccounts lists the commune's active officers who can handle a petition (specialists
// and leaders), for the petitions room's assignment menu.
func (a *App) staffAccounts(r *http.Request, communeID string) ([]*auth.User, error) {
	var out []*auth.User
	for offset := 0; ; offset += 500 {
		users, total, err := a.Auth.Users(r.Context(), communeID, 500, offset)
		if err != nil {
			return nil, err
		}
		for _, u := range users {
			if !u.Disabled && (u.Has(auth.Specialist) || u.Has(auth.Leader)) {
				out = append(out, u)
			}
		}
		if offset+500 >= total {
			return out, nil
		}
	}
}

// petitionOfVisit turns a reception visit into a petition, in the visit's transaction: the
// logbook's matter, history and request become its content, the citizen its sender (sealed
// by the petitions room for a denunciation), and the visit its source.
func (a *App) petitionOfVisit(ctx context.Context, tx *db.Tx, communeID string, by audit.Actor, v reception.Visit) (string, string, error) {
	kind := petition.Report
	switch v.Kind {
	case reception.Complaint:
		kind = petition.Complaint
	case reception.Denunciation:
		kind = petition.Denunciation
	case reception.Recommendation:
		kind = petition.Recommendation
	}
	var content strings.Builder
	content.WriteString(v.Matter)
	for _, part := range []string{v.History, v.Request} {
		if part = strings.TrimSpace(part); part != "" {
			content.WriteString("\n\n" + part)
		}
	}
	p, err := a.Petition.FileInTx(ctx, tx, communeID, petition.Actor{ID: by.ID, Name: by.Name}, petition.Intake{
		Kind: kind, Channel: petition.ChannelVisit, Topic: "khac", Content: content.String(),
		Sender:    petition.Sender{Name: v.Name, Address: v.Address, IDNumber: v.IDNumber},
		SourceRef: "tiep-cong-dan/" + v.ID})
	if err != nil {
		return "", "", err
	}
	return p.Number, "/don-thu/" + p.Number, nil
}

// recognisedElections lists the recognised elections of a kind (a hamlet's member of the
// People's Inspection Board, residents' representatives on an investment supervision board),
// with the names elected, for linking the boards' members to them.
func (a *App) recognisedElections(kind election.Kind) func(ctx context.Context, communeID string) ([]oversight.ElectionRef, error) {
	return func(ctx context.Context, communeID string) ([]oversight.ElectionRef, error) {
		return a.electionsOf(ctx, communeID, kind)
	}
}

func (a *App) electionsOf(ctx context.Context, communeID string, kind election.Kind) ([]oversight.ElectionRef, error) {
	var out []oversight.ElectionRef
	for offset := 0; ; offset += 200 {
		list, total, err := a.Election.List(ctx, communeID, election.Filter{}, 200, offset)
		if err != nil {
			return nil, err
		}
		for _, e := range list {
			if e.Kind != kind || e.Status != election.Recognised {
				continue
			}
			ref := oversight.ElectionRef{ID: e.ID, URL: e.URL(), HamletID: e.HamletID, Hamlet: e.Hamlet, Title: e.Title, Day: e.Day, DecidedOn: e.DecidedOn}
			// The names elected come from the recount of the stored papers (one per hamlet
			// and term: a handful of elections).
			res, err := a.Election.Result(ctx, communeID, e)
			if err != nil {
				return nil, err
			}
			for _, st := range res.Outcome.Standings {
				if st.Elected {
					ref.Elected = append(ref.Elected, st.Name)
				}
			}
			out = append(out, ref)
		}
		if offset+200 >= total {
			return out, nil
		}
	}
}

// discloseConsultation publishes a closed consultation's summary and answers as a disclosure
// of category 11 (Law 10/2022 Art. 11.11), in the closing's transaction.
func (a *App) discloseConsultation(ctx context.Context, tx *db.Tx, communeID string, by audit.Actor, d consult.Disclosure) (string, error) {
	dd, err := a.Disclosure.PublishInTx(ctx, tx, communeID, by, disclosure.Input{CategoryNo: 11, Title: d.Title, Summary: d.Summary,
		Body: d.Body, DecisionDate: d.DecisionDate, HamletIDs: d.HamletIDs, Attachments: d.Attachments}, calendar.Date{})
	if err != nil {
		return "", err
	}
	return dd.PublicURL(), nil
}

// SeedParticipationDemo fills the rooms of residents deciding, being consulted, electing and
// overseeing with the demo commune's first records (each room does nothing when it has some).
func (a *App) SeedParticipationDemo(ctx context.Context, communeID string, by audit.Actor) error {
	if _, err := a.Democracy.SeedDemo(ctx, communeID, by); err != nil {
		return err
	}
	if err := a.Consult.SeedDemo(ctx, communeID, by); err != nil {
		return err
	}
	if err := a.Election.SeedDemo(ctx, communeID, by); err != nil {
		return err
	}
	return a.SeedOversightDemo(ctx, communeID, by, "giamsat")
}

// SeedOversightDemo gives the demo commune its People's Inspection Board (members, plans, a
// case with a late recommendation) and its investment projects with a supervision board whose
// member signs in as watchUsername.
func (a *App) SeedOversightDemo(ctx context.Context, communeID string, by audit.Actor, watchUsername string) error {
	if _, err := a.Inspection.SeedDemo(ctx, communeID, by); err != nil {
		return err
	}
	_, err := a.Investment.SeedDemo(ctx, communeID, by, watchUsername)
	return err
}

// SeedServiceDemo fills the rooms of friendly service, measured (ratings and SIPAS, letters,
// conduct) and the plan's own tasks with the demo commune's first records (each room does
// nothing when it has some).
func (a *App) SeedServiceDemo(ctx context.Context, communeID string, by audit.Actor) error {
	for _, seed := range []func(context.Context, string, audit.Actor) error{a.seedRatingDemo, a.seedSipasDemo, a.seedLettersDemo, a.seedConductDemo, a.seedTasksDemo} {
		if err := seed(ctx, communeID, by); err != nil {
			return err
		}
	}
	return nil
}
