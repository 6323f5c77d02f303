package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// The soak (`xaso loadgen --soak`, issue 15 item 8): a steady mix of what residents do on the
// portal, for minutes, watching that nothing answers 5xx and that the server's memory does
// not grow. Reads: the home page, the procedure list and its search, a calendar month, a
// tracking look-up. Writes, through the real forms as a browser posts them (Origin and
// Sec-Fetch-Site of the page's own site): an appointment booking and a public petition. They
// are real rows: soak a test copy, never a commune's live server.

// soakFlags are the flags of the soak mode, registered on loadgen's flag set.
type soakFlags struct {
	on       bool
	rate     float64
	pid      int
	spread   bool
	readOnly bool
	track    string
	every    time.Duration
}

func (f *soakFlags) register(fs *flag.FlagSet) {
	fs.BoolVar(&f.on, "soak", false, "soak: a mix of public reads and writes at a steady rate for --duration (default 10m), a line every 10 s, non-zero exit on any 5xx")
	fs.Float64Var(&f.rate, "rate", 0, "soak: actions per second (default: half of what a first 10 s at full speed reaches)")
	fs.IntVar(&f.pid, "pid", 0, "soak: the server's process id, to read its resident memory from /proc/PID/status (default: its /metrics)")
	fs.BoolVar(&f.spread, "spread", false, "soak: send each action from its own address in X-Forwarded-For (the server must trust this machine: --trusted-proxy 127.0.0.1); without it, look-ups and writes stay within one address's limits")
	fs.BoolVar(&f.readOnly, "read-only", false, "soak: reads only, no bookings or petitions")
	fs.StringVar(&f.track, "track", "", "soak: dossiers to look up, CODE:LAST4 comma-separated (default: the soak's own bookings and petitions)")
	fs.DurationVar(&f.every, "report-every", 10*time.Second, "soak: how often to print a line")
}

// soakConfig is one soak run.
type soakConfig struct {
	base        string // scheme://host of the server
	duration    time.Duration
	concurrency int
	soakFlags
}

// soakAction is one thing a resident does: one or more requests.
type soakAction struct {
	name   string
	weight int
	write  bool
	// budget limits the action per address when the soak does not spread its addresses: the
	// server's own brakes (bookings 5, petitions 10 per 15 minutes, tracking 30 a minute).
	budget int
	window time.Duration
	run    func(s *soak, ctx context.Context, ip string) error
}

// soak is a running soak: its client, its statistics and what it learnt of the server.
type soak struct {
	cfg    soakConfig
	client *http.Client
	seq    atomic.Int64
	phones atomic.Int64 // numbers the writes' phones

	mu          sync.Mutex
	stats       soakStats // since the last line
	total       soakStats
	mem         []memSample
	procedure   string
	days        []string
	tracks      []tracked // look-ups: given dossiers, own bookings and petitions
	daysFetched time.Time
}

type tracked struct{ kind, code, last4 string }

type soakStats struct {
	requests, s2xx, s4xx, s5xx, errors, behind int
	lat                                        []time.Duration
	first5xx                                   string
}

func (a *soakStats) add(b soakStats) {
	a.requests += b.requests
	a.s2xx += b.s2xx
	a.s4xx += b.s4xx
	a.s5xx += b.s5xx
	a.errors += b.errors
	a.behind += b.behind
	a.lat = append(a.lat, b.lat...)
	if a.first5xx == "" {
		a.first5xx = b.first5xx
	}
}

func (a soakStats) pct(p float64) time.Duration {
	if len(a.lat) == 0 {
		return 0
	}
	l := slices.Clone(a.lat)
	slices.Sort(l)
	return l[min(len(l)-1, int(float64(len(l))*p))]
}

type memSample struct {
	at    time.Duration
	bytes int64
}

