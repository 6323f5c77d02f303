package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"xaso/internal/db"
	"xaso/internal/db/dbtest"
)

// TestKilledTwentyTimes (issue 15 item 5) kills the real binary with SIGKILL twenty times in a
// row, each time in the middle of a random 0.3–1.5 s of concurrent writes of three kinds —
// dossier intakes through the JSON API, public appointment bookings through their form and
// household creates by staff — and restarts it on the same data. After every restart, every
// write the server acknowledged is there with its audit entry and its outbox event (the three
// share one transaction: none of them without the others, for the writes in flight too), and
// `xaso audit verify` passes. SQLite always, PostgreSQL when XASO_TEST_PG is set.
func TestKilledTwentyTimes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary; skipped with -short")
	}
	bin := buildBinary(t)
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			place := newPlace(t, engine, dbtest.PostgresDSN)
			killedTwentyTimes(t, bin, place)
		})
	}
}

func killedTwentyTimes(t *testing.T, bin string, place dataPlace) {
	const rounds = 20
	seed := uint64(time.Now().UnixNano())
	rng := rand.New(rand.NewPCG(seed, 15))
	t.Logf("seed %d", seed)

	began := time.Now()
	srv := startChild(t, bin, place.serveArgs("demo")...)
	t.Logf("demo commune loaded and served in %v", time.Since(began).Round(time.Millisecond))
	target := prepareTarget(t, bin, place, srv)
	load := &writeLoad{}

	var totalAcked int
	var counts writeCounts
	for round := 1; round <= rounds; round++ {
		target.base = srv.url
		ctx, cancel := context.WithCancel(context.Background())
		done := load.start(ctx, target, 2)
		burst := time.Duration(300+rng.IntN(1201)) * time.Millisecond
		time.Sleep(burst)
		flying := load.inFlight.Load()
		load.killing.Store(true)
		if err := srv.cmd.Process.Kill(); err != nil {
			t.Fatalf("round %d: kill: %v", round, err)
		}
		srv.wait()
		cancel()
		done()
		load.killing.Store(false)
		acked := load.acks()
		if bad := load.unexpected(); len(bad) > 0 {
			t.Fatalf("round %d: %d unexpected answers before the kill, first: %s\nserver output:\n%s", round, len(bad), bad[0], srv.out.tail())
		}
		thisRound := len(acked) - totalAcked
		totalAcked = len(acked)

		restart := time.Now()
		srv = startChild(t, bin, place.serveArgs("serve")...)
		restartTook := time.Since(restart)
		counts = checkWrites(t, place.DSN(), acked, load.attempted.Load())
		verifyAudit(t, bin, place)
		if t.Failed() {
			t.Fatalf("round %d failed (%s)\nserver output:\n%s", round, counts, srv.out.tail())
		}
		t.Logf("round %2d: %3d writes acknowledged in %v (%s), %d in flight at SIGKILL; restart %v; stored %s",
			round, thisRound, burst, load.roundKinds(), flying, restartTook.Round(time.Millisecond), counts)
	}
	srv.stop(t)
	for _, k := range writeKinds {
		if counts[k.kind] == 0 {
			t.Errorf("no %s written in %d rounds: the test proved nothing of them", k.kind, rounds)
		}
	}
	t.Logf("%d rounds, %d writes acknowledged, %d attempted, in %v", rounds, totalAcked, load.attempted.Load(), time.Since(began).Round(time.Millisecond))
}

// dataPlace is where a child keeps its data: a directory (keys, uploads) and, on PostgreSQL,
// the database's DSN.
type dataPlace struct{ dir, dsn string }

// newPlace is a fresh data directory and, for "postgres", a fresh database from fresh (which
// skips, or fails under XASO_REQUIRE_ALL=1, without XASO_TEST_PG).
func newPlace(t *testing.T, engine string, fresh func(testing.TB) string) dataPlace {
	t.Helper()
	p := dataPlace{dir: t.TempDir()}
	if engine == "postgres" {
		p.dsn = fresh(t)
	}
	return p
}

