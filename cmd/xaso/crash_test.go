package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"xaso/internal/db"
	"xaso/internal/db/dbtest"
)

// TestCrashSafety kills the real binary with SIGKILL while households are being created and
// checks that every create the server acknowledged (303) survives the restart, together with
// its audit entry, and that the audit chain still verifies. SQLite in WAL mode with
// synchronous=NORMAL is durable against a process crash (not a power cut): this test holds
// that promise, and the "one transaction for change + audit + outbox" rule, to account.
func TestCrashSafety(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary; skipped with -short")
	}
	bin := buildBinary(t)
	dir := t.TempDir()

	// 1. The demo commune, served by a child process.
	first := startChild(t, bin, "demo", "--data-dir", dir, "--addr", "127.0.0.1:0")
	c := signIn(t, first.url, "admin", demoPassword)
	hamlet, err := firstHamletID(c, first.url)
	if err != nil {
		// Go on with a hamlet read from the database, so that a broken form does not hide
		// whether creates survive a crash.
		t.Errorf("new-household form: %v%s", err, first.out.errors())
		hamlet = anyHamletID(t, dir)
	}

	// 2. A stream of creates from several clients, killed in the middle.
	type ack struct{ code, id string }
	var (
		mu       sync.Mutex
		acked    []ack
		bad      []string // unexpected answers before the kill: a broken form, not a crash
		next     atomic.Int64
		inFlight atomic.Int64
		killed   atomic.Bool
		wg       sync.WaitGroup
	)
	const workers = 4
	start := time.Now()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !killed.Load() {
				n := next.Add(1)
				code := fmt.Sprintf("CRASH-%05d", n)
				form := url.Values{
					"code": {code}, "hamlet_id": {hamlet}, "address": {fmt.Sprintf("Số %d, đường Thử Nghiệm", n)},
					"members.0.full_name": {fmt.Sprintf("Nguyễn Văn Thử %d", n)}, "members.0.birth_date": {"1980-05-01"},
					"members.0.gender": {"Nam"},
				}
				inFlight.Add(1)
				resp, err := c.PostForm(first.url+"/ho-gia-dinh/moi", form)
				inFlight.Add(-1)
				if err != nil {
					if !killed.Load() {
						mu.Lock()
						bad = append(bad, fmt.Sprintf("%s: %v", code, err))
						mu.Unlock()
					}
					continue
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				loc := resp.Header.Get("Location")
				mu.Lock()
				if resp.StatusCode == http.StatusSeeOther && strings.HasPrefix(loc, "/ho-gia-dinh/") {
					acked = append(acked, ack{code, strings.TrimPrefix(loc, "/ho-gia-dinh/")})
				} else if !killed.Load() {
					bad = append(bad, fmt.Sprintf("%s: status %d, Location %q: %.300s", code, resp.StatusCode, loc, body))
				}
				mu.Unlock()
			}
		}()
	}
	ackedCount := func() int { mu.Lock(); defer mu.Unlock(); return len(acked) }
	// Kill after 1.5 s once a few dozen creates are in, so that the test always proves something.
	deadline := time.Now().Add(60 * time.Second)
	for time.Since(start) < 1500*time.Millisecond || ackedCount() < 25 {
		if time.Now().After(deadline) {
			killed.Store(true)
			wg.Wait()
			t.Fatalf("only %d creates acknowledged in 60 s; unexpected answers: %.5q\nserver output:\n%s", ackedCount(), bad, first.out.tail())
		}
		time.Sleep(20 * time.Millisecond)
	}
	flying := inFlight.Load()
	killed.Store(true)
	if err := first.cmd.Process.Kill(); err != nil {
		t.Fatalf("kill: %v", err)
	}
	first.wait()
	wg.Wait()
	if len(bad) > 0 {
		t.Fatalf("%d unexpected answers before the kill, first: %s", len(bad), bad[0])
	}
	t.Logf("%d creates acknowledged in %v before SIGKILL (%d requests in flight, %d attempted)",
		len(acked), time.Since(start).Round(time.Millisecond), flying, next.Load())

	// 3. Restart on the same data directory, without demo loading or migrations.
	second := startChild(t, bin, "serve", "--data-dir", dir, "--addr", "127.0.0.1:0")
	c = signIn(t, second.url, "admin", demoPassword)
	// The last acknowledged creates are the ones most at risk: look for them as a user would.
	for _, a := range acked[max(0, len(acked)-3):] {
		body, err := get(c, second.url+"/ho-gia-dinh?q="+url.QueryEscape(a.code))
		if err != nil {
			t.Errorf("search after restart: %v%s", err, second.out.errors())
			break
		}
		if !strings.Contains(body, `href="/ho-gia-dinh/`+a.id+`">`+a.code+`</a>`) {
			t.Errorf("after restart the list searched for %s does not link to household %s", a.code, a.id)
		}
	}
	second.stop(t)

	// 4. Every acknowledged create is in the database, each with its head and its audit entry.
	d, err := db.Open(context.Background(), db.DefaultDSN(dir))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	ctx := context.Background()
	stored := map[string]string{} // code → id
	rows, err := d.Query(ctx, `SELECT code, id FROM households WHERE code LIKE 'CRASH-%'`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var code, id string
		if err := rows.Scan(&code, &id); err != nil {
			t.Fatal(err)
		}
		stored[code] = id
	}
	if err := rows.Close(); err != nil {
		t.Fatal(err)
	}
	lost := 0
	for _, a := range acked {
		switch id, ok := stored[a.code]; {
		case !ok:
			lost++
			if lost <= 10 {
				t.Errorf("acknowledged household %s (id %s) is gone after the crash", a.code, a.id)
			}
		case id != a.id:
			t.Errorf("household %s has id %s, the server acknowledged %s", a.code, id, a.id)
		}
	}
	if lost > 0 {
		t.Errorf("%d of %d acknowledged creates lost", lost, len(acked))
	}
	if len(stored) > int(next.Load()) {
		t.Errorf("%d CRASH households stored but only %d were attempted", len(stored), next.Load())
	}
	t.Logf("%d CRASH households stored (%d acknowledged; the rest were in flight at the kill)", len(stored), len(acked))

	var creates, orphans, headless int
	if err := d.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE action = 'household.create'`).Scan(&creates); err != nil {
		t.Fatal(err)
	}
	if creates < len(acked) {
		t.Errorf("%d household.create audit entries, want at least the %d acknowledged", creates, len(acked))
	}
	// Change and audit entry share a transaction: neither may survive without the other.
	if creates != len(stored) {
		t.Errorf("%d household.create audit entries for %d CRASH households", creates, len(stored))
	}
	if err := d.QueryRow(ctx, `SELECT count(*) FROM households h WHERE h.code LIKE 'CRASH-%' AND NOT EXISTS
		(SELECT 1 FROM audit_log a WHERE a.action = 'household.create' AND a.object_id = h.id)`).Scan(&orphans); err != nil {
		t.Fatal(err)
	}
	if err := d.QueryRow(ctx, `SELECT count(*) FROM households h WHERE h.code LIKE 'CRASH-%' AND NOT EXISTS
		(SELECT 1 FROM residents r WHERE r.household_id = h.id)`).Scan(&headless); err != nil {
		t.Fatal(err)
	}
	if orphans > 0 || headless > 0 {
		t.Errorf("%d CRASH households without an audit entry, %d without their head", orphans, headless)
	}

	// 5. The hash chain survived the crash.
	out, err := exec.Command(bin, "audit", "verify", "--data-dir", dir).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "audit log OK") {
		t.Fatalf("audit verify after the crash: %v\n%s", err, out)
	}
}

// buildBinary builds cmd/xaso once for the test and returns its path.
func buildBinary(t *testing.T) string {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		dbtest.Require(t, "the crash test builds the binary and needs the go command on the PATH")
	}
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(t.TempDir(), "xaso")
	cmd := exec.Command(goBin, "build", "-o", bin, ".")
	cmd.Dir = wd
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// child is a running xaso process.
type child struct {
	cmd    *exec.Cmd
	url    string // http://127.0.0.1:PORT
	out    *syncBuffer
	exited chan struct{} // closed when the process has ended; err is then its exit status
	err    error
}

var listeningRE = regexp.MustCompile(`xaso đang chạy tại (http://\S+)`)

// startChild runs the binary with args (which ask for port 0) and waits until the address it
// prints answers /healthz.
func startChild(t *testing.T, bin string, args ...string) *child {
	t.Helper()
	return startChildEnv(t, bin, nil, args...)
}

// startChildEnv is startChild with the XASO_* variables of env ("NAME=value") set in the child.
func startChildEnv(t *testing.T, bin string, env []string, args ...string) *child {
	t.Helper()
	ch := &child{cmd: exec.Command(bin, args...), out: &syncBuffer{}, exited: make(chan struct{})}
	// The child reads XASO_* variables; keep the test runner's out of it.
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "XASO_") {
			ch.cmd.Env = append(ch.cmd.Env, kv)
		}
	}
	ch.cmd.Env = append(ch.cmd.Env, env...)
	ch.cmd.Stdout, ch.cmd.Stderr = ch.out, ch.out
	if err := ch.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { ch.err = ch.cmd.Wait(); close(ch.exited) }()
	t.Cleanup(func() {
		select {
		case <-ch.exited:
		default:
			ch.cmd.Process.Kill()
			<-ch.exited
		}
	})
	deadline := time.Now().Add(60 * time.Second)
	for {
		if m := listeningRE.FindStringSubmatch(ch.out.String()); m != nil {
			ch.url = m[1]
			break
		}
		select {
		case <-ch.exited:
			t.Fatalf("xaso %s exited before listening: %v\n%s", args[0], ch.err, ch.out.tail())
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("xaso %s did not start in 60 s:\n%s", args[0], ch.out.tail())
		}
	}
	for {
		resp, err := http.Get(ch.url + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return ch
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s/healthz did not answer 200 in 60 s (last: %v)\n%s", ch.url, err, ch.out.tail())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// wait waits for the process to end after it was killed.
func (ch *child) wait() {
	select {
	case <-ch.exited:
	case <-time.After(30 * time.Second):
	}
}

// stop asks the process to shut down as an operator would (SIGINT) and requires a clean exit.
func (ch *child) stop(t *testing.T) {
	t.Helper()
	if err := ch.cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	select {
	case <-ch.exited:
		if ch.err != nil {
			t.Errorf("xaso did not exit cleanly on SIGINT: %v\n%s", ch.err, ch.out.tail())
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("xaso did not stop within 30 s of SIGINT")
	}
}

// signIn returns a client that keeps the session cookie and does not follow redirects.
func signIn(t *testing.T, base, username, password string) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{
		Jar:           jar,
		Timeout:       30 * time.Second,
		Transport:     &http.Transport{MaxIdleConnsPerHost: 16},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	resp, err := c.PostForm(base+"/dang-nhap", url.Values{"username": {username}, "password": {password}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in as %s: status %d, want 303", username, resp.StatusCode)
	}
	return c
}

// get returns the body of a page that must answer 200.
func get(c *http.Client, u string) (string, error) {
	resp, err := c.Get(u)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return "", err
	}
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("GET %s: status %d", u, resp.StatusCode)
	}
	return string(b), nil
}

var (
	hamletSelectRE = regexp.MustCompile(`(?s)<select[^>]*name="hamlet_id"[^>]*>(.*?)</select>`)
	optionRE       = regexp.MustCompile(`<option value="([^"]+)"`)
)

// firstHamletID reads the new-household form and returns the first hamlet offered.
func firstHamletID(c *http.Client, base string) (string, error) {
	page, err := get(c, base+"/ho-gia-dinh/moi")
	if err != nil {
		return "", err
	}
	sel := hamletSelectRE.FindStringSubmatch(page)
	if sel == nil {
		return "", fmt.Errorf("no hamlet_id select on /ho-gia-dinh/moi:\n%.2000s", page)
	}
	opt := optionRE.FindStringSubmatch(sel[1])
	if opt == nil {
		return "", fmt.Errorf("the hamlet_id select offers no hamlet: %s", sel[0])
	}
	return opt[1], nil
}

// anyHamletID reads a hamlet of the demo commune from the database the child serves.
func anyHamletID(t *testing.T, dir string) string {
	t.Helper()
	d, err := db.Open(context.Background(), db.DefaultDSN(dir))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var id string
	if err := d.QueryRow(context.Background(), `SELECT id FROM hamlets ORDER BY sort_order, id LIMIT 1`).Scan(&id); err != nil {
		t.Fatalf("no hamlet in the demo database: %v", err)
	}
	return id
}

// syncBuffer collects a child's output; the process writes while the test reads.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// errors are the ERROR lines of a child's log, for failure messages.
func (b *syncBuffer) errors() string {
	var out strings.Builder
	for _, line := range strings.Split(b.String(), "\n") {
		if strings.Contains(line, "level=ERROR") && out.Len() < 2000 {
			out.WriteString("\n\t" + line)
		}
	}
	return out.String()
}

// tail is the end of the output, for failure messages.
func (b *syncBuffer) tail() string {
	s := b.String()
	if len(s) > 4000 {
		s = "…" + s[len(s)-4000:]
	}
	return s
}