func runSoak(ctx context.Context, cfg soakConfig, stdout io.Writer) error {
	u, err := url.Parse(cfg.base)
	if err != nil || u.Host == "" {
		return fmt.Errorf("loadgen: --url %q is not a URL", cfg.base)
	}
	cfg.base = u.Scheme + "://" + u.Host
	if cfg.every <= 0 {
		cfg.every = 10 * time.Second
	}
	tr := &http.Transport{MaxIdleConns: cfg.concurrency * 2, MaxIdleConnsPerHost: cfg.concurrency * 2}
	defer tr.CloseIdleConnections()
	s := &soak{cfg: cfg, client: &http.Client{Transport: tr, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	for _, t := range strings.Split(cfg.track, ",") {
		if t = strings.TrimSpace(t); t == "" {
			continue
		}
		code, last4, ok := strings.Cut(t, ":")
		if !ok || len(last4) != 4 {
			return fmt.Errorf("loadgen: --track %q: want CODE:LAST4", t)
		}
		s.tracks = append(s.tracks, tracked{"dossier", code, last4})
	}
	if _, _, err := s.memory(ctx); err != nil {
		return fmt.Errorf("loadgen: the server's memory: %w", err)
	}
	rate := cfg.rate
	if rate <= 0 {
		measure := min(10*time.Second, cfg.duration/3)
		n := s.flat(ctx, measure)
		rate = max(1, float64(n)/measure.Seconds()/2)
		fmt.Fprintf(stdout, "soak: %.0f actions/s at full speed over %v; soaking at half, %.1f/s\n", float64(n)/measure.Seconds(), measure, rate)
		s.mu.Lock()
		s.stats, s.total = soakStats{}, soakStats{}
		s.mu.Unlock()
	}
	fmt.Fprintf(stdout, "soak: %s for %v at %.1f actions/s, %d clients%s\n", cfg.base, cfg.duration, rate, cfg.concurrency,
		map[bool]string{true: ", reads only", false: ""}[cfg.readOnly])
	return s.steady(ctx, rate, stdout)
}

// actions is the mix, by weight.
func (s *soak) actions() []soakAction {
	get := func(path func(*rand.Rand) string) func(*soak, context.Context, string) error {
		return func(s *soak, ctx context.Context, ip string) error {
			_, _, err := s.do(ctx, http.MethodGet, path(rand.New(rand.NewPCG(uint64(s.seq.Add(1)), 1))), nil, ip)
			return err
		}
	}
	searches := []string{"khai sinh", "ket hon", "chung thuc", "dat dai", "khai tu", "ho tich", "giay phep"}
	as := []soakAction{
		{name: "home", weight: 20, run: get(func(*rand.Rand) string { return "/" })},
		{name: "procedures", weight: 15, run: get(func(*rand.Rand) string { return "/thu-tuc" })},
		{name: "search", weight: 15, run: get(func(r *rand.Rand) string {
			return "/thu-tuc?q=" + url.QueryEscape(searches[r.IntN(len(searches))])
		})},
		{name: "calendar", weight: 10, run: get(func(r *rand.Rand) string {
			return fmt.Sprintf("/lich?thang=%d-%02d", time.Now().Year(), 1+r.IntN(12))
		})},
		{name: "track", weight: 15, budget: 20, window: time.Minute, run: (*soak).track},
	}
	if !s.cfg.readOnly {
		as = append(as,
			soakAction{name: "booking", weight: 15, write: true, budget: 5, window: 15 * time.Minute, run: (*soak).book},
			soakAction{name: "petition", weight: 10, write: true, budget: 10, window: 15 * time.Minute, run: (*soak).petition})
	}
	return as
}

// picker draws actions by weight; without --spread an action over its budget gives way to the
// home page.
type picker struct {
	mu      sync.Mutex
	rng     *rand.Rand
	actions []soakAction
	sum     int
	used    map[string][]time.Time
	spread  bool
}

func newPicker(as []soakAction, spread bool) *picker {
	p := &picker{rng: rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 8)), actions: as, used: map[string][]time.Time{}, spread: spread}
	for _, a := range as {
		p.sum += a.weight
	}
	return p
}

