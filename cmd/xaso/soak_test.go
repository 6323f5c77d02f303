package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"xaso/internal/db"
)

// serveDemo runs `xaso demo` in this process (behind the loopback as a trusted proxy) and
// returns its URL and its data directory; the server stops with the test.
func serveDemo(t *testing.T) (string, string) {
	t.Helper()
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	out := &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"demo", "--data-dir", dir, "--addr", "127.0.0.1:0", "--trusted-proxy", "127.0.0.1"},
			func(string) string { return "" }, out)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			t.Error("demo did not stop within 15 s")
		}
	})
	deadline := time.Now().Add(60 * time.Second)
	for {
		if m := listeningRE.FindStringSubmatch(out.String()); m != nil {
			return m[1], dir
		}
		select {
		case err := <-done:
			t.Fatalf("demo returned before listening: %v\n%s", err, out.tail())
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("demo did not listen within 60 s:\n%s", out.tail())
		}
	}
}

var (
	soakLineRE    = regexp.MustCompile(`(?m)^\[\s*\d+s\]\s+(\d+) req\s+2xx\s+(\d+)\s+4xx\s+(\d+)\s+5xx\s+(\d+)\s+errors\s+(\d+) .* (rss|heap) [0-9.]+ MB$`)
	soakSummaryRE = regexp.MustCompile(`(?m)^soak: (\d+) requests: 2xx (\d+), 4xx (\d+), 5xx (\d+), errors (\d+);`)
)

// TestSoak drives the demo commune for a few seconds in both memory modes: with --pid (this
// process's /proc status, the server running in it) and from /metrics, the second one
// measuring its own rate first. Every line and the summary are printed, the requests are
// counted, the bookings and petitions are real rows, and no answer is a 5xx.
func TestSoak(t *testing.T) {
	if testing.Short() {
		t.Skip("serves the demo commune; skipped with -short")
	}
	base, dir := serveDemo(t)
	d := openDB(t, db.DefaultDSN(dir))
	var code, last4 string
	if err := d.QueryRow(t.Context(), `SELECT code, phone_last4 FROM dossiers WHERE phone_last4 <> '' ORDER BY code LIMIT 1`).Scan(&code, &last4); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		args []string
		mem  string
	}{
		{"pid", []string{"--rate", "40", "--pid", strconv.Itoa(os.Getpid()), "--spread", "--track", code + ":" + last4}, "rss"},
		{"metrics, measured rate", []string{"--concurrency", "2"}, "rss"}, // /metrics reports the resident set
	} {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"loadgen", "--soak", "--url", base, "--duration", "3s", "--report-every", "1s"}, tt.args...)
			out, err := xaso(t, t.Context(), nil, args...)
			if err != nil {
				t.Fatalf("soak: %v\n%s", err, out)
			}
			lines := soakLineRE.FindAllStringSubmatch(out, -1)
			sum := soakSummaryRE.FindStringSubmatch(out)
			if len(lines) < 2 || sum == nil || !strings.Contains(out, "soak: OK, no 5xx") || !strings.Contains(out, "soak: memory first ") {
				t.Fatalf("soak printed:\n%s", out)
			}
			total := 0
			for _, l := range lines {
				n, _ := strconv.Atoi(l[1])
				total += n
				if l[6] != tt.mem {
					t.Errorf("memory read as %s, want %s: %s", l[6], tt.mem, l[0])
				}
			}
			if n, _ := strconv.Atoi(sum[1]); n != total || n < 20 {
				t.Errorf("summary counts %d requests, the lines %d (want at least 20):\n%s", n, total, out)
			}
			if sum[4] != "0" || sum[5] != "0" {
				t.Errorf("5xx or errors against the demo:\n%s", out)
			}
			t.Log(strings.TrimSpace(out))
		})
	}
	var bookings, petitions int
	if err := d.QueryRow(t.Context(), `SELECT count(*) FROM bookings WHERE name = 'Người Thử Tải'`).Scan(&bookings); err != nil {
		t.Fatal(err)
	}
	if err := d.QueryRow(t.Context(), `SELECT count(*) FROM audit_log WHERE action LIKE 'petition.%' AND actor_id = 'web'`).Scan(&petitions); err != nil {
		t.Fatal(err)
	}
	if bookings == 0 || petitions == 0 {
		t.Errorf("the soak wrote %d bookings and %d petitions through the forms, want some of each", bookings, petitions)
	}
}

