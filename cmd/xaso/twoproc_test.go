package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"xaso/internal/db/dbtest"
)

// TestTwoProcessesOnOnePostgres (issue 15 item 3) runs two real xaso servers on one PostgreSQL
// database and data directory, as a province behind a load balancer would: a session signed in
// on one is good on the other, and 8 clients taking dossiers in through both at once get
// distinct codes while each outbox event is delivered by exactly one of them (every dossier
// asks for a supplement, whose SMS reaches the gateway once). Both processes' resident memory
// is logged. That the timed jobs run once among several processes is TestTwoServersRunEachJobOnce.
func TestTwoProcessesOnOnePostgres(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary; skipped with -short")
	}
	bin := buildBinary(t)
	place := newPlace(t, "postgres", dbtest.PostgresDSN)
	gw := &smsGateway{got: map[string]int{}}
	gateway := httptest.NewServer(gw)
	t.Cleanup(gateway.Close)
	env := []string{"XASO_SMS_URL=" + gateway.URL}
	first := startChildEnv(t, bin, env, place.serveArgs("demo")...)
	second := startChildEnv(t, bin, env, place.serveArgs("serve")...)

	// The session is the database's, not the process's: signed in on the first, served by the
	// second (the cookie jar ignores ports, as a browser behind one address would).
	staff := signIn(t, first.url, "admin", demoPassword)
	resp, err := staff.Get(second.url + "/quan-tri/dat-lich")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("the second process did not know the first's session: status %d", resp.StatusCode)
	}

	out, err := place.xasoCmd(t, bin, "token", "create", "--user", "motcua", "--name", "two processes", "--days", "1")
	if err != nil {
		t.Fatalf("token create: %v\n%s", err, out)
	}
	token := strings.TrimSpace(out)
	const clients, each = 8, 25
	codes := make(chan string, clients*each)
	var wg sync.WaitGroup
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			base := []string{first.url, second.url}[c%2]
			client := &http.Client{Timeout: 30 * time.Second}
			for i := range each {
				code, err := incompleteIntake(client, base, token, c*each+i)
				if err != nil {
					t.Error(err)
					return
				}
				codes <- code
			}
		}()
	}
	wg.Wait()
	close(codes)
	if t.Failed() {
		t.FailNow()
	}
	want := map[string]bool{}
	for c := range codes {
		if want[c] {
			t.Errorf("code %s given twice", c)
		}
		want[c] = true
	}

	// Each dossier's SMS, once: wait for all of them, then a little longer for a second copy.
	// (The demo's own messages reach the gateway too; they name no code of this test.)
	deadline := time.Now().Add(60 * time.Second)
	for gw.reached(want) < len(want) && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	time.Sleep(3 * time.Second)
	got := gw.counts()
	for c := range want {
		if got[c] != 1 {
			t.Errorf("dossier %s: its SMS reached the gateway %d times, want once", c, got[c])
		}
	}
	for _, p := range []*child{first, second} {
		t.Logf("%s: resident memory %s after %d intakes between the two", p.url, residentMemory(p.cmd.Process.Pid), len(want))
	}
	first.stop(t)
	second.stop(t)
}

// incompleteIntake takes in a birth registration without its birth certificate, so that the
// dossier waits for a supplement and an SMS naming its code goes to the applicant.
func incompleteIntake(c *http.Client, base, token string, n int) (string, error) {
	body, _ := json.Marshal(map[string]any{"procedure_code": "1.001193", "channel": 1, "if_incomplete": "supplement",
		"documents": []string{"to-khai", "giay-to-tuy-than"},
		"applicant": map[string]any{"name": "Lò Văn Hai", "phone": fmt.Sprintf("09%08d", n), "address": "Xóm Trung Tâm"}})
	req, _ := http.NewRequest(http.MethodPost, base+"/api/v1/dossiers", strings.NewReader(string(body)))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := c.Do(req)
	if err != nil {
		return "", err
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var out struct{ Code, Status string }
	if resp.StatusCode != http.StatusCreated || json.Unmarshal(raw, &out) != nil || out.Code == "" {
		return "", fmt.Errorf("intake %d on %s: status %d: %.300s", n, base, resp.StatusCode, raw)
	}
	return out.Code, nil
}

// smsGateway is the SMS provider's side: it counts the messages per dossier code they name.
type smsGateway struct {
	mu  sync.Mutex
	got map[string]int
}

var dossierCodeRE = regexp.MustCompile(`\b\d{3}\.\d{2}\.\d{2}\.H\d{2}-\d{6}-\d{4}\b`)

func (g *smsGateway) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var m struct{ To, Text string }
	if err := json.NewDecoder(r.Body).Decode(&m); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	g.mu.Lock()
	g.got[dossierCodeRE.FindString(m.Text)]++
	g.mu.Unlock()
	w.Write([]byte(`{"ok":true}`))
}

// reached is how many of codes have had a message.
func (g *smsGateway) reached(codes map[string]bool) int {
	g.mu.Lock()
	defer g.mu.Unlock()
	n := 0
	for c := range codes {
		if g.got[c] > 0 {
			n++
		}
	}
	return n
}

func (g *smsGateway) counts() map[string]int {
	g.mu.Lock()
	defer g.mu.Unlock()
	out := make(map[string]int, len(g.got))
	for k, v := range g.got {
		out[k] = v
	}
	return out
}

// residentMemory reads a process's VmRSS from /proc ("?" where there is no /proc).
func residentMemory(pid int) string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return "?"
	}
	if m := regexp.MustCompile(`VmRSS:\s+(\d+ kB)`).FindSubmatch(b); m != nil {
		return string(m[1])
	}
	return "?"
}