func (p dataPlace) args() []string {
	a := []string{"--data-dir", p.dir}
	if p.dsn != "" {
		a = append(a, "--db", p.dsn)
	}
	return a
}

// serveArgs are the arguments of `demo` or `serve` on this data, on a free port, behind the
// loopback as a trusted proxy: the public writes then come from many addresses (X-Forwarded-For),
// as a commune's residents do, instead of tripping the per-address brakes of one.
func (p dataPlace) serveArgs(cmd string) []string {
	return append(append([]string{cmd}, p.args()...), "--addr", "127.0.0.1:0", "--trusted-proxy", "127.0.0.1")
}

func (p dataPlace) DSN() string {
	if p.dsn != "" {
		return p.dsn
	}
	return db.DefaultDSN(p.dir)
}

// xasoCmd runs the binary on this data and returns its output.
func (p dataPlace) xasoCmd(t *testing.T, bin string, args ...string) (string, error) {
	t.Helper()
	full := append(append([]string{}, args...), p.args()...)
	out, err := exec.Command(bin, full...).CombinedOutput()
	return string(out), err
}

func verifyAudit(t *testing.T, bin string, p dataPlace) {
	t.Helper()
	out, err := p.xasoCmd(t, bin, "audit", "verify")
	if err != nil || !strings.Contains(out, "audit log OK") {
		t.Errorf("audit verify: %v\n%s", err, out)
	}
}

// loadTarget is what the writers need of a running server.
type loadTarget struct {
	base      string
	staff     *http.Client // signed in as admin: household creates
	token     string       // desk officer's API token: dossier intakes
	hamlet    string
	procedure string   // a procedure residents book for
	days      []string // days offered for it
}

// prepareTarget signs in, makes an API token with `xaso token create` and gives the booking
// office room for the test's bookings (ten counters of 50 per 10-minute slot over 60 days,
// through the admin form), so that a full slot never passes for a crash.
func prepareTarget(t *testing.T, bin string, p dataPlace, srv *child) *loadTarget {
	t.Helper()
	tg := &loadTarget{base: srv.url, staff: signIn(t, srv.url, "admin", demoPassword)}
	var err error
	if tg.hamlet, err = firstHamletID(tg.staff, srv.url); err != nil {
		t.Fatalf("new-household form: %v%s", err, srv.out.errors())
	}
	out, err := p.xasoCmd(t, bin, "token", "create", "--user", "motcua", "--name", "fault test", "--days", "1")
	if err != nil {
		t.Fatalf("token create: %v\n%s", err, out)
	}
	tg.token = strings.TrimSpace(out)

	page, err := get(tg.staff, srv.url+"/quan-tri/dat-lich")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`name="version" value="(\d*)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no version on the booking settings form:\n%.2000s", page)
	}
	form := url.Values{"slot_minutes": {"10"}, "days_ahead": {"60"}, "version": {m[1]}}
	for i := range 10 {
		k := fmt.Sprintf("counter.%d.", i)
		form.Set(k+"number", fmt.Sprint(i+1))
		form.Set(k+"name", fmt.Sprintf("Quầy %d", i+1))
		form.Set(k+"capacity", "50")
		form.Set(k+"active", "1")
	}
	resp, err := tg.staff.PostForm(srv.url+"/quan-tri/dat-lich", form)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("booking settings: status %d: %.2000s", resp.StatusCode, body)
	}

	public := publicClient()
	choose, err := get(public, srv.url+"/dat-lich")
	if err != nil {
		t.Fatal(err)
	}
	pm := regexp.MustCompile(`href="/dat-lich\?thu-tuc=([^"&]+)"`).FindStringSubmatch(choose)
	if pm == nil {
		t.Fatalf("no procedure to book on /dat-lich:\n%.2000s", choose)
	}
	tg.procedure = pm[1]
	days, err := get(public, srv.url+"/dat-lich?thu-tuc="+tg.procedure)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range regexp.MustCompile(`href="/dat-lich\?thu-tuc=[^"&]+&amp;ngay=([0-9-]+)"`).FindAllStringSubmatch(days, -1) {
		tg.days = append(tg.days, d[1])
	}
	if len(tg.days) < 5 {
		t.Fatalf("only %d days offered for %s:\n%.2000s", len(tg.days), tg.procedure, days)
	}
	return tg
}