// TestSoakFailsOn5xx: a server whose procedure list answers 500 fails the soak, which says
// how many and where.
func TestSoakFailsOn5xx(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/metrics":
			w.Write([]byte("# TYPE xaso_heap_bytes gauge\nxaso_heap_bytes 4194304\n"))
		case "/thu-tuc":
			http.Error(w, "broken", http.StatusInternalServerError)
		default:
			w.Write([]byte("<!doctype html><title>ok</title>"))
		}
	}))
	defer srv.Close()
	out, err := xaso(t, t.Context(), nil, "loadgen", "--soak", "--url", srv.URL, "--duration", "1500ms", "--rate", "100",
		"--read-only", "--report-every", "500ms")
	if err == nil || !strings.Contains(err.Error(), "5xx") || !strings.Contains(err.Error(), "GET /thu-tuc") {
		t.Fatalf("soak against a failing server: %v\n%s", err, out)
	}
	sum := soakSummaryRE.FindStringSubmatch(out)
	if sum == nil || sum[4] == "0" || !strings.Contains(out, "FAILED") || !strings.Contains(out, "heap 4.0 MB") {
		t.Fatalf("soak printed:\n%s", out)
	}
	// Every request is counted once: 2xx + 4xx + 5xx + errors = requests.
	var n [5]int
	for i := range n {
		n[i], _ = strconv.Atoi(sum[i+1])
	}
	if n[1]+n[2]+n[3]+n[4] != n[0] || n[0] < 50 {
		t.Errorf("summary %v does not add up (or too few requests at 100/s for 1.5 s)", n)
	}
}

func TestParseVmRSS(t *testing.T) {
	status := "Name:\txaso\nVmPeak:\t  900000 kB\nVmRSS:\t   51200 kB\nThreads:\t9\n"
	if b, err := parseVmRSS(strings.NewReader(status)); err != nil || b != 51200<<10 {
		t.Fatalf("parseVmRSS = %d, %v", b, err)
	}
	for _, bad := range []string{"Name:\tkthreadd\n", "VmRSS:\t12 MB\n", "VmRSS:\t-4 kB\n", ""} {
		if _, err := parseVmRSS(strings.NewReader(bad)); err == nil {
			t.Errorf("parseVmRSS(%q) accepted", bad)
		}
	}
	if b, label, err := metricsMemory(strings.NewReader("xaso_heap_bytes 100\nprocess_resident_memory_bytes 2.5e+07\n")); err != nil || b != 25000000 || label != "rss" {
		t.Errorf("metricsMemory = %d %s %v", b, label, err)
	}
	if _, _, err := metricsMemory(strings.NewReader("xaso_goroutines 9\n")); err == nil {
		t.Error("metrics without memory accepted")
	}
	ms := []memSample{{0, 10 << 20}, {time.Minute, 12 << 20}, {2 * time.Minute, 14 << 20}}
	if s := slopeMBPerMin(ms); s < 1.99 || s > 2.01 {
		t.Errorf("slope %v, want 2 MB/min", s)
	}
}

func FuzzParseVmRSS(f *testing.F) {
	f.Add("VmRSS:\t   51200 kB\n")
	f.Add("VmRSS: 1 kB\nVmRSS: 2 kB")
	f.Fuzz(func(t *testing.T, s string) {
		if b, err := parseVmRSS(strings.NewReader(s)); err == nil && b < 0 {
			t.Fatalf("negative RSS %d from %q", b, s)
		}
	})
}

func FuzzMetricsMemory(f *testing.F) {
	f.Add("xaso_heap_bytes 4194304\n")
	f.Add("# HELP x\nprocess_resident_memory_bytes 1e9\n")
	f.Fuzz(func(t *testing.T, s string) {
		if _, label, err := metricsMemory(strings.NewReader(s)); err == nil && label != "rss" && label != "heap" {
			t.Fatalf("label %q", label)
		}
	})
}
