package web

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// metrics counts requests per route and status class, in Prometheus text format.
type metrics struct {
	mu    sync.Mutex
	start time.Time
	c     map[metricKey]*metricVal
}

type metricKey struct {
	route string
	code  int
}

type metricVal struct {
	count uint64
	sum   float64
}

func newMetrics() *metrics { return &metrics{start: time.Now(), c: map[metricKey]*metricVal{}} }

func (m *metrics) observe(route string, code int, d time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	k := metricKey{route, code}
	v := m.c[k]
	if v == nil {
		v = &metricVal{}
		m.c[k] = v
	}
	v.count++
	v.sum += d.Seconds()
}

func (m *metrics) write(w io.Writer) {
	m.mu.Lock()
	keys := make([]metricKey, 0, len(m.c))
	for k := range m.c {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].route != keys[j].route {
			return keys[i].route < keys[j].route
		}
		return keys[i].code < keys[j].code
	})
	fmt.Fprintln(w, "# HELP xaso_http_requests_total Requests served, by route and status.")
	fmt.Fprintln(w, "# TYPE xaso_http_requests_total counter")
	for _, k := range keys {
		fmt.Fprintf(w, "xaso_http_requests_total{route=%q,code=\"%d\"} %d\n", k.route, k.code, m.c[k].count)
	}
	fmt.Fprintln(w, "# HELP xaso_http_request_duration_seconds_sum Time spent serving, by route and status.")
	fmt.Fprintln(w, "# TYPE xaso_http_request_duration_seconds_sum counter")
	for _, k := range keys {
		fmt.Fprintf(w, "xaso_http_request_duration_seconds_sum{route=%q,code=\"%d\"} %g\n", k.route, k.code, m.c[k].sum)
	}
	m.mu.Unlock()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Fprintln(w, "# TYPE xaso_goroutines gauge")
	fmt.Fprintf(w, "xaso_goroutines %d\n", runtime.NumGoroutine())
	fmt.Fprintln(w, "# TYPE xaso_heap_bytes gauge")
	fmt.Fprintf(w, "xaso_heap_bytes %d\n", ms.HeapAlloc)
	if rss, ok := residentBytes(); ok {
		fmt.Fprintln(w, "# TYPE process_resident_memory_bytes gauge")
		fmt.Fprintf(w, "process_resident_memory_bytes %d\n", rss)
	}
	fmt.Fprintln(w, "# TYPE xaso_uptime_seconds gauge")
	fmt.Fprintf(w, "xaso_uptime_seconds %d\n", int(time.Since(m.start).Seconds()))
}

func (s *Server) serveMetrics(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	s.metrics.write(w)
}

// residentBytes is the process's resident set from /proc/self/statm (Linux only; elsewhere
// false): what the soak watches for a leak, which the Go heap alone would not show.
func residentBytes() (int64, bool) {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0, false
	}
	f := strings.Fields(string(b))
	if len(f) < 2 {
		return 0, false
	}
	pages, err := strconv.ParseInt(f[1], 10, 64)
	if err != nil {
		return 0, false
	}
	return pages * int64(os.Getpagesize()), true
}
