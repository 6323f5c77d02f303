package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"sync"
	"time"
)

// loadResult is what one load run measured.
type loadResult struct {
	Requests, Errors int
	Elapsed          time.Duration
	P50, P90, P99    time.Duration
}

func (r loadResult) RPS() float64 { return float64(r.Requests) / r.Elapsed.Seconds() }

func (r loadResult) String() string {
	return fmt.Sprintf("%9.0f req/s  p50 %-9v p90 %-9v p99 %-9v (%d requests, %d errors)",
		r.RPS(), r.P50.Round(time.Microsecond), r.P90.Round(time.Microsecond), r.P99.Round(time.Microsecond), r.Requests, r.Errors)
}

// drive sends GET requests to url from conc workers for d and measures them. With gzip each
// request says "Accept-Encoding: gzip", as every browser does, and the body is read as it comes
// (not unpacked: the client's work is not the server's).
func drive(ctx context.Context, url string, conc int, d time.Duration, gzip bool) loadResult {
	tr := &http.Transport{MaxIdleConns: conc * 2, MaxIdleConnsPerHost: conc * 2, DisableCompression: true}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var mu sync.Mutex
	var all []time.Duration
	errs := 0
	var wg sync.WaitGroup
	start := time.Now()
	for range conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var lat []time.Duration
			bad := 0
			for ctx.Err() == nil {
				t := time.Now()
				req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
				if gzip {
					req.Header.Set("Accept-Encoding", "gzip")
				}
				resp, err := client.Do(req)
				if err != nil {
					if ctx.Err() == nil {
						bad++
					}
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					bad++
					continue
				}
				lat = append(lat, time.Since(t))
			}
			mu.Lock()
			all = append(all, lat...)
			errs += bad
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	slices.Sort(all)
	pct := func(p float64) time.Duration {
		if len(all) == 0 {
			return 0
		}
		return all[min(len(all)-1, int(float64(len(all))*p))]
	}
	return loadResult{Requests: len(all), Errors: errs, Elapsed: elapsed, P50: pct(.50), P90: pct(.90), P99: pct(.99)}
}

// bareServer serves a tiny fixed page with a bare net/http handler: the baseline that tells
// how much of the time goes to xaso rather than to the machine, the network stack and Go's
// HTTP server.
func bareServer() (url string, stop func(), err error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	body := []byte("<!doctype html><title>ok</title><p>ok</p>")
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(body)
	})}
	go srv.Serve(ln)
	return "http://" + ln.Addr().String() + "/", func() { srv.Close() }, nil
}

func runLoadgen(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlagSet("loadgen", stdout)
	url := fs.String("url", "http://127.0.0.1:8080/", "page of a running xaso to load")
	dur := fs.Duration("duration", 10*time.Second, "how long to drive each target")
	conc := fs.Int("concurrency", 16, "parallel clients")
	identity := fs.Bool("identity", false, "ask for pages uncompressed (default: Accept-Encoding: gzip, as browsers send)")
	var sf soakFlags
	sf.register(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *conc < 1 || *dur <= 0 {
		return errors.New("loadgen: concurrency and duration must be positive")
	}
	if sf.on {
		d := 10 * time.Minute // a soak lasts minutes unless told otherwise
		fs.Visit(func(f *flag.Flag) {
			if f.Name == "duration" {
				d = *dur
			}
		})
		return runSoak(ctx, soakConfig{base: *url, duration: d, concurrency: *conc, soakFlags: sf}, stdout)
	}
	bare, stop, err := bareServer()
	if err != nil {
		return err
	}
	defer stop()
	// Warm both up, then measure them one after the other in the same run.
	gz := !*identity
	drive(ctx, bare, *conc, 300*time.Millisecond, gz)
	drive(ctx, *url, *conc, 300*time.Millisecond, gz)
	b := drive(ctx, bare, *conc, *dur, gz)
	x := drive(ctx, *url, *conc, *dur, gz)
	fmt.Fprintf(stdout, "bare net/http  %s\n", b)
	fmt.Fprintf(stdout, "xaso %-9s %s\n", "", x)
	if b.Requests == 0 || x.Requests == 0 {
		return errors.New("loadgen: no successful requests (is the server running?)")
	}
	fmt.Fprintf(stdout, "ratio xaso/bare: %.2f (throughput), p50 %.1f× the bare latency\n", x.RPS()/b.RPS(), float64(x.P50)/float64(max(b.P50, 1)))
	return nil
}
