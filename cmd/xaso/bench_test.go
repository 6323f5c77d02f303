package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"runtime"
	"testing"

	"xaso/internal/app"
	"xaso/internal/auth"
	"xaso/internal/commune"
	"xaso/internal/db"
	"xaso/internal/db/dbtest"
	"xaso/internal/onestop"
)

// The two benchmarks below are read together, as a ratio: the same GET / over loopback, once
// to the whole xaso (middleware, tenant, session lookup, template, layout) and once to a bare
// net/http handler (the baseline loadgen also uses). Timings never decide pass or fail; a
// non-200 answer does.
//
//	go test ./cmd/xaso/ -run '^$' -bench 'HomePage|BareHandler' -benchtime 2s

// benchClients is how many requests are in flight at once, like `loadgen --concurrency 8`.
const benchClients = 8

func BenchmarkHomePage(b *testing.B) {
	ctx := context.Background()
	d := dbtest.SQLite(b)
	if _, err := commune.SeedDemo(ctx, d, rand.New(rand.NewPCG(1, 2)), commune.DemoOptions{}); err != nil {
		b.Fatal(err)
	}
	// Requests are logged as in production, to a text handler that formats every record.
	a, err := app.New(ctx, app.Options{DB: d, DataDir: b.TempDir(), Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Hasher: auth.Hasher{Time: 1, Memory: 1024, Threads: 1}})
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(a.Handler)
	defer srv.Close()
	// Set up once; the sub-benchmark is the part run b.N times.
	b.Run("GET /", func(b *testing.B) { benchGet(b, srv.URL+"/") })
}

// BenchmarkPublicReads is the public pages residents read most, on the demo commune with
// its catalogue: read each against BenchmarkBareHandler in the same run.
//
//	go test ./cmd/xaso/ -run '^$' -bench 'PublicReads|BareHandler' -benchtime 2s
func BenchmarkPublicReads(b *testing.B) {
	ctx := context.Background()
	d := dbtest.SQLite(b)
	res, err := commune.SeedDemo(ctx, d, rand.New(rand.NewPCG(1, 2)), commune.DemoOptions{})
	if err != nil {
		b.Fatal(err)
	}
	a, err := app.New(ctx, app.Options{DB: d, DataDir: b.TempDir(), Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Hasher: auth.Hasher{Time: 1, Memory: 1024, Threads: 1}})
	if err != nil {
		b.Fatal(err)
	}
	if err := d.Tx(ctx, func(tx *db.Tx) error { _, err := onestop.SeedCatalogue(ctx, tx, res.CommuneID); return err }); err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(a.Handler)
	defer srv.Close()
	for _, path := range []string{"/", "/thu-tuc", "/thu-tuc?q=khai+sinh", "/lich", "/chi-tieu"} {
		b.Run("GET "+path, func(b *testing.B) { benchGet(b, srv.URL+path) })
	}
}

func BenchmarkBareHandler(b *testing.B) {
	url, stop, err := bareServer()
	if err != nil {
		b.Fatal(err)
	}
	defer stop()
	b.Run("GET /", func(b *testing.B) { benchGet(b, url) })
}

// benchGet sends b.N GET requests to url from benchClients goroutines sharing one client.
func benchGet(b *testing.B, url string) {
	tr := &http.Transport{MaxIdleConns: 2 * benchClients, MaxIdleConnsPerHost: 2 * benchClients, DisableCompression: true}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr}
	get := func() error {
		resp, err := client.Get(url)
		if err != nil {
			return err
		}
		_, err = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if err == nil && resp.StatusCode != http.StatusOK {
			err = fmt.Errorf("status %d", resp.StatusCode)
		}
		return err
	}
	if err := get(); err != nil { // warm the connection and the template escaping
		b.Fatalf("GET %s: %v", url, err)
	}
	// RunParallel starts parallelism × GOMAXPROCS goroutines.
	b.SetParallelism(max(1, benchClients/runtime.GOMAXPROCS(0)))
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := get(); err != nil {
				b.Errorf("GET %s: %v", url, err)
				return
			}
		}
	})
}
