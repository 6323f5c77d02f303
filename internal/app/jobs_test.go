package app_test

import (
	"context"
	"io"
	"log/slog"
	"slices"
	"sync"
	"testing"

	"xaso/internal/app"
	"xaso/internal/db"
	"xaso/internal/db/dbtest"
)

// Two xaso processes on one database tick together: each periodic job runs in one of them.
func TestTwoServersRunEachJobOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		second, err := app.New(context.Background(), app.Options{DB: d, DataDir: t.TempDir(), Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
			Hasher: testHasher})
		if err != nil {
			t.Fatal(err)
		}
		for _, hourly := range []bool{false, true} {
			var mu sync.Mutex
			var ran []string
			var wg sync.WaitGroup
			for _, a := range []*app.App{f.a, second, f.a, second} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					jobs := a.RunJobs(context.Background(), hourly)
					mu.Lock()
					ran = append(ran, jobs...)
					mu.Unlock()
				}()
			}
			wg.Wait()
			slices.Sort(ran)
			want := []string{"booking.reminders", "onestop.flag_late"}
			if hourly {
				want = []string{"audit.anchor", "auth.purge_sessions"}
			}
			if !slices.Equal(ran, want) {
				t.Errorf("hourly %v: the jobs ran %v, want each once: %v", hourly, ran, want)
			}
		}
	})
}

// The public page of the signed audit heads renders for a visitor, and the hourly job signs
// the heads into the data directory's file when the audit log is sealed.
func TestAuditHeadsPage(t *testing.T) {
	f := newFixture(t, dbtest.SQLite(t))
	f.a.RunJobs(context.Background(), true)
	checkPage(f, f.client(""), "GET", "/nhat-ky-kiem-toan", nil, 200, "xaso audit verify")
	checkPage(f, f.client(""), "GET", "/nhat-ky-kiem-toan.json", nil, 200)
}