// publicClient is a resident's browser: no session, no redirects followed.
func publicClient() *http.Client {
	return &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 16},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// Kinds of write, and how the check finds each in the database.
const (
	kindHousehold = "household"
	kindDossier   = "dossier"
	kindBooking   = "booking"
)

// ack is a write the server acknowledged: its kind and its code (household code, dossier
// code, booking code).
type ack struct{ kind, code string }

// writeLoad drives writes from several clients and keeps what the server acknowledged. Answers
// that are neither an acknowledgement nor the effect of a kill are kept as unexpected.
type writeLoad struct {
	mu        sync.Mutex
	acked     []ack
	bad       []string
	round     map[string]int
	seq       atomic.Int64 // numbers the writes: unique codes, phones and addresses
	attempted atomic.Int64
	inFlight  atomic.Int64
	killing   atomic.Bool
}

// start runs perKind clients of each kind until ctx ends; the returned func waits for them.
func (l *writeLoad) start(ctx context.Context, tg *loadTarget, perKind int) (wait func()) {
	l.mu.Lock()
	l.round = map[string]int{}
	l.mu.Unlock()
	var wg sync.WaitGroup
	public := publicClient()
	for i := range perKind {
		for _, fn := range []func(context.Context, *loadTarget, *http.Client, *rand.Rand) (string, error){
			l.household, l.dossier, l.booking} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				rng := rand.New(rand.NewPCG(uint64(i), uint64(time.Now().UnixNano())))
				for ctx.Err() == nil {
					_, err := fn(ctx, tg, public, rng)
					if err != nil && ctx.Err() == nil && !l.killing.Load() {
						l.mu.Lock()
						l.bad = append(l.bad, err.Error())
						l.mu.Unlock()
					}
				}
			}()
		}
	}
	return wg.Wait
}

func (l *writeLoad) acks() []ack {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]ack(nil), l.acked...)
}

func (l *writeLoad) unexpected() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.bad...)
}

func (l *writeLoad) roundKinds() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return fmt.Sprintf("%d dossiers, %d bookings, %d households", l.round[kindDossier], l.round[kindBooking], l.round[kindHousehold])
}

func (l *writeLoad) record(kind, code string) {
	l.mu.Lock()
	l.acked = append(l.acked, ack{kind, code})
	l.round[kind]++
	l.mu.Unlock()
}

// do sends one write; a transport error during a kill is not an error of the server.
func (l *writeLoad) do(c *http.Client, req *http.Request) (*http.Response, []byte, error) {
	l.attempted.Add(1)
	l.inFlight.Add(1)
	resp, err := c.Do(req)
	l.inFlight.Add(-1)
	if err != nil {
		return nil, nil, err
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp, body, nil
}

// household creates a household through the staff form, as TestCrashSafety does.
func (l *writeLoad) household(ctx context.Context, tg *loadTarget, _ *http.Client, _ *rand.Rand) (string, error) {
	n := l.seq.Add(1)
	code := fmt.Sprintf("FAULT-%06d", n)
	form := url.Values{
		"code": {code}, "hamlet_id": {tg.hamlet}, "address": {fmt.Sprintf("Số %d, đường Thử Nghiệm", n)},
		"members.0.full_name": {fmt.Sprintf("Nguyễn Văn Thử %d", n)}, "members.0.birth_date": {"1980-05-01"},
		"members.0.gender": {"Nam"},
	}
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, tg.base+"/ho-gia-dinh/moi", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, body, err := l.do(tg.staff, req)
	if err != nil {
		return "", fmt.Errorf("household %s: %w", code, err)
	}
	if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/ho-gia-dinh/") {
		return "", fmt.Errorf("household %s: status %d, Location %q: %.300s", code, resp.StatusCode, loc, body)
	}
	l.record(kindHousehold, code)
	return code, nil
}