func (p *picker) pick(now time.Time) soakAction {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := p.rng.IntN(p.sum)
	a := p.actions[0]
	for _, x := range p.actions {
		if n < x.weight {
			a = x
			break
		}
		n -= x.weight
	}
	if p.spread || a.budget == 0 {
		return a
	}
	recent := p.used[a.name][:0]
	for _, t := range p.used[a.name] {
		if now.Sub(t) < a.window {
			recent = append(recent, t)
		}
	}
	p.used[a.name] = recent
	if len(recent) >= a.budget {
		return p.actions[0]
	}
	p.used[a.name] = append(recent, now)
	return a
}

// ip is the address an action comes from: its own with --spread (10.0.0.0/8), else none.
func (s *soak) ip() string {
	if !s.cfg.spread {
		return ""
	}
	n := s.seq.Add(1)
	return fmt.Sprintf("10.%d.%d.%d", n/65536%256, n/256%256, n%256)
}

// flat runs the mix as fast as the clients go for d and returns how many actions were done.
func (s *soak) flat(ctx context.Context, d time.Duration) int {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	p := newPicker(s.actions(), s.cfg.spread)
	var n atomic.Int64
	var wg sync.WaitGroup
	for range s.cfg.concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				a := p.pick(time.Now())
				a.run(s, ctx, s.ip())
				if ctx.Err() == nil {
					n.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	return int(n.Load())
}

// steady sends actions at rate for the duration, printing a line every cfg.every, then the
// summary. An action that finds every client busy waits for one and counts as behind.
func (s *soak) steady(ctx context.Context, rate float64, stdout io.Writer) error {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.duration)
	defer cancel()
	p := newPicker(s.actions(), s.cfg.spread)
	jobs := make(chan struct{}, s.cfg.concurrency)
	var wg sync.WaitGroup
	for range s.cfg.concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range jobs {
				a := p.pick(time.Now())
				a.run(s, ctx, s.ip())
			}
		}()
	}
	start := time.Now()
	s.sampleMemory(ctx, 0)
	tick := time.NewTicker(s.cfg.every)
	defer tick.Stop()
	interval := time.Duration(float64(time.Second) / rate)
	next := start
	done := false
	for !done {
		next = next.Add(interval)
		wait := time.Until(next)
		timer := time.NewTimer(max(wait, 0))
		select {
		case <-ctx.Done():
			done = true
		case <-tick.C:
			s.line(ctx, start, stdout)
			next = next.Add(-interval) // the action due now is sent on the next turn
		case <-timer.C:
			select {
			case jobs <- struct{}{}:
			default:
				s.mu.Lock()
				s.stats.behind++
				s.mu.Unlock()
				select {
				case jobs <- struct{}{}:
				case <-ctx.Done():
					done = true
				}
			}
		}
		timer.Stop()
	}
	close(jobs)
	wg.Wait()
	// The requests since the last line get one of their own (read after the soak's deadline).
	s.mu.Lock()
	pending := s.stats.requests > 0
	s.mu.Unlock()
	if pending {
		s.line(context.Background(), start, stdout)
	}
	return s.summary(stdout)
}

// line prints the requests since the last line and the server's memory.
func (s *soak) line(ctx context.Context, start time.Time, stdout io.Writer) {
	at := time.Since(start)
	mem, label := s.sampleMemory(ctx, at)
	s.mu.Lock()
	st := s.stats
	s.total.add(st)
	s.stats = soakStats{}
	s.mu.Unlock()
	fmt.Fprintf(stdout, "[%6s] %6d req  2xx %6d  4xx %4d  5xx %3d  errors %3d  p50 %-9v p99 %-9v %s %s\n",
		at.Round(time.Second), st.requests, st.s2xx, st.s4xx, st.s5xx, st.errors,
		st.pct(.50).Round(10*time.Microsecond), st.pct(.99).Round(10*time.Microsecond), label, mb(mem))
}

func mb(b int64) string {
	if b < 0 {
		return "?"
	}
	return fmt.Sprintf("%.1f MB", float64(b)/(1<<20))
}

