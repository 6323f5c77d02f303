package db_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"xaso/internal/db"
	"xaso/internal/db/dbtest"
)

// Calls of one key that arrive together share a transaction; a failing call gets its own error
// and leaves nothing, every other call commits; rows and work deferred to the commit are written
// once per transaction, in the order first deferred.
func TestTxGroup(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		for _, q := range []string{`CREATE TABLE grp_parent (k TEXT PRIMARY KEY)`,
			`CREATE TABLE grp_child (k TEXT PRIMARY KEY, parent TEXT NOT NULL REFERENCES grp_parent(k))`} {
			if _, err := d.Exec(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		// run makes n calls, the first holding its transaction until the others are queued
		// behind it; the call numbered fail returns an error. It returns each call's error and
		// how many transactions reached their commit.
		run := func(prefix string, n, fail int) ([]error, int64) {
			var txs atomic.Int64
			entered, release := make(chan struct{}), make(chan struct{})
			call := func(i int) error {
				return d.TxGroup(ctx, "xã-1", func(tx *db.Tx) error {
					if i == 0 {
						close(entered)
						<-release
					}
					tx.Defer("count", func() any { return nil }, func(context.Context, *db.Tx, any) error { txs.Add(1); return nil })
					k := fmt.Sprintf("%s%02d", prefix, i)
					// The parent is deferred before its child, so it goes first at the commit.
					db.DeferRows(tx, "grp_parent", []string{"k"}, "", []any{k})
					db.DeferRows(tx, "grp_child", []string{"k", "parent"}, "", []any{"c" + k, k})
					if i == fail {
						return errors.New("hồ sơ sai")
					}
					return nil
				})
			}
			results := make([]error, n)
			var wg sync.WaitGroup
			wg.Add(1)
			go func() { defer wg.Done(); results[0] = call(0) }()
			<-entered
			for i := 1; i < n; i++ {
				wg.Add(1)
				go func() { defer wg.Done(); results[i] = call(i) }()
			}
			time.Sleep(200 * time.Millisecond) // let the others queue behind call 0
			close(release)
			wg.Wait()
			return results, txs.Load()
		}
		count := func(q string) int {
			var n int
			if err := d.QueryRow(ctx, q).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}

		const n = 20
		results, txs := run("a", n, -1)
		for i, err := range results {
			if err != nil {
				t.Errorf("call %d: %v", i, err)
			}
		}
		if p, c := count(`SELECT COUNT(*) FROM grp_parent WHERE k LIKE 'a%'`), count(`SELECT COUNT(*) FROM grp_child WHERE k LIKE 'ca%'`); p != n || c != n {
			t.Fatalf("%d parents and %d children for %d calls", p, c, n)
		}
		if txs >= n/2 {
			t.Fatalf("%d transactions for %d calls queued together: they were not grouped", txs, n)
		}
		t.Logf("%d calls in %d transactions", n, txs)

		results, _ = run("b", n, 7)
		for i, err := range results {
			if (i == 7) != (err != nil) || (i == 7 && err.Error() != "hồ sơ sai") {
				t.Errorf("call %d with call 7 failing: %v", i, err)
			}
		}
		if p, c, seven := count(`SELECT COUNT(*) FROM grp_parent WHERE k LIKE 'b%'`), count(`SELECT COUNT(*) FROM grp_child WHERE k LIKE 'cb%'`),
			count(`SELECT COUNT(*) FROM grp_parent WHERE k = 'b07'`); p != n-1 || c != n-1 || seven != 0 {
			t.Fatalf("%d parents, %d children (want %d each), the failed call's row %d times", p, c, n-1, seven)
		}
	})
}

// A call that panics (a bug) leaves neither the calls grouped with it waiting nor its key
// without a leader: they get an error, and the next call of the key runs.
func TestTxGroupSurvivesAPanic(t *testing.T) {
	d := dbtest.SQLite(t)
	ctx := context.Background()
	entered, release := make(chan struct{}), make(chan struct{})
	var wg sync.WaitGroup
	var panicked any
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer func() { panicked = recover() }()
		d.TxGroup(ctx, "k", func(tx *db.Tx) error {
			close(entered)
			<-release
			panic("lỗi lập trình")
		})
	}()
	<-entered
	waiting := make(chan error, 3)
	for range 3 {
		go func() { waiting <- d.TxGroup(ctx, "k", func(tx *db.Tx) error { return nil }) }()
	}
	time.Sleep(100 * time.Millisecond) // let them queue behind the first
	close(release)
	wg.Wait()
	if panicked != "lỗi lập trình" {
		t.Fatalf("the panic was not passed on: %v", panicked)
	}
	for range 3 {
		select {
		case <-waiting: // an error if grouped with the panic, nil if it ran after
		case <-time.After(10 * time.Second):
			t.Fatal("a call queued behind a panic never returned")
		}
	}
	if err := d.TxGroup(ctx, "k", func(tx *db.Tx) error { return nil }); err != nil {
		t.Fatalf("the key no longer runs: %v", err)
	}
}