// dossier takes in a complete birth registration through POST /api/v1/dossiers.
func (l *writeLoad) dossier(ctx context.Context, tg *loadTarget, c *http.Client, _ *rand.Rand) (string, error) {
	n := l.seq.Add(1)
	body, _ := json.Marshal(map[string]any{"procedure_code": "1.001193", "channel": 1,
		"documents": []string{"to-khai", "giay-chung-sinh", "giay-to-tuy-than"},
		"applicant": map[string]any{"name": "Lò Thị Thử", "phone": fmt.Sprintf("09%08d", n), "address": fmt.Sprintf("FAULT-%06d", n)}})
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, tg.base+"/api/v1/dossiers", strings.NewReader(string(body)))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+tg.token)
	resp, raw, err := l.do(c, req)
	if err != nil {
		return "", fmt.Errorf("dossier %d: %w", n, err)
	}
	var out struct{ Code string }
	if resp.StatusCode != http.StatusCreated || json.Unmarshal(raw, &out) != nil || out.Code == "" {
		return "", fmt.Errorf("dossier %d: status %d: %.300s", n, resp.StatusCode, raw)
	}
	l.record(kindDossier, out.Code)
	return out.Code, nil
}

var (
	slotRE   = regexp.MustCompile(`<input type="radio" name="slot" value="([^"]+)"([^>]*)>`)
	bookedRE = regexp.MustCompile(`^/dat-lich/da-dat/([^?/]+)\?k=`)
)

// booking books an appointment as a resident: the day's form (GET), a free slot, the POST.
// Each booking comes from its own address (X-Forwarded-For, the server trusting the
// loopback as its proxy) and phone, as residents' do.
func (l *writeLoad) booking(ctx context.Context, tg *loadTarget, c *http.Client, rng *rand.Rand) (string, error) {
	n := l.seq.Add(1)
	ip := fmt.Sprintf("10.%d.%d.%d", n/65536%256, n/256%256, n%256)
	day := tg.days[rng.IntN(len(tg.days))]
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, tg.base+"/dat-lich?thu-tuc="+url.QueryEscape(tg.procedure)+"&ngay="+day, nil)
	req.Header.Set("X-Forwarded-For", ip)
	resp, err := c.Do(req)
	if err != nil {
		return "", fmt.Errorf("booking form %s: %w", day, err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode == http.StatusNotFound {
		return "", nil // the day is no longer offered (the test ran past its last slot)
	}
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("booking form %s: status %d: %.300s", day, resp.StatusCode, page)
	}
	var free []string
	for _, m := range slotRE.FindAllStringSubmatch(string(page), -1) {
		if !strings.Contains(m[2], "disabled") {
			free = append(free, m[1])
		}
	}
	if len(free) == 0 {
		return "", nil // today's last slots went by during the test: another day next time
	}
	form := url.Values{"procedure": {tg.procedure}, "day": {day}, "slot": {free[rng.IntN(len(free))]},
		"name": {fmt.Sprintf("Hoàng Văn FAULT-%06d", n)}, "phone": {fmt.Sprintf("03%08d", n)}}
	post, _ := http.NewRequestWithContext(ctx, http.MethodPost, tg.base+"/dat-lich", strings.NewReader(form.Encode()))
	post.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	post.Header.Set("X-Forwarded-For", ip)
	browserHeaders(post, tg.base)
	presp, body, err := l.do(c, post)
	if err != nil {
		return "", fmt.Errorf("booking %d: %w", n, err)
	}
	m := bookedRE.FindStringSubmatch(presp.Header.Get("Location"))
	if presp.StatusCode != http.StatusSeeOther || m == nil {
		return "", fmt.Errorf("booking %d: status %d, Location %q: %.300s", n, presp.StatusCode, presp.Header.Get("Location"), body)
	}
	code, _ := url.PathUnescape(m[1])
	l.record(kindBooking, code)
	return code, nil
}

// browserHeaders are what a browser adds to a form it posts to the page's own site: the
// cross-origin protection lets it through on these.
func browserHeaders(r *http.Request, base string) {
	r.Header.Set("Origin", base)
	r.Header.Set("Sec-Fetch-Site", "same-origin")
}

// writeCounts are the test's writes found in a database, by kind.
type writeCounts map[string]int