func (s *soak) sampleMemory(ctx context.Context, at time.Duration) (int64, string) {
	b, label, err := s.memory(ctx)
	if err != nil {
		return -1, label
	}
	s.mu.Lock()
	s.mem = append(s.mem, memSample{at, b})
	s.mu.Unlock()
	return b, label
}

// summary prints the totals, the memory's first, last and highest sample and its slope, and
// fails the run when the server answered any 5xx or could not be reached.
func (s *soak) summary(stdout io.Writer) error {
	s.mu.Lock()
	t := s.total
	mem := slices.Clone(s.mem)
	s.mu.Unlock()
	fmt.Fprintf(stdout, "soak: %d requests: 2xx %d, 4xx %d, 5xx %d, errors %d; p50 %v, p99 %v; %d actions waited for a free client\n",
		t.requests, t.s2xx, t.s4xx, t.s5xx, t.errors, t.pct(.50).Round(10*time.Microsecond), t.pct(.99).Round(10*time.Microsecond), t.behind)
	if len(mem) > 0 {
		hi := mem[0].bytes
		for _, m := range mem {
			hi = max(hi, m.bytes)
		}
		fmt.Fprintf(stdout, "soak: memory first %s, last %s, max %s, slope %+.2f MB/min over %d samples\n",
			mb(mem[0].bytes), mb(mem[len(mem)-1].bytes), mb(hi), slopeMBPerMin(mem), len(mem))
	}
	switch {
	case t.requests == 0:
		return errors.New("soak: no request answered (is the server running?)")
	case t.s5xx > 0:
		fmt.Fprintln(stdout, "soak: FAILED, the server answered 5xx")
		return fmt.Errorf("soak: %d answers 5xx, first: %s", t.s5xx, t.first5xx)
	case t.errors > 0:
		fmt.Fprintln(stdout, "soak: FAILED, requests went unanswered")
		return fmt.Errorf("soak: %d requests unanswered (connection or timeout)", t.errors)
	}
	fmt.Fprintln(stdout, "soak: OK, no 5xx")
	return nil
}

// slopeMBPerMin is the least-squares slope of the memory samples, in MB per minute.
func slopeMBPerMin(ms []memSample) float64 {
	if len(ms) < 2 {
		return 0
	}
	var sx, sy, sxx, sxy float64
	for _, m := range ms {
		x, y := m.at.Minutes(), float64(m.bytes)/(1<<20)
		sx, sy, sxx, sxy = sx+x, sy+y, sxx+x*x, sxy+x*y
	}
	n := float64(len(ms))
	den := n*sxx - sx*sx
	if den == 0 {
		return 0
	}
	return (n*sxy - sx*sy) / den
}

// memory is the server's memory: VmRSS of --pid, else process_resident_memory_bytes from its
// /metrics, else the Go heap it reports there (xaso_heap_bytes), labelled as such.
func (s *soak) memory(ctx context.Context) (int64, string, error) {
	if s.cfg.pid > 0 {
		b, err := vmRSS(fmt.Sprintf("/proc/%d/status", s.cfg.pid))
		return b, "rss", err
	}
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, s.cfg.base+"/metrics", nil)
	resp, err := s.client.Do(req)
	if err != nil {
		return 0, "rss", err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return 0, "rss", fmt.Errorf("/metrics answered %d (it answers this machine only; give --pid)", resp.StatusCode)
	}
	return metricsMemory(resp.Body)
}

// metricsMemory reads the memory gauge from a Prometheus text page.
func metricsMemory(r io.Reader) (int64, string, error) {
	var heap int64 = -1
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		name, v, ok := strings.Cut(sc.Text(), " ")
		if !ok || strings.HasPrefix(name, "#") {
			continue
		}
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil {
			continue
		}
		switch name {
		case "process_resident_memory_bytes":
			return int64(f), "rss", nil
		case "xaso_heap_bytes":
			heap = int64(f)
		}
	}
	if heap >= 0 {
		return heap, "heap", nil
	}
	return 0, "rss", errors.New("/metrics has no process_resident_memory_bytes nor xaso_heap_bytes (give --pid)")
}

// vmRSS reads the VmRSS line of a Linux /proc/PID/status file.
func vmRSS(path string) (int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	return parseVmRSS(f)
}

func parseVmRSS(r io.Reader) (int64, error) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		rest, ok := strings.CutPrefix(sc.Text(), "VmRSS:")
		if !ok {
			continue
		}
		fs := strings.Fields(rest)
		if len(fs) != 2 || fs[1] != "kB" {
			return 0, fmt.Errorf("VmRSS line %q", sc.Text())
		}
		kb, err := strconv.ParseInt(fs[0], 10, 64)
		if err != nil || kb < 0 || kb > 1<<40 {
			return 0, fmt.Errorf("VmRSS line %q", sc.Text())
		}
		return kb << 10, nil
	}
	if err := sc.Err(); err != nil {
		return 0, err
	}
	return 0, errors.New("no VmRSS line (a kernel thread, or not Linux)")
}

// do sends one request and counts its answer; form, when not nil, is posted as a browser
// posts a form of the site's own page.
func (s *soak) do(ctx context.Context, method, path string, form url.Values, ip string) (*http.Response, []byte, error) {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, method, s.cfg.base+path, body)
	if err != nil {
		return nil, nil, err
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", s.cfg.base)
		req.Header.Set("Sec-Fetch-Site", "same-origin")
	}
	if ip != "" {
		req.Header.Set("X-Forwarded-For", ip)
	}
	t := time.Now()
	resp, err := s.client.Do(req)
	var b []byte
	if err == nil {
		b, err = io.ReadAll(resp.Body)
		resp.Body.Close()
	}
	d := time.Since(t)
	if ctx.Err() != nil {
		return nil, nil, ctx.Err() // cut by the end of the soak: not the server's doing
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stats.requests++
	if err != nil {
		s.stats.errors++
		return nil, nil, err
	}
	s.stats.lat = append(s.stats.lat, d)
	switch {
	case resp.StatusCode >= 500:
		s.stats.s5xx++
		if s.stats.first5xx == "" {
			s.stats.first5xx = fmt.Sprintf("%s %s: %d", method, path, resp.StatusCode)
		}
	case resp.StatusCode >= 400:
		s.stats.s4xx++
	default:
		s.stats.s2xx++
	}
	return resp, b, nil
}

var (
	soakProcRE = regexp.MustCompile(`href="/dat-lich\?thu-tuc=([^"&]+)"`)
	soakDayRE  = regexp.MustCompile(`href="/dat-lich\?thu-tuc=[^"&]+&amp;ngay=([0-9-]+)"`)
	soakSlotRE = regexp.MustCompile(`<input type="radio" name="slot" value="([^"]+)"([^>]*)>`)
	soakBookRE = regexp.MustCompile(`^/dat-lich/da-dat/([^?/]+)\?k=`)
	soakPetRE  = regexp.MustCompile(`^/phan-anh/da-gui/([^/?]+)$`)
)

// bookingDays finds a procedure residents book for and its days (again every minute).
func (s *soak) bookingDays(ctx context.Context, ip string) (string, []string, error) {
	s.mu.Lock()
	proc, days, fetched := s.procedure, s.days, s.daysFetched
	s.mu.Unlock()
	if proc != "" && time.Since(fetched) < time.Minute {
		return proc, days, nil
	}
	if proc == "" {
		_, page, err := s.do(ctx, http.MethodGet, "/dat-lich", nil, ip)
		if err != nil {
			return "", nil, err
		}
		m := soakProcRE.FindSubmatch(page)
		if m == nil {
			return "", nil, errors.New("no procedure to book")
		}
		proc = string(m[1])
	}
	_, page, err := s.do(ctx, http.MethodGet, "/dat-lich?thu-tuc="+url.QueryEscape(proc), nil, ip)
	if err != nil {
		return "", nil, err
	}
	days = nil
	for _, m := range soakDayRE.FindAllSubmatch(page, -1) {
		days = append(days, string(m[1]))
	}
	s.mu.Lock()
	s.procedure, s.days, s.daysFetched = proc, days, time.Now()
	s.mu.Unlock()
	return proc, days, nil
}