func (c writeCounts) String() string {
	return fmt.Sprintf("%d dossiers, %d bookings, %d households", c[kindDossier], c[kindBooking], c[kindHousehold])
}

func (c writeCounts) total() int { return c[kindDossier] + c[kindBooking] + c[kindHousehold] }

// writeKinds says where each kind of write lives: its table and the column the code is in,
// the SQL that selects the test's rows, its audit action, its outbox topic and the payload
// field that names the row (by id or by code).
var writeKinds = []struct {
	kind, table, rows, action, topic, payloadField string
	byCode                                         bool
}{
	{kindHousehold, "households", `SELECT code, id FROM households WHERE code LIKE 'FAULT-%'`, "household.create", "commune.household.created", "id", false},
	{kindDossier, "dossiers", `SELECT code, id FROM dossiers WHERE applicant_address LIKE 'FAULT-%'`, "dossier.intake", "onestop.dossier.accepted", "dossier_id", false},
	{kindBooking, "bookings", `SELECT code, id FROM bookings WHERE name LIKE '%FAULT-%'`, "booking.book", "booking.booked", "code", true},
}

// checkWrites opens the database and checks every acknowledged write is there, that each of
// the test's rows has its audit entry and its outbox event, and that no audit entry or event
// of those kinds names a row that is not there. It returns what it found.
func checkWrites(t *testing.T, dsn string, acked []ack, attempted int64) writeCounts {
	t.Helper()
	ctx := context.Background()
	d, err := db.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	found := writeCounts{}
	stored := map[string]map[string]string{} // kind → code → id
	for _, k := range writeKinds {
		rows := queryPairs(t, d, k.rows)
		stored[k.kind] = rows
		found[k.kind] = len(rows)
		ids, codes := map[string]bool{}, map[string]bool{}
		for code, id := range queryPairs(t, d, `SELECT code, id FROM `+k.table) {
			ids[id], codes[code] = true, true
		}
		audited := map[string]bool{}
		for _, id := range queryColumn(t, d, `SELECT object_id FROM audit_log WHERE action = $1`, k.action) {
			audited[id] = true
			if !ids[id] {
				t.Errorf("audit entry %s names %s %s, which is not in %s", k.action, k.kind, id, k.table)
			}
		}
		published := map[string]bool{}
		for _, p := range queryColumn(t, d, `SELECT payload FROM outbox WHERE topic = $1`, k.topic) {
			var m map[string]any
			if err := json.Unmarshal([]byte(p), &m); err != nil {
				t.Fatalf("outbox %s payload %q: %v", k.topic, p, err)
			}
			v, _ := m[k.payloadField].(string)
			published[v] = true
			if k.byCode && !codes[v] || !k.byCode && !ids[v] {
				t.Errorf("outbox event %s names %s %q, which is not in %s", k.topic, k.kind, v, k.table)
			}
		}
		for code, id := range rows {
			key := id
			if k.byCode {
				key = code
			}
			if !audited[id] || !published[key] {
				t.Errorf("%s %s (id %s): audit entry %v, outbox event %v; want both", k.kind, code, id, audited[id], published[key])
			}
		}
	}
	lost := 0
	for _, a := range acked {
		if _, ok := stored[a.kind][a.code]; !ok {
			if lost++; lost <= 10 {
				t.Errorf("acknowledged %s %s is not in the database", a.kind, a.code)
			}
		}
	}
	if lost > 0 {
		t.Errorf("%d of %d acknowledged writes lost", lost, len(acked))
	}
	if int64(found.total()) > attempted {
		t.Errorf("%d of the test's writes stored (%s), but only %d attempted", found.total(), found, attempted)
	}
	return found
}

func queryPairs(t *testing.T, d *db.DB, q string, args ...any) map[string]string {
	t.Helper()
	rows, err := d.Query(context.Background(), q, args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var a, b string
		if err := rows.Scan(&a, &b); err != nil {
			t.Fatal(err)
		}
		out[a] = b
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func queryColumn(t *testing.T, d *db.DB, q string, args ...any) []string {
	t.Helper()
	rows, err := d.Query(context.Background(), q, args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			t.Fatal(err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