// phone is a new mobile number for each write: one phone holds at most 3 bookings.
func (s *soak) phone() string { return fmt.Sprintf("03%08d", s.phones.Add(1)%100000000) }

// book books an appointment: the day's form, a free slot, the POST.
func (s *soak) book(ctx context.Context, ip string) error {
	proc, days, err := s.bookingDays(ctx, ip)
	if err != nil {
		return err
	}
	if len(days) == 0 {
		return s.petition(ctx, ip) // the office is booked up: the resident writes instead
	}
	day := days[int(s.seq.Add(1))%len(days)]
	_, page, err := s.do(ctx, http.MethodGet, "/dat-lich?thu-tuc="+url.QueryEscape(proc)+"&ngay="+day, nil, ip)
	if err != nil {
		return err
	}
	var free []string
	for _, m := range soakSlotRE.FindAllSubmatch(page, -1) {
		if !strings.Contains(string(m[2]), "disabled") {
			free = append(free, string(m[1]))
		}
	}
	if len(free) == 0 {
		return s.petition(ctx, ip) // the day filled up: the resident writes instead
	}
	phone := s.phone()
	resp, _, err := s.do(ctx, http.MethodPost, "/dat-lich", url.Values{"procedure": {proc}, "day": {day},
		"slot": {free[int(s.seq.Add(1))%len(free)]}, "name": {"Người Thử Tải"}, "phone": {phone}}, ip)
	if err != nil {
		return err
	}
	if m := soakBookRE.FindStringSubmatch(resp.Header.Get("Location")); m != nil {
		s.remember(tracked{"booking", m[1], phone[len(phone)-4:]})
	}
	return nil
}

// petition sends a report through the public form.
func (s *soak) petition(ctx context.Context, ip string) error {
	phone := s.phone()
	resp, _, err := s.do(ctx, http.MethodPost, "/phan-anh", url.Values{"kind": {"report"}, "topic": {"moi-truong"},
		"content": {"Thử tải: rác thải để lâu ngày ở đầu ngõ, đề nghị xã cho thu gom."}, "name": {"Người Thử Tải"},
		"phone": {phone}, "address": {"Xóm Thử"}}, ip)
	if err != nil {
		return err
	}
	if m := soakPetRE.FindStringSubmatch(resp.Header.Get("Location")); m != nil {
		s.remember(tracked{"petition", m[1], phone[len(phone)-4:]})
	}
	return nil
}

func (s *soak) remember(t tracked) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.tracks) < 1000 {
		s.tracks = append(s.tracks, t)
	}
}

// track looks up a dossier given with --track, or one of the soak's bookings or petitions;
// with nothing to look up yet, it opens the tracking form.
func (s *soak) track(ctx context.Context, ip string) error {
	s.mu.Lock()
	var t tracked
	if len(s.tracks) > 0 {
		t = s.tracks[int(s.seq.Add(1))%len(s.tracks)]
	}
	s.mu.Unlock()
	var err error
	switch t.kind {
	case "dossier":
		_, _, err = s.do(ctx, http.MethodPost, "/tra-cuu", url.Values{"ma": {t.code}, "so": {t.last4}}, ip)
	case "booking":
		_, _, err = s.do(ctx, http.MethodPost, "/dat-lich/tra-cuu", url.Values{"code": {t.code}, "last4": {t.last4}}, ip)
	case "petition":
		_, _, err = s.do(ctx, http.MethodPost, "/phan-anh/tra-cuu", url.Values{"number": {t.code}, "digits": {t.last4}}, ip)
	default:
		_, _, err = s.do(ctx, http.MethodGet, "/tra-cuu", nil, ip)
	}
	return err
}
